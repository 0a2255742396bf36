/* SPDX-License-Identifier: GPL-3.0-or-later */
/* anyi-store-print-jobs.c: the print_jobs table, each document sent (or
 * about to be sent) to a printer. */
#include "anyi-store-private.h"

void
anyi_stored_print_job_free(AnyiStoredPrintJob *job)
{
  if (!job)
    return;
  anyi_secure_free_string(job->role);
  anyi_secure_free_string(job->template_name);
  anyi_secure_free_string(job->document_path);
  anyi_secure_free_string(job->state);
  anyi_secure_free_string(job->detail);
  anyi_secure_free_string(job->printer_uri);
  g_free(job);
}

gboolean
anyi_store_print_job_add(AnyiStore *store, gint64 case_id, const char *role,
                         const char *template_name, const char *document_path, gint64 *job_id,
                         GError **error)
{
  sqlite3_stmt *stmt = anyi_store_prepare(store,
                                          "INSERT INTO print_jobs (case_id, role, template, "
                                          "document_path, created_at, updated_at) VALUES (?, ?, "
                                          "?, ?, anyi_now(), anyi_now())",
                                          error);
  if (!stmt)
    return FALSE;
  /* A test page belongs to no case: its case_id stays NULL. */
  if (case_id > 0)
    sqlite3_bind_int64(stmt, 1, anyi_store_case_id_now(store, case_id));
  anyi_store_bind_text(stmt, 2, role);
  anyi_store_bind_text(stmt, 3, template_name);
  anyi_store_bind_text(stmt, 4, document_path);
  if (!anyi_store_step_done(store, stmt, "insert print job", error))
    return FALSE;
  if (job_id)
    *job_id = sqlite3_last_insert_rowid(store->db);
  return TRUE;
}

gboolean
anyi_store_print_jobs_owe(AnyiStore *store, gint64 case_id, const AnyiStoreDocument *documents,
                          guint n_documents, GError **error)
{
  for (guint i = 0; i < n_documents; i++) {
    sqlite3_stmt *stmt = anyi_store_prepare(store,
                                            "INSERT INTO print_jobs (case_id, role, template, "
                                            "state, created_at, updated_at) VALUES (?, ?, ?, "
                                            "'owed', anyi_now(), anyi_now())",
                                            error);
    if (!stmt)
      return FALSE;
    sqlite3_bind_int64(stmt, 1, case_id);
    anyi_store_bind_text(stmt, 2, documents[i].role);
    anyi_store_bind_text(stmt, 3, documents[i].template_name);
    if (!anyi_store_step_done(store, stmt, "insert owed print job", error))
      return FALSE;
  }
  return TRUE;
}

static AnyiStoredPrintJob *get_job(AnyiStore *store, gint64 job_id, GError **error);

/* Inside a transaction: job @job_id's case, when it went to the hall
 * ledger (a handoff, a finished case), gets an outbox entry with its
 * documents as they now stand, so the window learns that the slip printed
 * or failed after the case left the kiosk's hands. Nothing when the state
 * is still @old_state (a notification repeated). */
static gboolean
tell_ledger(AnyiStore *store, gint64 job_id, const char *old_state, GError **error)
{
  g_autoptr(AnyiStoredPrintJob) job = get_job(store, job_id, error);
  g_autofree char *detail = NULL;

  if (!job)
    return FALSE;
  if (job->case_id <= 0 || g_strcmp0(old_state, job->state) == 0)
    return TRUE;
  detail = g_strdup_printf("%s: %s", job->template_name, job->state);
  return anyi_store_outbox_add(store, job->case_id, FALSE, "print", "print-job", NULL, NULL, detail,
                               error);
}

static gboolean
claim_job(AnyiStore *store, gint64 case_id, const char *role, const char *template_name,
          const char *document_path, gint64 *job_id, GError **error)
{
  sqlite3_stmt *stmt = anyi_store_prepare(store,
                                          "UPDATE print_jobs SET document_path = ?, state = "
                                          "'pending', updated_at = anyi_now() WHERE id = (SELECT "
                                          "min(id) FROM print_jobs WHERE case_id = ? AND "
                                          "template = ? AND state = 'owed') RETURNING id",
                                          error);
  int step;

  if (!stmt)
    return FALSE;
  anyi_store_bind_text(stmt, 1, document_path);
  sqlite3_bind_int64(stmt, 2, case_id);
  anyi_store_bind_text(stmt, 3, template_name);
  step = sqlite3_step(stmt);
  if (step == SQLITE_ROW) {
    gint64 id = sqlite3_column_int64(stmt, 0);
    if (sqlite3_step(stmt) != SQLITE_DONE)
      return anyi_store_fail(store, error, "claim print job");
    if (job_id)
      *job_id = id;
    return TRUE;
  }
  if (step != SQLITE_DONE)
    return anyi_store_fail(store, error, "claim print job");
  return anyi_store_print_job_add(store, case_id, role, template_name, document_path, job_id,
                                  error);
}

gboolean
anyi_store_print_job_claim(AnyiStore *store, gint64 case_id, const char *role,
                           const char *template_name, const char *document_path, gint64 *job_id,
                           GError **error)
{
  gint64 id = 0;

  case_id = anyi_store_case_id_now(store, case_id);
  if (!anyi_store_begin(store, error))
    return FALSE;
  if (claim_job(store, case_id, role, template_name, document_path, &id, error) &&
      tell_ledger(store, id, "owed", error) && anyi_store_commit(store, error)) {
    if (job_id)
      *job_id = id;
    return TRUE;
  }
  anyi_store_rollback(store);
  return FALSE;
}

static gboolean
update_job(AnyiStore *store, gint64 job_id, const char *state, int cups_job_id, const char *detail,
           GError **error)
{
  sqlite3_stmt *stmt = anyi_store_prepare(store,
                                          "UPDATE print_jobs SET state = ?, cups_job_id = ?, "
                                          "detail = ?, updated_at = anyi_now() WHERE id = ?",
                                          error);
  if (!stmt)
    return FALSE;
  anyi_store_bind_text(stmt, 1, state);
  sqlite3_bind_int(stmt, 2, cups_job_id);
  anyi_store_bind_text(stmt, 3, detail);
  sqlite3_bind_int64(stmt, 4, job_id);
  return anyi_store_step_done(store, stmt, "update print job", error);
}

gboolean
anyi_store_print_job_update(AnyiStore *store, gint64 job_id, const char *state, int cups_job_id,
                            const char *detail, GError **error)
{
  g_autoptr(AnyiStoredPrintJob) before = NULL;

  /* a job carried to a new database file may have a new id there */
  job_id = anyi_store_job_id_now(store, job_id);
  if (!anyi_store_begin(store, error))
    return FALSE;
  before = get_job(store, job_id, error);
  if (before && update_job(store, job_id, state, cups_job_id, detail, error) &&
      tell_ledger(store, job_id, before->state, error) && anyi_store_commit(store, error))
    return TRUE;
  anyi_store_rollback(store);
  return FALSE;
}

gboolean
anyi_store_print_job_set_printer(AnyiStore *store, gint64 job_id, const char *printer_uri,
                                 GError **error)
{
  sqlite3_stmt *stmt = anyi_store_prepare(
      store, "UPDATE print_jobs SET printer_uri = ?, updated_at = anyi_now() WHERE id = ?", error);
  if (!stmt)
    return FALSE;
  anyi_store_bind_text(stmt, 1, printer_uri);
  sqlite3_bind_int64(stmt, 2, anyi_store_job_id_now(store, job_id));
  return anyi_store_step_done(store, stmt, "update print job printer", error);
}

#define JOB_COLUMNS                                                                                \
  "id, coalesce(case_id, 0), role, template, document_path, state, cups_job_id, detail, "          \
  "printer_uri"

static gpointer
job_from_row(AnyiStoreRow *row)
{
  AnyiStoredPrintJob *job = g_new0(AnyiStoredPrintJob, 1);

  job->id = anyi_store_row_int64(row);
  job->case_id = anyi_store_row_int64(row);
  job->role = anyi_store_row_text(row);
  job->template_name = anyi_store_row_text(row);
  job->document_path = anyi_store_row_text(row);
  job->state = anyi_store_row_text(row);
  job->cups_job_id = anyi_store_row_int(row);
  job->detail = anyi_store_row_text(row);
  job->printer_uri = anyi_store_row_text(row);
  return job;
}

static GPtrArray *
read_jobs(AnyiStore *store, sqlite3_stmt *stmt, GError **error)
{
  return anyi_store_read_all(store, stmt, job_from_row, (GDestroyNotify)anyi_stored_print_job_free,
                             "list print jobs", error);
}

AnyiStoredPrintJob *
anyi_store_print_job_get(AnyiStore *store, gint64 job_id, GError **error)
{
  return get_job(store, anyi_store_job_id_now(store, job_id), error);
}

static AnyiStoredPrintJob *
get_job(AnyiStore *store, gint64 job_id, GError **error)
{
  sqlite3_stmt *stmt =
      anyi_store_prepare(store, "SELECT " JOB_COLUMNS " FROM print_jobs WHERE id = ?", error);

  if (!stmt)
    return NULL;
  sqlite3_bind_int64(stmt, 1, job_id);
  return anyi_store_read_one(store, stmt, job_from_row, "read print job", error,
                             "no print job #%" G_GINT64_FORMAT, job_id);
}

GPtrArray *
anyi_store_print_jobs_for_case(AnyiStore *store, gint64 case_id, GError **error)
{
  sqlite3_stmt *stmt = anyi_store_prepare(
      store, "SELECT " JOB_COLUMNS " FROM print_jobs WHERE case_id = ? ORDER BY id", error);

  if (!stmt)
    return NULL;
  sqlite3_bind_int64(stmt, 1, case_id);
  return read_jobs(store, stmt, error);
}

GPtrArray *
anyi_store_print_jobs_unsettled(AnyiStore *store, GError **error)
{
  sqlite3_stmt *stmt =
      anyi_store_prepare(store,
                         "SELECT " JOB_COLUMNS " FROM print_jobs WHERE state NOT IN "
                         "('printed', 'failed', 'uncertain', 'not-printed') ORDER BY id",
                         error);

  return stmt ? read_jobs(store, stmt, error) : NULL;
}
