/* SPDX-License-Identifier: GPL-3.0-or-later */
/* anyi-log.c: the log writer every program of the kiosk installs.
 *
 * Masking happens in the writer, not at call sites, so a careless
 * g_message ("%s", card->id_number) cannot leak a number into the journal. */
#include "anyi-log.h"

#include <stdio.h>
#include <string.h>

static GRegex *id_number_regex;
static FILE *log_file;
static GMutex log_file_lock;

static GRegex *
id_regex(void)
{
  static gsize once;

  if (g_once_init_enter(&once)) {
    /* 18 characters (17 digits + digit or X) or the 15-digit first
     * generation, not part of a longer run of digits or letters. */
    GRegex *re =
        g_regex_new("(?<![0-9A-Za-z])([0-9]{3})([0-9]{11}|[0-9]{8})([0-9]{3}[0-9Xx]|[0-9]{4})"
                    "(?![0-9A-Za-z])",
                    G_REGEX_OPTIMIZE, 0, NULL);
    id_number_regex = re;
    g_once_init_leave(&once, 1);
  }
  return id_number_regex;
}

static gboolean
mask_match(const GMatchInfo *info, GString *out, gpointer user_data)
{
  g_autofree char *head = g_match_info_fetch(info, 1);
  g_autofree char *middle = g_match_info_fetch(info, 2);
  g_autofree char *tail = g_match_info_fetch(info, 3);
  gsize total = strlen(head) + strlen(middle) + strlen(tail);

  if (total != 18 && total != 15) {
    g_autofree char *all = g_match_info_fetch(info, 0);
    g_string_append(out, all);
    return FALSE;
  }
  g_string_append(out, head);
  for (gsize i = 0; i < strlen(middle); i++)
    g_string_append_c(out, '*');
  g_string_append(out, tail);
  return FALSE;
}

char *
anyi_mask_id_numbers(const char *text)
{
  if (text == NULL)
    return g_strdup("");
  char *masked = g_regex_replace_eval(id_regex(), text, -1, 0, 0, mask_match, NULL, NULL);
  return masked ? masked : g_strdup(text);
}

static void
append_to_file(GLogLevelFlags level, const char *message)
{
  g_mutex_lock(&log_file_lock);
  if (log_file) {
    g_autoptr(GDateTime) now = g_date_time_new_now_local();
    g_autofree char *stamp = g_date_time_format(now, "%F %T");
    const char *tag = (level & G_LOG_LEVEL_ERROR)      ? "ERROR"
                      : (level & G_LOG_LEVEL_CRITICAL) ? "CRITICAL"
                      : (level & G_LOG_LEVEL_WARNING)  ? "WARNING"
                      : (level & G_LOG_LEVEL_MESSAGE)  ? "MESSAGE"
                      : (level & G_LOG_LEVEL_INFO)     ? "INFO"
                                                       : "DEBUG";
    fprintf(log_file, "%s %s %s\n", stamp, tag, message);
    fflush(log_file);
  }
  g_mutex_unlock(&log_file_lock);
}

static GLogWriterOutput
masking_writer(GLogLevelFlags level, const GLogField *fields, gsize n_fields, gpointer user_data)
{
  g_autofree GLogField *copy = g_new(GLogField, n_fields);
  g_autofree char *masked = NULL;

  for (gsize i = 0; i < n_fields; i++) {
    copy[i] = fields[i];
    if (g_strcmp0(fields[i].key, "MESSAGE") == 0 && masked == NULL) {
      g_autofree char *plain = fields[i].length < 0
                                   ? g_strdup(fields[i].value)
                                   : g_strndup(fields[i].value, (gsize)fields[i].length);
      masked = anyi_mask_id_numbers(plain);
      copy[i].value = masked;
      copy[i].length = -1;
    }
  }
  if (masked && (level & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING |
                          G_LOG_LEVEL_MESSAGE | G_LOG_LEVEL_INFO)))
    append_to_file(level, masked);
  return g_log_writer_default(level, copy, n_fields, user_data);
}

void
anyi_log_install(void)
{
  g_log_set_writer_func(masking_writer, NULL, NULL);
}

void
anyi_log_set_file(const char *path)
{
  g_mutex_lock(&log_file_lock);
  if (log_file)
    fclose(log_file);
  log_file = path ? fopen(path, "a") : NULL;
  g_mutex_unlock(&log_file_lock);
}
