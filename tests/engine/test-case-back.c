/* SPDX-License-Identifier: GPL-3.0-or-later */
/* 上一步 across steps, on the runner: what the step gone back to had
 * collected leaves the case and the store in one write, a crash right
 * after resumes at that step, and a payment or the card are barriers. */
#include "engine-test-util.h"

#include <string.h>

#define CITIZEN_ID "510104199001011230" /* its check digit fits */

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
new_runner(Fixture *f)
{
  AnyiCaseRunnerConfig config = {
      .kiosk_letter = 'B', .window = "4", .has_fingerprint_reader = TRUE};
  AnyiCaseRunner *runner =
      anyi_case_runner_new(f->db.store, catalogue, ANYI_PAYMENT_PROVIDER(f->payment), &config);
  GDate today;

  g_date_clear(&today, 1);
  g_date_set_dmy(&today, 30, 11, 2026);
  anyi_case_runner_set_today(runner, &today);
  return runner;
}

static void
start(Fixture *f, const char *service_id)
{
  g_autoptr(GError) error = NULL;

  f->runner = new_runner(f);
  g_assert_true(anyi_case_runner_start(f->runner, service_id, &error));
  g_assert_no_error(error);
}

static AnyiStepType
step_type(AnyiCaseRunner *runner)
{
  g_assert_nonnull(anyi_case_runner_get_step(runner));
  return anyi_case_runner_get_step(runner)->type;
}

static void
read_card(Fixture *f)
{
  AnyiCaseCard card = {.type = ANYI_CARD_RESIDENT,
                       .name = "张三",
                       .sex = "1",
                       .birth = "19900101",
                       .id_number = CITIZEN_ID,
                       .address = "四川省遂宁市安居区",
                       .valid_to = "20261220"};
  g_autoptr(GError) error = NULL;

  g_assert_cmpint(step_type(f->runner), ==, ANYI_STEP_READ_CARD);
  g_assert_true(anyi_case_runner_card_read(f->runner, &card, &error));
  g_assert_no_error(error);
}

/* Every question of the step answered so that the case goes on. */
static void
answer_fitting(Fixture *f)
{
  const AnyiStep *step = anyi_case_runner_get_step(f->runner);
  g_autoptr(JsonObject) answers = json_object_new();
  g_autoptr(GError) error = NULL;

  g_assert_cmpint(step->type, ==, ANYI_STEP_QUESTIONS);
  for (guint i = 0; i < step->n_questions; i++)
    json_object_set_boolean_member(answers, step->questions[i]->id,
                                   !step->questions[i]->ineligible_answer);
  g_assert_true(anyi_case_runner_answer(f->runner, answers, &error));
  g_assert_no_error(error);
}

/* @pairs: field id, value, ..., NULL */
static void
fill_form(Fixture *f, ...)
{
  g_autoptr(JsonObject) values = json_object_new();
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GError) error = NULL;
  const char *id;
  va_list args;

  g_assert_cmpint(step_type(f->runner), ==, ANYI_STEP_FORM);
  va_start(args, f);
  while ((id = va_arg(args, const char *)))
    json_object_set_string_member(values, id, va_arg(args, const char *));
  va_end(args);
  g_assert_true(anyi_case_runner_form(f->runner, values, &problems, &error));
  g_assert_no_error(error);
  g_assert_cmpuint(problems->len, ==, 0);
}

static void
take_photo(Fixture *f)
{
  g_autoptr(GError) error = NULL;

  g_assert_cmpint(step_type(f->runner), ==, ANYI_STEP_PHOTO);
  g_assert_true(anyi_case_runner_photo_taken(f->runner, "/photos/face.jpg", &error));
  g_assert_no_error(error);
}

static void
capture(Fixture *f)
{
  const AnyiStep *step = anyi_case_runner_get_step(f->runner);
  g_autoptr(GError) error = NULL;

  g_assert_cmpint(step->type, ==, ANYI_STEP_CAPTURE_DOCUMENT);
  g_assert_true(
      anyi_case_runner_document_captured(f->runner, step->material->id, "/scans/doc.jpg", &error));
  g_assert_no_error(error);
}

static JsonObject *
back(Fixture *f)
{
  g_autoptr(GError) error = NULL;
  JsonObject *dropped = NULL;

  g_assert_true(anyi_case_runner_can_go_back(f->runner));
  g_assert_true(anyi_case_runner_back(f->runner, &dropped, &error));
  g_assert_no_error(error);
  return dropped;
}

/* The case's data as the store holds it: what recovery reads. */
static JsonObject *
stored_data(Fixture *f)
{
  g_autoptr(AnyiStoredCase) stored = anyi_store_case_get(
      f->db.store, anyi_case_get_id(anyi_case_runner_get_case(f->runner)), NULL);
  g_autoptr(JsonNode) node = NULL;

  g_assert_nonnull(stored);
  node = json_from_string(stored->data_json, NULL);
  g_assert_nonnull(node);
  return json_object_ref(json_node_get_object(node));
}

static gint64
stored_step(JsonObject *data)
{
  return json_object_get_int_member(json_object_get_object_member(data, "progress"), "step");
}

static void
test_form_to_question(Fixture *f, gconstpointer data)
{
  g_autoptr(JsonObject) dropped = NULL;
  g_autoptr(JsonObject) stored = NULL;

  (void)data;
  start(f, "household-certificate");
  read_card(f);
  /* the card says whose case it is: no way back before the first question */
  g_assert_false(anyi_case_runner_can_go_back(f->runner));
  answer_fitting(f);
  g_assert_cmpint(step_type(f->runner), ==, ANYI_STEP_FORM);

  dropped = back(f);
  g_assert_cmpint(step_type(f->runner), ==, ANYI_STEP_QUESTIONS);
  g_assert_cmpint(anyi_case_runner_get_state(f->runner), ==, ANYI_CASE_COLLECTING);
  g_assert_true(json_object_has_member(dropped, "historic-records"));
  stored = stored_data(f);
  g_assert_false(json_object_has_member(stored, "answers"));
  g_assert_cmpint(stored_step(stored), ==, anyi_case_runner_get_step_index(f->runner));

  /* answered again, the case goes on as before */
  answer_fitting(f);
  g_assert_cmpint(step_type(f->runner), ==, ANYI_STEP_FORM);
}

static void
test_photo_to_form(Fixture *f, gconstpointer data)
{
  g_autoptr(JsonObject) dropped = NULL;
  g_autoptr(JsonObject) stored = NULL;

  (void)data;
  start(f, "idcard-replacement");
  g_assert_false(anyi_case_runner_can_go_back(f->runner)); /* the first step */
  fill_form(f, "reason", "lost", "applicant-name", "张三", "applicant-id-number", CITIZEN_ID,
            "mobile", "13800138000", "temporary-card", "no", NULL);
  g_assert_cmpint(step_type(f->runner), ==, ANYI_STEP_PHOTO);

  dropped = back(f);
  g_assert_cmpint(step_type(f->runner), ==, ANYI_STEP_FORM);
  /* what was typed comes back, for the page to fill in again */
  g_assert_cmpstr(json_object_get_string_member(dropped, "applicant-name"), ==, "张三");
  g_assert_cmpstr(json_object_get_string_member(dropped, "mobile"), ==, "13800138000");
  stored = stored_data(f);
  g_assert_false(json_object_has_member(stored, "form"));
  g_assert_cmpint(stored_step(stored), ==, 0);
}

static void
test_document_to_photo(Fixture *f, gconstpointer data)
{
  g_autoptr(JsonObject) dropped = NULL;
  g_autoptr(JsonObject) stored = NULL;
  g_autoptr(GError) error = NULL;

  (void)data;
  start(f, "idcard-replacement");
  fill_form(f, "reason", "damaged", "applicant-name", "张三", "applicant-id-number", CITIZEN_ID,
            "mobile", "13800138000", "temporary-card", "no", NULL);
  /* a failed try, then a good photo */
  g_assert_true(anyi_case_runner_photo_failed(f->runner, "eyes closed", NULL, &error));
  g_assert_cmpuint(anyi_case_runner_get_photo_tries_left(f->runner), ==, 2);
  take_photo(f);
  g_assert_cmpint(step_type(f->runner), ==, ANYI_STEP_CAPTURE_DOCUMENT);

  dropped = back(f);
  g_assert_null(dropped);
  g_assert_cmpint(step_type(f->runner), ==, ANYI_STEP_PHOTO);
  g_assert_cmpuint(anyi_case_runner_get_photo_tries_left(f->runner), ==, 3);
  stored = stored_data(f);
  g_assert_false(json_object_has_member(stored, "photo"));
  /* the form before it stays as given */
  g_assert_cmpstr(
      json_object_get_string_member(json_object_get_object_member(stored, "form"), "reason"), ==,
      "damaged");

  /* back once more, to the form, then forward through all of it again */
  g_clear_pointer(&dropped, json_object_unref);
  dropped = back(f);
  g_assert_cmpint(step_type(f->runner), ==, ANYI_STEP_FORM);
  g_assert_false(anyi_case_runner_can_go_back(f->runner));
  fill_form(f, "reason", "lost", "applicant-name", "张三", "applicant-id-number", CITIZEN_ID,
            "mobile", "13800138000", "temporary-card", "no", NULL);
  take_photo(f);
  capture(f);
  g_assert_cmpint(step_type(f->runner), ==, ANYI_STEP_CONFIRM);
}

/* A document declared missing at its step is not missing any more once
 * the citizen goes back to it: they may have found it. */
static void
test_document_missing_undone(Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) missing = NULL;
  g_autoptr(JsonObject) dropped = NULL;
  const AnyiStep *step;

  (void)data;
  start(f, "idcard-replacement");
  fill_form(f, "reason", "lost", "applicant-name", "张三", "applicant-id-number", CITIZEN_ID,
            "mobile", "13800138000", "temporary-card", "no", NULL);
  take_photo(f);
  step = anyi_case_runner_get_step(f->runner);
  if (!step->material->may_be_missing) {
    g_test_skip("the household register may not be brought later in this catalogue");
    return;
  }
  g_assert_true(anyi_case_runner_material_missing(f->runner, step->material->id, &error));
  g_assert_no_error(error);
  g_assert_cmpint(step_type(f->runner), ==, ANYI_STEP_CONFIRM);
  g_assert_cmpint(anyi_case_runner_get_state(f->runner), ==, ANYI_CASE_REVIEWING);

  dropped = back(f); /* from the final check: the case collects again */
  g_assert_cmpint(step_type(f->runner), ==, ANYI_STEP_CAPTURE_DOCUMENT);
  g_assert_cmpint(anyi_case_runner_get_state(f->runner), ==, ANYI_CASE_COLLECTING);
  missing = anyi_case_runner_dup_missing(f->runner);
  g_assert_cmpuint(g_strv_length(missing), ==, 0);
}

static void
test_barrier_after_payment(Fixture *f, gconstpointer data)
{
  AnyiPaymentOutcome outcome = ANYI_PAYMENT_PENDING;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) before = NULL;
  g_autoptr(JsonObject) after = NULL;
  JsonObject *dropped = NULL;

  (void)data;
  start(f, "idcard-renewal");
  read_card(f);
  answer_fitting(f);
  take_photo(f);
  capture(f);
  fill_form(f, "mobile", "13800138000", "collection", "window", "waiver", "none", NULL);
  g_assert_cmpint(step_type(f->runner), ==, ANYI_STEP_PAYMENT);
  g_assert_true(anyi_case_runner_can_go_back(f->runner)); /* nothing asked of the platform yet */
  g_assert_true(anyi_case_runner_payment_start(f->runner, &error));
  g_assert_no_error(error);
  /* the order is open at the platform: the QR code may be scanned already */
  g_assert_false(anyi_case_runner_can_go_back(f->runner));
  anyi_payment_emulated_set_outcome(f->payment, ANYI_PAYMENT_PAID);
  g_assert_true(anyi_case_runner_payment_check(f->runner, &outcome, &error));
  g_assert_no_error(error);
  g_assert_cmpint(outcome, ==, ANYI_PAYMENT_PAID);
  g_assert_cmpint(step_type(f->runner), ==, ANYI_STEP_CONFIRM);

  before = stored_data(f);
  g_assert_false(anyi_case_runner_can_go_back(f->runner));
  g_assert_false(anyi_case_runner_back(f->runner, &dropped, &error));
  g_assert_error(error, ANYI_CASE_RUNNER_ERROR, ANYI_CASE_RUNNER_ERROR_WRONG_STEP);
  g_assert_null(dropped);
  g_assert_cmpint(step_type(f->runner), ==, ANYI_STEP_CONFIRM);
  after = stored_data(f);
  g_assert_true(json_object_equal(before, after));
}

/* The last step a free service collects at can be gone back to from the
 * final check; an ended case cannot go back at all. */
static void
test_no_back_after_end(Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  (void)data;
  start(f, "household-certificate");
  read_card(f);
  answer_fitting(f);
  fill_form(f, "certificate-kind", "kinship", "purpose", "入学", "mobile", "13800138000", NULL);
  g_assert_cmpint(step_type(f->runner), ==, ANYI_STEP_CONFIRM);
  g_assert_true(anyi_case_runner_can_go_back(f->runner));
  g_assert_true(anyi_case_runner_confirm(f->runner, FALSE, &error));
  g_assert_no_error(error);
  g_assert_true(anyi_case_state_is_final(anyi_case_runner_get_state(f->runner)));
  g_assert_false(anyi_case_runner_can_go_back(f->runner));
  g_assert_false(anyi_case_runner_back(f->runner, NULL, &error));
  g_assert_error(error, ANYI_CASE_RUNNER_ERROR, ANYI_CASE_RUNNER_ERROR_WRONG_STEP);
}

/* 上一步 on the final check: back to the form, out of review, with the
 * values typed handed back to refill it; the stored step says so. */
static void
test_confirm_to_form(Fixture *f, gconstpointer data)
{
  g_autoptr(JsonObject) dropped = NULL;
  g_autoptr(JsonObject) stored = NULL;

  (void)data;
  start(f, "household-certificate");
  read_card(f);
  answer_fitting(f);
  fill_form(f, "certificate-kind", "kinship", "purpose", "入学", "mobile", "13800138000", NULL);
  g_assert_cmpint(step_type(f->runner), ==, ANYI_STEP_CONFIRM);
  g_assert_cmpint(anyi_case_runner_get_state(f->runner), ==, ANYI_CASE_REVIEWING);
  dropped = back(f);
  g_assert_cmpint(step_type(f->runner), ==, ANYI_STEP_FORM);
  g_assert_cmpint(anyi_case_runner_get_state(f->runner), ==, ANYI_CASE_COLLECTING);
  g_assert_nonnull(dropped);
  g_assert_cmpstr(json_object_get_string_member(dropped, "purpose"), ==, "入学");
  g_assert_cmpstr(json_object_get_string_member(dropped, "mobile"), ==, "13800138000");
  stored = stored_data(f);
  g_assert_false(json_object_has_member(stored, "form"));
  g_assert_cmpint(anyi_case_runner_get_step(f->runner) -
                      anyi_case_runner_get_service(f->runner)->steps,
                  ==, stored_step(stored));
  fill_form(f, "certificate-kind", "kinship", "purpose", "入学", "mobile", "13800138000", NULL);
  g_assert_cmpint(step_type(f->runner), ==, ANYI_STEP_CONFIRM);
}

/* Back, then the kiosk dies before anything else is written: the case
 * resumes at the step gone back to, without what that step had taken;
 * recovery at start-up still ends it. */
static void
test_back_crash_resume(Fixture *f, gconstpointer data)
{
  g_autoptr(AnyiCaseRunner) resumed = NULL;
  g_autoptr(JsonObject) dropped = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(AnyiStoredCase) ended = NULL;
  AnyiCaseRunnerConfig config = {.kiosk_letter = 'B', .window = "4"};
  gint64 id;
  guint step;

  (void)data;
  start(f, "idcard-replacement");
  fill_form(f, "reason", "lost", "applicant-name", "张三", "applicant-id-number", CITIZEN_ID,
            "mobile", "13800138000", "temporary-card", "no", NULL);
  take_photo(f);
  dropped = back(f);
  step = anyi_case_runner_get_step_index(f->runner);
  id = anyi_case_get_id(anyi_case_runner_get_case(f->runner));
  g_clear_object(&f->runner); /* the crash: nothing of memory survives */

  resumed = new_runner(f);
  g_assert_true(anyi_case_runner_resume(resumed, id, &error));
  g_assert_no_error(error);
  g_assert_cmpuint(anyi_case_runner_get_step_index(resumed), ==, step);
  g_assert_cmpint(step_type(resumed), ==, ANYI_STEP_PHOTO);
  g_assert_false(
      json_object_has_member(anyi_case_get_data(anyi_case_runner_get_case(resumed)), "photo"));
  g_assert_true(anyi_case_runner_can_go_back(resumed));
  g_clear_object(&resumed);

  /* start-up after the crash: the citizen is long gone, the window gets it */
  g_assert_cmpint(
      anyi_case_runner_recover_unfinished(f->db.store, catalogue, NULL, &config, &error), ==, 1);
  g_assert_no_error(error);
  ended = anyi_store_case_get(f->db.store, id, NULL);
  g_assert_cmpstr(ended->state, ==, "handed-off");
}

/* 去窗口办理 right after an answer that does not fit: the questions after
 * it are not asked first, and the handoff says why. */
static void
test_does_not_fit_hands_off_at_once(Fixture *f, gconstpointer data)
{
  const AnyiStep *step;
  g_autoptr(JsonObject) answers = json_object_new();
  g_autoptr(GError) error = NULL;
  g_autoptr(AnyiStoredHandoff) handoff = NULL;
  AnyiHandoffReason reason;

  (void)data;
  start(f, "birth-registration");
  read_card(f);
  step = anyi_case_runner_get_step(f->runner);
  g_assert_cmpint(step->type, ==, ANYI_STEP_QUESTIONS);
  g_assert_cmpuint(step->n_questions, >, 1);
  json_object_set_boolean_member(answers, step->questions[0]->id,
                                 step->questions[0]->ineligible_answer);
  g_assert_true(anyi_case_runner_answer(f->runner, answers, &error));
  g_assert_no_error(error);
  g_assert_true(anyi_case_runner_get_handoff(f->runner, &reason));
  g_assert_cmpint(reason, ==, ANYI_HANDOFF_INELIGIBLE);
  handoff = anyi_store_handoff_for_case(
      f->db.store, anyi_case_get_id(anyi_case_runner_get_case(f->runner)), NULL);
  g_assert_nonnull(strstr(handoff->summary_json, step->questions[0]->handoff_reason.zh));
}

/* The home visit's form with its address's region code, as the form page
 * sends it; @code NULL: the address typed with no region picked. */
static void
fill_visit_form(Fixture *f, const char *address, const char *code)
{
  g_autoptr(JsonObject) values = json_object_new();
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GError) error = NULL;

  json_object_set_string_member(values, "person-name", "李四");
  json_object_set_string_member(values, "relationship", "family");
  json_object_set_string_member(values, "service-needed", "身份证换领");
  json_object_set_string_member(values, "address", address);
  json_object_set_string_member(values, "mobile", "13800138000");
  if (code) {
    JsonObject *codes = json_object_new();
    json_object_set_string_member(codes, "address", code);
    json_object_set_object_member(values, ANYI_CASE_REGION_CODES, codes);
  }
  g_assert_true(anyi_case_runner_form(f->runner, values, &problems, &error));
  g_assert_no_error(error);
  g_assert_cmpuint(problems->len, ==, 0);
}

static gboolean
stored_has_region_codes(Fixture *f)
{
  g_autoptr(JsonObject) stored = stored_data(f);

  return json_object_has_member(stored, ANYI_CASE_REGION_CODES);
}

/* A region code goes with its address: 上一步 takes it out of the case and
 * hands it back beside the address; the address given again without one
 * (typed anew) leaves none behind. */
static void
test_region_code_with_its_address(Fixture *f, gconstpointer data)
{
  g_autoptr(JsonObject) dropped = NULL;
  JsonObject *codes;

  (void)data;
  start(f, "home-visit-booking");
  read_card(f);
  answer_fitting(f);
  fill_visit_form(f, "四川省成都市武侯区科华北路1号", "510107");
  g_assert_cmpint(step_type(f->runner), ==, ANYI_STEP_CONFIRM);
  g_assert_true(stored_has_region_codes(f));
  dropped = back(f);
  g_assert_cmpint(step_type(f->runner), ==, ANYI_STEP_FORM);
  g_assert_false(stored_has_region_codes(f));
  g_assert_cmpstr(json_object_get_string_member(dropped, "address"), ==,
                  "四川省成都市武侯区科华北路1号");
  codes = json_object_get_object_member(dropped, ANYI_CASE_REGION_CODES);
  g_assert_nonnull(codes);
  g_assert_cmpstr(json_object_get_string_member(codes, "address"), ==, "510107");
  g_assert_cmpuint(json_object_get_size(codes), ==, 1);

  /* forward with the code, back, and forward with none */
  fill_visit_form(f, "四川省成都市武侯区科华北路1号", "510107");
  g_assert_true(stored_has_region_codes(f));
  g_clear_pointer(&dropped, json_object_unref);
  dropped = back(f);
  fill_visit_form(f, "成都科华北路1号", NULL);
  g_assert_cmpint(step_type(f->runner), ==, ANYI_STEP_CONFIRM);
  g_assert_false(stored_has_region_codes(f));
}

int
main(int argc, char **argv)
{
  int status;

  g_test_init(&argc, &argv, NULL);
  catalogue = engine_test_catalogue();
#define ADD(path, fn) g_test_add(path, Fixture, NULL, fixture_set_up, fn, fixture_tear_down)
  ADD("/case-back/form-to-question", test_form_to_question);
  ADD("/case-back/photo-to-form", test_photo_to_form);
  ADD("/case-back/document-to-photo", test_document_to_photo);
  ADD("/case-back/document-missing-undone", test_document_missing_undone);
  ADD("/case-back/barrier-after-payment", test_barrier_after_payment);
  ADD("/case-back/confirm-to-form", test_confirm_to_form);
  ADD("/case-back/no-back-after-end", test_no_back_after_end);
  ADD("/case-back/back-crash-resume", test_back_crash_resume);
  ADD("/case-back/does-not-fit-hands-off-at-once", test_does_not_fit_hands_off_at_once);
  ADD("/case-back/region-code-with-its-address", test_region_code_with_its_address);
  status = g_test_run();
  g_clear_object(&catalogue);
  return status;
}
