/* SPDX-License-Identifier: GPL-3.0-or-later */
/* anyi-store-payments.c: the payments table, at most one a case, keyed
 * before any provider is asked. */
#include "anyi-store-private.h"

void
anyi_stored_payment_free(AnyiStoredPayment *payment)
{
  if (!payment)
    return;
  anyi_secure_free_string(payment->idempotency_key);
  anyi_secure_free_string(payment->provider);
  anyi_secure_free_string(payment->order_id);
  anyi_secure_free_string(payment->qr_payload);
  anyi_secure_free_string(payment->state);
  g_free(payment);
}

#define PAYMENT_COLUMNS                                                                            \
  "id, case_id, idempotency_key, provider, amount_fen, order_id, qr_payload, state"

static gpointer
payment_from_row(AnyiStoreRow *row)
{
  AnyiStoredPayment *payment = g_new0(AnyiStoredPayment, 1);

  payment->id = anyi_store_row_int64(row);
  payment->case_id = anyi_store_row_int64(row);
  payment->idempotency_key = anyi_store_row_text(row);
  payment->provider = anyi_store_row_text(row);
  payment->amount_fen = anyi_store_row_int64(row);
  payment->order_id = anyi_store_row_text(row);
  payment->qr_payload = anyi_store_row_text(row);
  payment->state = anyi_store_row_text(row);
  return payment;
}

AnyiStoredPayment *
anyi_store_payment_for_case(AnyiStore *store, gint64 case_id, GError **error)
{
  sqlite3_stmt *stmt = anyi_store_prepare(
      store, "SELECT " PAYMENT_COLUMNS " FROM payments WHERE case_id = ?", error);

  if (!stmt)
    return NULL;
  sqlite3_bind_int64(stmt, 1, case_id);
  return anyi_store_read_one(store, stmt, payment_from_row, "read payment", error,
                             "case #%" G_GINT64_FORMAT " has no payment", case_id);
}

AnyiStoredPayment *
anyi_store_payment_open(AnyiStore *store, gint64 case_id, const char *key, const char *provider,
                        gint64 amount_fen, GError **error)
{
  sqlite3_stmt *stmt = anyi_store_prepare(store,
                                          "INSERT INTO payments (case_id, idempotency_key, "
                                          "provider, amount_fen, created_at, updated_at) VALUES "
                                          "(?, ?, ?, ?, anyi_now(), anyi_now()) ON "
                                          "CONFLICT(case_id) DO NOTHING",
                                          error);
  if (!stmt)
    return NULL;
  sqlite3_bind_int64(stmt, 1, case_id);
  anyi_store_bind_text(stmt, 2, key);
  anyi_store_bind_text(stmt, 3, provider);
  sqlite3_bind_int64(stmt, 4, amount_fen);
  if (!anyi_store_step_done(store, stmt, "insert payment", error))
    return NULL;
  return anyi_store_payment_for_case(store, case_id, error);
}

gboolean
anyi_store_payment_update(AnyiStore *store, gint64 case_id, const char *state, const char *order_id,
                          const char *qr_payload, GError **error)
{
  sqlite3_stmt *stmt = anyi_store_prepare(store,
                                          "UPDATE payments SET state = ?, order_id = coalesce(?, "
                                          "order_id), qr_payload = coalesce(?, qr_payload), "
                                          "updated_at = anyi_now() WHERE case_id = ? AND state != "
                                          "'refunded' AND (state != 'paid' OR ?1 = 'refunded')",
                                          error);
  if (!stmt)
    return FALSE;
  anyi_store_bind_text(stmt, 1, state);
  anyi_store_bind_text(stmt, 2, order_id);
  anyi_store_bind_text(stmt, 3, qr_payload);
  sqlite3_bind_int64(stmt, 4, case_id);
  return anyi_store_change_one(store, stmt, "update payment", ANYI_STORE_ERROR_CONFLICT, error,
                               "case #%" G_GINT64_FORMAT " has no open payment", case_id);
}
