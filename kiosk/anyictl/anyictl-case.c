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
#include "cases/anyi-case-script.h"
#include "payment/anyi-payment-emulated.h"

#include <glib/gstdio.h>
#include <stdio.h>

typedef struct {
  char *db_path;
  char *ledger_path;
  char *catalogue_dir;
  gboolean resume;
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
          "Prints the case as JSON. Exit 0 when the script ran, 1 bad script, 2 usage.\n"
          "usage: anyictl case recover [--db PATH] [--ledger PATH] [--catalogue DIR]\n"
          "  ends the cases a crash left open, as the kiosk does at start-up\n");
  return 2;
}

static JsonNode *
parse_or_null(const char *json)
{
  JsonNode *node = json && *json ? json_from_string(json, NULL) : NULL;
  return node ? node : json_node_new(JSON_NODE_NULL);
}

static void
add_events(JsonBuilder *b, AnyiStore *store, gint64 case_id)
{
  g_autoptr(GPtrArray) events = anyi_store_case_events(store, case_id, NULL);
  g_autofree char *last_state = NULL;

  json_builder_set_member_name(b, "states");
  json_builder_begin_array(b);
  for (guint i = 0; events && i < events->len; i++) {
    g_auto(GStrv) parts = g_strsplit(events->pdata[i], "\t", 4);
    if (parts[2] && *parts[2] && g_strcmp0(parts[2], last_state) != 0) {
      json_builder_add_string_value(b, parts[2]);
      g_free(last_state);
      last_state = g_strdup(parts[2]);
    }
  }
  json_builder_end_array(b);
  json_builder_set_member_name(b, "events");
  json_builder_begin_array(b);
  for (guint i = 0; events && i < events->len; i++) {
    g_auto(GStrv) parts = g_strsplit(events->pdata[i], "\t", 4);
    json_builder_add_string_value(b, parts[0]);
  }
  json_builder_end_array(b);
}

static void
add_documents(JsonBuilder *b, AnyiCaseRunner *runner)
{
  GPtrArray *documents = anyi_case_runner_get_documents(runner);

  json_builder_set_member_name(b, "documents");
  json_builder_begin_array(b);
  for (guint i = 0; i < documents->len; i++) {
    AnyiCaseDocument *doc = g_ptr_array_index(documents, i);
    json_builder_begin_object(b);
    json_builder_set_member_name(b, "template");
    json_builder_add_string_value(b, doc->template_name);
    json_builder_set_member_name(b, "role");
    json_builder_add_string_value(b, anyi_printer_role_to_string(doc->role));
    json_builder_set_member_name(b, "data");
    json_builder_add_value(b, json_node_init_object(json_node_alloc(), doc->data));
    json_builder_end_object(b);
  }
  json_builder_end_array(b);
}

static void
add_handoff(JsonBuilder *b, AnyiStore *store, gint64 case_id)
{
  g_autoptr(AnyiStoredHandoff) handoff = anyi_store_handoff_for_case(store, case_id, NULL);

  json_builder_set_member_name(b, "handoff");
  if (!handoff) {
    json_builder_add_null_value(b);
    return;
  }
  json_builder_begin_object(b);
  json_builder_set_member_name(b, "reason");
  json_builder_add_string_value(b, handoff->reason);
  json_builder_set_member_name(b, "window");
  json_builder_add_string_value(b, handoff->window);
  json_builder_set_member_name(b, "summary");
  json_builder_add_value(b, parse_or_null(handoff->summary_json));
  json_builder_end_object(b);
}

static void
add_payment(JsonBuilder *b, AnyiStore *store, gint64 case_id)
{
  g_autoptr(AnyiStoredPayment) payment = anyi_store_payment_for_case(store, case_id, NULL);

  json_builder_set_member_name(b, "payment");
  if (!payment) {
    json_builder_add_null_value(b);
    return;
  }
  json_builder_begin_object(b);
  json_builder_set_member_name(b, "amount_fen");
  json_builder_add_int_value(b, payment->amount_fen);
  json_builder_set_member_name(b, "state");
  json_builder_add_string_value(b, payment->state);
  json_builder_set_member_name(b, "idempotency_key");
  json_builder_add_string_value(b, payment->idempotency_key);
  json_builder_set_member_name(b, "order_id");
  json_builder_add_string_value(b, payment->order_id);
  json_builder_end_object(b);
}

static void
add_stopped(JsonBuilder *b, AnyiCaseRunner *runner, GPtrArray *problems)
{
  const AnyiStep *step = anyi_case_runner_get_step(runner);

  json_builder_set_member_name(b, "stopped_at");
  if (anyi_case_state_is_final(anyi_case_runner_get_state(runner)) || !step) {
    json_builder_add_null_value(b);
    return;
  }
  json_builder_begin_object(b);
  json_builder_set_member_name(b, "step");
  json_builder_add_int_value(b, anyi_case_runner_get_step_index(runner));
  json_builder_set_member_name(b, "type");
  json_builder_add_string_value(b, anyi_step_type_to_string(step->type));
  json_builder_set_member_name(b, "problems");
  json_builder_begin_array(b);
  for (guint i = 0; i < problems->len; i++) {
    AnyiCaseFieldProblem *p = g_ptr_array_index(problems, i);
    json_builder_begin_object(b);
    json_builder_set_member_name(b, "field");
    json_builder_add_string_value(b, p->field->id);
    json_builder_set_member_name(b, "problem");
    json_builder_add_string_value(b, anyi_field_problem_name(p->problem));
    json_builder_set_member_name(b, "tell_citizen");
    json_builder_add_string_value(b, anyi_field_problem_text(p->field, p->problem)->zh);
    json_builder_end_object(b);
  }
  json_builder_end_array(b);
  json_builder_end_object(b);
}

static void
print_case(AnyiStore *store, AnyiCaseRunner *runner, GPtrArray *problems)
{
  AnyiCase *kase = anyi_case_runner_get_case(runner);
  g_autoptr(JsonBuilder) b = json_builder_new();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;

  json_builder_begin_object(b);
  json_builder_set_member_name(b, "case");
  json_builder_add_string_value(b, anyi_case_get_number(kase));
  json_builder_set_member_name(b, "service");
  json_builder_add_string_value(b, anyi_case_get_service_id(kase));
  json_builder_set_member_name(b, "state");
  json_builder_add_string_value(b, anyi_case_state_to_string(anyi_case_get_state(kase)));
  add_events(b, store, anyi_case_get_id(kase));
  add_documents(b, runner);
  add_payment(b, store, anyi_case_get_id(kase));
  add_handoff(b, store, anyi_case_get_id(kase));
  add_stopped(b, runner, problems);
  json_builder_end_object(b);
  root = json_builder_get_root(b);
  text = json_to_string(root, TRUE);
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
  print_case(store, runner, problems);
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
recover_quietly(AnyiPaymentEmulated *payment)
{
  anyi_payment_emulated_set_outcome(payment, ANYI_PAYMENT_PENDING);
  return TRUE;
}

static int
recover(RunOptions *options)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AnyiCatalogue) catalogue = NULL;
  g_autoptr(AnyiStore) store = NULL;
  g_autoptr(AnyiPaymentEmulated) payment = NULL;
  AnyiCaseRunnerConfig config = {.kiosk_letter = 'A', .has_fingerprint_reader = TRUE};
  int ended;

  if (!(catalogue = anyi_catalogue_load(options->catalogue_dir, &error)) ||
      !(store = anyi_store_open(options->db_path, &error)) ||
      !(payment = anyi_payment_emulated_new(options->ledger_path, &error)) ||
      !recover_quietly(payment) ||
      (ended = anyi_case_runner_recover_unfinished(store, catalogue, ANYI_PAYMENT_PROVIDER(payment),
                                                   &config, &error)) < 0) {
    fprintf(stderr, "anyictl case recover: %s\n", error->message);
    return 1;
  }
  printf("{ \"recovered\" : %d }\n", ended);
  return 0;
}

static int
run(int argc, char **argv)
{
  RunOptions options = {0};
  const GOptionEntry entries[] = {
      {"db", 0, 0, G_OPTION_ARG_FILENAME, &options.db_path, "database", "PATH"},
      {"resume", 0, 0, G_OPTION_ARG_NONE, &options.resume, "resume the newest case", NULL},
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
