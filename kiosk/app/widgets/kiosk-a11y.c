/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kiosk-a11y.c */
#include "kiosk-a11y.h"

static void
sync_pages(GtkStack *stack)
{
  GtkWidget *shown = gtk_stack_get_visible_child(stack);

  for (GtkWidget *page = gtk_widget_get_first_child(GTK_WIDGET(stack)); page;
       page = gtk_widget_get_next_sibling(page))
    gtk_accessible_update_state(GTK_ACCESSIBLE(page), GTK_ACCESSIBLE_STATE_HIDDEN, page != shown,
                                -1);
}

void
kiosk_a11y_track_stack(GtkStack *stack)
{
  g_signal_connect(stack, "notify::visible-child", G_CALLBACK(sync_pages), NULL);
  sync_pages(stack);
}
