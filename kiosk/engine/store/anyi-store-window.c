/* SPDX-License-Identifier: GPL-3.0-or-later */
/* anyi-store-window.c: what the window console does with a handed-off case
 * (claims, notes, outcomes, 容缺 materials received), in the kiosk's own
 * database: the ledger of a one-kiosk hall (kiosk/engine/ledger). */
#include "anyi-store-private.h"

void
anyi_window_row_free(AnyiWindowRow *row)
{
  if (!row)
    return;
  anyi_secure_free_string(row->case_number);
  anyi_secure_free_string(row->service_id);
  anyi_secure_free_string(row->reason);
  anyi_secure_free_string(row->status);
  anyi_secure_free_string(row->owner);
  g_free(row);
}

void
anyi_window_handoff_free(AnyiWindowHandoff *handoff)
{
  if (!handoff)
    return;
  anyi_secure_free_string(handoff->reason);
  anyi_secure_free_string(handoff->status);
  anyi_secure_free_string(handoff->owner);
  anyi_secure_free_string(handoff->outcome);
  anyi_secure_free_string(handoff->outcome_reason);
  anyi_secure_free_string(handoff->window);
  anyi_secure_free_string(handoff->citizen_note);
  anyi_secure_free_string(handoff->summary_json);
  g_free(handoff);
}

void
anyi_window_event_free(AnyiWindowEvent *event)
{
  if (!event)
    return;
  anyi_secure_free_string(event->actor);
  anyi_secure_free_string(event->what);
  anyi_secure_free_string(event->detail);
  g_free(event);
}

void
anyi_window_day_case_free(AnyiWindowDayCase *day_case)
{
  if (!day_case)
    return;
  anyi_secure_free_string(day_case->service_id);
  anyi_secure_free_string(day_case->state);
  anyi_secure_free_string(day_case->reason);
  g_free(day_case);
}

/* The queue's columns: the last window action and the length of the
 * history come from their own indexes, one lookup each. */
#define ROW_SELECT                                                                                 \
  "SELECT h.id, c.number, c.service_id, h.reason, h.status, h.owner, h.created_at,"                \
  " (SELECT MAX(at) FROM window_actions AS a WHERE a.case_id = c.id),"                             \
  " (SELECT COUNT(*) FROM case_events AS e WHERE e.case_id = c.id) +"                              \
  " (SELECT COUNT(*) FROM window_actions AS a WHERE a.case_id = c.id)"                             \
  " FROM handoffs AS h JOIN cases AS c ON c.id = h.case_id "

static gpointer
row_from_row(AnyiStoreRow *row)
{
  AnyiWindowRow *out = g_new0(AnyiWindowRow, 1);

  out->handoff_id = anyi_store_row_int64(row);
  out->case_number = anyi_store_row_text(row);
  out->service_id = anyi_store_row_text(row);
  out->reason = anyi_store_row_text(row);
  out->status = anyi_store_row_text(row);
  out->owner = anyi_store_row_text(row);
  out->handed_off_at = anyi_store_row_int64(row);
  out->last_action_at = anyi_store_row_int64(row);
  out->history_length = anyi_store_row_int64(row);
  return out;
}

GPtrArray *
anyi_store_window_queue(AnyiStore *store, gint64 after_id, int limit, GError **error)
{
  /* Keyset paging on the handoff ids: the oldest first, a page deep in the
   * queue as cheap as the first. */
  sqlite3_stmt *stmt = anyi_store_prepare(
      store, ROW_SELECT "WHERE h.status <> 'closed' AND h.id > ? ORDER BY h.id LIMIT ?", error);

  if (!stmt)
    return NULL;
  sqlite3_bind_int64(stmt, 1, after_id);
  sqlite3_bind_int(stmt, 2, limit);
  return anyi_store_read_all(store, stmt, row_from_row, (GDestroyNotify)anyi_window_row_free,
                             "list the window's queue", error);
}

GPtrArray *
anyi_store_window_hard(AnyiStore *store, const char *const *hard_services,
                       const char *const *hard_reasons, gint64 waited_since, GError **error)
{
  sqlite3_stmt *stmt = anyi_store_prepare(
      store,
      ROW_SELECT "WHERE h.status <> 'closed' AND (c.service_id IN (SELECT value FROM json_each(?))"
                 " OR h.reason IN (SELECT value FROM json_each(?)) OR h.created_at < ?)"
                 " ORDER BY h.id",
      error);
  g_autofree char *services = anyi_store_json_list(hard_services);
  g_autofree char *reasons = anyi_store_json_list(hard_reasons);

  if (!stmt)
    return NULL;
  anyi_store_bind_text(stmt, 1, services);
  anyi_store_bind_text(stmt, 2, reasons);
  sqlite3_bind_int64(stmt, 3, waited_since);
  return anyi_store_read_all(store, stmt, row_from_row, (GDestroyNotify)anyi_window_row_free,
                             "list the hard cases", error);
}

static gpointer
handoff_from_row(AnyiStoreRow *row)
{
  AnyiWindowHandoff *handoff = g_new0(AnyiWindowHandoff, 1);

  handoff->reason = anyi_store_row_text(row);
  handoff->summary_json = anyi_store_row_text(row);
  handoff->status = anyi_store_row_text(row);
  handoff->owner = anyi_store_row_text(row);
  handoff->outcome = anyi_store_row_text(row);
  handoff->outcome_reason = anyi_store_row_text(row);
  handoff->citizen_note = anyi_store_row_text(row);
  handoff->created_at = anyi_store_row_int64(row);
  handoff->outcome_at = anyi_store_row_int64(row);
  return handoff;
}

AnyiWindowHandoff *
anyi_store_window_handoff(AnyiStore *store, gint64 case_id, GError **error)
{
  sqlite3_stmt *stmt = anyi_store_prepare(
      store,
      "SELECT reason, summary, status, owner, outcome, outcome_reason, citizen_note, created_at,"
      " outcome_at FROM handoffs WHERE case_id = ?",
      error);

  if (!stmt)
    return NULL;
  sqlite3_bind_int64(stmt, 1, case_id);
  return anyi_store_read_one(store, stmt, handoff_from_row, "read a handoff", error,
                             "case #%" G_GINT64_FORMAT " was not handed off", case_id);
}

static gboolean
add_action(AnyiStore *store, gint64 case_id, const char *actor, const char *kind,
           const char *detail, GError **error)
{
  sqlite3_stmt *stmt = anyi_store_prepare(store,
                                          "INSERT INTO window_actions (case_id, at, actor, kind, "
                                          "detail) VALUES (?, anyi_now(), ?, ?, ?)",
                                          error);
  if (!stmt)
    return FALSE;
  sqlite3_bind_int64(stmt, 1, case_id);
  anyi_store_bind_text(stmt, 2, actor);
  anyi_store_bind_text(stmt, 3, kind);
  anyi_store_bind_text(stmt, 4, detail);
  return anyi_store_step_done(store, stmt, "record a window action", error);
}

/* Ends the transaction the caller began: committed when everything in it
 * was @done, rolled back otherwise. */
static gboolean
commit_or_roll_back(AnyiStore *store, gboolean done, GError **error)
{
  if (done && anyi_store_commit(store, error))
    return TRUE;
  anyi_store_rollback(store);
  return FALSE;
}

gboolean
anyi_store_window_claim(AnyiStore *store, gint64 case_id, const char *staff, GError **error)
{
  sqlite3_stmt *stmt;
  gboolean done;

  if (!anyi_store_begin(store, error))
    return FALSE;
  stmt = anyi_store_prepare(store,
                            "UPDATE handoffs SET status = 'taken', owner = ?1 WHERE case_id = ?2"
                            " AND status <> 'closed' AND (owner IS NULL OR owner = ?1)",
                            error);
  if (stmt) {
    anyi_store_bind_text(stmt, 1, staff);
    sqlite3_bind_int64(stmt, 2, case_id);
  }
  done = stmt &&
         anyi_store_change_one(store, stmt, "claim a case", ANYI_STORE_ERROR_CONFLICT, error,
                               "case #%" G_GINT64_FORMAT " is closed or held by another window",
                               case_id) &&
         add_action(store, case_id, staff, "claim", NULL, error);
  return commit_or_roll_back(store, done, error);
}

gboolean
anyi_store_window_note(AnyiStore *store, gint64 case_id, const char *staff, const char *text,
                       GError **error)
{
  if (!anyi_store_begin(store, error))
    return FALSE;
  return commit_or_roll_back(store, add_action(store, case_id, staff, "note", text, error), error);
}

gboolean
anyi_store_window_outcome(AnyiStore *store, gint64 case_id, const char *staff, const char *outcome,
                          const char *reason, const char *citizen_note, gboolean closes,
                          GError **error)
{
  g_autofree char *detail = g_strjoin(": ", outcome, reason, NULL);
  sqlite3_stmt *stmt;
  gboolean done;

  if (!anyi_store_begin(store, error))
    return FALSE;
  stmt = anyi_store_prepare(
      store,
      "UPDATE handoffs SET status = ?1, owner = ?2, outcome = ?3, outcome_reason = ?4,"
      " citizen_note = ?5, outcome_at = anyi_now() WHERE case_id = ?6 AND status <> 'closed'"
      " AND (owner IS NULL OR owner = ?2)",
      error);
  if (stmt) {
    anyi_store_bind_text(stmt, 1, closes ? "closed" : "taken");
    anyi_store_bind_text(stmt, 2, staff);
    anyi_store_bind_text(stmt, 3, outcome);
    anyi_store_bind_text(stmt, 4, reason);
    anyi_store_bind_text(stmt, 5, citizen_note);
    sqlite3_bind_int64(stmt, 6, case_id);
  }
  done = stmt &&
         anyi_store_change_one(store, stmt, "record an outcome", ANYI_STORE_ERROR_CONFLICT, error,
                               "case #%" G_GINT64_FORMAT " is closed or held by another window",
                               case_id) &&
         add_action(store, case_id, staff, "outcome", detail, error);
  return commit_or_roll_back(store, done, error);
}

gboolean
anyi_store_window_received(AnyiStore *store, gint64 case_id, const char *material_id,
                           const char *staff, GError **error)
{
  sqlite3_stmt *stmt;
  gboolean done;

  if (!anyi_store_begin(store, error))
    return FALSE;
  stmt = anyi_store_prepare(store,
                            "INSERT OR IGNORE INTO window_received (case_id, material_id, at, by)"
                            " VALUES (?, ?, anyi_now(), ?)",
                            error);
  if (stmt) {
    sqlite3_bind_int64(stmt, 1, case_id);
    anyi_store_bind_text(stmt, 2, material_id);
    anyi_store_bind_text(stmt, 3, staff);
  }
  done = stmt && anyi_store_step_done(store, stmt, "mark a material received", error);
  /* received twice: the first time stands, and the history says it once */
  if (done && sqlite3_changes(store->db) == 1)
    done = add_action(store, case_id, staff, "received", material_id, error);
  return commit_or_roll_back(store, done, error);
}

gboolean
anyi_store_window_received_at(AnyiStore *store, gint64 case_id, const char *material_id, gint64 *at,
                              char **by, GError **error)
{
  sqlite3_stmt *stmt = anyi_store_prepare(
      store, "SELECT at, by FROM window_received WHERE case_id = ? AND material_id = ?", error);
  int rc;

  *at = 0;
  if (by)
    *by = NULL;
  if (!stmt)
    return FALSE;
  sqlite3_bind_int64(stmt, 1, case_id);
  anyi_store_bind_text(stmt, 2, material_id);
  rc = sqlite3_step(stmt);
  if (rc == SQLITE_ROW) {
    *at = sqlite3_column_int64(stmt, 0);
    if (by)
      *by = g_strdup((const char *)sqlite3_column_text(stmt, 1));
  }
  sqlite3_reset(stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return anyi_store_fail(store, error, "read a material received");
  return TRUE;
}

static gpointer
event_from_row(AnyiStoreRow *row)
{
  AnyiWindowEvent *event = g_new0(AnyiWindowEvent, 1);

  event->at = anyi_store_row_int64(row);
  event->actor = anyi_store_row_text(row);
  event->what = anyi_store_row_text(row);
  event->detail = anyi_store_row_text(row);
  return event;
}

GPtrArray *
anyi_store_window_history(AnyiStore *store, gint64 case_id, GError **error)
{
  sqlite3_stmt *stmt = anyi_store_prepare(
      store,
      "SELECT at, actor, what, detail FROM ("
      " SELECT at, 'kiosk' AS actor, event AS what, detail, 0 AS side, id FROM case_events"
      " WHERE case_id = ?1 UNION ALL"
      " SELECT at, actor, kind, detail, 1, id FROM window_actions WHERE case_id = ?1)"
      " ORDER BY at, side, id",
      error);

  if (!stmt)
    return NULL;
  sqlite3_bind_int64(stmt, 1, case_id);
  return anyi_store_read_all(store, stmt, event_from_row, (GDestroyNotify)anyi_window_event_free,
                             "read a case's history", error);
}

gint64
anyi_store_window_find_by_id_number(AnyiStore *store, const char *id_number, GError **error)
{
  /* the expression of the cases_id_number index, word for word */
  sqlite3_stmt *stmt = anyi_store_prepare(
      store,
      "SELECT c.id FROM cases AS c WHERE json_extract(c.data, '$.card.id_number') = ?"
      " AND (EXISTS (SELECT 1 FROM handoffs AS h WHERE h.case_id = c.id)"
      " OR json_extract(c.data, '$.notice.deadline') IS NOT NULL) ORDER BY c.id DESC LIMIT 1",
      error);
  gint64 id = 0;
  int rc;

  if (!stmt)
    return -1;
  anyi_store_bind_text(stmt, 1, id_number);
  rc = sqlite3_step(stmt);
  if (rc == SQLITE_ROW)
    id = sqlite3_column_int64(stmt, 0);
  sqlite3_reset(stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
    anyi_store_fail(store, error, "find a case by ID number");
    return -1;
  }
  return id;
}

static gpointer
answer_from_row(AnyiStoreRow *row)
{
  AnyiWindowHandoff *handoff = g_new0(AnyiWindowHandoff, 1);

  handoff->case_id = anyi_store_row_int64(row);
  handoff->outcome = anyi_store_row_text(row);
  handoff->citizen_note = anyi_store_row_text(row);
  handoff->outcome_at = anyi_store_row_int64(row);
  handoff->outcome_reason = anyi_store_row_text(row);
  handoff->window = anyi_store_row_text(row);
  return handoff;
}

AnyiWindowHandoff *
anyi_store_window_latest_outcome(AnyiStore *store, const char *id_number, GError **error)
{
  sqlite3_stmt *stmt = anyi_store_prepare(
      store,
      "SELECT c.id, h.outcome, h.citizen_note, h.outcome_at, h.outcome_reason, h.window"
      " FROM cases AS c JOIN handoffs AS h"
      " ON h.case_id = c.id WHERE json_extract(c.data, '$.card.id_number') = ?"
      " AND h.outcome IS NOT NULL ORDER BY h.outcome_at DESC, c.id DESC LIMIT 1",
      error);

  if (!stmt)
    return NULL;
  anyi_store_bind_text(stmt, 1, id_number);
  return anyi_store_read_one(store, stmt, answer_from_row, "read the window's outcome", error,
                             "the window has decided no case of this ID number");
}

static gpointer
stored_case_from_row(AnyiStoreRow *row)
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

GPtrArray *
anyi_store_window_cases_with_notice(AnyiStore *store, GError **error)
{
  sqlite3_stmt *stmt = anyi_store_prepare(
      store,
      "SELECT id, number, service_id, state, data, created_at, updated_at FROM cases"
      " WHERE state IN ('accepted-with-missing-materials', 'handed-off')"
      " AND json_extract(data, '$.notice.deadline') IS NOT NULL ORDER BY id",
      error);

  if (!stmt)
    return NULL;
  return anyi_store_read_all(store, stmt, stored_case_from_row,
                             (GDestroyNotify)anyi_stored_case_free, "list the 容缺 cases", error);
}

static gpointer
day_case_from_row(AnyiStoreRow *row)
{
  AnyiWindowDayCase *day_case = g_new0(AnyiWindowDayCase, 1);

  day_case->service_id = anyi_store_row_text(row);
  day_case->state = anyi_store_row_text(row);
  day_case->created_at = anyi_store_row_int64(row);
  day_case->updated_at = anyi_store_row_int64(row);
  day_case->reason = anyi_store_row_text(row);
  day_case->handed_off_at = anyi_store_row_int64(row);
  day_case->outcome_at = anyi_store_row_int64(row);
  return day_case;
}

GPtrArray *
anyi_store_window_day_cases(AnyiStore *store, gint64 from, gint64 to, GError **error)
{
  sqlite3_stmt *stmt = anyi_store_prepare(
      store,
      "SELECT c.service_id, c.state, c.created_at, c.updated_at, h.reason, h.created_at,"
      " h.outcome_at FROM cases AS c LEFT JOIN handoffs AS h ON h.case_id = c.id"
      " WHERE c.created_at >= ? AND c.created_at < ? ORDER BY c.id",
      error);

  if (!stmt)
    return NULL;
  sqlite3_bind_int64(stmt, 1, from);
  sqlite3_bind_int64(stmt, 2, to);
  return anyi_store_read_all(store, stmt, day_case_from_row,
                             (GDestroyNotify)anyi_window_day_case_free, "list the day's cases",
                             error);
}
