/* SPDX-License-Identifier: GPL-3.0-or-later */
/* freed-memory-watch.c: see freed-memory-watch.h. */
#define _GNU_SOURCE /* memmem, dladdr */
#include "freed-memory-watch.h"

#include <dlfcn.h>
#include <malloc.h>
#include <stdbool.h>
#include <string.h>

extern void __libc_free(void *ptr);
extern void *__libc_malloc(size_t size);

static const char *const *volatile watched;
static volatile FreedWatchCount seen;

static bool
holds_a_needle(const void *block, size_t size)
{
  for (const char *const *needle = watched; *needle; needle++)
    if (memmem(block, size, *needle, strlen(*needle)))
      return true;
  return false;
}

static bool
freed_by_sqlite(void *caller)
{
  Dl_info info;

  return dladdr(caller, &info) && info.dli_fname && strstr(info.dli_fname, "libsqlite3");
}

void
free(void *ptr)
{
  if (ptr && watched && holds_a_needle(ptr, malloc_usable_size(ptr))) {
    seen.blocks++;
    if (freed_by_sqlite(__builtin_return_address(0)))
      seen.sqlite_blocks++;
  }
  __libc_free(ptr);
}

/* A block that grows is moved every time, its old place given back
 * through free() above: glibc's own realloc would free it inside libc,
 * unseen (a GString's old buffer as it grows). */
void *
realloc(void *ptr, size_t size)
{
  void *moved;

  if (!ptr)
    return __libc_malloc(size);
  if (!size) {
    free(ptr);
    return NULL;
  }
  moved = __libc_malloc(size);
  if (moved) {
    size_t old = malloc_usable_size(ptr);
    memcpy(moved, ptr, old < size ? old : size);
    free(ptr);
  }
  return moved;
}

void
freed_watch_start(const char *const *needles)
{
  seen.blocks = seen.sqlite_blocks = 0;
  watched = needles;
}

FreedWatchCount
freed_watch_stop(void)
{
  watched = NULL;
  return seen;
}
