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

/* Lists the open handoffs of @store, newest first, a page at a time: a
 * list view over a paged query (anyi_store_handoffs_open_page), so that
 * tens of thousands open at once. The next page comes at the end of the
 * scroll or from "显示更早的业务". @store must outlive the next clear. */
void kiosk_staff_handoffs_show(KioskStaffHandoffs *self, AnyiStore *store);
/* How many handoffs the list holds now (pages loaded so far). */
guint kiosk_staff_handoffs_get_n_loaded(KioskStaffHandoffs *self);
/* Empties the list until the next show. */
void kiosk_staff_handoffs_clear(KioskStaffHandoffs *self);

G_END_DECLS
