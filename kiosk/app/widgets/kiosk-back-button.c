/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kiosk-back-button.c */
#include "kiosk-back-button.h"

void
kiosk_place_back_button(GtkWidget *back_button, GtkWidget *actions_row, GtkWidget *step_column)
{
  GtkWidget *wanted = actions_row ? actions_row : step_column;
  GtkWidget *parent = gtk_widget_get_parent(back_button);

  if (parent == wanted)
    return;
  /* beside, it is as wide as its word: both buttons fit beside the camera */
  if (actions_row)
    gtk_widget_add_css_class(back_button, "beside");
  else
    gtk_widget_remove_css_class(back_button, "beside");
  g_object_ref(back_button);
  gtk_box_remove(GTK_BOX(parent), back_button);
  if (actions_row)
    gtk_box_prepend(GTK_BOX(wanted), back_button);
  else
    gtk_box_append(GTK_BOX(wanted), back_button);
  g_object_unref(back_button);
}
