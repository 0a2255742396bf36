/* SPDX-License-Identifier: GPL-3.0-or-later */
/* anyi-pg-ledger.h: the hall ledger on PostgreSQL, through libpq.
 *
 * The server schema (anyi-pg-schema.c) and what a kiosk sends it: each
 * outbox entry is one idempotent upsert keyed by (kiosk id, case number,
 * sequence), so an entry sent twice (a pusher killed between the server's
 * commit and its own delete) changes nothing the second time. */
#pragma once

#include "store/anyi-store-outbox.h"

#include <glib.h>
#include <libpq-fe.h>

G_BEGIN_DECLS

#define ANYI_PG_LEDGER_ERROR (anyi_pg_ledger_error_quark())
GQuark anyi_pg_ledger_error_quark(void);

typedef enum {
  ANYI_PG_LEDGER_ERROR_CONNECT,      /* the server cannot be reached: try again later */
  ANYI_PG_LEDGER_ERROR_SERVER,       /* the server refused a statement */
  ANYI_PG_LEDGER_ERROR_INVALID,      /* bad arguments or a bad outbox entry */
  ANYI_PG_LEDGER_ERROR_LETTER_TAKEN, /* the kiosk's letter is another kiosk's (anyi-pg-letters.h) */
} AnyiPgLedgerError;

/* Photos and scans larger than this are not sent (the server refuses them too). */
#define ANYI_PG_LEDGER_MAX_FILE_SIZE (16 * 1024 * 1024)

int anyi_pg_ledger_latest_version(void);

/* A connection, or NULL with CONNECT and the server's message. */
PGconn *anyi_pg_ledger_connect(const char *conninfo, GError **error);
/* The schema's version on the server (0: none yet). -1 with @error. */
int anyi_pg_ledger_schema_version(PGconn *conn, GError **error);
/* Brings the server's schema to the latest version, one transaction per
 * migration under an advisory lock (two consoles migrating at once wait for
 * each other). @from and @to receive the versions before and after. */
gboolean anyi_pg_ledger_migrate(PGconn *conn, int *from, int *to, GError **error);

/* Roles (needs a role that may create roles): @role logs in as kiosk
 * @kiosk_id; or @role becomes window staff (@kind "window") or a
 * supervisor ("supervisor"). The role is created when missing, without a
 * password: the hall gives it one, or a client certificate. */
gboolean anyi_pg_ledger_add_kiosk(PGconn *conn, const char *kiosk_id, const char *role,
                                  GError **error);
gboolean anyi_pg_ledger_add_staff(PGconn *conn, const char *kind, const char *role, GError **error);

/* Sends one outbox entry of kiosk @kiosk_id, with the photo and scans its
 * case data names (files read here, each at most MAX_FILE_SIZE), in one
 * transaction. */
gboolean anyi_pg_ledger_push(PGconn *conn, const char *kiosk_id, const AnyiOutboxEntry *entry,
                             GError **error);

/* The loop closes at the kiosk: the window's outcomes for kiosk
 * @kiosk_id's own cases (row-level security lets a kiosk read no other's),
 * written into the kiosk's database as its own window would write them, so
 * the progress query answers from the kiosk's file even while the server
 * is down. @since (a server timestamp, NULL at first) is where the last
 * pull stopped; it is moved on. @applied counts the outcomes new to the
 * kiosk. */
gboolean anyi_pg_ledger_pull_outcomes(PGconn *conn, const char *kiosk_id, AnyiStore *store,
                                      char **since, guint *applied, GError **error);

G_END_DECLS
