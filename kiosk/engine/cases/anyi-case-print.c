/* SPDX-License-Identifier: GPL-3.0-or-later */
/* anyi-case-print.c */
#include "anyi-case-print.h"
#include "print/anyi-print-job.h"
#include "print/anyi-print-template.h"

#include <glib/gstdio.h>

/* Thermal receipt printers take PWG raster at their own resolution; sending
 * it ready-made spares cupsd a PDF conversion (about a second). */
#define RECEIPT_DPI 203

typedef struct {
  AnyiStore *store; /* not owned: outlives every print */
  gint64 job_id;
  AnyiPrintJob *job;
  GCancellable *cancellable;
} PrintTask;

static void
print_task_free(PrintTask *task)
{
  g_clear_object(&task->job);
  g_clear_object(&task->cancellable);
  g_free(task);
}

const char *
anyi_case_print_queue_for_role(const AnyiSettings *settings, AnyiPrinterRole role)
{
  return role == ANYI_PRINTER_ROLE_RECEIPT ? settings->receipt_queue : settings->a4_queue;
}

static char *
document_path(const AnyiSettings *settings, AnyiCase *kase, const char *template_name)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local();
  g_autofree char *stamp = g_date_time_format(now, "%Y%m%d-%H%M%S");
  g_autofree char *file = g_strdup_printf(
      "%s-%s-%s.pdf", kase ? anyi_case_get_number(kase) : "none", template_name, stamp);

  g_mkdir_with_parents(settings->documents_dir, 0700);
  return g_build_filename(settings->documents_dir, file, NULL);
}

/* Renders what the printer takes; the PDF is always kept for the record. */
static GBytes *
render(AnyiPrintTemplate *tpl, JsonObject *data, AnyiPrinterRole role, const char *pdf_path,
       const char **format, GError **error)
{
  if (!anyi_print_template_render_pdf_file(tpl, data, pdf_path, error))
    return NULL;
  if (role == ANYI_PRINTER_ROLE_RECEIPT) {
    *format = "image/pwg-raster";
    return anyi_print_template_render_pwg_raster(tpl, data, RECEIPT_DPI, ANYI_RASTER_BLACK_1,
                                                 error);
  }
  *format = "application/pdf";
  {
    g_autofree char *contents = NULL;
    gsize length = 0;
    if (!g_file_get_contents(pdf_path, &contents, &length, error))
      return NULL;
    return g_bytes_new_take(g_steal_pointer(&contents), length);
  }
}

/* A citizen is standing at the kiosk: a job that waits for paper or a
 * closed cover is cancelled at once and the case goes to a window, rather
 * than printing later into the hands of the next person. */
static void
record_state(AnyiPrintJob *job, GParamSpec *pspec, PrintTask *task)
{
  g_autofree char *message = anyi_print_job_dup_message(job);
  g_autofree char *printer_uri = anyi_print_job_dup_printer_uri(job);

  if (anyi_print_job_get_state(job) == ANYI_PRINT_JOB_WAITING) {
    g_warning("print: job %" G_GINT64_FORMAT " waits (%s): cancelling it", task->job_id, message);
    g_cancellable_cancel(task->cancellable);
  }
  anyi_store_print_job_update(task->store, task->job_id,
                              anyi_print_job_state_to_string(anyi_print_job_get_state(job)),
                              anyi_print_job_get_cups_id(job), message, NULL);
  /* which server the id belongs to, for recovery after a crash */
  anyi_store_print_job_set_printer(task->store, task->job_id, printer_uri, NULL);
}

static void
on_job_done(GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  PrintTask *print = g_task_get_task_data(task);
  g_autoptr(GError) error = NULL;
  gboolean printed = anyi_print_job_run_finish(print->job, result, &error);

  record_state(print->job, NULL, print);
  g_signal_handlers_disconnect_by_func(print->job, record_state, print);
  if (printed)
    g_task_return_boolean(task, TRUE);
  else
    g_task_return_error(task, g_steal_pointer(&error));
}

void
anyi_case_print_async(AnyiStore *store, const AnyiSettings *settings, AnyiCase *kase,
                      const char *template_name, AnyiPrinterRole role, JsonObject *data,
                      GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr(GTask) task = g_task_new(NULL, cancellable, callback, user_data);
  const char *queue = anyi_case_print_queue_for_role(settings, role);
  g_autoptr(GError) error = NULL;
  g_autoptr(AnyiPrintTemplate) tpl = anyi_print_template_load_named(template_name, &error);
  g_autofree char *pdf = document_path(settings, kase, template_name);
  g_autofree char *title = NULL;
  g_autoptr(GBytes) document = NULL;
  const char *format = NULL;
  PrintTask *print = g_new0(PrintTask, 1);

  g_task_set_task_data(task, print, (GDestroyNotify)print_task_free);
  print->store = store;
  if (!queue)
    error = g_error_new(ANYI_PRINT_ERROR, ANYI_PRINT_ERROR_NO_QUEUE, "no printer for role %s",
                        anyi_printer_role_to_string(role));
  if (tpl && queue)
    document = render(tpl, data, role, pdf, &format, &error);
  if (!document) {
    g_warning("print: %s for case %s not rendered: %s", template_name,
              kase ? anyi_case_get_number(kase) : "-", error->message);
    g_task_return_error(task, g_steal_pointer(&error));
    return;
  }
  if (!anyi_store_print_job_claim(store, kase ? anyi_case_get_id(kase) : 0,
                                  anyi_printer_role_to_string(role), template_name, pdf,
                                  &print->job_id, &error)) {
    g_task_return_error(task, g_steal_pointer(&error));
    return;
  }
  /* The store's id in the CUPS job name finds the job again after a crash. */
  title = g_strdup_printf("anyi-job-%" G_GINT64_FORMAT " %s %s", print->job_id,
                          kase ? anyi_case_get_number(kase) : "-", template_name);
  print->job = anyi_print_job_new(queue, title, document, format);
  anyi_print_job_set_direct(print->job, settings->print_direct);
  print->cancellable = g_cancellable_new();
  if (cancellable)
    g_cancellable_connect(cancellable, G_CALLBACK(g_cancellable_cancel),
                          g_object_ref(print->cancellable), g_object_unref);
  g_signal_connect(print->job, "notify::state", G_CALLBACK(record_state), print);
  anyi_print_job_run_async(print->job, print->cancellable, on_job_done, g_steal_pointer(&task));
}

gboolean
anyi_case_print_keep(AnyiStore *store, const AnyiSettings *settings, AnyiCase *kase,
                     const char *template_name, AnyiPrinterRole role, JsonObject *data,
                     const char *why, GError **error)
{
  g_autoptr(AnyiPrintTemplate) tpl = anyi_print_template_load_named(template_name, error);
  g_autofree char *pdf = document_path(settings, kase, template_name);
  gint64 job_id = 0;

  return tpl && anyi_print_template_render_pdf_file(tpl, data, pdf, error) &&
         anyi_store_print_job_claim(store, kase ? anyi_case_get_id(kase) : 0,
                                    anyi_printer_role_to_string(role), template_name, pdf, &job_id,
                                    error) &&
         anyi_store_print_job_update(store, job_id, "not-printed", 0, why, error);
}

gboolean
anyi_case_print_finish(GAsyncResult *result, GError **error)
{
  return g_task_propagate_boolean(G_TASK(result), error);
}

/* ---- recovery after a crash ---- */

#define RECOVERY_TIMEOUT_S 30

typedef struct {
  gint64 job_id;
  char *queue;
  char *title;
  int cups_job_id;
  char *printer_uri; /* set: the job went straight to this printer */
  /* filled by the worker */
  char *outcome;
  char *message;
} Unsettled;

static void
unsettled_free(Unsettled *job)
{
  g_free(job->queue);
  g_free(job->title);
  g_free(job->printer_uri);
  g_free(job->outcome);
  g_free(job->message);
  g_free(job);
}

static char *
job_title(AnyiStore *store, const AnyiStoredPrintJob *job)
{
  g_autoptr(AnyiStoredCase) stored =
      job->case_id > 0 ? anyi_store_case_get(store, job->case_id, NULL) : NULL;

  return g_strdup_printf("anyi-job-%" G_GINT64_FORMAT " %s %s", job->id,
                         stored ? stored->number : "-", job->template_name);
}

/* Runs on the worker: asks CUPS about each job; touches no store. */
static void
settle_one(Unsettled *job, GCancellable *cancellable)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AnyiPrintJob) followed = NULL;
  int cups_id = job->cups_job_id;

  if (cups_id <= 0 && job->printer_uri)
    cups_id = anyi_print_job_find_direct(job->printer_uri, job->title, &error);
  if (cups_id == 0 && job->printer_uri) {
    /* not on the printer: it may have gone through cupsd after all */
    g_clear_pointer(&job->printer_uri, g_free);
  }
  if (cups_id <= 0 && !job->printer_uri)
    cups_id = anyi_print_job_find(job->queue, job->title, &error);
  if (cups_id < 0) {
    job->message = g_strdup_printf("CUPS cannot tell: %s", error->message);
    return; /* stays unsettled: asked again at the next start */
  }
  if (cups_id == 0) {
    job->outcome = g_strdup("not-printed");
    job->message = g_strdup("never reached CUPS before the kiosk stopped; not sent afterwards");
    return;
  }
  followed = job->printer_uri
                 ? anyi_print_job_resume_direct(job->queue, job->title, job->printer_uri, cups_id)
                 : anyi_print_job_resume(job->queue, job->title, cups_id);
  anyi_print_job_set_timeout(followed, RECOVERY_TIMEOUT_S);
  anyi_print_job_run(followed, cancellable, NULL);
  job->cups_job_id = cups_id;
  job->outcome = g_strdup(anyi_print_job_state_to_string(anyi_print_job_get_state(followed)));
  job->message = anyi_print_job_dup_message(followed);
}

static void
recover_in_worker(GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  GPtrArray *jobs = data;

  for (guint i = 0; i < jobs->len; i++)
    settle_one(jobs->pdata[i], cancellable);
  g_task_return_boolean(task, TRUE);
}

typedef struct {
  AnyiStore *store;
  GPtrArray *jobs;
  GTask *outer;
} Recovery;

static void
on_recovered(GObject *source, GAsyncResult *result, gpointer user_data)
{
  Recovery *recovery = user_data;
  int settled = 0;

  for (guint i = 0; i < recovery->jobs->len; i++) {
    Unsettled *job = recovery->jobs->pdata[i];
    if (!job->outcome) {
      g_warning("print: job %" G_GINT64_FORMAT " left unsettled: %s", job->job_id, job->message);
      continue;
    }
    anyi_store_print_job_update(recovery->store, job->job_id, job->outcome, job->cups_job_id,
                                job->message, NULL);
    anyi_store_print_job_set_printer(recovery->store, job->job_id, job->printer_uri, NULL);
    if (!g_str_equal(job->outcome, "printed"))
      anyi_store_audit_add(recovery->store, "kiosk", "print-job-not-printed", job->title,
                           job->message, NULL);
    g_message("print: job %" G_GINT64_FORMAT " settled after restart: %s", job->job_id,
              job->outcome);
    settled++;
  }
  g_task_return_int(recovery->outer, settled);
  g_object_unref(recovery->outer);
  g_ptr_array_unref(recovery->jobs);
  g_free(recovery);
}

/* A paper a case owed (recorded when it ended) that the kiosk stopped
 * before even rendering: it never reached CUPS. The citizen has gone, so it
 * is not printed into the next one's hands; staff read it in their log and
 * reprint it from the case. */
static void
report_never_started(AnyiStore *store, const AnyiStoredPrintJob *row)
{
  g_autofree char *title = job_title(store, row);
  const char *why = "the kiosk stopped before printing it";

  anyi_store_print_job_update(store, row->id, "not-printed", 0, why, NULL);
  anyi_store_audit_add(store, "kiosk", "print-job-not-printed", title, why, NULL);
  g_message("print: job %" G_GINT64_FORMAT " (%s) owed but never printed: told to staff", row->id,
            row->template_name);
}

void
anyi_case_print_recover_async(AnyiStore *store, const AnyiSettings *settings,
                              GCancellable *cancellable, GAsyncReadyCallback callback,
                              gpointer user_data)
{
  GTask *outer = g_task_new(NULL, cancellable, callback, user_data);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) stored = anyi_store_print_jobs_unsettled(store, &error);
  g_autoptr(GTask) worker = NULL;
  Recovery *recovery;

  if (!stored) {
    g_task_return_error(outer, g_steal_pointer(&error));
    g_object_unref(outer);
    return;
  }
  recovery = g_new0(Recovery, 1);
  recovery->store = store;
  recovery->outer = outer;
  recovery->jobs = g_ptr_array_new_with_free_func((GDestroyNotify)unsettled_free);
  for (guint i = 0; i < stored->len; i++) {
    const AnyiStoredPrintJob *row = stored->pdata[i];
    Unsettled *job;
    if (g_str_equal(row->state, "owed")) {
      report_never_started(store, row);
      continue;
    }
    job = g_new0(Unsettled, 1);
    AnyiPrinterRole role;
    job->job_id = row->id;
    job->queue = anyi_printer_role_from_string(row->role, &role)
                     ? g_strdup(anyi_case_print_queue_for_role(settings, role))
                     : NULL;
    job->title = job_title(store, row);
    job->cups_job_id = row->cups_job_id;
    job->printer_uri = g_strdup(row->printer_uri);
    if (job->queue)
      g_ptr_array_add(recovery->jobs, job);
    else
      unsettled_free(job);
  }
  worker = g_task_new(NULL, cancellable, on_recovered, recovery);
  g_task_set_task_data(worker, g_ptr_array_ref(recovery->jobs), (GDestroyNotify)g_ptr_array_unref);
  g_task_run_in_thread(worker, recover_in_worker);
}

int
anyi_case_print_recover_finish(GAsyncResult *result, GError **error)
{
  return (int)g_task_propagate_int(G_TASK(result), error);
}
