/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libFuzzer target: print templates and their data on arbitrary bytes.
 * An input is a template (JSON), optionally a NUL byte and the data object
 * to fill it with; a template that loads is laid out and rendered to a PWG
 * raster, as a hall's edited template would be at the kiosk. Built with
 * clang -fsanitize=fuzzer,address,undefined (see meson.build); the seed
 * corpus is tests/print/fuzz-seeds (each shipped template and its fixture
 * data). */
#include "print/anyi-print-template.h"

#include <glib/gstdio.h>
#include <stdint.h>
#include <string.h>

static char *template_path;

static void
remove_scratch(void)
{
  g_autofree char *dir = g_path_get_dirname(template_path);
  g_unlink(template_path);
  g_rmdir(dir);
}

static const char *
scratch_template(void)
{
  if (template_path == NULL) {
    g_autoptr(GError) error = NULL;
    g_autofree char *dir = g_dir_make_tmp("fuzz-print-XXXXXX", &error);
    g_assert_no_error(error);
    template_path = g_build_filename(dir, "fuzzed.json", NULL);
    atexit(remove_scratch);
  }
  return template_path;
}

static JsonObject *
parse_data(const uint8_t *data, size_t size)
{
  g_autoptr(JsonParser) parser = json_parser_new();
  if (!json_parser_load_from_data(parser, (const char *)data, (gssize)size, NULL))
    return NULL;
  JsonNode *root = json_parser_get_root(parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT(root))
    return NULL;
  return json_object_ref(json_node_get_object(root));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  const uint8_t *nul = memchr(data, '\0', size);
  size_t template_size = nul != NULL ? (size_t)(nul - data) : size;
  if (!g_file_set_contents(scratch_template(), (const char *)data, (gssize)template_size, NULL))
    return 0;

  g_autoptr(AnyiPrintTemplate) tpl = anyi_print_template_load(template_path, NULL);
  if (tpl == NULL)
    return 0;
  g_autoptr(JsonObject) fill = nul != NULL ? parse_data(nul + 1, size - template_size - 1) : NULL;
  if (fill == NULL)
    fill = json_object_new();
  /* Only the raster: the layout code is the same for both, and cairo's PDF
   * backend subsets the CJK fonts on every document, seconds a run under
   * ASan. 72 dpi keeps a run fast; the layout is the same at 203. */
  g_autoptr(GBytes) raster =
      anyi_print_template_render_pwg_raster(tpl, fill, 72, ANYI_RASTER_BLACK_1, NULL);
  return 0;
}
