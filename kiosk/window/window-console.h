/* SPDX-License-Identifier: GPL-3.0-or-later */
/* window-console.h: the window console, one window on the staff PC.
 *
 * Signed in against the staff records, the console shows the waiting
 * queue (kept live by the server's notifications on PostgreSQL, polled on
 * SQLite, where the kiosk writes the same file), opens a case from
 * the slip's QR code, its case number or an ID number, and shows all the
 * kiosk collected. The 台账, the 容缺 follow-up and the day's figures are
 * views of their own. Everything goes through AnyiLedger, so the console
 * does not know which back-end holds the hall's cases. */
#pragma once

#include "ledger/anyi-ledger.h"
#include "store/anyi-store.h"

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define WINDOW_TYPE_CONSOLE (window_console_get_type())
G_DECLARE_FINAL_TYPE(WindowConsole, window_console, WINDOW, CONSOLE, GtkApplicationWindow)

/* @ledger holds the cases and the staff records; @store is the kiosk's
 * database on the same machine (a one-kiosk hall), or NULL on a hall's
 * server. Both must outlive the window. On PostgreSQL the console has the
 * ledger connect again in the background (anyi_ledger_pg_set_background_
 * reconnect) and says so while the server is away. */
WindowConsole *window_console_new(GtkApplication *app, AnyiStore *store, AnyiLedger *ledger);

/* How long a case may wait before the 台账 calls it overdue. */
#define WINDOW_CONSOLE_WAIT_LIMIT_SECONDS (2 * 60 * 60)
/* How often the queue is read again (SQLite). */
#define WINDOW_CONSOLE_POLL_MS 1000

/* The view shown: "sign-in", "queue", "case", "ledger", "follow-up", "stats". */
const char *window_console_get_view(WindowConsole *self);
/* The case number open in the case view, or NULL. */
const char *window_console_get_case_number(WindowConsole *self);
/* Where the last CSV export went, or NULL. */
const char *window_console_get_export_path(WindowConsole *self);

G_END_DECLS
