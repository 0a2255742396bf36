/* SPDX-License-Identifier: GPL-3.0-or-later */
/* anyi-ledger-pg.h: the hall ledger (AnyiLedger) on the hall's PostgreSQL
 * server, as the window console reads and writes it.
 *
 * It connects as a window staff role (a member of anyi_window): the
 * server's row-level security and grants decide what it may read and
 * change, not this code. The kiosks' cases arrive through their outboxes
 * (ledger/outbox); the window's claims, notes, outcomes, 容缺 materials
 * received and ID number reveals are written to the server's window
 * tables (anyi-pg-schema.c, migration 2).
 *
 * A case number names a case within its kiosk; when two kiosks (or two
 * years) share one, the newest case with that number is the one meant.
 *
 * Photos and scans come from the server as hostile bytes: bounded
 * (ANYI_LEDGER_PG_MAX_IMAGE_BYTES) before they are fetched, checked against
 * their SHA-256 and for a JPEG's first bytes. */
#pragma once

#include "ledger/anyi-ledger.h"

G_BEGIN_DECLS

#define ANYI_TYPE_LEDGER_PG (anyi_ledger_pg_get_type())
G_DECLARE_FINAL_TYPE(AnyiLedgerPg, anyi_ledger_pg, ANYI, LEDGER_PG, GObject)

#define ANYI_LEDGER_PG_MAX_IMAGE_BYTES (16 * 1024 * 1024)

/* Connects with @conninfo (a libpq connection string, kiosk.conf's
 * [ledger] connection); NULL with FAILED and the server's words when it
 * cannot, or when the server's schema lacks the window's tables. */
AnyiLedger *anyi_ledger_pg_new(const char *conninfo, GError **error);

/* Calls @changed on the main context whenever a kiosk or a window writes a
 * case (LISTEN/NOTIFY on a connection of its own, its socket watched by a
 * GSource: no polling). A lost connection is opened again every few
 * seconds, and @changed is called once it is back. Returns FALSE with
 * @error when the first LISTEN fails. One watch per ledger. */
gboolean anyi_ledger_pg_watch(AnyiLedgerPg *self, GSourceFunc changed, gpointer data,
                              GError **error);
void anyi_ledger_pg_unwatch(AnyiLedgerPg *self);

/* For a program with a main loop (the console): when the server goes
 * away, calls fail at once with ANYI_LEDGER_ERROR_OFFLINE, instead of
 * connecting again on the calling thread (which libpq may block for its
 * whole connect timeout), while a worker thread connects again every
 * ANYI_PG_RECONNECT_SECONDS. Once it is back, "online" turns TRUE and the
 * watch's @changed is called. Off by default: anyictl and tests without a
 * main loop connect again on the spot. */
void anyi_ledger_pg_set_background_reconnect(AnyiLedgerPg *self, gboolean background);
/* FALSE while the server is away (property "online", notified). */
gboolean anyi_ledger_pg_is_online(AnyiLedgerPg *self);

G_END_DECLS
