/* anyi-store-sql.h: helpers the store's files share. */
#pragma once

#include "anyi-store-private.h"

sqlite3_stmt *store_prepare(AnyiStore *store, const char *sql, GError **error);
gboolean store_fail(AnyiStore *store, GError **error, const char *what);
gboolean store_exec(AnyiStore *store, const char *sql, GError **error);
gboolean store_begin(AnyiStore *store, GError **error);
gboolean store_commit(AnyiStore *store, GError **error);
void store_rollback(AnyiStore *store);
gint64 store_now(AnyiStore *store);

/* Steps a write statement once; FALSE with the error set unless SQLITE_DONE. */
gboolean store_step_done(AnyiStore *store, sqlite3_stmt *stmt, const char *what, GError **error);
char *store_column_dup(sqlite3_stmt *stmt, int column);
