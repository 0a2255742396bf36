/* SPDX-License-Identifier: GPL-3.0-or-later */
/* JSON paths name the facts awaiting confirmation; a path that names
 * nothing must be caught, since it would hide which fact is unconfirmed. */
#include "catalogue/catalogue-reader-private.h"

static JsonNode *
parse(const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new();
  g_autoptr(GError) error = NULL;
  json_parser_load_from_data(parser, text, -1, &error);
  g_assert_no_error(error);
  return json_node_ref(json_parser_get_root(parser));
}

static void
test_resolves(void)
{
  g_autoptr(JsonNode) root = parse("{\"fee\": {\"amount_fen\": 2000},"
                                   " \"steps\": [{\"type\": \"read-card\"},"
                                   " {\"fields\": [{\"id\": \"mobile\"}]}]}");
  JsonNode *node = anyi_json_path_resolve(root, "$.fee.amount_fen");
  g_assert_nonnull(node);
  g_assert_cmpint(json_node_get_int(node), ==, 2000);
  node = anyi_json_path_resolve(root, "$.steps[1].fields[0].id");
  g_assert_cmpstr(json_node_get_string(node), ==, "mobile");
  g_assert_true(anyi_json_path_resolve(root, "$") == root);
  g_assert_nonnull(anyi_json_path_resolve(root, "$.steps"));
}

static void
test_rejects(void)
{
  g_autoptr(JsonNode) root = parse("{\"fee\": {\"amount_fen\": 2000}, \"steps\": [1, 2]}");
  const char *bad[] = {"fee.amount_fen", "$.fee.amount", "$.steps[2]", "$.steps[-1]",
                       "$.steps[1",      "$.fee[0]",     "$.steps.x",  "$..fee",
                       "$.fee.",         "$.steps[1]x",  "",           "$.steps[]"};
  for (gsize i = 0; i < G_N_ELEMENTS(bad); i++)
    if (anyi_json_path_resolve(root, bad[i]))
      g_error("'%s' should name nothing", bad[i]);
}

int
main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/catalogue/paths/resolves", test_resolves);
  g_test_add_func("/catalogue/paths/rejects", test_rejects);
  return g_test_run();
}
