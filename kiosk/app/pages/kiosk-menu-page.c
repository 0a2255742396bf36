/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kiosk-menu-page.c */
#include "kiosk-menu-page.h"

#include <glib/gi18n-lib.h>

struct _KioskMenuPage {
  GtkBox parent_instance;
  GtkFlowBox *tiles;
  GtkScrolledWindow *scroller;
};

G_DEFINE_FINAL_TYPE(KioskMenuPage, kiosk_menu_page, GTK_TYPE_BOX)

enum { SIGNAL_SERVICE_CHOSEN, N_SIGNALS };
static guint signals[N_SIGNALS];

static void
on_tile_clicked(GtkButton *tile, KioskMenuPage *self)
{
  const char *service_id = g_object_get_data(G_OBJECT(tile), "service-id");

  g_signal_emit(self, signals[SIGNAL_SERVICE_CHOSEN], 0, service_id);
}

static GtkWidget *
label_with_class(const char *text, const char *css_class)
{
  GtkWidget *label = gtk_label_new(text);

  gtk_label_set_wrap(GTK_LABEL(label), TRUE);
  gtk_label_set_justify(GTK_LABEL(label), GTK_JUSTIFY_CENTER);
  gtk_widget_add_css_class(label, css_class);
  return label;
}

void
kiosk_menu_page_add_service(KioskMenuPage *self, const char *service_id, const char *name,
                            const char *summary, const char *unavailable)
{
  GtkWidget *tile = gtk_button_new();
  GtkWidget *box = gtk_box_new(GTK_ORIENTATION_VERTICAL, 12);

  gtk_box_append(GTK_BOX(box), label_with_class(name, "tile-title"));
  if (summary && *summary)
    gtk_box_append(GTK_BOX(box), label_with_class(summary, "tile-summary"));
  if (unavailable)
    gtk_box_append(GTK_BOX(box), label_with_class(unavailable, "tile-unavailable"));
  gtk_button_set_child(GTK_BUTTON(tile), box);
  gtk_widget_add_css_class(tile, "tile");
  gtk_widget_set_sensitive(tile, unavailable == NULL);
  gtk_widget_set_name(tile, service_id);
  /* A screen reader names the tile by the service, as the eye does. */
  gtk_accessible_update_property(GTK_ACCESSIBLE(tile), GTK_ACCESSIBLE_PROPERTY_LABEL, name,
                                 GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, summary ? summary : "", -1);
  g_object_set_data_full(G_OBJECT(tile), "service-id", g_strdup(service_id), g_free);
  g_signal_connect(tile, "clicked", G_CALLBACK(on_tile_clicked), self);
  gtk_flow_box_append(self->tiles, tile);
}

void
kiosk_menu_page_clear(KioskMenuPage *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child(GTK_WIDGET(self->tiles))))
    gtk_flow_box_remove(self->tiles, child);
}

/* Every citizen meets the menu at its top, not where the last one left
 * it (with the ID card services out of sight). */
static void
kiosk_menu_page_map(GtkWidget *widget)
{
  KioskMenuPage *self = KIOSK_MENU_PAGE(widget);
  GtkAdjustment *vertical = gtk_scrolled_window_get_vadjustment(self->scroller);

  gtk_adjustment_set_value(vertical, gtk_adjustment_get_lower(vertical));
  GTK_WIDGET_CLASS(kiosk_menu_page_parent_class)->map(widget);
}

static void
kiosk_menu_page_class_init(KioskMenuPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS(klass);

  widget_class->map = kiosk_menu_page_map;
  gtk_widget_class_set_template_from_resource(widget_class,
                                              "/cn/anyi/kiosk/pages/kiosk-menu-page.ui");
  gtk_widget_class_bind_template_child(widget_class, KioskMenuPage, tiles);
  gtk_widget_class_bind_template_child(widget_class, KioskMenuPage, scroller);
  signals[SIGNAL_SERVICE_CHOSEN] =
      g_signal_new("service-chosen", G_TYPE_FROM_CLASS(klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                   NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
kiosk_menu_page_init(KioskMenuPage *self)
{
  gtk_widget_init_template(GTK_WIDGET(self));
}
