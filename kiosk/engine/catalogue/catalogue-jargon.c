/* SPDX-License-Identifier: GPL-3.0-or-later */
/* catalogue-jargon.c */
#include "catalogue-jargon-private.h"

#include <string.h>

/* a list, not a dictionary: a hall lists tens of words, not thousands */
#define JARGON_MAX_WORDS    200
#define JARGON_MAX_FILE     (64 * 1024)
#define JARGON_MAX_WORD_LEN 64

static void
jargon_word_free(gpointer data)
{
  AnyiJargonWord *word = data;

  g_free(word->word);
  g_free(word->plain);
  g_free(word);
}

static void
read_word(AnyiLoadCtx *ctx, JsonNode *node, const char *path, GPtrArray *words)
{
  JsonObject *object = JSON_NODE_HOLDS_OBJECT(node) ? json_node_get_object(node) : NULL;
  const char *word =
      object ? json_object_get_string_member_with_default(object, "word", NULL) : NULL;
  const char *plain =
      object ? json_object_get_string_member_with_default(object, "plain", NULL) : NULL;
  AnyiJargonWord *entry;

  if (!word || !*word || !plain || !*plain || strlen(word) > JARGON_MAX_WORD_LEN) {
    anyi_load_problem(ctx, path,
                      "each entry is {\"word\": ..., \"plain\": ...}, a word of at most %d bytes",
                      JARGON_MAX_WORD_LEN);
    return;
  }
  entry = g_new0(AnyiJargonWord, 1);
  entry->word = g_strdup(word);
  entry->plain = g_strdup(plain);
  g_ptr_array_add(words, entry);
}

GPtrArray *
anyi_jargon_load(AnyiLoadCtx *ctx, const char *path)
{
  GPtrArray *words = g_ptr_array_new_with_free_func(jargon_word_free);
  g_autoptr(JsonParser) parser = json_parser_new_immutable();
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;
  JsonNode *root;
  JsonArray *list;

  if (!g_file_get_contents(path, &contents, &length, &error) ||
      !json_parser_load_from_data(parser, contents, (gssize)MIN(length, JARGON_MAX_FILE + 1),
                                  &error)) {
    anyi_load_problem(ctx, "$", "the list of words to avoid cannot be read: %s", error->message);
    return words;
  }
  if (length > JARGON_MAX_FILE) {
    anyi_load_problem(ctx, "$", "the list is larger than %d bytes", JARGON_MAX_FILE);
    return words;
  }
  root = json_parser_get_root(parser);
  list = JSON_NODE_HOLDS_OBJECT(root) && json_object_has_member(json_node_get_object(root), "words")
             ? json_object_get_array_member(json_node_get_object(root), "words")
             : NULL;
  if (!list || json_array_get_length(list) > JARGON_MAX_WORDS) {
    anyi_load_problem(ctx, "$.words", "expected an array of at most %d words", JARGON_MAX_WORDS);
    return words;
  }
  for (guint i = 0; i < json_array_get_length(list); i++) {
    g_autofree char *item_path = g_strdup_printf("$.words[%u]", i);
    read_word(ctx, json_array_get_element(list, i), item_path, words);
  }
  return words;
}

/* @text with every 《title》 blanked out: a document's name is quoted as it is. */
static char *
without_titles(const char *text)
{
  GString *kept = g_string_new(NULL);
  int depth = 0;

  for (const char *p = text; *p; p = g_utf8_next_char(p)) {
    gunichar c = g_utf8_get_char(p);

    if (c == 0x300A) /* 《 */
      depth++;
    else if (c == 0x300B && depth > 0) /* 》 */
      depth--;
    else if (depth == 0)
      g_string_append_unichar(kept, c);
    else
      g_string_append_c(kept, ' ');
  }
  return g_string_free(kept, FALSE);
}

void
anyi_jargon_check(AnyiLoadCtx *ctx, const char *path, const char *text)
{
  g_autofree char *plain_part = NULL;

  if (!ctx->jargon || !text || !g_utf8_validate(text, -1, NULL))
    return;
  plain_part = without_titles(text);
  for (guint i = 0; i < ctx->jargon->len; i++) {
    const AnyiJargonWord *word = g_ptr_array_index(ctx->jargon, i);

    if (strstr(plain_part, word->word))
      anyi_load_problem(ctx, path,
                        "“%s” is a word of the office that a citizen may not know: say “%s”",
                        word->word, word->plain);
  }
}
