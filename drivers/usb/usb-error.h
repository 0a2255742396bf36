/* SPDX-License-Identifier: GPL-3.0-or-later */
/* usb-error.h: libusb failures as GErrors. */
#pragma once

#include <gio/gio.h>
#include <libusb.h>

G_BEGIN_DECLS

/* Maps a libusb error to the closest GIOErrorEnum (NO_DEVICE becomes
 * G_IO_ERROR_NOT_CONNECTED, TIMEOUT G_IO_ERROR_TIMED_OUT) with a message
 * "<what>: <libusb's sentence> (<LIBUSB_ERROR name>)". */
void anyi_usb_set_error(GError **error, int libusb_rc, const char *format, ...) G_GNUC_PRINTF(3, 4);

G_END_DECLS
