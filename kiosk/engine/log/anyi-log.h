/* SPDX-License-Identifier: GPL-3.0-or-later */
/* anyi-log.h: structured logging with ID numbers masked, always. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Returns a copy of @text with every citizen ID number in it masked:
 * 18-character numbers keep the first 3 and last 4 characters
 * (510***********123X), old 15-digit numbers likewise. Never NULL. */
char *anyi_mask_id_numbers(const char *text);

/* Installs the process-wide GLib log writer that masks the MESSAGE field
 * of every record before it reaches the journal or stderr. Call once, first
 * thing in main(). */
void anyi_log_install(void);

/* Makes the installed writer also append masked lines to @path (used by the
 * staff log viewer and tests); NULL stops it. */
void anyi_log_set_file(const char *path);

G_END_DECLS
