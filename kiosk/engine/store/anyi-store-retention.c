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

gint64
anyi_store_purge(AnyiStore *store, gint64 before, const char *const *final_states, GError **error)
{
  g_autofree char *finished = anyi_store_json_list(final_states);
  gint64 wiped = 0;

  if (!anyi_store_begin(store, error))
    return -1;
  if (purge_step(store,
                 "UPDATE handoffs SET summary = '{}' WHERE case_id IN (SELECT id FROM cases WHERE "
                 "updated_at < ?1 AND state IN (SELECT value FROM json_each(?2)))",
                 before, finished, NULL, error) &&
      purge_step(store,
                 "UPDATE print_jobs SET document_path = NULL WHERE case_id IN (SELECT id FROM "
                 "cases WHERE updated_at < ?1 AND state IN (SELECT value FROM json_each(?2)))",
                 before, finished, NULL, error) &&
      purge_step(store,
                 "UPDATE cases SET data = '{}' WHERE updated_at < ?1 AND data != '{}' AND state "
                 "IN (SELECT value FROM json_each(?2))",
                 before, finished, &wiped, error) &&
      purge_step(store, "DELETE FROM device_events WHERE at < ?1", before, NULL, NULL, error) &&
      anyi_store_commit(store, error))
    return wiped;
  anyi_store_rollback(store);
  return -1;
}
