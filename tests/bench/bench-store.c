/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-store: audit log insert and query rates on a real SQLite file.
 * Prints BENCH lines: name, value, unit, target. */
#include "store/anyi-store.h"
#include "temp-store.h"

#include <stdio.h>

#define INSERTS 5000
#define QUERIES 500

static double
seconds_since(gint64 start)
{
  return (g_get_monotonic_time() - start) / 1e6;
}

int
main(void)
{
  TempStore temp = {0};
  AnyiStore *store = temp_store_open(&temp);
  gint64 start;
  double elapsed;

  /* Each insert is its own durable transaction (synchronous=FULL), as on
   * the kiosk: this is the rate a power cut cannot undo. */
  start = g_get_monotonic_time();
  for (int i = 0; i < INSERTS; i++)
    g_assert_true(
        anyi_store_audit_add(store, "staff:bench", "restock", "receipt-paper", "10", NULL));
  elapsed = seconds_since(start);
  printf("BENCH\taudit insert (durable, one per transaction)\t%.0f\trows/s\t>= 1000\n",
         INSERTS / elapsed);

  start = g_get_monotonic_time();
  for (int i = 0; i < QUERIES; i++) {
    g_autoptr(GPtrArray) rows = anyi_store_audit_list(store, 0, 50, NULL);
    g_assert_cmpuint(rows->len, ==, 50);
  }
  elapsed = seconds_since(start);
  printf("BENCH\taudit query (newest 50 of %d)\t%.0f\tqueries/s\t>= 1000\n", INSERTS,
         QUERIES / elapsed);
  temp_store_clear(&temp);
  return 0;
}
