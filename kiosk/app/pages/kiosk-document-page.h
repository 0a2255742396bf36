/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kiosk-document-page.h: "show your document" (高拍仪).
 *
 * Live preview from the document camera, a big "capture" button, then the
 * straightened, cropped page to keep or retake. A material the citizen may
 * bring later (容缺) can be skipped. The page starts the camera when shown
 * and stops it when stopped. */
#pragma once

#include "camera/anyi-camera.h"
#include "photo/anyi-document.h"

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define KIOSK_TYPE_DOCUMENT_PAGE (kiosk_document_page_get_type())
G_DECLARE_FINAL_TYPE(KioskDocumentPage, kiosk_document_page, KIOSK, DOCUMENT_PAGE, GtkBox)

/* Starts the step for the material named @material_name (in the interface
 * language). @camera (document role) is not owned. Signals:
 *   "captured"     (GBytes *jpeg, const char *codes_or_NULL) the citizen
 *                  kept the page; codes: what zbar read, one per line
 *   "skipped"      ()  the citizen does not have it with them (only when
 *                  @may_skip)
 *   "back"         ()  上一步 (only after kiosk_document_page_set_can_go_back)
 *   "go-to-window" ()  no camera, or the citizen asked for the window
 *   "say"          (const char *sentence) */
void kiosk_document_page_start(KioskDocumentPage *self, AnyiCamera *camera,
                               const char *material_name, const char *prompt, gboolean may_skip);
void kiosk_document_page_stop(KioskDocumentPage *self);
/* "preview", "processing", "result", "no-camera". */
const char *kiosk_document_page_get_step(KioskDocumentPage *self);

/* After start: 上一步 in the footer, to the step before. Stop forgets it. */
void kiosk_document_page_set_can_go_back(KioskDocumentPage *self, gboolean can_go_back);

G_END_DECLS
