/* SPDX-License-Identifier: GPL-3.0-or-later */
/* anyi-ledger-progress.c: the window's outcome in the progress query. */
#include "anyi-ledger-progress.h"

#include <glib/gi18n-lib.h>

static JsonArray *
lines_of(JsonObject *answer)
{
  JsonNode *node = json_object_get_member(answer, "lines");

  if (node && JSON_NODE_HOLDS_ARRAY(node))
    return json_node_get_array(node);
  json_object_set_array_member(answer, "lines", json_array_new());
  return json_object_get_array_member(answer, "lines");
}

static void
add_window_answer(JsonObject *answer, const AnyiLedgerAnswer *decided)
{
  JsonObject *window = json_object_new();
  JsonArray *lines = lines_of(answer);
  g_autofree char *outcome = g_strdup_printf(_("窗口办理结果（%s）：%s"), decided->case_number,
                                             anyi_ledger_outcome_label(decided->outcome));

  json_object_set_string_member(window, "case_number", decided->case_number);
  json_object_set_string_member(window, "outcome", anyi_ledger_outcome_to_string(decided->outcome));
  json_object_set_string_member(window, "label", anyi_ledger_outcome_label(decided->outcome));
  if (decided->reason)
    json_object_set_string_member(window, "reason", decided->reason);
  if (decided->window)
    json_object_set_string_member(window, "window", decided->window);
  json_object_set_int_member(window, "at", decided->at);
  if (decided->citizen_note)
    json_object_set_string_member(window, "note", decided->citizen_note);
  json_object_set_object_member(answer, "window", window);
  json_array_add_string_element(lines, outcome);
  if (decided->citizen_note) {
    g_autofree char *note = g_strdup_printf(_("窗口留言：%s"), decided->citizen_note);
    json_array_add_string_element(lines, note);
  }
}

JsonObject *
anyi_ledger_progress_answers(const AnyiService *service, JsonObject *card, gpointer back_office,
                             GError **error)
{
  AnyiLedgerBackOffice *office = back_office;
  JsonObject *answer = anyi_case_hall_answers(service, card, office->hall, error);
  const char *id_number =
      card ? json_object_get_string_member_with_default(card, "id_number", NULL) : NULL;
  g_autoptr(AnyiLedgerAnswer) decided = NULL;
  g_autoptr(GError) ledger_error = NULL;

  if (!answer || !office->ledger || !id_number)
    return answer;
  decided = anyi_ledger_answer_for_citizen(office->ledger, id_number, &ledger_error);
  if (decided)
    add_window_answer(answer, decided);
  else if (!g_error_matches(ledger_error, ANYI_LEDGER_ERROR, ANYI_LEDGER_ERROR_NOT_FOUND))
    /* the hall's answer still stands: the citizen is not sent away for it */
    g_warning("progress: the ledger did not answer: %s", ledger_error->message);
  return answer;
}

static char *
copy_member(JsonObject *object, const char *name)
{
  const char *value = json_object_get_string_member_with_default(object, name, NULL);

  return value && *value ? g_strdup(value) : NULL;
}

AnyiLedgerAnswer *
anyi_ledger_progress_window_answer(JsonObject *answer)
{
  JsonNode *node = answer ? json_object_get_member(answer, "window") : NULL;
  JsonObject *window = node && JSON_NODE_HOLDS_OBJECT(node) ? json_node_get_object(node) : NULL;
  AnyiLedgerOutcome outcome;
  AnyiLedgerAnswer *decided;

  if (!window || !anyi_ledger_outcome_from_string(
                     json_object_get_string_member_with_default(window, "outcome", NULL), &outcome))
    return NULL;
  decided = g_new0(AnyiLedgerAnswer, 1);
  decided->case_number = copy_member(window, "case_number");
  decided->outcome = outcome;
  decided->reason = copy_member(window, "reason");
  decided->window = copy_member(window, "window");
  decided->citizen_note = copy_member(window, "note");
  decided->at = json_object_get_int_member_with_default(window, "at", 0);
  return decided;
}
