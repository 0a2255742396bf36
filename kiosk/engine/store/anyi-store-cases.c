/* SPDX-License-Identifier: GPL-3.0-or-later */
/* anyi-store-cases.c: the cases table and each case's history of events
 * (case_events). */
#include "anyi-store-private.h"

#include <glib/gstdio.h>
#include <stdint.h>
#include <string.h>
#include <sys/stat.h>

void
anyi_stored_case_free(AnyiStoredCase *stored)
{
  if (!stored)
    return;
  anyi_secure_free_string(stored->number);
  anyi_secure_free_string(stored->service_id);
  anyi_secure_free_string(stored->state);
  anyi_secure_free_string(stored->data_json);
  g_free(stored);
}

#define CASE_COLUMNS "id, number, service_id, state, data, created_at, updated_at"

static gpointer
case_from_row(AnyiStoreRow *row)
{
  AnyiStoredCase *stored = g_new0(AnyiStoredCase, 1);

  stored->id = anyi_store_row_int64(row);
  stored->number = anyi_store_row_text(row);
  stored->service_id = anyi_store_row_text(row);
  stored->state = anyi_store_row_text(row);
  stored->data_json = anyi_store_row_text(row);
  stored->created_at = anyi_store_row_int64(row);
  stored->updated_at = anyi_store_row_int64(row);
  return stored;
}

AnyiStoredCase *
anyi_store_case_get(AnyiStore *store, gint64 case_id, GError **error)
{
  sqlite3_stmt *stmt =
      anyi_store_prepare(store, "SELECT " CASE_COLUMNS " FROM cases WHERE id = ?", error);

  if (!stmt)
    return NULL;
  /* a case carried to a new database file may have a new id there */
  sqlite3_bind_int64(stmt, 1, anyi_store_case_id_now(store, case_id));
  return anyi_store_read_one(store, stmt, case_from_row, "read case", error,
                             "no case #%" G_GINT64_FORMAT, case_id);
}

AnyiStoredCase *
anyi_store_case_find(AnyiStore *store, const char *number, GError **error)
{
  sqlite3_stmt *stmt =
      anyi_store_prepare(store, "SELECT " CASE_COLUMNS " FROM cases WHERE number = ?", error);

  if (!stmt)
    return NULL;
  anyi_store_bind_text(stmt, 1, number);
  return anyi_store_read_one(store, stmt, case_from_row, "read case", error, "no case %s", number);
}

gboolean
anyi_store_case_event_add(AnyiStore *store, gint64 case_id, const char *event, const char *from,
                          const char *to, const char *detail, GError **error)
{
  sqlite3_stmt *stmt = anyi_store_prepare(store,
                                          "INSERT INTO case_events (case_id, at, event, "
                                          "state_from, state_to, detail) VALUES (?, anyi_now(), "
                                          "?, ?, ?, ?)",
                                          error);
  if (!stmt)
    return FALSE;
  sqlite3_bind_int64(stmt, 1, case_id);
  anyi_store_bind_text(stmt, 2, event);
  anyi_store_bind_text(stmt, 3, from);
  anyi_store_bind_text(stmt, 4, to);
  anyi_store_bind_text(stmt, 5, detail);
  return anyi_store_step_done(store, stmt, "insert case event", error);
}

/* ---- case numbers ----
 *
 * The window and the hall ledger know a case by the kiosk and its number,
 * so a number is never given twice in a day, even when a technician
 * replaces or deletes the database file (the new file has no case of the
 * day). The last number given for each kiosk letter is also kept in a
 * small file of its own next to the database, hidden (a dot name), so that
 * moving "kiosk.db*" aside leaves it: the next number is above both. */

/* Far more than a line per kiosk letter: anything larger is not ours. */
#define NUMBER_MARKS_MAX 4096

static char *
number_marks_path(AnyiStore *store)
{
  g_autofree char *dir = g_path_get_dirname(store->path);
  g_autofree char *base = g_path_get_basename(store->path);
  g_autofree char *name = g_strconcat(".", base, ".case-numbers", NULL);

  return g_build_filename(dir, name, NULL);
}

/* The marks file's lines ("MMDD-K###", one a kiosk letter); NULL when
 * there is none or it cannot be trusted (said in the log). */
static char **
number_marks_read(AnyiStore *store)
{
  g_autofree char *path = number_marks_path(store);
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  GStatBuf st;

  if (g_stat(path, &st) != 0)
    return NULL;
  if (!S_ISREG(st.st_mode) || st.st_size > NUMBER_MARKS_MAX) {
    g_warning("store: %s is not a case-number file (%jd bytes): ignored", path,
              (intmax_t)st.st_size);
    return NULL;
  }
  if (!g_file_get_contents(path, &text, NULL, &error)) {
    g_warning("store: cannot read the last case numbers: %s", error->message);
    return NULL;
  }
  return g_strsplit(text, "\n", 64);
}

/* The number part of the mark of @prefix ("MMDD-K"), 0 when none. */
static int
number_mark_of(char **marks, const char *prefix)
{
  for (guint i = 0; marks && marks[i]; i++) {
    gint64 value = 0;
    if (g_str_has_prefix(marks[i], prefix) &&
        g_ascii_string_to_signed(marks[i] + strlen(prefix), 10, 1, 999999, &value, NULL))
      return (int)value;
  }
  return 0;
}

/* Keeps @number as its letter's mark, durably (written aside, synced and
 * renamed). A failure is only logged: the database has the number too. */
static void
number_mark_keep(AnyiStore *store, const char *number)
{
  g_auto(GStrv) marks = number_marks_read(store);
  g_autofree char *path = number_marks_path(store);
  g_autoptr(GString) text = g_string_new(number);
  g_autoptr(GError) error = NULL;
  const char *letter = number + strlen("MMDD-");

  g_string_append_c(text, '\n');
  for (guint i = 0; marks && marks[i]; i++)
    if (strlen(marks[i]) > strlen("MMDD-") && marks[i][strlen("MMDD-")] != *letter)
      g_string_append_printf(text, "%s\n", marks[i]);
  if (!g_file_set_contents_full(path, text->str, (gssize)text->len,
                                G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE, 0600,
                                &error))
    g_warning("store: cannot keep the last case number %s: %s", number, error->message);
}

/* The highest number of the day the database has for @prefix: cases are
 * never deleted, only wiped, so the highest is the last given. GLOB: the
 * letter's case matters, and the number's index serves the prefix. */
static gboolean
number_in_file(AnyiStore *store, const char *prefix, int *taken, GError **error)
{
  g_autofree char *pattern = g_strconcat(prefix, "*", NULL);
  sqlite3_stmt *stmt = anyi_store_prepare(
      store,
      "SELECT coalesce(max(CAST(substr(number, length(?1) + 1) AS INTEGER)), 0) FROM cases "
      "WHERE number GLOB ?2",
      error);

  if (!stmt)
    return FALSE;
  anyi_store_bind_text(stmt, 1, prefix);
  anyi_store_bind_text(stmt, 2, pattern);
  if (sqlite3_step(stmt) != SQLITE_ROW) {
    sqlite3_reset(stmt);
    return anyi_store_fail(store, error, "find today's last case");
  }
  *taken = sqlite3_column_int(stmt, 0);
  sqlite3_reset(stmt);
  return TRUE;
}

static char *
next_case_number(AnyiStore *store, char kiosk_letter, GError **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_from_unix_local(anyi_store_now(store));
  g_autofree char *day = g_date_time_format(now, "%m%d");
  g_autofree char *prefix = g_strdup_printf("%s-%c", day, kiosk_letter);
  g_auto(GStrv) marks = number_marks_read(store);
  int taken = 0;

  if (!number_in_file(store, prefix, &taken, error))
    return NULL;
  return g_strdup_printf("%s%03d", prefix, MAX(taken, number_mark_of(marks, prefix)) + 1);
}

AnyiStoredCase *
anyi_store_case_create(AnyiStore *store, const char *service_id, char kiosk_letter,
                       const char *state, GError **error)
{
  g_autofree char *number = NULL;
  sqlite3_stmt *stmt;
  gint64 id;

  /* a case boundary: a new case goes to the file at the path */
  if (!anyi_store_follow_file(store, TRUE, error) || !anyi_store_begin(store, error))
    return NULL;
  number = next_case_number(store, kiosk_letter, error);
  stmt = number ? anyi_store_prepare(store,
                                     "INSERT INTO cases (number, service_id, state, created_at, "
                                     "updated_at) VALUES (?, ?, ?, anyi_now(), anyi_now())",
                                     error)
                : NULL;
  if (!stmt)
    goto fail;
  anyi_store_bind_text(stmt, 1, number);
  anyi_store_bind_text(stmt, 2, service_id);
  anyi_store_bind_text(stmt, 3, state);
  if (!anyi_store_step_done(store, stmt, "insert case", error))
    goto fail;
  id = sqlite3_last_insert_rowid(store->db);
  if (!anyi_store_case_event_add(store, id, "created", NULL, state, service_id, error) ||
      !anyi_store_commit(store, error))
    goto fail;
  number_mark_keep(store, number);
  return anyi_store_case_get(store, id, error);
fail:
  anyi_store_rollback(store);
  return NULL;
}

gboolean
anyi_store_case_move(AnyiStore *store, gint64 case_id, const char *from, const char *to,
                     const char *data_json, GError **error)
{
  sqlite3_stmt *stmt = anyi_store_prepare(store,
                                          "UPDATE cases SET state = ?, data = coalesce(?, data), "
                                          "updated_at = anyi_now() WHERE id = ? AND state = ?",
                                          error);
  gboolean changed;

  if (!stmt)
    return FALSE;
  /* a case that moves in a file deleted or replaced under it is carried
   * to the new one at the next case (anyi-store-carry.c) */
  anyi_store_note_if_replaced(store);
  anyi_store_bind_text(stmt, 1, to);
  /* the case's data is read where it lies (it outlives the step): no
   * copy of it in SQLite's heap; unbound before this returns */
  sqlite3_bind_text(stmt, 2, data_json, -1, SQLITE_STATIC);
  sqlite3_bind_int64(stmt, 3, case_id);
  anyi_store_bind_text(stmt, 4, from);
  changed = anyi_store_change_one(store, stmt, "update case", ANYI_STORE_ERROR_CONFLICT, error,
                                  "case #%" G_GINT64_FORMAT " is not in state %s", case_id, from);
  sqlite3_clear_bindings(stmt);
  return changed;
}

gboolean
anyi_store_case_transition(AnyiStore *store, gint64 case_id, const char *from, const char *to,
                           const char *event, const char *detail, const char *data_json,
                           GError **error)
{
  return anyi_store_case_finish(store, case_id, from, to, event, detail, data_json, NULL, 0, error);
}

gboolean
anyi_store_case_finish(AnyiStore *store, gint64 case_id, const char *from, const char *to,
                       const char *event, const char *detail, const char *data_json,
                       const AnyiStoreDocument *documents, guint n_documents, GError **error)
{
  case_id = anyi_store_case_id_now(store, case_id);
  if (!anyi_store_begin(store, error))
    return FALSE;
  if (anyi_store_case_move(store, case_id, from, to, data_json, error) &&
      anyi_store_case_event_add(store, case_id, event, from, to, detail, error) &&
      anyi_store_print_jobs_owe(store, case_id, documents, n_documents, error) &&
      (g_strcmp0(from, to) == 0 ||
       anyi_store_outbox_add(store, case_id, FALSE, "status", event, from, to, detail, error)) &&
      anyi_store_commit(store, error))
    return TRUE;
  anyi_store_rollback(store);
  return FALSE;
}

gboolean
anyi_store_case_note(AnyiStore *store, gint64 case_id, const char *event, const char *detail,
                     GError **error)
{
  return anyi_store_case_event_add(store, anyi_store_case_id_now(store, case_id), event, NULL, NULL,
                                   detail, error);
}

GPtrArray *
anyi_store_cases_unfinished(AnyiStore *store, const char *const *final_states, GError **error)
{
  sqlite3_stmt *stmt = anyi_store_prepare(store,
                                          "SELECT " CASE_COLUMNS " FROM cases WHERE state NOT IN "
                                          "(SELECT value FROM json_each(?)) ORDER BY id",
                                          error);
  g_autofree char *finished = anyi_store_json_list(final_states);

  if (!stmt)
    return NULL;
  anyi_store_bind_text(stmt, 1, finished);
  return anyi_store_read_all(store, stmt, case_from_row, (GDestroyNotify)anyi_stored_case_free,
                             "list cases", error);
}

GPtrArray *
anyi_store_cases_recent(AnyiStore *store, int limit, GError **error)
{
  sqlite3_stmt *stmt = anyi_store_prepare(
      store, "SELECT " CASE_COLUMNS " FROM cases ORDER BY id DESC LIMIT ?", error);

  if (!stmt)
    return NULL;
  sqlite3_bind_int(stmt, 1, limit);
  return anyi_store_read_all(store, stmt, case_from_row, (GDestroyNotify)anyi_stored_case_free,
                             "list recent cases", error);
}

/* "event\tfrom\tto\tdetail", as anyi_store_case_events() promises. */
static gpointer
event_from_row(AnyiStoreRow *row)
{
  g_autoptr(AnyiSecureString) event = anyi_store_row_text(row);
  g_autoptr(AnyiSecureString) from = anyi_store_row_text(row);
  g_autoptr(AnyiSecureString) to = anyi_store_row_text(row);
  g_autoptr(AnyiSecureString) detail = anyi_store_row_text(row);

  return g_strjoin("\t", event, from, to, detail, NULL);
}

GPtrArray *
anyi_store_case_events(AnyiStore *store, gint64 case_id, GError **error)
{
  sqlite3_stmt *stmt = anyi_store_prepare(store,
                                          "SELECT event, coalesce(state_from, ''), "
                                          "coalesce(state_to, ''), coalesce(detail, '') FROM "
                                          "case_events WHERE case_id = ? ORDER BY id",
                                          error);

  if (!stmt)
    return NULL;
  sqlite3_bind_int64(stmt, 1, case_id);
  return anyi_store_read_all(store, stmt, event_from_row, (GDestroyNotify)anyi_secure_free_string,
                             "list case events", error);
}
