/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-ledger-window: the window console's speed on both ledger back-ends.
 *
 *  - From the kiosk's commit of a handoff until the case shows in the
 *    console's queue through PostgreSQL: the kiosk's pusher thread woken by
 *    the commit, the server's NOTIFY, the console's socket watch on the main
 *    loop, its queue read again (50 handoffs; median and p95).
 *  - The queue's first page (200, as the console shows it) and a search by
 *    case number (find, then the case view's read) over 100,000 cases, on
 *    SQLite and on PostgreSQL (median and p95 of 50).
 *
 * The PostgreSQL figures need a server: run under
 * tests/fixtures/postgres/with-postgres (run-bench does). Prints BENCH
 * lines: name, value, unit, target. No figure is asserted. */
#include "ledger/anyi-ledger-sqlite.h"
#include "ledger/outbox/anyi-outbox-pusher.h"
#include "ledger/postgres/anyi-ledger-pg.h"
#include "ledger/postgres/anyi-pg-ledger.h"
#include "temp-store.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>

#define CASES 100000
#define RUNS  50

static int
compare_doubles(const void *a, const void *b)
{
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

static void
report(const char *name, double *ms, int n, const char *target)
{
  qsort(ms, n, sizeof(double), compare_doubles);
  printf("BENCH\t%s (median)\t%.2f\tms\t%s\n", name, ms[n / 2], target);
  printf("BENCH\t%s (p95)\t%.2f\tms\t%s\n", name, ms[n * 95 / 100], target);
}

static double
since_ms(gint64 start)
{
  return (g_get_monotonic_time() - start) / 1000.0;
}

/* The queue's first page and a case found by its number and read, @RUNS
 * times each, numbers spread over the whole ledger. */
static void
time_console_reads(AnyiLedger *ledger, const char *backend, const char *number_prefix)
{
  double queue[RUNS], search[RUNS];
  g_autoptr(GError) error = NULL;
  g_autofree char *queue_name = g_strdup_printf("%s: queue page over 100,000 cases", backend);
  g_autofree char *search_name =
      g_strdup_printf("%s: search by case number over 100,000 cases (find + case view)", backend);

  for (int i = 0; i < RUNS; i++) {
    gint64 start = g_get_monotonic_time();
    g_autoptr(GPtrArray) page = anyi_ledger_list_waiting(ledger, 0, 200, &error);
    if (!page || page->len == 0)
      g_error("bench-ledger-window: %s: empty queue: %s", backend, error ? error->message : "");
    queue[i] = since_ms(start);
  }
  for (int i = 0; i < RUNS; i++) {
    g_autofree char *wanted = g_strdup_printf("%s%06d", number_prefix, 1 + (i * 1997) % CASES);
    gint64 start = g_get_monotonic_time();
    g_autofree char *number = anyi_ledger_find(ledger, wanted, &error);
    g_autoptr(AnyiLedgerCase) kase = number ? anyi_ledger_get_case(ledger, number, &error) : NULL;
    if (!kase)
      g_error("bench-ledger-window: %s: %s: %s", backend, wanted, error->message);
    search[i] = since_ms(start);
  }
  report(queue_name, queue, RUNS, "<= 50");
  report(search_name, search, RUNS, "<= 50");
}

/* ---- SQLite ---- */

/* 100,000 handed-off cases with a card and 4 events each; one in fifty still
 * waits at a window, the others are closed. */
static void
fill_sqlite(const char *path)
{
  sqlite3 *db = NULL;
  char *message = NULL;

  if (sqlite3_open(path, &db) != SQLITE_OK ||
      sqlite3_exec(
          db,
          "BEGIN;"
          "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100000) "
          "INSERT INTO cases (number, service_id, state, data, created_at, updated_at) SELECT "
          "printf('1206-A%06d', i), 'idcard-renewal', 'handed-off', json_object('card', "
          "json_object('name', '测试', 'id_number', printf('110105194912%06d', i))), "
          "1796000000 + i * 26, 1796000000 + i * 26 FROM n;"
          "WITH RECURSIVE k(j) AS (SELECT 0 UNION ALL SELECT j + 1 FROM k WHERE j < 3) "
          "INSERT INTO case_events (case_id, at, event, state_from, state_to) SELECT c.id, "
          "c.created_at + k.j * 5, 'step', 'a', 'b' FROM cases AS c, k ORDER BY 2;"
          "INSERT INTO handoffs (case_id, reason, window, created_at, status) SELECT id, "
          "'window-finishes', '3', created_at + 22, CASE WHEN id % 50 = 0 THEN 'open' ELSE "
          "'closed' END FROM cases;"
          "COMMIT;",
          NULL, NULL, &message) != SQLITE_OK)
    g_error("bench-ledger-window: SQLite: %s", message ? message : sqlite3_errmsg(db));
  sqlite3_close(db);
}

static void
bench_sqlite(void)
{
  TempStore temp = {0};
  g_autoptr(AnyiLedger) ledger = NULL;

  temp_store_open(&temp);
  fill_sqlite(temp.db_path);
  ledger = anyi_ledger_sqlite_new(temp.store, "BENCH");
  time_console_reads(ledger, "SQLite", "1206-A");
  g_clear_object(&ledger);
  temp_store_clear(&temp);
}

/* ---- PostgreSQL ---- */

static void
server_exec(PGconn *conn, const char *sql)
{
  PGresult *res = PQexec(conn, sql);

  if (PQresultStatus(res) != PGRES_COMMAND_OK && PQresultStatus(res) != PGRES_TUPLES_OK)
    g_error("bench-ledger-window: %s", PQresultErrorMessage(res));
  PQclear(res);
}

/* The same 100,000 cases on the server (as kiosk BULK), with 4 events each. */
static void
fill_server(PGconn *conn)
{
  server_exec(conn,
              "INSERT INTO cases (kiosk_id, number, service_id, state, card, data, "
              "handoff_reason, kiosk_created_at, kiosk_updated_at, last_seq, window_status) "
              "SELECT 'BULK', format('1206-Z%s', lpad(i::text, 6, '0')), 'idcard-renewal', "
              "'handed-off', jsonb_build_object('name', '测试', 'id_number', "
              "format('110105194912%s', lpad(i::text, 6, '0'))), '{}', 'window-finishes', "
              "now() - interval '1 day', now() - interval '1 day', 1, CASE WHEN i % 50 = 0 THEN "
              "'waiting' ELSE 'finished' END FROM generate_series(1, 100000) AS i");
  server_exec(conn, "INSERT INTO case_events (kiosk_id, case_number, seq, kind, at) SELECT "
                    "kiosk_id, number, k, 'status', now() FROM cases, generate_series(1, 4) AS k "
                    "WHERE kiosk_id = 'BULK'");
  server_exec(conn, "ANALYZE");
}

static char *
as_role(const char *conninfo, const char *role)
{
  return g_strdup_printf("%s user=%s", conninfo, role);
}

static void
hand_off(TempStore *temp, int i)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AnyiStoredCase) kase =
      anyi_store_case_create(temp->store, "hukou-move", 'B', "collecting", &error);
  g_autofree char *data = g_strdup_printf("{\"card\": {\"name\": \"测试%d\"}}", i);

  if (!kase ||
      !anyi_store_case_transition(temp->store, kase->id, "collecting", "collecting", "card", NULL,
                                  data, &error) ||
      !anyi_store_case_hand_off(temp->store, kase->id, "collecting", "needs-review", "3", NULL,
                                NULL, &error))
    g_error("bench-ledger-window: %s", error->message);
}

typedef struct {
  AnyiLedger *ledger;
  gint64 after; /* the queue's last position seen */
  guint found;  /* cases new to the queue */
} Queue;

/* What the console does when told: reads the queue again (after what it
 * has shown, so the figure is the notification's path, not the page's). */
static gboolean
on_changed(gpointer data)
{
  Queue *queue = data;
  g_autoptr(GPtrArray) page = anyi_ledger_list_waiting(queue->ledger, queue->after, 200, NULL);

  for (guint i = 0; page && i < page->len; i++) {
    queue->after = ((AnyiLedgerListing *)page->pdata[i])->position;
    queue->found++;
  }
  return G_SOURCE_CONTINUE;
}

static void
time_commit_to_queue(const char *conninfo, AnyiLedger *ledger)
{
  TempStore temp = {0};
  g_autofree char *as_kiosk = as_role(conninfo, "bench_kiosk");
  g_autoptr(AnyiOutboxPusher) pusher = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) start_page = NULL;
  Queue queue = {.ledger = ledger};
  double latency[RUNS];

  start_page = anyi_ledger_list_waiting(ledger, 0, 1000, &error);
  for (guint i = 0; start_page && i < start_page->len; i++)
    queue.after = MAX(queue.after, ((AnyiLedgerListing *)start_page->pdata[i])->position);
  if (!anyi_ledger_pg_watch(ANYI_LEDGER_PG(ledger), on_changed, &queue, &error))
    g_error("bench-ledger-window: %s", error->message);
  temp_store_open(&temp);
  pusher = anyi_outbox_pusher_new(temp.db_path, as_kiosk, "BENCH-B");
  if (!anyi_outbox_pusher_start(pusher, &error))
    g_error("bench-ledger-window: %s", error->message);
  for (int i = 0; i < RUNS; i++) {
    guint want = queue.found + 1;
    gint64 start = g_get_monotonic_time();
    hand_off(&temp, i);
    anyi_outbox_pusher_wake(pusher);
    while (queue.found < want)
      g_main_context_iteration(NULL, TRUE);
    latency[i] = since_ms(start);
  }
  report("PostgreSQL: kiosk commit until the case shows in the console's queue (50 handoffs)",
         latency, RUNS, "p95 <= 1000");
  anyi_ledger_pg_unwatch(ANYI_LEDGER_PG(ledger));
  g_clear_pointer(&pusher, anyi_outbox_pusher_free);
  temp_store_clear(&temp);
}

static void
bench_postgres(const char *conninfo)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *as_window = as_role(conninfo, "bench_window");
  g_autoptr(AnyiLedger) ledger = NULL;
  PGconn *conn = anyi_pg_ledger_connect(conninfo, &error);

  if (!conn || !anyi_pg_ledger_migrate(conn, NULL, NULL, &error) ||
      !anyi_pg_ledger_add_kiosk(conn, "BENCH-B", "bench_kiosk", &error) ||
      !anyi_pg_ledger_add_staff(conn, "window", "bench_window", &error))
    g_error("bench-ledger-window: %s", error->message);
  fill_server(conn);
  ledger = anyi_ledger_pg_new(as_window, &error);
  if (!ledger)
    g_error("bench-ledger-window: %s", error->message);
  time_console_reads(ledger, "PostgreSQL", "1206-Z");
  time_commit_to_queue(conninfo, ledger);
  PQfinish(conn);
}

int
main(void)
{
  const char *conninfo = g_getenv("ANYI_TEST_PG");

  bench_sqlite();
  if (!conninfo) {
    fprintf(stderr, "bench-ledger-window: PostgreSQL figures skipped: run under "
                    "tests/fixtures/postgres/with-postgres\n");
    return 0;
  }
  bench_postgres(conninfo);
  return 0;
}
