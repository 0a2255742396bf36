/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-search.c: the menu's search (catalogue-search.h) as the search
 * page uses it. Prints: building the index when search is first opened
 * (titles, keywords, and the readings of their characters read from
 * luna_pinyin.dict.yaml), and the search per keypress (every prefix of
 * queries citizens type, in pinyin, initials and English). */
#include "catalogue/catalogue-search.h"
#include "input/anyi-initials.h"

#include <stdio.h>
#include <string.h>

static const char *const queries[] = {
    "shenfenzheng", "sfzdqhl",  "hukouqianru", "hkqr",       "idcardrenewal",
    "id card",      "passport", "wufanzui",    "juzhuzheng", "xqzvnothing",
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

int
main(void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = anyi_catalogue_default_dir();
  g_autofree char *words = anyi_service_search_default_words();
  g_autoptr(AnyiCatalogue) catalogue = anyi_catalogue_load(dir, &error);
  g_autoptr(AnyiServiceSearch) search = NULL;
  g_autoptr(GArray) samples = g_array_new(FALSE, FALSE, sizeof(double));
  gint64 start;

  if (!catalogue) {
    fprintf(stderr, "bench-search: %s\n", error->message);
    return 1;
  }
  start = g_get_monotonic_time();
  search = anyi_service_search_new(catalogue, anyi_initials_default_dict(), words, &error);
  if (!search || !anyi_service_search_has_pinyin(search)) {
    fprintf(stderr, "bench-search: %s\n", error ? error->message : "no pinyin dictionary");
    return 77;
  }
  printf("BENCH\tsearch: build the index (first search opened, not start-up)\t%.1f\tms\treported\n",
         (g_get_monotonic_time() - start) / 1000.0);
  for (int round = 0; round < 20; round++)
    for (guint q = 0; q < G_N_ELEMENTS(queries); q++)
      for (size_t length = 1; length <= strlen(queries[q]); length++) {
        g_autofree char *typed = g_strndup(queries[q], length);
        g_autoptr(GPtrArray) hits = NULL;
        double ms;

        start = g_get_monotonic_time();
        hits = anyi_service_search_find(search, typed);
        ms = (g_get_monotonic_time() - start) / 1000.0;
        g_array_append_val(samples, ms);
      }
  printf("BENCH\tsearch: services found per keypress, median (%u keys)\t%.3f\tms\t<= 16\n",
         samples->len, percentile(samples, 0.5));
  printf("BENCH\tsearch: services found per keypress, 99th percentile\t%.3f\tms\t<= 16\n",
         percentile(samples, 0.99));
  printf("BENCH\tsearch: services found per keypress, max (a busy machine shows here)\t%.3f\tms\t"
         "<= 16\n",
         percentile(samples, 1.0));
  return 0;
}
