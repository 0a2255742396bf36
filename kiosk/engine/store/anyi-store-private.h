/* anyi-store-private.h: shared between the store's own files only. */
#pragma once

#include "anyi-store.h"

#include <sqlite3.h>

struct _AnyiStore {
  sqlite3 *db;
  char *path;
  GHashTable *statements; /* SQL text -> sqlite3_stmt*, prepared once */
  gint64 (*now)(void);
};

const char *anyi_store_migration_sql(int version);
