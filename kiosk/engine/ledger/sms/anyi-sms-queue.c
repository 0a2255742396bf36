/* SPDX-License-Identifier: GPL-3.0-or-later */
/* anyi-sms-queue.c: the message queue in the kiosk's database
 * (anyi-sms-queue.h). Its tables are the store's (migration 11), so it
 * runs its SQL through the store's own helpers. */
#include "anyi-sms-queue.h"
#include "store/anyi-store-private.h"

void
anyi_sms_message_free(AnyiSmsMessage *message)
{
  if (!message)
    return;
  g_free(message->idempotency_key);
  g_free(message->case_number);
  g_free(message->kind);
  g_free(message->mobile);
  g_free(message->facts_json);
  g_free(message->state);
  g_free(message->last_error);
  g_free(message);
}

void
anyi_sms_delivery_free(AnyiSmsDelivery *delivery)
{
  if (!delivery)
    return;
  g_free(delivery->idempotency_key);
  g_free(delivery->mobile);
  g_free(delivery->text);
  g_free(delivery);
}

#define MESSAGE_COLUMNS                                                                            \
  "id, idempotency_key, case_number, kind, mobile, facts, state, attempts, created_at, "           \
  "coalesce(done_at, 0), last_error"

static gpointer
message_from_row(AnyiStoreRow *row)
{
  AnyiSmsMessage *message = g_new0(AnyiSmsMessage, 1);

  message->id = anyi_store_row_int64(row);
  message->idempotency_key = anyi_store_row_text(row);
  message->case_number = anyi_store_row_text(row);
  message->kind = anyi_store_row_text(row);
  message->mobile = anyi_store_row_text(row);
  message->facts_json = anyi_store_row_text(row);
  message->state = anyi_store_row_text(row);
  message->attempts = anyi_store_row_int(row);
  message->created_at = anyi_store_row_int64(row);
  message->done_at = anyi_store_row_int64(row);
  message->last_error = anyi_store_row_text(row);
  return message;
}

GPtrArray *
anyi_sms_queue_due(AnyiStore *store, int limit, GError **error)
{
  sqlite3_stmt *stmt = anyi_store_prepare(store,
                                          "SELECT " MESSAGE_COLUMNS " FROM sms_outbox"
                                          " WHERE state = 'queued' AND next_try_at <= anyi_now()"
                                          " ORDER BY id LIMIT ?",
                                          error);

  if (!stmt)
    return NULL;
  sqlite3_bind_int(stmt, 1, limit);
  return anyi_store_read_all(store, stmt, message_from_row, (GDestroyNotify)anyi_sms_message_free,
                             "read the message queue", error);
}

GPtrArray *
anyi_sms_queue_list(AnyiStore *store, int limit, GError **error)
{
  sqlite3_stmt *stmt = anyi_store_prepare(
      store, "SELECT " MESSAGE_COLUMNS " FROM sms_outbox ORDER BY id DESC LIMIT ?", error);

  if (!stmt)
    return NULL;
  sqlite3_bind_int(stmt, 1, limit);
  return anyi_store_read_all(store, stmt, message_from_row, (GDestroyNotify)anyi_sms_message_free,
                             "list the messages", error);
}

gboolean
anyi_sms_queue_finish(AnyiStore *store, gint64 id, const char *state, const char *why,
                      GError **error)
{
  sqlite3_stmt *stmt =
      anyi_store_prepare(store,
                         "UPDATE sms_outbox SET state = ?, last_error = ?, done_at = anyi_now(),"
                         " attempts = attempts + 1 WHERE id = ? AND state = 'queued'",
                         error);

  if (!stmt)
    return FALSE;
  anyi_store_bind_text(stmt, 1, state);
  anyi_store_bind_text(stmt, 2, why);
  sqlite3_bind_int64(stmt, 3, id);
  return anyi_store_step_done(store, stmt, "mark a message done", error);
}

gboolean
anyi_sms_queue_retry(AnyiStore *store, gint64 id, gint64 delay_s, const char *why, GError **error)
{
  sqlite3_stmt *stmt =
      anyi_store_prepare(store,
                         "UPDATE sms_outbox SET attempts = attempts + 1, last_error = ?,"
                         " next_try_at = anyi_now() + ? WHERE id = ? AND state = 'queued'",
                         error);

  if (!stmt)
    return FALSE;
  anyi_store_bind_text(stmt, 1, why);
  sqlite3_bind_int64(stmt, 2, delay_s);
  sqlite3_bind_int64(stmt, 3, id);
  return anyi_store_step_done(store, stmt, "put a message back in the queue", error);
}

/* The materials of the notice not received yet, as a JSON array of names. */
#define OWED_MATERIALS                                                                             \
  "FROM json_each(c.data, '$.notice.materials') AS m WHERE NOT EXISTS (SELECT 1 FROM "             \
  "window_received AS r WHERE r.case_id = c.id AND r.material_id = json_extract(m.value, '$.id'))"

gboolean
anyi_sms_queue_sweep_reminders(AnyiStore *store, const GDate *today, guint days_ahead, guint *added,
                               GError **error)
{
  sqlite3_stmt *stmt = anyi_store_prepare(
      store,
      "INSERT OR IGNORE INTO sms_outbox (idempotency_key, case_number, kind, mobile, facts,"
      " created_at)"
      " SELECT c.number || ':reminder:' || json_extract(c.data, '$.notice.deadline'), c.number,"
      " 'reminder', nullif(trim(json_extract(c.data, '$.form.mobile')), ''),"
      " json_object('deadline', json_extract(c.data, '$.notice.deadline'), 'materials',"
      " json((SELECT json_group_array(json_extract(m.value, '$.name')) " OWED_MATERIALS "))),"
      " anyi_now() FROM cases AS c"
      " WHERE c.state IN ('accepted-with-missing-materials', 'handed-off')"
      " AND json_extract(c.data, '$.notice.deadline') BETWEEN ?1 AND ?2"
      " AND EXISTS (SELECT 1 " OWED_MATERIALS ") ORDER BY c.id",
      error);
  char from[16], until[16];
  GDate last = *today;

  if (!stmt)
    return FALSE;
  g_date_add_days(&last, days_ahead);
  g_date_strftime(from, sizeof from, "%Y-%m-%d", today);
  g_date_strftime(until, sizeof until, "%Y-%m-%d", &last);
  anyi_store_bind_text(stmt, 1, from);
  anyi_store_bind_text(stmt, 2, until);
  if (!anyi_store_step_done(store, stmt, "queue the 容缺 reminders", error))
    return FALSE;
  if (added)
    *added = (guint)sqlite3_changes(store->db);
  return TRUE;
}

gboolean
anyi_sms_queue_status(AnyiStore *store, gint64 *waiting, gint64 *oldest_age, GError **error)
{
  sqlite3_stmt *stmt =
      anyi_store_prepare(store,
                         "SELECT COUNT(*), coalesce(anyi_now() - MIN(created_at), 0) FROM"
                         " sms_outbox WHERE state = 'queued'",
                         error);

  if (!stmt)
    return FALSE;
  if (sqlite3_step(stmt) != SQLITE_ROW) {
    sqlite3_reset(stmt);
    return anyi_store_fail(store, error, "count the message queue");
  }
  if (waiting)
    *waiting = sqlite3_column_int64(stmt, 0);
  if (oldest_age)
    *oldest_age = MAX(sqlite3_column_int64(stmt, 1), 0);
  sqlite3_reset(stmt);
  return TRUE;
}

/* ---- the emulated gateway ---- */

gboolean
anyi_sms_emulated_record(AnyiStore *store, const char *key, const char *mobile, const char *text,
                         gboolean *delivered, GError **error)
{
  sqlite3_stmt *stmt = anyi_store_prepare(
      store,
      "INSERT INTO sms_emulated (idempotency_key, mobile, text, at) VALUES (?, ?, ?, anyi_now())"
      " ON CONFLICT (idempotency_key) DO UPDATE SET submissions = submissions + 1"
      " RETURNING submissions",
      error);
  int rc;

  if (!stmt)
    return FALSE;
  anyi_store_bind_text(stmt, 1, key);
  anyi_store_bind_text(stmt, 2, mobile);
  anyi_store_bind_text(stmt, 3, text);
  rc = sqlite3_step(stmt);
  if (rc != SQLITE_ROW) {
    sqlite3_reset(stmt);
    return anyi_store_fail(store, error, "record a message at the emulated gateway");
  }
  if (delivered)
    *delivered = sqlite3_column_int(stmt, 0) == 1;
  rc = sqlite3_step(stmt);
  sqlite3_reset(stmt);
  return rc == SQLITE_DONE || anyi_store_fail(store, error, "record a message");
}

static gpointer
delivery_from_row(AnyiStoreRow *row)
{
  AnyiSmsDelivery *delivery = g_new0(AnyiSmsDelivery, 1);

  delivery->idempotency_key = anyi_store_row_text(row);
  delivery->mobile = anyi_store_row_text(row);
  delivery->text = anyi_store_row_text(row);
  delivery->at = anyi_store_row_int64(row);
  delivery->submissions = anyi_store_row_int(row);
  return delivery;
}

GPtrArray *
anyi_sms_emulated_list(AnyiStore *store, GError **error)
{
  sqlite3_stmt *stmt = anyi_store_prepare(
      store,
      "SELECT idempotency_key, mobile, text, at, submissions FROM sms_emulated ORDER BY rowid",
      error);

  if (!stmt)
    return NULL;
  return anyi_store_read_all(store, stmt, delivery_from_row, (GDestroyNotify)anyi_sms_delivery_free,
                             "list the emulated gateway's messages", error);
}
