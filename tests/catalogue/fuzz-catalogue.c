/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libFuzzer target: the service catalogue on arbitrary bytes. An input is
 * one service file (JSON), optionally a NUL byte and the categories file;
 * both are written to a scratch services folder, loaded and validated as
 * the kiosk does at start-up, and a catalogue that loads is walked through
 * the calls the case flow makes. Built with clang
 * -fsanitize=fuzzer,address,undefined (see meson.build); the seed corpus is
 * tests/catalogue/fuzz-seeds (every shipped service with its categories). */
#include "catalogue/catalogue.h"

#include <glib/gstdio.h>
#include <stdint.h>
#include <string.h>

static char *services_dir;

static void
remove_scratch(void)
{
  g_autofree char *service = g_build_filename(services_dir, "fuzzed.json", NULL);
  g_autofree char *categories = g_build_filename(services_dir, "categories.json", NULL);
  g_unlink(service);
  g_unlink(categories);
  g_rmdir(services_dir);
}

static const char *
scratch_dir(void)
{
  if (services_dir == NULL) {
    g_autoptr(GError) error = NULL;
    services_dir = g_dir_make_tmp("fuzz-catalogue-XXXXXX", &error);
    g_assert_no_error(error);
    atexit(remove_scratch);
  }
  return services_dir;
}

static void
write_file(const char *name, const uint8_t *data, size_t size)
{
  g_autofree char *path = g_build_filename(scratch_dir(), name, NULL);
  if (data == NULL) {
    g_unlink(path);
    return;
  }
  g_file_set_contents(path, (const char *)data, (gssize)size, NULL);
}

static void
walk_service(const AnyiService *service)
{
  g_autoptr(GDate) birth = g_date_new_dmy(1, 1, 1990);
  g_autoptr(GDate) today = g_date_new_dmy(5, 12, 2026);
  GDate deadline;
  g_autoptr(JsonNode) json = anyi_catalogue_service_to_json(service);
  g_autoptr(JsonObject) leaflet = anyi_catalogue_leaflet_data(service, "安逸办", "12345", today);
  g_autofree char *fee = anyi_yuan_text(anyi_catalogue_service_fee(service, NULL));
  (void)anyi_catalogue_service_check_age(service, birth, today);
  (void)anyi_catalogue_service_allows_missing(service);
  g_date_clear(&deadline, 1);
  anyi_catalogue_service_deadline(service, today, NULL, NULL, &deadline);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  const uint8_t *nul = memchr(data, '\0', size);
  size_t service_size = nul != NULL ? (size_t)(nul - data) : size;
  write_file("fuzzed.json", data, service_size);
  write_file("categories.json", nul != NULL ? nul + 1 : NULL,
             nul != NULL ? size - service_size - 1 : 0);

  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(AnyiCatalogue) catalogue = anyi_catalogue_load_full(scratch_dir(), &problems, NULL);
  if (catalogue == NULL)
    return 0;
  for (guint i = 0; i < anyi_catalogue_get_n_services(catalogue); i++)
    walk_service(anyi_catalogue_get_service(catalogue, i));
  return 0;
}
