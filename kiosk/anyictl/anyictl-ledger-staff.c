/* SPDX-License-Identifier: GPL-3.0-or-later */
/* anyictl-ledger-staff.c: `anyictl ledger staff-add`, window staff on the
 * hall's server (ledger/postgres/anyi-pg-staff.h), for the window PCs that
 * have no kiosk database to sign in against. */
#include "anyictl-commands.h"
#include "ledger/postgres/anyi-pg-ledger.h"
#include "ledger/postgres/anyi-pg-staff.h"

#include <stdio.h>
#include <string.h>

#define STAFF_ADD_USAGE                                                                            \
  "usage: anyictl ledger staff-add CONNSTR LOGIN NAME staff|technician   (the PIN is read from "   \
  "stdin)\n"

int
anyictl_ledger_staff_add_main(int argc, char **argv)
{
  g_autoptr(GError) error = NULL;
  char *pin;
  PGconn *conn;
  gboolean ok;

  if (argc != 5) {
    fputs(STAFF_ADD_USAGE, stderr);
    return 2;
  }
  pin = anyictl_read_pin();
  if (!pin) {
    fputs("anyictl ledger staff-add: no PIN on stdin\n", stderr);
    return 1;
  }
  conn = anyi_pg_ledger_connect(argv[1], &error);
  ok = conn &&
       anyi_pg_ledger_staff_add(conn, argv[2], argv[3], argv[4], pin, g_get_user_name(), &error);
  anyictl_free_pin(pin);
  g_clear_pointer(&conn, PQfinish);
  if (!ok) {
    fprintf(stderr, "anyictl ledger staff-add: %s\n", error->message);
    return 1;
  }
  printf("window staff %s (%s) added on the ledger's server\n", argv[2], argv[4]);
  return 0;
}
