/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-print: how long printing takes. Template to PDF for a receipt and a
 * two-page leaflet, and a receipt from submission to "completed" at the
 * virtual receipt printer, by every candidate: through cupsd as raster (what
 * it takes) and as PDF (cupsd converts); through cupsd with waitjob=false;
 * through cupsd, told of the end by a job-completed subscription; straight
 * to the printer by hand (-direct-bare); and the kiosk's own path
 * (-kiosk: AnyiPrintJob with anyi_print_job_set_direct()). The CUPS rows need
 * tests/fixtures/printing/with-printers and are skipped without CUPS_SERVER. Prints BENCH lines:
 * name, value, unit, target. */
#include "print/anyi-print-job.h"
#include "print/anyi-print-template.h"

#include <cups/cups.h>
#include <stdio.h>
#include <stdlib.h>

static JsonObject *
load_data(const char *name)
{
  g_autofree char *file = g_strconcat(name, ".json", NULL);
  g_autofree char *path = g_build_filename(PRINT_FIXTURES_DIR, "data", file, NULL);
  g_autoptr(JsonParser) parser = json_parser_new();
  g_autoptr(GError) error = NULL;
  if (!json_parser_load_from_file(parser, path, &error))
    g_error("%s", error->message);
  return json_object_ref(json_node_get_object(json_parser_get_root(parser)));
}

static AnyiPrintTemplate *
load_template(const char *name)
{
  g_autoptr(GError) error = NULL;
  AnyiPrintTemplate *tpl = anyi_print_template_load_named(name, &error);
  if (tpl == NULL)
    g_error("%s", error->message);
  return tpl;
}

static int
compare_doubles(const void *a, const void *b)
{
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

static double
median(double *values, int n)
{
  qsort(values, (size_t)n, sizeof *values, compare_doubles);
  return values[n / 2];
}

typedef GBytes *(*RenderFunc)(AnyiPrintTemplate *tpl, JsonObject *data, GError **error);

static GBytes *
render_pdf(AnyiPrintTemplate *tpl, JsonObject *data, GError **error)
{
  return anyi_print_template_render_pdf_bytes(tpl, data, error);
}

static GBytes *
render_raster(AnyiPrintTemplate *tpl, JsonObject *data, GError **error)
{
  return anyi_print_template_render_pwg_raster(tpl, data, 203, ANYI_RASTER_BLACK_1, error);
}

/* Median milliseconds of @runs renders, after one that loads the fonts. */
static double
time_render(const char *name, RenderFunc render, int runs)
{
  g_autoptr(AnyiPrintTemplate) tpl = load_template(name);
  g_autoptr(JsonObject) data = load_data(name);
  g_autoptr(GError) error = NULL;
  double times[64];
  for (int i = -1; i < runs; i++) {
    gint64 start = g_get_monotonic_time();
    g_autoptr(GBytes) out = render(tpl, data, &error);
    if (out == NULL)
      g_error("%s", error->message);
    if (i >= 0)
      times[i] = (g_get_monotonic_time() - start) / 1000.0;
  }
  return median(times, runs);
}

/* Median milliseconds from handing a rendered receipt to cupsd until the
 * job is followed to completed. */
static double
time_submit_via(const char *format, int runs, gulong pause_us, gboolean direct)
{
  g_autoptr(AnyiPrintTemplate) tpl = load_template("receipt");
  g_autoptr(JsonObject) data = load_data("receipt");
  gboolean raster = g_str_equal(format, "image/pwg-raster");
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) document =
      raster ? render_raster(tpl, data, &error) : render_pdf(tpl, data, &error);
  if (document == NULL)
    g_error("%s", error->message);
  double times[16];
  for (int i = 0; i < runs; i++) {
    g_autoptr(AnyiPrintJob) job =
        anyi_print_job_new(g_getenv("ANYI_RECEIPT_QUEUE"), "bench", document, format);
    anyi_print_job_set_direct(job, direct);
    gint64 start = g_get_monotonic_time();
    if (!anyi_print_job_run(job, NULL, &error))
      g_error("%s", error->message);
    times[i] = (g_get_monotonic_time() - start) / 1000.0;
    if (g_getenv("BENCH_VERBOSE"))
      fprintf(stderr, "%s run %d: %.0f ms\n", format, i, times[i]);
    g_usleep(pause_us);
  }
  return median(times, runs);
}

static double
time_submit(const char *format, int runs, gulong pause_us)
{
  return time_submit_via(format, runs, pause_us, FALSE);
}

/* The second candidate: cupsd tells when the job ends instead of being
 * asked. A pull subscription to the queue's job-completed events
 * (notify-pull-method ippget; a job's own subscription is gone once it
 * completes, before it could be read), then per receipt the document and
 * Get-Notifications with notify-wait until that job's event. */
static int
subscribe_to_queue(http_t *http, const char *queue_uri)
{
  static const char *const events[] = {"job-completed"};
  ipp_t *request = ippNewRequest(IPP_OP_CREATE_PRINTER_SUBSCRIPTIONS);
  ippAddString(request, IPP_TAG_OPERATION, IPP_TAG_URI, "printer-uri", NULL, queue_uri);
  ippAddString(request, IPP_TAG_OPERATION, IPP_TAG_NAME, "requesting-user-name", NULL, cupsUser());
  ippAddInteger(request, IPP_TAG_SUBSCRIPTION, IPP_TAG_INTEGER, "notify-lease-duration", 600);
  ippAddString(request, IPP_TAG_SUBSCRIPTION, IPP_TAG_KEYWORD, "notify-pull-method", NULL,
               "ippget");
  ippAddStrings(request, IPP_TAG_SUBSCRIPTION, IPP_TAG_KEYWORD, "notify-events",
                G_N_ELEMENTS(events), NULL, events);
  ipp_t *response = cupsDoRequest(http, request, "/");
  int id = ippGetInteger(ippFindAttribute(response, "notify-subscription-id", IPP_TAG_INTEGER), 0);
  ippDelete(response);
  if (id <= 0)
    g_error("Create-Printer-Subscriptions: %s", cupsLastErrorString());
  return id;
}

static void
wait_for_completed_event(http_t *http, const char *queue_uri, int subscription, int job_id,
                         int *sequence_io)
{
  int sequence = *sequence_io;
  for (;;) {
    ipp_t *request = ippNewRequest(IPP_OP_GET_NOTIFICATIONS);
    ippAddString(request, IPP_TAG_OPERATION, IPP_TAG_URI, "printer-uri", NULL, queue_uri);
    ippAddString(request, IPP_TAG_OPERATION, IPP_TAG_NAME, "requesting-user-name", NULL,
                 cupsUser());
    ippAddInteger(request, IPP_TAG_OPERATION, IPP_TAG_INTEGER, "notify-subscription-ids",
                  subscription);
    ippAddInteger(request, IPP_TAG_OPERATION, IPP_TAG_INTEGER, "notify-sequence-numbers", sequence);
    ippAddBoolean(request, IPP_TAG_OPERATION, "notify-wait", 1);
    ipp_t *response = cupsDoRequest(http, request, "/");
    if (response == NULL || ippGetStatusCode(response) >= IPP_STATUS_REDIRECTION_OTHER_SITE)
      g_error("Get-Notifications: %s", cupsLastErrorString());
    gboolean done = FALSE;
    for (ipp_attribute_t *attr = ippFirstAttribute(response); attr;
         attr = ippNextAttribute(response)) {
      const char *name = ippGetName(attr);
      if (name && g_str_equal(name, "notify-sequence-number"))
        sequence = MAX(sequence, ippGetInteger(attr, 0) + 1);
      else if (name && g_str_equal(name, "notify-job-id"))
        done |= ippGetInteger(attr, 0) == job_id;
    }
    ippDelete(response);
    *sequence_io = sequence;
    if (done)
      return;
  }
}

static double
time_subscribed(int runs)
{
  g_autoptr(AnyiPrintTemplate) tpl = load_template("receipt");
  g_autoptr(JsonObject) data = load_data("receipt");
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) document = render_raster(tpl, data, &error);
  if (document == NULL)
    g_error("%s", error->message);
  const char *queue = g_getenv("ANYI_RECEIPT_QUEUE");
  char queue_uri[HTTP_MAX_URI];
  httpAssembleURIf(HTTP_URI_CODING_ALL, queue_uri, sizeof queue_uri, "ipp", NULL, "localhost",
                   ippPort(), "/printers/%s", queue);
  gsize size = 0;
  const char *bytes = g_bytes_get_data(document, &size);
  double times[16];
  http_t *http =
      httpConnect2(cupsServer(), ippPort(), NULL, AF_UNSPEC, cupsEncryption(), 1, 3000, NULL);
  if (http == NULL)
    g_error("cupsd: %s", cupsLastErrorString());
  int subscription = subscribe_to_queue(http, queue_uri), sequence = 1;
  for (int i = 0; i < runs; i++) {
    gint64 start = g_get_monotonic_time();
    int job_id = cupsCreateJob(http, queue, "bench-subscribed", 0, NULL);
    if (job_id <= 0)
      g_error("Create-Job: %s", cupsLastErrorString());
    if (cupsStartDocument(http, queue, job_id, "receipt", "image/pwg-raster", 1) !=
            HTTP_STATUS_CONTINUE ||
        cupsWriteRequestData(http, bytes, size) != HTTP_STATUS_CONTINUE ||
        cupsFinishDocument(http, queue) >= IPP_STATUS_REDIRECTION_OTHER_SITE)
      g_error("Send-Document: %s", cupsLastErrorString());
    wait_for_completed_event(http, queue_uri, subscription, job_id, &sequence);
    times[i] = (g_get_monotonic_time() - start) / 1000.0;
  }
  httpClose(http);
  return median(times, runs);
}

/* CUPS's ipp backend follows a job on the printer and polls it about once a
 * second (waitjob=true, the default); with waitjob=false cupsd calls a job
 * completed once the printer has accepted it. */
static void
set_receipt_waitjob(gboolean wait)
{
  g_autofree char *uri =
      g_strdup_printf("ipp://localhost:%s/ipp/print%s", g_getenv("ANYI_TEST_RECEIPT_PORT"),
                      wait ? "" : "?waitjob=false");
  const char *argv[] = {"lpadmin", "-p", g_getenv("ANYI_RECEIPT_QUEUE"), "-v", uri, NULL};
  g_autoptr(GError) error = NULL;
  int status = 0;
  if (!g_spawn_sync(NULL, (char **)argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, &status,
                    &error) ||
      !g_spawn_check_wait_status(status, &error))
    g_error("lpadmin: %s", error->message);
}

/* The third candidate: the receipt sent straight to the printer's own IPP
 * service (Print-Job), followed there with Get-Job-Attributes at the
 * kiosk's pace (15 ms, growing by half up to 250 ms). No cupsd: no
 * spooling, no backend polling once a second. */
static int
print_direct(http_t *http, const char *uri, GBytes *document)
{
  ipp_t *request = ippNewRequest(IPP_OP_PRINT_JOB);
  ippAddString(request, IPP_TAG_OPERATION, IPP_TAG_URI, "printer-uri", NULL, uri);
  ippAddString(request, IPP_TAG_OPERATION, IPP_TAG_NAME, "requesting-user-name", NULL, "bench");
  ippAddString(request, IPP_TAG_OPERATION, IPP_TAG_MIMETYPE, "document-format", NULL,
               "image/pwg-raster");
  gsize size = 0;
  const char *data = g_bytes_get_data(document, &size);
  if (cupsSendRequest(http, request, "/ipp/print", size) != HTTP_STATUS_CONTINUE ||
      cupsWriteRequestData(http, data, size) != HTTP_STATUS_CONTINUE)
    g_error("direct Print-Job: %s", cupsLastErrorString());
  ipp_t *response = cupsGetResponse(http, "/ipp/print");
  ippDelete(request);
  int id = ippGetInteger(ippFindAttribute(response, "job-id", IPP_TAG_INTEGER), 0);
  ippDelete(response);
  if (id <= 0)
    g_error("direct Print-Job: no job id (%s)", cupsLastErrorString());
  return id;
}

static void
follow_direct(http_t *http, const char *uri, int id)
{
  gulong interval = 15000;
  for (;;) {
    ipp_t *request = ippNewRequest(IPP_OP_GET_JOB_ATTRIBUTES);
    ippAddString(request, IPP_TAG_OPERATION, IPP_TAG_URI, "printer-uri", NULL, uri);
    ippAddInteger(request, IPP_TAG_OPERATION, IPP_TAG_INTEGER, "job-id", id);
    ippAddString(request, IPP_TAG_OPERATION, IPP_TAG_NAME, "requesting-user-name", NULL, "bench");
    ipp_t *response = cupsDoRequest(http, request, "/ipp/print");
    ipp_jstate_t state = ippGetInteger(ippFindAttribute(response, "job-state", IPP_TAG_ENUM), 0);
    ippDelete(response);
    if (state >= IPP_JSTATE_CANCELED)
      return;
    g_usleep(interval);
    interval = MIN(interval * 3 / 2, 250000);
  }
}

static double
time_direct(int runs)
{
  g_autoptr(AnyiPrintTemplate) tpl = load_template("receipt");
  g_autoptr(JsonObject) data = load_data("receipt");
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) document = render_raster(tpl, data, &error);
  if (document == NULL)
    g_error("%s", error->message);
  const char *port = g_getenv("ANYI_TEST_RECEIPT_PORT");
  g_autofree char *uri = g_strdup_printf("ipp://localhost:%s/ipp/print", port);
  double times[16];
  for (int i = 0; i < runs; i++) {
    gint64 start = g_get_monotonic_time();
    http_t *http = httpConnect2("localhost", atoi(port), NULL, AF_UNSPEC,
                                HTTP_ENCRYPTION_IF_REQUESTED, 1, 3000, NULL);
    if (http == NULL)
      g_error("the receipt printer does not answer: %s", cupsLastErrorString());
    follow_direct(http, uri, print_direct(http, uri, document));
    httpClose(http);
    times[i] = (g_get_monotonic_time() - start) / 1000.0;
    g_usleep(300 * 1000); /* the virtual printer refuses a job while it prints one */
  }
  return median(times, runs);
}

int
main(void)
{
  printf("BENCH print-receipt-pdf\t%.1f\tms\t20\n", time_render("receipt", render_pdf, 21));
  printf("BENCH print-leaflet-2p-pdf\t%.1f\tms\t100\n",
         time_render("guidance-leaflet", render_pdf, 11));
  printf("BENCH print-receipt-raster\t%.1f\tms\t20\n", time_render("receipt", render_raster, 21));
  if (g_getenv("CUPS_SERVER") == NULL || g_getenv("ANYI_RECEIPT_QUEUE") == NULL) {
    printf("# print-submit rows skipped: run under tests/fixtures/printing/with-printers\n");
    return 0;
  }
  printf("BENCH print-submit-receipt-raster\t%.0f\tms\t300\n",
         time_submit("image/pwg-raster", 7, 0));
  printf("BENCH print-submit-receipt-pdf\t%.0f\tms\t300\n", time_submit("application/pdf", 3, 0));
  /* the virtual printer refuses a job while it prints one: let it finish */
  set_receipt_waitjob(FALSE);
  printf("BENCH print-submit-receipt-raster-nowait\t%.0f\tms\t300\n",
         time_submit("image/pwg-raster", 7, 300 * 1000));
  set_receipt_waitjob(TRUE);
  printf("BENCH print-submit-receipt-raster-subscribed\t%.0f\tms\t300\n", time_subscribed(5));
  printf("BENCH print-submit-receipt-raster-direct-bare\t%.0f\tms\t300\n", time_direct(7));
  /* the kiosk's own path ([printing] direct = true): AnyiPrintJob learns
   * the printer from the queue, sends there, follows the job there */
  printf("BENCH print-submit-receipt-kiosk\t%.0f\tms\t300\n",
         time_submit_via("image/pwg-raster", 7, 300 * 1000, TRUE));
  return 0;
}
