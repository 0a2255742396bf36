/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kiosk-staff-handoffs.c */
#include "kiosk-staff-handoffs.h"
#include "cases/anyi-case.h"
#include "kiosk-staff-panel-private.h"

#include <glib/gi18n-lib.h>

struct _KioskStaffHandoffs {
  GtkBox parent_instance;
  GtkBox *handoff_list;
};

G_DEFINE_FINAL_TYPE(KioskStaffHandoffs, kiosk_staff_handoffs, GTK_TYPE_BOX)

static const char *
handoff_reason_text(const char *stored)
{
  for (int reason = 0; reason < ANYI_HANDOFF_NUM_REASONS; reason++)
    if (g_strcmp0(stored, anyi_handoff_reason_to_string(reason)) == 0)
      return anyi_handoff_reason_describe(reason);
  return stored;
}

static void
add_handoff_row(KioskStaffHandoffs *self, AnyiStore *store, const AnyiStoredHandoff *handoff)
{
  g_autoptr(AnyiStoredCase) stored = anyi_store_case_get(store, handoff->case_id, NULL);
  g_autofree char *when = kiosk_staff_time_text(handoff->created_at);
  GtkWidget *row = gtk_box_new(GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *top = gtk_box_new(GTK_ORIENTATION_HORIZONTAL, 24);

  gtk_widget_add_css_class(row, "staff-row");
  gtk_box_append(GTK_BOX(top),
                 kiosk_staff_label_new(stored ? stored->number : "?", "staff-row-title"));
  gtk_box_append(GTK_BOX(top), kiosk_staff_label_new(when, "hint"));
  gtk_box_append(GTK_BOX(row), top);
  gtk_box_append(GTK_BOX(row),
                 kiosk_staff_wrapped_label_new(handoff_reason_text(handoff->reason), NULL));
  gtk_box_append(self->handoff_list, row);
}

void
kiosk_staff_handoffs_show(KioskStaffHandoffs *self, AnyiStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) handoffs = NULL;

  g_return_if_fail(KIOSK_IS_STAFF_HANDOFFS(self));
  kiosk_staff_handoffs_clear(self);
  handoffs = anyi_store_handoffs_open(store, &error);
  if (!handoffs) {
    g_warning("staff page: cannot list open handoffs: %s", error->message);
    gtk_box_append(self->handoff_list,
                   kiosk_staff_wrapped_label_new(_("无法读取，请联系技术人员"), "problem"));
    return;
  }
  if (handoffs->len == 0)
    gtk_box_append(self->handoff_list, kiosk_staff_label_new(_("没有待处理的业务"), "hint"));
  for (guint i = 0; i < handoffs->len; i++)
    add_handoff_row(self, store, handoffs->pdata[i]);
}

void
kiosk_staff_handoffs_clear(KioskStaffHandoffs *self)
{
  g_return_if_fail(KIOSK_IS_STAFF_HANDOFFS(self));
  kiosk_staff_clear_rows(GTK_WIDGET(self->handoff_list));
}

static void
kiosk_staff_handoffs_class_init(KioskStaffHandoffsClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS(klass);

  gtk_widget_class_set_template_from_resource(widget_class,
                                              "/cn/anyi/kiosk/pages/staff/kiosk-staff-handoffs.ui");
  gtk_widget_class_bind_template_child(widget_class, KioskStaffHandoffs, handoff_list);
}

static void
kiosk_staff_handoffs_init(KioskStaffHandoffs *self)
{
  gtk_widget_init_template(GTK_WIDGET(self));
}
