/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kiosk-ui-test: the loop closes at the kiosk (issue 11, item 6). A case
 * the kiosk handed to the hall's window is decided there (the window
 * console's engine call, anyi_ledger_record_outcome); the citizen's
 * progress query then shows, on the result screen in large type: what the
 * window decided with its reason, when, which window, the window's note
 * and what to do next. Nothing of it is cut at 1920x1080, in either text
 * size (screenshots: ANYI_TEST_SHOTS). */
#include "kiosk-ui-test.h"
#include "kiosk-window-private.h"
#include "ledger/anyi-ledger-sqlite.h"
#include "temp-store.h"

#define SCREEN_WIDTH  1920
#define SCREEN_HEIGHT 1080

#define REASON "户口不在本辖区，身份证换领需到户籍地办理"
#define NOTE   "请带户口簿和身份证，到户籍所在地派出所户籍室办理。"

static KioskApplication *kiosk;
static UiTestSetup setup;

static GtkWidget *
root(void)
{
  return GTK_WIDGET(ui_test_window(kiosk));
}

static KioskWindow *
window(void)
{
  return ui_test_window(kiosk);
}

static void
set_large_text(gboolean on)
{
  gtk_toggle_button_set_active(window()->large_text_button, on);
}

/* The emulated resident card's holder left a renewal at window 5; the
 * kiosk handed it off (as anyi_case_runner does, through the store). */
static char *
seed_case_at_window(AnyiStore *store)
{
  char check = anyi_id_number_check_char("51010419800101123");
  g_autofree char *data = g_strdup_printf(
      "{\"card\": {\"name\": \"张伟\", \"id_number\": \"51010419800101123%c\"}}", check);
  g_autoptr(GError) error = NULL;
  g_autoptr(AnyiStoredCase) stored =
      anyi_store_case_create(store, "idcard-renewal", 'A', "started", &error);

  g_assert_no_error(error);
  g_assert_true(anyi_store_case_transition(store, stored->id, "started", "collecting", "collect",
                                           NULL, data, &error));
  g_assert_true(anyi_store_case_hand_off(store, stored->id, "collecting", "window-only", "5", NULL,
                                         NULL, &error));
  g_assert_no_error(error);
  return g_strdup(stored->number);
}

/* What the window console does when staff record an outcome. */
static void
window_refuses(AnyiStore *store, const char *number)
{
  g_autoptr(AnyiLedger) ledger = anyi_ledger_sqlite_new(store, "KIOSK-TEST");
  g_autoptr(GError) error = NULL;

  g_assert_true(anyi_ledger_claim(ledger, number, "wang", &error));
  g_assert_true(anyi_ledger_record_outcome(ledger, number, "wang", ANYI_LEDGER_OUTCOME_REFUSED,
                                           REASON, NOTE, &error));
  g_assert_no_error(error);
}

static void
progress_query_to_result(void)
{
  ui_test_click(root(), "点这里开始办理");
  ui_test_expect_page(window(), "menu", 5);
  kiosk_case_flow_start(window()->case_flow, "idcard-progress-query");
  ui_test_expect_page(window(), "card", 5);
  ui_test_devsim("idcard place resident");
  ui_test_click_within(root(), "是本人，继续", 15);
  ui_test_expect_page(window(), "result", 10);
}

static gboolean
card_not_asked_for(gpointer data)
{
  return !ui_test_shows_text(root(), "请取走您的身份证");
}

/* Every label shown is whole: none ellipsized with text cut away, none
 * wider than the screen. */
static void
assert_nothing_cut(GtkWidget *widget)
{
  for (GtkWidget *child = gtk_widget_get_first_child(widget); child;
       child = gtk_widget_get_next_sibling(child)) {
    graphene_rect_t bounds;

    if (!gtk_widget_get_mapped(child))
      continue;
    if (GTK_IS_LABEL(child)) {
      PangoLayout *layout = gtk_label_get_layout(GTK_LABEL(child));
      if (pango_layout_is_ellipsized(layout))
        g_error("the label \"%s\" is cut", gtk_label_get_text(GTK_LABEL(child)));
      g_assert_true(gtk_widget_compute_bounds(child, root(), &bounds));
      g_assert_cmpfloat(bounds.origin.x, >=, 0);
      g_assert_cmpfloat(bounds.origin.x + bounds.size.width, <=, SCREEN_WIDTH);
    }
    assert_nothing_cut(child);
  }
}

static GtkWidget *
label_reading(GtkWidget *widget, const char *text)
{
  for (GtkWidget *child = gtk_widget_get_first_child(widget); child;
       child = gtk_widget_get_next_sibling(child)) {
    GtkWidget *found;
    if (GTK_IS_LABEL(child) && gtk_widget_get_mapped(child) &&
        g_strcmp0(gtk_label_get_text(GTK_LABEL(child)), text) == 0)
      return child;
    if ((found = label_reading(child, text)))
      return found;
  }
  return NULL;
}

/* The label reading @text is seen without scrolling: inside the part of
 * the page's scrolled area that is on the screen. */
static void
assert_seen_unscrolled(const char *text)
{
  GtkWidget *label = label_reading(root(), text);
  GtkWidget *viewport;
  graphene_rect_t bounds, seen;

  g_assert_nonnull(label);
  viewport = gtk_widget_get_ancestor(label, GTK_TYPE_SCROLLED_WINDOW);
  g_assert_nonnull(viewport);
  g_assert_true(gtk_widget_compute_bounds(label, root(), &bounds));
  g_assert_true(gtk_widget_compute_bounds(viewport, root(), &seen));
  g_test_message("\"%s\" at y %.0f..%.0f, the page shows y %.0f..%.0f", text, bounds.origin.y,
                 bounds.origin.y + bounds.size.height, seen.origin.y,
                 seen.origin.y + seen.size.height);
  g_assert_cmpfloat(bounds.origin.y, >=, seen.origin.y);
  g_assert_cmpfloat(bounds.origin.y + bounds.size.height, <=, seen.origin.y + seen.size.height);
}

static void
assert_button_on_screen(const char *label)
{
  GtkWidget *button = ui_test_find_button(root(), label);
  graphene_rect_t bounds;

  g_assert_nonnull(button);
  g_assert_true(gtk_widget_compute_bounds(button, root(), &bounds));
  g_assert_cmpfloat(bounds.origin.y, >=, 0);
  g_assert_cmpfloat(bounds.origin.x + bounds.size.width, <=, SCREEN_WIDTH);
  g_assert_cmpfloat(bounds.origin.y + bounds.size.height, <=, SCREEN_HEIGHT);
}

/* The window's decision, as the citizen reads it. */
static void
assert_window_answer_shown(void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local();
  g_autofree char *today = g_date_time_format(now, "%Y年%-m月%-d日");

  ui_test_expect_text(root(), "窗口不予受理", 5);
  g_assert_true(ui_test_shows_text(root(), REASON));
  g_assert_true(ui_test_shows_text(root(), NOTE));
  g_assert_true(ui_test_shows_text(root(), "5号窗口，"));
  g_assert_true(ui_test_shows_text(root(), today));
  g_assert_true(ui_test_shows_text(root(), "有疑问，请带上身份证到5号窗口咨询。"));
}

static void
test_window_outcome_on_result(void)
{
  AnyiStore *store = anyi_kiosk_get_store(window()->kiosk);
  g_autofree char *number = seed_case_at_window(store);

  window_refuses(store, number);
  progress_query_to_result();
  assert_window_answer_shown();
  for (int large = 0; large <= 1; large++) {
    g_autofree char *shot = g_strdup_printf("result-window-outcome%s.png", large ? "-large" : "");
    int minimum_height = 0;

    set_large_text(large);
    ui_test_spin(0.3);
    gtk_widget_measure(root(), GTK_ORIENTATION_VERTICAL, SCREEN_WIDTH, &minimum_height, NULL, NULL,
                       NULL);
    g_assert_cmpint(minimum_height, <=, SCREEN_HEIGHT);
    assert_nothing_cut(root());
    assert_seen_unscrolled(NOTE);
    assert_seen_unscrolled("有疑问，请带上身份证到5号窗口咨询。");
    assert_button_on_screen("打印回执");
    assert_button_on_screen("不打印，办完了");
    ui_test_shoot(root(), "ANYI_TEST_SHOTS", shot);
  }
  set_large_text(FALSE);
  ui_test_click(root(), "不打印，办完了");
  ui_test_expect_page(window(), "finish", 10);
  ui_test_click_within(root(), "完成，返回首页", 10);
  ui_test_expect_page(window(), "attract", 10);
  ui_test_devsim("idcard remove");
  g_assert_true(ui_test_wait(card_not_asked_for, NULL, 10));
  /* the next citizen's screen holds nothing of it */
  g_assert_false(ui_test_shows_text(root(), NOTE));
}

int
main(int argc, char **argv)
{
  int status;

  if (!ui_test_setup(&setup, &argc, &argv))
    return 77;
  g_setenv("ANYI_IDLE_TIMEOUT", "120", TRUE);
  g_setenv("ANYI_IDLE_GRACE", "30", TRUE);
  /* no printer here (CUPS_SERVER points nowhere) */
  g_log_set_always_fatal(G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL);
  g_test_add_func("/result/window-outcome", test_window_outcome_on_result);
  kiosk = ui_test_start_kiosk();
  status = g_test_run();
  ui_test_stop_kiosk(kiosk);
  ui_test_teardown(&setup);
  return status;
}
