/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-staff-calls.c: a citizen's call for staff in a real database file:
 * raised, listed while open, closed once (answered, cancelled or
 * unanswered), and every step in the audit log. */
#include "temp-store.h"

static gint64 fake_now = 1796083200; /* 2026-12-01 00:00 UTC */

static gint64
fake_clock(void)
{
  return fake_now;
}

typedef struct {
  TempStore temp;
  AnyiStore *store;
} Fixture;

static void
fixture_set_up(Fixture *f, gconstpointer data)
{
  f->store = temp_store_open(&f->temp);
  anyi_store_set_clock(f->store, fake_clock);
}

static void
fixture_tear_down(Fixture *f, gconstpointer data)
{
  temp_store_clear(&f->temp);
}

static gint64
raise_call(Fixture *f, const char *case_number)
{
  g_autoptr(GError) error = NULL;
  gint64 id = 0;

  g_assert_true(anyi_store_staff_call_raise(f->store, "kiosk-7", case_number, &id, &error));
  g_assert_no_error(error);
  g_assert_cmpint(id, >, 0);
  return id;
}

static GPtrArray *
open_calls(Fixture *f)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *calls = anyi_store_staff_calls_open(f->store, &error);

  g_assert_no_error(error);
  return calls;
}

/* The audit row of @action about call @id, or NULL. */
static AnyiAuditEntry *
find_audit(Fixture *f, GPtrArray *entries, const char *action, gint64 id)
{
  g_autofree char *subject = g_strdup_printf("staff-call:%" G_GINT64_FORMAT, id);

  for (guint i = 0; i < entries->len; i++) {
    AnyiAuditEntry *entry = entries->pdata[i];
    if (g_str_equal(entry->action, action) && g_str_equal(entry->subject, subject))
      return entry;
  }
  return NULL;
}

static GPtrArray *
audit(Fixture *f)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *entries = anyi_store_audit_list(f->store, 0, 100, &error);

  g_assert_no_error(error);
  return entries;
}

/* Staff see the call, with the case it is about, until one of them answers;
 * the log says who answered and when. */
static void
test_raise_and_answer(Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) calls = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(AnyiStaffCall) call = NULL;
  gint64 id = raise_call(f, "A20261201-0001");
  AnyiStaffCall *open;
  AnyiAuditEntry *entry;

  calls = open_calls(f);
  g_assert_cmpuint(calls->len, ==, 1);
  open = calls->pdata[0];
  g_assert_cmpint(open->id, ==, id);
  g_assert_cmpstr(open->kiosk, ==, "kiosk-7");
  g_assert_cmpstr(open->case_number, ==, "A20261201-0001");
  g_assert_cmpstr(open->state, ==, "raised");
  g_assert_cmpint(open->raised_at, ==, fake_now);
  g_assert_null(open->answered_by);

  fake_now += 95;
  g_assert_true(anyi_store_staff_call_close(f->store, id, "answered", "zhang.wei", &error));
  g_assert_no_error(error);
  g_clear_pointer(&calls, g_ptr_array_unref);
  calls = open_calls(f);
  g_assert_cmpuint(calls->len, ==, 0);
  call = anyi_store_staff_call_get(f->store, id, &error);
  g_assert_no_error(error);
  g_assert_cmpstr(call->state, ==, "answered");
  g_assert_cmpstr(call->answered_by, ==, "zhang.wei");
  g_assert_cmpint(call->closed_at - call->raised_at, ==, 95);

  entries = audit(f);
  g_assert_nonnull(find_audit(f, entries, "staff-call-raised", id));
  entry = find_audit(f, entries, "staff-call-answered", id);
  g_assert_nonnull(entry);
  g_assert_cmpstr(entry->actor, ==, "zhang.wei");
  g_assert_cmpstr(entry->detail, ==, "A20261201-0001");
}

/* A call closes once: staff arriving after the citizen cancelled change
 * nothing, and the log keeps only the cancel. */
static void
test_closes_once(Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(AnyiStaffCall) call = NULL;
  gint64 id = raise_call(f, NULL);

  g_assert_true(anyi_store_staff_call_close(f->store, id, "cancelled", "citizen", &error));
  g_assert_no_error(error);
  g_assert_false(anyi_store_staff_call_close(f->store, id, "answered", "zhang.wei", &error));
  g_assert_error(error, ANYI_STORE_ERROR, ANYI_STORE_ERROR_CONFLICT);
  g_clear_error(&error);
  call = anyi_store_staff_call_get(f->store, id, &error);
  g_assert_no_error(error);
  g_assert_cmpstr(call->state, ==, "cancelled");
  g_assert_null(call->answered_by);
  g_assert_null(call->case_number);
  entries = audit(f);
  g_assert_nonnull(find_audit(f, entries, "staff-call-cancelled", id));
  g_assert_null(find_audit(f, entries, "staff-call-answered", id));

  g_assert_false(anyi_store_staff_call_close(f->store, id + 100, "answered", "x", &error));
  g_assert_error(error, ANYI_STORE_ERROR, ANYI_STORE_ERROR_NOT_FOUND);
}

/* Open calls come oldest first; one nobody answered leaves the list. */
static void
test_open_oldest_first(Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) calls = NULL;
  gint64 first = raise_call(f, "A1");
  gint64 second, third;

  fake_now += 10;
  second = raise_call(f, "A2");
  fake_now += 10;
  third = raise_call(f, NULL);
  g_assert_true(anyi_store_staff_call_close(f->store, second, "unanswered", "kiosk", &error));
  g_assert_no_error(error);
  calls = open_calls(f);
  g_assert_cmpuint(calls->len, ==, 2);
  g_assert_cmpint(((AnyiStaffCall *)calls->pdata[0])->id, ==, first);
  g_assert_cmpint(((AnyiStaffCall *)calls->pdata[1])->id, ==, third);
}

int
main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
#define ADD(path, fn)                                                                              \
  g_test_add("/staff-calls/" path, Fixture, NULL, fixture_set_up, fn, fixture_tear_down)
  ADD("raise-and-answer", test_raise_and_answer);
  ADD("closes-once", test_closes_once);
  ADD("open-oldest-first", test_open_oldest_first);
#undef ADD
  return g_test_run();
}
