/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-retention.c: what the retention purge leaves behind, on disk and in
 * time: no wiped name in the database file or its WAL, no rewriting of what
 * is wiped already, no purge on a clock that jumped, and no frozen screen
 * while it runs. */
#define _GNU_SOURCE /* memmem */
#include "cases/anyi-retention.h"
#include "store/anyi-store.h"
#include "temp-store.h"

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>

#define DAY (24 * 3600)

/* Warnings the code under test gave, for the tests that expect one. */
static GString *warnings;

static GLogWriterOutput
keep_warnings(GLogLevelFlags level, const GLogField *fields, gsize n_fields, gpointer data)
{
  for (gsize i = 0; i < n_fields && (level & G_LOG_LEVEL_WARNING); i++)
    if (g_str_equal(fields[i].key, "MESSAGE"))
      g_string_append_printf(warnings, "%s\n", (const char *)fields[i].value);
  return g_log_writer_default(level, fields, n_fields, data);
}

static const char *const personal[] = {"Zhang Sanfeng", "张三丰", "110101199003076536", NULL};

typedef struct {
  TempStore temp;
  AnyiStore *store;
  char *docs;
  AnyiSettings settings;
} Fixture;

static gint64 fake_now = 1796083200; /* 2026-12-01 00:00 UTC */

static gint64
fake_clock(void)
{
  return fake_now;
}

static void
fixture_set_up(Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  fake_now = 1796083200;
  temp_store_prepare(&f->temp);
  f->store = anyi_store_open(f->temp.db_path, &error);
  g_assert_no_error(error);
  anyi_store_set_clock(f->store, fake_clock);
  f->docs = g_build_filename(f->temp.dir, "documents", NULL);
  f->settings =
      (AnyiSettings){.retention_days = 90, .documents_dir = f->docs, .db_path = f->temp.db_path};
}

static void
fixture_tear_down(Fixture *f, gconstpointer data)
{
  g_clear_pointer(&f->store, anyi_store_close);
  temp_store_clear(&f->temp);
  g_free(f->docs);
}

/* A finished case that went to a window, with a name, an ID number and a
 * printed document. */
static gint64
add_finished_case(Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AnyiStoredCase) kase =
      anyi_store_case_create(f->store, "svc", 'A', "collecting", &error);
  const char *data = "{\"name\":\"Zhang Sanfeng\",\"name_zh\":\"张三丰\","
                     "\"id_number\":\"110101199003076536\"}";
  gint64 job_id;

  g_assert_no_error(error);
  g_assert_true(anyi_store_case_transition(f->store, kase->id, "collecting", "collecting", "data",
                                           NULL, data, &error));
  g_assert_true(anyi_store_print_job_add(f->store, kase->id, "a4", "slip",
                                         "/docs/Zhang Sanfeng-110101199003076536.pdf", &job_id,
                                         &error));
  g_assert_true(anyi_store_case_hand_off(f->store, kase->id, "collecting", "unpaid", "3", data,
                                         NULL, &error));
  g_assert_no_error(error);
  return kase->id;
}

static gboolean
file_holds(const char *path, const char *text)
{
  g_autofree char *bytes = NULL;
  gsize len = 0;

  if (!g_file_get_contents(path, &bytes, &len, NULL))
    return FALSE;
  return memmem(bytes, len, text, strlen(text)) != NULL;
}

/* What `strings kiosk.db kiosk.db-wal | grep` would find, byte for byte. */
static gboolean
on_disk(Fixture *f, const char *text)
{
  g_autofree char *wal = g_strconcat(f->temp.db_path, "-wal", NULL);

  return file_holds(f->temp.db_path, text) || file_holds(wal, text);
}

static void
test_purge_leaves_no_trace_on_disk(Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  AnyiRetentionResult result;

  add_finished_case(f);
  g_assert_true(on_disk(f, "Zhang Sanfeng")); /* the check can see it */
  fake_now += 100 * DAY;
  g_assert_true(anyi_retention_run(f->store, &f->settings, fake_now, &result, &error));
  g_assert_no_error(error);
  g_assert_cmpint(result.cases_wiped, ==, 1);
  for (guint i = 0; personal[i]; i++)
    if (on_disk(f, personal[i]))
      g_error("\"%s\" is still in %s or its WAL after the purge", personal[i], f->temp.db_path);
}

/* Every table that holds a copy of a citizen's data gets one: the case
 * (its card and form), the handoff's summary, the window's note and
 * outcome (and the SMS they queue, with the mobile), the hall ledger's
 * outbox, the print job's path. */
static gint64
add_case_in_every_table(Fixture *f)
{
  g_autoptr(GError) error = NULL;
  gint64 id = add_finished_case(f);
  const char *data = "{\"card\":{\"name\":\"Li Bai\",\"id_number\":\"510104199001011234\"},"
                     "\"form\":{\"mobile\":\"13912345678\"}}";

  g_assert_true(anyi_store_case_transition(f->store, id, "handed-off", "handed-off", "data", NULL,
                                           data, &error));
  g_assert_no_error(error);
  g_assert_cmpint(anyi_store_window_find_by_id_number(f->store, "510104199001011234", NULL), ==,
                  id);
  g_assert_true(
      anyi_store_window_note(f->store, id, "1001", "Li Bai 510104199001011234 came", &error));
  g_assert_true(anyi_store_window_outcome(f->store, id, "1001", "refused",
                                          "photo of 510104199001011234 unclear",
                                          "Li Bai: bring a new photo", TRUE, &error));
  g_assert_no_error(error);
  return id;
}

static gint64
count_where(const char *path, const char *sql, gint64 id)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 count;

  g_assert_cmpint(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint(sqlite3_prepare_v2(db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_int64(stmt, 1, id);
  g_assert_cmpint(sqlite3_step(stmt), ==, SQLITE_ROW);
  count = sqlite3_column_int64(stmt, 0);
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  return count;
}

/* After the purge no table holds the citizen: no row (the outboxes) or no
 * value (the rest), and the file and its WAL hold none of the bytes. */
static void
test_purge_leaves_no_copy_in_any_table(Fixture *f, gconstpointer data)
{
  static const char *const traces[] = {"510104199001011234", "Li Bai", "13912345678", NULL};
  static const char *const rows_left[] = {
      "SELECT count(*) FROM sms_outbox WHERE case_number = (SELECT number FROM cases WHERE id = ?)",
      "SELECT count(*) FROM ledger_outbox WHERE case_id = ?",
      "SELECT count(*) FROM handoffs WHERE case_id = ? AND (summary <> '{}' OR citizen_note IS "
      "NOT NULL OR outcome_reason IS NOT NULL)",
      "SELECT count(*) FROM window_actions WHERE case_id = ? AND detail IS NOT NULL AND kind IN "
      "('note', 'outcome')",
      "SELECT count(*) FROM print_jobs WHERE case_id = ? AND document_path IS NOT NULL",
      "SELECT count(*) FROM cases WHERE id = ? AND data <> '{}'",
      NULL};
  g_autoptr(GError) error = NULL;
  AnyiRetentionResult result;
  gint64 id = add_case_in_every_table(f);

  g_assert_cmpint(count_where(f->temp.db_path, rows_left[0], id), ==, 1); /* the SMS queued */
  for (guint i = 0; traces[i]; i++)
    g_assert_true(on_disk(f, traces[i]));
  fake_now += 100 * DAY;
  g_assert_true(anyi_retention_run(f->store, &f->settings, fake_now, &result, &error));
  g_assert_no_error(error);
  for (guint i = 0; rows_left[i]; i++)
    if (count_where(f->temp.db_path, rows_left[i], id) != 0)
      g_error("after the purge, still a row: %s", rows_left[i]);
  for (guint i = 0; traces[i]; i++)
    if (on_disk(f, traces[i]))
      g_error("\"%s\" is still in %s or its WAL after the purge", traces[i], f->temp.db_path);
}

static gint64
count_rows(sqlite3 *db, const char *table)
{
  g_autofree char *sql = g_strdup_printf("SELECT count(*) FROM %s", table);
  sqlite3_stmt *stmt = NULL;
  gint64 count;

  g_assert_cmpint(sqlite3_prepare_v2(db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint(sqlite3_step(stmt), ==, SQLITE_ROW);
  count = sqlite3_column_int64(stmt, 0);
  sqlite3_finalize(stmt);
  return count;
}

/* A purge with nothing new to wipe rewrites nothing: rows wiped already are
 * not written again every six hours (triggers count every rewrite; not the
 * store's own raising of a case's revision, which follows each of them). */
static void
test_purge_skips_rows_already_wiped(Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  AnyiRetentionResult result;
  sqlite3 *observer = NULL;

  add_finished_case(f);
  g_assert_cmpint(sqlite3_open(f->temp.db_path, &observer), ==, SQLITE_OK);
  g_assert_cmpint(sqlite3_exec(observer,
                               "CREATE TABLE rewrites (what TEXT);"
                               "CREATE TRIGGER handoff_rewritten AFTER UPDATE ON handoffs BEGIN "
                               "  INSERT INTO rewrites VALUES ('handoff'); END;"
                               "CREATE TRIGGER job_rewritten AFTER UPDATE ON print_jobs BEGIN "
                               "  INSERT INTO rewrites VALUES ('print job'); END;"
                               "CREATE TRIGGER case_rewritten AFTER UPDATE ON cases "
                               "WHEN NEW.revision = OLD.revision BEGIN "
                               "  INSERT INTO rewrites VALUES ('case'); END;",
                               NULL, NULL, NULL),
                  ==, SQLITE_OK);
  fake_now += 100 * DAY;
  g_assert_true(anyi_retention_run(f->store, &f->settings, fake_now, &result, &error));
  g_assert_cmpint(result.cases_wiped, ==, 1);
  g_assert_cmpint(count_rows(observer, "rewrites"), ==, 3);
  fake_now += 6 * 3600;
  g_assert_true(anyi_retention_run(f->store, &f->settings, fake_now, &result, &error));
  g_assert_no_error(error);
  g_assert_cmpint(result.cases_wiped, ==, 0);
  g_assert_cmpint(count_rows(observer, "rewrites"), ==, 3);
  sqlite3_close(observer);
}

/* The clock jumps a hundred days ahead (a bad NTP answer, a dead RTC
 * battery set by hand): nothing is wiped until staff confirm the time. */
static void
test_clock_jump_waits_for_staff(Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AnyiStoredCase) after = NULL;
  AnyiRetentionResult result;
  gint64 id;

  g_assert_true(anyi_retention_run(f->store, &f->settings, fake_now, &result, &error));
  g_assert_false(result.clock_held);
  id = add_finished_case(f);
  fake_now += 100 * DAY;
  g_assert_true(anyi_retention_run(f->store, &f->settings, fake_now, &result, &error));
  g_assert_no_error(error);
  g_assert_true(result.clock_held);
  g_assert_cmpint(result.clock_jump_s, >, 99 * DAY);
  g_assert_cmpint(result.cases_wiped, ==, 0);
  after = anyi_store_case_get(f->store, id, &error);
  g_assert_nonnull(strstr(after->data_json, "Zhang Sanfeng"));
  /* still held six hours later */
  fake_now += 6 * 3600;
  g_assert_true(anyi_retention_run(f->store, &f->settings, fake_now, &result, &error));
  g_assert_true(result.clock_held);

  g_assert_true(anyi_retention_confirm_clock(f->store, "staff:1001", fake_now, &error));
  g_assert_true(anyi_retention_run(f->store, &f->settings, fake_now, &result, &error));
  g_assert_false(result.clock_held);
  g_assert_cmpint(result.cases_wiped, ==, 1);
}

/* A normal six-hour step is no jump. */
static void
test_normal_steps_are_not_a_jump(Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  AnyiRetentionResult result;

  for (int i = 0; i < 8; i++) {
    g_assert_true(anyi_retention_run(f->store, &f->settings, fake_now, &result, &error));
    g_assert_no_error(error);
    g_assert_false(result.clock_held);
    fake_now += 6 * 3600;
  }
}

typedef struct {
  sqlite3 *lock;
  gboolean main_loop_ran;
  gboolean done;
  gboolean done_on_main_thread;
  AnyiRetentionResult result;
  GError *error;
} WorkerRun;

/* Runs while the purge waits for the database: the screen is not frozen.
 * Then lets it go. */
static gboolean
release_lock(gpointer data)
{
  WorkerRun *run = data;

  g_assert_false(run->done);
  run->main_loop_ran = TRUE;
  g_assert_cmpint(sqlite3_exec(run->lock, "ROLLBACK", NULL, NULL, NULL), ==, SQLITE_OK);
  return G_SOURCE_REMOVE;
}

static void
on_purged(GObject *source, GAsyncResult *result, gpointer data)
{
  WorkerRun *run = data;

  run->done_on_main_thread = g_main_context_is_owner(g_main_context_default());
  anyi_retention_run_finish(result, &run->result, &run->error);
  run->done = TRUE;
}

static void
test_purge_runs_on_a_worker(Fixture *f, gconstpointer data)
{
  WorkerRun run = {0};

  add_finished_case(f);
  fake_now += 100 * DAY;
  /* another writer holds the database: a purge on this thread would block
   * it (and then fail) before the main loop could run again */
  g_assert_cmpint(sqlite3_open(f->temp.db_path, &run.lock), ==, SQLITE_OK);
  g_assert_cmpint(sqlite3_exec(run.lock, "BEGIN IMMEDIATE", NULL, NULL, NULL), ==, SQLITE_OK);
  anyi_retention_run_async(&f->settings, fake_now, NULL, on_purged, &run);
  g_idle_add(release_lock, &run);
  while (!run.done)
    g_main_context_iteration(NULL, TRUE);
  sqlite3_close(run.lock);
  g_assert_no_error(run.error);
  g_assert_true(run.main_loop_ran);
  g_assert_true(run.done_on_main_thread);
  g_assert_cmpint(run.result.cases_wiped, ==, 1);
}

static int
mode_of(const char *path)
{
  GStatBuf st;

  g_assert_cmpint(g_stat(path, &st), ==, 0);
  return st.st_mode & 0777;
}

/* An older kiosk (or a restore from a backup) left the folder 0755 and the
 * database 0644: opening fixes both, with a warning for the folder. */
static void
test_open_fixes_modes(Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_build_filename(f->temp.dir, "old", NULL);
  g_autofree char *db = g_build_filename(dir, "kiosk.db", NULL);
  g_autofree char *wal = g_strconcat(db, "-wal", NULL);
  g_autoptr(AnyiStore) store = NULL;
  mode_t old_umask = umask(022);

  g_assert_cmpint(g_mkdir(dir, 0755), ==, 0);
  g_assert_cmpint(g_chmod(dir, 0755), ==, 0);
  g_assert_true(g_file_set_contents(db, "", 0, NULL));
  g_assert_cmpint(g_chmod(db, 0644), ==, 0);
  g_string_truncate(warnings, 0);
  store = anyi_store_open(db, &error);
  g_assert_nonnull(strstr(warnings->str, "was mode 0755"));
  g_assert_no_error(error);
  g_assert_true(anyi_store_purge(store, 0, (const char *const[]){NULL}, &error) >= 0);
  g_assert_cmpint(mode_of(dir), ==, 0700);
  g_assert_cmpint(mode_of(db), ==, 0600);
  g_assert_cmpint(mode_of(wal), ==, 0600);
  umask(old_umask);
}

/* A new database is 0600 even under a umask of 022. */
static void
test_new_database_is_private(Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *db = g_build_filename(f->temp.dir, "new", "kiosk.db", NULL);
  g_autofree char *wal = g_strconcat(db, "-wal", NULL);
  g_autofree char *dir = g_path_get_dirname(db);
  g_autoptr(AnyiStore) store = NULL;
  mode_t old_umask = umask(022);

  store = anyi_store_open(db, &error);
  g_assert_no_error(error);
  g_assert_cmpint(mode_of(dir), ==, 0700);
  g_assert_cmpint(mode_of(db), ==, 0600);
  g_assert_cmpint(mode_of(wal), ==, 0600);
  umask(old_umask);
}

/* Printed documents kept for the retention period are the kiosk's alone. */
static void
test_kept_documents_made_private(Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *pdf = g_build_filename(f->docs, "1201-A001-receipt.pdf", NULL);
  AnyiRetentionResult result;

  g_assert_cmpint(g_mkdir(f->docs, 0755), ==, 0);
  g_assert_cmpint(g_chmod(f->docs, 0755), ==, 0);
  g_assert_true(g_file_set_contents(pdf, "%PDF-1.5", -1, NULL));
  g_assert_cmpint(g_chmod(pdf, 0644), ==, 0);
  g_string_truncate(warnings, 0);
  g_assert_true(anyi_retention_run(f->store, &f->settings, fake_now, &result, &error));
  g_assert_nonnull(strstr(warnings->str, "was mode 0755"));
  g_assert_cmpint(mode_of(f->docs), ==, 0700);
  g_assert_cmpint(mode_of(pdf), ==, 0600);
}

int
main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  /* the clock-jump and mode warnings are what some tests look for */
  g_log_set_always_fatal(G_LOG_LEVEL_CRITICAL);
  warnings = g_string_new(NULL);
  g_log_set_writer_func(keep_warnings, NULL, NULL);
#define ADD(path, fn)                                                                              \
  g_test_add("/retention/" path, Fixture, NULL, fixture_set_up, fn, fixture_tear_down)
  ADD("no-trace-on-disk", test_purge_leaves_no_trace_on_disk);
  ADD("no-copy-in-any-table", test_purge_leaves_no_copy_in_any_table);
  ADD("skips-wiped", test_purge_skips_rows_already_wiped);
  ADD("clock-jump-waits", test_clock_jump_waits_for_staff);
  ADD("normal-steps", test_normal_steps_are_not_a_jump);
  ADD("on-a-worker", test_purge_runs_on_a_worker);
  ADD("open-fixes-modes", test_open_fixes_modes);
  ADD("new-database-private", test_new_database_is_private);
  ADD("kept-documents-private", test_kept_documents_made_private);
  return g_test_run();
}
