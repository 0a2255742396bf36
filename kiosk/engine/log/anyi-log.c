/* SPDX-License-Identifier: GPL-3.0-or-later */
/* anyi-log.c: the log writer every program of the kiosk installs.
 *
 * Masking happens in the writer, not at call sites, so a careless
 * g_message ("%s", card->id_number) cannot leak a number into the journal. */
#include "anyi-log.h"

#include "settings/anyi-private-files.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---- the masker ---- */

/* Masking works on the shape of a line: one ASCII character per character
 * of the text (digits of any width become 0-9, Latin letters of any width
 * A-Z, the few Chinese characters that name a card lower-case letters,
 * everything else '.'), so one set of rules finds a number however it was
 * typed, and the masks are applied back to the original characters. */
typedef struct {
  GString *shape;
  GArray *offsets; /* byte offset in the text of each character, then the end */
  gboolean *masked;
} Line;

static char
shape_of(gunichar c)
{
  if (c >= '0' && c <= '9')
    return (char)c;
  if (c >= 0xFF10 && c <= 0xFF19) /* full-width digits */
    return (char)('0' + (c - 0xFF10));
  if (c < 0x80 && g_ascii_isalpha((char)c))
    return g_ascii_toupper((char)c);
  if (c >= 0xFF21 && c <= 0xFF3A) /* full-width Latin capitals */
    return (char)('A' + (c - 0xFF21));
  if (c >= 0xFF41 && c <= 0xFF5A) /* full-width Latin small letters */
    return (char)('A' + (c - 0xFF41));
  switch (c) { /* 台胞证, 台湾居民来往大陆通行证 (traditional forms too) */
  case 0x53F0: /* 台 */
  case 0x81FA: /* 臺 */
    return 't';
  case 0x80DE: /* 胞 */
    return 'b';
  case 0x6E7E: /* 湾 */
  case 0x7063: /* 灣 */
    return 'w';
  default:
    return '.';
  }
}

static void
line_init(Line *line, const char *text, gsize len)
{
  gsize at = 0;

  line->shape = g_string_sized_new(len);
  line->offsets = g_array_sized_new(FALSE, FALSE, sizeof(gsize), len + 1);
  while (at < len) {
    gunichar c = g_utf8_get_char_validated(text + at, (gssize)(len - at));
    gboolean valid = c != (gunichar)-1 && c != (gunichar)-2;
    /* a byte that is not UTF-8 counts as one character of its own */
    gsize width = valid ? (gsize)(g_utf8_next_char(text + at) - (text + at)) : 1;

    g_array_append_val(line->offsets, at);
    g_string_append_c(line->shape, valid ? shape_of(c) : '.');
    at += width;
  }
  g_array_append_val(line->offsets, at);
  line->masked = g_new0(gboolean, line->shape->len + 1);
}

static void
line_clear(Line *line)
{
  g_string_free(line->shape, TRUE);
  g_array_unref(line->offsets);
  g_free(line->masked);
}

static void
mask_range(Line *line, gsize from, gsize to)
{
  for (gsize i = from; i < to && i < line->shape->len; i++)
    line->masked[i] = TRUE;
}

/* GB 11643: the 18th character is the check of the first 17. */
static gboolean
is_valid_id_18(const char *s)
{
  static const int weights[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
  int sum = 0;

  for (int i = 0; i < 17; i++) {
    if (!g_ascii_isdigit(s[i]))
      return FALSE;
    sum += (s[i] - '0') * weights[i];
  }
  return "10X98765432"[sum % 11] == s[17];
}

/* Digits in a row, glued to letters or not: 15 to 18 of them (with a final
 * X) are a resident ID, a residence permit (810000/820000/830000...), a new
 * foreigner's permanent residence card (9...) or an old 15-digit ID, and
 * keep their first 3 and last 4. A longer run (a serial, an order number)
 * stays readable except where it holds a valid 18-character ID. */
static void
mask_digit_runs(Line *line)
{
  const char *s = line->shape->str;
  gsize n = line->shape->len;

  for (gsize start = 0; start < n;) {
    gsize end = start;

    if (!g_ascii_isdigit(s[start])) {
      start++;
      continue;
    }
    while (end < n && g_ascii_isdigit(s[end]))
      end++;
    if (end < n && s[end] == 'X')
      end++;
    if (end - start >= 15 && end - start <= 18)
      mask_range(line, start + 3, end - 4);
    else if (end - start > 18)
      for (gsize at = start; at + 18 <= end; at++)
        if (is_valid_id_18(s + at))
          mask_range(line, at + 3, at + 14);
    start = end;
  }
}

typedef struct {
  const char *pattern;
  int group;     /* the part of a match that is the number */
  int keep_head; /* characters left readable at its start */
  int keep_tail; /* and at its end */
} MaskRule;

/* Card numbers with letters in them. Shapes are upper case. */
static const MaskRule letter_rules[] = {
    /* old foreigner's permanent residence card: nationality + 12 digits */
    {"[A-Z]{3}[0-9]{12}(?![0-9])", 0, 3, 4},
    /* Mainland Travel Permit for HK/Macau residents: H or M + 8 or 10 digits */
    {"(?<![0-9])[HM][0-9]{8}(?:[0-9]{2})?(?![0-9])", 0, 1, 2},
    /* exit-entry permits to HK/Macau (C) and to Taiwan (L) */
    {"(?<![0-9])[CL][0-9]{8}(?![0-9])", 0, 1, 2},
    {"(?<![0-9])C[A-Z][0-9]{7}(?![0-9])", 0, 2, 2},
    /* Mainland Travel Permit for Taiwan residents (台胞证): 8 digits (10 on
     * old ones), with nothing of their own to tell them from a date or a
     * count, so masked where the line names the card */
    {"(?:tb|tw)[^0-9]{0,24}?(?<![0-9])([0-9]{8}(?:[0-9]{2})?)(?![0-9])", 1, 1, 2},
};

static GRegex *
letter_rule_regex(guint i)
{
  static GRegex *compiled[G_N_ELEMENTS(letter_rules)];
  static gsize once;

  if (g_once_init_enter(&once)) {
    for (guint r = 0; r < G_N_ELEMENTS(letter_rules); r++)
      compiled[r] = g_regex_new(letter_rules[r].pattern, G_REGEX_OPTIMIZE | G_REGEX_RAW, 0, NULL);
    g_once_init_leave(&once, 1);
  }
  return compiled[i];
}

static void
mask_letter_forms(Line *line)
{
  for (guint r = 0; r < G_N_ELEMENTS(letter_rules); r++) {
    g_autoptr(GMatchInfo) info = NULL;

    g_regex_match_full(letter_rule_regex(r), line->shape->str, (gssize)line->shape->len, 0, 0,
                       &info, NULL);
    for (; g_match_info_matches(info); g_match_info_next(info, NULL)) {
      int from, to;

      g_match_info_fetch_pos(info, letter_rules[r].group, &from, &to);
      mask_range(line, (gsize)(from + letter_rules[r].keep_head),
                 (gsize)(to - letter_rules[r].keep_tail));
    }
  }
}

char *
anyi_mask_id_numbers(const char *text)
{
  Line line;
  GString *out;

  if (text == NULL)
    return g_strdup("");
  line_init(&line, text, strlen(text));
  mask_digit_runs(&line);
  mask_letter_forms(&line);
  out = g_string_sized_new(strlen(text));
  for (gsize i = 0; i < line.shape->len; i++) {
    gsize from = g_array_index(line.offsets, gsize, i);
    gsize to = g_array_index(line.offsets, gsize, i + 1);

    if (line.masked[i])
      g_string_append_c(out, '*');
    else
      g_string_append_len(out, text + from, (gssize)(to - from));
  }
  line_clear(&line);
  return g_string_free(out, FALSE);
}

/* ---- the log file ---- */

static struct {
  GMutex lock;
  FILE *file;
  char *path;
  gsize max_bytes;
  guint keep;
  gsize size;
} log_file;

/* 0600 whatever the umask, and fixed when an older kiosk left it wider. */
static FILE *
open_private(const char *path, gsize *size)
{
  int fd = g_open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
  struct stat st;
  FILE *file;

  if (fd < 0)
    return NULL;
  if (fstat(fd, &st) == 0) {
    if ((st.st_mode & 0777) != 0600)
      fchmod(fd, 0600);
    *size = (gsize)st.st_size;
  }
  file = fdopen(fd, "a");
  if (!file)
    close(fd);
  return file;
}

/* kiosk.log -> kiosk.log.1 -> ... -> kiosk.log.KEEP, the oldest dropped.
 * Called with the lock held: it must not log. */
static void
rotate_locked(void)
{
  g_autofree char *oldest = g_strdup_printf("%s.%u", log_file.path, log_file.keep);

  fclose(log_file.file);
  log_file.file = NULL;
  g_unlink(oldest);
  for (guint i = log_file.keep; i > 1; i--) {
    g_autofree char *from = g_strdup_printf("%s.%u", log_file.path, i - 1);
    g_autofree char *to = g_strdup_printf("%s.%u", log_file.path, i);
    g_rename(from, to);
  }
  if (log_file.keep > 0) {
    g_autofree char *first = g_strdup_printf("%s.1", log_file.path);
    g_rename(log_file.path, first);
  } else {
    g_unlink(log_file.path);
  }
  log_file.size = 0;
  log_file.file = open_private(log_file.path, &log_file.size);
}

static void
append_to_file(GLogLevelFlags level, const char *message)
{
  g_mutex_lock(&log_file.lock);
  if (log_file.file) {
    g_autoptr(GDateTime) now = g_date_time_new_now_local();
    g_autofree char *stamp = g_date_time_format(now, "%F %T");
    const char *tag = (level & G_LOG_LEVEL_ERROR)      ? "ERROR"
                      : (level & G_LOG_LEVEL_CRITICAL) ? "CRITICAL"
                      : (level & G_LOG_LEVEL_WARNING)  ? "WARNING"
                      : (level & G_LOG_LEVEL_MESSAGE)  ? "MESSAGE"
                      : (level & G_LOG_LEVEL_INFO)     ? "INFO"
                                                       : "DEBUG";
    int written = fprintf(log_file.file, "%s %s %s\n", stamp, tag, message);

    fflush(log_file.file);
    if (written > 0)
      log_file.size += (gsize)written;
    if (log_file.size >= log_file.max_bytes)
      rotate_locked();
  }
  g_mutex_unlock(&log_file.lock);
}

/* Wall time (µs) of the newest warning or worse, for the metrics. */
static gint64 last_error_us;
G_LOCK_DEFINE_STATIC(last_error);

static void
note_error(void)
{
  G_LOCK(last_error);
  last_error_us = g_get_real_time();
  G_UNLOCK(last_error);
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
  if (level & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING))
    note_error();
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
anyi_log_set_file_rotated(const char *path, gsize max_bytes, guint keep)
{
  g_autofree char *dir = path ? g_path_get_dirname(path) : NULL;
  g_autoptr(GError) error = NULL;
  FILE *file = NULL;
  gsize size = 0;

  /* The folder first (0700): opening into a missing folder loses the log. */
  if (dir && !anyi_private_dir_ensure(dir, &error))
    g_warning("log: no log file: %s", error->message);
  else if (path && !(file = open_private(path, &size)))
    g_warning("log: cannot open %s: %s", path, g_strerror(errno));
  g_mutex_lock(&log_file.lock);
  if (log_file.file)
    fclose(log_file.file);
  g_free(log_file.path);
  log_file.file = file;
  log_file.path = g_strdup(path);
  log_file.size = size;
  log_file.max_bytes = MAX(max_bytes, 1);
  log_file.keep = keep;
  g_mutex_unlock(&log_file.lock);
}

void
anyi_log_set_file(const char *path)
{
  anyi_log_set_file_rotated(path, ANYI_LOG_DEFAULT_MAX_BYTES, ANYI_LOG_DEFAULT_KEEP);
}

gint64
anyi_log_last_error_time(void)
{
  gint64 at;

  G_LOCK(last_error);
  at = last_error_us;
  G_UNLOCK(last_error);
  return at;
}
