/* SPDX-License-Identifier: GPL-3.0-or-later */
/* usb-serial.c: line setup for CH340, PL2303 and CP210x bridges. */
#include "usb-serial.h"

#include "usb-error.h"

#define CONTROL_TIMEOUT_MS 500
#define CH340_CLOCK_HZ     48000000u

static const char *const bridge_names[] = {
    [ANYI_USB_SERIAL_CH340] = "ch340",
    [ANYI_USB_SERIAL_PL2303] = "pl2303",
    [ANYI_USB_SERIAL_CP210X] = "cp210x",
};

gboolean
anyi_usb_serial_bridge_from_string(const char *name, AnyiUsbSerialBridge *bridge)
{
  for (gsize i = 0; i < G_N_ELEMENTS(bridge_names); i++)
    if (g_strcmp0(name, bridge_names[i]) == 0) {
      *bridge = i;
      return TRUE;
    }
  return FALSE;
}

const char *
anyi_usb_serial_bridge_to_string(AnyiUsbSerialBridge bridge)
{
  return bridge_names[bridge];
}

/* The CH340 divides a prescaled 48 MHz clock: prescaler p gives
 * 48 MHz / 2^(12 - 3p); the register holds 256 - divisor above p. The
 * largest prescaler whose divisor fits a byte is the most precise. */
guint16
anyi_usb_serial_ch340_baud_value(guint baud)
{
  for (int prescaler = 3; prescaler >= 0; prescaler--) {
    guint clock = CH340_CLOCK_HZ >> (12 - 3 * prescaler);
    guint divisor = clock / baud;
    if (divisor >= 2 && divisor <= 255)
      return (guint16)((256 - divisor) << 8 | prescaler);
  }
  return 0;
}

guint
anyi_usb_serial_ch340_baud_from_value(guint16 value)
{
  guint prescaler = value & 0x03, divisor = 256 - (value >> 8);
  return (CH340_CLOCK_HZ >> (12 - 3 * prescaler)) / divisor;
}

static gboolean
control_out(libusb_device_handle *handle, guint8 type, guint8 request, guint16 value, guint16 index,
            guint8 *data, guint16 len, GError **error)
{
  int rc = libusb_control_transfer(handle, type | LIBUSB_ENDPOINT_OUT, request, value, index, data,
                                   len, CONTROL_TIMEOUT_MS);
  if (rc < 0) {
    anyi_usb_set_error(error, rc, "setting up the serial bridge (request %02X)", request);
    return FALSE;
  }
  return TRUE;
}

#define VENDOR_DEVICE (LIBUSB_REQUEST_TYPE_VENDOR | LIBUSB_RECIPIENT_DEVICE)
#define VENDOR_IFACE  (LIBUSB_REQUEST_TYPE_VENDOR | LIBUSB_RECIPIENT_INTERFACE)
#define CLASS_IFACE   (LIBUSB_REQUEST_TYPE_CLASS | LIBUSB_RECIPIENT_INTERFACE)

static gboolean
configure_ch340(libusb_device_handle *handle, guint baud, GError **error)
{
  guint16 divisor = anyi_usb_serial_ch340_baud_value(baud);
  if (divisor == 0) {
    g_set_error(error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, "a CH340 cannot run at %u baud",
                baud);
    return FALSE;
  }
  return control_out(handle, VENDOR_DEVICE, ANYI_CH340_REQ_SERIAL_INIT, 0, 0, NULL, 0, error) &&
         control_out(handle, VENDOR_DEVICE, ANYI_CH340_REQ_WRITE_REG, ANYI_CH340_REG_BAUD, divisor,
                     NULL, 0, error) &&
         control_out(handle, VENDOR_DEVICE, ANYI_CH340_REQ_WRITE_REG, ANYI_CH340_REG_LCR,
                     ANYI_CH340_LCR_8N1, NULL, 0, error) &&
         /* the modem lines are active low: raise DTR and RTS */
         control_out(handle, VENDOR_DEVICE, ANYI_CH340_REQ_MODEM_CTRL, (guint16)~0x60, 0, NULL, 0,
                     error);
}

static gboolean
configure_pl2303(libusb_device_handle *handle, guint baud, GError **error)
{
  guint8 line[7] = {baud & 0xFF, baud >> 8 & 0xFF, baud >> 16 & 0xFF, baud >> 24, 0, 0, 8};
  return control_out(handle, VENDOR_DEVICE, ANYI_PL2303_REQ_VENDOR_WRITE, 0, 1, NULL, 0, error) &&
         control_out(handle, VENDOR_DEVICE, ANYI_PL2303_REQ_VENDOR_WRITE, 1, 0, NULL, 0, error) &&
         control_out(handle, CLASS_IFACE, ANYI_PL2303_REQ_SET_LINE, 0, 0, line, sizeof line,
                     error) &&
         control_out(handle, CLASS_IFACE, ANYI_PL2303_REQ_SET_CONTROL, 0x03, 0, NULL, 0, error);
}

static gboolean
configure_cp210x(libusb_device_handle *handle, guint baud, GError **error)
{
  guint8 rate[4] = {baud & 0xFF, baud >> 8 & 0xFF, baud >> 16 & 0xFF, baud >> 24};
  return control_out(handle, VENDOR_IFACE, ANYI_CP210X_REQ_IFC_ENABLE, 1, 0, NULL, 0, error) &&
         control_out(handle, VENDOR_IFACE, ANYI_CP210X_REQ_SET_BAUDRATE, 0, 0, rate, sizeof rate,
                     error) &&
         control_out(handle, VENDOR_IFACE, ANYI_CP210X_REQ_SET_LINE_CTL, ANYI_CP210X_LINE_8N1, 0,
                     NULL, 0, error) &&
         control_out(handle, VENDOR_IFACE, ANYI_CP210X_REQ_SET_MHS, 0x0303, 0, NULL, 0, error);
}

/* Sets the line to baud, 8 data bits, no parity, 1 stop bit. */
gboolean
anyi_usb_serial_configure(libusb_device_handle *handle, AnyiUsbSerialBridge bridge, guint baud,
                          GError **error)
{
  switch (bridge) {
  case ANYI_USB_SERIAL_CH340:
    return configure_ch340(handle, baud, error);
  case ANYI_USB_SERIAL_PL2303:
    return configure_pl2303(handle, baud, error);
  case ANYI_USB_SERIAL_CP210X:
    return configure_cp210x(handle, baud, error);
  }
  g_return_val_if_reached(FALSE);
}

gboolean
anyi_usb_find_endpoint(libusb_device *device, int interface_number, enum libusb_transfer_type type,
                       guint8 direction, guint8 *address, guint16 *max_packet)
{
  struct libusb_config_descriptor *config = NULL;
  if (libusb_get_active_config_descriptor(device, &config) != 0)
    return FALSE;
  gboolean found = FALSE;
  for (int i = 0; i < config->bNumInterfaces && !found; i++) {
    const struct libusb_interface_descriptor *alt = &config->interface[i].altsetting[0];
    if (config->interface[i].num_altsetting < 1 || alt->bInterfaceNumber != interface_number)
      continue;
    for (int e = 0; e < alt->bNumEndpoints && !found; e++) {
      const struct libusb_endpoint_descriptor *ep = &alt->endpoint[e];
      if ((ep->bmAttributes & 0x03) == type && (ep->bEndpointAddress & 0x80) == direction) {
        *address = ep->bEndpointAddress;
        if (max_packet)
          *max_packet = ep->wMaxPacketSize;
        found = TRUE;
      }
    }
  }
  libusb_free_config_descriptor(config);
  return found;
}
