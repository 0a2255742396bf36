/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-staff-page.c: the staff page in the real kiosk process, with a real
 * store, a private cupsd and two virtual printers (with-printers). */
#include "cases/anyi-case.h"
#include "kiosk-snapshot.h"
#include "kiosk-staff-page.h"
#include "kiosk-ui-test.h"
#include "staff/anyi-staff.h"
#include "temp-store.h"

#include <glib/gstdio.h>
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
type_digits(const char *digits)
{
  for (const char *d = digits; *d; d++) {
    char key[2] = {*d, '\0'};
    ui_test_click(root(), key);
  }
}

static void
sign_in(const char *login, const char *pin)
{
  ui_test_click(root(), "工号");
  ui_test_click(root(), "清除");
  type_digits(login);
  ui_test_click(root(), "密码");
  ui_test_click(root(), "清除");
  type_digits(pin);
  ui_test_click(root(), "登录");
  ui_test_spin(0.1);
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

static void
test_log_masks_id_numbers(void)
{
  ui_test_expect_text(root(), "110***********6534", 2);
  g_assert_false(ui_test_shows_text(root(), "110101199003076534"));
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
  g_assert_true(audit_has("2002", "sign-out", NULL));
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
  const char *argv[] = {ctl, role, action, NULL};
  g_autoptr(GError) error = NULL;
  int status = 0;

  g_spawn_sync(NULL, (char **)argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, NULL, NULL, &status, &error);
  g_assert_no_error(error);
  g_assert_true(g_spawn_check_wait_status(status, NULL));
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
  status = g_test_run();
  gtk_window_destroy(window);
  ui_test_stop_kiosk(app);
  g_free(handed_off_number);
  temp_store_clear(&data_home);
  return status;
}
