/* SPDX-License-Identifier: GPL-3.0-or-later */
/* anyi-case-script.c: reading a case script and playing it. */
#include "anyi-case-script.h"

#include <stdio.h>
#include <string.h>

/* clang-format off */
G_DEFINE_QUARK(anyi-case-script-error-quark, anyi_case_script_error)
/* clang-format on */

struct _AnyiCaseScript {
  JsonObject *root;
  AnyiCaseCard card;
  gboolean has_card;
  GDate today;
  AnyiPaymentOutcome payment;
  const char *interrupt_event; /* NULL: none */
  gint64 interrupt_step;
};

static const char *const members[] = {
    "service",        "today",     "kiosk",   "card",    "card_failures",
    "photo_failures", "answers",   "form",    "missing", "commit_to_missing",
    "payment",        "interrupt", "comment", NULL};
static const char *const kiosk_members[] = {
    "letter",         "window",          "has_fingerprint_reader",
    "max_card_tries", "max_photo_tries", "commitment_days",
    "hall",           "kiosk_id",        NULL};
static const char *const card_members[] = {"type",      "name",    "sex",      "birth",
                                           "id_number", "address", "valid_to", NULL};
static const char *const interrupts[] = {"help", "timeout", "device-failure", "abandon", NULL};

static gboolean invalid(GError **error, const char *format, ...) G_GNUC_PRINTF(2, 3);

static gboolean
invalid(GError **error, const char *format, ...)
{
  va_list args;
  g_autofree char *message = NULL;

  va_start(args, format);
  message = g_strdup_vprintf(format, args);
  va_end(args);
  g_set_error_literal(error, ANYI_CASE_SCRIPT_ERROR, ANYI_CASE_SCRIPT_ERROR_INVALID, message);
  return FALSE;
}

static gboolean
check_members(JsonObject *object, const char *where, const char *const *known, GError **error)
{
  g_autoptr(GList) names = json_object_get_members(object);

  for (GList *l = names; l; l = l->next)
    if (!g_strv_contains(known, l->data))
      return invalid(error, "%s: unknown member \"%s\"", where, (const char *)l->data);
  return TRUE;
}

static gboolean
member_has_type(JsonObject *object, const char *name, GType type, JsonNodeType node_type)
{
  JsonNode *node = json_object_get_member(object, name);

  if (!node)
    return TRUE;
  if (node_type != JSON_NODE_VALUE)
    return JSON_NODE_TYPE(node) == node_type;
  return JSON_NODE_HOLDS_VALUE(node) && json_node_get_value_type(node) == type;
}

static gboolean
check_types(JsonObject *root, GError **error)
{
  static const struct {
    const char *name;
    GType type;
    JsonNodeType node;
    const char *what;
  } expected[] = {
      {"service", G_TYPE_STRING, JSON_NODE_VALUE, "a string"},
      {"today", G_TYPE_STRING, JSON_NODE_VALUE, "a date YYYY-MM-DD"},
      {"kiosk", 0, JSON_NODE_OBJECT, "an object"},
      {"card", 0, JSON_NODE_OBJECT, "an object"},
      {"card_failures", G_TYPE_INT64, JSON_NODE_VALUE, "a whole number"},
      {"photo_failures", G_TYPE_INT64, JSON_NODE_VALUE, "a whole number"},
      {"answers", 0, JSON_NODE_OBJECT, "an object"},
      {"form", 0, JSON_NODE_OBJECT, "an object"},
      {"missing", 0, JSON_NODE_ARRAY, "an array of material ids"},
      {"commit_to_missing", G_TYPE_BOOLEAN, JSON_NODE_VALUE, "true or false"},
      {"payment", 0, JSON_NODE_OBJECT, "an object"},
      {"interrupt", 0, JSON_NODE_OBJECT, "an object"},
  };

  if (!json_object_has_member(root, "service"))
    return invalid(error, "$.service: required");
  for (guint i = 0; i < G_N_ELEMENTS(expected); i++)
    if (!member_has_type(root, expected[i].name, expected[i].type, expected[i].node))
      return invalid(error, "$.%s: must be %s", expected[i].name, expected[i].what);
  return check_members(root, "$", members, error);
}

static gboolean
parse_card_type(const char *name, AnyiCardTypes *type)
{
  static const struct {
    const char *name;
    AnyiCardTypes type;
  } types[] = {{"resident", ANYI_CARD_RESIDENT},
               {"hk_mo_tw_permit", ANYI_CARD_HK_MO_TW_PERMIT},
               {"foreign_permanent", ANYI_CARD_FOREIGN_PERMANENT}};

  for (guint i = 0; i < G_N_ELEMENTS(types); i++)
    if (g_strcmp0(types[i].name, name) == 0) {
      *type = types[i].type;
      return TRUE;
    }
  return FALSE;
}

static gboolean
read_card(AnyiCaseScript *script, GError **error)
{
  JsonObject *card;

  if (!json_object_has_member(script->root, "card"))
    return TRUE;
  card = json_object_get_object_member(script->root, "card");
  if (!check_members(card, "$.card", card_members, error))
    return FALSE;
  for (guint i = 0; card_members[i]; i++)
    if (!member_has_type(card, card_members[i], G_TYPE_STRING, JSON_NODE_VALUE))
      return invalid(error, "$.card.%s: must be a string", card_members[i]);
  if (!parse_card_type(json_object_get_string_member_with_default(card, "type", "resident"),
                       &script->card.type))
    return invalid(error, "$.card.type: not resident, hk_mo_tw_permit or foreign_permanent");
  script->card.name = json_object_get_string_member_with_default(card, "name", "");
  script->card.sex = json_object_get_string_member_with_default(card, "sex", "");
  script->card.birth = json_object_get_string_member_with_default(card, "birth", "");
  script->card.id_number = json_object_get_string_member_with_default(card, "id_number", "");
  script->card.address = json_object_get_string_member_with_default(card, "address", "");
  script->card.valid_to = json_object_get_string_member_with_default(card, "valid_to", "");
  script->has_card = TRUE;
  return TRUE;
}

static gboolean
read_today(AnyiCaseScript *script, GError **error)
{
  const char *text = json_object_get_string_member_with_default(script->root, "today", NULL);
  guint y, m, d;

  g_date_clear(&script->today, 1);
  if (!text) {
    g_date_set_time_t(&script->today, time(NULL));
    return TRUE;
  }
  if (strlen(text) != 10 || sscanf(text, "%4u-%2u-%2u", &y, &m, &d) != 3 ||
      !g_date_valid_dmy(d, m, y))
    return invalid(error, "$.today: \"%s\" is not a date YYYY-MM-DD", text);
  g_date_set_dmy(&script->today, d, m, y);
  return TRUE;
}

static gboolean
read_payment(AnyiCaseScript *script, GError **error)
{
  JsonObject *payment;
  const char *outcome;

  script->payment = ANYI_PAYMENT_PAID;
  if (!json_object_has_member(script->root, "payment"))
    return TRUE;
  payment = json_object_get_object_member(script->root, "payment");
  outcome = json_object_get_string_member_with_default(payment, "outcome", "paid");
  if (!anyi_payment_outcome_from_string(outcome, &script->payment))
    return invalid(error,
                   "$.payment.outcome: \"%s\" is not paid, failed, cancelled, "
                   "timed-out or pending",
                   outcome);
  return TRUE;
}

static gboolean
read_interrupt(AnyiCaseScript *script, GError **error)
{
  JsonObject *interrupt;

  if (!json_object_has_member(script->root, "interrupt"))
    return TRUE;
  interrupt = json_object_get_object_member(script->root, "interrupt");
  script->interrupt_event = json_object_get_string_member_with_default(interrupt, "event", NULL);
  script->interrupt_step = json_object_get_int_member_with_default(interrupt, "step", -1);
  if (!script->interrupt_event || !g_strv_contains(interrupts, script->interrupt_event))
    return invalid(error, "$.interrupt.event: must be help, timeout, device-failure or abandon");
  if (script->interrupt_step < 0)
    return invalid(error, "$.interrupt.step: must be a step index from 0");
  return TRUE;
}

static gboolean
read_kiosk(AnyiCaseScript *script, GError **error)
{
  JsonObject *kiosk;

  if (!json_object_has_member(script->root, "kiosk"))
    return TRUE;
  kiosk = json_object_get_object_member(script->root, "kiosk");
  if (!check_members(kiosk, "$.kiosk", kiosk_members, error))
    return FALSE;
  if (json_object_has_member(kiosk, "letter") &&
      strlen(json_object_get_string_member_with_default(kiosk, "letter", "")) != 1)
    return invalid(error, "$.kiosk.letter: must be one letter");
  return TRUE;
}

AnyiCaseScript *
anyi_case_script_new_from_data(const char *json, GError **error)
{
  g_autoptr(JsonParser) parser = json_parser_new();
  g_autoptr(AnyiCaseScript) script = g_new0(AnyiCaseScript, 1);
  JsonNode *root;

  if (!json_parser_load_from_data(parser, json, -1, error))
    return NULL;
  root = json_parser_get_root(parser);
  if (!root || !JSON_NODE_HOLDS_OBJECT(root)) {
    invalid(error, "$: a script is a JSON object");
    return NULL;
  }
  script->root = json_object_ref(json_node_get_object(root));
  if (!check_types(script->root, error) || !read_card(script, error) ||
      !read_today(script, error) || !read_payment(script, error) ||
      !read_interrupt(script, error) || !read_kiosk(script, error))
    return NULL;
  return g_steal_pointer(&script);
}

AnyiCaseScript *
anyi_case_script_load(const char *path, GError **error)
{
  g_autofree char *text = NULL;
  AnyiCaseScript *script;

  if (!g_file_get_contents(path, &text, NULL, error))
    return NULL;
  script = anyi_case_script_new_from_data(text, error);
  if (!script)
    g_prefix_error(error, "%s: ", path);
  return script;
}

void
anyi_case_script_free(AnyiCaseScript *script)
{
  if (!script)
    return;
  g_clear_pointer(&script->root, json_object_unref);
  g_free(script);
}

const char *
anyi_case_script_get_service(AnyiCaseScript *script)
{
  return json_object_get_string_member(script->root, "service");
}

void
anyi_case_script_get_today(AnyiCaseScript *script, GDate *today)
{
  *today = script->today;
}

AnyiPaymentOutcome
anyi_case_script_get_payment_outcome(AnyiCaseScript *script)
{
  return script->payment;
}

void
anyi_case_script_get_config(AnyiCaseScript *script, AnyiCaseRunnerConfig *config)
{
  JsonObject *kiosk = json_object_has_member(script->root, "kiosk")
                          ? json_object_get_object_member(script->root, "kiosk")
                          : NULL;

  memset(config, 0, sizeof *config);
  config->has_fingerprint_reader = TRUE;
  if (!kiosk)
    return;
  config->kiosk_letter = json_object_get_string_member_with_default(kiosk, "letter", "A")[0];
  config->window = json_object_get_string_member_with_default(kiosk, "window", NULL);
  config->hall = json_object_get_string_member_with_default(kiosk, "hall", NULL);
  config->kiosk_id = json_object_get_string_member_with_default(kiosk, "kiosk_id", NULL);
  config->has_fingerprint_reader =
      json_object_get_boolean_member_with_default(kiosk, "has_fingerprint_reader", TRUE);
  config->max_card_tries = json_object_get_int_member_with_default(kiosk, "max_card_tries", 0);
  config->max_photo_tries = json_object_get_int_member_with_default(kiosk, "max_photo_tries", 0);
  config->commitment_days = json_object_get_int_member_with_default(kiosk, "commitment_days", 0);
}

/* ---- playing ---- */

static gboolean
script_says_missing(AnyiCaseScript *script, const char *material_id)
{
  JsonArray *missing;

  if (!json_object_has_member(script->root, "missing"))
    return FALSE;
  missing = json_object_get_array_member(script->root, "missing");
  for (guint i = 0; i < json_array_get_length(missing); i++)
    if (g_strcmp0(json_array_get_string_element(missing, i), material_id) == 0)
      return TRUE;
  return FALSE;
}

/* Materials the kiosk cannot take are declared missing as soon as the case
 * collects; the runner keeps the list, so a resumed case skips them. */
static gboolean
declare_uncapturable_missing(AnyiCaseScript *script, AnyiCaseRunner *runner, GError **error)
{
  const AnyiService *service = anyi_case_runner_get_service(runner);
  g_auto(GStrv) known = anyi_case_runner_dup_missing(runner);

  for (guint i = 0; i < service->n_materials; i++) {
    const AnyiMaterial *material = &service->materials[i];
    if (material->capture != ANYI_CAPTURE_NONE || !script_says_missing(script, material->id) ||
        g_strv_contains((const char *const *)known, material->id))
      continue;
    if (!anyi_case_runner_material_missing(runner, material->id, error))
      return FALSE;
    if (anyi_case_state_is_final(anyi_case_runner_get_state(runner)))
      return TRUE;
  }
  return TRUE;
}

static guint
tries_so_far(AnyiCaseRunner *runner, const char *counter)
{
  JsonObject *data = anyi_case_get_data(anyi_case_runner_get_case(runner));
  JsonObject *progress = json_object_has_member(data, "progress")
                             ? json_object_get_object_member(data, "progress")
                             : NULL;

  return progress ? (guint)json_object_get_int_member_with_default(progress, counter, 0) : 0;
}

static gint64
script_int(AnyiCaseScript *script, const char *name)
{
  return json_object_get_int_member_with_default(script->root, name, 0);
}

static gboolean
play_card(AnyiCaseScript *script, AnyiCaseRunner *runner, GError **error)
{
  if ((gint64)tries_so_far(runner, "card_tries") < script_int(script, "card_failures"))
    return anyi_case_runner_card_failed(runner, "script: card read failed", error);
  if (!script->has_card)
    return invalid(error, "$.card: the service reads a card but the script has none");
  return anyi_case_runner_card_read(runner, &script->card, error);
}

static gboolean
play_photo(AnyiCaseScript *script, AnyiCaseRunner *runner, GError **error)
{
  if ((gint64)tries_so_far(runner, "photo_tries") < script_int(script, "photo_failures"))
    return anyi_case_runner_photo_failed(runner, "script: no face found", NULL, error);
  return anyi_case_runner_photo_taken(runner, "photo.jpg", error);
}

static gboolean
play_document(AnyiCaseScript *script, AnyiCaseRunner *runner, const AnyiStep *step, GError **error)
{
  g_autofree char *ref = NULL;

  if (script_says_missing(script, step->material->id))
    return anyi_case_runner_material_missing(runner, step->material->id, error);
  ref = g_strdup_printf("%s.jpg", step->material->id);
  return anyi_case_runner_document_captured(runner, step->material->id, ref, error);
}

static gboolean
play_questions(AnyiCaseScript *script, AnyiCaseRunner *runner, const AnyiStep *step, GError **error)
{
  g_autoptr(JsonObject) answers = json_object_new();
  JsonObject *given = json_object_has_member(script->root, "answers")
                          ? json_object_get_object_member(script->root, "answers")
                          : NULL;

  for (guint i = 0; i < step->n_questions; i++) {
    const AnyiQuestion *question = step->questions[i];
    JsonNode *node = given ? json_object_get_member(given, question->id) : NULL;
    if (node && (!JSON_NODE_HOLDS_VALUE(node) || json_node_get_value_type(node) != G_TYPE_BOOLEAN))
      return invalid(error, "$.answers.%s: must be true or false", question->id);
    json_object_set_boolean_member(
        answers, question->id, node ? json_node_get_boolean(node) : !question->ineligible_answer);
  }
  return anyi_case_runner_answer(runner, answers, error);
}

static gboolean
play_form(AnyiCaseScript *script, AnyiCaseRunner *runner, GPtrArray *problems, gboolean *stuck,
          GError **error)
{
  g_autoptr(GPtrArray) found = NULL;
  JsonObject *form = json_object_has_member(script->root, "form")
                         ? json_object_get_object_member(script->root, "form")
                         : NULL;
  g_autoptr(JsonObject) empty = json_object_new();

  if (!anyi_case_runner_form(runner, form ? form : empty, &found, error))
    return FALSE;
  *stuck = found->len > 0;
  for (guint i = 0; problems && i < found->len; i++) {
    AnyiCaseFieldProblem *copy = g_memdup2(found->pdata[i], sizeof(AnyiCaseFieldProblem));
    g_ptr_array_add(problems, copy);
  }
  return TRUE;
}

static gboolean
play_payment(AnyiCaseRunner *runner, gboolean *stuck, GError **error)
{
  AnyiPaymentOutcome outcome;

  if (!anyi_case_runner_payment_start(runner, error))
    return FALSE;
  if (anyi_case_state_is_final(anyi_case_runner_get_state(runner)) ||
      anyi_case_runner_get_step(runner)->type != ANYI_STEP_PAYMENT)
    return TRUE;
  if (!anyi_case_runner_payment_check(runner, &outcome, error))
    return FALSE;
  *stuck = outcome == ANYI_PAYMENT_PENDING;
  return TRUE;
}

static gboolean
play_interrupt(AnyiCaseScript *script, AnyiCaseRunner *runner, GError **error)
{
  if (g_str_equal(script->interrupt_event, "help"))
    return anyi_case_runner_ask_help(runner, error);
  if (g_str_equal(script->interrupt_event, "timeout"))
    return anyi_case_runner_timeout(runner, error);
  if (g_str_equal(script->interrupt_event, "abandon"))
    return anyi_case_runner_abandon(runner, error);
  return anyi_case_runner_device_failed(runner, "script-device", "failure in the script", error);
}

static gboolean
play_step(AnyiCaseScript *script, AnyiCaseRunner *runner, GPtrArray *problems, gboolean *stuck,
          GError **error)
{
  const AnyiStep *step = anyi_case_runner_get_step(runner);

  if (script->interrupt_event &&
      script->interrupt_step == (gint64)anyi_case_runner_get_step_index(runner))
    return play_interrupt(script, runner, error);
  switch (step->type) {
  case ANYI_STEP_READ_CARD:
    return play_card(script, runner, error);
  case ANYI_STEP_PHOTO:
    return play_photo(script, runner, error);
  case ANYI_STEP_CAPTURE_DOCUMENT:
    return play_document(script, runner, step, error);
  case ANYI_STEP_QUESTIONS:
    return play_questions(script, runner, step, error);
  case ANYI_STEP_FORM:
    return play_form(script, runner, problems, stuck, error);
  case ANYI_STEP_PAYMENT:
    return play_payment(runner, stuck, error);
  case ANYI_STEP_CONFIRM:
    return anyi_case_runner_confirm(
        runner,
        json_object_get_boolean_member_with_default(script->root, "commit_to_missing", TRUE),
        error);
  case ANYI_STEP_RESULT:
  default:
    *stuck = TRUE;
    return TRUE;
  }
}

gboolean
anyi_case_script_play(AnyiCaseScript *script, AnyiCaseRunner *runner, GPtrArray *problems,
                      GError **error)
{
  gboolean stuck = FALSE;

  while (!stuck && !anyi_case_state_is_final(anyi_case_runner_get_state(runner))) {
    if (!declare_uncapturable_missing(script, runner, error))
      return FALSE;
    if (anyi_case_state_is_final(anyi_case_runner_get_state(runner)))
      break;
    if (!play_step(script, runner, problems, &stuck, error))
      return FALSE;
  }
  return TRUE;
}
