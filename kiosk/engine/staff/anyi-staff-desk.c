/* SPDX-License-Identifier: GPL-3.0-or-later */
/* anyi-staff-desk.c */
#include "anyi-staff-desk.h"
#include "cases/anyi-case-print.h"

#include <anyi-config.h>
#include <glib/gi18n-lib.h>

/* Paper is recorded in percent of a full roll or tray. */
#define PAPER_FULL 100

struct _AnyiStaffDesk {
  GObject parent_instance;
  AnyiKiosk *kiosk;
};

G_DEFINE_FINAL_TYPE(AnyiStaffDesk, anyi_staff_desk, G_TYPE_OBJECT)

static AnyiStore *
desk_store(AnyiStaffDesk *self)
{
  return anyi_kiosk_get_store(self->kiosk);
}

static void
audit(AnyiStaffDesk *self, const char *actor, const char *action, const char *subject,
      const char *detail)
{
  g_autoptr(GError) error = NULL;

  if (!anyi_store_audit_add(desk_store(self), actor, action, subject, detail, &error))
    g_warning("staff desk: could not audit-log %s by %s: %s", action, actor, error->message);
}

static const char *
consumable_of(AnyiPrinterRole role)
{
  return role == ANYI_PRINTER_ROLE_RECEIPT ? "receipt-paper" : "a4-paper";
}

static const AnyiPrinterStatus *
printer_status(AnyiStaffDesk *self, AnyiPrinterRole role)
{
  AnyiPrinterWatch *watch = anyi_kiosk_get_printer_watch(self->kiosk, role);

  return watch ? anyi_printer_watch_get_status(watch) : NULL;
}

static char *
now_text(void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local();

  return g_date_time_format(now, "%Y-%m-%d %H:%M");
}

/* ---- printers and paper ---- */

const char *
anyi_staff_desk_printer_name(AnyiPrinterRole role)
{
  return role == ANYI_PRINTER_ROLE_RECEIPT ? _("收据打印机") : _("A4打印机");
}

const char *
anyi_staff_desk_printer_state(AnyiStaffDesk *self, AnyiPrinterRole role, gboolean english)
{
  const AnyiPrinterStatus *status = printer_status(self, role);
  const AnyiPrinterFault *fault;

  if (!status)
    return _("正在查询状态……");
  fault = anyi_printer_status_worst_fault(status, role);
  if (fault)
    return english ? fault->text_en : fault->text_zh;
  return anyi_printer_status_usable(status, role) ? _("正常") : _("不能打印");
}

int
anyi_staff_desk_paper_left(AnyiStaffDesk *self, AnyiPrinterRole role)
{
  int level = 0, capacity = 0;

  if (!anyi_store_consumable_get(desk_store(self), consumable_of(role), &level, &capacity, NULL) ||
      capacity <= 0)
    return -1;
  return level * 100 / capacity;
}

gboolean
anyi_staff_desk_restock(AnyiStaffDesk *self, AnyiPrinterRole role, const char *actor,
                        GError **error)
{
  const char *consumable = consumable_of(role);
  g_autoptr(GError) local_error = NULL;

  if (!anyi_store_consumable_set(desk_store(self), consumable, PAPER_FULL, PAPER_FULL, actor,
                                 &local_error)) {
    g_warning("staff desk: could not record the restock of %s: %s", consumable,
              local_error->message);
    g_propagate_error(error, g_steal_pointer(&local_error));
    return FALSE;
  }
  audit(self, actor, "restock", consumable, "full");
  return TRUE;
}

void
anyi_staff_desk_sign_out(AnyiStaffDesk *self, const char *actor, const char *why)
{
  audit(self, actor, "sign-out", NULL, why);
}

/* ---- what the slips say ---- */

static const char *
restock_action(const AnyiPrinterFault *fault)
{
  if (g_str_has_prefix(fault->code, "paper"))
    return _("装入纸张");
  if (g_str_has_prefix(fault->code, "toner"))
    return _("更换墨粉");
  if (fault->recovery == ANYI_RECOVERY_CLEAR)
    return _("按提示处理");
  return _("请技术人员检查");
}

static void
add_restock_item(AnyiStaffDesk *self, JsonArray *items, AnyiPrinterRole role)
{
  const AnyiPrinterStatus *status = printer_status(self, role);
  const AnyiPrinterFault *fault = status ? anyi_printer_status_worst_fault(status, role) : NULL;
  JsonObject *item;

  if (!fault)
    return;
  item = json_object_new();
  json_object_set_string_member(item, "name", anyi_staff_desk_printer_name(role));
  json_object_set_string_member(item, "state", fault->text_zh);
  json_object_set_string_member(item, "action", restock_action(fault));
  json_array_add_object_element(items, item);
}

JsonObject *
anyi_staff_desk_restock_slip_data(AnyiStaffDesk *self, const char *actor)
{
  AnyiSettings *settings = anyi_kiosk_get_settings(self->kiosk);
  JsonObject *data = json_object_new();
  JsonArray *items = json_array_new();
  g_autofree char *time = now_text();

  for (AnyiPrinterRole role = 0; role < ANYI_PRINTER_NUM_ROLES; role++)
    add_restock_item(self, items, role);
  json_object_set_string_member(data, "kiosk_id", settings->kiosk_id);
  json_object_set_string_member(data, "location", settings->hall_name);
  json_object_set_string_member(data, "time", time);
  json_object_set_array_member(data, "items", items);
  json_object_set_string_member(data, "reported_by", actor);
  return data;
}

static JsonArray *
supplies_of(const AnyiPrinterStatus *status)
{
  JsonArray *supplies = json_array_new();

  for (guint i = 0; status && i < status->markers->len; i++) {
    const AnyiPrinterMarker *marker = status->markers->pdata[i];
    JsonObject *supply = json_object_new();

    json_object_set_string_member(supply, "name", marker->name);
    json_object_set_int_member(supply, "level", marker->level);
    json_array_add_object_element(supplies, supply);
  }
  return supplies;
}

JsonObject *
anyi_staff_desk_test_page_data(AnyiStaffDesk *self, AnyiPrinterRole role, gboolean english)
{
  AnyiSettings *settings = anyi_kiosk_get_settings(self->kiosk);
  const AnyiPrinterStatus *status = printer_status(self, role);
  JsonObject *data = json_object_new();
  g_autofree char *time = now_text();

  json_object_set_string_member(data, "queue", anyi_case_print_queue_for_role(settings, role));
  json_object_set_string_member(data, "kiosk_id", settings->kiosk_id);
  json_object_set_string_member(data, "time", time);
  json_object_set_string_member(data, "version", ANYI_VERSION);
  json_object_set_string_member(data, "state", anyi_staff_desk_printer_state(self, role, english));
  json_object_set_string_member(
      data, "reasons", status && status->reasons && *status->reasons ? status->reasons : "none");
  json_object_set_array_member(data, "supplies", supplies_of(status));
  return data;
}

/* ---- printing them ---- */

typedef struct {
  char *actor;         /* who asked: someone else may have signed in by the end */
  char *template_name; /* the audit subject */
} PrintRequest;

static void
print_request_free(PrintRequest *request)
{
  g_free(request->actor);
  g_free(request->template_name);
  g_free(request);
}

static void
on_printed(GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr(GTask) task = data;
  AnyiStaffDesk *self = g_task_get_source_object(task);
  PrintRequest *request = g_task_get_task_data(task);
  g_autoptr(GError) error = NULL;

  if (!anyi_kiosk_print_finish(self->kiosk, result, &error))
    g_warning("staff desk: printing %s failed: %s", request->template_name, error->message);
  audit(self, request->actor, error ? "print-failed" : "printed", request->template_name,
        error ? error->message : NULL);
  if (error)
    g_task_return_error(task, g_steal_pointer(&error));
  else
    g_task_return_boolean(task, TRUE);
}

static void
print_document(AnyiStaffDesk *self, const char *template_name, AnyiPrinterRole role,
               JsonObject *data, const char *actor, GAsyncReadyCallback callback,
               gpointer user_data)
{
  GTask *task = g_task_new(self, NULL, callback, user_data);
  PrintRequest *request = g_new0(PrintRequest, 1);

  request->actor = g_strdup(actor);
  request->template_name = g_strdup(template_name);
  g_task_set_task_data(task, request, (GDestroyNotify)print_request_free);
  audit(self, actor, "print", template_name, anyi_printer_role_to_string(role));
  anyi_kiosk_print_async(self->kiosk, NULL, template_name, role, data, NULL, on_printed, task);
}

void
anyi_staff_desk_print_restock_slip_async(AnyiStaffDesk *self, const char *actor,
                                         GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr(JsonObject) data = anyi_staff_desk_restock_slip_data(self, actor);

  print_document(self, "restock", ANYI_PRINTER_ROLE_RECEIPT, data, actor, callback, user_data);
}

void
anyi_staff_desk_print_test_page_async(AnyiStaffDesk *self, AnyiPrinterRole role, const char *actor,
                                      gboolean english, GAsyncReadyCallback callback,
                                      gpointer user_data)
{
  g_autoptr(JsonObject) data = anyi_staff_desk_test_page_data(self, role, english);
  const char *template_name = role == ANYI_PRINTER_ROLE_RECEIPT ? "test-receipt" : "test-page";

  print_document(self, template_name, role, data, actor, callback, user_data);
}

gboolean
anyi_staff_desk_print_finish(AnyiStaffDesk *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail(g_task_is_valid(result, self), FALSE);
  return g_task_propagate_boolean(G_TASK(result), error);
}

/* ---- life cycle ---- */

AnyiStaffDesk *
anyi_staff_desk_new(AnyiKiosk *kiosk)
{
  AnyiStaffDesk *self = g_object_new(ANYI_TYPE_STAFF_DESK, NULL);

  self->kiosk = g_object_ref(kiosk);
  return self;
}

AnyiKiosk *
anyi_staff_desk_get_kiosk(AnyiStaffDesk *self)
{
  return self->kiosk;
}

static void
anyi_staff_desk_dispose(GObject *object)
{
  AnyiStaffDesk *self = ANYI_STAFF_DESK(object);

  g_clear_object(&self->kiosk);
  G_OBJECT_CLASS(anyi_staff_desk_parent_class)->dispose(object);
}

static void
anyi_staff_desk_class_init(AnyiStaffDeskClass *klass)
{
  G_OBJECT_CLASS(klass)->dispose = anyi_staff_desk_dispose;
}

static void
anyi_staff_desk_init(AnyiStaffDesk *self)
{
}
