/* SPDX-License-Identifier: GPL-3.0-or-later */
/* anyi-case-end.c: printing a case's documents, keeping its captures. */
#include "anyi-case-end.h"

#include <errno.h>
#include <glib/gstdio.h>

typedef struct {
  AnyiStore *store; /* not owned, nor the settings and the case */
  const AnyiSettings *settings;
  AnyiCase *kase;
  char *number;         /* for the audit of a job that ends after a cancel */
  GPtrArray *documents; /* AnyiCaseDocument */
  guint next;
  AnyiPrinterProblemFunc problem_of;
  gpointer problem_data;
  gboolean all_printed;
  gboolean receipt_missed;
} Printing;

static void
printing_free(Printing *printing)
{
  g_free(printing->number);
  g_ptr_array_unref(printing->documents);
  g_free(printing);
}

static void print_next(GTask *task);

/* A document that did not come out: kept as a PDF and in the store, told
 * to staff, and for a receipt shown on screen as a QR code instead. */
static void
document_missed(Printing *printing, const char *template_name, const char *why)
{
  g_warning("case %s: %s not printed: %s", printing->number, template_name, why);
  anyi_store_audit_add(printing->store, "kiosk", "document-not-printed", printing->number,
                       template_name, NULL);
  printing->all_printed = FALSE;
  if (g_str_equal(template_name, "receipt"))
    printing->receipt_missed = TRUE;
}

static void
keep_unprinted(Printing *printing, AnyiCaseDocument *doc, const char *problem)
{
  g_autoptr(GError) error = NULL;

  if (!anyi_case_print_keep(printing->store, printing->settings, printing->kase, doc->template_name,
                            doc->role, doc->data, problem, &error))
    g_warning("case: %s not kept: %s", doc->template_name, error->message);
  document_missed(printing, doc->template_name, problem);
}

static void
on_printed(GObject *source, GAsyncResult *result, gpointer user_data)
{
  GTask *task = user_data;
  Printing *printing = g_task_get_task_data(task);
  AnyiCaseDocument *doc = printing->documents->pdata[printing->next - 1];
  g_autoptr(GError) error = NULL;

  if (g_task_return_error_if_cancelled(task)) {
    g_object_unref(task);
    return;
  }
  if (!anyi_case_print_finish(result, &error))
    document_missed(printing, doc->template_name, error->message);
  print_next(task);
}

static AnyiCasePrintOutcome
outcome_of(Printing *printing)
{
  if (printing->receipt_missed)
    return ANYI_CASE_PRINT_RECEIPT_MISSED;
  if (printing->documents->len == 0)
    return ANYI_CASE_PRINT_NOTHING;
  return printing->all_printed ? ANYI_CASE_PRINT_ALL_PRINTED : ANYI_CASE_PRINT_SOME_MISSED;
}

/* Takes @task. */
static void
print_next(GTask *task)
{
  Printing *printing = g_task_get_task_data(task);
  AnyiCaseDocument *doc;
  g_autofree char *problem = NULL;

  while (printing->next < printing->documents->len) {
    if (g_task_return_error_if_cancelled(task)) {
      g_object_unref(task);
      return;
    }
    doc = printing->documents->pdata[printing->next++];
    /* a printer known to be out (paper, cover) would hold the job for a
     * minute while the citizen waits: skip it now, nothing is lost */
    problem = printing->problem_of ? printing->problem_of(doc->role, printing->problem_data) : NULL;
    if (!problem) {
      anyi_case_print_async(printing->store, printing->settings, printing->kase, doc->template_name,
                            doc->role, doc->data, NULL, on_printed, task);
      return;
    }
    keep_unprinted(printing, doc, problem);
    g_clear_pointer(&problem, g_free);
  }
  g_task_return_int(task, outcome_of(printing));
  g_object_unref(task);
}

void
anyi_case_print_documents_async(AnyiStore *store, const AnyiSettings *settings, AnyiCase *kase,
                                GPtrArray *documents, AnyiPrinterProblemFunc problem_of,
                                gpointer problem_data, GCancellable *cancellable,
                                GAsyncReadyCallback callback, gpointer user_data)
{
  GTask *task = g_task_new(NULL, cancellable, callback, user_data);
  Printing *printing = g_new0(Printing, 1);

  g_task_set_source_tag(task, anyi_case_print_documents_async);
  printing->store = store;
  printing->settings = settings;
  printing->kase = kase;
  printing->number = g_strdup(anyi_case_get_number(kase));
  printing->documents = g_ptr_array_ref(documents);
  printing->problem_of = problem_of;
  printing->problem_data = problem_data;
  printing->all_printed = documents->len > 0;
  g_task_set_task_data(task, printing, (GDestroyNotify)printing_free);
  print_next(task);
}

gboolean
anyi_case_print_documents_finish(GAsyncResult *result, AnyiCasePrintOutcome *outcome,
                                 GError **error)
{
  g_autoptr(GError) local = NULL;
  gssize value = g_task_propagate_int(G_TASK(result), &local);

  if (local) {
    g_propagate_error(error, g_steal_pointer(&local));
    return FALSE;
  }
  *outcome = (AnyiCasePrintOutcome)value;
  return TRUE;
}

/* ---- captures ---- */

char *
anyi_case_keep_capture(const AnyiSettings *settings, AnyiCase *kase, const char *what, GBytes *jpeg,
                       GError **error)
{
  const char *dir = settings->documents_dir;
  g_autofree char *file = g_strdup_printf("%s-%s.jpg", anyi_case_get_number(kase), what);
  g_autofree char *path = g_build_filename(dir, file, NULL);
  g_autoptr(GError) local = NULL;

  if (g_mkdir_with_parents(dir, 0700) != 0) {
    int saved = errno;
    g_set_error_literal(&local, G_FILE_ERROR, g_file_error_from_errno(saved), g_strerror(saved));
  } else {
    g_file_set_contents_full(path, g_bytes_get_data(jpeg, NULL), (gssize)g_bytes_get_size(jpeg),
                             G_FILE_SET_CONTENTS_CONSISTENT, 0600, &local);
  }
  if (local) {
    g_warning("case %s: cannot keep the %s: %s", anyi_case_get_number(kase), what, local->message);
    g_propagate_error(error, g_steal_pointer(&local));
    return NULL;
  }
  return g_steal_pointer(&path);
}
