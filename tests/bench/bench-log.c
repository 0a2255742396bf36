/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-log: the staff page's log over a store of 1,000,000 rows: the
 * newest page, a page deep in the log, one day, one kind, one case, and
 * walking 100 pages. Prints BENCH lines: name, value, unit, target. */
#include "temp-store.h"

#include <sqlite3.h>
#include <stdio.h>

#define PAGE 50
#define BASE 1796000000 /* 2026-11-28: the rows span 30 days from there */

static double
ms_since(gint64 start)
{
  return (g_get_monotonic_time() - start) / 1e3;
}

static void
exec_sql(const char *path, const char *sql)
{
  sqlite3 *db = NULL;
  char *message = NULL;

  g_assert_cmpint(sqlite3_open(path, &db), ==, SQLITE_OK);
  if (sqlite3_exec(db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error("%s", message);
  sqlite3_close(db);
}

/* 100,000 cases, each with 4 events, a print job and a device event; a
 * handoff for every second case; 250,000 audit rows: 1,000,000 rows. */
static void
fill(const char *path)
{
  exec_sql(path,
           "BEGIN;"
           "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100000) "
           "INSERT INTO cases (number, service_id, state, created_at, updated_at) SELECT "
           "printf('1206-A%06d', i), 'idcard-renewal', 'done', 1796000000 + i * 26, "
           "1796000000 + i * 26 FROM n;"
           "WITH RECURSIVE k(j) AS (SELECT 0 UNION ALL SELECT j + 1 FROM k WHERE j < 3) "
           "INSERT INTO case_events (case_id, at, event, state_from, state_to) SELECT c.id, "
           "c.created_at + k.j * 5, 'step', 'a', 'b' FROM cases AS c, k ORDER BY 2;"
           "INSERT INTO print_jobs (case_id, role, template, state, created_at, updated_at) SELECT "
           "id, 'receipt', 'receipt', CASE WHEN id % 1000 = 0 THEN 'failed' ELSE 'printed' END, "
           "created_at + 20, created_at + 20 FROM cases;"
           "INSERT INTO device_events (at, device, kind, detail) SELECT created_at + 3, 'reader', "
           "'ok', NULL FROM cases;"
           "INSERT INTO handoffs (case_id, reason, window, created_at) SELECT id, 'unpaid', '3', "
           "created_at + 22 FROM cases WHERE id % 2 = 0;"
           "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 250000) "
           "INSERT INTO audit_log (at, actor, action, subject, detail) SELECT 1796000000 + i * "
           "10, CASE WHEN i % 5 = 0 THEN '1001' ELSE 'kiosk' END, 'note', NULL, NULL FROM n;"
           "COMMIT;");
}

static gint64
count_rows(const char *path)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 rows;

  g_assert_cmpint(sqlite3_open(path, &db), ==, SQLITE_OK);
  g_assert_cmpint(sqlite3_prepare_v2(db,
                                     "SELECT (SELECT count(*) FROM cases) + (SELECT count(*) "
                                     "FROM case_events) + (SELECT count(*) FROM print_jobs) + "
                                     "(SELECT count(*) FROM device_events) + (SELECT count(*) "
                                     "FROM handoffs) + (SELECT count(*) FROM audit_log)",
                                     -1, &stmt, NULL),
                  ==, SQLITE_OK);
  g_assert_cmpint(sqlite3_step(stmt), ==, SQLITE_ROW);
  rows = sqlite3_column_int64(stmt, 0);
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  return rows;
}

/* The first page of @filter, timed, after one warm-up run: what staff
 * wait for when they press a filter. */
static void
bench_page(AnyiStore *store, const char *name, const AnyiLogFilter *filter, guint expected)
{
  AnyiLogCursor cursor;
  g_autoptr(GPtrArray) page = NULL;
  gint64 start;
  double ms;

  anyi_log_cursor_init(&cursor);
  g_ptr_array_unref(anyi_store_log_page(store, filter, &cursor, PAGE, NULL));
  anyi_log_cursor_init(&cursor);
  start = g_get_monotonic_time();
  page = anyi_store_log_page(store, filter, &cursor, PAGE, NULL);
  ms = ms_since(start);
  g_assert_nonnull(page);
  g_assert_cmpuint(page->len, ==, expected);
  printf("BENCH\tlog page over 1,000,000 rows: %s\t%.2f\tms\t<= 50\n", name, ms);
}

static void
bench_walk(AnyiStore *store)
{
  AnyiLogFilter all = {0};
  AnyiLogCursor cursor;
  gint64 start;
  double ms;

  anyi_log_cursor_init(&cursor);
  start = g_get_monotonic_time();
  for (int i = 0; i < 100; i++) {
    g_autoptr(GPtrArray) page = anyi_store_log_page(store, &all, &cursor, PAGE, NULL);
    g_assert_cmpuint(page->len, ==, PAGE);
  }
  ms = ms_since(start);
  printf("BENCH\tlog page over 1,000,000 rows: next page (mean of 100)\t%.2f\tms\t<= 50\n",
         ms / 100);
}

int
main(void)
{
  TempStore temp = {0};
  AnyiStore *store;
  AnyiLogFilter filter = {0};
  gint64 rows, start = g_get_monotonic_time();

  temp_store_open(&temp);
  anyi_store_close(g_steal_pointer(&temp.store));
  fill(temp.db_path);
  rows = count_rows(temp.db_path);
  g_assert_cmpint(rows, >=, 1000000);
  printf("# filled %" G_GINT64_FORMAT " rows in %.1f s\n", rows, ms_since(start) / 1e3);
  store = temp.store = anyi_store_open(temp.db_path, NULL);
  g_assert_nonnull(store);

  bench_page(store, "newest, no filter", &filter, PAGE);
  filter.since = BASE + 15 * 86400; /* a day in the middle */
  filter.until = filter.since + 86400;
  bench_page(store, "one day in the middle", &filter, PAGE);
  filter.since = filter.until = 0;
  filter.kinds = ANYI_LOG_KIND_STAFF;
  bench_page(store, "staff actions only", &filter, PAGE);
  filter.kinds = ANYI_LOG_KIND_ERROR; /* 1 row in 10,000: the rarest kind */
  bench_page(store, "errors only (1 row in 10,000)", &filter, PAGE);
  filter.kinds = 0;
  filter.case_number = "1206-A050000";
  bench_page(store, "one case", &filter, 6);
  filter.case_number = NULL;
  bench_walk(store);
  temp_store_clear(&temp);
  return 0;
}
