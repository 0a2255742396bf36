/* SPDX-License-Identifier: GPL-3.0-or-later */
/* usb-error.c: libusb failures as GErrors. */
#include "usb-error.h"

static GIOErrorEnum
io_error_from_libusb(int rc)
{
  switch (rc) {
  case LIBUSB_ERROR_NO_DEVICE:
    return G_IO_ERROR_NOT_CONNECTED;
  case LIBUSB_ERROR_TIMEOUT:
    return G_IO_ERROR_TIMED_OUT;
  case LIBUSB_ERROR_BUSY:
    return G_IO_ERROR_BUSY;
  case LIBUSB_ERROR_ACCESS:
    return G_IO_ERROR_PERMISSION_DENIED;
  case LIBUSB_ERROR_NOT_FOUND:
    return G_IO_ERROR_NOT_FOUND;
  case LIBUSB_ERROR_NOT_SUPPORTED:
    return G_IO_ERROR_NOT_SUPPORTED;
  default:
    return G_IO_ERROR_FAILED;
  }
}

void
anyi_usb_set_error(GError **error, int libusb_rc, const char *format, ...)
{
  va_list args;
  va_start(args, format);
  g_autofree char *what = g_strdup_vprintf(format, args);
  va_end(args);
  g_set_error(error, G_IO_ERROR, io_error_from_libusb(libusb_rc), "%s: %s (%s)", what,
              libusb_strerror(libusb_rc), libusb_error_name(libusb_rc));
}
