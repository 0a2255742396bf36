/* SPDX-License-Identifier: GPL-3.0-or-later */
/* anyictl db: the technician's look at the kiosk database. */
#include "anyictl-commands.h"
#include "cases/anyi-retention.h"
#include "store/anyi-store.h"

#include <stdio.h>

static int
db_check(const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(AnyiStore) store = anyi_store_open(path, &error);

  if (!store) {
    fprintf(stderr, "anyictl db check: %s\n", error->message);
    return 1;
  }
  if (!anyi_store_check(store, &problems, &error)) {
    fprintf(stderr, "anyictl db check: %s\n", error->message);
    return 1;
  }
  printf("database: %s\nschema version: %d (latest %d)\n", path, anyi_store_schema_version(store),
         anyi_store_latest_schema_version());
  for (guint i = 0; i < problems->len; i++)
    printf("problem: %s\n", (char *)problems->pdata[i]);
  printf("integrity: %s\n", problems->len == 0 ? "ok" : "FAILED");
  return problems->len == 0 ? 0 : 1;
}

/* What the kiosk does every few hours, now: the retention purge with the
 * kiosk's settings (its database and documents folder). */
static int
db_purge(void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AnyiSettings) settings = anyi_settings_load(&error);
  g_autoptr(AnyiStore) store = settings ? anyi_store_open(settings->db_path, &error) : NULL;
  AnyiRetentionResult result;

  if (!store ||
      !anyi_retention_run(store, settings, g_get_real_time() / G_USEC_PER_SEC, &result, &error)) {
    fprintf(stderr, "anyictl db purge: %s\n", error->message);
    return 1;
  }
  printf("older than %d days: personal data of %" G_GINT64_FORMAT " case(s) wiped, %u file(s) "
         "deleted\n",
         settings->retention_days, result.cases_wiped, result.files_deleted);
  return 0;
}

int
anyictl_db_main(int argc, char **argv)
{
  g_autofree char *path = NULL;

  if (argc == 2 && g_str_equal(argv[1], "purge"))
    return db_purge();
  if (argc < 2 || !g_str_equal(argv[1], "check") || argc > 3) {
    fprintf(stderr, "usage: anyictl db check [PATH]\n       anyictl db purge\n");
    return 2;
  }
  path = argc == 3 ? g_strdup(argv[2]) : anyi_store_default_path();
  return db_check(path);
}
