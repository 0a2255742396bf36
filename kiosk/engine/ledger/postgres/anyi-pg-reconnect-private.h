/* SPDX-License-Identifier: GPL-3.0-or-later */
/* anyi-pg-reconnect-private.h: opening the ledger's connections again off
 * the main thread (shared inside ledger/postgres only).
 *
 * A server that is gone may take libpq's whole connect timeout to say so,
 * or never answer at all (a host that drops packets, a server that hangs):
 * the window console must not freeze meanwhile. A worker thread tries
 * every few seconds until it has a connection (and, when asked, a second
 * one that LISTENs), and hands them back on the caller's main context. */
#pragma once

#include <gio/gio.h>
#include <libpq-fe.h>

G_BEGIN_DECLS

/* Seconds between two tries. */
#define ANYI_PG_RECONNECT_SECONDS 2

/* Tries @conninfo until it connects or @cancellable is cancelled; with
 * @listen_channel also opens a second connection that LISTENs on it. */
G_GNUC_INTERNAL void anyi_pg_reconnect_async(const char *conninfo, const char *listen_channel,
                                             GCancellable *cancellable,
                                             GAsyncReadyCallback callback, gpointer data);
/* The new connections (the listener NULL when none was asked for); FALSE
 * with G_IO_ERROR_CANCELLED when cancelled. */
G_GNUC_INTERNAL gboolean anyi_pg_reconnect_finish(GAsyncResult *result, PGconn **conn,
                                                  PGconn **listener, GError **error);

G_END_DECLS
