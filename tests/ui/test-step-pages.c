/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The step pages as a citizen meets them: each page alone in a 1920x1080
 * window on a private X screen, driven by its buttons, with the services
 * of assets/services. */
#include "kiosk-application.h"
#include "kiosk-snapshot.h"
#include "kiosk-step-pages.h"
#include "kiosk-ui-test.h"
#include "catalogue/catalogue-fields.h"
#include "photo/anyi-document.h"
#include "settings/anyi-settings.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>

static AnyiCatalogue *catalogue;
static GtkWindow *window;
static int qr_warnings;

/* The technician's line when no code can be drawn is expected once; any
 * other warning stays fatal. */
static GLogWriterOutput
count_qr_warnings(GLogLevelFlags level, const GLogField *fields, gsize n_fields, gpointer data)
{
  for (gsize i = 0; i < n_fields && (level & G_LOG_LEVEL_WARNING); i++)
    if (g_str_equal(fields[i].key, "MESSAGE") &&
        strstr(fields[i].value, "payment: cannot encode a QR code")) {
      g_atomic_int_inc(&qr_warnings);
      return g_log_writer_standard_streams(level, fields, n_fields, data);
    }
  return g_log_writer_default(level, fields, n_fields, data);
}

/* What a page told the flow. */
typedef struct {
  guint answers;
  gboolean answer;
  guint submits;
  JsonObject *submitted;
  guint cancels;
  guint confirms;
  gboolean commits;
  char *said;
} Heard;

static void
heard_clear(Heard *heard)
{
  g_clear_pointer(&heard->submitted, json_object_unref);
  g_clear_pointer(&heard->said, g_free);
}

static void
on_say(GtkWidget *page, const char *sentence, Heard *heard)
{
  g_free(heard->said);
  heard->said = g_strdup(sentence);
}

static void
on_answered(GtkWidget *page, gboolean yes, Heard *heard)
{
  heard->answers++;
  heard->answer = yes;
}

static void
on_submitted(GtkWidget *page, JsonObject *values, Heard *heard)
{
  heard->submits++;
  g_clear_pointer(&heard->submitted, json_object_unref);
  heard->submitted = json_object_ref(values);
}

static void
on_cancelled(GtkWidget *page, Heard *heard)
{
  heard->cancels++;
}

static void
on_confirmed(GtkWidget *page, gboolean commits, Heard *heard)
{
  heard->confirms++;
  heard->commits = commits;
}

static GtkWidget *
put_on_screen(GtkWidget *page, Heard *heard)
{
  gtk_window_set_child(window, page);
  g_signal_connect(page, "say", G_CALLBACK(on_say), heard);
  ui_test_spin(0.2);
  g_assert_true(gtk_widget_get_mapped(page));
  return page;
}

/* What is left of the 1080 px panel between the kiosk's header and footer. */
#define PAGE_AREA_WIDTH  1920
#define PAGE_AREA_HEIGHT 850

static void
measure_page(const char *name, const char *mode)
{
  GtkWidget *page = gtk_window_get_child(window);
  int minimum = 0;
  int minimum_width = 0;

  gtk_widget_measure(page, GTK_ORIENTATION_HORIZONTAL, -1, &minimum_width, NULL, NULL, NULL);
  gtk_widget_measure(page, GTK_ORIENTATION_VERTICAL, PAGE_AREA_WIDTH, &minimum, NULL, NULL, NULL);
  g_test_message("%s, %s: at least %d x %d px", name, mode, minimum_width, minimum);
  g_assert_cmpint(minimum_width, <=, PAGE_AREA_WIDTH);
  g_assert_cmpint(minimum, <=, PAGE_AREA_HEIGHT);
}

/* The page as it is now fits the kiosk's page area without scrolling, in
 * the normal and in the large-text (elderly) mode. */
static void
assert_fits_page_area(const char *name)
{
  measure_page(name, "normal text");
  gtk_widget_add_css_class(GTK_WIDGET(window), "large-text");
  ui_test_spin(0.1);
  measure_page(name, "large text");
  gtk_widget_remove_css_class(GTK_WIDGET(window), "large-text");
  ui_test_spin(0.1);
}

/* Checks the page fits, then keeps a picture of it in ANYI_SCREENSHOT_DIR
 * when set, for a person to look at. */
static void
shoot(const char *name)
{
  g_autofree char *file = g_strdup_printf("step-%s.png", name);

  assert_fits_page_area(name);
  ui_test_shoot(GTK_WIDGET(window), "ANYI_SCREENSHOT_DIR", file);
}

static const AnyiStep *
service_step(const char *service_id, AnyiStepType type)
{
  const AnyiService *service = anyi_catalogue_lookup(catalogue, service_id);

  g_assert_nonnull(service);
  for (guint i = 0; i < service->n_steps; i++)
    if (service->steps[i].type == type)
      return &service->steps[i];
  g_error("service %s has no %s step", service_id, anyi_step_type_to_string(type));
}

static GtkWidget *
find_named(GtkWidget *root, const char *name)
{
  for (GtkWidget *child = gtk_widget_get_first_child(root); child;
       child = gtk_widget_get_next_sibling(child)) {
    GtkWidget *found;
    if (g_strcmp0(gtk_widget_get_name(child), name) == 0)
      return child;
    if ((found = find_named(child, name)))
      return found;
  }
  return NULL;
}

static void
press_keys(GtkWidget *page, const char *keys)
{
  for (const char *key = keys; *key; key++) {
    char label[2] = {*key, '\0'};
    ui_test_click(page, label);
  }
}

/* ---- questions ---- */

static void
test_question_yes_and_no(void)
{
  Heard heard = {0};
  GtkWidget *page = put_on_screen(g_object_new(KIOSK_TYPE_QUESTION_PAGE, NULL), &heard);

  g_signal_connect(page, "answered", G_CALLBACK(on_answered), &heard);
  kiosk_question_page_show(KIOSK_QUESTION_PAGE(page), "您的户口是否在本市？", 1, 2);
  ui_test_expect_text(page, "问题 1/2", 2);
  ui_test_expect_text(page, "您的户口是否在本市？", 2);
  g_assert_cmpstr(heard.said, ==, "您的户口是否在本市？");
  shoot("question");

  ui_test_click(page, "是");
  g_assert_cmpuint(heard.answers, ==, 1);
  g_assert_true(heard.answer);
  ui_test_click(page, "否");
  g_assert_cmpuint(heard.answers, ==, 2);
  g_assert_false(heard.answer);
  heard_clear(&heard);
}

/* ---- form ---- */

static GtkWidget *
show_form(const char *service_id, Heard *heard)
{
  GtkWidget *page = put_on_screen(g_object_new(KIOSK_TYPE_FORM_PAGE, NULL), heard);

  g_signal_connect(page, "submitted", G_CALLBACK(on_submitted), heard);
  kiosk_form_page_show(KIOSK_FORM_PAGE(page), service_step(service_id, ANYI_STEP_FORM), FALSE);
  return page;
}

static void
test_form_keypad_choices_and_submit(void)
{
  Heard heard = {0};
  GtkWidget *page = show_form("idcard-renewal", &heard);

  ui_test_expect_text(page, "第 1 项，共 4 项", 2);
  ui_test_expect_text(page, "手机号码", 2);
  g_assert_nonnull(strstr(heard.said, "手机号码"));
  g_assert_null(ui_test_find_button(page, "X")); /* not for a mobile number */
  g_assert_null(ui_test_find_button(page, "上一项"));

  press_keys(page, "1389");
  ui_test_click(page, "⌫");
  press_keys(page, "12345678");
  ui_test_expect_text(page, "138 1234 5678", 1);
  press_keys(page, "9"); /* a twelfth digit is refused */
  ui_test_expect_text(page, "138 1234 5678", 1);
  shoot("form-keypad");
  ui_test_click(page, "下一项");

  ui_test_expect_text(page, "领证方式", 2);
  g_assert_cmpstr(heard.said, ==, "领证方式");
  ui_test_click(page, "○  邮寄到家");
  g_assert_nonnull(ui_test_find_button(page, "●  邮寄到家"));
  ui_test_click(page, "○  到大厅窗口领取");
  g_assert_nonnull(ui_test_find_button(page, "○  邮寄到家"));
  ui_test_click(page, "○  邮寄到家");
  shoot("form-choice");
  ui_test_click(page, "下一项");

  ui_test_expect_text(page, "第 3 项，共 4 项 · 这一项可以不填", 2);
  ui_test_expect_text(page, "地址在哪个省？", 2); /* an address starts with its region */
  shoot("form-text");
  ui_test_click(page, "下一项");

  ui_test_click(page, "上一项"); /* back and forth keeps what was entered */
  ui_test_click(page, "上一项");
  g_assert_nonnull(ui_test_find_button(page, "●  邮寄到家"));
  ui_test_click(page, "下一项");
  ui_test_click(page, "下一项");
  ui_test_expect_text(page, "第 4 项，共 4 项", 2);
  g_assert_null(ui_test_find_button(page, "下一项"));
  ui_test_click(page, "○  不申请");
  ui_test_click(page, "提交");

  g_assert_cmpuint(heard.submits, ==, 1);
  g_assert_cmpstr(json_object_get_string_member(heard.submitted, "mobile"), ==, "13812345678");
  g_assert_cmpstr(json_object_get_string_member(heard.submitted, "collection"), ==, "post");
  g_assert_cmpstr(json_object_get_string_member(heard.submitted, "postal-address"), ==, "");
  g_assert_cmpstr(json_object_get_string_member(heard.submitted, "waiver"), ==, "none");
  g_assert_cmpuint(json_object_get_size(heard.submitted), ==, 4);
  heard_clear(&heard);
}

static void
test_form_refuses_wrong_mobile(void)
{
  Heard heard = {0};
  GtkWidget *page = show_form("idcard-renewal", &heard);
  const AnyiFormField *mobile = &service_step("idcard-renewal", ANYI_STEP_FORM)->fields[0];
  const char *sentence = anyi_field_problem_text(mobile, ANYI_FIELD_BAD_FORMAT)->zh;

  press_keys(page, "23456789012");
  ui_test_expect_text(page, "234 5678 9012", 1);
  ui_test_click(page, "下一项");
  ui_test_expect_text(page, sentence, 1);
  g_assert_cmpstr(heard.said, ==, sentence);
  ui_test_expect_text(page, "第 1 项，共 4 项", 1);
  shoot("form-problem");

  ui_test_click(page, "全部清除");
  ui_test_expect_text(page, "请按右边的数字键", 1);
  press_keys(page, "13812345678");
  ui_test_click(page, "下一项");
  g_assert_false(ui_test_shows_text(page, sentence));
  ui_test_click(page, "下一项"); /* no way of collecting chosen */
  ui_test_expect_text(page, "领证方式", 1);
  ui_test_expect_text(page, anyi_field_problem_text(&mobile[1], ANYI_FIELD_EMPTY)->zh, 1);
  g_assert_cmpuint(heard.submits, ==, 0);
  heard_clear(&heard);
}

static int
date_part(GtkWidget *page, const char *name)
{
  GtkWidget *label = find_named(page, name);

  g_assert_nonnull(label);
  return atoi(gtk_label_get_text(GTK_LABEL(label)));
}

static void
click_named(GtkWidget *page, const char *name, guint times)
{
  GtkWidget *button = find_named(page, name);

  g_assert_nonnull(button);
  for (guint i = 0; i < times; i++)
    g_signal_emit_by_name(button, "clicked");
}

static void
turn_until(GtkWidget *page, const char *button, const char *value, int wanted)
{
  for (int i = 0; i < 31 && date_part(page, value) != wanted; i++)
    click_named(page, button, 1);
  g_assert_cmpint(date_part(page, value), ==, wanted);
}

static void
test_form_id_number_and_date(void)
{
  Heard heard = {0};
  GtkWidget *page = show_form("bundle-veterans", &heard);
  g_autoptr(GDateTime) now = g_date_time_new_now_local();
  int year = g_date_time_get_year(now);
  g_autofree char *expected_date = g_strdup_printf("%d-02-29", year - 24 - year % 4);
  GtkWidget *entry;

  /* the name: the kiosk's own input says how to write the dot */
  ui_test_expect_text(page, "点拼音字母或在方框里手写，再点上面的字。名字中间的点请按“·”。", 1);
  entry = GTK_WIDGET(find_named(page, "GtkEntry"));
  g_assert_nonnull(entry);
  gtk_editable_set_text(GTK_EDITABLE(entry), " 张三 ");
  ui_test_click(page, "下一项");

  ui_test_expect_text(page, "公民身份号码", 1);
  ui_test_click(page, "X"); /* only the eighteenth character may be X */
  press_keys(page, "11010519491231002X");
  ui_test_expect_text(page, "110105 19491231 002X", 1);
  shoot("form-id-number");
  ui_test_click(page, "下一项");

  ui_test_expect_text(page, "退出现役日期", 1);
  g_assert_cmpint(date_part(page, "date-year"), ==, year);
  click_named(page, "date-year+1", 1); /* a past date: not beyond this year */
  g_assert_cmpint(date_part(page, "date-year"), ==, year);
  click_named(page, "date-year-10", 2);
  click_named(page, "date-year-1", 4 + year % 4);
  turn_until(page, "date-month-1", "date-month", 2);
  turn_until(page, "date-day+1", "date-day", 29); /* a leap year has it */
  shoot("form-date");
  ui_test_click(page, "下一项");

  press_keys(page, "13912345678");
  ui_test_click(page, "提交");
  g_assert_cmpuint(heard.submits, ==, 1);
  g_assert_cmpstr(json_object_get_string_member(heard.submitted, "applicant-name"), ==, "张三");
  g_assert_cmpstr(json_object_get_string_member(heard.submitted, "applicant-id-number"), ==,
                  "11010519491231002X");
  g_assert_cmpstr(json_object_get_string_member(heard.submitted, "discharge-date"), ==,
                  expected_date);
  g_assert_cmpstr(json_object_get_string_member(heard.submitted, "mobile"), ==, "13912345678");
  heard_clear(&heard);
}

static void
test_form_engine_problems_and_reset(void)
{
  Heard heard = {0};
  GtkWidget *page = show_form("idcard-renewal", &heard);
  const AnyiStep *step = service_step("idcard-renewal", ANYI_STEP_FORM);
  AnyiCaseFieldProblem refused = {&step->fields[3], ANYI_FIELD_NOT_A_CHOICE};
  g_autoptr(GPtrArray) problems = g_ptr_array_new();
  const char *sentence = anyi_field_problem_text(&step->fields[3], ANYI_FIELD_NOT_A_CHOICE)->zh;

  press_keys(page, "13812345678");
  g_ptr_array_add(problems, &refused);
  kiosk_form_page_show_problems(KIOSK_FORM_PAGE(page), problems, FALSE);
  ui_test_expect_text(page, "第 4 项，共 4 项", 1);
  ui_test_expect_text(page, sentence, 1);
  g_assert_cmpstr(heard.said, ==, sentence);

  kiosk_form_page_reset(KIOSK_FORM_PAGE(page));
  ui_test_expect_text(page, "第 1 项，共 4 项", 1);
  ui_test_expect_text(page, "请按右边的数字键", 1);
  g_assert_false(ui_test_shows_text(page, "138"));
  heard_clear(&heard);
}

/* As kiosk_application_set_language does: pages are built after it. */
static void
use_language(const char *language)
{
  g_setenv("LANGUAGE", language, TRUE);
  setlocale(LC_MESSAGES, "");
}

static void
test_form_many_choices_in_english(void)
{
  Heard heard = {0};
  GtkWidget *page;
  g_autoptr(GDateTime) now = g_date_time_new_now_local();
  g_autofree char *next_year = g_strdup_printf("%d-", g_date_time_get_year(now) + 1);

  use_language("en");
  page = put_on_screen(g_object_new(KIOSK_TYPE_FORM_PAGE, NULL), &heard);
  g_signal_connect(page, "submitted", G_CALLBACK(on_submitted), &heard);
  kiosk_form_page_show(KIOSK_FORM_PAGE(page), service_step("appointment-booking", ANYI_STEP_FORM),
                       TRUE);
  ui_test_expect_text(page, "What you will come for", 1);
  ui_test_expect_text(page, "Item 1 of 4", 1);
  ui_test_click(page, "○  Household registration (births, moves, changes)");
  ui_test_click(page, "○  Something else");
  shoot("form-many-choices");
  ui_test_click(page, "Next");

  ui_test_expect_text(page, "Date", 1);
  click_named(page, "date-year+1", 1); /* a booking is in the future */
  ui_test_click(page, "Next");
  ui_test_click(page, "○  Weekend appointment");
  ui_test_click(page, "Next");
  press_keys(page, "15012345678");
  ui_test_click(page, "Submit");

  g_assert_cmpuint(heard.submits, ==, 1);
  g_assert_cmpstr(json_object_get_string_member(heard.submitted, "booked-service"), ==, "other");
  g_assert_true(
      g_str_has_prefix(json_object_get_string_member(heard.submitted, "date"), next_year));
  g_assert_cmpstr(json_object_get_string_member(heard.submitted, "mobile"), ==, "15012345678");
  heard_clear(&heard);
  use_language("zh_CN");
}

/* ---- payment ---- */

/* The page as drawn on the screen, for zbar. */
static AnyiFrame *
page_as_frame(GtkWidget *widget)
{
  int width = gtk_widget_get_width(widget);
  int height = gtk_widget_get_height(widget);
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new(widget);
  GtkSnapshot *snapshot = gtk_snapshot_new();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree guint8 *bgra = g_malloc((gsize)width * height * 4);
  guint8 *rgb = g_malloc((gsize)width * height * 3);

  gdk_paintable_snapshot(paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node(snapshot);
  texture = gsk_renderer_render_texture(gtk_native_get_renderer(gtk_widget_get_native(widget)),
                                        node, &GRAPHENE_RECT_INIT(0, 0, width, height));
  gdk_texture_download(texture, bgra, (gsize)width * 4); /* cairo ARGB32: B G R A in memory */
  for (gsize i = 0; i < (gsize)width * height; i++) {
    rgb[i * 3] = bgra[i * 4 + 2];
    rgb[i * 3 + 1] = bgra[i * 4 + 1];
    rgb[i * 3 + 2] = bgra[i * 4];
  }
  return anyi_frame_new(g_bytes_new_take(rgb, (gsize)width * height * 3), width, height, width * 3);
}

static void
test_payment_shows_a_readable_code(void)
{
  const char *qr_text = "https://pay.example.cn/anyi/order/20261130-000417?sign=3f9a1c";
  Heard heard = {0};
  GtkWidget *page = put_on_screen(g_object_new(KIOSK_TYPE_PAYMENT_PAGE, NULL), &heard);
  g_autoptr(GPtrArray) codes = NULL;
  AnyiFrame *frame;
  const AnyiDocumentCode *code;

  g_signal_connect(page, "cancelled", G_CALLBACK(on_cancelled), &heard);
  kiosk_payment_page_show(KIOSK_PAYMENT_PAGE(page), "换领居民身份证", 2000, qr_text);
  ui_test_expect_text(page, "¥20.00", 1);
  ui_test_expect_text(page, "请用手机微信或支付宝扫码支付", 1);
  g_assert_nonnull(strstr(heard.said, "20.00"));
  shoot("payment");
  ui_test_spin(0.2);

  frame = page_as_frame(page);
  codes = anyi_document_read_codes(frame);
  anyi_frame_unref(frame);
  g_assert_cmpuint(codes->len, ==, 1);
  code = g_ptr_array_index(codes, 0);
  g_assert_cmpstr(code->symbology, ==, "QR-Code");
  g_assert_cmpstr(code->text, ==, qr_text);

  kiosk_payment_page_show_waiting(KIOSK_PAYMENT_PAGE(page));
  ui_test_expect_text(page, "正在确认付款……", 1);
  g_assert_cmpstr(heard.said, ==, "正在确认付款……");
  shoot("payment-waiting");
  ui_test_click(page, "不方便扫码？到窗口缴费");
  g_assert_cmpuint(heard.cancels, ==, 1);

  kiosk_payment_page_show(KIOSK_PAYMENT_PAGE(page), "换领居民身份证", 1005, "");
  g_assert_cmpint(g_atomic_int_get(&qr_warnings), ==, 1);
  ui_test_expect_text(page, "¥10.05", 1);
  ui_test_expect_text(page, "暂时无法显示付款码", 1);
  heard_clear(&heard);
}

/* ---- confirm ---- */

static GPtrArray *
summary_rows(void)
{
  GPtrArray *rows = g_ptr_array_new();
  const char *pairs[] = {"姓名",     "张*",         "公民身份号码", "110105********002X",
                         "手机号码", "138****5678", "领证方式",     "邮寄到家"};

  for (guint i = 0; i < G_N_ELEMENTS(pairs); i++)
    g_ptr_array_add(rows, (gpointer)pairs[i]);
  return rows;
}

static void
test_confirm_needs_the_commitment(void)
{
  const char *missing[] = {"户口簿", "结婚证", NULL};
  Heard heard = {0};
  GtkWidget *page = put_on_screen(g_object_new(KIOSK_TYPE_CONFIRM_PAGE, NULL), &heard);
  g_autoptr(GPtrArray) rows = summary_rows();
  g_autofree char *silhouette = anyi_asset_path("styles/images/silhouette.svg");
  g_autoptr(GdkTexture) photo = gdk_texture_new_from_filename(silhouette, NULL);
  GtkWidget *check;

  g_signal_connect(page, "confirmed", G_CALLBACK(on_confirmed), &heard);
  kiosk_confirm_page_show(KIOSK_CONFIRM_PAGE(page), "换领居民身份证", rows, missing, 30,
                          GDK_PAINTABLE(photo));
  ui_test_expect_text(page, "请核对", 1);
  ui_test_expect_text(page, "138****5678", 1);
  ui_test_expect_text(page, "以下材料可以之后补交：户口簿、结婚证，请在 30 天内交到窗口", 1);
  g_assert_nonnull(strstr(heard.said, "请核对"));
  g_assert_null(ui_test_find_button(page, "确认提交")); /* not sensitive yet */
  shoot("confirm-missing");

  /* the commitment is a big toggle a finger can hit, with a mark */
  check = find_named(page, "GtkToggleButton");
  g_assert_nonnull(check);
  ui_test_click(page, "☐  我承诺在期限内补交");
  g_assert_true(gtk_toggle_button_get_active(GTK_TOGGLE_BUTTON(check)));
  g_assert_nonnull(ui_test_find_button(page, "☑  我承诺在期限内补交"));
  ui_test_click(page, "确认提交");
  g_assert_cmpuint(heard.confirms, ==, 1);
  g_assert_true(heard.commits);

  kiosk_confirm_page_show(KIOSK_CONFIRM_PAGE(page), "换领居民身份证", rows, NULL, 0, NULL);
  g_assert_false(ui_test_shows_text(page, "补交"));
  shoot("confirm");
  ui_test_click(page, "确认提交");
  g_assert_cmpuint(heard.confirms, ==, 2);
  g_assert_false(heard.commits);

  kiosk_confirm_page_reset(KIOSK_CONFIRM_PAGE(page));
  g_assert_false(ui_test_shows_text(page, "138****5678"));
  heard_clear(&heard);
}

int
main(int argc, char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *services = anyi_asset_path("services");
  int status;

  g_log_set_writer_func(count_qr_warnings, NULL, NULL);
  kiosk_application_init_locale();
  /* GLib decides at the first g_dgettext() whether to translate at all, and
   * says no for good when that first call finds no catalogue (Chinese, the
   * source language): so the first call is made in English. */
  use_language("en");
  g_assert_cmpstr(_("上一项"), ==, "Back");
  use_language("zh_CN");
  g_test_init(&argc, &argv, NULL);
  gtk_init();
  kiosk_application_load_style();
  catalogue = anyi_catalogue_load(services, &error);
  g_assert_no_error(error);
  window = GTK_WINDOW(gtk_window_new());
  gtk_widget_add_css_class(GTK_WIDGET(window), "kiosk");
  gtk_window_set_default_size(window, 1920, 1080);
  gtk_window_present(window);

  g_test_add_func("/step-pages/question/yes-and-no", test_question_yes_and_no);
  g_test_add_func("/step-pages/form/keypad-choices-submit", test_form_keypad_choices_and_submit);
  g_test_add_func("/step-pages/form/refuses-wrong-mobile", test_form_refuses_wrong_mobile);
  g_test_add_func("/step-pages/form/id-number-and-date", test_form_id_number_and_date);
  g_test_add_func("/step-pages/form/engine-problems-and-reset",
                  test_form_engine_problems_and_reset);
  g_test_add_func("/step-pages/form/many-choices-in-english", test_form_many_choices_in_english);
  g_test_add_func("/step-pages/payment/readable-code", test_payment_shows_a_readable_code);
  g_test_add_func("/step-pages/confirm/needs-commitment", test_confirm_needs_the_commitment);
  status = g_test_run();
  gtk_window_destroy(window);
  g_object_unref(catalogue);
  return status;
}
