/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kiosk-staff-handoff-item.c */
#include "kiosk-staff-handoff-item.h"

struct _KioskStaffHandoffItem {
  GObject parent_instance;
  AnyiHandoffListing *listing;
};

G_DEFINE_FINAL_TYPE(KioskStaffHandoffItem, kiosk_staff_handoff_item, G_TYPE_OBJECT)

KioskStaffHandoffItem *
kiosk_staff_handoff_item_new(AnyiHandoffListing *listing)
{
  KioskStaffHandoffItem *self = g_object_new(KIOSK_TYPE_STAFF_HANDOFF_ITEM, NULL);

  self->listing = listing;
  return self;
}

const AnyiHandoffListing *
kiosk_staff_handoff_item_get_listing(KioskStaffHandoffItem *self)
{
  g_return_val_if_fail(KIOSK_IS_STAFF_HANDOFF_ITEM(self), NULL);
  return self->listing;
}

static void
kiosk_staff_handoff_item_finalize(GObject *object)
{
  KioskStaffHandoffItem *self = KIOSK_STAFF_HANDOFF_ITEM(object);

  anyi_handoff_listing_free(self->listing);
  G_OBJECT_CLASS(kiosk_staff_handoff_item_parent_class)->finalize(object);
}

static void
kiosk_staff_handoff_item_class_init(KioskStaffHandoffItemClass *klass)
{
  G_OBJECT_CLASS(klass)->finalize = kiosk_staff_handoff_item_finalize;
}

static void
kiosk_staff_handoff_item_init(KioskStaffHandoffItem *self)
{
}
