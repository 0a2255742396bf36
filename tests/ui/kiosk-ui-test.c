/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kiosk-ui-test.c */
#include <string.h>
#include "kiosk-ui-test.h"
#include "temp-store.h"
#include "kiosk-menu-page.h"
#include "kiosk-snapshot.h"
#include "devsim-client.h"

static gboolean
window_drawn(gpointer window)
{
  return gtk_widget_get_mapped(window) && gtk_widget_get_width(window) > 0;
}

KioskApplication *
ui_test_start_kiosk(void)
{
  KioskApplication *app = kiosk_application_new();
  g_autoptr(GError) error = NULL;

  g_assert_true(g_application_register(G_APPLICATION(app), NULL, &error));
  g_assert_no_error(error);
  g_application_activate(G_APPLICATION(app));
  g_assert_nonnull(ui_test_window(app));
  /* On a loaded machine the first frame can take seconds. */
  if (!ui_test_wait(window_drawn, ui_test_window(app), 20))
    g_error("the kiosk window was not drawn within 20 s");
  return app;
}

void
ui_test_stop_kiosk(KioskApplication *app)
{
  KioskWindow *window = ui_test_window(app);

  kiosk_window_allow_close(window);
  gtk_window_destroy(GTK_WINDOW(window));
  ui_test_spin(0.1);
  g_object_unref(app);
}

KioskWindow *
ui_test_window(KioskApplication *app)
{
  return KIOSK_WINDOW(kiosk_application_get_kiosk_window(app));
}

static gboolean
never(gpointer data)
{
  return FALSE;
}

gboolean
ui_test_wait(gboolean (*done)(gpointer), gpointer data, double seconds)
{
  gint64 deadline = g_get_monotonic_time() + (gint64)(seconds * G_USEC_PER_SEC);

  while (g_get_monotonic_time() < deadline) {
    if (done(data))
      return TRUE;
    /* Non-blocking with a short sleep: the kiosk's timers are in seconds. */
    while (g_main_context_iteration(NULL, FALSE))
      ;
    g_usleep(10000);
  }
  return done(data);
}

void
ui_test_spin(double seconds)
{
  ui_test_wait(never, NULL, seconds);
}

static gboolean
is_shown(GtkWidget *widget)
{
  return gtk_widget_is_drawable(widget) || gtk_widget_get_mapped(widget);
}

static const char *
button_text(GtkWidget *button)
{
  GtkWidget *child = gtk_button_get_child(GTK_BUTTON(button));

  if (GTK_IS_LABEL(child))
    return gtk_label_get_text(GTK_LABEL(child));
  if (child && GTK_IS_BOX(child) && GTK_IS_LABEL(gtk_widget_get_first_child(child)))
    return gtk_label_get_text(GTK_LABEL(gtk_widget_get_first_child(child)));
  return gtk_button_get_label(GTK_BUTTON(button));
}

GtkWidget *
ui_test_find_button(GtkWidget *root, const char *text)
{
  for (GtkWidget *child = gtk_widget_get_first_child(root); child;
       child = gtk_widget_get_next_sibling(child)) {
    GtkWidget *found;
    if (!gtk_widget_get_visible(child) || !gtk_widget_get_child_visible(child))
      continue;
    if (GTK_IS_BUTTON(child) && g_strcmp0(button_text(child), text) == 0 &&
        gtk_widget_is_sensitive(child) && is_shown(child))
      return child;
    if ((found = ui_test_find_button(child, text)))
      return found;
  }
  return NULL;
}

void
ui_test_click(GtkWidget *root, const char *text)
{
  ui_test_click_within(root, text, 5);
}

static void
collect_category_tiles(GtkWidget *root, GPtrArray *tiles)
{
  for (GtkWidget *child = gtk_widget_get_first_child(root); child;
       child = gtk_widget_get_next_sibling(child)) {
    if (GTK_IS_BUTTON(child) && gtk_widget_has_css_class(child, "category-tile") &&
        gtk_widget_get_mapped(child))
      g_ptr_array_add(tiles, g_object_ref(child));
    else
      collect_category_tiles(child, tiles);
  }
}

/* A service is one tap further than the menu's first screen, in its
 * category: looks in each category as a citizen would, and stays in the
 * one that holds it. NULL when no category does, or no menu is shown. */
static GtkWidget *
find_in_a_category(GtkWidget *root, const char *text)
{
  GtkWidget *menu = ui_test_find_of_type(root, KIOSK_TYPE_MENU_PAGE);
  /* held: the kiosk may fill its menu again while the loop spins (a reader
   * unplugged), and a tile it let go must not be pressed */
  g_autoptr(GPtrArray) tiles = g_ptr_array_new_with_free_func(g_object_unref);

  if (!menu || !gtk_widget_get_mapped(menu))
    return NULL;
  collect_category_tiles(menu, tiles);
  for (guint i = 0; i < tiles->len; i++) {
    GtkWidget *tile = g_ptr_array_index(tiles, i);
    GtkWidget *button;
    if (!gtk_widget_get_root(tile))
      return NULL; /* the menu was filled again: look again */
    g_signal_emit_by_name(tile, "clicked");
    ui_test_spin(0.02);
    if ((button = ui_test_find_button(root, text)))
      return button;
    kiosk_menu_page_show_categories(KIOSK_MENU_PAGE(menu));
  }
  return NULL;
}

void
ui_test_click_within(GtkWidget *root, const char *text, double seconds)
{
  GtkWidget *button = NULL;
  gint64 deadline = g_get_monotonic_time() + (gint64)(seconds * G_USEC_PER_SEC);

  while (!(button = ui_test_find_button(root, text)) &&
         !(button = find_in_a_category(root, text)) && g_get_monotonic_time() < deadline)
    ui_test_spin(0.05);
  if (!button)
    g_error("no button '%s' on screen", text);
  g_signal_emit_by_name(button, "clicked");
  ui_test_spin(0.05);
}

gboolean
ui_test_shows_text(GtkWidget *root, const char *text)
{
  for (GtkWidget *child = gtk_widget_get_first_child(root); child;
       child = gtk_widget_get_next_sibling(child)) {
    if (!gtk_widget_get_visible(child) || !gtk_widget_get_child_visible(child))
      continue;
    if (GTK_IS_LABEL(child) && is_shown(child) &&
        strstr(gtk_label_get_text(GTK_LABEL(child)), text))
      return TRUE;
    if (ui_test_shows_text(child, text))
      return TRUE;
  }
  return FALSE;
}

typedef struct {
  GtkWidget *root;
  const char *text;
} TextProbe;

static gboolean
text_shown(gpointer data)
{
  TextProbe *probe = data;
  return ui_test_shows_text(probe->root, probe->text);
}

void
ui_test_expect_text(GtkWidget *root, const char *text, double seconds)
{
  TextProbe probe = {root, text};

  if (!ui_test_wait(text_shown, &probe, seconds))
    g_error("'%s' not on screen after %.1f s", text, seconds);
}

void
ui_test_go_home(GtkWidget *root)
{
  ui_test_click(root, "返回首页");
  ui_test_spin(0.05);
  if (ui_test_find_button(root, "放弃，返回首页"))
    ui_test_click(root, "放弃，返回首页");
}

void
ui_test_shoot(GtkWidget *widget, const char *dir_variable, const char *file_name)
{
  const char *dir = g_getenv(dir_variable);
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;

  if (!dir)
    return;
  g_mkdir_with_parents(dir, 0755);
  path = g_build_filename(dir, file_name, NULL);
  ui_test_spin(0.3);
  /* a window relaid out (large text, under ASan on a loaded machine) may
   * have nothing to copy for a moment: ask again, for a few seconds */
  for (int tries = 0; !kiosk_snapshot_save(widget, path, &error) && tries < 20; tries++) {
    g_clear_error(&error);
    ui_test_spin(0.25);
  }
  if (error)
    g_error("screenshot %s: %s", path, error->message);
}

typedef struct {
  KioskWindow *window;
  const char *page;
} PageWanted;

static gboolean
page_shown(gpointer data)
{
  PageWanted *wanted = data;
  return g_strcmp0(kiosk_window_get_page(wanted->window), wanted->page) == 0;
}

void
ui_test_expect_page(KioskWindow *window, const char *page, double seconds)
{
  PageWanted wanted = {window, page};

  if (!ui_test_wait(page_shown, &wanted, seconds))
    g_error("expected page %s, still on %s after %.1f s", page, kiosk_window_get_page(window),
            seconds);
}

void
ui_test_devsim(const char *command)
{
  g_autoptr(GError) error = NULL;

  if (!anyi_devsim_command(command, &error))
    g_error("devsim '%s': %s", command, error->message);
}

/* G_SPAWN_LEAVE_DESCRIPTORS_OPEN lets GLib use posix_spawn (a vfork that
 * execs at once) instead of fork: a forked child of this many-threaded
 * process, under umockdev's preload, closes its descriptors through the
 * preload's wrappers and can block for ever on a lock another thread held
 * at the fork (ui-lockdown hung so under ASan, once in six runs). GLib opens
 * its own descriptors close-on-exec, so nothing leaks into the child. */
void
ui_test_run(const char *const *argv)
{
  g_autoptr(GError) error = NULL;
  int status = 0;

  if (!g_spawn_sync(NULL, (char **)argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_LEAVE_DESCRIPTORS_OPEN,
                    NULL, NULL, NULL, NULL, &status, &error) ||
      !g_spawn_check_wait_status(status, &error))
    g_error("%s: %s", argv[0], error->message);
}

GtkWidget *
ui_test_find_of_type(GtkWidget *root, GType type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE(root, type))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child(root); child;
       child = gtk_widget_get_next_sibling(child)) {
    GtkWidget *found = ui_test_find_of_type(child, type);
    if (found)
      return found;
  }
  return NULL;
}

gboolean
ui_test_setup(UiTestSetup *setup, int *argc, char ***argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *services = NULL;

  if (!g_getenv("DISPLAY") || !g_getenv("ANYI_DEVSIM_CONTROL")) {
    g_print("SKIP: needs a display and emulated devices (see tests/ui/meson.build)\n");
    return FALSE;
  }
  setup->data_home = g_new0(TempStore, 1);
  temp_store_prepare_data_home(setup->data_home);
  kiosk_application_init_locale();
  gtk_test_init(argc, argv, NULL);
  services = anyi_catalogue_default_dir();
  setup->catalogue = anyi_catalogue_load(services, &error);
  g_assert_no_error(error);
  return TRUE;
}

void
ui_test_teardown(UiTestSetup *setup)
{
  g_clear_object(&setup->catalogue);
  if (setup->data_home)
    temp_store_clear(setup->data_home);
  g_clear_pointer(&setup->data_home, g_free);
}
