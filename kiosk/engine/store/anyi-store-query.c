/* SPDX-License-Identifier: GPL-3.0-or-later */
/* anyi-store-query.c: preparing, binding and stepping statements, and
 * reading their rows into records; every table's file runs its SQL here. */
#include "anyi-store-private.h"

#include <json-glib/json-glib.h>
#include <stdarg.h>

AnyiStoreError
anyi_store_error_of_sqlite(int code, AnyiStoreError otherwise)
{
  switch (code & 0xff) {
  case SQLITE_CONSTRAINT:
    return ANYI_STORE_ERROR_CONFLICT;
  case SQLITE_FULL:
    return ANYI_STORE_ERROR_FULL;
  case SQLITE_BUSY:
  case SQLITE_LOCKED:
    return ANYI_STORE_ERROR_LOCKED;
  case SQLITE_CORRUPT:
  case SQLITE_NOTADB:
    return ANYI_STORE_ERROR_CORRUPT;
  case SQLITE_IOERR:
  case SQLITE_CANTOPEN:
  case SQLITE_READONLY:
    return ANYI_STORE_ERROR_DISK;
  default:
    return otherwise;
  }
}

static const char *const outage_codes[] = {
    [ANYI_STORE_ERROR_FULL] = "store-full",
    [ANYI_STORE_ERROR_LOCKED] = "store-locked",
    [ANYI_STORE_ERROR_CORRUPT] = "store-corrupt",
    [ANYI_STORE_ERROR_DISK] = "store-disk",
};

const char *
anyi_store_outage_code(const GError *error)
{
  if (!error || error->domain != ANYI_STORE_ERROR || error->code < ANYI_STORE_ERROR_FULL ||
      error->code >= (int)G_N_ELEMENTS(outage_codes))
    return NULL;
  return outage_codes[error->code];
}

gboolean
anyi_store_error_is_outage(const GError *error)
{
  return anyi_store_outage_code(error) != NULL;
}

/* Callers decide whether a failure is worth a warning (a duplicate login is
 * not); the store only describes it, with SQLite's extended code. An outage
 * is also told to whoever keeps the kiosk in service, whatever the caller
 * does with the error: a step that only logs it cannot hide it. */
gboolean
anyi_store_fail(AnyiStore *store, GError **error, const char *what)
{
  int code = sqlite3_extended_errcode(store->db);
  g_autoptr(GError) failure =
      g_error_new(ANYI_STORE_ERROR, anyi_store_error_of_sqlite(code, ANYI_STORE_ERROR_IO),
                  "%s: %s (sqlite %d)", what, sqlite3_errmsg(store->db), code);

  g_debug("store: %s", failure->message);
  if (store->outage_func && anyi_store_error_is_outage(failure))
    store->outage_func(failure, store->outage_data);
  g_propagate_error(error, g_steal_pointer(&failure));
  return FALSE;
}

sqlite3_stmt *
anyi_store_prepare(AnyiStore *store, const char *sql, GError **error)
{
  sqlite3_stmt *stmt = g_hash_table_lookup(store->statements, sql);

  if (stmt) {
    sqlite3_reset(stmt);
    sqlite3_clear_bindings(stmt);
    return stmt;
  }
  if (sqlite3_prepare_v3(store->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL) != SQLITE_OK) {
    anyi_store_fail(store, error, "prepare");
    return NULL;
  }
  g_hash_table_insert(store->statements, (gpointer)sql, stmt);
  return stmt;
}

void
anyi_store_bind_text(sqlite3_stmt *stmt, int index, const char *text)
{
  sqlite3_bind_text(stmt, index, text, -1, SQLITE_TRANSIENT);
}

char *
anyi_store_json_list(const char *const *values)
{
  g_autoptr(JsonArray) list = json_array_new();
  g_autoptr(JsonNode) node = json_node_alloc();

  for (int i = 0; values && values[i]; i++)
    json_array_add_string_element(list, values[i]);
  json_node_init_array(node, list);
  return json_to_string(node, FALSE);
}

gboolean
anyi_store_step_done(AnyiStore *store, sqlite3_stmt *stmt, const char *what, GError **error)
{
  int rc = sqlite3_step(stmt);

  sqlite3_reset(stmt);
  if (rc == SQLITE_DONE)
    return TRUE;
  return anyi_store_fail(store, error, what);
}

gboolean
anyi_store_change_one(AnyiStore *store, sqlite3_stmt *stmt, const char *what, AnyiStoreError code,
                      GError **error, const char *format, ...)
{
  va_list args;

  if (!anyi_store_step_done(store, stmt, what, error))
    return FALSE;
  if (sqlite3_changes(store->db) == 1)
    return TRUE;
  va_start(args, format);
  g_propagate_error(error, g_error_new_valist(ANYI_STORE_ERROR, code, format, args));
  va_end(args);
  return FALSE;
}

gint64
anyi_store_row_int64(AnyiStoreRow *row)
{
  return sqlite3_column_int64(row->stmt, row->column++);
}

int
anyi_store_row_int(AnyiStoreRow *row)
{
  return sqlite3_column_int(row->stmt, row->column++);
}

char *
anyi_store_row_text(AnyiStoreRow *row)
{
  return g_strdup((const char *)sqlite3_column_text(row->stmt, row->column++));
}

GPtrArray *
anyi_store_read_all(AnyiStore *store, sqlite3_stmt *stmt, AnyiStoreRowReader read_row,
                    GDestroyNotify free_record, const char *what, GError **error)
{
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func(free_record);
  int rc;

  while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
    AnyiStoreRow row = {stmt, 0};
    g_ptr_array_add(records, read_row(&row));
  }
  sqlite3_reset(stmt);
  if (rc != SQLITE_DONE) {
    anyi_store_fail(store, error, what);
    return NULL;
  }
  return g_steal_pointer(&records);
}

gpointer
anyi_store_read_one(AnyiStore *store, sqlite3_stmt *stmt, AnyiStoreRowReader read_row,
                    const char *what, GError **error, const char *missing, ...)
{
  AnyiStoreRow row = {stmt, 0};
  int rc = sqlite3_step(stmt);
  gpointer record = rc == SQLITE_ROW ? read_row(&row) : NULL;
  va_list args;

  /* The reset ends the read, so that the statement holds no snapshot. */
  sqlite3_reset(stmt);
  if (rc == SQLITE_DONE) {
    va_start(args, missing);
    g_propagate_error(
        error, g_error_new_valist(ANYI_STORE_ERROR, ANYI_STORE_ERROR_NOT_FOUND, missing, args));
    va_end(args);
  } else if (rc != SQLITE_ROW) {
    anyi_store_fail(store, error, what);
  }
  return record;
}
