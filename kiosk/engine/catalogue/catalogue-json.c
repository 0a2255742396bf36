/* SPDX-License-Identifier: GPL-3.0-or-later */
/* catalogue-json.c: a service as the JSON data the leaflet is printed from.
 *
 * The print helper renders 办事指南 leaflets from data, not from C structs,
 * so the output is self-contained: amounts come with yuan strings and each
 * waiver's resulting amount, materials and steps are resolved. */
#include "catalogue-names-private.h"
#include "catalogue.h"

static void
add_text(JsonBuilder *b, const char *name, const AnyiText *text)
{
  json_builder_set_member_name(b, name);
  json_builder_begin_object(b);
  json_builder_set_member_name(b, "zh");
  json_builder_add_string_value(b, text->zh);
  json_builder_set_member_name(b, "en");
  json_builder_add_string_value(b, text->en);
  json_builder_end_object(b);
}

static void
add_text_if_set(JsonBuilder *b, const char *name, const AnyiText *text)
{
  if (text->zh && *text->zh)
    add_text(b, name, text);
}

static void
add_string(JsonBuilder *b, const char *name, const char *value)
{
  json_builder_set_member_name(b, name);
  json_builder_add_string_value(b, value);
}

static void
add_int(JsonBuilder *b, const char *name, gint64 value)
{
  json_builder_set_member_name(b, name);
  json_builder_add_int_value(b, value);
}

static void
add_bool(JsonBuilder *b, const char *name, gboolean value)
{
  json_builder_set_member_name(b, name);
  json_builder_add_boolean_value(b, value);
}

static void
add_bit_names(JsonBuilder *b, const char *name, guint bits, const char *const *names)
{
  json_builder_set_member_name(b, name);
  json_builder_begin_array(b);
  for (guint i = 0; names[i]; i++)
    if (bits & (1u << i))
      json_builder_add_string_value(b, names[i]);
  json_builder_end_array(b);
}

static void
add_amount(JsonBuilder *b, const char *prefix, gint64 fen)
{
  g_autofree char *fen_name = g_strconcat(prefix, "_fen", NULL);
  g_autofree char *yuan_name = g_strconcat(prefix, "_yuan", NULL);
  g_autofree char *yuan = anyi_yuan_text(fen);
  add_int(b, fen_name, fen);
  add_string(b, yuan_name, yuan);
}

static void
add_identity(JsonBuilder *b, const AnyiService *s)
{
  add_string(b, "id", s->id);
  add_text(b, "names", &s->names);
  add_text(b, "prompt", &s->prompt);
  json_builder_set_member_name(b, "category");
  json_builder_begin_object(b);
  add_string(b, "id", s->category->id);
  add_text(b, "names", &s->category->names);
  json_builder_end_object(b);
  add_string(b, "icon", s->icon);
  add_string(b, "completion", anyi_completion_names[s->completion]);
  add_bit_names(b, "flags", s->flags, anyi_flag_names);
}

static void
add_applicants(JsonBuilder *b, const AnyiService *s)
{
  json_builder_set_member_name(b, "applicants");
  json_builder_begin_object(b);
  add_int(b, "min_age", s->min_age);
  json_builder_set_member_name(b, "max_age");
  if (s->max_age == G_MAXUINT)
    json_builder_add_null_value(b);
  else
    json_builder_add_int_value(b, s->max_age);
  add_bit_names(b, "card_types", s->card_types, anyi_card_names);
  json_builder_end_object(b);

  json_builder_set_member_name(b, "eligibility");
  json_builder_begin_array(b);
  for (guint i = 0; i < s->n_questions; i++) {
    json_builder_begin_object(b);
    add_string(b, "id", s->questions[i].id);
    add_text(b, "question", &s->questions[i].question);
    add_bool(b, "ineligible_answer", s->questions[i].ineligible_answer);
    add_text(b, "handoff_reason", &s->questions[i].handoff_reason);
    json_builder_end_object(b);
  }
  json_builder_end_array(b);
}

static void
add_materials(JsonBuilder *b, const AnyiService *s)
{
  json_builder_set_member_name(b, "materials");
  json_builder_begin_array(b);
  for (guint i = 0; i < s->n_materials; i++) {
    const AnyiMaterial *m = &s->materials[i];
    json_builder_begin_object(b);
    add_string(b, "id", m->id);
    add_text(b, "names", &m->names);
    add_string(b, "kind", anyi_material_kind_names[m->kind]);
    add_string(b, "kiosk_capture", anyi_capture_names[m->capture]);
    add_bool(b, "may_be_missing", m->may_be_missing);
    add_text_if_set(b, "when", &m->when);
    json_builder_end_object(b);
  }
  json_builder_end_array(b);
  add_bool(b, "allows_missing_materials", anyi_catalogue_service_allows_missing(s));
}

static void
add_fields(JsonBuilder *b, const AnyiStep *step)
{
  json_builder_set_member_name(b, "fields");
  json_builder_begin_array(b);
  for (guint i = 0; i < step->n_fields; i++) {
    const AnyiFormField *f = &step->fields[i];
    json_builder_begin_object(b);
    add_string(b, "id", f->id);
    add_text(b, "label", &f->label);
    add_string(b, "validator", anyi_validator_names[f->validator]);
    add_bool(b, "required", f->required);
    if (f->validator == ANYI_FIELD_TEXT)
      add_int(b, "max_length", f->max_length);
    if (f->validator == ANYI_FIELD_DATE)
      add_string(b, "date_range", anyi_date_range_names[f->date_range]);
    if (f->n_choices > 0) {
      json_builder_set_member_name(b, "choices");
      json_builder_begin_array(b);
      for (guint c = 0; c < f->n_choices; c++) {
        json_builder_begin_object(b);
        add_string(b, "id", f->choices[c].id);
        add_text(b, "label", &f->choices[c].label);
        json_builder_end_object(b);
      }
      json_builder_end_array(b);
    }
    json_builder_end_object(b);
  }
  json_builder_end_array(b);
}

static void
add_step(JsonBuilder *b, const AnyiStep *step)
{
  json_builder_begin_object(b);
  add_string(b, "type", anyi_step_type_names[step->type]);
  add_text_if_set(b, "prompt", &step->prompt);
  if (step->material)
    add_string(b, "material", step->material->id);
  if (step->type == ANYI_STEP_FORM)
    add_fields(b, step);
  if (step->type == ANYI_STEP_QUESTIONS) {
    json_builder_set_member_name(b, "questions");
    json_builder_begin_array(b);
    for (guint i = 0; i < step->n_questions; i++)
      json_builder_add_string_value(b, step->questions[i]->id);
    json_builder_end_array(b);
  }
  if (step->type == ANYI_STEP_RESULT) {
    add_text(b, "shows", &step->shows);
    add_bit_names(b, "prints", step->prints, anyi_print_names);
  }
  json_builder_end_object(b);
}

static void
add_steps(JsonBuilder *b, const AnyiService *s)
{
  json_builder_set_member_name(b, "steps");
  json_builder_begin_array(b);
  for (guint i = 0; i < s->n_steps; i++)
    add_step(b, &s->steps[i]);
  json_builder_end_array(b);
}

static void
add_fee(JsonBuilder *b, const AnyiService *s)
{
  json_builder_set_member_name(b, "fee");
  json_builder_begin_object(b);
  add_amount(b, "amount", s->fee.amount_fen);
  json_builder_set_member_name(b, "waivers");
  json_builder_begin_array(b);
  for (guint i = 0; i < s->fee.n_waivers; i++) {
    const AnyiWaiver *w = &s->fee.waivers[i];
    json_builder_begin_object(b);
    add_string(b, "id", w->id);
    add_text(b, "names", &w->names);
    add_text(b, "condition", &w->condition);
    add_string(b, "effect", anyi_waiver_effect_names[w->effect]);
    add_amount(b, "amount", anyi_catalogue_service_fee(s, w->id));
    if (w->proof)
      add_string(b, "proof_material", w->proof->id);
    json_builder_end_object(b);
  }
  json_builder_end_array(b);
  json_builder_end_object(b);
}

static void
add_text_list(JsonBuilder *b, const char *name, const AnyiText *texts, guint n)
{
  json_builder_set_member_name(b, name);
  json_builder_begin_array(b);
  for (guint i = 0; i < n; i++) {
    json_builder_begin_object(b);
    add_string(b, "zh", texts[i].zh);
    add_string(b, "en", texts[i].en);
    json_builder_end_object(b);
  }
  json_builder_end_array(b);
}

static void
add_limits(JsonBuilder *b, const AnyiService *s)
{
  json_builder_set_member_name(b, "time_limit");
  json_builder_begin_object(b);
  add_int(b, "days", s->time_limit.days);
  add_string(b, "unit", anyi_day_kind_names[s->time_limit.kind]);
  add_text_if_set(b, "note", &s->time_limit.note);
  json_builder_end_object(b);

  add_text_list(b, "legal_basis", s->legal_basis, s->n_legal_basis);

  json_builder_set_member_name(b, "collection");
  json_builder_begin_object(b);
  add_bit_names(b, "methods", s->collection.methods, anyi_collect_names);
  add_text(b, "text", &s->collection.text);
  json_builder_end_object(b);
}

static void
add_card_validity(JsonBuilder *b, const AnyiService *s)
{
  json_builder_set_member_name(b, "card_validity");
  json_builder_begin_array(b);
  for (guint i = 0; i < s->n_validity; i++) {
    const AnyiValidityBand *band = &s->validity[i];
    json_builder_begin_object(b);
    add_int(b, "min_age", band->min_age);
    json_builder_set_member_name(b, "max_age");
    if (band->max_age == G_MAXUINT)
      json_builder_add_null_value(b);
    else
      json_builder_add_int_value(b, band->max_age);
    if (band->long_term)
      add_bool(b, "long_term", TRUE);
    else
      add_int(b, "years", band->years);
    json_builder_end_object(b);
  }
  json_builder_end_array(b);
}

static void
add_guidance(JsonBuilder *b, const AnyiService *s)
{
  json_builder_set_member_name(b, "guidance");
  json_builder_begin_object(b);
  add_text(b, "materials", &s->guidance_materials);
  add_text(b, "steps", &s->guidance_steps);
  add_text_if_set(b, "notes", &s->guidance_notes);
  json_builder_end_object(b);
  add_string(b, "online_link", s->online_link);

  json_builder_set_member_name(b, "awaiting_confirmation");
  json_builder_begin_array(b);
  for (guint i = 0; i < s->n_awaiting; i++) {
    json_builder_begin_object(b);
    add_string(b, "path", s->awaiting[i].path);
    add_string(b, "note", s->awaiting[i].note);
    json_builder_end_object(b);
  }
  json_builder_end_array(b);
}

JsonNode *
anyi_catalogue_service_to_json(const AnyiService *service)
{
  g_return_val_if_fail(service != NULL, NULL);
  g_autoptr(JsonBuilder) b = json_builder_new_immutable();

  json_builder_begin_object(b);
  add_identity(b, service);
  add_applicants(b, service);
  add_materials(b, service);
  add_steps(b, service);
  add_fee(b, service);
  add_limits(b, service);
  add_text_list(b, "bundle_items", service->bundle_items, service->n_bundle_items);
  add_card_validity(b, service);
  add_guidance(b, service);
  json_builder_end_object(b);
  return json_builder_get_root(b);
}
