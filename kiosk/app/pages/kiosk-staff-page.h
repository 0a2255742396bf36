/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kiosk-staff-page.h: staff and technician mode: sign in on the keypad,
 * then the panels: restock paper, open handoffs, the audit log, and for
 * technicians device checks (pages/staff/). */
#pragma once

#include "kiosk/anyi-kiosk.h"

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define KIOSK_TYPE_STAFF_PAGE (kiosk_staff_page_get_type())
G_DECLARE_FINAL_TYPE(KioskStaffPage, kiosk_staff_page, KIOSK, STAFF_PAGE, GtkBox)

/* Shows the sign-in view. The page reads @kiosk's store, printers and
 * devices and acts through its staff desk; printer faults are said in
 * English when @english. */
void kiosk_staff_page_start(KioskStaffPage *self, AnyiKiosk *kiosk, gboolean english);
/* Clears every field and view. */
void kiosk_staff_page_reset(KioskStaffPage *self);
/* Leaving staff mode, @why ("exit", "timeout", ...): the signed-in member's
 * sign-out is audit-logged, then the page is reset. */
void kiosk_staff_page_sign_out(KioskStaffPage *self, const char *why);

/* The staff call this kiosk's citizen waits on (0: none). Signing in
 * answers it ("call-answered", gint64 id), and then 回到市民的办理 emits
 * "resume-citizen": the window takes the citizen back to the case. */
void kiosk_staff_page_set_waiting_call(KioskStaffPage *self, gint64 call_id);

G_END_DECLS
