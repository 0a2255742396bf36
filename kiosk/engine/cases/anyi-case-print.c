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
anyi_case_print_queue_for_role(AnyiSettings *settings, const char *role)
{
  if (g_strcmp0(role, "receipt") == 0)
    return settings->receipt_queue;
  if (g_strcmp0(role, "a4") == 0)
    return settings->a4_queue;
  return NULL;
}

static char *
document_path(AnyiSettings *settings, AnyiCase *kase, const char *template_name)
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
render(AnyiPrintTemplate *tpl, JsonObject *data, const char *role, const char *pdf_path,
       const char **format, GError **error)
{
  if (!anyi_print_template_render_pdf_file(tpl, data, pdf_path, error))
    return NULL;
  if (g_strcmp0(role, "receipt") == 0) {
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

  if (anyi_print_job_get_state(job) == ANYI_PRINT_JOB_WAITING) {
    g_warning("print: job %" G_GINT64_FORMAT " waits (%s): cancelling it", task->job_id, message);
    g_cancellable_cancel(task->cancellable);
  }
  anyi_store_print_job_update(task->store, task->job_id,
                              anyi_print_job_state_to_string(anyi_print_job_get_state(job)),
                              anyi_print_job_get_cups_id(job), message, NULL);
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
anyi_case_print_async(AnyiStore *store, AnyiSettings *settings, AnyiCase *kase,
                      const char *template_name, const char *role, JsonObject *data,
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
    error =
        g_error_new(ANYI_PRINT_ERROR, ANYI_PRINT_ERROR_NO_QUEUE, "no printer for role %s", role);
  if (tpl && queue)
    document = render(tpl, data, role, pdf, &format, &error);
  if (!document) {
    g_warning("print: %s for case %s not rendered: %s", template_name,
              kase ? anyi_case_get_number(kase) : "-", error->message);
    g_task_return_error(task, g_steal_pointer(&error));
    return;
  }
  if (!anyi_store_print_job_add(store, kase ? anyi_case_get_id(kase) : 0, role, template_name, pdf,
                                &print->job_id, &error)) {
    g_task_return_error(task, g_steal_pointer(&error));
    return;
  }
  /* The store's id in the CUPS job name finds the job again after a crash. */
  title = g_strdup_printf("anyi-job-%" G_GINT64_FORMAT " %s %s", print->job_id,
                          kase ? anyi_case_get_number(kase) : "-", template_name);
  print->job = anyi_print_job_new(queue, title, document, format);
  print->cancellable = g_cancellable_new();
  if (cancellable)
    g_cancellable_connect(cancellable, G_CALLBACK(g_cancellable_cancel),
                          g_object_ref(print->cancellable), g_object_unref);
  g_signal_connect(print->job, "notify::state", G_CALLBACK(record_state), print);
  anyi_print_job_run_async(print->job, print->cancellable, on_job_done, g_steal_pointer(&task));
}

gboolean
anyi_case_print_finish(GAsyncResult *result, GError **error)
{
  return g_task_propagate_boolean(G_TASK(result), error);
}
