/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kiosk-ui-test: 人工帮助 as a citizen meets it: a plain choice between staff
 * at the kiosk and a window; a call that waits (the idle timer does not
 * wipe it) until staff sign in at the kiosk and take the citizen back to
 * the step where the case waited; a cancelled call; a call nobody answers,
 * which sends the case to a window with its reason. */
#include "kiosk-step-pages.h"
#include "kiosk-ui-test.h"
#include "kiosk-window-private.h"
#include "ledger/anyi-ledger-sqlite.h"
#include "payment/anyi-payment-emulated.h"
#include "staff/anyi-staff.h"
#include "temp-store.h"

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

static AnyiStore *
store(void)
{
  return anyi_kiosk_get_store(kiosk_application_get_kiosk(kiosk));
}

static AnyiSettings *
settings(void)
{
  return anyi_kiosk_get_settings(kiosk_application_get_kiosk(kiosk));
}

static void
shoot(const char *file_name)
{
  ui_test_shoot(root(), "ANYI_TEST_SHOTS", file_name);
}

static void
set_large_text(gboolean on)
{
  gtk_toggle_button_set_active(window()->large_text_button, on);
}

/* Every button shown lies wholly on the 1920x1080 screen. */
static void
assert_buttons_on_screen(GtkWidget *widget)
{
  if (!gtk_widget_get_mapped(widget))
    return;
  if (GTK_IS_BUTTON(widget)) {
    graphene_rect_t bounds;

    g_assert_true(gtk_widget_compute_bounds(widget, root(), &bounds));
    if (bounds.origin.x < 0 || bounds.origin.y < 0 || bounds.origin.x + bounds.size.width > 1920 ||
        bounds.origin.y + bounds.size.height > 1080)
      g_error("button '%s' is off the screen: %.0f,%.0f %.0fx%.0f",
              gtk_button_get_label(GTK_BUTTON(widget)), bounds.origin.x, bounds.origin.y,
              bounds.size.width, bounds.size.height);
  }
  for (GtkWidget *child = gtk_widget_get_first_child(widget); child;
       child = gtk_widget_get_next_sibling(child))
    assert_buttons_on_screen(child);
}

static void
shoot_both_modes(const char *name)
{
  for (int large = 0; large <= 1; large++) {
    g_autofree char *file = g_strdup_printf("%s%s.png", name, large ? "-large" : "");
    set_large_text(large);
    ui_test_spin(0.3);
    assert_buttons_on_screen(root());
    shoot(file);
  }
  set_large_text(FALSE);
}

static void
go_to_attract(void)
{
  if (g_strcmp0(kiosk_window_get_page(window()), "attract") == 0)
    return;
  ui_test_go_home(root());
  ui_test_expect_page(window(), "attract", 5);
}

static gboolean
page_left_menu(gpointer data)
{
  return g_strcmp0(kiosk_window_get_page(window()), "menu") != 0;
}

static gboolean
card_offered(gpointer data)
{
  return ui_test_find_button(root(), "是本人，继续") != NULL;
}

/* A renewal with the card read and its first question answered: the kiosk
 * shows the second. */
static void
start_case_at_second_question(void)
{
  go_to_attract();
  ui_test_click(root(), "点这里开始办理");
  ui_test_expect_page(window(), "menu", 5);
  ui_test_click(root(), "身份证到期换领");
  g_assert_true(ui_test_wait(page_left_menu, NULL, 5));
  ui_test_expect_page(window(), "card", 5);
  ui_test_devsim("idcard place resident");
  g_assert_true(ui_test_wait(card_offered, NULL, 10));
  ui_test_click(root(), "是本人，继续");
  ui_test_devsim("idcard remove");
  ui_test_expect_page(window(), "question", 5);
  ui_test_expect_text(root(), "问题 1/2", 10);
  ui_test_click(root(), "是"); /* 否 does not fit: the renewal is for a card that expires */
  ui_test_expect_text(root(), "问题 2/2", 10);
}

static GPtrArray *
open_calls(void)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *calls = anyi_store_staff_calls_open(store(), &error);

  g_assert_no_error(error);
  return calls;
}

static AnyiStaffCall *
call_of(gint64 id)
{
  g_autoptr(GError) error = NULL;
  AnyiStaffCall *call = anyi_store_staff_call_get(store(), id, &error);

  g_assert_no_error(error);
  return call;
}

/* 人工帮助, then 请工作人员过来: the waiting screen, and the call raised. */
static gint64
call_staff(void)
{
  g_autoptr(GPtrArray) calls = NULL;

  ui_test_click(root(), "人工帮助");
  ui_test_expect_page(window(), "help", 5);
  ui_test_click(root(), "请工作人员过来");
  ui_test_expect_text(root(), "工作人员马上过来，请稍候", 10);
  ui_test_expect_text(root(), "已等候", 10);
  g_assert_nonnull(ui_test_find_button(root(), "取消呼叫"));
  calls = open_calls();
  g_assert_cmpuint(calls->len, ==, 1);
  return ((AnyiStaffCall *)calls->pdata[0])->id;
}

/* The choice comes first, from the attract screen and in a case, in words
 * and with two large buttons; 不用了 leaves everything as it was. */
static void
test_choice_first(void)
{
  for (int large = 0; large <= 1; large++) {
    go_to_attract();
    set_large_text(large);
    ui_test_click(root(), "人工帮助");
    ui_test_expect_page(window(), "help", 5);
    ui_test_expect_text(root(), "需要人工帮助吗？", 10);
    g_assert_nonnull(ui_test_find_button(root(), "请工作人员过来"));
    g_assert_nonnull(ui_test_find_button(root(), "去窗口办理"));
    g_assert_false(ui_test_shows_text(root(), "请到 "));
    ui_test_spin(0.3);
    assert_buttons_on_screen(root());
    shoot(large ? "help-choice-large.png" : "help-choice.png");
    ui_test_click(root(), "不用了，返回");
    ui_test_expect_page(window(), "attract", 5);
  }
  set_large_text(FALSE);

  start_case_at_second_question();
  ui_test_click(root(), "人工帮助");
  ui_test_expect_page(window(), "help", 5);
  ui_test_expect_text(root(), "您已填写的内容都会保留", 10);
  g_assert_true(kiosk_case_flow_in_case(window()->case_flow));
  ui_test_click(root(), "不用了，返回");
  ui_test_expect_page(window(), "question", 5);
  ui_test_expect_text(root(), "问题 2/2", 10);
  go_to_attract();
}

/* 去窗口办理 does what 人工帮助 did before: the window's number. */
static void
test_go_to_window(void)
{
  go_to_attract();
  ui_test_click(root(), "人工帮助");
  ui_test_expect_page(window(), "help", 5);
  ui_test_click(root(), "去窗口办理");
  ui_test_expect_page(window(), "finish", 5);
  ui_test_expect_text(root(), "工作人员会帮您", 10);
  ui_test_click(root(), "完成，返回首页");
  ui_test_expect_page(window(), "attract", 5);
}

static gboolean
not_checking(gpointer data)
{
  return !ui_test_shows_text(root(), "正在核对……");
}

static void
type_digits(const char *digits)
{
  for (const char *d = digits; *d; d++) {
    char key[2] = {*d, '\0'};
    ui_test_click(root(), key);
  }
}

static void
sign_in(const char *login, const char *pin)
{
  ui_test_click(root(), "工号");
  ui_test_click(root(), "清除");
  type_digits(login);
  ui_test_click(root(), "密码");
  ui_test_click(root(), "清除");
  type_digits(pin);
  ui_test_click(root(), "登录");
  g_assert_true(ui_test_wait(not_checking, NULL, 20));
}

/* The call waits while staff come: staff mode lists it, signing in answers
 * it, and 回到市民的办理 brings back the step where the case waited, with
 * the answer given before. */
static void
test_answered_call_resumes_case(void)
{
  g_autoptr(AnyiStaffCall) call = NULL;
  g_autofree char *number = NULL;
  gint64 id;

  start_case_at_second_question();
  number = g_strdup(kiosk_case_flow_get_case_number(window()->case_flow));
  id = call_staff();
  g_clear_pointer(&call, anyi_staff_call_free);
  call = call_of(id);
  g_assert_cmpstr(call->case_number, ==, number);
  g_assert_cmpstr(call->kiosk, ==, settings()->kiosk_id);
  shoot_both_modes("help-waiting");

  ui_test_click(root(), "工作人员已到达");
  ui_test_expect_page(window(), "staff", 5);
  ui_test_expect_text(root(), "有市民呼叫工作人员", 10);
  ui_test_expect_text(root(), number, 10);
  ui_test_spin(0.3);
  assert_buttons_on_screen(root());
  shoot("help-staff-sees-call.png");
  /* 退出 before signing in (the button pressed by mistake): the call waits on */
  ui_test_click(root(), "退出");
  ui_test_expect_page(window(), "help", 5);
  ui_test_expect_text(root(), "工作人员马上过来，请稍候", 10);
  g_clear_pointer(&call, anyi_staff_call_free);
  call = call_of(id);
  g_assert_cmpstr(call->state, ==, "raised");
  ui_test_click(root(), "工作人员已到达");
  ui_test_expect_page(window(), "staff", 5);
  sign_in("2002", "135790");
  g_clear_pointer(&call, anyi_staff_call_free);
  call = call_of(id);
  g_assert_cmpstr(call->state, ==, "answered");
  g_assert_cmpstr(call->answered_by, ==, "2002");
  ui_test_click(root(), "回到市民的办理");
  ui_test_expect_page(window(), "question", 5);
  ui_test_expect_text(root(), "问题 2/2", 10);
  g_assert_true(kiosk_case_flow_in_case(window()->case_flow));
  g_assert_cmpstr(kiosk_case_flow_get_case_number(window()->case_flow), ==, number);
  go_to_attract();
}

/* 取消呼叫: back to the case, the call closed as cancelled. */
static void
test_cancel_call(void)
{
  g_autoptr(AnyiStaffCall) call = NULL;
  g_autoptr(GPtrArray) calls = NULL;
  gint64 id;

  start_case_at_second_question();
  id = call_staff();
  ui_test_click(root(), "取消呼叫");
  ui_test_expect_page(window(), "question", 5);
  ui_test_expect_text(root(), "问题 2/2", 10);
  g_assert_true(kiosk_case_flow_in_case(window()->case_flow));
  call = call_of(id);
  g_assert_cmpstr(call->state, ==, "cancelled");
  calls = open_calls();
  g_assert_cmpuint(calls->len, ==, 0);
  go_to_attract();
}

static gboolean
call_closed(gpointer id)
{
  g_autoptr(AnyiStaffCall) call = call_of(GPOINTER_TO_SIZE(id));

  return !g_str_equal(call->state, "raised");
}

/* Nobody comes: the idle timeout (2 s + 2 s here) does not wipe the waiting
 * case, and at the wait's cap the case goes to the window with its reason. */
static void
test_unanswered_call_goes_to_window(void)
{
  g_autoptr(AnyiStaffCall) call = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(AnyiStoredCase) stored = NULL;
  g_autoptr(AnyiStoredHandoff) handoff = NULL;
  g_autofree char *number = NULL;
  int cap = settings()->staff_call_wait_s;
  gint64 id;
  /* no printer here: the window's slip is not printed, a warning expected */
  GLogLevelFlags fatal = g_log_set_always_fatal(G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL);

  start_case_at_second_question();
  number = g_strdup(kiosk_case_flow_get_case_number(window()->case_flow));
  kiosk_window_set_idle_times(window(), 2, 2);
  settings()->staff_call_wait_s = 8;
  id = call_staff();
  /* longer than the idle timeout and its countdown, shorter than the cap */
  ui_test_spin(5);
  g_assert_false(gtk_widget_get_visible(window()->idle_prompt));
  g_assert_cmpstr(kiosk_window_get_page(window()), ==, "help");
  g_assert_true(kiosk_case_flow_in_case(window()->case_flow));
  ui_test_expect_text(root(), "已等候", 1);

  g_assert_true(ui_test_wait(call_closed, GSIZE_TO_POINTER((gsize)id), 30));
  ui_test_expect_page(window(), "finish", 10);
  ui_test_expect_text(root(), "工作人员暂时没能过来", 5);
  ui_test_expect_text(root(), number, 10);
  call = call_of(id);
  g_assert_cmpstr(call->state, ==, "unanswered");
  stored = anyi_store_case_find(store(), number, &error);
  g_assert_no_error(error);
  handoff = anyi_store_handoff_for_case(store(), stored->id, &error);
  g_assert_no_error(error);
  g_assert_cmpstr(handoff->reason, ==, "staff-call-unanswered");

  settings()->staff_call_wait_s = cap;
  kiosk_window_set_idle_times(window(), settings()->idle_timeout_s, settings()->idle_grace_s);
  ui_test_click(root(), "完成，返回首页");
  ui_test_expect_page(window(), "attract", 5);
  g_log_set_always_fatal(fatal);
}

/* the idle timeout in the payment test: 5 polls' worth (1 s apart) */
#define IDLE_WHILE_PAYING_S 5

static gboolean
wait_passed(gpointer until)
{
  return g_get_monotonic_time() >= *(gint64 *)until;
}

/* Staff answer the call on the window console (here the one-kiosk hall's,
 * on the kiosk's own store; on the hall's server the pusher brings the
 * answer to the same store): the citizen's screen says staff are coming,
 * and past the wait's cap the case is not sent to a window. */
static void
test_call_answered_at_console(void)
{
  g_autoptr(AnyiLedger) console = anyi_ledger_sqlite_new(store(), "WINDOW-1");
  g_autoptr(AnyiStaffCall) call = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(AnyiStoredCase) stored = NULL;
  g_autoptr(AnyiStoredHandoff) handoff = NULL;
  g_autofree char *number = NULL;
  int cap = settings()->staff_call_wait_s;
  gint64 id, past_cap;

  start_case_at_second_question();
  number = g_strdup(kiosk_case_flow_get_case_number(window()->case_flow));
  settings()->staff_call_wait_s = 6;
  id = call_staff();
  past_cap = g_get_monotonic_time() + 9 * G_USEC_PER_SEC;
  g_assert_true(anyi_ledger_answer_call(console, settings()->kiosk_id, id, "1024", &error));
  g_assert_no_error(error);
  ui_test_expect_text(root(), "工作人员已应答，正在赶来", 5);
  shoot("help-call-answered-at-console.png");

  g_assert_true(ui_test_wait(wait_passed, &past_cap, 30));
  ui_test_spin(1.5); /* a tick of the wait's timer after the cap */
  g_assert_cmpstr(kiosk_window_get_page(window()), ==, "help");
  g_assert_true(kiosk_case_flow_in_case(window()->case_flow));
  ui_test_expect_text(root(), "工作人员已应答，正在赶来", 1);
  call = call_of(id);
  g_assert_cmpstr(call->state, ==, "answered");
  g_assert_cmpstr(call->answered_by, ==, "1024");
  stored = anyi_store_case_find(store(), number, &error);
  g_assert_no_error(error);
  handoff = anyi_store_handoff_for_case(store(), stored->id, NULL);
  g_assert_true(handoff == NULL || g_strcmp0(handoff->reason, "staff-call-unanswered") != 0);

  settings()->staff_call_wait_s = cap;

  /* staff reach the kiosk and sign in: the citizen's case goes on */
  ui_test_click(root(), "工作人员已到达");
  ui_test_expect_page(window(), "staff", 5);
  sign_in("2002", "135790");
  ui_test_click(root(), "回到市民的办理");
  ui_test_expect_page(window(), "question", 5);
  ui_test_expect_text(root(), "问题 2/2", 10);
  g_assert_cmpstr(kiosk_case_flow_get_case_number(window()->case_flow), ==, number);
  go_to_attract();
}

static gboolean
idle_prompt_shown(gpointer data)
{
  return gtk_widget_get_visible(window()->idle_prompt);
}

/* A citizen paying on the phone touches nothing: while the (emulated)
 * platform says the payment is in progress, no idle prompt comes; once it
 * says nothing is happening, the idle timer runs as usual. The page is
 * polled as the case flow polls it (every 2 s). */
static void
test_payment_in_progress_keeps_session(void)
{
  AnyiPaymentProvider *platform = anyi_kiosk_get_payment(kiosk_application_get_kiosk(kiosk));
  g_autoptr(AnyiPaymentOrder) order = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *page;

  if (!ANYI_IS_PAYMENT_EMULATED(platform)) {
    g_test_skip("needs the emulated payment platform");
    return;
  }
  order =
      anyi_payment_provider_start(platform, "anyi-test-keep-alive", 2000, "换领居民身份证", &error);
  g_assert_no_error(error);
  anyi_payment_emulated_set_outcome(ANYI_PAYMENT_EMULATED(platform), ANYI_PAYMENT_PENDING);
  anyi_payment_emulated_set_in_progress(ANYI_PAYMENT_EMULATED(platform), TRUE);
  go_to_attract();
  page = g_object_new(KIOSK_TYPE_PAYMENT_PAGE, NULL);
  gtk_stack_add_named(window()->pages, page, "test-payment");
  kiosk_payment_page_show(KIOSK_PAYMENT_PAGE(page), "换领居民身份证", 2000, order->qr_payload);
  /* The flow polls every 2 s against a 120 s idle timeout. Here the
   * timeout is shortened, but kept well above the poll interval: equal to
   * it, a busy machine lets the timer win a race the kiosk never runs. */
  kiosk_window_set_idle_times(window(), IDLE_WHILE_PAYING_S, 2);
  kiosk_window_show_page(window(), "test-payment");

  /* 10 s of paying: longer than the idle timeout and its countdown */
  for (int poll = 0; poll < 10; poll++) {
    g_assert_cmpint(anyi_payment_provider_query(platform, order->order_id, &error), ==,
                    ANYI_PAYMENT_PENDING);
    g_assert_no_error(error);
    kiosk_payment_page_set_in_progress(
        KIOSK_PAYMENT_PAGE(page), anyi_payment_provider_in_progress(platform, order->order_id));
    g_assert_false(ui_test_wait(idle_prompt_shown, NULL, 1));
  }
  g_assert_cmpstr(kiosk_window_get_page(window()), ==, "test-payment");

  /* the citizen put the phone away: nothing happening, the prompt comes */
  anyi_payment_emulated_set_in_progress(ANYI_PAYMENT_EMULATED(platform), FALSE);
  kiosk_payment_page_set_in_progress(KIOSK_PAYMENT_PAGE(page),
                                     anyi_payment_provider_in_progress(platform, order->order_id));
  g_assert_true(ui_test_wait(idle_prompt_shown, NULL, 3 * IDLE_WHILE_PAYING_S));

  kiosk_window_set_idle_times(window(), settings()->idle_timeout_s, settings()->idle_grace_s);
  anyi_payment_emulated_set_outcome(ANYI_PAYMENT_EMULATED(platform), ANYI_PAYMENT_PAID);
  kiosk_window_end_session(window(), "test");
  gtk_stack_remove(window()->pages, page);
}

int
main(int argc, char **argv)
{
  g_autoptr(GError) error = NULL;
  int status;

  if (!ui_test_setup(&setup, &argc, &argv))
    return 77;
  /* long enough that no idle prompt comes between a test's presses */
  g_setenv("ANYI_IDLE_TIMEOUT", "120", TRUE);
  g_setenv("ANYI_IDLE_GRACE", "30", TRUE);
  g_test_add_func("/help-call/choice-first", test_choice_first);
  g_test_add_func("/help-call/go-to-window", test_go_to_window);
  g_test_add_func("/help-call/answered-resumes-case", test_answered_call_resumes_case);
  g_test_add_func("/help-call/cancel", test_cancel_call);
  g_test_add_func("/help-call/unanswered-goes-to-window", test_unanswered_call_goes_to_window);
  g_test_add_func("/help-call/payment-in-progress-keeps-session",
                  test_payment_in_progress_keeps_session);
  g_test_add_func("/help-call/answered-at-console", test_call_answered_at_console);
  kiosk = ui_test_start_kiosk();
  g_assert_true(anyi_staff_add(store(), "2002", "王芳", "staff", "135790", "test", &error));
  g_assert_no_error(error);
  status = g_test_run();
  ui_test_stop_kiosk(kiosk);
  ui_test_teardown(&setup);
  return status;
}
