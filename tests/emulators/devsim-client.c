/* SPDX-License-Identifier: GPL-3.0-or-later */
/* devsim-client.c: one connection to anyi-devsim, opened on first use. */
#include "devsim-client.h"

#include <gio/gio.h>
#include <gio/gunixsocketaddress.h>
#include <string.h>

static GMutex lock;
static GSocketConnection *connection;
static GDataInputStream *replies;

static gboolean
ensure_connected(GError **error)
{
  if (connection != NULL)
    return TRUE;
  const char *path = g_getenv("ANYI_DEVSIM_CONTROL");
  if (path == NULL) {
    g_set_error(error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                "ANYI_DEVSIM_CONTROL is not set: run the program under anyi-devsim");
    return FALSE;
  }
  g_autoptr(GSocketClient) client = g_socket_client_new();
  g_autoptr(GSocketAddress) address = g_unix_socket_address_new(path);
  connection = g_socket_client_connect(client, G_SOCKET_CONNECTABLE(address), NULL, error);
  if (connection == NULL)
    return FALSE;
  replies = g_data_input_stream_new(g_io_stream_get_input_stream(G_IO_STREAM(connection)));
  return TRUE;
}

static gboolean
exchange(const char *command, GError **error)
{
  g_autofree char *line = g_strconcat(command, "\n", NULL);
  GOutputStream *out = g_io_stream_get_output_stream(G_IO_STREAM(connection));
  if (!g_output_stream_write_all(out, line, strlen(line), NULL, NULL, error))
    return FALSE;
  g_autofree char *reply = g_data_input_stream_read_line_utf8(replies, NULL, NULL, error);
  if (reply == NULL) {
    if (error != NULL && *error == NULL)
      g_set_error(error, G_IO_ERROR, G_IO_ERROR_CLOSED, "anyi-devsim closed the connection");
    return FALSE;
  }
  if (g_str_equal(reply, "ok"))
    return TRUE;
  g_set_error(error, G_IO_ERROR, G_IO_ERROR_FAILED, "anyi-devsim: %s: %s", command, reply);
  return FALSE;
}

gboolean
anyi_devsim_command(const char *command, GError **error)
{
  g_mutex_lock(&lock);
  gboolean ok = ensure_connected(error) && exchange(command, error);
  g_mutex_unlock(&lock);
  return ok;
}
