/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-initials.c: finding a service by the pinyin initials of its title,
 * with the readings of Debian's luna_pinyin.dict.yaml: every service of
 * assets/services is found by the initials of its whole name, and the
 * readings a citizen would not guess (入 "ri", weighed 0%) are not used. */
#include "catalogue/catalogue.h"
#include "input/anyi-initials.h"

#include <glib/gstdio.h>

static AnyiInitials *
load(const char *titles)
{
  g_autoptr(GError) error = NULL;
  AnyiInitials *initials = anyi_initials_load(anyi_initials_default_dict(), titles, &error);

  if (!initials && g_error_matches(error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND)) {
    g_test_skip("rime-data-luna-pinyin is not installed");
    return NULL;
  }
  g_assert_no_error(error);
  return initials;
}

static void
test_household_move_in(void)
{
  g_autoptr(AnyiInitials) initials = load("户口迁入（准予迁入）身份证到期换领");

  if (!initials)
    return;
  g_assert_true(anyi_initials_match(initials, "户口迁入（准予迁入）", "hkqr"));
  g_assert_true(anyi_initials_match(initials, "户口迁入（准予迁入）", "HKQR"));
  g_assert_true(anyi_initials_match(initials, "户口迁入（准予迁入）", "h k q r"));
  /* from any character on, across the bracket */
  g_assert_true(anyi_initials_match(initials, "户口迁入（准予迁入）", "qrzy"));
  /* 入 is read ru; ri is weighed 0% */
  g_assert_false(anyi_initials_match(initials, "户口迁入（准予迁入）", "hkqi"));
  g_assert_false(anyi_initials_match(initials, "身份证到期换领", "hkqr"));
  /* Chinese typed or written is matched as text */
  g_assert_true(anyi_initials_match(initials, "户口迁入（准予迁入）", "迁入"));
  g_assert_false(anyi_initials_match(initials, "户口迁入（准予迁入）", ""));
  g_assert_false(anyi_initials_match(initials, "户口迁入（准予迁入）", "123"));
}

/* Every title's characters have readings in the dictionary (a title typed
 * as text finds itself), and titles with characters of several readings
 * (无 mo/wu, 约) are found by the initials a citizen would type. */
static void
test_every_service(void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = anyi_catalogue_default_dir();
  g_autoptr(AnyiCatalogue) catalogue = anyi_catalogue_load(dir, &error);
  g_autoptr(GString) titles = g_string_new(NULL);
  g_autoptr(AnyiInitials) initials = NULL;

  g_assert_no_error(error);
  for (guint i = 0; i < anyi_catalogue_get_n_services(catalogue); i++)
    g_string_append(titles, anyi_catalogue_get_service(catalogue, i)->names.zh);
  initials = load(titles->str);
  if (!initials)
    return;
  for (guint i = 0; i < anyi_catalogue_get_n_services(catalogue); i++) {
    const char *name = anyi_catalogue_get_service(catalogue, i)->names.zh;
    g_assert_true(anyi_initials_match(initials, name, name));
  }
  g_assert_true(anyi_initials_match(initials, "无犯罪记录证明", "wfzjlzm"));
  g_assert_true(anyi_initials_match(initials, "身份证到期换领", "sfzdqhl"));
  g_assert_true(anyi_initials_match(initials, "居住证签注", "jzzqz"));
}

static void
test_missing_dictionary(void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AnyiInitials) initials =
      anyi_initials_load("/nonexistent/luna.dict.yaml", "户", &error);

  g_assert_null(initials);
  g_assert_error(error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
}

int
main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/initials/household-move-in", test_household_move_in);
  g_test_add_func("/initials/every-service", test_every_service);
  g_test_add_func("/initials/missing-dictionary", test_missing_dictionary);
  return g_test_run();
}
