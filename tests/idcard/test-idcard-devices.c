/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The reader table a hall edits: the shipped one loads, and each kind of
 * mistake is refused with the entry and the problem named. */
#include "idcard/idcard-devices.h"

#include <anyi-config.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <string.h>

static void
test_shipped_table(void)
{
  g_autofree char *path = g_build_filename(ANYI_ASSETS_DIR_DEFAULT, ANYI_IDCARD_DEVICE_TABLE, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) table = anyi_idcard_device_table_load(path, &error);
  g_assert_no_error(error);
  g_assert_cmpuint(table->len, ==, 5);
  const AnyiIdcardReaderModel *bulk = anyi_idcard_device_table_match(table, 0x0400, 0xC35A);
  g_assert_cmpint(bulk->transport, ==, ANYI_IDCARD_TRANSPORT_BULK);
  const AnyiIdcardReaderModel *hid = anyi_idcard_device_table_match(table, 0x2B8B, 0x2721);
  g_assert_cmpint(hid->transport, ==, ANYI_IDCARD_TRANSPORT_HID);
  const AnyiIdcardReaderModel *cp = anyi_idcard_device_table_match(table, 0x10C4, 0xEA60);
  g_assert_cmpint(cp->transport, ==, ANYI_IDCARD_TRANSPORT_SERIAL);
  g_assert_cmpint(cp->bridge, ==, ANYI_USB_SERIAL_CP210X);
  g_assert_cmpuint(cp->baud, ==, 115200);
  g_assert_null(anyi_idcard_device_table_match(table, 0x1234, 0x5678));
}

static void
assert_refused(const char *json, const char *problem)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp("idcard-table-XXXXXX", &error);
  g_autofree char *path = g_build_filename(dir, "readers.json", NULL);
  g_assert_true(g_file_set_contents(path, json, -1, NULL));
  g_assert_null(anyi_idcard_device_table_load(path, &error));
  g_test_message("%s", error->message);
  g_assert_nonnull(error);
  g_assert_nonnull(strstr(error->message, problem));
  g_unlink(path);
  g_rmdir(dir);
}

#define ENTRY(vid, pid, transport, extra)                                                          \
  "{\"vid\": \"" vid "\", \"pid\": \"" pid "\", \"transport\": \"" transport                       \
  "\", \"name\": \"r\"" extra "}"

static void
test_mistakes_refused(void)
{
  assert_refused("[]", "\"readers\" array");
  assert_refused("{\"readers\": [" ENTRY("40", "c35a", "bulk", "") "]}", "reader 0 needs \"vid\"");
  assert_refused("{\"readers\": [" ENTRY("0400", "c35g", "bulk", "") "]}", "\"pid\"");
  assert_refused("{\"readers\": [" ENTRY("0400", "c35a", "usb", "") "]}", "\"transport\"");
  assert_refused("{\"readers\": [" ENTRY("0400", "c35a", "serial-ftdi", "") "]}", "\"transport\"");
  assert_refused("{\"readers\": [" ENTRY("1a86", "7523", "serial-ch340", ", \"baud\": 12345") "]}",
                 "\"baud\"");
  assert_refused("{\"readers\": [{\"vid\": \"0400\", \"pid\": \"c35a\", \"transport\": \"bulk\"}]}",
                 "needs a \"name\"");
  assert_refused("{\"readers\": [" ENTRY("0400", "c35a", "bulk", "") ", " ENTRY("0400", "C35A",
                                                                                "hid", "") "]}",
                 "0400:c35a is listed twice");
  assert_refused("{\"readers\": [3]}", "reader 0 is not an object");
  assert_refused("{not json", "readers.json");
}

int
main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/idcard/devices/shipped-table", test_shipped_table);
  g_test_add_func("/idcard/devices/mistakes-refused", test_mistakes_refused);
  return g_test_run();
}
