/* SPDX-License-Identifier: GPL-3.0-or-later */
/* anyi-pg-calls.h: citizens' calls for staff (人工帮助) on the hall's
 * server (schema migration 6). A kiosk's store writes each change of a
 * call to its outbox (kind ANYI_PG_CALL_KIND) in the same transaction; the
 * pusher sends it here; consoles on the server list the open calls and
 * answer them. */
#pragma once

#include "store/anyi-store-outbox.h"

#include <libpq-fe.h>

G_BEGIN_DECLS

#define ANYI_PG_CALL_KIND "staff-call"

/* Sends one outbox entry of kind ANYI_PG_CALL_KIND: an idempotent upsert
 * keyed by (kiosk, call); an older entry than the server has changes
 * nothing, and a call a window answered stays answered. */
gboolean anyi_pg_ledger_push_call(PGconn *conn, const char *kiosk_id, const AnyiOutboxEntry *entry,
                                  GError **error);
/* The calls still waiting (AnyiStaffCall, oldest first; kiosk is the
 * kiosk's id), or NULL with ANYI_PG_LEDGER_ERROR_SERVER. */
GPtrArray *anyi_pg_ledger_open_calls(PGconn *conn, GError **error);
/* @staff answers the call: ANYI_PG_LEDGER_ERROR_INVALID when it is not
 * waiting any more (answered elsewhere, or ended at the kiosk). */
gboolean anyi_pg_ledger_answer_call(PGconn *conn, const char *kiosk_id, gint64 call_id,
                                    const char *staff, GError **error);

/* A window's answer comes back to the kiosk: this kiosk's calls still
 * waiting in @store that staff answered on the server are closed there as
 * answered, by the staff who answered (audited as theirs). The kiosk's
 * screen reads its store, so the citizen learns that staff are coming.
 * @applied counts them. */
gboolean anyi_pg_ledger_pull_calls(PGconn *conn, const char *kiosk_id, AnyiStore *store,
                                   guint *applied, GError **error);

/* Migration 7: the server notifies the connection on @kiosk_id's own
 * channel (payload: the call's id) when a window answers one of its calls,
 * so that its pusher pulls the answer at once (PQsocket, PQnotifies). On
 * an older server the statement fails, and the pusher polls as before. */
gboolean anyi_pg_ledger_listen_calls(PGconn *conn, const char *kiosk_id, GError **error);

G_END_DECLS
