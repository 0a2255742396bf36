/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-ledger-push: the outbox pusher's throughput to PostgreSQL, in cases
 * a second, each case with a 256 KiB photo, and the time from the kiosk's
 * commit of a handoff until its row is on the server (the pusher's thread
 * woken by the commit). Run under tests/fixtures/postgres/with-postgres;
 * ANYI_BENCH_LEDGER_CASES sets the count (default 200). Every figure is a
 * line BENCH<TAB>name<TAB>value<TAB>unit<TAB>target (tests/bench/bench_table.py). */
#include "ledger/outbox/anyi-outbox-pusher.h"
#include "ledger/postgres/anyi-pg-ledger.h"
#include "store/anyi-store-outbox.h"
#include "temp-store.h"

#include <stdio.h>
#include <stdlib.h>

#define PHOTO_SIZE (256 * 1024)

static void
hand_off(TempStore *temp, const char *bytes, int i)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AnyiStoredCase) kase =
      anyi_store_case_create(temp->store, "hukou-move", 'A', "collecting", &error);
  g_autofree char *photo = g_strdup_printf("%s/photo-%d.jpg", temp->dir, i);
  g_autofree char *data = g_strdup_printf("{\"photo\": \"%s\"}", photo);

  if (!kase || !g_file_set_contents(photo, bytes, PHOTO_SIZE, &error) ||
      !anyi_store_case_transition(temp->store, kase->id, "collecting", "collecting", "photo", NULL,
                                  data, &error) ||
      !anyi_store_case_hand_off(temp->store, kase->id, "collecting", "needs-review", "3", NULL,
                                NULL, &error))
    g_error("bench-ledger-push: %s", error->message);
}

static gint64
server_events(PGconn *conn)
{
  PGresult *res = PQexec(conn, "SELECT count(*) FROM case_events WHERE kiosk_id = 'BENCH'");
  gint64 n = g_ascii_strtoll(PQgetvalue(res, 0, 0), NULL, 10);

  PQclear(res);
  return n;
}

static int
compare_doubles(const void *a, const void *b)
{
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

int
main(void)
{
  const char *conninfo = g_getenv("ANYI_TEST_PG");
  const char *count = g_getenv("ANYI_BENCH_LEDGER_CASES");
  int n = count ? atoi(count) : 200, latency_runs = 50;
  g_autofree char *bytes = g_malloc(PHOTO_SIZE);
  g_autoptr(GError) error = NULL;
  g_autofree double *latencies = g_new(double, latency_runs);
  TempStore temp = {0};
  AnyiOutboxPusher *pusher;
  PGconn *conn;
  gint64 start;
  guint sent = 0;

  if (!conninfo) {
    fprintf(stderr, "bench-ledger-push: SKIP: run under tests/fixtures/postgres/with-postgres\n");
    return 77;
  }
  for (int b = 0; b < PHOTO_SIZE; b++)
    bytes[b] = (char)g_random_int();
  conn = anyi_pg_ledger_connect(conninfo, &error);
  if (!conn || !anyi_pg_ledger_migrate(conn, NULL, NULL, &error))
    g_error("bench-ledger-push: %s", error->message);
  temp_store_open(&temp);
  for (int i = 0; i < n; i++)
    hand_off(&temp, bytes, i);
  pusher = anyi_outbox_pusher_new(temp.db_path, conninfo, "BENCH");
  start = g_get_monotonic_time();
  if (!anyi_outbox_pusher_drain(pusher, &sent, &error))
    g_error("bench-ledger-push: %s", error->message);
  /* run-bench's table reads only BENCH<TAB>name<TAB>value<TAB>unit<TAB>target */
  printf("BENCH\tledger pusher throughput (%u cases, 256 KiB photo each)\t%.1f\tcases/s\t-\n", sent,
         sent / ((g_get_monotonic_time() - start) / (double)G_USEC_PER_SEC));

  if (!anyi_outbox_pusher_start(pusher, &error))
    g_error("bench-ledger-push: %s", error->message);
  for (int i = 0; i < latency_runs; i++) {
    gint64 want = server_events(conn) + 1;
    start = g_get_monotonic_time();
    hand_off(&temp, bytes, n + i);
    anyi_outbox_pusher_wake(pusher);
    while (server_events(conn) < want)
      g_usleep(1000);
    latencies[i] = (g_get_monotonic_time() - start) / 1000.0;
  }
  qsort(latencies, latency_runs, sizeof(double), compare_doubles);
  printf("BENCH\tledger kiosk commit to the server's row (%d handoffs, median)\t%.1f\tms\t-\n",
         latency_runs, latencies[latency_runs / 2]);
  printf("BENCH\tledger kiosk commit to the server's row (%d handoffs, p95)\t%.1f\tms\t<=1000\n",
         latency_runs, latencies[latency_runs * 95 / 100]);
  anyi_outbox_pusher_free(pusher);
  PQfinish(conn);
  temp_store_clear(&temp);
  return 0;
}
