/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kiosk-staff-log-item.c */
#include "kiosk-staff-log-item.h"

struct _KioskStaffLogItem {
  GObject parent_instance;
  AnyiLogEntry *entry;
};

G_DEFINE_FINAL_TYPE(KioskStaffLogItem, kiosk_staff_log_item, G_TYPE_OBJECT)

KioskStaffLogItem *
kiosk_staff_log_item_new(AnyiLogEntry *entry)
{
  KioskStaffLogItem *self = g_object_new(KIOSK_TYPE_STAFF_LOG_ITEM, NULL);

  self->entry = entry;
  return self;
}

const AnyiLogEntry *
kiosk_staff_log_item_get_entry(KioskStaffLogItem *self)
{
  g_return_val_if_fail(KIOSK_IS_STAFF_LOG_ITEM(self), NULL);
  return self->entry;
}

static void
kiosk_staff_log_item_finalize(GObject *object)
{
  KioskStaffLogItem *self = KIOSK_STAFF_LOG_ITEM(object);

  anyi_log_entry_free(self->entry);
  G_OBJECT_CLASS(kiosk_staff_log_item_parent_class)->finalize(object);
}

static void
kiosk_staff_log_item_class_init(KioskStaffLogItemClass *klass)
{
  G_OBJECT_CLASS(klass)->finalize = kiosk_staff_log_item_finalize;
}

static void
kiosk_staff_log_item_init(KioskStaffLogItem *self)
{
}
