/* SPDX-License-Identifier: GPL-3.0-or-later */
/* anyictl ledger: the hall ledger's PostgreSQL server and this kiosk's
 * outbox towards it. */
#include "anyictl-commands.h"
#include "anyictl-store.h"
#include "ledger/outbox/anyi-outbox-pusher.h"
#include "ledger/postgres/anyi-pg-ledger.h"
#include "ledger/sms/anyi-sms-gateway-emulated.h"
#include "ledger/sms/anyi-sms-pg-sender.h"
#include "ledger/sms/anyi-sms-queue.h"
#include "ledger/sms/anyi-sms-sender.h"
#include "ledger/sms/anyi-sms-text.h"
#include "store/anyi-store-outbox.h"

#include <glib-unix.h>
#include <stdio.h>

#define USAGE                                                                                      \
  "usage: anyictl ledger migrate CONNSTR         create or upgrade the server's schema\n"          \
  "       anyictl ledger add-kiosk CONNSTR KIOSK-ID ROLE   ROLE logs in as that kiosk\n"           \
  "       anyictl ledger add-staff CONNSTR window|supervisor ROLE\n"                               \
  "       anyictl ledger staff-add CONNSTR LOGIN NAME staff|technician   PIN on stdin\n"           \
  "       anyictl ledger outbox                  entries waiting, age of the oldest\n"             \
  "       anyictl ledger push [--follow]         send the outbox to kiosk.conf's server\n"         \
  "       anyictl ledger sms list                messages to citizens, newest first\n"             \
  "       anyictl ledger sms-send                queue the due 容缺 reminders, send the queue\n" \
  "(sms: the server's queue when kiosk.conf names a ledger server, else the kiosk's)\n"            \
  "(CONNSTR is a libpq connection string, e.g. \"host=... dbname=anyi sslmode=verify-full\")\n"

static PGconn *
connect_or_say(const char *conninfo)
{
  g_autoptr(GError) error = NULL;
  PGconn *conn = anyi_pg_ledger_connect(conninfo, &error);

  if (!conn)
    fprintf(stderr, "anyictl ledger: %s\n", error->message);
  return conn;
}

static int
ledger_migrate(const char *conninfo)
{
  g_autoptr(GError) error = NULL;
  PGconn *conn = connect_or_say(conninfo);
  int from = 0, to = 0;
  gboolean ok;

  if (!conn)
    return 1;
  ok = anyi_pg_ledger_migrate(conn, &from, &to, &error);
  PQfinish(conn);
  if (!ok) {
    fprintf(stderr, "anyictl ledger migrate: %s\n", error->message);
    return 1;
  }
  if (from == to)
    printf("ledger schema: version %d, up to date\n", to);
  else
    printf("ledger schema: version %d -> %d\n", from, to);
  return 0;
}

static int
ledger_add(const char *conninfo, gboolean kiosk, const char *what, const char *role)
{
  g_autoptr(GError) error = NULL;
  PGconn *conn = connect_or_say(conninfo);
  gboolean ok;

  if (!conn)
    return 1;
  ok = kiosk ? anyi_pg_ledger_add_kiosk(conn, what, role, &error)
             : anyi_pg_ledger_add_staff(conn, what, role, &error);
  PQfinish(conn);
  if (!ok) {
    fprintf(stderr, "anyictl ledger: %s\n", error->message);
    return 1;
  }
  printf("role %s: %s %s\n", role, kiosk ? "kiosk" : what, kiosk ? what : "");
  return 0;
}

static int
ledger_outbox(void)
{
  g_autoptr(AnyiSettings) settings = anyictl_load_settings("ledger");
  g_autoptr(AnyiStore) store = settings ? anyictl_open_store("ledger", settings) : NULL;
  g_autoptr(GError) error = NULL;
  gint64 depth, age;

  if (!store)
    return 1;
  if (!anyi_store_outbox_status(store, &depth, &age, &error)) {
    fprintf(stderr, "anyictl ledger outbox: %s\n", error->message);
    return 1;
  }
  printf("outbox: %" G_GINT64_FORMAT " waiting, oldest %" G_GINT64_FORMAT " s\n", depth, age);
  return 0;
}

static gboolean
quit_loop(gpointer loop)
{
  g_main_loop_quit(loop);
  return G_SOURCE_REMOVE;
}

static int
ledger_push(gboolean follow)
{
  g_autoptr(AnyiSettings) settings = anyictl_load_settings("ledger");
  g_autoptr(AnyiOutboxPusher) pusher = NULL;
  g_autoptr(GError) error = NULL;
  guint sent = 0;

  if (!settings)
    return 1;
  pusher = anyi_outbox_pusher_new_from_settings(settings, &error);
  if (!pusher) {
    fprintf(stderr, "anyictl ledger push: %s\n",
            error ? error->message : "kiosk.conf names no ledger server ([ledger] connection)");
    return 1;
  }
  if (follow) {
    g_autoptr(GMainLoop) loop = g_main_loop_new(NULL, FALSE);
    if (!anyi_outbox_pusher_start(pusher, &error)) {
      fprintf(stderr, "anyictl ledger push: %s\n", error->message);
      return 1;
    }
    g_unix_signal_add(SIGTERM, quit_loop, loop);
    g_unix_signal_add(SIGINT, quit_loop, loop);
    g_main_loop_run(loop);
    printf("sent %" G_GUINT64_FORMAT "\n", anyi_outbox_pusher_get_sent(pusher));
    return 0;
  }
  if (!anyi_outbox_pusher_drain(pusher, &sent, &error)) {
    fprintf(stderr, "anyictl ledger push: sent %u, then: %s\n", sent, error->message);
    return 1;
  }
  printf("sent %u\n", sent);
  return 0;
}

static gboolean
on_server(const AnyiSettings *settings)
{
  return settings->ledger_connection && *settings->ledger_connection;
}

static void
print_message(const AnyiSmsMessage *message, const char *text)
{
  g_autofree char *masked = anyi_sms_mask_mobile(message->mobile);

  printf("%s\t%s\t%s\ttries %d\t%s\n", message->idempotency_key, message->state,
         message->mobile ? masked : "-", message->attempts, text ? text : "");
}

static int
ledger_sms_list_server(const AnyiSettings *settings)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) messages = NULL;
  g_autoptr(GPtrArray) texts = NULL;
  PGconn *conn = connect_or_say(settings->ledger_connection);

  if (!conn)
    return 1;
  messages = anyi_sms_pg_list(conn, 200, &texts, &error);
  PQfinish(conn);
  if (!messages) {
    fprintf(stderr, "anyictl ledger sms: %s\n", error->message);
    return 1;
  }
  for (guint i = 0; i < messages->len; i++)
    print_message(g_ptr_array_index(messages, i), g_ptr_array_index(texts, i));
  return 0;
}

/* The messages (mobile masked) and, with the emulated gateway, the texts
 * it delivered: what the demo shows of the SMS channel. */
static int
ledger_sms_list(void)
{
  g_autoptr(AnyiSettings) settings = anyictl_load_settings("ledger");
  g_autoptr(AnyiStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) messages = NULL;
  g_autoptr(GPtrArray) delivered = NULL;

  if (settings && on_server(settings))
    return ledger_sms_list_server(settings);
  store = settings ? anyictl_open_store("ledger", settings) : NULL;
  if (!store)
    return 1;
  messages = anyi_sms_queue_list(store, 200, &error);
  delivered = messages ? anyi_sms_emulated_list(store, &error) : NULL;
  if (!delivered) {
    fprintf(stderr, "anyictl ledger sms: %s\n", error->message);
    return 1;
  }
  for (guint i = 0; i < messages->len; i++) {
    const AnyiSmsMessage *message = g_ptr_array_index(messages, i);
    const char *text = "";
    for (guint j = 0; j < delivered->len; j++) {
      const AnyiSmsDelivery *delivery = g_ptr_array_index(delivered, j);
      if (g_str_equal(delivery->idempotency_key, message->idempotency_key))
        text = delivery->text;
    }
    print_message(message, text);
  }
  return 0;
}

/* On the hall's server: its queue, whichever kiosk's cases, claimed
 * message by message so that several senders at once send each once. */
static int
ledger_sms_send_server(const AnyiSettings *settings)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AnyiSmsPgSender) sender =
      anyi_sms_pg_sender_new(settings->ledger_connection, NULL, settings->hall_name, &error);
  guint added = 0, sent = 0;

  if (!sender || !anyi_sms_pg_sender_sweep(sender, NULL, &added, &error) ||
      !anyi_sms_pg_sender_drain(sender, &sent, &error)) {
    fprintf(stderr, "anyictl ledger sms-send: %s\n", error->message);
    return 1;
  }
  printf("reminders queued %u, messages sent %u\n", added, sent);
  return 0;
}

/* One pass for cron: the day's reminders, then every message due. */
static int
ledger_sms_send(void)
{
  g_autoptr(AnyiSettings) settings = anyictl_load_settings("ledger");
  g_autoptr(AnyiStore) store = NULL;
  g_autoptr(AnyiSmsGateway) gateway = NULL;
  g_autoptr(AnyiSmsSender) sender = NULL;
  g_autoptr(GError) error = NULL;
  guint added = 0, sent = 0;

  if (settings && on_server(settings))
    return ledger_sms_send_server(settings);
  store = settings ? anyictl_open_store("ledger", settings) : NULL;
  if (!store)
    return 1;
  gateway = anyi_sms_gateway_emulated_new(store);
  sender = anyi_sms_sender_new(store, gateway, settings->hall_name);
  if (!anyi_sms_sender_sweep(sender, NULL, &added, &error) ||
      !anyi_sms_sender_drain(sender, &sent, &error)) {
    fprintf(stderr, "anyictl ledger sms-send: %s\n", error->message);
    return 1;
  }
  printf("reminders queued %u, messages sent %u\n", added, sent);
  return 0;
}

int
anyictl_ledger_main(int argc, char **argv)
{
  const char *verb = argc >= 2 ? argv[1] : "";

  if (g_str_equal(verb, "migrate") && argc == 3)
    return ledger_migrate(argv[2]);
  if (g_str_equal(verb, "add-kiosk") && argc == 5)
    return ledger_add(argv[2], TRUE, argv[3], argv[4]);
  if (g_str_equal(verb, "add-staff") && argc == 5)
    return ledger_add(argv[2], FALSE, argv[3], argv[4]);
  if (g_str_equal(verb, "staff-add"))
    return anyictl_ledger_staff_add_main(argc - 1, argv + 1);
  if (g_str_equal(verb, "outbox") && argc == 2)
    return ledger_outbox();
  if (g_str_equal(verb, "push") && (argc == 2 || (argc == 3 && g_str_equal(argv[2], "--follow"))))
    return ledger_push(argc == 3);
  if (g_str_equal(verb, "sms") && argc == 3 && g_str_equal(argv[2], "list"))
    return ledger_sms_list();
  if (g_str_equal(verb, "sms-send") && argc == 2)
    return ledger_sms_send();
  fputs(USAGE, stderr);
  return 2;
}
