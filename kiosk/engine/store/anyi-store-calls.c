/* SPDX-License-Identifier: GPL-3.0-or-later */
/* anyi-store-calls.c: the staff_calls table, a citizen asking for staff to
 * come to the kiosk. Every change is audit-logged in the same transaction,
 * so the log tells who answered and how long the citizen waited. */
#include "anyi-store-private.h"

void
anyi_staff_call_free(AnyiStaffCall *call)
{
  if (!call)
    return;
  anyi_secure_free_string(call->kiosk);
  anyi_secure_free_string(call->case_number);
  anyi_secure_free_string(call->state);
  anyi_secure_free_string(call->answered_by);
  g_free(call);
}

static gboolean
is_closing_state(const char *state)
{
  return g_strcmp0(state, "answered") == 0 || g_strcmp0(state, "cancelled") == 0 ||
         g_strcmp0(state, "unanswered") == 0;
}

static gboolean
insert_call(AnyiStore *store, const char *kiosk, const char *case_number, GError **error)
{
  sqlite3_stmt *stmt = anyi_store_prepare(
      store, "INSERT INTO staff_calls (kiosk, raised_at, case_number) VALUES (?, anyi_now(), ?)",
      error);

  if (!stmt)
    return FALSE;
  anyi_store_bind_text(stmt, 1, kiosk);
  anyi_store_bind_text(stmt, 2, case_number);
  return anyi_store_step_done(store, stmt, "raise staff call", error);
}

/* The call as it stands, for the hall's server (kind "staff-call"), in the
 * transaction that changed it: consoles on the server list it too. */
static gboolean
outbox_call(AnyiStore *store, gint64 call_id, GError **error)
{
  sqlite3_stmt *stmt = anyi_store_prepare(
      store,
      "INSERT INTO ledger_outbox (case_id, case_number, kind, payload, created_at) SELECT "
      "coalesce((SELECT c.id FROM cases AS c WHERE c.number = s.case_number ORDER BY c.id DESC "
      "LIMIT 1), 0), coalesce(s.case_number, ''), 'staff-call', json_object('call_id', s.id, "
      "'raised_at', s.raised_at, 'case_number', s.case_number, 'state', s.state, 'answered_by', "
      "s.answered_by, 'closed_at', s.closed_at), anyi_now() FROM staff_calls AS s WHERE s.id = ?",
      error);

  if (!stmt)
    return FALSE;
  sqlite3_bind_int64(stmt, 1, call_id);
  return anyi_store_step_done(store, stmt, "add the staff call to the ledger outbox", error);
}

static char *
call_subject(gint64 call_id)
{
  return g_strdup_printf("staff-call:%" G_GINT64_FORMAT, call_id);
}

gboolean
anyi_store_staff_call_raise(AnyiStore *store, const char *kiosk, const char *case_number,
                            gint64 *call_id, GError **error)
{
  g_autofree char *subject = NULL;
  gint64 id;

  g_return_val_if_fail(kiosk != NULL, FALSE);
  if (!anyi_store_begin(store, error))
    return FALSE;
  if (!insert_call(store, kiosk, case_number, error))
    goto fail;
  id = sqlite3_last_insert_rowid(store->db);
  subject = call_subject(id);
  if (!anyi_store_audit_add(store, "citizen", "staff-call-raised", subject,
                            case_number ? case_number : "", error) ||
      !outbox_call(store, id, error))
    goto fail;
  if (!anyi_store_commit(store, error))
    goto fail;
  if (call_id)
    *call_id = id;
  return TRUE;
fail:
  anyi_store_rollback(store);
  return FALSE;
}

static gboolean
update_call(AnyiStore *store, gint64 call_id, const char *state, const char *actor, GError **error)
{
  sqlite3_stmt *stmt = anyi_store_prepare(
      store,
      "UPDATE staff_calls SET state = ?, answered_by = ?, closed_at = anyi_now() "
      "WHERE id = ? AND state = 'raised'",
      error);

  if (!stmt)
    return FALSE;
  anyi_store_bind_text(stmt, 1, state);
  anyi_store_bind_text(stmt, 2, g_str_equal(state, "answered") ? actor : NULL);
  sqlite3_bind_int64(stmt, 3, call_id);
  return anyi_store_change_one(store, stmt, "close staff call", ANYI_STORE_ERROR_CONFLICT, error,
                               "staff call #%" G_GINT64_FORMAT " is not waiting", call_id);
}

gboolean
anyi_store_staff_call_close(AnyiStore *store, gint64 call_id, const char *state, const char *actor,
                            GError **error)
{
  g_autoptr(AnyiStaffCall) call = NULL;
  g_autofree char *subject = call_subject(call_id);
  g_autofree char *action = g_strdup_printf("staff-call-%s", state);

  g_return_val_if_fail(is_closing_state(state), FALSE);
  g_return_val_if_fail(actor != NULL, FALSE);
  if (!anyi_store_begin(store, error))
    return FALSE;
  call = anyi_store_staff_call_get(store, call_id, error);
  if (!call || !update_call(store, call_id, state, actor, error) ||
      !anyi_store_audit_add(store, actor, action, subject,
                            call->case_number ? call->case_number : "", error) ||
      !outbox_call(store, call_id, error) || !anyi_store_commit(store, error)) {
    anyi_store_rollback(store);
    return FALSE;
  }
  return TRUE;
}

#define CALL_COLUMNS "id, kiosk, raised_at, case_number, state, answered_by, closed_at"

static gpointer
call_from_row(AnyiStoreRow *row)
{
  AnyiStaffCall *call = g_new0(AnyiStaffCall, 1);

  call->id = anyi_store_row_int64(row);
  call->kiosk = anyi_store_row_text(row);
  call->raised_at = anyi_store_row_int64(row);
  call->case_number = anyi_store_row_text(row);
  call->state = anyi_store_row_text(row);
  call->answered_by = anyi_store_row_text(row);
  call->closed_at = anyi_store_row_int64(row);
  return call;
}

AnyiStaffCall *
anyi_store_staff_call_get(AnyiStore *store, gint64 call_id, GError **error)
{
  sqlite3_stmt *stmt =
      anyi_store_prepare(store, "SELECT " CALL_COLUMNS " FROM staff_calls WHERE id = ?", error);

  if (!stmt)
    return NULL;
  sqlite3_bind_int64(stmt, 1, call_id);
  return anyi_store_read_one(store, stmt, call_from_row, "read staff call", error,
                             "no staff call #%" G_GINT64_FORMAT, call_id);
}

GPtrArray *
anyi_store_staff_calls_open(AnyiStore *store, GError **error)
{
  sqlite3_stmt *stmt = anyi_store_prepare(store,
                                          "SELECT " CALL_COLUMNS " FROM staff_calls "
                                          "WHERE state = 'raised' ORDER BY raised_at, id",
                                          error);

  if (!stmt)
    return NULL;
  return anyi_store_read_all(store, stmt, call_from_row, (GDestroyNotify)anyi_staff_call_free,
                             "list staff calls", error);
}
