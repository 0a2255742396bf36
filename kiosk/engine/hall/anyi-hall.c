/* SPDX-License-Identifier: GPL-3.0-or-later */
/* anyi-hall.c: the emulated back office. */
#include "anyi-hall.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

/* clang-format off */
G_DEFINE_QUARK(anyi-hall-error-quark, anyi_hall_error)
/* clang-format on */

struct _AnyiHall {
  GHashTable *records; /* id number -> AnyiIdProgress */
};

static const struct {
  const char *name;
  const char *label;
} stages[] = {
    [ANYI_ID_PROGRESS_NONE] = {"none", N_("没有查到办证记录")},
    [ANYI_ID_PROGRESS_ACCEPTED] = {"accepted", N_("已受理")},
    [ANYI_ID_PROGRESS_REVIEWING] = {"reviewing", N_("审核中")},
    [ANYI_ID_PROGRESS_PRODUCING] = {"producing", N_("制证中")},
    [ANYI_ID_PROGRESS_READY] = {"ready", N_("已制好，可以领取")},
    [ANYI_ID_PROGRESS_COLLECTED] = {"collected", N_("已领取")},
};

const char *
anyi_id_progress_stage_to_string(AnyiIdProgressStage stage)
{
  return stages[stage].name;
}

const char *
anyi_id_progress_stage_label(AnyiIdProgressStage stage)
{
  return g_dgettext(GETTEXT_PACKAGE, stages[stage].label);
}

void
anyi_id_progress_free(AnyiIdProgress *progress)
{
  if (!progress)
    return;
  g_free(progress->application);
  g_free(progress->applied_on);
  g_free(progress->expected_on);
  g_free(progress->pickup_place);
  g_free(progress);
}

static AnyiIdProgress *
progress_copy(const AnyiIdProgress *from)
{
  AnyiIdProgress *copy = g_new0(AnyiIdProgress, 1);

  copy->stage = from->stage;
  copy->application = g_strdup(from->application);
  copy->applied_on = g_strdup(from->applied_on);
  copy->expected_on = g_strdup(from->expected_on);
  copy->pickup_place = g_strdup(from->pickup_place);
  return copy;
}

static gboolean
parse_stage(const char *name, AnyiIdProgressStage *stage)
{
  for (guint i = 0; i < G_N_ELEMENTS(stages); i++)
    if (g_strcmp0(stages[i].name, name) == 0) {
      *stage = (AnyiIdProgressStage)i;
      return TRUE;
    }
  return FALSE;
}

static const char *
optional_string(JsonObject *object, const char *member)
{
  return json_object_has_member(object, member)
             ? json_object_get_string_member_with_default(object, member, NULL)
             : NULL;
}

static AnyiIdProgress *
parse_record(JsonObject *record, const char *path, guint index, GError **error)
{
  AnyiIdProgress progress = {0};
  const char *stage = optional_string(record, "stage");

  if (!parse_stage(stage, &progress.stage) || !optional_string(record, "id_number") ||
      !optional_string(record, "application") || !optional_string(record, "applied_on")) {
    g_set_error(error, ANYI_HALL_ERROR, ANYI_HALL_ERROR_RECORDS,
                "%s: records[%u] needs id_number, application, applied_on and a known stage", path,
                index);
    return NULL;
  }
  progress.application = (char *)optional_string(record, "application");
  progress.applied_on = (char *)optional_string(record, "applied_on");
  progress.expected_on = (char *)optional_string(record, "expected_on");
  progress.pickup_place = (char *)optional_string(record, "pickup_place");
  return progress_copy(&progress);
}

static gboolean
load_records(AnyiHall *hall, const char *path, GError **error)
{
  g_autoptr(JsonParser) parser = json_parser_new();
  JsonNode *root;
  JsonArray *records;

  if (!json_parser_load_from_file(parser, path, error)) {
    g_prefix_error(error, "%s: ", path);
    return FALSE;
  }
  root = json_parser_get_root(parser);
  if (!JSON_NODE_HOLDS_OBJECT(root) ||
      !json_object_has_member(json_node_get_object(root), "records")) {
    g_set_error(error, ANYI_HALL_ERROR, ANYI_HALL_ERROR_RECORDS, "%s: no \"records\" array", path);
    return FALSE;
  }
  records = json_object_get_array_member(json_node_get_object(root), "records");
  for (guint i = 0; records && i < json_array_get_length(records); i++) {
    JsonObject *record = json_array_get_object_element(records, i);
    AnyiIdProgress *progress = record ? parse_record(record, path, i, error) : NULL;
    if (!progress)
      return FALSE;
    g_hash_table_replace(hall->records,
                         g_strdup(json_object_get_string_member(record, "id_number")), progress);
  }
  return TRUE;
}

AnyiHall *
anyi_hall_new_emulated(const char *records_path, GError **error)
{
  g_autoptr(AnyiHall) hall = g_new0(AnyiHall, 1);

  hall->records =
      g_hash_table_new_full(g_str_hash, g_str_equal, g_free, (GDestroyNotify)anyi_id_progress_free);
  if (!load_records(hall, records_path, error))
    return NULL;
  return g_steal_pointer(&hall);
}

void
anyi_hall_free(AnyiHall *hall)
{
  if (!hall)
    return;
  g_clear_pointer(&hall->records, g_hash_table_destroy);
  g_free(hall);
}

AnyiIdProgress *
anyi_hall_query_id_progress(AnyiHall *hall, const char *id_number, GError **error)
{
  const AnyiIdProgress *found = g_hash_table_lookup(hall->records, id_number);
  AnyiIdProgress none = {.stage = ANYI_ID_PROGRESS_NONE};

  return progress_copy(found ? found : &none);
}
