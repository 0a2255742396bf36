/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kiosk-staff-usb.h: the USB stick a technician plugged in, where the staff
 * page writes exports and the support bundle. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The folder of a writable stick mounted under /media or /run/media (the
 * desktop's automounter, or udisksctl), or the folder $ANYI_USB_STICK_DIR
 * names (tests; set to a missing folder, no stick); NULL when none. */
G_GNUC_INTERNAL char *kiosk_staff_usb_stick_find(void);
/* "@prefix-YYYYMMDD-HHMM.@suffix" in the stick's folder @dir, local time. */
G_GNUC_INTERNAL char *kiosk_staff_usb_file_name(const char *dir, const char *prefix,
                                                const char *suffix);

G_END_DECLS
