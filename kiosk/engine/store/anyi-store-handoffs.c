/* SPDX-License-Identifier: GPL-3.0-or-later */
/* anyi-store-handoffs.c: the handoffs table, a case handed to a window. */
#include "anyi-store-private.h"

void
anyi_stored_handoff_free(AnyiStoredHandoff *handoff)
{
  if (!handoff)
    return;
  anyi_secure_free_string(handoff->reason);
  anyi_secure_free_string(handoff->window);
  anyi_secure_free_string(handoff->summary_json);
  anyi_secure_free_string(handoff->status);
  g_free(handoff);
}

static gboolean
insert_handoff(AnyiStore *store, gint64 case_id, const char *reason, const char *window,
               const char *summary_json, GError **error)
{
  sqlite3_stmt *stmt = anyi_store_prepare(store,
                                          "INSERT INTO handoffs (case_id, reason, window, "
                                          "summary, created_at) VALUES (?, ?, ?, ?, anyi_now())",
                                          error);
  if (!stmt)
    return FALSE;
  sqlite3_bind_int64(stmt, 1, case_id);
  anyi_store_bind_text(stmt, 2, reason);
  anyi_store_bind_text(stmt, 3, window);
  anyi_store_bind_text(stmt, 4, summary_json ? summary_json : "{}");
  return anyi_store_step_done(store, stmt, "insert handoff", error);
}

gboolean
anyi_store_case_hand_off(AnyiStore *store, gint64 case_id, const char *from, const char *reason,
                         const char *window, const char *summary_json, gint64 *handoff_id,
                         GError **error)
{
  return anyi_store_case_hand_off_owing(store, case_id, from, reason, window, summary_json, NULL, 0,
                                        handoff_id, error);
}

gboolean
anyi_store_case_hand_off_owing(AnyiStore *store, gint64 case_id, const char *from,
                               const char *reason, const char *window, const char *summary_json,
                               const AnyiStoreDocument *documents, guint n_documents,
                               gint64 *handoff_id, GError **error)
{
  gint64 id;

  case_id = anyi_store_case_id_now(store, case_id);
  if (!anyi_store_begin(store, error))
    return FALSE;
  if (!anyi_store_case_move(store, case_id, from, "handed-off", NULL, error) ||
      !anyi_store_case_event_add(store, case_id, "handoff", from, "handed-off", reason, error) ||
      !insert_handoff(store, case_id, reason, window, summary_json, error))
    goto fail;
  id = sqlite3_last_insert_rowid(store->db);
  if (!anyi_store_print_jobs_owe(store, case_id, documents, n_documents, error) ||
      !anyi_store_outbox_add(store, case_id, TRUE, "handoff", "handoff", from, "handed-off", reason,
                             error))
    goto fail;
  if (handoff_id)
    *handoff_id = id;
  if (anyi_store_commit(store, error))
    return TRUE;
fail:
  anyi_store_rollback(store);
  return FALSE;
}

#define HANDOFF_COLUMNS "id, case_id, reason, window, summary, status, created_at"

static gpointer
handoff_from_row(AnyiStoreRow *row)
{
  AnyiStoredHandoff *handoff = g_new0(AnyiStoredHandoff, 1);

  handoff->id = anyi_store_row_int64(row);
  handoff->case_id = anyi_store_row_int64(row);
  handoff->reason = anyi_store_row_text(row);
  handoff->window = anyi_store_row_text(row);
  handoff->summary_json = anyi_store_row_text(row);
  handoff->status = anyi_store_row_text(row);
  handoff->created_at = anyi_store_row_int64(row);
  return handoff;
}

AnyiStoredHandoff *
anyi_store_handoff_for_case(AnyiStore *store, gint64 case_id, GError **error)
{
  sqlite3_stmt *stmt = anyi_store_prepare(
      store, "SELECT " HANDOFF_COLUMNS " FROM handoffs WHERE case_id = ?", error);

  if (!stmt)
    return NULL;
  sqlite3_bind_int64(stmt, 1, case_id);
  return anyi_store_read_one(store, stmt, handoff_from_row, "read handoff", error,
                             "case #%" G_GINT64_FORMAT " has no handoff", case_id);
}

GPtrArray *
anyi_store_handoffs_open(AnyiStore *store, GError **error)
{
  sqlite3_stmt *stmt = anyi_store_prepare(
      store, "SELECT " HANDOFF_COLUMNS " FROM handoffs WHERE status = 'open' ORDER BY id", error);

  if (!stmt)
    return NULL;
  return anyi_store_read_all(store, stmt, handoff_from_row,
                             (GDestroyNotify)anyi_stored_handoff_free, "list handoffs", error);
}

void
anyi_handoff_listing_free(AnyiHandoffListing *listing)
{
  if (!listing)
    return;
  anyi_secure_free_string(listing->case_number);
  anyi_secure_free_string(listing->reason);
  g_free(listing);
}

static gpointer
listing_from_row(AnyiStoreRow *row)
{
  AnyiHandoffListing *listing = g_new0(AnyiHandoffListing, 1);

  listing->id = anyi_store_row_int64(row);
  listing->case_number = anyi_store_row_text(row);
  listing->reason = anyi_store_row_text(row);
  listing->created_at = anyi_store_row_int64(row);
  return listing;
}

GPtrArray *
anyi_store_handoffs_open_page(AnyiStore *store, gint64 before_id, int limit, GError **error)
{
  /* Keyset paging on the (status, id) index: a page deep in the list costs
   * what the first one does. */
  sqlite3_stmt *stmt = anyi_store_prepare(
      store,
      "SELECT h.id, c.number, h.reason, h.created_at FROM handoffs AS h JOIN cases AS c ON "
      "c.id = h.case_id WHERE h.status = 'open' AND h.id < ? ORDER BY h.id DESC LIMIT ?",
      error);

  if (!stmt)
    return NULL;
  sqlite3_bind_int64(stmt, 1, before_id > 0 ? before_id : G_MAXINT64);
  sqlite3_bind_int(stmt, 2, limit);
  return anyi_store_read_all(store, stmt, listing_from_row,
                             (GDestroyNotify)anyi_handoff_listing_free, "list a page of handoffs",
                             error);
}

gint64
anyi_store_handoffs_open_count(AnyiStore *store, GError **error)
{
  sqlite3_stmt *stmt =
      anyi_store_prepare(store, "SELECT COUNT(*) FROM handoffs WHERE status = 'open'", error);
  gint64 count;

  if (!stmt)
    return -1;
  if (sqlite3_step(stmt) != SQLITE_ROW) {
    sqlite3_reset(stmt);
    anyi_store_fail(store, error, "count open handoffs");
    return -1;
  }
  count = sqlite3_column_int64(stmt, 0);
  sqlite3_reset(stmt);
  return count;
}
