/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-staff-log.c: the staff page's log panel over a store of 1,000,000
 * rows, on a private Xvfb screen: the newest page at once, paging on, the
 * day, kind and case filters, ID numbers masked, and the export to a USB
 * stick (a folder named by ANYI_USB_STICK_DIR). */
#include "kiosk-staff-log.h"
#include "kiosk-ui-test.h"
#include "temp-store.h"

#include <glib/gstdio.h>
#include <sqlite3.h>

static TempStore temp;
static GtkWindow *window;
static KioskStaffLog *panel;
static char *stick_dir;
static gint64 today; /* local midnight */

static GtkWidget *
root(void)
{
  return GTK_WIDGET(panel);
}

static void
shoot(const char *name)
{
  g_autofree char *file = g_strdup_printf("staff-log-%s.png", name);

  ui_test_shoot(GTK_WIDGET(window), "ANYI_SCREENSHOT_DIR", file);
}

static GtkDropDown *
drop_down(guint index)
{
  GtkWidget *first = ui_test_find_of_type(root(), GTK_TYPE_DROP_DOWN);

  g_assert_nonnull(first);
  return GTK_DROP_DOWN(index == 0 ? first : gtk_widget_get_next_sibling(first));
}

/* 100,000 cases over the 7 days before today, each with 4 events, a print job and a
 * device event, a handoff for every second, 250,000 audit rows: 1,000,000
 * rows. Then a few that the filters must find: a reader fault and a failed
 * print today (its detail with an ID number), a sign-in yesterday, and
 * case 0101-Q001 with its events. */
static void
fill_store(void)
{
  sqlite3 *db = NULL;
  char *message = NULL;
  g_autofree char *sql = g_strdup_printf(
      "BEGIN;"
      "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100000) "
      "INSERT INTO cases (number, service_id, state, created_at, updated_at) SELECT "
      "printf('1206-A%%06d', i), 'idcard-renewal', 'done', %1$" G_GINT64_FORMAT
      " - 7 * 86400 + i * 6, 0 FROM n;"
      "WITH RECURSIVE k(j) AS (SELECT 0 UNION ALL SELECT j + 1 FROM k WHERE j < 3) "
      "INSERT INTO case_events (case_id, at, event, state_from, state_to) SELECT c.id, "
      "c.created_at + k.j, 'step', 'a', 'b' FROM cases AS c, k ORDER BY 2;"
      "INSERT INTO print_jobs (case_id, role, template, state, created_at, updated_at) SELECT "
      "id, 'receipt', 'receipt', 'printed', created_at + 5, 0 FROM cases;"
      "INSERT INTO device_events (at, device, kind) SELECT created_at + 6, 'reader', 'ok' "
      "FROM cases;"
      "INSERT INTO handoffs (case_id, reason, window, created_at) SELECT id, 'unpaid', '3', "
      "created_at + 6 FROM cases WHERE id %% 2 = 0;"
      "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 250000) "
      "INSERT INTO audit_log (at, actor, action) SELECT %1$" G_GINT64_FORMAT
      " - 7 * 86400 + i * 2, 'kiosk', 'note' FROM n;"
      "INSERT INTO device_events (at, device, kind, detail) VALUES (%1$" G_GINT64_FORMAT
      " + 60, 'reader', 'no-reader', 'unplugged');"
      "INSERT INTO print_jobs (role, template, state, detail, created_at, updated_at) VALUES "
      "('a4', 'test-page', 'failed', 'jam 110101199003076534', %1$" G_GINT64_FORMAT " + 61, 0);"
      "INSERT INTO audit_log (at, actor, action, subject, detail) VALUES (%1$" G_GINT64_FORMAT
      " - 3600, '2002', 'sign-in', '7', 'staff');"
      "INSERT INTO cases (number, service_id, state, created_at, updated_at) VALUES "
      "('0101-Q001', 'idcard-renewal', 'done', %1$" G_GINT64_FORMAT " - 5 * 86400, 0);"
      "INSERT INTO case_events (case_id, at, event) SELECT id, created_at, 'created' FROM cases "
      "WHERE number = '0101-Q001';"
      "INSERT INTO case_events (case_id, at, event) SELECT id, created_at + 9, 'card-read' FROM "
      "cases WHERE number = '0101-Q001';"
      "COMMIT;",
      today);

  g_assert_cmpint(sqlite3_open(temp.db_path, &db), ==, SQLITE_OK);
  sqlite3_busy_timeout(db, 10000);
  if (sqlite3_exec(db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error("filling the store: %s", message);
  sqlite3_close(db);
}

static void
test_newest_page_then_more(void)
{
  guint first_page;

  kiosk_staff_log_show(panel, temp.store);
  first_page = kiosk_staff_log_get_n_loaded(panel);
  g_assert_cmpuint(first_page, >, 0);
  g_assert_cmpuint(first_page, <=, 100);
  /* the newest row of all is the failed print, masked */
  ui_test_expect_text(root(), "jam 110***********6534", 2);
  g_assert_false(ui_test_shows_text(root(), "110101199003076534"));
  g_assert_false(ui_test_shows_text(root(), "1206-A000001"));
  shoot("newest");
  gtk_widget_add_css_class(GTK_WIDGET(window), "large-text");
  ui_test_spin(0.5);
  shoot("newest-large-text");
  gtk_widget_remove_css_class(GTK_WIDGET(window), "large-text");
  ui_test_click(root(), "显示更早的记录");
  g_assert_cmpuint(kiosk_staff_log_get_n_loaded(panel), ==, 2 * first_page);
}

static void
test_kind_filter(void)
{
  gtk_drop_down_set_selected(drop_down(1), 6); /* 错误 */
  /* of a million rows, two errors: the fault and the failed print */
  g_assert_cmpuint(kiosk_staff_log_get_n_loaded(panel), ==, 2);
  ui_test_expect_text(root(), "no-reader", 2);
  ui_test_expect_text(root(), "jam 110***********6534", 2);
  g_assert_false(ui_test_shows_text(root(), "显示更早的记录"));
  shoot("errors");
  gtk_drop_down_set_selected(drop_down(1), 5); /* 人员操作 */
  g_assert_cmpuint(kiosk_staff_log_get_n_loaded(panel), ==, 1);
  ui_test_expect_text(root(), "2002  登录", 2);
  gtk_drop_down_set_selected(drop_down(1), 0);
}

static void
test_day_filter(void)
{
  gtk_drop_down_set_selected(drop_down(0), 1); /* 今天 */
  ui_test_expect_text(root(), "no-reader", 2);
  gtk_drop_down_set_selected(drop_down(0), 2); /* 昨天 */
  g_assert_cmpuint(kiosk_staff_log_get_n_loaded(panel), >, 0);
  g_assert_false(ui_test_shows_text(root(), "no-reader"));
  g_assert_false(ui_test_shows_text(root(), "jam"));
  /* yesterday's last rows: the sign-in an hour before midnight is among
   * them once the staff rows are asked for */
  gtk_drop_down_set_selected(drop_down(1), 5);
  ui_test_expect_text(root(), "2002  登录", 2);
  gtk_drop_down_set_selected(drop_down(0), 13); /* 13 days ago, before the first row */
  g_assert_cmpuint(kiosk_staff_log_get_n_loaded(panel), ==, 0);
  ui_test_expect_text(root(), "没有符合条件的记录", 2);
  gtk_drop_down_set_selected(drop_down(1), 0);
  gtk_drop_down_set_selected(drop_down(0), 0);
}

/* The panel's own search entry: a drop-down keeps one in its popover too. */
static GtkWidget *
find_case_entry(GtkWidget *widget)
{
  if (GTK_IS_SEARCH_ENTRY(widget)) {
    g_autofree char *placeholder = NULL;

    g_object_get(widget, "placeholder-text", &placeholder, NULL);
    if (g_strcmp0(placeholder, "业务编号") == 0)
      return widget;
  }
  for (GtkWidget *child = gtk_widget_get_first_child(widget); child;
       child = gtk_widget_get_next_sibling(child)) {
    GtkWidget *found = find_case_entry(child);
    if (found)
      return found;
  }
  return NULL;
}

static void
test_case_search(void)
{
  GtkWidget *entry = find_case_entry(root());

  gtk_editable_set_text(GTK_EDITABLE(entry), "0101-Q001");
  g_assert_nonnull(entry);
  g_signal_emit_by_name(entry, "activate");
  g_assert_cmpuint(kiosk_staff_log_get_n_loaded(panel), ==, 2);
  ui_test_expect_text(root(), "0101-Q001  card-read", 2);
  ui_test_expect_text(root(), "0101-Q001  created", 2);
  shoot("case");
}

static char *
exported_file(void)
{
  g_autoptr(GDir) dir = g_dir_open(stick_dir, 0, NULL);
  const char *name;

  while (dir && (name = g_dir_read_name(dir)))
    if (g_str_has_prefix(name, "anyi-log-") && g_str_has_suffix(name, ".csv"))
      return g_build_filename(stick_dir, name, NULL);
  return NULL;
}

/* The case's rows as CSV on the stick; without a stick the button is
 * there but cannot be pressed. */
static void
test_export(void)
{
  g_autofree char *path = NULL;
  g_autofree char *csv = NULL;

  g_setenv("ANYI_USB_STICK_DIR", "/nonexistent/stick", TRUE);
  kiosk_staff_log_reload(panel);
  g_assert_null(ui_test_find_button(root(), "导出到U盘"));
  g_setenv("ANYI_USB_STICK_DIR", stick_dir, TRUE);
  kiosk_staff_log_reload(panel);
  ui_test_click(root(), "导出到U盘");
  ui_test_expect_text(root(), "已导出2条记录到U盘", 5);
  path = exported_file();
  g_assert_nonnull(path);
  g_assert_true(g_file_get_contents(path, &csv, NULL, NULL));
  g_assert_nonnull(strstr(csv, "\"case\",\"0101-Q001\",\"\",\"card-read\""));
  g_assert_null(strstr(csv, "1206-A"));
  shoot("exported");
}

int
main(int argc, char **argv)
{
  g_autoptr(GDateTime) now = NULL, midnight = NULL;
  int status;

  if (!g_getenv("DISPLAY")) {
    g_print("SKIP: needs a display (tests/fixtures/ui/with-display)\n");
    return 77;
  }
  gtk_test_init(&argc, &argv, NULL);
  now = g_date_time_new_now_local();
  midnight = g_date_time_new_local(g_date_time_get_year(now), g_date_time_get_month(now),
                                   g_date_time_get_day_of_month(now), 0, 0, 0);
  today = g_date_time_to_unix(midnight);
  temp_store_open(&temp);
  fill_store();
  stick_dir = g_build_filename(temp.dir, "stick", NULL);
  g_assert_cmpint(g_mkdir(stick_dir, 0700), ==, 0);
  window = GTK_WINDOW(gtk_window_new());
  gtk_widget_add_css_class(GTK_WIDGET(window), "kiosk");
  gtk_window_set_default_size(window, 1920, 1080);
  panel = g_object_new(KIOSK_TYPE_STAFF_LOG, NULL);
  gtk_window_set_child(window, GTK_WIDGET(panel));
  gtk_window_present(window);
  ui_test_spin(0.5);

  g_test_add_func("/staff-log/newest-page-then-more", test_newest_page_then_more);
  g_test_add_func("/staff-log/kind", test_kind_filter);
  g_test_add_func("/staff-log/day", test_day_filter);
  g_test_add_func("/staff-log/case", test_case_search);
  g_test_add_func("/staff-log/export", test_export);
  status = g_test_run();
  gtk_window_destroy(window);
  temp_store_clear(&temp);
  return status;
}
