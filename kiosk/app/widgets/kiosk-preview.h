/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kiosk-preview.h: KioskPreview, one camera frame as a paintable for a
 * camera's picture; painting frames, and finding a camera picture still
 * waiting for its first (for a screenshot). */
#pragma once

#include "camera/anyi-camera.h"

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define KIOSK_TYPE_PREVIEW (kiosk_preview_get_type())
G_DECLARE_FINAL_TYPE(KioskPreview, kiosk_preview, KIOSK, PREVIEW, GObject)

/* A paintable of @frame's preview (made on the camera thread at the
 * picture's size), or of the whole RGB frame when it has none. It holds
 * the frame's bytes and never copies or converts them on the main thread:
 * with @for_cairo (the window paints with GTK's cairo renderer) it paints
 * them as a cairo image, 1:1 when the picture is the preview's size; else
 * as a GdkMemoryTexture over the same bytes, which a GL renderer uploads
 * once. (GTK 4.8's cairo renderer paints a texture through a float
 * conversion of every pixel on the main thread: 5-12 ms a frame for an
 * 880x495 picture on the kiosk's CPU.) Its intrinsic size is the
 * pixels'. */
KioskPreview *kiosk_preview_new(AnyiFrame *frame, gboolean for_cairo);
/* The frame shown (owned by the preview). */
AnyiFrame *kiosk_preview_get_frame(KioskPreview *self);

/* Shows @frame in @picture unless one was shown less than ~45 ms ago
 * (*@last_shown_at, monotonic): about 15 pictures a second are a smooth
 * preview, and painting all of a 30 fps camera's would double the main
 * thread's work for nothing a citizen sees (and starve the photo checks on
 * a two-core kiosk). A frame not shown is dropped, never queued. TRUE
 * when shown. */
gboolean kiosk_preview_show_frame(GtkPicture *picture, AnyiFrame *frame, gint64 *last_shown_at);

/* Asks @camera for previews the size @picture shows, in device pixels,
 * when that differs from what was last asked (*@told_width x
 * *@told_height, updated). Painting a 1920x1080 frame into an 880x495
 * picture cost the main loop 40-200 ms a frame under the cairo renderer
 * (a format conversion and a filtered downscale of 2 megapixels). */
void kiosk_preview_fit_camera(GtkPicture *picture, AnyiCamera *camera, int *told_width,
                              int *told_height);

/* A camera picture on screen under @root that has no frame yet (its
 * camera has only just started), or NULL. KioskCameraView marks its
 * picture with the style class "camera-picture" (in its .ui). */
GtkPicture *kiosk_preview_find_waiting(GtkWidget *root);

G_END_DECLS
