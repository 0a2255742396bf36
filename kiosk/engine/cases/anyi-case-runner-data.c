/* SPDX-License-Identifier: GPL-3.0-or-later */
/* anyi-case-runner-data.c: what the runner keeps of the card and the
 * commitment, and the data of each document it asks the caller to print.
 * The member names match print-templates/ (receipt, handoff-slip). */
#include "anyi-case-runner-private.h"

#include <stdio.h>
#include <string.h>

static const char *
card_type_name(AnyiCardTypes type)
{
  switch (type) {
  case ANYI_CARD_HK_MO_TW_PERMIT:
    return "hk_mo_tw_permit";
  case ANYI_CARD_FOREIGN_PERMANENT:
    return "foreign_permanent";
  case ANYI_CARD_RESIDENT:
  default:
    return "resident";
  }
}

static AnyiCardTypes
card_type_of(AnyiIdCardType type)
{
  switch (type) {
  case ANYI_ID_CARD_TYPE_RESIDENT:
    return ANYI_CARD_RESIDENT;
  case ANYI_ID_CARD_TYPE_HK_MO_TW_PERMIT:
    return ANYI_CARD_HK_MO_TW_PERMIT;
  case ANYI_ID_CARD_TYPE_FOREIGN_PERMANENT_2017:
  case ANYI_ID_CARD_TYPE_FOREIGN_PERMANENT_2023:
    return ANYI_CARD_FOREIGN_PERMANENT;
  }
  return ANYI_CARD_RESIDENT;
}

void
anyi_case_card_from_id_card(const AnyiIdCard *card, AnyiCaseCard *out)
{
  *out = (AnyiCaseCard){
      .type = card_type_of(card->card_type),
      .name = card->name && *card->name ? card->name : card->english_name,
      .sex = card->sex == ANYI_ID_SEX_FEMALE ? "2" : "1",
      .birth = card->birth_date,
      .id_number = card->id_number,
      .address = card->address,
      .valid_to = card->long_term ? "长期" : card->valid_to,
  };
}

gboolean
anyi_case_runner_parse_card_date(const char *yyyymmdd, GDate *date)
{
  guint y, m, d;

  if (!yyyymmdd || strlen(yyyymmdd) != 8 || sscanf(yyyymmdd, "%4u%2u%2u", &y, &m, &d) != 3 ||
      !g_date_valid_dmy(d, m, y))
    return FALSE;
  g_date_clear(date, 1);
  g_date_set_dmy(date, d, m, y);
  return TRUE;
}

static void
set_text(JsonObject *object, const char *name, const char *value)
{
  json_object_set_string_member(object, name, value ? value : "");
}

void
anyi_case_runner_store_card(AnyiCaseRunner *self, const AnyiCaseCard *card)
{
  JsonObject *stored = json_object_new();

  set_text(stored, "type", card_type_name(card->type));
  set_text(stored, "name", card->name);
  set_text(stored, "sex", card->sex);
  set_text(stored, "birth", card->birth);
  set_text(stored, "id_number", card->id_number);
  set_text(stored, "address", card->address);
  set_text(stored, "valid_to", card->valid_to);
  json_object_set_object_member(anyi_case_runner_data(self), "card", stored);
}

static char *
iso_date(const GDate *date)
{
  char text[16];

  g_date_strftime(text, sizeof text, "%Y-%m-%d", date);
  return g_strdup(text);
}

void
anyi_case_runner_record_commitment(AnyiCaseRunner *self)
{
  JsonObject *commitment = anyi_case_runner_member_object(self, "commitment");
  g_autofree char *today = iso_date(&self->today);

  json_object_set_string_member(commitment, "date", today);
  json_object_set_boolean_member(commitment, "confirmed_on_screen", TRUE);
}

static const char *
applicant_name(AnyiCaseRunner *self)
{
  JsonObject *data = anyi_case_runner_data(self);
  const char *name = NULL;

  if (json_object_has_member(data, "card"))
    name = json_object_get_string_member_with_default(json_object_get_object_member(data, "card"),
                                                      "name", NULL);
  if ((!name || !*name) && anyi_case_runner_peek_object(self, "form"))
    name = json_object_get_string_member_with_default(anyi_case_runner_peek_object(self, "form"),
                                                      "applicant-name", NULL);
  return name;
}

/* hall, case_number, service, time, kiosk_id: on every document. */
static JsonObject *
document_base(AnyiCaseRunner *self)
{
  JsonObject *data = json_object_new();
  g_autofree char *today = iso_date(&self->today);
  const char *applicant = applicant_name(self);

  set_text(data, "hall", self->hall);
  set_text(data, "case_number", anyi_case_get_number(self->kase));
  set_text(data, "service", self->service->names.zh);
  set_text(data, "service_en", self->service->names.en);
  set_text(data, "time", today);
  set_text(data, "kiosk_id", self->kiosk_id);
  if (applicant && *applicant)
    set_text(data, "applicant", applicant);
  return data;
}

/* The deadline of a 容缺 commitment: the hall's commitment period, never
 * past the service's own time limit. */
static void
commitment_deadline(AnyiCaseRunner *self, GDate *deadline)
{
  anyi_catalogue_service_deadline(self->service, &self->today, self->config.is_working_day,
                                  self->config.working_day_data, deadline);
  if (self->config.commitment_days > 0) {
    GDate promised = self->today;
    g_date_add_days(&promised, self->config.commitment_days);
    if (g_date_compare(&promised, deadline) < 0)
      *deadline = promised;
  }
}

static const char *
how_to_bring(const AnyiMaterial *material)
{
  (void)material;
  return "带原件到窗口补交，出示本告知书 Bring the original to a window with this notice";
}

/* One line of the one-time notice: what exactly to bring. */
static const char *
material_requirement(const AnyiMaterial *material)
{
  return material->when.zh && *material->when.zh ? material->when.zh : "原件一份，窗口核验后退还";
}

static JsonArray *
missing_materials_json(AnyiCaseRunner *self, gboolean with_how)
{
  g_auto(GStrv) missing = anyi_case_runner_dup_missing(self);
  JsonArray *array = json_array_new();

  for (guint i = 0; missing[i]; i++) {
    const AnyiMaterial *material = anyi_catalogue_service_material(self->service, missing[i]);
    JsonObject *item = json_object_new();
    set_text(item, "id", material->id);
    set_text(item, "name", material->names.zh);
    set_text(item, "name_en", material->names.en);
    if (with_how) {
      set_text(item, "how", how_to_bring(material));
      set_text(item, "requirement", material_requirement(material));
    }
    json_array_add_object_element(array, item);
  }
  return array;
}

void
anyi_case_runner_fill_notice(AnyiCaseRunner *self)
{
  JsonObject *notice = document_base(self);
  GDate deadline;
  g_autofree char *by = NULL;

  commitment_deadline(self, &deadline);
  by = iso_date(&deadline);
  json_object_set_array_member(notice, "materials", missing_materials_json(self, TRUE));
  /* the names print-templates/one-time-notice.json uses */
  json_object_set_array_member(notice, "missing", missing_materials_json(self, TRUE));
  set_text(notice, "accepted_at", json_object_get_string_member(notice, "time"));
  set_text(notice, "office", self->hall);
  set_text(notice, "hotline", self->hotline);
  set_text(notice, "how_to_submit", how_to_bring(NULL));
  set_text(notice, "deadline", by);
  json_object_set_int_member(notice, "time_limit_days", self->service->time_limit.days);
  set_text(notice, "time_limit_unit",
           self->service->time_limit.kind == ANYI_DAYS_WORKING ? "working-days" : "calendar-days");
  set_text(notice, "window", self->window);
  set_text(notice, "consequence",
           "逾期未补齐的，本次申请终止办理 If the materials do not arrive by the deadline, "
           "the application ends");
  json_object_set_boolean_member(notice, "commitment_signed", TRUE);
  json_object_set_object_member(anyi_case_runner_data(self), "notice", notice);
}

/* What the back office answered, so the window does not ask it again. */
static void
add_answer_collected(AnyiCaseRunner *self, JsonArray *collected)
{
  JsonObject *answer = anyi_case_runner_peek_object(self, "answer");
  JsonNode *node = answer ? json_object_get_member(answer, "collected") : NULL;
  JsonArray *items = node && JSON_NODE_HOLDS_ARRAY(node) ? json_node_get_array(node) : NULL;

  for (guint i = 0; items && i < json_array_get_length(items); i++) {
    JsonObject *from = json_array_get_object_element(items, i);
    JsonObject *item = json_object_new();
    set_text(item, "name", json_object_get_string_member_with_default(from, "name", ""));
    set_text(item, "how", json_object_get_string_member_with_default(from, "how", ""));
    json_array_add_object_element(collected, item);
  }
}

static JsonArray *
collected_json(AnyiCaseRunner *self)
{
  JsonObject *data = anyi_case_runner_data(self);
  JsonArray *array = json_array_new();
  JsonObject *item;

  if (json_object_has_member(data, "card")) {
    item = json_object_new();
    set_text(item, "name", "身份证件 ID card");
    set_text(item, "how", "读卡 read by the card reader");
    json_array_add_object_element(array, item);
  }
  if (json_object_has_member(data, "photo")) {
    item = json_object_new();
    set_text(item, "name", "证件照片 ID photo");
    set_text(item, "how", "现场拍摄 taken here");
    json_array_add_object_element(array, item);
  }
  if (json_object_has_member(data, "photo_best")) {
    item = json_object_new();
    set_text(item, "name", "证件照片（未达标准，最好的一张）ID photo (best try)");
    set_text(item, "how", "现场拍摄，请窗口复核或重拍 taken here, to be checked");
    json_array_add_object_element(array, item);
  }
  if (json_object_has_member(data, "documents")) {
    JsonObject *docs = json_object_get_object_member(data, "documents");
    g_autoptr(GList) ids = json_object_get_members(docs);
    for (GList *l = ids; l; l = l->next) {
      const AnyiMaterial *material = anyi_catalogue_service_material(self->service, l->data);
      item = json_object_new();
      set_text(item, "name", material ? material->names.zh : l->data);
      set_text(item, "how", "拍摄台拍摄 scanned");
      json_array_add_object_element(array, item);
    }
  }
  if (json_object_has_member(data, "payment") &&
      json_object_has_member(json_object_get_object_member(data, "payment"), "amount_fen")) {
    gint64 fen =
        json_object_get_int_member(json_object_get_object_member(data, "payment"), "amount_fen");
    g_autofree char *amount = anyi_yuan_text(fen);
    JsonObject *paid = json_object_get_object_member(data, "payment");
    const char *order = json_object_get_string_member_with_default(paid, "order_id", "-");
    gboolean refunded =
        g_strcmp0(json_object_get_string_member_with_default(paid, "state", NULL), "refunded") == 0;
    g_autofree char *line = g_strdup_printf("费用 %s 元 fee · 订单号 %s", amount, order);
    item = json_object_new();
    set_text(item, "name", line);
    set_text(item, "how",
             refunded ? "已在自助机缴纳，已退款 paid, refunded"
                      : "已在自助机缴纳 paid at the kiosk");
    json_array_add_object_element(array, item);
  }
  if (json_object_has_member(data, "form")) {
    item = json_object_new();
    set_text(item, "name", "申请信息 application details");
    set_text(item, "how", "已填写 filled in");
    json_array_add_object_element(array, item);
  }
  add_answer_collected(self, array);
  return array;
}

/* The back office's answer was shown, but the citizen leaves for the
 * window before its receipt came out: the window prints it. */
static gboolean
answer_receipt_owed(AnyiCaseRunner *self, AnyiHandoffReason reason)
{
  const AnyiStep *result = &self->service->steps[self->service->n_steps - 1];

  return reason != ANYI_HANDOFF_WINDOW_FINISHES && (result->prints & ANYI_PRINT_RECEIPT) &&
         anyi_case_runner_peek_object(self, "answer") != NULL;
}

JsonObject *
anyi_case_runner_handoff_slip_data(AnyiCaseRunner *self, AnyiHandoffReason reason,
                                   const char *detail, const char *todo_too)
{
  JsonObject *data = document_base(self);
  JsonArray *todo = json_array_new();
  JsonArray *missing = missing_materials_json(self, FALSE);

  set_text(data, "window", self->window);
  set_text(data, "reason", anyi_handoff_reason_describe(reason));
  set_text(data, "reason_code", anyi_handoff_reason_to_string(reason));
  if (detail)
    set_text(data, "detail", detail);
  json_object_set_array_member(data, "collected", collected_json(self));
  for (guint i = 0; i < json_array_get_length(missing); i++) {
    JsonObject *m = json_array_get_object_element(missing, i);
    g_autofree char *line = g_strdup_printf("补交 %s", json_object_get_string_member(m, "name"));
    json_array_add_string_element(todo, line);
  }
  if (reason == ANYI_HANDOFF_WINDOW_FINISHES && anyi_case_runner_fingerprints_at_window(self))
    json_array_add_string_element(todo, "采集指纹（本机没有指纹仪）Take the fingerprints");
  else if (reason == ANYI_HANDOFF_WINDOW_FINISHES)
    json_array_add_string_element(todo, self->service->guidance_steps.zh);
  if (todo_too)
    json_array_add_string_element(todo, todo_too);
  if (answer_receipt_owed(self, reason))
    json_array_add_string_element(todo, "打印回执 Print the receipt");
  json_object_set_array_member(data, "todo", todo);
  json_array_unref(missing);
  return data;
}

static JsonArray *
strings_copy(JsonArray *from)
{
  JsonArray *copy = json_array_new();

  for (guint i = 0; from && i < json_array_get_length(from); i++)
    json_array_add_string_element(copy, json_array_get_string_element(from, i));
  return copy;
}

/* A receipt of the back office's answer: the answer's lines, for the ID
 * number it was asked about (masked), at the minute it is printed. */
static JsonObject *
answer_receipt_data(AnyiCaseRunner *self, JsonObject *answer)
{
  JsonObject *data = json_object_new();
  JsonObject *card = anyi_case_runner_peek_object(self, "card");
  JsonNode *lines = json_object_get_member(answer, "lines");
  g_autofree char *masked = anyi_id_number_mask(
      card ? json_object_get_string_member_with_default(card, "id_number", NULL) : NULL);
  g_autoptr(GDateTime) now = g_date_time_new_now_local();
  g_autofree char *time = g_date_time_format(now, "%Y-%m-%d %H:%M");

  set_text(data, "hall", self->hall);
  set_text(data, "case_number", anyi_case_get_number(self->kase));
  set_text(data, "service", self->service->names.zh);
  if (masked)
    set_text(data, "applicant", masked);
  set_text(data, "time", time);
  set_text(data, "kiosk_id", self->kiosk_id);
  json_object_set_array_member(
      data, "results",
      strings_copy(lines && JSON_NODE_HOLDS_ARRAY(lines) ? json_node_get_array(lines) : NULL));
  if (json_object_get_string_member_with_default(answer, "next_step", NULL))
    set_text(data, "next_step", json_object_get_string_member(answer, "next_step"));
  return data;
}

/* A receipt of a case accepted here: what the result step says it shows,
 * and the fee paid. */
static JsonObject *
service_receipt_data(AnyiCaseRunner *self)
{
  JsonObject *data = document_base(self);
  JsonArray *results = json_array_new();
  const AnyiStep *result = &self->service->steps[self->service->n_steps - 1];
  JsonObject *payment = json_object_get_member(anyi_case_runner_data(self), "payment")
                            ? json_object_get_object_member(anyi_case_runner_data(self), "payment")
                            : NULL;

  json_array_add_string_element(results, result->shows.zh);
  if (payment) {
    g_autofree char *amount = anyi_yuan_text(json_object_get_int_member(payment, "amount_fen"));
    g_autofree char *line =
        g_strdup_printf("已缴费 %s 元 Paid · 订单号 %s", amount,
                        json_object_get_string_member_with_default(payment, "order_id", "-"));
    json_array_add_string_element(results, line);
  }
  json_object_set_array_member(data, "results", results);
  set_text(data, "next_step", self->service->collection.text.zh);
  return data;
}

JsonObject *
anyi_case_runner_receipt_data(AnyiCaseRunner *self)
{
  JsonObject *answer = anyi_case_runner_peek_object(self, "answer");

  return answer ? answer_receipt_data(self, answer) : service_receipt_data(self);
}

JsonObject *
anyi_case_runner_queue_ticket_data(AnyiCaseRunner *self)
{
  JsonObject *data = document_base(self);

  set_text(data, "window", self->window);
  return data;
}

JsonObject *
anyi_case_runner_application_form_data(AnyiCaseRunner *self)
{
  JsonObject *data = document_base(self);
  JsonObject *form = anyi_case_runner_peek_object(self, "form");
  JsonArray *fields = json_array_new();

  for (guint s = 0; s < self->service->n_steps; s++) {
    const AnyiStep *step = &self->service->steps[s];
    for (guint i = 0; i < step->n_fields; i++) {
      JsonObject *item = json_object_new();
      set_text(item, "label", step->fields[i].label.zh);
      set_text(item, "value",
               form ? json_object_get_string_member_with_default(form, step->fields[i].id, "")
                    : "");
      json_array_add_object_element(fields, item);
    }
  }
  json_object_set_array_member(data, "fields", fields);
  json_object_set_array_member(data, "collected", collected_json(self));
  json_object_set_array_member(data, "missing", missing_materials_json(self, TRUE));
  return data;
}

JsonObject *
anyi_case_runner_refund_slip_data(AnyiCaseRunner *self)
{
  JsonObject *data = document_base(self);
  JsonObject *payment = anyi_case_runner_peek_object(self, "payment");
  g_autofree char *amount = anyi_yuan_text(
      payment ? json_object_get_int_member_with_default(payment, "amount_fen", 0) : 0);

  set_text(data, "amount", amount);
  set_text(data, "order_id",
           payment ? json_object_get_string_member_with_default(payment, "order_id", "-") : "-");
  return data;
}
