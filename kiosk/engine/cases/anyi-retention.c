/* SPDX-License-Identifier: GPL-3.0-or-later */
/* anyi-retention.c */
#include "anyi-retention.h"

#include "cases/anyi-case.h"
#include "settings/anyi-private-files.h"

#include <cups/cups.h>
#include <errno.h>
#include <glib/gstdio.h>
#include <time.h>

#define CLOCK_JUMP_LIMIT_S (24 * 3600)

/* Only what the kiosk itself wrote there: a case number or "none" first,
 * and a PDF or a JPEG (anyi-case-print.c, the photo and document pages). */
static gboolean
is_kiosk_document(const char *name)
{
  return (g_str_has_suffix(name, ".pdf") || g_str_has_suffix(name, ".jpg")) &&
         (g_ascii_isdigit(name[0]) || g_str_has_prefix(name, "none-"));
}

/* Old documents go; the ones kept are made 0600 if an older kiosk or a copy
 * left them readable by others. */
static guint
delete_old_files(const char *dir, gint64 before)
{
  g_autoptr(GDir) listing = NULL;
  g_autoptr(GError) error = NULL;
  const char *name;
  guint deleted = 0;

  if (g_file_test(dir, G_FILE_TEST_IS_DIR) && !anyi_private_dir_ensure(dir, &error))
    g_warning("retention: %s", error->message);
  listing = g_dir_open(dir, 0, NULL);
  while (listing && (name = g_dir_read_name(listing))) {
    g_autofree char *path = g_build_filename(dir, name, NULL);
    GStatBuf st;

    if (!is_kiosk_document(name) || g_lstat(path, &st) != 0 || !S_ISREG(st.st_mode))
      continue;
    if (st.st_mtime >= before)
      anyi_private_file_fix(path);
    else if (g_unlink(path) == 0)
      deleted++;
    else
      g_warning("retention: cannot delete %s: %s (retried next time)", path, g_strerror(errno));
  }
  return deleted;
}

/* cupsd keeps a copy of each job (PreserveJobFiles, a day by default) and
 * its history (title: the case number): the kiosk's own jobs are purged
 * from it with the rest (Cancel-Job with purge-job, as `cancel -x`). A
 * cupsd that does not answer is tried again next time. */
static guint
forget_cups_jobs(AnyiStore *store, gint64 before)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) jobs = anyi_store_print_jobs_in_cups(store, before, &error);
  http_t *http = NULL;
  guint forgotten = 0;

  if (!jobs) {
    g_warning("retention: cannot list the print jobs cupsd holds: %s", error->message);
    return 0;
  }
  if (jobs->len == 0)
    return 0;
  http = httpConnect2(cupsServer(), ippPort(), NULL, AF_UNSPEC, cupsEncryption(), 1, 3000, NULL);
  if (!http) {
    g_message("retention: cupsd does not answer; its copies of %u old job(s) are purged next time",
              jobs->len / 2);
    return 0;
  }
  for (guint i = 0; i + 1 < jobs->len; i += 2) {
    gint64 job_id = g_array_index(jobs, gint64, i);
    int cups_id = (int)g_array_index(jobs, gint64, i + 1);

    ipp_status_t status = cupsCancelJob2(http, NULL, cups_id, 1);

    if (status != IPP_STATUS_OK && status != IPP_STATUS_ERROR_NOT_FOUND) {
      g_warning("retention: cupsd kept job %d: %s (tried again next time)", cups_id,
                cupsLastErrorString());
      continue;
    }
    if (anyi_store_print_job_forget_cups(store, job_id, NULL))
      forgotten++;
  }
  httpClose(http);
  return forgotten;
}

static void
read_clock(gint64 now, AnyiStoreClockMark *mark)
{
  g_autofree char *boot_id = NULL;
  struct timespec since_boot = {0};

  mark->wall = now;
  if (!g_file_get_contents("/proc/sys/kernel/random/boot_id", &boot_id, NULL, NULL))
    boot_id = g_strdup("unknown");
  g_strlcpy(mark->boot_id, g_strstrip(boot_id), sizeof mark->boot_id);
  clock_gettime(CLOCK_BOOTTIME, &since_boot);
  mark->boot_seconds = since_boot.tv_sec;
}

/* How far the wall clock ran ahead of real time since the last purge: on
 * the same boot, beyond the time since boot; across a restart the time off
 * is unknown, so all of it. */
static gint64
clock_jump(const AnyiStoreClockMark *last, const AnyiStoreClockMark *now)
{
  gint64 wall = now->wall - last->wall;

  if (g_str_equal(last->boot_id, now->boot_id) && !g_str_equal(now->boot_id, "unknown"))
    return wall - MAX(0, now->boot_seconds - last->boot_seconds);
  return wall;
}

/* TRUE when the purge may go on; records where the clock is now. */
static gboolean
check_clock(AnyiStore *store, gint64 now, AnyiRetentionResult *result, GError **error)
{
  AnyiStoreClockMark last, current;
  gboolean found;

  read_clock(now, &current);
  if (!anyi_store_clock_mark_get(store, &last, &found, error))
    return FALSE;
  if (found && clock_jump(&last, &current) > CLOCK_JUMP_LIMIT_S) {
    g_autoptr(GDateTime) then = g_date_time_new_from_unix_local(last.wall);
    g_autoptr(GDateTime) at = g_date_time_new_from_unix_local(now);
    g_autofree char *then_text = then ? g_date_time_format(then, "%F %T") : g_strdup("?");
    g_autofree char *at_text = at ? g_date_time_format(at, "%F %T") : g_strdup("?");

    result->clock_held = TRUE;
    result->clock_jump_s = clock_jump(&last, &current);
    g_warning("retention: the clock jumped forward %" G_GINT64_FORMAT " hours (last purge at %s, "
              "now %s): nothing is wiped until staff confirm the time (staff page or "
              "`anyictl db confirm-clock`)",
              result->clock_jump_s / 3600, then_text, at_text);
    anyi_store_audit_add(store, "kiosk", "retention-clock-held", at_text, then_text, NULL);
    return TRUE;
  }
  /* a clock set back is harmless here: data is then kept longer */
  if (found && current.wall < last.wall)
    current.wall = last.wall;
  return anyi_store_clock_mark_set(store, &current, error);
}

gboolean
anyi_retention_confirm_clock(AnyiStore *store, const char *actor, gint64 now, GError **error)
{
  AnyiStoreClockMark current;
  g_autoptr(GDateTime) at = g_date_time_new_from_unix_local(now);
  g_autofree char *at_text = at ? g_date_time_format(at, "%F %T") : g_strdup("?");

  read_clock(now, &current);
  if (!anyi_store_clock_mark_set(store, &current, error))
    return FALSE;
  anyi_store_audit_add(store, actor, "retention-clock-confirmed", at_text, NULL, NULL);
  g_message("retention: %s confirmed the clock at %s", actor, at_text);
  return TRUE;
}

gboolean
anyi_retention_run(AnyiStore *store, AnyiSettings *settings, gint64 now,
                   AnyiRetentionResult *result, GError **error)
{
  gint64 before = now - (gint64)settings->retention_days * 24 * 3600;

  *result = (AnyiRetentionResult){0};
  if (!check_clock(store, now, result, error))
    return FALSE;
  if (result->clock_held)
    return TRUE;
  result->cases_wiped = anyi_store_purge(store, before, anyi_case_final_state_names(), error);
  if (result->cases_wiped < 0)
    return FALSE;
  result->files_deleted = delete_old_files(settings->documents_dir, before);
  result->audit_deleted =
      anyi_store_audit_purge(store, now - (gint64)settings->audit_days * 24 * 3600, error);
  if (result->audit_deleted < 0)
    return FALSE;
  result->cups_jobs_purged = forget_cups_jobs(store, before);
  if (result->cases_wiped > 0 || result->files_deleted > 0 || result->cups_jobs_purged > 0)
    g_message("retention: personal data of %" G_GINT64_FORMAT " case(s), %u file(s) and %u "
              "cupsd job(s) older than %d days wiped",
              result->cases_wiped, result->files_deleted, result->cups_jobs_purged,
              settings->retention_days);
  return TRUE;
}

/* ---- on a worker ---- */

typedef struct {
  AnyiSettings settings; /* only what the purge reads */
  gint64 now;
  AnyiRetentionResult result;
} RetentionJob;

static void
retention_job_free(gpointer data)
{
  RetentionJob *job = data;

  g_free(job->settings.db_path);
  g_free(job->settings.documents_dir);
  g_free(job);
}

static void
run_in_thread(GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  RetentionJob *job = data;
  GError *error = NULL;
  g_autoptr(AnyiStore) store = anyi_store_open_existing(job->settings.db_path, &error);

  if (store && anyi_retention_run(store, &job->settings, job->now, &job->result, &error))
    g_task_return_boolean(task, TRUE);
  else
    g_task_return_error(task, error);
}

void
anyi_retention_run_async(AnyiSettings *settings, gint64 now, GCancellable *cancellable,
                         GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr(GTask) task = g_task_new(NULL, cancellable, callback, user_data);
  RetentionJob *job = g_new0(RetentionJob, 1);

  job->settings.db_path = g_strdup(settings->db_path);
  job->settings.documents_dir = g_strdup(settings->documents_dir);
  job->settings.retention_days = settings->retention_days;
  job->settings.audit_days = settings->audit_days;
  job->now = now;
  g_task_set_source_tag(task, anyi_retention_run_async);
  g_task_set_task_data(task, job, retention_job_free);
  g_task_run_in_thread(task, run_in_thread);
}

gboolean
anyi_retention_run_finish(GAsyncResult *result, AnyiRetentionResult *out, GError **error)
{
  RetentionJob *job = g_task_get_task_data(G_TASK(result));

  g_return_val_if_fail(g_task_is_valid(result, NULL), FALSE);
  if (!g_task_propagate_boolean(G_TASK(result), error))
    return FALSE;
  *out = job->result;
  return TRUE;
}
