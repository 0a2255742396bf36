/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kiosk-snapshot.h: PNG pictures of what the screen shows, rendered in process. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

gboolean kiosk_snapshot_save(GtkWidget *widget, const char *path, GError **error);
/* Saves @widget to @path once the next frame has been painted and the
 * camera pictures it shows (photo, document pages) have their first frame. */
void kiosk_snapshot_after_next_frame(GtkWidget *widget, const char *path);
/* Saves now, as @widget shows it, what is still waiting for a camera
 * picture: called before the window leaves a page. */
void kiosk_snapshot_take_waiting(GtkWidget *widget);

G_END_DECLS
