/* SPDX-License-Identifier: GPL-3.0-or-later */
/* anyi-pg-reconnect.c: the worker that connects again
 * (anyi-pg-reconnect-private.h). */
#include "anyi-pg-reconnect-private.h"

#include "anyi-pg-ledger.h"
#include "usb/anyi-secure.h"

typedef struct {
  char *conninfo; /* may hold a password: wiped when freed */
  char *listen_channel;
} Target;

typedef struct {
  PGconn *conn;
  PGconn *listener;
} Connections;

static void
target_free(Target *target)
{
  anyi_secure_free_string(target->conninfo);
  g_free(target->listen_channel);
  g_free(target);
}

static void
connections_free(Connections *connections)
{
  g_clear_pointer(&connections->conn, PQfinish);
  g_clear_pointer(&connections->listener, PQfinish);
  g_free(connections);
}

static PGconn *
open_listener(const char *conninfo, const char *channel, GError **error)
{
  PGconn *listener = anyi_pg_ledger_connect(conninfo, error);
  g_autofree char *sql = NULL;
  PGresult *res;

  if (!listener)
    return NULL;
  sql = g_strdup_printf("LISTEN %s", channel);
  res = PQexec(listener, sql);
  if (PQresultStatus(res) != PGRES_COMMAND_OK) {
    g_set_error(error, G_IO_ERROR, G_IO_ERROR_FAILED, "LISTEN %s: %s", channel,
                PQresultErrorMessage(res));
    PQclear(res);
    PQfinish(listener);
    return NULL;
  }
  PQclear(res);
  return listener;
}

/* One try: both connections, or none. */
static Connections *
try_once(const Target *target, GError **error)
{
  Connections *connections = g_new0(Connections, 1);

  connections->conn = anyi_pg_ledger_connect(target->conninfo, error);
  if (connections->conn && target->listen_channel)
    connections->listener = open_listener(target->conninfo, target->listen_channel, error);
  if (!connections->conn || (target->listen_channel && !connections->listener)) {
    connections_free(connections);
    return NULL;
  }
  return connections;
}

/* Sleeps @seconds unless cancelled first; FALSE when cancelled. */
static gboolean
wait_unless_cancelled(GCancellable *cancellable, guint seconds)
{
  for (guint tenths = 0; tenths < seconds * 10; tenths++) {
    if (g_cancellable_is_cancelled(cancellable))
      return FALSE;
    g_usleep(G_USEC_PER_SEC / 10);
  }
  return !g_cancellable_is_cancelled(cancellable);
}

static void
reconnect_in_thread(GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  const Target *target = data;
  guint tries = 0;

  (void)source;
  for (;;) {
    g_autoptr(GError) error = NULL;
    Connections *connections = try_once(target, &error);

    tries++;
    if (connections) {
      g_message("ledger: the server is back after %u tries", tries);
      g_task_return_pointer(task, connections, (GDestroyNotify)connections_free);
      return;
    }
    if (tries == 1)
      g_message("ledger: %s; trying again every %d s", error->message, ANYI_PG_RECONNECT_SECONDS);
    if (!wait_unless_cancelled(cancellable, ANYI_PG_RECONNECT_SECONDS)) {
      g_task_return_new_error(task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "reconnection cancelled");
      return;
    }
  }
}

void
anyi_pg_reconnect_async(const char *conninfo, const char *listen_channel, GCancellable *cancellable,
                        GAsyncReadyCallback callback, gpointer data)
{
  g_autoptr(GTask) task = g_task_new(NULL, cancellable, callback, data);
  Target *target = g_new0(Target, 1);

  target->conninfo = g_strdup(conninfo);
  target->listen_channel = g_strdup(listen_channel);
  g_task_set_source_tag(task, anyi_pg_reconnect_async);
  g_task_set_task_data(task, target, (GDestroyNotify)target_free);
  g_task_run_in_thread(task, reconnect_in_thread);
}

gboolean
anyi_pg_reconnect_finish(GAsyncResult *result, PGconn **conn, PGconn **listener, GError **error)
{
  Connections *connections = g_task_propagate_pointer(G_TASK(result), error);

  if (!connections)
    return FALSE;
  *conn = g_steal_pointer(&connections->conn);
  *listener = g_steal_pointer(&connections->listener);
  connections_free(connections);
  return TRUE;
}
