/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-store-wipe.c: what the store's readers copy out of its rows (a
 * case's history, a handoff's summary, the staff log, the audit log, the
 * window's notes) is wiped when let go, not only the case's data.
 *
 * freed-memory-watch.c sees every block the process gives back. Each
 * reader is run and its records freed while it watches. */
#include "freed-memory-watch.h"
#include "store/anyi-store.h"
#include "temp-store.h"

#define NAME      "测试者欧阳娜娜"
#define ID_NUMBER "110101199003076536"

static const char *const citizen_data[] = {NAME, ID_NUMBER, NULL};

typedef struct {
  TempStore temp;
  gint64 case_id;
} Fixture;

/* A case handed off with the citizen's name and ID number where the kiosk
 * and the window put them: the handoff's summary, the history's details,
 * the audit log, a window note. */
static void
fixture_set_up(Fixture *f, gconstpointer data)
{
  AnyiStore *store = temp_store_open(&f->temp);
  g_autoptr(GError) error = NULL;
  g_autoptr(AnyiStoredCase) kase = anyi_store_case_create(store, "svc", 'A', "collecting", &error);
  const char *summary = "{\"name\":\"" NAME "\",\"id_number\":\"" ID_NUMBER "\"}";

  (void)data;
  g_assert_no_error(error);
  f->case_id = kase->id;
  g_assert_true(
      anyi_store_case_note(store, kase->id, "card-read", "card " ID_NUMBER " " NAME, &error));
  g_assert_true(anyi_store_case_hand_off(store, kase->id, "collecting", "photo-rejected", "3",
                                         summary, NULL, &error));
  g_assert_true(anyi_store_audit_add(store, "1001", "looked-up", ID_NUMBER, "name " NAME, &error));
  g_assert_true(anyi_store_window_note(store, kase->id, "1001", "called " NAME, &error));
  g_assert_no_error(error);
}

static void
fixture_tear_down(Fixture *f, gconstpointer data)
{
  (void)data;
  temp_store_clear(&f->temp);
}

typedef GPtrArray *(*ListReader)(Fixture *f);

static GPtrArray *
read_case_events(Fixture *f)
{
  return anyi_store_case_events(f->temp.store, f->case_id, NULL);
}

static GPtrArray *
read_log_page(Fixture *f)
{
  AnyiLogFilter filter = {0};
  AnyiLogCursor cursor;

  anyi_log_cursor_init(&cursor);
  return anyi_store_log_page(f->temp.store, &filter, &cursor, 100, NULL);
}

static GPtrArray *
read_audit(Fixture *f)
{
  return anyi_store_audit_list(f->temp.store, 0, 100, NULL);
}

static GPtrArray *
read_window_history(Fixture *f)
{
  return anyi_store_window_history(f->temp.store, f->case_id, NULL);
}

static GPtrArray *
read_handoffs(Fixture *f)
{
  return anyi_store_handoffs_open(f->temp.store, NULL);
}

/* Reads with @reader, checks that the personal data was there to read,
 * and lets the records go, watched: no freed block may still hold it. */
static void
assert_wiped(Fixture *f, ListReader reader)
{
  g_autoptr(GPtrArray) records = NULL;
  FreedWatchCount reading, letting_go;

  freed_watch_start(citizen_data);
  records = reader(f);
  reading = freed_watch_stop();
  g_assert_nonnull(records);
  g_assert_cmpuint(records->len, >, 0);
  freed_watch_start(citizen_data);
  g_clear_pointer(&records, g_ptr_array_unref);
  letting_go = freed_watch_stop();
  g_test_message("freed unwiped: %d block(s) while reading, %d when let go", reading.blocks,
                 letting_go.blocks);
  g_assert_cmpint(reading.blocks + letting_go.blocks, ==, 0);
}

static void
test_case_events(Fixture *f, gconstpointer data)
{
  (void)data;
  assert_wiped(f, read_case_events);
}

static void
test_log_page(Fixture *f, gconstpointer data)
{
  (void)data;
  assert_wiped(f, read_log_page);
}

static void
test_audit(Fixture *f, gconstpointer data)
{
  (void)data;
  assert_wiped(f, read_audit);
}

static void
test_window_history(Fixture *f, gconstpointer data)
{
  (void)data;
  assert_wiped(f, read_window_history);
}

static void
test_handoffs(Fixture *f, gconstpointer data)
{
  (void)data;
  assert_wiped(f, read_handoffs);
}

/* The one-record readers: the handoff as the window opens it, and the
 * kiosk's own. */
static void
test_one_record_readers(Fixture *f, gconstpointer data)
{
  g_autoptr(AnyiWindowHandoff) window = NULL;
  g_autoptr(AnyiStoredHandoff) handoff = NULL;

  (void)data;
  freed_watch_start(citizen_data);
  window = anyi_store_window_handoff(f->temp.store, f->case_id, NULL);
  handoff = anyi_store_handoff_for_case(f->temp.store, f->case_id, NULL);
  g_assert_nonnull(window);
  g_assert_nonnull(handoff);
  g_clear_pointer(&window, anyi_window_handoff_free);
  g_clear_pointer(&handoff, anyi_stored_handoff_free);
  g_assert_cmpint(freed_watch_stop().blocks, ==, 0);
}

int
main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
#define ADD(path, fn)                                                                              \
  g_test_add("/store/wipe/" path, Fixture, NULL, fixture_set_up, fn, fixture_tear_down)
  ADD("case-events", test_case_events);
  ADD("log-page", test_log_page);
  ADD("audit", test_audit);
  ADD("window-history", test_window_history);
  ADD("handoffs", test_handoffs);
  ADD("one-record-readers", test_one_record_readers);
#undef ADD
  return g_test_run();
}
