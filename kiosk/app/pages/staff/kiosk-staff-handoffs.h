/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kiosk-staff-handoffs.h: the cases handed off to a service window and
 * not yet taken up there: case number, reason and time only, since names
 * and ID numbers stay in the case. */
#pragma once

#include "store/anyi-store.h"

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define KIOSK_TYPE_STAFF_HANDOFFS (kiosk_staff_handoffs_get_type())
G_DECLARE_FINAL_TYPE(KioskStaffHandoffs, kiosk_staff_handoffs, KIOSK, STAFF_HANDOFFS, GtkBox)

/* Lists the open handoffs of @store. */
void kiosk_staff_handoffs_show(KioskStaffHandoffs *self, AnyiStore *store);
/* Empties the list until the next show. */
void kiosk_staff_handoffs_clear(KioskStaffHandoffs *self);

G_END_DECLS
