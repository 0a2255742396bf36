/* SPDX-License-Identifier: GPL-3.0-or-later */
/* usb-emulator.h: the base of every emulated USB device (ID card reader,
 * camera, ...), run under umockdev so the driver's real libusb code talks
 * to it through usbdevfs ioctls.
 *
 * A subclass implements the device's behaviour in two virtual methods:
 *   control()  a control transfer (setup packet + data stage)
 *   data_out() bytes the host sent on a bulk or interrupt OUT endpoint
 * and answers with anyi_usb_emulator_queue_in() (data for an IN endpoint,
 * optionally held back until a given time, to pace like real hardware) or
 * anyi_usb_emulator_stall_in().
 *
 * Bulk, interrupt, control and isochronous URBs: an isochronous URB's
 * packet descriptors get each packet's status and actual length.
 *
 * The base keeps URBs per client (each open file descriptor: libusb and
 * others open one device twice and must never reap each other's URBs),
 * completes IN URBs from the endpoint queues, honours DISCARDURB, and on
 * unplug fails URBs in flight with -ESHUTDOWN and later calls with ENODEV,
 * as the kernel does. An interface is held by one client at a time: a
 * second client's CLAIMINTERFACE or SETINTERFACE fails with EBUSY until
 * the first releases it or closes, as usbfs does (two programs must never
 * share one stream, nor stop each other's).
 *
 * Threads: umockdev runs the ioctl handlers in its own thread; the test
 * and the subclass's scripting calls come from others. Every public
 * function takes the emulator's (recursive) lock, and the virtual methods
 * run with it held, so a subclass may call back into the base from them.
 *
 * Testbed: anyi_usb_emulator_plug() attaches the emulator and adds the
 * device from its descriptors (libusb sees it arrive through its udev
 * monitor); anyi_usb_emulator_unplug() sends the "remove" uevent and
 * removes it. Plugging again (a new device number, as the kernel gives)
 * is a replug. */
#pragma once

#include <glib-object.h>
#include <umockdev.h>

G_BEGIN_DECLS

typedef struct {
  guint8 bmRequestType;
  guint8 bRequest;
  guint16 wValue;
  guint16 wIndex;
  guint16 wLength;
} AnyiUsbSetup;

typedef struct {
  guint8 address;    /* with 0x80 for IN */
  guint8 attributes; /* 2 bulk, 3 interrupt */
  guint16 max_packet;
} AnyiUsbEndpoint;

#define ANYI_TYPE_USB_EMULATOR (anyi_usb_emulator_get_type())
G_DECLARE_DERIVABLE_TYPE(AnyiUsbEmulator, anyi_usb_emulator, ANYI, USB_EMULATOR, UMockdevIoctlBase)

struct _AnyiUsbEmulatorClass {
  UMockdevIoctlBaseClass parent_class;

  /* data: for host-to-device, the wLength bytes sent; for device-to-host,
   * room for wLength bytes to fill, with *len set to how many. Return
   * FALSE to stall the request. */
  gboolean (*control)(AnyiUsbEmulator *self, const AnyiUsbSetup *setup, guint8 *data, gsize *len);
  void (*data_out)(AnyiUsbEmulator *self, guint8 endpoint, const guint8 *data, gsize len);
};

/* The speed sysfs reports for the device from the next plug on (Mb/s:
 * 12 full speed, the default; 480 high speed). */
void anyi_usb_emulator_set_speed(AnyiUsbEmulator *self, guint mbps);

/* Data for the next IN transfers on endpoint, given at not_before
 * (monotonic µs; 0 = at once). One packet completes at most one URB; a
 * packet larger than the URB's buffer is handed out over several. An
 * isochronous URB takes one packet per packet descriptor (see
 * try_fill_iso in the .c), so a packet is one isochronous payload there. */
void anyi_usb_emulator_queue_in(AnyiUsbEmulator *self, guint8 endpoint, GBytes *data,
                                gint64 not_before);
void anyi_usb_emulator_stall_in(AnyiUsbEmulator *self, guint8 endpoint);
/* A transfer lost on the bus (the URB ends with -EPROTO) where the next
 * packet would have been, at not_before. */
void anyi_usb_emulator_lose_in(AnyiUsbEmulator *self, guint8 endpoint, gint64 not_before);
void anyi_usb_emulator_clear_in(AnyiUsbEmulator *self);
gboolean anyi_usb_emulator_has_pending_in(AnyiUsbEmulator *self, guint8 endpoint);

/* Claiming an interface fails with errno_value (EBUSY: another program
 * holds the device; EACCES...) until called again with 0. */
void anyi_usb_emulator_fail_claim(AnyiUsbEmulator *self, int errno_value);

/* For a subclass's own state, shared between the ioctl thread (the
 * virtual methods already hold it) and its scripting functions. */
void anyi_usb_emulator_lock(AnyiUsbEmulator *self);
void anyi_usb_emulator_unlock(AnyiUsbEmulator *self);

/* Descriptor set for a full-speed device with one configuration and one
 * interface (class/subclass/protocol) with the given endpoints. */
GBytes *anyi_usb_descriptors_new(guint16 vid, guint16 pid, guint8 iface_class,
                                 guint8 iface_subclass, guint8 iface_protocol,
                                 const AnyiUsbEndpoint *endpoints, guint n_endpoints);

gboolean anyi_usb_emulator_plug(AnyiUsbEmulator *self, UMockdevTestbed *testbed, guint bus,
                                guint devnum, GBytes *descriptors, GError **error);
void anyi_usb_emulator_unplug(AnyiUsbEmulator *self);
gboolean anyi_usb_emulator_is_plugged(AnyiUsbEmulator *self);
/* Whether @client (an open file) may use @interface: it claimed it, or
 * nobody has (usbfs then claims it for the file, as SETINTERFACE does).
 * Another file's claim makes the interface busy, as usbfs does. */
gboolean anyi_usb_emulator_may_use_interface(AnyiUsbEmulator *self, UMockdevIoctlClient *client,
                                             guint interface);
guint anyi_usb_emulator_get_devnum(AnyiUsbEmulator *self);
/* Whether umockdev's preload is loaded in this process (why: a reason). */
gboolean anyi_usb_emulation_available(char **why);
/* Re-executes the program under umockdev-wrapper unless the preload is
 * loaded; returns only when it is. */
void anyi_usb_emulation_ensure(int argc, char **argv);

G_END_DECLS
