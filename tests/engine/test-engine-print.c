/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The end of a case on paper: its documents go through a real cupsd to the
 * fixture's printers; one for a printer known to be faulty is kept as a PDF
 * without a wait, one whose job fails is recorded, both are audited for
 * staff, and the outcome says what the citizen is told. Run under
 * tests/fixtures/printing/with-printers. */
#include "cases/anyi-case-end.h"
#include "engine-test-util.h"
#include "print-test-util.h"
#include "print/anyi-print-job.h"

#include <cups/cups.h>
#include <string.h>

typedef struct {
  TempStore db;
  AnyiSettings *settings;
  AnyiCase *kase;
  GPtrArray *documents; /* AnyiCaseDocument */
} Fixture;

static void
document_free(AnyiCaseDocument *doc)
{
  g_free(doc->template_name);
  json_object_unref(doc->data);
  g_free(doc);
}

/* The fixture's sample data for @template_name. */
static void
add_document(Fixture *f, const char *template_name, AnyiPrinterRole role)
{
  AnyiCaseDocument *doc = g_new0(AnyiCaseDocument, 1);

  doc->template_name = g_strdup(template_name);
  doc->role = role;
  doc->data = ptu_load_data(template_name);
  g_ptr_array_add(f->documents, doc);
}

static void
fixture_set_up(Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  (void)data;
  temp_store_open(&f->db);
  f->settings = anyi_settings_load(&error);
  g_assert_no_error(error);
  g_free(f->settings->documents_dir);
  f->settings->documents_dir = g_build_filename(f->db.dir, "documents", NULL);
  f->kase = anyi_case_start(f->db.store, "idcard-progress-query", 'P', &error);
  g_assert_no_error(error);
  f->documents = g_ptr_array_new_with_free_func((GDestroyNotify)document_free);
  add_document(f, "receipt", ANYI_PRINTER_ROLE_RECEIPT);
  add_document(f, "handoff-slip", ANYI_PRINTER_ROLE_A4);
}

static void
fixture_tear_down(Fixture *f, gconstpointer data)
{
  (void)data;
  g_clear_pointer(&f->documents, g_ptr_array_unref);
  g_clear_pointer(&f->kase, anyi_case_free);
  g_clear_pointer(&f->settings, anyi_settings_free);
  temp_store_clear(&f->db);
}

typedef struct {
  gboolean done;
  gboolean finished;
  AnyiCasePrintOutcome outcome;
  GError *error;
} Printed;

static void
on_printed(GObject *source, GAsyncResult *result, gpointer user_data)
{
  Printed *printed = user_data;

  printed->finished = anyi_case_print_documents_finish(result, &printed->outcome, &printed->error);
  printed->done = TRUE;
}

static char *
receipt_printer_out(AnyiPrinterRole role, gpointer user_data)
{
  return role == ANYI_PRINTER_ROLE_RECEIPT ? g_strdup("paper-out") : NULL;
}

static AnyiCasePrintOutcome
print_documents(Fixture *f, AnyiPrinterProblemFunc problem_of)
{
  Printed printed = {0};

  anyi_case_print_documents_async(f->db.store, f->settings, f->kase, f->documents, problem_of, NULL,
                                  NULL, on_printed, &printed);
  while (!printed.done)
    g_main_context_iteration(NULL, TRUE);
  g_assert_no_error(printed.error);
  g_assert_true(printed.finished);
  return printed.outcome;
}

/* The store's job of @template_name for the case. */
static AnyiStoredPrintJob *
job_of(Fixture *f, const char *template_name)
{
  g_autoptr(GPtrArray) jobs =
      anyi_store_print_jobs_for_case(f->db.store, anyi_case_get_id(f->kase), NULL);

  for (guint i = 0; i < jobs->len; i++) {
    AnyiStoredPrintJob *job = jobs->pdata[i];
    if (g_str_equal(job->template_name, template_name))
      return g_steal_pointer(&jobs->pdata[i]);
  }
  g_error("no print job of %s", template_name);
}

static GPtrArray *
audit(Fixture *f)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *entries = anyi_store_audit_list(f->db.store, 0, 10, &error);

  g_assert_no_error(error);
  return entries;
}

static void
assert_missed(Fixture *f, const char *template_name)
{
  g_autoptr(GPtrArray) entries = audit(f);
  const AnyiAuditEntry *entry;

  g_assert_cmpuint(entries->len, ==, 1);
  entry = entries->pdata[0];
  g_assert_cmpstr(entry->actor, ==, "kiosk");
  g_assert_cmpstr(entry->action, ==, "document-not-printed");
  g_assert_cmpstr(entry->subject, ==, anyi_case_get_number(f->kase));
  g_assert_cmpstr(entry->detail, ==, template_name);
}

static guint
spooled(const char *spool_env)
{
  g_autoptr(GPtrArray) documents = ptu_spool_documents(spool_env);

  return documents->len;
}

static void
test_all_printed(Fixture *f, gconstpointer data)
{
  guint receipts = spooled("ANYI_TEST_RECEIPT_SPOOL");
  guint a4 = spooled("ANYI_TEST_A4_SPOOL");
  g_autoptr(AnyiStoredPrintJob) receipt = NULL;
  g_autoptr(AnyiStoredPrintJob) slip = NULL;
  g_autoptr(GPtrArray) entries = NULL;

  (void)data;
  g_assert_cmpint(print_documents(f, NULL), ==, ANYI_CASE_PRINT_ALL_PRINTED);
  receipt = job_of(f, "receipt");
  slip = job_of(f, "handoff-slip");
  g_assert_cmpstr(receipt->state, ==, "printed");
  g_assert_cmpstr(receipt->role, ==, "receipt");
  g_assert_cmpstr(slip->state, ==, "printed");
  g_assert_cmpstr(slip->role, ==, "a4");
  g_assert_true(g_file_test(receipt->document_path, G_FILE_TEST_EXISTS));
  g_assert_cmpuint(spooled("ANYI_TEST_RECEIPT_SPOOL"), ==, receipts + 1);
  g_assert_cmpuint(spooled("ANYI_TEST_A4_SPOOL"), ==, a4 + 1);
  /* [printing] direct = true by default: both went straight to the printers,
   * and the record says where their job ids live */
  g_assert_cmpstr(receipt->printer_uri, ==, g_getenv("ANYI_TEST_RECEIPT_URI"));
  g_assert_cmpstr(slip->printer_uri, ==, g_getenv("ANYI_TEST_A4_URI"));
  g_assert_cmpint(ptu_device_job_state("ANYI_TEST_RECEIPT_URI", receipt->cups_job_id), ==,
                  IPP_JSTATE_COMPLETED);
  entries = audit(f);
  g_assert_cmpuint(entries->len, ==, 0);
}

/* With [printing] direct = false, the kiosk prints through cupsd as before. */
static void
test_all_printed_through_cupsd(Fixture *f, gconstpointer data)
{
  g_autoptr(AnyiStoredPrintJob) receipt = NULL;
  g_autofree char *title = NULL;

  (void)data;
  f->settings->print_direct = FALSE;
  g_assert_cmpint(print_documents(f, NULL), ==, ANYI_CASE_PRINT_ALL_PRINTED);
  receipt = job_of(f, "receipt");
  g_assert_cmpstr(receipt->state, ==, "printed");
  g_assert_null(receipt->printer_uri);
  title = g_strdup_printf("anyi-job-%" G_GINT64_FORMAT " %s receipt", receipt->id,
                          anyi_case_get_number(f->kase));
  g_assert_cmpint(anyi_print_job_find(f->settings->receipt_queue, title, NULL), ==,
                  receipt->cups_job_id);
}

/* A receipt printer out of paper is not tried: the receipt is kept as a
 * PDF for the window, staff are told, and the A4 slip still prints. */
static void
test_receipt_printer_out(Fixture *f, gconstpointer data)
{
  guint receipts = spooled("ANYI_TEST_RECEIPT_SPOOL");
  guint a4 = spooled("ANYI_TEST_A4_SPOOL");
  g_autoptr(AnyiStoredPrintJob) receipt = NULL;
  g_autoptr(AnyiStoredPrintJob) slip = NULL;

  (void)data;
  g_assert_cmpint(print_documents(f, receipt_printer_out), ==, ANYI_CASE_PRINT_RECEIPT_MISSED);
  receipt = job_of(f, "receipt");
  g_assert_cmpstr(receipt->state, ==, "not-printed");
  g_assert_cmpstr(receipt->detail, ==, "paper-out");
  g_assert_cmpint(receipt->cups_job_id, ==, 0);
  g_assert_true(g_file_test(receipt->document_path, G_FILE_TEST_EXISTS));
  g_assert_true(g_str_has_suffix(receipt->document_path, ".pdf"));
  slip = job_of(f, "handoff-slip");
  g_assert_cmpstr(slip->state, ==, "printed");
  assert_missed(f, "receipt");
  g_assert_cmpuint(spooled("ANYI_TEST_RECEIPT_SPOOL"), ==, receipts);
  g_assert_cmpuint(spooled("ANYI_TEST_A4_SPOOL"), ==, a4 + 1);
}

/* A job that fails at the printer is audited like one never sent; the
 * receipt came out, so the citizen is done. */
static void
test_job_fails(Fixture *f, gconstpointer data)
{
  g_autoptr(AnyiStoredPrintJob) receipt = NULL;
  g_autoptr(AnyiStoredPrintJob) slip = NULL;

  (void)data;
  ptu_printer_ctl("a4", "fail-next-job");
  g_assert_cmpint(print_documents(f, NULL), ==, ANYI_CASE_PRINT_SOME_MISSED);
  receipt = job_of(f, "receipt");
  g_assert_cmpstr(receipt->state, ==, "printed");
  slip = job_of(f, "handoff-slip");
  g_assert_cmpstr(slip->state, !=, "printed");
  assert_missed(f, "handoff-slip");
}

static void
test_nothing_to_print(Fixture *f, gconstpointer data)
{
  (void)data;
  g_ptr_array_set_size(f->documents, 0);
  g_assert_cmpint(print_documents(f, NULL), ==, ANYI_CASE_PRINT_NOTHING);
}

static void
test_cancelled(Fixture *f, gconstpointer data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new();
  g_autoptr(GPtrArray) jobs = NULL;
  Printed printed = {0};

  (void)data;
  g_cancellable_cancel(cancellable);
  anyi_case_print_documents_async(f->db.store, f->settings, f->kase, f->documents, NULL, NULL,
                                  cancellable, on_printed, &printed);
  while (!printed.done)
    g_main_context_iteration(NULL, TRUE);
  g_assert_false(printed.finished);
  g_assert_error(printed.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error(&printed.error);
  jobs = anyi_store_print_jobs_for_case(f->db.store, anyi_case_get_id(f->kase), NULL);
  g_assert_cmpuint(jobs->len, ==, 0);
}

int
main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  ptu_require_printers();
  /* a document that does not print is logged for staff */
  g_log_set_always_fatal(G_LOG_LEVEL_CRITICAL);
#define ADD(path, fn) g_test_add(path, Fixture, NULL, fixture_set_up, fn, fixture_tear_down)
  ADD("/engine-print/documents/all-printed", test_all_printed);
  ADD("/engine-print/documents/all-printed-through-cupsd", test_all_printed_through_cupsd);
  ADD("/engine-print/documents/receipt-printer-out", test_receipt_printer_out);
  ADD("/engine-print/documents/nothing", test_nothing_to_print);
  ADD("/engine-print/documents/cancelled", test_cancelled);
  /* last: the A4 queue takes a moment to be usable again */
  ADD("/engine-print/documents/job-fails", test_job_fails);
  return g_test_run();
}
