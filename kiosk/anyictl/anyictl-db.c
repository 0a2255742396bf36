/* anyictl db: the technician's look at the kiosk database. */
#include "anyictl-commands.h"
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

int
anyictl_db_main(int argc, char **argv)
{
  g_autofree char *path = NULL;

  if (argc < 2 || !g_str_equal(argv[1], "check") || argc > 3) {
    fprintf(stderr, "usage: anyictl db check [PATH]\n");
    return 2;
  }
  path = argc == 3 ? g_strdup(argv[2]) : anyi_store_default_path();
  return db_check(path);
}
