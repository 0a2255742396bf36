/* SPDX-License-Identifier: GPL-3.0-or-later */
/* anyictl audit: checks that the kiosk's audit log is whole. */
#include "anyictl-commands.h"
#include "store/anyi-store.h"

#include <stdio.h>

#define USAGE "usage: anyictl audit verify [PATH]   (default: ANYI_DB or the kiosk's database)\n"

/* The chain (anyi-store-audit.c) proves that no row was changed, inserted
 * or deleted between its first and its last row; the last row's hash is
 * printed so that a technician can note it and later prove the end too. */
static int
audit_verify(const char *path_arg)
{
  g_autofree char *path = path_arg ? g_strdup(path_arg) : anyi_store_default_path();
  g_autoptr(GError) error = NULL;
  g_autoptr(AnyiStore) store = NULL;
  AnyiAuditCheck check;

  if (!g_file_test(path, G_FILE_TEST_IS_REGULAR)) {
    fprintf(stderr, "anyictl audit verify: no database at %s\n", path);
    return 1;
  }
  store = anyi_store_open(path, &error);
  if (!store || !anyi_store_audit_verify(store, &check, &error)) {
    fprintf(stderr, "anyictl audit verify: %s\n", error->message);
    return 1;
  }
  if (check.first_broken_id) {
    printf("audit chain BROKEN at row %" G_GINT64_FORMAT
           ": it does not hold the hash of the row before it (changed, inserted or deleted "
           "rows); %" G_GINT64_FORMAT " rows read\n",
           check.first_broken_id, check.rows);
    anyi_audit_check_clear(&check);
    return 1;
  }
  printf("audit chain ok: %" G_GINT64_FORMAT " rows", check.rows);
  if (check.unlinked)
    printf(", the first %" G_GINT64_FORMAT " from before the chain (not protected)",
           check.unlinked);
  if (check.anchored)
    printf(", older rows purged (anchored)");
  printf("\nlast row hash %s\n", check.tip_hash);
  anyi_audit_check_clear(&check);
  return 0;
}

int
anyictl_audit_main(int argc, char **argv)
{
  if ((argc == 2 || argc == 3) && g_str_equal(argv[1], "verify"))
    return audit_verify(argc == 3 ? argv[2] : NULL);
  fputs(USAGE, stderr);
  return 2;
}
