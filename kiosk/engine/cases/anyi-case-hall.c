/* SPDX-License-Identifier: GPL-3.0-or-later */
/* anyi-case-hall.c: the ID card progress query, answered by the hall. */
#include "anyi-case-hall.h"

#include <glib/gi18n-lib.h>

/* The service whose result is the progress of the citizen's ID card
 * application (assets/services/). */
#define PROGRESS_QUERY "idcard-progress-query"

static void
set_optional(JsonObject *object, const char *name, const char *value)
{
  if (value)
    json_object_set_string_member(object, name, value);
}

static JsonObject *
progress_json(const AnyiIdProgress *progress)
{
  JsonObject *object = json_object_new();

  json_object_set_string_member(object, "stage", anyi_id_progress_stage_to_string(progress->stage));
  set_optional(object, "application", progress->application);
  set_optional(object, "applied_on", progress->applied_on);
  set_optional(object, "expected_on", progress->expected_on);
  set_optional(object, "pickup_place", progress->pickup_place);
  return object;
}

/* The receipt says the stage, the application and when the card is due. */
static JsonArray *
receipt_lines(const AnyiIdProgress *progress)
{
  JsonArray *lines = json_array_new();
  g_autofree char *stage =
      g_strdup_printf(_("办理进度：%s"), anyi_id_progress_stage_label(progress->stage));

  json_array_add_string_element(lines, stage);
  if (progress->application)
    json_array_add_string_element(lines, progress->application);
  if (progress->expected_on) {
    g_autofree char *expected = g_strdup_printf(_("预计制好：%s"), progress->expected_on);
    json_array_add_string_element(lines, expected);
  }
  return lines;
}

static JsonArray *
slip_collected(const AnyiIdProgress *progress)
{
  JsonArray *collected = json_array_new();
  JsonObject *item = json_object_new();
  g_autofree char *line =
      g_strdup_printf(_("办证进度：%s"), anyi_id_progress_stage_label(progress->stage));

  json_object_set_string_member(item, "name", line);
  json_object_set_string_member(item, "how", _("已向后台查询"));
  json_array_add_object_element(collected, item);
  return collected;
}

JsonObject *
anyi_case_hall_answers(const AnyiService *service, JsonObject *card, gpointer hall, GError **error)
{
  const char *id_number =
      card ? json_object_get_string_member_with_default(card, "id_number", NULL) : NULL;
  g_autoptr(AnyiIdProgress) progress = NULL;
  JsonObject *answer;

  if (!g_str_equal(service->id, PROGRESS_QUERY))
    return NULL;
  if (!id_number || !*id_number) {
    g_set_error(error, ANYI_CASE_RUNNER_ERROR, ANYI_CASE_RUNNER_ERROR_INVALID,
                "no ID number to ask the back office about");
    return NULL;
  }
  progress = anyi_hall_query_id_progress(hall, id_number, error);
  if (!progress)
    return NULL;
  answer = json_object_new();
  json_object_set_object_member(answer, "progress", progress_json(progress));
  json_object_set_array_member(answer, "lines", receipt_lines(progress));
  set_optional(answer, "next_step", progress->pickup_place);
  json_object_set_array_member(answer, "collected", slip_collected(progress));
  return answer;
}

static const char *
optional(JsonObject *object, const char *name)
{
  return json_object_get_string_member_with_default(object, name, NULL);
}

AnyiIdProgress *
anyi_case_hall_answer_progress(JsonObject *answer)
{
  JsonNode *node = answer ? json_object_get_member(answer, "progress") : NULL;
  JsonObject *stored = node && JSON_NODE_HOLDS_OBJECT(node) ? json_node_get_object(node) : NULL;
  AnyiIdProgress *progress;

  if (!stored)
    return NULL;
  progress = g_new0(AnyiIdProgress, 1);
  for (AnyiIdProgressStage stage = ANYI_ID_PROGRESS_NONE; stage <= ANYI_ID_PROGRESS_COLLECTED;
       stage++)
    if (g_strcmp0(anyi_id_progress_stage_to_string(stage), optional(stored, "stage")) == 0)
      progress->stage = stage;
  progress->application = g_strdup(optional(stored, "application"));
  progress->applied_on = g_strdup(optional(stored, "applied_on"));
  progress->expected_on = g_strdup(optional(stored, "expected_on"));
  progress->pickup_place = g_strdup(optional(stored, "pickup_place"));
  return progress;
}
