/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Form answers are checked by the validator the catalogue names, and each
 * refusal comes with a sentence the citizen can act on. */
#include "catalogue/catalogue-fields.h"

static AnyiFormField
field(AnyiFieldValidator validator, gboolean required)
{
  return (AnyiFormField){
      .id = "f", .label = {"字段", "field"}, .validator = validator, .required = required};
}

static void
test_mobile(void)
{
  AnyiFormField f = field(ANYI_FIELD_MOBILE, TRUE);
  g_assert_cmpint(anyi_form_field_check(&f, "13812345678", NULL), ==, ANYI_FIELD_OK);
  g_assert_cmpint(anyi_form_field_check(&f, "19912345678", NULL), ==, ANYI_FIELD_OK);
  g_assert_cmpint(anyi_form_field_check(&f, "12812345678", NULL), ==, ANYI_FIELD_BAD_FORMAT);
  g_assert_cmpint(anyi_form_field_check(&f, "1381234567", NULL), ==, ANYI_FIELD_BAD_FORMAT);
  g_assert_cmpint(anyi_form_field_check(&f, "138123456789", NULL), ==, ANYI_FIELD_BAD_FORMAT);
  g_assert_cmpint(anyi_form_field_check(&f, "1381234567a", NULL), ==, ANYI_FIELD_BAD_FORMAT);
  g_assert_cmpint(anyi_form_field_check(&f, "", NULL), ==, ANYI_FIELD_EMPTY);
  g_assert_cmpstr(anyi_field_problem_text(&f, ANYI_FIELD_BAD_FORMAT)->zh, ==,
                  "请输入11位手机号码。");
}

static void
test_chinese_name(void)
{
  AnyiFormField f = field(ANYI_FIELD_CHINESE_NAME, TRUE);
  g_assert_cmpint(anyi_form_field_check(&f, "张三", NULL), ==, ANYI_FIELD_OK);
  g_assert_cmpint(anyi_form_field_check(&f, "欧阳娜娜", NULL), ==, ANYI_FIELD_OK);
  g_assert_cmpint(anyi_form_field_check(&f, "买买提·艾力", NULL), ==, ANYI_FIELD_OK);
  g_assert_cmpint(anyi_form_field_check(&f, "张", NULL), ==, ANYI_FIELD_BAD_FORMAT);
  g_assert_cmpint(anyi_form_field_check(&f, "·艾力", NULL), ==, ANYI_FIELD_BAD_FORMAT);
  g_assert_cmpint(anyi_form_field_check(&f, "艾力·", NULL), ==, ANYI_FIELD_BAD_FORMAT);
  g_assert_cmpint(anyi_form_field_check(&f, "买买提··艾力", NULL), ==, ANYI_FIELD_BAD_FORMAT);
  g_assert_cmpint(anyi_form_field_check(&f, "Zhang San", NULL), ==, ANYI_FIELD_BAD_FORMAT);
  g_assert_cmpint(anyi_form_field_check(&f, "张3", NULL), ==, ANYI_FIELD_BAD_FORMAT);
}

static void
test_date(void)
{
  AnyiFormField f = field(ANYI_FIELD_DATE, TRUE);
  g_autoptr(GDate) today = g_date_new_dmy(30, 11, 2026);
  g_assert_cmpint(anyi_form_field_check(&f, "2024-02-29", today), ==, ANYI_FIELD_OK);
  g_assert_cmpint(anyi_form_field_check(&f, "2025-02-29", today), ==, ANYI_FIELD_BAD_FORMAT);
  g_assert_cmpint(anyi_form_field_check(&f, "2025-2-28", today), ==, ANYI_FIELD_BAD_FORMAT);
  g_assert_cmpint(anyi_form_field_check(&f, "2025/02/28", today), ==, ANYI_FIELD_BAD_FORMAT);
  f.date_range = ANYI_DATE_PAST;
  g_assert_cmpint(anyi_form_field_check(&f, "2026-11-30", today), ==, ANYI_FIELD_OK);
  g_assert_cmpint(anyi_form_field_check(&f, "2026-12-01", today), ==, ANYI_FIELD_DATE_OUT_OF_RANGE);
  f.date_range = ANYI_DATE_FUTURE;
  g_assert_cmpint(anyi_form_field_check(&f, "2026-11-29", today), ==, ANYI_FIELD_DATE_OUT_OF_RANGE);
  g_assert_cmpstr(anyi_field_problem_text(&f, ANYI_FIELD_DATE_OUT_OF_RANGE)->en, ==,
                  "Enter today's date or a later one.");
}

static void
test_choice(void)
{
  static const AnyiChoice choices[] = {{"window", {"窗口", "window"}}, {"post", {"邮寄", "post"}}};
  AnyiFormField f = field(ANYI_FIELD_CHOICE, TRUE);
  f.choices = choices;
  f.n_choices = G_N_ELEMENTS(choices);
  g_assert_cmpint(anyi_form_field_check(&f, "post", NULL), ==, ANYI_FIELD_OK);
  g_assert_cmpint(anyi_form_field_check(&f, "courier", NULL), ==, ANYI_FIELD_NOT_A_CHOICE);
}

static void
test_text(void)
{
  AnyiFormField f = field(ANYI_FIELD_TEXT, FALSE);
  f.max_length = 4;
  g_assert_cmpint(anyi_form_field_check(&f, NULL, NULL), ==, ANYI_FIELD_OK);
  g_assert_cmpint(anyi_form_field_check(&f, "安居区好", NULL), ==, ANYI_FIELD_OK);
  g_assert_cmpint(anyi_form_field_check(&f, "安居区很好", NULL), ==, ANYI_FIELD_TOO_LONG);
  g_assert_cmpint(anyi_form_field_check(&f, "a\nb", NULL), ==, ANYI_FIELD_BAD_FORMAT);
  g_assert_cmpint(anyi_form_field_check(&f, "\xff\xfe", NULL), ==, ANYI_FIELD_BAD_FORMAT);
  g_assert_cmpstr(anyi_field_problem_name(ANYI_FIELD_TOO_LONG), ==, "too-long");
}

static void
test_id_number(void)
{
  AnyiFormField f = field(ANYI_FIELD_ID_NUMBER, TRUE);
  g_assert_cmpint(anyi_form_field_check(&f, "11010519491231002X", NULL), ==, ANYI_FIELD_OK);
  g_assert_cmpint(anyi_form_field_check(&f, "11010519491231002x", NULL), ==, ANYI_FIELD_OK);
  g_assert_cmpint(anyi_form_field_check(&f, "110105194912310021", NULL), ==, ANYI_FIELD_BAD_FORMAT);
  g_assert_cmpint(anyi_form_field_check(&f, "110105194913310025", NULL), ==, ANYI_FIELD_BAD_FORMAT);
  g_assert_cmpint(anyi_form_field_check(&f, "110105491231002", NULL), ==, ANYI_FIELD_BAD_FORMAT);
}

int
main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/catalogue/fields/mobile", test_mobile);
  g_test_add_func("/catalogue/fields/chinese-name", test_chinese_name);
  g_test_add_func("/catalogue/fields/date", test_date);
  g_test_add_func("/catalogue/fields/choice", test_choice);
  g_test_add_func("/catalogue/fields/text", test_text);
  g_test_add_func("/catalogue/fields/id-number", test_id_number);
  return g_test_run();
}
