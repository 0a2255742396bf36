/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kiosk-staff-restock.h: the printers and their paper: each printer's state
 * and supplies, kept up to date while shown; buttons to record a paper
 * refill and to print the restock slip for the supply room.
 * Signals:
 *   "noted" (const char *note)  what came of an action, for the page to
 *                               show; the audit log has grown */
#pragma once

#include "staff/anyi-staff-desk.h"

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define KIOSK_TYPE_STAFF_RESTOCK (kiosk_staff_restock_get_type())
G_DECLARE_FINAL_TYPE(KioskStaffRestock, kiosk_staff_restock, KIOSK, STAFF_RESTOCK, GtkBox)

/* The desk the panel acts through; it follows the desk's kiosk's printers. */
void kiosk_staff_restock_set_desk(KioskStaffRestock *self, AnyiStaffDesk *desk);
/* Lists the printers for @actor, their faults in English when @english. */
void kiosk_staff_restock_show(KioskStaffRestock *self, const char *actor, gboolean english);
/* Empties the list until the next show (no one is signed in). */
void kiosk_staff_restock_clear(KioskStaffRestock *self);

G_END_DECLS
