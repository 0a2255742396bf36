/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kiosk-attract-page.c */
#include "kiosk-attract-page.h"
#include "kiosk-script.h"

struct _KioskAttractPage {
  GtkBox parent_instance;
  GtkLabel *title;
  GtkLabel *notice;
  GtkButton *start_button;
};

G_DEFINE_FINAL_TYPE(KioskAttractPage, kiosk_attract_page, GTK_TYPE_BOX)

enum { SIGNAL_START, N_SIGNALS };
static guint signals[N_SIGNALS];

static void
on_start_clicked(KioskAttractPage *self)
{
  g_signal_emit(self, signals[SIGNAL_START], 0);
}

void
kiosk_attract_page_set_notice(KioskAttractPage *self, const char *notice)
{
  gtk_label_set_text(self->notice, notice ? notice : "");
  gtk_widget_set_visible(GTK_WIDGET(self->notice), notice != NULL);
}

static void
kiosk_attract_page_class_init(KioskAttractPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS(klass);

  gtk_widget_class_set_template_from_resource(widget_class,
                                              "/cn/anyi/kiosk/pages/kiosk-attract-page.ui");
  gtk_widget_class_bind_template_child(widget_class, KioskAttractPage, title);
  gtk_widget_class_bind_template_child(widget_class, KioskAttractPage, notice);
  gtk_widget_class_bind_template_child(widget_class, KioskAttractPage, start_button);
  gtk_widget_class_bind_template_callback(widget_class, on_start_clicked);
  signals[SIGNAL_START] = g_signal_new("start", G_TYPE_FROM_CLASS(klass), G_SIGNAL_RUN_LAST, 0,
                                       NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
kiosk_attract_page_init(KioskAttractPage *self)
{
  gtk_widget_init_template(GTK_WIDGET(self));
  /* the English title takes a size of its own in 大字模式 (CSS) */
  kiosk_mark_script(GTK_WIDGET(self->title), gtk_label_get_label(self->title));
}
