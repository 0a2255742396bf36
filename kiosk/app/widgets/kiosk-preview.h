/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kiosk-preview.h: painting a camera's frames, and finding a camera picture
 * still waiting for its first (for a screenshot). */
#pragma once

#include "camera/anyi-camera.h"

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Shows @frame in @picture unless one was shown less than ~45 ms ago
 * (*@last_shown_at, monotonic): about 15 pictures a second are a smooth
 * preview, and painting all of a 30 fps camera's would double the main
 * thread's work for nothing a citizen sees (and starve the photo checks on
 * a two-core kiosk). The texture holds the frame's bytes: no copy. TRUE
 * when shown. */
gboolean kiosk_preview_show_frame(GtkPicture *picture, AnyiFrame *frame, gint64 *last_shown_at);

/* A texture over the frame's bytes, no copy: its preview (scaled on the
 * camera thread, in the format the cairo renderer paints without a
 * conversion) when it has one, else the full RGB picture. */
GdkTexture *kiosk_preview_texture_new(AnyiFrame *frame);

/* Asks @camera for previews the size @picture shows, in device pixels,
 * when that differs from what was last asked (*@told_width x
 * *@told_height, updated). Painting a frame 1:1 costs a copy; painting a
 * 1920x1080 one into an 880x495 picture cost the main loop 40-200 ms a
 * frame under the cairo renderer (a format conversion and a filtered
 * downscale of 2 megapixels). */
void kiosk_preview_fit_camera(GtkPicture *picture, AnyiCamera *camera, int *told_width,
                              int *told_height);

/* A camera picture on screen under @root that has no frame yet (its
 * camera has only just started), or NULL. KioskCameraView marks its
 * picture with the style class "camera-picture" (in its .ui). */
GtkPicture *kiosk_preview_find_waiting(GtkWidget *root);

G_END_DECLS
