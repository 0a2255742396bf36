/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-engine-wipe.c: a case's personal data is not left in freed memory
 * by json-glib.
 *
 * The program defines free() and realloc() itself, so that every block the
 * process gives back (json-glib's and GLib's included) passes through it
 * first: while
 * armed, it looks in the block for the citizen's name and ID number and
 * counts each block that still holds one. A case holding the citizen's
 * answers is then let go: json-glib's own copies of the strings must be
 * zeroed by then. */
#define _GNU_SOURCE /* memmem */
#include "cases/anyi-case.h"
#include "temp-store.h"

#include <dlfcn.h>
#include <malloc.h>
#include <string.h>

#define NAME      "测试者欧阳娜娜"
#define ID_NUMBER "110101199003076536"

extern void __libc_free(void *ptr);
extern void *__libc_malloc(size_t size);

static volatile gboolean armed;
static volatile int blocks_with_data;
static volatile int sqlite_blocks; /* of those, the ones SQLite gave back */

static gboolean
freed_by_sqlite(void *caller)
{
  Dl_info info;

  return dladdr(caller, &info) && info.dli_fname && strstr(info.dli_fname, "libsqlite3");
}

void
free(void *ptr)
{
  if (ptr && armed) {
    size_t size = malloc_usable_size(ptr);
    if (memmem(ptr, size, NAME, strlen(NAME)) || memmem(ptr, size, ID_NUMBER, strlen(ID_NUMBER))) {
      blocks_with_data++;
      if (freed_by_sqlite(__builtin_return_address(0)))
        sqlite_blocks++;
    }
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
    memcpy(moved, ptr, MIN(malloc_usable_size(ptr), size));
    free(ptr);
  }
  return moved;
}

/* A case the citizen answered, let go at the end of the session: none of
 * json-glib's copies of the answers is freed with the answers in it. */
static void
test_case_data_is_wiped(void)
{
  TempStore temp = {0};
  AnyiStore *store = temp_store_open(&temp);
  g_autoptr(GError) error = NULL;
  AnyiCase *kase = anyi_case_start(store, "appointment-booking", 'A', &error);
  JsonObject *data;

  g_assert_no_error(error);
  data = anyi_case_get_data(kase);
  json_object_set_string_member(data, "name", NAME);
  json_object_set_string_member(data, "id_number", ID_NUMBER);
  g_assert_true(anyi_case_save(kase, "answered", NULL, &error));
  g_assert_no_error(error);
  blocks_with_data = 0;
  armed = TRUE;
  anyi_case_free(kase);
  armed = FALSE;
  g_test_message("freed blocks still holding the name or ID: %d", blocks_with_data);
  g_assert_cmpint(blocks_with_data, ==, 0);
  temp_store_clear(&temp);
}

/* The same answers saved (serialised) and resumed (parsed after a
 * restart): no unwiped copy, neither ours (json-glib's generator made one
 * each time its text grew, its parser one per string), nor SQLite's (a
 * bound value, the row it assembles, what it reads back: its heap wipes
 * what it frees). */
static void
test_serialised_copies(void)
{
  TempStore temp = {0};
  AnyiStore *store = temp_store_open(&temp);
  g_autoptr(GError) error = NULL;
  AnyiCase *kase = anyi_case_start(store, "appointment-booking", 'A', &error);
  gint64 id = anyi_case_get_id(kase);
  g_autofree char *long_note = g_strnfill(4000, '"');
  int saving, saving_sqlite, resuming, resuming_sqlite;

  json_object_set_string_member(anyi_case_get_data(kase), "name", NAME);
  /* what follows the name makes the text grow past it, and needs escapes */
  json_object_set_string_member(anyi_case_get_data(kase), "note", long_note);
  blocks_with_data = sqlite_blocks = 0;
  armed = TRUE;
  g_assert_true(anyi_case_save(kase, "answered", NULL, &error));
  armed = FALSE;
  saving = blocks_with_data;
  saving_sqlite = sqlite_blocks;
  anyi_case_free(kase);
  blocks_with_data = sqlite_blocks = 0;
  armed = TRUE;
  kase = anyi_case_resume(store, id, &error);
  anyi_case_free(kase);
  armed = FALSE;
  resuming = blocks_with_data;
  resuming_sqlite = sqlite_blocks;
  g_print("# freed unwiped while saving: %d block(s), %d of them by SQLite; while resuming: %d, "
          "%d by SQLite\n",
          saving, saving_sqlite, resuming, resuming_sqlite);
  g_assert_cmpint(saving, ==, 0);
  g_assert_cmpint(resuming, ==, 0);
  temp_store_clear(&temp);
}

int
main(int argc, char **argv)
{
#ifdef __SANITIZE_ADDRESS__
  g_print("SKIP: AddressSanitizer owns free(); this test replaces it\n");
  return 77;
#endif
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/engine/wipe/case-data", test_case_data_is_wiped);
  g_test_add_func("/engine/wipe/serialised-copies", test_serialised_copies);
  return g_test_run();
}
