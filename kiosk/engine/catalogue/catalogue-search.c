/* SPDX-License-Identifier: GPL-3.0-or-later */
/* catalogue-search.c */
#include "catalogue-search.h"

#include "input/anyi-initials.h"

#include <anyi-paths.h>
#include <gio/gio.h>
#include <string.h>

#define WORDS_FILE     "search-words.json" /* in the assets' texts folder */
#define WORDS_MAX_FILE (256 * 1024)
#define MAX_WORDS      32 /* per language of one service or answer */
#define MAX_WORD_LEN   64 /* bytes */
#define MAX_ANSWERS    64
#define MAX_SYLLABLE   6 /* "zhuang" */

/* Scores: what a title says is closer than a keyword the hall added. */
#define SCORE_TITLE_START 40
#define SCORE_TITLE       30
#define SCORE_KEYWORD     20

typedef struct {
  const char *service_id; /* the catalogue's, or NULL for an answer */
  AnyiText answer;        /* owned, for answers */
  GPtrArray *zh;          /* char *: the title, then keywords */
  GPtrArray *en;          /* GStrv of lower-case words: the title, then keywords */
} Entry;

struct _AnyiServiceSearch {
  GPtrArray *entries;   /* Entry, services in catalogue order, then answers */
  GHashTable *readings; /* gunichar -> GPtrArray of char * syllables */
};

static void
entry_free(gpointer data)
{
  Entry *entry = data;

  g_free((char *)entry->answer.zh);
  g_free((char *)entry->answer.en);
  g_ptr_array_unref(entry->zh);
  g_ptr_array_unref(entry->en);
  g_free(entry);
}

static Entry *
entry_new(const char *service_id)
{
  Entry *entry = g_new0(Entry, 1);

  entry->service_id = service_id;
  entry->zh = g_ptr_array_new_with_free_func(g_free);
  entry->en = g_ptr_array_new_with_free_func((GDestroyNotify)g_strfreev);
  return entry;
}

/* "ID-card renewal (expiring)" -> {"id", "card", "renewal", "expiring"} */
static char **
english_words(const char *text)
{
  g_autofree char *lower = g_ascii_strdown(text, -1);
  GPtrArray *words = g_ptr_array_new();
  const char *p = lower;

  while (*p) {
    const char *start;
    while (*p && !g_ascii_isalnum(*p))
      p++;
    start = p;
    while (g_ascii_isalnum(*p))
      p++;
    if (p > start)
      g_ptr_array_add(words, g_strndup(start, (gsize)(p - start)));
  }
  g_ptr_array_add(words, NULL);
  return (char **)g_ptr_array_free(words, FALSE);
}

static void
entry_add(Entry *entry, const char *zh, const char *en)
{
  if (zh && *zh)
    g_ptr_array_add(entry->zh, g_strdup(zh));
  if (en && *en)
    g_ptr_array_add(entry->en, english_words(en));
}

char *
anyi_service_search_default_words(void)
{
  return g_build_filename(anyi_paths_assets_dir(), "texts", WORDS_FILE, NULL);
}

/* ---- the hall's words ---- */

static gboolean
words_problem(GError **error, const char *path, const char *where, const char *what)
{
  g_set_error(error, ANYI_CATALOGUE_ERROR, ANYI_CATALOGUE_ERROR_INVALID, "%s: %s: %s", path, where,
              what);
  return FALSE;
}

/* {"zh": [...], "en": [...]} into @entry; either list may be missing. */
static gboolean
read_words(Entry *entry, JsonNode *node, const char *path, const char *where, GError **error)
{
  static const char *const languages[] = {"zh", "en"};
  JsonObject *object = JSON_NODE_HOLDS_OBJECT(node) ? json_node_get_object(node) : NULL;

  if (!object)
    return words_problem(error, path, where, "expected {\"zh\": [...], \"en\": [...]}");
  for (guint l = 0; l < G_N_ELEMENTS(languages); l++) {
    JsonNode *list = json_object_get_member(object, languages[l]);
    JsonArray *array = list && JSON_NODE_HOLDS_ARRAY(list) ? json_node_get_array(list) : NULL;

    if (!list)
      continue;
    if (!array || json_array_get_length(array) > MAX_WORDS)
      return words_problem(error, path, where, "each language holds a list of at most 32 words");
    for (guint i = 0; i < json_array_get_length(array); i++) {
      JsonNode *word = json_array_get_element(array, i);
      const char *text =
          JSON_NODE_HOLDS_VALUE(word) && json_node_get_value_type(word) == G_TYPE_STRING
              ? json_node_get_string(word)
              : NULL;
      if (!text || !*text || strlen(text) > MAX_WORD_LEN || !g_utf8_validate(text, -1, NULL))
        return words_problem(error, path, where, "a word is a text of 1 to 64 bytes");
      entry_add(entry, l == 0 ? text : NULL, l == 1 ? text : NULL);
    }
  }
  return TRUE;
}

static gboolean
read_keywords(AnyiServiceSearch *self, GHashTable *by_id, JsonObject *keywords, const char *path,
              GError **error)
{
  g_autoptr(GList) ids = json_object_get_members(keywords);

  for (GList *l = ids; l; l = l->next) {
    g_autofree char *where = g_strdup_printf("$.keywords.%s", (const char *)l->data);
    Entry *entry = g_hash_table_lookup(by_id, l->data);

    if (!entry)
      return words_problem(error, path, where, "no service of the catalogue has this id");
    if (!read_words(entry, json_object_get_member(keywords, l->data), path, where, error))
      return FALSE;
  }
  return TRUE;
}

static gboolean
read_answers(AnyiServiceSearch *self, JsonArray *answers, const char *path, GError **error)
{
  if (json_array_get_length(answers) > MAX_ANSWERS)
    return words_problem(error, path, "$.elsewhere", "at most 64 answers");
  for (guint i = 0; i < json_array_get_length(answers); i++) {
    g_autofree char *where = g_strdup_printf("$.elsewhere[%u]", i);
    JsonNode *node = json_array_get_element(answers, i);
    JsonObject *object = JSON_NODE_HOLDS_OBJECT(node) ? json_node_get_object(node) : NULL;
    JsonObject *answer = object && json_object_has_member(object, "answer") &&
                                 JSON_NODE_HOLDS_OBJECT(json_object_get_member(object, "answer"))
                             ? json_object_get_object_member(object, "answer")
                             : NULL;
    const char *zh = answer ? json_object_get_string_member_with_default(answer, "zh", NULL) : NULL;
    const char *en = answer ? json_object_get_string_member_with_default(answer, "en", NULL) : NULL;
    Entry *entry;

    if (!object || !json_object_has_member(object, "words") || !zh || !*zh || !en || !*en)
      return words_problem(error, path, where,
                           "expected {\"words\": {...}, \"answer\": {\"zh\": ..., \"en\": ...}}");
    entry = entry_new(NULL);
    entry->answer.zh = g_strdup(zh);
    entry->answer.en = g_strdup(en);
    g_ptr_array_add(self->entries, entry);
    if (!read_words(entry, json_object_get_member(object, "words"), path, where, error))
      return FALSE;
  }
  return TRUE;
}

static gboolean
load_words(AnyiServiceSearch *self, GHashTable *by_id, const char *path, GError **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable();
  g_autofree char *contents = NULL;
  gsize length = 0;
  JsonNode *root;
  JsonObject *object;

  if (!g_file_get_contents(path, &contents, &length, error))
    return FALSE;
  if (length > WORDS_MAX_FILE)
    return words_problem(error, path, "$", "the file is larger than 256 KiB");
  if (!json_parser_load_from_data(parser, contents, (gssize)length, error)) {
    g_prefix_error(error, "%s: ", path);
    return FALSE;
  }
  root = json_parser_get_root(parser);
  object = root && JSON_NODE_HOLDS_OBJECT(root) ? json_node_get_object(root) : NULL;
  if (!object)
    return words_problem(error, path, "$", "expected an object");
  if (json_object_has_member(object, "keywords")) {
    JsonNode *keywords = json_object_get_member(object, "keywords");
    if (!JSON_NODE_HOLDS_OBJECT(keywords))
      return words_problem(error, path, "$.keywords", "expected an object of service ids");
    if (!read_keywords(self, by_id, json_node_get_object(keywords), path, error))
      return FALSE;
  }
  if (json_object_has_member(object, "elsewhere")) {
    JsonNode *answers = json_object_get_member(object, "elsewhere");
    if (!JSON_NODE_HOLDS_ARRAY(answers))
      return words_problem(error, path, "$.elsewhere", "expected a list of answers");
    if (!read_answers(self, json_node_get_array(answers), path, error))
      return FALSE;
  }
  return TRUE;
}

/* ---- pinyin readings ---- */

static gboolean
is_syllable(const char *text)
{
  size_t length = strlen(text);

  if (length == 0 || length > MAX_SYLLABLE)
    return FALSE;
  for (const char *p = text; *p; p++)
    if (!g_ascii_islower(*p))
      return FALSE;
  return TRUE;
}

static void
add_reading(AnyiServiceSearch *self, gunichar c, const char *syllable)
{
  GPtrArray *syllables = g_hash_table_lookup(self->readings, GUINT_TO_POINTER(c));

  if (!syllables) {
    syllables = g_ptr_array_new_with_free_func(g_free);
    g_hash_table_insert(self->readings, GUINT_TO_POINTER(c), syllables);
  }
  for (guint i = 0; i < syllables->len; i++)
    if (g_str_equal(g_ptr_array_index(syllables, i), syllable))
      return;
  g_ptr_array_add(syllables, g_strdup(syllable));
}

static void
add_syllable(gunichar c, const char *syllable, gpointer self)
{
  if (is_syllable(syllable))
    add_reading(self, c, syllable);
}

static GHashTable *
characters_of(AnyiServiceSearch *self)
{
  GHashTable *set = g_hash_table_new(NULL, NULL);

  for (guint e = 0; e < self->entries->len; e++) {
    Entry *entry = g_ptr_array_index(self->entries, e);
    for (guint t = 0; t < entry->zh->len; t++)
      for (const char *p = g_ptr_array_index(entry->zh, t); *p; p = g_utf8_next_char(p))
        g_hash_table_add(set, GUINT_TO_POINTER(g_utf8_get_char(p)));
  }
  return set;
}

static void
load_readings(AnyiServiceSearch *self, const char *dict_path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) wanted = characters_of(self);

  self->readings = g_hash_table_new_full(NULL, NULL, NULL, (GDestroyNotify)g_ptr_array_unref);
  if (!anyi_pinyin_dict_read(dict_path, wanted, add_syllable, self, &error)) {
    g_warning("search: no pinyin, only Chinese and English: %s", error->message);
    g_clear_pointer(&self->readings, g_hash_table_destroy);
    return;
  }
  g_debug("search: readings of %u of %u characters from %s", g_hash_table_size(self->readings),
          g_hash_table_size(wanted), dict_path);
}

/* ---- the index ---- */

AnyiServiceSearch *
anyi_service_search_new(AnyiCatalogue *catalogue, const char *dict_path, const char *words_path,
                        GError **error)
{
  g_autoptr(GHashTable) by_id = g_hash_table_new(g_str_hash, g_str_equal);
  AnyiServiceSearch *self;

  g_return_val_if_fail(ANYI_IS_CATALOGUE(catalogue), NULL);
  self = g_new0(AnyiServiceSearch, 1);
  self->entries = g_ptr_array_new_with_free_func(entry_free);
  for (guint i = 0; i < anyi_catalogue_get_n_services(catalogue); i++) {
    const AnyiService *service = anyi_catalogue_get_service(catalogue, i);
    Entry *entry = entry_new(service->id);

    entry_add(entry, service->names.zh, service->names.en);
    g_ptr_array_add(self->entries, entry);
    g_hash_table_insert(by_id, (gpointer)service->id, entry);
  }
  if (words_path && !load_words(self, by_id, words_path, error)) {
    anyi_service_search_free(self);
    return NULL;
  }
  if (dict_path)
    load_readings(self, dict_path);
  return self;
}

void
anyi_service_search_free(AnyiServiceSearch *self)
{
  if (!self)
    return;
  g_ptr_array_unref(self->entries);
  g_clear_pointer(&self->readings, g_hash_table_destroy);
  g_free(self);
}

gboolean
anyi_service_search_has_pinyin(AnyiServiceSearch *self)
{
  return self->readings != NULL;
}

/* ---- pinyin ---- */

typedef struct {
  GHashTable *readings;
  const gunichar *chars;
  guint n_chars;
  const char *letters;
  guint n_letters;
  guint8 *failed; /* [char][letter]: no way on from there; keeps the walk linear */
} Spelling;

static gboolean spell_from(Spelling *s, guint at, guint done);

/* Can @syllable (one reading of the character at @at) take the letters
 * from @done on: whole, by its initial (zh/ch/sh one or two letters), or
 * as the unfinished end of the query? */
static gboolean
syllable_takes(Spelling *s, const char *syllable, guint at, guint done)
{
  const char *rest = s->letters + done;
  guint left = s->n_letters - done;
  size_t length = strlen(syllable);

  if (left <= length && strncmp(rest, syllable, left) == 0)
    return TRUE;
  if (left > length && strncmp(rest, syllable, length) == 0 &&
      spell_from(s, at + 1, done + (guint)length))
    return TRUE;
  if (rest[0] == syllable[0] && spell_from(s, at + 1, done + 1))
    return TRUE;
  return length >= 2 && syllable[1] == 'h' && left >= 2 && rest[1] == 'h' &&
         rest[0] == syllable[0] && spell_from(s, at + 1, done + 2);
}

static gboolean
spell_from(Spelling *s, guint at, guint done)
{
  GPtrArray *syllables;
  guint8 *failed;

  if (done == s->n_letters)
    return TRUE;
  if (at == s->n_chars)
    return FALSE;
  failed = &s->failed[at * (s->n_letters + 1) + done];
  if (*failed)
    return FALSE;
  syllables = g_hash_table_lookup(s->readings, GUINT_TO_POINTER(s->chars[at]));
  /* a character with no reading (a bracket, a quote) is stepped over */
  if (!syllables && spell_from(s, at + 1, done))
    return TRUE;
  for (guint i = 0; syllables && i < syllables->len; i++)
    if (syllable_takes(s, g_ptr_array_index(syllables, i), at, done))
      return TRUE;
  *failed = 1;
  return FALSE;
}

/* Where in @text the pinyin @letters start: 0 for the first readable
 * character, 1 further in, -1 nowhere. */
static int
pinyin_match(AnyiServiceSearch *self, const char *text, const char *letters)
{
  glong n_chars = 0;
  g_autofree gunichar *chars = g_utf8_to_ucs4_fast(text, -1, &n_chars);
  Spelling s = {self->readings, chars, (guint)n_chars, letters, (guint)strlen(letters), NULL};
  g_autofree guint8 *failed = g_new0(guint8, (gsize)(n_chars + 1) * (s.n_letters + 1));
  gboolean first = TRUE;

  s.failed = failed;
  for (guint at = 0; at < s.n_chars; at++) {
    if (!g_hash_table_contains(self->readings, GUINT_TO_POINTER(chars[at])))
      continue;
    if (spell_from(&s, at, 0))
      return first ? 0 : 1;
    first = FALSE;
  }
  return -1;
}

/* ---- English ---- */

static const char *const stop_words[] = {
    "a",   "an", "the", "my",  "i",   "to", "for",   "of", "and", "want", "need", "please",
    "how", "do", "can", "get", "new", "me", "where", "is", "in",  "on",   "with", NULL};

/* Does @token spell the words of @words from @at on, run together
 * ("idcard" over "id", "card"), ending anywhere in a word? */
static gboolean
spells_words(char **words, guint at, const char *token)
{
  const char *t = token;

  for (guint w = at; words[w] && *t; w++) {
    const char *p = words[w];
    while (*p && *t && *p == *t) {
      p++;
      t++;
    }
    if (*t && *p) /* a mismatch inside a word */
      return FALSE;
  }
  return *t == '\0';
}

static gboolean
english_token_matches(char **words, const char *token)
{
  for (guint at = 0; words[at]; at++)
    if (spells_words(words, at, token))
      return TRUE;
  return FALSE;
}

/* Every word of the query but the small ones ("I want a passport") starts
 * a word of @words, in any order. */
static gboolean
english_match(char **words, char **tokens)
{
  guint n_tokens = 0;

  for (guint i = 0; tokens[i]; i++) {
    if (g_strv_contains(stop_words, tokens[i]))
      continue;
    n_tokens++;
    if (!english_token_matches(words, tokens[i]))
      return FALSE;
  }
  return n_tokens > 0;
}

/* ---- finding ---- */

static gboolean
is_ascii(const char *text)
{
  for (const char *p = text; *p; p++)
    if ((guchar)*p >= 0x80)
      return FALSE;
  return TRUE;
}

/* Chinese: the query is part of the text, or (a sentence such as
 * 我要办居民身份证) holds a keyword of two characters or more. */
static gboolean
chinese_match(const char *text, const char *query, gboolean keyword)
{
  return strstr(text, query) ||
         (keyword && g_utf8_strlen(text, -1) >= 2 && strstr(query, text) != NULL);
}

static int
entry_score(AnyiServiceSearch *self, Entry *entry, const char *query, const char *letters,
            char **tokens)
{
  gboolean ascii = is_ascii(query);
  int best = 0;

  for (guint t = 0; t < entry->zh->len; t++) {
    const char *text = g_ptr_array_index(entry->zh, t);
    int base = t == 0 ? SCORE_TITLE : SCORE_KEYWORD;
    int score = 0;

    if (!ascii && chinese_match(text, query, t > 0))
      score = g_str_has_prefix(text, query) ? base + 10 : base;
    else if (ascii && *letters && self->readings) {
      int where = pinyin_match(self, text, letters);
      score = where < 0 ? 0 : where == 0 ? base + 10 : base;
    }
    best = MAX(best, score);
  }
  for (guint t = 0; ascii && t < entry->en->len; t++)
    if (english_match(g_ptr_array_index(entry->en, t), tokens))
      best = MAX(best, t == 0 ? SCORE_TITLE : SCORE_KEYWORD);
  return best;
}

static int
compare_hits(gconstpointer a, gconstpointer b)
{
  const AnyiSearchHit *x = *(AnyiSearchHit *const *)a;
  const AnyiSearchHit *y = *(AnyiSearchHit *const *)b;

  return y->score - x->score; /* the sort is stable: ties keep catalogue order */
}

/* @query cut to ANYI_SEARCH_MAX_QUERY bytes on a character's edge, and trimmed. */
static char *
bounded_query(const char *query)
{
  const char *end = query + strlen(query);

  if (end - query > ANYI_SEARCH_MAX_QUERY) {
    end = query + ANYI_SEARCH_MAX_QUERY;
    while (end > query && (*end & 0xC0) == 0x80)
      end--;
  }
  return g_strstrip(g_strndup(query, (gsize)(end - query)));
}

/* The letters of an ASCII query, lower-cased, as pinyin: "Shen Fen" -> "shenfen". */
static char *
pinyin_letters(const char *query)
{
  GString *letters = g_string_new(NULL);

  for (const char *p = query; *p; p++)
    if (g_ascii_isalpha(*p))
      g_string_append_c(letters, g_ascii_tolower(*p));
  return g_string_free(letters, FALSE);
}

GPtrArray *
anyi_service_search_find(AnyiServiceSearch *self, const char *query)
{
  GPtrArray *hits = g_ptr_array_new_with_free_func(g_free);
  g_autofree char *bounded = NULL;
  g_autofree char *letters = NULL;
  g_auto(GStrv) tokens = NULL;

  g_return_val_if_fail(self && query, hits);
  if (!g_utf8_validate(query, -1, NULL))
    return hits;
  bounded = bounded_query(query);
  if (!*bounded)
    return hits;
  letters = pinyin_letters(bounded);
  tokens = english_words(bounded);
  for (guint e = 0; e < self->entries->len; e++) {
    Entry *entry = g_ptr_array_index(self->entries, e);
    int score = entry_score(self, entry, bounded, letters, tokens);
    AnyiSearchHit *hit;

    if (score == 0)
      continue;
    hit = g_new0(AnyiSearchHit, 1);
    hit->service_id = entry->service_id;
    hit->answer = entry->service_id ? NULL : &entry->answer;
    hit->score = score;
    g_ptr_array_add(hits, hit);
  }
  g_ptr_array_sort(hits, compare_hits);
  return hits;
}
