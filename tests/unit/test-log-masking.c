/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <glib/gstdio.h>
#include <string.h>
/* The log writer must never let a whole ID number through. */
#include "log/anyi-log.h"
#include "settings/anyi-settings.h"

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

/* The same number typed with full-width digits (a pasted form, an IME). */
static void
test_masks_full_width_digits(void)
{
  g_autofree char *out = anyi_mask_id_numbers("号码：５１０７２２１９８００１０１１２３Ｘ。");
  g_assert_cmpstr(out, ==, "号码：５１０***********１２３Ｘ。");
}

static void
test_masks_numbers_glued_to_letters(void)
{
  g_autofree char *out = anyi_mask_id_numbers("ID110101199003076534 and no51072219800101123Xok");
  g_assert_cmpstr(out, ==, "ID110***********6534 and no510***********123Xok");
}

/* Foreigner's permanent residence: the old 15-character number (nationality
 * + 12 digits) and the new 18-digit one (starting with 9). */
static void
test_masks_foreign_permanent_residence(void)
{
  g_autofree char *old = anyi_mask_id_numbers("card USA110065080112 read");
  g_autofree char *glued = anyi_mask_id_numbers("no.CAN310000830801,");
  g_autofree char *new = anyi_mask_id_numbers("number=932000198001010013");
  g_assert_cmpstr(old, ==, "card USA********0112 read");
  g_assert_cmpstr(glued, ==, "no.CAN********0801,");
  g_assert_cmpstr(new, ==, "number=932***********0013");
}

static void
test_masks_hk_mo_tw_permits(void)
{
  g_autofree char *out =
      anyi_mask_id_numbers("HK810000199001011230 MO:820000199001011232 permitTW830000199001011234");
  g_assert_cmpstr(out, ==, "HK810***********1230 MO:820***********1232 permitTW830***********1234");
}

static void
test_masks_travel_permits(void)
{
  g_autofree char *out = anyi_mask_id_numbers(
      "pass H12345678, old M1234567890; exit C87654321 CA1234567 Taiwan L11223344");
  g_assert_cmpstr(out, ==,
                  "pass H******78, old M********90; exit C******21 CA*****67 Taiwan L******44");
}

/* The 台胞证's 8 digits look like a date or a count: masked where the line
 * names the card, left alone where it does not. */
static void
test_masks_taiwan_compatriot_permit(void)
{
  g_autofree char *named = anyi_mask_id_numbers("证件：台胞证 号码 12345678，有效期至 20300101");
  g_autofree char *full = anyi_mask_id_numbers("臺灣居民來往大陸通行證１２３４５６７８９０");
  g_autofree char *date = anyi_mask_id_numbers("printed 20261206 job 12345678");

  g_assert_cmpstr(named, ==, "证件：台胞证 号码 1*****78，有效期至 20300101");
  g_assert_cmpstr(full, ==, "臺灣居民來往大陸通行證１*******９０");
  g_assert_cmpstr(date, ==, "printed 20261206 job 12345678");
}

/* A valid ID inside a longer run of digits is masked; the run around it
 * is not an ID and stays readable. */
static void
test_masks_id_inside_long_run(void)
{
  g_autofree char *out = anyi_mask_id_numbers("order 20261207110101199003076536");
  g_assert_cmpstr(out, ==, "order 20261207110***********6536");
}

static void
test_survives_invalid_utf8(void)
{
  g_autofree char *out = anyi_mask_id_numbers("\xff\xfe"
                                              "110101199003076534\xc3");
  g_assert_cmpstr(out, ==,
                  "\xff\xfe"
                  "110***********6534\xc3");
}

static guint
count_files(const char *dir)
{
  g_autoptr(GDir) listing = g_dir_open(dir, 0, NULL);
  guint n = 0;

  while (listing && g_dir_read_name(listing))
    n++;
  return n;
}

/* The log never fills the disk: past its size it moves to kiosk.log.1 and
 * only the configured number of old files is kept. */
static void
test_log_file_rotates_by_size(void)
{
  g_autofree char *dir = g_dir_make_tmp("anyi-log-XXXXXX", NULL);
  g_autofree char *path = g_build_filename(dir, "kiosk.log", NULL);
  g_autofree char *first = g_build_filename(dir, "kiosk.log.1", NULL);
  g_autofree char *third = g_build_filename(dir, "kiosk.log.3", NULL);
  GStatBuf st;

  anyi_log_set_file_rotated(path, 4096, 2);
  for (int i = 0; i < 400; i++)
    g_message("line %d of a long day at the kiosk", i);
  anyi_log_set_file(NULL);
  g_assert_cmpint(g_stat(path, &st), ==, 0);
  g_assert_cmpint(st.st_size, <, 4096);
  g_assert_cmpint(g_stat(first, &st), ==, 0);
  g_assert_cmpint(st.st_size, >=, 4096);
  g_assert_false(g_file_test(third, G_FILE_TEST_EXISTS));
  g_assert_cmpuint(count_files(dir), ==, 3);
  g_assert_cmpint(g_stat(path, &st), ==, 0);
  g_assert_cmpint(st.st_mode & 0777, ==, 0600);
  g_assert_cmpint(g_stat(first, &st), ==, 0);
  g_assert_cmpint(st.st_mode & 0777, ==, 0600);
  for (const char *name; count_files(dir) > 0;) {
    g_autoptr(GDir) listing = g_dir_open(dir, 0, NULL);
    while ((name = g_dir_read_name(listing))) {
      g_autofree char *file = g_build_filename(dir, name, NULL);
      g_unlink(file);
    }
  }
  g_rmdir(dir);
}

/* The log's folder is made (0700) before the log is opened, and a log
 * left readable by others is fixed. */
static void
test_log_file_folder_made_first(void)
{
  g_autofree char *dir = g_dir_make_tmp("anyi-log-XXXXXX", NULL);
  g_autofree char *logs = g_build_filename(dir, "logs", NULL);
  g_autofree char *path = g_build_filename(logs, "kiosk.log", NULL);
  GStatBuf st;

  anyi_log_set_file(path);
  g_message("first line");
  anyi_log_set_file(NULL);
  g_assert_cmpint(g_stat(logs, &st), ==, 0);
  g_assert_cmpint(st.st_mode & 0777, ==, 0700);
  g_assert_cmpint(g_stat(path, &st), ==, 0);
  g_assert_cmpint(st.st_mode & 0777, ==, 0600);
  g_assert_cmpint(st.st_size, >, 0);
  g_chmod(path, 0644);
  anyi_log_set_file(path);
  anyi_log_set_file(NULL);
  g_assert_cmpint(g_stat(path, &st), ==, 0);
  g_assert_cmpint(st.st_mode & 0777, ==, 0600);
  g_unlink(path);
  g_rmdir(logs);
  g_rmdir(dir);
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

/* A hall sets the log's size and how many old logs it keeps. */
static void
test_rotation_is_configurable(void)
{
  g_autofree char *dir = g_dir_make_tmp("anyi-log-XXXXXX", NULL);
  g_autofree char *conf = g_build_filename(dir, "kiosk.conf", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(AnyiSettings) defaults = NULL;
  g_autoptr(AnyiSettings) hall = NULL;

  g_unsetenv("ANYI_CONFIG");
  defaults = anyi_settings_load(&error);
  g_assert_no_error(error);
  g_assert_cmpint(defaults->log_max_kb, ==, 1024);
  g_assert_cmpint(defaults->log_keep, ==, 5);
  g_assert_true(g_file_set_contents(conf, "[store]\nlog-max-kb=64\nlog-keep=2\n", -1, NULL));
  g_setenv("ANYI_CONFIG", conf, TRUE);
  hall = anyi_settings_load(&error);
  g_assert_no_error(error);
  g_assert_cmpint(hall->log_max_kb, ==, 64);
  g_assert_cmpint(hall->log_keep, ==, 2);
  g_assert_true(g_file_set_contents(conf, "[store]\nlog-max-kb=1\n", -1, NULL));
  g_assert_null(anyi_settings_load(&error));
  g_assert_nonnull(strstr(error->message, "log-max-kb"));
  g_unsetenv("ANYI_CONFIG");
  g_unlink(conf);
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
  g_test_add_func("/log/masks-full-width", test_masks_full_width_digits);
  g_test_add_func("/log/masks-glued", test_masks_numbers_glued_to_letters);
  g_test_add_func("/log/masks-foreign-permanent", test_masks_foreign_permanent_residence);
  g_test_add_func("/log/masks-hk-mo-tw-permits", test_masks_hk_mo_tw_permits);
  g_test_add_func("/log/masks-travel-permits", test_masks_travel_permits);
  g_test_add_func("/log/masks-taiwan-compatriot-permit", test_masks_taiwan_compatriot_permit);
  g_test_add_func("/log/masks-id-in-long-run", test_masks_id_inside_long_run);
  g_test_add_func("/log/survives-invalid-utf8", test_survives_invalid_utf8);
  g_test_add_func("/log/rotates-by-size", test_log_file_rotates_by_size);
  g_test_add_func("/log/folder-made-first", test_log_file_folder_made_first);
  g_test_add_func("/log/rotation-configurable", test_rotation_is_configurable);
  return g_test_run();
}
