/* SPDX-License-Identifier: GPL-3.0-or-later */
/* catalogue-leaflet.c: a service as the data of the printed guidance
 * leaflet (print-templates/guidance-leaflet.json). The catalogue's own
 * JSON (anyi_catalogue_service_to_json) is for machines; this is the
 * Chinese prose a citizen takes home, so the print layer needs no
 * knowledge of services. */
#include "catalogue.h"

#include <string.h>

/* Whole yuan without decimals: the leaflet is prose. */
static char *
yuan(gint64 fen)
{
  g_autofree char *amount = NULL;

  if (fen % 100 == 0)
    return g_strdup_printf("%" G_GINT64_FORMAT " 元", fen / 100);
  amount = anyi_yuan_text(fen);
  return g_strconcat(amount, " 元", NULL);
}

static char *
who_may_apply(const AnyiService *service)
{
  GString *who = g_string_new(NULL);
  const char *cards[] = {"居民身份证", "港澳台居民居住证", "外国人永久居留身份证"};
  const char *sep = "";

  if (service->max_age != G_MAXUINT)
    g_string_append_printf(who, "%u至%u周岁的", service->min_age, service->max_age);
  else if (service->min_age > 0)
    g_string_append_printf(who, "年满%u周岁的", service->min_age);
  g_string_append(who, "持");
  for (guint i = 0; i < G_N_ELEMENTS(cards); i++)
    if (service->card_types & (1u << i)) {
      g_string_append_printf(who, "%s%s", sep, cards[i]);
      sep = "或";
    }
  g_string_append(who, "的申请人");
  if (service->flags & ANYI_SERVICE_AGENT_ALLOWED)
    g_string_append(who, "（可由他人代办）");
  return g_string_free(who, FALSE);
}

static char *
time_limit_text(const AnyiService *service)
{
  if (service->time_limit.days == 0)
    return g_strdup("当场办完");
  return g_strdup_printf("%u 个%s", service->time_limit.days,
                         service->time_limit.kind == ANYI_DAYS_WORKING ? "工作日" : "自然日");
}

static char *
fee_summary(const AnyiService *service)
{
  g_autofree char *amount = NULL;

  if (service->fee.amount_fen == 0)
    return g_strdup("不收费");
  amount = yuan(service->fee.amount_fen);
  return service->fee.n_waivers ? g_strdup_printf("%s（符合条件可减免）", amount)
                                : g_strdup(amount);
}

/* Sets @key to @value and frees @value: most values here are built. */
static void
set_owned(JsonObject *object, const char *key, char *value)
{
  json_object_set_string_member(object, key, value);
  g_free(value);
}

static JsonObject *
service_block(const AnyiService *service, const char *hall)
{
  JsonObject *block = json_object_new();

  json_object_set_string_member(block, "name", service->names.zh);
  json_object_set_string_member(block, "code", service->id);
  json_object_set_string_member(block, "summary", service->prompt.zh);
  set_owned(block, "who", who_may_apply(service));
  set_owned(block, "where",
            g_strdup_printf("%s%s", hall,
                            service->completion == ANYI_COMPLETION_KIOSK
                                ? "：自助机或窗口均可办理"
                                : "：可在自助机预填、拍照，窗口办结"));
  set_owned(block, "time_limit", time_limit_text(service));
  set_owned(block, "fee_summary", fee_summary(service));
  return block;
}

static char *
material_detail(const AnyiMaterial *material)
{
  GString *detail = g_string_new(NULL);

  if (material->when.zh && *material->when.zh)
    g_string_append_printf(detail, "%s需要。", material->when.zh);
  switch (material->capture) {
  case ANYI_CAPTURE_PHOTO:
    g_string_append(detail, "现场免费拍摄，无需自带照片。");
    break;
  case ANYI_CAPTURE_DOCUMENT_CAMERA:
    g_string_append(detail, "原件，可以放在自助机下方的拍摄台上拍摄。");
    break;
  case ANYI_CAPTURE_NONE:
    g_string_append(detail, "原件，交窗口核验。");
    break;
  case ANYI_CAPTURE_CARD:
    g_string_append(detail, "原件，在自助机读卡区读取。");
    break;
  }
  if (material->may_be_missing)
    g_string_append(detail, "暂时没有的可先受理，之后补交（容缺受理）。");
  return g_string_free(detail, FALSE);
}

static JsonArray *
materials_list(const AnyiService *service)
{
  JsonArray *list = json_array_new();

  for (guint i = 0; i < service->n_materials; i++) {
    const AnyiMaterial *material = &service->materials[i];
    JsonObject *item = json_object_new();
    json_object_set_string_member(item, "name", material->names.zh);
    set_owned(item, "detail", material_detail(material));
    json_array_add_object_element(list, item);
  }
  return list;
}

/* The catalogue writes steps as one line, "1. 放置旧证；2. 回答……"; the
 * leaflet numbers them itself. */
static JsonArray *
split_steps(const char *text)
{
  JsonArray *list = json_array_new();
  g_auto(GStrv) parts = g_regex_split_simple("\\s*\\d+[.．、]\\s*", text, 0, 0);

  for (guint i = 0; parts[i]; i++) {
    g_autofree char *step = g_strstrip(g_strdup(parts[i]));
    gsize len = strlen(step);
    /* drop the separator left at the end: "；" or "。" (3 bytes in UTF-8) */
    if (len >= 3 && (g_str_has_suffix(step, "；") || g_str_has_suffix(step, "。")))
      step[len - 3] = '\0';
    if (*step)
      json_array_add_string_element(list, step);
  }
  return list;
}

static void
add_fee(JsonArray *fees, const char *item, char *amount)
{
  JsonObject *fee = json_object_new();

  json_object_set_string_member(fee, "item", item);
  set_owned(fee, "amount", amount);
  json_array_add_object_element(fees, fee);
}

static JsonArray *
fees_list(const AnyiService *service)
{
  JsonArray *fees = json_array_new();

  if (service->fee.amount_fen == 0)
    return fees;
  add_fee(fees, "工本费", yuan(service->fee.amount_fen));
  for (guint i = 0; i < service->fee.n_waivers; i++) {
    const AnyiWaiver *waiver = &service->fee.waivers[i];
    g_autofree char *item = g_strdup_printf("%s（%s）", waiver->names.zh, waiver->condition.zh);
    add_fee(fees, item,
            waiver->effect == ANYI_WAIVER_WAIVE
                ? g_strdup("免收")
                : yuan(anyi_catalogue_service_fee(service, waiver->id)));
  }
  return fees;
}

static JsonArray *
one_line(char *text)
{
  JsonArray *list = json_array_new();

  if (text && *text)
    json_array_add_string_element(list, text);
  g_free(text);
  return list;
}

JsonObject *
anyi_catalogue_leaflet_data(const AnyiService *service, const char *hall, const char *hotline,
                            const GDate *today)
{
  JsonObject *data = json_object_new();
  g_autofree char *limit = time_limit_text(service);
  char updated[32];

  g_date_strftime(updated, sizeof updated, "%Y-%m-%d", today);
  json_object_set_string_member(data, "hall", hall);
  json_object_set_string_member(data, "hotline", hotline);
  json_object_set_object_member(data, "service", service_block(service, hall));
  json_object_set_array_member(data, "materials", materials_list(service));
  json_object_set_array_member(data, "steps", split_steps(service->guidance_steps.zh));
  json_object_set_array_member(data, "fees", fees_list(service));
  json_object_set_array_member(
      data, "time_limits",
      one_line(g_strdup_printf("%s。%s", limit,
                               service->time_limit.note.zh ? service->time_limit.note.zh : "")));
  json_object_set_array_member(data, "collect", one_line(g_strdup(service->collection.text.zh)));
  json_object_set_array_member(data, "tips", one_line(g_strdup(service->guidance_notes.zh)));
  json_object_set_string_member(data, "online_url", service->online_link);
  json_object_set_string_member(data, "online_name", "四川政务服务网");
  json_object_set_string_member(data, "updated", updated);
  return data;
}
