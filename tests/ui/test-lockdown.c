/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What a citizen tries at the kiosk, or leaves behind, with real input: key
 * presses and clicks go through the X server (xdotool, XTEST) to the running
 * window, the ID card through the emulated reader (anyi-devsim). Issue 12,
 * items 7, 8 and 15. */
#include "kiosk-lockdown.h"
#include "kiosk-step-pages.h"
#include "devsim-client.h"
#include "kiosk-ui-test.h"
#include "temp-store.h"

#include <gdk/x11/gdkx.h>
#include <glib/gstdio.h>
#include <locale.h>

static KioskApplication *kiosk;
static TempStore data_home;
static char *wav_dir;
static GThread *main_thread;

/* ---- real input through the X server ---- */

static void
xdotool(const char *const *args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new();

  g_ptr_array_add(argv, (gpointer) "xdotool");
  for (guint i = 0; args[i]; i++)
    g_ptr_array_add(argv, (gpointer)args[i]);
  g_ptr_array_add(argv, NULL);
  ui_test_run((const char *const *)argv->pdata);
}

static char *
window_xid(GtkWidget *window)
{
  GdkSurface *surface = gtk_native_get_surface(GTK_NATIVE(window));

  return g_strdup_printf("%lu", (unsigned long)gdk_x11_surface_get_xid(surface));
}

/* Puts the pointer over @widget's centre and gives its window the keyboard
 * (there is no window manager to do it). */
static void
point_at(GtkWidget *widget)
{
  GtkWidget *window = GTK_WIDGET(gtk_widget_get_root(widget));
  graphene_point_t centre = GRAPHENE_POINT_INIT(gtk_widget_get_width(widget) / 2.0f,
                                                gtk_widget_get_height(widget) / 2.0f);
  graphene_point_t at;
  g_autofree char *xid = window_xid(window);
  g_autofree char *x = NULL, *y = NULL;

  g_assert_true(gtk_widget_compute_point(widget, window, &centre, &at));
  x = g_strdup_printf("%d", (int)at.x);
  y = g_strdup_printf("%d", (int)at.y);
  xdotool((const char *const[]){"windowfocus", "--sync", xid, NULL});
  xdotool((const char *const[]){"mousemove", "--sync", "--window", xid, x, y, NULL});
}

/* Key presses that reached a window's surface, counted by an emission hook
 * (before GTK's own handler, which stops the emission when it takes the
 * event): proof that a key was sent to the window, not lost. */
static guint key_presses;

static gboolean
count_key_presses(GSignalInvocationHint *hint, guint n_values, const GValue *values, gpointer data)
{
  GdkEvent *event = g_value_peek_pointer(&values[1]);

  if (gdk_event_get_event_type(event) == GDK_KEY_PRESS)
    key_presses++;
  return TRUE;
}

static gboolean
key_arrived(gpointer expected)
{
  return key_presses >= GPOINTER_TO_UINT(expected);
}

static void
press(const char *combo)
{
  guint expected = key_presses + 1;

  xdotool((const char *const[]){"key", "--clearmodifiers", combo, NULL});
  if (!ui_test_wait(key_arrived, GUINT_TO_POINTER(expected), 5))
    g_error("the key %s never reached the kiosk window", combo);
  ui_test_spin(0.1); /* what the key would have done is done by now */
}

static guint
n_toplevels(void)
{
  return g_list_model_get_n_items(gtk_window_get_toplevels());
}

static void
assert_still_kiosk(KioskWindow *window, const char *page, gboolean fullscreen, const char *combo)
{
  if (kiosk_application_get_kiosk_window(kiosk) != GTK_WINDOW(window) ||
      !gtk_widget_get_visible(GTK_WIDGET(window)))
    g_error("after %s the kiosk window is gone", combo);
  if (g_strcmp0(kiosk_window_get_page(window), page) != 0)
    g_error("after %s the kiosk shows %s instead of %s", combo, kiosk_window_get_page(window),
            page);
  if (gtk_window_is_fullscreen(GTK_WINDOW(window)) != fullscreen)
    g_error("after %s the kiosk window left full screen", combo);
  if (n_toplevels() != 1)
    g_error("after %s another window opened over the kiosk (the inspector?)", combo);
}

static const char *const escape_keys[] = {
    "alt+F4",  "ctrl+q", "ctrl+w",      "ctrl+shift+i", "ctrl+shift+d", "super", "Super_L",
    "alt+Tab", "Escape", "Menu",        "shift+F10",    "F1",           "F2",    "F3",
    "F4",      "F5",     "F6",          "F7",           "F8",           "F9",    "F10",
    "F11",     "F12",    "ctrl+period", "ctrl+v",       "shift+Insert",
};

static void
try_every_escape_key(KioskWindow *window)
{
  const char *page = kiosk_window_get_page(window);
  gboolean fullscreen = gtk_window_is_fullscreen(GTK_WINDOW(window));

  point_at(GTK_WIDGET(window));
  for (guint i = 0; i < G_N_ELEMENTS(escape_keys); i++) {
    press(escape_keys[i]);
    assert_still_kiosk(window, page, fullscreen, escape_keys[i]);
  }
}

/* ---- lock-down ---- */

/* main() put GTK_DEBUG=interactive and inspector variables in the
 * environment before the kiosk cleared it, as a technician's shell might. */
static void
test_no_debugging_from_the_environment(void)
{
  /* GTK_DEBUG=interactive would have opened the inspector beside the kiosk */
  g_assert_cmpuint(n_toplevels(), ==, 1);
  g_assert_null(g_getenv("GTK_DEBUG"));
  g_assert_null(g_getenv("GTK_INSPECTOR_DISPLAY"));
  g_assert_null(g_getenv("GOBJECT_DEBUG"));
}

static void
test_escape_keys_reach_the_window_and_do_nothing(void)
{
  KioskWindow *window = ui_test_window(kiosk);
  GtkWidget *root = GTK_WIDGET(window);

  ui_test_expect_page(window, "attract", 2);
  try_every_escape_key(window);
  ui_test_click(root, "点这里开始办理");
  ui_test_expect_page(window, "menu", 2);
  try_every_escape_key(window);
  ui_test_go_home(root);
  ui_test_expect_page(window, "attract", 2);
}

static GtkWidget *
find_entry(GtkWidget *root)
{
  for (GtkWidget *child = gtk_widget_get_first_child(root); child;
       child = gtk_widget_get_next_sibling(child)) {
    GtkWidget *found;
    if (GTK_IS_ENTRY(child) && gtk_widget_get_mapped(child))
      return child;
    if ((found = find_entry(child)))
      return found;
  }
  return NULL;
}

static GtkWidget *
find_open_popover(GtkWidget *root)
{
  for (GtkWidget *child = gtk_widget_get_first_child(root); child;
       child = gtk_widget_get_next_sibling(child)) {
    GtkWidget *found;
    if (GTK_IS_POPOVER(child) && gtk_widget_get_visible(child))
      return child;
    if ((found = find_open_popover(child)))
      return found;
  }
  return NULL;
}

static gboolean
has_focus(gpointer widget)
{
  return gtk_widget_has_focus(widget) ||
         gtk_widget_has_focus(gtk_widget_get_first_child(widget)); /* its GtkText */
}

static const AnyiStep *
renewal_form(void)
{
  AnyiCatalogue *catalogue = anyi_kiosk_get_catalogue(kiosk_application_get_kiosk(kiosk));
  const AnyiService *service = anyi_catalogue_lookup(catalogue, "idcard-renewal");

  g_assert_nonnull(service);
  for (guint i = 0; i < service->n_steps; i++)
    if (service->steps[i].type == ANYI_STEP_FORM)
      return &service->steps[i];
  g_error("idcard-renewal has no form step");
}

/* The form's free-text field, in a window of its own with the kiosk's
 * lock-down: a right click, a middle click (paste of the X selection), the
 * Menu key and Ctrl+. (emoji) open nothing and paste nothing. */
static void
test_text_field_has_no_menus(void)
{
  const AnyiStep *form = renewal_form();
  GtkWidget *window = gtk_window_new();
  GtkWidget *page = g_object_new(KIOSK_TYPE_FORM_PAGE, NULL);
  GtkWidget *entry;

  kiosk_lockdown_install(GTK_WINDOW(window));
  gtk_window_set_default_size(GTK_WINDOW(window), 1920, 1080);
  gtk_window_set_child(GTK_WINDOW(window), page);
  gtk_window_present(GTK_WINDOW(window));
  kiosk_form_page_show(KIOSK_FORM_PAGE(page), form, FALSE);
  /* the renewal's form: the mobile number, the way to collect, then text */
  for (const char *key = "13812345678"; *key; key++)
    ui_test_click(page, (char[]){*key, '\0'});
  ui_test_click(page, "下一项");
  ui_test_click(page, "○  邮寄到家");
  ui_test_click(page, "下一项");
  /* the address: its region from the picker, then typed on the input widget */
  ui_test_click(page, "不在四川省，自己输入");
  ui_test_expect_text(page, "请输入完整的地址", 10);
  entry = find_entry(page);
  g_assert_nonnull(entry);
  gdk_clipboard_set_text(gtk_widget_get_primary_clipboard(window), "110101199003077777");
  gdk_clipboard_set_text(gtk_widget_get_clipboard(window), "110101199003077777");

  point_at(entry);
  xdotool((const char *const[]){"click", "3", NULL});
  if (!ui_test_wait(has_focus, entry, 5))
    g_error("the right click never reached the text field");
  ui_test_spin(0.2);
  g_assert_null(find_open_popover(window));
  xdotool((const char *const[]){"click", "2", NULL});
  ui_test_spin(0.3);
  g_assert_cmpstr(gtk_editable_get_text(GTK_EDITABLE(entry)), ==, "");
  press("Menu");
  press("shift+F10");
  press("ctrl+period");
  press("ctrl+v");
  press("shift+Insert");
  g_assert_null(find_open_popover(window));
  g_assert_cmpstr(gtk_editable_get_text(GTK_EDITABLE(entry)), ==, "");
  press("a"); /* typing still works */
  g_assert_cmpstr(gtk_editable_get_text(GTK_EDITABLE(entry)), ==, "a");
  gtk_window_destroy(GTK_WINDOW(window));
  ui_test_spin(0.2);
}

static void
on_text_read(GObject *clipboard, GAsyncResult *result, gpointer data)
{
  char **text = data;

  *text = gdk_clipboard_read_text_finish(GDK_CLIPBOARD(clipboard), result, NULL);
  if (*text == NULL)
    *text = g_strdup("");
}

static gboolean
is_set(gpointer data)
{
  return *(char **)data != NULL;
}

static char *
read_clipboard(GdkClipboard *clipboard)
{
  char *text = NULL;

  gdk_clipboard_read_text_async(clipboard, NULL, on_text_read, &text);
  g_assert_true(ui_test_wait(is_set, &text, 5));
  return text;
}

/* Whatever a citizen copied or selected is gone when the session is wiped. */
static void
test_clipboard_wiped_with_the_session(void)
{
  KioskWindow *window = ui_test_window(kiosk);
  GtkWidget *root = GTK_WIDGET(window);
  GdkClipboard *clipboard = gtk_widget_get_clipboard(root);
  GdkClipboard *primary = gtk_widget_get_primary_clipboard(root);
  g_autofree char *copied = NULL, *selected = NULL;

  ui_test_click(root, "点这里开始办理");
  ui_test_expect_page(window, "menu", 2);
  gdk_clipboard_set_text(clipboard, "110101199003077777");
  gdk_clipboard_set_text(primary, "张三 13812345678");
  ui_test_go_home(root);
  ui_test_expect_page(window, "attract", 2);
  copied = read_clipboard(clipboard);
  selected = read_clipboard(primary);
  g_assert_cmpstr(copied, ==, "");
  g_assert_cmpstr(selected, ==, "");
}

/* ---- devices ---- */

static guint cards_read;
static guint off_main_thread;

static void
check_thread(const char *what)
{
  if (g_thread_self() != main_thread) {
    off_main_thread++;
    g_printerr("%s delivered off the main thread\n", what);
  }
}

static void
on_card_read(AnyiIdcardMonitor *monitor, gpointer card, gpointer data)
{
  check_thread("card-read");
  cards_read++;
}

static void
on_reader_event(GObject *object, gpointer unused, gpointer data)
{
  check_thread(data);
}

static guint
wav_count(void)
{
  g_autoptr(GDir) dir = g_dir_open(wav_dir, 0, NULL);
  guint n = 0;

  while (dir && g_dir_read_name(dir))
    n++;
  return n;
}

static gboolean
silent(gpointer speech)
{
  return !anyi_speech_get_speaking(speech);
}

/* What was said so far is written out: a new file now is a new utterance. */
static guint
wavs_when_silent(void)
{
  AnyiSpeech *speech = anyi_kiosk_get_speech(kiosk_application_get_kiosk(kiosk));

  g_assert_nonnull(speech);
  g_assert_true(ui_test_wait(silent, speech, 30));
  return wav_count();
}

static gboolean
more_wavs(gpointer before)
{
  return wav_count() > GPOINTER_TO_UINT(before);
}

static gboolean
reader_polling(gpointer monitor)
{
  return anyi_idcard_monitor_get_state(monitor) == ANYI_IDCARD_READER_STATE_POLLING;
}

static gboolean
no_take_card_prompt(gpointer root)
{
  return !ui_test_shows_text(root, "请取走您的身份证");
}

static gboolean
no_card_left(gpointer monitor)
{
  return !anyi_idcard_monitor_get_card_left(monitor);
}

static gboolean
card_was_read(gpointer before)
{
  return cards_read > GPOINTER_TO_UINT(before);
}

/* Issue 12 item 7: the card the last citizen left is asked for, in words
 * and on screen, and never read as the next citizen's. Item 8: every reader
 * event reaches the test's handlers on the main thread, the loop driven by
 * hand (ui_test_wait), as the kiosk's own handlers. */
static void
test_card_left_on_the_reader(void)
{
  KioskWindow *window = ui_test_window(kiosk);
  GtkWidget *root = GTK_WIDGET(window);
  AnyiIdcardMonitor *reader = anyi_kiosk_get_idcard(kiosk_application_get_kiosk(kiosk));
  guint wavs;

  g_assert_nonnull(reader);
  g_signal_connect(reader, "card-read", G_CALLBACK(on_card_read), NULL);
  g_signal_connect(reader, "card-removed", G_CALLBACK(on_reader_event), (gpointer) "card-removed");
  g_signal_connect(reader, "notify", G_CALLBACK(on_reader_event), (gpointer) "notify");

  ui_test_click(root, "点这里开始办理");
  ui_test_expect_page(window, "menu", 2);
  ui_test_click(root, "户籍证明开具");
  ui_test_expect_page(window, "card", 2);
  ui_test_devsim("idcard place resident");
  ui_test_click_within(root, "是本人，继续", 10);
  g_assert_cmpuint(cards_read, ==, 1);
  /* the citizen goes home and leaves the card */
  wavs = wavs_when_silent();
  ui_test_go_home(root);
  ui_test_expect_page(window, "attract", 2);
  ui_test_expect_text(root, "请取走您的身份证 Please take your ID card", 5);
  if (!ui_test_wait(more_wavs, GUINT_TO_POINTER(wavs), 10))
    g_error("the request to take the card was not spoken");

  /* the next citizen: the card still there is not read as theirs */
  ui_test_click(root, "点这里开始办理");
  ui_test_expect_page(window, "menu", 2);
  ui_test_click(root, "户籍证明开具");
  ui_test_expect_page(window, "card", 2);
  g_assert_true(ui_test_wait(reader_polling, reader, 5));
  ui_test_spin(1.5); /* five polls of the reader */
  g_assert_cmpuint(cards_read, ==, 1);
  g_assert_null(ui_test_find_button(root, "是本人，继续"));

  /* that citizen leaves too, the card still there: asked for again */
  wavs = wavs_when_silent();
  ui_test_go_home(root);
  ui_test_expect_page(window, "attract", 2);
  ui_test_expect_text(root, "请取走您的身份证 Please take your ID card", 5);
  if (!ui_test_wait(more_wavs, GUINT_TO_POINTER(wavs), 10))
    g_error("the request to take the card was not spoken again");

  /* lifted on the attract screen: the request goes */
  ui_test_devsim("idcard remove");
  g_assert_true(ui_test_wait(no_take_card_prompt, root, 5));
  g_assert_true(ui_test_wait(no_card_left, reader, 5));

  /* the next citizen places a card: read */
  ui_test_click(root, "点这里开始办理");
  ui_test_expect_page(window, "menu", 2);
  ui_test_click(root, "户籍证明开具");
  ui_test_expect_page(window, "card", 2);
  ui_test_devsim("idcard place resident");
  g_assert_true(ui_test_wait(card_was_read, GUINT_TO_POINTER(1), 10));
  ui_test_click_within(root, "是本人，继续", 10);
  ui_test_devsim("idcard remove");
  ui_test_go_home(root);
  ui_test_expect_page(window, "attract", 5);
  g_assert_true(ui_test_wait(no_take_card_prompt, root, 5));

  g_signal_handlers_disconnect_by_func(reader, on_card_read, NULL);
  g_signal_handlers_disconnect_by_func(reader, on_reader_event, (gpointer) "card-removed");
  g_signal_handlers_disconnect_by_func(reader, on_reader_event, (gpointer) "notify");
  g_assert_cmpuint(off_main_thread, ==, 0);
}

/* Reader events produced while nobody iterates the main loop (a test that
 * drives it by hand, or before the loop runs) wait for the main thread. */
static void
test_reader_events_wait_for_the_main_thread(void)
{
  AnyiIdcardMonitor *reader = anyi_kiosk_get_idcard(kiosk_application_get_kiosk(kiosk));
  gulong handler = g_signal_connect(reader, "notify::state", G_CALLBACK(on_reader_event),
                                    (gpointer) "notify::state (unplugged)");

  /* the worker sees the reader go and come back while this thread sleeps */
  ui_test_devsim("idcard unplug");
  g_usleep(2500 * 1000);
  ui_test_devsim("idcard plug");
  g_usleep(2500 * 1000);
  ui_test_spin(0.5);
  g_signal_handler_disconnect(reader, handler);
  g_assert_cmpuint(off_main_thread, ==, 0);
}

/* Issue 12 item 8: the language button switches the texts without touching
 * the environment (setenv races getenv in the CUPS, speech and USB threads)
 * or the C locale. */
static void
test_language_switch_leaves_the_environment(void)
{
  GtkWidget *root = GTK_WIDGET(ui_test_window(kiosk));
  g_auto(GStrv) before = g_get_environ();
  g_autofree char *locale_before = g_strdup(setlocale(LC_ALL, NULL));
  g_auto(GStrv) after = NULL;

  ui_test_click(root, "English");
  ui_test_expect_text(GTK_WIDGET(ui_test_window(kiosk)), "Touch here to start", 5);
  after = g_get_environ();
  g_assert_true(g_strv_equal((const char *const *)before, (const char *const *)after));
  g_assert_cmpstr(setlocale(LC_ALL, NULL), ==, locale_before);
  ui_test_click(GTK_WIDGET(ui_test_window(kiosk)), "中文");
  ui_test_expect_text(GTK_WIDGET(ui_test_window(kiosk)), "点这里开始办理", 5);
  g_strfreev(after);
  after = g_get_environ();
  g_assert_true(g_strv_equal((const char *const *)before, (const char *const *)after));
}

int
main(int argc, char **argv)
{
  g_autofree char *xdotool_path = g_find_program_in_path("xdotool");
  int status;

  if (!g_getenv("DISPLAY") || !g_getenv("ANYI_DEVSIM_CONTROL")) {
    g_print("SKIP: needs a display and emulated devices (see tests/ui/meson.build)\n");
    return 77;
  }
  if (!xdotool_path) {
    g_print("SKIP: xdotool is not installed (kiosk/scripts/install-deps installs it)\n");
    return 77;
  }
  main_thread = g_thread_self();
  /* what a technician's shell, or an attacker with a service port, might set */
  g_setenv("GTK_DEBUG", "interactive", TRUE);
  g_setenv("GTK_INSPECTOR_DISPLAY", g_getenv("DISPLAY"), TRUE);
  g_setenv("GOBJECT_DEBUG", "instance-count", TRUE);
  kiosk_lockdown_clear_debug_environment(); /* as main() does */
  temp_store_prepare_data_home(&data_home);
  wav_dir = g_build_filename(data_home.dir, "speech", NULL);
  g_mkdir_with_parents(wav_dir, 0700);
  g_setenv("ANYI_SPEECH_WAV_DIR", wav_dir, TRUE);
  g_setenv("ANYI_IDLE_TIMEOUT", "600", TRUE);
  kiosk_application_init_locale();
  gtk_test_init(&argc, &argv, NULL);
  kiosk = ui_test_start_kiosk();
  g_signal_add_emission_hook(g_signal_lookup("event", GDK_TYPE_SURFACE), 0, count_key_presses, NULL,
                             NULL);
  g_test_add_func("/lockdown/no-debugging-from-the-environment",
                  test_no_debugging_from_the_environment);
  g_test_add_func("/lockdown/escape-keys", test_escape_keys_reach_the_window_and_do_nothing);
  g_test_add_func("/lockdown/text-field-menus", test_text_field_has_no_menus);
  g_test_add_func("/lockdown/clipboard-wiped", test_clipboard_wiped_with_the_session);
  g_test_add_func("/devices/card-left-on-the-reader", test_card_left_on_the_reader);
  g_test_add_func("/devices/reader-events-on-the-main-thread",
                  test_reader_events_wait_for_the_main_thread);
  g_test_add_func("/devices/language-switch-leaves-the-environment",
                  test_language_switch_leaves_the_environment);
  status = g_test_run();
  ui_test_stop_kiosk(kiosk);
  temp_store_clear(&data_home);
  return status;
}
