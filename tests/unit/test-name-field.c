/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-name-field.c: a name field takes every name a resident ID card can
 * hold, and refuses what is not a name, with a sentence the citizen can act
 * on. */
#include "catalogue/catalogue-fields.h"

#include <string.h>

static const AnyiFormField name_field = {
    .id = "applicant-name",
    .validator = ANYI_FIELD_CHINESE_NAME,
    .required = TRUE,
};

static AnyiFieldProblem
check(const char *value)
{
  return anyi_form_field_check(&name_field, value, NULL);
}

static void
test_names_taken(void)
{
  static const char *const names[] = {
      "张三",
      "阿依古丽·买买提", /* a name of several parts, with the card's middle dot */
      "王䶮",            /* 䶮 (yǎn): CJK extension A, outside GB2312 */
      "𠮷田",            /* extension B, outside the Basic Multilingual Plane */
      "李\xee\x80\x81",  /* U+E001: a rare character as the card's PUA code */
      "爱新觉罗·玄烨",
      "欧阳娜娜娜娜娜娜娜娜娜娜娜娜娜", /* 15 characters: the most a card's name field holds */
  };

  for (guint i = 0; i < G_N_ELEMENTS(names); i++) {
    g_test_message("%s", names[i]);
    g_assert_cmpint(check(names[i]), ==, ANYI_FIELD_OK);
  }
}

static void
test_names_refused(void)
{
  static const char *const not_names[] = {
      "Zhang San", "张",
      "·张三",     "张三·",
      "张··三",    "张 三",
      "张3",       "张三张三张三张三张三张三张三张三张三张三张", /* 21 characters */
  };

  for (guint i = 0; i < G_N_ELEMENTS(not_names); i++) {
    g_test_message("%s", not_names[i]);
    g_assert_cmpint(check(not_names[i]), ==, ANYI_FIELD_BAD_FORMAT);
  }
  g_assert_cmpint(check(""), ==, ANYI_FIELD_EMPTY);
  /* the sentence says what to do, including the dot */
  g_assert_nonnull(strstr(anyi_field_problem_text(&name_field, ANYI_FIELD_BAD_FORMAT)->zh, "·"));
}

int
main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/name-field/taken", test_names_taken);
  g_test_add_func("/name-field/refused", test_names_refused);
  return g_test_run();
}
