/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The address of a form, as a citizen gives it in the real kiosk window:
 * the province, the city and the district from large tiles, one level at a
 * time, each level wholly on the 1920x1080 screen in the normal and the
 * large-text mode; then the street and number typed with the input keys;
 * the whole address is what the form hands to the case. Pictures of each
 * level go to ANYI_SCREENSHOT_DIR. */
#include "kiosk-step-pages.h"
#include "kiosk-ui-test.h"
#include "kiosk-window-private.h"
#include "store/anyi-store.h"
#include "temp-store.h"

#define SCREEN_WIDTH  1920
#define SCREEN_HEIGHT 1080

static KioskApplication *kiosk;
static UiTestSetup setup;
static KioskWindow *window;
static AnyiCatalogue *catalogue;

static const AnyiStep *
renewal_form(guint *address_index)
{
  const AnyiService *service = anyi_catalogue_lookup(catalogue, "idcard-renewal");

  g_assert_nonnull(service);
  for (guint s = 0; s < service->n_steps; s++)
    for (guint f = 0; f < service->steps[s].n_fields; f++)
      if (g_str_equal(service->steps[s].fields[f].id, "postal-address")) {
        *address_index = f;
        return &service->steps[s];
      }
  g_assert_not_reached();
}

static KioskFormPage *
form_page(void)
{
  GtkWidget *page = gtk_stack_get_child_by_name(window->pages, "address-form");

  if (!page) {
    page = g_object_new(KIOSK_TYPE_FORM_PAGE, NULL);
    gtk_stack_add_named(window->pages, page, "address-form");
  }
  kiosk_window_show_page(window, "address-form");
  return KIOSK_FORM_PAGE(page);
}

/* The form opened at its postal address, as after 邮寄到家. */
static KioskFormPage *
open_at_address(void)
{
  KioskFormPage *page = form_page();
  guint index = 0;
  const AnyiStep *step = renewal_form(&index);
  AnyiCaseFieldProblem problem = {&step->fields[index], ANYI_FIELD_EMPTY};
  g_autoptr(GPtrArray) problems = g_ptr_array_new();

  g_ptr_array_add(problems, &problem);
  kiosk_form_page_show(page, step, FALSE);
  kiosk_form_page_show_problems(page, problems, FALSE);
  return page;
}

static guint
count_tiles(GtkWidget *root)
{
  guint n = gtk_widget_has_css_class(root, "region-tile") && gtk_widget_get_mapped(root) &&
            !gtk_widget_has_css_class(root, "region-back");

  for (GtkWidget *child = gtk_widget_get_first_child(root); child;
       child = gtk_widget_get_next_sibling(child))
    n += count_tiles(child);
  return n;
}

static void
expect_on_screen(GtkWidget *root, const char *where)
{
  for (GtkWidget *child = gtk_widget_get_first_child(root); child;
       child = gtk_widget_get_next_sibling(child)) {
    graphene_rect_t b;

    if (!gtk_widget_get_mapped(child))
      continue;
    if (GTK_IS_BUTTON(child)) {
      g_assert_true(gtk_widget_compute_bounds(child, GTK_WIDGET(window), &b));
      if (b.origin.x < -0.5 || b.origin.y < -0.5 ||
          b.origin.x + b.size.width > SCREEN_WIDTH + 0.5 ||
          b.origin.y + b.size.height > SCREEN_HEIGHT + 0.5)
        g_error("%s: the button \"%s\" is not wholly on the screen (%g,%g %gx%g)", where,
                gtk_button_get_label(GTK_BUTTON(child)), b.origin.x, b.origin.y, b.size.width,
                b.size.height);
      continue;
    }
    expect_on_screen(child, where);
  }
}

/* One level: every tile on the screen, the window no taller than it. */
static void
check_level(const char *level, guint tiles)
{
  gboolean large = gtk_toggle_button_get_active(window->large_text_button);
  g_autofree char *where = g_strdup_printf("%s (%s)", level, large ? "大字模式" : "normal");
  g_autofree char *file = g_strdup_printf("address-%s-%s.png", level, large ? "large" : "normal");
  int minimum_height = 0;

  ui_test_spin(0.2);
  gtk_widget_measure(GTK_WIDGET(window), GTK_ORIENTATION_VERTICAL, SCREEN_WIDTH, &minimum_height,
                     NULL, NULL, NULL);
  g_test_message("%s: %u tiles, the window at least %d px high", where,
                 count_tiles(GTK_WIDGET(window)), minimum_height);
  ui_test_shoot(GTK_WIDGET(window), "ANYI_SCREENSHOT_DIR", file);
  g_assert_cmpint(minimum_height, <=, SCREEN_HEIGHT);
  g_assert_cmpuint(count_tiles(GTK_WIDGET(window)), ==, tiles);
  expect_on_screen(GTK_WIDGET(window), where);
}

/* Each level of the largest choice (成都市's 20 districts, the 21 cities)
 * fits one screen, in both modes; 返回上一级 goes back one level. */
static void
walk_levels(void)
{
  GtkWidget *root = GTK_WIDGET(window);

  open_at_address();
  ui_test_expect_text(root, "地址在哪个省？", 2);
  check_level("province", 1);
  ui_test_click(root, "四川省");
  ui_test_expect_text(root, "四川省：在哪个市（州）？", 2);
  check_level("city", 21);
  ui_test_click(root, "成都市");
  ui_test_expect_text(root, "四川省成都市：在哪个区（县）？", 2);
  check_level("district", 20);
  ui_test_click(root, "‹ 返回上一级");
  ui_test_expect_text(root, "四川省：在哪个市（州）？", 2);
  ui_test_click(root, "阿坝藏族羌族自治州");
  ui_test_expect_text(root, "阿坝藏族羌族自治州：在哪个区（县）？", 2);
  g_assert_cmpuint(count_tiles(root), ==, 13);
  kiosk_form_page_reset(form_page());
  kiosk_window_show_page(window, "attract");
}

static void
test_levels_fit(void)
{
  walk_levels();
  gtk_toggle_button_set_active(window->large_text_button, TRUE);
  walk_levels();
  gtk_toggle_button_set_active(window->large_text_button, FALSE);
}

static void
on_submitted(KioskFormPage *page, JsonObject *values, JsonObject **out)
{
  g_clear_pointer(out, json_object_unref);
  *out = json_object_ref(values);
}

static const char *
entry_text(void)
{
  GtkWidget *entry = ui_test_find_of_type(GTK_WIDGET(form_page()), GTK_TYPE_ENTRY);

  g_assert_nonnull(entry);
  return gtk_editable_get_text(GTK_EDITABLE(entry));
}

/* The region picked, the number typed: the case gets the whole address. */
static void
test_picked_address_reaches_the_case(void)
{
  GtkWidget *root = GTK_WIDGET(window);
  KioskFormPage *page = open_at_address();
  g_autoptr(JsonObject) submitted = NULL;
  gulong handler = g_signal_connect(page, "submitted", G_CALLBACK(on_submitted), &submitted);

  ui_test_click(root, "四川省");
  ui_test_click(root, "遂宁市");
  ui_test_click(root, "安居区");
  ui_test_expect_text(root, "请接着输入街道、小区和门牌号。", 2);
  g_assert_cmpstr(entry_text(), ==, "四川省遂宁市安居区");
  /* the number with the input's number keys */
  ui_test_click(root, "数字");
  ui_test_click(root, "1");
  ui_test_click(root, "8");
  g_assert_cmpstr(entry_text(), ==, "四川省遂宁市安居区18");
  /* picked wrong: pick again, and the typed part goes with the old region */
  ui_test_click(root, "重新选择省市区");
  ui_test_expect_text(root, "地址在哪个省？", 2);
  ui_test_click(root, "四川省");
  ui_test_click(root, "成都市");
  ui_test_click(root, "武侯区");
  g_assert_cmpstr(entry_text(), ==, "四川省成都市武侯区");
  ui_test_click(root, "数字");
  ui_test_click(root, "1");
  ui_test_click(root, "下一项");
  ui_test_click(root, "○  不申请");
  ui_test_click(root, "提交");
  g_assert_nonnull(submitted);
  g_assert_cmpstr(json_object_get_string_member(submitted, "postal-address"), ==,
                  "四川省成都市武侯区1");
  /* the code of the region picked last (武侯区), for the window's systems */
  g_assert_cmpstr(json_object_get_string_member(
                      json_object_get_object_member(submitted, "region-codes"), "postal-address"),
                  ==, "510107");
  g_signal_handler_disconnect(page, handler);
  kiosk_form_page_reset(page);
  kiosk_window_show_page(window, "attract");
}

/* An address outside Sichuan is typed whole. */
static void
test_outside_sichuan(void)
{
  GtkWidget *root = GTK_WIDGET(window);
  KioskFormPage *page = open_at_address();

  ui_test_click(root, "不在四川省，自己输入");
  ui_test_expect_text(root, "请输入完整的地址：省、市、区县、街道和门牌号。", 2);
  g_assert_cmpstr(entry_text(), ==, "");
  kiosk_form_page_reset(page);
  kiosk_window_show_page(window, "attract");
}

/* ---- 上一步 through a real case ---- */

static gboolean
card_offered(gpointer data)
{
  return ui_test_find_button(GTK_WIDGET(window), "是本人，继续") != NULL;
}

static gboolean
card_not_asked_for(gpointer data)
{
  return !ui_test_shows_text(GTK_WIDGET(window), "请取走您的身份证");
}

/* The home visit's form, after the card and its question: every field
 * but the address filled as typed before (the input has tests of its
 * own), the form at its first field. */
static KioskFormPage *
open_home_visit_form(void)
{
  GtkWidget *root = GTK_WIDGET(window);
  g_autoptr(GDateTime) now = g_date_time_new_now_local();
  g_autoptr(GDateTime) later = g_date_time_add_days(now, 30);
  g_autofree char *date = g_date_time_format(later, "%Y-%m-%d");
  g_autoptr(JsonObject) typed = json_object_new();
  KioskFormPage *page;

  ui_test_click(root, "点这里开始办理");
  ui_test_expect_page(window, "menu", 5);
  kiosk_case_flow_start(window->case_flow, "home-visit-booking");
  ui_test_expect_page(window, "card", 5);
  ui_test_devsim("idcard place resident");
  g_assert_true(ui_test_wait(card_offered, NULL, 10));
  ui_test_click(root, "是本人，继续");
  ui_test_expect_page(window, "question", 5);
  ui_test_click(root, "是");
  ui_test_expect_page(window, "form", 5);
  /* the flow's own form page, not this test's "address-form" */
  page = KIOSK_FORM_PAGE(ui_test_find_of_type(gtk_stack_get_child_by_name(window->pages, "form"),
                                              KIOSK_TYPE_FORM_PAGE));
  json_object_set_string_member(typed, "person-name", "李四");
  json_object_set_string_member(typed, "relationship", "family");
  json_object_set_string_member(typed, "service-needed", "身份证换领");
  json_object_set_string_member(typed, "preferred-date", date);
  json_object_set_string_member(typed, "mobile", "13812345678");
  kiosk_form_page_refill(page, typed);
  return page;
}

/* From the form's first field to its address, the fourth. */
static void
go_to_address(KioskFormPage *page)
{
  for (int i = 0; i < 3; i++)
    ui_test_click(GTK_WIDGET(page), "下一项");
}

/* From the address to the end of the form, and 提交: the final check. */
static void
submit_from_address(KioskFormPage *page)
{
  ui_test_click(GTK_WIDGET(page), "下一项");
  ui_test_click(GTK_WIDGET(page), "下一项");
  ui_test_click(GTK_WIDGET(page), "提交");
  ui_test_expect_page(window, "confirm", 5);
}

/* The region code the case keeps for the address (the store's copy, what
 * the window's systems get), or NULL. */
static char *
kept_code(void)
{
  AnyiStore *store = anyi_kiosk_get_store(kiosk_application_get_kiosk(kiosk));
  g_autoptr(GError) error = NULL;
  g_autoptr(AnyiStoredCase) stored =
      anyi_store_case_find(store, kiosk_case_flow_get_case_number(window->case_flow), &error);
  g_autoptr(JsonNode) data = NULL;
  JsonObject *codes;

  g_assert_no_error(error);
  data = json_from_string(stored->data_json, &error);
  g_assert_no_error(error);
  if (!json_object_has_member(json_node_get_object(data), "region-codes"))
    return NULL;
  codes = json_object_get_object_member(json_node_get_object(data), "region-codes");
  return g_strdup(json_object_get_string_member_with_default(codes, "address", NULL));
}

/* The code the form sent with the address, or NULL. */
static const char *
sent_code(JsonObject *submitted)
{
  g_assert_nonnull(submitted);
  if (!json_object_has_member(submitted, "region-codes"))
    return NULL;
  return json_object_get_string_member_with_default(
      json_object_get_object_member(submitted, "region-codes"), "address", NULL);
}

static const char *
address_text(KioskFormPage *page)
{
  GtkWidget *entry = ui_test_find_of_type(GTK_WIDGET(page), GTK_TYPE_ENTRY);

  g_assert_nonnull(entry);
  return gtk_editable_get_text(GTK_EDITABLE(entry));
}

static void
back_to_address(KioskFormPage *page)
{
  ui_test_click(GTK_WIDGET(window), "上一步");
  ui_test_expect_page(window, "form", 5);
  go_to_address(page);
}

/* The region picked, the form sent, 上一步 from the final check: the form
 * comes back with the address and its region's code, which goes with it
 * again untouched; edited so that it no longer starts with the region,
 * the address goes without it. */
static void
test_region_kept_across_back(void)
{
  GtkWidget *root = GTK_WIDGET(window);
  KioskFormPage *page = open_home_visit_form();
  g_autoptr(JsonObject) submitted = NULL;
  g_autofree char *code = NULL;

  g_signal_connect(page, "submitted", G_CALLBACK(on_submitted), &submitted);
  go_to_address(page);
  ui_test_click(root, "四川省");
  ui_test_click(root, "成都市");
  ui_test_click(root, "武侯区");
  ui_test_click(root, "数字");
  ui_test_click(root, "1");
  submit_from_address(page);
  g_assert_cmpstr(sent_code(submitted), ==, "510107");
  code = kept_code();
  g_assert_cmpstr(code, ==, "510107");

  /* back, and forward again without picking */
  back_to_address(page);
  g_assert_cmpstr(address_text(page), ==, "四川省成都市武侯区1");
  submit_from_address(page);
  g_assert_cmpstr(sent_code(submitted), ==, "510107");
  g_clear_pointer(&code, g_free);
  code = kept_code();
  g_assert_cmpstr(code, ==, "510107");

  /* back, and the district's name taken away: no longer that region */
  back_to_address(page);
  ui_test_click(root, "⌫ 删除");
  ui_test_click(root, "⌫ 删除");
  ui_test_click(root, "数字");
  ui_test_click(root, "1");
  g_assert_cmpstr(address_text(page), ==, "四川省成都市武侯1");
  submit_from_address(page);
  g_assert_cmpstr(json_object_get_string_member(submitted, "address"), ==, "四川省成都市武侯1");
  g_assert_null(sent_code(submitted));
  g_clear_pointer(&code, g_free);
  code = kept_code();
  g_assert_null(code);

  g_signal_handlers_disconnect_by_func(page, on_submitted, &submitted);
  ui_test_go_home(root);
  ui_test_expect_page(window, "attract", 5);
  ui_test_devsim("idcard remove");
  g_assert_true(ui_test_wait(card_not_asked_for, NULL, 10));
}

/* The pages this test added go before the kiosk does: the input engines
 * they loaded are closed while librime is still there (its own exit
 * handler would otherwise tear down a session still open). */
static void
remove_test_pages(void)
{
  static const char *const names[] = {"address-form"};

  for (guint i = 0; i < G_N_ELEMENTS(names); i++) {
    GtkWidget *page = gtk_stack_get_child_by_name(window->pages, names[i]);
    if (page)
      gtk_stack_remove(window->pages, page);
  }
  ui_test_spin(0.1);
}

int
main(int argc, char **argv)
{
  int status;

  if (!ui_test_setup(&setup, &argc, &argv))
    return 77;
  catalogue = setup.catalogue;
  /* long enough that no idle prompt comes between a test's presses */
  g_setenv("ANYI_IDLE_TIMEOUT", "120", TRUE);
  g_test_add_func("/address/levels-fit", test_levels_fit);
  g_test_add_func("/address/reaches-the-case", test_picked_address_reaches_the_case);
  g_test_add_func("/address/outside-sichuan", test_outside_sichuan);
  g_test_add_func("/address/region-kept-across-back", test_region_kept_across_back);
  kiosk = ui_test_start_kiosk();
  window = ui_test_window(kiosk);
  status = g_test_run();
  remove_test_pages();
  ui_test_stop_kiosk(kiosk);
  ui_test_teardown(&setup);
  return status;
}
