/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-staff.c: anyictl staff against a real database file, then signing in
 * through anyi_staff_sign_in with the store's clock moved by the test. */
#include "staff/anyi-staff.h"
#include "temp-store.h"

#include <gio/gio.h>

static const char *anyictl_path;
static gint64 fake_now = 1796083200; /* 2026-12-01 00:00 UTC */

static gint64
fake_clock(void)
{
  return fake_now;
}

typedef struct {
  TempStore temp;
} Fixture;

static void
fixture_set_up(Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  temp_store_prepare(&f->temp);
  /* anyictl works on an existing database only (anyictl db init) */
  anyi_store_close(anyi_store_open(f->temp.db_path, &error));
  g_assert_no_error(error);
}

static void
fixture_tear_down(Fixture *f, gconstpointer data)
{
  temp_store_clear(&f->temp);
}

/* Runs anyictl with @input on stdin and ANYI_DB pointing at the fixture's
 * database; returns the exit status and fills @out with stdout. */
static int
run_anyictl(Fixture *f, const char *input, char **out, ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new();
  g_autoptr(GSubprocessLauncher) launcher =
      g_subprocess_launcher_new(G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *stdout_text = NULL;
  va_list args;
  const char *arg;

  g_ptr_array_add(argv, (char *)anyictl_path);
  g_ptr_array_add(argv, "staff");
  va_start(args, out);
  while ((arg = va_arg(args, const char *)))
    g_ptr_array_add(argv, (char *)arg);
  va_end(args);
  g_ptr_array_add(argv, NULL);
  g_subprocess_launcher_setenv(launcher, "ANYI_DB", f->temp.db_path, TRUE);
  process = g_subprocess_launcher_spawnv(launcher, (const char *const *)argv->pdata, &error);
  g_assert_no_error(error);
  g_subprocess_communicate_utf8(process, input, NULL, &stdout_text, NULL, &error);
  g_assert_no_error(error);
  if (out)
    *out = g_steal_pointer(&stdout_text);
  return g_subprocess_get_exit_status(process);
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

static gboolean
sign_in(AnyiStore *store, const char *login, const char *pin, GError **error)
{
  g_autofree char *role = NULL, *name = NULL;

  return anyi_staff_sign_in(store, login, pin, &role, &name, error);
}

static guint
count_audit(AnyiStore *store, const char *actor, const char *action)
{
  g_autoptr(GPtrArray) entries = anyi_store_audit_list_by(store, actor, action, 0, 1000, NULL);

  return entries->len;
}

static void
test_add_list_and_sign_in(Fixture *f, gconstpointer data)
{
  g_autofree char *listing = NULL;
  g_autoptr(AnyiStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *role = NULL, *name = NULL;
  g_autoptr(GPtrArray) audit = NULL;

  g_assert_cmpint(run_anyictl(f, "246810\n", NULL, "add", "1001", "李工", "technician", NULL), ==,
                  0);
  g_assert_cmpint(run_anyictl(f, "135790\n", NULL, "add", "2002", "王芳", "staff", NULL), ==, 0);
  g_assert_cmpint(run_anyictl(f, NULL, &listing, "list", NULL), ==, 0);
  g_assert_nonnull(strstr(listing, "1001\ttechnician\tenabled\t李工\n"));
  g_assert_nonnull(strstr(listing, "2002\tstaff\tenabled\t王芳\n"));
  g_assert_null(strstr(listing, "$y$"));

  store = open_store(f);
  g_assert_true(anyi_staff_sign_in(store, "1001", "246810", &role, &name, &error));
  g_assert_no_error(error);
  g_assert_cmpstr(role, ==, "technician");
  g_assert_cmpstr(name, ==, "李工");
  g_assert_false(sign_in(store, "2002", "246810", &error));
  g_assert_error(error, ANYI_STAFF_ERROR, ANYI_STAFF_ERROR_REFUSED);
  g_clear_error(&error);
  g_assert_false(sign_in(store, "3003", "246810", &error));
  g_assert_error(error, ANYI_STAFF_ERROR, ANYI_STAFF_ERROR_REFUSED);
  g_clear_error(&error);
  /* Actor is the login; nothing in the log holds the PIN. */
  audit = anyi_store_audit_list(store, 0, 100, &error);
  g_assert_cmpuint(count_audit(store, "1001", "sign-in"), ==, 1);
  g_assert_cmpuint(count_audit(store, "2002", "sign-in-failed"), ==, 1);
  for (guint i = 0; i < audit->len; i++) {
    AnyiAuditEntry *entry = audit->pdata[i];
    g_assert_null(strstr(entry->detail ? entry->detail : "", "246810"));
    g_assert_null(strstr(entry->subject ? entry->subject : "", "246810"));
  }
}

static void
test_bad_pins_and_usage_are_refused(Fixture *f, gconstpointer data)
{
  g_autofree char *listing = NULL;

  g_assert_cmpint(run_anyictl(f, "12345\n", NULL, "add", "1001", "李工", "staff", NULL), ==, 1);
  g_assert_cmpint(run_anyictl(f, "1234567890123\n", NULL, "add", "1001", "李工", "staff", NULL), ==,
                  1);
  g_assert_cmpint(run_anyictl(f, "12a456\n", NULL, "add", "1001", "李工", "staff", NULL), ==, 1);
  g_assert_cmpint(run_anyictl(f, "", NULL, "add", "1001", "李工", "staff", NULL), ==, 1);
  g_assert_cmpint(run_anyictl(f, "123456\n", NULL, "add", "ab", "李工", "staff", NULL), ==, 1);
  g_assert_cmpint(run_anyictl(f, "123456\n", NULL, "add", "1001", "李工", "boss", NULL), ==, 1);
  g_assert_cmpint(run_anyictl(f, NULL, NULL, "add", "1001", NULL), ==, 2);
  g_assert_cmpint(run_anyictl(f, NULL, NULL, "disable", "1001", NULL), ==, 1);
  g_assert_cmpint(run_anyictl(f, NULL, &listing, "list", NULL), ==, 0);
  g_assert_cmpstr(listing, ==, "");
  g_assert_cmpint(run_anyictl(f, "123456789012\n", NULL, "add", "1001", "李工", "staff", NULL), ==,
                  0);
  /* a login is never given to a second person */
  g_assert_cmpint(run_anyictl(f, "654321\n", NULL, "add", "1001", "王芳", "staff", NULL), ==, 1);
}

static void
test_lockout_after_five_failures(Fixture *f, gconstpointer data)
{
  g_autoptr(AnyiStore) store = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpint(run_anyictl(f, "246810\n", NULL, "add", "1001", "李工", "staff", NULL), ==, 0);
  store = open_store(f);
  for (int i = 0; i < ANYI_STAFF_MAX_FAILURES; i++) {
    g_assert_false(sign_in(store, "1001", "000000", &error));
    g_assert_error(error, ANYI_STAFF_ERROR, ANYI_STAFF_ERROR_REFUSED);
    g_clear_error(&error);
    fake_now += 60;
  }
  /* Even the right PIN is refused now, and the refusals do not extend it. */
  g_assert_false(sign_in(store, "1001", "246810", &error));
  g_assert_error(error, ANYI_STAFF_ERROR, ANYI_STAFF_ERROR_LOCKED);
  g_clear_error(&error);
  fake_now += ANYI_STAFF_LOCKOUT_SECONDS - 2 * 60;
  g_assert_false(sign_in(store, "1001", "246810", &error));
  g_assert_error(error, ANYI_STAFF_ERROR, ANYI_STAFF_ERROR_LOCKED);
  g_clear_error(&error);
  g_assert_cmpuint(count_audit(store, "1001", "sign-in-locked"), ==, 2);
  /* Another login is not affected. */
  g_assert_false(sign_in(store, "2002", "000000", &error));
  g_assert_error(error, ANYI_STAFF_ERROR, ANYI_STAFF_ERROR_REFUSED);
  g_clear_error(&error);
  fake_now += 60;
  g_assert_true(sign_in(store, "1001", "246810", &error));
  g_assert_no_error(error);
}

static void
test_success_clears_failures(Fixture *f, gconstpointer data)
{
  g_autoptr(AnyiStore) store = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpint(run_anyictl(f, "246810\n", NULL, "add", "1001", "李工", "staff", NULL), ==, 0);
  store = open_store(f);
  for (int i = 0; i < ANYI_STAFF_MAX_FAILURES - 1; i++)
    g_assert_false(sign_in(store, "1001", "000000", NULL));
  g_assert_true(sign_in(store, "1001", "246810", &error));
  for (int i = 0; i < ANYI_STAFF_MAX_FAILURES - 1; i++)
    g_assert_false(sign_in(store, "1001", "000000", NULL));
  g_assert_true(sign_in(store, "1001", "246810", &error));
  g_assert_no_error(error);
}

static void
test_disabled_is_refused(Fixture *f, gconstpointer data)
{
  g_autoptr(AnyiStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *listing = NULL;

  g_assert_cmpint(run_anyictl(f, "246810\n", NULL, "add", "1001", "李工", "staff", NULL), ==, 0);
  g_assert_cmpint(run_anyictl(f, NULL, NULL, "disable", "1001", NULL), ==, 0);
  g_assert_cmpint(run_anyictl(f, NULL, &listing, "list", NULL), ==, 0);
  g_assert_nonnull(strstr(listing, "1001\tstaff\tdisabled\t"));
  store = open_store(f);
  g_assert_false(sign_in(store, "1001", "246810", &error));
  g_assert_error(error, ANYI_STAFF_ERROR, ANYI_STAFF_ERROR_REFUSED);
  g_assert_cmpuint(count_audit(store, "1001", "sign-in-failed"), ==, 1);
  g_assert_cmpuint(count_audit(store, "1001", "sign-in"), ==, 0);
}

static void
test_hashes_are_salted_yescrypt(void)
{
  g_autofree char *a = anyi_staff_hash_pin("246810", NULL);
  g_autofree char *b = anyi_staff_hash_pin("246810", NULL);

  g_assert_true(g_str_has_prefix(a, "$y$"));
  g_assert_cmpstr(a, !=, b);
  g_assert_true(anyi_staff_pin_matches("246810", a));
  g_assert_true(anyi_staff_pin_matches("246810", b));
  g_assert_false(anyi_staff_pin_matches("246811", a));
  g_assert_false(anyi_staff_pin_matches("246810", "not a hash"));
}

int
main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  if (argc < 2)
    g_error("usage: test-staff ANYICTL");
  anyictl_path = argv[1];
  g_test_add_func("/staff/hash", test_hashes_are_salted_yescrypt);
#define ADD(path, fn)                                                                              \
  g_test_add("/staff/" path, Fixture, NULL, fixture_set_up, fn, fixture_tear_down)
  ADD("add-list-sign-in", test_add_list_and_sign_in);
  ADD("bad-input", test_bad_pins_and_usage_are_refused);
  ADD("lockout", test_lockout_after_five_failures);
  ADD("success-clears", test_success_clears_failures);
  ADD("disabled", test_disabled_is_refused);
  return g_test_run();
}
