/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kiosk-staff-log.h: the latest rows of the audit log, newest first, with
 * the actions staff take in words and any ID number masked. */
#pragma once

#include "store/anyi-store.h"

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define KIOSK_TYPE_STAFF_LOG (kiosk_staff_log_get_type())
G_DECLARE_FINAL_TYPE(KioskStaffLog, kiosk_staff_log, KIOSK, STAFF_LOG, GtkBox)

/* Lists the latest audit rows of @store; again after every staff action. */
void kiosk_staff_log_show(KioskStaffLog *self, AnyiStore *store);
/* Empties the list until the next show. */
void kiosk_staff_log_clear(KioskStaffLog *self);

G_END_DECLS
