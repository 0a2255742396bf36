/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Every printer fault the hall meets, injected into the fixture's printers
 * with printer-ctl, and what the print module makes of it: the status model
 * the kiosk acts on and each job's outcome. Nothing may be reported printed
 * that did not print, and nothing may print later that the kiosk gave up on.
 * Run one test at a time under with-printers (-p /print/faults/NAME). */
#include "print-test-util.h"
#include "print/anyi-print-job.h"
#include "print/anyi-print-template.h"
#include "print/printer-status.h"

#include <cups/cups.h>
#include <string.h>

static AnyiPrintJob *
receipt_job(const char *title)
{
  g_autoptr(GBytes) pwg = ptu_render_sample_raster("receipt");
  return anyi_print_job_new(g_getenv("ANYI_RECEIPT_QUEUE"), title, pwg, "image/pwg-raster");
}

static AnyiPrintJob *
a4_job(const char *title)
{
  g_autoptr(GBytes) pdf = ptu_render_sample_pdf("handoff-slip");
  return anyi_print_job_new(g_getenv("ANYI_A4_QUEUE"), title, pdf, "application/pdf");
}

static guint
count_documents(const char *spool_env)
{
  g_autoptr(GPtrArray) docs = ptu_spool_documents(spool_env);
  return docs->len;
}

static AnyiPrinterStatus *
receipt_status(void)
{
  return anyi_printer_status_query(g_getenv("ANYI_RECEIPT_QUEUE"));
}

static AnyiPrinterStatus *
a4_status(void)
{
  return anyi_printer_status_query(g_getenv("ANYI_A4_QUEUE"));
}

static void
assert_usable_again(AnyiPrinterStatus *(*query)(void), AnyiPrinterRole role)
{
  g_autoptr(AnyiPrinterStatus) status = query();
  if (!anyi_printer_status_usable(status, role))
    g_error("printer not usable again: %s", status->reasons);
  g_assert_null(anyi_printer_status_worst_fault(status, role));
}

static void
test_paper_low_still_prints(void)
{
  ptu_printer_ctl("receipt", "paper-low");
  g_autoptr(AnyiPrinterStatus) status = receipt_status();
  g_assert_cmpint(status->paper, ==, ANYI_PAPER_LOW);
  g_assert_true(anyi_printer_status_usable(status, ANYI_PRINTER_ROLE_RECEIPT));
  const AnyiPrinterFault *fault =
      anyi_printer_status_worst_fault(status, ANYI_PRINTER_ROLE_RECEIPT);
  g_assert_cmpstr(fault->code, ==, "paper-low");
  g_assert_cmpint(fault->recovery, ==, ANYI_RECOVERY_CLEAR); /* a staff alert */

  g_autoptr(AnyiPrintJob) job = receipt_job("paper low");
  g_autoptr(GError) error = NULL;
  /* with the reason when it fails: it did once under ASan, with none given */
  gboolean printed = anyi_print_job_run(job, NULL, &error);
  g_assert_no_error(error);
  g_assert_true(printed);
  g_assert_cmpuint(count_documents("ANYI_TEST_RECEIPT_SPOOL"), ==, 1);

  ptu_printer_ctl("receipt", "paper-ok");
  assert_usable_again(receipt_status, ANYI_PRINTER_ROLE_RECEIPT);
}

static void
test_paper_empty_waits_then_prints(void)
{
  ptu_printer_ctl("receipt", "paper-empty");
  g_autoptr(AnyiPrinterStatus) status = receipt_status();
  g_assert_cmpint(status->paper, ==, ANYI_PAPER_OUT);
  g_assert_false(anyi_printer_status_usable(status, ANYI_PRINTER_ROLE_RECEIPT));
  g_assert_cmpstr(anyi_printer_status_worst_fault(status, ANYI_PRINTER_ROLE_RECEIPT)->code, ==,
                  "paper-out");

  g_autoptr(AnyiPrintJob) job = receipt_job("paper empty");
  PtuRunningJob *running = ptu_start_job(job, NULL);
  ptu_wait_for_job_state(job, ANYI_PRINT_JOB_WAITING, "media-");
  g_assert_cmpuint(count_documents("ANYI_TEST_RECEIPT_SPOOL"), <=, 1);
  ptu_printer_ctl("receipt", "paper-ok");
  ptu_finish_job(running);
  g_assert_no_error(running->error);
  g_assert_true(running->printed);
  g_assert_cmpint(anyi_print_job_get_state(job), ==, ANYI_PRINT_JOB_PRINTED);
  g_assert_cmpuint(count_documents("ANYI_TEST_RECEIPT_SPOOL"), ==, 1);
  assert_usable_again(receipt_status, ANYI_PRINTER_ROLE_RECEIPT);
  g_free(running);
}

static void
test_paper_empty_timeout_cancels(void)
{
  ptu_printer_ctl("receipt", "paper-empty");
  g_autoptr(AnyiPrintJob) job = receipt_job("paper empty, given up");
  anyi_print_job_set_timeout(job, 3);
  g_autoptr(GError) error = NULL;
  g_assert_false(anyi_print_job_run(job, NULL, &error));
  g_assert_error(error, ANYI_PRINT_ERROR, ANYI_PRINT_ERROR_JOB_FAILED);
  g_assert_cmpint(anyi_print_job_get_state(job), ==, ANYI_PRINT_JOB_FAILED);
  g_autofree char *message = anyi_print_job_dup_message(job);
  g_assert_nonnull(strstr(message, "canceled"));

  /* The receipt must not come out later, for the next citizen: the printer
   * was told to cancel it. (ippeveprinter still runs a job canceled while it
   * waited for paper; a real printer drops it, so its state is the check.) */
  g_assert_cmpint(anyi_print_job_get_cups_id(job), >, 0);
  ptu_printer_ctl("receipt", "paper-ok");
  for (int i = 0; i < 40 && ptu_device_job_state("ANYI_TEST_RECEIPT_URI", 1) != IPP_JSTATE_CANCELED;
       i++)
    g_usleep(100 * 1000);
  g_assert_cmpint(ptu_device_job_state("ANYI_TEST_RECEIPT_URI", 1), ==, IPP_JSTATE_CANCELED);
  g_autoptr(AnyiPrintJob) next = receipt_job("after the refill");
  g_assert_true(anyi_print_job_run(next, NULL, NULL));
}

static void
test_cover_open_waits_then_prints(void)
{
  ptu_printer_ctl("a4", "cover-open");
  g_autoptr(AnyiPrinterStatus) status = a4_status();
  g_assert_true(status->cover_open);
  g_assert_false(anyi_printer_status_usable(status, ANYI_PRINTER_ROLE_A4));
  const AnyiPrinterFault *fault = anyi_printer_status_worst_fault(status, ANYI_PRINTER_ROLE_A4);
  g_assert_cmpstr(fault->code, ==, "cover-open");
  g_assert_nonnull(strstr(fault->text_zh, "机盖"));

  g_autoptr(AnyiPrintJob) job = a4_job("cover open");
  PtuRunningJob *running = ptu_start_job(job, NULL);
  ptu_wait_for_job_state(job, ANYI_PRINT_JOB_WAITING, "cover-open");
  ptu_printer_ctl("a4", "cover-closed");
  ptu_finish_job(running);
  g_assert_no_error(running->error);
  g_assert_cmpint(anyi_print_job_get_state(job), ==, ANYI_PRINT_JOB_PRINTED);
  g_assert_cmpuint(count_documents("ANYI_TEST_A4_SPOOL"), ==, 1);
  assert_usable_again(a4_status, ANYI_PRINTER_ROLE_A4);
  g_free(running);
}

static void
test_failed_job_is_failed(void)
{
  ptu_printer_ctl("a4", "fail-next-job");
  g_autoptr(AnyiPrintJob) job = a4_job("fails");
  g_autoptr(GError) error = NULL;
  g_assert_false(anyi_print_job_run(job, NULL, &error));
  g_assert_error(error, ANYI_PRINT_ERROR, ANYI_PRINT_ERROR_JOB_FAILED);
  g_assert_cmpint(anyi_print_job_get_state(job), ==, ANYI_PRINT_JOB_FAILED);

  /* the queue goes on (ErrorPolicy abort-job) and the next job prints */
  assert_usable_again(a4_status, ANYI_PRINTER_ROLE_A4);
  g_autoptr(AnyiPrintJob) next = a4_job("after a failure");
  g_assert_true(anyi_print_job_run(next, NULL, NULL));
}

static void
test_printer_killed_mid_job_is_uncertain(void)
{
  ptu_printer_ctl_with("receipt", "job-delay", "3");
  g_autoptr(AnyiPrintJob) job = receipt_job("killed mid-job");
  anyi_print_job_set_timeout(job, 40);
  PtuRunningJob *running = ptu_start_job(job, NULL);
  ptu_wait_for_job_state(job, ANYI_PRINT_JOB_PRINTING, NULL);
  g_usleep(800 * 1000); /* the printer has the document and is "printing" it */
  ptu_printer_ctl("receipt", "kill");

  g_autoptr(AnyiPrinterStatus) status = receipt_status();
  g_assert_true(status->device_checked);
  g_assert_false(status->device_reachable);
  g_assert_true(status->offline);
  g_assert_false(anyi_printer_status_usable(status, ANYI_PRINTER_ROLE_RECEIPT));
  g_assert_cmpint(anyi_printer_status_worst_fault(status, ANYI_PRINTER_ROLE_RECEIPT)->recovery, ==,
                  ANYI_RECOVERY_MAINTENANCE);

  ptu_printer_ctl_with("receipt", "job-delay", "0");
  ptu_printer_ctl("receipt", "restart");
  ptu_finish_job(running);
  /* CUPS calls it completed; the module must not call it printed */
  g_assert_false(running->printed);
  g_assert_cmpint(anyi_print_job_get_state(job), ==, ANYI_PRINT_JOB_UNCERTAIN);
  g_assert_error(running->error, ANYI_PRINT_ERROR, ANYI_PRINT_ERROR_JOB_UNCERTAIN);
  g_clear_error(&running->error);
  assert_usable_again(receipt_status, ANYI_PRINTER_ROLE_RECEIPT);
  g_free(running);
}

static void
test_cupsd_down_and_back(void)
{
  ptu_printer_ctl("receipt", "cupsd-stop");
  g_autoptr(AnyiPrinterStatus) status = receipt_status();
  g_assert_false(status->cupsd_reachable);
  g_assert_false(anyi_printer_status_usable(status, ANYI_PRINTER_ROLE_RECEIPT));
  g_assert_cmpstr(anyi_printer_status_worst_fault(status, ANYI_PRINTER_ROLE_RECEIPT)->code, ==,
                  "cupsd-unreachable");

  g_autoptr(AnyiPrintJob) job = receipt_job("cupsd down");
  g_autoptr(GError) error = NULL;
  g_assert_false(anyi_print_job_run(job, NULL, &error));
  g_assert_error(error, ANYI_PRINT_ERROR, ANYI_PRINT_ERROR_UNREACHABLE);
  g_assert_cmpint(anyi_print_job_get_state(job), ==, ANYI_PRINT_JOB_FAILED);
  g_assert_cmpuint(count_documents("ANYI_TEST_RECEIPT_SPOOL"), ==, 0);

  ptu_printer_ctl("receipt", "cupsd-start");
  assert_usable_again(receipt_status, ANYI_PRINTER_ROLE_RECEIPT);
  g_autoptr(AnyiPrintJob) again = receipt_job("cupsd back");
  g_assert_true(anyi_print_job_run(again, NULL, NULL));
  g_assert_cmpuint(count_documents("ANYI_TEST_RECEIPT_SPOOL"), ==, 1);
}

static void
test_toner(void)
{
  ptu_printer_ctl("a4", "toner-low");
  g_autoptr(AnyiPrinterStatus) low = a4_status();
  g_assert_cmpint(low->toner, ==, ANYI_TONER_LOW);
  g_assert_true(anyi_printer_status_usable(low, ANYI_PRINTER_ROLE_A4));
  gboolean found = FALSE;
  for (guint i = 0; i < low->markers->len; i++) {
    const AnyiPrinterMarker *marker = g_ptr_array_index(low->markers, i);
    if (g_str_equal(marker->type, "toner")) {
      g_assert_cmpint(marker->level, ==, 5);
      found = TRUE;
    }
  }
  g_assert_true(found);

  ptu_printer_ctl("a4", "toner-empty");
  g_autoptr(AnyiPrinterStatus) out = a4_status();
  g_assert_cmpint(out->toner, ==, ANYI_TONER_OUT);
  g_assert_false(anyi_printer_status_usable(out, ANYI_PRINTER_ROLE_A4));
  ptu_printer_ctl("a4", "toner-ok");
  assert_usable_again(a4_status, ANYI_PRINTER_ROLE_A4);
}

typedef struct {
  GMainLoop *loop;
  GArray *verdicts; /* gboolean usable, one per "changed" */
} Watching;

static void
on_changed(AnyiPrinterWatch *watch, AnyiPrinterStatus *status, gpointer user_data)
{
  Watching *watching = user_data;
  gboolean usable = anyi_printer_status_usable(status, ANYI_PRINTER_ROLE_RECEIPT);
  g_array_append_val(watching->verdicts, usable);
  g_main_loop_quit(watching->loop);
}

static gboolean
give_up_waiting(gpointer data)
{
  g_error("the watch reported nothing within 10 s");
  return G_SOURCE_REMOVE;
}

static void
wait_change(Watching *watching)
{
  guint timeout = g_timeout_add_seconds(10, give_up_waiting, NULL);
  g_main_loop_run(watching->loop);
  g_source_remove(timeout);
}

static void
test_watch_stops_and_resumes_by_itself(void)
{
  Watching watching = {g_main_loop_new(NULL, FALSE), g_array_new(FALSE, FALSE, sizeof(gboolean))};
  g_autoptr(AnyiPrinterWatch) watch =
      anyi_printer_watch_new(g_getenv("ANYI_RECEIPT_QUEUE"), ANYI_PRINTER_ROLE_RECEIPT, 200);
  g_signal_connect(watch, "changed", G_CALLBACK(on_changed), &watching);
  g_assert_false(anyi_printer_watch_is_usable(watch)); /* until it knows */
  anyi_printer_watch_start(watch);
  wait_change(&watching);
  g_assert_true(anyi_printer_watch_is_usable(watch));

  ptu_printer_ctl("receipt", "paper-empty");
  wait_change(&watching);
  g_assert_false(anyi_printer_watch_is_usable(watch));
  g_assert_cmpint(anyi_printer_watch_get_status(watch)->paper, ==, ANYI_PAPER_OUT);

  ptu_printer_ctl("receipt", "paper-ok");
  wait_change(&watching);
  g_assert_true(anyi_printer_watch_is_usable(watch));
  g_assert_cmpuint(watching.verdicts->len, ==, 3);
  anyi_printer_watch_stop(watch);
  g_array_unref(watching.verdicts);
  g_main_loop_unref(watching.loop);
}

int
main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  ptu_require_printers();
  g_test_add_func("/print/faults/paper-low", test_paper_low_still_prints);
  g_test_add_func("/print/faults/paper-empty", test_paper_empty_waits_then_prints);
  g_test_add_func("/print/faults/paper-empty-timeout", test_paper_empty_timeout_cancels);
  g_test_add_func("/print/faults/cover-open", test_cover_open_waits_then_prints);
  g_test_add_func("/print/faults/failed-job", test_failed_job_is_failed);
  g_test_add_func("/print/faults/printer-killed", test_printer_killed_mid_job_is_uncertain);
  g_test_add_func("/print/faults/cupsd-down", test_cupsd_down_and_back);
  g_test_add_func("/print/faults/toner", test_toner);
  g_test_add_func("/print/faults/watch", test_watch_stops_and_resumes_by_itself);
  return g_test_run();
}
