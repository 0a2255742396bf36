/* anyictl print / printers: print any template with given data, show queues. */
#include "anyictl-commands.h"
#include "print/anyi-print-template.h"

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

int
anyictl_print_main(int argc, char **argv)
{
  g_autofree char *data_path = NULL, *queue = NULL, *pdf = NULL;
  GOptionEntry entries[] = {
      {"data", 'd', 0, G_OPTION_ARG_FILENAME, &data_path, "data for the template", "FILE.json"},
      {"queue", 'q', 0, G_OPTION_ARG_STRING, &queue, "print on this CUPS queue", "NAME"},
      {"pdf", 'o', 0, G_OPTION_ARG_FILENAME, &pdf, "write a PDF instead", "OUT.pdf"},
      {NULL}};
  g_autoptr(GOptionContext) context = g_option_context_new("TEMPLATE");
  g_option_context_set_summary(context, "Renders a print template (a name in the templates "
                                        "directory, or a path ending in .json).");
  g_option_context_add_main_entries(context, entries, NULL);
  g_autoptr(GError) error = NULL;
  if (!g_option_context_parse(context, &argc, &argv, &error) || argc != 2 || data_path == NULL ||
      (queue == NULL) == (pdf == NULL)) {
    fprintf(stderr,
            "%s\nusage: anyictl print TEMPLATE --data FILE.json (--queue NAME | --pdf OUT)\n",
            error ? error->message : "");
    return 2;
  }
  g_autoptr(AnyiPrintTemplate) tpl = load_template(argv[1], &error);
  g_autoptr(JsonObject) data = tpl ? load_data(data_path, &error) : NULL;
  if (data == NULL || !anyi_print_template_render_pdf_file(tpl, data, pdf, &error)) {
    fprintf(stderr, "anyictl print: %s\n", error->message);
    return 1;
  }
  return 0;
}
