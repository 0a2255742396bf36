/* SPDX-License-Identifier: GPL-3.0-or-later */
/* anyictl-case.c: `anyictl case run SCRIPT`, replaying a case headless.
 *
 * Plays a case script (format in kiosk/engine/cases/anyi-case-script.h)
 * against a database (--db, default a temporary one) with the emulated
 * payment platform, and prints JSON: the case, the states it passed, the
 * events, the documents to print (template and data), the payment and any
 * handoff. With --resume it picks up the newest case of the database
 * instead of starting one (after a crash). `anyictl case recover` ends the
 * cases a crash left open, as the kiosk does at start-up. Exit 0 when the script ran,
 * whatever the case's outcome; 1 for a bad script, catalogue or database;
 * 2 for usage. */
#include "anyictl-commands.h"
#include "anyictl-json.h"
#include "cases/anyi-case-end.h"
#include "cases/anyi-case-print.h"
#include "cases/anyi-case-script.h"
#include "kiosk/anyi-kiosk.h"
#include "payment/anyi-payment-emulated.h"

#include <glib/gstdio.h>
#include <stdio.h>

typedef struct {
  char *db_path;
  char *ledger_path;
  char *catalogue_dir;
  gboolean resume;
  gboolean print;
  char *tmp_dir;
} RunOptions;

static void
run_options_clear(RunOptions *options)
{
  if (options->tmp_dir) {
    g_autofree char *db_wal = g_strconcat(options->db_path, "-wal", NULL);
    g_autofree char *db_shm = g_strconcat(options->db_path, "-shm", NULL);
    g_unlink(options->db_path);
    g_unlink(db_wal);
    g_unlink(db_shm);
    g_unlink(options->ledger_path);
    g_rmdir(options->tmp_dir);
  }
  g_free(options->db_path);
  g_free(options->ledger_path);
  g_free(options->catalogue_dir);
  g_free(options->tmp_dir);
}

static int
case_usage(void)
{
  fprintf(stderr,
          "usage: anyictl case run SCRIPT [--db PATH] [--resume] [--ledger PATH] "
          "[--catalogue DIR]\n"
          "  --db PATH       the kiosk database (default: a temporary one)\n"
          "  --resume        continue the newest case of the database instead of starting one\n"
          "  --ledger PATH   the emulated payment platform's ledger (default: DB.payments)\n"
          "  --catalogue DIR the services folder (default: the kiosk's)\n"
          "  --print         print the documents of the ended case on the kiosk's printers\n"
          "Prints the case as JSON. Exit 0 when the script ran, 1 bad script, 2 usage.\n"
          "usage: anyictl case recover [--db PATH] [--ledger PATH] [--catalogue DIR]\n"
          "  ends the cases a crash left open and settles their print jobs, as the kiosk\n"
          "  does at start-up\n");
  return 2;
}

static JsonNode *
parse_or_null(const char *json)
{
  JsonNode *node = json && *json ? json_from_string(json, NULL) : NULL;
  return node ? node : json_node_new(JSON_NODE_NULL);
}

static void
add_events(JsonObject *out, AnyiStore *store, gint64 case_id)
{
  g_autoptr(GPtrArray) events = anyi_store_case_events(store, case_id, NULL);
  JsonArray *states = json_array_new();
  JsonArray *names = json_array_new();
  g_autofree char *last_state = NULL;

  for (guint i = 0; events && i < events->len; i++) {
    g_auto(GStrv) parts = g_strsplit(events->pdata[i], "\t", 4);
    if (parts[2] && *parts[2] && g_strcmp0(parts[2], last_state) != 0) {
      json_array_add_string_element(states, parts[2]);
      g_free(last_state);
      last_state = g_strdup(parts[2]);
    }
    json_array_add_string_element(names, parts[0]);
  }
  json_object_set_array_member(out, "states", states);
  json_object_set_array_member(out, "events", names);
}

static JsonArray *
documents_json(AnyiCaseRunner *runner)
{
  GPtrArray *documents = anyi_case_runner_get_documents(runner);
  JsonArray *out = json_array_new();

  for (guint i = 0; i < documents->len; i++) {
    AnyiCaseDocument *doc = g_ptr_array_index(documents, i);
    JsonObject *document = json_object_new();

    anyictl_json_set_strings(document, "template", doc->template_name, "role",
                             anyi_printer_role_to_string(doc->role), NULL);
    json_object_set_object_member(document, "data", json_object_ref(doc->data));
    json_array_add_object_element(out, document);
  }
  return out;
}

/* A member that is null when there is nothing to say. */
static void
set_object_or_null(JsonObject *out, const char *name, JsonObject *value)
{
  if (value)
    json_object_set_object_member(out, name, value);
  else
    json_object_set_null_member(out, name);
}

static JsonObject *
payment_json(const AnyiStoredPayment *payment)
{
  JsonObject *out = json_object_new();

  json_object_set_int_member(out, "amount_fen", payment->amount_fen);
  anyictl_json_set_strings(out, "state", payment->state, "idempotency_key",
                           payment->idempotency_key, "order_id", payment->order_id, NULL);
  return out;
}

static JsonObject *
handoff_json(const AnyiStoredHandoff *handoff)
{
  JsonObject *out = json_object_new();

  anyictl_json_set_strings(out, "reason", handoff->reason, "window", handoff->window, NULL);
  json_object_set_member(out, "summary", parse_or_null(handoff->summary_json));
  return out;
}

static JsonArray *
problems_json(GPtrArray *problems)
{
  JsonArray *out = json_array_new();

  for (guint i = 0; i < problems->len; i++) {
    AnyiCaseFieldProblem *p = g_ptr_array_index(problems, i);
    JsonObject *problem = json_object_new();

    anyictl_json_set_strings(problem, "field", p->field->id, "problem",
                             anyi_field_problem_name(p->problem), "tell_citizen",
                             anyi_field_problem_text(p->field, p->problem)->zh, NULL);
    json_array_add_object_element(out, problem);
  }
  return out;
}

/* Where a case that is not final waits, with the form's problems. */
static JsonObject *
stopped_json(AnyiCaseRunner *runner, GPtrArray *problems)
{
  const AnyiStep *step = anyi_case_runner_get_step(runner);
  JsonObject *out;

  if (anyi_case_state_is_final(anyi_case_runner_get_state(runner)) || !step)
    return NULL;
  out = json_object_new();
  json_object_set_int_member(out, "step", anyi_case_runner_get_step_index(runner));
  json_object_set_string_member(out, "type", anyi_step_type_to_string(step->type));
  json_object_set_array_member(out, "problems", problems_json(problems));
  return out;
}

static void
print_case(AnyiStore *store, AnyiCaseRunner *runner, GPtrArray *problems, const char *printed)
{
  AnyiCase *kase = anyi_case_runner_get_case(runner);
  gint64 id = anyi_case_get_id(kase);
  g_autoptr(AnyiStoredPayment) payment = anyi_store_payment_for_case(store, id, NULL);
  g_autoptr(AnyiStoredHandoff) handoff = anyi_store_handoff_for_case(store, id, NULL);
  g_autoptr(JsonObject) out = json_object_new();
  g_autofree char *text = NULL;

  anyictl_json_set_strings(out, "case", anyi_case_get_number(kase), "service",
                           anyi_case_get_service_id(kase), "state",
                           anyi_case_state_to_string(anyi_case_get_state(kase)), NULL);
  add_events(out, store, id);
  json_object_set_array_member(out, "documents", documents_json(runner));
  set_object_or_null(out, "payment", payment ? payment_json(payment) : NULL);
  set_object_or_null(out, "handoff", handoff ? handoff_json(handoff) : NULL);
  set_object_or_null(out, "stopped_at", stopped_json(runner, problems));
  if (printed)
    json_object_set_string_member(out, "printed", printed);
  text = anyictl_json_to_string(out);
  printf("%s\n", text);
}

static gint64
newest_case(AnyiStore *store)
{
  g_autoptr(GPtrArray) recent = anyi_store_cases_recent(store, 1, NULL);
  return recent && recent->len ? ((AnyiStoredCase *)recent->pdata[0])->id : 0;
}

static gboolean
begin_case(AnyiCaseRunner *runner, AnyiStore *store, AnyiCaseScript *script, gboolean resume,
           GError **error)
{
  gint64 id = resume ? newest_case(store) : 0;

  if (id)
    return anyi_case_runner_resume(runner, id, error);
  return anyi_case_runner_start(runner, anyi_case_script_get_service(script), error);
}

static void
on_async_done(GObject *source, GAsyncResult *result, gpointer user_data)
{
  (void)source;
  *(GAsyncResult **)user_data = g_object_ref(result);
}

static GAsyncResult *
wait_for(GAsyncResult **result)
{
  while (!*result)
    g_main_context_iteration(NULL, TRUE);
  return *result;
}

/* As the kiosk prints at the end of a case: through CUPS to the queues of
 * its settings (ANYI_RECEIPT_QUEUE, ANYI_A4_QUEUE), each job recorded. */
static const char *
print_documents(AnyiStore *store, AnyiCaseRunner *runner)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AnyiSettings) settings = anyi_settings_load(&error);
  g_autoptr(GAsyncResult) result = NULL;
  AnyiCasePrintOutcome outcome;

  if (!settings) {
    fprintf(stderr, "anyictl case run: settings: %s\n", error->message);
    return "no-settings";
  }
  anyi_case_print_documents_async(store, settings, anyi_case_runner_get_case(runner),
                                  anyi_case_runner_get_documents(runner), NULL, NULL, NULL,
                                  on_async_done, &result);
  if (!anyi_case_print_documents_finish(wait_for(&result), &outcome, &error))
    return "failed";
  switch (outcome) {
  case ANYI_CASE_PRINT_ALL_PRINTED:
    return "all-printed";
  case ANYI_CASE_PRINT_NOTHING:
    return "nothing";
  case ANYI_CASE_PRINT_RECEIPT_MISSED:
    return "receipt-missed";
  case ANYI_CASE_PRINT_SOME_MISSED:
  default:
    return "some-missed";
  }
}

static int
play(const char *script_path, RunOptions *options)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AnyiCaseScript) script = anyi_case_script_load(script_path, &error);
  g_autoptr(AnyiCatalogue) catalogue = NULL;
  g_autoptr(AnyiStore) store = NULL;
  g_autoptr(AnyiPaymentEmulated) payment = NULL;
  g_autoptr(AnyiCaseRunner) runner = NULL;
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func(g_free);
  AnyiCaseRunnerConfig config;
  GDate today;
  const char *printed = NULL;

  if (!script || !(catalogue = anyi_catalogue_load(options->catalogue_dir, &error)) ||
      !(store = anyi_store_open(options->db_path, &error)) ||
      !(payment = anyi_payment_emulated_new(options->ledger_path, &error))) {
    fprintf(stderr, "anyictl case run: %s\n", error->message);
    return 1;
  }
  anyi_payment_emulated_set_outcome(payment, anyi_case_script_get_payment_outcome(script));
  anyi_case_script_get_config(script, &config);
  anyi_case_script_get_today(script, &today);
  runner = anyi_case_runner_new(store, catalogue, ANYI_PAYMENT_PROVIDER(payment), &config);
  anyi_case_runner_set_today(runner, &today);
  if (!begin_case(runner, store, script, options->resume, &error) ||
      !anyi_case_script_play(script, runner, problems, &error)) {
    fprintf(stderr, "anyictl case run: %s\n", error->message);
    return 1;
  }
  if (options->print && anyi_case_state_is_final(anyi_case_runner_get_state(runner)))
    printed = print_documents(store, runner);
  print_case(store, runner, problems, printed);
  return 0;
}

static gboolean
fill_defaults(RunOptions *options, GError **error)
{
  if (!options->db_path) {
    options->tmp_dir = g_dir_make_tmp("anyictl-case-XXXXXX", error);
    if (!options->tmp_dir)
      return FALSE;
    options->db_path = g_build_filename(options->tmp_dir, "kiosk.db", NULL);
  }
  if (!options->ledger_path)
    options->ledger_path = g_strconcat(options->db_path, ".payments", NULL);
  if (!options->catalogue_dir)
    options->catalogue_dir = anyi_catalogue_default_dir();
  return TRUE;
}

/* The citizen has gone: the emulated platform only reports what it holds. */
static gboolean
recover_quietly(AnyiPaymentProvider *payment)
{
  if (ANYI_IS_PAYMENT_EMULATED(payment))
    anyi_payment_emulated_set_outcome(ANYI_PAYMENT_EMULATED(payment), ANYI_PAYMENT_PENDING);
  return TRUE;
}

/* Through the kiosk's own core (settings, hall, runner configuration), so
 * a case ends as the kiosk's start-up recovery ends it. */
static int
recover(RunOptions *options)
{
  g_autoptr(GError) error = NULL;
  const AnyiKioskPlaces places = {
      .db_path = options->db_path,
      .ledger_path = options->ledger_path,
      .catalogue_dir = options->catalogue_dir,
  };
  g_autoptr(AnyiKiosk) kiosk = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  int ended;
  int settled;

  if (!(kiosk = anyi_kiosk_open_at(&places, &error)) ||
      !recover_quietly(anyi_kiosk_get_payment(kiosk)) ||
      (ended = anyi_kiosk_recover_cases(kiosk, &error)) < 0) {
    fprintf(stderr, "anyictl case recover: %s\n", error->message);
    return 1;
  }
  /* then the print jobs, as the kiosk's start-up (anyi_kiosk_start_upkeep) */
  anyi_case_print_recover_async(anyi_kiosk_get_store(kiosk), anyi_kiosk_get_settings(kiosk), NULL,
                                on_async_done, &result);
  settled = anyi_case_print_recover_finish(wait_for(&result), &error);
  if (settled < 0) {
    fprintf(stderr, "anyictl case recover: print jobs: %s\n", error->message);
    return 1;
  }
  printf("{ \"recovered\" : %d, \"print_jobs_settled\" : %d }\n", ended, settled);
  return 0;
}

static int
run(int argc, char **argv)
{
  RunOptions options = {0};
  const GOptionEntry entries[] = {
      {"db", 0, 0, G_OPTION_ARG_FILENAME, &options.db_path, "database", "PATH"},
      {"resume", 0, 0, G_OPTION_ARG_NONE, &options.resume, "resume the newest case", NULL},
      {"print", 0, 0, G_OPTION_ARG_NONE, &options.print, "print the documents", NULL},
      {"ledger", 0, 0, G_OPTION_ARG_FILENAME, &options.ledger_path, "payment ledger", "PATH"},
      {"catalogue", 0, 0, G_OPTION_ARG_FILENAME, &options.catalogue_dir, "services", "DIR"},
      G_OPTION_ENTRY_NULL,
  };
  g_autoptr(GOptionContext) context = g_option_context_new("SCRIPT");
  g_autoptr(GError) error = NULL;
  int status;

  g_option_context_add_main_entries(context, entries, NULL);
  g_option_context_set_help_enabled(context, FALSE);
  gboolean recovering = g_str_equal(argv[0], "recover");

  if (!g_option_context_parse(context, &argc, &argv, &error) || argc != (recovering ? 1 : 2)) {
    if (error)
      fprintf(stderr, "anyictl case run: %s\n", error->message);
    run_options_clear(&options);
    return case_usage();
  }
  if (!fill_defaults(&options, &error)) {
    fprintf(stderr, "anyictl case run: %s\n", error->message);
    run_options_clear(&options);
    return 1;
  }
  status = recovering ? recover(&options) : play(argv[1], &options);
  run_options_clear(&options);
  return status;
}

int
anyictl_case_main(int argc, char **argv)
{
  if (argc < 2 || !(g_str_equal(argv[1], "run") || g_str_equal(argv[1], "recover")))
    return case_usage();
  return run(argc - 1, argv + 1);
}
