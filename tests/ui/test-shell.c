/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The kiosk shell as a citizen meets it: it cannot be left by keyboard,
 * it asks before timing out, and a walked-away session is wiped. */
#include "kiosk-lockdown.h"
#include "kiosk-snapshot.h"
#include "devsim-client.h"
#include "kiosk-ui-test.h"
#include "temp-store.h"

#include <glib/gstdio.h>

/* One kiosk for the whole run, as in the hall: each test starts from the
 * attract screen the previous one left. */
static KioskApplication *kiosk;
static TempStore data_home;
static char *shots_dir;

static void
test_escape_keys_are_swallowed(void)
{
  struct {
    guint key;
    GdkModifierType mods;
  } blocked[] = {
      {GDK_KEY_F4, GDK_ALT_MASK},
      {GDK_KEY_Tab, GDK_ALT_MASK},
      {GDK_KEY_q, GDK_CONTROL_MASK},
      {GDK_KEY_w, GDK_CONTROL_MASK},
      {GDK_KEY_F11, 0},
      {GDK_KEY_Escape, 0},
      {GDK_KEY_Super_L, 0},
      {GDK_KEY_d, GDK_CONTROL_MASK | GDK_SHIFT_MASK},
  };

  for (guint i = 0; i < G_N_ELEMENTS(blocked); i++)
    g_assert_true(kiosk_lockdown_blocks_key(blocked[i].key, blocked[i].mods));
  /* typing a phone number must still work */
  g_assert_false(kiosk_lockdown_blocks_key(GDK_KEY_1, 0));
  g_assert_false(kiosk_lockdown_blocks_key(GDK_KEY_a, 0));
  g_assert_false(kiosk_lockdown_blocks_key(GDK_KEY_BackSpace, 0));
}

static void
test_window_refuses_to_close(void)
{
  KioskApplication *app = kiosk;
  KioskWindow *window = ui_test_window(app);

  g_assert_false(gtk_window_get_decorated(GTK_WINDOW(window)));
  gtk_window_close(GTK_WINDOW(window));
  ui_test_spin(0.2);
  g_assert_true(gtk_widget_get_visible(GTK_WIDGET(window)));
  g_assert_true(kiosk_application_get_kiosk_window(app) == GTK_WINDOW(window));
}

static gboolean
page_left_menu(gpointer window)
{
  return g_strcmp0(kiosk_window_get_page(window), "menu") != 0;
}

static AnyiStoredCase *
newest_case(KioskApplication *app)
{
  g_autoptr(GPtrArray) recent =
      anyi_store_cases_recent(anyi_kiosk_get_store(kiosk_application_get_kiosk(app)), 1, NULL);

  g_assert_nonnull(recent);
  g_assert_cmpuint(recent->len, ==, 1);
  return g_ptr_array_steal_index(recent, 0);
}

/* Idle timeout 1 s, countdown 2 s (set in main). */
static void
test_idle_asks_then_wipes(void)
{
  KioskApplication *app = kiosk;
  KioskWindow *window = ui_test_window(app);
  GtkWidget *root = GTK_WIDGET(window);
  g_autofree char *shot = g_build_filename(shots_dir, "idle-prompt.png", NULL);
  g_autoptr(AnyiStoredCase) stored = NULL;
  g_autoptr(GError) error = NULL;
  GStatBuf st;

  ui_test_click(root, "点这里开始办理");
  ui_test_expect_page(window, "menu", 2);
  ui_test_click(root, "身份证办理进度查询");
  ui_test_expect_page(window, "card", 2);
  ui_test_expect_text(root, "您还需要更多时间吗", 3);
  ui_test_expect_text(root, "秒后将返回首页", 1);
  /* the prompt is painted before it is pictured */
  ui_test_spin(0.2);
  if (!kiosk_snapshot_save(root, shot, &error))
    g_error("snapshot of the idle prompt: %s", error->message);
  g_assert_cmpint(g_stat(shot, &st), ==, 0);
  g_assert_cmpint(st.st_size, >, 10000);
  ui_test_expect_page(window, "attract", 4);
  g_assert_false(ui_test_shows_text(root, "您还需要更多时间吗"));
  /* The case had nothing collected yet: abandoned, not sent to a window. */
  stored = newest_case(app);
  g_assert_nonnull(stored);
  g_assert_cmpstr(stored->state, ==, "abandoned");
}

/* A service played by the engine, walked away from after the card was
 * read: the idle timeout hands it to the window with what was collected. */
static void
test_idle_hands_off_collected_case(void)
{
  KioskWindow *window = ui_test_window(kiosk);
  GtkWidget *root = GTK_WIDGET(window);
  g_autoptr(AnyiStoredCase) stored = NULL;
  g_autoptr(AnyiStoredHandoff) handoff = NULL;

  ui_test_click(root, "点这里开始办理");
  ui_test_expect_page(window, "menu", 2);
  ui_test_click(root, "户籍证明开具");
  ui_test_expect_page(window, "card", 2);
  ui_test_devsim("idcard place resident");
  ui_test_click_within(root, "是本人，继续", 10);
  ui_test_devsim("idcard remove");
  ui_test_expect_page(window, "question", 3);
  ui_test_expect_page(window, "attract", 8);
  stored = newest_case(kiosk);
  g_assert_cmpstr(stored->service_id, ==, "household-certificate");
  g_assert_cmpstr(stored->state, ==, "handed-off");
  handoff = anyi_store_handoff_for_case(anyi_kiosk_get_store(kiosk_application_get_kiosk(kiosk)),
                                        stored->id, NULL);
  g_assert_nonnull(handoff);
  g_assert_cmpstr(handoff->reason, ==, "timeout");
}

/* A case a crash left half done (the card read, then the power went) is
 * ended when the kiosk starts again: handed to the window, not forgotten. */
static void
leave_case_open(const char *db_path)
{
  g_autoptr(GError) error = NULL;
  AnyiStore *store = anyi_store_open(db_path, &error);
  g_autofree char *services = anyi_catalogue_default_dir();
  g_autoptr(AnyiCatalogue) catalogue = anyi_catalogue_load(services, &error);
  AnyiCaseRunnerConfig config = {.kiosk_letter = 'A', .window = "3"};
  AnyiCaseCard card = {.type = ANYI_CARD_RESIDENT,
                       .name = "张三",
                       .birth = "19800101",
                       .id_number = "510104198001011236"};
  AnyiCaseRunner *runner;

  g_assert_no_error(error);
  runner = anyi_case_runner_new(store, catalogue, NULL, &config);
  g_assert_true(anyi_case_runner_start(runner, "household-certificate", &error));
  g_assert_true(anyi_case_runner_card_read(runner, &card, &error));
  g_assert_no_error(error);
  g_object_unref(runner);
  anyi_store_close(store);
}

static void
test_crashed_case_recovered_at_start(void)
{
  g_autoptr(AnyiStoredCase) stored = NULL;

  /* left open by leave_case_open() in main(), before the kiosk started;
   * this runs first, so it is the only case */
  stored = newest_case(kiosk);
  g_assert_cmpstr(stored->service_id, ==, "household-certificate");
  g_assert_cmpstr(stored->state, ==, "handed-off");
}

static void
test_more_time_keeps_the_session(void)
{
  KioskApplication *app = kiosk;
  KioskWindow *window = ui_test_window(app);
  GtkWidget *root = GTK_WIDGET(window);

  ui_test_click(root, "点这里开始办理");
  ui_test_expect_page(window, "menu", 2);
  ui_test_expect_text(root, "您还需要更多时间吗", 3);
  ui_test_click(root, "需要，继续办理");
  g_assert_false(ui_test_shows_text(root, "您还需要更多时间吗"));
  g_assert_cmpstr(kiosk_window_get_page(window), ==, "menu");
}

/* A press that comes with no touch (a screen reader, switch access) is
 * the citizen at work too: it keeps the idle prompt away. Only checked
 * while the last press is younger than the timeout: under ASan a press
 * that relays out the window in large text can take longer than that. */
static void
test_presses_without_touch_keep_the_session(void)
{
  KioskWindow *window = ui_test_window(kiosk);
  GtkWidget *root = GTK_WIDGET(window);
  const int timeout_s = 6; /* under ASan one 大字模式 relayout of the menu takes ~3 s */
  gint64 started, pressed_at;
  guint checked = 0;

  kiosk_window_set_idle_times(window, timeout_s, 30);
  if (g_strcmp0(kiosk_window_get_page(window), "attract") != 0) {
    ui_test_go_home(root); /* where the test before left it */
    ui_test_expect_page(window, "attract", 2);
  }
  ui_test_click(root, "点这里开始办理");
  ui_test_expect_page(window, "menu", 2);
  started = g_get_monotonic_time();
  while (g_get_monotonic_time() - started < 3 * timeout_s * G_USEC_PER_SEC) {
    pressed_at = g_get_monotonic_time();
    /* the button says "大字模式 ✓" while it is on */
    ui_test_click(root, ui_test_find_button(root, "大字模式") ? "大字模式" : "大字模式 ✓");
    ui_test_spin(0.5);
    if (g_get_monotonic_time() - pressed_at < timeout_s * G_USEC_PER_SEC) {
      g_assert_false(ui_test_shows_text(root, "您还需要更多时间吗"));
      checked++;
    }
  }
  g_assert_cmpuint(checked, >, 0);
  ui_test_expect_text(root, "您还需要更多时间吗", timeout_s + 5);
  ui_test_go_home(root);
  ui_test_expect_page(window, "attract", 2);
  kiosk_window_set_idle_times(window, 1, 2);
}

static void
test_home_button_returns_to_attract(void)
{
  KioskApplication *app = kiosk;
  KioskWindow *window = ui_test_window(app);
  GtkWidget *root = GTK_WIDGET(window);

  ui_test_click(root, "点这里开始办理");
  ui_test_expect_page(window, "menu", 2);
  ui_test_click(root, "返回首页");
  ui_test_expect_page(window, "attract", 2);
}

/* A pulled reader is said on the attract screen and on the tile, and the
 * kiosk offers the service again by itself once it is plugged back. */
static void
test_reader_unplugged_is_said_and_recovers(void)
{
  GtkWidget *root = GTK_WIDGET(ui_test_window(kiosk));

  /* 1 s (main) is shorter than a replug under ASan: the menu would time out */
  kiosk_window_set_idle_times(ui_test_window(kiosk), 60, 30);
  ui_test_devsim("idcard unplug");
  ui_test_expect_text(root, "身份证读卡器暂时不能使用", 10);
  ui_test_click(root, "点这里开始办理");
  ui_test_expect_page(ui_test_window(kiosk), "menu", 2);
  ui_test_expect_text(root, "读卡器暂停使用，请到窗口", 2);
  g_assert_null(ui_test_find_button(root, "身份证办理进度查询"));
  ui_test_devsim("idcard plug");
  ui_test_click_within(root, "身份证办理进度查询", 10);
  ui_test_expect_page(ui_test_window(kiosk), "card", 2);
  ui_test_go_home(root);
  ui_test_expect_page(ui_test_window(kiosk), "attract", 2);
  g_assert_false(ui_test_shows_text(root, "身份证读卡器暂时不能使用"));
  kiosk_window_set_idle_times(ui_test_window(kiosk), 1, 2);
}

/* Every service of the catalogue starts at the kiosk: its first step shows
 * a page of its own, and "返回首页" leaves it without a trace. */
static void
test_every_service_starts(void)
{
  KioskWindow *window = ui_test_window(kiosk);
  GtkWidget *root = GTK_WIDGET(window);
  AnyiCatalogue *catalogue = anyi_kiosk_get_catalogue(kiosk_application_get_kiosk(kiosk));
  static const char *const first_pages[] = {"card", "question", "form", "document", "photo", NULL};

  /* 1 s (main) is shorter than starting a service under ASan */
  kiosk_window_set_idle_times(window, 60, 30);
  for (guint i = 0; i < anyi_catalogue_get_n_services(catalogue); i++) {
    const AnyiService *service = anyi_catalogue_get_service(catalogue, i);

    ui_test_click(root, "点这里开始办理");
    ui_test_expect_page(window, "menu", 2);
    ui_test_click(root, service->names.zh);
    if (!ui_test_wait(page_left_menu, window, 5))
      g_error("%s: still on the menu", service->id);
    if (!g_strv_contains(first_pages, kiosk_window_get_page(window)))
      g_error("%s starts on page %s", service->id, kiosk_window_get_page(window));
    ui_test_go_home(root);
    ui_test_expect_page(window, "attract", 5);
  }
  kiosk_window_set_idle_times(window, 1, 2);
}

/* Staff mode opens on the attract screen only (the long press on the
 * hall's name) and leaves nothing behind. */
static void
test_staff_mode_from_attract(void)
{
  KioskWindow *window = ui_test_window(kiosk);
  GtkWidget *root = GTK_WIDGET(window);

  kiosk_window_open_staff(window);
  ui_test_expect_page(window, "staff", 2);
  ui_test_expect_text(root, "工号", 2);
  ui_test_click(root, "退出");
  ui_test_expect_page(window, "attract", 2);
}

static void
test_english_is_one_touch_away(void)
{
  KioskApplication *app = kiosk;

  ui_test_click(GTK_WIDGET(ui_test_window(app)), "English");
  ui_test_spin(0.3);
  /* the window was rebuilt in English */
  ui_test_expect_text(GTK_WIDGET(ui_test_window(app)), "Touch here to start", 2);
  /* and so are the sentences the code writes (the idle countdown) */
  ui_test_click(GTK_WIDGET(ui_test_window(app)), "Touch here to start");
  ui_test_expect_text(GTK_WIDGET(ui_test_window(app)), "the kiosk returns to the start", 4);
  ui_test_click(GTK_WIDGET(ui_test_window(app)), "Yes, I'm still here");
  ui_test_click(GTK_WIDGET(ui_test_window(app)), "Back to start");
  ui_test_spin(0.3);
  ui_test_click(GTK_WIDGET(ui_test_window(app)), "中文");
  ui_test_spin(0.3);
  ui_test_expect_text(GTK_WIDGET(ui_test_window(app)), "点这里开始办理", 2);
}

int
main(int argc, char **argv)
{
  int status;

  if (!g_getenv("DISPLAY") || !g_getenv("ANYI_DEVSIM_CONTROL")) {
    g_print("SKIP: needs a display and emulated devices (see tests/ui/meson.build)\n");
    return 77;
  }
  temp_store_prepare_data_home(&data_home);
  shots_dir = g_strdup(g_getenv("ANYI_TEST_SHOTS") ? g_getenv("ANYI_TEST_SHOTS") : data_home.dir);
  g_mkdir_with_parents(shots_dir, 0755);
  g_setenv("ANYI_IDLE_TIMEOUT", "1", TRUE);
  g_setenv("ANYI_IDLE_GRACE", "2", TRUE);
  kiosk_application_init_locale();
  gtk_test_init(&argc, &argv, NULL);
  leave_case_open(data_home.db_path);
  g_test_add_func("/shell/crashed-case-recovered", test_crashed_case_recovered_at_start);
  g_test_add_func("/shell/escape-keys", test_escape_keys_are_swallowed);
  g_test_add_func("/shell/refuses-close", test_window_refuses_to_close);
  g_test_add_func("/shell/idle-wipes", test_idle_asks_then_wipes);
  g_test_add_func("/shell/idle-hands-off", test_idle_hands_off_collected_case);
  g_test_add_func("/shell/more-time", test_more_time_keeps_the_session);
  g_test_add_func("/shell/presses-without-touch", test_presses_without_touch_keep_the_session);
  g_test_add_func("/shell/home", test_home_button_returns_to_attract);
  g_test_add_func("/shell/reader-unplugged", test_reader_unplugged_is_said_and_recovers);
  g_test_add_func("/shell/every-service-starts", test_every_service_starts);
  g_test_add_func("/shell/staff-mode", test_staff_mode_from_attract);
  g_test_add_func("/shell/english", test_english_is_one_touch_away);
  kiosk = ui_test_start_kiosk();
  status = g_test_run();
  ui_test_stop_kiosk(kiosk);
  temp_store_clear(&data_home);
  return status;
}
