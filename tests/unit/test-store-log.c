/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-store-log: the staff page's log query on a real database file: what
 * each filter lets through, pages that meet without a gap or a repeat
 * (rows of the same second in several tables included), and the CSV export
 * with ID numbers masked. */
#include "temp-store.h"

#include <gio/gio.h>
#include <glib/gstdio.h>

static gint64 fake_now;

static gint64
fake_clock(void)
{
  return fake_now;
}

/* A day of a kiosk: two cases, a failed print, a reader fault, a staff
 * sign-in (and its attempt, which staff never see), all in one store. */
typedef struct {
  TempStore temp;
  AnyiStore *store;
  gint64 day1, day2;
} Fixture;

static AnyiStoredCase *
case_at(Fixture *f, gint64 at)
{
  AnyiStoredCase *stored;

  fake_now = at;
  stored = anyi_store_case_create(f->store, "idcard-renewal", 'A', "start", NULL);
  g_assert_nonnull(stored);
  return stored;
}

static void
fixture_set_up(Fixture *f, gconstpointer data)
{
  g_autoptr(AnyiStoredCase) first = NULL, second = NULL;
  gint64 job = 0;

  f->store = temp_store_open(&f->temp);
  anyi_store_set_clock(f->store, fake_clock);
  g_autoptr(GDateTime) day1 = g_date_time_new_local(2026, 12, 5, 0, 0, 0);

  f->day1 = g_date_time_to_unix(day1);
  f->day2 = f->day1 + 86400;

  first = case_at(f, f->day1 + 3600);
  g_assert_true(anyi_store_case_transition(f->store, first->id, "start", "read", "card-read",
                                           "110101199003077777", NULL, NULL));
  g_assert_true(
      anyi_store_print_job_add(f->store, first->id, "receipt", "receipt", NULL, &job, NULL));
  g_assert_true(anyi_store_print_job_update(f->store, job, "failed", 0, "paper jam", NULL));
  fake_now = f->day1 + 3600; /* the same second as the case's event: ties across tables */
  g_assert_true(anyi_store_device_event_add(f->store, "reader", "no-card", "timeout", NULL));

  second = case_at(f, f->day2 + 7200);
  g_assert_true(
      anyi_store_case_hand_off(f->store, second->id, "start", "unpaid", "3", "{}", NULL, NULL));
  g_assert_true(anyi_store_audit_add(f->store, "1001", "sign-in-attempt", NULL, NULL, NULL));
  g_assert_true(anyi_store_audit_add(f->store, "1001", "sign-in", "12", "staff", NULL));
  g_assert_true(anyi_store_device_event_add(f->store, "reader", "ok", NULL, NULL));
}

static void
fixture_tear_down(Fixture *f, gconstpointer data)
{
  temp_store_clear(&f->temp);
}

static GPtrArray *
first_page(Fixture *f, const AnyiLogFilter *filter, int limit)
{
  AnyiLogCursor cursor;
  g_autoptr(GError) error = NULL;
  GPtrArray *page;

  anyi_log_cursor_init(&cursor);
  page = anyi_store_log_page(f->store, filter, &cursor, limit, &error);
  g_assert_no_error(error);
  return page;
}

static gboolean
page_has(GPtrArray *page, const char *what)
{
  for (guint i = 0; i < page->len; i++)
    if (g_str_equal(((AnyiLogEntry *)page->pdata[i])->what, what))
      return TRUE;
  return FALSE;
}

static void
test_every_row_newest_first(Fixture *f, gconstpointer data)
{
  AnyiLogFilter all = {0};
  g_autoptr(GPtrArray) page = first_page(f, &all, 100);

  /* 2 case-created events, 1 transition, handoff's event, handoff, print
   * job, 2 device events, the sign-in (its attempt is hidden) */
  g_assert_false(page_has(page, "sign-in-attempt"));
  g_assert_true(page_has(page, "sign-in"));
  g_assert_true(page_has(page, "unpaid"));
  g_assert_true(page_has(page, "no-card"));
  for (guint i = 1; i < page->len; i++)
    g_assert_cmpint(((AnyiLogEntry *)page->pdata[i - 1])->at, >=,
                    ((AnyiLogEntry *)page->pdata[i])->at);
}

static void
test_day_filter(Fixture *f, gconstpointer data)
{
  AnyiLogFilter day1 = {.since = f->day1, .until = f->day2};
  g_autoptr(GPtrArray) page = first_page(f, &day1, 100);

  g_assert_cmpuint(page->len, >, 0);
  for (guint i = 0; i < page->len; i++) {
    const AnyiLogEntry *entry = page->pdata[i];

    g_assert_cmpint(entry->at, >=, f->day1);
    g_assert_cmpint(entry->at, <, f->day2);
  }
  g_assert_true(page_has(page, "failed"));
  g_assert_false(page_has(page, "unpaid"));
}

static void
test_kind_filter(Fixture *f, gconstpointer data)
{
  AnyiLogFilter errors = {.kinds = ANYI_LOG_KIND_ERROR};
  AnyiLogFilter staff = {.kinds = ANYI_LOG_KIND_STAFF};
  AnyiLogFilter handoffs = {.kinds = ANYI_LOG_KIND_HANDOFF};
  g_autoptr(GPtrArray) error_page = first_page(f, &errors, 100);
  g_autoptr(GPtrArray) staff_page = first_page(f, &staff, 100);
  g_autoptr(GPtrArray) handoff_page = first_page(f, &handoffs, 100);

  /* the failed print and the reader's fault; not the reader's recovery */
  g_assert_cmpuint(error_page->len, ==, 2);
  g_assert_true(page_has(error_page, "failed"));
  g_assert_true(page_has(error_page, "no-card"));
  g_assert_cmpuint(staff_page->len, ==, 1);
  g_assert_cmpstr(((AnyiLogEntry *)staff_page->pdata[0])->what, ==, "sign-in");
  /* a sign-in's subject is an attempt's row id, nothing for staff */
  g_assert_cmpstr(((AnyiLogEntry *)staff_page->pdata[0])->detail, ==, "staff");
  g_assert_cmpuint(handoff_page->len, ==, 1);
  g_assert_cmpstr(((AnyiLogEntry *)handoff_page->pdata[0])->who, ==, "3");
}

static void
test_case_search(Fixture *f, gconstpointer data)
{
  g_autoptr(AnyiStoredCase) first = anyi_store_case_find(f->store, "1205-A001", NULL);
  AnyiLogFilter one = {0};
  AnyiLogFilter none = {.case_number = "0101-Z999"};
  g_autoptr(GPtrArray) page = NULL;
  g_autoptr(GPtrArray) empty = NULL;

  g_assert_nonnull(first);
  one.case_number = first->number;
  page = first_page(f, &one, 100);
  /* created, read, its print job: nothing of the other case or devices */
  g_assert_cmpuint(page->len, ==, 3);
  for (guint i = 0; i < page->len; i++)
    g_assert_cmpstr(((AnyiLogEntry *)page->pdata[i])->case_number, ==, first->number);
  empty = first_page(f, &none, 100);
  g_assert_cmpuint(empty->len, ==, 0);
}

/* Pages of 1 meet the whole list exactly: no row lost, none twice, even
 * where several tables have rows of the same second. */
static void
test_pages_meet(Fixture *f, gconstpointer data)
{
  AnyiLogFilter all = {0};
  g_autoptr(GPtrArray) whole = first_page(f, &all, 100);
  AnyiLogCursor cursor;
  guint seen = 0;

  anyi_log_cursor_init(&cursor);
  for (;;) {
    g_autoptr(GPtrArray) page = anyi_store_log_page(f->store, &all, &cursor, 1, NULL);
    const AnyiLogEntry *got, *want;

    if (page->len == 0)
      break;
    g_assert_cmpuint(seen, <, whole->len);
    got = page->pdata[0];
    want = whole->pdata[seen++];
    g_assert_cmpint(got->source, ==, want->source);
    g_assert_cmpint(got->id, ==, want->id);
  }
  g_assert_cmpuint(seen, ==, whole->len);
}

static void
test_export_masks(Fixture *f, gconstpointer data)
{
  g_autofree char *path = g_build_filename(f->temp.dir, "log.csv", NULL);
  g_autofree char *partial = g_strconcat(path, ".part", NULL);
  g_autofree char *csv = NULL;
  AnyiLogFilter cases = {.kinds = ANYI_LOG_KIND_CASE};
  g_autoptr(GError) error = NULL;
  gint64 rows = -1;

  g_assert_true(anyi_store_log_export_csv(f->store, &cases, path, &rows, &error));
  g_assert_no_error(error);
  g_assert_cmpint(rows, ==, 4); /* two created, one read, one handed off */
  g_assert_true(g_file_get_contents(path, &csv, NULL, NULL));
  g_assert_true(g_str_has_prefix(csv, "\"time\",\"kind\",\"case\""));
  g_assert_null(strstr(csv, "199003077777"));
  g_assert_nonnull(strstr(csv, "\"case\",\"1205-A001\""));
  g_assert_false(g_file_test(partial, G_FILE_TEST_EXISTS));
}

static void
test_export_unwritable(Fixture *f, gconstpointer data)
{
  g_autofree char *path = g_build_filename(f->temp.dir, "gone", "log.csv", NULL);
  AnyiLogFilter all = {0};
  g_autoptr(GError) error = NULL;

  g_assert_false(anyi_store_log_export_csv(f->store, &all, path, NULL, &error));
  g_assert_error(error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
}

int
main(int argc, char **argv)
{
  g_setenv("TZ", "Asia/Shanghai", TRUE);
  g_test_init(&argc, &argv, NULL);
#define ADD(path, func) g_test_add(path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD("/store-log/every-row-newest-first", test_every_row_newest_first);
  ADD("/store-log/day", test_day_filter);
  ADD("/store-log/kind", test_kind_filter);
  ADD("/store-log/case", test_case_search);
  ADD("/store-log/pages-meet", test_pages_meet);
  ADD("/store-log/export-masks", test_export_masks);
  ADD("/store-log/export-unwritable", test_export_unwritable);
  return g_test_run();
}
