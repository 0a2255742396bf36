/* SPDX-License-Identifier: GPL-3.0-or-later */
/* catalogue-fields.c: checking a citizen's answer to a form field. */
#include "catalogue-fields.h"

#include <stdlib.h>
#include <string.h>

/* Shortest and longest Chinese names the household register holds, in
 * characters; longer ones (transliterated names of several parts) exist
 * but are handled at a window. */
#define NAME_MIN_CHARS 2
#define NAME_MAX_CHARS 20
#define NAME_SEPARATOR 0x00B7 /* · between the parts of a transliterated name */

static gboolean
is_mobile(const char *value)
{
  if (strlen(value) != 11 || value[0] != '1' || value[1] < '3' || value[1] > '9')
    return FALSE;
  for (const char *p = value; *p; p++)
    if (!g_ascii_isdigit(*p))
      return FALSE;
  return TRUE;
}

/* Characters a resident ID card may carry in a name: Han characters of any
 * plane (䶮 U+4DAE, 𠮷 U+20BB7), and the Private Use Area, where the card and
 * the public security's rare-character table put characters Unicode lacks.
 * Whatever a card holds, the form must take back. */
static gboolean
is_name_character(gunichar c)
{
  return g_unichar_get_script(c) == G_UNICODE_SCRIPT_HAN || (c >= 0xE000 && c <= 0xF8FF);
}

static gboolean
is_chinese_name(const char *value)
{
  glong length = g_utf8_strlen(value, -1);
  gunichar previous = NAME_SEPARATOR; /* so a leading separator fails */

  if (length < NAME_MIN_CHARS || length > NAME_MAX_CHARS)
    return FALSE;
  for (const char *p = value; *p; p = g_utf8_next_char(p)) {
    gunichar c = g_utf8_get_char(p);
    if (c == NAME_SEPARATOR) {
      if (previous == NAME_SEPARATOR)
        return FALSE;
    } else if (!is_name_character(c)) {
      return FALSE;
    }
    previous = c;
  }
  return previous != NAME_SEPARATOR;
}

/* Parses YYYY-MM-DD strictly; FALSE if it is not a real date. */
static gboolean
parse_date(const char *value, GDate *out)
{
  if (strlen(value) != 10 || value[4] != '-' || value[7] != '-')
    return FALSE;
  for (int i = 0; i < 10; i++)
    if (i != 4 && i != 7 && !g_ascii_isdigit(value[i]))
      return FALSE;
  int year = atoi(value), month = atoi(value + 5), day = atoi(value + 8);
  if (!g_date_valid_dmy(day, month, year))
    return FALSE;
  g_date_set_dmy(out, day, month, year);
  return TRUE;
}

static AnyiFieldProblem
check_date(const AnyiFormField *field, const char *value, const GDate *today)
{
  GDate date;
  g_date_clear(&date, 1);
  if (!parse_date(value, &date))
    return ANYI_FIELD_BAD_FORMAT;
  int order = g_date_compare(&date, today);
  if ((field->date_range == ANYI_DATE_PAST && order > 0) ||
      (field->date_range == ANYI_DATE_FUTURE && order < 0))
    return ANYI_FIELD_DATE_OUT_OF_RANGE;
  return ANYI_FIELD_OK;
}

static AnyiFieldProblem
check_text(const AnyiFormField *field, const char *value)
{
  if (!g_utf8_validate(value, -1, NULL))
    return ANYI_FIELD_BAD_FORMAT;
  for (const char *p = value; *p; p = g_utf8_next_char(p))
    if (g_unichar_iscntrl(g_utf8_get_char(p)))
      return ANYI_FIELD_BAD_FORMAT;
  return g_utf8_strlen(value, -1) > (glong)field->max_length ? ANYI_FIELD_TOO_LONG : ANYI_FIELD_OK;
}

/* GB 11643-1999: 17 digits with a valid birth date, then a check character
 * from the weighted sum. A lower-case x is accepted, as citizens type it. */
static gboolean
is_id_number(const char *value)
{
  static const int weights[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
  static const char check_chars[] = "10X98765432";
  int sum = 0;

  if (strlen(value) != 18)
    return FALSE;
  for (int i = 0; i < 17; i++) {
    if (!g_ascii_isdigit(value[i]))
      return FALSE;
    sum += (value[i] - '0') * weights[i];
  }
  char birth[11] = {value[6],  value[7], value[8],  value[9],  '-', value[10],
                    value[11], '-',      value[12], value[13], '\0'};
  GDate date;
  g_date_clear(&date, 1);
  return parse_date(birth, &date) && g_ascii_toupper(value[17]) == check_chars[sum % 11];
}

static AnyiFieldProblem
check_choice(const AnyiFormField *field, const char *value)
{
  for (guint i = 0; i < field->n_choices; i++)
    if (g_str_equal(field->choices[i].id, value))
      return ANYI_FIELD_OK;
  return ANYI_FIELD_NOT_A_CHOICE;
}

AnyiFieldProblem
anyi_form_field_check(const AnyiFormField *field, const char *value, const GDate *today)
{
  g_return_val_if_fail(field != NULL, ANYI_FIELD_BAD_FORMAT);
  if (!value || !*value)
    return field->required ? ANYI_FIELD_EMPTY : ANYI_FIELD_OK;
  if (!g_utf8_validate(value, -1, NULL))
    return ANYI_FIELD_BAD_FORMAT;
  switch (field->validator) {
  case ANYI_FIELD_MOBILE:
    return is_mobile(value) ? ANYI_FIELD_OK : ANYI_FIELD_BAD_FORMAT;
  case ANYI_FIELD_CHINESE_NAME:
    return is_chinese_name(value) ? ANYI_FIELD_OK : ANYI_FIELD_BAD_FORMAT;
  case ANYI_FIELD_DATE:
    g_return_val_if_fail(today != NULL, ANYI_FIELD_BAD_FORMAT);
    return check_date(field, value, today);
  case ANYI_FIELD_CHOICE:
    return check_choice(field, value);
  case ANYI_FIELD_TEXT:
    return check_text(field, value);
  case ANYI_FIELD_ID_NUMBER:
    return is_id_number(value) ? ANYI_FIELD_OK : ANYI_FIELD_BAD_FORMAT;
  }
  g_return_val_if_reached(ANYI_FIELD_BAD_FORMAT);
}

static const AnyiText format_texts[] = {
    [ANYI_FIELD_MOBILE] = {"请输入11位手机号码。", "Enter an 11-digit mobile number."},
    [ANYI_FIELD_CHINESE_NAME] =
        {"请输入中文姓名，少数民族姓名各部分之间用“·”隔开。",
         "Enter the name in Chinese characters, with \"·\" between the parts of a name."},
    [ANYI_FIELD_DATE] = {"请按“年-月-日”输入日期，例如2026-01-31。",
                         "Enter the date as year-month-day, e.g. 2026-01-31."},
    [ANYI_FIELD_CHOICE] = {"请从列出的选项中选择一项。", "Choose one of the options shown."},
    [ANYI_FIELD_ID_NUMBER] = {"请输入18位公民身份号码，最后一位可能是X。",
                              "Enter the 18-character citizen ID number; the last one may be X."},
    [ANYI_FIELD_TEXT] = {"请不要输入换行或特殊控制字符。",
                         "Please leave out line breaks and control characters."},
};

static const AnyiText empty_text = {"这一项必须填写。", "This field must be filled in."};
static const AnyiText too_long_text = {"内容太长了，请删减一些。",
                                       "That is too long; please shorten it."};
static const AnyiText past_text = {"这里应填写今天或以前的日期。",
                                   "Enter today's date or an earlier one."};
static const AnyiText future_text = {"这里应填写今天或以后的日期。",
                                     "Enter today's date or a later one."};
static const AnyiText ok_text = {"", ""};

const AnyiText *
anyi_field_problem_text(const AnyiFormField *field, AnyiFieldProblem problem)
{
  g_return_val_if_fail(field != NULL, &ok_text);
  switch (problem) {
  case ANYI_FIELD_OK:
    return &ok_text;
  case ANYI_FIELD_EMPTY:
    return &empty_text;
  case ANYI_FIELD_TOO_LONG:
    return &too_long_text;
  case ANYI_FIELD_DATE_OUT_OF_RANGE:
    return field->date_range == ANYI_DATE_PAST ? &past_text : &future_text;
  case ANYI_FIELD_BAD_FORMAT:
  case ANYI_FIELD_NOT_A_CHOICE:
    break;
  }
  return &format_texts[field->validator];
}

const char *
anyi_field_problem_name(AnyiFieldProblem problem)
{
  static const char *const names[] = {"ok",         "empty",        "too-long",
                                      "bad-format", "not-a-choice", "date-out-of-range"};
  g_return_val_if_fail(problem <= ANYI_FIELD_DATE_OUT_OF_RANGE, "unknown");
  return names[problem];
}
