/* SPDX-License-Identifier: GPL-3.0-or-later */
/* anyi-sms-text.c: the words of a message (anyi-sms-text.h).
 *
 * The citizen's phone gets Chinese whatever language the console runs in:
 * the strings are marked for translation (N_) so en.po tells a technician
 * what each says, but they are sent as they are. */
#include "anyi-sms-text.h"

#include "log/anyi-log.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

/* A window note longer than this is cut: an SMS is 70 characters a part. */
#define NOTE_MAX_CHARS 60
/* Material names listed in a reminder, at most. */
#define MATERIALS_MAX 4

gboolean
anyi_sms_mobile_is_valid(const char *mobile)
{
  if (!mobile || strlen(mobile) != 11 || mobile[0] != '1')
    return FALSE;
  for (const char *c = mobile; *c; c++)
    if (!g_ascii_isdigit(*c))
      return FALSE;
  return TRUE;
}

char *
anyi_sms_mask_mobile(const char *mobile)
{
  if (!anyi_sms_mobile_is_valid(mobile))
    return g_strdup("***");
  return g_strdup_printf("%.3s****%s", mobile, mobile + 7);
}

static JsonObject *
parse_facts(const char *json, JsonParser *parser)
{
  JsonNode *root;

  if (!json || !json_parser_load_from_data(parser, json, -1, NULL))
    return NULL;
  root = json_parser_get_root(parser);
  return root && JSON_NODE_HOLDS_OBJECT(root) ? json_node_get_object(root) : NULL;
}

/* The window's note as the citizen may read it: ID numbers masked, cut to
 * a length an SMS carries, on one line. */
static char *
safe_note(const char *note)
{
  g_autofree char *masked = NULL;
  g_autofree char *cut = NULL;

  if (!note || !*note || !g_utf8_validate(note, -1, NULL))
    return NULL;
  masked = anyi_mask_id_numbers(note);
  g_strdelimit(masked, "\r\n\t", ' ');
  g_strstrip(masked);
  if (!*masked)
    return NULL;
  if (g_utf8_strlen(masked, -1) <= NOTE_MAX_CHARS)
    return g_steal_pointer(&masked);
  cut = g_utf8_substring(masked, 0, NOTE_MAX_CHARS);
  return g_strconcat(cut, "…", NULL);
}

/* What the window decided, in the citizen's words; literal formats, so
 * the compiler checks them. */
static char *
outcome_body(const char *outcome, const char *case_number)
{
  if (g_strcmp0(outcome, "finished") == 0)
    return g_strdup_printf(N_("您的业务（案件号%s）已在窗口办结。"), case_number);
  if (g_strcmp0(outcome, "waiting-for-material") == 0)
    return g_strdup_printf(
        N_("您的业务（案件号%s）还需补交材料，请按一次性告知书带齐材料到大厅窗口。"), case_number);
  if (g_strcmp0(outcome, "referred") == 0)
    return g_strdup_printf(N_("您的业务（案件号%s）已转交其他部门办理，请留意后续通知。"),
                           case_number);
  if (g_strcmp0(outcome, "refused") == 0)
    return g_strdup_printf(N_("您的业务（案件号%s）未能受理，详情请到大厅窗口咨询。"), case_number);
  return NULL;
}

static char *
outcome_text(JsonObject *facts, const char *case_number)
{
  g_autofree char *body =
      outcome_body(json_object_get_string_member_with_default(facts, "outcome", NULL), case_number);
  g_autofree char *note =
      safe_note(json_object_get_string_member_with_default(facts, "note", NULL));

  if (!body || !note)
    return g_steal_pointer(&body);
  return g_strdup_printf(N_("%s窗口留言：%s"), body, note);
}

static char *
materials_of(JsonObject *facts)
{
  JsonArray *materials = json_object_has_member(facts, "materials") &&
                                 JSON_NODE_HOLDS_ARRAY(json_object_get_member(facts, "materials"))
                             ? json_object_get_array_member(facts, "materials")
                             : NULL;
  g_autoptr(GString) list = g_string_new(NULL);
  guint n = materials ? json_array_get_length(materials) : 0;

  for (guint i = 0; i < n && i < MATERIALS_MAX; i++) {
    JsonNode *item = json_array_get_element(materials, i);
    const char *name = JSON_NODE_HOLDS_VALUE(item) ? json_node_get_string(item) : NULL;
    if (!name || !*name)
      continue;
    g_string_append_printf(list, "%s%s", list->len ? "、" : "", name);
  }
  if (n > MATERIALS_MAX)
    g_string_append(list, N_("等"));
  return list->len ? g_string_free(g_steal_pointer(&list), FALSE) : NULL;
}

static char *
reminder_text(JsonObject *facts, const char *case_number)
{
  const char *deadline = json_object_get_string_member_with_default(facts, "deadline", NULL);
  g_autofree char *materials = materials_of(facts);

  if (!deadline || !materials)
    return NULL;
  return g_strdup_printf(N_("您承诺补交的%s将于%s到期，请在到期前带到大厅窗口（案件号%s）。"),
                         materials, deadline, case_number);
}

char *
anyi_sms_text_for(const AnyiSmsMessage *message, const char *hall_name)
{
  g_autoptr(JsonParser) parser = json_parser_new();
  JsonObject *facts = parse_facts(message->facts_json, parser);
  g_autofree char *body = NULL;

  if (!facts)
    return NULL;
  if (g_strcmp0(message->kind, "outcome") == 0)
    body = outcome_text(facts, message->case_number);
  else if (g_strcmp0(message->kind, "reminder") == 0)
    body = reminder_text(facts, message->case_number);
  if (!body)
    return NULL;
  if (!hall_name || !*hall_name)
    return g_steal_pointer(&body);
  return g_strdup_printf("【%s】%s", hall_name, body);
}
