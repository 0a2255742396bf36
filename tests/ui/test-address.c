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
  g_test_add_func("/address/levels-fit", test_levels_fit);
  g_test_add_func("/address/reaches-the-case", test_picked_address_reaches_the_case);
  g_test_add_func("/address/outside-sichuan", test_outside_sichuan);
  kiosk = ui_test_start_kiosk();
  window = ui_test_window(kiosk);
  status = g_test_run();
  remove_test_pages();
  ui_test_stop_kiosk(kiosk);
  ui_test_teardown(&setup);
  return status;
}
