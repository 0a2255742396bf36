/* SPDX-License-Identifier: GPL-3.0-or-later */
/* anyi-pg-calls.c: staff calls on the hall's server (anyi-pg-calls.h). */
#include "anyi-pg-calls.h"

#include "anyi-pg-ledger.h"
#include "staff/anyi-staff.h"

#include <string.h>

G_DEFINE_AUTOPTR_CLEANUP_FUNC(PGresult, PQclear)

static PGresult *
run(PGconn *conn, const char *what, const char *sql, int n, const char *const *values,
    GError **error)
{
  PGresult *res = PQexecParams(conn, sql, n, NULL, values, NULL, NULL, 0);
  ExecStatusType status = PQresultStatus(res);

  if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK) {
    g_autofree char *line = g_strchomp(g_strdup(PQresultErrorMessage(res)));
    g_set_error(error, ANYI_PG_LEDGER_ERROR, ANYI_PG_LEDGER_ERROR_SERVER, "%s: %s", what, line);
    PQclear(res);
    return NULL;
  }
  return res;
}

gboolean
anyi_pg_ledger_push_call(PGconn *conn, const char *kiosk_id, const AnyiOutboxEntry *entry,
                         GError **error)
{
  g_autofree char *seq = g_strdup_printf("%" G_GINT64_FORMAT, entry->seq);
  const char *values[] = {kiosk_id, seq, entry->payload_json};
  g_autoptr(PGresult) res = NULL;

  g_return_val_if_fail(g_strcmp0(entry->kind, ANYI_PG_CALL_KIND) == 0, FALSE);
  res = run(conn, "upsert the staff call",
            "INSERT INTO staff_calls (kiosk_id, call_id, seq, case_number, raised_at, state, "
            "answered_by, closed_at) SELECT $1, (p->>'call_id')::bigint, $2::bigint, "
            "p->>'case_number', to_timestamp((p->>'raised_at')::bigint), p->>'state', "
            "p->>'answered_by', to_timestamp(nullif((p->>'closed_at')::bigint, 0)) FROM (SELECT "
            "$3::jsonb AS p) AS e ON CONFLICT (kiosk_id, call_id) DO UPDATE SET seq = "
            "EXCLUDED.seq, state = EXCLUDED.state, answered_by = EXCLUDED.answered_by, "
            "closed_at = EXCLUDED.closed_at WHERE staff_calls.seq < EXCLUDED.seq AND "
            "staff_calls.state = 'raised'",
            3, values, error);
  return res != NULL;
}

GPtrArray *
anyi_pg_ledger_open_calls(PGconn *conn, GError **error)
{
  g_autoptr(PGresult) res =
      run(conn, "list the staff calls",
          "SELECT kiosk_id, call_id, extract(epoch FROM raised_at)::bigint, case_number FROM "
          "staff_calls WHERE state = 'raised' ORDER BY raised_at, kiosk_id, call_id",
          0, NULL, error);
  GPtrArray *calls;

  if (!res)
    return NULL;
  calls = g_ptr_array_new_with_free_func((GDestroyNotify)anyi_staff_call_free);
  for (int i = 0; i < PQntuples(res); i++) {
    AnyiStaffCall *call = g_new0(AnyiStaffCall, 1);
    call->kiosk = g_strdup(PQgetvalue(res, i, 0));
    call->id = g_ascii_strtoll(PQgetvalue(res, i, 1), NULL, 10);
    call->raised_at = g_ascii_strtoll(PQgetvalue(res, i, 2), NULL, 10);
    call->case_number = PQgetisnull(res, i, 3) ? NULL : g_strdup(PQgetvalue(res, i, 3));
    call->state = g_strdup("raised");
    g_ptr_array_add(calls, call);
  }
  return calls;
}

gboolean
anyi_pg_ledger_answer_call(PGconn *conn, const char *kiosk_id, gint64 call_id, const char *staff,
                           GError **error)
{
  g_autofree char *id = g_strdup_printf("%" G_GINT64_FORMAT, call_id);
  const char *values[] = {kiosk_id, id, staff};
  g_autoptr(PGresult) res =
      run(conn, "answer the staff call",
          "UPDATE staff_calls SET state = 'answered', answered_by = $3, closed_at = now() WHERE "
          "kiosk_id = $1 AND call_id = $2::bigint AND state = 'raised' RETURNING 1",
          3, values, error);

  if (!res)
    return FALSE;
  if (PQntuples(res) != 1) {
    g_set_error(error, ANYI_PG_LEDGER_ERROR, ANYI_PG_LEDGER_ERROR_INVALID,
                "the call %s of %s is not waiting", id, kiosk_id);
    return FALSE;
  }
  return TRUE;
}

/* The ids of this kiosk's calls still waiting in its store, as a server
 * array literal ({3,7}); NULL when none wait (nothing to ask the server). */
static char *
waiting_ids(AnyiStore *store, const char *kiosk_id, GError **error)
{
  g_autoptr(GPtrArray) open = anyi_store_staff_calls_open(store, error);
  g_autoptr(GString) ids = NULL;

  if (!open)
    return NULL;
  for (guint i = 0; i < open->len; i++) {
    const AnyiStaffCall *call = open->pdata[i];
    if (g_strcmp0(call->kiosk, kiosk_id) != 0)
      continue;
    if (!ids)
      ids = g_string_new("{");
    else
      g_string_append_c(ids, ',');
    g_string_append_printf(ids, "%" G_GINT64_FORMAT, call->id);
  }
  if (!ids)
    return NULL;
  g_string_append_c(ids, '}');
  return g_string_free(g_steal_pointer(&ids), FALSE);
}

gboolean
anyi_pg_ledger_pull_calls(PGconn *conn, const char *kiosk_id, AnyiStore *store, guint *applied,
                          GError **error)
{
  g_autoptr(GError) local = NULL;
  g_autofree char *ids = waiting_ids(store, kiosk_id, &local);
  const char *values[] = {kiosk_id, ids};
  g_autoptr(PGresult) res = NULL;

  *applied = 0;
  if (local) {
    g_propagate_error(error, g_steal_pointer(&local));
    return FALSE;
  }
  if (!ids)
    return TRUE;
  /* the kiosk's role reads only its own calls (row-level security) */
  res = run(conn, "read the answers to the staff calls",
            "SELECT call_id, answered_by FROM staff_calls WHERE kiosk_id = $1 AND "
            "state = 'answered' AND call_id = ANY ($2::bigint[])",
            2, values, error);
  if (!res)
    return FALSE;
  for (int i = 0; i < PQntuples(res); i++) {
    gint64 call_id = g_ascii_strtoll(PQgetvalue(res, i, 0), NULL, 10);
    const char *login = PQgetisnull(res, i, 1) ? NULL : PQgetvalue(res, i, 1);
    /* the server's text goes into the kiosk's audit log: a login or nothing */
    const char *staff = anyi_staff_login_is_valid(login) ? login : "window";
    g_autoptr(GError) close_error = NULL;

    /* ended at the kiosk meanwhile (cancelled, timed out): the kiosk's word stands there */
    if (anyi_store_staff_call_close(store, call_id, "answered", staff, &close_error))
      ++*applied;
    else if (!g_error_matches(close_error, ANYI_STORE_ERROR, ANYI_STORE_ERROR_CONFLICT))
      g_message("ledger: the answer to staff call #%" G_GINT64_FORMAT " stays on the server: %s",
                call_id, close_error->message);
  }
  return TRUE;
}

gboolean
anyi_pg_ledger_listen_calls(PGconn *conn, const char *kiosk_id, GError **error)
{
  const char *values[] = {kiosk_id};
  g_autoptr(PGresult) res = run(conn, "name the staff calls' channel",
                                "SELECT ledger_call_channel($1)", 1, values, error);
  g_autoptr(PGresult) listened = NULL;
  g_autofree char *sql = NULL;
  char *channel;

  if (!res)
    return FALSE;
  channel = PQescapeIdentifier(conn, PQgetvalue(res, 0, 0), strlen(PQgetvalue(res, 0, 0)));
  if (!channel) {
    g_set_error(error, ANYI_PG_LEDGER_ERROR, ANYI_PG_LEDGER_ERROR_SERVER,
                "name the staff calls' channel: %s", PQerrorMessage(conn));
    return FALSE;
  }
  sql = g_strconcat("LISTEN ", channel, NULL);
  PQfreemem(channel);
  listened = run(conn, "listen for answers to staff calls", sql, 0, NULL, error);
  return listened != NULL;
}
