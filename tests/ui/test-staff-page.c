/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-staff-page.c: the staff page in the real kiosk process, with a real
 * store, a private cupsd and two virtual printers (with-printers). */
#include "cases/anyi-case.h"
#include "kiosk-snapshot.h"
#include "kiosk-staff-handoffs.h"
#include "kiosk-staff-log.h"
#include "kiosk-staff-page.h"
#include "kiosk-ui-test.h"
#include "staff/anyi-staff.h"
#include "temp-store.h"

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>

static KioskApplication *app;
static GtkWindow *window;
static KioskStaffPage *page;
static char *handed_off_number;
static guint exits;

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

/* Into ANYI_SCREENSHOT_DIR when set, for a person to look at. */
static void
shoot(const char *name)
{
  g_autofree char *file = g_strdup_printf("staff-%s.png", name);

  ui_test_shoot(GTK_WIDGET(window), "ANYI_SCREENSHOT_DIR", file);
}

static void
type_digits(GtkWidget *within, const char *digits)
{
  for (const char *d = digits; *d; d++) {
    char key[2] = {*d, '\0'};
    ui_test_click(within, key);
  }
}

static void
type_sign_in(GtkWidget *within, const char *login, const char *pin)
{
  ui_test_click(within, "工号");
  ui_test_click(within, "清除");
  type_digits(within, login);
  ui_test_click(within, "密码");
  ui_test_click(within, "清除");
  type_digits(within, pin);
}

static gboolean
not_checking(gpointer data)
{
  return !ui_test_shows_text(data, "正在核对……");
}

/* The PIN is checked off the UI thread: right after the press the page says
 * it is checking and the keypad waits, then the answer comes. */
static void
sign_in_within(GtkWidget *within, const char *login, const char *pin)
{
  GtkWidget *button;

  type_sign_in(within, login, pin);
  button = ui_test_find_button(within, "登录");
  g_assert_nonnull(button);
  /* no main-loop turn between the press and the check: the answer cannot
   * have come yet, whatever the machine's speed */
  g_signal_emit_by_name(button, "clicked");
  g_assert_true(ui_test_shows_text(within, "正在核对……"));
  g_assert_null(ui_test_find_button(within, "清除")); /* the keypad waits */
  if (!ui_test_wait(not_checking, within, 10))
    g_error("the sign-in of %s was still being checked after 10 s", login);
}

static void
sign_in(const char *login, const char *pin)
{
  sign_in_within(root(), login, pin);
}

static guint
spool_count(const char *spool_env)
{
  g_autoptr(GDir) dir = g_dir_open(g_getenv(spool_env), 0, NULL);
  guint count = 0;

  g_assert_nonnull(dir);
  for (const char *name = g_dir_read_name(dir); name; name = g_dir_read_name(dir))
    if (!g_str_has_suffix(name, ".prn") && !strstr(name, "printer-ctl-probe"))
      count++;
  return count;
}

typedef struct {
  const char *spool_env;
  guint before;
} SpoolWait;

static gboolean
spool_grew(gpointer data)
{
  SpoolWait *wait = data;

  return spool_count(wait->spool_env) > wait->before;
}

static gboolean audit_has(const char *actor, const char *action, const char *subject);

typedef struct {
  const char *actor;
  const char *template_name;
} PrintedWait;

static gboolean
job_finished(gpointer data)
{
  PrintedWait *wait = data;

  return audit_has(wait->actor, "printed", wait->template_name);
}

/* The page audit-logs "printed" when the job is done: wait for that and for
 * the printer to have received a document. */
static void
press_and_expect_printed(const char *button, const char *actor, const char *template_name,
                         const char *spool_env)
{
  SpoolWait spool = {spool_env, spool_count(spool_env)};
  PrintedWait printed = {actor, template_name};

  ui_test_click(root(), button);
  if (!ui_test_wait(spool_grew, &spool, 60))
    g_error("%s: nothing reached %s within 60 s", button, spool_env);
  if (!ui_test_wait(job_finished, &printed, 60))
    g_error("%s: the page did not see the job finish within 60 s", button);
  ui_test_expect_text(root(), "已打印", 2);
}

static gboolean
audit_has_detail(const char *actor, const char *action, const char *detail)
{
  g_autoptr(GPtrArray) entries = anyi_store_audit_list(store(), 0, 200, NULL);

  for (guint i = 0; i < entries->len; i++) {
    AnyiAuditEntry *entry = entries->pdata[i];
    if (g_str_equal(entry->actor, actor) && g_str_equal(entry->action, action) &&
        g_strcmp0(entry->detail, detail) == 0)
      return TRUE;
  }
  return FALSE;
}

static gboolean
audit_has(const char *actor, const char *action, const char *subject)
{
  g_autoptr(GPtrArray) entries = anyi_store_audit_list(store(), 0, 200, NULL);

  for (guint i = 0; i < entries->len; i++) {
    AnyiAuditEntry *entry = entries->pdata[i];
    if (g_str_equal(entry->actor, actor) && g_str_equal(entry->action, action) &&
        (!subject || g_strcmp0(entry->subject, subject) == 0))
      return TRUE;
  }
  return FALSE;
}

static void
test_wrong_pin_then_staff_home(void)
{
  ui_test_click(root(), "登录");
  ui_test_expect_text(root(), "请输入工号和密码", 2);
  sign_in("2002", "000000");
  ui_test_expect_text(root(), "工号或密码不对", 2);
  g_assert_false(ui_test_shows_text(root(), "打印机与纸张"));
  shoot("sign-in-wrong-pin");
  sign_in("2002", "135790");
  ui_test_expect_text(root(), "打印机与纸张", 2);
  ui_test_expect_text(root(), "王芳", 2);
  ui_test_expect_text(root(), handed_off_number, 2);
  ui_test_expect_text(root(), "收据打印机", 2);
  g_assert_false(ui_test_shows_text(root(), "身份证阅读器"));
  g_assert_true(audit_has("2002", "sign-in-failed", NULL));
  g_assert_true(audit_has("2002", "sign-in", NULL));
  /* the log view lists the sign-ins just made */
  ui_test_expect_text(root(), "2002  登录", 2);
  ui_test_spin(2); /* the printer watches' first answers */
  shoot("home-staff");
}

static void
test_restock_receipt_paper(void)
{
  int level = 0, capacity = 0;

  ui_test_click(root(), "已更换收据纸");
  g_assert_true(anyi_store_consumable_get(store(), "receipt-paper", &level, &capacity, NULL));
  g_assert_cmpint(level, ==, capacity);
  g_assert_cmpint(capacity, >, 0);
  g_assert_true(audit_has("2002", "restock", "receipt-paper"));
  ui_test_expect_text(root(), "收据纸已更换", 2);
  ui_test_expect_text(root(), "纸张余量：100%", 2);
  g_assert_false(anyi_store_consumable_get(store(), "a4-paper", &level, &capacity, NULL));
  ui_test_click(root(), "已补充A4纸");
  g_assert_true(anyi_store_consumable_get(store(), "a4-paper", &level, &capacity, NULL));
  g_assert_cmpint(level, ==, capacity);
  g_assert_true(audit_has("2002", "restock", "a4-paper"));
}

/* The note is the kiosk's own (kind 系统, the last choice): among the
 * rows of that kind it is on the first page's screen. */
static void
test_log_masks_id_numbers(void)
{
  GtkWidget *log = ui_test_find_of_type(root(), KIOSK_TYPE_STAFF_LOG);
  GtkDropDown *kinds =
      GTK_DROP_DOWN(gtk_widget_get_next_sibling(ui_test_find_of_type(log, GTK_TYPE_DROP_DOWN)));

  gtk_drop_down_set_selected(kinds, g_list_model_get_n_items(gtk_drop_down_get_model(kinds)) - 1);
  ui_test_expect_text(root(), "110***********6534", 2);
  g_assert_false(ui_test_shows_text(root(), "110101199003076534"));
  gtk_drop_down_set_selected(kinds, 0);
}

static void
test_print_restock_slip(void)
{
  press_and_expect_printed("打印补给单", "2002", "restock", "ANYI_TEST_RECEIPT_SPOOL");
  g_assert_true(audit_has("2002", "print", "restock"));
}

static void
on_staff_exit(KioskStaffPage *self)
{
  exits++;
}

static void
test_exit_then_technician(void)
{
  ui_test_click(root(), "退出");
  g_assert_cmpuint(exits, ==, 1);
  g_assert_true(audit_has_detail("2002", "sign-out", "exit"));
  g_assert_false(ui_test_shows_text(root(), "打印机与纸张"));
  shoot("sign-in");
  sign_in("1001", "246810");
  ui_test_expect_text(root(), "设备", 2);
  ui_test_expect_text(root(), "身份证阅读器", 2);
  ui_test_expect_text(root(), "人像摄像头", 2);
  ui_test_expect_text(root(), "语音播报", 2);
  ui_test_spin(1);
  shoot("home-technician");
  press_and_expect_printed("打印测试回执", "1001", "test-receipt", "ANYI_TEST_RECEIPT_SPOOL");
  press_and_expect_printed("打印测试页", "1001", "test-page", "ANYI_TEST_A4_SPOOL");
  ui_test_expect_text(root(), "1001  已打印  test-page", 2);
}

static void
printer_ctl(const char *role, const char *action)
{
  g_autofree char *ctl = g_build_filename(PRINT_FIXTURES_DIR, "printer-ctl", NULL);

  ui_test_run((const char *const[]){ctl, role, action, NULL});
}

static gboolean
paper_fault_gone(gpointer data)
{
  return !ui_test_shows_text(root(), "打印纸已用完");
}

/* The kiosk's printer watch asks every 15 s: the page follows it. */
static void
test_paper_out_is_shown(void)
{
  printer_ctl("receipt", "paper-empty");
  ui_test_expect_text(root(), "打印纸已用完", 40);
  shoot("home-paper-out");
  printer_ctl("receipt", "paper-ok");
  if (!ui_test_wait(paper_fault_gone, NULL, 40))
    g_error("the page still shows the paper fault 40 s after it was fixed");
}

static void
test_lockout_is_said(void)
{
  kiosk_staff_page_reset(page);
  for (int i = 0; i < ANYI_STAFF_MAX_FAILURES; i++) {
    sign_in("1001", "999999");
    ui_test_expect_text(root(), "工号或密码不对", 2);
  }
  sign_in("1001", "246810");
  ui_test_expect_text(root(), "错误次数过多，请10分钟后再试", 2);
  g_assert_false(ui_test_shows_text(root(), "设备"));
  shoot("sign-in-locked");
}

static gboolean
signed_out_by_timeout(gpointer data)
{
  return audit_has_detail(data, "sign-out", "timeout");
}

/* Staff walk away signed in: the kiosk's idle timeout leaves staff mode
 * and the sign-out is in the audit log. */
static void
test_idle_timeout_signs_out(void)
{
  KioskWindow *kiosk_window = ui_test_window(app);

  /* each press restarts the timer: signing in takes far less than 3 s a key */
  kiosk_window_set_idle_times(kiosk_window, 3, 1);
  kiosk_window_open_staff(kiosk_window);
  sign_in_within(GTK_WIDGET(kiosk_window), "2002", "135790");
  ui_test_expect_text(GTK_WIDGET(kiosk_window), "打印机与纸张", 2);
  g_assert_false(signed_out_by_timeout("2002"));
  if (!ui_test_wait(signed_out_by_timeout, "2002", 30))
    g_error("no sign-out was recorded 30 s after the idle timeout");
  g_assert_cmpstr(kiosk_window_get_page(kiosk_window), ==, "attract");
  kiosk_window_set_idle_times(kiosk_window, 600, 120);
}

static guint
count_descendants_of_type(GtkWidget *widget, GType type)
{
  guint count = G_TYPE_CHECK_INSTANCE_TYPE(widget, type);

  for (GtkWidget *child = gtk_widget_get_first_child(widget); child;
       child = gtk_widget_get_next_sibling(child))
    count += count_descendants_of_type(child, type);
  return count;
}

#define MANY_HANDOFFS 50000

/* 50,000 open handoffs, written straight into the kiosk's database in one
 * transaction (the engine would take minutes to make them one by one).
 * Returns the newest one's case number. */
static char *
add_many_handoffs(void)
{
  g_autofree char *path = anyi_store_default_path();
  sqlite3 *db = NULL;
  char *message = NULL;
  const char *sql =
      "BEGIN;"
      "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 50000) "
      "INSERT INTO cases (number, service_id, state, created_at, updated_at) "
      "SELECT printf('Z%06d', i), 'idcard-renewal', 'handed-off', 1796083200 + i, "
      "1796083200 + i FROM n;"
      "INSERT INTO handoffs (case_id, reason, window, created_at) "
      "SELECT id, 'unpaid', '3', created_at FROM cases WHERE number LIKE 'Z%' ORDER BY id;"
      "COMMIT;";

  g_assert_cmpint(sqlite3_open(path, &db), ==, SQLITE_OK);
  sqlite3_busy_timeout(db, 10000);
  if (sqlite3_exec(db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error("adding handoffs: %s", message);
  sqlite3_close(db);
  return g_strdup_printf("Z%06d", MANY_HANDOFFS);
}

/* The "waiting at the window" list with 50,000 handoffs: the newest page
 * shows at once, with row widgets only for what is on screen, and staff
 * can page on to older ones. */
static void
test_long_handoff_list(void)
{
  g_autofree char *newest = add_many_handoffs();
  KioskStaffHandoffs *handoffs = NULL;
  GtkWidget *list_view;
  g_autoptr(GTimer) timer = g_timer_new();
  guint first_page, rows;

  kiosk_staff_page_reset(page);
  g_timer_start(timer);
  sign_in("2002", "135790");
  ui_test_expect_text(root(), newest, 10);
  g_test_message("sign-in to the newest handoff on screen: %.0f ms (50,000 open)",
                 g_timer_elapsed(timer, NULL) * 1000);
  ui_test_expect_text(root(), "共50001件", 2);
  handoffs = KIOSK_STAFF_HANDOFFS(ui_test_find_of_type(root(), KIOSK_TYPE_STAFF_HANDOFFS));
  list_view = ui_test_find_of_type(GTK_WIDGET(handoffs), GTK_TYPE_LIST_VIEW);
  g_assert_nonnull(list_view);
  first_page = kiosk_staff_handoffs_get_n_loaded(handoffs);
  g_assert_cmpuint(first_page, >, 0);
  g_assert_cmpuint(first_page, <, 1000);
  /* the newest first: the very first handoff made is not on this page */
  g_assert_false(ui_test_shows_text(root(), "Z000001"));
  rows = count_descendants_of_type(list_view, GTK_TYPE_LABEL);
  g_assert_cmpuint(rows, <, 3 * 200);
  shoot("handoffs-50000");
  gtk_widget_add_css_class(GTK_WIDGET(window), "large-text");
  ui_test_spin(0.5);
  shoot("handoffs-50000-large-text");
  gtk_widget_remove_css_class(GTK_WIDGET(window), "large-text");
  ui_test_click(root(), "显示更早的业务");
  g_assert_cmpuint(kiosk_staff_handoffs_get_n_loaded(handoffs), ==, 2 * first_page);
  ui_test_click(root(), "退出");
  g_assert_cmpuint(kiosk_staff_handoffs_get_n_loaded(handoffs), ==, 0);
}

static gboolean
clock_held(gpointer unused)
{
  return anyi_kiosk_get_clock_jump(kiosk_application_get_kiosk(app)) > 0;
}

static gboolean
clock_not_held(gpointer unused)
{
  return !clock_held(NULL);
}

/* The kiosk was last purged three days ago by its clock, on another boot:
 * the clock may have jumped, so the purge holds, and staff (who can see the
 * hall's clock) say so on the page instead of a technician's command line. */
static void
test_clock_jump_confirmed_by_staff(void)
{
  g_autoptr(GError) error = NULL;
  AnyiStoreClockMark mark = {.wall = g_get_real_time() / G_USEC_PER_SEC - 3 * 24 * 3600,
                             .boot_id = "an-earlier-boot"};

  /* the held purge warns the technician's log: expected here */
  GLogLevelFlags fatal = g_log_set_always_fatal(G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL);

  kiosk_staff_page_reset(page);
  g_assert_true(anyi_store_clock_mark_set(store(), &mark, &error));
  anyi_kiosk_run_retention(kiosk_application_get_kiosk(app));
  if (!ui_test_wait(clock_held, NULL, 20))
    g_error("the purge did not hold after a three-day clock jump");
  sign_in("2002", "135790");
  ui_test_expect_text(root(), "本机时钟向前跳了约 72 小时", 2);
  shoot("clock-held");
  ui_test_click(root(), "时间正确，恢复清理");
  g_assert_false(ui_test_shows_text(root(), "本机时钟向前跳了"));
  ui_test_expect_text(root(), "已确认时间", 2);
  g_assert_true(audit_has("2002", "retention-clock-confirmed", NULL));
  /* the purge ran again on its worker, by the confirmed clock */
  if (!ui_test_wait(clock_not_held, NULL, 20))
    g_error("the purge still held after staff confirmed the clock");
  ui_test_click(root(), "退出");
  /* a held purge is shown to signed-in staff only */
  g_assert_true(anyi_store_clock_mark_set(store(), &mark, &error));
  anyi_kiosk_run_retention(kiosk_application_get_kiosk(app));
  g_assert_true(ui_test_wait(clock_held, NULL, 20));
  g_assert_false(ui_test_shows_text(root(), "本机时钟向前跳了"));
  g_log_set_always_fatal(fatal);
}

static void
prepare_store(void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AnyiCase) kase = anyi_case_start(store(), "staff-page-test", 'A', &error);

  g_assert_no_error(error);
  g_assert_true(anyi_case_advance(kase, ANYI_CASE_COLLECTING, "card-read", NULL, &error));
  g_assert_true(anyi_case_hand_off(kase, ANYI_HANDOFF_UNPAID, NULL, "3", &error));
  handed_off_number = g_strdup(anyi_case_get_number(kase));
  /* none should be there, but the log view masks ID numbers anyway */
  g_assert_true(anyi_store_audit_add(store(), "kiosk", "note", "110101199003076534", NULL, &error));
  g_assert_true(anyi_staff_add(store(), "2002", "王芳", "staff", "135790", "test", &error));
  g_assert_true(anyi_staff_add(store(), "1001", "李工", "technician", "246810", "test", &error));
  g_assert_no_error(error);
}

int
main(int argc, char **argv)
{
  TempStore data_home = {0};
  int status;

  if (!g_getenv("DISPLAY") || !g_getenv("ANYI_TEST_RECEIPT_SPOOL")) {
    g_print("SKIP: needs a display and the test printers (see tests/ui/meson.build)\n");
    return 77;
  }
  temp_store_prepare_data_home(&data_home);
  kiosk_application_init_locale();
  gtk_test_init(&argc, &argv, NULL);
  app = ui_test_start_kiosk();
  prepare_store();
  window = GTK_WINDOW(gtk_window_new());
  gtk_widget_add_css_class(GTK_WIDGET(window), "kiosk");
  gtk_window_set_default_size(window, 1920, 1080);
  page = g_object_new(KIOSK_TYPE_STAFF_PAGE, NULL);
  g_signal_connect(page, "exit", G_CALLBACK(on_staff_exit), NULL);
  gtk_window_set_child(window, GTK_WIDGET(page));
  kiosk_staff_page_start(page, kiosk_application_get_kiosk(app), FALSE);
  gtk_window_present(window);
  ui_test_spin(0.5);

  g_test_add_func("/staff-page/wrong-pin-then-home", test_wrong_pin_then_staff_home);
  g_test_add_func("/staff-page/restock", test_restock_receipt_paper);
  g_test_add_func("/staff-page/restock-slip", test_print_restock_slip);
  g_test_add_func("/staff-page/log-masks-id-numbers", test_log_masks_id_numbers);
  g_test_add_func("/staff-page/technician", test_exit_then_technician);
  g_test_add_func("/staff-page/paper-out", test_paper_out_is_shown);
  g_test_add_func("/staff-page/lockout", test_lockout_is_said);
  g_test_add_func("/staff-page/idle-timeout-signs-out", test_idle_timeout_signs_out);
  g_test_add_func("/staff-page/long-handoff-list", test_long_handoff_list);
  g_test_add_func("/staff-page/clock-jump", test_clock_jump_confirmed_by_staff);
  status = g_test_run();
  gtk_window_destroy(window);
  ui_test_stop_kiosk(app);
  g_free(handed_off_number);
  temp_store_clear(&data_home);
  return status;
}
