/* SPDX-License-Identifier: GPL-3.0-or-later */
/* prom-text.c: the strict reader, with GRegex. */
#include "prom-text.h"

#include <string.h>

#define NAME      "[a-zA-Z_:][a-zA-Z0-9_:]*"
#define LABEL     "[a-zA-Z_][a-zA-Z0-9_]*=\"(?:[^\"\\\\\\n]|\\\\[\\\\\"n])*\""
#define SAMPLE_RE "^(" NAME ")(\\{" LABEL "(?:," LABEL ")*\\})? ([^ ]+)$"
#define TYPE_RE   "^# TYPE (" NAME ") ([a-z]+)$"
#define HELP_RE   "^# HELP (" NAME ") .*$"

typedef struct {
  GRegex *sample, *type, *help;
  GHashTable *typed;   /* family -> its type */
  GHashTable *samples; /* series -> double */
  char *current;       /* the family whose samples may follow */
} Reader;

static gboolean
fail(GError **error, int line, const char *why, const char *text)
{
  g_set_error(error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "line %d: %s: %s", line, why, text);
  return FALSE;
}

static gboolean
read_type(Reader *r, GMatchInfo *match, int n, const char *line, GError **error)
{
  g_autofree char *name = g_match_info_fetch(match, 1);
  g_autofree char *type = g_match_info_fetch(match, 2);

  if (!g_str_equal(type, "counter") && !g_str_equal(type, "gauge"))
    return fail(error, n, "not a counter or a gauge", line);
  if (g_str_equal(type, "counter") && !g_str_has_suffix(name, "_total"))
    return fail(error, n, "a counter not named *_total", line);
  if (g_hash_table_contains(r->typed, name))
    return fail(error, n, "a family typed twice (or split)", line);
  g_hash_table_insert(r->typed, g_strdup(name), g_steal_pointer(&type));
  g_free(r->current);
  r->current = g_steal_pointer(&name);
  return TRUE;
}

static gboolean
read_sample(Reader *r, GMatchInfo *match, int n, const char *line, GError **error)
{
  g_autofree char *name = g_match_info_fetch(match, 1);
  g_autofree char *labels = g_match_info_fetch(match, 2);
  g_autofree char *value = g_match_info_fetch(match, 3);
  g_autofree char *series = g_strconcat(name, labels, NULL);
  char *end = NULL;
  double *number = g_new(double, 1);

  *number = g_ascii_strtod(value, &end);
  if (!*value || *end) {
    g_free(number);
    return fail(error, n, "not a number", line);
  }
  if (g_strcmp0(name, r->current) != 0) {
    g_free(number);
    return fail(error, n, "a sample outside its family's TYPE", line);
  }
  if (g_hash_table_contains(r->samples, series)) {
    g_free(number);
    return fail(error, n, "a series twice", line);
  }
  g_hash_table_insert(r->samples, g_steal_pointer(&series), number);
  return TRUE;
}

static gboolean
read_line(Reader *r, const char *line, int n, GError **error)
{
  g_autoptr(GMatchInfo) match = NULL;

  if (g_regex_match(r->type, line, 0, &match))
    return read_type(r, match, n, line, error);
  g_clear_pointer(&match, g_match_info_free);
  if (g_regex_match(r->help, line, 0, NULL))
    return TRUE;
  if (g_regex_match(r->sample, line, 0, &match))
    return read_sample(r, match, n, line, error);
  return fail(error, n, "not a HELP, TYPE or sample line", line);
}

GHashTable *
prom_text_parse(const char *text, GError **error)
{
  Reader r = {
      .sample = g_regex_new(SAMPLE_RE, 0, 0, NULL),
      .type = g_regex_new(TYPE_RE, 0, 0, NULL),
      .help = g_regex_new(HELP_RE, 0, 0, NULL),
      .typed = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free),
      .samples = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free),
  };
  g_auto(GStrv) lines = g_strsplit(text, "\n", -1);
  guint n_lines = g_strv_length(lines);
  gboolean ok = n_lines > 1 && *lines[n_lines - 1] == '\0';

  if (!ok)
    g_set_error(error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "empty, or no final newline");
  for (guint i = 0; ok && i + 1 < n_lines; i++)
    ok = read_line(&r, lines[i], (int)i + 1, error);
  g_regex_unref(r.sample);
  g_regex_unref(r.type);
  g_regex_unref(r.help);
  g_hash_table_unref(r.typed);
  g_free(r.current);
  if (!ok)
    g_clear_pointer(&r.samples, g_hash_table_unref);
  return r.samples;
}

double
prom_text_value(GHashTable *samples, const char *series)
{
  double *value = g_hash_table_lookup(samples, series);

  if (!value)
    g_error("no series %s in the metrics", series);
  return *value;
}
