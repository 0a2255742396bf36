/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kiosk-photo-page.h: "take your photo" (GA 461 ID photo).
 *
 * Live preview from the face camera with a head outline to fit into, a
 * spoken 3-2-1 countdown, the check on a worker thread, then either the
 * standard 358x441 picture to accept or retake, or one short sentence with
 * a picture of what to change. Every failed try is reported with the best
 * picture seen so far, for the window; the page does not count them (the
 * case engine decides when the window takes over). The page starts the
 * camera when shown and stops it when stopped. */
#pragma once

#include "camera/anyi-camera.h"
#include "photo/anyi-id-photo.h"

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define KIOSK_TYPE_PHOTO_PAGE (kiosk_photo_page_get_type())
G_DECLARE_FINAL_TYPE(KioskPhotoPage, kiosk_photo_page, KIOSK, PHOTO_PAGE, GtkBox)

/* Starts the step. @camera (face role) and @checker are not owned and must
 * outlive the step; @prompt is the service's sentence for this step (may be
 * NULL); @english: the check's advice in English (the page's other texts
 * follow the locale). Signals:
 *   "accepted"     (GBytes *jpeg)  the citizen accepted a standard photo
 *   "failed"       (GBytes *best_jpeg_or_NULL, const char *why) a try was
 *                  not usable; the page then shows what to change, unless
 *                  a handler stopped it
 *   "back"         ()  上一步 (only after kiosk_photo_page_set_can_go_back)
 *   "go-to-window" ()              the citizen asked for the window
 *   "say"          (const char *sentence) words to speak (the same as shown) */
void kiosk_photo_page_start(KioskPhotoPage *self, AnyiCamera *camera, AnyiPhotoChecker *checker,
                            const char *prompt, gboolean english);
/* Stops the camera and timers and clears every picture (the session wipe). */
void kiosk_photo_page_stop(KioskPhotoPage *self);
/* What is shown: "preview", "countdown", "checking", "result", "problem",
 * "no-camera". */
const char *kiosk_photo_page_get_step(KioskPhotoPage *self);
/* Each number of the countdown stays @milliseconds (1000 by default); the
 * tests shorten it. */
void kiosk_photo_page_set_countdown_step(KioskPhotoPage *self, guint milliseconds);
/* Camera frames handed to the preview since the page was made (for the
 * bench, which counts how many of them were painted). */
guint kiosk_photo_page_get_frames_shown(KioskPhotoPage *self);

/* After start: 上一步 in the footer, to the step before. Stop forgets it. */
void kiosk_photo_page_set_can_go_back(KioskPhotoPage *self, gboolean can_go_back);

G_END_DECLS
