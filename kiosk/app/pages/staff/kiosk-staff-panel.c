/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kiosk-staff-panel.c */
#include "kiosk-staff-panel-private.h"

#include <glib/gi18n-lib.h>

GtkWidget *
kiosk_staff_label_new(const char *text, const char *css_class)
{
  GtkWidget *label = gtk_label_new(text);

  gtk_label_set_xalign(GTK_LABEL(label), 0);
  if (css_class)
    gtk_widget_add_css_class(label, css_class);
  return label;
}

/* A wrapping label asks for a sensible minimum width: at one character a
 * line it would make the window as tall as its text is long. */
GtkWidget *
kiosk_staff_wrapped_label_new(const char *text, const char *css_class)
{
  GtkWidget *label = kiosk_staff_label_new(text, css_class);

  gtk_label_set_wrap(GTK_LABEL(label), TRUE);
  gtk_label_set_wrap_mode(GTK_LABEL(label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_width_chars(GTK_LABEL(label), 16);
  return label;
}

void
kiosk_staff_clear_rows(GtkWidget *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child(list)))
    gtk_widget_unparent(child);
}

char *
kiosk_staff_time_text(gint64 unix_seconds)
{
  g_autoptr(GDateTime) at = g_date_time_new_from_unix_local(unix_seconds);

  return at ? g_date_time_format(at, "%m-%d %H:%M") : g_strdup("?");
}

const char *
kiosk_staff_print_outcome(AnyiStaffDesk *desk, GAsyncResult *result)
{
  if (anyi_staff_desk_print_finish(desk, result, NULL))
    return _("已打印");
  return _("打印失败，请查看打印机状态");
}
