/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Money and the end of a case, as a citizen would notice them (issue 12,
 * items 1-3): whoever paid leaves with a paper naming the amount and the
 * order; the platform is asked once more before a case ends short, and an
 * order still open is closed; a case's papers are recorded with its end,
 * and those a crash kept from printing reach staff at start-up; one case
 * that cannot be resumed does not keep the others open. */
#include "cases/anyi-case-print.h"
#include "engine-test-util.h"

#include <glib/gstdio.h>
#include <string.h>

static AnyiCatalogue *catalogue;

typedef struct {
  TempStore db;
  AnyiPaymentEmulated *payment;
  AnyiCaseRunner *runner;
} Fixture;

static void
fixture_set_up(Fixture *f, gconstpointer data)
{
  (void)data;
  temp_store_open(&f->db);
  f->payment = anyi_payment_emulated_new(f->db.ledger_path, NULL);
}

static void
fixture_tear_down(Fixture *f, gconstpointer data)
{
  (void)data;
  g_clear_object(&f->runner);
  g_clear_object(&f->payment);
  temp_store_clear(&f->db);
}

static AnyiCaseRunner *
new_runner(Fixture *f, AnyiCatalogue *services)
{
  AnyiCaseRunnerConfig config = {
      .kiosk_letter = 'M', .window = "4", .has_fingerprint_reader = TRUE};
  AnyiCaseRunner *runner = anyi_case_runner_new(f->db.store, services ? services : catalogue,
                                                ANYI_PAYMENT_PROVIDER(f->payment), &config);
  GDate today;

  g_date_clear(&today, 1);
  g_date_set_dmy(&today, 30, 11, 2026);
  anyi_case_runner_set_today(runner, &today);
  return runner;
}

static guint step_of(AnyiStepType type);

/* Plays the renewal's happy script, with @event (or nothing) at the step of
 * type @at, and the platform answering @outcome (PENDING stops the script
 * at the payment step, the order open). */
static void
play_renewal(Fixture *f, const char *event, AnyiStepType at, AnyiPaymentOutcome outcome,
             const char *missing)
{
  g_autoptr(EngineScenario) happy =
      engine_scenario_happy(anyi_catalogue_lookup(catalogue, "idcard-renewal"));
  g_autoptr(JsonNode) node = json_from_string(happy->script, NULL);
  g_autoptr(AnyiCaseScript) script = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *json = NULL;
  JsonObject *root = json_node_get_object(node);

  if (missing) {
    JsonArray *list = json_array_new();
    json_array_add_string_element(list, missing);
    json_object_set_array_member(root, "missing", list);
    json_object_set_boolean_member(root, "commit_to_missing", TRUE);
  }
  if (event) {
    JsonObject *interrupt = json_object_new();
    json_object_set_string_member(interrupt, "event", event);
    json_object_set_int_member(interrupt, "step", step_of(at));
    json_object_set_object_member(root, "interrupt", interrupt);
  }
  json = json_to_string(node, FALSE);
  script = anyi_case_script_new_from_data(json, &error);
  g_assert_no_error(error);
  anyi_payment_emulated_set_outcome(f->payment, outcome);
  f->runner = new_runner(f, NULL);
  g_assert_true(anyi_case_runner_start(f->runner, "idcard-renewal", &error));
  g_assert_true(anyi_case_script_play(script, f->runner, NULL, &error));
  g_assert_no_error(error);
}

static void
store_result(GObject *source, GAsyncResult *result, gpointer user_data)
{
  (void)source;
  *(GAsyncResult **)user_data = g_object_ref(result);
}

static guint
step_of(AnyiStepType type)
{
  const AnyiService *service = anyi_catalogue_lookup(catalogue, "idcard-renewal");

  for (guint i = 0; i < service->n_steps; i++)
    if (service->steps[i].type == type)
      return i;
  g_assert_not_reached();
}

static AnyiCaseDocument *
document(AnyiCaseRunner *runner, const char *template_name)
{
  GPtrArray *documents = anyi_case_runner_get_documents(runner);

  for (guint i = 0; i < documents->len; i++)
    if (g_str_equal(((AnyiCaseDocument *)documents->pdata[i])->template_name, template_name))
      return documents->pdata[i];
  return NULL;
}

static char *
document_text(AnyiCaseDocument *doc)
{
  g_autoptr(JsonNode) node = json_node_init_object(json_node_alloc(), doc->data);
  return json_to_string(node, FALSE);
}

static AnyiStoredPayment *
payment_of(Fixture *f)
{
  return anyi_store_payment_for_case(f->db.store,
                                     anyi_case_get_id(anyi_case_runner_get_case(f->runner)), NULL);
}

static AnyiStoredCase *
case_of(Fixture *f)
{
  return anyi_store_case_get(f->db.store, anyi_case_get_id(anyi_case_runner_get_case(f->runner)),
                             NULL);
}

/* The bug as filed: paid, then 返回首页 on the confirm page. */
static void
test_abandon_after_paying(Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AnyiStoredPayment) payment = NULL;
  g_autoptr(AnyiStoredCase) stored = NULL;
  g_autofree char *slip = NULL;
  AnyiCaseDocument *doc;

  (void)data;
  play_renewal(f, "abandon", ANYI_STEP_CONFIRM, ANYI_PAYMENT_PAID, NULL);
  g_assert_no_error(error);
  g_assert_cmpint(anyi_case_runner_get_state(f->runner), ==, ANYI_CASE_ABANDONED);
  payment = payment_of(f);
  g_assert_cmpstr(payment->state, ==, "refunded");
  g_assert_cmpuint(anyi_payment_emulated_get_refunds(f->payment, payment->idempotency_key), ==, 1);
  g_assert_cmpint(anyi_payment_emulated_get_total_fen(f->payment), ==, 0);
  doc = document(f->runner, "refund-slip");
  g_assert_nonnull(doc);
  slip = document_text(doc);
  g_assert_nonnull(strstr(slip, payment->order_id));
  g_assert_nonnull(strstr(slip, "\"20.00\""));
  stored = case_of(f);
  engine_check_money_has_paper(f->db.store, stored);
}

/* The platform cannot give the money back: the case goes to the window,
 * whose slip names the fee and the order. */
static void
test_refund_refused_goes_to_window(Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AnyiStoredPayment) payment = NULL;
  g_autoptr(AnyiStoredCase) stored = NULL;
  g_autofree char *slip = NULL;
  AnyiHandoffReason reason;

  (void)data;
  play_renewal(f, NULL, 0, ANYI_PAYMENT_PENDING, NULL);
  g_assert_cmpint(anyi_case_runner_get_step(f->runner)->type, ==, ANYI_STEP_PAYMENT);
  anyi_payment_emulated_set_outcome(f->payment, ANYI_PAYMENT_PAID);
  {
    AnyiPaymentOutcome outcome;
    g_assert_true(anyi_case_runner_payment_check(f->runner, &outcome, &error));
    g_assert_no_error(error);
    g_assert_cmpint(outcome, ==, ANYI_PAYMENT_PAID);
  }
  anyi_payment_emulated_set_unreachable(f->payment, TRUE);
  g_assert_true(anyi_case_runner_abandon(f->runner, &error));
  g_assert_no_error(error);
  g_assert_true(anyi_case_runner_get_handoff(f->runner, &reason));
  g_assert_cmpint(reason, ==, ANYI_HANDOFF_REFUND_OWED);
  payment = payment_of(f);
  g_assert_cmpstr(payment->state, ==, "paid");
  slip = document_text(document(f->runner, "handoff-slip"));
  g_assert_nonnull(strstr(slip, payment->order_id));
  g_assert_nonnull(strstr(slip, "20.00"));
  stored = case_of(f);
  engine_check_money_has_paper(f->db.store, stored);
}

/* The citizen pays on the phone between two polls, then the kiosk times
 * out: the last ask finds the money, and the slip says it was paid. */
static void
test_timeout_finds_late_payment(Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AnyiStoredPayment) payment = NULL;
  g_autofree char *slip = NULL;
  AnyiPaymentOutcome outcome;
  AnyiHandoffReason reason;

  (void)data;
  play_renewal(f, NULL, 0, ANYI_PAYMENT_PENDING, NULL);
  g_assert_true(anyi_case_runner_payment_check(f->runner, &outcome, &error));
  g_assert_cmpint(outcome, ==, ANYI_PAYMENT_PENDING);
  anyi_payment_emulated_set_outcome(f->payment, ANYI_PAYMENT_PAID); /* paid on the phone */
  g_assert_true(anyi_case_runner_timeout(f->runner, &error));
  g_assert_no_error(error);
  g_assert_true(anyi_case_runner_get_handoff(f->runner, &reason));
  g_assert_cmpint(reason, ==, ANYI_HANDOFF_TIMEOUT);
  payment = payment_of(f);
  g_assert_cmpstr(payment->state, ==, "paid");
  slip = document_text(document(f->runner, "handoff-slip"));
  g_assert_nonnull(strstr(slip, payment->order_id));
}

/* Help pressed while the QR code shows, nothing paid: the order is closed
 * so that the phone can no longer pay it once the citizen has gone. */
static void
test_help_cancels_open_order(Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AnyiStoredPayment) payment = NULL;
  g_autoptr(AnyiStoredPayment) later = NULL;
  g_autoptr(GError) query_error = NULL;

  (void)data;
  play_renewal(f, NULL, 0, ANYI_PAYMENT_PENDING, NULL);
  g_assert_true(anyi_case_runner_ask_help(f->runner, &error));
  g_assert_no_error(error);
  payment = payment_of(f);
  g_assert_cmpstr(payment->state, ==, "cancelled");
  anyi_payment_emulated_set_outcome(f->payment, ANYI_PAYMENT_PAID); /* the phone tries now */
  g_assert_cmpint(anyi_payment_provider_query(ANYI_PAYMENT_PROVIDER(f->payment), payment->order_id,
                                              &query_error),
                  ==, ANYI_PAYMENT_CANCELLED);
  g_assert_cmpint(anyi_payment_emulated_get_total_fen(f->payment), ==, 0);
}

/* The money arrives while the cancel is on its way: the case knows it was
 * paid, and 返回首页 refunds it with a slip. */
static void
test_abandon_while_paying(Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AnyiStoredPayment) payment = NULL;

  (void)data;
  play_renewal(f, NULL, 0, ANYI_PAYMENT_PENDING, NULL);
  anyi_payment_emulated_set_pays_before_cancel(f->payment, TRUE);
  g_assert_true(anyi_case_runner_abandon(f->runner, &error));
  g_assert_no_error(error);
  g_assert_cmpint(anyi_case_runner_get_state(f->runner), ==, ANYI_CASE_ABANDONED);
  payment = payment_of(f);
  g_assert_cmpstr(payment->state, ==, "refunded");
  g_assert_cmpuint(anyi_payment_emulated_get_charges(f->payment, payment->idempotency_key), ==, 1);
  g_assert_cmpint(anyi_payment_emulated_get_total_fen(f->payment), ==, 0);
  g_assert_nonnull(document(f->runner, "refund-slip"));
}

/* The platform does not answer the last ask: what the citizen paid is
 * unknown, so the case goes to the window with the order to check, never
 * to "abandoned" without a paper. */
static void
test_unknown_payment_goes_to_window(Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AnyiStoredPayment) payment = NULL;
  g_autofree char *slip = NULL;
  AnyiHandoffReason reason;

  (void)data;
  play_renewal(f, NULL, 0, ANYI_PAYMENT_PENDING, NULL);
  anyi_payment_emulated_set_unreachable(f->payment, TRUE);
  g_assert_true(anyi_case_runner_abandon(f->runner, &error));
  g_assert_no_error(error);
  g_assert_true(anyi_case_runner_get_handoff(f->runner, &reason));
  g_assert_cmpint(reason, ==, ANYI_HANDOFF_DEVICE_FAILURE);
  payment = payment_of(f);
  g_assert_cmpstr(payment->state, ==, "started");
  slip = document_text(document(f->runner, "handoff-slip"));
  g_assert_nonnull(strstr(slip, "核实缴费"));
  g_assert_nonnull(strstr(slip, payment->order_id));
}

/* Item 2: the 容缺 case's receipt and 一次性告知书 are in the store the
 * moment the case ends, before anything prints; a crash then loses
 * neither, and start-up tells staff about both. */
static void
test_documents_owed_with_the_end(Fixture *f, gconstpointer data)
{
  g_autoptr(GPtrArray) jobs = NULL;
  g_autoptr(GPtrArray) audit = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(AnyiSettings) settings = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  gint64 case_id;
  guint told = 0;

  (void)data;
  play_renewal(f, NULL, 0, ANYI_PAYMENT_PAID, "household-register");
  g_assert_cmpint(anyi_case_runner_get_state(f->runner), ==, ANYI_CASE_ACCEPTED_WITH_MISSING);
  case_id = anyi_case_get_id(anyi_case_runner_get_case(f->runner));
  g_clear_object(&f->runner); /* the kiosk dies before printing */
  jobs = anyi_store_print_jobs_for_case(f->db.store, case_id, &error);
  g_assert_no_error(error);
  g_assert_cmpuint(jobs->len, ==, 2);
  g_assert_cmpstr(((AnyiStoredPrintJob *)jobs->pdata[0])->template_name, ==, "receipt");
  g_assert_cmpstr(((AnyiStoredPrintJob *)jobs->pdata[1])->template_name, ==, "one-time-notice");
  for (guint i = 0; i < jobs->len; i++)
    g_assert_cmpstr(((AnyiStoredPrintJob *)jobs->pdata[i])->state, ==, "owed");

  settings = anyi_settings_load(&error);
  g_assert_no_error(error);
  anyi_case_print_recover_async(f->db.store, settings, NULL, store_result, &result);
  while (!result)
    g_main_context_iteration(NULL, TRUE);
  g_assert_cmpint(anyi_case_print_recover_finish(result, &error), >=, 0);
  g_assert_no_error(error);
  g_clear_pointer(&jobs, g_ptr_array_unref);
  jobs = anyi_store_print_jobs_for_case(f->db.store, case_id, NULL);
  for (guint i = 0; i < jobs->len; i++)
    g_assert_cmpstr(((AnyiStoredPrintJob *)jobs->pdata[i])->state, ==, "not-printed");
  audit = anyi_store_audit_list(f->db.store, 0, 50, NULL);
  for (guint i = 0; i < audit->len; i++)
    if (strstr(((AnyiAuditEntry *)audit->pdata[i])->action, "print-job-not-printed"))
      told++;
  g_assert_cmpuint(told, ==, 2);
}

/* Item 3: a case whose service file was removed is handed to the window
 * (recovery-failed), and the open cases after it are still ended. */
static void
test_recovery_goes_on(Fixture *f, gconstpointer data)
{
  g_autofree char *dir = g_dir_make_tmp("anyi-services-XXXXXX", NULL);
  g_autoptr(GDir) source = g_dir_open(g_getenv("ANYI_TEST_SERVICES_DIR"), 0, NULL);
  g_autoptr(AnyiCatalogue) without = NULL;
  g_autoptr(GPtrArray) open = NULL;
  g_autoptr(GError) error = NULL;
  const char *services[] = {"idcard-renewal", "idcard-replacement", "idcard-renewal"};
  gint64 ids[G_N_ELEMENTS(services)];
  const char *name;
  AnyiCaseRunnerConfig config = {.kiosk_letter = 'M', .window = "4"};

  (void)data;
  for (guint i = 0; i < G_N_ELEMENTS(services); i++) {
    g_autoptr(AnyiCaseRunner) runner = new_runner(f, NULL);
    g_assert_true(anyi_case_runner_start(runner, services[i], &error));
    g_assert_no_error(error);
    ids[i] = anyi_case_get_id(anyi_case_runner_get_case(runner));
  }
  /* the renewal's service file is removed before the restart */
  while ((name = g_dir_read_name(source))) {
    g_autofree char *from = g_build_filename(g_getenv("ANYI_TEST_SERVICES_DIR"), name, NULL);
    g_autofree char *to = g_build_filename(dir, name, NULL);
    g_autofree char *text = NULL;
    gsize length;
    if (g_str_equal(name, "idcard-renewal.json") ||
        !g_file_get_contents(from, &text, &length, NULL))
      continue;
    g_assert_true(g_file_set_contents(to, text, (gssize)length, NULL));
  }
  without = anyi_catalogue_load(dir, &error);
  g_assert_no_error(error);
  g_assert_null(anyi_catalogue_lookup(without, "idcard-renewal"));

  anyi_case_runner_recover_unfinished(f->db.store, without, ANYI_PAYMENT_PROVIDER(f->payment),
                                      &config, &error);
  open = anyi_store_cases_unfinished(f->db.store, anyi_case_final_state_names(), NULL);
  g_assert_cmpuint(open->len, ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS(services); i++) {
    g_autoptr(AnyiStoredCase) stored = anyi_store_case_get(f->db.store, ids[i], NULL);
    g_autoptr(AnyiStoredHandoff) handoff = anyi_store_handoff_for_case(f->db.store, ids[i], NULL);
    if (g_str_equal(services[i], "idcard-renewal")) {
      g_assert_cmpstr(stored->state, ==, "handed-off");
      g_assert_cmpstr(handoff->reason, ==, "recovery-failed");
    } else {
      g_assert_true(g_strv_contains(anyi_case_final_state_names(), stored->state));
    }
  }
  /* and staff's log names the case */
  {
    g_autoptr(GPtrArray) audit = anyi_store_audit_list(f->db.store, 0, 50, NULL);
    guint named = 0;
    for (guint i = 0; i < audit->len; i++)
      if (g_str_equal(((AnyiAuditEntry *)audit->pdata[i])->action, "recovery-failed"))
        named++;
    g_assert_cmpuint(named, ==, 2);
  }
  {
    g_autoptr(GDir) made = g_dir_open(dir, 0, NULL);
    while ((name = g_dir_read_name(made))) {
      g_autofree char *path = g_build_filename(dir, name, NULL);
      g_unlink(path);
    }
    g_rmdir(dir);
  }
}

int
main(int argc, char **argv)
{
  int status;

  g_test_init(&argc, &argv, NULL);
  /* the platform failing is logged as a warning for the technician */
  g_log_set_always_fatal(G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL);
  catalogue = engine_test_catalogue();
#define ADD(path, fn)                                                                              \
  g_test_add("/engine-money/" path, Fixture, NULL, fixture_set_up, fn, fixture_tear_down)
  ADD("abandon-after-paying", test_abandon_after_paying);
  ADD("refund-refused-goes-to-window", test_refund_refused_goes_to_window);
  ADD("timeout-finds-late-payment", test_timeout_finds_late_payment);
  ADD("help-cancels-open-order", test_help_cancels_open_order);
  ADD("abandon-while-paying", test_abandon_while_paying);
  ADD("unknown-payment-goes-to-window", test_unknown_payment_goes_to_window);
  ADD("documents-owed-with-the-end", test_documents_owed_with_the_end);
  ADD("recovery-goes-on", test_recovery_goes_on);
#undef ADD
  status = g_test_run();
  g_object_unref(catalogue);
  return status;
}
