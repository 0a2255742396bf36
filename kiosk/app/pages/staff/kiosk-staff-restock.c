/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kiosk-staff-restock.c */
#include "kiosk-staff-restock.h"
#include "kiosk-staff-panel-private.h"

#include <glib/gi18n-lib.h>

struct _KioskStaffRestock {
  GtkBox parent_instance;
  GtkBox *printer_list;

  AnyiStaffDesk *desk;
  char *actor; /* NULL while no one is signed in */
  gboolean english;
};

G_DEFINE_FINAL_TYPE(KioskStaffRestock, kiosk_staff_restock, GTK_TYPE_BOX)

enum { SIGNAL_NOTED, N_SIGNALS };
static guint signals[N_SIGNALS];

static void
note(KioskStaffRestock *self, const char *text)
{
  g_signal_emit(self, signals[SIGNAL_NOTED], 0, text);
}

static char *
marker_levels(const AnyiPrinterStatus *status)
{
  g_autoptr(GString) levels = g_string_new(NULL);

  for (guint i = 0; status && i < status->markers->len; i++) {
    const AnyiPrinterMarker *marker = status->markers->pdata[i];

    if (marker->level >= 0)
      g_string_append_printf(levels, "%s%s %d%%", levels->len ? "，" : "", marker->name,
                             marker->level);
  }
  return g_string_free(g_steal_pointer(&levels), FALSE);
}

static char *
paper_level_text(KioskStaffRestock *self, AnyiPrinterRole role)
{
  int left = anyi_staff_desk_paper_left(self->desk, role);

  if (left < 0)
    return g_strdup(_("纸张余量：未记录"));
  return g_strdup_printf(_("纸张余量：%d%%"), left);
}

static void
add_printer_row(KioskStaffRestock *self, AnyiPrinterRole role)
{
  AnyiKiosk *kiosk = anyi_staff_desk_get_kiosk(self->desk);
  AnyiPrinterWatch *watch = anyi_kiosk_get_printer_watch(kiosk, role);
  const AnyiPrinterStatus *status = watch ? anyi_printer_watch_get_status(watch) : NULL;
  GtkWidget *row = gtk_box_new(GTK_ORIENTATION_VERTICAL, 4);
  g_autofree char *levels = marker_levels(status);
  g_autofree char *paper = paper_level_text(self, role);
  g_autofree char *supplies = *levels ? g_strdup_printf("%s　%s", paper, levels) : g_strdup(paper);
  GtkWidget *state = kiosk_staff_wrapped_label_new(
      anyi_staff_desk_printer_state(self->desk, role, self->english), "staff-state");

  if (status && !anyi_printer_status_usable(status, role))
    gtk_widget_add_css_class(state, "staff-fault");
  gtk_widget_add_css_class(row, "staff-row");
  gtk_box_append(GTK_BOX(row),
                 kiosk_staff_label_new(anyi_staff_desk_printer_name(role), "staff-row-title"));
  gtk_box_append(GTK_BOX(row), state);
  gtk_box_append(GTK_BOX(row), kiosk_staff_wrapped_label_new(supplies, "hint"));
  gtk_box_append(self->printer_list, row);
}

static void
refresh_printers(KioskStaffRestock *self)
{
  kiosk_staff_clear_rows(GTK_WIDGET(self->printer_list));
  for (AnyiPrinterRole role = 0; role < ANYI_PRINTER_NUM_ROLES; role++)
    add_printer_row(self, role);
}

static void
restock(KioskStaffRestock *self, AnyiPrinterRole role, const char *done)
{
  if (!anyi_staff_desk_restock(self->desk, role, self->actor, NULL)) {
    note(self, _("没能记录，请再按一次或联系技术人员"));
    return;
  }
  note(self, done);
  refresh_printers(self);
}

static void
on_receipt_restocked(KioskStaffRestock *self)
{
  restock(self, ANYI_PRINTER_ROLE_RECEIPT, _("已记录：收据纸已更换"));
}

static void
on_a4_restocked(KioskStaffRestock *self)
{
  restock(self, ANYI_PRINTER_ROLE_A4, _("已记录：A4纸已补充"));
}

static void
on_printed(GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr(KioskStaffRestock) self = data;

  note(self, kiosk_staff_print_outcome(ANYI_STAFF_DESK(source), result));
}

static void
on_print_restock_clicked(KioskStaffRestock *self)
{
  anyi_staff_desk_print_restock_slip_async(self->desk, self->actor, on_printed, g_object_ref(self));
  note(self, _("正在打印……"));
}

static void
on_printer_changed(KioskStaffRestock *self)
{
  if (self->actor)
    refresh_printers(self);
}

void
kiosk_staff_restock_set_desk(KioskStaffRestock *self, AnyiStaffDesk *desk)
{
  AnyiKiosk *kiosk = anyi_staff_desk_get_kiosk(desk);

  g_return_if_fail(KIOSK_IS_STAFF_RESTOCK(self));
  g_set_object(&self->desk, desk);
  for (AnyiPrinterRole role = 0; role < ANYI_PRINTER_NUM_ROLES; role++) {
    AnyiPrinterWatch *watch = anyi_kiosk_get_printer_watch(kiosk, role);

    if (watch)
      g_signal_connect_object(watch, "changed", G_CALLBACK(on_printer_changed), self,
                              G_CONNECT_SWAPPED);
  }
}

void
kiosk_staff_restock_show(KioskStaffRestock *self, const char *actor, gboolean english)
{
  g_return_if_fail(KIOSK_IS_STAFF_RESTOCK(self));
  g_free(self->actor);
  self->actor = g_strdup(actor);
  self->english = english;
  refresh_printers(self);
}

void
kiosk_staff_restock_clear(KioskStaffRestock *self)
{
  g_return_if_fail(KIOSK_IS_STAFF_RESTOCK(self));
  g_clear_pointer(&self->actor, g_free);
  kiosk_staff_clear_rows(GTK_WIDGET(self->printer_list));
}

static void
kiosk_staff_restock_dispose(GObject *object)
{
  KioskStaffRestock *self = KIOSK_STAFF_RESTOCK(object);

  g_clear_object(&self->desk);
  g_clear_pointer(&self->actor, g_free);
  G_OBJECT_CLASS(kiosk_staff_restock_parent_class)->dispose(object);
}

static void
kiosk_staff_restock_class_init(KioskStaffRestockClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS(klass);

  G_OBJECT_CLASS(klass)->dispose = kiosk_staff_restock_dispose;
  gtk_widget_class_set_template_from_resource(widget_class,
                                              "/cn/anyi/kiosk/pages/staff/kiosk-staff-restock.ui");
  gtk_widget_class_bind_template_child(widget_class, KioskStaffRestock, printer_list);
  gtk_widget_class_bind_template_callback(widget_class, on_receipt_restocked);
  gtk_widget_class_bind_template_callback(widget_class, on_a4_restocked);
  gtk_widget_class_bind_template_callback(widget_class, on_print_restock_clicked);
  signals[SIGNAL_NOTED] = g_signal_new("noted", G_TYPE_FROM_CLASS(klass), G_SIGNAL_RUN_LAST, 0,
                                       NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
kiosk_staff_restock_init(KioskStaffRestock *self)
{
  gtk_widget_init_template(GTK_WIDGET(self));
}
