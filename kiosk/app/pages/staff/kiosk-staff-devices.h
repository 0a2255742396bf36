/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kiosk-staff-devices.h: for technicians, the state of the card reader,
 * the cameras and speech, and a test of each from the screen: print a test
 * page on each printer, read a card (masked, with the time the read took),
 * each camera's live picture with its mode and frame rate, a spoken
 * sentence; the latest device events, and the support bundle written to a
 * USB stick by `anyictl support-bundle`.
 * Signals:
 *   "noted" (const char *note)  how a test print is going, for the page to
 *                               show; the audit log has grown */
#pragma once

#include "staff/anyi-staff-desk.h"

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define KIOSK_TYPE_STAFF_DEVICES (kiosk_staff_devices_get_type())
G_DECLARE_FINAL_TYPE(KioskStaffDevices, kiosk_staff_devices, KIOSK, STAFF_DEVICES, GtkBox)

/* The desk the panel prints through; the devices are its kiosk's. */
void kiosk_staff_devices_set_desk(KioskStaffDevices *self, AnyiStaffDesk *desk);
/* Lists the devices as they are now, for @actor; test pages say printer
 * faults in English when @english. */
void kiosk_staff_devices_show(KioskStaffDevices *self, const char *actor, gboolean english);
/* Empties the list until the next show (no one is signed in). */
void kiosk_staff_devices_clear(KioskStaffDevices *self);

G_END_DECLS
