/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kiosk-staff-log-item.h: one row of the kiosk's log in the staff page's
 * list model, read in the same query as its page. */
#pragma once

#include "store/anyi-store.h"

#include <glib-object.h>

G_BEGIN_DECLS

#define KIOSK_TYPE_STAFF_LOG_ITEM (kiosk_staff_log_item_get_type())
G_DECLARE_FINAL_TYPE(KioskStaffLogItem, kiosk_staff_log_item, KIOSK, STAFF_LOG_ITEM, GObject)

/* Takes @entry. */
KioskStaffLogItem *kiosk_staff_log_item_new(AnyiLogEntry *entry);
const AnyiLogEntry *kiosk_staff_log_item_get_entry(KioskStaffLogItem *self);

G_END_DECLS
