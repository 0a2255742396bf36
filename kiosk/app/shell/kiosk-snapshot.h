/* kiosk-snapshot.h: PNG pictures of what the screen shows, rendered in process. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

gboolean kiosk_snapshot_save(GtkWidget *widget, const char *path, GError **error);
/* Saves @widget to @path once the next frame has been painted. */
void kiosk_snapshot_after_next_frame(GtkWidget *widget, const char *path);

G_END_DECLS
