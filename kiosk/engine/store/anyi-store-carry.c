/* SPDX-License-Identifier: GPL-3.0-or-later */
/* anyi-store-carry.c: what the old file still has under way goes with the
 * store to the file a technician put at its path (anyi-store-private.h).
 *
 * A case begun before the file was deleted or replaced goes on in the old
 * file, the only one holding its start; at the boundary where the store
 * follows the new file, the case (with its history, handoff, payment,
 * papers and what the hall ledger still owes) is copied there, or the
 * window could never open it and the ledger would never hear of its end.
 * So is every paper not yet settled (still printing), so that its last
 * state lands in the file that has its case. Ids are kept when the new
 * file has them free (always when it was made empty); the others get new
 * ones, and the store maps the old id to the new one for whoever still
 * holds it (a print job's callback).
 *
 * The new file may be an older copy of the old one (a backup put back):
 * it has the case under way by its number, in the state it had when the
 * copy was taken. When the old file has the case further on (a higher
 * revision, schema 13), its case overwrites the copy's, with all of its
 * rows: the copy's rows of that case go first, so that none is there
 * twice and their ids are free for the old file's. */
#include "anyi-store-outbox.h"
#include "anyi-store-private.h"

/* The states of a paper that is over, one way or the other: the others
 * are still printing, or owed. */
#define SETTLED_PRINT_STATES "('printed', 'failed', 'uncertain', 'not-printed')"

static void
note_case(AnyiStore *store, gint64 case_id)
{
  for (guint i = 0; i < store->carry_cases->len; i++)
    if (g_array_index(store->carry_cases, gint64, i) == case_id)
      return;
  g_array_append_val(store->carry_cases, case_id);
}

void
anyi_store_note_work_under_way(AnyiStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *finals = anyi_store_json_list(anyi_store_outbox_final_states());
  sqlite3_stmt *stmt = anyi_store_prepare(
      store, "SELECT id FROM cases WHERE state NOT IN (SELECT value FROM json_each(?))", &error);

  if (!stmt) {
    g_warning("store: cannot tell which cases the replaced file has under way: %s", error->message);
    return;
  }
  int rc;

  anyi_store_bind_text(stmt, 1, finals);
  while ((rc = sqlite3_step(stmt)) == SQLITE_ROW)
    note_case(store, sqlite3_column_int64(stmt, 0));
  /* a damaged file (the reason it was replaced, perhaps): what it has
   * under way is not known, and the carry will say what it left */
  if (rc != SQLITE_DONE)
    g_warning("store: cannot tell which cases the replaced file has under way: %s (sqlite %d)",
              sqlite3_errmsg(store->db), sqlite3_extended_errcode(store->db));
  sqlite3_reset(stmt);
}

void
anyi_store_note_if_replaced(AnyiStore *store)
{
  if (store->replaced_func && anyi_store_file_replaced(store))
    anyi_store_note_work_under_way(store);
}

static gboolean
exec_sql(sqlite3 *db, const char *sql, GError **error)
{
  char *message = NULL;

  if (sqlite3_exec(db, sql, NULL, NULL, &message) == SQLITE_OK)
    return TRUE;
  g_set_error(error, ANYI_STORE_ERROR,
              anyi_store_error_of_sqlite(sqlite3_extended_errcode(db), ANYI_STORE_ERROR_IO),
              "%s (sqlite %d)", message ? message : sqlite3_errmsg(db),
              sqlite3_extended_errcode(db));
  sqlite3_free(message);
  return FALSE;
}

/* Runs @sql with @texts bound in order (?1, ?2...). */
static gboolean
exec_bound(sqlite3 *db, const char *sql, const char *const *texts, guint n_texts, GError **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc = sqlite3_prepare_v2(db, sql, -1, &stmt, NULL);

  for (guint i = 0; rc == SQLITE_OK && i < n_texts; i++)
    rc = sqlite3_bind_text(stmt, (int)i + 1, texts[i], -1, SQLITE_TRANSIENT);
  if (rc == SQLITE_OK)
    rc = sqlite3_step(stmt);
  sqlite3_finalize(stmt);
  if (rc == SQLITE_DONE)
    return TRUE;
  g_set_error(error, ANYI_STORE_ERROR,
              anyi_store_error_of_sqlite(sqlite3_extended_errcode(db), ANYI_STORE_ERROR_IO),
              "%s (sqlite %d)", sqlite3_errmsg(db), sqlite3_extended_errcode(db));
  return FALSE;
}

/* The same case in the new file (a copy of the old one): same number,
 * begun at the same time. */
#define SAME_CASE_IN_FRESH                                                                         \
  "fresh.cases AS f WHERE f.number = c.number AND f.created_at = c.created_at"

/* The cases to carry: those noted under way when the file was found
 * replaced, those still unfinished, and those with a paper not settled.
 * A case the new file has already (by its number: a copy of the old file)
 * stays as the new file has it, unless the old file has it further on,
 * under way or not (handed off since the copy was taken, say): then it
 * overwrites the copy's, keeping the copy's id. */
static const char seed_cases_sql[] =
    "INSERT INTO temp.carry_cases (old_id, new_id, overwrite) SELECT c.id, (SELECT f.id "
    "FROM " SAME_CASE_IN_FRESH "), EXISTS (SELECT 1 FROM " SAME_CASE_IN_FRESH
    ") FROM main.cases AS c "
    "WHERE ((c.id IN (SELECT value FROM json_each(?1)) OR c.state NOT IN (SELECT value FROM "
    "json_each(?2)) OR c.id IN (SELECT case_id FROM main.print_jobs WHERE state NOT "
    "IN " SETTLED_PRINT_STATES ")) AND c.number NOT IN (SELECT number FROM fresh.cases)) OR "
    "c.revision > (SELECT f.revision FROM " SAME_CASE_IN_FRESH ")";

/* The copy's rows of the cases overwritten: the old file has them all,
 * some further on; the ledger's entries the copy still owes were sent
 * from the old file, or are still owed there. */
static const char clear_overwritten_sql[] =
    "DELETE FROM fresh.case_events WHERE case_id IN (SELECT new_id FROM temp.carry_cases WHERE "
    "overwrite);"
    "DELETE FROM fresh.handoffs WHERE case_id IN (SELECT new_id FROM temp.carry_cases WHERE "
    "overwrite);"
    "DELETE FROM fresh.payments WHERE case_id IN (SELECT new_id FROM temp.carry_cases WHERE "
    "overwrite);"
    "DELETE FROM fresh.print_jobs WHERE case_id IN (SELECT new_id FROM temp.carry_cases WHERE "
    "overwrite);"
    "DELETE FROM fresh.ledger_outbox WHERE case_id IN (SELECT new_id FROM temp.carry_cases WHERE "
    "overwrite);";

/* Every paper of those cases, and the papers of no case (a test page)
 * still printing; then new ids for rows whose id the new file has taken,
 * numbered on from the highest id there. */
static const char plan_sql[] =
    "INSERT INTO temp.carry_jobs (old_id) SELECT id FROM main.print_jobs WHERE case_id IN "
    "(SELECT old_id FROM temp.carry_cases) OR (case_id IS NULL AND state NOT "
    "IN " SETTLED_PRINT_STATES ");"
    "UPDATE temp.carry_cases SET new_id = old_id WHERE new_id IS NULL AND old_id NOT IN (SELECT "
    "id FROM fresh.cases);"
    "CREATE TEMP TABLE carry_renumber AS SELECT old_id, (SELECT coalesce(max(id), 0) FROM "
    "fresh.cases) + max(0, (SELECT coalesce(max(new_id), 0) FROM temp.carry_cases) - (SELECT "
    "coalesce(max(id), 0) FROM fresh.cases)) + row_number() OVER (ORDER BY old_id) AS new_id "
    "FROM temp.carry_cases WHERE new_id IS NULL;"
    "UPDATE temp.carry_cases SET new_id = (SELECT r.new_id FROM temp.carry_renumber AS r WHERE "
    "r.old_id = carry_cases.old_id) WHERE new_id IS NULL;"
    "DROP TABLE temp.carry_renumber;"
    "UPDATE temp.carry_jobs SET new_id = old_id WHERE old_id NOT IN (SELECT id FROM "
    "fresh.print_jobs);"
    "CREATE TEMP TABLE carry_renumber AS SELECT old_id, (SELECT coalesce(max(id), 0) FROM "
    "fresh.print_jobs) + max(0, (SELECT coalesce(max(new_id), 0) FROM temp.carry_jobs) - (SELECT "
    "coalesce(max(id), 0) FROM fresh.print_jobs)) + row_number() OVER (ORDER BY old_id) AS new_id "
    "FROM temp.carry_jobs WHERE new_id IS NULL;"
    "UPDATE temp.carry_jobs SET new_id = (SELECT r.new_id FROM temp.carry_renumber AS r WHERE "
    "r.old_id = carry_jobs.old_id) WHERE new_id IS NULL;"
    "DROP TABLE temp.carry_renumber;";

/* The rows themselves. The ledger's sequence goes on from the old file's:
 * the hall's server keeps a case's update only when its sequence number is
 * above the last it has; an entry keeps its number when it is free, so
 * that one the pusher sent just before the switch is known to the server
 * when it comes again. The window's own rows (its actions, the
 * messages they queue) are not carried: a case under way at the kiosk has
 * none yet. */
static const char copy_sql[] =
    "INSERT INTO fresh.cases (id, number, service_id, state, data, created_at, updated_at, "
    "in_ledger) SELECT m.new_id, c.number, c.service_id, c.state, c.data, c.created_at, "
    "c.updated_at, c.in_ledger FROM main.cases AS c JOIN temp.carry_cases AS m ON m.old_id = c.id "
    "WHERE NOT m.overwrite ORDER BY c.id;"
    "UPDATE fresh.cases AS f SET (service_id, state, data, updated_at, in_ledger) = (SELECT "
    "c.service_id, c.state, c.data, c.updated_at, c.in_ledger FROM main.cases AS c JOIN "
    "temp.carry_cases AS m ON m.old_id = c.id WHERE m.new_id = f.id) WHERE f.id IN (SELECT "
    "new_id FROM temp.carry_cases WHERE overwrite);"
    "INSERT INTO fresh.case_events (case_id, at, event, state_from, state_to, detail) SELECT "
    "m.new_id, e.at, e.event, e.state_from, e.state_to, e.detail FROM main.case_events AS e JOIN "
    "temp.carry_cases AS m ON m.old_id = e.case_id ORDER BY e.id;"
    "INSERT INTO fresh.handoffs (case_id, reason, window, summary, status, created_at, owner, "
    "outcome, outcome_reason, citizen_note, outcome_at) SELECT m.new_id, h.reason, h.window, "
    "h.summary, h.status, h.created_at, h.owner, h.outcome, h.outcome_reason, h.citizen_note, "
    "h.outcome_at FROM main.handoffs AS h JOIN temp.carry_cases AS m ON m.old_id = h.case_id "
    "ORDER BY h.id;"
    "INSERT INTO fresh.payments (case_id, idempotency_key, provider, amount_fen, order_id, "
    "qr_payload, state, created_at, updated_at) SELECT m.new_id, p.idempotency_key, p.provider, "
    "p.amount_fen, p.order_id, p.qr_payload, p.state, p.created_at, p.updated_at FROM "
    "main.payments AS p JOIN temp.carry_cases AS m ON m.old_id = p.case_id ORDER BY p.id;"
    "INSERT INTO fresh.print_jobs (id, case_id, role, template, document_path, state, "
    "cups_job_id, detail, created_at, updated_at, printer_uri) SELECT m.new_id, c.new_id, j.role, "
    "j.template, j.document_path, j.state, j.cups_job_id, j.detail, j.created_at, j.updated_at, "
    "j.printer_uri FROM main.print_jobs AS j JOIN temp.carry_jobs AS m ON m.old_id = j.id LEFT "
    "JOIN temp.carry_cases AS c ON c.old_id = j.case_id ORDER BY j.id;"
    "UPDATE fresh.sqlite_sequence SET seq = (SELECT seq FROM main.sqlite_sequence WHERE name = "
    "'ledger_outbox') WHERE name = 'ledger_outbox' AND seq < (SELECT seq FROM "
    "main.sqlite_sequence WHERE name = 'ledger_outbox');"
    "INSERT INTO fresh.sqlite_sequence (name, seq) SELECT name, seq FROM main.sqlite_sequence "
    "WHERE name = 'ledger_outbox' AND NOT EXISTS (SELECT 1 FROM fresh.sqlite_sequence WHERE name "
    "= 'ledger_outbox');"
    "CREATE TEMP TABLE carry_outbox AS SELECT o.id AS old_id, o.id NOT IN (SELECT id FROM "
    "fresh.ledger_outbox) AS keep FROM main.ledger_outbox AS o WHERE o.case_id IN (SELECT old_id "
    "FROM temp.carry_cases);"
    "INSERT INTO fresh.ledger_outbox (id, case_id, case_number, kind, payload, created_at, "
    "attempts, last_error) SELECT CASE WHEN k.keep THEN o.id END, m.new_id, o.case_number, "
    "o.kind, o.payload, o.created_at, o.attempts, o.last_error FROM main.ledger_outbox AS o JOIN "
    "temp.carry_outbox AS k ON k.old_id = o.id JOIN temp.carry_cases AS m ON m.old_id = o.case_id "
    "ORDER BY k.keep DESC, o.id;"
    "DROP TABLE temp.carry_outbox;"
    /* the copy's triggers counted the rows carried: the case is where the
     * old file had it, and goes on from there */
    "UPDATE fresh.cases AS f SET revision = (SELECT c.revision FROM main.cases AS c JOIN "
    "temp.carry_cases AS m ON m.old_id = c.id WHERE m.new_id = f.id) WHERE f.id IN (SELECT "
    "new_id FROM temp.carry_cases);";

/* Says which cases of the copy were behind the old file and overwritten:
 * the case number only (no personal data). */
static void
log_overwritten(AnyiStore *store)
{
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2(store->db,
                         "SELECT c.number FROM main.cases AS c JOIN temp.carry_cases AS m ON "
                         "m.old_id = c.id WHERE m.overwrite ORDER BY c.id",
                         -1, &stmt, NULL) != SQLITE_OK)
    return;
  while (sqlite3_step(stmt) == SQLITE_ROW)
    g_message("store: case %s was further on in the replaced database file than in the new "
              "one (an older copy): carried over the new file's",
              (const char *)sqlite3_column_text(stmt, 0));
  sqlite3_finalize(stmt);
}

/* Records old -> new for the ids that changed, after the ones already
 * held: an id moved twice maps from the first to the last. */
static void
remember_moves(sqlite3 *db, const char *table, GHashTable *moved)
{
  g_autofree char *sql =
      g_strdup_printf("SELECT old_id, new_id FROM temp.%s WHERE new_id <> old_id", table);
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2(db, sql, -1, &stmt, NULL) != SQLITE_OK)
    return;
  while (sqlite3_step(stmt) == SQLITE_ROW) {
    gint64 from = sqlite3_column_int64(stmt, 0);
    gint64 to = sqlite3_column_int64(stmt, 1);
    GHashTableIter iter;
    gpointer key, value;

    g_hash_table_iter_init(&iter, moved);
    while (g_hash_table_iter_next(&iter, &key, &value))
      if (*(gint64 *)value == from)
        *(gint64 *)value = to;
    g_hash_table_insert(moved, g_memdup2(&from, sizeof from), g_memdup2(&to, sizeof to));
  }
  sqlite3_finalize(stmt);
}

static gint64
count_rows(sqlite3 *db, const char *table)
{
  g_autofree char *sql = g_strdup_printf("SELECT count(*) FROM temp.%s", table);
  sqlite3_stmt *stmt = NULL;
  gint64 count = 0;

  if (sqlite3_prepare_v2(db, sql, -1, &stmt, NULL) == SQLITE_OK && sqlite3_step(stmt) == SQLITE_ROW)
    count = sqlite3_column_int64(stmt, 0);
  sqlite3_finalize(stmt);
  return count;
}

static char *
noted_ids_json(AnyiStore *store)
{
  GString *json = g_string_new("[");

  for (guint i = 0; i < store->carry_cases->len; i++)
    g_string_append_printf(json, "%s%" G_GINT64_FORMAT, i ? "," : "",
                           g_array_index(store->carry_cases, gint64, i));
  g_string_append_c(json, ']');
  return g_string_free(json, FALSE);
}

static gboolean
carry_rows(AnyiStore *store, GError **error)
{
  sqlite3 *db = store->db;
  g_autofree char *noted = noted_ids_json(store);
  g_autofree char *finals = anyi_store_json_list(anyi_store_outbox_final_states());
  const char *seed[] = {noted, finals};
  gint64 cases, jobs;

  if (!exec_sql(db,
                "CREATE TEMP TABLE carry_cases (old_id INTEGER PRIMARY KEY, new_id INTEGER, "
                "overwrite INTEGER NOT NULL DEFAULT 0);"
                "CREATE TEMP TABLE carry_jobs (old_id INTEGER PRIMARY KEY, new_id INTEGER);",
                error) ||
      !exec_bound(db, seed_cases_sql, seed, G_N_ELEMENTS(seed), error) ||
      !exec_sql(db, clear_overwritten_sql, error) || !exec_sql(db, plan_sql, error) ||
      !exec_sql(db, copy_sql, error))
    return FALSE;
  log_overwritten(store);
  cases = count_rows(db, "carry_cases");
  jobs = count_rows(db, "carry_jobs");
  if (cases || jobs)
    g_message("store: %" G_GINT64_FORMAT " case(s) under way and %" G_GINT64_FORMAT
              " paper(s) carried to the new database file %s",
              cases, jobs, store->path);
  remember_moves(db, "carry_cases", store->moved_cases);
  remember_moves(db, "carry_jobs", store->moved_jobs);
  return TRUE;
}

gboolean
anyi_store_carry_work(AnyiStore *store, GError **error)
{
  const char *path[] = {store->path};
  gboolean ok;

  /* the old connection reads its own file (perhaps unlinked, so not to be
   * opened by name) and writes the new one, which it attaches */
  if (!exec_bound(store->db, "ATTACH DATABASE ?1 AS fresh", path, 1, error)) {
    g_prefix_error(error, "cannot carry the work under way to %s: ", store->path);
    return FALSE;
  }
  ok = exec_sql(store->db, "BEGIN IMMEDIATE", error);
  if (ok && !(carry_rows(store, error) && exec_sql(store->db, "COMMIT", error))) {
    sqlite3_exec(store->db, "ROLLBACK", NULL, NULL, NULL);
    ok = FALSE;
  }
  sqlite3_exec(store->db,
               "DROP TABLE IF EXISTS temp.carry_cases; DROP TABLE IF EXISTS "
               "temp.carry_jobs; DROP TABLE IF EXISTS temp.carry_renumber; DROP TABLE IF "
               "EXISTS temp.carry_outbox;",
               NULL, NULL, NULL);
  sqlite3_exec(store->db, "DETACH DATABASE fresh", NULL, NULL, NULL);
  if (!ok) {
    g_prefix_error(error, "cannot carry the work under way to %s: ", store->path);
    return FALSE;
  }
  g_array_set_size(store->carry_cases, 0);
  return TRUE;
}

static gint64
moved_id(GHashTable *moved, gint64 id)
{
  gint64 *to = g_hash_table_lookup(moved, &id);

  return to ? *to : id;
}

gint64
anyi_store_case_id_now(AnyiStore *store, gint64 case_id)
{
  return moved_id(store->moved_cases, case_id);
}

gint64
anyi_store_job_id_now(AnyiStore *store, gint64 job_id)
{
  return moved_id(store->moved_jobs, job_id);
}
