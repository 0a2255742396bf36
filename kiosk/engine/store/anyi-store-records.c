/* anyi-store-records.c: the kiosk's records: cases, handoffs, print jobs,
 * device events, audit log, consumables, staff, and the retention purge. */
#include "anyi-store-sql.h"

#include <string.h>

#define BIND_TEXT(stmt, i, s) sqlite3_bind_text(stmt, i, s, -1, SQLITE_TRANSIENT)

gboolean
store_step_done(AnyiStore *store, sqlite3_stmt *stmt, const char *what, GError **error)
{
  int rc = sqlite3_step(stmt);

  sqlite3_reset(stmt);
  if (rc == SQLITE_DONE)
    return TRUE;
  return store_fail(store, error, what);
}

char *
store_column_dup(sqlite3_stmt *stmt, int column)
{
  return g_strdup((const char *)sqlite3_column_text(stmt, column));
}

/* Steps @stmt to its end, mapping each row with @row; NULL and @error set if
 * SQLite fails part way (what was read is dropped). */
static GPtrArray *
store_collect(AnyiStore *store, sqlite3_stmt *stmt, gpointer (*row)(sqlite3_stmt *stmt),
              GDestroyNotify free_row, const char *what, GError **error)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func(free_row);
  int rc;

  while ((rc = sqlite3_step(stmt)) == SQLITE_ROW)
    g_ptr_array_add(rows, row(stmt));
  sqlite3_reset(stmt);
  if (rc != SQLITE_DONE) {
    store_fail(store, error, what);
    return NULL;
  }
  return g_steal_pointer(&rows);
}

/* Steps @stmt for at most one row, handing it to @read. TRUE when there was
 * one; FALSE with NOT_FOUND (naming @what and @key) or the SQLite error. */
static gboolean
store_read_one(AnyiStore *store, sqlite3_stmt *stmt, void (*read)(sqlite3_stmt *, gpointer),
               gpointer out, const char *what, const char *key, GError **error)
{
  int rc = sqlite3_step(stmt);

  if (rc == SQLITE_ROW)
    read(stmt, out);
  sqlite3_reset(stmt);
  if (rc == SQLITE_ROW)
    return TRUE;
  if (rc == SQLITE_DONE)
    g_set_error(error, ANYI_STORE_ERROR, ANYI_STORE_ERROR_NOT_FOUND, "no %s %s", what, key);
  else
    store_fail(store, error, what);
  return FALSE;
}

/* ---- cases ---- */

void
anyi_stored_case_free(AnyiStoredCase *stored)
{
  if (!stored)
    return;
  g_free(stored->number);
  g_free(stored->service_id);
  g_free(stored->state);
  g_free(stored->data_json);
  g_free(stored);
}

#define CASE_COLUMNS "id, number, service_id, state, data, created_at, updated_at"

static gpointer
case_from_row(sqlite3_stmt *stmt)
{
  AnyiStoredCase *stored = g_new0(AnyiStoredCase, 1);

  stored->id = sqlite3_column_int64(stmt, 0);
  stored->number = store_column_dup(stmt, 1);
  stored->service_id = store_column_dup(stmt, 2);
  stored->state = store_column_dup(stmt, 3);
  stored->data_json = store_column_dup(stmt, 4);
  stored->created_at = sqlite3_column_int64(stmt, 5);
  stored->updated_at = sqlite3_column_int64(stmt, 6);
  return stored;
}

static AnyiStoredCase *
case_query_one(AnyiStore *store, sqlite3_stmt *stmt, const char *key, GError **error)
{
  int rc = sqlite3_step(stmt);
  AnyiStoredCase *stored = NULL;

  if (rc == SQLITE_ROW)
    stored = case_from_row(stmt);
  else if (rc == SQLITE_DONE)
    g_set_error(error, ANYI_STORE_ERROR, ANYI_STORE_ERROR_NOT_FOUND, "no case %s", key);
  else
    store_fail(store, error, "read case");
  sqlite3_reset(stmt);
  return stored;
}

AnyiStoredCase *
anyi_store_case_get(AnyiStore *store, gint64 case_id, GError **error)
{
  sqlite3_stmt *stmt =
      store_prepare(store, "SELECT " CASE_COLUMNS " FROM cases WHERE id = ?", error);
  g_autofree char *key = g_strdup_printf("#%" G_GINT64_FORMAT, case_id);

  if (!stmt)
    return NULL;
  sqlite3_bind_int64(stmt, 1, case_id);
  return case_query_one(store, stmt, key, error);
}

AnyiStoredCase *
anyi_store_case_find(AnyiStore *store, const char *number, GError **error)
{
  sqlite3_stmt *stmt =
      store_prepare(store, "SELECT " CASE_COLUMNS " FROM cases WHERE number = ?", error);

  if (!stmt)
    return NULL;
  BIND_TEXT(stmt, 1, number);
  return case_query_one(store, stmt, number, error);
}

static gboolean
insert_event(AnyiStore *store, gint64 case_id, const char *event, const char *from, const char *to,
             const char *detail, GError **error)
{
  sqlite3_stmt *stmt = store_prepare(store,
                                     "INSERT INTO case_events (case_id, at, event, state_from, "
                                     "state_to, detail) VALUES (?, ?, ?, ?, ?, ?)",
                                     error);
  if (!stmt)
    return FALSE;
  sqlite3_bind_int64(stmt, 1, case_id);
  sqlite3_bind_int64(stmt, 2, store_now(store));
  BIND_TEXT(stmt, 3, event);
  BIND_TEXT(stmt, 4, from);
  BIND_TEXT(stmt, 5, to);
  BIND_TEXT(stmt, 6, detail);
  return store_step_done(store, stmt, "insert case event", error);
}

static char *
next_case_number(AnyiStore *store, char kiosk_letter, GError **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_from_unix_local(store_now(store));
  g_autofree char *day = g_date_time_format(now, "%m%d");
  g_autofree char *pattern = g_strdup_printf("%s-%c%%", day, kiosk_letter);
  sqlite3_stmt *stmt =
      store_prepare(store, "SELECT COUNT(*) FROM cases WHERE number LIKE ?", error);
  int taken;

  if (!stmt)
    return NULL;
  BIND_TEXT(stmt, 1, pattern);
  if (sqlite3_step(stmt) != SQLITE_ROW) {
    store_fail(store, error, "count today's cases");
    return NULL;
  }
  taken = sqlite3_column_int(stmt, 0);
  sqlite3_reset(stmt);
  return g_strdup_printf("%s-%c%03d", day, kiosk_letter, taken + 1);
}

AnyiStoredCase *
anyi_store_case_create(AnyiStore *store, const char *service_id, char kiosk_letter,
                       const char *state, GError **error)
{
  g_autofree char *number = NULL;
  sqlite3_stmt *stmt;
  gint64 id;

  if (!store_begin(store, error))
    return NULL;
  number = next_case_number(store, kiosk_letter, error);
  stmt = number ? store_prepare(store,
                                "INSERT INTO cases (number, service_id, state, created_at, "
                                "updated_at) VALUES (?, ?, ?, ?, ?)",
                                error)
                : NULL;
  if (!stmt)
    goto fail;
  BIND_TEXT(stmt, 1, number);
  BIND_TEXT(stmt, 2, service_id);
  BIND_TEXT(stmt, 3, state);
  sqlite3_bind_int64(stmt, 4, store_now(store));
  sqlite3_bind_int64(stmt, 5, store_now(store));
  if (!store_step_done(store, stmt, "insert case", error))
    goto fail;
  id = sqlite3_last_insert_rowid(store->db);
  if (!insert_event(store, id, "created", NULL, state, service_id, error) ||
      !store_commit(store, error))
    goto fail;
  return anyi_store_case_get(store, id, error);
fail:
  store_rollback(store);
  return NULL;
}

static gboolean
update_case_state(AnyiStore *store, gint64 case_id, const char *from, const char *to,
                  const char *data_json, GError **error)
{
  sqlite3_stmt *stmt = store_prepare(store,
                                     "UPDATE cases SET state = ?, data = coalesce(?, data), "
                                     "updated_at = ? WHERE id = ? AND state = ?",
                                     error);
  if (!stmt)
    return FALSE;
  BIND_TEXT(stmt, 1, to);
  BIND_TEXT(stmt, 2, data_json);
  sqlite3_bind_int64(stmt, 3, store_now(store));
  sqlite3_bind_int64(stmt, 4, case_id);
  BIND_TEXT(stmt, 5, from);
  if (!store_step_done(store, stmt, "update case", error))
    return FALSE;
  if (sqlite3_changes(store->db) == 1)
    return TRUE;
  g_set_error(error, ANYI_STORE_ERROR, ANYI_STORE_ERROR_CONFLICT,
              "case #%" G_GINT64_FORMAT " is not in state %s", case_id, from);
  return FALSE;
}

gboolean
anyi_store_case_transition(AnyiStore *store, gint64 case_id, const char *from, const char *to,
                           const char *event, const char *detail, const char *data_json,
                           GError **error)
{
  if (!store_begin(store, error))
    return FALSE;
  if (update_case_state(store, case_id, from, to, data_json, error) &&
      insert_event(store, case_id, event, from, to, detail, error) && store_commit(store, error))
    return TRUE;
  store_rollback(store);
  return FALSE;
}

gboolean
anyi_store_case_note(AnyiStore *store, gint64 case_id, const char *event, const char *detail,
                     GError **error)
{
  return insert_event(store, case_id, event, NULL, NULL, detail, error);
}

GPtrArray *
anyi_store_cases_unfinished(AnyiStore *store, const char *const *final_states, GError **error)
{
  sqlite3_stmt *stmt =
      store_prepare(store, "SELECT " CASE_COLUMNS " FROM cases ORDER BY id", error);
  g_autoptr(GPtrArray) cases =
      g_ptr_array_new_with_free_func((GDestroyNotify)anyi_stored_case_free);
  int rc;

  if (!stmt)
    return NULL;
  while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
    AnyiStoredCase *stored = case_from_row(stmt);
    if (g_strv_contains(final_states, stored->state))
      anyi_stored_case_free(stored);
    else
      g_ptr_array_add(cases, stored);
  }
  sqlite3_reset(stmt);
  if (rc != SQLITE_DONE) {
    store_fail(store, error, "list cases");
    return NULL;
  }
  return g_steal_pointer(&cases);
}

GPtrArray *
anyi_store_cases_recent(AnyiStore *store, int limit, GError **error)
{
  sqlite3_stmt *stmt =
      store_prepare(store, "SELECT " CASE_COLUMNS " FROM cases ORDER BY id DESC LIMIT ?", error);

  if (!stmt)
    return NULL;
  sqlite3_bind_int(stmt, 1, limit);
  return store_collect(store, stmt, case_from_row, (GDestroyNotify)anyi_stored_case_free,
                       "list recent cases", error);
}

static gpointer
event_from_row(sqlite3_stmt *stmt)
{
  return g_strdup_printf("%s\t%s\t%s\t%s", sqlite3_column_text(stmt, 0),
                         sqlite3_column_text(stmt, 1), sqlite3_column_text(stmt, 2),
                         sqlite3_column_text(stmt, 3));
}

GPtrArray *
anyi_store_case_events(AnyiStore *store, gint64 case_id, GError **error)
{
  sqlite3_stmt *stmt = store_prepare(store,
                                     "SELECT event, coalesce(state_from, ''), coalesce(state_to, "
                                     "''), coalesce(detail, '') FROM case_events WHERE case_id = "
                                     "? ORDER BY id",
                                     error);

  if (!stmt)
    return NULL;
  sqlite3_bind_int64(stmt, 1, case_id);
  return store_collect(store, stmt, event_from_row, g_free, "list case events", error);
}

/* ---- handoffs ---- */

void
anyi_stored_handoff_free(AnyiStoredHandoff *handoff)
{
  if (!handoff)
    return;
  g_free(handoff->reason);
  g_free(handoff->window);
  g_free(handoff->summary_json);
  g_free(handoff->status);
  g_free(handoff);
}

gboolean
anyi_store_case_hand_off(AnyiStore *store, gint64 case_id, const char *from, const char *reason,
                         const char *window, const char *summary_json, gint64 *handoff_id,
                         GError **error)
{
  sqlite3_stmt *stmt;

  if (!store_begin(store, error))
    return FALSE;
  if (!update_case_state(store, case_id, from, "handed-off", NULL, error) ||
      !insert_event(store, case_id, "handoff", from, "handed-off", reason, error))
    goto fail;
  stmt = store_prepare(store,
                       "INSERT INTO handoffs (case_id, reason, window, summary, created_at) "
                       "VALUES (?, ?, ?, ?, ?)",
                       error);
  if (!stmt)
    goto fail;
  sqlite3_bind_int64(stmt, 1, case_id);
  BIND_TEXT(stmt, 2, reason);
  BIND_TEXT(stmt, 3, window);
  BIND_TEXT(stmt, 4, summary_json ? summary_json : "{}");
  sqlite3_bind_int64(stmt, 5, store_now(store));
  if (!store_step_done(store, stmt, "insert handoff", error))
    goto fail;
  if (handoff_id)
    *handoff_id = sqlite3_last_insert_rowid(store->db);
  if (store_commit(store, error))
    return TRUE;
fail:
  store_rollback(store);
  return FALSE;
}

#define HANDOFF_COLUMNS "id, case_id, reason, window, summary, status, created_at"

static gpointer
handoff_from_row(sqlite3_stmt *stmt)
{
  AnyiStoredHandoff *handoff = g_new0(AnyiStoredHandoff, 1);

  handoff->id = sqlite3_column_int64(stmt, 0);
  handoff->case_id = sqlite3_column_int64(stmt, 1);
  handoff->reason = store_column_dup(stmt, 2);
  handoff->window = store_column_dup(stmt, 3);
  handoff->summary_json = store_column_dup(stmt, 4);
  handoff->status = store_column_dup(stmt, 5);
  handoff->created_at = sqlite3_column_int64(stmt, 6);
  return handoff;
}

AnyiStoredHandoff *
anyi_store_handoff_for_case(AnyiStore *store, gint64 case_id, GError **error)
{
  sqlite3_stmt *stmt =
      store_prepare(store, "SELECT " HANDOFF_COLUMNS " FROM handoffs WHERE case_id = ?", error);
  AnyiStoredHandoff *handoff = NULL;
  int rc;

  if (!stmt)
    return NULL;
  sqlite3_bind_int64(stmt, 1, case_id);
  rc = sqlite3_step(stmt);
  if (rc == SQLITE_ROW)
    handoff = handoff_from_row(stmt);
  else if (rc == SQLITE_DONE)
    g_set_error(error, ANYI_STORE_ERROR, ANYI_STORE_ERROR_NOT_FOUND,
                "case #%" G_GINT64_FORMAT " has no handoff", case_id);
  else
    store_fail(store, error, "read handoff");
  sqlite3_reset(stmt);
  return handoff;
}

GPtrArray *
anyi_store_handoffs_open(AnyiStore *store, GError **error)
{
  sqlite3_stmt *stmt = store_prepare(
      store, "SELECT " HANDOFF_COLUMNS " FROM handoffs WHERE status = 'open' ORDER BY id", error);

  return stmt ? store_collect(store, stmt, handoff_from_row,
                              (GDestroyNotify)anyi_stored_handoff_free, "list handoffs", error)
              : NULL;
}

/* ---- print jobs ---- */

void
anyi_stored_print_job_free(AnyiStoredPrintJob *job)
{
  if (!job)
    return;
  g_free(job->role);
  g_free(job->template_name);
  g_free(job->document_path);
  g_free(job->state);
  g_free(job->detail);
  g_free(job);
}

gboolean
anyi_store_print_job_add(AnyiStore *store, gint64 case_id, const char *role,
                         const char *template_name, const char *document_path, gint64 *job_id,
                         GError **error)
{
  sqlite3_stmt *stmt = store_prepare(store,
                                     "INSERT INTO print_jobs (case_id, role, template, "
                                     "document_path, created_at, updated_at) VALUES (?, ?, ?, ?, "
                                     "?, ?)",
                                     error);
  if (!stmt)
    return FALSE;
  if (case_id > 0)
    sqlite3_bind_int64(stmt, 1, case_id);
  BIND_TEXT(stmt, 2, role);
  BIND_TEXT(stmt, 3, template_name);
  BIND_TEXT(stmt, 4, document_path);
  sqlite3_bind_int64(stmt, 5, store_now(store));
  sqlite3_bind_int64(stmt, 6, store_now(store));
  if (!store_step_done(store, stmt, "insert print job", error))
    return FALSE;
  if (job_id)
    *job_id = sqlite3_last_insert_rowid(store->db);
  return TRUE;
}

gboolean
anyi_store_print_job_update(AnyiStore *store, gint64 job_id, const char *state, int cups_job_id,
                            const char *detail, GError **error)
{
  sqlite3_stmt *stmt = store_prepare(store,
                                     "UPDATE print_jobs SET state = ?, cups_job_id = ?, detail = "
                                     "?, updated_at = ? WHERE id = ?",
                                     error);
  if (!stmt)
    return FALSE;
  BIND_TEXT(stmt, 1, state);
  sqlite3_bind_int(stmt, 2, cups_job_id);
  BIND_TEXT(stmt, 3, detail);
  sqlite3_bind_int64(stmt, 4, store_now(store));
  sqlite3_bind_int64(stmt, 5, job_id);
  return store_step_done(store, stmt, "update print job", error);
}

#define JOB_COLUMNS                                                                                \
  "id, coalesce(case_id, 0), role, template, document_path, state, cups_job_id, detail"

static gpointer
job_from_row(sqlite3_stmt *stmt)
{
  AnyiStoredPrintJob *job = g_new0(AnyiStoredPrintJob, 1);

  job->id = sqlite3_column_int64(stmt, 0);
  job->case_id = sqlite3_column_int64(stmt, 1);
  job->role = store_column_dup(stmt, 2);
  job->template_name = store_column_dup(stmt, 3);
  job->document_path = store_column_dup(stmt, 4);
  job->state = store_column_dup(stmt, 5);
  job->cups_job_id = sqlite3_column_int(stmt, 6);
  job->detail = store_column_dup(stmt, 7);
  return job;
}

static GPtrArray *
jobs_query(AnyiStore *store, sqlite3_stmt *stmt, GError **error)
{
  return store_collect(store, stmt, job_from_row, (GDestroyNotify)anyi_stored_print_job_free,
                       "list print jobs", error);
}

AnyiStoredPrintJob *
anyi_store_print_job_get(AnyiStore *store, gint64 job_id, GError **error)
{
  sqlite3_stmt *stmt =
      store_prepare(store, "SELECT " JOB_COLUMNS " FROM print_jobs WHERE id = ?", error);
  g_autoptr(GPtrArray) jobs = NULL;

  if (!stmt)
    return NULL;
  sqlite3_bind_int64(stmt, 1, job_id);
  jobs = jobs_query(store, stmt, error);
  if (jobs && jobs->len == 1)
    return g_ptr_array_steal_index(jobs, 0);
  if (jobs)
    g_set_error(error, ANYI_STORE_ERROR, ANYI_STORE_ERROR_NOT_FOUND,
                "no print job #%" G_GINT64_FORMAT, job_id);
  return NULL;
}

GPtrArray *
anyi_store_print_jobs_for_case(AnyiStore *store, gint64 case_id, GError **error)
{
  sqlite3_stmt *stmt = store_prepare(
      store, "SELECT " JOB_COLUMNS " FROM print_jobs WHERE case_id = ? ORDER BY id", error);

  if (!stmt)
    return NULL;
  sqlite3_bind_int64(stmt, 1, case_id);
  return jobs_query(store, stmt, error);
}

GPtrArray *
anyi_store_print_jobs_unsettled(AnyiStore *store, GError **error)
{
  sqlite3_stmt *stmt =
      store_prepare(store,
                    "SELECT " JOB_COLUMNS " FROM print_jobs WHERE state NOT IN "
                    "('printed', 'failed', 'uncertain', 'not-printed') ORDER BY id",
                    error);
  return stmt ? jobs_query(store, stmt, error) : NULL;
}

/* ---- device events and audit ---- */

gboolean
anyi_store_device_event_add(AnyiStore *store, const char *device, const char *kind,
                            const char *detail, GError **error)
{
  sqlite3_stmt *stmt = store_prepare(
      store, "INSERT INTO device_events (at, device, kind, detail) VALUES (?, ?, ?, ?)", error);

  if (!stmt)
    return FALSE;
  sqlite3_bind_int64(stmt, 1, store_now(store));
  BIND_TEXT(stmt, 2, device);
  BIND_TEXT(stmt, 3, kind);
  BIND_TEXT(stmt, 4, detail);
  return store_step_done(store, stmt, "insert device event", error);
}

void
anyi_audit_entry_free(AnyiAuditEntry *entry)
{
  if (!entry)
    return;
  g_free(entry->actor);
  g_free(entry->action);
  g_free(entry->subject);
  g_free(entry->detail);
  g_free(entry);
}

gboolean
anyi_store_audit_add(AnyiStore *store, const char *actor, const char *action, const char *subject,
                     const char *detail, GError **error)
{
  sqlite3_stmt *stmt = store_prepare(
      store, "INSERT INTO audit_log (at, actor, action, subject, detail) VALUES (?, ?, ?, ?, ?)",
      error);

  if (!stmt)
    return FALSE;
  sqlite3_bind_int64(stmt, 1, store_now(store));
  BIND_TEXT(stmt, 2, actor);
  BIND_TEXT(stmt, 3, action);
  BIND_TEXT(stmt, 4, subject);
  BIND_TEXT(stmt, 5, detail);
  return store_step_done(store, stmt, "insert audit entry", error);
}

static gpointer
audit_from_row(sqlite3_stmt *stmt)
{
  AnyiAuditEntry *entry = g_new0(AnyiAuditEntry, 1);

  entry->id = sqlite3_column_int64(stmt, 0);
  entry->at = sqlite3_column_int64(stmt, 1);
  entry->actor = store_column_dup(stmt, 2);
  entry->action = store_column_dup(stmt, 3);
  entry->subject = store_column_dup(stmt, 4);
  entry->detail = store_column_dup(stmt, 5);
  return entry;
}

GPtrArray *
anyi_store_audit_list(AnyiStore *store, gint64 since, int limit, GError **error)
{
  sqlite3_stmt *stmt = store_prepare(store,
                                     "SELECT id, at, actor, action, subject, detail FROM "
                                     "audit_log WHERE at >= ? ORDER BY at DESC, id DESC LIMIT ?",
                                     error);

  if (!stmt)
    return NULL;
  sqlite3_bind_int64(stmt, 1, since);
  sqlite3_bind_int(stmt, 2, limit);
  return store_collect(store, stmt, audit_from_row, (GDestroyNotify)anyi_audit_entry_free,
                       "list audit log", error);
}

/* ---- consumables and staff ---- */

gboolean
anyi_store_consumable_set(AnyiStore *store, const char *name, int level, int capacity,
                          const char *by, GError **error)
{
  sqlite3_stmt *stmt = store_prepare(store,
                                     "INSERT INTO consumables (name, level, capacity, updated_at, "
                                     "updated_by) VALUES (?, ?, ?, ?, ?) ON CONFLICT(name) DO "
                                     "UPDATE SET level = excluded.level, capacity = "
                                     "excluded.capacity, updated_at = excluded.updated_at, "
                                     "updated_by = excluded.updated_by",
                                     error);
  if (!stmt)
    return FALSE;
  BIND_TEXT(stmt, 1, name);
  sqlite3_bind_int(stmt, 2, level);
  sqlite3_bind_int(stmt, 3, capacity);
  sqlite3_bind_int64(stmt, 4, store_now(store));
  BIND_TEXT(stmt, 5, by);
  return store_step_done(store, stmt, "set consumable", error);
}

typedef struct {
  int *level;
  int *capacity;
} ConsumableOut;

static void
read_consumable(sqlite3_stmt *stmt, gpointer data)
{
  ConsumableOut *out = data;

  *out->level = sqlite3_column_int(stmt, 0);
  *out->capacity = sqlite3_column_int(stmt, 1);
}

gboolean
anyi_store_consumable_get(AnyiStore *store, const char *name, int *level, int *capacity,
                          GError **error)
{
  sqlite3_stmt *stmt =
      store_prepare(store, "SELECT level, capacity FROM consumables WHERE name = ?", error);
  ConsumableOut out = {level, capacity};

  if (!stmt)
    return FALSE;
  BIND_TEXT(stmt, 1, name);
  return store_read_one(store, stmt, read_consumable, &out, "consumable", name, error);
}

gboolean
anyi_store_staff_add(AnyiStore *store, const char *login, const char *display_name,
                     const char *role, const char *password_hash, GError **error)
{
  sqlite3_stmt *stmt = store_prepare(store,
                                     "INSERT INTO staff (login, display_name, role, "
                                     "password_hash, created_at) VALUES (?, ?, ?, ?, ?)",
                                     error);
  if (!stmt)
    return FALSE;
  BIND_TEXT(stmt, 1, login);
  BIND_TEXT(stmt, 2, display_name);
  BIND_TEXT(stmt, 3, role);
  BIND_TEXT(stmt, 4, password_hash);
  sqlite3_bind_int64(stmt, 5, store_now(store));
  return store_step_done(store, stmt, "insert staff", error);
}

typedef struct {
  char **password_hash;
  char **role;
} StaffOut;

static void
read_staff(sqlite3_stmt *stmt, gpointer data)
{
  StaffOut *out = data;

  *out->password_hash = store_column_dup(stmt, 0);
  *out->role = store_column_dup(stmt, 1);
}

gboolean
anyi_store_staff_lookup(AnyiStore *store, const char *login, char **password_hash, char **role,
                        GError **error)
{
  sqlite3_stmt *stmt = store_prepare(
      store, "SELECT password_hash, role FROM staff WHERE login = ? AND disabled = 0", error);
  StaffOut out = {password_hash, role};

  if (!stmt)
    return FALSE;
  BIND_TEXT(stmt, 1, login);
  return store_read_one(store, stmt, read_staff, &out, "staff member", login, error);
}

void
anyi_staff_member_free(AnyiStaffMember *member)
{
  if (!member)
    return;
  g_free(member->login);
  g_free(member->display_name);
  g_free(member->role);
  g_free(member->password_hash);
  g_free(member);
}

#define STAFF_COLUMNS "login, display_name, role, password_hash, disabled"

static gpointer
staff_from_row(sqlite3_stmt *stmt)
{
  AnyiStaffMember *member = g_new0(AnyiStaffMember, 1);

  member->login = store_column_dup(stmt, 0);
  member->display_name = store_column_dup(stmt, 1);
  member->role = store_column_dup(stmt, 2);
  member->password_hash = store_column_dup(stmt, 3);
  member->disabled = sqlite3_column_int(stmt, 4) != 0;
  return member;
}

static void
read_staff_member(sqlite3_stmt *stmt, gpointer data)
{
  *(AnyiStaffMember **)data = staff_from_row(stmt);
}

AnyiStaffMember *
anyi_store_staff_get(AnyiStore *store, const char *login, GError **error)
{
  sqlite3_stmt *stmt =
      store_prepare(store, "SELECT " STAFF_COLUMNS " FROM staff WHERE login = ?", error);
  AnyiStaffMember *member = NULL;

  if (!stmt)
    return NULL;
  BIND_TEXT(stmt, 1, login);
  if (!store_read_one(store, stmt, read_staff_member, &member, "staff member", login, error))
    return NULL;
  return member;
}

GPtrArray *
anyi_store_staff_list(AnyiStore *store, GError **error)
{
  sqlite3_stmt *stmt =
      store_prepare(store, "SELECT " STAFF_COLUMNS " FROM staff ORDER BY login", error);

  if (!stmt)
    return NULL;
  return store_collect(store, stmt, staff_from_row, (GDestroyNotify)anyi_staff_member_free,
                       "list staff", error);
}

gboolean
anyi_store_staff_disable(AnyiStore *store, const char *login, GError **error)
{
  sqlite3_stmt *stmt = store_prepare(store, "UPDATE staff SET disabled = 1 WHERE login = ?", error);

  if (!stmt)
    return FALSE;
  BIND_TEXT(stmt, 1, login);
  if (!store_step_done(store, stmt, "disable staff", error))
    return FALSE;
  if (sqlite3_changes(store->db) == 1)
    return TRUE;
  g_set_error(error, ANYI_STORE_ERROR, ANYI_STORE_ERROR_NOT_FOUND, "no staff member %s", login);
  return FALSE;
}

GPtrArray *
anyi_store_audit_list_by(AnyiStore *store, const char *actor, const char *action, gint64 since,
                         int limit, GError **error)
{
  sqlite3_stmt *stmt = store_prepare(store,
                                     "SELECT id, at, actor, action, subject, detail FROM audit_log "
                                     "WHERE actor = ? AND action = ? AND at >= ? "
                                     "ORDER BY at DESC, id DESC LIMIT ?",
                                     error);

  if (!stmt)
    return NULL;
  BIND_TEXT(stmt, 1, actor);
  BIND_TEXT(stmt, 2, action);
  sqlite3_bind_int64(stmt, 3, since);
  sqlite3_bind_int(stmt, 4, limit);
  return store_collect(store, stmt, audit_from_row, (GDestroyNotify)anyi_audit_entry_free,
                       "list audit log by actor and action", error);
}

gint64
anyi_store_now(AnyiStore *store)
{
  return store_now(store);
}

/* ---- retention ---- */

static char *
sql_in_list(const char *const *values)
{
  GString *list = g_string_new("(");

  for (int i = 0; values[i]; i++)
    g_string_append(list, i ? ", ?" : "?");
  g_string_append(list, ")");
  return g_string_free(list, FALSE);
}

static gboolean
purge_step(AnyiStore *store, const char *sql, gint64 before, const char *const *final_states,
           gint64 *changed, GError **error)
{
  /* The statement text depends on how many final states there are; it is
   * prepared on the spot rather than cached, as a purge runs once a day. */
  sqlite3_stmt *stmt = NULL;
  int rc;

  if (sqlite3_prepare_v2(store->db, sql, -1, &stmt, NULL) != SQLITE_OK)
    return store_fail(store, error, "prepare purge");
  sqlite3_bind_int64(stmt, 1, before);
  for (int i = 0; final_states && final_states[i]; i++)
    BIND_TEXT(stmt, i + 2, final_states[i]);
  rc = sqlite3_step(stmt);
  sqlite3_finalize(stmt);
  if (rc != SQLITE_DONE)
    return store_fail(store, error, "purge");
  if (changed)
    *changed = sqlite3_changes(store->db);
  return TRUE;
}

gint64
anyi_store_purge(AnyiStore *store, gint64 before, const char *const *final_states, GError **error)
{
  g_autofree char *in = sql_in_list(final_states);
  g_autofree char *wipe_cases = g_strdup_printf(
      "UPDATE cases SET data = '{}' WHERE updated_at < ? AND data != '{}' AND state IN %s", in);
  g_autofree char *wipe_handoffs = g_strdup_printf(
      "UPDATE handoffs SET summary = '{}' WHERE case_id IN (SELECT id FROM cases WHERE "
      "updated_at < ? AND state IN %s)",
      in);
  g_autofree char *wipe_jobs = g_strdup_printf(
      "UPDATE print_jobs SET document_path = NULL WHERE case_id IN (SELECT id FROM cases WHERE "
      "updated_at < ? AND state IN %s)",
      in);
  gint64 wiped = 0;

  if (!store_begin(store, error))
    return -1;
  if (purge_step(store, wipe_handoffs, before, final_states, NULL, error) &&
      purge_step(store, wipe_jobs, before, final_states, NULL, error) &&
      purge_step(store, wipe_cases, before, final_states, &wiped, error) &&
      purge_step(store, "DELETE FROM audit_log WHERE at < ?", before, NULL, NULL, error) &&
      purge_step(store, "DELETE FROM device_events WHERE at < ?", before, NULL, NULL, error) &&
      store_commit(store, error))
    return wiped;
  store_rollback(store);
  return -1;
}

/* ---- payments ---- */

void
anyi_stored_payment_free(AnyiStoredPayment *payment)
{
  if (!payment)
    return;
  g_free(payment->idempotency_key);
  g_free(payment->provider);
  g_free(payment->order_id);
  g_free(payment->qr_payload);
  g_free(payment->state);
  g_free(payment);
}

AnyiStoredPayment *
anyi_store_payment_for_case(AnyiStore *store, gint64 case_id, GError **error)
{
  sqlite3_stmt *stmt = store_prepare(store,
                                     "SELECT id, case_id, idempotency_key, provider, amount_fen, "
                                     "order_id, qr_payload, state FROM payments WHERE case_id = ?",
                                     error);
  AnyiStoredPayment *payment = NULL;
  int rc;

  if (!stmt)
    return NULL;
  sqlite3_bind_int64(stmt, 1, case_id);
  rc = sqlite3_step(stmt);
  if (rc == SQLITE_ROW) {
    payment = g_new0(AnyiStoredPayment, 1);
    payment->id = sqlite3_column_int64(stmt, 0);
    payment->case_id = sqlite3_column_int64(stmt, 1);
    payment->idempotency_key = store_column_dup(stmt, 2);
    payment->provider = store_column_dup(stmt, 3);
    payment->amount_fen = sqlite3_column_int64(stmt, 4);
    payment->order_id = store_column_dup(stmt, 5);
    payment->qr_payload = store_column_dup(stmt, 6);
    payment->state = store_column_dup(stmt, 7);
  } else if (rc == SQLITE_DONE) {
    g_set_error(error, ANYI_STORE_ERROR, ANYI_STORE_ERROR_NOT_FOUND,
                "case #%" G_GINT64_FORMAT " has no payment", case_id);
  } else {
    store_fail(store, error, "read payment");
  }
  sqlite3_reset(stmt);
  return payment;
}

AnyiStoredPayment *
anyi_store_payment_open(AnyiStore *store, gint64 case_id, const char *key, const char *provider,
                        gint64 amount_fen, GError **error)
{
  sqlite3_stmt *stmt = store_prepare(store,
                                     "INSERT INTO payments (case_id, idempotency_key, provider, "
                                     "amount_fen, created_at, updated_at) VALUES (?, ?, ?, ?, ?, "
                                     "?) ON CONFLICT(case_id) DO NOTHING",
                                     error);
  if (!stmt)
    return NULL;
  sqlite3_bind_int64(stmt, 1, case_id);
  BIND_TEXT(stmt, 2, key);
  BIND_TEXT(stmt, 3, provider);
  sqlite3_bind_int64(stmt, 4, amount_fen);
  sqlite3_bind_int64(stmt, 5, store_now(store));
  sqlite3_bind_int64(stmt, 6, store_now(store));
  if (!store_step_done(store, stmt, "insert payment", error))
    return NULL;
  return anyi_store_payment_for_case(store, case_id, error);
}

gboolean
anyi_store_payment_update(AnyiStore *store, gint64 case_id, const char *state, const char *order_id,
                          const char *qr_payload, GError **error)
{
  sqlite3_stmt *stmt = store_prepare(store,
                                     "UPDATE payments SET state = ?, order_id = coalesce(?, "
                                     "order_id), qr_payload = coalesce(?, qr_payload), updated_at "
                                     "= ? WHERE case_id = ? AND state != 'paid'",
                                     error);
  if (!stmt)
    return FALSE;
  BIND_TEXT(stmt, 1, state);
  BIND_TEXT(stmt, 2, order_id);
  BIND_TEXT(stmt, 3, qr_payload);
  sqlite3_bind_int64(stmt, 4, store_now(store));
  sqlite3_bind_int64(stmt, 5, case_id);
  if (!store_step_done(store, stmt, "update payment", error))
    return FALSE;
  if (sqlite3_changes(store->db) == 1)
    return TRUE;
  g_set_error(error, ANYI_STORE_ERROR, ANYI_STORE_ERROR_CONFLICT,
              "case #%" G_GINT64_FORMAT " has no open payment", case_id);
  return FALSE;
}
