/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kiosk-staff-handoff-item.h: one open handoff in the staff page's list
 * model: what its row shows, read in the same query as its page. */
#pragma once

#include "store/anyi-store.h"

#include <glib-object.h>

G_BEGIN_DECLS

#define KIOSK_TYPE_STAFF_HANDOFF_ITEM (kiosk_staff_handoff_item_get_type())
G_DECLARE_FINAL_TYPE(KioskStaffHandoffItem, kiosk_staff_handoff_item, KIOSK, STAFF_HANDOFF_ITEM,
                     GObject)

/* Takes @listing. */
KioskStaffHandoffItem *kiosk_staff_handoff_item_new(AnyiHandoffListing *listing);
const AnyiHandoffListing *kiosk_staff_handoff_item_get_listing(KioskStaffHandoffItem *self);

G_END_DECLS
