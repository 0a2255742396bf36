/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The runner's rules one by one: 容缺 deadlines, payment idempotency across
 * restarts, the payment platform failing, events that do not fit the step,
 * form corrections, bad scripts, and `anyictl case run` itself. */
#include "cases/anyi-case-end.h"
#include "engine-test-util.h"

#include <glib/gstdio.h>
#include <string.h>

static AnyiCatalogue *catalogue;

typedef struct {
  TempStore db;
  AnyiPaymentEmulated *payment;
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
  g_clear_object(&f->payment);
  temp_store_clear(&f->db);
}

static GDate
day(guint d, guint m, guint y)
{
  GDate date;

  g_date_clear(&date, 1);
  g_date_set_dmy(&date, d, m, y);
  return date;
}

static AnyiCaseRunner *
new_runner(Fixture *f, guint commitment_days, AnyiWorkingDayFunc is_working_day)
{
  AnyiCaseRunnerConfig config = {.kiosk_letter = 'R',
                                 .window = "7",
                                 .has_fingerprint_reader = TRUE,
                                 .commitment_days = commitment_days,
                                 .is_working_day = is_working_day};
  AnyiCaseRunner *runner =
      anyi_case_runner_new(f->db.store, catalogue, ANYI_PAYMENT_PROVIDER(f->payment), &config);
  GDate today = day(30, 11, 2026);

  anyi_case_runner_set_today(runner, &today);
  return runner;
}

/* Plays the happy script of @service_id with @edit applied to it. */
static AnyiCaseRunner *
play(Fixture *f, const char *service_id, const char *missing, const char *outcome,
     guint commitment_days, AnyiWorkingDayFunc is_working_day)
{
  g_autoptr(EngineScenario) happy = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *json = NULL;
  g_autoptr(AnyiCaseScript) script = NULL;
  g_autoptr(GError) error = NULL;
  AnyiCaseRunner *runner = new_runner(f, commitment_days, is_working_day);
  JsonObject *root;

  happy = engine_scenario_happy(anyi_catalogue_lookup(catalogue, service_id));
  node = json_from_string(happy->script, NULL);
  root = json_node_get_object(node);
  if (missing) {
    JsonArray *list = json_array_new();
    json_array_add_string_element(list, missing);
    json_object_set_array_member(root, "missing", list);
  }
  json = json_to_string(node, FALSE);
  script = anyi_case_script_new_from_data(json, &error);
  g_assert_no_error(error);
  anyi_payment_emulated_set_outcome(f->payment, ANYI_PAYMENT_PAID);
  if (outcome) {
    AnyiPaymentOutcome o;
    g_assert_true(anyi_payment_outcome_from_string(outcome, &o));
    anyi_payment_emulated_set_outcome(f->payment, o);
  }
  g_assert_true(anyi_case_runner_start(runner, service_id, &error));
  g_assert_true(anyi_case_script_play(script, runner, NULL, &error));
  g_assert_no_error(error);
  return runner;
}

static AnyiCaseDocument *
find_document(AnyiCaseRunner *runner, const char *template_name)
{
  GPtrArray *documents = anyi_case_runner_get_documents(runner);

  for (guint i = 0; i < documents->len; i++)
    if (g_str_equal(((AnyiCaseDocument *)documents->pdata[i])->template_name, template_name))
      return documents->pdata[i];
  g_assert_not_reached();
}

static const char *
notice_deadline(AnyiCaseRunner *runner)
{
  return json_object_get_string_member(find_document(runner, "one-time-notice")->data, "deadline");
}

static void
test_deadline_within_commitment(Fixture *f, gconstpointer data)
{
  g_autoptr(AnyiCaseRunner) runner =
      play(f, "idcard-renewal", "household-register", NULL, 10, NULL);

  (void)data;
  g_assert_cmpint(anyi_case_runner_get_state(runner), ==, ANYI_CASE_ACCEPTED_WITH_MISSING);
  g_assert_cmpstr(notice_deadline(runner), ==, "2026-12-10");
}

/* A commitment period longer than the service's 45 calendar days is cut to
 * the time limit. */
static void
test_deadline_capped_by_time_limit(Fixture *f, gconstpointer data)
{
  g_autoptr(AnyiCaseRunner) runner =
      play(f, "idcard-renewal", "household-register", NULL, 100, NULL);
  JsonObject *notice;

  (void)data;
  notice = find_document(runner, "one-time-notice")->data;
  g_assert_cmpstr(notice_deadline(runner), ==, "2027-01-14");
  g_assert_cmpstr(
      json_object_get_string_member(
          json_array_get_object_element(json_object_get_array_member(notice, "materials"), 0),
          "id"),
      ==, "household-register");
  g_assert_true(json_object_get_boolean_member(notice, "commitment_signed"));
}

static gboolean
holiday_on_1_december(const GDate *date, gpointer user_data)
{
  (void)user_data;
  if (g_date_get_day(date) == 1 && g_date_get_month(date) == 12)
    return FALSE;
  return g_date_get_weekday(date) <= G_DATE_FRIDAY;
}

/* 5 working days from Monday 30 November: Monday 7 December, or the 8th
 * when the hall's calendar closes on 1 December. */
static void
test_deadline_working_days(Fixture *f, gconstpointer data)
{
  g_autoptr(AnyiCaseRunner) plain = play(f, "bundle-after-death", "kinship-proof", NULL, 0, NULL);

  (void)data;
  g_assert_cmpstr(notice_deadline(plain), ==, "2026-12-07");
  fixture_tear_down(f, NULL);
  fixture_set_up(f, NULL);
  g_autoptr(AnyiCaseRunner) holiday =
      play(f, "bundle-after-death", "kinship-proof", NULL, 0, holiday_on_1_december);
  g_assert_cmpstr(notice_deadline(holiday), ==, "2026-12-08");
}

static AnyiCaseRunner *
resume(Fixture *f, AnyiCaseRunner *before)
{
  g_autoptr(GError) error = NULL;
  AnyiCaseRunner *runner = new_runner(f, 0, NULL);

  g_assert_true(
      anyi_case_runner_resume(runner, anyi_case_get_id(anyi_case_runner_get_case(before)), &error));
  g_assert_no_error(error);
  return runner;
}

/* The kiosk restarts while the QR code is shown, twice: the same order comes
 * back, and paying it charges once. */
static void
test_payment_idempotent_across_restarts(Fixture *f, gconstpointer data)
{
  g_autoptr(AnyiCaseRunner) first = play(f, "idcard-renewal", NULL, "pending", 0, NULL);
  g_autoptr(AnyiCaseRunner) second = NULL;
  g_autoptr(AnyiCaseRunner) third = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *key = anyi_case_runner_payment_key(first);
  AnyiPaymentOutcome outcome;

  (void)data;
  g_assert_cmpint(anyi_case_runner_get_step(first)->type, ==, ANYI_STEP_PAYMENT);
  g_assert_nonnull(anyi_case_runner_get_payment_qr(first));
  second = resume(f, first);
  g_assert_true(anyi_case_runner_payment_start(second, &error));
  g_assert_cmpstr(anyi_case_runner_get_payment_qr(second), ==,
                  anyi_case_runner_get_payment_qr(first));
  anyi_payment_emulated_set_outcome(f->payment, ANYI_PAYMENT_PAID);
  g_assert_true(anyi_case_runner_payment_check(second, &outcome, &error));
  g_assert_cmpint(outcome, ==, ANYI_PAYMENT_PAID);
  g_assert_cmpint(anyi_case_runner_get_step(second)->type, ==, ANYI_STEP_CONFIRM);
  third = resume(f, second);
  g_assert_cmpint(anyi_case_runner_get_step(third)->type, ==, ANYI_STEP_CONFIRM);
  g_assert_false(anyi_case_runner_payment_start(third, &error));
  g_assert_error(error, ANYI_CASE_RUNNER_ERROR, ANYI_CASE_RUNNER_ERROR_WRONG_STEP);
  g_assert_cmpuint(anyi_payment_emulated_get_charges(f->payment, key), ==, 1);
  g_assert_cmpint(anyi_payment_emulated_get_total_fen(f->payment), ==, 2000);
}

/* The platform charged, and the kiosk died before it heard: the resumed
 * case asks the platform, finds the payment and does not charge again. */
static void
test_payment_charged_before_kiosk_heard(Fixture *f, gconstpointer data)
{
  g_autoptr(AnyiCaseRunner) first = play(f, "idcard-renewal", NULL, "pending", 0, NULL);
  g_autoptr(AnyiCaseRunner) second = NULL;
  g_autoptr(AnyiStoredPayment) stored = NULL;
  g_autoptr(GError) error = NULL;
  AnyiPaymentOutcome outcome;

  (void)data;
  stored = anyi_store_payment_for_case(f->db.store,
                                       anyi_case_get_id(anyi_case_runner_get_case(first)), &error);
  g_assert_no_error(error);
  anyi_payment_emulated_set_outcome(f->payment, ANYI_PAYMENT_PAID);
  g_assert_cmpint(
      anyi_payment_provider_query(ANYI_PAYMENT_PROVIDER(f->payment), stored->order_id, &error), ==,
      ANYI_PAYMENT_PAID);
  second = resume(f, first);
  g_assert_true(anyi_case_runner_payment_start(second, &error));
  g_assert_true(anyi_case_runner_payment_check(second, &outcome, &error));
  g_assert_no_error(error);
  g_assert_cmpint(outcome, ==, ANYI_PAYMENT_PAID);
  g_assert_true(anyi_case_runner_confirm(second, FALSE, &error));
  g_assert_cmpint(anyi_case_runner_get_state(second), ==, ANYI_CASE_SUBMITTED);
  g_assert_cmpuint(anyi_payment_emulated_get_charges(f->payment, stored->idempotency_key), ==, 1);
}

static void
test_payment_platform_unreachable(Fixture *f, gconstpointer data)
{
  g_autoptr(AnyiCaseRunner) runner = NULL;
  AnyiHandoffReason reason;

  (void)data;
  anyi_payment_emulated_set_unreachable(f->payment, TRUE);
  runner = play(f, "idcard-renewal", NULL, NULL, 0, NULL);
  g_assert_true(anyi_case_runner_get_handoff(runner, &reason));
  g_assert_cmpint(reason, ==, ANYI_HANDOFF_DEVICE_FAILURE);
  g_assert_cmpint(anyi_payment_emulated_get_total_fen(f->payment), ==, 0);
}

/* The store keeps one payment per case: opening it again returns the same
 * key, and a paid payment never changes. */
static void
test_store_one_payment_per_case(Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AnyiStoredCase) stored =
      anyi_store_case_create(f->db.store, "idcard-renewal", 'S', "collecting", &error);
  g_autoptr(AnyiStoredPayment) first = NULL;
  g_autoptr(AnyiStoredPayment) again = NULL;

  (void)data;
  g_assert_no_error(error);
  first = anyi_store_payment_open(f->db.store, stored->id, "key-1", "emulated", 2000, &error);
  g_assert_no_error(error);
  g_assert_cmpstr(first->state, ==, "pending");
  again = anyi_store_payment_open(f->db.store, stored->id, "key-2", "emulated", 999, &error);
  g_assert_no_error(error);
  g_assert_cmpstr(again->idempotency_key, ==, "key-1");
  g_assert_cmpint(again->amount_fen, ==, 2000);
  g_assert_true(anyi_store_payment_update(f->db.store, stored->id, "paid", "ORDER", "QR", &error));
  g_assert_false(anyi_store_payment_update(f->db.store, stored->id, "failed", NULL, NULL, &error));
  g_assert_error(error, ANYI_STORE_ERROR, ANYI_STORE_ERROR_CONFLICT);
}

static void
test_wrong_events(Fixture *f, gconstpointer data)
{
  g_autoptr(AnyiCaseRunner) runner = new_runner(f, 0, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) answers = json_object_new();

  (void)data;
  g_assert_false(anyi_case_runner_start(runner, "no-such-service", &error));
  g_assert_error(error, ANYI_CASE_RUNNER_ERROR, ANYI_CASE_RUNNER_ERROR_UNKNOWN_SERVICE);
  g_clear_error(&error);
  g_assert_true(anyi_case_runner_start(runner, "idcard-renewal", &error));
  g_assert_cmpint(anyi_case_runner_get_state(runner), ==, ANYI_CASE_COLLECTING);
  g_assert_false(anyi_case_runner_photo_taken(runner, "p.jpg", &error));
  g_assert_error(error, ANYI_CASE_RUNNER_ERROR, ANYI_CASE_RUNNER_ERROR_WRONG_STEP);
  g_clear_error(&error);
  g_assert_false(anyi_case_runner_material_missing(runner, "no-such-material", &error));
  g_assert_error(error, ANYI_CASE_RUNNER_ERROR, ANYI_CASE_RUNNER_ERROR_INVALID);
  g_clear_error(&error);
  g_assert_false(anyi_case_runner_material_missing(runner, "household-register", &error));
  g_assert_error(error, ANYI_CASE_RUNNER_ERROR, ANYI_CASE_RUNNER_ERROR_WRONG_STEP);
  g_clear_error(&error);
  g_assert_true(anyi_case_runner_card_failed(runner, "no card", &error));
  g_assert_true(anyi_case_runner_ask_help(runner, &error));
  g_assert_null(anyi_case_runner_get_step(runner));
  g_assert_false(anyi_case_runner_answer(runner, answers, &error));
  g_assert_error(error, ANYI_CASE_RUNNER_ERROR, ANYI_CASE_RUNNER_ERROR_ENDED);
}

/* Reads a card and answers every question eligibly until the step @type. */
static void
play_until(AnyiCaseRunner *runner, AnyiStepType type)
{
  g_autoptr(GError) error = NULL;

  while (anyi_case_runner_get_step(runner)->type != type) {
    const AnyiStep *step = anyi_case_runner_get_step(runner);
    if (step->type == ANYI_STEP_QUESTIONS) {
      g_autoptr(JsonObject) answers = json_object_new();
      for (guint i = 0; i < step->n_questions; i++)
        json_object_set_boolean_member(answers, step->questions[i]->id,
                                       !step->questions[i]->ineligible_answer);
      g_assert_true(anyi_case_runner_answer(runner, answers, &error));
    } else {
      AnyiCaseCard card = {.type = ANYI_CARD_RESIDENT, .name = "张三", .birth = "19800101"};
      g_assert_true(anyi_case_runner_card_read(runner, &card, &error));
    }
    g_assert_no_error(error);
  }
}

/* A refused value keeps the step and says which field; the correction
 * moves on. */
static void
test_form_corrected(Fixture *f, gconstpointer data)
{
  g_autoptr(AnyiCaseRunner) runner = new_runner(f, 0, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(JsonObject) values = json_object_new();
  guint form_step;

  (void)data;
  g_assert_true(anyi_case_runner_start(runner, "home-visit-booking", &error));
  play_until(runner, ANYI_STEP_FORM);
  form_step = anyi_case_runner_get_step_index(runner);
  for (guint i = 0; i < anyi_case_runner_get_step(runner)->n_fields; i++) {
    const AnyiFormField *field = &anyi_case_runner_get_step(runner)->fields[i];
    json_object_set_string_member(values, field->id,
                                  field->validator == ANYI_FIELD_MOBILE   ? "12345"
                                  : field->validator == ANYI_FIELD_CHOICE ? field->choices[0].id
                                  : field->validator == ANYI_FIELD_DATE   ? "2026-12-07"
                                                                          : "张三");
  }
  g_assert_true(anyi_case_runner_form(runner, values, &problems, &error));
  g_assert_cmpuint(problems->len, ==, 1);
  g_assert_cmpint(((AnyiCaseFieldProblem *)problems->pdata[0])->field->validator, ==,
                  ANYI_FIELD_MOBILE);
  g_assert_cmpint(((AnyiCaseFieldProblem *)problems->pdata[0])->problem, ==, ANYI_FIELD_BAD_FORMAT);
  g_assert_cmpuint(anyi_case_runner_get_step_index(runner), ==, form_step);
  json_object_set_string_member(values, ((AnyiCaseFieldProblem *)problems->pdata[0])->field->id,
                                "13812345678");
  g_clear_pointer(&problems, g_ptr_array_unref);
  g_assert_true(anyi_case_runner_form(runner, values, &problems, &error));
  g_assert_cmpuint(problems->len, ==, 0);
  g_assert_cmpuint(anyi_case_runner_get_step_index(runner), >, form_step);
}

/* The photo step gave up: the window gets the case with the best try, and
 * the slip says so, so the citizen is not photographed from scratch. */
static void
test_photo_gave_up_keeps_best(Fixture *f, gconstpointer data)
{
  g_autoptr(AnyiCaseRunner) runner = new_runner(f, 0, NULL);
  g_autoptr(GError) error = NULL;
  AnyiHandoffReason reason;
  AnyiCaseDocument *slip;
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *collected = NULL;

  (void)data;
  g_assert_true(anyi_case_runner_start(runner, "idcard-renewal", &error));
  play_until(runner, ANYI_STEP_PHOTO);
  g_assert_true(anyi_case_runner_photo_gave_up(runner, "/photos/best.jpg", "3 tries", &error));
  g_assert_no_error(error);
  g_assert_true(anyi_case_runner_get_handoff(runner, &reason));
  g_assert_cmpint(reason, ==, ANYI_HANDOFF_TOO_MANY_TRIES);
  slip = find_document(runner, "handoff-slip");
  g_assert_nonnull(slip);
  node = json_node_init_array(json_node_alloc(),
                              json_object_get_array_member(slip->data, "collected"));
  collected = json_to_string(node, FALSE);
  g_assert_nonnull(strstr(collected, "最好的一张"));
}

static char *
handoff_detail(Fixture *f, AnyiCaseRunner *runner)
{
  g_autoptr(AnyiStoredHandoff) handoff = anyi_store_handoff_for_case(
      f->db.store, anyi_case_get_id(anyi_case_runner_get_case(runner)), NULL);
  g_autoptr(JsonNode) summary = json_from_string(handoff->summary_json, NULL);

  return g_strdup(json_object_get_string_member(json_node_get_object(summary), "detail"));
}

static const char *
photo_best(AnyiCaseRunner *runner)
{
  return json_object_get_string_member_with_default(
      anyi_case_get_data(anyi_case_runner_get_case(runner)), "photo_best", NULL);
}

/* The runner alone counts the photo tries: the best try so far goes with
 * the case, and at the last try the window gets it, as when the photo step
 * gave up by itself. */
static void
test_photo_tries_counted(Fixture *f, gconstpointer data)
{
  g_autoptr(AnyiCaseRunner) runner = new_runner(f, 0, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *detail = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *collected = NULL;
  AnyiCaseDocument *slip;
  AnyiHandoffReason reason;

  (void)data;
  g_assert_true(anyi_case_runner_start(runner, "idcard-renewal", &error));
  play_until(runner, ANYI_STEP_PHOTO);
  g_assert_cmpuint(anyi_case_runner_get_photo_tries_left(runner), ==, 3);
  g_assert_true(anyi_case_runner_photo_failed(runner, "eyes closed", "/photos/try-1.jpg", &error));
  g_assert_cmpuint(anyi_case_runner_get_photo_tries_left(runner), ==, 2);
  g_assert_cmpstr(photo_best(runner), ==, "/photos/try-1.jpg");
  g_assert_true(anyi_case_runner_photo_failed(runner, "no face found", NULL, &error));
  g_assert_cmpuint(anyi_case_runner_get_photo_tries_left(runner), ==, 1);
  g_assert_cmpstr(photo_best(runner), ==, "/photos/try-1.jpg");
  g_assert_false(anyi_case_runner_get_handoff(runner, &reason));
  g_assert_true(anyi_case_runner_photo_failed(runner, "head tilted", "/photos/try-3.jpg", &error));
  g_assert_no_error(error);
  g_assert_cmpuint(anyi_case_runner_get_photo_tries_left(runner), ==, 0);
  g_assert_true(anyi_case_runner_get_handoff(runner, &reason));
  g_assert_cmpint(reason, ==, ANYI_HANDOFF_TOO_MANY_TRIES);
  g_assert_cmpstr(photo_best(runner), ==, "/photos/try-3.jpg");
  detail = handoff_detail(f, runner);
  g_assert_cmpstr(detail, ==, "head tilted");
  slip = find_document(runner, "handoff-slip");
  node = json_node_init_array(json_node_alloc(),
                              json_object_get_array_member(slip->data, "collected"));
  collected = json_to_string(node, FALSE);
  g_assert_nonnull(strstr(collected, "最好的一张"));
}

/* A photo taken after a failed try leaves no "best try" behind. */
static void
test_photo_taken_after_a_failure(Fixture *f, gconstpointer data)
{
  g_autoptr(AnyiCaseRunner) runner = new_runner(f, 0, NULL);
  g_autoptr(GError) error = NULL;

  (void)data;
  g_assert_true(anyi_case_runner_start(runner, "idcard-renewal", &error));
  play_until(runner, ANYI_STEP_PHOTO);
  g_assert_true(anyi_case_runner_photo_failed(runner, "eyes closed", "/photos/try-1.jpg", &error));
  g_assert_true(anyi_case_runner_photo_taken(runner, "/photos/photo.jpg", &error));
  g_assert_no_error(error);
  g_assert_null(photo_best(runner));
}

static AnyiIdCard *
id_card(AnyiIdCardType type, const char *name, const char *english_name, AnyiIdSex sex,
        gboolean long_term)
{
  AnyiIdCard *card = g_new0(AnyiIdCard, 1);

  card->card_type = type;
  card->name = g_strdup(name);
  card->english_name = g_strdup(english_name);
  card->sex = sex;
  card->birth_date = g_strdup("19900101");
  card->id_number = g_strdup("510104199001011233");
  card->address = g_strdup("四川省成都市锦江区");
  card->valid_to = long_term ? NULL : g_strdup("20300101");
  card->long_term = long_term;
  return card;
}

/* Every card type the reader knows maps to one the catalogue names. */
static void
test_card_mapping(void)
{
  static const struct {
    AnyiIdCardType type;
    const char *name;
    const char *english_name;
    AnyiIdSex sex;
    gboolean long_term;
    AnyiCardTypes expect_type;
    const char *expect_name;
    const char *expect_sex;
    const char *expect_valid_to;
  } cards[] = {
      {ANYI_ID_CARD_TYPE_RESIDENT, "张三", NULL, ANYI_ID_SEX_MALE, TRUE, ANYI_CARD_RESIDENT, "张三",
       "1", "长期"},
      {ANYI_ID_CARD_TYPE_HK_MO_TW_PERMIT, "陈美玲", NULL, ANYI_ID_SEX_FEMALE, FALSE,
       ANYI_CARD_HK_MO_TW_PERMIT, "陈美玲", "2", "20300101"},
      {ANYI_ID_CARD_TYPE_FOREIGN_PERMANENT_2017, "", "SMITH JOHN", ANYI_ID_SEX_MALE, FALSE,
       ANYI_CARD_FOREIGN_PERMANENT, "SMITH JOHN", "1", "20300101"},
      {ANYI_ID_CARD_TYPE_FOREIGN_PERMANENT_2023, "史密斯", "SMITH JANE", ANYI_ID_SEX_FEMALE, FALSE,
       ANYI_CARD_FOREIGN_PERMANENT, "史密斯", "2", "20300101"},
  };

  for (guint i = 0; i < G_N_ELEMENTS(cards); i++) {
    g_autoptr(AnyiIdCard) card = id_card(cards[i].type, cards[i].name, cards[i].english_name,
                                         cards[i].sex, cards[i].long_term);
    AnyiCaseCard as_read;

    anyi_case_card_from_id_card(card, &as_read);
    g_assert_cmpint(as_read.type, ==, cards[i].expect_type);
    g_assert_cmpstr(as_read.name, ==, cards[i].expect_name);
    g_assert_cmpstr(as_read.sex, ==, cards[i].expect_sex);
    g_assert_cmpstr(as_read.birth, ==, "19900101");
    g_assert_cmpstr(as_read.id_number, ==, "510104199001011233");
    g_assert_cmpstr(as_read.address, ==, "四川省成都市锦江区");
    g_assert_cmpstr(as_read.valid_to, ==, cards[i].expect_valid_to);
  }
}

/* Photos and scans are kept for the kiosk's user only. */
static void
test_keep_capture(Fixture *f, gconstpointer data)
{
  g_autoptr(AnyiCase) kase = anyi_case_start(f->db.store, "idcard-renewal", 'K', NULL);
  g_autofree char *documents = g_build_filename(f->db.dir, "documents", NULL);
  g_autofree char *blocked = g_build_filename(f->db.dir, "ledger", "documents", NULL);
  AnyiSettings settings = {.documents_dir = documents};
  static const char picture[] = "\xff\xd8 not really a JPEG";
  g_autoptr(GBytes) jpeg = g_bytes_new_static(picture, sizeof picture - 1);
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;
  GStatBuf st;

  (void)data;
  path = anyi_case_keep_capture(&settings, kase, "photo", jpeg, &error);
  g_assert_no_error(error);
  expected = g_strdup_printf("%s/%s-photo.jpg", documents, anyi_case_get_number(kase));
  g_assert_cmpstr(path, ==, expected);
  g_assert_true(g_file_get_contents(path, &contents, &length, NULL));
  g_assert_cmpmem(contents, length, g_bytes_get_data(jpeg, NULL), g_bytes_get_size(jpeg));
  g_assert_cmpint(g_stat(path, &st), ==, 0);
  g_assert_cmpint(st.st_mode & 0777, ==, 0600);
  g_assert_cmpint(g_stat(documents, &st), ==, 0);
  g_assert_cmpint(st.st_mode & 0777, ==, 0700);

  /* a documents folder that cannot be made: no path, and why */
  g_assert_true(g_file_set_contents(f->db.ledger_path, "", 0, NULL));
  settings.documents_dir = blocked;
  g_clear_pointer(&path, g_free);
  path = anyi_case_keep_capture(&settings, kase, "photo-best", jpeg, &error);
  g_assert_null(path);
  g_assert_nonnull(error);
}

static void
test_bad_scripts(void)
{
  static const struct {
    const char *json;
    const char *says;
  } bad[] = {
      {"[]", "a JSON object"},
      {"{}", "$.service: required"},
      {"{\"service\": \"x\", \"todya\": \"2026-01-01\"}", "unknown member \"todya\""},
      {"{\"service\": \"x\", \"today\": \"2026-02-30\"}", "not a date"},
      {"{\"service\": \"x\", \"payment\": {\"outcome\": \"maybe\"}}", "$.payment.outcome"},
      {"{\"service\": \"x\", \"card\": {\"type\": \"passport\"}}", "$.card.type"},
      {"{\"service\": \"x\", \"interrupt\": {\"event\": \"fire\", \"step\": 1}}",
       "$.interrupt.event"},
      {"{\"service\": \"x\", \"missing\": \"all\"}", "$.missing"},
      {"{\"service\": \"x\", \"kiosk\": {\"letter\": \"AB\"}}", "$.kiosk.letter"},
  };

  for (guint i = 0; i < G_N_ELEMENTS(bad); i++) {
    g_autoptr(GError) error = NULL;
    g_autoptr(AnyiCaseScript) script = anyi_case_script_new_from_data(bad[i].json, &error);
    g_assert_null(script);
    g_assert_nonnull(error);
    g_assert_nonnull(strstr(error->message, bad[i].says));
  }
}

static int
anyictl(const char *const *args, char **out)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new();
  g_autoptr(GError) error = NULL;
  int status = 0;

  g_ptr_array_add(argv, (gpointer)g_getenv("ANYICTL"));
  for (guint i = 0; args[i]; i++)
    g_ptr_array_add(argv, (gpointer)args[i]);
  g_ptr_array_add(argv, NULL);
  g_assert_true(g_spawn_sync(NULL, (char **)argv->pdata, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL,
                             NULL, out, NULL, &status, &error));
  if (g_spawn_check_wait_status(status, &error))
    return 0;
  return error->code;
}

static void
test_anyictl_case_run(Fixture *f, gconstpointer data)
{
  g_autoptr(EngineScenario) happy =
      engine_scenario_happy(anyi_catalogue_lookup(catalogue, "idcard-renewal"));
  g_autofree char *path = g_build_filename(f->db.dir, "script.json", NULL);
  g_autofree char *bad = g_build_filename(f->db.dir, "bad.json", NULL);
  const char *services = g_getenv("ANYI_TEST_SERVICES_DIR");
  const char *run[] = {"case", "run", path, "--catalogue", services, NULL};
  const char *run_bad[] = {"case", "run", bad, "--catalogue", services, NULL};
  const char *usage[] = {"case", "walk", NULL};
  g_autofree char *out = NULL;
  g_autoptr(JsonNode) json = NULL;
  JsonObject *root;

  (void)data;
  if (!g_getenv("ANYICTL")) {
    g_test_skip("ANYICTL is not set");
    return;
  }
  g_assert_true(g_file_set_contents(path, happy->script, -1, NULL));
  g_assert_true(g_file_set_contents(bad, "{\"service\": 3}", -1, NULL));
  g_assert_cmpint(anyictl(run, &out), ==, 0);
  json = json_from_string(out, NULL);
  root = json_node_get_object(json);
  g_assert_cmpstr(json_object_get_string_member(root, "state"), ==, "submitted");
  g_assert_cmpstr(json_array_get_string_element(json_object_get_array_member(root, "states"), 2),
                  ==, "reviewing");
  g_assert_cmpstr(
      json_object_get_string_member(json_object_get_object_member(root, "payment"), "state"), ==,
      "paid");
  g_assert_true(json_object_get_null_member(root, "handoff"));
  g_assert_cmpuint(json_array_get_length(json_object_get_array_member(root, "documents")), >, 0);
  g_clear_pointer(&out, g_free);
  g_assert_cmpint(anyictl(run_bad, &out), ==, 1);
  g_clear_pointer(&out, g_free);
  g_assert_cmpint(anyictl(usage, &out), ==, 2);
}

int
main(int argc, char **argv)
{
  int status;

  g_test_init(&argc, &argv, NULL);
  /* the platform-unreachable test logs a warning for the technician */
  g_log_set_always_fatal(G_LOG_LEVEL_CRITICAL);
  catalogue = engine_test_catalogue();
#define ADD(path, fn) g_test_add(path, Fixture, NULL, fixture_set_up, fn, fixture_tear_down)
  ADD("/engine-rules/notice/deadline-within-commitment", test_deadline_within_commitment);
  ADD("/engine-rules/notice/deadline-capped-by-time-limit", test_deadline_capped_by_time_limit);
  ADD("/engine-rules/notice/deadline-working-days", test_deadline_working_days);
  ADD("/engine-rules/payment/idempotent-across-restarts", test_payment_idempotent_across_restarts);
  ADD("/engine-rules/payment/charged-before-kiosk-heard", test_payment_charged_before_kiosk_heard);
  ADD("/engine-rules/payment/platform-unreachable", test_payment_platform_unreachable);
  ADD("/engine-rules/store/one-payment-per-case", test_store_one_payment_per_case);
  ADD("/engine-rules/runner/wrong-events", test_wrong_events);
  ADD("/engine-rules/runner/form-corrected", test_form_corrected);
  ADD("/engine-rules/runner/photo-gave-up", test_photo_gave_up_keeps_best);
  ADD("/engine-rules/runner/photo-tries-counted", test_photo_tries_counted);
  ADD("/engine-rules/runner/photo-taken-after-a-failure", test_photo_taken_after_a_failure);
  ADD("/engine-rules/end/keep-capture", test_keep_capture);
  g_test_add_func("/engine-rules/end/card-mapping", test_card_mapping);
  ADD("/engine-rules/anyictl/case-run", test_anyictl_case_run);
  g_test_add_func("/engine-rules/script/bad-scripts", test_bad_scripts);
  status = g_test_run();
  g_clear_object(&catalogue);
  return status;
}
