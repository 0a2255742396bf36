/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-out-of-service.c: 暂停服务 in the real kiosk process, for the real
 * causes: a disk that fills up (a size-limited tmpfs), a lock held by
 * another process, a database file corrupted before start-up (its header,
 * so that it does not open; or its tables, so that it opens and fails on
 * the first write, and is then replaced by a good file while the kiosk
 * has the damaged one open), and both printers of the fixture stopped. Each shows the
 * out-of-service page with its reason and the hall's window, and the kiosk comes back by itself
 * once the cause is gone.
 *
 * The file replaced while the kiosk is in service (replaced-in-service): it
 * follows the new file without going out of service.
 *
 * One scenario a run: test-out-of-service
 * full|locked|corrupt|replaced|replaced-in-service|printers
 * (under with-display and anyi-devsim; printers also under with-printers).
 * The same program, run as "--hold-lock DB", is the other process that holds
 * the database: BEGIN EXCLUSIVE until its stdin closes. */
#include "devsim-client.h"
#include "kiosk-ui-test.h"
#include "print-test-util.h"
#include "kiosk-window.h"
#include "staff/anyi-staff.h"
#include "temp-store.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/wait.h>
#include <unistd.h>

static TempStore data_home;
static char *shots_dir;
static KioskApplication *kiosk;

/* ---- the other process ---- */

static int
hold_lock(const char *path)
{
  sqlite3 *db = NULL;
  char buffer[64];

  if (sqlite3_open(path, &db) != SQLITE_OK ||
      sqlite3_exec(db, "BEGIN EXCLUSIVE", NULL, NULL, NULL) != SQLITE_OK) {
    g_printerr("hold-lock: %s\n", sqlite3_errmsg(db));
    return 1;
  }
  g_print("locked\n");
  fflush(stdout);
  while (read(STDIN_FILENO, buffer, sizeof buffer) > 0)
    ;
  sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
  sqlite3_close(db);
  return 0;
}

typedef struct {
  GPid pid;
  int to_child;
} LockHolder;

static LockHolder
start_lock_holder(const char *self_path, const char *db_path)
{
  const char *argv[] = {self_path, "--hold-lock", db_path, NULL};
  LockHolder holder = {0, -1};
  int from_child = -1;
  char line[16] = "";
  g_autoptr(GError) error = NULL;

  if (!g_spawn_async_with_pipes(NULL, (char **)argv, NULL,
                                G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_LEAVE_DESCRIPTORS_OPEN, NULL,
                                NULL, /* posix_spawn: see ui_test_run() */
                                &holder.pid, &holder.to_child, &from_child, NULL, &error))
    g_error("cannot start the lock holder: %s", error->message);
  g_assert_cmpint(read(from_child, line, sizeof line - 1), >, 0);
  g_assert_true(g_str_has_prefix(line, "locked"));
  close(from_child);
  return holder;
}

static void
release_lock(LockHolder *holder)
{
  int status = 0;

  close(holder->to_child);
  waitpid(holder->pid, &status, 0);
  g_spawn_close_pid(holder->pid);
  g_assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

/* ---- the kiosk ---- */

/* The kiosk warns of what the test brings on (a store that fails, printers
 * that went): expected, written out and not fatal; any other warning stays
 * fatal (GLib's default writer aborts on it under the test harness). */
static GLogWriterOutput
expected_warnings(GLogLevelFlags level, const GLogField *fields, gsize n_fields, gpointer data)
{
  static const char *const expected[] = {"out of service", "store",  "sqlite", "database",
                                         "disk",           "locked", "case ",  "printer"};

  for (gsize i = 0; i < n_fields && (level & (G_LOG_LEVEL_WARNING | G_LOG_LEVEL_CRITICAL)); i++) {
    if (!g_str_equal(fields[i].key, "MESSAGE"))
      continue;
    for (guint j = 0; j < G_N_ELEMENTS(expected); j++)
      if (strstr(fields[i].value, expected[j]))
        return g_log_writer_standard_streams(level, fields, n_fields, data);
  }
  return g_log_writer_default(level, fields, n_fields, data);
}

static KioskWindow *
window(void)
{
  return ui_test_window(kiosk);
}

static GtkWidget *
root(void)
{
  return GTK_WIDGET(window());
}

typedef struct {
  const char *page;
} PageWait;

static gboolean
on_page(gpointer data)
{
  return g_strcmp0(kiosk_window_get_page(window()), ((PageWait *)data)->page) == 0;
}

static void
expect_page(const char *page, double seconds)
{
  PageWait wait = {page};

  if (!ui_test_wait(on_page, &wait, seconds))
    g_error("page '%s' after %.0f s, expected '%s'", kiosk_window_get_page(window()), seconds,
            page);
}

static AnyiStore *
store(void)
{
  return anyi_kiosk_get_store(kiosk_application_get_kiosk(kiosk));
}

static void
shoot(const char *name)
{
  g_autofree char *file = g_strdup_printf("out-of-service-%s.png", name);

  g_setenv("ANYI_TEST_OOS_SHOTS", shots_dir, TRUE);
  ui_test_shoot(root(), "ANYI_TEST_OOS_SHOTS", file);
}

/* 暂停服务 with @reason and the hall's window, and nothing a citizen could
 * press but the header's large-text switch; pictured, then in 大字模式. */
static void
expect_out_of_service(const char *reason, const char *name, double seconds)
{
  expect_page("out-of-service", seconds);
  ui_test_expect_text(root(), "暂停服务", 1);
  ui_test_expect_text(root(), reason, 1);
  ui_test_expect_text(
      root(), anyi_kiosk_get_settings(kiosk_application_get_kiosk(kiosk))->handoff_window, 1);
  g_assert_null(ui_test_find_button(root(), "返回首页"));
  g_assert_null(ui_test_find_button(root(), "点这里开始办理"));
  shoot(name);
  ui_test_click(root(), "大字模式");
  g_autofree char *large = g_strdup_printf("%s-large", name);
  shoot(large);
  ui_test_click(root(), "大字模式 ✓"); /* on is said in words too */
}

/* Stays out of service while the cause lasts: checked over a few of the
 * kiosk's probes, not once. */
static void
stays_out_of_service(double seconds)
{
  PageWait wait = {"attract"};

  g_assert_false(ui_test_wait(on_page, &wait, seconds));
  g_assert_cmpstr(kiosk_window_get_page(window()), ==, "out-of-service");
}

/* In service and staying so over a few of the kiosk's probes. */
static void
stays_in_service(double seconds)
{
  PageWait wait = {"out-of-service"};

  g_assert_false(ui_test_wait(on_page, &wait, seconds));
  g_assert_cmpstr(kiosk_window_get_page(window()), ==, "attract");
}

static gboolean
audit_has(const char *action, const char *subject)
{
  g_autoptr(GPtrArray) entries = anyi_store_audit_list(store(), 0, 200, NULL);

  for (guint i = 0; entries && i < entries->len; i++) {
    AnyiAuditEntry *entry = entries->pdata[i];
    if (g_str_equal(entry->action, action) && g_strcmp0(entry->subject, subject) == 0)
      return TRUE;
  }
  return FALSE;
}

static AnyiStoredCase *
newest_case(void)
{
  g_autoptr(GPtrArray) recent = anyi_store_cases_recent(store(), 1, NULL);

  g_assert_nonnull(recent);
  g_assert_cmpuint(recent->len, ==, 1);
  return g_ptr_array_steal_index(recent, 0);
}

/* A citizen can start again: the case is written. */
static void
serves_again(void)
{
  ui_test_click(root(), "点这里开始办理");
  expect_page("menu", 5);
  ui_test_click(root(), "户籍证明开具");
  expect_page("card", 10);
  ui_test_go_home(root());
  expect_page("attract", 5);
}

/* ---- the scenarios ---- */

/* A lock held elsewhere after the card was read: the help press cannot be
 * written. Not the finish page as if handed off, not the same step again:
 * out of service, the case kept; the lock goes, the case goes to the window
 * with the card, and the kiosk serves again. */
static void
test_locked(const char *self_path)
{
  LockHolder holder;
  g_autoptr(AnyiStoredCase) kept = NULL;
  g_autoptr(AnyiStoredCase) handed = NULL;

  ui_test_click(root(), "点这里开始办理");
  expect_page("menu", 5);
  ui_test_click(root(), "户籍证明开具");
  expect_page("card", 10);
  ui_test_devsim("idcard place resident");
  ui_test_click_within(root(), "是本人，继续", 10);
  ui_test_devsim("idcard remove");
  expect_page("question", 5);
  kept = newest_case();
  holder = start_lock_holder(self_path, data_home.db_path);
  ui_test_click(root(), "人工帮助");
  ui_test_click_within(root(), "去窗口办理", 5);
  expect_out_of_service("数据库正被其他程序占用", "locked", 30);
  stays_out_of_service(12);
  release_lock(&holder);
  expect_page("attract", 30);
  handed = newest_case();
  g_assert_cmpint(handed->id, ==, kept->id);
  g_assert_cmpstr(handed->state, ==, "handed-off");
  g_assert_true(audit_has("out-of-service", "store-locked"));
  g_assert_true(audit_has("back-in-service", "store-locked"));
  serves_again();
}

static gboolean
mount_small_tmpfs(const char *dir)
{
  if (mount("anyi-oos", dir, "tmpfs", MS_NOSUID | MS_NODEV, "size=2m,mode=0700") == 0)
    return TRUE;
  g_print("SKIP: cannot mount a size-limited tmpfs on %s (%s): needs root\n", dir,
          g_strerror(errno));
  return FALSE;
}

/* Writes until the disk says it is full. */
static void
fill_up(const char *path)
{
  static const char block[4096];
  int fd = g_open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);

  g_assert_cmpint(fd, >=, 0);
  while (write(fd, block, sizeof block) > 0)
    ;
  g_assert_cmpint(errno, ==, ENOSPC);
  close(fd);
}

/* The disk fills up between two citizens: starting a case cannot be
 * written. Out of service, not the attract screen again; room is made, and
 * the kiosk serves again. */
static void
test_full(const char *small_dir)
{
  g_autofree char *filler = g_build_filename(small_dir, "filler", NULL);

  fill_up(filler);
  ui_test_click(root(), "点这里开始办理");
  expect_page("menu", 5);
  ui_test_click(root(), "户籍证明开具");
  expect_out_of_service("存储空间已满", "full", 30);
  stays_out_of_service(12);
  g_assert_cmpint(g_unlink(filler), ==, 0);
  expect_page("attract", 30);
  g_assert_true(audit_has("out-of-service", "store-full"));
  serves_again();
}

/* The database file was damaged while the kiosk was off: it starts out of
 * service instead of not at all; a good file put back, it opens it, and
 * serves. */
static void
test_corrupt(const char *good_copy)
{
  g_autofree char *wal = g_strconcat(data_home.db_path, "-wal", NULL);
  g_autofree char *shm = g_strconcat(data_home.db_path, "-shm", NULL);
  g_autofree char *contents = NULL;
  gsize length;

  expect_out_of_service("数据库文件已损坏", "corrupt", 10);
  g_assert_null(store());
  stays_out_of_service(12);
  g_assert_true(g_file_get_contents(good_copy, &contents, &length, NULL));
  g_unlink(wal);
  g_unlink(shm);
  g_assert_true(g_file_set_contents(data_home.db_path, contents, length, NULL));
  expect_page("attract", 30);
  g_assert_nonnull(store());
  g_assert_true(audit_has("out-of-service", "store-corrupt"));
  serves_again();
}

static gint64
count_rows(const char *path, const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 count = -1;

  g_assert_cmpint(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  if (sqlite3_prepare_v2(db, sql, -1, &stmt, NULL) == SQLITE_OK && sqlite3_step(stmt) == SQLITE_ROW)
    count = sqlite3_column_int64(stmt, 0);
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  return count;
}

/* What a technician does with a damaged database: the file and its WAL
 * and shared memory moved aside (the kiosk still has them open), a good
 * copy put in its place. */
static void
replace_with_aside(const char *good_copy, const char *aside_as)
{
  static const char *const suffixes[] = {"", "-wal", "-shm"};
  g_autofree char *contents = NULL;
  gsize length;

  for (guint i = 0; i < G_N_ELEMENTS(suffixes); i++) {
    g_autofree char *file = g_strconcat(data_home.db_path, suffixes[i], NULL);
    g_autofree char *aside = g_strconcat(data_home.db_path, aside_as, suffixes[i], NULL);
    g_assert_true(g_rename(file, aside) == 0 || errno == ENOENT);
  }
  g_assert_true(g_file_get_contents(good_copy, &contents, &length, NULL));
  g_assert_true(g_file_set_contents(data_home.db_path, contents, length, NULL));
}

static void
replace_with(const char *good_copy)
{
  replace_with_aside(good_copy, ".damaged");
}

/* The tables were damaged while the kiosk was off: the file opens, and the
 * first write at start-up fails. Out of service; the technician replaces
 * the file while the kiosk has the damaged one open: the kiosk notices,
 * opens the new file, serves again, and what it writes goes to the new
 * file (not to the one moved aside). */
static void
test_replaced(const char *good_copy)
{
  g_autofree char *damaged = g_strconcat(data_home.db_path, ".damaged", NULL);

  expect_out_of_service("数据库文件已损坏", "replaced", 10);
  g_assert_nonnull(store()); /* opened: the damage is past its header */
  stays_out_of_service(12);
  replace_with(good_copy);
  expect_page("attract", 30);
  /* back for good, not for one probe */
  stays_in_service(12);
  serves_again();
  g_assert_cmpint(count_rows(data_home.db_path, "SELECT count(*) FROM cases"), ==, 1);
  g_assert_cmpint(count_rows(data_home.db_path,
                             "SELECT count(*) FROM audit_log WHERE action = 'store-reopened'"),
                  ==, 1);
  g_assert_true(audit_has("back-in-service", "store-corrupt"));
  g_assert_true(g_file_test(damaged, G_FILE_TEST_IS_REGULAR));
}

static gboolean
follows_the_new_file(gpointer data)
{
  return !anyi_store_file_replaced(store());
}

/* An empty database with the kiosk's schema, as a technician would bring
 * one: one file, no WAL beside it. */
static char *
good_database(const char *name)
{
  g_autofree char *path = g_build_filename(data_home.dir, name, NULL);
  g_autoptr(GError) error = NULL;
  AnyiStore *good = anyi_store_open(path, &error);

  g_assert_no_error(error);
  anyi_store_close(good);
  return g_steal_pointer(&path);
}

static gint64
cases_in(const char *path)
{
  return count_rows(path, "SELECT count(*) FROM cases");
}

/* The file is replaced while the kiosk is in service, on the attract
 * screen (before any case, then after one): it follows the new file at
 * once, without going out of service, and the next case is written there.
 * Replaced during a case: the case ends in the file it began in, and goes
 * with the next one to the new file. */
static void
test_replaced_in_service(void)
{
  g_autofree char *first = good_database("first.db");
  g_autofree char *second = good_database("second.db");
  g_autofree char *third = good_database("third.db");
  g_autofree char *aside_1 = g_strconcat(data_home.db_path, ".aside-1", NULL);
  g_autofree char *aside_3 = g_strconcat(data_home.db_path, ".aside-3", NULL);

  expect_page("attract", 10);
  replace_with_aside(first, ".aside-1");
  g_assert_true(ui_test_wait(follows_the_new_file, NULL, 10));
  g_assert_cmpstr(kiosk_window_get_page(window()), ==, "attract");
  serves_again();
  g_assert_cmpint(cases_in(data_home.db_path), ==, 1);
  g_assert_cmpint(cases_in(aside_1), ==, 0);

  /* after that case */
  replace_with_aside(second, ".aside-2");
  g_assert_true(ui_test_wait(follows_the_new_file, NULL, 10));
  stays_in_service(3);
  serves_again();
  g_assert_cmpint(cases_in(data_home.db_path), ==, 1);

  /* during a case: not followed until the case ends */
  ui_test_click(root(), "点这里开始办理");
  expect_page("menu", 5);
  ui_test_click(root(), "户籍证明开具");
  expect_page("card", 10);
  replace_with_aside(third, ".aside-3");
  g_assert_false(ui_test_wait(follows_the_new_file, NULL, 3));
  ui_test_go_home(root());
  expect_page("attract", 5);
  g_assert_cmpint(count_rows(aside_3, "SELECT count(*) FROM cases WHERE state = 'abandoned'"), ==,
                  2);
  serves_again();
  g_assert_true(follows_the_new_file(NULL));
  /* the case under way went with the kiosk to the new file, ended, before
   * the one that serves again */
  g_assert_cmpint(cases_in(data_home.db_path), ==, 2);
  g_assert_cmpint(
      count_rows(data_home.db_path, "SELECT count(*) FROM cases WHERE state = 'abandoned'"), ==, 2);
  g_assert_cmpint(cases_in(aside_3), ==, 2);
  g_assert_cmpstr(kiosk_window_get_page(window()), ==, "attract");
  g_assert_cmpint(count_rows(data_home.db_path,
                             "SELECT count(*) FROM audit_log WHERE action = 'store-reopened'"),
                  ==, 1);
  g_assert_false(audit_has("out-of-service", "store-corrupt"));
}

static gboolean
printers_answered(gpointer data)
{
  AnyiKiosk *k = kiosk_application_get_kiosk(kiosk);

  return anyi_printer_watch_get_status(
             anyi_kiosk_get_printer_watch(k, ANYI_PRINTER_ROLE_RECEIPT)) &&
         anyi_printer_watch_get_status(anyi_kiosk_get_printer_watch(k, ANYI_PRINTER_ROLE_A4));
}

static void
type_digits(const char *digits)
{
  for (const char *d = digits; *d; d++) {
    char key[2] = {*d, '\0'};
    ui_test_click(root(), key);
  }
}

/* A technician signs in from the out-of-service screen and reads why; on
 * leaving, the kiosk is still out of service. */
static void
staff_read_the_reason(const char *reason)
{
  g_autofree char *note = g_strdup_printf("暂停服务：%s", reason);

  kiosk_window_open_staff(window());
  expect_page("staff", 5);
  ui_test_click(root(), "工号");
  type_digits("1001");
  ui_test_click(root(), "密码");
  type_digits("246810");
  ui_test_click(root(), "登录");
  ui_test_expect_text(root(), "李工", 20);
  ui_test_expect_text(root(), note, 2);
  ui_test_expect_text(root(), "服务状态", 2);
  shoot("staff");
  ui_test_click(root(), "退出");
  expect_page("out-of-service", 5);
}

/* Both printers stopped longer than the configured time (2 s here): out of
 * service; both back: it clears by itself. One alone is no outage. */
static void
test_printers(void)
{
  g_assert_true(anyi_staff_add(store(), "1001", "李工", "technician", "246810", "test", NULL));
  g_assert_true(ui_test_wait(printers_answered, NULL, 30));
  g_assert_cmpstr(kiosk_window_get_page(window()), ==, "attract");
  ptu_printer_ctl("receipt", "kill");
  ptu_printer_ctl("a4", "kill");
  /* the watch asks every 15 s */
  expect_out_of_service("两台打印机都无法连接", "printers", 45);
  g_assert_true(audit_has("out-of-service", "printers-missing"));
  staff_read_the_reason("本机的两台打印机都无法连接");
  ptu_printer_ctl("receipt", "restart");
  ptu_printer_ctl("a4", "restart");
  expect_page("attract", 45);
  g_assert_true(audit_has("back-in-service", "printers-missing"));
}

/* ---- set-up ---- */

static void
write_config(int out_of_service_after)
{
  g_autofree char *path = g_build_filename(data_home.dir, "kiosk.conf", NULL);
  g_autofree char *text =
      g_strdup_printf("[devices]\nout-of-service-after=%d\n", out_of_service_after);

  g_assert_true(g_file_set_contents(path, text, -1, NULL));
  g_setenv("ANYI_CONFIG", path, TRUE);
}

/* A good database with the kiosk's schema, kept aside; the kiosk's own
 * file gets the copy with its header overwritten. */
static char *
corrupt_database(void)
{
  g_autofree char *good_copy = g_build_filename(data_home.dir, "good.db", NULL);
  g_autoptr(GError) error = NULL;
  AnyiStore *good = anyi_store_open(good_copy, &error);
  g_autofree char *contents = NULL;
  gsize length;

  g_assert_no_error(error);
  anyi_store_close(good);
  /* one file, no WAL beside it */
  g_assert_true(g_file_get_contents(good_copy, &contents, &length, NULL));
  g_assert_cmpuint(length, >, 100);
  memset(contents, 'X', 100);
  g_autofree char *dir = g_path_get_dirname(data_home.db_path);
  g_mkdir_with_parents(dir, 0700);
  g_assert_true(g_file_set_contents(data_home.db_path, contents, length, NULL));
  return g_steal_pointer(&good_copy);
}

static void
damage_page(int fd, int page_size, int page)
{
  g_autofree char *garbage = g_malloc(page_size);

  memset(garbage, 'X', page_size);
  g_assert_cmpint(pwrite(fd, garbage, page_size, (off_t)(page - 1) * page_size), ==, page_size);
}

/* The kiosk's file gets a copy of a good database with the root page of
 * every table and index overwritten: the header and the schema are whole,
 * so the store opens, and no row can be read or written. */
static char *
damage_tables(void)
{
  g_autofree char *good_copy = corrupt_database();
  g_autofree char *contents = NULL;
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  int page_size = 0;
  gsize length;
  int fd;

  g_assert_true(g_file_get_contents(good_copy, &contents, &length, NULL));
  g_assert_true(g_file_set_contents(data_home.db_path, contents, length, NULL));
  g_assert_cmpint(sqlite3_open_v2(good_copy, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint(sqlite3_prepare_v2(db, "PRAGMA page_size", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint(sqlite3_step(stmt), ==, SQLITE_ROW);
  page_size = sqlite3_column_int(stmt, 0);
  sqlite3_finalize(stmt);
  fd = g_open(data_home.db_path, O_WRONLY | O_CLOEXEC, 0);
  g_assert_cmpint(fd, >=, 0);
  g_assert_cmpint(sqlite3_prepare_v2(db, "SELECT rootpage FROM sqlite_schema WHERE rootpage > 1",
                                     -1, &stmt, NULL),
                  ==, SQLITE_OK);
  while (sqlite3_step(stmt) == SQLITE_ROW)
    damage_page(fd, page_size, sqlite3_column_int(stmt, 0));
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  close(fd);
  return g_steal_pointer(&good_copy);
}

int
main(int argc, char **argv)
{
  const char *scenario = argc > 1 ? argv[1] : "";
  g_autofree char *small_dir = NULL;
  g_autofree char *good_copy = NULL;
  g_autofree char *self_path = NULL;

  if (argc > 2 && g_str_equal(argv[1], "--hold-lock"))
    return hold_lock(argv[2]);
  if (!g_getenv("DISPLAY") || !g_getenv("ANYI_DEVSIM_CONTROL")) {
    g_print("SKIP: needs a display and emulated devices (see tests/ui/meson.build)\n");
    return 77;
  }
  g_log_set_writer_func(expected_warnings, NULL, NULL);
  self_path = g_canonicalize_filename(argv[0], NULL);
  temp_store_prepare_data_home(&data_home);
  shots_dir = g_strdup(g_getenv("ANYI_TEST_SHOTS") ? g_getenv("ANYI_TEST_SHOTS") : data_home.dir);
  g_mkdir_with_parents(shots_dir, 0755);
  /* the store outages are at once; devices wait this long */
  write_config(g_str_equal(scenario, "printers") ? 2 : 3600);
  if (g_str_equal(scenario, "full")) {
    small_dir = g_build_filename(data_home.dir, "small", NULL);
    g_mkdir(small_dir, 0700);
    if (!mount_small_tmpfs(small_dir)) {
      temp_store_clear(&data_home);
      return 77;
    }
    g_free(data_home.db_path);
    data_home.db_path = g_build_filename(small_dir, "kiosk.db", NULL);
    g_setenv("ANYI_DB", data_home.db_path, TRUE);
  } else if (g_str_equal(scenario, "corrupt")) {
    good_copy = corrupt_database();
  } else if (g_str_equal(scenario, "replaced")) {
    good_copy = damage_tables();
  }
  kiosk_application_init_locale();
  gtk_test_init(&argc, &argv, NULL);
  kiosk = ui_test_start_kiosk();
  if (g_str_equal(scenario, "locked"))
    test_locked(self_path);
  else if (g_str_equal(scenario, "full"))
    test_full(small_dir);
  else if (g_str_equal(scenario, "corrupt"))
    test_corrupt(good_copy);
  else if (g_str_equal(scenario, "replaced"))
    test_replaced(good_copy);
  else if (g_str_equal(scenario, "replaced-in-service"))
    test_replaced_in_service();
  else if (g_str_equal(scenario, "printers"))
    test_printers();
  else
    g_error("unknown scenario '%s'", scenario);
  ui_test_stop_kiosk(kiosk);
  if (small_dir)
    umount2(small_dir, MNT_DETACH);
  temp_store_clear(&data_home);
  g_print("ok: out of service (%s) shown and left by itself\n", scenario);
  return 0;
}
