/* SPDX-License-Identifier: GPL-3.0-or-later */
/* catalogue-steps.c: the ordered, typed steps a case engine plays. */
#include "catalogue-steps-private.h"
#include "catalogue-names-private.h"

/* Free text longer than this does not fit a kiosk's on-screen keyboard flow. */
#define MAX_TEXT_LENGTH 500

/* Choice ids are unique within their field, field ids across the service's
 * forms; a repeated one is reported at its element, as "duplicate @kind id",
 * then @note. */
static void
check_new_id(AnyiLoadCtx *ctx, GHashTable *ids, const char *id, const char *path, const char *kind,
             const char *note)
{
  if (id && !g_hash_table_add(ids, (gpointer)id))
    anyi_load_problem(ctx, path, "duplicate %s id '%s'%s", kind, id, note);
}

static void
read_choice(AnyiReader *r, gpointer target)
{
  AnyiChoice *choice = target;

  anyi_reader_id(r, "id", ANYI_REQUIRED, &choice->id);
  anyi_reader_text(r, "label", ANYI_REQUIRED, &choice->label);
}

static const char *
read_choice_element(AnyiLoadCtx *ctx, JsonNode *element, const char *path, gpointer item,
                    gpointer seen)
{
  anyi_load_object_node(ctx, element, path, "a choice", read_choice, item);
  check_new_id(ctx, seen, ((AnyiChoice *)item)->id, path, "choice", "");
  return NULL; /* checked above, with the message of a choice */
}

static void
read_choices(AnyiReader *reader, AnyiFormField *field)
{
  JsonArray *array = NULL;
  g_autofree char *path = anyi_reader_path(reader, "choices");
  gboolean wanted = field->validator == ANYI_FIELD_CHOICE;

  if (!anyi_reader_array(reader, "choices", wanted ? ANYI_REQUIRED : ANYI_OPTIONAL, &array))
    return;
  if (!wanted) {
    anyi_load_problem(reader->ctx, path, "only a choice field has choices");
    return;
  }
  guint n = json_array_get_length(array);
  if (n < 2)
    anyi_load_problem(reader->ctx, path, "a choice needs at least two choices");
  g_autoptr(GHashTable) seen = g_hash_table_new(g_str_hash, g_str_equal);
  field->choices =
      anyi_load_elements(reader->ctx, array, path, sizeof(AnyiChoice), read_choice_element, seen);
  field->n_choices = n;
}

static void
read_field_limits(AnyiReader *reader, AnyiFormField *field)
{
  gint64 max_length = 0;
  int range = ANYI_DATE_ANY;
  gboolean text = field->validator == ANYI_FIELD_TEXT;
  gboolean date = field->validator == ANYI_FIELD_DATE;

  if (anyi_reader_int(reader, "max_length", text ? ANYI_REQUIRED : ANYI_OPTIONAL, 1,
                      MAX_TEXT_LENGTH, &max_length) &&
      !text) {
    g_autofree char *path = anyi_reader_path(reader, "max_length");
    anyi_load_problem(reader->ctx, path, "only a text field has a max_length");
  }
  if (anyi_reader_enum(reader, "date_range", ANYI_OPTIONAL, anyi_date_range_names, &range) &&
      !date) {
    g_autofree char *path = anyi_reader_path(reader, "date_range");
    anyi_load_problem(reader->ctx, path, "only a date field has a date_range");
  }
  field->max_length = (guint)max_length;
  field->date_range = range;
}

static void
read_field(AnyiReader *r, gpointer target)
{
  AnyiFormField *field = target;
  int validator = -1;

  anyi_reader_id(r, "id", ANYI_REQUIRED, &field->id);
  anyi_reader_text(r, "label", ANYI_REQUIRED, &field->label);
  anyi_reader_bool(r, "required", ANYI_REQUIRED, &field->required);
  if (anyi_reader_enum(r, "validator", ANYI_REQUIRED, anyi_validator_names, &validator)) {
    field->validator = validator;
    read_field_limits(r, field);
    read_choices(r, field);
  }
}

static const char *
read_field_element(AnyiLoadCtx *ctx, JsonNode *element, const char *path, gpointer item,
                   gpointer field_ids)
{
  anyi_load_object_node(ctx, element, path, "a form field", read_field, item);
  check_new_id(ctx, field_ids, ((AnyiFormField *)item)->id, path, "field",
               " (ids are unique across the service's forms)");
  return NULL; /* checked above, across all the service's forms */
}

static void
read_form(AnyiReader *reader, AnyiStep *step, GHashTable *field_ids)
{
  JsonArray *array = NULL;
  g_autofree char *path = anyi_reader_path(reader, "fields");

  if (!anyi_reader_array(reader, "fields", ANYI_REQUIRED, &array))
    return;
  guint n = json_array_get_length(array);
  if (n == 0)
    anyi_load_problem(reader->ctx, path, "a form needs at least one field");
  step->fields = anyi_load_elements(reader->ctx, array, path, sizeof(AnyiFormField),
                                    read_field_element, field_ids);
  step->n_fields = n;
}

static void
read_capture(AnyiReader *reader, AnyiStep *step, const AnyiService *service)
{
  const char *id = NULL;
  if (!anyi_reader_id(reader, "material", ANYI_REQUIRED, &id))
    return;
  g_autofree char *path = anyi_reader_path(reader, "material");
  step->material = anyi_catalogue_service_material(service, id);
  if (!step->material)
    anyi_load_problem(reader->ctx, path, "no material '%s' in $.materials", id);
  else if (step->material->capture != ANYI_CAPTURE_DOCUMENT_CAMERA)
    anyi_load_problem(reader->ctx, path,
                      "material '%s' is not captured by the document camera (its kiosk_capture)",
                      id);
}

/* The questions asked in this step: those named, or all of the service's. */
static void
read_asked(AnyiReader *reader, AnyiStep *step, const AnyiService *service)
{
  JsonArray *array = NULL;
  g_autofree char *path = anyi_reader_path(reader, "questions");
  const AnyiQuestion **asked;

  if (service->n_questions == 0)
    anyi_load_problem(reader->ctx, reader->path, "the service has no eligibility questions to ask");
  if (!anyi_reader_array(reader, "questions", ANYI_OPTIONAL, &array)) {
    asked = g_new0(const AnyiQuestion *, service->n_questions);
    for (guint i = 0; i < service->n_questions; i++)
      asked[i] = &service->questions[i];
    step->questions = asked;
    step->n_questions = service->n_questions;
    return;
  }
  guint n = json_array_get_length(array);
  if (n == 0)
    anyi_load_problem(reader->ctx, path, "name at least one question, or leave the list out");
  asked = g_new0(const AnyiQuestion *, n);
  for (guint i = 0; i < n; i++) {
    g_autofree char *element = g_strdup_printf("%s[%u]", path, i);
    JsonNode *id = json_array_get_element(array, i);
    gboolean is_string = JSON_NODE_HOLDS_VALUE(id) && json_node_get_value_type(id) == G_TYPE_STRING;
    asked[i] =
        is_string ? anyi_catalogue_service_question(service, json_node_get_string(id)) : NULL;
    if (!asked[i])
      anyi_load_problem(reader->ctx, element, "not the id of a question in $.eligibility");
  }
  step->questions = asked;
  step->n_questions = n;
}

static void
read_result(AnyiReader *reader, AnyiStep *step)
{
  guint prints = 0;
  anyi_reader_text(reader, "shows", ANYI_REQUIRED, &step->shows);
  anyi_reader_enum_set(reader, "prints", ANYI_REQUIRED, anyi_print_names, &prints);
  step->prints = prints;
}

/* What reading a step needs besides the step. */
typedef struct {
  const AnyiService *service;
  GHashTable *field_ids; /* of every form read so far: ids are unique across forms */
} StepsReading;

static const char *
read_step(AnyiLoadCtx *ctx, JsonNode *element, const char *path, gpointer item, gpointer data)
{
  const AnyiService *service = ((StepsReading *)data)->service;
  GHashTable *field_ids = ((StepsReading *)data)->field_ids;
  AnyiStep *step = item;
  AnyiReader r;
  int type = -1;
  g_autofree char *what = NULL;

  step->type = (AnyiStepType)-1;
  step->prompt = (AnyiText){"", ""};
  if (anyi_reader_open(&r, ctx, element, path) &&
      anyi_reader_enum(&r, "type", ANYI_REQUIRED, anyi_step_type_names, &type)) {
    step->type = type;
    anyi_reader_text(&r, "prompt", ANYI_OPTIONAL, &step->prompt);
    if (type == ANYI_STEP_CAPTURE_DOCUMENT)
      read_capture(&r, step, service);
    else if (type == ANYI_STEP_QUESTIONS)
      read_asked(&r, step, service);
    else if (type == ANYI_STEP_FORM)
      read_form(&r, step, field_ids);
    else if (type == ANYI_STEP_RESULT)
      read_result(&r, step);
    what = g_strdup_printf("a %s step", anyi_step_type_names[type]);
  } else if (r.object) {
    /* Without a known type, naming other members "unknown" would mislead. */
    g_clear_pointer(&r.read, g_hash_table_unref);
    r.object = NULL;
  }
  anyi_reader_close(&r, what ? what : "a step");
  return NULL;
}

void
anyi_steps_read(AnyiReader *reader, AnyiService *service)
{
  g_autoptr(GHashTable) field_ids = g_hash_table_new(g_str_hash, g_str_equal);
  StepsReading reading = {service, field_ids};

  service->steps = anyi_reader_items(reader, "steps", ANYI_REQUIRED, sizeof(AnyiStep), read_step,
                                     &reading, &service->n_steps);
}

void
anyi_steps_free(AnyiStep *steps, guint n_steps)
{
  for (guint i = 0; i < n_steps; i++) {
    for (guint f = 0; f < steps[i].n_fields; f++)
      g_free((gpointer)steps[i].fields[f].choices);
    g_free((gpointer)steps[i].fields);
    g_free((gpointer)steps[i].questions);
  }
  g_free(steps);
}
