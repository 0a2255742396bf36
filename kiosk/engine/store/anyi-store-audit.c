/* SPDX-License-Identifier: GPL-3.0-or-later */
/* anyi-store-audit.c: the audit_log table, who did what at the kiosk. */
#include "anyi-store-private.h"

void
anyi_audit_entry_free(AnyiAuditEntry *entry)
{
  if (!entry)
    return;
  g_free(entry->actor);
  g_free(entry->action);
  g_free(entry->subject);
  g_free(entry->detail);
  g_free(entry);
}

gboolean
anyi_store_audit_add(AnyiStore *store, const char *actor, const char *action, const char *subject,
                     const char *detail, GError **error)
{
  sqlite3_stmt *stmt = anyi_store_prepare(
      store,
      "INSERT INTO audit_log (at, actor, action, subject, detail) VALUES (anyi_now(), ?, ?, ?, ?)",
      error);

  if (!stmt)
    return FALSE;
  anyi_store_bind_text(stmt, 1, actor);
  anyi_store_bind_text(stmt, 2, action);
  anyi_store_bind_text(stmt, 3, subject);
  anyi_store_bind_text(stmt, 4, detail);
  return anyi_store_step_done(store, stmt, "insert audit entry", error);
}

#define AUDIT_COLUMNS "id, at, actor, action, subject, detail"

static gpointer
audit_from_row(AnyiStoreRow *row)
{
  AnyiAuditEntry *entry = g_new0(AnyiAuditEntry, 1);

  entry->id = anyi_store_row_int64(row);
  entry->at = anyi_store_row_int64(row);
  entry->actor = anyi_store_row_text(row);
  entry->action = anyi_store_row_text(row);
  entry->subject = anyi_store_row_text(row);
  entry->detail = anyi_store_row_text(row);
  return entry;
}

static GPtrArray *
read_entries(AnyiStore *store, sqlite3_stmt *stmt, const char *what, GError **error)
{
  return anyi_store_read_all(store, stmt, audit_from_row, (GDestroyNotify)anyi_audit_entry_free,
                             what, error);
}

GPtrArray *
anyi_store_audit_list(AnyiStore *store, gint64 since, int limit, GError **error)
{
  sqlite3_stmt *stmt = anyi_store_prepare(store,
                                          "SELECT " AUDIT_COLUMNS " FROM audit_log WHERE at "
                                          ">= ? ORDER BY at DESC, id DESC LIMIT ?",
                                          error);

  if (!stmt)
    return NULL;
  sqlite3_bind_int64(stmt, 1, since);
  sqlite3_bind_int(stmt, 2, limit);
  return read_entries(store, stmt, "list audit log", error);
}

GPtrArray *
anyi_store_audit_list_by(AnyiStore *store, const char *actor, const char *action, gint64 since,
                         int limit, GError **error)
{
  sqlite3_stmt *stmt = anyi_store_prepare(store,
                                          "SELECT " AUDIT_COLUMNS " FROM audit_log WHERE actor "
                                          "= ? AND action = ? AND at >= ? ORDER BY at DESC, id "
                                          "DESC LIMIT ?",
                                          error);

  if (!stmt)
    return NULL;
  anyi_store_bind_text(stmt, 1, actor);
  anyi_store_bind_text(stmt, 2, action);
  sqlite3_bind_int64(stmt, 3, since);
  sqlite3_bind_int(stmt, 4, limit);
  return read_entries(store, stmt, "list audit log by actor and action", error);
}
