/* SPDX-License-Identifier: GPL-3.0-or-later */
/* devsim-child: run by anyi-devsim in test-idcard-devsim. A separate
 * process that reads cards through libusb from the launcher's emulated
 * reader and scripts it over the control socket. */
#include "idcard/idcard-reader.h"

#include "devsim-client.h"

#include <stdio.h>
#include <string.h>

static void
send_command(const char *command)
{
  g_autoptr(GError) error = NULL;
  anyi_devsim_command(command, &error);
  g_assert_no_error(error);
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
  g_assert_nonnull(g_getenv("UMOCKDEV_DIR"));

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

  g_autoptr(GError) refused = NULL;
  g_assert_false(anyi_devsim_command("idcard place passport", &refused));
  g_assert_nonnull(strstr(refused->message, "error: card must be"));
  printf("devsim-child: all steps passed\n");
  return 0;
}
