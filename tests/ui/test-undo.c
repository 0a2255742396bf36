/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kiosk-ui-test: 上一步 across steps and an answer that does not fit, as a
 * citizen meets them in the real window: 上一步 in the footer of the form,
 * photo and document pages takes the case back one step; an answer that
 * does not fit says why and offers 返回修改 and 去窗口办理. Every button
 * shown lies inside the 1920x1080 screen, in both text sizes. */
#include "kiosk-step-pages.h"
#include "kiosk-ui-test.h"
#include "kiosk-window-private.h"
#include "temp-store.h"

#define SCREEN_WIDTH  1920
#define SCREEN_HEIGHT 1080

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
shoot(const char *file_name)
{
  ui_test_shoot(root(), "ANYI_TEST_SHOTS", file_name);
}

static void
set_large_text(gboolean on)
{
  gtk_toggle_button_set_active(window()->large_text_button, on);
}

static void
go_to_attract(void)
{
  if (g_strcmp0(kiosk_window_get_page(window()), "attract") == 0)
    return;
  ui_test_go_home(root());
  ui_test_expect_page(window(), "attract", 5);
}

/* As the menu does when the service's tile is pressed (the menu's own
 * layout is not what this test is about). */
static void
start_service(const char *service_id, const char *first_page)
{
  go_to_attract();
  ui_test_click(root(), "点这里开始办理");
  ui_test_expect_page(window(), "menu", 5);
  kiosk_case_flow_start(window()->case_flow, service_id);
  ui_test_expect_page(window(), first_page, 5);
}

static gboolean
card_offered(gpointer data)
{
  return ui_test_find_button(root(), "是本人，继续") != NULL;
}

static void
give_card(void)
{
  ui_test_devsim("idcard place resident");
  g_assert_true(ui_test_wait(card_offered, NULL, 10));
  ui_test_click(root(), "是本人，继续");
}

static gboolean
card_not_asked_for(gpointer data)
{
  return !ui_test_shows_text(root(), "请取走您的身份证");
}

/* Until the reader has seen the card lifted, a card placed again is the
 * one left behind, never read for the next case. */
static void
take_card_back(void)
{
  ui_test_devsim("idcard remove");
  g_assert_true(ui_test_wait(card_not_asked_for, NULL, 10));
}

/* The button reading @label is shown whole on the screen, and big. */
static void
assert_button_on_screen(const char *label)
{
  GtkWidget *button = ui_test_find_button(root(), label);
  graphene_rect_t bounds;

  g_assert_nonnull(button);
  g_assert_true(gtk_widget_get_mapped(button));
  g_assert_true(gtk_widget_compute_bounds(button, root(), &bounds));
  g_test_message("%s at %.0f,%.0f %.0fx%.0f", label, bounds.origin.x, bounds.origin.y,
                 bounds.size.width, bounds.size.height);
  g_assert_cmpfloat(bounds.origin.x, >=, 0);
  g_assert_cmpfloat(bounds.origin.y, >=, 0);
  g_assert_cmpfloat(bounds.origin.x + bounds.size.width, <=, SCREEN_WIDTH);
  g_assert_cmpfloat(bounds.origin.y + bounds.size.height, <=, SCREEN_HEIGHT);
  g_assert_cmpfloat(bounds.size.height, >=, 64); /* a large touch target */
}

/* In both text sizes: the button fits, and a picture for a person to look at. */
static void
check_both_sizes(const char *label, const char *shot)
{
  for (int large = 0; large <= 1; large++) {
    g_autofree char *file = g_strdup_printf("%s%s.png", shot, large ? "-large" : "");
    set_large_text(large);
    ui_test_spin(0.3);
    assert_button_on_screen(label);
    assert_button_on_screen("返回首页"); /* the window's footer stays whole */
    shoot(file);
  }
  set_large_text(FALSE);
  ui_test_spin(0.2);
}

static void
answer(const char *yes_or_no, const char *next_page)
{
  ui_test_click(root(), yes_or_no);
  ui_test_expect_page(window(), next_page, 5);
}

/* The household certificate: card, one question, then the form. 上一步 on
 * the form's first field asks the question again. */
static void
test_form_back(void)
{
  start_service("household-certificate", "card");
  give_card();
  ui_test_expect_page(window(), "question", 5);
  /* the card is whose case it is: no way back before the first question */
  g_assert_null(ui_test_find_button(root(), "上一步"));
  answer("否", "form");
  check_both_sizes("上一步", "undo-form");
  ui_test_click(root(), "上一步");
  ui_test_expect_page(window(), "question", 5);
  g_assert_true(kiosk_case_flow_in_case(window()->case_flow));
  ui_test_expect_text(root(), "很早以前手工登记", 2);
  answer("否", "form");
  go_to_attract();
  take_card_back();
}

/* The residence permit: card, two questions, then the photo. 上一步 under
 * the live picture goes back to the questions. */
static void
test_photo_back(void)
{
  start_service("residence-permit-application", "card");
  give_card();
  ui_test_expect_page(window(), "question", 5);
  ui_test_click(root(), "是");
  ui_test_expect_text(root(), "问题 2/2", 2);
  answer("否", "photo");
  check_both_sizes("上一步", "undo-photo");
  ui_test_click(root(), "上一步");
  ui_test_expect_page(window(), "question", 5);
  ui_test_expect_text(root(), "问题 1/2", 2);
  g_assert_true(kiosk_case_flow_in_case(window()->case_flow));
  go_to_attract();
  take_card_back();
}

/* The first ID card: a question, then the household register under the
 * document camera. 上一步 there asks the question again. */
static void
test_document_back(void)
{
  start_service("idcard-first-application", "question");
  g_assert_null(ui_test_find_button(root(), "上一步")); /* the first step */
  answer("是", "document");
  check_both_sizes("上一步", "undo-document");
  ui_test_click(root(), "上一步");
  ui_test_expect_page(window(), "question", 5);
  g_assert_null(ui_test_find_button(root(), "上一步"));
  answer("是", "document");
  go_to_attract();
}

/* "Yes, from the old hand-written records" does not fit the certificate
 * at the kiosk: the page says why, 返回修改 asks again and the case goes
 * on; 去窗口办理 sends the citizen to the window with that reason. */
static void
test_does_not_fit(void)
{
  start_service("household-certificate", "card");
  give_card();
  ui_test_expect_page(window(), "question", 5);
  ui_test_click(root(), "是");
  ui_test_expect_text(root(), "系统中查不到的历史信息需要民警调查核实", 2);
  ui_test_expect_text(root(), "这项业务需要到窗口办理", 2);
  g_assert_cmpstr(kiosk_window_get_page(window()), ==, "question");
  g_assert_true(kiosk_case_flow_in_case(window()->case_flow));
  g_assert_null(ui_test_find_button(root(), "是"));
  check_both_sizes("返回修改", "undo-does-not-fit");
  assert_button_on_screen("去窗口办理");
  set_large_text(TRUE);
  ui_test_spin(0.3);
  assert_button_on_screen("去窗口办理");
  set_large_text(FALSE);

  ui_test_click(root(), "返回修改");
  ui_test_expect_page(window(), "question", 5);
  g_assert_false(ui_test_shows_text(root(), "系统中查不到的历史信息"));
  g_assert_nonnull(ui_test_find_button(root(), "是"));
  g_assert_true(kiosk_case_flow_in_case(window()->case_flow));

  ui_test_click(root(), "是");
  ui_test_expect_text(root(), "系统中查不到的历史信息需要民警调查核实", 2);
  ui_test_click(root(), "去窗口办理");
  ui_test_expect_page(window(), "finish", 10);
  ui_test_expect_text(root(), "系统中查不到的历史信息需要民警调查核实", 5);
  g_assert_false(kiosk_case_flow_in_case(window()->case_flow));
  ui_test_click_within(root(), "完成，返回首页", 10);
  ui_test_expect_page(window(), "attract", 5);
  take_card_back();
}

/* The form of the household certificate filled as a citizen would have
 * typed it (the input widget has tests of its own), then submitted. */
static void
submit_certificate_form(gboolean fill)
{
  GtkWidget *page = ui_test_find_of_type(root(), KIOSK_TYPE_FORM_PAGE);
  g_autoptr(JsonObject) typed = json_object_new();

  g_assert_nonnull(page);
  if (fill) {
    json_object_set_string_member(typed, "certificate-kind", "kinship");
    json_object_set_string_member(typed, "purpose", "子女入学");
    json_object_set_string_member(typed, "mobile", "13812345678");
    kiosk_form_page_refill(KIOSK_FORM_PAGE(page), typed);
  }
  ui_test_click(page, "下一项");
  ui_test_click(page, "下一项");
  ui_test_click(page, "提交");
}

/* The final check of a free service: 上一步 goes back to the form, which
 * comes again with what the citizen typed; submitting it unchanged shows
 * the same final check. */
static void
test_confirm_back(void)
{
  start_service("household-certificate", "card");
  give_card();
  ui_test_expect_page(window(), "question", 5);
  answer("否", "form");
  submit_certificate_form(TRUE);
  ui_test_expect_page(window(), "confirm", 5);
  ui_test_expect_text(root(), "子女入学", 2);
  check_both_sizes("上一步", "undo-confirm");
  assert_button_on_screen("确认提交");
  ui_test_click(root(), "上一步");
  ui_test_expect_page(window(), "form", 5);
  g_assert_true(kiosk_case_flow_in_case(window()->case_flow));
  /* nothing typed again: the refilled form submits as it was */
  submit_certificate_form(FALSE);
  ui_test_expect_page(window(), "confirm", 5);
  ui_test_expect_text(root(), "子女入学", 2);
  ui_test_expect_text(root(), "138", 2);
  go_to_attract();
  take_card_back();
}

static void
on_page_back(GtkWidget *page, guint *count)
{
  (*count)++;
}

/* The payment page offers 上一步 only when told the case can go back (no
 * order opened yet); with an order opened at the platform it shows none,
 * and its way to the window stays. */
static void
test_payment_back_only_before_order(void)
{
  GtkWindow *holder = GTK_WINDOW(gtk_window_new());
  GtkWidget *page = g_object_new(KIOSK_TYPE_PAYMENT_PAGE, NULL);
  guint backs = 0;

  gtk_window_set_child(holder, page);
  gtk_window_present(holder);
  g_signal_connect(page, "back", G_CALLBACK(on_page_back), &backs);
  kiosk_payment_page_show(KIOSK_PAYMENT_PAGE(page), "居民身份证换领", 2000, "anyi-pay:ORDER-1");
  g_assert_null(ui_test_find_button(page, "上一步"));
  kiosk_payment_page_set_can_go_back(KIOSK_PAYMENT_PAGE(page), TRUE);
  ui_test_click(page, "上一步");
  g_assert_cmpuint(backs, ==, 1);
  kiosk_payment_page_set_can_go_back(KIOSK_PAYMENT_PAGE(page), FALSE);
  g_assert_null(ui_test_find_button(page, "上一步"));
  g_assert_nonnull(ui_test_find_button(page, "不方便扫码？到窗口缴费"));
  kiosk_payment_page_reset(KIOSK_PAYMENT_PAGE(page));
  gtk_window_destroy(holder);
}

static void
on_submitted(KioskFormPage *page, JsonObject *values, JsonObject **out)
{
  *out = json_object_ref(values);
}

static void
on_back(KioskFormPage *page, guint *count)
{
  (*count)++;
}

/* A form gone back past comes again with what the citizen typed: the
 * values the runner hands back (anyi_case_runner_back) fill its fields,
 * and submitting them unchanged gives the same values. */
static void
test_form_refilled(void)
{
  g_autofree char *services = g_build_filename(g_getenv("ANYI_ASSETS_DIR"), "services", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(AnyiCatalogue) catalogue = anyi_catalogue_load(services, &error);
  const AnyiService *service = anyi_catalogue_lookup(catalogue, "idcard-renewal");
  const AnyiStep *step = NULL;
  g_autoptr(JsonObject) typed = json_object_new();
  g_autoptr(JsonObject) submitted = NULL;
  GtkWindow *holder = GTK_WINDOW(gtk_window_new());
  GtkWidget *page = g_object_new(KIOSK_TYPE_FORM_PAGE, NULL);
  guint backs = 0;

  g_assert_no_error(error);
  for (guint i = 0; i < service->n_steps; i++)
    if (service->steps[i].type == ANYI_STEP_FORM)
      step = &service->steps[i];
  g_assert_nonnull(step);
  gtk_window_set_child(holder, page);
  gtk_window_present(holder);
  g_signal_connect(page, "submitted", G_CALLBACK(on_submitted), &submitted);
  g_signal_connect(page, "back", G_CALLBACK(on_back), &backs);
  json_object_set_string_member(typed, "mobile", "13812345678");
  json_object_set_string_member(typed, "collection", "window");
  json_object_set_string_member(typed, "waiver", "dibao");

  kiosk_form_page_show(KIOSK_FORM_PAGE(page), step, FALSE);
  kiosk_form_page_refill(KIOSK_FORM_PAGE(page), typed);
  kiosk_form_page_set_can_go_back(KIOSK_FORM_PAGE(page), TRUE);
  ui_test_expect_text(page, "138 1234 5678", 2);
  ui_test_click(page, "上一步");
  g_assert_cmpuint(backs, ==, 1);
  for (guint i = 1; i < step->n_fields; i++) {
    ui_test_click(page, "下一项");
    g_assert_null(ui_test_find_button(page, "上一步")); /* only on the first field */
  }
  ui_test_click(page, "提交");
  g_assert_nonnull(submitted);
  g_assert_cmpstr(json_object_get_string_member(submitted, "mobile"), ==, "13812345678");
  g_assert_cmpstr(json_object_get_string_member(submitted, "collection"), ==, "window");
  g_assert_cmpstr(json_object_get_string_member(submitted, "waiver"), ==, "dibao");
  gtk_window_destroy(holder);
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
  /* no printer here (CUPS_SERVER points nowhere): the handoff's slip is
   * not printed, a warning for the technician that must not end the test */
  g_log_set_always_fatal(G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL);
  g_test_add_func("/undo/form-back", test_form_back);
  g_test_add_func("/undo/photo-back", test_photo_back);
  g_test_add_func("/undo/document-back", test_document_back);
  g_test_add_func("/undo/does-not-fit", test_does_not_fit);
  g_test_add_func("/undo/form-refilled", test_form_refilled);
  g_test_add_func("/undo/confirm-back", test_confirm_back);
  g_test_add_func("/undo/payment-back-only-before-order", test_payment_back_only_before_order);
  kiosk = ui_test_start_kiosk();
  status = g_test_run();
  ui_test_stop_kiosk(kiosk);
  ui_test_teardown(&setup);
  return status;
}
