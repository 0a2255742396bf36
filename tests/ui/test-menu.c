/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-menu.c: the menu as a citizen meets it on the kiosk's 1920x1080
 * panel: the categories of assets/services/categories.json as large tiles
 * with a picture and a plain-words line, each category's services, on one
 * screen each in the normal and the large-text mode; every service at most
 * three taps from the attract screen; a card placed before choosing offers
 * what fits it first (renewal for a card about to expire, the progress
 * query for a number with a case in the store) and is not asked for again;
 * and the search: by pinyin initials ("hkqr" finds 户口迁入), its keyboard
 * offering the catalogue's services rather than librime's words (sfz,
 * shenfenzheng), English ("id card", "ID-card"), and nothing found said in
 * plain words with 人工帮助 and the full menu.
 * Screenshots go to ANYI_TEST_SHOTS when it is set (ANYI_SCREENSHOT_DIR
 * would also shoot every page the window shows, 23 cases of them). */
#include "kiosk-input.h"
#include "kiosk-menu-page.h"
#include "kiosk-ui-test.h"
#include "kiosk-script.h"
#include "kiosk-window-private.h"
#include "temp-store.h"

#include <string.h>

#define SCREEN_WIDTH  1920
#define SCREEN_HEIGHT 1080

static KioskApplication *kiosk;
static UiTestSetup setup;
static KioskWindow *window;
static AnyiCatalogue *catalogue;
static char *chosen; /* the service the last tap on a service tile chose */

static GtkWidget *
root(void)
{
  return GTK_WIDGET(window);
}

static void
on_service_chosen(KioskMenuPage *page, const char *service_id)
{
  g_free(chosen);
  chosen = g_strdup(service_id);
}

static void
go_to_attract(void)
{
  if (g_strcmp0(kiosk_window_get_page(window), "attract") == 0)
    return;
  ui_test_go_home(root());
  ui_test_expect_page(window, "attract", 5);
}

static void
set_large_text(gboolean on)
{
  gtk_toggle_button_set_active(window->large_text_button, on);
  ui_test_spin(0.1);
}

static void
shoot(const char *name)
{
  gboolean large = gtk_toggle_button_get_active(window->large_text_button);
  g_autofree char *file = g_strdup_printf("menu-%s%s.png", name, large ? "-large" : "");

  ui_test_shoot(root(), "ANYI_TEST_SHOTS", file);
}

/* The mapped widget named @name (tiles are named by their id). */
static GtkWidget *
find_named(GtkWidget *under, const char *name)
{
  for (GtkWidget *child = gtk_widget_get_first_child(under); child;
       child = gtk_widget_get_next_sibling(child)) {
    GtkWidget *found;
    if (g_strcmp0(gtk_widget_get_name(child), name) == 0 && gtk_widget_get_mapped(child))
      return child;
    if ((found = find_named(child, name)))
      return found;
  }
  return NULL;
}

static void
tap(GtkWidget *button, guint *taps)
{
  g_assert_true(GTK_IS_BUTTON(button));
  g_assert_true(gtk_widget_is_sensitive(button));
  g_signal_emit_by_name(button, "clicked");
  (*taps)++;
  ui_test_spin(0.05);
}

static void
tap_named(const char *name)
{
  guint taps = 0;

  tap(find_named(root(), name), &taps);
}

static gboolean
window_is_screen_sized(gpointer data)
{
  return gtk_widget_get_width(GTK_WIDGET(window)) == SCREEN_WIDTH;
}

static gboolean
is_control(GtkWidget *widget)
{
  return GTK_IS_BUTTON(widget) || GTK_IS_ENTRY(widget);
}

static void
dump_heights(GtkWidget *widget, int depth)
{
  int minimum = 0;
  gtk_widget_measure(widget, GTK_ORIENTATION_VERTICAL,
                     gtk_widget_get_width(widget) ? gtk_widget_get_width(widget) : -1, &minimum,
                     NULL, NULL, NULL);
  if (!gtk_widget_get_mapped(widget) || minimum < 60 || depth > 9)
    return;
  g_printerr("%*s%s %s %d (at width %d)\n", depth * 2, "", G_OBJECT_TYPE_NAME(widget),
             gtk_widget_get_name(widget), minimum, gtk_widget_get_width(widget));
  for (GtkWidget *child = gtk_widget_get_first_child(widget); child;
       child = gtk_widget_get_next_sibling(child))
    dump_heights(child, depth + 1);
}

/* Every control on screen lies wholly on the 1920x1080 panel, with no
 * scrolling: the menu has no scrolled area at all. */
static void
check_fits(const char *where)
{
  graphene_rect_t screen = GRAPHENE_RECT_INIT(0, 0, SCREEN_WIDTH, SCREEN_HEIGHT);
  g_autoptr(GPtrArray) pending = g_ptr_array_new();
  int minimum_height = 0;
  guint n_controls = 0;

  ui_test_spin(0.1);
  ui_test_wait(window_is_screen_sized, NULL, 2);
  gtk_widget_measure(GTK_WIDGET(window), GTK_ORIENTATION_VERTICAL, SCREEN_WIDTH, &minimum_height,
                     NULL, NULL, NULL);
  if (minimum_height > SCREEN_HEIGHT)
    dump_heights(root(), 0);
  if (minimum_height > SCREEN_HEIGHT)
    g_error("%s: the window needs %d px of height", where, minimum_height);
  g_assert_null(gtk_widget_get_ancestor(find_named(root(), "menu-search") ?: root(),
                                        GTK_TYPE_SCROLLED_WINDOW));
  g_ptr_array_add(pending, root());
  while (pending->len) {
    GtkWidget *widget = g_ptr_array_steal_index(pending, pending->len - 1);
    for (GtkWidget *child = gtk_widget_get_first_child(widget); child;
         child = gtk_widget_get_next_sibling(child)) {
      graphene_rect_t bounds;
      if (!gtk_widget_get_mapped(child))
        continue;
      if (!is_control(child)) {
        g_ptr_array_add(pending, child);
        continue;
      }
      n_controls++;
      g_assert_true(gtk_widget_compute_bounds(child, root(), &bounds));
      if (!graphene_rect_contains_rect(&screen, &bounds))
        g_error("%s: a %s named '%s' is not wholly on the screen (%g,%g %gx%g)", where,
                G_OBJECT_TYPE_NAME(child), gtk_widget_get_name(child), bounds.origin.x,
                bounds.origin.y, bounds.size.width, bounds.size.height);
    }
  }
  g_test_message("%s: %u controls on the screen, window at least %d px high", where, n_controls,
                 minimum_height);
}

static gboolean
shows_picture(GtkWidget *widget)
{
  if (GTK_IS_IMAGE(widget) && gtk_widget_get_mapped(widget) &&
      gtk_image_get_storage_type(GTK_IMAGE(widget)) == GTK_IMAGE_PAINTABLE)
    return TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child(widget); child;
       child = gtk_widget_get_next_sibling(child))
    if (shows_picture(child))
      return TRUE;
  return FALSE;
}

static GtkWidget *offers_box(void);

static void
check_categories_screen(void)
{
  for (guint i = 0; i < anyi_catalogue_get_n_categories(catalogue); i++) {
    const AnyiCategory *category = anyi_catalogue_get_category(catalogue, i);
    GtkWidget *tile = find_named(root(), category->id);

    if (!tile)
      g_error("no tile for the category %s (%s) on the menu", category->id, category->names.zh);
    g_assert_true(ui_test_shows_text(tile, category->names.zh));
    /* with card-first offers above, the names alone */
    if (offers_box())
      continue;
    g_assert_true(shows_picture(tile));
    g_assert_true(ui_test_shows_text(tile, category->summary.zh));
  }
}

/* The categories, then each category's services, each on one screen. */
static void
test_menu_fits(void)
{
  for (int large = 0; large <= 1; large++) {
    go_to_attract();
    set_large_text(large);
    ui_test_click(root(), "点这里开始办理");
    ui_test_expect_page(window, "menu", 5);
    check_categories_screen();
    shoot("categories");
    check_fits(large ? "categories, 大字模式" : "categories");
    for (guint i = 0; i < anyi_catalogue_get_n_categories(catalogue); i++) {
      const AnyiCategory *category = anyi_catalogue_get_category(catalogue, i);
      g_autofree char *where =
          g_strdup_printf("category %s%s", category->id, large ? ", 大字模式" : "");
      guint taps = 0;

      tap(find_named(root(), category->id), &taps);
      for (guint s = 0; s < anyi_catalogue_get_n_services(catalogue); s++) {
        const AnyiService *service = anyi_catalogue_get_service(catalogue, s);
        if (service->category == category && !find_named(root(), service->id))
          g_error("%s: no tile for %s", where, service->id);
      }
      g_assert_nonnull(find_named(root(), "menu-back"));
      if (i == 0 || i == 4)
        shoot(category->id);
      check_fits(where);
      tap(find_named(root(), "menu-back"), &taps);
      g_assert_nonnull(find_named(root(), category->id));
    }
  }
  set_large_text(FALSE);
  go_to_attract();
}

/* attract → menu → category → service: three taps for each of them all. */
static void
test_every_service_in_three_taps(void)
{
  for (guint s = 0; s < anyi_catalogue_get_n_services(catalogue); s++) {
    const AnyiService *service = anyi_catalogue_get_service(catalogue, s);
    GtkWidget *tile = NULL;
    guint taps = 0;

    go_to_attract();
    g_clear_pointer(&chosen, g_free);
    tap(ui_test_find_button(root(), "点这里开始办理"), &taps);
    ui_test_expect_page(window, "menu", 5);
    /* the shortest way: try each category tile from the first screen */
    for (guint c = 0; c < anyi_catalogue_get_n_categories(catalogue) && !tile; c++) {
      guint tried = taps;
      tap(find_named(root(), anyi_catalogue_get_category(catalogue, c)->id), &tried);
      tile = find_named(root(), service->id);
      if (tile)
        taps = tried;
      else
        kiosk_menu_page_show_categories(window->menu_page);
    }
    if (!tile)
      g_error("%s is in no category of the menu", service->id);
    tap(tile, &taps);
    g_assert_cmpstr(chosen, ==, service->id);
    g_assert_cmpstr(kiosk_window_get_page(window), !=, "menu");
    g_assert_cmpuint(taps, <=, 3);
    g_test_message("%s: %u taps", service->id, taps);
  }
  go_to_attract();
}

static char *
date_in_days(int days)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local();
  g_autoptr(GDateTime) then = g_date_time_add_days(now, days);

  return g_date_time_format(then, "%Y%m%d");
}

static GtkWidget *offers_box(void);

static gboolean
offers_shown(gpointer data)
{
  return offers_box() != NULL;
}

/* The box of card-first offers, when shown. */
static GtkWidget *
offers_box(void)
{
  GtkWidget *found = NULL;
  g_autoptr(GPtrArray) pending = g_ptr_array_new();

  g_ptr_array_add(pending, GTK_WIDGET(window->menu_page));
  while (pending->len && !found) {
    GtkWidget *widget = g_ptr_array_steal_index(pending, pending->len - 1);
    if (gtk_widget_has_css_class(widget, "menu-offers") && gtk_widget_get_mapped(widget))
      found = widget;
    for (GtkWidget *child = gtk_widget_get_first_child(widget); child;
         child = gtk_widget_get_next_sibling(child))
      g_ptr_array_add(pending, child);
  }
  return found;
}

static gboolean
card_offered(gpointer data)
{
  return ui_test_find_button(root(), "是本人，继续") != NULL;
}

/* A card that expires in 30 days, placed on the attract screen: the menu
 * offers renewal first, the categories stay below, and the renewal shows
 * the card read for confirmation without asking for it again. */
static void
test_card_first_renewal(void)
{
  g_autofree char *soon = date_in_days(30);
  g_autofree char *command = g_strdup_printf("idcard place resident valid-to %s", soon);
  guint taps = 0;

  go_to_attract();
  ui_test_devsim(command);
  ui_test_expect_page(window, "menu", 10);
  g_assert_true(ui_test_wait(offers_shown, NULL, 5));
  g_assert_nonnull(find_named(offers_box(), "idcard-renewal"));
  g_assert_null(find_named(offers_box(), "idcard-progress-query"));
  g_assert_true(ui_test_shows_text(offers_box(), "90 天内到期"));
  check_categories_screen();
  for (int large = 0; large <= 1; large++) {
    set_large_text(large);
    shoot("card-first-renewal");
    check_fits(large ? "card-first offer, 大字模式" : "card-first offer");
  }
  set_large_text(FALSE);
  tap(find_named(offers_box(), "idcard-renewal"), &taps);
  g_assert_cmpstr(chosen, ==, "idcard-renewal");
  /* the card is shown back at once: it is not asked for again */
  ui_test_expect_page(window, "card", 5);
  g_assert_true(ui_test_wait(card_offered, NULL, 2));
  g_assert_false(ui_test_shows_text(root(), "请把身份证平放"));
  ui_test_go_home(root());
  ui_test_expect_page(window, "attract", 5);
  ui_test_devsim("idcard remove");
  ui_test_spin(0.5);
  /* the next citizen gets no offer, and is asked for a card */
  ui_test_click(root(), "点这里开始办理");
  ui_test_expect_page(window, "menu", 5);
  g_assert_null(offers_box());
  ui_test_click(root(), "身份证到期换领");
  ui_test_expect_page(window, "card", 5);
  g_assert_false(card_offered(NULL));
  ui_test_go_home(root());
  ui_test_expect_page(window, "attract", 5);
}

/* A case at the window for the card's number: the progress query first.
 * The card is valid until 2035: no renewal. */
static void
seed_case_for_resident(void)
{
  AnyiStore *store = anyi_kiosk_get_store(window->kiosk);
  char check = anyi_id_number_check_char("51010419800101123");
  g_autofree char *data = g_strdup_printf(
      "{\"card\": {\"name\": \"张伟\", \"id_number\": \"51010419800101123%c\"}}", check);
  g_autoptr(GError) error = NULL;
  g_autoptr(AnyiStoredCase) stored =
      anyi_store_case_create(store, "household-certificate", 'A', "started", &error);

  g_assert_no_error(error);
  g_assert_true(anyi_store_case_transition(store, stored->id, "started", "collecting", "collect",
                                           NULL, data, &error));
  g_assert_true(anyi_store_case_hand_off(store, stored->id, "collecting", "window-only", "3", NULL,
                                         NULL, &error));
  g_assert_no_error(error);
}

static void
test_card_first_progress(void)
{
  guint taps = 0;

  go_to_attract();
  seed_case_for_resident();
  ui_test_click(root(), "点这里开始办理");
  ui_test_expect_page(window, "menu", 5);
  ui_test_devsim("idcard place resident");
  g_assert_true(ui_test_wait(offers_shown, NULL, 10));
  g_assert_nonnull(find_named(offers_box(), "idcard-progress-query"));
  g_assert_null(find_named(offers_box(), "idcard-renewal"));
  g_assert_true(ui_test_shows_text(offers_box(), "正在办理"));
  for (int large = 0; large <= 1; large++) {
    set_large_text(large);
    shoot("card-first-progress");
    check_fits(large ? "card-first progress, 大字模式" : "card-first progress");
  }
  set_large_text(FALSE);
  tap(find_named(offers_box(), "idcard-progress-query"), &taps);
  g_assert_cmpstr(chosen, ==, "idcard-progress-query");
  ui_test_expect_page(window, "card", 5);
  g_assert_true(ui_test_wait(card_offered, NULL, 2));
  ui_test_go_home(root());
  ui_test_expect_page(window, "attract", 5);
  ui_test_devsim("idcard remove");
  ui_test_spin(0.5);
}

static void
press_keys(const char *letters)
{
  for (const char *p = letters; *p; p++) {
    g_autofree char *name = g_strdup_printf("key-%c", *p);
    GtkWidget *key = find_named(GTK_WIDGET(window->menu_page), name);
    if (!key)
      g_error("no pinyin key %c on the search screen", *p);
    g_signal_emit_by_name(key, "clicked");
    ui_test_spin(0.05);
  }
}

/* 搜索事项, then h k q r on the pinyin keys: 户口迁入 is offered and opens. */
static void
test_search_by_initials(void)
{
  guint taps = 0;

  for (int large = 0; large <= 1; large++) {
    go_to_attract();
    set_large_text(large);
    ui_test_click(root(), "点这里开始办理");
    ui_test_expect_page(window, "menu", 5);
    tap(find_named(root(), "menu-search"), &taps);
    press_keys("hkqr");
    ui_test_spin(0.2);
    g_assert_nonnull(find_named(root(), "household-move-in"));
    g_assert_true(ui_test_shows_text(root(), "户口迁入"));
    shoot("search-hkqr");
    check_fits(large ? "search, 大字模式" : "search");
  }
  set_large_text(FALSE);
  tap(find_named(root(), "household-move-in"), &taps);
  g_assert_cmpstr(chosen, ==, "household-move-in");
  go_to_attract();
}

static KioskInput *
search_input(void)
{
  return KIOSK_INPUT(ui_test_find_of_type(GTK_WIDGET(window->menu_page), KIOSK_TYPE_INPUT));
}

static GtkEditable *
search_entry(void)
{
  return GTK_EDITABLE(ui_test_find_of_type(GTK_WIDGET(window->menu_page), GTK_TYPE_ENTRY));
}

static void
open_search(gboolean large)
{
  guint taps = 0;

  go_to_attract();
  set_large_text(large);
  ui_test_click(root(), "点这里开始办理");
  ui_test_expect_page(window, "menu", 5);
  tap(find_named(root(), "menu-search"), &taps);
}

static const AnyiService *
service_titled(const char *title)
{
  for (guint s = 0; s < anyi_catalogue_get_n_services(catalogue); s++) {
    const AnyiService *service = anyi_catalogue_get_service(catalogue, s);
    if (g_str_equal(service->names.zh, title))
      return service;
  }
  return NULL;
}

/* The keyboard's candidate bar offers ID-card services, each a title of
 * the catalogue (no word of librime's dictionary such as 是非自 or 身份证
 * alone), and at least three of them. */
static void
expect_idcard_offers(const char *typed)
{
  g_autoptr(GPtrArray) offered = kiosk_input_dup_candidates(search_input());

  if (offered->len < 3)
    g_error("\"%s\": %u candidates offered, expected the ID-card services", typed, offered->len);
  for (guint i = 0; i < offered->len; i++) {
    const char *text = g_ptr_array_index(offered, i);
    const AnyiService *service = service_titled(text);
    if (!service)
      g_error("\"%s\": the candidate '%s' is no service of the catalogue", typed, text);
    if (!g_str_has_prefix(service->id, "idcard-"))
      g_error("\"%s\": the candidate '%s' is not an ID-card service", typed, text);
  }
}

/* 身份证 typed by its initials and in full: the candidates are the
 * services; pressing one opens it. */
static void
test_search_offers_services(void)
{
  for (int large = 0; large <= 1; large++) {
    open_search(large);
    press_keys("sfz");
    expect_idcard_offers("sfz");
    shoot("search-sfz");
    check_fits(large ? "search sfz, 大字模式" : "search sfz");
    g_signal_emit_by_name(find_named(root(), "input-clear"), "clicked");
    press_keys("shenfenzheng");
    expect_idcard_offers("shenfenzheng");
    check_fits(large ? "search shenfenzheng, 大字模式" : "search shenfenzheng");
  }
  set_large_text(FALSE);
  g_clear_pointer(&chosen, g_free);
  g_signal_emit_by_name(find_named(root(), "candidate-0"), "clicked");
  ui_test_spin(0.1);
  g_assert_nonnull(chosen);
  g_assert_true(g_str_has_prefix(chosen, "idcard-"));
  g_assert_cmpstr(kiosk_window_get_page(window), !=, "menu");
  go_to_attract();
}

/* The search page's keyboard still writes by hand: a stroke offers
 * characters, not services, until one is chosen; the form page keeps
 * librime's words (ui-input). */
static void
test_search_handwriting(void)
{
  static const double stroke[] = {40, 120, 80, 120, 120, 121, 160, 120, 200, 120};
  g_autoptr(GPtrArray) written = NULL;

  open_search(FALSE);
  if (!find_named(root(), "mode-handwriting")) {
    g_test_skip("no handwriting model (tegaki-zinnia-simplified-chinese)");
    return;
  }
  g_signal_emit_by_name(find_named(root(), "mode-handwriting"), "clicked");
  ui_test_spin(0.05);
  kiosk_input_draw_stroke(search_input(), stroke, G_N_ELEMENTS(stroke) / 2);
  written = kiosk_input_dup_candidates(search_input());
  g_assert_cmpuint(written->len, >, 0);
  g_assert_true(g_ptr_array_find_with_equal_func(written, "一", g_str_equal, NULL));
  g_assert_null(service_titled(g_ptr_array_index(written, 0)));
  go_to_attract();
}

/* "id card" typed on the letter keys as idcard and confirmed, and ID-card
 * as written elsewhere: the ID-card services. */
static void
test_search_english(void)
{
  static const char *const queries[] = {"id card", "ID-card", "ID CARD", NULL};

  open_search(FALSE);
  press_keys("idcard");
  g_signal_emit_by_name(find_named(root(), "input-confirm"), "clicked");
  ui_test_spin(0.1);
  g_assert_cmpstr(gtk_editable_get_text(search_entry()), ==, "idcard");
  expect_idcard_offers("idcard");
  g_assert_true(ui_test_shows_text(root(), "找到 6 项"));
  for (guint i = 0; queries[i]; i++) {
    gtk_editable_set_text(search_entry(), queries[i]);
    ui_test_spin(0.05);
    expect_idcard_offers(queries[i]);
    g_assert_true(ui_test_shows_text(root(), "找到 6 项"));
    g_assert_nonnull(find_named(root(), "idcard-first-application"));
  }
  go_to_attract();
}

/* Nonsense: said in plain words, with 人工帮助 and the full menu; a
 * passport: where to go, with the same two. Both work. */
static void
test_search_nothing_found(void)
{
  guint taps = 0;

  for (int large = 0; large <= 1; large++) {
    open_search(large);
    press_keys("xqzv");
    g_assert_true(ui_test_shows_text(root(), "没有找到和“xqzv”有关的事项"));
    g_assert_nonnull(find_named(root(), "menu-search-help"));
    g_assert_nonnull(find_named(root(), "menu-search-all"));
    shoot("search-nothing");
    check_fits(large ? "search, nothing found, 大字模式" : "search, nothing found");
    gtk_editable_set_text(search_entry(), "passport");
    g_signal_emit_by_name(find_named(root(), "input-clear"), "clicked");
    gtk_editable_set_text(search_entry(), "passport");
    ui_test_spin(0.05);
    g_assert_true(ui_test_shows_text(root(), "出入境"));
    g_assert_nonnull(find_named(root(), "menu-search-help"));
    shoot("search-passport");
    check_fits(large ? "search passport, 大字模式" : "search passport");
  }
  set_large_text(FALSE);
  tap(find_named(root(), "menu-search-all"), &taps);
  g_assert_nonnull(find_named(root(), anyi_catalogue_get_category(catalogue, 0)->id));
  tap(find_named(root(), "menu-search"), &taps);
  press_keys("xqzv");
  tap(find_named(root(), "menu-search-help"), &taps);
  ui_test_expect_page(window, "help", 5);
  go_to_attract();
}

/* ---- the language switched on the search ---- */

/* The language button, as a citizen presses it: the window is made anew. */
static void
switch_language(const char *button)
{
  ui_test_click(root(), button);
  window = ui_test_window(kiosk);
  g_signal_connect(window->menu_page, "service-chosen", G_CALLBACK(on_service_chosen), NULL);
  ui_test_expect_page(window, "menu", 5);
  ui_test_spin(0.2);
}

/* A Chinese word left on the page in English: a label not made again. */
static const char *
chinese_on_page(GtkWidget *under)
{
  for (GtkWidget *child = gtk_widget_get_first_child(under); child;
       child = gtk_widget_get_next_sibling(child)) {
    const char *found;
    if (!gtk_widget_get_mapped(child))
      continue;
    if (GTK_IS_LABEL(child) && kiosk_text_has_han(gtk_label_get_text(GTK_LABEL(child))))
      return gtk_label_get_text(GTK_LABEL(child));
    if ((found = chinese_on_page(child)))
      return found;
  }
  return NULL;
}

static const AnyiService *
service_named(const char *title, gboolean english)
{
  for (guint s = 0; s < anyi_catalogue_get_n_services(catalogue); s++) {
    const AnyiService *service = anyi_catalogue_get_service(catalogue, s);
    if (g_str_equal(english ? service->names.en : service->names.zh, title))
      return service;
  }
  return NULL;
}

/* The keyboard offers the ID-card services, by their names in @english or
 * Chinese, and the first of them are tiles above it: three, or two in
 * 大字模式 (wider, so that an English name takes two lines, not four). */
static void
expect_idcard_services(gboolean english)
{
  g_autoptr(GPtrArray) offered = kiosk_input_dup_candidates(search_input());
  guint tiles = gtk_toggle_button_get_active(window->large_text_button) ? 2 : 3;

  g_assert_cmpuint(offered->len, ==, KIOSK_INPUT_MAX_OFFERS);
  for (guint i = 0; i < offered->len; i++) {
    const char *text = g_ptr_array_index(offered, i);
    const AnyiService *service = service_named(text, english);
    if (!service || !g_str_has_prefix(service->id, "idcard-"))
      g_error("the keyboard offers '%s', no ID-card service's %s name", text,
              english ? "English" : "Chinese");
    if (i < tiles)
      g_assert_nonnull(find_named(root(), service->id));
    else
      g_assert_null(find_named(root(), service->id));
    g_assert_true(ui_test_shows_text(root(), text));
  }
}

/* What the window needs across, and down at the screen's width, whatever
 * size it was given (Xvfb has no window manager to hold a rebuilt window
 * to the screen, so check_fits() cannot wait for it). */
static void
assert_fits_screen_size(const char *where)
{
  int minimum = 0;

  ui_test_spin(0.1);
  gtk_widget_measure(root(), GTK_ORIENTATION_HORIZONTAL, -1, &minimum, NULL, NULL, NULL);
  if (minimum > SCREEN_WIDTH)
    g_error("%s: the window needs %d px across", where, minimum);
  gtk_widget_measure(root(), GTK_ORIENTATION_VERTICAL, SCREEN_WIDTH, &minimum, NULL, NULL, NULL);
  if (minimum > SCREEN_HEIGHT)
    dump_heights(root(), 0);
  if (minimum > SCREEN_HEIGHT)
    g_error("%s: the window needs %d px of height", where, minimum);
}

static const char *
placeholder(void)
{
  return gtk_entry_get_placeholder_text(GTK_ENTRY(search_entry()));
}

/* 中文 / English pressed on the search, with letters typed: the search
 * stays open with them, and all of it (labels, placeholder, keyboard,
 * results, the line saying what was found, 人工帮助 and the answer of
 * a service done elsewhere) is in the new language. The menu stays the
 * menu, and 大字模式 stays on. */
static void
test_search_language_switch(void)
{
  open_search(FALSE);
  press_keys("sfz");
  expect_idcard_services(FALSE);

  switch_language("English");
  g_assert_nonnull(find_named(root(), "menu-search-back"));
  g_assert_cmpstr(placeholder(), ==,
                  "Pinyin, initials or English, e.g. sfz or idcard for the ID card");
  /* the letters are still being typed, on the keys */
  g_assert_cmpstr(gtk_editable_get_text(search_entry()), ==, "");
  expect_idcard_services(TRUE);
  g_assert_true(ui_test_shows_text(root(), "found, here are the first 3"));
  g_assert_nonnull(ui_test_find_button(root(), "OK"));
  g_assert_null(chinese_on_page(GTK_WIDGET(window->menu_page)));
  shoot("search-sfz-english");
  assert_fits_screen_size("search sfz, English");

  /* confirmed, then back to Chinese: the query is the entry's */
  g_signal_emit_by_name(find_named(root(), "input-confirm"), "clicked");
  ui_test_spin(0.1);
  switch_language("中文");
  g_assert_cmpstr(gtk_editable_get_text(search_entry()), ==, "sfz");
  g_assert_cmpstr(placeholder(), ==, "打拼音或首字母，如 sfz 找“身份证”");
  expect_idcard_services(FALSE);
  g_assert_true(ui_test_shows_text(root(), "这里是前 3 项"));
  g_assert_nonnull(ui_test_find_button(root(), "确定"));

  /* nothing found, and a passport: said in English, with 人工帮助 */
  gtk_editable_set_text(search_entry(), "xqzv");
  switch_language("English");
  g_assert_true(ui_test_shows_text(root(), "Nothing found for \"xqzv\""));
  g_assert_nonnull(ui_test_find_button(root(), "Staff help"));
  g_assert_nonnull(ui_test_find_button(root(), "All services"));
  gtk_editable_set_text(search_entry(), "passport");
  ui_test_spin(0.05);
  g_assert_true(ui_test_shows_text(root(), "exit-entry administration"));
  g_assert_nonnull(find_named(root(), "menu-search-help"));
  g_assert_null(chinese_on_page(GTK_WIDGET(window->menu_page)));
  assert_fits_screen_size("search passport, English");

  /* the menu itself (no search open) stays the menu, in large text, and
   * no wider than the screen in English either */
  tap_named("menu-search-all");
  switch_language("中文");
  set_large_text(TRUE);
  switch_language("English");
  g_assert_true(gtk_toggle_button_get_active(window->large_text_button));
  g_assert_null(find_named(root(), "menu-search-back"));
  g_assert_nonnull(find_named(root(), anyi_catalogue_get_category(catalogue, 0)->id));
  assert_fits_screen_size("menu, English, 大字模式");
  tap_named("menu-search");
  press_keys("sfz");
  expect_idcard_services(TRUE);
  shoot("search-sfz-english");
  assert_fits_screen_size("search sfz, English, 大字模式");
  tap_named("menu-search-back");
  switch_language("中文");
  set_large_text(FALSE);
  go_to_attract();
}

int
main(int argc, char **argv)
{
  int status;

  if (!ui_test_setup(&setup, &argc, &argv))
    return 77;
  catalogue = setup.catalogue;
  g_test_add_func("/menu/fits", test_menu_fits);
  g_test_add_func("/menu/every-service-in-three-taps", test_every_service_in_three_taps);
  g_test_add_func("/menu/card-first/renewal", test_card_first_renewal);
  g_test_add_func("/menu/card-first/progress", test_card_first_progress);
  g_test_add_func("/menu/search-by-initials", test_search_by_initials);
  g_test_add_func("/menu/search/offers-services", test_search_offers_services);
  g_test_add_func("/menu/search/handwriting", test_search_handwriting);
  g_test_add_func("/menu/search/english", test_search_english);
  g_test_add_func("/menu/search/nothing-found", test_search_nothing_found);
  g_test_add_func("/menu/search/language-switch", test_search_language_switch);
  kiosk = ui_test_start_kiosk();
  window = ui_test_window(kiosk);
  g_signal_connect(window->menu_page, "service-chosen", G_CALLBACK(on_service_chosen), NULL);
  status = g_test_run();
  ui_test_stop_kiosk(kiosk);
  g_free(chosen);
  ui_test_teardown(&setup);
  return status;
}
