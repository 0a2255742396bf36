/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libFuzzer target: the log masker on arbitrary lines. Besides not
 * crashing (ASan, UBSan), it checks the masker's promise: no valid 18-digit
 * ID number, in ASCII or full-width digits, survives in its output.
 * Seed corpus: tests/unit/fuzz-log-masker-seeds. */
#include "log/anyi-log.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Independent of the masker's own reading: digits are ASCII or full-width,
 * anything else (including bytes that are not UTF-8) breaks a number. */
static int
digit_at(const char *s, gsize len, gsize *at)
{
  gunichar c = g_utf8_get_char_validated(s + *at, (gssize)(len - *at));

  if (c == (gunichar)-1 || c == (gunichar)-2) {
    (*at)++;
    return -1;
  }
  *at = (gsize)(g_utf8_next_char(s + *at) - s);
  if (c >= '0' && c <= '9')
    return (int)(c - '0');
  if (c >= 0xFF10 && c <= 0xFF19)
    return (int)(c - 0xFF10);
  if (c == 'X' || c == 'x' || c == 0xFF38 || c == 0xFF58)
    return 10;
  return -1;
}

static gboolean
holds_valid_id(const char *s)
{
  static const int weights[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
  gsize len = strlen(s);
  int run[64];
  int n = 0;

  for (gsize at = 0; at < len;) {
    int d = digit_at(s, len, &at);

    if (d < 0) {
      n = 0;
      continue;
    }
    if (n == G_N_ELEMENTS(run)) {
      memmove(run, run + 1, sizeof run - sizeof run[0]);
      n--;
    }
    run[n++] = d;
    if (n >= 18) {
      const int *id = run + n - 18;
      int sum = 0;
      gboolean digits = TRUE;

      for (int i = 0; i < 17; i++) {
        digits = digits && id[i] < 10;
        sum += id[i] * weights[i];
      }
      if (digits && "10X98765432"[sum % 11] == (id[17] == 10 ? 'X' : '0' + id[17]))
        return TRUE;
    }
    if (d == 10)
      n = 0; /* X only ends a number */
  }
  return FALSE;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  g_autofree char *line = g_strndup((const char *)data, size);
  g_autofree char *masked = anyi_mask_id_numbers(line);

  if (holds_valid_id(masked)) {
    fprintf(stderr, "unmasked ID number in: %s\n", masked);
    abort();
  }
  return 0;
}
