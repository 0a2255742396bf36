/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kiosk-a11y.h: what a screen reader is told is on screen. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* GTK 4.8 reports every page of a GtkStack to AT-SPI as visible, so a
 * screen reader would read the pages behind the one shown. This marks the
 * pages that are not shown hidden, now and whenever the stack switches. */
void kiosk_a11y_track_stack(GtkStack *stack);

G_END_DECLS
