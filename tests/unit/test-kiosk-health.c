/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-kiosk-health.c: what puts the kiosk out of service, without a screen.
 *
 * The store's outages on a real file (a lock held on another connection, a
 * file that is not a database) are their own errors, are told to the
 * kiosk whatever the caller does with them, and the probe sees them clear;
 * AnyiKioskHealth's rules: the store at once, the printers only both
 * together, a device only after its grace. */
#include "kiosk/anyi-kiosk-health.h"
#include "temp-store.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>

typedef struct {
  TempStore temp;
} Fixture;

/* Each test prepares its folder (temp_store_open() does) */
static void
fixture_set_up(Fixture *f, gconstpointer data)
{
}

static void
fixture_tear_down(Fixture *f, gconstpointer data)
{
  temp_store_clear(&f->temp);
}

static void
count_outage(const GError *error, gpointer data)
{
  GPtrArray *seen = data;

  g_ptr_array_add(seen, g_strdup(anyi_store_outage_code(error)));
}

/* Another process's lock: the write fails as LOCKED ("store-locked"), the
 * kiosk hears of it even though only the caller got the error, and the
 * probe says so too; once released, the probe and the write succeed. */
static void
test_lock_held_elsewhere(Fixture *f, gconstpointer data)
{
  AnyiStore *store = temp_store_open(&f->temp);
  g_autoptr(GPtrArray) seen = g_ptr_array_new_with_free_func(g_free);
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) probe_error = NULL;
  sqlite3 *other = NULL;

  anyi_store_set_outage_func(store, count_outage, seen);
  g_assert_cmpint(sqlite3_open(f->temp.db_path, &other), ==, SQLITE_OK);
  g_assert_cmpint(sqlite3_exec(other, "BEGIN EXCLUSIVE", NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_false(anyi_store_audit_add(store, "test", "write", NULL, NULL, &error));
  g_assert_error(error, ANYI_STORE_ERROR, ANYI_STORE_ERROR_LOCKED);
  g_assert_true(anyi_store_error_is_outage(error));
  g_assert_cmpuint(seen->len, ==, 1);
  g_assert_cmpstr(seen->pdata[0], ==, "store-locked");
  g_assert_false(anyi_store_probe_file(f->temp.db_path, &probe_error));
  g_assert_cmpstr(anyi_store_outage_code(probe_error), ==, "store-locked");
  sqlite3_exec(other, "ROLLBACK", NULL, NULL, NULL);
  sqlite3_close(other);
  g_assert_true(anyi_store_probe_file(f->temp.db_path, NULL));
  g_assert_true(anyi_store_audit_add(store, "test", "write", NULL, NULL, NULL));
  g_assert_cmpuint(seen->len, ==, 1);
}

/* A conflict or a missing row is no outage: the kiosk stays in service. */
static void
test_conflict_is_no_outage(Fixture *f, gconstpointer data)
{
  AnyiStore *store = temp_store_open(&f->temp);
  g_autoptr(GPtrArray) seen = g_ptr_array_new_with_free_func(g_free);
  g_autoptr(GError) error = NULL;
  g_autoptr(AnyiStoredCase) missing = NULL;

  anyi_store_set_outage_func(store, count_outage, seen);
  missing = anyi_store_case_get(store, 424242, &error);
  g_assert_null(missing);
  g_assert_error(error, ANYI_STORE_ERROR, ANYI_STORE_ERROR_NOT_FOUND);
  g_assert_false(anyi_store_error_is_outage(error));
  g_assert_cmpuint(seen->len, ==, 0);
}

/* Garbage where the database was: opening and probing say "corrupt". */
static void
test_corrupt_file(Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) probe_error = NULL;
  g_autofree char *garbage = g_malloc(8192);

  temp_store_prepare(&f->temp);
  memset(garbage, 'X', 8192);
  g_assert_true(g_file_set_contents(f->temp.db_path, garbage, 8192, NULL));
  g_assert_null(anyi_store_open(f->temp.db_path, &error));
  g_assert_error(error, ANYI_STORE_ERROR, ANYI_STORE_ERROR_CORRUPT);
  g_assert_cmpstr(anyi_store_outage_code(error), ==, "store-corrupt");
  g_assert_false(anyi_store_probe_file(f->temp.db_path, &probe_error));
  g_assert_cmpstr(anyi_store_outage_code(probe_error), ==, "store-corrupt");
}

static gint64
count_audit_rows(const char *path, const char *action)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 count = -1;

  g_assert_cmpint(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint(
      sqlite3_prepare_v2(db, "SELECT count(*) FROM audit_log WHERE action = ?", -1, &stmt, NULL),
      ==, SQLITE_OK);
  sqlite3_bind_text(stmt, 1, action, -1, SQLITE_STATIC);
  if (sqlite3_step(stmt) == SQLITE_ROW)
    count = sqlite3_column_int64(stmt, 0);
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  return count;
}

/* A technician moves the file (and its WAL and shared memory) aside and
 * lets a new one be made in its place while the store has the old one
 * open: the store sees it was replaced, reopens in place, and its writes
 * are in the new file for any other reader, one that had it open before
 * too. The file moved aside gets none of them. */
static void
test_replaced_file_is_reopened(Fixture *f, gconstpointer data)
{
  AnyiStore *store = temp_store_open(&f->temp);
  static const char *const suffixes[] = {"", "-wal", "-shm"};
  g_autofree char *aside = g_strconcat(f->temp.db_path, ".aside", NULL);
  g_autoptr(GError) error = NULL;
  sqlite3 *other = NULL;

  g_assert_true(anyi_store_audit_add(store, "test", "before", NULL, NULL, NULL));
  g_assert_false(anyi_store_file_replaced(store));
  for (guint i = 0; i < G_N_ELEMENTS(suffixes); i++) {
    g_autofree char *file = g_strconcat(f->temp.db_path, suffixes[i], NULL);
    g_autofree char *moved = g_strconcat(aside, suffixes[i], NULL);
    g_assert_cmpint(g_rename(file, moved), ==, 0);
  }
  g_assert_true(anyi_store_file_replaced(store));
  g_assert_true(anyi_store_probe_file(f->temp.db_path, NULL)); /* makes a new file */
  g_assert_true(anyi_store_file_replaced(store));
  /* another reader of the new file (the staff log, the hall sender) keeps
   * its WAL in use */
  g_assert_cmpint(sqlite3_open(f->temp.db_path, &other), ==, SQLITE_OK);
  g_assert_cmpint(
      sqlite3_exec(other, "PRAGMA journal_mode=WAL; CREATE TABLE other(x);", NULL, NULL, NULL), ==,
      SQLITE_OK);
  g_assert_true(anyi_store_reopen(store, &error));
  g_assert_no_error(error);
  g_assert_false(anyi_store_file_replaced(store));
  g_assert_true(anyi_store_audit_add(store, "test", "after", NULL, NULL, &error));
  g_assert_no_error(error);
  g_assert_cmpint(count_audit_rows(f->temp.db_path, "after"), ==, 1);
  g_assert_cmpint(count_audit_rows(f->temp.db_path, "before"), ==, 0);
  g_assert_cmpint(count_audit_rows(aside, "after"), ==, 0);
  sqlite3_close(other);
}

/* The technician's move: the file, its WAL and shared memory aside, a
 * fresh database in their place. */
static void
replace_file(const char *path, const char *aside)
{
  static const char *const suffixes[] = {"", "-wal", "-shm"};
  g_autofree char *fresh = g_strconcat(path, ".fresh", NULL);
  AnyiStore *made = anyi_store_open(fresh, NULL);

  g_assert_nonnull(made);
  anyi_store_close(made);
  for (guint i = 0; i < G_N_ELEMENTS(suffixes); i++) {
    g_autofree char *file = g_strconcat(path, suffixes[i], NULL);
    g_autofree char *moved = g_strconcat(aside, suffixes[i], NULL);
    g_assert_true(g_rename(file, moved) == 0 || errno == ENOENT);
  }
  g_assert_cmpint(g_rename(fresh, path), ==, 0);
}

typedef struct {
  int calls;
} Follower;

static gboolean
follow(AnyiStore *store, gpointer data, GError **error)
{
  ((Follower *)data)->calls++;
  return anyi_store_reopen(store, error);
}

static gint64
count_cases(const char *path)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 count = -1;

  g_assert_cmpint(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  if (sqlite3_prepare_v2(db, "SELECT count(*) FROM cases", -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step(stmt) == SQLITE_ROW)
    count = sqlite3_column_int64(stmt, 0);
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  return count;
}

static gboolean
too_long(gpointer data)
{
  g_error("the store's file monitor never told of the replaced file");
  return G_SOURCE_REMOVE;
}

/* Replaced with nothing under way: the monitor tells the store at once (no
 * store call needed), and the store follows the new file. */
static void
test_replaced_file_noticed_when_idle(Fixture *f, gconstpointer data)
{
  AnyiStore *store = temp_store_open(&f->temp);
  g_autofree char *aside = g_strconcat(f->temp.db_path, ".aside", NULL);
  Follower follower = {0};
  g_autoptr(GError) error = NULL;
  guint failsafe;

  g_assert_true(anyi_store_watch_file(store, follow, &follower, &error));
  g_assert_no_error(error);
  replace_file(f->temp.db_path, aside);
  failsafe = g_timeout_add_seconds(30, too_long, NULL);
  while (follower.calls == 0)
    g_main_context_iteration(NULL, TRUE);
  g_source_remove(failsafe);
  g_assert_cmpint(follower.calls, ==, 1);
  g_assert_false(anyi_store_file_replaced(store));
}

/* Replaced during a case: the case goes on in the file it began in, and
 * the next case is written to the new file (the boundary follows it, with
 * or without the monitor's word); the case that was under way goes there
 * too, so that the window finds it (test-store-file-switch has more). */
static void
test_replaced_during_a_case(Fixture *f, gconstpointer data)
{
  AnyiStore *store = temp_store_open(&f->temp);
  g_autofree char *aside = g_strconcat(f->temp.db_path, ".aside", NULL);
  Follower follower = {0};
  g_autoptr(GError) error = NULL;
  g_autoptr(AnyiStoredCase) open_case = NULL;
  g_autoptr(AnyiStoredCase) next_case = NULL;

  g_assert_true(anyi_store_watch_file(store, follow, &follower, &error));
  open_case = anyi_store_case_create(store, "svc", 'A', "collecting", &error);
  g_assert_no_error(error);
  replace_file(f->temp.db_path, aside);
  g_assert_true(anyi_store_follow_file(store, FALSE, &error));
  g_assert_cmpint(follower.calls, ==, 0);
  g_assert_true(anyi_store_case_transition(store, open_case->id, "collecting", "abandoned",
                                           "abandoned", NULL, NULL, &error));
  g_assert_no_error(error);
  next_case = anyi_store_case_create(store, "svc", 'A', "collecting", &error);
  g_assert_no_error(error);
  g_assert_cmpint(follower.calls, ==, 1);
  g_assert_cmpint(count_cases(aside), ==, 1);
  g_assert_cmpint(count_cases(f->temp.db_path), ==, 2);
}

static void
test_store_outage_is_at_once(void)
{
  g_autoptr(AnyiKioskHealth) health = anyi_kiosk_health_new(3600);

  g_assert_null(anyi_kiosk_health_get_reason(health));
  anyi_kiosk_health_part_down(health, ANYI_KIOSK_PART_STORE, "store-full");
  g_assert_cmpstr(anyi_kiosk_health_get_reason(health), ==, "store-full");
  g_assert_cmpint(anyi_kiosk_health_get_since(health), >, 0);
  anyi_kiosk_health_part_up(health, ANYI_KIOSK_PART_STORE);
  g_assert_null(anyi_kiosk_health_get_reason(health));
}

/* With no grace, devices count at once: one printer is no outage, both are;
 * the store's reason comes first. */
static void
test_printers_count_together(void)
{
  g_autoptr(AnyiKioskHealth) health = anyi_kiosk_health_new(0);

  anyi_kiosk_health_part_down(health, ANYI_KIOSK_PART_RECEIPT_PRINTER, "offline");
  g_assert_null(anyi_kiosk_health_get_reason(health));
  anyi_kiosk_health_part_down(health, ANYI_KIOSK_PART_A4_PRINTER, "cupsd-unreachable");
  g_assert_cmpstr(anyi_kiosk_health_get_reason(health), ==, "printers-missing");
  anyi_kiosk_health_part_down(health, ANYI_KIOSK_PART_STORE, "store-locked");
  g_assert_cmpstr(anyi_kiosk_health_get_reason(health), ==, "store-locked");
  anyi_kiosk_health_part_up(health, ANYI_KIOSK_PART_STORE);
  anyi_kiosk_health_part_up(health, ANYI_KIOSK_PART_A4_PRINTER);
  g_assert_null(anyi_kiosk_health_get_reason(health));
  anyi_kiosk_health_part_down(health, ANYI_KIOSK_PART_READER, "reader-unplugged");
  g_assert_cmpstr(anyi_kiosk_health_get_reason(health), ==, "reader-missing");
  g_assert_cmpstr(anyi_kiosk_health_get_problem(health, ANYI_KIOSK_PART_READER), ==,
                  "reader-unplugged");
}

/* Within its grace a missing device is no outage (the grace passing is the
 * UI test's to see, on the main loop, not a timed unit test). */
static void
test_device_within_grace(void)
{
  g_autoptr(AnyiKioskHealth) health = anyi_kiosk_health_new(3600);

  anyi_kiosk_health_part_down(health, ANYI_KIOSK_PART_READER, "reader-unplugged");
  anyi_kiosk_health_part_down(health, ANYI_KIOSK_PART_RECEIPT_PRINTER, "offline");
  anyi_kiosk_health_part_down(health, ANYI_KIOSK_PART_A4_PRINTER, "offline");
  g_assert_null(anyi_kiosk_health_get_reason(health));
}

int
main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add("/kiosk-health/store/lock-held-elsewhere", Fixture, NULL, fixture_set_up,
             test_lock_held_elsewhere, fixture_tear_down);
  g_test_add("/kiosk-health/store/conflict-is-no-outage", Fixture, NULL, fixture_set_up,
             test_conflict_is_no_outage, fixture_tear_down);
  g_test_add("/kiosk-health/store/corrupt-file", Fixture, NULL, fixture_set_up, test_corrupt_file,
             fixture_tear_down);
  g_test_add("/kiosk-health/store/replaced-file-is-reopened", Fixture, NULL, fixture_set_up,
             test_replaced_file_is_reopened, fixture_tear_down);
  g_test_add("/kiosk-health/store/replaced-file-noticed-when-idle", Fixture, NULL, fixture_set_up,
             test_replaced_file_noticed_when_idle, fixture_tear_down);
  g_test_add("/kiosk-health/store/replaced-during-a-case", Fixture, NULL, fixture_set_up,
             test_replaced_during_a_case, fixture_tear_down);
  g_test_add_func("/kiosk-health/store-at-once", test_store_outage_is_at_once);
  g_test_add_func("/kiosk-health/printers-together", test_printers_count_together);
  g_test_add_func("/kiosk-health/device-within-grace", test_device_within_grace);
  return g_test_run();
}
