/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kiosk-staff-log.h: the kiosk's log (cases, handoffs, prints, devices,
 * staff actions, errors), newest first, filtered by day, kind and case
 * number, a page at a time; the actions staff take in words and any ID
 * number masked. The filtered rows can be exported as CSV to a USB stick. */
#pragma once

#include "store/anyi-store.h"

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define KIOSK_TYPE_STAFF_LOG (kiosk_staff_log_get_type())
G_DECLARE_FINAL_TYPE(KioskStaffLog, kiosk_staff_log, KIOSK, STAFF_LOG, GtkBox)

/* Lists the newest page of @store's log under the chosen filter; again
 * after every staff action. */
void kiosk_staff_log_show(KioskStaffLog *self, AnyiStore *store);
/* Lists the newest page again (the filter changed, or a stick came). */
void kiosk_staff_log_reload(KioskStaffLog *self);
/* How many rows are loaded (pages so far), for the tests. */
guint kiosk_staff_log_get_n_loaded(KioskStaffLog *self);
/* Empties the list and resets the filter until the next show. */
void kiosk_staff_log_clear(KioskStaffLog *self);

G_END_DECLS
