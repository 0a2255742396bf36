/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The store: schema, migrations from every earlier version, and the records. */
#include "cases/anyi-retention.h"
#include "store/anyi-store.h"
#include "temp-store.h"

#include <glib/gstdio.h>
#include <utime.h>
#include <sqlite3.h>

typedef struct {
  TempStore temp;
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
  temp_store_prepare(&f->temp);
}

static void
fixture_tear_down(Fixture *f, gconstpointer data)
{
  temp_store_clear(&f->temp);
}

static AnyiStore *
open_store(Fixture *f)
{
  g_autoptr(GError) error = NULL;
  AnyiStore *store = anyi_store_open(f->temp.db_path, &error);

  g_assert_no_error(error);
  anyi_store_set_clock(store, fake_clock);
  return store;
}

static char *
sql_text(const char *path, const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  char *text = NULL;

  g_assert_cmpint(sqlite3_open(path, &db), ==, SQLITE_OK);
  g_assert_cmpint(sqlite3_prepare_v2(db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step(stmt) == SQLITE_ROW)
    text = g_strdup((const char *)sqlite3_column_text(stmt, 0));
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  return text;
}

static void
test_open_sets_wal_and_latest_schema(Fixture *f, gconstpointer data)
{
  g_autoptr(AnyiStore) store = open_store(f);
  g_autofree char *mode = sql_text(f->temp.db_path, "PRAGMA journal_mode");
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpstr(mode, ==, "wal");
  g_assert_cmpint(anyi_store_schema_version(store), ==, anyi_store_latest_schema_version());
  g_assert_true(anyi_store_check(store, &problems, &error));
  g_assert_cmpuint(problems->len, ==, 0);
}

/* A kiosk may have been switched off at any schema version: each must
 * upgrade to the latest with its cases intact. */
static void
test_upgrades_every_earlier_version(Fixture *f, gconstpointer data)
{
  for (int from = 0; from < anyi_store_latest_schema_version(); from++) {
    g_autoptr(GError) error = NULL;
    g_autoptr(AnyiStore) store = NULL;
    g_autoptr(AnyiStoredCase) stored = NULL;
    g_autofree char *db_path = g_strdup_printf("%s.v%d", f->temp.db_path, from);

    g_assert_true(anyi_store_migrate_file_to(db_path, from, &error));
    g_assert_no_error(error);
    if (from >= 1) {
      sqlite3 *db = NULL;
      g_assert_cmpint(sqlite3_open(db_path, &db), ==, SQLITE_OK);
      g_assert_cmpint(sqlite3_exec(db,
                                   "INSERT INTO cases (number, service_id, state, data, "
                                   "created_at, updated_at) VALUES ('1130-A001', "
                                   "'idcard-progress-query', 'collecting', '{\"k\":1}', 1, 1)",
                                   NULL, NULL, NULL),
                      ==, SQLITE_OK);
      sqlite3_close(db);
    }
    store = anyi_store_open(db_path, &error);
    g_assert_no_error(error);
    g_assert_cmpint(anyi_store_schema_version(store), ==, anyi_store_latest_schema_version());
    stored = anyi_store_case_find(store, "1130-A001", from >= 1 ? &error : NULL);
    if (from >= 1) {
      g_assert_no_error(error);
      g_assert_cmpstr(stored->data_json, ==, "{\"k\":1}");
    }
    g_assert_true(anyi_store_consumable_set(store, "receipt-paper", 3, 10, "staff", &error));
  }
}

static void
test_refuses_newer_schema(Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  sqlite3 *db = NULL;

  g_assert_cmpint(sqlite3_open(f->temp.db_path, &db), ==, SQLITE_OK);
  sqlite3_exec(db, "PRAGMA user_version = 999", NULL, NULL, NULL);
  sqlite3_close(db);
  g_assert_null(anyi_store_open(f->temp.db_path, &error));
  g_assert_error(error, ANYI_STORE_ERROR, ANYI_STORE_ERROR_SCHEMA);
}

static void
test_refuses_a_file_that_is_not_a_database(Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true(
      g_file_set_contents(f->temp.db_path, "this is not sqlite, just a text file...", -1, NULL));
  g_assert_null(anyi_store_open(f->temp.db_path, &error));
  g_assert_nonnull(error);
}

static void
test_case_numbers_are_short_and_daily(Fixture *f, gconstpointer data)
{
  g_autoptr(AnyiStore) store = open_store(f);
  g_autoptr(GError) error = NULL;
  g_autoptr(AnyiStoredCase) first = anyi_store_case_create(store, "svc", 'A', "started", &error);
  g_autoptr(AnyiStoredCase) second = anyi_store_case_create(store, "svc", 'A', "started", &error);
  g_autoptr(AnyiStoredCase) other = anyi_store_case_create(store, "svc", 'B', "started", &error);
  g_autoptr(GDateTime) now = g_date_time_new_from_unix_local(fake_now);
  g_autofree char *day = g_date_time_format(now, "%m%d");
  g_autofree char *expect1 = g_strdup_printf("%s-A001", day);
  g_autofree char *expect2 = g_strdup_printf("%s-A002", day);
  g_autofree char *expect3 = g_strdup_printf("%s-B001", day);

  g_assert_no_error(error);
  g_assert_cmpstr(first->number, ==, expect1);
  g_assert_cmpstr(second->number, ==, expect2);
  g_assert_cmpstr(other->number, ==, expect3);
}

static void
test_transition_happens_once(Fixture *f, gconstpointer data)
{
  g_autoptr(AnyiStore) store = open_store(f);
  g_autoptr(GError) error = NULL;
  g_autoptr(AnyiStoredCase) created = anyi_store_case_create(store, "svc", 'A', "started", &error);
  g_autoptr(AnyiStoredCase) reread = NULL;
  g_autoptr(GPtrArray) events = NULL;

  g_assert_true(anyi_store_case_transition(store, created->id, "started", "collecting", "card-read",
                                           NULL, "{\"name\":\"x\"}", &error));
  /* replaying the same step after a crash must not apply twice */
  g_assert_false(anyi_store_case_transition(store, created->id, "started", "collecting",
                                            "card-read", NULL, NULL, &error));
  g_assert_error(error, ANYI_STORE_ERROR, ANYI_STORE_ERROR_CONFLICT);
  reread = anyi_store_case_get(store, created->id, NULL);
  g_assert_cmpstr(reread->state, ==, "collecting");
  g_assert_cmpstr(reread->data_json, ==, "{\"name\":\"x\"}");
  events = anyi_store_case_events(store, created->id, NULL);
  g_assert_cmpuint(events->len, ==, 2);
  g_assert_cmpstr(events->pdata[1], ==, "card-read\tstarted\tcollecting\t");
}

static void
test_handoff_is_written_once_with_the_case(Fixture *f, gconstpointer data)
{
  g_autoptr(AnyiStore) store = open_store(f);
  g_autoptr(GError) error = NULL;
  g_autoptr(AnyiStoredCase) created =
      anyi_store_case_create(store, "svc", 'A', "collecting", &error);
  g_autoptr(AnyiStoredHandoff) handoff = NULL;
  g_autoptr(GPtrArray) open = NULL;
  const char *final_states[] = {"handed-off", "submitted", NULL};
  g_autoptr(GPtrArray) unfinished = NULL;

  g_assert_true(anyi_store_case_hand_off(store, created->id, "collecting", "printer-unavailable",
                                         "3", "{\"card\":true}", NULL, &error));
  g_assert_false(
      anyi_store_case_hand_off(store, created->id, "collecting", "again", "3", NULL, NULL, &error));
  g_assert_error(error, ANYI_STORE_ERROR, ANYI_STORE_ERROR_CONFLICT);
  handoff = anyi_store_handoff_for_case(store, created->id, NULL);
  g_assert_cmpstr(handoff->reason, ==, "printer-unavailable");
  g_assert_cmpstr(handoff->status, ==, "open");
  open = anyi_store_handoffs_open(store, NULL);
  g_assert_cmpuint(open->len, ==, 1);
  unfinished = anyi_store_cases_unfinished(store, final_states, NULL);
  g_assert_cmpuint(unfinished->len, ==, 0);
}

static void
test_print_jobs_are_recorded_before_and_after(Fixture *f, gconstpointer data)
{
  g_autoptr(AnyiStore) store = open_store(f);
  g_autoptr(GError) error = NULL;
  g_autoptr(AnyiStoredCase) created = anyi_store_case_create(store, "svc", 'A', "started", &error);
  g_autoptr(GPtrArray) unsettled = NULL;
  g_autoptr(AnyiStoredPrintJob) job = NULL;
  gint64 id = 0;

  g_assert_true(anyi_store_print_job_add(store, created->id, "receipt", "receipt", "/tmp/r.pdf",
                                         &id, &error));
  unsettled = anyi_store_print_jobs_unsettled(store, NULL);
  g_assert_cmpuint(unsettled->len, ==, 1);
  g_assert_true(anyi_store_print_job_update(store, id, "printed", 7, NULL, &error));
  job = anyi_store_print_job_get(store, id, &error);
  g_assert_cmpstr(job->state, ==, "printed");
  g_assert_cmpint(job->cups_job_id, ==, 7);
  g_clear_pointer(&unsettled, g_ptr_array_unref);
  unsettled = anyi_store_print_jobs_unsettled(store, NULL);
  g_assert_cmpuint(unsettled->len, ==, 0);
}

static void
test_audit_and_staff(Fixture *f, gconstpointer data)
{
  g_autoptr(AnyiStore) store = open_store(f);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autofree char *hash = NULL, *role = NULL;

  g_assert_true(anyi_store_audit_add(store, "staff:li", "restock", "receipt-paper", "10", &error));
  fake_now += 10;
  g_assert_true(anyi_store_audit_add(store, "staff:li", "view-log", NULL, NULL, &error));
  entries = anyi_store_audit_list(store, 0, 10, &error);
  g_assert_cmpuint(entries->len, ==, 2);
  g_assert_cmpstr(((AnyiAuditEntry *)entries->pdata[0])->action, ==, "view-log");
  g_assert_true(anyi_store_staff_add(store, "li", "李工", "technician", "$argon2id$x", &error));
  g_assert_false(anyi_store_staff_add(store, "li", "again", "staff", "h", &error));
  g_clear_error(&error);
  g_assert_true(anyi_store_staff_lookup(store, "li", &hash, &role, &error));
  g_assert_cmpstr(role, ==, "technician");
  g_assert_false(anyi_store_staff_lookup(store, "nobody", &hash, &role, &error));
  g_assert_error(error, ANYI_STORE_ERROR, ANYI_STORE_ERROR_NOT_FOUND);
  g_clear_error(&error);
  {
    int level = -1, capacity = -1;
    g_assert_false(anyi_store_consumable_get(store, "receipt-paper", &level, &capacity, &error));
    g_assert_error(error, ANYI_STORE_ERROR, ANYI_STORE_ERROR_NOT_FOUND);
    g_clear_error(&error);
    g_assert_true(anyi_store_consumable_set(store, "receipt-paper", 4, 10, "staff:li", &error));
    g_assert_true(anyi_store_consumable_get(store, "receipt-paper", &level, &capacity, &error));
    g_assert_cmpint(level, ==, 4);
    g_assert_cmpint(capacity, ==, 10);
  }
}

static void
test_staff_list_disable_and_audit_by_actor(Fixture *f, gconstpointer data)
{
  g_autoptr(AnyiStore) store = open_store(f);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) members = NULL;
  g_autoptr(GPtrArray) mine = NULL;
  g_autoptr(AnyiStaffMember) member = NULL;
  g_autofree char *hash = NULL, *role = NULL;

  g_assert_true(anyi_store_staff_add(store, "2002", "王芳", "staff", "h2", &error));
  g_assert_true(anyi_store_staff_add(store, "1001", "李工", "technician", "h1", &error));
  g_assert_true(anyi_store_staff_disable(store, "2002", &error));
  g_assert_false(anyi_store_staff_disable(store, "9999", &error));
  g_assert_error(error, ANYI_STORE_ERROR, ANYI_STORE_ERROR_NOT_FOUND);
  g_clear_error(&error);
  members = anyi_store_staff_list(store, &error);
  g_assert_cmpuint(members->len, ==, 2);
  g_assert_cmpstr(((AnyiStaffMember *)members->pdata[0])->login, ==, "1001");
  g_assert_false(((AnyiStaffMember *)members->pdata[0])->disabled);
  g_assert_true(((AnyiStaffMember *)members->pdata[1])->disabled);
  member = anyi_store_staff_get(store, "2002", &error);
  g_assert_cmpstr(member->display_name, ==, "王芳");
  g_assert_false(anyi_store_staff_lookup(store, "2002", &hash, &role, &error));
  g_assert_error(error, ANYI_STORE_ERROR, ANYI_STORE_ERROR_NOT_FOUND);
  g_clear_error(&error);

  g_assert_true(anyi_store_audit_add(store, "1001", "sign-in-failed", NULL, NULL, &error));
  g_assert_true(anyi_store_audit_add(store, "2002", "sign-in-failed", NULL, NULL, &error));
  fake_now += 60;
  g_assert_cmpint(anyi_store_now(store), ==, fake_now);
  g_assert_true(anyi_store_audit_add(store, "1001", "sign-in", NULL, NULL, &error));
  g_assert_true(anyi_store_audit_add(store, "1001", "sign-in-failed", NULL, NULL, &error));
  mine = anyi_store_audit_list_by(store, "1001", "sign-in-failed", 0, 10, &error);
  g_assert_cmpuint(mine->len, ==, 2);
  g_assert_cmpint(((AnyiAuditEntry *)mine->pdata[0])->at, ==, fake_now);
  g_clear_pointer(&mine, g_ptr_array_unref);
  mine = anyi_store_audit_list_by(store, "1001", "sign-in-failed", fake_now, 10, &error);
  g_assert_cmpuint(mine->len, ==, 1);
}

static void
test_purge_wipes_old_personal_data_only(Fixture *f, gconstpointer data)
{
  g_autoptr(AnyiStore) store = open_store(f);
  g_autoptr(GError) error = NULL;
  const char *final_states[] = {"handed-off", "submitted", "abandoned", NULL};
  g_autoptr(AnyiStoredCase) old = anyi_store_case_create(store, "svc", 'A', "collecting", &error);
  g_autoptr(AnyiStoredCase) fresh = NULL;
  g_autoptr(AnyiStoredCase) old_after = NULL, fresh_after = NULL;
  g_autoptr(AnyiStoredHandoff) handoff = NULL;

  g_assert_true(anyi_store_case_hand_off(store, old->id, "collecting", "unpaid", "2",
                                         "{\"name\":\"张三\"}", NULL, &error));
  g_assert_true(anyi_store_case_transition(store, old->id, "handed-off", "handed-off", "note", NULL,
                                           "{\"name\":\"张三\"}", &error));
  fake_now += 100 * 24 * 3600;
  fresh = anyi_store_case_create(store, "svc", 'A', "collecting", &error);
  g_assert_true(anyi_store_case_transition(store, fresh->id, "collecting", "submitted", "done",
                                           NULL, "{\"name\":\"李四\"}", &error));
  g_assert_cmpint(anyi_store_purge(store, fake_now - 90 * 24 * 3600, final_states, &error), ==, 1);
  g_assert_no_error(error);
  old_after = anyi_store_case_get(store, old->id, NULL);
  fresh_after = anyi_store_case_get(store, fresh->id, NULL);
  handoff = anyi_store_handoff_for_case(store, old->id, NULL);
  g_assert_cmpstr(old_after->data_json, ==, "{}");
  g_assert_cmpstr(handoff->summary_json, ==, "{}");
  g_assert_cmpstr(old_after->number, ==, old->number); /* statistics stay */
  g_assert_cmpstr(fresh_after->data_json, ==, "{\"name\":\"李四\"}");
}

static void
touch(const char *path, gint64 mtime)
{
  struct utimbuf times = {.actime = mtime, .modtime = mtime};

  g_assert_true(g_file_set_contents(path, "%PDF-1.5 or JPEG bytes", -1, NULL));
  g_assert_cmpint(g_utime(path, &times), ==, 0);
}

/* The retention run wipes old cases' data and deletes the kiosk's own old
 * files (PDFs, photos), and nothing recent or not its own. */
static void
test_retention_deletes_old_files_too(Fixture *f, gconstpointer data)
{
  g_autoptr(AnyiStore) store = open_store(f);
  g_autoptr(GError) error = NULL;
  g_autofree char *docs = g_build_filename(f->temp.dir, "documents", NULL);
  g_autofree char *old_pdf = g_build_filename(docs, "1130-A001-receipt-20260801-101010.pdf", NULL);
  g_autofree char *old_photo = g_build_filename(docs, "1130-A001-photo.jpg", NULL);
  g_autofree char *new_pdf = g_build_filename(docs, "1130-A002-receipt-20261130-101010.pdf", NULL);
  g_autofree char *foreign = g_build_filename(docs, "notes-of-the-technician.txt", NULL);
  AnyiSettings settings = {.retention_days = 90, .documents_dir = docs};
  AnyiRetentionResult result;
  g_autoptr(AnyiStoredCase) old = anyi_store_case_create(store, "svc", 'A', "collecting", &error);

  g_assert_true(anyi_store_case_transition(store, old->id, "collecting", "submitted", "done", NULL,
                                           "{\"name\":\"张三\"}", &error));
  g_assert_cmpint(g_mkdir_with_parents(docs, 0700), ==, 0);
  touch(old_pdf, fake_now);
  touch(old_photo, fake_now);
  touch(foreign, fake_now);
  fake_now += 100 * 24 * 3600;
  touch(new_pdf, fake_now);
  g_assert_true(anyi_retention_run(store, &settings, fake_now, &result, &error));
  g_assert_no_error(error);
  g_assert_cmpint(result.cases_wiped, ==, 1);
  g_assert_cmpuint(result.files_deleted, ==, 2);
  g_assert_false(g_file_test(old_pdf, G_FILE_TEST_EXISTS));
  g_assert_false(g_file_test(old_photo, G_FILE_TEST_EXISTS));
  g_assert_true(g_file_test(new_pdf, G_FILE_TEST_EXISTS));
  g_assert_true(g_file_test(foreign, G_FILE_TEST_EXISTS));
}

int
main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_setenv("TZ", "Asia/Shanghai", TRUE);
#define ADD(path, fn)                                                                              \
  g_test_add("/store/" path, Fixture, NULL, fixture_set_up, fn, fixture_tear_down)
  ADD("open", test_open_sets_wal_and_latest_schema);
  ADD("upgrade-every-version", test_upgrades_every_earlier_version);
  ADD("refuse-newer", test_refuses_newer_schema);
  ADD("refuse-not-a-db", test_refuses_a_file_that_is_not_a_database);
  ADD("case-numbers", test_case_numbers_are_short_and_daily);
  ADD("transition-once", test_transition_happens_once);
  ADD("handoff-once", test_handoff_is_written_once_with_the_case);
  ADD("print-jobs", test_print_jobs_are_recorded_before_and_after);
  ADD("audit-staff", test_audit_and_staff);
  ADD("staff-list-disable", test_staff_list_disable_and_audit_by_actor);
  ADD("purge", test_purge_wipes_old_personal_data_only);
  ADD("retention-files", test_retention_deletes_old_files_too);
  return g_test_run();
}
