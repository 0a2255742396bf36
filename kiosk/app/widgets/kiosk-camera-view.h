/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kiosk-camera-view.h: a camera's live picture, with a guide drawn over it
 * for the citizen to fit into (a head outline, a sheet of paper).
 *
 * The view starts and stops its camera and paints about 15 of its frames
 * a second while it is visible. It asks the camera for each frame's
 * preview at the picture's own size (made on the camera thread), and
 * shows it as a KioskPreview, so a paint copies those pixels 1:1 and
 * converts nothing; the photo checks read the whole frame. A frame that
 * comes while the main loop is behind replaces the one waiting, so the
 * preview never plays a backlog. When the camera is lost (it sent nothing
 * within a few seconds of the start, or it was unplugged) the view empties
 * its picture, so no frame of the citizen stays behind, and says so; the
 * page decides what the citizen sees instead. */
#pragma once

#include "camera/anyi-camera.h"

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Traces the guide's path in the camera frame's pixels, and sets its line
 * cap if open lines need one; the view strokes the path where the frame is
 * shown, at the frame's scale. */
typedef void (*KioskCameraGuide)(cairo_t *cr, double frame_width, double frame_height);

#define KIOSK_TYPE_CAMERA_VIEW (kiosk_camera_view_get_type())
G_DECLARE_FINAL_TYPE(KioskCameraView, kiosk_camera_view, KIOSK, CAMERA_VIEW, GtkWidget)

/* Starts @camera (not owned; it must outlive the view's use of it) and
 * shows its frames. Signals:
 *   "camera-lost"  ()  no frame within the grace time after the start, or
 *                      the camera was unplugged: the picture is now empty
 *   "camera-ready" ()  the camera streams (again)
 * Property "alternative-text": what a screen reader says the picture is. */
void kiosk_camera_view_start(KioskCameraView *self, AnyiCamera *camera);
/* Stops the camera (it joins the camera's thread) and empties the picture. */
void kiosk_camera_view_stop(KioskCameraView *self);
gboolean kiosk_camera_view_is_streaming(KioskCameraView *self);
/* The camera's latest frame while it streams, else NULL. */
AnyiFrame *kiosk_camera_view_get_latest_frame(KioskCameraView *self);
/* The guide drawn over the picture; NULL for none (the default). */
void kiosk_camera_view_set_guide(KioskCameraView *self, KioskCameraGuide guide);
/* Frames painted into the picture since the view was made (for the bench). */
guint kiosk_camera_view_get_frames_shown(KioskCameraView *self);

G_END_DECLS
