/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The kiosk's 1920x1080 panel holds every page of every service, in the
 * normal and in the large-text (大字模式) mode: each page the services of
 * assets/services put on screen is shown in the real kiosk window, with its
 * header and footer, and every control a citizen can press must lie wholly
 * on the screen at its full size. Long content may scroll inside the page:
 * a control inside a scrolled area must then fit in that area, which must
 * itself lie on the screen.
 *
 * Bounds are GTK widget bounds (gtk_widget_compute_bounds) against the
 * window, after the X server gave the window its size, and the window's
 * own minimum size is measured too: a page that needs more than 1080 px
 * makes the window taller than the screen, and its bottom is cut off. */
#include "kiosk-step-pages.h"
#include "kiosk-ui-test.h"
#include "kiosk-window-private.h"
#include "kiosk-camera-view.h"
#include "kiosk-photo-page.h"
#include "kiosk-document-page.h"
#include "temp-store.h"

#include <glib/gstdio.h>
#include <string.h>

#define SCREEN_WIDTH  1920
#define SCREEN_HEIGHT 1080

static KioskApplication *kiosk;
static UiTestSetup setup;
static KioskWindow *window;
static AnyiCatalogue *catalogue;
static guint pages_checked;
static gboolean window_outgrew_screen;
static GString *all_problems; /* every screen that does not fit, for one report */
/* "screen\x1ftext" → the text's size in px in the normal mode */
static GHashTable *normal_text_sizes;

static gboolean
in_english(void)
{
  return g_str_equal(kiosk_application_get_language(kiosk), "en");
}

static gboolean
is_control(GtkWidget *widget)
{
  return GTK_IS_BUTTON(widget) || GTK_IS_CHECK_BUTTON(widget) || GTK_IS_ENTRY(widget) ||
         GTK_IS_SWITCH(widget) || GTK_IS_TEXT_VIEW(widget);
}

static GtkWidget *
scrolled_ancestor(GtkWidget *widget)
{
  return gtk_widget_get_ancestor(widget, GTK_TYPE_SCROLLED_WINDOW);
}

static graphene_rect_t
bounds_in_window(GtkWidget *widget)
{
  graphene_rect_t bounds;

  if (!gtk_widget_compute_bounds(widget, GTK_WIDGET(window), &bounds))
    g_error("no bounds for a %s", G_OBJECT_TYPE_NAME(widget));
  return bounds;
}

static char *
describe(GtkWidget *control)
{
  const char *label = GTK_IS_BUTTON(control) ? gtk_button_get_label(GTK_BUTTON(control)) : NULL;
  GtkWidget *child = GTK_IS_BUTTON(control) ? gtk_button_get_child(GTK_BUTTON(control)) : NULL;

  if (!label && GTK_IS_CHECK_BUTTON(control))
    label = gtk_check_button_get_label(GTK_CHECK_BUTTON(control));
  if (!label && GTK_IS_LABEL(child))
    label = gtk_label_get_text(GTK_LABEL(child));
  for (GtkWidget *w = child; !label && w; w = gtk_widget_get_first_child(w))
    if (GTK_IS_LABEL(w))
      label = gtk_label_get_text(GTK_LABEL(w));
  return g_strdup_printf("%s \"%s\"", G_OBJECT_TYPE_NAME(control), label ? label : "");
}

static gboolean
rect_inside(const graphene_rect_t *inner, const graphene_rect_t *outer)
{
  /* half a pixel for the fractional offsets of centred widgets */
  return inner->origin.x >= outer->origin.x - 0.5 && inner->origin.y >= outer->origin.y - 0.5 &&
         inner->origin.x + inner->size.width <= outer->origin.x + outer->size.width + 0.5 &&
         inner->origin.y + inner->size.height <= outer->origin.y + outer->size.height + 0.5;
}

static void
check_control(GtkWidget *control, const char *where, GString *problems)
{
  graphene_rect_t screen = GRAPHENE_RECT_INIT(0, 0, SCREEN_WIDTH, SCREEN_HEIGHT);
  graphene_rect_t bounds = bounds_in_window(control);
  GtkWidget *scrolled = scrolled_ancestor(control);
  g_autofree char *what = describe(control);

  if (scrolled && gtk_widget_is_ancestor(scrolled, GTK_WIDGET(window))) {
    graphene_rect_t area = bounds_in_window(scrolled);

    if (!rect_inside(&area, &screen))
      g_string_append_printf(problems,
                             "%s: the scrolled area of %s is off the screen (%g,%g %gx%g)\n", where,
                             what, area.origin.x, area.origin.y, area.size.width, area.size.height);
    if (bounds.size.height > area.size.height + 0.5 || bounds.size.width > area.size.width + 0.5)
      g_string_append_printf(problems, "%s: %s (%gx%g) is larger than its scrolled area\n", where,
                             what, bounds.size.width, bounds.size.height);
    return;
  }
  if (!rect_inside(&bounds, &screen))
    g_string_append_printf(problems, "%s: %s is not wholly on the screen (%g,%g %gx%g)\n", where,
                           what, bounds.origin.x, bounds.origin.y, bounds.size.width,
                           bounds.size.height);
}

static void
check_controls_under(GtkWidget *root, const char *where, GString *problems, guint *n_controls)
{
  for (GtkWidget *child = gtk_widget_get_first_child(root); child;
       child = gtk_widget_get_next_sibling(child)) {
    if (!gtk_widget_get_mapped(child))
      continue;
    if (is_control(child)) {
      check_control(child, where, problems);
      (*n_controls)++;
      continue;
    }
    check_controls_under(child, where, problems, n_controls);
  }
}

/* The innermost widget that alone is too wide: where to look. */
static GtkWidget *
too_wide(GtkWidget *root)
{
  for (GtkWidget *child = gtk_widget_get_first_child(root); child;
       child = gtk_widget_get_next_sibling(child)) {
    int minimum = 0;

    /* as GTK lays it out: a stack's hidden pages are not measured */
    if (!gtk_widget_should_layout(child))
      continue;
    gtk_widget_measure(child, GTK_ORIENTATION_HORIZONTAL, -1, &minimum, NULL, NULL, NULL);
    if (minimum > SCREEN_WIDTH)
      return too_wide(child);
  }
  return root;
}

/* What a technician looks for: the widget's type, and the text it holds. */
static char *
describe_widget(GtkWidget *widget)
{
  if (GTK_IS_LABEL(widget))
    return g_strdup_printf("GtkLabel \"%s\"", gtk_label_get_text(GTK_LABEL(widget)));
  if (is_control(widget))
    return describe(widget);
  return g_strdup_printf("%s \"%s\"", G_OBJECT_TYPE_NAME(widget), gtk_widget_get_name(widget));
}

/* Where the height goes: every widget laid out shorter than it asks for
 * at its width, with what it asks and what it got. */
static void
describe_squeezed(GtkWidget *root, int depth, GString *out)
{
  for (GtkWidget *child = gtk_widget_get_first_child(root); child;
       child = gtk_widget_get_next_sibling(child)) {
    int minimum = 0;
    int width = gtk_widget_get_width(child);
    g_autofree char *name = NULL;

    if (!gtk_widget_get_mapped(child))
      continue;
    gtk_widget_measure(child, GTK_ORIENTATION_VERTICAL, width, &minimum, NULL, NULL, NULL);
    if (minimum <= gtk_widget_get_height(child))
      continue;
    name = describe_widget(child);
    g_string_append_printf(out, "  %*s%s: needs %d px at %d px across, has %d\n", depth * 2, "",
                           name, minimum, width, gtk_widget_get_height(child));
    describe_squeezed(child, depth + 1, out);
  }
}

static gboolean
window_is_screen_sized(gpointer data)
{
  return gtk_widget_get_width(GTK_WIDGET(window)) == SCREEN_WIDTH;
}

/* 大字模式 enlarges text by half at least. Parts that grow less so that
 * the screen holds them, each for its reason (README, "Every screen
 * fits"): the header (one row of the same buttons at the same height, so
 * that each page has the same room in both modes), the on-screen keyboard
 * and the address picker's tiles (a whole keyboard, or all 21 cities of
 * Sichuan, with the form on one screen), and the card page's "!" (a sign
 * in a disc, not words). */
static gboolean
grows_less_to_fit(GtkWidget *label)
{
  static const char *const parts[] = {"header", "kiosk-input", "region-tile", "error-mark"};

  for (GtkWidget *w = label; w; w = gtk_widget_get_parent(w))
    for (guint i = 0; i < G_N_ELEMENTS(parts); i++)
      if (gtk_widget_has_css_class(w, parts[i]))
        return TRUE;
  return FALSE;
}

static double
text_size_px(GtkWidget *label)
{
  const PangoFontDescription *font =
      pango_context_get_font_description(gtk_widget_get_pango_context(label));

  return (double)pango_font_description_get_size(font) / PANGO_SCALE;
}

static void
check_text_growth_under(GtkWidget *root, const char *what, gboolean large, GString *problems)
{
  for (GtkWidget *child = gtk_widget_get_first_child(root); child;
       child = gtk_widget_get_next_sibling(child)) {
    const char *text;
    g_autofree char *key = NULL;
    double *normal;

    if (!gtk_widget_get_mapped(child) || grows_less_to_fit(child))
      continue;
    if (!GTK_IS_LABEL(child)) {
      check_text_growth_under(child, what, large, problems);
      continue;
    }
    text = gtk_label_get_text(GTK_LABEL(child));
    if (!*text)
      continue;
    key = g_strdup_printf("%s\x1f%s", what, text);
    if (!large) {
      double *size = g_new(double, 1);

      *size = text_size_px(child);
      g_hash_table_replace(normal_text_sizes, g_steal_pointer(&key), size);
      continue;
    }
    normal = g_hash_table_lookup(normal_text_sizes, key);
    if (normal && text_size_px(child) < 1.5 * *normal - 0.01)
      g_string_append_printf(problems, "%s: \"%.40s\" is %.1f px in 大字模式, %.1f px normal\n",
                             what, text, text_size_px(child), *normal);
  }
}

static void
check_text_growth(const char *what, gboolean large, GString *problems)
{
  g_autofree char *screen = g_strdup_printf("%s%s", what, in_english() ? " (English)" : "");

  check_text_growth_under(GTK_WIDGET(window), screen, large, problems);
}

/* Lays the window out as it is now and checks every control on it. */
static void
check_screen(const char *what)
{
  gboolean large = gtk_toggle_button_get_active(window->large_text_button);
  g_autofree char *where = g_strdup_printf("%s (%s%s)", what, large ? "大字模式" : "normal",
                                           in_english() ? ", English" : "");
  g_autoptr(GString) problems = g_string_new(NULL);
  int minimum_width = 0;
  int minimum_height = 0;
  guint n_controls = 0;
  g_autofree char *too_wide_name = NULL;

  /* what the X server gives the window follows what GTK asks for */
  ui_test_spin(0.05);
  /* with no window manager here, a window made wider once stays wider:
   * said once, and not waited for again on every later screen */
  if (!window_outgrew_screen && !ui_test_wait(window_is_screen_sized, NULL, 2)) {
    window_outgrew_screen = TRUE;
    g_string_append_printf(problems, "%s: the window became %d px wide\n", where,
                           gtk_widget_get_width(GTK_WIDGET(window)));
  }
  gtk_widget_measure(GTK_WIDGET(window), GTK_ORIENTATION_HORIZONTAL, -1, &minimum_width, NULL, NULL,
                     NULL);
  gtk_widget_measure(GTK_WIDGET(window), GTK_ORIENTATION_VERTICAL, SCREEN_WIDTH, &minimum_height,
                     NULL, NULL, NULL);
  if (minimum_width > SCREEN_WIDTH)
    too_wide_name = describe_widget(too_wide(GTK_WIDGET(window)));
  if (minimum_width > SCREEN_WIDTH || minimum_height > SCREEN_HEIGHT)
    g_string_append_printf(problems, "%s: the window needs %d x %d px (too wide: %s)\n", where,
                           minimum_width, minimum_height,
                           minimum_width > SCREEN_WIDTH ? too_wide_name : "-");
  if (minimum_height > SCREEN_HEIGHT)
    describe_squeezed(GTK_WIDGET(window), 1, problems);
  check_controls_under(GTK_WIDGET(window), where, problems, &n_controls);
  check_text_growth(what, large, problems);
  g_test_message("%s: %u controls, window at least %d x %d", where, n_controls, minimum_width,
                 minimum_height);
  pages_checked++;
  g_string_append(all_problems, problems->str);
  /* ANYI_FIT_SHOOT=words: the screens whose name holds them, too */
  if (g_str_has_prefix(where, "idcard-renewal") || !strchr(where, ':') ||
      (g_getenv("ANYI_FIT_SHOOT") && strstr(where, g_getenv("ANYI_FIT_SHOOT")))) {
    g_autofree char *file = g_strdup_printf("fit-%02u.png", pages_checked);

    g_test_message("picture %s: %s", file, where);
    ui_test_shoot(GTK_WIDGET(window), "ANYI_SCREENSHOT_DIR", file);
  }
}

static GtkWidget *
window_page(const char *name, GType type)
{
  GtkWidget *page = gtk_stack_get_child_by_name(window->pages, name);

  if (!page) {
    page = g_object_new(type, NULL);
    gtk_stack_add_named(window->pages, page, name);
  }
  /* as the case flow shows it: with the window's footer */
  kiosk_window_show_page(window, name);
  return page;
}

static GtkWidget *
first_of_type(GtkWidget *root, GType type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE(root, type))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child(root); child;
       child = gtk_widget_get_next_sibling(child)) {
    GtkWidget *found = first_of_type(child, type);

    if (found)
      return found;
  }
  return NULL;
}

/* Every state of a page's own stack of steps (photo, document), shown as
 * the page shows them: the camera picture only while it is live. */
static void
check_each_state(GtkWidget *page, const char *what)
{
  GtkWidget *steps = first_of_type(page, GTK_TYPE_STACK);
  GtkWidget *camera_view = first_of_type(page, KIOSK_TYPE_CAMERA_VIEW);

  g_assert_nonnull(steps);
  g_assert_nonnull(camera_view);
  for (GtkWidget *state = gtk_widget_get_first_child(steps); state;
       state = gtk_widget_get_next_sibling(state)) {
    g_autofree char *where = g_strdup_printf(
        "%s, %s", what, gtk_stack_page_get_name(gtk_stack_get_page(GTK_STACK(steps), state)));

    const char *name = gtk_stack_page_get_name(gtk_stack_get_page(GTK_STACK(steps), state));
    gboolean live = g_str_equal(name, "preview") || g_str_equal(name, "countdown");

    gtk_widget_set_visible(camera_view, live);
    gtk_widget_set_vexpand(steps, !live);
    gtk_stack_set_visible_child(GTK_STACK(steps), state);
    /* with 上一步, as a case that can go back shows it: the page lays out
     * the step again, 上一步 beside its main button or under it */
    if (KIOSK_IS_PHOTO_PAGE(page))
      kiosk_photo_page_set_can_go_back(KIOSK_PHOTO_PAGE(page), TRUE);
    else
      kiosk_document_page_set_can_go_back(KIOSK_DOCUMENT_PAGE(page), TRUE);
    check_screen(where);
  }
}

/* A text of the catalogue as the kiosk shows it in its language now. */
static const char *
shown(const AnyiText *text)
{
  const char *s = kiosk_application_text(kiosk, text);

  return s && *s ? s : NULL;
}

/* The confirm page's summary: every field of the service, with a value
 * as long as the field allows (the longest a citizen can make it). */
static GPtrArray *
summary_rows(const AnyiService *service)
{
  GPtrArray *rows = g_ptr_array_new_with_free_func(g_free);

  g_ptr_array_add(rows, g_strdup(in_english() ? "Name" : "姓名"));
  g_ptr_array_add(rows, g_strdup("张三"));
  g_ptr_array_add(rows, g_strdup(in_english() ? "ID number" : "公民身份号码"));
  g_ptr_array_add(rows, g_strdup("5101**********1234"));
  for (guint s = 0; s < service->n_steps; s++)
    for (guint f = 0; f < service->steps[s].n_fields; f++) {
      const AnyiFormField *field = &service->steps[s].fields[f];
      guint length = field->max_length ? MIN(field->max_length, 60) : 11;
      GString *value = g_string_new(NULL);

      for (guint i = 0; i < length; i++)
        g_string_append(value, "藏");
      g_ptr_array_add(rows, g_strdup(shown(&field->label)));
      g_ptr_array_add(rows, g_string_free(value, FALSE));
    }
  g_ptr_array_add(rows, NULL);
  return rows;
}

static char **
missing_materials(const AnyiService *service)
{
  GStrvBuilder *names = g_strv_builder_new();

  for (guint m = 0; m < service->n_materials; m++)
    if (service->materials[m].may_be_missing)
      g_strv_builder_add(names, shown(&service->materials[m].names));
  return g_strv_builder_end(names);
}

static void
check_questions(const AnyiService *service, const AnyiStep *step)
{
  KioskQuestionPage *page =
      KIOSK_QUESTION_PAGE(window_page("fit-question", KIOSK_TYPE_QUESTION_PAGE));

  for (guint q = 0; q < step->n_questions; q++) {
    g_autofree char *where =
        g_strdup_printf("%s: question %s", service->id, step->questions[q]->id);

    kiosk_question_page_show(page, shown(&step->questions[q]->question), q + 1, step->n_questions);
    check_screen(where);
  }
}

/* The mapped button showing LABEL under ROOT, as a finger would find it. */
static GtkWidget *
find_button_labelled(GtkWidget *root, const char *label)
{
  for (GtkWidget *child = gtk_widget_get_first_child(root); child;
       child = gtk_widget_get_next_sibling(child)) {
    GtkWidget *found;
    if (GTK_IS_BUTTON(child) && gtk_widget_get_mapped(child) &&
        g_strcmp0(gtk_button_get_label(GTK_BUTTON(child)), label) == 0)
      return child;
    if ((found = find_button_labelled(child, label)))
      return found;
  }
  return NULL;
}

static void
check_step(const AnyiService *service, const AnyiStep *step)
{
  AnyiKiosk *engine = kiosk_application_get_kiosk(kiosk);
  static const char *const step_names[] = {
      [ANYI_STEP_READ_CARD] = "card",
      [ANYI_STEP_PHOTO] = "photo",
      [ANYI_STEP_CAPTURE_DOCUMENT] = "document",
      [ANYI_STEP_QUESTIONS] = "questions",
      [ANYI_STEP_FORM] = "form",
      [ANYI_STEP_PAYMENT] = "payment",
      [ANYI_STEP_CONFIRM] = "confirm",
      [ANYI_STEP_RESULT] = "result",
  };
  g_autofree char *where = g_strdup_printf("%s: %s", service->id, step_names[step->type]);

  switch (step->type) {
  case ANYI_STEP_QUESTIONS:
    check_questions(service, step);
    break;
  case ANYI_STEP_FORM: {
    GtkWidget *page = window_page("fit-form", KIOSK_TYPE_FORM_PAGE);

    g_autofree char *refused = g_strconcat(where, " (refused)", NULL);
    GtkWidget *next;

    kiosk_form_page_show(KIOSK_FORM_PAGE(page), step, in_english());
    check_screen(where);
    /* 下一项 on the field left empty: its problem line must not push the
     * footer off the screen either */
    if ((next = find_button_labelled(page, in_english() ? "Next" : "下一项")) ||
        (next = find_button_labelled(page, in_english() ? "Submit" : "提交"))) {
      g_signal_emit_by_name(next, "clicked");
      check_screen(refused);
    }
    kiosk_form_page_reset(KIOSK_FORM_PAGE(page));
    break;
  }
  case ANYI_STEP_PAYMENT: {
    GtkWidget *page = window_page("fit-payment", KIOSK_TYPE_PAYMENT_PAGE);

    kiosk_payment_page_show(KIOSK_PAYMENT_PAGE(page), shown(&service->names),
                            MAX(service->fee.amount_fen, 2000), "https://pay.example/q/1234567890");
    check_screen(where);
    kiosk_payment_page_show_waiting(KIOSK_PAYMENT_PAGE(page));
    check_screen(where);
    kiosk_payment_page_reset(KIOSK_PAYMENT_PAGE(page));
    break;
  }
  case ANYI_STEP_CONFIRM: {
    GtkWidget *page = window_page("fit-confirm", KIOSK_TYPE_CONFIRM_PAGE);
    g_autoptr(GPtrArray) rows = summary_rows(service);
    g_auto(GStrv) missing = missing_materials(service);

    g_ptr_array_remove_index(rows, rows->len - 1);
    kiosk_confirm_page_show(KIOSK_CONFIRM_PAGE(page), shown(&service->names), rows,
                            (const char *const *)missing, 30, NULL);
    check_screen(where);
    kiosk_confirm_page_reset(KIOSK_CONFIRM_PAGE(page));
    break;
  }
  case ANYI_STEP_PHOTO: {
    GtkWidget *page = window_page("fit-photo", KIOSK_TYPE_PHOTO_PAGE);

    kiosk_photo_page_start(KIOSK_PHOTO_PAGE(page),
                           anyi_kiosk_get_camera(engine, ANYI_CAMERA_ROLE_FACE),
                           anyi_kiosk_get_photo_checker(engine), shown(&step->prompt), FALSE);
    check_each_state(page, where);
    kiosk_photo_page_stop(KIOSK_PHOTO_PAGE(page));
    break;
  }
  case ANYI_STEP_CAPTURE_DOCUMENT: {
    GtkWidget *page = window_page("fit-document", KIOSK_TYPE_DOCUMENT_PAGE);

    kiosk_document_page_start(
        KIOSK_DOCUMENT_PAGE(page), anyi_kiosk_get_camera(engine, ANYI_CAMERA_ROLE_DOCUMENT),
        shown(&step->material->names), shown(&step->prompt), step->material->may_be_missing);
    check_each_state(page, where);
    kiosk_document_page_stop(KIOSK_DOCUMENT_PAGE(page));
    break;
  }
  case ANYI_STEP_READ_CARD:
  case ANYI_STEP_RESULT:
    /* the window's own pages: checked once for all services below */
    break;
  }
}

static GtkWidget *find_named(GtkWidget *root, const char *name);
static void check_sentence_whole(const char *sentence, const char *where);

static void
check_window_pages(void)
{
  AnyiIdProgress progress = {
      .stage = ANYI_ID_PROGRESS_READY,
      .application = (char *)"居民身份证换领（有效期满换领）",
      .applied_on = (char *)"2026-11-02",
      .expected_on = (char *)"2026-11-30",
      .pickup_place = (char *)"安逸办户政服务大厅 3 号窗口（工作日 9:00-17:00，周六上午）",
  };
  const char *long_reason =
      in_english() ? "Your household is registered in another city, so this service has to be "
                     "done there. Staff at the window will tell you which papers to bring and "
                     "book you a time in that city."
                   : "您的户口不在本市，这项业务需要在户口所在地办理。窗口的工作人员会告诉您"
                     "需要准备的材料，并帮您预约户口所在地的办理时间。";
  const char *counter = in_english() ? "Window 3" : "3 号窗口";

  kiosk_window_show_page(window, "attract");
  check_screen("attract");
  /* the hall's name in the header, whole in both languages */
  check_sentence_whole(gtk_label_get_text(window->hall_name), "attract, header");
  kiosk_window_show_page(window, "menu");
  check_screen("menu");
  for (guint i = 0; i < anyi_catalogue_get_n_categories(catalogue); i++) {
    const AnyiCategory *category = anyi_catalogue_get_category(catalogue, i);
    g_autofree char *what = g_strdup_printf("menu, %s", category->id);

    g_signal_emit_by_name(find_named(GTK_WIDGET(window->menu_page), category->id), "clicked");
    check_screen(what);
    kiosk_menu_page_show_categories(window->menu_page);
  }
  g_signal_emit_by_name(find_named(GTK_WIDGET(window->menu_page), "menu-search"), "clicked");
  check_screen("menu, search");
  kiosk_menu_page_show_categories(window->menu_page);
  kiosk_window_show_page(window, "card");
  kiosk_card_page_show_waiting(window->card_page);
  check_screen("card, waiting");
  kiosk_card_page_show_error(window->card_page, long_reason,
                             KIOSK_CARD_ACTION_RETRY | KIOSK_CARD_ACTION_WINDOW);
  check_screen("card, error");
  kiosk_window_show_page(window, "result");
  kiosk_result_page_show_progress(window->result_page, "AY20261206-0042", &progress);
  kiosk_result_page_set_receipt_available(window->result_page, "回执打印机没纸了，请记下业务编号");
  check_screen("result, progress");
  kiosk_result_page_set_receipt_available(window->result_page, NULL);
  check_screen("result, progress with receipt");
  kiosk_window_show_page(window, "finish");
  kiosk_finish_page_show_printing(window->finish_page);
  check_screen("finish, printing");
  kiosk_finish_page_show_done(window->finish_page, "AY20261206-0042", TRUE);
  check_screen("finish, done");
  kiosk_finish_page_show_done_unprinted(window->finish_page, "AY20261206-0042");
  check_screen("finish, done unprinted");
  kiosk_finish_page_show_handoff(window->finish_page, counter, long_reason, "AY20261206-0042",
                                 FALSE);
  check_screen("finish, handoff");
  kiosk_finish_page_show_handoff(window->finish_page, counter, long_reason, "AY20261206-0042",
                                 TRUE);
  check_screen("finish, handoff with slip");
}

static void
check_every_page(void)
{
  check_window_pages();
  for (guint i = 0; i < anyi_catalogue_get_n_services(catalogue); i++) {
    const AnyiService *service = anyi_catalogue_get_service(catalogue, i);

    for (guint s = 0; s < service->n_steps; s++)
      check_step(service, &service->steps[s]);
  }
  kiosk_window_show_page(window, "attract");
}

static void
report_problems(void)
{
  if (all_problems->len)
    g_test_fail_printf("%s", all_problems->str);
  g_string_truncate(all_problems, 0);
}

/* Both modes in one test: one report of every screen that does not fit. */
static void
test_every_page_fits(void)
{
  check_every_page();
  gtk_toggle_button_set_active(window->large_text_button, TRUE);
  check_every_page();
  gtk_toggle_button_set_active(window->large_text_button, FALSE);
  report_problems();
}

static void
use_language(const char *language)
{
  kiosk_application_set_language(kiosk, language);
  window = ui_test_window(kiosk);
  window_outgrew_screen = FALSE;
  ui_test_spin(0.2);
}

/* The same pages in English, the catalogue's English texts in them: longer
 * words, the same screen. */
static void
test_every_page_fits_in_english(void)
{
  use_language("en");
  test_every_page_fits();
  use_language("zh_CN");
}

static GtkWidget *
find_named(GtkWidget *root, const char *name)
{
  for (GtkWidget *child = gtk_widget_get_first_child(root); child;
       child = gtk_widget_get_next_sibling(child)) {
    GtkWidget *found;
    if (g_strcmp0(gtk_widget_get_name(child), name) == 0 && gtk_widget_get_mapped(child))
      return child;
    if ((found = find_named(child, name)))
      return found;
  }
  return NULL;
}

/* The next citizen meets the menu at its categories, wherever the last
 * one left it. */
static void
test_menu_opens_at_top(void)
{
  const AnyiCategory *last =
      anyi_catalogue_get_category(catalogue, anyi_catalogue_get_n_categories(catalogue) - 1);

  kiosk_window_show_page(window, "menu");
  ui_test_spin(0.2);
  g_signal_emit_by_name(find_named(GTK_WIDGET(window->menu_page), last->id), "clicked");
  ui_test_spin(0.1);
  g_assert_nonnull(find_named(GTK_WIDGET(window->menu_page), "menu-back"));
  kiosk_window_end_session(window, "home");
  kiosk_window_show_page(window, "menu");
  ui_test_spin(0.2);
  g_assert_null(find_named(GTK_WIDGET(window->menu_page), "menu-back"));
  g_assert_nonnull(find_named(GTK_WIDGET(window->menu_page), last->id));
  kiosk_window_show_page(window, "attract");
}

/* The mapped label reading @text under @root, or NULL. */
static GtkLabel *
label_reading(GtkWidget *root, const char *text)
{
  for (GtkWidget *child = gtk_widget_get_first_child(root); child;
       child = gtk_widget_get_next_sibling(child)) {
    GtkLabel *found;
    if (GTK_IS_LABEL(child) && gtk_widget_get_mapped(child) &&
        g_strcmp0(gtk_label_get_text(GTK_LABEL(child)), text) == 0)
      return GTK_LABEL(child);
    if ((found = label_reading(child, text)))
      return found;
  }
  return NULL;
}

/* The kinds of editor a field gets: the address is a text field that
 * opens on the region picker. */
enum {
  EDITOR_NAME,
  EDITOR_TEXT,
  EDITOR_ADDRESS,
  EDITOR_CHOICE,
  EDITOR_DATE,
  EDITOR_KEYPAD,
  N_EDITORS
};

static int
editor_kind(const AnyiFormField *field)
{
  switch (field->validator) {
  case ANYI_FIELD_CHINESE_NAME:
    return EDITOR_NAME;
  case ANYI_FIELD_TEXT:
    return g_str_has_suffix(field->id, "address") ? EDITOR_ADDRESS : EDITOR_TEXT;
  case ANYI_FIELD_CHOICE:
    return EDITOR_CHOICE;
  case ANYI_FIELD_DATE:
    return EDITOR_DATE;
  case ANYI_FIELD_MOBILE:
  case ANYI_FIELD_ID_NUMBER:
    break;
  }
  return EDITOR_KEYPAD;
}

/* @sentence is on the screen whole: not cut with …, all its lines inside
 * the label's room, the label inside the screen. */
static void
check_sentence_whole(const char *sentence, const char *where)
{
  GtkLabel *label = label_reading(GTK_WIDGET(window), sentence);
  graphene_rect_t bounds;
  int text_width = 0, text_height = 0;

  if (!label) {
    g_string_append_printf(all_problems, "%s: \"%s\" is not on the screen\n", where, sentence);
    return;
  }
  bounds = bounds_in_window(GTK_WIDGET(label));
  pango_layout_get_pixel_size(gtk_label_get_layout(label), &text_width, &text_height);
  g_test_message("%s: \"%s\", %d x %d px of text in %.0f x %.0f at %.0f,%.0f", where, sentence,
                 text_width, text_height, bounds.size.width, bounds.size.height, bounds.origin.x,
                 bounds.origin.y);
  if (pango_layout_is_ellipsized(gtk_label_get_layout(label)))
    g_string_append_printf(all_problems, "%s: \"%s\" is cut with …\n", where, sentence);
  if (text_width > bounds.size.width + 0.5 || text_height > bounds.size.height + 0.5)
    g_string_append_printf(all_problems, "%s: \"%s\" needs %d x %d px, has %.0f x %.0f\n", where,
                           sentence, text_width, text_height, bounds.size.width,
                           bounds.size.height);
  if (bounds.origin.x < 0 || bounds.origin.y < 0 ||
      bounds.origin.x + bounds.size.width > SCREEN_WIDTH + 0.5 ||
      bounds.origin.y + bounds.size.height > SCREEN_HEIGHT + 0.5)
    g_string_append_printf(all_problems, "%s: \"%s\" is not wholly on the screen\n", where,
                           sentence);
}

/* The sentence saying why an answer is refused is read whole, in both
 * languages and both text sizes, with every control still on the screen:
 * for one field of each kind of editor, its longest sentence. */
static void
test_form_problem_whole(void)
{
  GtkWidget *page = window_page("fit-form", KIOSK_TYPE_FORM_PAGE);
  gboolean seen[N_EDITORS] = {FALSE};

  for (guint i = 0; i < anyi_catalogue_get_n_services(catalogue); i++) {
    const AnyiService *service = anyi_catalogue_get_service(catalogue, i);

    for (guint s = 0; s < service->n_steps; s++)
      for (guint f = 0; f < service->steps[s].n_fields; f++) {
        const AnyiFormField *field = &service->steps[s].fields[f];
        AnyiCaseFieldProblem problem = {field, ANYI_FIELD_BAD_FORMAT};
        g_autoptr(GPtrArray) problems = g_ptr_array_new();
        int kind = editor_kind(field);

        if (seen[kind])
          continue;
        seen[kind] = TRUE;
        g_ptr_array_add(problems, &problem);
        for (int large = 0; large <= 1; large++)
          for (int english = 0; english <= 1; english++) {
            const AnyiText *text = anyi_field_problem_text(field, ANYI_FIELD_BAD_FORMAT);
            g_autofree char *where = g_strdup_printf("%s: %s refused, %s", service->id, field->id,
                                                     english ? "en" : "zh");

            gtk_toggle_button_set_active(window->large_text_button, large);
            window_page("fit-form", KIOSK_TYPE_FORM_PAGE);
            kiosk_form_page_show(KIOSK_FORM_PAGE(page), &service->steps[s], english);
            kiosk_form_page_show_problems(KIOSK_FORM_PAGE(page), problems, english);
            check_screen(where);
            check_sentence_whole(english ? text->en : text->zh, where);
            if (english && large) {
              g_autofree char *file = g_strdup_printf("fit-problem-%s-en-large.png", field->id);
              ui_test_shoot(GTK_WIDGET(window), "ANYI_SCREENSHOT_DIR", file);
            }
          }
        kiosk_form_page_reset(KIOSK_FORM_PAGE(page));
      }
  }
  gtk_toggle_button_set_active(window->large_text_button, FALSE);
  kiosk_window_show_page(window, "attract");
  for (int kind = 0; kind < N_EDITORS; kind++)
    g_assert_true(seen[kind]);
  report_problems();
}

int
main(int argc, char **argv)
{
  int status;

  if (!ui_test_setup(&setup, &argc, &argv))
    return 77;
  catalogue = setup.catalogue;
  all_problems = g_string_new(NULL);
  normal_text_sizes = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
  g_test_add_func("/fit/every-page", test_every_page_fits);
  g_test_add_func("/fit/every-page-english", test_every_page_fits_in_english);
  g_test_add_func("/fit/menu-opens-at-top", test_menu_opens_at_top);
  g_test_add_func("/fit/form-problem-whole", test_form_problem_whole);
  kiosk = ui_test_start_kiosk();
  window = ui_test_window(kiosk);
  status = g_test_run();
  g_test_message("%u screens checked", pages_checked);
  ui_test_stop_kiosk(kiosk);
  g_string_free(all_problems, TRUE);
  g_hash_table_destroy(normal_text_sizes);
  ui_test_teardown(&setup);
  return status;
}
