/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-engine-wipe.c: a case's personal data is not left in freed memory
 * by json-glib.
 *
 * The program defines free() itself, so that every block the process gives
 * back (json-glib's and GLib's included) passes through it first: while
 * armed, it looks in the block for the citizen's name and ID number and
 * counts each block that still holds one. A case holding the citizen's
 * answers is then let go: json-glib's own copies of the strings must be
 * zeroed by then. */
#define _GNU_SOURCE /* memmem */
#include "cases/anyi-case.h"
#include "temp-store.h"

#include <malloc.h>
#include <string.h>

#define NAME      "测试者欧阳娜娜"
#define ID_NUMBER "110101199003076536"

extern void __libc_free(void *ptr);

static volatile gboolean armed;
static volatile int blocks_with_data;

void
free(void *ptr)
{
  if (ptr && armed) {
    size_t size = malloc_usable_size(ptr);
    if (memmem(ptr, size, NAME, strlen(NAME)) || memmem(ptr, size, ID_NUMBER, strlen(ID_NUMBER)))
      blocks_with_data++;
  }
  __libc_free(ptr);
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

/* The same answers through json-glib's generator (saving the case) and
 * parser (resuming it after a restart): their working copies (GString
 * tokens, the buffers a GString leaves behind as it grows) are freed
 * inside json-glib, where no wipe reaches. Counted and reported, not yet
 * zero: see the note in anyi-secure-json.h. */
static void
test_serialised_copies_counted(void)
{
  TempStore temp = {0};
  AnyiStore *store = temp_store_open(&temp);
  g_autoptr(GError) error = NULL;
  AnyiCase *kase = anyi_case_start(store, "appointment-booking", 'A', &error);
  gint64 id = anyi_case_get_id(kase);
  int saving;
  int resuming;

  json_object_set_string_member(anyi_case_get_data(kase), "name", NAME);
  blocks_with_data = 0;
  armed = TRUE;
  g_assert_true(anyi_case_save(kase, "answered", NULL, &error));
  saving = blocks_with_data;
  armed = FALSE;
  anyi_case_free(kase);
  blocks_with_data = 0;
  armed = TRUE;
  kase = anyi_case_resume(store, id, &error);
  anyi_case_free(kase);
  resuming = blocks_with_data;
  armed = FALSE;
  g_print("# freed unwiped while saving: %d block(s); while resuming: %d block(s)\n", saving,
          resuming);
  if (saving + resuming > 0)
    g_test_incomplete("json-glib's generator and parser free working copies unwiped");
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
  g_test_add_func("/engine/wipe/serialised-copies", test_serialised_copies_counted);
  return g_test_run();
}
