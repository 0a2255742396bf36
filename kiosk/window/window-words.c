/* SPDX-License-Identifier: GPL-3.0-or-later */
/* window-words.c: the catalogue's and the engine's words for ids
 * (window-words.h). */
#include "window-words.h"

#include "cases/anyi-case.h"
#include "ledger/anyi-ledger.h"
#include "print/anyi-print-template.h"
#include "print/printer-status.h"
#include "staff/anyi-staff-desk.h"

#include <glib/gi18n.h>

AnyiCatalogue *
window_words_load_catalogue(void)
{
  g_autofree char *dir = anyi_catalogue_default_dir();
  g_autoptr(GError) error = NULL;
  AnyiCatalogue *catalogue = anyi_catalogue_load(dir, &error);

  if (!catalogue)
    g_warning("window: the catalogue in %s cannot be read, showing service ids: %s", dir,
              error->message);
  return catalogue;
}

static const AnyiService *
service_of(AnyiCatalogue *catalogue, const char *service_id)
{
  return catalogue && service_id ? anyi_catalogue_lookup(catalogue, service_id) : NULL;
}

const char *
window_words_service(AnyiCatalogue *catalogue, const char *service_id)
{
  const AnyiService *service = service_of(catalogue, service_id);

  return service ? service->names.zh : service_id;
}

/* Staff's short words for why a case came to the window: the kiosk's
 * sentences speak to the citizen ("请到窗口继续办理"), which says nothing
 * to the one at the window. Keyed by the engine's reason ids. */
static const struct {
  const char *reason;
  const char *words;
} staff_reasons[] = {
    {"essential-material-missing", N_("主要材料不齐")},
    {"ineligible", N_("不符合自助办理条件")},
    {"special-case", N_("需当面审核")},
    {"device-failure", N_("设备故障")},
    {"citizen-asked", N_("市民要求人工办理")},
    {"too-many-tries", N_("多次尝试未成功")},
    {"timeout", N_("操作超时")},
    {"unpaid", N_("未缴费")},
    {"window-finishes", N_("材料已备齐，窗口办结")},
    {"refund-owed", N_("已缴费未办完，续办或退款")},
    {"recovery-failed", N_("自助机重启后未能恢复")},
    {"staff-call-unanswered", N_("呼叫工作人员无应答")},
};

const char *
window_words_reason(const char *reason)
{
  for (guint i = 0; i < G_N_ELEMENTS(staff_reasons); i++)
    if (g_strcmp0(reason, staff_reasons[i].reason) == 0)
      return _(staff_reasons[i].words);
  /* a reason newer than this table: the kiosk's sentence, still words */
  for (int i = 0; i < ANYI_HANDOFF_NUM_REASONS; i++)
    if (g_strcmp0(reason, anyi_handoff_reason_to_string(i)) == 0)
      return anyi_handoff_reason_describe(i);
  return reason;
}

const char *
window_words_detail(AnyiCatalogue *catalogue, const char *detail)
{
  const char *reason = window_words_reason(detail);

  return reason != detail ? reason : window_words_service(catalogue, detail);
}

const char *
window_words_sex(const char *code)
{
  if (g_strcmp0(code, "1") == 0)
    return _("男");
  if (g_strcmp0(code, "2") == 0)
    return _("女");
  return code;
}

const char *
window_words_payment(const char *state)
{
  static const struct {
    const char *state;
    const char *words;
  } states[] = {
      {"pending", N_("待支付")},   {"paid", N_("已缴费")},      {"failed", N_("支付失败")},
      {"cancelled", N_("已取消")}, {"timed-out", N_("已超时")}, {"refunded", N_("已退款")},
  };

  for (guint i = 0; i < G_N_ELEMENTS(states); i++)
    if (g_strcmp0(state, states[i].state) == 0)
      return _(states[i].words);
  return state;
}

const char *
window_words_status(const char *status)
{
  if (g_strcmp0(status, ANYI_LEDGER_STATUS_WAITING) == 0)
    return _("等候认领");
  if (g_strcmp0(status, ANYI_LEDGER_STATUS_CLAIMED) == 0)
    return _("办理中");
  if (g_strcmp0(status, ANYI_LEDGER_STATUS_CLOSED) == 0)
    return _("已结案");
  return status;
}

const char *
window_words_event(const char *what)
{
  static const struct {
    const char *what;
    const char *words;
  } events[] = {
      {"started", N_("开始办理")},
      {"collecting", N_("填写材料")},
      {"reviewing", N_("核对确认")},
      {"submitted", N_("自助机提交")},
      {"accepted-with-missing-materials", N_("容缺受理")},
      {"handed-off", N_("转窗口")},
      {"handoff", N_("转窗口")},
      {"abandoned", N_("中途离开")},
      {"claim", N_("窗口认领")},
      {"note", N_("备注")},
      {"outcome", N_("记录结果")},
      {"received", N_("收到材料")},
  };

  for (guint i = 0; i < G_N_ELEMENTS(events); i++)
    if (g_strcmp0(what, events[i].what) == 0)
      return _(events[i].words);
  return what;
}

const char *
window_words_image(AnyiCatalogue *catalogue, const char *service_id, const char *what)
{
  const AnyiService *service = service_of(catalogue, service_id);
  const AnyiMaterial *material = NULL;

  if (g_strcmp0(what, "photo") == 0)
    return _("证件照");
  if (g_strcmp0(what, "photo-best") == 0)
    return _("证件照（拍摄中最好的一张）");
  if (service && what)
    material = anyi_catalogue_service_material(service, what);
  return material ? material->names.zh : what;
}

const char *
window_words_question(AnyiCatalogue *catalogue, const char *service_id, const char *question_id)
{
  const AnyiService *service = service_of(catalogue, service_id);
  const AnyiQuestion *question =
      service && question_id ? anyi_catalogue_service_question(service, question_id) : NULL;

  return question ? question->question.zh : question_id;
}

static const AnyiFormField *
field_of(AnyiCatalogue *catalogue, const char *service_id, const char *field_id)
{
  const AnyiService *service = service_of(catalogue, service_id);

  for (guint i = 0; service && i < service->n_steps; i++)
    for (guint j = 0; j < service->steps[i].n_fields; j++)
      if (g_strcmp0(service->steps[i].fields[j].id, field_id) == 0)
        return &service->steps[i].fields[j];
  return NULL;
}

const char *
window_words_field(AnyiCatalogue *catalogue, const char *service_id, const char *field_id)
{
  const AnyiFormField *field = field_of(catalogue, service_id, field_id);

  return field ? field->label.zh : field_id;
}

const char *
window_words_choice(AnyiCatalogue *catalogue, const char *service_id, const char *field_id,
                    const char *value)
{
  const AnyiFormField *field = field_of(catalogue, service_id, field_id);

  for (guint i = 0; field && i < field->n_choices; i++)
    if (g_strcmp0(field->choices[i].id, value) == 0)
      return field->choices[i].label.zh;
  return value;
}

/* The Chinese words a title starts with: "受理回执 Receipt" gives 受理回执. */
static char *
leading_words(const char *title)
{
  const char *end = title;

  while (*end && !g_ascii_isalnum(*end) && *end != ' ')
    end = g_utf8_next_char(end);
  return end > title ? g_strndup(title, end - title) : NULL;
}

const char *
window_words_document(const char *template_name)
{
  /* the console's main thread only: one read of each template a run */
  static GHashTable *words;
  const char *known;
  g_autoptr(AnyiPrintTemplate) template = NULL;
  g_autoptr(GError) error = NULL;
  char *found = NULL;

  if (!template_name)
    return NULL;
  if (!words)
    words = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
  if ((known = g_hash_table_lookup(words, template_name)))
    return known;
  template = anyi_print_template_load_named(template_name, &error);
  if (template)
    found = leading_words(anyi_print_template_get_title(template));
  else
    g_message("window: the template %s cannot be read, its id is shown: %s", template_name,
              error->message);
  if (!found)
    found = g_strdup(template_name);
  g_hash_table_insert(words, g_strdup(template_name), found);
  return found;
}

static const char *
print_state_words(const char *state)
{
  static const struct {
    const char *state;
    const char *words;
  } states[] = {
      {"pending", N_("打印中")},  {"owed", N_("待补打")},          {"printed", N_("已打印")},
      {"failed", N_("打印失败")}, {"uncertain", N_("未确认打出")}, {"not-printed", N_("未打印")},
  };

  for (guint i = 0; i < G_N_ELEMENTS(states); i++)
    if (g_strcmp0(state, states[i].state) == 0)
      return _(states[i].words);
  return state;
}

char *
window_words_printed(const char *line)
{
  g_autofree char *template_name = NULL, *role_name = NULL;
  const char *open = strstr(line, " ("), *close = open ? strstr(open, "): ") : NULL;
  AnyiPrinterRole role;

  if (!close)
    return g_strdup(line);
  template_name = g_strndup(line, open - line);
  role_name = g_strndup(open + 2, close - (open + 2));
  return g_strdup_printf(_("%s（%s）：%s"), window_words_document(template_name),
                         anyi_printer_role_from_string(role_name, &role)
                             ? anyi_staff_desk_printer_name(role)
                             : role_name,
                         print_state_words(close + 3));
}
