/* SPDX-License-Identifier: GPL-3.0-or-later */
/* devsim-client.h: for a program run under anyi-devsim (a UI test, the
 * demo) to script the emulated devices over the launcher's control
 * socket (ANYI_DEVSIM_CONTROL), e.g. anyi_devsim_command("idcard place
 * permit", &error). Commands are listed in anyi-devsim.c. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Sends one command line and waits for its reply; FALSE with the
 * launcher's "error: ..." text, or a connection error. Thread-safe. */
gboolean anyi_devsim_command(const char *command, GError **error);

G_END_DECLS
