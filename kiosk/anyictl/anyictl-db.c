/* SPDX-License-Identifier: GPL-3.0-or-later */
/* anyictl db: the technician's look at the kiosk database. */
#include "anyictl-commands.h"
#include "anyictl-store.h"
#include "cases/anyi-retention.h"

#include <stdio.h>

#define USAGE                                                                                      \
  "usage: anyictl db init          make the kiosk's database when there is none\n"                 \
  "       anyictl db check [PATH]  integrity and schema (default: the kiosk's)\n"                  \
  "       anyictl db purge         the retention purge, now\n"                                     \
  "       anyictl db confirm-clock the clock is right: a purge held after a clock jump may run\n"

AnyiSettings *
anyictl_load_settings(const char *command)
{
  g_autoptr(GError) error = NULL;
  AnyiSettings *settings = anyi_settings_load(&error);

  if (!settings)
    fprintf(stderr, "anyictl %s: %s\n", command, error->message);
  return settings;
}

AnyiStore *
anyictl_open_store(const char *command, AnyiSettings *settings)
{
  g_autoptr(GError) error = NULL;
  AnyiStore *store = anyi_store_open_existing(settings->db_path, &error);

  if (!store)
    fprintf(stderr, "anyictl %s: %s\n", command, error->message);
  return store;
}

static int
db_init(void)
{
  g_autoptr(AnyiSettings) settings = anyictl_load_settings("db init");
  g_autoptr(GError) error = NULL;
  g_autoptr(AnyiStore) store = NULL;
  gboolean existed;

  if (!settings)
    return 1;
  existed = g_file_test(settings->db_path, G_FILE_TEST_EXISTS);
  store = anyi_store_open(settings->db_path, &error);
  if (!store) {
    fprintf(stderr, "anyictl db init: %s\n", error->message);
    return 1;
  }
  printf("database: %s (%s)\nschema version: %d\n", settings->db_path,
         existed ? "already there, upgraded if it was older" : "made, empty",
         anyi_store_schema_version(store));
  return 0;
}

static int
db_check(const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(AnyiStore) store = anyi_store_open_existing(path, &error);

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
  g_autoptr(AnyiSettings) settings = anyictl_load_settings("db purge");
  g_autoptr(AnyiStore) store = settings ? anyictl_open_store("db purge", settings) : NULL;
  AnyiRetentionResult result;

  if (!store)
    return 1;
  if (!anyi_retention_run(store, settings, g_get_real_time() / G_USEC_PER_SEC, &result, &error)) {
    fprintf(stderr, "anyictl db purge: %s\n", error->message);
    return 1;
  }
  if (result.clock_held) {
    printf("the clock jumped forward %" G_GINT64_FORMAT " hours: nothing wiped; check the time, "
           "then run anyictl db confirm-clock\n",
           result.clock_jump_s / 3600);
    return 1;
  }
  printf("older than %d days: personal data of %" G_GINT64_FORMAT " case(s) wiped, %u file(s) "
         "deleted\n",
         settings->retention_days, result.cases_wiped, result.files_deleted);
  return 0;
}

/* After the clock jumped forward the purge waits: a technician who has
 * checked the time says so, and the next purge wipes by it. */
static int
db_confirm_clock(void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AnyiSettings) settings = anyictl_load_settings("db confirm-clock");
  g_autoptr(AnyiStore) store = settings ? anyictl_open_store("db confirm-clock", settings) : NULL;
  g_autofree char *actor = g_strdup_printf("anyictl:%s", g_get_user_name());
  g_autoptr(GDateTime) now = g_date_time_new_now_local();
  g_autofree char *now_text = g_date_time_format(now, "%F %T %Z");

  if (!store)
    return 1;
  if (!anyi_retention_confirm_clock(store, actor, g_date_time_to_unix(now), &error)) {
    fprintf(stderr, "anyictl db confirm-clock: %s\n", error->message);
    return 1;
  }
  printf("clock confirmed at %s: the retention purge wipes by this time\n", now_text);
  return 0;
}

int
anyictl_db_main(int argc, char **argv)
{
  if (argc == 2 && g_str_equal(argv[1], "init"))
    return db_init();
  if (argc == 2 && g_str_equal(argv[1], "purge"))
    return db_purge();
  if (argc == 2 && g_str_equal(argv[1], "confirm-clock"))
    return db_confirm_clock();
  if (argc == 3 && g_str_equal(argv[1], "check"))
    return db_check(argv[2]);
  if (argc == 2 && g_str_equal(argv[1], "check")) {
    g_autoptr(AnyiSettings) settings = anyictl_load_settings("db check");
    return settings ? db_check(settings->db_path) : 1;
  }
  fputs(USAGE, stderr);
  return 2;
}
