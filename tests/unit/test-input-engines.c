/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-input-engines.c: the pinyin and handwriting engines the kiosk's input
 * widget stands on, with Debian's real data (librime's luna_pinyin_simp as
 * deployed at build time, zinnia's tegaki model). */
#include "input-strokes.h"
#include "input/anyi-pinyin.h"

#include <stdlib.h>
#include <string.h>

static gboolean
contains(GPtrArray *candidates, const char *text, guint within)
{
  for (guint i = 0; i < candidates->len && i < within; i++)
    if (g_str_equal(g_ptr_array_index(candidates, i), text))
      return TRUE;
  return FALSE;
}

static gint
index_of(GPtrArray *candidates, const char *text)
{
  for (guint i = 0; i < candidates->len; i++)
    if (g_str_equal(g_ptr_array_index(candidates, i), text))
      return (gint)i;
  return -1;
}

static void
type_word(AnyiPinyin *pinyin, const char *word)
{
  for (const char *p = word; *p; p++)
    g_assert_true(anyi_pinyin_type(pinyin, *p));
}

/* A citizen types "zhangsan" and is offered 张三 on the first screen of
 * candidates; choosing it gives exactly 张三. */
static void
test_pinyin_zhangsan(void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AnyiPinyin) pinyin = anyi_pinyin_open(anyi_pinyin_default_dir(), &error);
  g_autoptr(GPtrArray) candidates = NULL;
  g_autofree char *text = NULL;
  gint at;

  g_assert_no_error(error);
  type_word(pinyin, "zhangsan");
  candidates = anyi_pinyin_get_candidates(pinyin, 9);
  g_assert_true(contains(candidates, "张三", 9));
  at = index_of(candidates, "张三");
  text = anyi_pinyin_choose(pinyin, (guint)at);
  g_assert_cmpstr(text, ==, "张三");
  g_assert_true(anyi_pinyin_is_empty(pinyin));
}

/* Choosing a single character for part of the pinyin keeps the rest for the
 * next choice, as names of rare spellings are chosen character by character. */
static void
test_pinyin_in_parts(void)
{
  g_autoptr(AnyiPinyin) pinyin = anyi_pinyin_open(anyi_pinyin_default_dir(), NULL);
  g_autoptr(GPtrArray) first = NULL;
  g_autoptr(GPtrArray) second = NULL;
  g_autofree char *partial = NULL;
  g_autofree char *text = NULL;
  g_autofree char *preedit = NULL;

  type_word(pinyin, "wangxiaoming");
  first = anyi_pinyin_get_candidates(pinyin, 40);
  g_assert_cmpint(index_of(first, "王"), >=, 0);
  partial = anyi_pinyin_choose(pinyin, (guint)index_of(first, "王"));
  g_assert_null(partial);
  preedit = anyi_pinyin_dup_preedit(pinyin);
  g_assert_true(g_str_has_prefix(preedit, "王"));
  second = anyi_pinyin_get_candidates(pinyin, 40);
  g_assert_cmpint(index_of(second, "小明"), >=, 0);
  text = anyi_pinyin_choose(pinyin, (guint)index_of(second, "小明"));
  g_assert_cmpstr(text, ==, "王小明");
}

/* Delete takes back a letter; clear empties; nothing but letters is taken,
 * and the input stops at its bound. */
static void
test_pinyin_editing(void)
{
  g_autoptr(AnyiPinyin) pinyin = anyi_pinyin_open(anyi_pinyin_default_dir(), NULL);
  g_autoptr(GPtrArray) none = NULL;
  g_autofree char *preedit = NULL;

  type_word(pinyin, "lix");
  anyi_pinyin_backspace(pinyin);
  preedit = anyi_pinyin_dup_preedit(pinyin);
  g_assert_cmpstr(preedit, ==, "li");
  g_assert_false(anyi_pinyin_type(pinyin, '1'));
  g_assert_false(anyi_pinyin_type(pinyin, 'A'));
  anyi_pinyin_clear(pinyin);
  g_assert_true(anyi_pinyin_is_empty(pinyin));
  none = anyi_pinyin_get_candidates(pinyin, 9);
  g_assert_cmpuint(none->len, ==, 0);
  for (int i = 0; i < ANYI_PINYIN_MAX_INPUT; i++)
    g_assert_true(anyi_pinyin_type(pinyin, "ba"[i % 2]));
  g_assert_false(anyi_pinyin_type(pinyin, 'a'));
}

/* What one citizen types is not offered first to the next: a session opened
 * afterwards ranks candidates as a fresh one does. */
static void
test_pinyin_learns_nothing(void)
{
  g_autoptr(GPtrArray) before = NULL;
  g_autoptr(GPtrArray) after = NULL;

  {
    g_autoptr(AnyiPinyin) fresh = anyi_pinyin_open(anyi_pinyin_default_dir(), NULL);
    type_word(fresh, "shi");
    before = anyi_pinyin_get_candidates(fresh, 9);
    /* a citizen picks the ninth candidate, three times */
    for (int i = 0; i < 3; i++) {
      g_autofree char *text = anyi_pinyin_choose(fresh, 8);
      g_assert_nonnull(text);
      type_word(fresh, "shi");
    }
  }
  {
    g_autoptr(AnyiPinyin) next = anyi_pinyin_open(anyi_pinyin_default_dir(), NULL);
    type_word(next, "shi");
    after = anyi_pinyin_get_candidates(next, 9);
  }
  g_assert_cmpuint(before->len, ==, after->len);
  for (guint i = 0; i < before->len; i++)
    g_assert_cmpstr(g_ptr_array_index(before, i), ==, g_ptr_array_index(after, i));
}

static void
test_pinyin_no_data(void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AnyiPinyin) pinyin = anyi_pinyin_open("/nonexistent", &error);

  g_assert_null(pinyin);
  g_assert_error(error, ANYI_PINYIN_ERROR, ANYI_PINYIN_ERROR_NO_DATA);
}

/* Strokes drawn in the test, as a finger would, put the character among the
 * top five candidates. */
static void
test_handwriting_top5(void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AnyiHandwriting) pad =
      anyi_handwriting_open(anyi_handwriting_default_model(), STROKE_PAD, &error);

  g_assert_no_error(error);
  for (guint i = 0; i < G_N_ELEMENTS(test_characters); i++) {
    g_autoptr(GPtrArray) found = NULL;
    draw_test_character(pad, &test_characters[i]);
    found = anyi_handwriting_recognize(pad, 5);
    g_test_message("%s: %s %s %s %s %s", test_characters[i].expected,
                   found->len > 0 ? (char *)found->pdata[0] : "",
                   found->len > 1 ? (char *)found->pdata[1] : "",
                   found->len > 2 ? (char *)found->pdata[2] : "",
                   found->len > 3 ? (char *)found->pdata[3] : "",
                   found->len > 4 ? (char *)found->pdata[4] : "");
    g_assert_true(contains(found, test_characters[i].expected, 5));
  }
}

/* Taking back the last stroke of 王 leaves 三 with a stroke through it:
 * taking back 丨 and the last 一 of 王 and redrawing gives what was meant. */
static void
test_handwriting_undo(void)
{
  g_autoptr(AnyiHandwriting) pad =
      anyi_handwriting_open(anyi_handwriting_default_model(), STROKE_PAD, NULL);
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GPtrArray) empty = NULL;

  draw_test_character(pad, &test_characters[4]); /* 王 */
  anyi_handwriting_undo_stroke(pad);
  anyi_handwriting_undo_stroke(pad);
  g_assert_cmpuint(anyi_handwriting_n_strokes(pad), ==, 2);
  found = anyi_handwriting_recognize(pad, 5);
  g_assert_true(contains(found, "二", 5));
  anyi_handwriting_clear(pad);
  empty = anyi_handwriting_recognize(pad, 5);
  g_assert_cmpuint(empty->len, ==, 0);
}

/* A finger that never lifts cannot grow the character without bound. */
static void
test_handwriting_bounded(void)
{
  g_autoptr(AnyiHandwriting) pad =
      anyi_handwriting_open(anyi_handwriting_default_model(), STROKE_PAD, NULL);
  guint accepted = 0;

  g_assert_true(anyi_handwriting_begin_stroke(pad, 0, 0));
  for (int i = 0; i < ANYI_HANDWRITING_MAX_POINTS * 2; i++)
    accepted += anyi_handwriting_add_point(pad, i % STROKE_PAD, i % 7);
  g_assert_cmpuint(accepted, ==, ANYI_HANDWRITING_MAX_POINTS - 1);
  anyi_handwriting_clear(pad);
  for (int i = 0; i < ANYI_HANDWRITING_MAX_STROKES; i++)
    g_assert_true(anyi_handwriting_begin_stroke(pad, 10, 10));
  g_assert_false(anyi_handwriting_begin_stroke(pad, 10, 10));
}

static void
test_handwriting_no_model(void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AnyiHandwriting) pad = anyi_handwriting_open("/nonexistent.model", 300, &error);

  g_assert_null(pad);
  g_assert_error(error, ANYI_HANDWRITING_ERROR, ANYI_HANDWRITING_ERROR_NO_MODEL);
}

/* The kiosk may end (a restart by the watchdog, the window closed in a test)
 * while a form page's pinyin session is still open. librime's own exit
 * clean-up then crashed in ~Poet: the process must still end cleanly. */
static void
test_pinyin_exit_with_session_open(void)
{
  if (g_test_subprocess()) {
    g_autoptr(GError) error = NULL;
    AnyiPinyin *left_open = anyi_pinyin_open(anyi_pinyin_default_dir(), &error);

    g_assert_no_error(error);
    type_word(left_open, "zhangsan");
    g_assert_nonnull(anyi_pinyin_get_candidates(left_open, 9));
    exit(0);
  }
  g_test_trap_subprocess(NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed();
}

int
main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/input/pinyin/zhangsan", test_pinyin_zhangsan);
  g_test_add_func("/input/pinyin/in-parts", test_pinyin_in_parts);
  g_test_add_func("/input/pinyin/editing", test_pinyin_editing);
  g_test_add_func("/input/pinyin/learns-nothing", test_pinyin_learns_nothing);
  g_test_add_func("/input/pinyin/no-data", test_pinyin_no_data);
  g_test_add_func("/input/pinyin/exit-with-session-open", test_pinyin_exit_with_session_open);
  g_test_add_func("/input/handwriting/top5", test_handwriting_top5);
  g_test_add_func("/input/handwriting/undo", test_handwriting_undo);
  g_test_add_func("/input/handwriting/bounded", test_handwriting_bounded);
  g_test_add_func("/input/handwriting/no-model", test_handwriting_no_model);
  return g_test_run();
}
