/* SPDX-License-Identifier: GPL-3.0-or-later */
/* anyi-case-runner-back.c: 上一步 across steps.
 *
 * What a step collected lives in the case's data under names of its own
 * (anyi-case-runner.c), so going back is: find the citizen-facing step
 * before the one shown, remove what that step put in the data, and save
 * the step index with the data in one write. Recovery reads only the
 * store, so a crash after going back resumes at the step gone back to. */
#include "anyi-case-runner-private.h"

/* A payment the store knows of (opened, paid, refunded) cannot be undone
 * by the citizen: the order exists at the platform. */
static gboolean
payment_opened(AnyiCaseRunner *self)
{
  g_autoptr(AnyiStoredPayment) stored =
      anyi_store_payment_for_case(self->store, anyi_case_get_id(self->kase), NULL);

  return stored != NULL;
}

static gboolean
is_barrier(AnyiCaseRunner *self, const AnyiStep *step)
{
  if (step->type == ANYI_STEP_PAYMENT)
    return payment_opened(self);
  return step->type == ANYI_STEP_READ_CARD || step->type == ANYI_STEP_RESULT;
}

/* The index of the step 上一步 leads to, or FALSE. */
static gboolean
find_back_step(AnyiCaseRunner *self, guint *to)
{
  AnyiCaseState state;

  if (!self->kase)
    return FALSE;
  state = anyi_case_get_state(self->kase);
  if (state != ANYI_CASE_COLLECTING && state != ANYI_CASE_REVIEWING)
    return FALSE;
  if (anyi_case_runner_get_answer(self) || is_barrier(self, &self->service->steps[self->step]))
    return FALSE;
  for (guint i = self->step; i-- > 0;) {
    const AnyiStep *step = &self->service->steps[i];
    if (is_barrier(self, step))
      return FALSE;
    if (!anyi_case_runner_step_applies(self, step) || step->type == ANYI_STEP_CONFIRM)
      continue;
    *to = i;
    return TRUE;
  }
  return FALSE;
}

gboolean
anyi_case_runner_can_go_back(AnyiCaseRunner *self)
{
  guint to;

  g_return_val_if_fail(ANYI_IS_CASE_RUNNER(self), FALSE);
  return find_back_step(self, &to);
}

/* Removes @name from the data's object member @member, the member itself
 * once empty (an empty "form" would still count as collected). Moves the
 * value into @dropped when not NULL. */
static void
drop_member(AnyiCaseRunner *self, const char *member, const char *name, JsonObject *dropped)
{
  JsonObject *object = anyi_case_runner_peek_object(self, member);
  JsonNode *value = object ? json_object_dup_member(object, name) : NULL;

  if (!value)
    return;
  if (dropped)
    json_object_set_member(dropped, name, value);
  else
    json_node_unref(value);
  json_object_remove_member(object, name);
  if (json_object_get_size(object) == 0)
    json_object_remove_member(anyi_case_runner_data(self), member);
}

static void
drop_missing(AnyiCaseRunner *self, const char *material_id)
{
  JsonObject *data = anyi_case_runner_data(self);
  JsonNode *node = json_object_get_member(data, "missing");
  JsonArray *missing = node && JSON_NODE_HOLDS_ARRAY(node) ? json_node_get_array(node) : NULL;

  for (guint i = 0; missing && i < json_array_get_length(missing); i++)
    if (g_strcmp0(json_array_get_string_element(missing, i), material_id) == 0) {
      json_array_remove_element(missing, i);
      break;
    }
  if (missing && json_array_get_length(missing) == 0)
    json_object_remove_member(data, "missing");
}

/* A region code belongs to the address it was picked for: it leaves the
 * case with it, and goes back to the page beside it (the page keeps it
 * while the address still starts with that region). */
static void
drop_region_codes(AnyiCaseRunner *self, const AnyiStep *step, JsonObject *dropped)
{
  g_autoptr(JsonObject) codes = json_object_new();

  for (guint i = 0; i < step->n_fields; i++)
    drop_member(self, ANYI_CASE_REGION_CODES, step->fields[i].id, codes);
  if (json_object_get_size(codes) > 0)
    json_object_set_object_member(dropped, ANYI_CASE_REGION_CODES, g_steal_pointer(&codes));
}

static JsonObject *
drop_collected(AnyiCaseRunner *self, const AnyiStep *step)
{
  JsonObject *dropped = NULL;
  JsonObject *progress;

  switch (step->type) {
  case ANYI_STEP_QUESTIONS:
    dropped = json_object_new();
    for (guint i = 0; i < step->n_questions; i++)
      drop_member(self, "answers", step->questions[i]->id, dropped);
    break;
  case ANYI_STEP_FORM:
    dropped = json_object_new();
    for (guint i = 0; i < step->n_fields; i++)
      drop_member(self, "form", step->fields[i].id, dropped);
    drop_region_codes(self, step, dropped);
    break;
  case ANYI_STEP_PHOTO:
    json_object_remove_member(anyi_case_runner_data(self), "photo");
    json_object_remove_member(anyi_case_runner_data(self), "photo_best");
    if ((progress = anyi_case_runner_peek_object(self, "progress")))
      json_object_remove_member(progress, "photo_tries");
    break;
  case ANYI_STEP_CAPTURE_DOCUMENT:
    drop_member(self, "documents", step->material->id, NULL);
    drop_missing(self, step->material->id);
    break;
  case ANYI_STEP_READ_CARD:
  case ANYI_STEP_PAYMENT:
  case ANYI_STEP_CONFIRM:
  case ANYI_STEP_RESULT:
  default:
    break;
  }
  return dropped;
}

gboolean
anyi_case_runner_back(AnyiCaseRunner *self, JsonObject **dropped, GError **error)
{
  g_autoptr(JsonObject) held = NULL;
  g_autofree char *detail = NULL;
  guint to;

  g_return_val_if_fail(ANYI_IS_CASE_RUNNER(self), FALSE);
  if (dropped)
    *dropped = NULL;
  if (!find_back_step(self, &to)) {
    g_set_error(error, ANYI_CASE_RUNNER_ERROR, ANYI_CASE_RUNNER_ERROR_WRONG_STEP,
                "case %s cannot go back from step %u",
                self->kase ? anyi_case_get_number(self->kase) : "-", self->step);
    return FALSE;
  }
  detail = g_strdup_printf("%s>%s", anyi_step_type_to_string(self->service->steps[self->step].type),
                           anyi_step_type_to_string(self->service->steps[to].type));
  held = drop_collected(self, &self->service->steps[to]);
  json_object_set_int_member(anyi_case_runner_member_object(self, "progress"), "step", to);
  /* one write: the data without what was dropped, the step and the event */
  if (anyi_case_get_state(self->kase) == ANYI_CASE_REVIEWING
          ? !anyi_case_advance(self->kase, ANYI_CASE_COLLECTING, "back", detail, error)
          : !anyi_case_save(self->kase, "back", detail, error))
    return FALSE;
  self->step = to;
  g_info("case %s: back %s", anyi_case_get_number(self->kase), detail);
  if (dropped)
    *dropped = g_steal_pointer(&held);
  return TRUE;
}
