/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The store follows a database file a technician replaced or deleted while
 * the kiosk was in service (anyi-store-watch.c), and nothing of the kiosk's
 * work is lost or given twice on the way: the day's case numbers go on, a
 * case under way reaches the new file, and so does a paper still printing.
 * Real SQLite files in a fresh folder; the file is moved or deleted as a
 * technician's shell would. */
#include "store/anyi-store-outbox.h"
#include "store/anyi-store.h"
#include "temp-store.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>
#include <unistd.h>

typedef struct {
  TempStore temp;
  char *aside; /* where the old file was moved */
  int follows; /* calls of the replaced function */
} Fixture;

static gint64 fake_now = 1796119200; /* 2026-12-01 10:00 UTC */

static gint64
fake_clock(void)
{
  return fake_now;
}

static void
fixture_set_up(Fixture *f, gconstpointer data)
{
  (void)data;
  temp_store_prepare(&f->temp);
  f->aside = g_strconcat(f->temp.db_path, ".aside", NULL);
}

static void
fixture_tear_down(Fixture *f, gconstpointer data)
{
  (void)data;
  temp_store_clear(&f->temp);
  g_free(f->aside);
}

/* As the kiosk's function does: the store follows the file at its path. */
static gboolean
follow(AnyiStore *store, gpointer data, GError **error)
{
  ((Fixture *)data)->follows++;
  return anyi_store_reopen(store, error);
}

static AnyiStore *
open_watched(Fixture *f)
{
  g_autoptr(GError) error = NULL;

  f->temp.store = anyi_store_open(f->temp.db_path, &error);
  g_assert_no_error(error);
  anyi_store_set_clock(f->temp.store, fake_clock);
  g_assert_true(anyi_store_watch_file(f->temp.store, follow, f, &error));
  g_assert_no_error(error);
  return f->temp.store;
}

static void
replace_file(Fixture *f)
{
  temp_store_replace_file(&f->temp, f->aside);
}

static void
delete_file(Fixture *f)
{
  temp_store_delete_file(&f->temp);
}

static AnyiStoredCase *
start_case(AnyiStore *store)
{
  g_autoptr(GError) error = NULL;
  AnyiStoredCase *started = anyi_store_case_create(store, "svc", 'A', "collecting", &error);

  g_assert_no_error(error);
  return started;
}

static void
end_case(AnyiStore *store, AnyiStoredCase *ended)
{
  g_autoptr(GError) error = NULL;

  g_assert_true(anyi_store_case_transition(store, ended->id, "collecting", "abandoned", "abandoned",
                                           NULL, NULL, &error));
  g_assert_no_error(error);
}

/* The window and the hall ledger know a case by its kiosk and number: a
 * file replaced in the day, then one deleted, then the kiosk restarted on
 * yet another new file, and the day's numbers still go on, never again
 * 0001-A001. */
static void
test_case_numbers_go_on(Fixture *f, gconstpointer data)
{
  AnyiStore *store = open_watched(f);
  g_autoptr(AnyiStoredCase) first = start_case(store);
  g_autoptr(AnyiStoredCase) second = NULL;
  g_autoptr(AnyiStoredCase) third = NULL;
  g_autoptr(AnyiStoredCase) fourth = NULL;

  (void)data;
  g_assert_true(g_str_has_suffix(first->number, "-A001"));
  end_case(store, first);
  replace_file(f);
  second = start_case(store);
  g_assert_cmpint(f->follows, ==, 1);
  g_assert_true(g_str_has_suffix(second->number, "-A002"));
  end_case(store, second);
  delete_file(f);
  third = start_case(store);
  g_assert_cmpint(f->follows, ==, 2);
  g_assert_true(g_str_has_suffix(third->number, "-A003"));
  end_case(store, third);
  /* the kiosk stopped, its file deleted, started again */
  g_clear_pointer(&f->temp.store, anyi_store_close);
  delete_file(f);
  store = open_watched(f);
  fourth = start_case(store);
  g_assert_true(g_str_has_suffix(fourth->number, "-A004"));
}

/* SQL on the file at @path, on a connection of its own: the first column
 * of the first row, as text (NULL when none). */
static char *
sql_text(const char *path, const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  char *text = NULL;

  g_assert_cmpint(sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
  g_assert_cmpint(sqlite3_prepare_v2(db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step(stmt) == SQLITE_ROW && sqlite3_column_type(stmt, 0) != SQLITE_NULL)
    text = g_strdup((const char *)sqlite3_column_text(stmt, 0));
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  return text;
}

static void
assert_sql(const char *path, const char *sql, const char *expected)
{
  g_autofree char *text = sql_text(path, sql);

  g_assert_cmpstr(text, ==, expected);
}

/* A technician runs rm kiosk.db* while a citizen's case is under way: the
 * case goes on (in the deleted file) and is handed off to a window, paid;
 * when the next citizen starts, the store makes a new file, and the window
 * still finds the first case there: its handoff, its payment, its history,
 * and the hall ledger's entry for it. */
static void
test_case_under_way_when_deleted(Fixture *f, gconstpointer data)
{
  AnyiStore *store = open_watched(f);
  g_autoptr(AnyiStoredCase) first = start_case(store);
  g_autoptr(AnyiStoredCase) next = NULL;
  g_autoptr(AnyiStoredCase) found = NULL;
  g_autoptr(AnyiStoredPayment) payment = NULL;
  g_autoptr(AnyiStoredHandoff) handoff = NULL;
  g_autoptr(GPtrArray) open = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *in_ledger = NULL;

  (void)data;
  delete_file(f);
  payment = anyi_store_payment_open(store, first->id, "key-1", "emulated", 2000, &error);
  g_assert_no_error(error);
  g_assert_true(anyi_store_payment_update(store, first->id, "paid", "order-1", NULL, &error));
  g_assert_true(anyi_store_case_hand_off(store, first->id, "collecting", "photo-rejected", "3",
                                         "{\"name\":\"测试者\"}", NULL, &error));
  g_assert_no_error(error);
  next = start_case(store);
  g_assert_cmpint(f->follows, ==, 1);
  g_assert_true(g_file_test(f->temp.db_path, G_FILE_TEST_EXISTS));

  found = anyi_store_case_find(store, first->number, &error);
  g_assert_no_error(error);
  g_assert_cmpstr(found->state, ==, "handed-off");
  handoff = anyi_store_handoff_for_case(store, found->id, &error);
  g_assert_no_error(error);
  g_assert_cmpstr(handoff->reason, ==, "photo-rejected");
  g_assert_cmpstr(handoff->summary_json, ==, "{\"name\":\"测试者\"}");
  open = anyi_store_handoffs_open(store, &error);
  g_assert_cmpuint(open->len, ==, 1);
  g_clear_pointer(&payment, anyi_stored_payment_free);
  payment = anyi_store_payment_for_case(store, found->id, &error);
  g_assert_no_error(error);
  g_assert_cmpstr(payment->state, ==, "paid");
  g_assert_cmpstr(payment->order_id, ==, "order-1");
  events = anyi_store_case_events(store, found->id, &error);
  g_assert_cmpuint(events->len, ==, 2); /* created, handoff */
  /* the ledger still owes the hall the handoff, keyed by the case number */
  in_ledger = g_strdup_printf("SELECT count(*) FROM ledger_outbox WHERE case_number = '%s' AND "
                              "kind = 'handoff'",
                              first->number);
  assert_sql(f->temp.db_path, in_ledger, "1");
  g_assert_cmpstr(next->number, !=, first->number);
}

/* A case ended while the file was already deleted, and the monitor never
 * said so (the store's own check at the end of the case sees it). */
static void
test_case_ended_in_deleted_file(Fixture *f, gconstpointer data)
{
  AnyiStore *store = open_watched(f);
  g_autoptr(AnyiStoredCase) first = start_case(store);
  g_autoptr(AnyiStoredCase) next = NULL;
  g_autoptr(AnyiStoredCase) found = NULL;
  g_autoptr(GError) error = NULL;

  (void)data;
  delete_file(f);
  end_case(store, first);
  next = start_case(store);
  found = anyi_store_case_find(store, first->number, &error);
  g_assert_no_error(error);
  g_assert_cmpstr(found->state, ==, "abandoned");
}

/* A file put in place that already has rows: a case of another day with a
 * paper, so that the ids the kiosk holds are taken there. */
static void
replace_with_used_file(Fixture *f)
{
  static const char *const suffixes[] = {"", "-wal", "-shm"};
  g_autofree char *fresh = g_strconcat(f->temp.db_path, ".fresh", NULL);
  AnyiStore *made = anyi_store_open(fresh, NULL);
  g_autoptr(GError) error = NULL;

  g_assert_nonnull(made);
  for (int i = 0; i < 3; i++) {
    g_autoptr(AnyiStoredCase) other = anyi_store_case_create(made, "svc", 'Z', "submitted", &error);
    g_assert_no_error(error);
    g_assert_true(
        anyi_store_print_job_add(made, other->id, "receipt", "receipt", "/x.pdf", NULL, &error));
    g_assert_true(anyi_store_print_job_update(made, i + 1, "printed", 1, NULL, &error));
  }
  anyi_store_close(made);
  for (guint i = 0; i < G_N_ELEMENTS(suffixes); i++) {
    g_autofree char *file = g_strconcat(f->temp.db_path, suffixes[i], NULL);
    g_autofree char *moved = g_strconcat(f->aside, suffixes[i], NULL);
    g_assert_true(g_rename(file, moved) == 0 || errno == ENOENT);
  }
  g_assert_cmpint(g_rename(fresh, f->temp.db_path), ==, 0);
}

/* The case ends, its receipt starts printing; the file is replaced (or
 * deleted) and the next citizen starts a case before the receipt is out:
 * the receipt's end is recorded in the file that has its case, on the
 * job of that case (not on a job of another case that has its id
 * there). */
static void
print_lands(Fixture *f, gboolean used_file)
{
  static const AnyiStoreDocument receipt[] = {{"receipt", "receipt"}};
  AnyiStore *store = open_watched(f);
  g_autoptr(AnyiStoredCase) first = start_case(store);
  g_autoptr(AnyiStoredCase) next = NULL;
  g_autoptr(AnyiStoredCase) found = NULL;
  g_autoptr(AnyiStoredPrintJob) job = NULL;
  g_autoptr(GPtrArray) jobs = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *others = NULL;
  gint64 job_id = 0;

  g_assert_true(anyi_store_case_finish(store, first->id, "collecting", "submitted", "submitted",
                                       NULL, NULL, receipt, 1, &error));
  g_assert_true(anyi_store_print_job_claim(store, first->id, "receipt", "receipt", "/r.pdf",
                                           &job_id, &error));
  g_assert_true(anyi_store_print_job_update(store, job_id, "processing", 41, NULL, &error));
  g_assert_no_error(error);
  if (used_file)
    replace_with_used_file(f);
  else
    delete_file(f);
  next = start_case(store);
  g_assert_cmpint(f->follows, ==, 1);
  /* the print job's callback, later */
  g_assert_true(anyi_store_print_job_update(store, job_id, "printed", 41, NULL, &error));
  g_assert_no_error(error);
  g_assert_true(anyi_store_print_job_set_printer(store, job_id, "ipp://printer/", &error));
  g_assert_no_error(error);

  found = anyi_store_case_find(store, first->number, &error);
  g_assert_no_error(error);
  jobs = anyi_store_print_jobs_for_case(store, found->id, &error);
  g_assert_cmpuint(jobs->len, ==, 1);
  job = anyi_store_print_job_get(store, job_id, &error);
  g_assert_no_error(error);
  g_assert_cmpint(job->id, ==, ((AnyiStoredPrintJob *)jobs->pdata[0])->id);
  g_assert_cmpstr(job->state, ==, "printed");
  g_assert_cmpstr(job->printer_uri, ==, "ipp://printer/");
  /* the other cases' papers are as they were */
  others = sql_text(f->temp.db_path, "SELECT group_concat(state || ':' || coalesce(printer_uri, "
                                     "'-'), ' ') FROM print_jobs WHERE case_id IN (SELECT id FROM "
                                     "cases WHERE number GLOB '*-Z*')");
  g_assert_cmpstr(others, ==, used_file ? "printed:- printed:- printed:-" : NULL);
}

static void
test_print_lands_after_delete(Fixture *f, gconstpointer data)
{
  (void)data;
  print_lands(f, FALSE);
}

static void
test_print_lands_in_used_file(Fixture *f, gconstpointer data)
{
  (void)data;
  print_lands(f, TRUE);
}

/* The pusher sends every entry of the outbox and removes it; the highest
 * sequence number sent. */
static gint64
push_all(AnyiStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) entries = anyi_store_outbox_peek(store, 100, &error);
  gint64 last = 0;

  g_assert_no_error(error);
  for (guint i = 0; i < entries->len; i++) {
    AnyiOutboxEntry *entry = entries->pdata[i];
    last = MAX(last, entry->seq);
    g_assert_true(anyi_store_outbox_remove(store, entry->seq, &error));
  }
  return last;
}

/* The hall's server keeps a case's update only when its sequence number is
 * above the last it has for the case: a case handed off, its slip still
 * printing when the file is deleted and the next case starts; the slip's
 * end reaches the outbox of the new file with a number above the ones
 * the server already has. */
static void
test_ledger_sequence_goes_on(Fixture *f, gconstpointer data)
{
  static const AnyiStoreDocument slip[] = {{"receipt", "handoff-slip"}};
  AnyiStore *store = open_watched(f);
  g_autoptr(AnyiStoredCase) first = start_case(store);
  g_autoptr(AnyiStoredCase) next = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) error = NULL;
  gint64 job_id = 0, sent;

  (void)data;
  g_assert_true(anyi_store_case_hand_off_owing(store, first->id, "collecting", "photo-rejected",
                                               "3", "{}", slip, 1, NULL, &error));
  g_assert_true(anyi_store_print_job_claim(store, first->id, "receipt", "handoff-slip", "/s.pdf",
                                           &job_id, &error));
  g_assert_no_error(error);
  sent = push_all(store);
  g_assert_cmpint(sent, >=, 2);
  delete_file(f);
  next = start_case(store);
  g_assert_cmpint(f->follows, ==, 1);
  g_assert_true(anyi_store_print_job_update(store, job_id, "printed", 3, NULL, &error));
  g_assert_no_error(error);
  entries = anyi_store_outbox_peek(store, 100, &error);
  g_assert_cmpuint(entries->len, ==, 1);
  g_assert_cmpstr(((AnyiOutboxEntry *)entries->pdata[0])->case_number, ==, first->number);
  g_assert_cmpint(((AnyiOutboxEntry *)entries->pdata[0])->seq, >, sent);
}

/* mv kiosk.db elsewhere, its WAL and shared memory left at the path: the
 * new file made there must not take them for its own. Both files stay
 * whole, each with its own rows. */
static void
test_only_main_file_moved(Fixture *f, gconstpointer data)
{
  AnyiStore *store = open_watched(f);
  g_autoptr(AnyiStoredCase) first = start_case(store);
  g_autoptr(AnyiStoredCase) next = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *first_in_aside = NULL;

  g_autofree char *shm = g_strconcat(f->temp.db_path, "-shm", NULL);
  GStatBuf old_shm, new_shm;

  (void)data;
  end_case(store, first);
  g_assert_cmpint(g_stat(shm, &old_shm), ==, 0);
  g_assert_cmpint(g_rename(f->temp.db_path, f->aside), ==, 0);
  next = start_case(store);
  g_assert_cmpint(f->follows, ==, 1);
  /* the new file has its own index of its WAL, not the old file's */
  g_assert_cmpint(g_stat(shm, &new_shm), ==, 0);
  g_assert_false(new_shm.st_dev == old_shm.st_dev && new_shm.st_ino == old_shm.st_ino);
  for (int i = 0; i < 50; i++)
    g_assert_true(anyi_store_audit_add(store, "test", "after", NULL, NULL, &error));
  g_assert_no_error(error);
  g_clear_pointer(&f->temp.store, anyi_store_close);

  assert_sql(f->aside, "PRAGMA integrity_check", "ok");
  first_in_aside = g_strdup_printf("SELECT count(*) FROM cases WHERE number = '%s'", first->number);
  assert_sql(f->aside, first_in_aside, "1");
  assert_sql(f->aside, "SELECT count(*) FROM audit_log WHERE action = 'after'", "0");
  assert_sql(f->temp.db_path, "PRAGMA integrity_check", "ok");
  assert_sql(f->temp.db_path, "SELECT count(*) FROM audit_log WHERE action = 'after'", "50");
  assert_sql(f->temp.db_path, "SELECT count(*) FROM cases", "1");
}

static void
hand_off(AnyiStore *store, AnyiStoredCase *kase)
{
  g_autoptr(GError) error = NULL;

  g_assert_true(anyi_store_case_hand_off(store, kase->id, "collecting", "photo-rejected", "3", "{}",
                                         NULL, &error));
  g_assert_no_error(error);
}

/* Two swaps in a row: the file replaced, the store follows it at the next
 * case (carrying the first, under way); the file replaced again while the
 * second case is under way. The day's numbers go on through the three
 * files; the second case, handed off in the second file, reaches the third
 * with what the hall ledger is owed for it; the first case ended in the
 * second file, and stays there. */
static void
test_two_switches(Fixture *f, gconstpointer data)
{
  AnyiStore *store = open_watched(f);
  g_autofree char *second_aside = g_strconcat(f->temp.db_path, ".aside2", NULL);
  g_autoptr(AnyiStoredCase) first = start_case(store);
  g_autoptr(AnyiStoredCase) second = NULL;
  g_autoptr(AnyiStoredCase) third = NULL;
  g_autoptr(AnyiStoredCase) found = NULL;
  g_autoptr(AnyiStoredHandoff) handoff = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *first_sql = NULL, *second_sql = NULL;

  (void)data;
  replace_file(f);
  second = start_case(store);
  g_assert_cmpint(f->follows, ==, 1);
  end_case(store, first);
  temp_store_replace_file(&f->temp, second_aside);
  hand_off(store, second);
  third = start_case(store);
  g_assert_cmpint(f->follows, ==, 2);
  g_assert_true(g_str_has_suffix(first->number, "-A001"));
  g_assert_true(g_str_has_suffix(second->number, "-A002"));
  g_assert_true(g_str_has_suffix(third->number, "-A003"));

  found = anyi_store_case_find(store, second->number, &error);
  g_assert_no_error(error);
  g_assert_cmpstr(found->state, ==, "handed-off");
  handoff = anyi_store_handoff_for_case(store, found->id, &error);
  g_assert_no_error(error);
  g_assert_cmpstr(handoff->reason, ==, "photo-rejected");
  second_sql = g_strdup_printf("SELECT count(*) FROM ledger_outbox WHERE case_number = '%s' AND "
                               "kind = 'handoff'",
                               second->number);
  assert_sql(f->temp.db_path, second_sql, "1");
  assert_sql(f->temp.db_path, "SELECT count(*) FROM cases", "2");
  first_sql = g_strdup_printf("SELECT state FROM cases WHERE number = '%s'", first->number);
  assert_sql(second_aside, first_sql, "abandoned");
  g_clear_pointer(&f->temp.store, anyi_store_close);
  assert_sql(f->temp.db_path, "PRAGMA integrity_check", "ok");
  assert_sql(second_aside, "PRAGMA integrity_check", "ok");
}

/* A technician's copy of the file, as cp would take it while the kiosk
 * runs: put where temp_store_replace_file() takes the new file from. */
static void
copy_file_now(Fixture *f)
{
  g_autofree char *fresh = g_strconcat(f->temp.db_path, ".fresh", NULL);
  char *sql = sqlite3_mprintf("VACUUM INTO %Q", fresh);
  sqlite3 *db = NULL;

  g_assert_cmpint(sqlite3_open_v2(f->temp.db_path, &db, SQLITE_OPEN_READWRITE, NULL), ==,
                  SQLITE_OK);
  g_assert_cmpint(sqlite3_exec(db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_free(sql);
  sqlite3_close(db);
}

/* The citizen pays, the case is handed off to a window with its slip
 * owed, and the slip is printed. */
static void
pay_hand_off_print(AnyiStore *store, AnyiStoredCase *started)
{
  static const AnyiStoreDocument slip[] = {{"receipt", "handoff-slip"}};
  g_autoptr(GError) error = NULL;
  gint64 job_id = 0;

  g_assert_true(anyi_store_payment_update(store, started->id, "paid", "order-1", NULL, &error));
  g_assert_true(anyi_store_case_hand_off_owing(store, started->id, "collecting", "photo-rejected",
                                               "3", "{}", slip, 1, NULL, &error));
  g_assert_true(anyi_store_print_job_claim(store, started->id, "receipt", "handoff-slip", "/s.pdf",
                                           &job_id, &error));
  g_assert_true(anyi_store_print_job_update(store, job_id, "printed", 3, NULL, &error));
  g_assert_no_error(error);
}

/* The file at the store's path has @number paid, handed off, its slip
 * printed, each once, as the old file has it; and the ledger owes the
 * hall each entry once (the slip's claim and its end). */
static void
assert_case_advanced(Fixture *f, const char *number)
{
  g_autofree char *in_ledger = NULL;
  g_autofree char *old_seqs = NULL;
  static const char *const counts[][2] = {
      {"SELECT state FROM cases WHERE number = '@number'", "handed-off"},
      {"SELECT p.state FROM payments AS p JOIN cases AS c ON c.id = p.case_id WHERE c.number = "
       "'@number'",
       "paid"},
      {"SELECT count(*) FROM payments AS p JOIN cases AS c ON c.id = p.case_id WHERE c.number = "
       "'@number'",
       "1"},
      {"SELECT count(*) || ':' || min(status) FROM handoffs AS h JOIN cases AS c ON c.id = "
       "h.case_id WHERE c.number = '@number'",
       "1:open"},
      {"SELECT group_concat(e.event) FROM case_events AS e JOIN cases AS c ON c.id = e.case_id "
       "WHERE c.number = '@number'",
       "created,handoff"},
      {"SELECT count(*) || ':' || min(j.state) FROM print_jobs AS j JOIN cases AS c ON c.id = "
       "j.case_id WHERE c.number = '@number'",
       "1:printed"},
      {"SELECT group_concat(kind) FROM ledger_outbox WHERE case_number = '@number'",
       "handoff,print,print"},
  };

  for (guint i = 0; i < G_N_ELEMENTS(counts); i++) {
    g_autoptr(GString) sql = g_string_new(counts[i][0]);

    g_string_replace(sql, "@number", number, 0);
    assert_sql(f->aside, sql->str, counts[i][1]);
    assert_sql(f->temp.db_path, sql->str, counts[i][1]);
  }
  /* the entries the hall has not had yet keep their sequence numbers */
  in_ledger = g_strdup_printf("SELECT group_concat(id) FROM ledger_outbox WHERE case_number = '%s'",
                              number);
  old_seqs = sql_text(f->aside, in_ledger);
  assert_sql(f->temp.db_path, in_ledger, old_seqs);
}

/* A technician puts back a copy of the file taken minutes ago, while the
 * citizen was still on the form: since then the case was paid, handed
 * off and its slip printed. The new file's older case gives way to the
 * old file's: the window finds the handoff, the payment is paid, and
 * the ledger owes the hall each entry once. */
static void
test_older_copy_put_back(Fixture *f, gconstpointer data)
{
  AnyiStore *store = open_watched(f);
  g_autoptr(AnyiStoredCase) first = start_case(store);
  g_autoptr(AnyiStoredCase) next = NULL;
  g_autoptr(AnyiStoredPayment) payment = NULL;
  g_autoptr(GPtrArray) open = NULL;
  g_autoptr(GError) error = NULL;

  (void)data;
  payment = anyi_store_payment_open(store, first->id, "key-1", "emulated", 2000, &error);
  g_assert_no_error(error);
  copy_file_now(f);
  pay_hand_off_print(store, first);
  replace_file(f);
  next = start_case(store);
  g_assert_cmpint(f->follows, ==, 1);
  assert_case_advanced(f, first->number);
  open = anyi_store_handoffs_open(store, &error);
  g_assert_no_error(error);
  g_assert_cmpuint(open->len, ==, 1);
  g_assert_cmpstr(next->number, !=, first->number);
}

/* The copy was taken after the handoff, whose ledger entry the pusher
 * then sent from the old file; the slip printed after the copy. The new
 * file owes the hall the slip's entries only: the handoff is not sent
 * twice, and the slip's entries keep their sequence numbers. */
static void
test_older_copy_entry_sent_since(Fixture *f, gconstpointer data)
{
  static const AnyiStoreDocument slip[] = {{"receipt", "handoff-slip"}};
  AnyiStore *store = open_watched(f);
  g_autoptr(AnyiStoredCase) first = start_case(store);
  g_autoptr(AnyiStoredCase) next = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *in_ledger = NULL;
  g_autofree char *old_seqs = NULL;
  gint64 job_id = 0;

  (void)data;
  g_assert_true(anyi_store_case_hand_off_owing(store, first->id, "collecting", "photo-rejected",
                                               "3", "{}", slip, 1, NULL, &error));
  g_assert_no_error(error);
  copy_file_now(f);
  g_assert_cmpint(push_all(store), >, 0);
  g_assert_true(anyi_store_print_job_claim(store, first->id, "receipt", "handoff-slip", "/s.pdf",
                                           &job_id, &error));
  g_assert_true(anyi_store_print_job_update(store, job_id, "printed", 3, NULL, &error));
  g_assert_no_error(error);
  replace_file(f);
  next = start_case(store);
  g_assert_cmpint(f->follows, ==, 1);
  in_ledger = g_strdup_printf("SELECT group_concat(id || kind) FROM ledger_outbox WHERE "
                              "case_number = '%s'",
                              first->number);
  old_seqs = sql_text(f->aside, in_ledger);
  g_assert_true(g_str_has_suffix(old_seqs, "print"));
  assert_sql(f->temp.db_path, in_ledger, old_seqs);
  g_clear_pointer(&in_ledger, g_free);
  in_ledger = g_strdup_printf("SELECT group_concat(kind) FROM ledger_outbox WHERE case_number = "
                              "'%s'",
                              first->number);
  assert_sql(f->temp.db_path, in_ledger, "print,print");
  g_clear_pointer(&in_ledger, g_free);
  in_ledger = g_strdup_printf("SELECT group_concat(j.state) FROM print_jobs AS j JOIN cases AS c "
                              "ON c.id = j.case_id WHERE c.number = '%s'",
                              first->number);
  assert_sql(f->temp.db_path, in_ledger, "printed");
}

/* A copy taken after the case's last change: nothing to carry over it,
 * and nothing there twice. */
static void
test_current_copy_put_back(Fixture *f, gconstpointer data)
{
  AnyiStore *store = open_watched(f);
  g_autoptr(AnyiStoredCase) first = start_case(store);
  g_autoptr(AnyiStoredCase) next = NULL;
  g_autoptr(AnyiStoredPayment) payment = NULL;
  g_autoptr(GError) error = NULL;

  (void)data;
  payment = anyi_store_payment_open(store, first->id, "key-1", "emulated", 2000, &error);
  g_assert_no_error(error);
  pay_hand_off_print(store, first);
  copy_file_now(f);
  replace_file(f);
  next = start_case(store);
  g_assert_cmpint(f->follows, ==, 1);
  assert_case_advanced(f, first->number);
}

static GString *warnings; /* what the store warned of, a line each */

static GLogWriterOutput
keep_warnings(GLogLevelFlags level, const GLogField *fields, gsize n_fields, gpointer data)
{
  for (gsize i = 0; i < n_fields && (level & G_LOG_LEVEL_WARNING); i++)
    if (g_str_equal(fields[i].key, "MESSAGE"))
      g_string_append_printf(warnings, "%s\n", (const char *)fields[i].value);
  return g_log_writer_default(level, fields, n_fields, data);
}

/* A disk failing under the file: what its WAL held written into it (so
 * that it is cut too), then everything after its first two pages cut
 * off, on a connection of the test's own. */
static void
cut_file(const char *path)
{
  sqlite3 *db = NULL;
  g_autofree char *page_size = sql_text(path, "PRAGMA page_size");

  g_assert_cmpint(sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
  g_assert_cmpint(sqlite3_exec(db, "PRAGMA wal_checkpoint(TRUNCATE)", NULL, NULL, NULL), ==,
                  SQLITE_OK);
  sqlite3_close(db);
  g_assert_cmpint(truncate(path, 2 * g_ascii_strtoll(page_size, NULL, 10)), ==, 0);
}

/* The old file is damaged before the store notices it was replaced (the
 * reason it was replaced, perhaps): the case under way in it cannot be
 * carried. The store still follows the new file, the next citizen's case
 * starts there with the next number, and the log says what was left
 * behind. */
static void
test_damaged_old_file(Fixture *f, gconstpointer data)
{
  AnyiStore *store = open_watched(f);
  g_autoptr(AnyiStoredCase) first = start_case(store);
  g_autoptr(AnyiStoredCase) next = NULL;
  g_autoptr(AnyiStoredCase) found = NULL;
  g_autoptr(GError) error = NULL;

  (void)data;
  replace_file(f);
  cut_file(f->aside);
  g_string_truncate(warnings, 0);
  next = start_case(store);
  g_assert_cmpint(f->follows, ==, 1);
  g_assert_false(anyi_store_file_replaced(store));
  g_assert_true(g_str_has_suffix(next->number, "-A002"));
  found = anyi_store_case_find(store, first->number, &error);
  g_assert_error(error, ANYI_STORE_ERROR, ANYI_STORE_ERROR_NOT_FOUND);
  g_test_message("warned: %s", warnings->str);
  g_assert_nonnull(strstr(warnings->str, "was not carried to the new file"));
  g_assert_nonnull(strstr(warnings->str, "malformed"));
  end_case(store, next);
  assert_sql(f->temp.db_path, "PRAGMA integrity_check", "ok");
}

int
main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  /* the damaged file's warning is what a test looks for */
  g_log_set_always_fatal(G_LOG_LEVEL_CRITICAL);
  warnings = g_string_new(NULL);
  g_log_set_writer_func(keep_warnings, NULL, NULL);
#define ADD(path, fn)                                                                              \
  g_test_add("/store/file-switch/" path, Fixture, NULL, fixture_set_up, fn, fixture_tear_down)
  ADD("case-numbers-go-on", test_case_numbers_go_on);
  ADD("case-under-way-when-deleted", test_case_under_way_when_deleted);
  ADD("case-ended-in-deleted-file", test_case_ended_in_deleted_file);
  ADD("print-lands-after-delete", test_print_lands_after_delete);
  ADD("print-lands-in-used-file", test_print_lands_in_used_file);
  ADD("ledger-sequence-goes-on", test_ledger_sequence_goes_on);
  ADD("only-main-file-moved", test_only_main_file_moved);
  ADD("two-switches", test_two_switches);
  ADD("damaged-old-file", test_damaged_old_file);
  ADD("older-copy-put-back", test_older_copy_put_back);
  ADD("older-copy-entry-sent-since", test_older_copy_entry_sent_since);
  ADD("current-copy-put-back", test_current_copy_put_back);
#undef ADD
  return g_test_run();
}
