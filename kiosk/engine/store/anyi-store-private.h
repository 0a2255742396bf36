/* SPDX-License-Identifier: GPL-3.0-or-later */
/* anyi-store-private.h: shared between the store's own files only.
 *
 * Each table has its file (anyi-store-cases.c, anyi-store-staff.c, ...);
 * they run their SQL through the helpers below, so a record reader is only
 * the list of its columns. */
#pragma once

#include "anyi-store.h"
#include "usb/anyi-secure.h"

#include <gio/gio.h>

#include <sqlite3.h>
#include <sys/types.h>

struct _AnyiStore {
  sqlite3 *db;
  char *path;
  /* the file the connection has open: a technician who replaces it (a new
   * inode at the same path) is noticed by anyi_store_file_replaced() */
  dev_t file_device;
  ino_t file_inode;
  GHashTable *statements; /* SQL text -> sqlite3_stmt*, prepared once */
  gint64 (*now)(void);
  AnyiStoreOutageFunc outage_func;
  gpointer outage_data;
  /* anyi_store_watch_file (anyi-store-watch.c) */
  GFileMonitor *monitor;
  AnyiStoreReplacedFunc replaced_func;
  gpointer replaced_data;
  gboolean replaced_waits; /* noticed during a case: followed at its end */
  /* anyi-store-carry.c: the old file's cases seen under way when it was
   * found replaced (gint64 ids), carried to the new one at the switch; and
   * the ids that changed on the way (gint64 -> gint64) */
  GArray *carry_cases;
  GHashTable *moved_cases;
  GHashTable *moved_jobs;
  /* the WAL and shared memory the connection has open: when only the
   * database itself is moved, they stay at the path (see anyi_store_reopen) */
  dev_t wal_device, shm_device;
  ino_t wal_inode, shm_inode;
};

G_GNUC_INTERNAL const char *anyi_store_migration_sql(int version);

/* The kinds (AnyiLogKind bits) of a row of the tables with several, as SQL
 * (anyi-store-log-query.c). Migration 8 indexes these very expressions:
 * SQLite uses such an index only for the same text, and a released
 * migration never changes, so neither do they; a new kind of row is a new
 * expression with a new index. */
#define ANYI_LOG_PRINT_KINDS "CASE WHEN state IN ('failed', 'not-printed') THEN 36 ELSE 4 END"
/* A device well again ("ok"), plugged or recovered is no error. */
#define ANYI_LOG_DEVICE_KINDS "CASE WHEN kind IN ('ok', 'plugged', 'recovered') THEN 8 ELSE 40 END"
/* Sign-in attempts (0) are never listed: their outcome follows and says
 * more. Rows by a person are staff actions; the kiosk's own failures are
 * errors, its other notes its own kind. */
#define ANYI_LOG_AUDIT_KINDS                                                                       \
  "CASE WHEN action = 'sign-in-attempt' THEN 0 WHEN actor <> 'kiosk' THEN 16 WHEN action IN "      \
  "('recovery-failed', 'document-not-printed', 'print-job-not-printed', 'staff-alert', "           \
  "'out-of-service', 'retention-clock-held') THEN 32 ELSE 64 END"

/* ---- clock and transactions (anyi-store.c) ---- */

/* SQL reads the store's clock (anyi_store_now()) as anyi_now(): statements
 * stamp their rows themselves. */
G_GNUC_INTERNAL gboolean anyi_store_begin(AnyiStore *store, GError **error);
G_GNUC_INTERNAL gboolean anyi_store_commit(AnyiStore *store, GError **error);
G_GNUC_INTERNAL void anyi_store_rollback(AnyiStore *store);
/* Stops watching the file (anyi-store-watch.c). */
G_GNUC_INTERNAL void anyi_store_unwatch_file(AnyiStore *store);

/* ---- following a replaced file (anyi-store-carry.c) ---- */

/* Notes the cases the store's file has under way (not final), to carry
 * them to the file at the path when the store follows it. */
G_GNUC_INTERNAL void anyi_store_note_work_under_way(AnyiStore *store);
/* The same, only when the file at the path is no longer the store's (a
 * stat): called as a case moves, so that a case that ends in a deleted file
 * is carried even when the file monitor said nothing. */
G_GNUC_INTERNAL void anyi_store_note_if_replaced(AnyiStore *store);
/* On the old connection, before it goes: copies the cases noted or still
 * unfinished, and every paper not settled, with all their rows, into the
 * (migrated) file at the store's path. */
G_GNUC_INTERNAL gboolean anyi_store_carry_work(AnyiStore *store, GError **error);
/* The id a case or print job has now: different only when it was carried
 * to a new file whose id it was already taken. */
G_GNUC_INTERNAL gint64 anyi_store_case_id_now(AnyiStore *store, gint64 case_id);
G_GNUC_INTERNAL gint64 anyi_store_job_id_now(AnyiStore *store, gint64 job_id);

/* ---- statements (anyi-store-query.c) ---- */

/* The statement for @sql, reset and unbound. @sql must live as long as the
 * store (a literal): it is the key under which the statement is kept. */
G_GNUC_INTERNAL sqlite3_stmt *anyi_store_prepare(AnyiStore *store, const char *sql, GError **error);
/* The store's error for an SQLite result code (primary or extended). */
G_GNUC_INTERNAL AnyiStoreError anyi_store_error_of_sqlite(int code, AnyiStoreError otherwise);
/* Sets @error from SQLite's last failure, naming @what: CONFLICT for a
 * broken constraint, FULL, LOCKED, CORRUPT or DISK for an outage (which is
 * also told to the outage function), IO for anything else. Returns FALSE. */
G_GNUC_INTERNAL gboolean anyi_store_fail(AnyiStore *store, GError **error, const char *what);
/* Binds a copy of @text (NULL binds NULL). */
G_GNUC_INTERNAL void anyi_store_bind_text(sqlite3_stmt *stmt, int index, const char *text);
/* @values as a JSON array, to bind where the SQL reads a list of any length
 * with `IN (SELECT value FROM json_each(?))`: the statement text stays the
 * same, so it is prepared once. */
G_GNUC_INTERNAL char *anyi_store_json_list(const char *const *values);
/* Steps a write statement once; FALSE with the error set unless SQLITE_DONE. */
G_GNUC_INTERNAL gboolean anyi_store_step_done(AnyiStore *store, sqlite3_stmt *stmt,
                                              const char *what, GError **error);
/* Steps a write meant to change exactly one row. When it changed none,
 * FALSE with @code and the message made of @format. */
G_GNUC_INTERNAL gboolean anyi_store_change_one(AnyiStore *store, sqlite3_stmt *stmt,
                                               const char *what, AnyiStoreError code,
                                               GError **error, const char *format, ...)
    G_GNUC_PRINTF(6, 7);

/* ---- rows (anyi-store-query.c) ---- */

/* The row a SELECT stands on, read column after column in the order of the
 * SELECT list. */
typedef struct {
  sqlite3_stmt *stmt;
  int column;
} AnyiStoreRow;

G_GNUC_INTERNAL gint64 anyi_store_row_int64(AnyiStoreRow *row);
G_GNUC_INTERNAL int anyi_store_row_int(AnyiStoreRow *row);
/* A copy of the next column's text; NULL when the column is NULL. Any
 * text may hold a citizen's data (a detail, a summary, a note): whatever
 * holds the copy frees it with anyi_secure_free_string(), as every record
 * free function of the store does, never with g_free(). */
G_GNUC_INTERNAL char *anyi_store_row_text(AnyiStoreRow *row);

/* Makes one record of a row. */
typedef gpointer (*AnyiStoreRowReader)(AnyiStoreRow *row);

/* Steps @stmt to its end, a record a row; NULL with @error set when SQLite
 * fails part way (what was read is dropped). */
G_GNUC_INTERNAL GPtrArray *anyi_store_read_all(AnyiStore *store, sqlite3_stmt *stmt,
                                               AnyiStoreRowReader read_row,
                                               GDestroyNotify free_record, const char *what,
                                               GError **error);
/* The record of the one row of @stmt; NULL with NOT_FOUND (the message made
 * of @missing) when there is none, or with the SQLite error. */
G_GNUC_INTERNAL gpointer anyi_store_read_one(AnyiStore *store, sqlite3_stmt *stmt,
                                             AnyiStoreRowReader read_row, const char *what,
                                             GError **error, const char *missing, ...)
    G_GNUC_PRINTF(6, 7);

/* ---- shared by cases and handoffs (anyi-store-cases.c) ---- */

/* Appends an event to the history of a case. */
G_GNUC_INTERNAL gboolean anyi_store_case_event_add(AnyiStore *store, gint64 case_id,
                                                   const char *event, const char *from,
                                                   const char *to, const char *detail,
                                                   GError **error);
/* Moves a case from @from to @to (CONFLICT when it is not in @from), keeping
 * its data when @data_json is NULL. Records no event. */
G_GNUC_INTERNAL gboolean anyi_store_case_move(AnyiStore *store, gint64 case_id, const char *from,
                                              const char *to, const char *data_json,
                                              GError **error);

/* ---- owed documents (anyi-store-print-jobs.c) ---- */

/* Inside a transaction: records @documents as pending jobs of @case_id. */
G_GNUC_INTERNAL gboolean anyi_store_print_jobs_owe(AnyiStore *store, gint64 case_id,
                                                   const AnyiStoreDocument *documents,
                                                   guint n_documents, GError **error);

/* ---- the hall ledger's outbox (anyi-store-outbox.c) ---- */

/* Inside a transaction: an outbox row with the case as it now stands, when
 * @always (a handoff), the case is in a final state, or it went to the
 * ledger before. */
G_GNUC_INTERNAL gboolean anyi_store_outbox_add(AnyiStore *store, gint64 case_id, gboolean always,
                                               const char *kind, const char *event,
                                               const char *from, const char *to, const char *detail,
                                               GError **error);
