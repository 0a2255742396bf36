/* SPDX-License-Identifier: GPL-3.0-or-later */
/* anyi-speech-text.c: text as the voice should read it. */
#include "anyi-speech-private.h"

#include <string.h>

/* Said digit by digit, because a citizen copies such numbers down. */
#define CODE_MIN_DIGITS 4

static const char *const mandarin_digits[] = {"零", "一", "二", "三", "四",
                                              "五", "六", "七", "八", "九"};

static gboolean
is_token_char(const char *p)
{
  return g_ascii_isalnum(*p) || (*p == '-' && g_ascii_isalnum(p[1]));
}

static gboolean
is_ordinal(const char *token, gsize len)
{
  static const char *const suffixes[] = {"st", "nd", "rd", "th"};
  gsize digits = strspn(token, "0123456789");

  if (digits == 0 || len != digits + 2)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS(suffixes); i++)
    if (g_ascii_strncasecmp(token + digits, suffixes[i], 2) == 0)
      return TRUE;
  return FALSE;
}

/* A token is a code when it mixes digits with letters or hyphens, or has a
 * long run of digits; plain words and short numbers are not. */
static gboolean
is_code(const char *token, gsize len)
{
  gboolean has_digit = FALSE, has_other = FALSE;
  guint run = 0, longest_run = 0;

  for (gsize i = 0; i < len; i++) {
    if (g_ascii_isdigit(token[i])) {
      has_digit = TRUE;
      run++;
      longest_run = MAX(longest_run, run);
    } else {
      has_other = TRUE;
      run = 0;
    }
  }
  if (!has_digit || is_ordinal(token, len))
    return FALSE;
  return has_other || longest_run >= CODE_MIN_DIGITS;
}

static void
append_code_mandarin(GString *out, const char *token, gsize len)
{
  for (gsize i = 0; i < len; i++) {
    char c = token[i];
    if (g_ascii_isdigit(c))
      g_string_append(out, mandarin_digits[c - '0']);
    else if (c == '-')
      g_string_append(out, "，");
    else {
      /* Two letters in a row would be read as a pinyin syllable. */
      if (i > 0 && g_ascii_isalpha(token[i - 1]))
        g_string_append_c(out, '-');
      g_string_append_c(out, g_ascii_toupper(c));
    }
  }
}

/* English: digits as words of their own; a letter followed by a hyphen is
 * spelt ("A-" is "ay", a lone "A" would be the article). */
static void
append_code_english(GString *out, const char *token, gsize len)
{
  for (gsize i = 0; i < len; i++) {
    char c = token[i];
    if (c == '-') {
      g_string_append_c(out, ',');
      continue;
    }
    if (i > 0)
      g_string_append_c(out, ' ');
    if (g_ascii_isdigit(c))
      g_string_append_c(out, c);
    else
      g_string_append_printf(out, "%c-", g_ascii_toupper(c));
  }
}

char *
anyi_speech_text_for_voice(const char *text, AnyiSpeechVoice voice)
{
  /* NFKC turns full-width digits and letters ("１１３０－Ａ００１") into
   * ASCII, so codes typed either way are read the same. */
  g_autofree char *normal = g_utf8_normalize(text, -1, G_NORMALIZE_NFKC);
  GString *out = g_string_new(NULL);
  const char *p = normal ? normal : "";

  while (*p) {
    gsize len = 0;

    if (!g_ascii_isalnum(*p)) {
      g_string_append_c(out, *p++);
      continue;
    }
    while (p[len] && is_token_char(p + len))
      len++;
    if (!is_code(p, len))
      g_string_append_len(out, p, len);
    else if (voice == ANYI_SPEECH_VOICE_MANDARIN)
      append_code_mandarin(out, p, len);
    else
      append_code_english(out, p, len);
    p += len;
  }
  return g_string_free(out, FALSE);
}
