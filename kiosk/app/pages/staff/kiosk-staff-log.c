/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kiosk-staff-log.c */
#include "kiosk-staff-log.h"
#include "kiosk-staff-panel-private.h"
#include "log/anyi-log.h"

#include <glib/gi18n-lib.h>

#define LOG_ENTRIES 30

struct _KioskStaffLog {
  GtkBox parent_instance;
  GtkBox *log_list;
};

G_DEFINE_FINAL_TYPE(KioskStaffLog, kiosk_staff_log, GTK_TYPE_BOX)

/* The actions the staff page and the staff module write, in words; others
 * (written by the kiosk itself) keep their code. */
static const char *
action_text(const char *action)
{
  static const struct {
    const char *code;
    const char *text;
  } actions[] = {
      {"sign-in", N_("登录")},          {"sign-in-failed", N_("登录失败")},
      {"sign-in-locked", N_("锁定中")}, {"sign-out", N_("退出")},
      {"restock", N_("补充纸张")},      {"print", N_("打印")},
      {"printed", N_("已打印")},        {"print-failed", N_("打印失败")},
      {"staff-add", N_("添加人员")},    {"staff-disable", N_("停用人员")},
  };

  for (guint i = 0; i < G_N_ELEMENTS(actions); i++)
    if (g_str_equal(action, actions[i].code))
      return _(actions[i].text);
  return action;
}

/* A sign-in's subject is the id of its attempt row (anyi-staff.c): for the
 * chain and the lockout, not for staff to read. */
static const char *
subject_text(const AnyiAuditEntry *entry)
{
  if (!entry->subject || g_str_has_prefix(entry->action, "sign-in"))
    return "";
  return entry->subject;
}

static void
add_log_row(KioskStaffLog *self, const AnyiAuditEntry *entry)
{
  g_autofree char *when = kiosk_staff_time_text(entry->at);
  g_autofree char *line = g_strdup_printf("%s  %s  %s  %s", when, entry->actor,
                                          action_text(entry->action), subject_text(entry));
  g_autofree char *masked = anyi_mask_id_numbers(line);

  gtk_box_append(self->log_list, kiosk_staff_wrapped_label_new(masked, "staff-log-line"));
}

void
kiosk_staff_log_show(KioskStaffLog *self, AnyiStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) entries = NULL;

  g_return_if_fail(KIOSK_IS_STAFF_LOG(self));
  kiosk_staff_log_clear(self);
  entries = anyi_store_audit_list(store, 0, LOG_ENTRIES, &error);
  if (!entries) {
    g_warning("staff page: cannot read the audit log: %s", error->message);
    gtk_box_append(self->log_list,
                   kiosk_staff_wrapped_label_new(_("无法读取，请联系技术人员"), "problem"));
    return;
  }
  /* every attempt is followed by its outcome, which says more */
  for (guint i = 0; i < entries->len; i++)
    if (!g_str_equal(((AnyiAuditEntry *)entries->pdata[i])->action, "sign-in-attempt"))
      add_log_row(self, entries->pdata[i]);
}

void
kiosk_staff_log_clear(KioskStaffLog *self)
{
  g_return_if_fail(KIOSK_IS_STAFF_LOG(self));
  kiosk_staff_clear_rows(GTK_WIDGET(self->log_list));
}

static void
kiosk_staff_log_class_init(KioskStaffLogClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS(klass);

  gtk_widget_class_set_template_from_resource(widget_class,
                                              "/cn/anyi/kiosk/pages/staff/kiosk-staff-log.ui");
  gtk_widget_class_bind_template_child(widget_class, KioskStaffLog, log_list);
}

static void
kiosk_staff_log_init(KioskStaffLog *self)
{
  gtk_widget_init_template(GTK_WIDGET(self));
}
