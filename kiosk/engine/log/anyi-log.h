/* SPDX-License-Identifier: GPL-3.0-or-later */
/* anyi-log.h: structured logging with ID numbers masked, always. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Returns a copy of @text with every card number in it masked, whatever
 * surrounds it (letters, other scripts) and however its digits are typed
 * (ASCII or full-width):
 * - 15 to 18 digits in a row (with a final X): resident ID numbers, old
 *   15-digit ones, HK/Macau/Taiwan residence permits and the new
 *   foreigner's permanent residence cards keep the first 3 and last 4
 *   characters (510***********123X);
 * - in a longer run of digits, every valid 18-character ID in it;
 * - an old foreigner's permanent residence number (3 letters + 12 digits)
 *   keeps its letters and last 4 digits;
 * - travel permit numbers (H/M + 8 or 10 digits, C/L + 8 digits, C + a
 *   letter + 7 digits) keep their letters and last 2 digits.
 * Never NULL. */
char *anyi_mask_id_numbers(const char *text);

/* Installs the process-wide GLib log writer that masks the MESSAGE field
 * of every record before it reaches the journal or stderr. Call once, first
 * thing in main(). */
void anyi_log_install(void);

#define ANYI_LOG_DEFAULT_MAX_BYTES (1024 * 1024)
#define ANYI_LOG_DEFAULT_KEEP      5

/* Makes the installed writer also append masked lines to @path (mode 0600,
 * its folder made 0700 first); NULL stops it. When the file reaches
 * @max_bytes it becomes @path.1 (the older ones .2 ... .@keep, the oldest
 * dropped) and a new one is started. */
void anyi_log_set_file_rotated(const char *path, gsize max_bytes, guint keep);
/* The same with the default size (1 MiB) and 5 old files. */
void anyi_log_set_file(const char *path);

/* The wall time (µs since the epoch) of the newest warning, critical or
 * error record this process logged through the installed writer; 0 for
 * none. */
gint64 anyi_log_last_error_time(void);

G_END_DECLS
