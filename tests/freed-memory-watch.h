/* SPDX-License-Identifier: GPL-3.0-or-later */
/* freed-memory-watch.h: counts the blocks a process gives back while they
 * still hold a citizen's data, for the tests that prove personal data is
 * wiped before it is freed (engine-wipe, store-wipe).
 *
 * freed-memory-watch.c defines free() and realloc() for the whole program,
 * so every block the process frees (GLib's, json-glib's and SQLite's too)
 * passes through it first. A program built with it cannot run under a
 * sanitizer, which owns free(): such a build skips. */
#pragma once

typedef struct {
  int blocks;        /* freed blocks that still held one of the needles */
  int sqlite_blocks; /* of those, the ones libsqlite3 gave back */
} FreedWatchCount;

/* Starts counting from zero. @needles is NULL-terminated and must outlive
 * the watch. */
void freed_watch_start(const char *const *needles);
/* Stops counting and says what was seen since freed_watch_start(). */
FreedWatchCount freed_watch_stop(void);
