/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The kiosk's colours as a citizen sees them, measured on the rendered
 * window (the window's own renderer, as in a screenshot), in the normal and
 * in the large-text (大字模式) mode:
 *
 *  - every control a citizen can press (tiles, keys, choices, entries,
 *    toggles) stands out from what surrounds it by at least 3:1 (WCAG 2.1
 *    1.4.11): at the middle of its left, right and top edges, the pixel just
 *    outside against the most contrasting pixel of its first few inside;
 *  - every label's text against the background it is drawn on by at least
 *    7:1 (WCAG AAA 1.4.6): the text colour is the label's computed CSS colour
 *    (its style context), the background the colour most of the label's
 *    rendered pixels have.
 *
 * The screens: the window's own pages, and one form page for each kind of
 * editor (text with the input keys, numbers, choices, date) with its
 * problem line, a question, the payment and the confirm page with the 容缺
 * commitment. Pictures of each screen go to ANYI_SCREENSHOT_DIR. */
#include "kiosk-step-pages.h"
#include "kiosk-ui-test.h"
#include "kiosk-input.h"
#include "kiosk-staff-sign-in.h"
#include "kiosk-window-private.h"
#include "temp-store.h"

#include <math.h>
#include <string.h>
#include <unistd.h>

#define OUTLINE_MIN 3.0
#define TEXT_MIN    7.0
/* how far inside a control its outline is looked for, px */
#define OUTLINE_DEPTH 6

static KioskApplication *kiosk;
static UiTestSetup setup;
static KioskWindow *window;
static AnyiCatalogue *catalogue;
static GString *all_problems;
static guint screens_checked, controls_checked, labels_checked;
static double worst_outline = 100, worst_text = 100;

typedef struct {
  guchar *pixels; /* B8G8R8A8 premultiplied, opaque: the window has no holes */
  gsize stride;
  int width, height;
} Picture;

static double
channel(double c)
{
  return c <= 0.03928 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4);
}

static double
luminance(double r, double g, double b)
{
  return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
}

static double
contrast(double l1, double l2)
{
  return (MAX(l1, l2) + 0.05) / (MIN(l1, l2) + 0.05);
}

static guint32
pixel_at(const Picture *picture, int x, int y)
{
  const guchar *p = picture->pixels + (gsize)y * picture->stride + (gsize)x * 4;

  return (guint32)p[2] << 16 | (guint32)p[1] << 8 | p[0];
}

static double
pixel_luminance(guint32 rgb)
{
  return luminance((rgb >> 16 & 0xff) / 255.0, (rgb >> 8 & 0xff) / 255.0, (rgb & 0xff) / 255.0);
}

static gboolean
inside_picture(const Picture *picture, int x, int y)
{
  return x >= 0 && y >= 0 && x < picture->width && y < picture->height;
}

static void
render(Picture *picture, GdkTexture **texture_out)
{
  GtkWidget *widget = GTK_WIDGET(window);
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new(widget);
  GtkSnapshot *snapshot = gtk_snapshot_new();
  g_autoptr(GskRenderNode) node = NULL;
  GskRenderer *renderer = gtk_native_get_renderer(GTK_NATIVE(widget));

  picture->width = gtk_widget_get_width(widget);
  picture->height = gtk_widget_get_height(widget);
  gdk_paintable_snapshot(paintable, snapshot, picture->width, picture->height);
  node = gtk_snapshot_free_to_node(snapshot);
  g_assert_nonnull(node);
  *texture_out = gsk_renderer_render_texture(
      renderer, node, &GRAPHENE_RECT_INIT(0, 0, picture->width, picture->height));
  picture->stride = (gsize)picture->width * 4;
  picture->pixels = g_malloc(picture->stride * (gsize)picture->height);
  gdk_texture_download(*texture_out, picture->pixels, picture->stride);
}

static gboolean
is_control(GtkWidget *widget)
{
  return GTK_IS_BUTTON(widget) || GTK_IS_CHECK_BUTTON(widget) || GTK_IS_ENTRY(widget) ||
         GTK_IS_SWITCH(widget);
}

static char *
describe(GtkWidget *widget)
{
  const char *text = NULL;

  for (GtkWidget *w = widget; !text && w; w = gtk_widget_get_first_child(w))
    if (GTK_IS_LABEL(w))
      text = gtk_label_get_text(GTK_LABEL(w));
  if (!text && GTK_IS_EDITABLE(widget))
    text = gtk_editable_get_text(GTK_EDITABLE(widget));
  return g_strdup_printf("%s.%s \"%s\"", G_OBJECT_TYPE_NAME(widget),
                         gtk_widget_get_css_name(widget), text ? text : "");
}

/* The part of the window where @widget can be seen: inside the window and
 * inside every scrolled area around it. */
static graphene_rect_t
visible_area(GtkWidget *widget)
{
  graphene_rect_t area = GRAPHENE_RECT_INIT(0, 0, gtk_widget_get_width(GTK_WIDGET(window)),
                                            gtk_widget_get_height(GTK_WIDGET(window)));

  for (GtkWidget *up = gtk_widget_get_ancestor(widget, GTK_TYPE_SCROLLED_WINDOW); up;
       up = gtk_widget_get_ancestor(gtk_widget_get_parent(up), GTK_TYPE_SCROLLED_WINDOW)) {
    graphene_rect_t scrolled;

    if (gtk_widget_compute_bounds(up, GTK_WIDGET(window), &scrolled) &&
        !graphene_rect_intersection(&area, &scrolled, &area))
      return GRAPHENE_RECT_INIT(0, 0, 0, 0);
    if (!gtk_widget_get_parent(up))
      break;
  }
  return area;
}

/* The contrast where the control meets its surroundings, along one edge:
 * (x, y) just outside it, stepping (dx, dy) inwards. */
static double
edge_contrast(const Picture *picture, const graphene_rect_t *seen, int x, int y, int dx, int dy)
{
  double outside, best = 1;
  int far_x = x + (2 + OUTLINE_DEPTH) * dx, far_y = y + (2 + OUTLINE_DEPTH) * dy;

  if (!inside_picture(picture, x, y) ||
      !graphene_rect_contains_point(seen, &GRAPHENE_POINT_INIT((float)x, (float)y)) ||
      !graphene_rect_contains_point(seen, &GRAPHENE_POINT_INIT((float)far_x, (float)far_y)))
    return -1;
  outside = pixel_luminance(pixel_at(picture, x, y));
  for (int i = 2; i <= 2 + OUTLINE_DEPTH; i++)
    if (inside_picture(picture, x + i * dx, y + i * dy))
      best =
          MAX(best, contrast(outside, pixel_luminance(pixel_at(picture, x + i * dx, y + i * dy))));
  return best;
}

static void
check_outline(const Picture *picture, GtkWidget *control, const char *where)
{
  graphene_rect_t b, seen = visible_area(control);
  int left, right, top, middle_x, middle_y;
  double edges[3], worst = 100;

  if (!gtk_widget_compute_bounds(control, GTK_WIDGET(window), &b) || b.size.width < 8 ||
      b.size.height < 8)
    return;
  left = (int)floorf(b.origin.x);
  right = (int)ceilf(b.origin.x + b.size.width);
  top = (int)floorf(b.origin.y);
  middle_x = (int)(b.origin.x + b.size.width / 2);
  middle_y = (int)(b.origin.y + b.size.height / 2);
  /* 2 px off the edge: clear of anti-aliasing, within any spacing */
  edges[0] = edge_contrast(picture, &seen, left - 2, middle_y, 1, 0);
  edges[1] = edge_contrast(picture, &seen, right + 1, middle_y, -1, 0);
  edges[2] = edge_contrast(picture, &seen, middle_x, top - 2, 0, 1);
  for (int e = 0; e < 3; e++)
    if (edges[e] > 0)
      worst = MIN(worst, edges[e]);
  if (worst == 100)
    return; /* on no edge wholly on the screen */
  controls_checked++;
  worst_outline = MIN(worst_outline, worst);
  if (worst < OUTLINE_MIN) {
    g_autofree char *what = describe(control);
    g_string_append_printf(all_problems, "%s: the outline of %s is %.2f:1 (at least %.0f:1)\n",
                           where, what, worst, OUTLINE_MIN);
  }
}

/* The colour most pixels of the label's visible part have: its background. */
static gboolean
label_background(const Picture *picture, const graphene_rect_t *b, guint32 *background)
{
  g_autoptr(GHashTable) counts = g_hash_table_new(NULL, NULL);
  int x0 = MAX(0, (int)b->origin.x), y0 = MAX(0, (int)b->origin.y);
  int x1 = MIN(picture->width, (int)(b->origin.x + b->size.width));
  int y1 = MIN(picture->height, (int)(b->origin.y + b->size.height));
  guint best = 0;
  GHashTableIter iter;
  gpointer key, value;

  if (x1 - x0 < 4 || y1 - y0 < 4)
    return FALSE;
  for (int y = y0; y < y1; y++)
    for (int x = x0; x < x1; x++) {
      gpointer key_of = GUINT_TO_POINTER(pixel_at(picture, x, y) | 0x1000000);
      g_hash_table_insert(
          counts, key_of,
          GUINT_TO_POINTER(GPOINTER_TO_UINT(g_hash_table_lookup(counts, key_of)) + 1));
    }
  g_hash_table_iter_init(&iter, counts);
  while (g_hash_table_iter_next(&iter, &key, &value))
    if (GPOINTER_TO_UINT(value) > best) {
      best = GPOINTER_TO_UINT(value);
      *background = GPOINTER_TO_UINT(key) & 0xffffff;
    }
  return TRUE;
}

static void
check_text(const Picture *picture, GtkWidget *widget, const char *where)
{
  graphene_rect_t b;
  GdkRGBA fg;
  guint32 bg = 0;
  double bg_r, bg_g, bg_b, ratio;
  const char *text = GTK_IS_LABEL(widget) ? gtk_label_get_text(GTK_LABEL(widget))
                                          : gtk_editable_get_text(GTK_EDITABLE(widget));

  graphene_rect_t seen = visible_area(widget);

  if (!text || !*text || !gtk_widget_compute_bounds(widget, GTK_WIDGET(window), &b) ||
      !graphene_rect_intersection(&b, &seen, &b) || !label_background(picture, &b, &bg))
    return;
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_style_context_get_color(gtk_widget_get_style_context(widget), &fg);
  G_GNUC_END_IGNORE_DEPRECATIONS
  bg_r = (bg >> 16 & 0xff) / 255.0;
  bg_g = (bg >> 8 & 0xff) / 255.0;
  bg_b = (bg & 0xff) / 255.0;
  /* a translucent colour is seen over the background */
  ratio = contrast(luminance(fg.alpha * fg.red + (1 - fg.alpha) * bg_r,
                             fg.alpha * fg.green + (1 - fg.alpha) * bg_g,
                             fg.alpha * fg.blue + (1 - fg.alpha) * bg_b),
                   luminance(bg_r, bg_g, bg_b));
  labels_checked++;
  worst_text = MIN(worst_text, ratio);
  if (ratio < TEXT_MIN) {
    g_autofree char *what = describe(widget);
    g_string_append_printf(
        all_problems, "%s: %s is %.2f:1 (#%02x%02x%02x on #%06x; at least %.0f:1)\n", where, what,
        ratio, (int)(fg.red * 255), (int)(fg.green * 255), (int)(fg.blue * 255), bg, TEXT_MIN);
  }
}

static void
check_under(const Picture *picture, GtkWidget *root, const char *where)
{
  for (GtkWidget *child = gtk_widget_get_first_child(root); child;
       child = gtk_widget_get_next_sibling(child)) {
    if (!gtk_widget_get_mapped(child) || gtk_widget_get_opacity(child) < 0.01)
      continue;
    /* an inactive control is exempt from the outline rule (WCAG), not its words */
    if (is_control(child) && gtk_widget_is_sensitive(child))
      check_outline(picture, child, where);
    if (GTK_IS_LABEL(child) || GTK_IS_TEXT(child))
      check_text(picture, child, where);
    check_under(picture, child, where);
  }
}

static void
check_screen(const char *what)
{
  gboolean large = gtk_toggle_button_get_active(window->large_text_button);
  g_autofree char *where = g_strdup_printf("%s (%s)", what, large ? "大字模式" : "normal");
  g_autoptr(GdkTexture) texture = NULL;
  const char *dir = g_getenv("ANYI_SCREENSHOT_DIR");
  Picture picture;

  ui_test_spin(0.1);
  render(&picture, &texture);
  check_under(&picture, GTK_WIDGET(window), where);
  g_free(picture.pixels);
  screens_checked++;
  if (dir) {
    g_autofree char *file =
        g_strdup_printf("looks-%02u-%s.png", screens_checked, large ? "large" : "normal");
    g_autofree char *path = g_build_filename(dir, file, NULL);

    g_mkdir_with_parents(dir, 0755);
    g_test_message("picture %s: %s", file, where);
    g_assert_true(gdk_texture_save_to_png(texture, path));
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
  kiosk_window_show_page(window, name);
  return page;
}

static void
check_window_pages(void)
{
  kiosk_window_show_page(window, "attract");
  check_screen("attract");
  kiosk_window_show_page(window, "menu");
  check_screen("menu");
  kiosk_window_show_page(window, "card");
  kiosk_card_page_show_error(window->card_page, "您的户口不在本市，这项业务需要在户口所在地办理。",
                             KIOSK_CARD_ACTION_RETRY | KIOSK_CARD_ACTION_WINDOW);
  check_screen("card, error");
  kiosk_window_show_page(window, "finish");
  kiosk_finish_page_show_done(window->finish_page, "AY20261206-0042", TRUE);
  check_screen("finish, done");
  kiosk_finish_page_show_handoff(window->finish_page, "3 号窗口", "这项业务需要到窗口办理。",
                                 "AY20261206-0042", TRUE);
  check_screen("finish, handoff");
}

/* One form screen per kind of editor, each with its problem line shown. */
static void
check_form_editors(void)
{
  KioskFormPage *page = KIOSK_FORM_PAGE(window_page("looks-form", KIOSK_TYPE_FORM_PAGE));
  gboolean seen[ANYI_FIELD_ID_NUMBER + 1] = {FALSE};

  for (guint i = 0; i < anyi_catalogue_get_n_services(catalogue); i++) {
    const AnyiService *service = anyi_catalogue_get_service(catalogue, i);

    for (guint s = 0; s < service->n_steps; s++)
      for (guint f = 0; f < service->steps[s].n_fields; f++) {
        const AnyiFormField *field = &service->steps[s].fields[f];
        AnyiCaseFieldProblem problem = {field, ANYI_FIELD_EMPTY};
        g_autoptr(GPtrArray) problems = g_ptr_array_new();
        g_autofree char *where = NULL;

        if (field->validator > ANYI_FIELD_ID_NUMBER || seen[field->validator])
          continue;
        seen[field->validator] = TRUE;
        where = g_strdup_printf("%s: form, %s", service->id, field->id);
        g_ptr_array_add(problems, &problem);
        kiosk_form_page_show(page, &service->steps[s], FALSE);
        kiosk_form_page_show_problems(page, problems, FALSE);
        check_screen(where);
        kiosk_form_page_reset(page);
      }
  }
}

static void
check_step_pages(void)
{
  KioskQuestionPage *question =
      KIOSK_QUESTION_PAGE(window_page("looks-question", KIOSK_TYPE_QUESTION_PAGE));
  KioskPaymentPage *payment;
  KioskConfirmPage *confirm;
  g_autoptr(GPtrArray) rows = g_ptr_array_new();
  const char *const missing[] = {"户口簿", NULL};

  kiosk_question_page_show(question, "您的身份证是不是在有效期内？", 1, 2);
  check_screen("question");
  payment = KIOSK_PAYMENT_PAGE(window_page("looks-payment", KIOSK_TYPE_PAYMENT_PAGE));
  kiosk_payment_page_show(payment, "居民身份证换领", 2000, "https://pay.example/q/1");
  check_screen("payment");
  kiosk_payment_page_reset(payment);
  confirm = KIOSK_CONFIRM_PAGE(window_page("looks-confirm", KIOSK_TYPE_CONFIRM_PAGE));
  g_ptr_array_add(rows, (gpointer) "姓名");
  g_ptr_array_add(rows, (gpointer) "张三");
  kiosk_confirm_page_show(confirm, "居民身份证换领", rows, missing, 30, NULL);
  check_screen("confirm, with the commitment");
  kiosk_confirm_page_reset(confirm);
}

static void
check_every_screen(void)
{
  check_window_pages();
  check_form_editors();
  check_step_pages();
  kiosk_window_show_page(window, "attract");
}

static void
test_contrast(void)
{
  check_every_screen();
  gtk_toggle_button_set_active(window->large_text_button, TRUE);
  check_every_screen();
  gtk_toggle_button_set_active(window->large_text_button, FALSE);
  g_test_message("%u screens, %u control outlines (worst %.2f:1), %u texts (worst %.2f:1)",
                 screens_checked, controls_checked, worst_outline, labels_checked, worst_text);
  g_assert_cmpuint(controls_checked, >, 50);
  g_assert_cmpuint(labels_checked, >, 50);
  if (all_problems->len)
    g_test_fail_printf("%s", all_problems->str);
}

typedef struct {
  GSubprocess *process;
  gboolean done;
  char *out;
} Reader;

static void
on_reader_done(GObject *source, GAsyncResult *result, gpointer data)
{
  Reader *reader = data;
  g_autoptr(GError) error = NULL;

  g_subprocess_communicate_utf8_finish(G_SUBPROCESS(source), result, &reader->out, NULL, &error);
  g_assert_no_error(error);
  reader->done = TRUE;
}

static gboolean
reader_done(gpointer data)
{
  return ((Reader *)data)->done;
}

/* What a screen reader says for the entries on screen, asked over AT-SPI by
 * a separate process while this one goes on answering. */
static char *
announced_entry_names(void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *pid = g_strdup_printf("%d", (int)getpid());
  Reader reader = {NULL, FALSE, NULL};

  reader.process =
      g_subprocess_new(G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error, LOOKS_ENTRY_NAMES, pid, NULL);
  g_assert_no_error(error);
  g_subprocess_communicate_utf8_async(reader.process, NULL, NULL, on_reader_done, &reader);
  g_assert_true(ui_test_wait(reader_done, &reader, 60));
  if (g_subprocess_get_exit_status(reader.process) == 77) {
    g_clear_object(&reader.process);
    g_free(reader.out);
    return NULL;
  }
  g_assert_cmpint(g_subprocess_get_exit_status(reader.process), ==, 0);
  g_clear_object(&reader.process);
  return reader.out;
}

static const AnyiFormField *
first_text_field(const AnyiStep **step_out)
{
  for (guint i = 0; i < anyi_catalogue_get_n_services(catalogue); i++) {
    const AnyiService *service = anyi_catalogue_get_service(catalogue, i);

    for (guint s = 0; s < service->n_steps; s++)
      for (guint f = 0; f < service->steps[s].n_fields; f++)
        if (service->steps[s].fields[f].validator == ANYI_FIELD_CHINESE_NAME ||
            service->steps[s].fields[f].validator == ANYI_FIELD_TEXT) {
          *step_out = &service->steps[s];
          return &service->steps[s].fields[f];
        }
  }
  return NULL;
}

/* The form's text entry is announced by its field's label ("孩子姓名"),
 * never by its widget class ("GtkEntry"). */
static void
test_entry_name(void)
{
  KioskFormPage *page = KIOSK_FORM_PAGE(window_page("looks-form", KIOSK_TYPE_FORM_PAGE));
  const AnyiStep *step = NULL;
  const AnyiFormField *field = first_text_field(&step);
  AnyiCaseFieldProblem problem = {field, ANYI_FIELD_EMPTY};
  g_autoptr(GPtrArray) problems = g_ptr_array_new();
  g_autofree char *names = NULL;
  g_autofree char *expected = NULL;

  g_assert_nonnull(field);
  g_ptr_array_add(problems, &problem);
  kiosk_form_page_show(page, step, FALSE);
  kiosk_form_page_show_problems(page, problems, FALSE);
  ui_test_spin(0.3);
  names = announced_entry_names();
  if (!names) {
    g_test_skip("no AT-SPI bindings for Python here");
    return;
  }
  g_test_message("entries announced: %s", names);
  expected = g_strdup_printf("\t%s\n", field->label.zh);
  g_assert_null(strstr(names, "GtkEntry"));
  g_assert_null(strstr(names, "GtkText"));
  g_assert_nonnull(strstr(names, expected));
  kiosk_form_page_reset(page);
  kiosk_window_show_page(window, "attract");
}

/* The number keys a citizen presses for a mobile or ID number, and staff
 * for their sign-in, are the kiosk's one input widget; the X key is there
 * for an ID number only, 清除 for the sign-in. */
static void
test_one_keypad(void)
{
  GtkWidget *root = GTK_WIDGET(window);
  KioskFormPage *page = KIOSK_FORM_PAGE(window_page("looks-form", KIOSK_TYPE_FORM_PAGE));
  const AnyiService *service = anyi_catalogue_lookup(catalogue, "idcard-first-application");
  GtkWidget *staff;

  g_assert_nonnull(service);
  for (guint s = 0; s < service->n_steps; s++)
    for (guint f = 0; f < service->steps[s].n_fields; f++) {
      const AnyiFormField *field = &service->steps[s].fields[f];
      AnyiCaseFieldProblem problem = {field, ANYI_FIELD_EMPTY};
      g_autoptr(GPtrArray) problems = g_ptr_array_new();
      GtkWidget *one, *x;

      if (field->validator != ANYI_FIELD_MOBILE && field->validator != ANYI_FIELD_ID_NUMBER)
        continue;
      g_ptr_array_add(problems, &problem);
      kiosk_form_page_show(page, &service->steps[s], FALSE);
      kiosk_form_page_show_problems(page, problems, FALSE);
      ui_test_spin(0.1);
      one = ui_test_find_button(root, "1");
      x = ui_test_find_button(root, "X");
      g_test_message("%s: keys 1 %s, X %s", field->id, one ? "shown" : "absent",
                     x ? "shown" : "absent");
      g_assert_nonnull(one);
      g_assert_nonnull(gtk_widget_get_ancestor(one, KIOSK_TYPE_INPUT));
      if (field->validator == ANYI_FIELD_ID_NUMBER) {
        g_assert_nonnull(x);
        g_assert_nonnull(gtk_widget_get_ancestor(x, KIOSK_TYPE_INPUT));
      } else {
        g_assert_null(x);
      }
      kiosk_form_page_reset(page);
    }
  staff = window_page("looks-staff", KIOSK_TYPE_STAFF_SIGN_IN);
  ui_test_spin(0.1);
  g_assert_nonnull(ui_test_find_button(staff, "清除"));
  g_assert_nonnull(gtk_widget_get_ancestor(ui_test_find_button(staff, "清除"), KIOSK_TYPE_INPUT));
  g_assert_nonnull(gtk_widget_get_ancestor(ui_test_find_button(staff, "7"), KIOSK_TYPE_INPUT));
  kiosk_window_show_page(window, "attract");
}

/* The pages this test added go before the kiosk does: the input engines
 * they loaded are closed while librime is still there (its own exit
 * handler would otherwise tear down a session still open). */
static void
remove_test_pages(void)
{
  static const char *const names[] = {"looks-staff", "looks-form", "looks-question",
                                      "looks-payment", "looks-confirm"};

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
  all_problems = g_string_new(NULL);
  g_test_add_func("/looks/contrast", test_contrast);
  g_test_add_func("/looks/entry-name", test_entry_name);
  g_test_add_func("/looks/one-keypad", test_one_keypad);
  kiosk = ui_test_start_kiosk();
  window = ui_test_window(kiosk);
  status = g_test_run();
  remove_test_pages();
  ui_test_stop_kiosk(kiosk);
  g_string_free(all_problems, TRUE);
  ui_test_teardown(&setup);
  return status;
}
