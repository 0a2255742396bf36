/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-staff-devices.c: technician mode tests every device from the screen
 * (issue 15 item 7), in the real kiosk process under the emulated reader
 * and cameras (anyi-devsim): a card read shown masked with its time, both
 * cameras' live pictures with mode and frame rate, the spoken sentence, the
 * device history, and the support bundle button (insensitive without a
 * stick; plain words when anyictl is missing or fails). Screenshots of the
 * technician screens, normal and 大字模式, in ANYI_SCREENSHOT_DIR. */
#include "kiosk-staff-page.h"
#include "kiosk-ui-test.h"
#include "staff/anyi-staff.h"
#include "temp-store.h"

#include <glib/gstdio.h>

static KioskApplication *app;
static GtkWindow *window;
static KioskStaffPage *page;
static char *stick_dir;
static char *wav_dir;

static AnyiStore *
store(void)
{
  return anyi_kiosk_get_store(kiosk_application_get_kiosk(app));
}

static GtkWidget *
root(void)
{
  return GTK_WIDGET(page);
}

static void
on_after_paint(GdkFrameClock *clock, guint *paints)
{
  (*paints)++;
}

static gboolean
painted(gpointer data)
{
  return *(guint *)data > 0;
}

/* The window in its new size drawn once: what a snapshot copies. */
static void
wait_for_paint(void)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock(GTK_WIDGET(window));
  guint paints = 0;
  gulong handler = g_signal_connect(clock, "after-paint", G_CALLBACK(on_after_paint), &paints);

  gtk_widget_queue_draw(GTK_WIDGET(window));
  if (!ui_test_wait(painted, &paints, 10))
    g_error("the window was not painted within 10 s");
  g_signal_handler_disconnect(clock, handler);
}

static void
shoot(const char *name)
{
  g_autofree char *file = g_strdup_printf("technician-%s.png", name);
  g_autofree char *large = g_strdup_printf("technician-%s-large-text.png", name);

  wait_for_paint();
  ui_test_shoot(GTK_WIDGET(window), "ANYI_SCREENSHOT_DIR", file);
  gtk_widget_add_css_class(GTK_WIDGET(window), "large-text");
  wait_for_paint();
  ui_test_shoot(GTK_WIDGET(window), "ANYI_SCREENSHOT_DIR", large);
  gtk_widget_remove_css_class(GTK_WIDGET(window), "large-text");
  wait_for_paint();
}

static void
type_digits(const char *digits)
{
  for (const char *d = digits; *d; d++) {
    char key[2] = {*d, '\0'};
    ui_test_click(root(), key);
  }
}

static gboolean
not_checking(gpointer data)
{
  return !ui_test_shows_text(root(), "正在核对……");
}

static void
sign_in_technician(void)
{
  ui_test_click(root(), "工号");
  ui_test_click(root(), "清除");
  type_digits("1001");
  ui_test_click(root(), "密码");
  ui_test_click(root(), "清除");
  type_digits("246810");
  ui_test_click(root(), "登录");
  if (!ui_test_wait(not_checking, NULL, 10))
    g_error("the technician's sign-in was still being checked after 10 s");
  ui_test_expect_text(root(), "设备记录", 5);
}

static GtkWidget *
find_label_with(GtkWidget *widget, const char *text)
{
  if (GTK_IS_LABEL(widget) && strstr(gtk_label_get_text(GTK_LABEL(widget)), text))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child(widget); child;
       child = gtk_widget_get_next_sibling(child)) {
    GtkWidget *found = find_label_with(child, text);
    if (found)
      return found;
  }
  return NULL;
}

/* The device history and, without a stick, a support bundle button that
 * cannot be pressed. */
static void
test_history_and_no_stick(void)
{
  GtkWidget *bundle;

  sign_in_technician();
  ui_test_expect_text(root(), "reader  故障  no-reader  unplugged", 2);
  ui_test_expect_text(root(), "reader  正常  ok", 2);
  g_assert_null(ui_test_find_button(root(), "导出支持包到U盘"));
  bundle = find_label_with(root(), "导出支持包到U盘");
  g_assert_nonnull(bundle);
  g_assert_false(gtk_widget_is_sensitive(bundle));
  ui_test_expect_text(root(), "插入U盘后可导出支持包", 2);
  shoot("home");
}

/* The read is shown with its time, and never the whole ID number. */
static void
test_card_read(void)
{
  GtkWidget *result;

  ui_test_click(root(), "读卡测试");
  ui_test_expect_text(root(), "请将身份证放在阅读器上", 2);
  ui_test_devsim("idcard place resident");
  ui_test_expect_text(root(), "读卡成功：", 10);
  result = find_label_with(root(), "读卡成功：");
  g_test_message("%s", gtk_label_get_text(GTK_LABEL(result)));
  g_assert_nonnull(strstr(gtk_label_get_text(GTK_LABEL(result)), "用时"));
  g_assert_nonnull(strstr(gtk_label_get_text(GTK_LABEL(result)), "***********"));
  g_assert_false(
      g_regex_match_simple("[0-9]{17}[0-9X]", gtk_label_get_text(GTK_LABEL(result)), 0, 0));
  shoot("card-read");
  ui_test_devsim("idcard remove");
}

static gboolean
both_cameras_counted(gpointer data)
{
  GtkWidget *first = find_label_with(root(), "帧/秒模式，实际");
  GtkWidget *second = NULL;

  if (!first)
    return FALSE;
  for (GtkWidget *w = gtk_widget_get_next_sibling(gtk_widget_get_parent(first)); w && !second;
       w = gtk_widget_get_next_sibling(w))
    second = find_label_with(w, "帧/秒模式，实际");
  /* a second of frames counted once the camera streams: at least one a second */
  return second && g_regex_match_simple("实际[1-9]", gtk_label_get_text(GTK_LABEL(first)), 0, 0) &&
         g_regex_match_simple("实际[1-9]", gtk_label_get_text(GTK_LABEL(second)), 0, 0);
}

static void
test_cameras(void)
{
  ui_test_click(root(), "摄像头测试");
  if (!ui_test_wait(both_cameras_counted, NULL, 20))
    g_error("the cameras' modes and frame rates were not shown after 20 s");
  g_test_message("%s", gtk_label_get_text(GTK_LABEL(find_label_with(root(), "帧/秒模式"))));
  shoot("cameras");
  ui_test_click(root(), "摄像头测试");
  g_assert_false(ui_test_shows_text(root(), "帧/秒模式"));
}

static guint
wav_count(void)
{
  g_autoptr(GDir) dir = g_dir_open(wav_dir, 0, NULL);
  guint n = 0;

  for (const char *name = dir ? g_dir_read_name(dir) : NULL; name; name = g_dir_read_name(dir))
    n += g_str_has_suffix(name, ".wav"); /* not a .wav.part still being written */
  return n;
}

static gboolean
speech_silent(gpointer unused)
{
  AnyiSpeech *speech = anyi_kiosk_get_speech(kiosk_application_get_kiosk(app));

  return !speech || !anyi_speech_get_speaking(speech);
}

static gboolean
wav_added(gpointer data)
{
  return wav_count() > GPOINTER_TO_UINT(data);
}

/* The sentence is synthesised and played (into ANYI_SPEECH_WAV_DIR here:
 * the tests have no sound card), and the screen says what is said. */
static void
test_speech(void)
{
  guint before = wav_count();

  ui_test_click(root(), "语音测试");
  ui_test_expect_text(root(), "正在播报：您好，这是语音播报测试。", 2);
  if (!ui_test_wait(wav_added, GUINT_TO_POINTER(before), 30))
    g_error("the test sentence was not spoken within 30 s");
  /* nothing still being written when the test's folder is removed */
  if (!ui_test_wait(speech_silent, NULL, 30))
    g_error("the kiosk was still speaking 30 s after the test sentence");
}

static void
refresh(void)
{
  ui_test_click(root(), "退出");
  sign_in_technician();
}

static guint warned_no_anyictl;

/* The warning of a missing anyictl is what the test provokes: counted, not
 * fatal (GLib's default writer aborts on warnings under the harness). */
static GLogWriterOutput
count_anyictl_warnings(GLogLevelFlags level, const GLogField *fields, gsize n_fields, gpointer data)
{
  for (gsize i = 0; i < n_fields && (level & G_LOG_LEVEL_WARNING); i++)
    if (g_str_equal(fields[i].key, "MESSAGE") && strstr(fields[i].value, "no anyictl")) {
      warned_no_anyictl++;
      return g_log_writer_standard_streams(level, fields, n_fields, data);
    }
  return g_log_writer_default(level, fields, n_fields, data);
}

static gboolean
bundle_finished(gpointer data)
{
  return ui_test_shows_text(root(), "支持包已写入U盘") ||
         ui_test_shows_text(root(), "支持包生成失败");
}

/* With a stick: anyictl missing is said plainly; anyictl there writes the
 * bundle on the stick, or its own words say why not. */
static void
test_support_bundle(void)
{
  g_setenv("ANYI_USB_STICK_DIR", stick_dir, TRUE);
  g_setenv("ANYI_ANYICTL", "/nonexistent/anyictl", TRUE);
  refresh();
  warned_no_anyictl = 0;
  ui_test_click(root(), "导出支持包到U盘");
  g_assert_cmpuint(warned_no_anyictl, ==, 1);
  ui_test_expect_text(root(), "找不到 anyictl 命令", 2);
  g_setenv("ANYI_ANYICTL", g_getenv("ANYI_TEST_ANYICTL"), TRUE);
  ui_test_click(root(), "导出支持包到U盘");
  if (!ui_test_wait(bundle_finished, NULL, 60))
    g_error("anyictl support-bundle still running after 60 s");
  if (ui_test_shows_text(root(), "支持包已写入U盘")) {
    g_autoptr(GDir) dir = g_dir_open(stick_dir, 0, NULL);
    const char *name = g_dir_read_name(dir);

    g_assert_nonnull(name);
    g_assert_true(g_str_has_prefix(name, "anyi-support-") && g_str_has_suffix(name, ".tar.gz"));
  } else {
    /* anyictl's own first words, not its usage text */
    g_assert_false(ui_test_shows_text(root(), "commands:"));
    g_test_message("anyictl support-bundle failed: %s",
                   gtk_label_get_text(GTK_LABEL(find_label_with(root(), "支持包生成失败"))));
  }
  shoot("support-bundle");
}

int
main(int argc, char **argv)
{
  TempStore data_home = {0};
  g_autoptr(GError) error = NULL;
  int status;

  if (!g_getenv("DISPLAY") || !g_getenv("ANYI_DEVSIM_CONTROL")) {
    g_print("SKIP: needs a display and the emulated devices (see tests/ui/meson.build)\n");
    return 77;
  }
  g_log_set_writer_func(count_anyictl_warnings, NULL, NULL);
  temp_store_prepare_data_home(&data_home);
  stick_dir = g_build_filename(data_home.dir, "stick", NULL);
  g_assert_cmpint(g_mkdir(stick_dir, 0700), ==, 0);
  g_setenv("ANYI_USB_STICK_DIR", "/nonexistent/stick", TRUE);
  wav_dir = g_build_filename(data_home.dir, "speech", NULL);
  g_assert_cmpint(g_mkdir(wav_dir, 0700), ==, 0);
  g_setenv("ANYI_SPEECH_WAV_DIR", wav_dir, TRUE);
  kiosk_application_init_locale();
  gtk_test_init(&argc, &argv, NULL);
  app = ui_test_start_kiosk();
  g_assert_true(anyi_staff_add(store(), "1001", "李工", "technician", "246810", "test", &error));
  g_assert_true(anyi_store_device_event_add(store(), "reader", "no-reader", "unplugged", &error));
  g_assert_true(anyi_store_device_event_add(store(), "reader", "ok", NULL, &error));
  g_assert_no_error(error);
  window = GTK_WINDOW(gtk_window_new());
  gtk_widget_add_css_class(GTK_WIDGET(window), "kiosk");
  gtk_window_set_default_size(window, 1920, 1080);
  page = g_object_new(KIOSK_TYPE_STAFF_PAGE, NULL);
  gtk_window_set_child(window, GTK_WIDGET(page));
  kiosk_staff_page_start(page, kiosk_application_get_kiosk(app), FALSE);
  gtk_window_present(window);
  ui_test_spin(0.5);

  g_test_add_func("/staff-devices/history-and-no-stick", test_history_and_no_stick);
  g_test_add_func("/staff-devices/card-read", test_card_read);
  g_test_add_func("/staff-devices/cameras", test_cameras);
  g_test_add_func("/staff-devices/speech", test_speech);
  g_test_add_func("/staff-devices/support-bundle", test_support_bundle);
  status = g_test_run();
  /* the last thing said is written out before its folder goes */
  ui_test_wait(speech_silent, NULL, 30);
  gtk_window_destroy(window);
  ui_test_stop_kiosk(app);
  temp_store_clear(&data_home);
  return status;
}
