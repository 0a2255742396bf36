/* SPDX-License-Identifier: GPL-3.0-or-later */
/* usb-serial.h: USB-serial bridges driven straight through libusb.
 *
 * Readers, scanners and printers with an RS-232 side often sit behind a
 * CH340, PL2303 or CP210x bridge. The kiosk drives the bridge itself (no
 * kernel tty driver): each bridge's vendor or class control requests set
 * the line, then the data flows over the interface's bulk endpoints. */
#pragma once

#include <glib.h>
#include <libusb.h>

G_BEGIN_DECLS

typedef enum {
  ANYI_USB_SERIAL_CH340,
  ANYI_USB_SERIAL_PL2303,
  ANYI_USB_SERIAL_CP210X,
} AnyiUsbSerialBridge;

/* Control requests each bridge understands (shared with the emulators). */
enum {
  ANYI_CH340_REQ_WRITE_REG = 0x9A,
  ANYI_CH340_REQ_SERIAL_INIT = 0xA1,
  ANYI_CH340_REQ_MODEM_CTRL = 0xA4,
  ANYI_CH340_REG_BAUD = 0x1312, /* divisor << 8 | prescaler */
  ANYI_CH340_REG_LCR = 0x2518,
  ANYI_CH340_LCR_8N1 = 0xC3, /* RX and TX enabled, 8 data bits */
  ANYI_PL2303_REQ_VENDOR_WRITE = 0x01,
  ANYI_PL2303_REQ_SET_LINE = 0x20,
  ANYI_PL2303_REQ_SET_CONTROL = 0x22,
  ANYI_CP210X_REQ_IFC_ENABLE = 0x00,
  ANYI_CP210X_REQ_SET_LINE_CTL = 0x03,
  ANYI_CP210X_REQ_SET_MHS = 0x07,
  ANYI_CP210X_REQ_SET_BAUDRATE = 0x1E,
  ANYI_CP210X_LINE_8N1 = 0x0800,
};

gboolean anyi_usb_serial_bridge_from_string(const char *name, AnyiUsbSerialBridge *bridge);
const char *anyi_usb_serial_bridge_to_string(AnyiUsbSerialBridge bridge);
guint16 anyi_usb_serial_ch340_baud_value(guint baud);
guint anyi_usb_serial_ch340_baud_from_value(guint16 value);

gboolean anyi_usb_serial_configure(libusb_device_handle *handle, AnyiUsbSerialBridge bridge,
                                   guint baud, GError **error);

/* Finds the first endpoint of a type and direction on an interface of the
 * active configuration. */
gboolean anyi_usb_find_endpoint(libusb_device *device, int interface_number,
                                enum libusb_transfer_type type, guint8 direction, guint8 *address,
                                guint16 *max_packet);

G_END_DECLS
