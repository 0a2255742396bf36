/* SPDX-License-Identifier: GPL-3.0-or-later */
/* anyi-initials.c */
#include "anyi-initials.h"

#include <gio/gio.h>
#include <string.h>

#define DEBIAN_DICT "/usr/share/rime-data/luna_pinyin.dict.yaml"
/* A dictionary line is a character, its reading and a weight; a longer
 * line is a phrase or damage, and is skipped unread. */
#define MAX_LINE 256

struct _AnyiInitials {
  GHashTable *letters; /* gunichar -> char* of the distinct initials, "mw" for 无 */
};

const char *
anyi_initials_default_dict(void)
{
  const char *path = g_getenv("ANYI_PINYIN_DICT");

  return path && *path ? path : DEBIAN_DICT;
}

/* "0%" or "0.0%": the dictionary says nobody reads it so. */
static gboolean
unused_weight(const char *weight)
{
  return weight && g_str_has_suffix(weight, "%") && g_ascii_strtod(weight, NULL) == 0.0;
}

static void
add_reading(AnyiInitials *self, gunichar c, char initial)
{
  char *letters = g_hash_table_lookup(self->letters, GUINT_TO_POINTER(c));

  if (letters && strchr(letters, initial))
    return;
  g_hash_table_insert(self->letters, GUINT_TO_POINTER(c),
                      g_strdup_printf("%s%c", letters ? letters : "", initial));
}

/* One dictionary line: "户\thu" or "入\tru\t100%". */
static void
read_line(GHashTable *wanted, const char *line, AnyiPinyinReadingFunc reading, gpointer data)
{
  g_auto(GStrv) fields = g_strsplit(line, "\t", 4);
  gunichar c;

  if (g_strv_length(fields) < 2 || !g_utf8_validate(fields[0], -1, NULL) ||
      g_utf8_strlen(fields[0], -1) != 1)
    return;
  c = g_utf8_get_char(fields[0]);
  if (!g_hash_table_contains(wanted, GUINT_TO_POINTER(c)) || unused_weight(fields[2]))
    return;
  reading(c, fields[1], data);
}

gboolean
anyi_pinyin_dict_read(const char *dict_path, GHashTable *wanted, AnyiPinyinReadingFunc reading,
                      gpointer data, GError **error)
{
  g_autoptr(GFile) file = g_file_new_for_path(dict_path);
  g_autoptr(GFileInputStream) stream = g_file_read(file, NULL, error);
  g_autoptr(GDataInputStream) lines = NULL;
  char *line;
  gsize length;
  GError *local_error = NULL;

  if (!stream)
    return FALSE;
  lines = g_data_input_stream_new(G_INPUT_STREAM(stream));
  while ((line = g_data_input_stream_read_line(lines, &length, NULL, &local_error))) {
    if (length <= MAX_LINE)
      read_line(wanted, line, reading, data);
    g_free(line);
  }
  if (local_error) {
    g_propagate_prefixed_error(error, local_error, "%s: ", dict_path);
    return FALSE;
  }
  return TRUE;
}

static void
add_initial(gunichar c, const char *syllable, gpointer data)
{
  if (g_ascii_islower(syllable[0]))
    add_reading(data, c, syllable[0]);
}

static GHashTable *
characters_of(const char *text)
{
  GHashTable *set = g_hash_table_new(NULL, NULL);

  for (const char *p = text; *p; p = g_utf8_next_char(p))
    g_hash_table_add(set, GUINT_TO_POINTER(g_utf8_get_char(p)));
  return set;
}

AnyiInitials *
anyi_initials_load(const char *dict_path, const char *wanted, GError **error)
{
  g_return_val_if_fail(dict_path && wanted, NULL);
  g_return_val_if_fail(g_utf8_validate(wanted, -1, NULL), NULL);
  g_autoptr(GHashTable) characters = characters_of(wanted);
  AnyiInitials *self = g_new0(AnyiInitials, 1);

  self->letters = g_hash_table_new_full(NULL, NULL, NULL, g_free);
  if (!anyi_pinyin_dict_read(dict_path, characters, add_initial, self, error)) {
    anyi_initials_free(self);
    return NULL;
  }
  g_debug("initials: readings of %u of %u characters from %s", g_hash_table_size(self->letters),
          g_hash_table_size(characters), dict_path);
  return self;
}

void
anyi_initials_free(AnyiInitials *self)
{
  if (!self)
    return;
  g_hash_table_destroy(self->letters);
  g_free(self);
}

char *
anyi_initials_letters(const char *query)
{
  GString *letters = g_string_new(NULL);

  for (const char *p = query; *p && letters->len < ANYI_INITIALS_MAX_QUERY; p++)
    if (g_ascii_isalpha(*p))
      g_string_append_c(letters, g_ascii_tolower(*p));
  return g_string_free(letters, FALSE);
}

/* Does @letters spell the initials of the characters from @start on?
 * Characters with no reading (quotes, the middle dot) are stepped over. */
static gboolean
spells_from(AnyiInitials *self, const char *start, const char *letters)
{
  const char *p = start;

  for (const char *l = letters; *l;) {
    const char *initials;

    if (!*p)
      return FALSE;
    initials = g_hash_table_lookup(self->letters, GUINT_TO_POINTER(g_utf8_get_char(p)));
    p = g_utf8_next_char(p);
    if (!initials)
      continue;
    if (!strchr(initials, *l))
      return FALSE;
    l++;
  }
  return TRUE;
}

gboolean
anyi_initials_match(AnyiInitials *self, const char *title, const char *query)
{
  g_autofree char *letters = NULL;

  g_return_val_if_fail(self && title && query, FALSE);
  if (!*query)
    return FALSE;
  if (strstr(title, query))
    return TRUE;
  letters = anyi_initials_letters(query);
  if (!*letters)
    return FALSE;
  for (const char *p = title; *p; p = g_utf8_next_char(p))
    if (g_hash_table_contains(self->letters, GUINT_TO_POINTER(g_utf8_get_char(p))) &&
        spells_from(self, p, letters))
      return TRUE;
  return FALSE;
}
