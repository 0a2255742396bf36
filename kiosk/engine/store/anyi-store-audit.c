/* SPDX-License-Identifier: GPL-3.0-or-later */
/* anyi-store-audit.c: the audit_log table, who did what at the kiosk.
 *
 * The rows form a hash chain: each row's prev_hash is the SHA-256 (lower-case
 * hex) of the canonical form of the row before it, in id order. Changing,
 * inserting or deleting a row in the middle breaks the link of the row after
 * it. The canonical form of a row (version 1) is, in this order:
 *
 *   "anyi-audit-1" LF id LF at LF actor LF action LF subject LF detail LF prev_hash
 *
 * with the integers in decimal ASCII, each text as "<length in bytes>:<bytes>"
 * (so no field can run into the next), and a NULL text as "-". The first row
 * of an empty log links to ANYI_AUDIT_GENESIS_HASH. The audit purge deletes
 * only a head of the chain and keeps the hash of the last row it deleted in
 * audit_anchor: the first remaining row must link to it. Rows written before
 * the chain existed (schema version 4) have no prev_hash; they may only come
 * first, and the first linked row links to the last of them. */
#include "anyi-store-private.h"

#include <string.h>

#define GENESIS_HASH "0000000000000000000000000000000000000000000000000000000000000000"

void
anyi_audit_entry_free(AnyiAuditEntry *entry)
{
  if (!entry)
    return;
  anyi_secure_free_string(entry->actor);
  anyi_secure_free_string(entry->action);
  anyi_secure_free_string(entry->subject);
  anyi_secure_free_string(entry->detail);
  anyi_secure_free_string(entry->prev_hash);
  g_free(entry);
}

#define AUDIT_COLUMNS "id, at, actor, action, subject, detail, prev_hash"

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
  entry->prev_hash = anyi_store_row_text(row);
  return entry;
}

static void
append_text(GString *out, const char *text)
{
  g_string_append_c(out, '\n');
  if (!text)
    g_string_append_c(out, '-');
  else
    g_string_append_printf(out, "%zu:%s", strlen(text), text);
}

char *
anyi_audit_entry_hash(const AnyiAuditEntry *entry)
{
  g_autoptr(GString) canonical = g_string_new("anyi-audit-1");

  g_string_append_printf(canonical, "\n%" G_GINT64_FORMAT "\n%" G_GINT64_FORMAT, entry->id,
                         entry->at);
  append_text(canonical, entry->actor);
  append_text(canonical, entry->action);
  append_text(canonical, entry->subject);
  append_text(canonical, entry->detail);
  append_text(canonical, entry->prev_hash);
  return g_compute_checksum_for_data(G_CHECKSUM_SHA256, (const guchar *)canonical->str,
                                     canonical->len);
}

/* The hash of the purge's last deleted row, or NULL when nothing was ever
 * purged; FALSE when the store fails. */
static gboolean
read_anchor(AnyiStore *store, char **anchor_hash, GError **error)
{
  sqlite3_stmt *stmt =
      anyi_store_prepare(store, "SELECT last_hash FROM audit_anchor WHERE id = 1", error);
  int rc;

  *anchor_hash = NULL;
  if (!stmt)
    return FALSE;
  rc = sqlite3_step(stmt);
  if (rc == SQLITE_ROW)
    *anchor_hash = g_strdup((const char *)sqlite3_column_text(stmt, 0));
  sqlite3_reset(stmt);
  return rc == SQLITE_ROW || rc == SQLITE_DONE ||
         anyi_store_fail(store, error, "read audit anchor");
}

/* What the next row links to: the hash of the newest row, else the anchor,
 * else the genesis hash. */
static char *
chain_tip(AnyiStore *store, GError **error)
{
  sqlite3_stmt *stmt = anyi_store_prepare(
      store, "SELECT " AUDIT_COLUMNS " FROM audit_log ORDER BY id DESC LIMIT 1", error);
  g_autoptr(GError) local_error = NULL;
  g_autoptr(AnyiAuditEntry) newest = NULL;
  char *anchor = NULL;

  if (!stmt)
    return NULL;
  newest = anyi_store_read_one(store, stmt, audit_from_row, "read audit chain tip", &local_error,
                               "empty audit log");
  if (newest)
    return anyi_audit_entry_hash(newest);
  if (!g_error_matches(local_error, ANYI_STORE_ERROR, ANYI_STORE_ERROR_NOT_FOUND)) {
    g_propagate_error(error, g_steal_pointer(&local_error));
    return NULL;
  }
  if (!read_anchor(store, &anchor, error))
    return NULL;
  return anchor ? anchor : g_strdup(GENESIS_HASH);
}

static gboolean
insert_linked(AnyiStore *store, const char *actor, const char *action, const char *subject,
              const char *detail, gint64 *id, GError **error)
{
  g_autofree char *prev_hash = chain_tip(store, error);
  sqlite3_stmt *stmt;

  if (!prev_hash)
    return FALSE;
  stmt = anyi_store_prepare(store,
                            "INSERT INTO audit_log (at, actor, action, subject, detail, prev_hash) "
                            "VALUES (anyi_now(), ?, ?, ?, ?, ?)",
                            error);
  if (!stmt)
    return FALSE;
  anyi_store_bind_text(stmt, 1, actor);
  anyi_store_bind_text(stmt, 2, action);
  anyi_store_bind_text(stmt, 3, subject);
  anyi_store_bind_text(stmt, 4, detail);
  anyi_store_bind_text(stmt, 5, prev_hash);
  if (!anyi_store_step_done(store, stmt, "insert audit entry", error))
    return FALSE;
  if (id)
    *id = sqlite3_last_insert_rowid(store->db);
  return TRUE;
}

gboolean
anyi_store_audit_append(AnyiStore *store, const char *actor, const char *action,
                        const char *subject, const char *detail, gint64 *id, GError **error)
{
  /* Reading the tip and linking to it is one transaction, so that anyictl
   * writing at the same time cannot fork the chain. */
  gboolean own_transaction = sqlite3_get_autocommit(store->db) != 0;

  if (own_transaction && !anyi_store_begin(store, error))
    return FALSE;
  if (insert_linked(store, actor, action, subject, detail, id, error) &&
      (!own_transaction || anyi_store_commit(store, error)))
    return TRUE;
  if (own_transaction)
    anyi_store_rollback(store);
  return FALSE;
}

gboolean
anyi_store_audit_add(AnyiStore *store, const char *actor, const char *action, const char *subject,
                     const char *detail, GError **error)
{
  return anyi_store_audit_append(store, actor, action, subject, detail, NULL, error);
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

GPtrArray *
anyi_store_audit_unanswered(AnyiStore *store, const char *actor, const char *action,
                            const char *answer, gint64 after_id, gint64 since, int limit,
                            GError **error)
{
  sqlite3_stmt *stmt = anyi_store_prepare(
      store,
      "SELECT " AUDIT_COLUMNS " FROM audit_log AS a WHERE a.action = ?2 AND (?1 IS NULL OR "
      "a.actor = ?1) AND a.id > ?4 AND a.at >= ?5 AND NOT EXISTS (SELECT 1 FROM audit_log AS s "
      "WHERE s.action = ?3 AND s.subject = CAST(a.id AS TEXT)) ORDER BY a.at DESC, a.id DESC "
      "LIMIT ?6",
      error);

  if (!stmt)
    return NULL;
  anyi_store_bind_text(stmt, 1, actor);
  anyi_store_bind_text(stmt, 2, action);
  anyi_store_bind_text(stmt, 3, answer);
  sqlite3_bind_int64(stmt, 4, after_id);
  sqlite3_bind_int64(stmt, 5, since);
  sqlite3_bind_int(stmt, 6, limit);
  return read_entries(store, stmt, "list unanswered audit entries", error);
}

/* ---- checking and purging the chain ---- */

typedef struct {
  char *expected; /* what the next linked row must hold; NULL: genesis */
  gboolean linked_seen;
} ChainWalk;

/* Whether @entry links where the walk expects it to, then moves past it. */
static gboolean
walk_step(ChainWalk *walk, const AnyiAuditEntry *entry)
{
  gboolean fits;

  if (!entry->prev_hash)
    fits = !walk->linked_seen; /* written before the chain: only at its head */
  else {
    fits = g_strcmp0(entry->prev_hash, walk->expected ? walk->expected : GENESIS_HASH) == 0;
    walk->linked_seen = TRUE;
  }
  anyi_secure_free_string(walk->expected);
  walk->expected = anyi_audit_entry_hash(entry);
  return fits;
}

gboolean
anyi_store_audit_verify(AnyiStore *store, AnyiAuditCheck *check, GError **error)
{
  sqlite3_stmt *stmt =
      anyi_store_prepare(store, "SELECT " AUDIT_COLUMNS " FROM audit_log ORDER BY id", error);
  ChainWalk walk = {0};
  int rc;

  memset(check, 0, sizeof *check);
  if (!stmt || !read_anchor(store, &walk.expected, error))
    return FALSE;
  check->anchored = walk.expected != NULL;
  while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
    AnyiStoreRow row = {stmt, 0};
    g_autoptr(AnyiAuditEntry) entry = audit_from_row(&row);

    check->rows++;
    if (!entry->prev_hash && !walk.linked_seen)
      check->unlinked++;
    if (!walk_step(&walk, entry)) {
      check->first_broken_id = entry->id;
      break;
    }
  }
  sqlite3_reset(stmt);
  check->tip_hash = g_steal_pointer(&walk.expected);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return anyi_store_fail(store, error, "read audit log");
  return TRUE;
}

/* The newest id such that every row up to it is older than @before: the
 * purge deletes a head of the chain only, even when the clock went back. */
static gboolean
purge_end(AnyiStore *store, gint64 before, gint64 *last_id, GError **error)
{
  sqlite3_stmt *stmt = anyi_store_prepare(
      store,
      "SELECT COALESCE((SELECT MAX(id) FROM audit_log WHERE id < COALESCE((SELECT MIN(id) "
      "FROM audit_log WHERE at >= ?1), (SELECT MAX(id) + 1 FROM audit_log))), 0)",
      error);

  if (!stmt)
    return FALSE;
  sqlite3_bind_int64(stmt, 1, before);
  if (sqlite3_step(stmt) != SQLITE_ROW) {
    sqlite3_reset(stmt);
    return anyi_store_fail(store, error, "find the audit purge's end");
  }
  *last_id = sqlite3_column_int64(stmt, 0);
  sqlite3_reset(stmt);
  return TRUE;
}

static gboolean
anchor_at(AnyiStore *store, gint64 last_id, GError **error)
{
  sqlite3_stmt *stmt =
      anyi_store_prepare(store, "SELECT " AUDIT_COLUMNS " FROM audit_log WHERE id = ?", error);
  g_autoptr(AnyiAuditEntry) last = NULL;
  g_autofree char *hash = NULL;

  if (!stmt)
    return FALSE;
  sqlite3_bind_int64(stmt, 1, last_id);
  last = anyi_store_read_one(store, stmt, audit_from_row, "read audit row", error,
                             "no audit row %" G_GINT64_FORMAT, last_id);
  if (!last)
    return FALSE;
  hash = anyi_audit_entry_hash(last);
  stmt = anyi_store_prepare(store,
                            "INSERT INTO audit_anchor (id, last_id, last_hash) VALUES (1, ?, ?) "
                            "ON CONFLICT (id) DO UPDATE SET last_id = excluded.last_id, "
                            "last_hash = excluded.last_hash",
                            error);
  if (!stmt)
    return FALSE;
  sqlite3_bind_int64(stmt, 1, last_id);
  anyi_store_bind_text(stmt, 2, hash);
  return anyi_store_step_done(store, stmt, "write audit anchor", error);
}

static gboolean
delete_head(AnyiStore *store, gint64 last_id, gint64 *deleted, GError **error)
{
  sqlite3_stmt *stmt = anyi_store_prepare(store, "DELETE FROM audit_log WHERE id <= ?", error);

  if (!stmt)
    return FALSE;
  sqlite3_bind_int64(stmt, 1, last_id);
  if (!anyi_store_step_done(store, stmt, "purge audit log", error))
    return FALSE;
  *deleted = sqlite3_changes(store->db);
  return TRUE;
}

gint64
anyi_store_audit_purge(AnyiStore *store, gint64 before, GError **error)
{
  gint64 last_id = 0, deleted = 0;

  if (!anyi_store_begin(store, error))
    return -1;
  if (purge_end(store, before, &last_id, error) &&
      (last_id <= 0 ||
       (anchor_at(store, last_id, error) && delete_head(store, last_id, &deleted, error))) &&
      anyi_store_commit(store, error))
    return deleted;
  anyi_store_rollback(store);
  return -1;
}

void
anyi_audit_check_clear(AnyiAuditCheck *check)
{
  g_clear_pointer(&check->tip_hash, g_free);
}
