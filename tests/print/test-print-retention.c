/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The retention purge removes cupsd's copy and history of the kiosk's old
 * print jobs (their titles carry the case number; with PreserveJobFiles the
 * spool keeps the document itself). Runs under with-printers. */
#include "cases/anyi-retention.h"
#include "print/anyi-print-job.h"
#include "print/anyi-print-template.h"
#include "temp-store.h"

#include <cups/cups.h>

#define DAY (24 * 3600)

static ipp_status_t
ask_cupsd_for_job(int cups_id)
{
  char uri[HTTP_MAX_URI];
  ipp_t *request = ippNewRequest(IPP_OP_GET_JOB_ATTRIBUTES);

  httpAssembleURIf(HTTP_URI_CODING_ALL, uri, sizeof uri, "ipp", NULL, "localhost", ippPort(),
                   "/jobs/%d", cups_id);
  ippAddString(request, IPP_TAG_OPERATION, IPP_TAG_URI, "job-uri", NULL, uri);
  ippAddString(request, IPP_TAG_OPERATION, IPP_TAG_NAME, "requesting-user-name", NULL, cupsUser());
  ippDelete(cupsDoRequest(CUPS_HTTP_DEFAULT, request, "/"));
  return cupsLastError();
}

static int
print_test_page(AnyiSettings *settings, const char *title)
{
  g_autoptr(AnyiPrintTemplate) tpl = anyi_print_template_load_named("test-page", NULL);
  g_autoptr(JsonParser) parser = json_parser_new();
  g_autoptr(GBytes) pdf = NULL;
  g_autoptr(AnyiPrintJob) job = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true(json_parser_load_from_file(parser, PRINT_DATA_DIR "/test-page.json", &error));
  pdf = anyi_print_template_render_pdf_bytes(
      tpl, json_node_get_object(json_parser_get_root(parser)), &error);
  g_assert_no_error(error);
  job = anyi_print_job_new(settings->a4_queue, title, pdf, "application/pdf");
  g_assert_true(anyi_print_job_run(job, NULL, &error));
  g_assert_no_error(error);
  return anyi_print_job_get_cups_id(job);
}

static void
test_old_jobs_purged_from_cupsd(void)
{
  TempStore temp = {0};
  AnyiStore *store = temp_store_open(&temp);
  g_autoptr(AnyiSettings) settings = anyi_settings_load(NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(AnyiStoredPrintJob) after = NULL;
  AnyiRetentionResult result;
  gint64 job_id = 0;
  int cups_id;

  g_assert_nonnull(settings);
  g_free(settings->documents_dir);
  settings->documents_dir = g_build_filename(temp.dir, "documents", NULL);
  g_assert_true(anyi_store_print_job_add(store, 0, "a4", "test-page", NULL, &job_id, &error));
  cups_id = print_test_page(settings, "anyi-job 1201-A001 test-page");
  g_assert_cmpint(cups_id, >, 0);
  g_assert_true(anyi_store_print_job_update(store, job_id, "completed", cups_id, NULL, &error));
  g_assert_cmpint(ask_cupsd_for_job(cups_id), ==, IPP_STATUS_OK); /* in its history */

  /* within the retention period: kept */
  g_assert_true(
      anyi_retention_run(store, settings, g_get_real_time() / G_USEC_PER_SEC, &result, &error));
  g_assert_cmpuint(result.cups_jobs_purged, ==, 0);
  g_assert_cmpint(ask_cupsd_for_job(cups_id), ==, IPP_STATUS_OK);

  g_assert_true(anyi_retention_confirm_clock(
      store, "test", g_get_real_time() / G_USEC_PER_SEC + 100 * DAY, &error));
  g_assert_true(anyi_retention_run(store, settings, g_get_real_time() / G_USEC_PER_SEC + 100 * DAY,
                                   &result, &error));
  g_assert_no_error(error);
  g_assert_cmpuint(result.cups_jobs_purged, ==, 1);
  g_assert_cmpint(ask_cupsd_for_job(cups_id), ==, IPP_STATUS_ERROR_NOT_FOUND);
  after = anyi_store_print_job_get(store, job_id, &error);
  g_assert_cmpint(after->cups_job_id, ==, 0);
  temp_store_clear(&temp);
}

int
main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/print/retention/cupsd-jobs-purged", test_old_jobs_purged_from_cupsd);
  return g_test_run();
}
