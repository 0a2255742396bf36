/* SPDX-License-Identifier: GPL-3.0-or-later */
/* anyictl-commands.h: one entry point per technician subcommand.
 * Each takes the arguments after its own name (argv[0] is the name) and
 * returns the process exit status: 0 done, 1 the input or device is bad,
 * 2 usage. */
#pragma once

int anyictl_version_main(int argc, char **argv);
int anyictl_db_main(int argc, char **argv);
int anyictl_print_main(int argc, char **argv);
int anyictl_idcard_main(int argc, char **argv);
int anyictl_catalogue_main(int argc, char **argv);
int anyictl_case_main(int argc, char **argv);
int anyictl_printers_main(int argc, char **argv);
int anyictl_photo_main(int argc, char **argv);
int anyictl_staff_main(int argc, char **argv);
/* A PIN: one line of stdin without its end (NULL if none), the stack copy
 * wiped; anyictl_free_pin wipes it before it is freed. */
char *anyictl_read_pin(void);
void anyictl_free_pin(char *pin);
int anyictl_audit_main(int argc, char **argv);
int anyictl_config_main(int argc, char **argv);
int anyictl_support_main(int argc, char **argv);
int anyictl_ledger_main(int argc, char **argv);
/* `anyictl ledger staff-add`: argv[0] is "staff-add". */
int anyictl_ledger_staff_add_main(int argc, char **argv);
