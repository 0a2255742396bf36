/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-staff.c: anyictl staff against a real database file, then signing in
 * through anyi_staff_sign_in with the store's clock moved by the test. */
#include "staff/anyi-staff.h"
#include "temp-store.h"

#include "cases/anyi-retention.h"

#include <gio/gio.h>
#include <sqlite3.h>

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
run_anyictl_argv(Fixture *f, const char *command, const char *input, char **out, va_list args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new();
  g_autoptr(GSubprocessLauncher) launcher =
      g_subprocess_launcher_new(G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *stdout_text = NULL;
  const char *arg;

  g_ptr_array_add(argv, (char *)anyictl_path);
  g_ptr_array_add(argv, (char *)command);
  while ((arg = va_arg(args, const char *)))
    g_ptr_array_add(argv, (char *)arg);
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

static int
call_anyictl(Fixture *f, const char *command, const char *input, char **out, ...)
{
  va_list args;
  int status;

  va_start(args, out);
  status = run_anyictl_argv(f, command, input, out, args);
  va_end(args);
  return status;
}

static int
run_anyictl(Fixture *f, const char *input, char **out, ...)
{
  va_list args;
  int status;

  va_start(args, out);
  status = run_anyictl_argv(f, "staff", input, out, args);
  va_end(args);
  return status;
}

/* `anyictl audit verify`: its exit status, and its output in @out. */
static int
verify_audit(Fixture *f, char **out)
{
  return call_anyictl(f, "audit", NULL, out, "verify", NULL);
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
  g_assert_cmpint(run_anyictl(f, "583920174639\n", NULL, "add", "1001", "李工", "staff", NULL), ==,
                  0);
  /* a login is never given to a second person */
  g_assert_cmpint(run_anyictl(f, "583920\n", NULL, "add", "1001", "王芳", "staff", NULL), ==, 1);
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

/* PINs a thief tries first are refused when a member is added or given a
 * new PIN; the refusal says why. */
static void
test_weak_pins_are_refused(Fixture *f, gconstpointer data)
{
  static const char *const weak[] = {
      "000000",  "999999", "123456", "654321", "890123",   "121212",   "123123", "520520",
      "5201314", "900307", "030790", "070390", "19900307", "03071990", "1234",
  };
  static const char *const fine[] = {"246810", "135790", "583920", "583920174639"};
  g_autofree char *err = NULL;

  for (gsize i = 0; i < G_N_ELEMENTS(weak); i++) {
    g_autofree char *input = g_strdup_printf("%s\n", weak[i]);

    g_test_message("weak PIN %s", weak[i]);
    g_assert_nonnull(anyi_staff_pin_problem(weak[i]));
    g_assert_cmpint(run_anyictl(f, input, NULL, "add", "1001", "李工", "staff", NULL), ==, 1);
  }
  for (gsize i = 0; i < G_N_ELEMENTS(fine); i++)
    g_assert_null(anyi_staff_pin_problem(fine[i]));
  g_assert_cmpint(run_anyictl(f, "246810\n", NULL, "add", "1001", "李工", "staff", NULL), ==, 0);
  g_assert_cmpint(run_anyictl(f, "111111\n", NULL, "set-pin", "1001", NULL), ==, 1);
  g_assert_cmpint(run_anyictl(f, "583920\n", NULL, "set-pin", "1001", NULL), ==, 0);
  g_assert_cmpint(run_anyictl(f, "583920\n", NULL, "set-pin", "9999", NULL), ==, 1);
}

/* A member added when 4-digit PINs were allowed: the right PIN no longer
 * opens staff mode; a technician sets a new one with anyictl. */
static void
test_old_short_pin_must_be_reset(Fixture *f, gconstpointer data)
{
  g_autoptr(AnyiStore) store = open_store(f);
  g_autoptr(GError) error = NULL;
  g_autofree char *old_hash = anyi_staff_hash_pin("1234", NULL);

  g_assert_true(anyi_store_staff_add(store, "1001", "李工", "staff", old_hash, &error));
  g_assert_false(sign_in(store, "1001", "1234", &error));
  g_assert_error(error, ANYI_STAFF_ERROR, ANYI_STAFF_ERROR_WEAK_PIN);
  g_clear_error(&error);
  g_assert_false(sign_in(store, "1001", "4321", &error));
  g_assert_error(error, ANYI_STAFF_ERROR, ANYI_STAFF_ERROR_REFUSED);
  g_clear_error(&error);
  g_assert_cmpint(run_anyictl(f, "583920\n", NULL, "set-pin", "1001", NULL), ==, 0);
  g_assert_true(sign_in(store, "1001", "583920", &error));
  g_assert_no_error(error);
}

/* One common PIN tried on one staff number after another: the kiosk locks
 * for everyone, including a member whose own PIN was never tried. */
static void
test_kiosk_locks_across_logins(Fixture *f, gconstpointer data)
{
  g_autoptr(AnyiStore) store = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpint(run_anyictl(f, "246810\n", NULL, "add", "1001", "李工", "staff", NULL), ==, 0);
  g_assert_cmpint(run_anyictl(f, "135790\n", NULL, "add", "2002", "王芳", "staff", NULL), ==, 0);
  store = open_store(f);
  for (int i = 0; i < ANYI_STAFF_KIOSK_MAX_FAILURES; i++) {
    g_autofree char *login = g_strdup_printf("%d", 3000 + i);

    g_assert_false(sign_in(store, i == 0 ? "2002" : login, "583920", &error));
    g_assert_error(error, ANYI_STAFF_ERROR, ANYI_STAFF_ERROR_REFUSED);
    g_clear_error(&error);
    fake_now += 30;
  }
  g_assert_false(sign_in(store, "1001", "246810", &error));
  g_assert_error(error, ANYI_STAFF_ERROR, ANYI_STAFF_ERROR_LOCKED);
  g_clear_error(&error);
  /* a success never clears the kiosk's count: 2002's own PIN is locked too */
  g_assert_false(sign_in(store, "2002", "135790", &error));
  g_assert_error(error, ANYI_STAFF_ERROR, ANYI_STAFF_ERROR_LOCKED);
  g_clear_error(&error);
  fake_now += ANYI_STAFF_LOCKOUT_SECONDS;
  g_assert_true(sign_in(store, "1001", "246810", &error));
  g_assert_no_error(error);
}

static void
exec_sql(Fixture *f, const char *sql)
{
  sqlite3 *db = NULL;
  char *message = NULL;

  g_assert_cmpint(sqlite3_open(f->temp.db_path, &db), ==, SQLITE_OK);
  sqlite3_busy_timeout(db, 5000);
  if (sqlite3_exec(db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error("%s: %s", sql, message);
  sqlite3_close(db);
}

/* A store that cannot write sign-in rows (a full disk, a lock held by
 * another process; here a trigger) refuses every PIN, right or wrong, and
 * never says "wrong PIN": unlimited guesses would go unrecorded. */
static void
test_unrecorded_attempt_is_refused(Fixture *f, gconstpointer data)
{
  g_autoptr(AnyiStore) store = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpint(run_anyictl(f, "246810\n", NULL, "add", "1001", "李工", "staff", NULL), ==, 0);
  exec_sql(f, "CREATE TRIGGER no_sign_in BEFORE INSERT ON audit_log WHEN NEW.action LIKE "
              "'sign-in%' BEGIN SELECT RAISE(FAIL, 'disk full'); END;");
  store = open_store(f);
  for (int i = 0; i < 2 * ANYI_STAFF_KIOSK_MAX_FAILURES; i++) {
    g_assert_false(sign_in(store, "1001", "583920", &error));
    g_assert_error(error, ANYI_STAFF_ERROR, ANYI_STAFF_ERROR_FAILED);
    g_clear_error(&error);
  }
  g_assert_false(sign_in(store, "1001", "246810", &error));
  g_assert_error(error, ANYI_STAFF_ERROR, ANYI_STAFF_ERROR_FAILED);
  g_clear_error(&error);
  exec_sql(f, "DROP TRIGGER no_sign_in;");
  g_assert_true(sign_in(store, "1001", "246810", &error));
  g_assert_no_error(error);
}

typedef struct {
  gboolean done;
  gboolean signed_in;
  guint loop_turns; /* while the PIN was being hashed */
  char *role;
  GError *error;
} AsyncSignIn;

static gboolean
count_turn(gpointer data)
{
  AsyncSignIn *wait = data;

  wait->loop_turns++;
  return wait->done ? G_SOURCE_REMOVE : G_SOURCE_CONTINUE;
}

static void
on_signed_in(GObject *source, GAsyncResult *result, gpointer data)
{
  AsyncSignIn *wait = data;
  g_autofree char *name = NULL;

  wait->signed_in = anyi_staff_sign_in_finish(result, &wait->role, &name, &wait->error);
  wait->done = TRUE;
}

/* The kiosk's main loop keeps turning while yescrypt runs (tens of ms): the
 * screen never freezes on a sign-in, and the outcome comes back to it. */
static void
test_sign_in_hashes_off_the_main_loop(Fixture *f, gconstpointer data)
{
  g_autoptr(AnyiStore) store = NULL;
  AsyncSignIn wait = {0};

  g_assert_cmpint(run_anyictl(f, "246810\n", NULL, "add", "1001", "李工", "technician", NULL), ==,
                  0);
  store = open_store(f);
  anyi_staff_sign_in_async(store, "1001", "246810", NULL, on_signed_in, &wait);
  g_assert_false(wait.done);
  g_idle_add(count_turn, &wait);
  while (!wait.done)
    g_main_context_iteration(NULL, TRUE);
  g_assert_no_error(wait.error);
  g_assert_true(wait.signed_in);
  g_assert_cmpstr(wait.role, ==, "technician");
  g_assert_cmpuint(wait.loop_turns, >, 0);
  g_assert_cmpuint(count_audit(store, "1001", "sign-in"), ==, 1);
  g_free(wait.role);
}

/* Rows changed, deleted or inserted behind the kiosk's back are found by
 * `anyictl audit verify`, which names the first row that no longer links. */
static void
test_audit_chain_finds_tampering(Fixture *f, gconstpointer data)
{
  g_autoptr(AnyiStore) store = NULL;
  g_autofree char *ok = NULL, *changed = NULL, *deleted = NULL;

  g_assert_cmpint(run_anyictl(f, "246810\n", NULL, "add", "1001", "李工", "staff", NULL), ==, 0);
  store = open_store(f);
  g_assert_false(sign_in(store, "1001", "583920", NULL));
  g_assert_true(sign_in(store, "1001", "246810", NULL));
  for (int i = 0; i < 5; i++)
    g_assert_true(anyi_store_audit_add(store, "1001", "restock", "receipt-paper", "full", NULL));
  g_clear_pointer(&store, anyi_store_close);
  g_assert_cmpint(verify_audit(f, &ok), ==, 0);
  g_assert_nonnull(strstr(ok, "audit chain ok: 10 rows"));
  /* a failed sign-in rewritten as a harmless row */
  exec_sql(f, "UPDATE audit_log SET action = 'restock' WHERE action = 'sign-in-failed';");
  g_assert_cmpint(verify_audit(f, &changed), ==, 1);
  g_assert_nonnull(strstr(changed, "BROKEN at row 4:"));
  exec_sql(f, "UPDATE audit_log SET action = 'sign-in-failed' WHERE id = 3;"
              "DELETE FROM audit_log WHERE id = 7;");
  g_assert_cmpint(verify_audit(f, &deleted), ==, 1);
  g_assert_nonnull(strstr(deleted, "BROKEN at row 8:"));
}

/* The personal-data purge leaves the audit log alone; the audit log's own
 * purge, a year later, keeps the chain checkable. */
static void
test_audit_kept_for_its_own_period(Fixture *f, gconstpointer data)
{
  g_autoptr(AnyiStore) store = open_store(f);
  g_autoptr(GError) error = NULL;
  g_autofree char *documents = g_build_filename(f->temp.dir, "documents", NULL);
  AnyiSettings settings = {.retention_days = 90, .audit_days = 365, .documents_dir = documents};
  AnyiRetentionResult result = {0};
  g_autofree char *after_purge = NULL;
  g_autoptr(GPtrArray) all = NULL;
  gint64 start = fake_now;

  for (int i = 0; i < 4; i++)
    g_assert_true(anyi_store_audit_add(store, "1001", "restock", "receipt-paper", "full", NULL));
  fake_now += 200 * 24 * 3600;
  g_assert_true(anyi_store_audit_add(store, "1001", "restock", "a4-paper", "full", NULL));
  g_assert_true(anyi_retention_run(store, &settings, fake_now, &result, &error));
  g_assert_no_error(error);
  g_assert_cmpint(result.audit_deleted, ==, 0);
  all = anyi_store_audit_list(store, 0, 100, NULL);
  g_assert_cmpuint(all->len, ==, 5);
  fake_now = start + 400 * 24 * 3600;
  g_assert_true(anyi_retention_run(store, &settings, fake_now, &result, &error));
  g_assert_cmpint(result.audit_deleted, ==, 4);
  g_assert_true(anyi_store_audit_add(store, "1001", "sign-out", NULL, "timeout", NULL));
  g_clear_pointer(&store, anyi_store_close);
  g_assert_cmpint(verify_audit(f, &after_purge), ==, 0);
  g_assert_nonnull(strstr(after_purge, "audit chain ok: 2 rows, older rows purged"));
  exec_sql(f, "DELETE FROM audit_log WHERE action = 'restock';");
  g_clear_pointer(&after_purge, g_free);
  g_assert_cmpint(verify_audit(f, &after_purge), ==, 1);
}

int
main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  /* refusals the store could not record are logged as warnings */
  g_log_set_always_fatal(G_LOG_LEVEL_CRITICAL);
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
  ADD("weak-pins", test_weak_pins_are_refused);
  ADD("old-short-pin", test_old_short_pin_must_be_reset);
  ADD("kiosk-lockout", test_kiosk_locks_across_logins);
  ADD("unrecorded-attempt", test_unrecorded_attempt_is_refused);
  ADD("async-sign-in", test_sign_in_hashes_off_the_main_loop);
  ADD("audit-chain", test_audit_chain_finds_tampering);
  ADD("audit-period", test_audit_kept_for_its_own_period);
  return g_test_run();
}
