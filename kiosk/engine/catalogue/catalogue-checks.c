/* SPDX-License-Identifier: GPL-3.0-or-later */
/* catalogue-checks.c: rules that look at a service as a whole.
 *
 * These are what keep a case engine from dead ends: a kiosk-completed
 * service must be able to capture every essential material, every question
 * must be asked somewhere, a fee must be paid somewhere, the result comes
 * last. */
#include "catalogue-steps-private.h"

typedef struct {
  guint count[ANYI_STEP_RESULT + 1];
  gint result_index;
} StepCensus;

static StepCensus
census(const AnyiService *service)
{
  StepCensus c = {{0}, -1};
  for (guint i = 0; i < service->n_steps; i++) {
    AnyiStepType type = service->steps[i].type;
    if (type > ANYI_STEP_RESULT)
      continue;
    c.count[type]++;
    if (type == ANYI_STEP_RESULT)
      c.result_index = (gint)i;
  }
  return c;
}

static void
check_order(AnyiReader *reader, const AnyiService *service, const StepCensus *c)
{
  g_autofree char *path = anyi_reader_path(reader, "steps");
  if (service->n_steps == 0) {
    anyi_load_problem(reader->ctx, path, "a service needs at least a result step");
    return;
  }
  if (c->count[ANYI_STEP_RESULT] != 1 || c->result_index != (gint)service->n_steps - 1)
    anyi_load_problem(reader->ctx, path, "exactly one result step, and it comes last");
  if (c->count[ANYI_STEP_PAYMENT] > 1)
    anyi_load_problem(reader->ctx, path,
                      "at most one payment step (a case is never charged twice)");
}

static gboolean
question_asked(const AnyiService *service, const AnyiQuestion *question)
{
  for (guint s = 0; s < service->n_steps; s++)
    for (guint q = 0; q < service->steps[s].n_questions; q++)
      if (service->steps[s].questions[q] == question)
        return TRUE;
  return FALSE;
}

static void
check_questions_asked(AnyiReader *reader, const AnyiService *service)
{
  for (guint i = 0; i < service->n_questions; i++) {
    if (!service->questions[i].id || question_asked(service, &service->questions[i]))
      continue;
    g_autofree char *path = g_strdup_printf("%s.eligibility[%u]", reader->path, i);
    anyi_load_problem(reader->ctx, path, "question '%s' is never asked: add it to a questions step",
                      service->questions[i].id);
  }
}

static gboolean
blank(const char *text)
{
  for (const char *c = text; c && *c; c = g_utf8_next_char(c))
    if (!g_unichar_isspace(g_utf8_get_char(c)))
      return FALSE;
  return TRUE;
}

/* An answer that does not fit is explained to the citizen before the
 * window: the reason is what the page says (kiosk-question-page). */
static void
check_reasons(AnyiReader *reader, const AnyiService *service)
{
  for (guint i = 0; i < service->n_questions; i++) {
    const AnyiText *reason = &service->questions[i].handoff_reason;
    if (!service->questions[i].id || (!blank(reason->zh) && !blank(reason->en)))
      continue;
    g_autofree char *path = g_strdup_printf("%s.eligibility[%u].handoff_reason", reader->path, i);
    anyi_load_problem(reader->ctx, path,
                      "question '%s': the answer that does not fit needs a reason in plain words, "
                      "in both languages",
                      service->questions[i].id);
  }
}

static void
check_payment(AnyiReader *reader, const AnyiService *service, const StepCensus *c)
{
  g_autofree char *path = anyi_reader_path(reader, "fee");
  if (c->count[ANYI_STEP_PAYMENT] > 0 && service->fee.amount_fen == 0)
    anyi_load_problem(reader->ctx, path, "a payment step but no fee");
  if (c->count[ANYI_STEP_PAYMENT] == 0 && service->fee.amount_fen > 0 &&
      service->completion == ANYI_COMPLETION_KIOSK)
    anyi_load_problem(reader->ctx, path,
                      "a service finished at the kiosk with a fee needs a payment step");
}

static void
check_flags(AnyiReader *reader, const AnyiService *service, const StepCensus *c)
{
  g_autofree char *path = anyi_reader_path(reader, "flags");
  gboolean photo_flag = (service->flags & ANYI_SERVICE_REQUIRES_PHOTO) != 0;

  if (photo_flag != (c->count[ANYI_STEP_PHOTO] > 0))
    anyi_load_problem(reader->ctx, path,
                      "\"requires-photo\" and a photo step go together: one is missing");
  if ((service->flags & ANYI_SERVICE_SPECIAL_CASE) && service->completion == ANYI_COMPLETION_KIOSK)
    anyi_load_problem(reader->ctx, path,
                      "a \"special-case\" service is always handed off: completion must be "
                      "start-at-kiosk");
}

static gboolean
material_captured(const AnyiService *service, const AnyiMaterial *material, const StepCensus *c)
{
  switch (material->capture) {
  case ANYI_CAPTURE_CARD:
    return c->count[ANYI_STEP_READ_CARD] > 0;
  case ANYI_CAPTURE_PHOTO:
    return c->count[ANYI_STEP_PHOTO] > 0;
  case ANYI_CAPTURE_DOCUMENT_CAMERA:
    for (guint i = 0; i < service->n_steps; i++)
      if (service->steps[i].material == material)
        return TRUE;
    return FALSE;
  case ANYI_CAPTURE_NONE:
    break;
  }
  return FALSE;
}

/* A kiosk can finish a case only if it can take every essential material;
 * kiosk_capture says how this service takes a material at the kiosk, so
 * each such material needs a step that does. */
static void
check_materials_captured(AnyiReader *reader, const AnyiService *service, const StepCensus *c)
{
  gboolean kiosk = service->completion == ANYI_COMPLETION_KIOSK;
  for (guint i = 0; i < service->n_materials; i++) {
    const AnyiMaterial *m = &service->materials[i];
    if (!m->id)
      continue;
    g_autofree char *path = g_strdup_printf("%s.materials[%u]", reader->path, i);
    if (m->capture == ANYI_CAPTURE_NONE) {
      if (kiosk && m->kind == ANYI_MATERIAL_ESSENTIAL)
        anyi_load_problem(reader->ctx, path,
                          "essential material '%s' only a window can take, so completion must "
                          "be start-at-kiosk",
                          m->id);
    } else if (!material_captured(service, m, c)) {
      anyi_load_problem(reader->ctx, path, "material '%s' has no step that captures it", m->id);
    }
  }
}

static const AnyiFormField *
find_field(const AnyiService *service, const char *id)
{
  for (guint s = 0; s < service->n_steps; s++)
    for (guint f = 0; f < service->steps[s].n_fields; f++)
      if (g_strcmp0(service->steps[s].fields[f].id, id) == 0)
        return &service->steps[s].fields[f];
  return NULL;
}

static gboolean
choices_match_waivers(const AnyiService *service, const AnyiFormField *field)
{
  if (field->validator != ANYI_FIELD_CHOICE || field->n_choices != service->fee.n_waivers + 1)
    return FALSE;
  for (guint i = 0; i < field->n_choices; i++) {
    const char *id = field->choices[i].id;
    if (id && !g_str_equal(id, "none") && !anyi_catalogue_service_waiver(service, id))
      return FALSE;
  }
  return TRUE;
}

/* The citizen claims a waiver on a form: the choice field "waiver" offers
 * "none" and each waiver by id, so the case engine knows which one applies. */
static void
check_waiver_field(AnyiReader *reader, const AnyiService *service)
{
  const AnyiFormField *field = find_field(service, "waiver");
  g_autofree char *path = g_strdup_printf("%s.fee.waivers", reader->path);
  if (field && !choices_match_waivers(service, field))
    anyi_load_problem(reader->ctx, path,
                      "the form field \"waiver\" must be a choice of \"none\" and each waiver id");
  else if (!field && service->fee.n_waivers > 0 && service->completion == ANYI_COMPLETION_KIOSK)
    anyi_load_problem(reader->ctx, path,
                      "a kiosk-finished service with waivers needs a choice field \"waiver\" to "
                      "claim one");
}

void
anyi_steps_check(AnyiReader *reader, const AnyiService *service)
{
  StepCensus c = census(service);
  check_order(reader, service, &c);
  check_questions_asked(reader, service);
  check_reasons(reader, service);
  check_payment(reader, service, &c);
  check_flags(reader, service, &c);
  check_materials_captured(reader, service, &c);
  check_waiver_field(reader, service);
}
