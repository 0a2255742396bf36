/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kiosk-spinner.c
 *
 * GTK 4.8's GtkSpinner keeps its CSS animation ticking while it spins,
 * mapped or not: five spinners on hidden pages (card, photo, document,
 * payment, finish) kept the frame clock relaying out and repainting the
 * attract screen about 60 times a second, hundreds of X requests a second
 * at rest. This one spins while mapped only. */
#include "kiosk-spinner.h"

struct _KioskSpinner {
  GtkWidget parent_instance;
  GtkWidget *spinner;
};

G_DEFINE_FINAL_TYPE(KioskSpinner, kiosk_spinner, GTK_TYPE_WIDGET)

static void
kiosk_spinner_map(GtkWidget *widget)
{
  KioskSpinner *self = KIOSK_SPINNER(widget);

  GTK_WIDGET_CLASS(kiosk_spinner_parent_class)->map(widget);
  gtk_spinner_start(GTK_SPINNER(self->spinner));
}

static void
kiosk_spinner_unmap(GtkWidget *widget)
{
  KioskSpinner *self = KIOSK_SPINNER(widget);

  gtk_spinner_stop(GTK_SPINNER(self->spinner));
  GTK_WIDGET_CLASS(kiosk_spinner_parent_class)->unmap(widget);
}

static void
kiosk_spinner_dispose(GObject *object)
{
  KioskSpinner *self = KIOSK_SPINNER(object);

  g_clear_pointer(&self->spinner, gtk_widget_unparent);
  G_OBJECT_CLASS(kiosk_spinner_parent_class)->dispose(object);
}

static void
kiosk_spinner_class_init(KioskSpinnerClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS(klass);

  G_OBJECT_CLASS(klass)->dispose = kiosk_spinner_dispose;
  widget_class->map = kiosk_spinner_map;
  widget_class->unmap = kiosk_spinner_unmap;
  gtk_widget_class_set_layout_manager_type(widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
kiosk_spinner_init(KioskSpinner *self)
{
  self->spinner = gtk_spinner_new();
  gtk_widget_set_hexpand(self->spinner, TRUE);
  gtk_widget_set_vexpand(self->spinner, TRUE);
  gtk_widget_set_parent(self->spinner, GTK_WIDGET(self));
}
