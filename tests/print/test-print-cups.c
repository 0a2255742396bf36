/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Documents go through a real cupsd to ippeveprinter printers and come out
 * as sent; the job and printer models follow what CUPS reports. Run under
 * tests/fixtures/printing/with-printers. */
#include "print-test-util.h"
#include "print/anyi-print-job.h"
#include "print/anyi-print-template.h"
#include "print/printer-status.h"

#include <string.h>

static void
test_a4_pdf_prints(void)
{
  g_autoptr(GBytes) pdf = ptu_render_sample_pdf("handoff-slip");
  g_autoptr(AnyiPrintJob) job =
      anyi_print_job_new(g_getenv("ANYI_A4_QUEUE"), "handoff-slip test #1", pdf, "application/pdf");
  g_assert_cmpint(anyi_print_job_get_state(job), ==, ANYI_PRINT_JOB_NEW);
  g_autoptr(GError) error = NULL;
  gboolean printed = anyi_print_job_run(job, NULL, &error);
  g_assert_no_error(error);
  g_assert_true(printed);
  g_assert_cmpint(anyi_print_job_get_state(job), ==, ANYI_PRINT_JOB_PRINTED);
  g_assert_cmpint(anyi_print_job_get_cups_id(job), >, 0);

  g_autoptr(GPtrArray) docs = ptu_spool_documents("ANYI_TEST_A4_SPOOL");
  g_assert_cmpuint(docs->len, ==, 1);
  const char *received = g_ptr_array_index(docs, 0);
  g_assert_true(g_str_has_suffix(received, ".pdf"));
  int pages;
  double width, height;
  ptu_pdf_info(received, &pages, &width, &height);
  g_assert_cmpint(pages, ==, 1);
  g_assert_cmpfloat_with_epsilon(width, 210, 1);
  g_assert_cmpfloat_with_epsilon(height, 297, 1);
  ptu_assert_fonts_embedded(received);
  g_autofree char *text = ptu_pdf_text(received);
  g_assert_nonnull(strstr(text, "窗口引导单"));
  g_assert_nonnull(strstr(text, "张<三>&"));
  g_assert_nonnull(strstr(text, "AY-20261130-0043"));
  g_autofree char *qr = ptu_pdf_qr(received, 1);
  g_assert_cmpstr(qr, ==, "AY-20261130-0043");
  g_assert_cmpint(anyi_print_job_find(g_getenv("ANYI_A4_QUEUE"), "handoff-slip test #1", NULL), ==,
                  anyi_print_job_get_cups_id(job));
}

static void
test_receipt_raster_prints_unconverted(void)
{
  g_autoptr(GBytes) pwg = ptu_render_sample_raster("receipt");
  g_autoptr(AnyiPrintJob) job = anyi_print_job_new(g_getenv("ANYI_RECEIPT_QUEUE"),
                                                   "receipt test #2", pwg, "image/pwg-raster");
  g_autoptr(GError) error = NULL;
  gboolean printed = anyi_print_job_run(job, NULL, &error);
  g_assert_no_error(error);
  g_assert_true(printed);

  g_autoptr(GPtrArray) docs = ptu_spool_documents("ANYI_TEST_RECEIPT_SPOOL");
  g_assert_cmpuint(docs->len, ==, 1);
  const char *received = g_ptr_array_index(docs, 0);
  g_assert_true(g_str_has_suffix(received, ".pwg"));
  /* byte for byte what was sent: cupsd did not convert it */
  g_autofree char *contents = NULL;
  gsize length = 0;
  g_assert_true(g_file_get_contents(received, &contents, &length, NULL));
  g_assert_cmpmem(contents, length, g_bytes_get_data(pwg, NULL), g_bytes_get_size(pwg));

  g_autofree char *png = g_strconcat(received, ".png", NULL);
  int pages, width, height, dpi;
  ptu_pwg_to_png(received, png, &pages, &width, &height, &dpi);
  g_assert_cmpint(pages, ==, 1);
  g_assert_cmpint(dpi, ==, 203);
  g_assert_cmpint(width, ==, 639); /* 80 mm at 203 dpi */
  g_assert_cmpint(height, >, width);
  g_autofree char *qr = ptu_image_qr(png);
  g_assert_cmpstr(qr, ==, "AY-20261130-0042");
}

typedef struct {
  const char *name;
  const char *qr; /* NULL: no QR code */
  int qr_page;
  const char *text; /* A4 only: a phrase the received PDF must hold */
} PrintCase;

static const PrintCase print_cases[] = {
    {"receipt", "AY-20261130-0042", 1, NULL},
    {"handoff-slip", "AY-20261130-0043", 1, "张<三>&"},
    {"one-time-notice", "AY-20261130-0044", 1, "容缺受理一次性告知书"},
    {"guidance-leaflet", "https://example.gov.cn/anyi/service/id-card-renewal", 2, "办理流程"},
    {"restock", NULL, 0, NULL},
    {"test-page", "ANYI-TEST KIOSK-03 a4 2026-11-30 10:40", 1, "打印机测试页"},
    {"test-receipt", "ANYI-TEST KIOSK-03 receipt 2026-11-30 10:40", 1, NULL},
};

/* Roll templates go to the receipt printer as raster, A4 ones as PDF: what
 * each printer takes. */
static void
test_template_prints(gconstpointer user_data)
{
  const PrintCase *pc = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(AnyiPrintTemplate) tpl = anyi_print_template_load_named(pc->name, &error);
  g_assert_no_error(error);
  g_autoptr(JsonObject) data = ptu_load_data(pc->name);
  gboolean roll = anyi_print_template_get_page_kind(tpl) == ANYI_PAGE_ROLL_80MM;
  g_autoptr(GBytes) document =
      roll ? anyi_print_template_render_pwg_raster(tpl, data, 203, ANYI_RASTER_BLACK_1, &error)
           : anyi_print_template_render_pdf_bytes(tpl, data, &error);
  g_assert_no_error(error);
  const char *queue = g_getenv(roll ? "ANYI_RECEIPT_QUEUE" : "ANYI_A4_QUEUE");
  const char *spool = roll ? "ANYI_TEST_RECEIPT_SPOOL" : "ANYI_TEST_A4_SPOOL";
  g_autoptr(GPtrArray) before = ptu_spool_documents(spool);
  g_autoptr(AnyiPrintJob) job =
      anyi_print_job_new(queue, pc->name, document, roll ? "image/pwg-raster" : "application/pdf");
  gboolean printed = anyi_print_job_run(job, NULL, &error);
  g_assert_no_error(error);
  g_assert_true(printed);

  g_autoptr(GPtrArray) after = ptu_spool_documents(spool);
  g_assert_cmpuint(after->len, ==, before->len + 1);
  const char *received = g_ptr_array_index(after, after->len - 1);
  g_autofree char *qr = NULL;
  if (roll) {
    g_autofree char *png = g_strconcat(received, ".png", NULL);
    int pages, width, height, dpi;
    ptu_pwg_to_png(received, png, &pages, &width, &height, &dpi);
    g_assert_cmpint(pages, ==, 1);
    g_assert_cmpint(width, ==, 639);
    qr = ptu_image_qr(png);
  } else {
    int pages;
    double width, height;
    ptu_pdf_info(received, &pages, &width, &height);
    g_assert_cmpfloat_with_epsilon(width, 210, 1);
    g_assert_cmpfloat_with_epsilon(height, 297, 1);
    ptu_assert_fonts_embedded(received);
    g_autofree char *text = ptu_pdf_text(received);
    g_assert_nonnull(strstr(text, pc->text));
    if (pc->qr != NULL)
      qr = ptu_pdf_qr(received, pc->qr_page);
  }
  g_assert_cmpstr(qr, ==, pc->qr);
}

static void
test_unknown_queue_fails(void)
{
  g_autoptr(GBytes) pdf = ptu_render_sample_pdf("receipt");
  g_autoptr(AnyiPrintJob) job = anyi_print_job_new("no-such-queue", "x", pdf, "application/pdf");
  g_autoptr(GError) error = NULL;
  g_assert_false(anyi_print_job_run(job, NULL, &error));
  g_assert_error(error, ANYI_PRINT_ERROR, ANYI_PRINT_ERROR_NO_QUEUE);
  g_assert_cmpint(anyi_print_job_get_state(job), ==, ANYI_PRINT_JOB_FAILED);

  g_autoptr(AnyiPrinterStatus) status = anyi_printer_status_query("no-such-queue");
  g_assert_true(status->cupsd_reachable);
  g_assert_false(status->queue_found);
  g_assert_false(anyi_printer_status_usable(status, ANYI_PRINTER_ROLE_A4));
  g_assert_cmpstr(anyi_printer_status_worst_fault(status, ANYI_PRINTER_ROLE_A4)->code, ==,
                  "queue-missing");
}

static void
test_idle_printers_are_usable(void)
{
  g_autoptr(AnyiPrinterStatus) receipt = anyi_printer_status_query(g_getenv("ANYI_RECEIPT_QUEUE"));
  g_assert_true(receipt->cupsd_reachable && receipt->queue_found);
  g_assert_true(receipt->device_checked && receipt->device_reachable);
  g_assert_cmpint(receipt->paper, ==, ANYI_PAPER_OK);
  g_assert_false(receipt->cover_open || receipt->offline);
  g_assert_true(anyi_printer_status_usable(receipt, ANYI_PRINTER_ROLE_RECEIPT));
  g_assert_null(anyi_printer_status_worst_fault(receipt, ANYI_PRINTER_ROLE_RECEIPT));

  g_autoptr(AnyiPrinterStatus) a4 = anyi_printer_status_query(g_getenv("ANYI_A4_QUEUE"));
  g_assert_true(anyi_printer_status_usable(a4, ANYI_PRINTER_ROLE_A4));
  g_assert_cmpint(a4->toner, ==, ANYI_TONER_OK);
  g_assert_cmpuint(a4->markers->len, >, 0); /* ippeveprinter reports its supplies */
}

typedef struct {
  GMainLoop *loop;
  GThread *main_thread;
  GArray *states;
  gboolean ok;
} AsyncRun;

static void
on_state(GObject *job, GParamSpec *pspec, gpointer user_data)
{
  AsyncRun *run = user_data;
  g_assert_true(g_thread_self() == run->main_thread);
  AnyiPrintJobState state = anyi_print_job_get_state(ANYI_PRINT_JOB(job));
  g_array_append_val(run->states, state);
}

static void
on_done(GObject *job, GAsyncResult *result, gpointer user_data)
{
  AsyncRun *run = user_data;
  g_assert_true(g_thread_self() == run->main_thread);
  g_autoptr(GError) error = NULL;
  run->ok = anyi_print_job_run_finish(ANYI_PRINT_JOB(job), result, &error);
  g_assert_no_error(error);
  g_main_loop_quit(run->loop);
}

static void
test_async_job_reports_in_main_context(void)
{
  g_autoptr(GBytes) pwg = ptu_render_sample_raster("receipt");
  g_autoptr(AnyiPrintJob) job = anyi_print_job_new(g_getenv("ANYI_RECEIPT_QUEUE"),
                                                   "receipt async #3", pwg, "image/pwg-raster");
  AsyncRun run = {g_main_loop_new(NULL, FALSE), g_thread_self(),
                  g_array_new(FALSE, FALSE, sizeof(AnyiPrintJobState)), FALSE};
  g_signal_connect(job, "notify::state", G_CALLBACK(on_state), &run);
  anyi_print_job_run_async(job, NULL, on_done, &run);
  g_main_loop_run(run.loop);
  g_assert_true(run.ok);
  g_assert_cmpuint(run.states->len, >=, 2);
  g_assert_cmpint(g_array_index(run.states, AnyiPrintJobState, 0), ==, ANYI_PRINT_JOB_SENDING);
  g_assert_cmpint(g_array_index(run.states, AnyiPrintJobState, run.states->len - 1), ==,
                  ANYI_PRINT_JOB_PRINTED);
  g_array_unref(run.states);
  g_main_loop_unref(run.loop);
}

int
main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  ptu_require_printers();
  ptu_require_tools("pdfinfo", "pdffonts", "pdftotext", "pdftoppm", "zbarimg", NULL);
  g_test_add_func("/print/cups/a4-pdf-prints", test_a4_pdf_prints);
  g_test_add_func("/print/cups/receipt-raster-prints-unconverted",
                  test_receipt_raster_prints_unconverted);
  for (gsize i = 0; i < G_N_ELEMENTS(print_cases); i++) {
    g_autofree char *path = g_strdup_printf("/print/cups/template/%s", print_cases[i].name);
    g_test_add_data_func(path, &print_cases[i], test_template_prints);
  }
  g_test_add_func("/print/cups/unknown-queue-fails", test_unknown_queue_fails);
  g_test_add_func("/print/cups/idle-printers-are-usable", test_idle_printers_are_usable);
  g_test_add_func("/print/cups/async-job-reports-in-main-context",
                  test_async_job_reports_in_main_context);
  return g_test_run();
}
