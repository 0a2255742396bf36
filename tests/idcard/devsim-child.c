/* devsim-child: run by anyi-devsim in test-idcard-devsim. A separate
 * process that reads cards through libusb from the launcher's emulated
 * reader and scripts it over the control socket. */
#include "idcard/idcard-reader.h"

#include <gio/gio.h>
#include <gio/gunixsocketaddress.h>
#include <stdio.h>
#include <string.h>

static GSocketConnection *control;
static GDataInputStream *replies;

static void
send_command(const char *command)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *line = g_strconcat(command, "\n", NULL);
  GOutputStream *out = g_io_stream_get_output_stream(G_IO_STREAM(control));
  g_assert_true(g_output_stream_write_all(out, line, strlen(line), NULL, NULL, &error));
  g_autofree char *reply = g_data_input_stream_read_line_utf8(replies, NULL, NULL, &error);
  g_assert_no_error(error);
  g_assert_cmpstr(reply, ==, "ok");
}

static AnyiIdCard *
read_card(GError **error)
{
  g_autofree char *table = anyi_idcard_device_table_default_path();
  return anyi_idcard_read_once(table, 2000, NULL, error);
}

int
main(int argc, char **argv)
{
  g_autoptr(GError) error = NULL;
  const char *path = g_getenv("ANYI_DEVSIM_CONTROL");
  g_assert_nonnull(path);
  g_assert_nonnull(g_getenv("UMOCKDEV_DIR"));
  g_autoptr(GSocketClient) client = g_socket_client_new();
  g_autoptr(GSocketAddress) address = g_unix_socket_address_new(path);
  control = g_socket_client_connect(client, G_SOCKET_CONNECTABLE(address), NULL, &error);
  g_assert_no_error(error);
  replies = g_data_input_stream_new(g_io_stream_get_input_stream(G_IO_STREAM(control)));

  g_autoptr(AnyiIdCard) resident = read_card(&error);
  g_assert_no_error(error);
  g_assert_cmpint(resident->card_type, ==, ANYI_ID_CARD_TYPE_RESIDENT);

  send_command("idcard place foreign2023");
  g_autoptr(AnyiIdCard) foreign = read_card(&error);
  g_assert_no_error(error);
  g_assert_cmpint(foreign->card_type, ==, ANYI_ID_CARD_TYPE_FOREIGN_PERMANENT_2023);

  send_command("idcard unplug");
  g_autoptr(GError) gone = NULL;
  g_assert_null(read_card(&gone));
  g_assert_error(gone, ANYI_IDCARD_ERROR, ANYI_IDCARD_ERROR_NO_READER);

  send_command("idcard plug");
  send_command("idcard remove");
  g_autoptr(GError) no_card = NULL;
  g_assert_null(read_card(&no_card));
  g_assert_error(no_card, ANYI_IDCARD_ERROR, ANYI_IDCARD_ERROR_NO_CARD);

  g_object_unref(replies);
  g_object_unref(control);
  printf("devsim-child: all steps passed\n");
  return 0;
}
