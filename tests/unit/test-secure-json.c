/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-secure-json.c: the reader of a resumed case's JSON
 * (anyi_secure_json_parse_object) gives what json-glib gives, and refuses
 * what is not a JSON object without reading past its end (run under ASan
 * too; engine-wipe, which counts what it leaves in freed memory, cannot). */
#include "cases/anyi-secure-json.h"

#include <string.h>

/* The resumed data is the saved data: every kind of value, escapes and
 * characters outside the BMP, nested; and text that is not a JSON object
 * is refused with the place of the fault, not quoted. */
static void
test_secure_parse(void)
{
  static const char text[] =
      " {\"name\":\"\\u6b27\\u9633 \\\"\\u5a1c\" , \"emoji\":\"\\ud83d\\ude00\\n\\t/\\/\","
      "\"n\":-42,\"big\":9007199254740993,\"x\":1.5e3,\"yes\":true,\"no\":false,\"none\":null,"
      "\"list\":[1,\"two\",[],{}],\"nested\":{\"a\":{\"b\":[{\"c\":\"d\"}]}}} ";
  static const char *const bad[] = {"",
                                    "{\"a\":1",
                                    "{\"a\":-",
                                    "{\"a\":\"b",
                                    "[]",
                                    "{\"a\":}",
                                    "{\"a\":1,}",
                                    "{\"a\" 1}",
                                    "{\"a\":tru}",
                                    "{\"a\":\"\\ud800\"}",
                                    "{\"a\":1} x",
                                    "{\"a\":\"\\q\"}",
                                    "{\"a\":1-2}",
                                    "{\"a\":\"\xff\"}"};
  g_autoptr(GError) error = NULL;
  JsonObject *parsed = anyi_secure_json_parse_object(text, &error);
  g_autoptr(JsonNode) expected = json_from_string(text, &error);
  g_autoptr(JsonNode) got = NULL;
  g_autofree char *brackets = g_strnfill(10000, '[');
  g_autofree char *deep = NULL;

  g_assert_no_error(error);
  g_assert_nonnull(parsed);
  got = json_node_init_object(json_node_alloc(), parsed);
  g_assert_true(json_node_equal(got, expected));
  g_assert_cmpstr(json_object_get_string_member(parsed, "name"), ==, "欧阳 \"娜");
  g_assert_cmpint(json_object_get_int_member(parsed, "big"), ==,
                  G_GINT64_CONSTANT(9007199254740993));
  anyi_secure_json_object_unref(parsed);
  for (guint i = 0; i < G_N_ELEMENTS(bad); i++) {
    g_clear_error(&error);
    g_assert_null(anyi_secure_json_parse_object(bad[i], &error));
    g_assert_error(error, JSON_PARSER_ERROR, JSON_PARSER_ERROR_INVALID_DATA);
    g_assert_true(strstr(error->message, "at byte"));
  }
  /* nesting is bounded: no stack runs out on a hostile file */
  deep = g_strdup_printf("{\"a\":%s}", brackets);
  g_clear_error(&error);
  g_assert_null(anyi_secure_json_parse_object(deep, &error));
  g_assert_nonnull(strstr(error->message, "nested too deep"));
}

int
main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/secure-json/parse", test_secure_parse);
  return g_test_run();
}
