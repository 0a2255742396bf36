/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-input.c: the Chinese input engines as the form page uses them.
 * Prints: candidate update per keypress (type a letter, read the preedit
 * and the first 9 candidates), handwriting recognition per character, the
 * time to load both engines (when the first form page opens, not at
 * start-up) and the memory they add. */
#include "input-strokes.h"
#include "input/anyi-pinyin.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* names and words of the catalogue's text fields, typed in full pinyin */
static const char *const words[] = {
    "zhangsan",   "wangxiaoming", "ouyangnana",  "aiyiguli",    "maimaiti",     "liyan",
    "chengdushi", "wuhouqu",      "renminnanlu", "huzhaobuban", "shenfenzheng", "zhuangyuanfang",
};

static int
compare_doubles(const void *a, const void *b)
{
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

static double
percentile(GArray *samples, double p)
{
  g_array_sort(samples, compare_doubles);
  return g_array_index(samples, double, (guint)(p * (samples->len - 1)));
}

/* Resident memory in KiB, from /proc. */
static long
rss_kib(void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents("/proc/self/status", &status, NULL, NULL))
    return -1;
  line = strstr(status, "VmRSS:");
  return line ? strtol(line + 6, NULL, 10) : -1;
}

static void
bench_keypress(AnyiPinyin *pinyin)
{
  g_autoptr(GArray) samples = g_array_new(FALSE, FALSE, sizeof(double));

  for (int round = 0; round < 5; round++)
    for (guint w = 0; w < G_N_ELEMENTS(words); w++) {
      for (const char *p = words[w]; *p; p++) {
        gint64 start = g_get_monotonic_time();
        g_autofree char *preedit = NULL;
        g_autoptr(GPtrArray) candidates = NULL;
        double ms;

        anyi_pinyin_type(pinyin, *p);
        preedit = anyi_pinyin_dup_preedit(pinyin);
        candidates = anyi_pinyin_get_candidates(pinyin, 9);
        ms = (g_get_monotonic_time() - start) / 1000.0;
        g_array_append_val(samples, ms);
      }
      anyi_pinyin_clear(pinyin);
    }
  printf("BENCH\tinput: candidate update per keypress, median (%u keys)\t%.2f\tms\t<= 16\n",
         samples->len, percentile(samples, 0.5));
  printf("BENCH\tinput: candidate update per keypress, 99th percentile\t%.2f\tms\t<= 16\n",
         percentile(samples, 0.99));
}

static void
bench_handwriting(AnyiHandwriting *pad)
{
  g_autoptr(GArray) samples = g_array_new(FALSE, FALSE, sizeof(double));

  for (int round = 0; round < 20; round++)
    for (guint c = 0; c < G_N_ELEMENTS(test_characters); c++) {
      g_autoptr(GPtrArray) found = NULL;
      gint64 start;
      double ms;

      draw_test_character(pad, &test_characters[c]);
      start = g_get_monotonic_time();
      found = anyi_handwriting_recognize(pad, 9);
      ms = (g_get_monotonic_time() - start) / 1000.0;
      g_array_append_val(samples, ms);
    }
  printf("BENCH\tinput: handwriting recognition per character, median (%u)\t%.2f\tms\t<= 50\n",
         samples->len, percentile(samples, 0.5));
  printf("BENCH\tinput: handwriting recognition per character, max\t%.2f\tms\t<= 50\n",
         percentile(samples, 1.0));
}

int
main(void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AnyiPinyin) pinyin = NULL;
  g_autoptr(AnyiHandwriting) pad = NULL;
  long rss_before = rss_kib();
  gint64 start = g_get_monotonic_time();
  double load_ms;

  pinyin = anyi_pinyin_open(anyi_pinyin_default_dir(), &error);
  if (pinyin)
    pad = anyi_handwriting_open(anyi_handwriting_default_model(), STROKE_PAD, &error);
  if (!pinyin || !pad) {
    fprintf(stderr, "bench-input: %s\n", error->message);
    return 77;
  }
  load_ms = (g_get_monotonic_time() - start) / 1000.0;
  printf("BENCH\tinput: load pinyin and handwriting (first form page, not start-up)\t%.1f\tms\t"
         "(start-up: 0)\n",
         load_ms);
  bench_keypress(pinyin);
  bench_handwriting(pad);
  printf("BENCH\tinput: memory added by both engines, in use\t%.1f\tMiB\treported\n",
         (rss_kib() - rss_before) / 1024.0);
  return 0;
}
