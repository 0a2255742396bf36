/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Crash tests: `anyictl case run` is ended by the store's fault-injection
 * hook (ANYI_CRASH_AT=N: _exit right after the N-th durable commit or
 * payment-ledger write) at every persisted point of a case (which cases:
 * worth_crashing). After each crash the case is run again with --resume,
 * and the database must hold exactly one case, finished as an uninterrupted
 * run finishes it, with at most one handoff and never a second charge on
 * the payment platform's ledger. Then the same with a kiosk restart
 * (`anyictl case recover`) instead of the citizen carrying on.
 *
 * ANYI_TEST_CRASH_STRIDE=K (the sanitizer test setup sets it) crashes at
 * points 1, 1+K, 1+2K... only: the sanitizers check the memory of every path
 * (fresh, resume, recover) without paying their start-up cost at each of the
 * thousand points the normal build crashes. */
#include "engine-test-util.h"

#include <glib/gstdio.h>
#include <string.h>

static guint total_points;

static gint64
crash_stride(void)
{
  const char *stride = g_getenv("ANYI_TEST_CRASH_STRIDE");
  gint64 k = stride ? g_ascii_strtoll(stride, NULL, 10) : 1;
  return CLAMP(k, 1, 64);
}

typedef enum {
  RUN_FRESH,
  RUN_RESUME,
  RUN_RECOVER,
} RunMode;

static int
run_anyictl(const char *script, const TempStore *db, gint64 crash_at, RunMode mode)
{
  g_autofree char *crash = g_strdup_printf("%" G_GINT64_FORMAT, crash_at);
  g_auto(GStrv) env = g_environ_unsetenv(g_get_environ(), "ANYI_CRASH_AT");
  const char *services = g_getenv("ANYI_TEST_SERVICES_DIR");
  const char *run[] = {g_getenv("ANYICTL"),
                       "case",
                       "run",
                       script,
                       "--db",
                       db->db_path,
                       "--ledger",
                       db->ledger_path,
                       "--catalogue",
                       services,
                       mode == RUN_RESUME ? "--resume" : NULL,
                       NULL};
  const char *recover[] = {
      g_getenv("ANYICTL"), "case",          "recover",     "--db",   db->db_path,
      "--ledger",          db->ledger_path, "--catalogue", services, NULL};
  const char **argv = mode == RUN_RECOVER ? recover : run;
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  int wait_status = 0;

  if (crash_at > 0)
    env = g_environ_setenv(env, "ANYI_CRASH_AT", crash, TRUE);
  g_assert_true(g_spawn_sync(NULL, (char **)argv, env, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL, NULL,
                             &err, &wait_status, &error));
  g_assert_no_error(error);
  if (g_spawn_check_wait_status(wait_status, &error))
    return 0;
  if (!g_error_matches(error, G_SPAWN_EXIT_ERROR, ANYI_CRASH_EXIT_STATUS))
    g_printerr("%s", err);
  g_assert_true(error->domain == G_SPAWN_EXIT_ERROR);
  return error->code;
}

static void
check_database(const TempStore *db, const EngineScenario *scenario)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AnyiStore) store = anyi_store_open(db->db_path, &error);
  g_autoptr(AnyiPaymentEmulated) ledger = NULL;
  g_autoptr(GPtrArray) problems = NULL;

  g_assert_no_error(error);
  ledger = anyi_payment_emulated_new(db->ledger_path, &error);
  g_assert_no_error(error);
  engine_check_outcome(store, ledger, scenario);
  g_assert_true(anyi_store_check(store, &problems, &error));
  g_assert_cmpuint(problems->len, ==, 0);
}

/* Crashes at point 1, 2, ... until a run passes every point untouched. */
static void
test_crash_everywhere(gconstpointer data)
{
  const EngineScenario *scenario = data;
  g_autofree char *dir = g_dir_make_tmp("anyi-crash-XXXXXX", NULL);
  g_autofree char *script = g_build_filename(dir, "script.json", NULL);
  guint points = 0;

  g_assert_true(g_file_set_contents(script, scenario->script, -1, NULL));
  for (gint64 n = 1;; n += crash_stride()) {
    TempStore db = {0};
    int status;
    temp_store_prepare(&db);
    status = run_anyictl(script, &db, n, RUN_FRESH);
    if (status == 0) {
      check_database(&db, scenario);
      temp_store_clear(&db);
      break;
    }
    g_assert_cmpint(status, ==, ANYI_CRASH_EXIT_STATUS);
    g_assert_cmpint(run_anyictl(script, &db, 0, RUN_RESUME), ==, 0);
    check_database(&db, scenario);
    temp_store_clear(&db);
    points++;
  }
  g_assert_cmpuint(points, >, 0);
  total_points += points;
  g_test_message("%s: %u kill points", scenario->name, points);
  g_unlink(script);
  g_rmdir(dir);
}

/* After a recovery the case is final: as the uninterrupted run ends it, or
 * handed off once, or abandoned if nothing was collected; and whatever the
 * platform charged, the kiosk knows about, once. */
static void
check_recovered(const TempStore *db, const EngineScenario *scenario)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AnyiStore) store = anyi_store_open(db->db_path, &error);
  g_autoptr(AnyiPaymentEmulated) ledger = anyi_payment_emulated_new(db->ledger_path, NULL);
  g_autoptr(AnyiStoredCase) stored = NULL;
  g_autoptr(AnyiStoredHandoff) handoff = NULL;
  g_autoptr(AnyiStoredPayment) payment = NULL;
  g_autoptr(GPtrArray) open = NULL;
  AnyiCaseState state;

  g_assert_no_error(error);
  stored = engine_db_only_case(store);
  g_assert_true(anyi_case_state_from_string(stored->state, &state));
  g_assert_true(anyi_case_state_is_final(state));
  handoff = anyi_store_handoff_for_case(store, stored->id, NULL);
  open = anyi_store_handoffs_open(store, NULL);
  g_assert_cmpuint(open->len, ==, handoff ? 1 : 0);
  if (state == ANYI_CASE_HANDED_OFF && g_strcmp0(handoff->reason, scenario->expect_reason) != 0)
    g_assert_cmpstr(handoff->reason, ==, "device-failure");
  else if (state != ANYI_CASE_ABANDONED)
    g_assert_cmpstr(stored->state, ==, scenario->expect_state);
  engine_check_money_has_paper(store, stored);
  payment = anyi_store_payment_for_case(store, stored->id, NULL);
  if (payment && g_str_equal(payment->state, "paid"))
    g_assert_cmpuint(anyi_payment_emulated_get_charges(ledger, payment->idempotency_key), ==, 1);
  else
    g_assert_cmpint(anyi_payment_emulated_get_total_fen(ledger), ==, 0);
}

/* As test_crash_everywhere, but the kiosk restarts and recovers instead of
 * the citizen carrying on. */
static void
test_crash_and_recover(gconstpointer data)
{
  const EngineScenario *scenario = data;
  g_autofree char *dir = g_dir_make_tmp("anyi-crash-XXXXXX", NULL);
  g_autofree char *script = g_build_filename(dir, "script.json", NULL);
  guint points = 0;

  g_assert_true(g_file_set_contents(script, scenario->script, -1, NULL));
  for (gint64 n = 1;; n += crash_stride()) {
    TempStore db = {0};
    int status;
    temp_store_prepare(&db);
    status = run_anyictl(script, &db, n, RUN_FRESH);
    if (status == 0) {
      temp_store_clear(&db);
      break;
    }
    g_assert_cmpint(status, ==, ANYI_CRASH_EXIT_STATUS);
    g_assert_cmpint(run_anyictl(script, &db, 0, RUN_RECOVER), ==, 0);
    check_recovered(&db, scenario);
    temp_store_clear(&db);
    points++;
  }
  total_points += points;
  g_test_message("%s: %u kill points, recovered", scenario->name, points);
  g_unlink(script);
  g_rmdir(dir);
}

/* The default run crashes every point of each happy path and of each case
 * that pays (or does not) or claims a waiver, and recovers every point of
 * each happy path; `-m thorough` adds the 容缺 cases, failed card and photo
 * tries, and recovery of the unpaid and 容缺 cases. */
static gboolean
worth_recovering(const EngineScenario *scenario)
{
  if (g_str_has_suffix(scenario->name, "/happy"))
    return TRUE;
  return g_test_thorough() &&
         (scenario->expect_notice || strstr(scenario->name, "/payment-failed"));
}

static gboolean
worth_crashing(const EngineScenario *scenario)
{
  if (scenario->expect_stopped)
    return FALSE;
  if (g_str_has_suffix(scenario->name, "/happy") || strstr(scenario->name, "/payment-") ||
      strstr(scenario->name, "/waiver-"))
    return TRUE;
  /* paid, then 返回首页: refunded once, whatever point a crash hits */
  if (scenario->expect_refund && strstr(scenario->name, "/abandon-at-step-"))
    return TRUE;
  return g_test_thorough() && (scenario->expect_notice || scenario->expect_paid_fen >= 0 ||
                               g_str_has_suffix(scenario->name, "/card-tries") ||
                               g_str_has_suffix(scenario->name, "/photo-tries"));
}

int
main(int argc, char **argv)
{
  g_autoptr(AnyiCatalogue) catalogue = NULL;
  g_autoptr(GPtrArray) all = g_ptr_array_new_with_free_func((GDestroyNotify)g_ptr_array_unref);
  int status;

  g_test_init(&argc, &argv, NULL);
  if (!g_getenv("ANYICTL")) {
    g_print("1..0 # SKIP ANYICTL is not set: run through meson test\n");
    return 77;
  }
  catalogue = engine_test_catalogue();
  for (guint i = 0; i < anyi_catalogue_get_n_services(catalogue); i++) {
    GPtrArray *scenarios = engine_scenarios_for_service(anyi_catalogue_get_service(catalogue, i));
    for (guint k = 0; k < scenarios->len; k++) {
      EngineScenario *scenario = g_ptr_array_index(scenarios, k);
      g_autofree char *path = g_strdup_printf("/engine-crash/%s", scenario->name);
      g_autofree char *recover_path = g_strdup_printf("/engine-recover/%s", scenario->name);
      if (worth_crashing(scenario))
        g_test_add_data_func(path, scenario, test_crash_everywhere);
      if (worth_recovering(scenario))
        g_test_add_data_func(recover_path, scenario, test_crash_and_recover);
    }
    g_ptr_array_add(all, scenarios);
  }
  status = g_test_run();
  g_print("# crash test: %u kill points in all\n", total_points);
  return status;
}
