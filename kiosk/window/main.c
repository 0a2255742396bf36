/* SPDX-License-Identifier: GPL-3.0-or-later */
/* main.c: anyi-window, the window console on the staff PC.
 *
 * The ledger is the hall's PostgreSQL server when kiosk.conf names one
 * ([ledger] connection, as for the kiosks; the role it logs in as must be
 * window staff), else the kiosk's database (as the kiosk finds it:
 * $ANYI_DB, else the data directory) as the ledger of a one-kiosk hall.
 * Staff sign in against the ledger's staff records: the server's on
 * PostgreSQL (a window PC there has no kiosk database), the kiosk's store
 * otherwise, which is never created here. */
#include "ledger/anyi-ledger-sqlite.h"
#include "ledger/postgres/anyi-ledger-pg.h"
#include "ledger/sms/anyi-sms-gateway-emulated.h"
#include "ledger/sms/anyi-sms-pg-sender.h"
#include "ledger/sms/anyi-sms-sender.h"
#include "settings/anyi-settings.h"
#include "window-console.h"

#include <glib/gi18n.h>
#include <stdio.h>

typedef struct {
  AnyiStore *store;
  AnyiLedger *ledger;
  AnyiSmsSender *sms;      /* messages to citizens: outcomes, 容缺 reminders */
  AnyiSmsPgSender *sms_pg; /* the same on the hall's server, on its own thread */
} Console;

static gboolean
on_server(const AnyiSettings *settings)
{
  return settings && settings->ledger_connection && *settings->ledger_connection;
}

/* Seconds between two looks at the message queue. */
#define SMS_INTERVAL_S 30

/* The console sends what its outcomes queued (and the day's 容缺
 * reminders) through the emulated gateway, the only one in this version;
 * `anyictl ledger sms-send` does the same from cron. */
static void
start_sms(Console *console, const AnyiSettings *settings)
{
  g_autoptr(AnyiSmsGateway) gateway = anyi_sms_gateway_emulated_new(console->store);

  console->sms =
      anyi_sms_sender_new(console->store, gateway, settings ? settings->hall_name : NULL);
  anyi_sms_sender_start(console->sms, SMS_INTERVAL_S);
}

/* On the server: several consoles may send at once, each message once. */
static void
start_sms_pg(Console *console, const AnyiSettings *settings)
{
  g_autoptr(GError) error = NULL;

  console->sms_pg =
      anyi_sms_pg_sender_new(settings->ledger_connection, NULL, settings->hall_name, &error);
  if (!console->sms_pg || !anyi_sms_pg_sender_start(console->sms_pg, SMS_INTERVAL_S, &error))
    g_warning("anyi-window: no messages to citizens from this console: %s", error->message);
}

static void
on_activate(GtkApplication *app, Console *console)
{
  g_autofree char *path = anyi_store_default_path();
  g_autoptr(GError) error = NULL;
  g_autoptr(AnyiSettings) settings = NULL;

  if (!console->ledger) {
    settings = anyi_settings_load(NULL);
    if (on_server(settings))
      console->ledger = anyi_ledger_pg_new(settings->ledger_connection, &error);
    else if ((console->store = anyi_store_open_existing(path, &error)))
      console->ledger = anyi_ledger_sqlite_new(console->store, settings ? settings->kiosk_id : "");
    else {
      fprintf(stderr, "anyi-window: cannot open the kiosk's database %s: %s\n", path,
              error->message);
      g_application_quit(G_APPLICATION(app));
      return;
    }
    if (!console->ledger) {
      fprintf(stderr, "anyi-window: cannot open the hall's ledger: %s\n", error->message);
      g_application_quit(G_APPLICATION(app));
      return;
    }
    if (console->store)
      start_sms(console, settings);
    else
      start_sms_pg(console, settings);
  }
  gtk_window_present(GTK_WINDOW(window_console_new(app, console->store, console->ledger)));
}

int
main(int argc, char **argv)
{
  g_autoptr(GtkApplication) app = gtk_application_new("cn.anyi.Window", G_APPLICATION_NON_UNIQUE);
  Console console = {0};
  int status;

  g_signal_connect(app, "activate", G_CALLBACK(on_activate), &console);
  status = g_application_run(G_APPLICATION(app), argc, argv);
  g_clear_pointer(&console.sms, anyi_sms_sender_free);
  g_clear_pointer(&console.sms_pg, anyi_sms_pg_sender_free);
  g_clear_object(&console.ledger);
  g_clear_pointer(&console.store, anyi_store_close);
  return status;
}
