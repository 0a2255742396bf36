/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-staff: the staff page's list of open handoffs with 50,000 of them,
 * the audit chain's check, and one PIN hash (what sign-in keeps off the UI
 * thread). Prints BENCH lines: name, value, unit, target. */
#include "staff/anyi-staff.h"
#include "temp-store.h"

#include <sqlite3.h>
#include <stdio.h>

#define HANDOFFS 50000
#define PAGE     50
#define AUDIT    10000

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

static void
bench_handoff_pages(TempStore *temp, AnyiStore *store)
{
  gint64 before_id = 0, start;
  g_autoptr(GPtrArray) first = NULL;
  double first_ms, count_ms, all_ms;
  guint pages = 0;

  exec_sql(temp->db_path,
           "BEGIN; WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 50000) "
           "INSERT INTO cases (number, service_id, state, created_at, updated_at) SELECT "
           "printf('Z%06d', i), 'idcard-renewal', 'handed-off', i, i FROM n; INSERT INTO "
           "handoffs (case_id, reason, window, created_at) SELECT id, 'unpaid', '3', created_at "
           "FROM cases ORDER BY id; COMMIT;");
  start = g_get_monotonic_time();
  g_assert_cmpint(anyi_store_handoffs_open_count(store, NULL), ==, HANDOFFS);
  count_ms = ms_since(start);
  start = g_get_monotonic_time();
  first = anyi_store_handoffs_open_page(store, 0, PAGE, NULL);
  first_ms = ms_since(start);
  g_assert_cmpuint(first->len, ==, PAGE);
  start = g_get_monotonic_time();
  for (;;) {
    g_autoptr(GPtrArray) page = anyi_store_handoffs_open_page(store, before_id, PAGE, NULL);

    if (page->len == 0)
      break;
    before_id = ((AnyiHandoffListing *)page->pdata[page->len - 1])->id;
    pages++;
  }
  all_ms = ms_since(start);
  printf("BENCH\thandoff list: count of %d open\t%.2f\tms\t<= 16\n", HANDOFFS, count_ms);
  printf("BENCH\thandoff list: newest page of %d\t%.2f\tms\t<= 16\n", PAGE, first_ms);
  printf("BENCH\thandoff list: any page (mean of %u)\t%.3f\tms\t<= 16\n", pages, all_ms / pages);
}

static void
bench_audit_chain(AnyiStore *store)
{
  AnyiAuditCheck check;
  gint64 start;
  double ms;

  /* as the kiosk writes it: each row linked and durable on its own */
  start = g_get_monotonic_time();
  for (int i = 0; i < AUDIT; i++)
    g_assert_true(anyi_store_audit_add(store, "1001", "restock", "receipt-paper", "full", NULL));
  ms = ms_since(start);
  printf("BENCH\taudit insert, chained (durable, one per transaction)\t%.0f\trows/s\t>= 1000\n",
         AUDIT / (ms / 1e3));
  start = g_get_monotonic_time();
  g_assert_true(anyi_store_audit_verify(store, &check, NULL));
  ms = ms_since(start);
  g_assert_cmpint(check.first_broken_id, ==, 0);
  printf("BENCH\taudit verify (%d rows)\t%.0f\trows/s\t>= 10000\n", AUDIT, AUDIT / (ms / 1e3));
  anyi_audit_check_clear(&check);
}

int
main(void)
{
  TempStore temp = {0};
  AnyiStore *store = temp_store_open(&temp);
  gint64 start = g_get_monotonic_time();
  g_autofree char *hash = anyi_staff_hash_pin("583920", NULL);

  printf("BENCH\tPIN hash, yescrypt (off the UI thread)\t%.0f\tms\t\n", ms_since(start));
  bench_handoff_pages(&temp, store);
  bench_audit_chain(store);
  temp_store_clear(&temp);
  return 0;
}
