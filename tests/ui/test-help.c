/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kiosk-ui-test: 人工帮助 and 返回首页 as a citizen meets them: help before
 * any case shows where to go, with nothing to note down; leaving a case
 * asks once before it wipes what was filled in. */
#include "kiosk-ui-test.h"
#include "kiosk-window-private.h"
#include "temp-store.h"

static KioskApplication *kiosk;
static UiTestSetup setup;

static GtkWidget *
root(void)
{
  return GTK_WIDGET(ui_test_window(kiosk));
}

static void
go_to_attract(void)
{
  KioskWindow *window = ui_test_window(kiosk);

  if (g_strcmp0(kiosk_window_get_page(window), "attract") == 0)
    return;
  ui_test_go_home(root());
  ui_test_expect_page(window, "attract", 5);
}

/* A picture on screen that paints something: a QR code, here. */
static gboolean
shows_picture(GtkWidget *widget)
{
  if (!gtk_widget_get_mapped(widget))
    return FALSE;
  if (GTK_IS_PICTURE(widget) && gtk_picture_get_paintable(GTK_PICTURE(widget)))
    return TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child(widget); child;
       child = gtk_widget_get_next_sibling(child))
    if (shows_picture(child))
      return TRUE;
  return FALSE;
}

static void
shoot(const char *file_name)
{
  ui_test_shoot(root(), "ANYI_TEST_SHOTS", file_name);
}

static void
set_large_text(gboolean on)
{
  gtk_toggle_button_set_active(ui_test_window(kiosk)->large_text_button, on);
}

/* Before any case there is no number to note and nothing to scan. */
static void
test_help_from_attract(void)
{
  KioskWindow *window = ui_test_window(kiosk);

  for (int large = 0; large <= 1; large++) {
    go_to_attract();
    set_large_text(large);
    ui_test_click(root(), "人工帮助");
    ui_test_expect_page(window, "help", 5);
    ui_test_click(root(), "去窗口办理");
    ui_test_expect_page(window, "finish", 5);
    g_assert_false(ui_test_shows_text(root(), "业务编号"));
    g_assert_false(ui_test_shows_text(root(), "—"));
    g_assert_false(ui_test_shows_text(root(), "凭条没能打印"));
    g_assert_false(shows_picture(root()));
    ui_test_expect_text(root(), "工作人员会帮您", 2);
    shoot(large ? "help-from-attract-large.png" : "help-from-attract.png");
    ui_test_click(root(), "完成，返回首页");
    ui_test_expect_page(window, "attract", 5);
  }
  set_large_text(FALSE);
}

static gboolean
page_left_menu(gpointer window)
{
  return g_strcmp0(kiosk_window_get_page(window), "menu") != 0;
}

/* Starts a case of a service whose first step is a question. */
static void
start_case(void)
{
  KioskWindow *window = ui_test_window(kiosk);

  go_to_attract();
  ui_test_click(root(), "点这里开始办理");
  ui_test_expect_page(window, "menu", 5);
  ui_test_click(root(), "首次申领身份证");
  g_assert_true(ui_test_wait(page_left_menu, window, 5));
  ui_test_expect_page(window, "question", 5);
}

/* 返回首页 in a case asks once; 继续办理 keeps the case where it was. */
static void
test_home_in_case_asks_first(void)
{
  KioskWindow *window = ui_test_window(kiosk);

  for (int large = 0; large <= 1; large++) {
    start_case();
    set_large_text(large);
    ui_test_click(root(), "返回首页");
    ui_test_expect_text(root(), "要放弃这次办理吗？", 2);
    ui_test_expect_text(root(), "已填的内容会被清除", 2);
    g_assert_cmpstr(kiosk_window_get_page(window), ==, "question");
    g_assert_true(kiosk_case_flow_in_case(window->case_flow));
    shoot(large ? "leave-case-prompt-large.png" : "leave-case-prompt.png");
    ui_test_click(root(), "继续办理");
    ui_test_spin(0.2);
    g_assert_false(ui_test_shows_text(root(), "要放弃这次办理吗？"));
    g_assert_cmpstr(kiosk_window_get_page(window), ==, "question");
    g_assert_true(kiosk_case_flow_in_case(window->case_flow));

    ui_test_click(root(), "返回首页");
    ui_test_click(root(), "放弃，返回首页");
    ui_test_expect_page(window, "attract", 5);
    g_assert_false(kiosk_case_flow_in_case(window->case_flow));
    g_assert_false(ui_test_shows_text(root(), "要放弃这次办理吗？"));
  }
}

/* Outside a case there is nothing to lose: home at once, no question. */
static void
test_home_outside_case_goes_at_once(void)
{
  KioskWindow *window = ui_test_window(kiosk);

  go_to_attract();
  ui_test_click(root(), "点这里开始办理");
  ui_test_expect_page(window, "menu", 5);
  ui_test_click(root(), "返回首页");
  ui_test_expect_page(window, "attract", 2);
  g_assert_false(ui_test_shows_text(root(), "要放弃这次办理吗？"));
}

static gboolean
page_left_question(gpointer window)
{
  return g_strcmp0(kiosk_window_get_page(window), "question") != 0;
}

static gboolean
card_offered(gpointer data)
{
  return ui_test_find_button(root(), "是本人，继续") != NULL;
}

/* 上一步 on the second question asks the first again, and the answer
 * given again is the one that counts. (A "no" that does not fit no longer
 * reaches the second question: it says why first, see test-undo.c.) */
static void
test_question_back(void)
{
  KioskWindow *window = ui_test_window(kiosk);

  go_to_attract();
  ui_test_click(root(), "点这里开始办理");
  ui_test_expect_page(window, "menu", 5);
  ui_test_click(root(), "身份证到期换领");
  ui_test_expect_page(window, "card", 5);
  ui_test_devsim("idcard place resident");
  g_assert_true(ui_test_wait(card_offered, NULL, 10));
  ui_test_click(root(), "是本人，继续");
  ui_test_expect_page(window, "question", 5);
  ui_test_expect_text(root(), "问题 1/2", 2);
  g_assert_null(ui_test_find_button(root(), "上一步"));
  ui_test_click(root(), "是");
  ui_test_expect_text(root(), "问题 2/2", 2);
  for (int large = 0; large <= 1; large++) {
    set_large_text(large);
    shoot(large ? "question-back-large.png" : "question-back.png");
  }
  set_large_text(FALSE);
  ui_test_click(root(), "上一步");
  ui_test_expect_text(root(), "问题 1/2", 2);
  g_assert_cmpstr(kiosk_window_get_page(window), ==, "question");
  g_assert_null(ui_test_find_button(root(), "上一步"));
  ui_test_click(root(), "是");
  ui_test_expect_text(root(), "问题 2/2", 2);
  ui_test_click(root(), "否");
  g_assert_true(ui_test_wait(page_left_question, window, 5));
  g_assert_cmpstr(kiosk_window_get_page(window), !=, "finish");
  g_assert_false(ui_test_shows_text(root(), "有效期届满前3个月内"));
  ui_test_go_home(root());
  ui_test_expect_page(window, "attract", 5);
  ui_test_devsim("idcard remove");
}

int
main(int argc, char **argv)
{
  int status;

  if (!ui_test_setup(&setup, &argc, &argv))
    return 77;
  /* long enough that no idle prompt comes between a test's presses */
  g_setenv("ANYI_IDLE_TIMEOUT", "120", TRUE);
  g_setenv("ANYI_IDLE_GRACE", "30", TRUE);
  g_test_add_func("/help/from-attract", test_help_from_attract);
  g_test_add_func("/help/home-in-case-asks-first", test_home_in_case_asks_first);
  g_test_add_func("/help/home-outside-case", test_home_outside_case_goes_at_once);
  g_test_add_func("/help/question-back", test_question_back);
  kiosk = ui_test_start_kiosk();
  status = g_test_run();
  ui_test_stop_kiosk(kiosk);
  ui_test_teardown(&setup);
  return status;
}
