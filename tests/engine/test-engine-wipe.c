/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-engine-wipe.c: a case's personal data is not left in freed memory
 * by json-glib.
 *
 * freed-memory-watch.c sees every block the process gives back (json-glib's
 * and GLib's included). A case holding the citizen's answers is let go:
 * json-glib's own copies of the strings must be zeroed by then. */
#include "cases/anyi-case.h"
#include "freed-memory-watch.h"
#include "temp-store.h"

#define NAME      "测试者欧阳娜娜"
#define ID_NUMBER "110101199003076536"

static const char *const citizen_data[] = {NAME, ID_NUMBER, NULL};

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
  FreedWatchCount seen;

  g_assert_no_error(error);
  data = anyi_case_get_data(kase);
  json_object_set_string_member(data, "name", NAME);
  json_object_set_string_member(data, "id_number", ID_NUMBER);
  g_assert_true(anyi_case_save(kase, "answered", NULL, &error));
  g_assert_no_error(error);
  freed_watch_start(citizen_data);
  anyi_case_free(kase);
  seen = freed_watch_stop();
  g_test_message("freed blocks still holding the name or ID: %d", seen.blocks);
  g_assert_cmpint(seen.blocks, ==, 0);
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
  FreedWatchCount saving, resuming;

  json_object_set_string_member(anyi_case_get_data(kase), "name", NAME);
  /* what follows the name makes the text grow past it, and needs escapes */
  json_object_set_string_member(anyi_case_get_data(kase), "note", long_note);
  freed_watch_start(citizen_data);
  g_assert_true(anyi_case_save(kase, "answered", NULL, &error));
  saving = freed_watch_stop();
  anyi_case_free(kase);
  freed_watch_start(citizen_data);
  kase = anyi_case_resume(store, id, &error);
  anyi_case_free(kase);
  resuming = freed_watch_stop();
  g_print("# freed unwiped while saving: %d block(s), %d of them by SQLite; while resuming: %d, "
          "%d by SQLite\n",
          saving.blocks, saving.sqlite_blocks, resuming.blocks, resuming.sqlite_blocks);
  g_assert_cmpint(saving.blocks, ==, 0);
  g_assert_cmpint(resuming.blocks, ==, 0);
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
