/* SPDX-License-Identifier: GPL-3.0-or-later */
/* catalogue-service.c: one service file into an AnyiService.
 *
 * Reading checks each value's type and range; the checks at the end look at
 * the service as a whole (a step naming a material that does not exist, a
 * kiosk-completed service needing an original only a window can take, ...).
 * Each problem names the JSON path, so the technician goes straight to it. */
#include "catalogue-private.h"
#include "catalogue-names-private.h"
#include "catalogue-steps-private.h"

/* Ages are whole years; nobody applies past this. */
#define MAX_AGE 150

static void
read_question(AnyiReader *r, gpointer target)
{
  AnyiQuestion *question = target;

  anyi_reader_id(r, "id", ANYI_REQUIRED, &question->id);
  anyi_reader_text(r, "question", ANYI_REQUIRED, &question->question);
  anyi_reader_bool(r, "ineligible_answer", ANYI_REQUIRED, &question->ineligible_answer);
  anyi_reader_text(r, "handoff_reason", ANYI_REQUIRED, &question->handoff_reason);
}

static const char *
read_question_element(AnyiLoadCtx *ctx, JsonNode *element, const char *path, gpointer item,
                      gpointer data)
{
  anyi_load_object_node(ctx, element, path, "an eligibility question", read_question, item);
  return ((AnyiQuestion *)item)->id;
}

static void
check_material(AnyiLoadCtx *ctx, const AnyiMaterial *material, const char *path)
{
  if (material->may_be_missing && material->kind == ANYI_MATERIAL_ESSENTIAL) {
    g_autofree char *field = g_strdup_printf("%s.may_be_missing", path);
    anyi_load_problem(ctx, field,
                      "an essential material can never be missing (容缺受理 covers "
                      "secondary materials only)");
  }
}

static void
read_material(AnyiReader *r, gpointer target)
{
  AnyiMaterial *material = target;
  int kind = ANYI_MATERIAL_ESSENTIAL, capture = ANYI_CAPTURE_NONE;

  anyi_reader_id(r, "id", ANYI_REQUIRED, &material->id);
  anyi_reader_text(r, "names", ANYI_REQUIRED, &material->names);
  anyi_reader_enum(r, "kind", ANYI_REQUIRED, anyi_material_kind_names, &kind);
  anyi_reader_enum(r, "kiosk_capture", ANYI_REQUIRED, anyi_capture_names, &capture);
  anyi_reader_bool(r, "may_be_missing", ANYI_REQUIRED, &material->may_be_missing);
  anyi_reader_text(r, "when", ANYI_OPTIONAL, &material->when);
  material->kind = kind;
  material->capture = capture;
}

static const char *
read_material_element(AnyiLoadCtx *ctx, JsonNode *element, const char *path, gpointer item,
                      gpointer data)
{
  AnyiMaterial *material = item;

  material->when = (AnyiText){"", ""};
  anyi_load_object_node(ctx, element, path, "a material", read_material, material);
  check_material(ctx, material, path);
  return material->id;
}

static void
read_applicants(AnyiReader *r, gpointer target)
{
  AnyiService *service = target;
  gint64 min_age = 0, max_age = -1;
  guint cards = 0;

  anyi_reader_int(r, "min_age", ANYI_REQUIRED, 0, MAX_AGE, &min_age);
  anyi_reader_int(r, "max_age", ANYI_OPTIONAL, 0, MAX_AGE, &max_age);
  if (anyi_reader_enum_set(r, "card_types", ANYI_REQUIRED, anyi_card_names, &cards) && cards == 0)
    anyi_load_problem(r->ctx, r->path, "card_types must name at least one card");
  if (max_age >= 0 && max_age < min_age)
    anyi_load_problem(r->ctx, r->path,
                      "max_age %" G_GINT64_FORMAT " is below min_age %" G_GINT64_FORMAT, max_age,
                      min_age);
  service->min_age = (guint)min_age;
  service->max_age = max_age < 0 ? G_MAXUINT : (guint)max_age;
  service->card_types = cards;
}

/* A waiver, and the service whose materials its proof names. */
typedef struct {
  AnyiWaiver *waiver;
  const AnyiService *service;
} WaiverTarget;

static void
read_waiver(AnyiReader *r, gpointer target)
{
  AnyiWaiver *waiver = ((WaiverTarget *)target)->waiver;
  const AnyiService *service = ((WaiverTarget *)target)->service;
  int effect = ANYI_WAIVER_WAIVE;
  const char *proof = NULL;

  anyi_reader_id(r, "id", ANYI_REQUIRED, &waiver->id);
  anyi_reader_text(r, "names", ANYI_REQUIRED, &waiver->names);
  anyi_reader_text(r, "condition", ANYI_REQUIRED, &waiver->condition);
  anyi_reader_enum(r, "effect", ANYI_REQUIRED, anyi_waiver_effect_names, &effect);
  if (anyi_reader_id(r, "proof_material", ANYI_OPTIONAL, &proof)) {
    waiver->proof = anyi_catalogue_service_material(service, proof);
    if (!waiver->proof) {
      g_autofree char *field = anyi_reader_path(r, "proof_material");
      anyi_load_problem(r->ctx, field, "no material '%s' in $.materials", proof);
    }
  }
  waiver->effect = effect;
}

static const char *
read_waiver_element(AnyiLoadCtx *ctx, JsonNode *element, const char *path, gpointer item,
                    gpointer service)
{
  WaiverTarget target = {item, service};

  anyi_load_object_node(ctx, element, path, "a waiver", read_waiver, &target);
  return target.waiver->id;
}

static void
read_fee(AnyiReader *r, gpointer target)
{
  AnyiService *service = target;
  gint64 amount = 0;

  anyi_reader_int(r, "amount_fen", ANYI_REQUIRED, 0, 100000000, &amount);
  service->fee.waivers = anyi_reader_items(r, "waivers", ANYI_OPTIONAL, sizeof(AnyiWaiver),
                                           read_waiver_element, service, &service->fee.n_waivers);
  if (amount == 0 && service->fee.n_waivers > 0)
    anyi_load_problem(r->ctx, r->path, "a free service has nothing to waive");
  service->fee.amount_fen = amount;
}

static void
read_time_limit(AnyiReader *r, gpointer target)
{
  AnyiService *service = target;
  gint64 days = 0;
  int kind = ANYI_DAYS_WORKING;

  anyi_reader_int(r, "days", ANYI_REQUIRED, 0, 366, &days);
  anyi_reader_enum(r, "unit", ANYI_REQUIRED, anyi_day_kind_names, &kind);
  anyi_reader_text(r, "note", ANYI_OPTIONAL, &service->time_limit.note);
  service->time_limit.days = (guint)days;
  service->time_limit.kind = kind;
}

static void
read_collection(AnyiReader *r, gpointer target)
{
  AnyiService *service = target;
  guint methods = 0;

  if (anyi_reader_enum_set(r, "methods", ANYI_REQUIRED, anyi_collect_names, &methods) &&
      methods == 0)
    anyi_load_problem(r->ctx, r->path, "methods must name at least one way");
  anyi_reader_text(r, "text", ANYI_REQUIRED, &service->collection.text);
  service->collection.methods = methods;
}

static const char *
read_text_element(AnyiLoadCtx *ctx, JsonNode *element, const char *path, gpointer item,
                  gpointer data)
{
  AnyiText *text = item;

  *text = (AnyiText){"", ""};
  anyi_load_text_node(ctx, element, path, text);
  return NULL;
}

/* An array of texts; *n_out 0 and NULL when absent. */
static const AnyiText *
read_text_list(AnyiReader *reader, const char *name, AnyiPresence presence, guint *n_out)
{
  JsonArray *array = NULL;
  *n_out = 0;
  if (!anyi_reader_array(reader, name, presence, &array))
    return NULL;
  g_autofree char *path = anyi_reader_path(reader, name);
  *n_out = json_array_get_length(array);
  if (*n_out == 0 && presence == ANYI_REQUIRED)
    anyi_load_problem(reader->ctx, path, "must list at least one entry");
  return anyi_load_elements(reader->ctx, array, path, sizeof(AnyiText), read_text_element, NULL);
}

static void
read_validity_band(AnyiReader *r, gpointer target)
{
  AnyiValidityBand *band = target;
  gint64 min_age = 0, max_age = -1, years = 0;

  anyi_reader_int(r, "min_age", ANYI_REQUIRED, 0, MAX_AGE, &min_age);
  anyi_reader_int(r, "max_age", ANYI_OPTIONAL, 0, MAX_AGE, &max_age);
  anyi_reader_int(r, "years", ANYI_OPTIONAL, 1, 100, &years);
  anyi_reader_bool(r, "long_term", ANYI_OPTIONAL, &band->long_term);
  if (band->long_term == (years > 0))
    anyi_load_problem(r->ctx, r->path, "give either years or \"long_term\": true");
  band->min_age = (guint)min_age;
  band->max_age = max_age < 0 ? G_MAXUINT : (guint)max_age;
  band->years = (guint)years;
}

/* Bands must cover every age from 0 up, without gaps or overlaps. */
static void
check_validity_bands(AnyiReader *reader, const AnyiValidityBand *bands, guint n)
{
  g_autofree char *path = anyi_reader_path(reader, "card_validity");
  guint next = 0;
  for (guint i = 0; i < n; i++) {
    if (bands[i].min_age != next || bands[i].max_age < bands[i].min_age) {
      anyi_load_problem(reader->ctx, path, "band %u starts at age %u, expected %u", i,
                        bands[i].min_age, next);
      return;
    }
    next = bands[i].max_age == G_MAXUINT ? G_MAXUINT : bands[i].max_age + 1;
  }
  if (n > 0 && next != G_MAXUINT)
    anyi_load_problem(reader->ctx, path, "the last band must have no max_age");
}

static const char *
read_validity_band_element(AnyiLoadCtx *ctx, JsonNode *element, const char *path, gpointer item,
                           gpointer data)
{
  AnyiValidityBand *band = item;

  band->max_age = G_MAXUINT; /* what a band that is no object adds to the check */
  anyi_load_object_node(ctx, element, path, "a validity band", read_validity_band, band);
  return NULL;
}

static void
read_validity(AnyiReader *reader, AnyiService *service)
{
  service->validity =
      anyi_reader_items(reader, "card_validity", ANYI_OPTIONAL, sizeof(AnyiValidityBand),
                        read_validity_band_element, NULL, &service->n_validity);
  check_validity_bands(reader, service->validity, service->n_validity);
}

static void
read_guidance(AnyiReader *r, gpointer target)
{
  AnyiService *service = target;

  anyi_reader_text(r, "materials", ANYI_REQUIRED, &service->guidance_materials);
  anyi_reader_text(r, "steps", ANYI_REQUIRED, &service->guidance_steps);
  anyi_reader_text(r, "notes", ANYI_OPTIONAL, &service->guidance_notes);
}

static void
read_online_link(AnyiReader *reader, AnyiService *service)
{
  if (!anyi_reader_string(reader, "online_link", ANYI_REQUIRED, &service->online_link))
    return;
  if (!g_str_has_prefix(service->online_link, "https://")) {
    g_autofree char *path = anyi_reader_path(reader, "online_link");
    anyi_load_problem(reader->ctx, path, "must be an https:// address");
  }
}

/* An awaiting_confirmation entry, and the file its path must name a value in. */
typedef struct {
  AnyiAwaiting *awaiting;
  JsonNode *root;
} AwaitingTarget;

static void
read_awaiting_entry(AnyiReader *r, gpointer target)
{
  AnyiAwaiting *awaiting = ((AwaitingTarget *)target)->awaiting;
  JsonNode *root = ((AwaitingTarget *)target)->root;

  anyi_reader_string(r, "path", ANYI_REQUIRED, &awaiting->path);
  anyi_reader_string(r, "note", ANYI_REQUIRED, &awaiting->note);
  if (awaiting->path && !anyi_json_path_resolve(root, awaiting->path)) {
    g_autofree char *field = anyi_reader_path(r, "path");
    anyi_load_problem(r->ctx, field, "'%s' names no value in this file", awaiting->path);
  }
}

static const char *
read_awaiting_element(AnyiLoadCtx *ctx, JsonNode *element, const char *path, gpointer item,
                      gpointer root)
{
  AwaitingTarget target = {item, root};

  anyi_load_object_node(ctx, element, path, "an awaiting_confirmation entry", read_awaiting_entry,
                        &target);
  return NULL;
}

static void
read_identity(AnyiReader *r, AnyiService *service, const char **category_id)
{
  gint64 order = 0;
  int completion = ANYI_COMPLETION_START_AT_KIOSK;
  guint flags = 0;

  anyi_reader_id(r, "id", ANYI_REQUIRED, &service->id);
  anyi_reader_int(r, "order", ANYI_REQUIRED, 0, 10000, &order);
  anyi_reader_id(r, "category", ANYI_REQUIRED, category_id);
  anyi_reader_id(r, "icon", ANYI_REQUIRED, &service->icon);
  anyi_reader_text(r, "names", ANYI_REQUIRED, &service->names);
  anyi_reader_text(r, "prompt", ANYI_REQUIRED, &service->prompt);
  anyi_reader_enum(r, "completion", ANYI_REQUIRED, anyi_completion_names, &completion);
  anyi_reader_enum_set(r, "flags", ANYI_OPTIONAL, anyi_flag_names, &flags);
  service->order = (int)order;
  service->completion = completion;
  service->flags = flags;
}

static void
check_bundle(AnyiReader *reader, const AnyiService *service)
{
  gboolean bundle = (service->flags & ANYI_SERVICE_BUNDLE) != 0;
  if (bundle != (service->n_bundle_items > 0)) {
    g_autofree char *path = anyi_reader_path(reader, "bundle_items");
    anyi_load_problem(reader->ctx, path,
                      "a service flagged \"bundle\" lists its bundle_items, and only such a "
                      "service does");
  }
}

AnyiService *
anyi_service_parse(AnyiLoadCtx *ctx, JsonNode *root, const char **category_id)
{
  AnyiService *service = g_new0(AnyiService, 1);
  AnyiReader r;

  service->file = anyi_load_intern(ctx, ctx->file);
  /* what stays when a file leaves these out */
  service->max_age = G_MAXUINT;
  service->time_limit.note = (AnyiText){"", ""};
  service->guidance_notes = (AnyiText){"", ""};
  if (anyi_reader_open(&r, ctx, root, "$")) {
    read_identity(&r, service, category_id);
    anyi_reader_object(&r, "applicants", ANYI_REQUIRED, "applicants", read_applicants, service);
    service->questions = anyi_reader_items(&r, "eligibility", ANYI_OPTIONAL, sizeof(AnyiQuestion),
                                           read_question_element, NULL, &service->n_questions);
    service->materials = anyi_reader_items(&r, "materials", ANYI_REQUIRED, sizeof(AnyiMaterial),
                                           read_material_element, NULL, &service->n_materials);
    anyi_steps_read(&r, service);
    anyi_reader_object(&r, "fee", ANYI_REQUIRED, "the fee", read_fee, service);
    anyi_reader_object(&r, "time_limit", ANYI_REQUIRED, "the time limit", read_time_limit, service);
    service->legal_basis =
        read_text_list(&r, "legal_basis", ANYI_REQUIRED, &service->n_legal_basis);
    anyi_reader_object(&r, "collection", ANYI_REQUIRED, "the collection", read_collection, service);
    service->bundle_items =
        read_text_list(&r, "bundle_items", ANYI_OPTIONAL, &service->n_bundle_items);
    check_bundle(&r, service);
    read_validity(&r, service);
    anyi_reader_object(&r, "guidance", ANYI_REQUIRED, "the guidance", read_guidance, service);
    read_online_link(&r, service);
    service->awaiting =
        anyi_reader_items(&r, "awaiting_confirmation", ANYI_OPTIONAL, sizeof(AnyiAwaiting),
                          read_awaiting_element, root, &service->n_awaiting);
    anyi_steps_check(&r, service);
  }
  anyi_reader_close(&r, "a service");
  return service;
}

void
anyi_service_free(AnyiService *service)
{
  if (!service)
    return;
  anyi_steps_free((AnyiStep *)service->steps, service->n_steps);
  g_free((gpointer)service->questions);
  g_free((gpointer)service->materials);
  g_free((gpointer)service->fee.waivers);
  g_free((gpointer)service->legal_basis);
  g_free((gpointer)service->bundle_items);
  g_free((gpointer)service->validity);
  g_free((gpointer)service->awaiting);
  g_free(service);
}

static void
read_category(AnyiReader *r, gpointer target)
{
  AnyiCategory *category = target;
  gint64 order = 0;

  anyi_reader_id(r, "id", ANYI_REQUIRED, &category->id);
  anyi_reader_int(r, "order", ANYI_REQUIRED, 0, 10000, &order);
  anyi_reader_text(r, "names", ANYI_REQUIRED, &category->names);
  anyi_reader_text(r, "summary", ANYI_OPTIONAL, &category->summary);
  anyi_reader_id(r, "icon", ANYI_REQUIRED, &category->icon);
  category->order = (int)order;
}

static const char *
read_category_element(AnyiLoadCtx *ctx, JsonNode *element, const char *path, gpointer item,
                      gpointer data)
{
  anyi_load_object_node(ctx, element, path, "a category", read_category, item);
  return ((AnyiCategory *)item)->id;
}

AnyiCategory *
anyi_categories_parse(AnyiLoadCtx *ctx, JsonNode *root, guint *n_out)
{
  AnyiReader r;
  AnyiCategory *categories = NULL;

  *n_out = 0;
  if (anyi_reader_open(&r, ctx, root, "$"))
    categories = anyi_reader_items(&r, "categories", ANYI_REQUIRED, sizeof(AnyiCategory),
                                   read_category_element, NULL, n_out);
  anyi_reader_close(&r, "the categories file");
  return categories;
}
