/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <glib/gstdio.h>
#include <string.h>
/* The log writer must never let a whole ID number through. */
#include "log/anyi-log.h"

static void
test_masks_18_digit_numbers(void)
{
  g_autofree char *out = anyi_mask_id_numbers("read card 51072219800101123X ok");
  g_assert_cmpstr(out, ==, "read card 510***********123X ok");
}

static void
test_masks_15_digit_numbers(void)
{
  g_autofree char *out = anyi_mask_id_numbers("old 510722800101123");
  g_assert_cmpstr(out, ==, "old 510********1123");
}

static void
test_masks_every_number_in_a_line(void)
{
  g_autofree char *out = anyi_mask_id_numbers("a=110101199003076534,b=51072219800101123x.");
  g_assert_cmpstr(out, ==, "a=110***********6534,b=510***********123x.");
}

static void
test_leaves_other_numbers(void)
{
  /* phone numbers, case numbers, longer serials are not ID numbers */
  const char *text = "phone 13800138000 case A-1234 serial 12345678901234567890123";
  g_autofree char *out = anyi_mask_id_numbers(text);
  g_assert_cmpstr(out, ==, text);
}

static void
test_writer_masks_log_file(void)
{
  g_autofree char *dir = g_dir_make_tmp("anyi-log-XXXXXX", NULL);
  g_autofree char *path = g_build_filename(dir, "kiosk.log", NULL);
  g_autofree char *contents = NULL;

  anyi_log_set_file(path);
  g_message("citizen %s placed a card", "51072219800101123X");
  anyi_log_set_file(NULL);
  g_assert_true(g_file_get_contents(path, &contents, NULL, NULL));
  g_assert_nonnull(strstr(contents, "citizen 510***********123X placed a card"));
  g_assert_null(strstr(contents, "51072219800101123X"));
  g_unlink(path);
  g_rmdir(dir);
}

int
main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  anyi_log_install();
  g_test_add_func("/log/masks-18", test_masks_18_digit_numbers);
  g_test_add_func("/log/masks-15", test_masks_15_digit_numbers);
  g_test_add_func("/log/masks-all", test_masks_every_number_in_a_line);
  g_test_add_func("/log/leaves-others", test_leaves_other_numbers);
  g_test_add_func("/log/writer-masks-file", test_writer_masks_log_file);
  return g_test_run();
}
