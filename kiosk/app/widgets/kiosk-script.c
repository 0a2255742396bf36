/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kiosk-script.c */
#include "kiosk-script.h"

gboolean
kiosk_text_has_han(const char *text)
{
  for (const char *p = text; p && *p; p = g_utf8_next_char(p))
    if (g_unichar_get_script(g_utf8_get_char(p)) == G_UNICODE_SCRIPT_HAN)
      return TRUE;
  return FALSE;
}

void
kiosk_mark_script(GtkWidget *widget, const char *text)
{
  g_return_if_fail(GTK_IS_WIDGET(widget));
  if (kiosk_text_has_han(text))
    gtk_widget_remove_css_class(widget, "latin-script");
  else
    gtk_widget_add_css_class(widget, "latin-script");
}
