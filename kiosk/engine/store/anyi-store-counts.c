/* SPDX-License-Identifier: GPL-3.0-or-later */
/* anyi-store-counts.c: how many cases the kiosk started, finished and
 * handed off, for the metrics. Rows are never deleted (the purge wipes
 * personal data only), so the counts only grow: Prometheus counters. */
#include "anyi-store-private.h"

#include <string.h>

static gpointer
count_from_row(AnyiStoreRow *row)
{
  gint64 *count = g_new(gint64, 1);

  *count = anyi_store_row_int64(row);
  return count;
}

static gboolean
count_of(AnyiStore *store, const char *sql, const char *const *states, gint64 *out, GError **error)
{
  sqlite3_stmt *stmt = anyi_store_prepare(store, sql, error);
  g_autofree char *list = NULL;
  g_autofree gint64 *count = NULL;

  if (!stmt)
    return FALSE;
  if (states) {
    list = anyi_store_json_list(states);
    anyi_store_bind_text(stmt, 1, list);
  }
  count = anyi_store_read_one(store, stmt, count_from_row, "case count", error, "no count");
  if (!count)
    return FALSE;
  *out = *count;
  return TRUE;
}

typedef struct {
  char *reason;
  gint64 count;
} ReasonCount;

static gpointer
reason_from_row(AnyiStoreRow *row)
{
  ReasonCount *entry = g_new0(ReasonCount, 1);

  entry->reason = anyi_store_row_text(row);
  entry->count = anyi_store_row_int64(row);
  return entry;
}

static void
reason_count_free(gpointer data)
{
  ReasonCount *entry = data;

  anyi_secure_free_string(entry->reason);
  g_free(entry);
}

static GHashTable *
handoffs_by_reason(AnyiStore *store, GError **error)
{
  sqlite3_stmt *stmt = anyi_store_prepare(
      store, "SELECT reason, count(*) FROM handoffs GROUP BY reason ORDER BY reason", error);
  g_autoptr(GPtrArray) rows = NULL;
  GHashTable *counts;

  if (!stmt)
    return NULL;
  rows =
      anyi_store_read_all(store, stmt, reason_from_row, reason_count_free, "handoff counts", error);
  if (!rows)
    return NULL;
  counts = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
  for (guint i = 0; i < rows->len; i++) {
    ReasonCount *entry = rows->pdata[i];
    gint64 *count = g_new(gint64, 1);

    *count = entry->count;
    g_hash_table_insert(counts, g_steal_pointer(&entry->reason), count);
  }
  return counts;
}

gboolean
anyi_store_case_counts(AnyiStore *store, const char *const *finished_states,
                       AnyiStoreCaseCounts *counts, GError **error)
{
  memset(counts, 0, sizeof *counts);
  if (!count_of(store, "SELECT count(*) FROM cases", NULL, &counts->started, error) ||
      !count_of(store, "SELECT count(*) FROM cases WHERE state IN (SELECT value FROM json_each(?))",
                finished_states, &counts->finished, error) ||
      !count_of(store, "SELECT count(*) FROM cases WHERE state = 'abandoned'", NULL,
                &counts->abandoned, error))
    return FALSE;
  counts->handed_off = handoffs_by_reason(store, error);
  return counts->handed_off != NULL;
}

void
anyi_store_case_counts_clear(AnyiStoreCaseCounts *counts)
{
  g_clear_pointer(&counts->handed_off, g_hash_table_unref);
}
