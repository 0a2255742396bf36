/* SPDX-License-Identifier: GPL-3.0-or-later */
/* anyictl print / printers: print any template with given data, show the
 * state of the print queues. */
#include "anyictl-commands.h"
#include "print/anyi-print-job.h"
#include "print/anyi-print-template.h"
#include "print/printer-status.h"

#include <cups/cups.h>
#include <stdio.h>

static JsonObject *
load_data(const char *path, GError **error)
{
  g_autoptr(JsonParser) parser = json_parser_new();
  if (!json_parser_load_from_file(parser, path, error))
    return NULL;
  JsonNode *root = json_parser_get_root(parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT(root)) {
    g_set_error(error, ANYI_PRINT_ERROR, ANYI_PRINT_ERROR_DATA, "%s: expected a JSON object", path);
    return NULL;
  }
  return json_object_ref(json_node_get_object(root));
}

static AnyiPrintTemplate *
load_template(const char *name_or_path, GError **error)
{
  if (g_str_has_suffix(name_or_path, ".json"))
    return anyi_print_template_load(name_or_path, error);
  return anyi_print_template_load_named(name_or_path, error);
}

static void
on_state(AnyiPrintJob *job, GParamSpec *pspec, gpointer user_data)
{
  g_autofree char *message = anyi_print_job_dup_message(job);
  printf("job %d: %s%s%s\n", anyi_print_job_get_cups_id(job),
         anyi_print_job_state_to_string(anyi_print_job_get_state(job)), *message ? ": " : "",
         message);
}

/* Roll templates go as PWG raster (what IPP Everywhere receipt printers
 * take, so cupsd passes them through); A4 ones as PDF. */
static GBytes *
render_for_queue(AnyiPrintTemplate *tpl, JsonObject *data, const char *format, guint dpi,
                 const char **mime, GError **error)
{
  gboolean raster = format ? g_str_equal(format, "raster")
                           : anyi_print_template_get_page_kind(tpl) == ANYI_PAGE_ROLL_80MM;
  *mime = raster ? "image/pwg-raster" : "application/pdf";
  if (raster)
    return anyi_print_template_render_pwg_raster(tpl, data, dpi, ANYI_RASTER_BLACK_1, error);
  return anyi_print_template_render_pdf_bytes(tpl, data, error);
}

static int
print_on_queue(AnyiPrintTemplate *tpl, JsonObject *data, const char *queue, const char *format,
               guint dpi, guint timeout)
{
  g_autoptr(GError) error = NULL;
  const char *mime = NULL;
  g_autoptr(GBytes) document = render_for_queue(tpl, data, format, dpi, &mime, &error);
  if (document == NULL) {
    fprintf(stderr, "anyictl print: %s\n", error->message);
    return 1;
  }
  g_autofree char *title = g_strdup_printf("anyictl %s", anyi_print_template_get_name(tpl));
  g_autoptr(AnyiPrintJob) job = anyi_print_job_new(queue, title, document, mime);
  anyi_print_job_set_timeout(job, timeout);
  g_signal_connect(job, "notify::state", G_CALLBACK(on_state), NULL);
  if (!anyi_print_job_run(job, NULL, &error)) {
    fprintf(stderr, "anyictl print: %s\n", error->message);
    return 1;
  }
  return 0;
}

int
anyictl_print_main(int argc, char **argv)
{
  g_autofree char *data_path = NULL, *queue = NULL, *pdf = NULL, *format = NULL;
  int dpi = 203, timeout = 60;
  GOptionEntry entries[] = {
      {"data", 'd', 0, G_OPTION_ARG_FILENAME, &data_path, "data for the template", "FILE.json"},
      {"queue", 'q', 0, G_OPTION_ARG_STRING, &queue, "print on this CUPS queue", "NAME"},
      {"pdf", 'o', 0, G_OPTION_ARG_FILENAME, &pdf, "write a PDF instead", "OUT.pdf"},
      {"format", 'f', 0, G_OPTION_ARG_STRING, &format,
       "send pdf or raster (default: raster for a roll, pdf for A4)", "pdf|raster"},
      {"dpi", 0, 0, G_OPTION_ARG_INT, &dpi, "raster resolution (default 203)", "DPI"},
      {"timeout", 't', 0, G_OPTION_ARG_INT, &timeout, "give up after (default 60)", "SECONDS"},
      {NULL}};
  g_autoptr(GOptionContext) context = g_option_context_new("TEMPLATE");
  g_option_context_set_summary(context, "Renders a print template (a name in the templates "
                                        "directory, or a path ending in .json) with the given "
                                        "data, to a PDF file or a CUPS queue.");
  g_option_context_add_main_entries(context, entries, NULL);
  g_autoptr(GError) error = NULL;
  if (!g_option_context_parse(context, &argc, &argv, &error) || argc != 2 || data_path == NULL ||
      (queue == NULL) == (pdf == NULL) || dpi < 72 || dpi > 1200 || timeout < 1 ||
      (format && !g_str_equal(format, "pdf") && !g_str_equal(format, "raster"))) {
    fprintf(stderr,
            "%s%susage: anyictl print TEMPLATE --data FILE.json (--queue NAME | --pdf OUT)\n",
            error ? error->message : "", error ? "\n" : "");
    return 2;
  }
  g_autoptr(AnyiPrintTemplate) tpl = load_template(argv[1], &error);
  g_autoptr(JsonObject) data = tpl ? load_data(data_path, &error) : NULL;
  if (data == NULL) {
    fprintf(stderr, "anyictl print: %s\n", error->message);
    return 1;
  }
  if (queue != NULL)
    return print_on_queue(tpl, data, queue, format, (guint)dpi, (guint)timeout);
  if (!anyi_print_template_render_pdf_file(tpl, data, pdf, &error)) {
    fprintf(stderr, "anyictl print: %s\n", error->message);
    return 1;
  }
  return 0;
}

static const char *
printer_state_name(int state)
{
  switch (state) {
  case IPP_PSTATE_IDLE:
    return "idle";
  case IPP_PSTATE_PROCESSING:
    return "printing";
  case IPP_PSTATE_STOPPED:
    return "stopped";
  default:
    return "unknown";
  }
}

static void
show_status(const AnyiPrinterStatus *status)
{
  printf("%s: %s%s, paper %s, toner %s%s%s\n", status->queue, printer_state_name(status->state),
         status->accepting ? "" : " (rejecting jobs)", anyi_paper_state_to_string(status->paper),
         anyi_toner_state_to_string(status->toner), status->cover_open ? ", cover open" : "",
         status->offline ? ", offline" : "");
  printf("  usable for receipts: %s, for A4: %s\n",
         anyi_printer_status_usable(status, ANYI_PRINTER_ROLE_RECEIPT) ? "yes" : "no",
         anyi_printer_status_usable(status, ANYI_PRINTER_ROLE_A4) ? "yes" : "no");
  printf("  reasons: %s\n", *status->reasons ? status->reasons : "none");
  if (*status->state_message)
    printf("  message: %s\n", status->state_message);
  for (guint i = 0; i < status->markers->len; i++) {
    const AnyiPrinterMarker *marker = g_ptr_array_index(status->markers, i);
    printf("  supply: %s (%s) %d%%\n", marker->name, marker->type, marker->level);
  }
  for (guint i = 0; i < status->faults->len; i++) {
    const AnyiPrinterFault *fault = g_ptr_array_index(status->faults, i);
    printf("  fault %s [%s%s]: %s / %s\n", fault->code, anyi_recovery_to_string(fault->recovery),
           fault->blocking ? ", blocking" : "", fault->text_zh, fault->text_en);
  }
}

int
anyictl_printers_main(int argc, char **argv)
{
  if (argc > 1 && (g_str_equal(argv[1], "--help") || argv[1][0] == '-')) {
    fprintf(argv[1][1] == '-' && g_str_equal(argv[1], "--help") ? stdout : stderr,
            "usage: anyictl printers [QUEUE...]\nShows each CUPS queue's state, reasons, "
            "supplies and faults (all queues when none is named).\n");
    return g_str_equal(argv[1], "--help") ? 0 : 2;
  }
  g_autoptr(GPtrArray) queues = g_ptr_array_new_with_free_func(g_free);
  for (int i = 1; i < argc; i++)
    g_ptr_array_add(queues, g_strdup(argv[i]));
  if (queues->len == 0) {
    cups_dest_t *dests = NULL;
    int n = cupsGetDests2(CUPS_HTTP_DEFAULT, &dests);
    for (int i = 0; i < n; i++)
      if (dests[i].instance == NULL)
        g_ptr_array_add(queues, g_strdup(dests[i].name));
    cupsFreeDests(n, dests);
  }
  if (queues->len == 0) {
    fprintf(stderr, "anyictl printers: cupsd at %s has no queues (or does not answer: %s)\n",
            cupsServer(), cupsLastErrorString());
    return 1;
  }
  int status = 0;
  for (guint i = 0; i < queues->len; i++) {
    g_autoptr(AnyiPrinterStatus) printer = anyi_printer_status_query(queues->pdata[i]);
    show_status(printer);
    if (!printer->cupsd_reachable || !printer->queue_found)
      status = 1;
  }
  return status;
}
