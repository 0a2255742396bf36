/* SPDX-License-Identifier: GPL-3.0-or-later */
/* anyi-store-log-query.c: the kiosk's log as the staff page reviews it, one
 * list made of five tables, filtered by day, kind and case, paged by key.
 *
 * Each table is read on its own time index from where the page starts (at
 * most a page from each), and the pieces are merged here: no OFFSET, no
 * UNION that SQLite would sort whole, so the cost of a page does not grow
 * with the log. */
#include "anyi-store-private.h"
#include "log/anyi-log.h"

#include <errno.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <unistd.h>

/* The tables, in the order rows of the same second are listed (the higher
 * first): part of the cursor. */
enum { SOURCE_CASE_EVENTS, SOURCE_HANDOFFS, SOURCE_PRINT_JOBS, SOURCE_DEVICE_EVENTS, SOURCE_AUDIT };

/* Every statement takes: ?1 since, ?2 until, ?3 and ?4 the page's start (at,
 * id), ?5 the kinds, ?6 the case (its id, or its number for the audit log),
 * ?7 the limit, ?8 one kind (see KEYED); and lists at, id, kinds, who, what, case number, detail.
 */
#define RANGE(col, id)                                                                             \
  col " >= ?1 AND " col " < ?2 AND " col " <= ?3 AND (" col " < ?3 OR " id " < ?4)"
#define KINDS(mask) " AND ((" mask ") & ?5) <> 0"

#define CASE_EVENTS_SELECT                                                                         \
  "SELECT e.at, e.id, 1, '', e.event, c.number, trim(COALESCE(e.state_from || ' -> ' || "          \
  "e.state_to, '') || ' ' || COALESCE(e.detail, '')) FROM case_events AS e JOIN cases AS c ON "    \
  "c.id = e.case_id WHERE " RANGE("e.at", "e.id")
#define CASE_EVENTS_END " AND (?5 & 1) <> 0 ORDER BY e.at DESC, e.id DESC LIMIT ?7"

#define HANDOFFS_SELECT                                                                            \
  "SELECT h.created_at, h.id, 2, h.window, h.reason, c.number, h.status FROM handoffs AS h JOIN "  \
  "cases AS c ON c.id = h.case_id WHERE " RANGE("h.created_at", "h.id")
#define HANDOFFS_END " AND (?5 & 2) <> 0 ORDER BY h.created_at DESC, h.id DESC LIMIT ?7"

/* The tables with rows of several kinds are also read one kind at a time,
 * on an index of (kind, time) (migration 8), when the filter wants only
 * some of their kinds: otherwise a rare kind would be looked for through
 * the whole table. ?8 is the kind then. */
#define KEYED(mask) " AND (" mask ") = ?8"

#define PRINT_JOBS_SELECT                                                                          \
  "SELECT created_at, id, " ANYI_LOG_PRINT_KINDS ", role, state, (SELECT number FROM cases WHERE " \
  "cases.id = print_jobs.case_id), trim(template || ' ' || COALESCE(detail, '')) FROM "            \
  "print_jobs WHERE " RANGE("created_at", "id") KINDS(ANYI_LOG_PRINT_KINDS)
#define PRINT_JOBS_END " ORDER BY created_at DESC, id DESC LIMIT ?7"

#define DEVICE_EVENTS_SELECT                                                                       \
  "SELECT at, id, " ANYI_LOG_DEVICE_KINDS ", device, kind, NULL, detail FROM device_events "       \
  "WHERE " RANGE("at", "id") KINDS(ANYI_LOG_DEVICE_KINDS)
#define DEVICE_EVENTS_END " ORDER BY at DESC, id DESC LIMIT ?7"

/* A sign-in's subject is its attempt's row id, nothing for staff to read. */
#define AUDIT_SELECT                                                                               \
  "SELECT at, id, " ANYI_LOG_AUDIT_KINDS ", actor, action, CASE WHEN subject GLOB "                \
  "'[0-9][0-9][0-9][0-9]-[A-Z][0-9][0-9][0-9]*' THEN subject END, trim(CASE WHEN action "          \
  "GLOB 'sign-in*' THEN '' ELSE COALESCE(subject, '') END || ' ' || COALESCE(detail, '')) "        \
  "FROM audit_log WHERE " RANGE("at", "id") KINDS(ANYI_LOG_AUDIT_KINDS)
#define AUDIT_END " ORDER BY at DESC, id DESC LIMIT ?7"

typedef struct {
  const char *every_row;
  const char *one_case; /* NULL: the table has no case rows */
  gboolean case_by_number;
  const char *one_kind; /* NULL: all the table's rows are of one kind */
  guint kinds[4];       /* the values its kinds column takes, 0-terminated */
} LogSource;

static const LogSource log_sources[] = {
    [SOURCE_CASE_EVENTS] = {CASE_EVENTS_SELECT CASE_EVENTS_END,
                            CASE_EVENTS_SELECT " AND e.case_id = ?6" CASE_EVENTS_END,
                            FALSE,
                            NULL,
                            {ANYI_LOG_KIND_CASE}},
    [SOURCE_HANDOFFS] = {HANDOFFS_SELECT HANDOFFS_END,
                         HANDOFFS_SELECT " AND h.case_id = ?6" HANDOFFS_END,
                         FALSE,
                         NULL,
                         {ANYI_LOG_KIND_HANDOFF}},
    [SOURCE_PRINT_JOBS] = {PRINT_JOBS_SELECT PRINT_JOBS_END,
                           PRINT_JOBS_SELECT " AND case_id = ?6" PRINT_JOBS_END,
                           FALSE,
                           PRINT_JOBS_SELECT KEYED(ANYI_LOG_PRINT_KINDS) PRINT_JOBS_END,
                           {ANYI_LOG_KIND_PRINT, ANYI_LOG_KIND_PRINT | ANYI_LOG_KIND_ERROR}},
    [SOURCE_DEVICE_EVENTS] = {DEVICE_EVENTS_SELECT DEVICE_EVENTS_END,
                              NULL,
                              FALSE,
                              DEVICE_EVENTS_SELECT KEYED(ANYI_LOG_DEVICE_KINDS) DEVICE_EVENTS_END,
                              {ANYI_LOG_KIND_DEVICE, ANYI_LOG_KIND_DEVICE | ANYI_LOG_KIND_ERROR}},
    [SOURCE_AUDIT] = {AUDIT_SELECT AUDIT_END,
                      AUDIT_SELECT " AND subject = ?6" AUDIT_END,
                      TRUE,
                      AUDIT_SELECT KEYED(ANYI_LOG_AUDIT_KINDS) AUDIT_END,
                      {ANYI_LOG_KIND_STAFF, ANYI_LOG_KIND_ERROR, ANYI_LOG_KIND_KIOSK}},
};

void
anyi_log_cursor_init(AnyiLogCursor *cursor)
{
  cursor->at = G_MAXINT64;
  cursor->source = G_N_ELEMENTS(log_sources);
  cursor->id = G_MAXINT64;
}

void
anyi_log_entry_free(AnyiLogEntry *entry)
{
  if (!entry)
    return;
  anyi_secure_free_string(entry->who);
  anyi_secure_free_string(entry->what);
  anyi_secure_free_string(entry->case_number);
  anyi_secure_free_string(entry->detail);
  g_free(entry);
}

AnyiLogKind
anyi_log_kind_main(guint kinds)
{
  if (kinds & ANYI_LOG_KIND_ERROR)
    return ANYI_LOG_KIND_ERROR;
  for (guint bit = 1; bit <= ANYI_LOG_KINDS_ALL; bit <<= 1)
    if (kinds & bit)
      return bit;
  return ANYI_LOG_KIND_KIOSK;
}

static gpointer
log_entry_from_row(AnyiStoreRow *row)
{
  AnyiLogEntry *entry = g_new0(AnyiLogEntry, 1);

  entry->at = anyi_store_row_int64(row);
  entry->id = anyi_store_row_int64(row);
  entry->kinds = anyi_store_row_int(row);
  entry->who = anyi_store_row_text(row);
  entry->what = anyi_store_row_text(row);
  entry->case_number = anyi_store_row_text(row);
  entry->detail = anyi_store_row_text(row);
  return entry;
}

/* The case to look for: its id in @case_id (0 when the number names no
 * case: only the audit log may still name it). */
typedef struct {
  const char *number; /* NULL: every row */
  gint64 case_id;
} CaseKey;

static gboolean
case_key_find(AnyiStore *store, const AnyiLogFilter *filter, CaseKey *key, GError **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(AnyiStoredCase) stored = NULL;

  key->number = filter->case_number && *filter->case_number ? filter->case_number : NULL;
  key->case_id = 0;
  if (!key->number)
    return TRUE;
  stored = anyi_store_case_find(store, key->number, &local_error);
  if (stored)
    key->case_id = stored->id;
  else if (!g_error_matches(local_error, ANYI_STORE_ERROR, ANYI_STORE_ERROR_NOT_FOUND)) {
    g_propagate_error(error, g_steal_pointer(&local_error));
    return FALSE;
  }
  return TRUE;
}

/* The page starts after the cursor in the order (at, source, id), newest
 * first: in one table that is (at, id) below a bound that depends on where
 * the table stands against the cursor's. */
static void
bind_page_start(sqlite3_stmt *stmt, int source, const AnyiLogCursor *after)
{
  gint64 id_bound = source < after->source    ? G_MAXINT64
                    : source == after->source ? after->id
                                              : G_MININT64;

  sqlite3_bind_int64(stmt, 3, after->at);
  sqlite3_bind_int64(stmt, 4, id_bound);
}

static gboolean
read_statement(AnyiStore *store, int source, const char *sql, guint one_kind,
               const AnyiLogFilter *filter, const CaseKey *key, const AnyiLogCursor *after,
               int limit, GPtrArray *into, GError **error)
{
  const LogSource *from = &log_sources[source];
  g_autoptr(GPtrArray) rows = NULL;
  sqlite3_stmt *stmt = anyi_store_prepare(store, sql, error);

  if (!stmt)
    return FALSE;
  sqlite3_bind_int64(stmt, 1, filter->since);
  sqlite3_bind_int64(stmt, 2, filter->until > 0 ? filter->until : G_MAXINT64);
  bind_page_start(stmt, source, after);
  sqlite3_bind_int(stmt, 5, filter->kinds ? filter->kinds : ANYI_LOG_KINDS_ALL);
  if (from->case_by_number)
    anyi_store_bind_text(stmt, 6, key->number);
  else
    sqlite3_bind_int64(stmt, 6, key->case_id);
  sqlite3_bind_int(stmt, 7, limit);
  sqlite3_bind_int(stmt, 8, one_kind);
  rows = anyi_store_read_all(store, stmt, log_entry_from_row, (GDestroyNotify)anyi_log_entry_free,
                             "read the log", error);
  if (!rows)
    return FALSE;
  for (guint i = 0; i < rows->len; i++) {
    ((AnyiLogEntry *)rows->pdata[i])->source = source;
    g_ptr_array_add(into, g_steal_pointer(&rows->pdata[i]));
  }
  return TRUE;
}

/* A case's rows are few: read on the case, the kinds checked row by row.
 * Otherwise the whole table on its time index when the filter wants all
 * its kinds, else each kind wanted on its (kind, time) index. */
static gboolean
read_source(AnyiStore *store, int source, const AnyiLogFilter *filter, const CaseKey *key,
            const AnyiLogCursor *after, int limit, GPtrArray *into, GError **error)
{
  const LogSource *from = &log_sources[source];
  guint wanted = filter->kinds ? filter->kinds : ANYI_LOG_KINDS_ALL;
  guint n_kinds = 0, n_wanted = 0;

  if (key->number) {
    if (!from->one_case || (!from->case_by_number && key->case_id == 0))
      return TRUE;
    return read_statement(store, source, from->one_case, 0, filter, key, after, limit, into, error);
  }
  for (; n_kinds < G_N_ELEMENTS(from->kinds) && from->kinds[n_kinds]; n_kinds++)
    n_wanted += (from->kinds[n_kinds] & wanted) != 0;
  if (n_wanted == 0)
    return TRUE;
  if (n_wanted == n_kinds || !from->one_kind)
    return read_statement(store, source, from->every_row, 0, filter, key, after, limit, into,
                          error);
  for (guint i = 0; i < n_kinds; i++)
    if ((from->kinds[i] & wanted) && !read_statement(store, source, from->one_kind, from->kinds[i],
                                                     filter, key, after, limit, into, error))
      return FALSE;
  return TRUE;
}

static int
compare_newest_first(gconstpointer a, gconstpointer b)
{
  const AnyiLogEntry *x = *(const AnyiLogEntry *const *)a;
  const AnyiLogEntry *y = *(const AnyiLogEntry *const *)b;

  if (x->at != y->at)
    return x->at > y->at ? -1 : 1;
  if (x->source != y->source)
    return x->source > y->source ? -1 : 1;
  return x->id > y->id ? -1 : x->id < y->id;
}

GPtrArray *
anyi_store_log_page(AnyiStore *store, const AnyiLogFilter *filter, AnyiLogCursor *after, int limit,
                    GError **error)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func((GDestroyNotify)anyi_log_entry_free);
  CaseKey key;

  g_return_val_if_fail(store && filter && after && limit > 0, NULL);
  if (!case_key_find(store, filter, &key, error))
    return NULL;
  for (int source = 0; source < (int)G_N_ELEMENTS(log_sources); source++)
    if (!read_source(store, source, filter, &key, after, limit, rows, error))
      return NULL;
  g_ptr_array_sort(rows, compare_newest_first);
  if (rows->len > (guint)limit)
    g_ptr_array_set_size(rows, limit);
  if (rows->len > 0) {
    const AnyiLogEntry *last = rows->pdata[rows->len - 1];

    after->at = last->at;
    after->source = last->source;
    after->id = last->id;
  }
  return g_steal_pointer(&rows);
}

/* ---- CSV export ---- */

#define EXPORT_PAGE 500

static const char *
kind_code(guint kinds)
{
  switch (anyi_log_kind_main(kinds)) {
  case ANYI_LOG_KIND_CASE:
    return "case";
  case ANYI_LOG_KIND_HANDOFF:
    return "handoff";
  case ANYI_LOG_KIND_PRINT:
    return "print";
  case ANYI_LOG_KIND_DEVICE:
    return "device";
  case ANYI_LOG_KIND_STAFF:
    return "staff";
  case ANYI_LOG_KIND_ERROR:
    return "error";
  case ANYI_LOG_KIND_KIOSK:
  default:
    return "kiosk";
  }
}

/* Masked, quoted, and never read by a spreadsheet as a formula. */
static void
append_csv_field(GString *line, const char *value)
{
  g_autofree char *masked = anyi_mask_id_numbers(value ? value : "");

  if (line->len > 0)
    g_string_append_c(line, ',');
  g_string_append_c(line, '"');
  if (strchr("=+-@\t\r", masked[0]) && masked[0])
    g_string_append_c(line, '\'');
  for (const char *c = masked; *c; c++) {
    if (*c == '"')
      g_string_append_c(line, '"');
    g_string_append_c(line, *c);
  }
  g_string_append_c(line, '"');
}

static void
csv_line(GString *line, const AnyiLogEntry *entry)
{
  g_autoptr(GDateTime) when = g_date_time_new_from_unix_local(entry->at);
  g_autofree char *at = when ? g_date_time_format(when, "%Y-%m-%d %H:%M:%S") : g_strdup("");

  g_string_truncate(line, 0);
  append_csv_field(line, at);
  append_csv_field(line, kind_code(entry->kinds));
  append_csv_field(line, entry->case_number);
  append_csv_field(line, entry->who);
  append_csv_field(line, entry->what);
  append_csv_field(line, entry->detail);
  g_string_append(line, "\r\n");
}

static gboolean
io_fail(GError **error, const char *path, int saved_errno)
{
  g_set_error(error, G_IO_ERROR, g_io_error_from_errno(saved_errno), "cannot write %s: %s", path,
              g_strerror(saved_errno));
  return FALSE;
}

static gboolean
write_rows(AnyiStore *store, const AnyiLogFilter *filter, FILE *out, const char *path, gint64 *rows,
           GError **error)
{
  g_autoptr(GString) line = g_string_new(NULL);
  AnyiLogCursor cursor;

  anyi_log_cursor_init(&cursor);
  if (fputs("\"time\",\"kind\",\"case\",\"who\",\"what\",\"detail\"\r\n", out) < 0)
    return io_fail(error, path, errno);
  for (;;) {
    g_autoptr(GPtrArray) page = anyi_store_log_page(store, filter, &cursor, EXPORT_PAGE, error);

    if (!page)
      return FALSE;
    for (guint i = 0; i < page->len; i++) {
      csv_line(line, page->pdata[i]);
      if (fwrite(line->str, 1, line->len, out) != line->len)
        return io_fail(error, path, errno);
    }
    *rows += page->len;
    if (page->len < EXPORT_PAGE)
      return TRUE;
  }
}

gboolean
anyi_store_log_export_csv(AnyiStore *store, const AnyiLogFilter *filter, const char *path,
                          gint64 *rows, GError **error)
{
  g_autofree char *partial = g_strconcat(path, ".part", NULL);
  gint64 written = 0;
  gboolean ok;
  FILE *out = g_fopen(partial, "wb");

  if (!out)
    return io_fail(error, partial, errno);
  ok = write_rows(store, filter, out, partial, &written, error);
  /* a stick pulled out half way must not leave a file that looks whole */
  if (fflush(out) != 0 || fsync(fileno(out)) != 0)
    ok = ok && io_fail(error, partial, errno);
  if (fclose(out) != 0)
    ok = ok && io_fail(error, partial, errno);
  if (ok && g_rename(partial, path) != 0)
    ok = io_fail(error, path, errno);
  if (!ok)
    g_unlink(partial);
  else if (rows)
    *rows = written;
  return ok;
}
