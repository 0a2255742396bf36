/* SPDX-License-Identifier: GPL-3.0-or-later */
/* engine-scenarios.c: see engine-scenarios.h. */
#include "engine-scenarios.h"

#include <string.h>

void
engine_scenario_free(EngineScenario *scenario)
{
  g_free(scenario->name);
  g_free(scenario->script);
  g_free(scenario->expect_state);
  g_free(scenario->expect_reason);
  g_free(scenario);
}

AnyiCatalogue *
engine_test_catalogue(void)
{
  g_autoptr(GError) error = NULL;
  AnyiCatalogue *catalogue = anyi_catalogue_load(g_getenv("ANYI_TEST_SERVICES_DIR"), &error);

  g_assert_no_error(error);
  return catalogue;
}

/* ---- the citizen the script plays ---- */

static char *
id_number_for(const char *birth)
{
  static const int weights[] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
  static const char checks[] = "10X98765432";
  g_autofree char *body = g_strdup_printf("510104%s123", birth);
  int sum = 0;

  for (int i = 0; i < 17; i++)
    sum += (body[i] - '0') * weights[i];
  return g_strdup_printf("%s%c", body, checks[sum % 11]);
}

static GDate
script_today(void)
{
  GDate today;

  g_date_clear(&today, 1);
  g_date_set_dmy(&today, 30, 11, 2026);
  return today;
}

/* Born @age years and a month before today, so the age is exact. */
static char *
birth_for_age(guint age)
{
  GDate birth = script_today();
  char text[16];

  g_date_subtract_years(&birth, age);
  g_date_subtract_months(&birth, 1);
  g_date_strftime(text, sizeof text, "%Y%m%d", &birth);
  return g_strdup(text);
}

static guint
typical_age(const AnyiService *service)
{
  guint age = MAX(service->min_age, 30);

  return age <= service->max_age ? age : service->min_age;
}

static const char *
card_type_name(AnyiCardTypes type)
{
  return type == ANYI_CARD_HK_MO_TW_PERMIT     ? "hk_mo_tw_permit"
         : type == ANYI_CARD_FOREIGN_PERMANENT ? "foreign_permanent"
                                               : "resident";
}

static void
set_card(JsonObject *script, AnyiCardTypes type, guint age)
{
  JsonObject *card = json_object_new();
  g_autofree char *birth = birth_for_age(age);
  g_autofree char *id = id_number_for(birth);

  json_object_set_string_member(card, "type", card_type_name(type));
  json_object_set_string_member(card, "name", "张三");
  json_object_set_string_member(card, "sex", "1");
  json_object_set_string_member(card, "birth", birth);
  json_object_set_string_member(card, "id_number", id);
  json_object_set_string_member(card, "address", "四川省成都市锦江区");
  json_object_set_string_member(card, "valid_to", "20270101");
  json_object_set_object_member(script, "card", card);
}

static AnyiCardTypes
accepted_card(const AnyiService *service)
{
  return service->card_types & ANYI_CARD_RESIDENT          ? ANYI_CARD_RESIDENT
         : service->card_types & ANYI_CARD_HK_MO_TW_PERMIT ? ANYI_CARD_HK_MO_TW_PERMIT
                                                           : ANYI_CARD_FOREIGN_PERMANENT;
}

static char *
valid_value(const AnyiFormField *field)
{
  switch (field->validator) {
  case ANYI_FIELD_MOBILE:
    return g_strdup("13812345678");
  case ANYI_FIELD_CHINESE_NAME:
    return g_strdup("李四");
  case ANYI_FIELD_DATE:
    return g_strdup(field->date_range == ANYI_DATE_FUTURE ? "2026-12-07" : "2026-11-01");
  case ANYI_FIELD_CHOICE:
    return g_strdup(g_str_equal(field->id, "waiver") ? "none" : field->choices[0].id);
  case ANYI_FIELD_TEXT:
    return g_strdup(field->max_length >= 4 ? "成都市锦江区" : "好");
  case ANYI_FIELD_ID_NUMBER:
  default:
    return id_number_for("19900101");
  }
}

static JsonObject *
valid_form(const AnyiService *service)
{
  JsonObject *form = json_object_new();

  for (guint s = 0; s < service->n_steps; s++)
    for (guint i = 0; i < service->steps[s].n_fields; i++) {
      g_autofree char *value = valid_value(&service->steps[s].fields[i]);
      json_object_set_string_member(form, service->steps[s].fields[i].id, value);
    }
  return form;
}

static JsonObject *
happy_script(const AnyiService *service)
{
  JsonObject *script = json_object_new();
  JsonObject *kiosk = json_object_new();

  json_object_set_string_member(script, "service", service->id);
  json_object_set_string_member(script, "today", ENGINE_TODAY);
  json_object_set_string_member(kiosk, "letter", "T");
  json_object_set_string_member(kiosk, "window", "3");
  json_object_set_boolean_member(kiosk, "has_fingerprint_reader", TRUE);
  json_object_set_object_member(script, "kiosk", kiosk);
  set_card(script, accepted_card(service), typical_age(service));
  json_object_set_object_member(script, "form", valid_form(service));
  return script;
}

/* ---- what the happy path ends in ---- */

static gboolean
has_step(const AnyiService *service, AnyiStepType type)
{
  for (guint i = 0; i < service->n_steps; i++)
    if (service->steps[i].type == type)
      return TRUE;
  return FALSE;
}

static gboolean
kiosk_takes_payment(const AnyiService *service)
{
  return has_step(service, ANYI_STEP_PAYMENT) && service->fee.amount_fen > 0;
}

typedef struct {
  const char *state;
  const char *reason;
} Ending;

static Ending
accepted_ending(const AnyiService *service, gboolean with_missing)
{
  if (service->flags & ANYI_SERVICE_SPECIAL_CASE)
    return (Ending){"handed-off", "special-case"};
  if (service->completion == ANYI_COMPLETION_START_AT_KIOSK)
    return (Ending){"handed-off", "window-finishes"};
  return (Ending){with_missing ? "accepted-with-missing-materials" : "submitted", NULL};
}

static EngineScenario *
scenario_new(const AnyiService *service, const char *what, JsonObject *script, Ending ending)
{
  EngineScenario *scenario = g_new0(EngineScenario, 1);
  g_autoptr(JsonNode) node = json_node_init_object(json_node_alloc(), script);

  scenario->name = g_strdup_printf("%s/%s", service->id, what);
  scenario->script = json_to_string(node, FALSE);
  scenario->expect_state = g_strdup(ending.state);
  scenario->expect_reason = g_strdup(ending.reason);
  scenario->expect_paid_fen = -1;
  if (g_strcmp0(ending.reason, "window-finishes") != 0 && ending.reason)
    return scenario;
  if (kiosk_takes_payment(service) && g_strcmp0(ending.state, "abandoned") != 0)
    scenario->expect_paid_fen = service->fee.amount_fen;
  return scenario;
}

EngineScenario *
engine_scenario_happy(const AnyiService *service)
{
  g_autoptr(JsonObject) script = happy_script(service);

  return scenario_new(service, "happy", script, accepted_ending(service, FALSE));
}

/* ---- stopping short ---- */

static gboolean
is_waiver_proof(const AnyiService *service, const AnyiMaterial *material)
{
  for (guint i = 0; i < service->fee.n_waivers; i++)
    if (service->fee.waivers[i].proof == material)
      return TRUE;
  return FALSE;
}

/* Steps the happy path shows: not a waiver's proof (none claimed), not a
 * payment of nothing, not the result. */
static gboolean
step_shown(const AnyiService *service, guint index)
{
  const AnyiStep *step = &service->steps[index];

  if (step->type == ANYI_STEP_RESULT)
    return FALSE;
  if (step->type == ANYI_STEP_CAPTURE_DOCUMENT && is_waiver_proof(service, step->material))
    return FALSE;
  return step->type != ANYI_STEP_PAYMENT || service->fee.amount_fen > 0;
}

static gboolean
collected_before(const AnyiService *service, guint index)
{
  for (guint i = 0; i < index; i++)
    if (step_shown(service, i) && service->steps[i].type != ANYI_STEP_CONFIRM &&
        service->steps[i].type != ANYI_STEP_PAYMENT)
      return TRUE;
  return FALSE;
}

static guint
step_index(const AnyiService *service, AnyiStepType type)
{
  for (guint i = 0; i < service->n_steps; i++)
    if (service->steps[i].type == type)
      return i;
  return service->n_steps;
}

/* A stop at step @index comes after the citizen paid. */
static gint64
paid_before(const AnyiService *service, guint index)
{
  return kiosk_takes_payment(service) && step_index(service, ANYI_STEP_PAYMENT) < index
             ? service->fee.amount_fen
             : -1;
}

static Ending
stop(const char *reason)
{
  return (Ending){"handed-off", reason};
}

static void
add(GPtrArray *list, EngineScenario *scenario)
{
  g_ptr_array_add(list, scenario);
}

static void
add_interrupts(GPtrArray *list, const AnyiService *service)
{
  static const struct {
    const char *event;
    const char *reason;
  } interrupts[] = {
      {"help", "citizen-asked"}, {"device-failure", "device-failure"}, {"timeout", "timeout"}};

  for (guint i = 0; i < service->n_steps; i++) {
    if (!step_shown(service, i))
      continue;
    for (guint k = 0; k < G_N_ELEMENTS(interrupts); k++) {
      g_autoptr(JsonObject) script = happy_script(service);
      JsonObject *interrupt = json_object_new();
      g_autofree char *what = g_strdup_printf("%s-at-step-%u", interrupts[k].event, i);
      Ending ending = stop(interrupts[k].reason);
      json_object_set_string_member(interrupt, "event", interrupts[k].event);
      json_object_set_int_member(interrupt, "step", i);
      json_object_set_object_member(script, "interrupt", interrupt);
      if (g_str_equal(interrupts[k].event, "timeout") && !collected_before(service, i))
        ending = (Ending){"abandoned", NULL};
      EngineScenario *scenario = scenario_new(service, what, script, ending);
      scenario->expect_paid_fen = paid_before(service, i);
      add(list, scenario);
    }
  }
}

static EngineScenario *
abandon_at(const AnyiService *service, guint index, const char *what)
{
  g_autoptr(JsonObject) script = happy_script(service);
  JsonObject *interrupt = json_object_new();
  EngineScenario *scenario;

  json_object_set_string_member(interrupt, "event", "abandon");
  json_object_set_int_member(interrupt, "step", index);
  json_object_set_object_member(script, "interrupt", interrupt);
  scenario = scenario_new(service, what, script, (Ending){"abandoned", NULL});
  scenario->expect_paid_fen = paid_before(service, index);
  scenario->expect_refund = scenario->expect_paid_fen > 0;
  return scenario;
}

/* 返回首页 at the first step, and at every step after the citizen paid
 * (the fee goes back, on a refund slip). */
static void
add_abandon(GPtrArray *list, const AnyiService *service)
{
  add(list, abandon_at(service, 0, "abandon"));
  for (guint i = 1; i < service->n_steps; i++) {
    g_autofree char *what = g_strdup_printf("abandon-at-step-%u", i);
    if (step_shown(service, i) && paid_before(service, i) > 0)
      add(list, abandon_at(service, i, what));
  }
}

static void
add_card_scenarios(GPtrArray *list, const AnyiService *service)
{
  static const AnyiCardTypes types[] = {ANYI_CARD_RESIDENT, ANYI_CARD_HK_MO_TW_PERMIT,
                                        ANYI_CARD_FOREIGN_PERMANENT};
  g_autoptr(JsonObject) tries = happy_script(service);

  if (!has_step(service, ANYI_STEP_READ_CARD))
    return;
  json_object_set_int_member(tries, "card_failures", 3);
  add(list, scenario_new(service, "card-tries", tries, stop("too-many-tries")));
  for (guint i = 0; i < G_N_ELEMENTS(types); i++) {
    if (service->card_types & types[i])
      continue;
    g_autoptr(JsonObject) script = happy_script(service);
    g_autofree char *what = g_strdup_printf("card-%s", card_type_name(types[i]));
    set_card(script, types[i], typical_age(service));
    add(list, scenario_new(service, what, script, stop("ineligible")));
  }
  if (service->min_age > 0) {
    g_autoptr(JsonObject) script = happy_script(service);
    set_card(script, accepted_card(service), service->min_age - 1);
    add(list, scenario_new(service, "too-young", script, stop("ineligible")));
  }
  if (service->max_age != G_MAXUINT) {
    g_autoptr(JsonObject) script = happy_script(service);
    set_card(script, accepted_card(service), service->max_age + 1);
    add(list, scenario_new(service, "too-old", script, stop("ineligible")));
  }
}

static void
add_photo_scenarios(GPtrArray *list, const AnyiService *service)
{
  g_autoptr(JsonObject) script = happy_script(service);

  if (!has_step(service, ANYI_STEP_PHOTO))
    return;
  json_object_set_int_member(script, "photo_failures", 3);
  add(list, scenario_new(service, "photo-tries", script, stop("too-many-tries")));
}

static void
add_question_scenarios(GPtrArray *list, const AnyiService *service)
{
  for (guint i = 0; i < service->n_questions; i++) {
    const AnyiQuestion *question = &service->questions[i];
    g_autoptr(JsonObject) script = happy_script(service);
    JsonObject *answers = json_object_new();
    g_autofree char *what = g_strdup_printf("ineligible-%s", question->id);
    json_object_set_boolean_member(answers, question->id, question->ineligible_answer);
    json_object_set_object_member(script, "answers", answers);
    add(list, scenario_new(service, what, script, stop("ineligible")));
  }
}

static JsonObject *
missing_script(const AnyiService *service, const AnyiMaterial *material)
{
  JsonObject *script = happy_script(service);
  JsonArray *missing = json_array_new();

  json_array_add_string_element(missing, material->id);
  json_object_set_array_member(script, "missing", missing);
  return script;
}

static void
add_missing_material(GPtrArray *list, const AnyiService *service, const AnyiMaterial *material)
{
  g_autoptr(JsonObject) script = missing_script(service, material);
  g_autofree char *what = g_strdup_printf("missing-%s", material->id);
  EngineScenario *scenario;

  if (is_waiver_proof(service, material)) {
    add(list, scenario_new(service, what, script, accepted_ending(service, FALSE)));
    return;
  }
  if (!material->may_be_missing) {
    add(list, scenario_new(service, what, script, stop("essential-material-missing")));
    return;
  }
  scenario = scenario_new(service, what, script, accepted_ending(service, TRUE));
  scenario->expect_notice = !(service->flags & ANYI_SERVICE_SPECIAL_CASE);
  add(list, scenario);
  g_autoptr(JsonObject) declined = missing_script(service, material);
  g_autofree char *declined_what = g_strdup_printf("missing-%s-no-commitment", material->id);
  json_object_set_boolean_member(declined, "commit_to_missing", FALSE);
  scenario = scenario_new(service, declined_what, declined, stop("citizen-asked"));
  scenario->expect_paid_fen = paid_before(service, step_index(service, ANYI_STEP_CONFIRM));
  add(list, scenario);
}

static void
add_material_scenarios(GPtrArray *list, const AnyiService *service)
{
  for (guint i = 0; i < service->n_materials; i++) {
    const AnyiMaterial *material = &service->materials[i];
    if (material->capture == ANYI_CAPTURE_NONE || material->capture == ANYI_CAPTURE_DOCUMENT_CAMERA)
      add_missing_material(list, service, material);
  }
}

static void
add_payment_scenarios(GPtrArray *list, const AnyiService *service)
{
  static const char *const unpaid[] = {"failed", "cancelled", "timed-out"};

  if (!kiosk_takes_payment(service))
    return;
  for (guint i = 0; i < G_N_ELEMENTS(unpaid); i++) {
    g_autoptr(JsonObject) script = happy_script(service);
    JsonObject *payment = json_object_new();
    g_autofree char *what = g_strdup_printf("payment-%s", unpaid[i]);
    json_object_set_string_member(payment, "outcome", unpaid[i]);
    json_object_set_object_member(script, "payment", payment);
    add(list, scenario_new(service, what, script, stop("unpaid")));
  }
  g_autoptr(JsonObject) pending = happy_script(service);
  JsonObject *payment = json_object_new();
  json_object_set_string_member(payment, "outcome", "pending");
  json_object_set_object_member(pending, "payment", payment);
  EngineScenario *scenario =
      scenario_new(service, "payment-pending", pending, (Ending){"collecting", NULL});
  scenario->expect_stopped = TRUE;
  scenario->expect_paid_fen = -1;
  add(list, scenario);
}

/* Waivers are claimed in the form field "waiver"; a service without it
 * (started at the kiosk) leaves them to the window. */
static gboolean
has_waiver_field(const AnyiService *service)
{
  for (guint s = 0; s < service->n_steps; s++)
    for (guint i = 0; i < service->steps[s].n_fields; i++)
      if (g_str_equal(service->steps[s].fields[i].id, "waiver"))
        return TRUE;
  return FALSE;
}

static void
add_waiver_scenarios(GPtrArray *list, const AnyiService *service)
{
  for (guint i = 0; has_waiver_field(service) && i < service->fee.n_waivers; i++) {
    const AnyiWaiver *waiver = &service->fee.waivers[i];
    g_autoptr(JsonObject) script = happy_script(service);
    g_autofree char *what = g_strdup_printf("waiver-%s", waiver->id);
    EngineScenario *scenario;
    json_object_set_string_member(json_object_get_object_member(script, "form"), "waiver",
                                  waiver->id);
    scenario = scenario_new(service, what, script, accepted_ending(service, FALSE));
    if (scenario->expect_paid_fen > 0)
      scenario->expect_paid_fen = anyi_catalogue_service_fee(service, waiver->id);
    if (scenario->expect_paid_fen == 0)
      scenario->expect_paid_fen = -1;
    add(list, scenario);
    if (!waiver->proof)
      continue;
    g_autoptr(JsonObject) without = missing_script(service, waiver->proof);
    g_autofree char *without_what = g_strdup_printf("waiver-%s-without-proof", waiver->id);
    json_object_set_string_member(json_object_get_object_member(without, "form"), "waiver",
                                  waiver->id);
    add(list, scenario_new(service, without_what, without, stop("essential-material-missing")));
  }
}

static void
add_fingerprint_scenario(GPtrArray *list, const AnyiService *service)
{
  g_autoptr(JsonObject) script = NULL;

  if (!(service->flags & ANYI_SERVICE_REQUIRES_FINGERPRINT) ||
      service->completion != ANYI_COMPLETION_KIOSK)
    return;
  script = happy_script(service);
  json_object_set_boolean_member(json_object_get_object_member(script, "kiosk"),
                                 "has_fingerprint_reader", FALSE);
  /* collected and paid here, finished at the window that takes fingerprints */
  add(list, scenario_new(service, "no-fingerprint-reader", script, stop("window-finishes")));
}

static const char *
bad_value(const AnyiFormField *field)
{
  switch (field->validator) {
  case ANYI_FIELD_MOBILE:
    return "1234";
  case ANYI_FIELD_CHINESE_NAME:
    return "Zhang San";
  case ANYI_FIELD_DATE:
    return "30/11/2026";
  case ANYI_FIELD_CHOICE:
    return "no-such-choice";
  case ANYI_FIELD_ID_NUMBER:
    return "510104199013011234";
  case ANYI_FIELD_TEXT:
  default:
    return NULL;
  }
}

static void
add_form_scenarios(GPtrArray *list, const AnyiService *service)
{
  for (guint s = 0; s < service->n_steps; s++)
    for (guint i = 0; i < service->steps[s].n_fields; i++) {
      const AnyiFormField *field = &service->steps[s].fields[i];
      const char *bad = bad_value(field);
      if (!bad)
        continue;
      g_autoptr(JsonObject) script = happy_script(service);
      g_autofree char *what = g_strdup_printf("form-bad-%s", field->id);
      EngineScenario *scenario;
      json_object_set_string_member(json_object_get_object_member(script, "form"), field->id, bad);
      scenario = scenario_new(service, what, script, (Ending){"collecting", NULL});
      scenario->expect_stopped = TRUE;
      scenario->expect_paid_fen = -1;
      add(list, scenario);
    }
}

GPtrArray *
engine_scenarios_for_service(const AnyiService *service)
{
  GPtrArray *list = g_ptr_array_new_with_free_func((GDestroyNotify)engine_scenario_free);

  add(list, engine_scenario_happy(service));
  add_interrupts(list, service);
  add_abandon(list, service);
  add_card_scenarios(list, service);
  add_photo_scenarios(list, service);
  add_question_scenarios(list, service);
  add_material_scenarios(list, service);
  add_payment_scenarios(list, service);
  add_waiver_scenarios(list, service);
  add_fingerprint_scenario(list, service);
  add_form_scenarios(list, service);
  return list;
}
