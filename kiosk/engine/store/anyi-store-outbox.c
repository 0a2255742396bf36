/* SPDX-License-Identifier: GPL-3.0-or-later */
/* anyi-store-outbox.c: the hall ledger's outbox (anyi-store-outbox.h). */
#include "anyi-store-outbox.h"
#include "anyi-store-private.h"

/* The store cannot ask the case engine, which sits on top of it. */
static const char *const final_states[] = {"submitted", "accepted-with-missing-materials",
                                           "handed-off", "abandoned", NULL};

const char *const *
anyi_store_outbox_final_states(void)
{
  return final_states;
}

void
anyi_outbox_entry_free(AnyiOutboxEntry *entry)
{
  if (!entry)
    return;
  anyi_secure_free_string(entry->case_number);
  anyi_secure_free_string(entry->kind);
  anyi_secure_free_string(entry->payload_json);
  g_free(entry);
}

/* The case as the window needs it, read inside the transaction that
 * changed it: its data (card, photo and scan references, answers, form,
 * 容缺 list), the handoff, the payment and the documents owed or printed. */
#define SNAPSHOT_SQL                                                                               \
  "json_object('number', c.number, 'service', c.service_id, 'state', c.state, "                    \
  "'created_at', c.created_at, 'at', anyi_now(), 'event', ?, 'from', ?, 'to', ?, 'detail', ?, "    \
  "'data', json(c.data), "                                                                         \
  "'handoff', (SELECT json_object('reason', h.reason, 'window', h.window, 'summary', "             \
  "json(h.summary), 'status', h.status, 'created_at', h.created_at) FROM handoffs AS h WHERE "     \
  "h.case_id = c.id), "                                                                            \
  "'payment', (SELECT json_object('amount_fen', p.amount_fen, 'order_id', p.order_id, 'state', "   \
  "p.state, 'provider', p.provider) FROM payments AS p WHERE p.case_id = c.id), "                  \
  "'printed', (SELECT json_group_array(json_object('template', j.template, 'role', j.role, "       \
  "'state', j.state)) FROM print_jobs AS j WHERE j.case_id = c.id))"

gboolean
anyi_store_outbox_add(AnyiStore *store, gint64 case_id, gboolean always, const char *kind,
                      const char *event, const char *from, const char *to, const char *detail,
                      GError **error)
{
  sqlite3_stmt *stmt = anyi_store_prepare(
      store,
      "INSERT INTO ledger_outbox (case_id, case_number, kind, payload, created_at) "
      "SELECT c.id, c.number, ?, " SNAPSHOT_SQL ", anyi_now() FROM cases AS c WHERE c.id = ? AND "
      "(? OR c.in_ledger OR c.state IN (SELECT value FROM json_each(?)))",
      error);
  g_autofree char *finals = anyi_store_json_list(final_states);
  sqlite3_stmt *mark;

  if (!stmt)
    return FALSE;
  anyi_store_bind_text(stmt, 1, kind);
  anyi_store_bind_text(stmt, 2, event);
  anyi_store_bind_text(stmt, 3, from);
  anyi_store_bind_text(stmt, 4, to);
  anyi_store_bind_text(stmt, 5, detail);
  sqlite3_bind_int64(stmt, 6, case_id);
  sqlite3_bind_int(stmt, 7, always);
  anyi_store_bind_text(stmt, 8, finals);
  if (!anyi_store_step_done(store, stmt, "add to the ledger outbox", error))
    return FALSE;
  if (sqlite3_changes(store->db) == 0)
    return TRUE;
  mark = anyi_store_prepare(store, "UPDATE cases SET in_ledger = 1 WHERE id = ?", error);
  if (!mark)
    return FALSE;
  sqlite3_bind_int64(mark, 1, case_id);
  return anyi_store_step_done(store, mark, "mark a case as in the ledger", error);
}

static gpointer
entry_from_row(AnyiStoreRow *row)
{
  AnyiOutboxEntry *entry = g_new0(AnyiOutboxEntry, 1);

  entry->seq = anyi_store_row_int64(row);
  entry->case_id = anyi_store_row_int64(row);
  entry->case_number = anyi_store_row_text(row);
  entry->kind = anyi_store_row_text(row);
  entry->payload_json = anyi_store_row_text(row);
  entry->created_at = anyi_store_row_int64(row);
  entry->attempts = anyi_store_row_int(row);
  return entry;
}

GPtrArray *
anyi_store_outbox_peek(AnyiStore *store, int limit, GError **error)
{
  sqlite3_stmt *stmt = anyi_store_prepare(store,
                                          "SELECT id, case_id, case_number, kind, payload, "
                                          "created_at, attempts FROM ledger_outbox ORDER BY id "
                                          "LIMIT ?",
                                          error);

  if (!stmt)
    return NULL;
  sqlite3_bind_int(stmt, 1, limit);
  return anyi_store_read_all(store, stmt, entry_from_row, (GDestroyNotify)anyi_outbox_entry_free,
                             "read the ledger outbox", error);
}

gboolean
anyi_store_outbox_remove(AnyiStore *store, gint64 seq, GError **error)
{
  sqlite3_stmt *stmt = anyi_store_prepare(store, "DELETE FROM ledger_outbox WHERE id = ?", error);

  if (!stmt)
    return FALSE;
  sqlite3_bind_int64(stmt, 1, seq);
  return anyi_store_step_done(store, stmt, "remove a sent outbox entry", error);
}

gboolean
anyi_store_outbox_failed(AnyiStore *store, gint64 seq, const char *why, GError **error)
{
  sqlite3_stmt *stmt = anyi_store_prepare(
      store, "UPDATE ledger_outbox SET attempts = attempts + 1, last_error = ? WHERE id = ?",
      error);

  if (!stmt)
    return FALSE;
  anyi_store_bind_text(stmt, 1, why);
  sqlite3_bind_int64(stmt, 2, seq);
  return anyi_store_step_done(store, stmt, "note a failed outbox push", error);
}

gboolean
anyi_store_outbox_status(AnyiStore *store, gint64 *depth, gint64 *oldest_age, GError **error)
{
  sqlite3_stmt *stmt = anyi_store_prepare(
      store, "SELECT COUNT(*), coalesce(anyi_now() - MIN(created_at), 0) FROM ledger_outbox",
      error);

  if (!stmt)
    return FALSE;
  if (sqlite3_step(stmt) != SQLITE_ROW) {
    sqlite3_reset(stmt);
    return anyi_store_fail(store, error, "count the ledger outbox");
  }
  if (depth)
    *depth = sqlite3_column_int64(stmt, 0);
  if (oldest_age)
    *oldest_age = MAX(sqlite3_column_int64(stmt, 1), 0);
  sqlite3_reset(stmt);
  return TRUE;
}
