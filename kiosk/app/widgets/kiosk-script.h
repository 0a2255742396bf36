/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kiosk-script.h: a text's writing system, for the style sheet. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Latin letters are half as wide as Han characters, so an English line
 * holds twice as many of them and wraps where the Chinese does not. A
 * widget showing @text without a Han character gets the CSS class
 * "latin-script" (and loses it otherwise), for sizes of its own in
 * 大字模式. */
void kiosk_mark_script(GtkWidget *widget, const char *text);

/* TRUE when @text holds a Han character (NULL holds none). */
gboolean kiosk_text_has_han(const char *text);

G_END_DECLS
