/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A receipt sent straight to the printer's own IPP service (the cupsd
 * queue's device-uri), followed there, with cupsd as the fallback: it
 * prints, it waits for paper as a cupsd job does, and it goes through cupsd
 * when the printer does not answer or staff stopped the queue. One test a
 * run, each under its own tests/fixtures/printing/with-printers. */
#include "print-test-util.h"
#include "print/anyi-print-job.h"

#include <cups/cups.h>
#include <string.h>

static AnyiPrintJob *
direct_receipt_job(const char *title)
{
  g_autoptr(GBytes) raster = ptu_render_sample_raster("receipt");
  AnyiPrintJob *job =
      anyi_print_job_new(g_getenv("ANYI_RECEIPT_QUEUE"), title, raster, "image/pwg-raster");
  anyi_print_job_set_direct(job, TRUE);
  return job;
}

/* Waits until cupsd holds the job (the fallback took it). */
static void
wait_for_cupsd_id(AnyiPrintJob *job)
{
  for (int i = 0; i < 400 && anyi_print_job_get_cups_id(job) == 0; i++)
    g_usleep(50 * 1000);
  g_assert_cmpint(anyi_print_job_get_cups_id(job), >, 0);
}

static guint
receipts_printed(void)
{
  g_autoptr(GPtrArray) docs = ptu_spool_documents("ANYI_TEST_RECEIPT_SPOOL");
  return docs->len;
}

static void
run_lp_tool(const char *tool)
{
  const char *argv[] = {tool, g_getenv("ANYI_RECEIPT_QUEUE"), NULL};
  g_autofree char *out = ptu_run(argv);
}

static void
test_direct_job_prints(void)
{
  g_autoptr(AnyiPrintJob) job = direct_receipt_job("direct receipt");
  g_autoptr(GBytes) sent = ptu_render_sample_raster("receipt");
  g_autoptr(GError) error = NULL;
  g_autofree char *received = NULL;
  gsize received_size = 0;

  g_assert_true(anyi_print_job_run(job, NULL, &error));
  g_assert_no_error(error);
  g_assert_cmpint(anyi_print_job_get_state(job), ==, ANYI_PRINT_JOB_PRINTED);
  g_assert_cmpuint(receipts_printed(), ==, 1);
  /* every byte reached the printer: an HTTP length that left out the IPP
   * request once cut the end off each document (a PDF lost its trailer) */
  g_autoptr(GPtrArray) docs = ptu_spool_documents("ANYI_TEST_RECEIPT_SPOOL");
  g_assert_true(g_file_get_contents(g_ptr_array_index(docs, 0), &received, &received_size, NULL));
  g_assert_cmpmem(received, received_size, g_bytes_get_data(sent, NULL), g_bytes_get_size(sent));
  /* it went to the printer itself: the printer knows the job, cupsd does not */
  g_autofree char *printer_uri = anyi_print_job_dup_printer_uri(job);
  g_assert_cmpstr(printer_uri, ==, g_getenv("ANYI_TEST_RECEIPT_URI"));
  g_assert_cmpint(ptu_device_job_state("ANYI_TEST_RECEIPT_URI", anyi_print_job_get_cups_id(job)),
                  ==, IPP_JSTATE_COMPLETED);
  g_assert_cmpint(anyi_print_job_find(g_getenv("ANYI_RECEIPT_QUEUE"), "direct receipt", NULL), ==,
                  0);
  g_assert_cmpint(anyi_print_job_find_direct(printer_uri, "direct receipt", NULL), ==,
                  anyi_print_job_get_cups_id(job));
}

/* As through cupsd (test-print-faults: paper-empty): the job waits, and the
 * reasons say why, until paper is back. */
static void
test_direct_job_waits_for_paper(void)
{
  ptu_printer_ctl("receipt", "paper-empty");
  g_autoptr(AnyiPrintJob) job = direct_receipt_job("direct, paper empty");
  PtuRunningJob *running = ptu_start_job(job, NULL);

  ptu_wait_for_job_state(job, ANYI_PRINT_JOB_WAITING, "media-empty");
  g_autofree char *printer_uri = anyi_print_job_dup_printer_uri(job);
  g_assert_cmpstr(printer_uri, ==, g_getenv("ANYI_TEST_RECEIPT_URI"));
  g_assert_cmpint(ptu_device_job_state("ANYI_TEST_RECEIPT_URI", anyi_print_job_get_cups_id(job)),
                  ==, IPP_JSTATE_PROCESSING);
  ptu_printer_ctl("receipt", "paper-ok");
  ptu_finish_job(running);
  g_assert_no_error(running->error);
  g_assert_true(running->printed);
  g_assert_cmpuint(receipts_printed(), ==, 1);
  g_free(running);
}

/* The kiosk gives up on a job that waits (the citizen cannot wait for
 * paper): it is canceled at the printer, so it cannot come out later into
 * the next citizen's hands. */
static void
test_direct_job_given_up_is_canceled_at_the_printer(void)
{
  ptu_printer_ctl("receipt", "paper-empty");
  g_autoptr(AnyiPrintJob) job = direct_receipt_job("direct, given up");
  g_autoptr(GCancellable) cancellable = g_cancellable_new();
  g_autoptr(GError) error = NULL;
  PtuRunningJob *running = ptu_start_job(job, cancellable);

  ptu_wait_for_job_state(job, ANYI_PRINT_JOB_WAITING, "media-empty");
  g_cancellable_cancel(cancellable);
  ptu_finish_job(running);
  g_assert_false(running->printed);
  g_assert_error(running->error, ANYI_PRINT_ERROR, ANYI_PRINT_ERROR_JOB_FAILED);
  g_clear_error(&running->error);
  g_assert_cmpint(anyi_print_job_get_state(job), ==, ANYI_PRINT_JOB_FAILED);
  /* ippeveprinter still runs a job canceled while it waited for paper and
   * calls it canceled once paper is back; a real printer drops it. */
  int printer_id = anyi_print_job_get_cups_id(job);
  g_assert_cmpint(printer_id, >, 0);
  ptu_printer_ctl("receipt", "paper-ok");
  for (int i = 0;
       i < 40 && ptu_device_job_state("ANYI_TEST_RECEIPT_URI", printer_id) != IPP_JSTATE_CANCELED;
       i++)
    g_usleep(100 * 1000);
  g_assert_cmpint(ptu_device_job_state("ANYI_TEST_RECEIPT_URI", printer_id), ==,
                  IPP_JSTATE_CANCELED);
  g_free(running);
}

/* A printer that does not answer: the job goes to cupsd instead, which
 * holds it and prints it once the printer is back. */
static void
test_printer_down_falls_back_to_cupsd(void)
{
  ptu_printer_ctl("receipt", "kill");
  g_autoptr(AnyiPrintJob) job = direct_receipt_job("direct, printer down");
  anyi_print_job_set_timeout(job, 50);
  PtuRunningJob *running = ptu_start_job(job, NULL);

  wait_for_cupsd_id(job);
  g_autofree char *printer_uri = anyi_print_job_dup_printer_uri(job);
  g_assert_null(printer_uri);
  g_assert_cmpint(anyi_print_job_find(g_getenv("ANYI_RECEIPT_QUEUE"), "direct, printer down", NULL),
                  ==, anyi_print_job_get_cups_id(job));
  ptu_printer_ctl("receipt", "restart");
  ptu_finish_job(running);
  g_assert_no_error(running->error);
  g_assert_true(running->printed);
  g_assert_cmpuint(receipts_printed(), ==, 1);
  g_free(running);
}

/* Staff stopped the queue: the printer is not used behind their back; cupsd
 * holds the job until the queue is started again. */
static void
test_stopped_queue_is_respected(void)
{
  run_lp_tool("cupsdisable");
  g_autoptr(AnyiPrintJob) job = direct_receipt_job("direct, queue stopped");
  anyi_print_job_set_timeout(job, 50);
  PtuRunningJob *running = ptu_start_job(job, NULL);

  wait_for_cupsd_id(job);
  ptu_wait_for_job_state(job, ANYI_PRINT_JOB_QUEUED, NULL);
  g_autofree char *printer_uri = anyi_print_job_dup_printer_uri(job);
  g_assert_null(printer_uri);
  g_assert_cmpuint(receipts_printed(), ==, 0);
  run_lp_tool("cupsenable");
  ptu_finish_job(running);
  g_assert_no_error(running->error);
  g_assert_true(running->printed);
  g_assert_cmpuint(receipts_printed(), ==, 1);
  g_free(running);
}

int
main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  ptu_require_printers();
  g_test_add_func("/print/direct/prints", test_direct_job_prints);
  g_test_add_func("/print/direct/paper-empty", test_direct_job_waits_for_paper);
  g_test_add_func("/print/direct/given-up", test_direct_job_given_up_is_canceled_at_the_printer);
  g_test_add_func("/print/direct/printer-down", test_printer_down_falls_back_to_cupsd);
  g_test_add_func("/print/direct/queue-stopped", test_stopped_queue_is_respected);
  return g_test_run();
}
