/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kiosk-finish-page.h: how a visit ends: printing, done, or "go to window N". */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define KIOSK_TYPE_FINISH_PAGE (kiosk_finish_page_get_type())
G_DECLARE_FINAL_TYPE(KioskFinishPage, kiosk_finish_page, KIOSK, FINISH_PAGE, GtkBox)

void kiosk_finish_page_show_printing(KioskFinishPage *self);
void kiosk_finish_page_show_done(KioskFinishPage *self, const char *case_number,
                                 gboolean receipt_printed);
/* Done, but the receipt did not print: the case number as a QR code to
 * photograph, so the receipt can be had at a window. Nothing is lost. */
void kiosk_finish_page_show_done_unprinted(KioskFinishPage *self, const char *case_number);
/* The case went to a window; @slip_printed says whether a slip came out. */
void kiosk_finish_page_show_handoff(KioskFinishPage *self, const char *window, const char *reason,
                                    const char *case_number, gboolean slip_printed);
/* Help asked before any case began: where to find staff, with no case
 * number and no QR code, since there is nothing to look up. */
void kiosk_finish_page_show_help(KioskFinishPage *self, const char *window);
void kiosk_finish_page_reset(KioskFinishPage *self);

G_END_DECLS
