/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kiosk-preview.h: painting a camera's frames, and finding a camera picture
 * still waiting for its first (for a screenshot). */
#pragma once

#include "camera/anyi-frame.h"

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Shows @frame in @picture unless one was shown less than ~45 ms ago
 * (*@last_shown_at, monotonic): about 15 pictures a second are a smooth
 * preview, and painting all of a 30 fps camera's would double the main
 * thread's work for nothing a citizen sees (and starve the photo checks on
 * a two-core kiosk). The texture holds the frame's bytes: no copy. TRUE
 * when shown. */
gboolean kiosk_preview_show_frame(GtkPicture *picture, AnyiFrame *frame, gint64 *last_shown_at);

/* A camera picture on screen under @root that has no frame yet (its
 * camera has only just started), or NULL. KioskCameraView marks its
 * picture with the style class "camera-picture" (in its .ui). */
GtkPicture *kiosk_preview_find_waiting(GtkWidget *root);

G_END_DECLS
