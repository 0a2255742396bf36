/* SPDX-License-Identifier: GPL-3.0-or-later */
/* anyi-store-consumables.c: the consumables table, how much paper (and
 * toner) the staff last put in. */
#include "anyi-store-private.h"

gboolean
anyi_store_consumable_set(AnyiStore *store, const char *name, int level, int capacity,
                          const char *by, GError **error)
{
  sqlite3_stmt *stmt = anyi_store_prepare(store,
                                          "INSERT INTO consumables (name, level, capacity, "
                                          "updated_at, updated_by) VALUES (?, ?, ?, anyi_now(), ?) "
                                          "ON CONFLICT(name) DO UPDATE SET level = excluded.level, "
                                          "capacity = excluded.capacity, updated_at = "
                                          "excluded.updated_at, updated_by = excluded.updated_by",
                                          error);
  if (!stmt)
    return FALSE;
  anyi_store_bind_text(stmt, 1, name);
  sqlite3_bind_int(stmt, 2, level);
  sqlite3_bind_int(stmt, 3, capacity);
  anyi_store_bind_text(stmt, 4, by);
  return anyi_store_step_done(store, stmt, "set consumable", error);
}

typedef struct {
  int level;
  int capacity;
} Consumable;

static gpointer
consumable_from_row(AnyiStoreRow *row)
{
  Consumable *consumable = g_new0(Consumable, 1);

  consumable->level = anyi_store_row_int(row);
  consumable->capacity = anyi_store_row_int(row);
  return consumable;
}

gboolean
anyi_store_consumable_get(AnyiStore *store, const char *name, int *level, int *capacity,
                          GError **error)
{
  sqlite3_stmt *stmt =
      anyi_store_prepare(store, "SELECT level, capacity FROM consumables WHERE name = ?", error);
  g_autofree Consumable *consumable = NULL;

  if (!stmt)
    return FALSE;
  anyi_store_bind_text(stmt, 1, name);
  consumable = anyi_store_read_one(store, stmt, consumable_from_row, "consumable", error,
                                   "no consumable %s", name);
  if (!consumable)
    return FALSE;
  *level = consumable->level;
  *capacity = consumable->capacity;
  return TRUE;
}
