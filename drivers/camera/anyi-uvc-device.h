/* SPDX-License-Identifier: GPL-3.0-or-later */
/* anyi-uvc-device.h: one UVC camera on libusb: open, negotiate a mode,
 * stream over a bulk endpoint, stop.
 *
 * Why our own layer and not libuvc: Debian 12's libuvc 0.0.6 has no
 * timeout on its probe/commit requests, gives no notice of an unplug, and
 * after an unplug mid-stream uvc_stop_streaming hangs for ever (it
 * resubmits transfers that fail with ENODEV, then waits on them) or
 * uvc_close aborts inside libusb. A kiosk must survive a pulled camera.
 * Here every control request has a timeout, a transfer that ends with
 * NO_DEVICE or cannot be resubmitted marks the camera gone, and stop waits
 * for the transfers with a deadline.
 *
 * Bulk or isochronous: a bulk camera streams on its one endpoint; an
 * isochronous one is given the smallest alternate setting whose bandwidth
 * carries the payload size it asked for in the probe, several transfers
 * of ISO_PACKETS packets each are kept in flight, every packet is one
 * payload, and alternate setting 0 is restored on stop. Every size the
 * camera reports is bounded before anything is allocated.
 *
 * Not thread-safe: the owner (AnyiCamera's thread) calls everything and
 * runs libusb's events. */
#pragma once

#include "anyi-uvc-proto.h"

#include <libusb.h>

G_BEGIN_DECLS

typedef struct _AnyiUvcDevice AnyiUvcDevice;

/* A complete frame as the camera sent it (MJPEG or YUY2 bytes). */
typedef void (*AnyiUvcFrameFunc)(GBytes *frame, const AnyiUvcMode *mode, gpointer user_data);

/* TRUE when the device has a Video Streaming interface with a bulk or
 * isochronous IN endpoint, whatever its VID:PID (read from the cached
 * descriptors, without opening it). */
gboolean anyi_uvc_device_is_camera(libusb_device *device);

/* `context` is the one whose events the caller runs. */
AnyiUvcDevice *anyi_uvc_device_open(libusb_context *context, libusb_device *device, GError **error);
void anyi_uvc_device_close(AnyiUvcDevice *self);

const GArray *anyi_uvc_device_get_modes(const AnyiUvcDevice *self);
const char *anyi_uvc_device_get_product(const AnyiUvcDevice *self);
guint16 anyi_uvc_device_get_vendor_id(const AnyiUvcDevice *self);
guint16 anyi_uvc_device_get_product_id(const AnyiUvcDevice *self);

AnyiUvcTransfer anyi_uvc_device_get_transfer(const AnyiUvcDevice *self);
/* AnyiUvcAltSetting of an isochronous camera (empty for bulk). */
const GArray *anyi_uvc_device_get_alt_settings(const AnyiUvcDevice *self);
/* The alternate setting streaming now; 0 when stopped, and for bulk. */
guint anyi_uvc_device_get_alt_setting(const AnyiUvcDevice *self);

gboolean anyi_uvc_device_start(AnyiUvcDevice *self, const AnyiUvcMode *mode,
                               AnyiUvcFrameFunc on_frame, gpointer user_data, GError **error);
/* Probes `mode` without streaming and tells which alternate setting
 * streaming it would take (0 for bulk), for the technician's listing. */
gboolean anyi_uvc_device_probe_alt(AnyiUvcDevice *self, const AnyiUvcMode *mode, guint *alt,
                                   GError **error);
/* Cancels the transfers and waits (at most ~1 s) for them to come back. */
void anyi_uvc_device_stop(AnyiUvcDevice *self);
/* The device was unplugged (or failed for good) while open. */
gboolean anyi_uvc_device_is_gone(const AnyiUvcDevice *self);
guint anyi_uvc_device_get_dropped(const AnyiUvcDevice *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(AnyiUvcDevice, anyi_uvc_device_close)

G_END_DECLS
