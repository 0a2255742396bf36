/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Every service of the catalogue played headless on its happy path and on
 * each way it can stop short (generated from its data), on a real SQLite
 * file with the emulated payment platform. */
#include "engine-test-util.h"
#include "print/anyi-print-template.h"

static AnyiCatalogue *catalogue;

typedef struct {
  TempStore db;
  AnyiPaymentEmulated *payment;
  AnyiCaseRunner *runner;
  AnyiCaseScript *script;
  GPtrArray *problems;
} Played;

static void
play_scenario(Played *p, const EngineScenario *scenario)
{
  g_autoptr(GError) error = NULL;
  AnyiCaseRunnerConfig config;
  GDate today;

  temp_store_open(&p->db);
  p->script = anyi_case_script_new_from_data(scenario->script, &error);
  g_assert_no_error(error);
  p->payment = anyi_payment_emulated_new(p->db.ledger_path, &error);
  g_assert_no_error(error);
  anyi_payment_emulated_set_outcome(p->payment, anyi_case_script_get_payment_outcome(p->script));
  anyi_case_script_get_config(p->script, &config);
  anyi_case_script_get_today(p->script, &today);
  p->runner =
      anyi_case_runner_new(p->db.store, catalogue, ANYI_PAYMENT_PROVIDER(p->payment), &config);
  anyi_case_runner_set_today(p->runner, &today);
  g_assert_true(anyi_case_runner_start(p->runner, anyi_case_script_get_service(p->script), &error));
  g_assert_no_error(error);
  p->problems = g_ptr_array_new_with_free_func(g_free);
  g_assert_true(anyi_case_script_play(p->script, p->runner, p->problems, &error));
  g_assert_no_error(error);
}

static void
played_clear(Played *p)
{
  g_clear_object(&p->runner);
  g_clear_object(&p->payment);
  g_clear_pointer(&p->script, anyi_case_script_free);
  g_clear_pointer(&p->problems, g_ptr_array_unref);
  temp_store_clear(&p->db);
}

static gboolean
has_document(AnyiCaseRunner *runner, const char *template_name)
{
  GPtrArray *documents = anyi_case_runner_get_documents(runner);

  for (guint i = 0; i < documents->len; i++)
    if (g_str_equal(((AnyiCaseDocument *)documents->pdata[i])->template_name, template_name))
      return TRUE;
  return FALSE;
}

static void
check_documents(AnyiCaseRunner *runner, const EngineScenario *scenario)
{
  const AnyiService *service = anyi_case_runner_get_service(runner);
  AnyiPrints prints = service->steps[service->n_steps - 1].prints;
  gboolean accepted = g_str_equal(scenario->expect_state, "submitted") ||
                      g_str_equal(scenario->expect_state, "accepted-with-missing-materials") ||
                      g_strcmp0(scenario->expect_reason, "window-finishes") == 0;

  g_assert_cmpint(has_document(runner, "handoff-slip"), ==, scenario->expect_reason != NULL);
  g_assert_cmpint(has_document(runner, "one-time-notice"), ==, scenario->expect_notice);
  if (!accepted)
    return;
  g_assert_cmpint(has_document(runner, "receipt"), ==, (prints & ANYI_PRINT_RECEIPT) != 0);
  g_assert_cmpint(has_document(runner, "guidance-leaflet"), ==, (prints & ANYI_PRINT_LEAFLET) != 0);
  g_assert_cmpint(has_document(runner, "queue-ticket"), ==,
                  (prints & ANYI_PRINT_QUEUE_TICKET) != 0);
  g_assert_cmpint(has_document(runner, "application-form"), ==,
                  (prints & ANYI_PRINT_APPLICATION_FORM) != 0);
}

/* Every document the runner hands out prints: its data fills its template
 * (a missing value fails the render). Each (service, template) pair once:
 * rendering every scenario's would take minutes under ASan. */
static void
check_documents_render(AnyiCaseRunner *runner)
{
  static GHashTable *rendered;
  GPtrArray *documents = anyi_case_runner_get_documents(runner);
  const char *service = anyi_case_runner_get_service(runner)->id;

  if (!rendered)
    rendered = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
  for (guint i = 0; i < documents->len; i++) {
    AnyiCaseDocument *doc = documents->pdata[i];
    g_autofree char *key = g_strdup_printf("%s/%s", service, doc->template_name);
    g_autoptr(GError) error = NULL;
    g_autoptr(AnyiPrintTemplate) tpl = NULL;
    g_autoptr(GBytes) pdf = NULL;

    if (g_hash_table_contains(rendered, key))
      continue;
    tpl = anyi_print_template_load_named(doc->template_name, &error);
    g_assert_no_error(error);
    pdf = anyi_print_template_render_pdf_bytes(tpl, doc->data, &error);
    if (error)
      g_error("%s: %s", key, error->message);
    g_assert_cmpuint(g_bytes_get_size(pdf), >, 1000);
    g_hash_table_add(rendered, g_steal_pointer(&key));
  }
}

/* The case read back from the store is the one the runner showed. */
static void
check_resumes_alike(Played *p)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AnyiCaseRunner) again = NULL;
  AnyiCaseRunnerConfig config;

  anyi_case_script_get_config(p->script, &config);
  again = anyi_case_runner_new(p->db.store, catalogue, ANYI_PAYMENT_PROVIDER(p->payment), &config);
  g_assert_true(anyi_case_runner_resume(
      again, anyi_case_get_id(anyi_case_runner_get_case(p->runner)), &error));
  g_assert_no_error(error);
  g_assert_cmpint(anyi_case_runner_get_state(again), ==, anyi_case_runner_get_state(p->runner));
  g_assert_cmpuint(anyi_case_runner_get_step_index(again), ==,
                   anyi_case_runner_get_step_index(p->runner));
  if (anyi_case_state_is_final(anyi_case_runner_get_state(p->runner)))
    g_assert_cmpuint(anyi_case_runner_get_documents(again)->len, ==,
                     anyi_case_runner_get_documents(p->runner)->len);
}

static void
test_scenario(gconstpointer data)
{
  const EngineScenario *scenario = data;
  Played p = {0};

  play_scenario(&p, scenario);
  engine_check_outcome(p.db.store, p.payment, scenario);
  g_assert_cmpint(!anyi_case_state_is_final(anyi_case_runner_get_state(p.runner)), ==,
                  scenario->expect_stopped);
  g_assert_cmpint(p.problems->len > 0, ==,
                  scenario->expect_stopped && !g_str_has_suffix(scenario->name, "payment-pending"));
  check_documents(p.runner, scenario);
  check_documents_render(p.runner);
  check_resumes_alike(&p);
  played_clear(&p);
}

int
main(int argc, char **argv)
{
  g_autoptr(GPtrArray) all = g_ptr_array_new_with_free_func((GDestroyNotify)g_ptr_array_unref);
  int status;

  g_test_init(&argc, &argv, NULL);
  g_log_set_always_fatal(G_LOG_LEVEL_CRITICAL);
  catalogue = engine_test_catalogue();
  for (guint i = 0; i < anyi_catalogue_get_n_services(catalogue); i++) {
    GPtrArray *scenarios = engine_scenarios_for_service(anyi_catalogue_get_service(catalogue, i));
    for (guint k = 0; k < scenarios->len; k++) {
      EngineScenario *scenario = g_ptr_array_index(scenarios, k);
      g_autofree char *path = g_strdup_printf("/engine/%s", scenario->name);
      g_test_add_data_func(path, scenario, test_scenario);
    }
    g_ptr_array_add(all, scenarios);
  }
  status = g_test_run();
  g_clear_object(&catalogue);
  return status;
}
