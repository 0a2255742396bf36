/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-window-console.c: every view and action of the window console on a
 * real screen (Xvfb), over a kiosk database with a case the kiosk handed
 * off (`anyictl case run`), with a screenshot of each view in
 * $ANYI_TEST_SHOTS. */
#include "kiosk-ui-test.h"
#include "ledger/anyi-ledger-sqlite.h"
#include "staff/anyi-staff.h"
#include "temp-store.h"
#include "window-console.h"

#include <sqlite3.h>

#define ID_NUMBER "11010519491231002X"
#define PIN       "739146"

static const char renewal[] =
    "{\"service\": \"idcard-renewal\", \"today\": \"2026-11-30\","
    " \"kiosk\": {\"letter\": \"A\", \"window\": \"5\", \"has_fingerprint_reader\": false,"
    " \"kiosk_id\": \"KIOSK-A1\"},"
    " \"card\": {\"type\": \"resident\", \"name\": \"张三\", \"sex\": \"1\", \"birth\": "
    "\"19491231\", \"id_number\": \"" ID_NUMBER "\", \"address\": \"北京市东城区\","
    " \"valid_to\": \"20300101\"},"
    " \"form\": {\"mobile\": \"13800138000\", \"collection\": \"window\", \"waiver\": \"none\"},"
    " \"missing\": [\"household-register\"], \"commit_to_missing\": true,"
    " \"payment\": {\"outcome\": \"paid\"}}";

static char *
hand_off_at_kiosk(TempStore *temp)
{
  g_autofree char *script_path = g_build_filename(temp->dir, "script.json", NULL);
  const char *argv[] = {g_getenv("ANYICTL"),
                        "case",
                        "run",
                        script_path,
                        "--db",
                        temp->db_path,
                        "--catalogue",
                        g_getenv("ANYI_TEST_SERVICES_DIR"),
                        NULL};
  g_autofree char *out = NULL;
  g_autoptr(JsonParser) parser = json_parser_new();
  int status;

  g_assert_true(g_file_set_contents(script_path, renewal, -1, NULL));
  g_assert_true(g_spawn_sync(NULL, (char **)argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL,
                             &out, NULL, &status, NULL));
  g_assert_true(g_spawn_check_wait_status(status, NULL));
  g_assert_true(json_parser_load_from_data(parser, out, -1, NULL));
  g_assert_cmpstr(
      json_object_get_string_member(json_node_get_object(json_parser_get_root(parser)), "state"),
      ==, "handed-off");
  return g_strdup(
      json_object_get_string_member(json_node_get_object(json_parser_get_root(parser)), "case"));
}

/* What the kiosk app does that the script cannot: the photo kept as a JPEG
 * beside the documents; and the case has waited three hours. */
static void
as_the_kiosk_kept_it(TempStore *temp)
{
  g_autofree char *photo = g_build_filename(temp->dir, "photo.jpg", NULL);
  g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new(GDK_COLORSPACE_RGB, FALSE, 8, 358, 441);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  gdk_pixbuf_fill(pixbuf, 0x3366ccff);
  g_assert_true(gdk_pixbuf_save(pixbuf, photo, "jpeg", NULL, NULL));
  g_assert_cmpint(sqlite3_open(temp->db_path, &db), ==, SQLITE_OK);
  g_assert_cmpint(sqlite3_prepare_v2(db, "UPDATE cases SET data = json_set(data, '$.photo', ?)", -1,
                                     &stmt, NULL),
                  ==, SQLITE_OK);
  sqlite3_bind_text(stmt, 1, photo, -1, SQLITE_TRANSIENT);
  g_assert_cmpint(sqlite3_step(stmt), ==, SQLITE_DONE);
  sqlite3_finalize(stmt);
  g_assert_cmpint(
      sqlite3_exec(db, "UPDATE handoffs SET created_at = created_at - 10800", NULL, NULL, NULL), ==,
      SQLITE_OK);
  sqlite3_close(db);
}

static GtkWidget *
find_entry(GtkWidget *root, const char *placeholder_prefix)
{
  for (GtkWidget *child = gtk_widget_get_first_child(root); child;
       child = gtk_widget_get_next_sibling(child)) {
    GtkWidget *found;
    if (GTK_IS_ENTRY(child) && gtk_widget_get_mapped(child) &&
        g_str_has_prefix(gtk_entry_get_placeholder_text(GTK_ENTRY(child)) ?: "",
                         placeholder_prefix))
      return child;
    if ((found = find_entry(child, placeholder_prefix)))
      return found;
  }
  return NULL;
}

static GtkWidget *
find_type(GtkWidget *root, GType type)
{
  for (GtkWidget *child = gtk_widget_get_first_child(root); child;
       child = gtk_widget_get_next_sibling(child)) {
    GtkWidget *found;
    if (G_TYPE_CHECK_INSTANCE_TYPE(child, type) && gtk_widget_get_mapped(child))
      return child;
    if ((found = find_type(child, type)))
      return found;
  }
  return NULL;
}

static void
type_into(GtkWidget *root, const char *placeholder_prefix, const char *text)
{
  GtkWidget *entry = find_entry(root, placeholder_prefix);

  g_assert_nonnull(entry);
  gtk_editable_set_text(GTK_EDITABLE(entry), text);
}

static void
shoot(GtkWidget *root, const char *name)
{
  ui_test_shoot(root, "ANYI_TEST_SHOTS", name);
}

/* Presses 登录: the PIN is checked off the main loop, so the form is
 * greyed at once (before the loop runs again) and a second press is not
 * offered while it waits. */
static void
press_sign_in(GtkWidget *root)
{
  GtkWidget *button = ui_test_find_button(root, "登录");

  g_assert_nonnull(button);
  g_signal_emit_by_name(button, "clicked");
  g_assert_false(gtk_widget_get_sensitive(button));
  g_assert_null(ui_test_find_button(root, "登录"));
  g_assert_true(ui_test_shows_text(root, "正在核对"));
}

static void
sign_in(GtkWidget *root)
{
  GtkWidget *pin = find_type(root, GTK_TYPE_PASSWORD_ENTRY);

  shoot(root, "01-sign-in.png");
  type_into(root, "工号", "1024");
  gtk_editable_set_text(GTK_EDITABLE(pin), "000000");
  press_sign_in(root);
  ui_test_expect_text(root, "工号或密码不对", 5);
  /* refused: the form is offered again, the PIN wiped */
  g_assert_nonnull(ui_test_find_button(root, "登录"));
  g_assert_cmpstr(gtk_editable_get_text(GTK_EDITABLE(pin)), ==, "");
  gtk_editable_set_text(GTK_EDITABLE(pin), PIN);
  press_sign_in(root);
  ui_test_expect_text(root, "等候办理 1 件", 10);
}

/* The barcode scanner types the slip's payload and Enter. */
static void
scan(GtkWidget *root, const char *payload)
{
  GtkWidget *entry = find_entry(root, "扫描");

  g_assert_nonnull(entry);
  g_assert_true(gtk_widget_has_focus(entry) || gtk_widget_grab_focus(entry));
  gtk_editable_set_text(GTK_EDITABLE(entry), payload);
  g_signal_emit_by_name(entry, "activate");
}

static gboolean
audited_reveals(AnyiStore *store)
{
  g_autoptr(GPtrArray) entries =
      anyi_store_audit_list_by(store, "1024", "window-reveal-id-number", 0, 10, NULL);
  return entries && entries->len == 1;
}

static void
test_console(void)
{
  TempStore temp = {0};
  g_autofree char *number = NULL, *scanned = NULL, *csv = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(AnyiLedger) ledger = NULL;
  WindowConsole *console;
  GtkWidget *root;

  temp_store_prepare(&temp);
  g_setenv("ANYI_WINDOW_EXPORT_DIR", temp.dir, TRUE);
  number = hand_off_at_kiosk(&temp);
  as_the_kiosk_kept_it(&temp);
  temp.store = anyi_store_open(temp.db_path, &error);
  g_assert_no_error(error);
  anyi_staff_add(temp.store, "1024", "王芳", "staff", PIN, "test", &error);
  g_assert_no_error(error);
  g_assert_cmpint(anyi_store_handoffs_open_count(temp.store, NULL), ==, 1);
  ledger = anyi_ledger_sqlite_new(temp.store, "KIOSK-A1");
  console = window_console_new(NULL, temp.store, ledger);
  gtk_window_present(GTK_WINDOW(console));
  root = GTK_WIDGET(console);
  ui_test_spin(0.5);
  g_assert_cmpstr(window_console_get_view(console), ==, "sign-in");

  /* a citizen at the kiosk called staff over (人工帮助): the queue says so */
  g_assert_true(anyi_store_staff_call_raise(temp.store, "KIOSK-A1", number, NULL, &error));
  sign_in(root);
  g_assert_cmpstr(window_console_get_view(console), ==, "queue");
  g_assert_true(ui_test_shows_text(root, number));
  g_assert_true(ui_test_shows_text(root, "KIOSK-A1 有市民呼叫工作人员到机器旁"));
  shoot(root, "02-queue.png");
  /* answered from the window: closed in the kiosk's store, by this login */
  ui_test_click(root, "应答呼叫");
  ui_test_expect_text(root, "已应答 KIOSK-A1 的呼叫", 5);
  g_assert_false(ui_test_shows_text(root, "有市民呼叫工作人员到机器旁"));
  {
    g_autoptr(GPtrArray) open = anyi_store_staff_calls_open(temp.store, &error);
    g_assert_no_error(error);
    g_assert_cmpuint(open->len, ==, 0);
  }

  /* the case: everything collected, the ID number masked */
  scanned = g_ascii_strdown(number, -1);
  scan(root, scanned);
  ui_test_expect_text(root, "姓名：张三", 5);
  g_assert_cmpstr(window_console_get_case_number(console), ==, number);
  g_assert_true(ui_test_shows_text(root, "110105********002X"));
  g_assert_false(ui_test_shows_text(root, ID_NUMBER));
  /* the catalogue's words and the engine's reasons, not ids */
  g_assert_true(ui_test_shows_text(root, "身份证到期换领"));
  g_assert_false(ui_test_shows_text(root, "idcard-renewal"));
  g_assert_true(ui_test_shows_text(root, "手机号码：13800138000"));
  g_assert_true(ui_test_shows_text(root, "领证方式：到大厅窗口领取"));
  g_assert_true(ui_test_shows_text(root, "状态：等候认领"));
  g_assert_true(ui_test_shows_text(root, "性别：男"));
  g_assert_true(ui_test_shows_text(root, "状态 已缴费"));
  g_assert_true(ui_test_shows_text(root, "您的身份证是否已经过期，或者在3个月内到期？：是"));
  g_assert_true(ui_test_shows_text(root, "金额 ¥20.00"));
  g_assert_true(ui_test_shows_text(root, "居民户口簿"));
  /* why it came, in staff's short words, not the citizen's sentence */
  g_assert_true(ui_test_shows_text(root, "转窗口原因：材料已备齐，窗口办结"));
  g_assert_false(ui_test_shows_text(root, "请到窗口完成办理"));
  g_assert_false(ui_test_shows_text(root, "window-finishes"));
  /* the papers the kiosk printed, by the names they carry */
  g_assert_true(ui_test_shows_text(root, "窗口引导单（A4打印机）"));
  g_assert_false(ui_test_shows_text(root, "handoff-slip"));
  g_assert_nonnull(find_type(root, GTK_TYPE_PICTURE));
  shoot(root, "03-case.png");

  /* reveal: audited first */
  ui_test_click(root, "显示身份证号");
  ui_test_expect_text(root, ID_NUMBER, 5);
  g_assert_true(audited_reveals(temp.store));

  /* the 一次性告知书 again, on the window's printer (the fixture's A4) */
  g_setenv("ANYI_WINDOW_PRINTER", g_getenv("ANYI_A4_QUEUE"), TRUE);
  ui_test_click(root, "打印一次性告知书");
  ui_test_expect_text(root, "打印完成", 60);

  ui_test_click(root, "认领");
  ui_test_expect_text(root, "受理人：1024", 5);
  type_into(root, "备注", "已核对户口簿复印件");
  ui_test_click(root, "添加备注");
  ui_test_expect_text(root, "已核对户口簿复印件", 5);

  /* the 台账: waited three hours, overdue, with its owner */
  ui_test_click(root, "台账");
  ui_test_expect_text(root, "【逾期】", 5);
  g_assert_true(ui_test_shows_text(root, "受理人 1024"));
  shoot(root, "04-ledger.png");

  /* 容缺 follow-up: due, then received */
  ui_test_click(root, "容缺跟进");
  ui_test_expect_text(root, "居民户口簿", 5);
  g_assert_true(ui_test_shows_text(root, "待补"));
  shoot(root, "05-follow-up.png");
  ui_test_click(root, "收到材料");
  ui_test_expect_text(root, "已收到", 5);

  /* the outcome, with a note for the citizen */
  scan(root, number);
  ui_test_expect_text(root, "姓名：张三", 5);
  g_assert_true(ui_test_shows_text(root, "110105********002X")); /* masked again */
  type_into(root, "告诉群众", "新证12月20日后到5号窗口领取");
  ui_test_click(root, "记录结果");
  ui_test_expect_text(root, "已结案：已办结", 5);
  shoot(root, "06-outcome.png");
  {
    g_autoptr(AnyiLedgerAnswer) answer = anyi_ledger_answer_for_citizen(ledger, ID_NUMBER, NULL);
    g_assert_nonnull(answer);
    g_assert_cmpstr(answer->citizen_note, ==, "新证12月20日后到5号窗口领取");
  }

  /* a search that finds nothing says so, and keeps no ID number on screen */
  scan(root, "110105194912310011");
  ui_test_expect_text(root, "没有找到这个案件", 5);
  g_assert_false(ui_test_shows_text(root, "110105194912310011"));

  /* the day's figures and their CSV */
  ui_test_click(root, "今日统计");
  ui_test_expect_text(root, "共 1 件：自助机办结 0 件，转窗口 1 件", 5);
  shoot(root, "07-stats.png");
  ui_test_click(root, "导出 CSV");
  ui_test_expect_text(root, "已导出", 5);
  g_assert_true(g_file_get_contents(window_console_get_export_path(console), &csv, NULL, NULL));
  g_assert_nonnull(strstr(csv, "service,idcard-renewal,1,0,1\r\n"));
  g_assert_nonnull(strstr(csv, "reason,window-finishes,1,0,1\r\n"));

  /* the queue is empty now */
  ui_test_click(root, "等候队列");
  ui_test_expect_text(root, "等候办理 0 件", 5);

  gtk_window_destroy(GTK_WINDOW(console));
  ui_test_spin(0.1);
  g_clear_object(&ledger);
  temp_store_clear(&temp);
}

/* A case handed off while the console is open shows in the queue without
 * anyone touching it (the poll of the kiosk's database). */
static void
test_queue_live(void)
{
  TempStore temp = {0};
  g_autoptr(AnyiLedger) ledger = NULL;
  g_autofree char *number = NULL;
  WindowConsole *console;
  GtkWidget *root;

  g_assert_nonnull(temp_store_open(&temp)); /* it makes the folder too */
  g_assert_true(anyi_staff_add(temp.store, "1024", "王芳", "staff", PIN, "test", NULL));
  ledger = anyi_ledger_sqlite_new(temp.store, "KIOSK-A1");
  console = window_console_new(NULL, temp.store, ledger);
  gtk_window_present(GTK_WINDOW(console));
  root = GTK_WIDGET(console);
  type_into(root, "工号", "1024");
  gtk_editable_set_text(GTK_EDITABLE(find_type(root, GTK_TYPE_PASSWORD_ENTRY)), PIN);
  ui_test_click(root, "登录");
  ui_test_expect_text(root, "等候办理 0 件", 10);
  number = hand_off_at_kiosk(&temp); /* another process: the kiosk */
  ui_test_expect_text(root, number, 10);
  ui_test_expect_text(root, "等候办理 1 件", 1);
  gtk_window_destroy(GTK_WINDOW(console));
  ui_test_spin(0.1);
  g_clear_object(&ledger);
  temp_store_clear(&temp);
}

int
main(int argc, char **argv)
{
  gtk_test_init(&argc, &argv, NULL);
  g_test_add_func("/window/console/every-view-and-action", test_console);
  g_test_add_func("/window/console/queue-live", test_queue_live);
  return g_test_run();
}
