/* SPDX-License-Identifier: GPL-3.0-or-later */
/* anyictl: the technician's command line. */
#include "anyictl-commands.h"
#include "log/anyi-log.h"
#include "usb/anyi-secure.h"

#include <anyi-config.h>
#include <glib.h>
#include <locale.h>
#include <stdio.h>

typedef struct {
  const char *name;
  int (*run)(int argc, char **argv);
  const char *summary;
} AnyictlCommand;

static const AnyictlCommand commands[] = {
    {"version", anyictl_version_main, "print the kiosk version"},
    {"db", anyictl_db_main, "the kiosk database: db init, db check [PATH], db purge"},
    {"print", anyictl_print_main, "render a print template to a queue or a PDF"},
    {"idcard", anyictl_idcard_main, "ID card reader: list, read, decode"},
    {"catalogue", anyictl_catalogue_main, "check, list or show the hall's services"},
    {"case", anyictl_case_main, "replay a case from a script: case run SCRIPT"},
    {"printers", anyictl_printers_main, "show the print queues' state, supplies and faults"},
    {"photo", anyictl_photo_main, "cameras, grabs, GA 461 photo checks and crops, documents"},
    {"audit", anyictl_audit_main, "check the audit log's hash chain: audit verify [PATH]"},
    {"staff", anyictl_staff_main, "staff and technicians: add, list, disable"},
    {"config", anyictl_config_main, "check a hall's kiosk.conf: config check [FILE]"},
    {"support-bundle", anyictl_support_main, "technician's bundle: support-bundle OUT.tar.gz"},
    {"ledger", anyictl_ledger_main, "the hall ledger: migrate, add-kiosk, outbox, push"},
};

static int
usage(FILE *out)
{
  fprintf(out, "usage: anyictl COMMAND [ARGS...]\n\ncommands:\n");
  for (gsize i = 0; i < G_N_ELEMENTS(commands); i++)
    fprintf(out, "  %-14s %s\n", commands[i].name, commands[i].summary);
  return 2;
}

int
anyictl_version_main(int argc, char **argv)
{
  printf("anyictl %s\n", ANYI_VERSION);
  return 0;
}

int
main(int argc, char **argv)
{
  /* it reads cards, opens the kiosk's database and prints documents:
   * the same protection as the kiosk */
  anyi_secure_process();
  setlocale(LC_ALL, "");
  anyi_log_install();
  if (argc < 2)
    return usage(stderr);
  if (g_str_equal(argv[1], "--help") || g_str_equal(argv[1], "help")) {
    usage(stdout);
    return 0;
  }
  for (gsize i = 0; i < G_N_ELEMENTS(commands); i++)
    if (g_str_equal(argv[1], commands[i].name))
      return commands[i].run(argc - 1, argv + 1);
  fprintf(stderr, "anyictl: unknown command '%s'\n", argv[1]);
  return usage(stderr);
}
