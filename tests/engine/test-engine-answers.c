/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A service whose result the hall's back office answers, played on the
 * runner: the ID card progress query with the emulated hall. The answer is
 * kept with the case, which waits at its result step until the citizen has
 * seen it; the receipt then holds what the hand-written query flow printed,
 * and a handoff slip lists what the back office said. */
#include "cases/anyi-case-hall.h"
#include "engine-test-util.h"
#include "print/anyi-print-template.h"

#include <string.h>

#define PROGRESS_QUERY "idcard-progress-query"
#define PRODUCING_ID   "510904199001010020" /* assets/hall/emulated-records.json */
#define UNKNOWN_ID     "510104199001011233"

static AnyiCatalogue *catalogue;

typedef struct {
  TempStore db;
  AnyiHall *hall;
  guint asked; /* times the back office was asked */
} Fixture;

static void
fixture_set_up(Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  (void)data;
  temp_store_open(&f->db);
  f->hall = anyi_hall_new_emulated(g_getenv("ANYI_TEST_HALL_RECORDS"), &error);
  g_assert_no_error(error);
  f->asked = 0;
}

static void
fixture_tear_down(Fixture *f, gconstpointer data)
{
  (void)data;
  g_clear_pointer(&f->hall, anyi_hall_free);
  temp_store_clear(&f->db);
}

/* The hall's own hook, counted. */
static JsonObject *
ask_hall(const AnyiService *service, JsonObject *card, gpointer user_data, GError **error)
{
  Fixture *f = user_data;

  f->asked++;
  return anyi_case_hall_answers(service, card, f->hall, error);
}

static JsonObject *
hall_unreachable(const AnyiService *service, JsonObject *card, gpointer user_data, GError **error)
{
  g_set_error(error, ANYI_HALL_ERROR, ANYI_HALL_ERROR_UNREACHABLE, "hall link down");
  return NULL;
}

static AnyiCaseRunner *
new_runner(Fixture *f, AnyiCaseResultFunc ask)
{
  AnyiCaseRunnerConfig config = {.kiosk_letter = 'Q',
                                 .kiosk_id = "KIOSK-T",
                                 .hall = "测试户政大厅",
                                 .window = "3号窗口",
                                 .has_fingerprint_reader = TRUE,
                                 .ask_back_office = ask,
                                 .back_office_data = f};
  AnyiCaseRunner *runner = anyi_case_runner_new(f->db.store, catalogue, NULL, &config);
  GDate today;

  g_date_clear(&today, 1);
  g_date_set_dmy(&today, 30, 11, 2026);
  anyi_case_runner_set_today(runner, &today);
  return runner;
}

/* Starts the query and reads the card of @id_number. */
static AnyiCaseRunner *
query(Fixture *f, AnyiCaseResultFunc ask, const char *id_number)
{
  AnyiCaseCard card = {.type = ANYI_CARD_RESIDENT,
                       .name = "张三",
                       .sex = "1",
                       .birth = "19900101",
                       .id_number = id_number,
                       .address = "四川省遂宁市安居区",
                       .valid_to = "20300101"};
  AnyiCaseRunner *runner = new_runner(f, ask);
  g_autoptr(GError) error = NULL;

  g_assert_true(anyi_case_runner_start(runner, PROGRESS_QUERY, &error));
  g_assert_no_error(error);
  g_assert_cmpint(anyi_case_runner_get_step(runner)->type, ==, ANYI_STEP_READ_CARD);
  g_assert_true(anyi_case_runner_card_read(runner, &card, &error));
  g_assert_no_error(error);
  return runner;
}

static void
assert_waits_with_answer(AnyiCaseRunner *runner)
{
  g_assert_cmpint(anyi_case_runner_get_state(runner), ==, ANYI_CASE_REVIEWING);
  g_assert_cmpint(anyi_case_runner_get_step(runner)->type, ==, ANYI_STEP_RESULT);
  g_assert_nonnull(anyi_case_runner_get_answer(runner));
  g_assert_cmpuint(anyi_case_runner_get_documents(runner)->len, ==, 0);
}

static AnyiCaseDocument *
only_document(AnyiCaseRunner *runner, const char *template_name)
{
  GPtrArray *documents = anyi_case_runner_get_documents(runner);
  AnyiCaseDocument *doc;

  g_assert_cmpuint(documents->len, ==, 1);
  doc = documents->pdata[0];
  g_assert_cmpstr(doc->template_name, ==, template_name);
  return doc;
}

static char *
json_text(JsonObject *object)
{
  g_autoptr(JsonNode) node = json_node_init_object(json_node_alloc(), object);

  return json_to_string(node, FALSE);
}

/* "event from to" of each change of state, in order. */
static char *
case_story(Fixture *f, AnyiCaseRunner *runner)
{
  g_autoptr(GPtrArray) events = anyi_store_case_events(
      f->db.store, anyi_case_get_id(anyi_case_runner_get_case(runner)), NULL);
  GString *story = g_string_new(NULL);

  for (guint i = 0; i < events->len; i++) {
    g_auto(GStrv) fields = g_strsplit(events->pdata[i], "\t", 4);
    g_string_append_printf(story, "%s%s %s>%s", story->len ? ", " : "", fields[0], fields[1],
                           fields[2]);
  }
  return g_string_free(story, FALSE);
}

static void
test_waits_with_answer(Fixture *f, gconstpointer data)
{
  g_autoptr(AnyiCaseRunner) runner = query(f, ask_hall, PRODUCING_ID);
  g_autoptr(AnyiCaseRunner) resumed = NULL;
  g_autoptr(AnyiIdProgress) expected = anyi_hall_query_id_progress(f->hall, PRODUCING_ID, NULL);
  g_autoptr(AnyiIdProgress) shown = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *stored;

  (void)data;
  assert_waits_with_answer(runner);
  g_assert_cmpuint(f->asked, ==, 1);
  stored = anyi_case_get_data(anyi_case_runner_get_case(runner));
  g_assert_cmpstr(
      json_object_get_string_member(json_object_get_object_member(stored, "card"), "id_number"), ==,
      PRODUCING_ID);
  g_assert_cmpstr(json_object_get_string_member(
                      json_object_get_object_member(json_object_get_object_member(stored, "answer"),
                                                    "progress"),
                      "stage"),
                  ==, "producing");
  shown = anyi_case_hall_answer_progress(anyi_case_runner_get_answer(runner));
  g_assert_cmpint(shown->stage, ==, expected->stage);
  g_assert_cmpstr(shown->application, ==, expected->application);
  g_assert_cmpstr(shown->applied_on, ==, expected->applied_on);
  g_assert_cmpstr(shown->expected_on, ==, expected->expected_on);
  g_assert_cmpstr(shown->pickup_place, ==, expected->pickup_place);

  /* the answer was persisted: a resumed case waits with it, not asking again */
  resumed = new_runner(f, ask_hall);
  g_assert_true(anyi_case_runner_resume(
      resumed, anyi_case_get_id(anyi_case_runner_get_case(runner)), &error));
  g_assert_no_error(error);
  assert_waits_with_answer(resumed);
  g_assert_cmpuint(f->asked, ==, 1);
}

/* What the old hand-written query flow (kiosk-window-flow.c, gone) printed as its receipt. */
static JsonObject *
old_receipt(AnyiCaseRunner *runner, const AnyiIdProgress *progress, const char *time)
{
  JsonObject *data = json_object_new();
  JsonArray *results = json_array_new();
  g_autofree char *masked = anyi_id_number_mask(PRODUCING_ID);
  g_autofree char *stage =
      g_strdup_printf("办理进度：%s", anyi_id_progress_stage_label(progress->stage));
  g_autofree char *line = g_strdup_printf("预计制好：%s", progress->expected_on);

  json_object_set_string_member(data, "hall", "测试户政大厅");
  json_object_set_string_member(data, "case_number",
                                anyi_case_get_number(anyi_case_runner_get_case(runner)));
  json_object_set_string_member(data, "service", "身份证办理进度查询");
  json_object_set_string_member(data, "applicant", masked);
  json_object_set_string_member(data, "time", time);
  json_object_set_string_member(data, "kiosk_id", "KIOSK-T");
  json_array_add_string_element(results, stage);
  json_array_add_string_element(results, progress->application);
  json_array_add_string_element(results, line);
  json_object_set_array_member(data, "results", results);
  json_object_set_string_member(data, "next_step", progress->pickup_place);
  return data;
}

static void
test_receipt_wanted(Fixture *f, gconstpointer data)
{
  g_autoptr(AnyiCaseRunner) runner = query(f, ask_hall, PRODUCING_ID);
  g_autoptr(AnyiIdProgress) progress = anyi_hall_query_id_progress(f->hall, PRODUCING_ID, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) expected = NULL;
  g_autoptr(AnyiPrintTemplate) tpl = NULL;
  g_autoptr(GBytes) pdf = NULL;
  g_autofree char *got = NULL;
  g_autofree char *want = NULL;
  g_autofree char *story = NULL;
  AnyiCaseDocument *receipt;
  const char *time;

  (void)data;
  g_assert_true(anyi_case_runner_result_seen(runner, TRUE, &error));
  g_assert_no_error(error);
  g_assert_cmpint(anyi_case_runner_get_state(runner), ==, ANYI_CASE_SUBMITTED);
  receipt = only_document(runner, "receipt");
  g_assert_cmpint(receipt->role, ==, ANYI_PRINTER_ROLE_RECEIPT);
  time = json_object_get_string_member(receipt->data, "time");
  g_assert_true(g_regex_match_simple("^\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d$", time, 0, 0));
  expected = old_receipt(runner, progress, time);
  got = json_text(receipt->data);
  want = json_text(expected);
  g_assert_cmpstr(got, ==, want);
  tpl = anyi_print_template_load_named("receipt", &error);
  g_assert_no_error(error);
  pdf = anyi_print_template_render_pdf_bytes(tpl, receipt->data, &error);
  g_assert_no_error(error);
  story = case_story(f, runner);
  g_assert_nonnull(strstr(story, "collecting started>collecting, card-read collecting>collecting, "
                                 "review collecting>reviewing, result-shown reviewing>reviewing, "
                                 "receipt-wanted reviewing>submitted"));
}

static void
test_answered_on_screen(Fixture *f, gconstpointer data)
{
  g_autoptr(AnyiCaseRunner) runner = query(f, ask_hall, PRODUCING_ID);
  g_autoptr(GError) error = NULL;
  g_autofree char *story = NULL;

  (void)data;
  g_assert_true(anyi_case_runner_result_seen(runner, FALSE, &error));
  g_assert_no_error(error);
  g_assert_cmpint(anyi_case_runner_get_state(runner), ==, ANYI_CASE_SUBMITTED);
  g_assert_cmpuint(anyi_case_runner_get_documents(runner)->len, ==, 0);
  story = case_story(f, runner);
  g_assert_true(g_str_has_suffix(story, "answered-on-screen reviewing>submitted"));
  g_assert_false(anyi_case_runner_result_seen(runner, TRUE, &error));
  g_assert_error(error, ANYI_CASE_RUNNER_ERROR, ANYI_CASE_RUNNER_ERROR_ENDED);
}

/* No application on record is an answer too: the stage says so. */
static void
test_no_record(Fixture *f, gconstpointer data)
{
  g_autoptr(AnyiCaseRunner) runner = query(f, ask_hall, UNKNOWN_ID);
  g_autoptr(GError) error = NULL;
  AnyiCaseDocument *receipt;
  JsonArray *results;
  g_autofree char *line = NULL;

  (void)data;
  assert_waits_with_answer(runner);
  g_assert_true(anyi_case_runner_result_seen(runner, TRUE, &error));
  receipt = only_document(runner, "receipt");
  results = json_object_get_array_member(receipt->data, "results");
  line = g_strdup_printf("办理进度：%s", anyi_id_progress_stage_label(ANYI_ID_PROGRESS_NONE));
  g_assert_cmpuint(json_array_get_length(results), ==, 1);
  g_assert_cmpstr(json_array_get_string_element(results, 0), ==, line);
  g_assert_false(json_object_has_member(receipt->data, "next_step"));
}

static JsonObject *
summary_of_handoff(Fixture *f, AnyiCaseRunner *runner, const char *reason)
{
  g_autoptr(AnyiStoredHandoff) handoff = anyi_store_handoff_for_case(
      f->db.store, anyi_case_get_id(anyi_case_runner_get_case(runner)), NULL);
  g_autoptr(JsonNode) node = NULL;

  g_assert_nonnull(handoff);
  g_assert_cmpstr(handoff->reason, ==, reason);
  node = json_from_string(handoff->summary_json, NULL);
  return json_object_ref(json_node_get_object(node));
}

static gboolean
slip_lists(AnyiCaseDocument *slip, const char *member, const char *text)
{
  g_autoptr(JsonNode) node =
      json_node_init_array(json_node_alloc(), json_object_get_array_member(slip->data, member));
  g_autofree char *listed = json_to_string(node, FALSE);

  return strstr(listed, text) != NULL;
}

static void
test_back_office_fails(Fixture *f, gconstpointer data)
{
  g_autoptr(AnyiCaseRunner) runner = query(f, hall_unreachable, PRODUCING_ID);
  g_autoptr(JsonObject) summary = NULL;
  AnyiHandoffReason reason;
  AnyiCaseDocument *slip;

  (void)data;
  g_assert_true(anyi_case_runner_get_handoff(runner, &reason));
  g_assert_cmpint(reason, ==, ANYI_HANDOFF_DEVICE_FAILURE);
  g_assert_null(anyi_case_runner_get_answer(runner));
  summary = summary_of_handoff(f, runner, "device-failure");
  g_assert_cmpstr(json_object_get_string_member(summary, "detail"), ==, "hall link down");
  slip = only_document(runner, "handoff-slip");
  g_assert_cmpint(slip->role, ==, ANYI_PRINTER_ROLE_A4);
  g_assert_true(slip_lists(slip, "todo", "完成查询"));
  g_assert_false(slip_lists(slip, "collected", "已向后台查询"));
  g_assert_false(slip_lists(slip, "todo", "打印回执"));
}

/* The window is told what the back office said, whoever sends the case
 * there: the citizen, or the start-up recovery after a crash. */
static void
test_slip_lists_answer(Fixture *f, gconstpointer data)
{
  g_autoptr(AnyiCaseRunner) helped = query(f, ask_hall, PRODUCING_ID);
  g_autoptr(AnyiCaseRunner) crashed = query(f, ask_hall, PRODUCING_ID);
  g_autoptr(AnyiCaseRunner) recovered = new_runner(f, ask_hall);
  g_autoptr(GError) error = NULL;
  g_autofree char *line =
      g_strdup_printf("办证进度：%s", anyi_id_progress_stage_label(ANYI_ID_PROGRESS_PRODUCING));
  AnyiCaseRunnerConfig config = {.ask_back_office = ask_hall, .back_office_data = f};

  (void)data;
  g_assert_true(anyi_case_runner_ask_help(helped, &error));
  g_assert_no_error(error);
  g_assert_true(slip_lists(only_document(helped, "handoff-slip"), "collected", line));
  g_assert_true(slip_lists(only_document(helped, "handoff-slip"), "collected", "已向后台查询"));
  /* the answer was shown, its receipt never printed: the window prints it */
  g_assert_true(slip_lists(only_document(helped, "handoff-slip"), "todo", "打印回执"));

  g_assert_cmpint(
      anyi_case_runner_recover_unfinished(f->db.store, catalogue, NULL, &config, &error), ==, 1);
  g_assert_no_error(error);
  g_assert_cmpuint(f->asked, ==, 2);
  g_assert_true(anyi_case_runner_resume(
      recovered, anyi_case_get_id(anyi_case_runner_get_case(crashed)), &error));
  g_assert_cmpint(anyi_case_runner_get_state(recovered), ==, ANYI_CASE_HANDED_OFF);
  g_assert_true(slip_lists(only_document(recovered, "handoff-slip"), "collected", line));
}

/* A service the back office does not answer ends as it always did, the
 * hook or not; so does the query on a kiosk without a back office. */
static void
test_others_unchanged(Fixture *f, gconstpointer data)
{
  g_autoptr(AnyiCaseRunner) plain = query(f, NULL, PRODUCING_ID);
  g_autoptr(EngineScenario) happy =
      engine_scenario_happy(anyi_catalogue_lookup(catalogue, "household-certificate"));
  g_autoptr(AnyiCaseScript) script = NULL;
  g_autoptr(AnyiCaseRunner) other = NULL;
  g_autoptr(GError) error = NULL;

  (void)data;
  g_assert_cmpint(anyi_case_runner_get_state(plain), ==, ANYI_CASE_SUBMITTED);
  g_assert_null(anyi_case_runner_get_answer(plain));
  only_document(plain, "receipt");

  other = new_runner(f, ask_hall);
  script = anyi_case_script_new_from_data(happy->script, &error);
  g_assert_no_error(error);
  g_assert_true(anyi_case_runner_start(other, "household-certificate", &error));
  g_assert_true(anyi_case_script_play(script, other, NULL, &error));
  g_assert_no_error(error);
  g_assert_cmpstr(anyi_case_state_to_string(anyi_case_runner_get_state(other)), ==,
                  happy->expect_state);
  g_assert_null(anyi_case_runner_get_answer(other));
  g_assert_cmpuint(f->asked, ==, 1);
}

static void
test_result_seen_out_of_step(Fixture *f, gconstpointer data)
{
  g_autoptr(AnyiCaseRunner) runner = new_runner(f, ask_hall);
  g_autoptr(GError) error = NULL;

  (void)data;
  g_assert_true(anyi_case_runner_start(runner, PROGRESS_QUERY, &error));
  g_assert_false(anyi_case_runner_result_seen(runner, TRUE, &error));
  g_assert_error(error, ANYI_CASE_RUNNER_ERROR, ANYI_CASE_RUNNER_ERROR_WRONG_STEP);
  g_assert_cmpuint(f->asked, ==, 0);
}

int
main(int argc, char **argv)
{
  int status;

  g_test_init(&argc, &argv, NULL);
  /* a back office that does not answer is logged for the technician */
  g_log_set_always_fatal(G_LOG_LEVEL_CRITICAL);
  catalogue = engine_test_catalogue();
#define ADD(path, fn) g_test_add(path, Fixture, NULL, fixture_set_up, fn, fixture_tear_down)
  ADD("/engine-answers/progress/waits-with-answer", test_waits_with_answer);
  ADD("/engine-answers/progress/receipt-wanted", test_receipt_wanted);
  ADD("/engine-answers/progress/answered-on-screen", test_answered_on_screen);
  ADD("/engine-answers/progress/no-record", test_no_record);
  ADD("/engine-answers/progress/back-office-fails", test_back_office_fails);
  ADD("/engine-answers/progress/slip-lists-answer", test_slip_lists_answer);
  ADD("/engine-answers/others-unchanged", test_others_unchanged);
  ADD("/engine-answers/result-seen-out-of-step", test_result_seen_out_of_step);
  status = g_test_run();
  g_clear_object(&catalogue);
  return status;
}
