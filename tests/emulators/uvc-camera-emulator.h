/* SPDX-License-Identifier: GPL-3.0-or-later */
/* uvc-camera-emulator.h: a USB Video Class camera emulated under umockdev,
 * so the kiosk's real libusb code runs against it (tests, bench, demo).
 *
 * A subclass of the USB emulator base (usb-emulator.h: URBs per client,
 * unplug). It streams over bulk (one endpoint) or, as most webcams and
 * document cameras, isochronous transfers: a high-speed device whose
 * streaming interface has alternate settings 1..5 of 128 to 3x1024 bytes
 * a microframe, each payload one packet with a 12-byte header. It offers
 * MJPEG and, optionally, YUY2 at the size of the JPEG files it serves in
 * turn, paced at `fps`. Cameras are numbered on USB bus 2, so they never
 * collide with the ID reader's.
 *
 * UVC_TRANSFER_DEFAULT is bulk unless ANYI_CAMERA_TRANSFER=iso is set in
 * the environment: meson runs every camera test once each way so. */
#pragma once

#include "usb-emulator.h"

G_BEGIN_DECLS

typedef enum {
  UVC_TRANSFER_DEFAULT,
  UVC_TRANSFER_BULK,
  UVC_TRANSFER_ISO,
} UvcTransfer;

typedef struct {
  guint16 vendor_id;
  guint16 product_id;
  const char *product;
  const char *serial;
  const char *const *jpeg_files; /* NULL-terminated; one size, even width; NULL: colour bars */
  guint fps;                     /* 0 = 30 */
  gboolean offer_yuy2;           /* also offer uncompressed YUY2 (format 2) */
  UvcTransfer transfer;
} UvcCameraEmulatorConfig;

#define UVC_TYPE_CAMERA_EMULATOR (uvc_camera_emulator_get_type())
G_DECLARE_FINAL_TYPE(UvcCameraEmulator, uvc_camera_emulator, UVC, CAMERA_EMULATOR, AnyiUsbEmulator)

/* Adds the camera to the testbed (the next free /dev/bus/usb/002/NNN). */
UvcCameraEmulator *uvc_camera_emulator_attach(UMockdevTestbed *testbed,
                                              const UvcCameraEmulatorConfig *config,
                                              GError **error);
/* The cameras cameras.json ships for emulation: role "face" is 1209:a001,
 * "document" 1209:a002. jpeg_files NULL serves colour bars at 1280x720. */
UvcCameraEmulator *uvc_camera_emulator_attach_role(UMockdevTestbed *testbed, const char *role,
                                                   const char *const *jpeg_files, GError **error);
UvcCameraEmulator *uvc_camera_emulator_attach_role_full(UMockdevTestbed *testbed, const char *role,
                                                        const char *const *jpeg_files,
                                                        UvcTransfer transfer, GError **error);
/* Pulls the cable: URBs in flight fail with -ESHUTDOWN, later calls ENODEV. */
void uvc_camera_emulator_unplug(UvcCameraEmulator *self);
/* Plugs it back in (as a new device number, as the kernel would). */
gboolean uvc_camera_emulator_replug(UvcCameraEmulator *self, GError **error);

/* A faulty camera: stalls every probe/commit request while set. */
void uvc_camera_emulator_set_stall_probe(UvcCameraEmulator *self, gboolean stall);
/* A camera waking up: each stream begins with n black frames, as a real
 * one's first frames are dark until its exposure settles. */
void uvc_camera_emulator_set_settling_frames(UvcCameraEmulator *self, guint n);
/* A poor cable: while set, every other frame loses a payload in its middle
 * (the host sees that transfer fail) and still ends with EOF. */
void uvc_camera_emulator_set_lose_payloads(UvcCameraEmulator *self, gboolean lose);

/* A camera that marks every other frame's middle payload with the error
 * bit (the frame must be dropped). */
void uvc_camera_emulator_set_error_bit(UvcCameraEmulator *self, gboolean on);
/* Every other frame ends without the end-of-frame bit (the next frame's
 * FID toggle is all that ends it). */
void uvc_camera_emulator_set_drop_eof(UvcCameraEmulator *self, gboolean on);
/* A lying camera: its probe answers these frame and payload sizes (0:
 * the true ones). */
void uvc_camera_emulator_set_claimed_sizes(UvcCameraEmulator *self, guint32 frame, guint32 payload);
gboolean uvc_camera_emulator_is_iso(UvcCameraEmulator *self);
/* The isochronous alternate setting the host chose; 0 when not streaming. */
guint uvc_camera_emulator_get_alt_setting(UvcCameraEmulator *self);

/* When the host last reaped the transfer holding a frame's end (monotonic
 * µs), for the latency benchmark. */
gint64 uvc_camera_emulator_get_last_eof_time(UvcCameraEmulator *self);

guint uvc_camera_emulator_get_frames_sent(UvcCameraEmulator *self);
/* Format index committed by the host (1 MJPEG, 2 YUY2), 0 if not streaming. */
guint uvc_camera_emulator_get_streaming_format(UvcCameraEmulator *self);

G_END_DECLS
