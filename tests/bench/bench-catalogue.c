/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-catalogue: time to load and validate the whole services folder (done
 * once at kiosk start-up, and by `anyictl catalogue check`), and to build a
 * leaflet's JSON. Prints BENCH lines; the lead's runner compares targets. */
#include "catalogue/catalogue.h"

#include <stdio.h>

#define LOAD_ROUNDS 50
#define JSON_ROUNDS 20

/* Median of @n samples, sorting them in place. */
static double
median(double *samples, guint n)
{
  for (guint i = 1; i < n; i++)
    for (guint j = i; j > 0 && samples[j - 1] > samples[j]; j--) {
      double t = samples[j];
      samples[j] = samples[j - 1];
      samples[j - 1] = t;
    }
  return samples[n / 2];
}

static AnyiCatalogue *
bench_load(const char *dir)
{
  double samples[LOAD_ROUNDS];
  AnyiCatalogue *catalogue = NULL;

  for (guint i = 0; i < LOAD_ROUNDS; i++) {
    g_autoptr(GError) error = NULL;
    gint64 start = g_get_monotonic_time();
    g_clear_object(&catalogue);
    catalogue = anyi_catalogue_load(dir, &error);
    samples[i] = (double)(g_get_monotonic_time() - start) / 1000.0;
    if (!catalogue) {
      fprintf(stderr, "bench-catalogue: %s\n", error->message);
      return NULL;
    }
  }
  printf("BENCH catalogue-services\t%u\tservices\t-\n", anyi_catalogue_get_n_services(catalogue));
  printf("BENCH catalogue-load-validate\t%.3f\tms\t< 200\n", median(samples, LOAD_ROUNDS));
  return catalogue;
}

static void
bench_json(AnyiCatalogue *catalogue)
{
  double samples[JSON_ROUNDS];
  guint n = anyi_catalogue_get_n_services(catalogue);

  for (guint r = 0; r < JSON_ROUNDS; r++) {
    gint64 start = g_get_monotonic_time();
    for (guint i = 0; i < n; i++) {
      g_autoptr(JsonNode) node =
          anyi_catalogue_service_to_json(anyi_catalogue_get_service(catalogue, i));
      g_autofree char *text = json_to_string(node, FALSE);
    }
    samples[r] = (double)(g_get_monotonic_time() - start) / n;
  }
  printf("BENCH catalogue-leaflet-json\t%.1f\tus\t< 5000\n", median(samples, JSON_ROUNDS));
}

int
main(int argc, char **argv)
{
  g_autofree char *dir = argc > 1 ? g_strdup(argv[1]) : anyi_catalogue_default_dir();
  g_autoptr(AnyiCatalogue) catalogue = bench_load(dir);
  if (!catalogue)
    return 1;
  bench_json(catalogue);
  return 0;
}
