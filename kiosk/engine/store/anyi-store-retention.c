/* SPDX-License-Identifier: GPL-3.0-or-later */
/* anyi-store-retention.c: the retention purge, across the tables that hold
 * personal data or grow without end. */
#include "anyi-store-private.h"

/* Runs one purge statement: ?1 is @before, ?2 (when the statement has it)
 * the final states as a JSON list. */
static gboolean
purge_step(AnyiStore *store, const char *sql, gint64 before, const char *final_states,
           gint64 *changed, GError **error)
{
  sqlite3_stmt *stmt = anyi_store_prepare(store, sql, error);

  if (!stmt)
    return FALSE;
  sqlite3_bind_int64(stmt, 1, before);
  if (sqlite3_bind_parameter_count(stmt) >= 2)
    anyi_store_bind_text(stmt, 2, final_states);
  if (!anyi_store_step_done(store, stmt, "purge", error))
    return FALSE;
  if (changed)
    *changed = sqlite3_changes(store->db);
  return TRUE;
}

/* The pages a purge rewrote still hold the old rows in the WAL until it is
 * checkpointed; TRUNCATE empties the file too. A reader holding an old
 * snapshot keeps the WAL for now: the next purge retries. */
static void
truncate_wal(AnyiStore *store)
{
  int logged = 0, copied = 0;
  int rc = sqlite3_wal_checkpoint_v2(store->db, NULL, SQLITE_CHECKPOINT_TRUNCATE, &logged, &copied);

  if (rc != SQLITE_OK)
    g_warning("retention: the WAL of %s could not be emptied (%s): wiped data stays in it "
              "until the next purge",
              store->path, sqlite3_errstr(rc));
}

gint64
anyi_store_purge(AnyiStore *store, gint64 before, const char *const *final_states, GError **error)
{
  g_autofree char *finished = anyi_store_json_list(final_states);
  gint64 wiped = 0;
  int changes_before = sqlite3_total_changes(store->db);

  if (!anyi_store_begin(store, error))
    return -1;
  if (purge_step(store,
                 "UPDATE handoffs SET summary = '{}' WHERE summary != '{}' AND case_id IN (SELECT "
                 "id FROM cases WHERE "
                 "updated_at < ?1 AND state IN (SELECT value FROM json_each(?2)))",
                 before, finished, NULL, error) &&
      purge_step(store,
                 "UPDATE print_jobs SET document_path = NULL WHERE document_path IS NOT NULL AND "
                 "case_id IN (SELECT id FROM "
                 "cases WHERE updated_at < ?1 AND state IN (SELECT value FROM json_each(?2)))",
                 before, finished, NULL, error) &&
      /* the window's notes and what it told the citizen go with the case */
      purge_step(
          store,
          "UPDATE handoffs SET citizen_note = NULL, outcome_reason = NULL WHERE "
          "(citizen_note IS NOT NULL OR outcome_reason IS NOT NULL) AND case_id IN (SELECT "
          "id FROM cases WHERE updated_at < ?1 AND state IN (SELECT value FROM json_each(?2)))",
          before, finished, NULL, error) &&
      purge_step(store,
                 "UPDATE window_actions SET detail = NULL WHERE detail IS NOT NULL AND kind IN "
                 "('note', 'outcome') AND case_id IN (SELECT id FROM cases WHERE updated_at < ?1 "
                 "AND state IN (SELECT value FROM json_each(?2)))",
                 before, finished, NULL, error) &&
      /* An outbox entry holds a copy of the case: past retention it goes
       * too, sent or not (the hall's server keeps its own rules). */
      purge_step(store,
                 "DELETE FROM ledger_outbox WHERE case_id IN (SELECT id FROM cases WHERE "
                 "updated_at < ?1 AND state IN (SELECT value FROM json_each(?2)))",
                 before, finished, NULL, error) &&
      purge_step(store,
                 "UPDATE cases SET data = '{}' WHERE updated_at < ?1 AND data != '{}' AND state "
                 "IN (SELECT value FROM json_each(?2))",
                 before, finished, &wiped, error) &&
      purge_step(store, "DELETE FROM device_events WHERE at < ?1", before, NULL, NULL, error) &&
      anyi_store_commit(store, error)) {
    if (sqlite3_total_changes(store->db) != changes_before)
      truncate_wal(store);
    return wiped;
  }
  anyi_store_rollback(store);
  return -1;
}

GArray *
anyi_store_print_jobs_in_cups(AnyiStore *store, gint64 before, GError **error)
{
  sqlite3_stmt *stmt = anyi_store_prepare(
      store, "SELECT id, cups_job_id FROM print_jobs WHERE cups_job_id > 0 AND created_at < ?1",
      error);
  g_autoptr(GArray) ids = g_array_new(FALSE, FALSE, sizeof(gint64));
  int rc;

  if (!stmt)
    return NULL;
  sqlite3_bind_int64(stmt, 1, before);
  while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
    gint64 pair[2] = {sqlite3_column_int64(stmt, 0), sqlite3_column_int64(stmt, 1)};
    g_array_append_vals(ids, pair, 2);
  }
  sqlite3_reset(stmt);
  if (rc != SQLITE_DONE) {
    anyi_store_fail(store, error, "print jobs in cups");
    return NULL;
  }
  return g_steal_pointer(&ids);
}

gboolean
anyi_store_print_job_forget_cups(AnyiStore *store, gint64 job_id, GError **error)
{
  sqlite3_stmt *stmt =
      anyi_store_prepare(store, "UPDATE print_jobs SET cups_job_id = 0 WHERE id = ?1", error);

  if (!stmt)
    return FALSE;
  sqlite3_bind_int64(stmt, 1, job_id);
  return anyi_store_step_done(store, stmt, "print job", error);
}

gboolean
anyi_store_clock_mark_get(AnyiStore *store, AnyiStoreClockMark *mark, gboolean *found,
                          GError **error)
{
  sqlite3_stmt *stmt = anyi_store_prepare(
      store, "SELECT wall, boot_id, boot_seconds FROM retention_clock WHERE id = 1", error);
  int rc;

  if (!stmt)
    return FALSE;
  rc = sqlite3_step(stmt);
  *found = rc == SQLITE_ROW;
  if (*found) {
    const char *boot_id = (const char *)sqlite3_column_text(stmt, 1);
    mark->wall = sqlite3_column_int64(stmt, 0);
    g_strlcpy(mark->boot_id, boot_id ? boot_id : "", sizeof mark->boot_id);
    mark->boot_seconds = sqlite3_column_int64(stmt, 2);
    rc = sqlite3_step(stmt);
  }
  sqlite3_reset(stmt);
  return rc == SQLITE_DONE || anyi_store_fail(store, error, "retention clock");
}

gboolean
anyi_store_clock_mark_set(AnyiStore *store, const AnyiStoreClockMark *mark, GError **error)
{
  sqlite3_stmt *stmt = anyi_store_prepare(
      store,
      "INSERT INTO retention_clock (id, wall, boot_id, boot_seconds) VALUES (1, ?1, ?2, ?3) "
      "ON CONFLICT (id) DO UPDATE SET wall = ?1, boot_id = ?2, boot_seconds = ?3",
      error);

  if (!stmt)
    return FALSE;
  sqlite3_bind_int64(stmt, 1, mark->wall);
  anyi_store_bind_text(stmt, 2, mark->boot_id);
  sqlite3_bind_int64(stmt, 3, mark->boot_seconds);
  return anyi_store_step_done(store, stmt, "retention clock", error);
}
