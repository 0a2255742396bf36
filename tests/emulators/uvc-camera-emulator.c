/* SPDX-License-Identifier: GPL-3.0-or-later */
/* uvc-camera-emulator.c: a bulk-streaming UVC 1.0 camera on the USB
 * emulator base: the base keeps URBs per client and handles unplug; this
 * file answers the camera's control requests and cuts pictures into UVC
 * payloads, queued at the frame rate as the host reaps. */
#include "uvc-camera-emulator.h"

#include "camera/anyi-frame.h"
#include "camera/anyi-uvc-proto.h"

#include <errno.h>
#include <linux/ioctl.h>
#include <linux/usbdevice_fs.h>
#include <string.h>

#define CAMERA_BUS          2 /* the ID reader emulator numbers its devices on bus 1 */
#define STREAMING_INTERFACE 1
#define STREAMING_ENDPOINT  0x81
#define MAX_PAYLOAD         (64 * 1024)
#define FORMAT_MJPEG        1
#define FORMAT_YUY2         2
#define ISO_HEADER          12 /* with PTS and SCR, as most isochronous cameras send */
#define MICROFRAMES_PER_S   8000

/* High-speed alternate settings 1..5, as a webcam offers them: wMaxPacketSize
 * with bits 11-12 for extra transactions per microframe (2x and 3x 1024). */
static const guint16 iso_max_packets[] = {128, 512, 1024, 0x0800 | 1024, 0x1000 | 1024};

struct _UvcCameraEmulator {
  AnyiUsbEmulator parent_instance;
  UMockdevTestbed *testbed;
  guint16 vendor_id, product_id;
  char *product, *serial;
  guint fps;
  gboolean offer_yuy2;
  gboolean iso;
  GPtrArray *mjpeg; /* GBytes per picture */
  GPtrArray *yuy2;
  int width, height;
  GBytes *descriptors;

  /* guarded by the base's lock */
  AnyiUvcProbe probe;
  guint committed_format; /* 0 = not streaming */
  gint64 stream_start;
  guint64 frame_number;
  guint8 fid;
  guint frames_sent;
  gboolean stall_probe;
  guint settling_frames; /* black frames at the start of each stream */
  GBytes *black_mjpeg, *black_yuy2;
  gboolean lose_payloads;
  gboolean error_bit;
  gboolean drop_eof;
  guint32 claimed_frame, claimed_payload; /* nonzero: what the probe says instead */
  guint alt;                              /* isochronous: the alternate setting chosen */
  gint64 last_eof_reaped;                 /* when the host reaped a frame's last payload */
  gint64 tally_since;                     /* debug log: reaps and frames in the last second */
  guint tally_reaps, tally_frames;
};

G_DEFINE_FINAL_TYPE(UvcCameraEmulator, uvc_camera_emulator, ANYI_TYPE_USB_EMULATOR)

static guint next_devnum = 2;
G_LOCK_DEFINE_STATIC(next_devnum);

/* ---- descriptors ---- */

static void
put16(GByteArray *a, guint v)
{
  guint8 b[2] = {v & 0xFF, (v >> 8) & 0xFF};
  g_byte_array_append(a, b, 2);
}

static void
put32(GByteArray *a, guint32 v)
{
  guint8 b[4] = {v & 0xFF, (v >> 8) & 0xFF, (v >> 16) & 0xFF, v >> 24};
  g_byte_array_append(a, b, 4);
}

static void
put_bytes(GByteArray *a, const guint8 *bytes, guint len)
{
  g_byte_array_append(a, bytes, len);
}

static void
add_video_control(GByteArray *a)
{
  static const guint8 iad[] = {8, 0x0B, 0, 2, 0x0E, 0x03, 0, 0};
  static const guint8 vc_interface[] = {9, 0x04, 0, 0, 0, 0x0E, 0x01, 0, 0};
  put_bytes(a, iad, sizeof iad);
  put_bytes(a, vc_interface, sizeof vc_interface);
  static const guint8 camera_terminal[] = {18, 0x24, 0x02, 1, 0x01, 0x02, 0, 0, 0,
                                           0,  0,    0,    0, 0,    3,    0, 0, 0};
  static const guint8 processing_unit[] = {11, 0x24, 0x05, 2, 1, 0, 0, 2, 0, 0, 0};
  static const guint8 output_terminal[] = {9, 0x24, 0x03, 3, 0x01, 0x01, 0, 2, 0};
  guint total = 13 + sizeof camera_terminal + sizeof processing_unit + sizeof output_terminal;
  guint8 header[] = {13,
                     0x24,
                     0x01,
                     0x00,
                     0x01,
                     total & 0xFF,
                     total >> 8,
                     0x80,
                     0x8D,
                     0x5B,
                     0x00,
                     /* 6 MHz clock */ 1,
                     STREAMING_INTERFACE};
  put_bytes(a, header, sizeof header);
  put_bytes(a, camera_terminal, sizeof camera_terminal);
  put_bytes(a, processing_unit, sizeof processing_unit);
  put_bytes(a, output_terminal, sizeof output_terminal);
}

static void
add_frame(GByteArray *a, guint8 subtype, UvcCameraEmulator *self, guint32 max_size)
{
  guint32 interval = 10000000 / self->fps;
  guint32 bits = max_size * 8 * self->fps;
  guint8 head[] = {30, 0x24, subtype, 1, 0};
  put_bytes(a, head, sizeof head);
  put16(a, (guint)self->width);
  put16(a, (guint)self->height);
  put32(a, bits);
  put32(a, bits);
  put32(a, max_size);
  put32(a, interval);
  guint8 one = 1;
  put_bytes(a, &one, 1);
  put32(a, interval);
}

static guint32
largest_jpeg(UvcCameraEmulator *self)
{
  gsize max = 0;
  for (guint i = 0; i < self->mjpeg->len; i++)
    max = MAX(max, g_bytes_get_size(g_ptr_array_index(self->mjpeg, i)));
  return (guint32)max;
}

static void
add_video_streaming(GByteArray *a, UvcCameraEmulator *self)
{
  /* alternate setting 0: the bulk endpoint, or none when isochronous */
  const guint8 vs_interface[] = {9, 0x04, STREAMING_INTERFACE, 0, self->iso ? 0 : 1, 0x0E, 0x02,
                                 0, 0};
  static const guint8 yuy2_guid[16] = {'Y',  'U',  'Y',  '2',  0x00, 0x00, 0x10, 0x00,
                                       0x80, 0x00, 0x00, 0xAA, 0x00, 0x38, 0x9B, 0x71};
  guint n_formats = self->offer_yuy2 ? 2 : 1;
  guint total = 13 + n_formats + 11 + 30 + (self->offer_yuy2 ? 27 + 30 : 0);
  put_bytes(a, vs_interface, sizeof vs_interface);
  guint8 header[] = {13 + n_formats,
                     0x24,
                     0x01,
                     n_formats,
                     total & 0xFF,
                     total >> 8,
                     STREAMING_ENDPOINT,
                     0,
                     3,
                     0,
                     0,
                     0,
                     1,
                     0,
                     0};
  put_bytes(a, header, 13 + n_formats);
  guint8 mjpeg_format[] = {11, 0x24, 0x06, FORMAT_MJPEG, 1, 1, 1, 0, 0, 0, 0};
  put_bytes(a, mjpeg_format, sizeof mjpeg_format);
  add_frame(a, 0x07, self, largest_jpeg(self));
  if (self->offer_yuy2) {
    guint8 format[] = {27, 0x24, 0x04, FORMAT_YUY2, 1};
    put_bytes(a, format, sizeof format);
    put_bytes(a, yuy2_guid, sizeof yuy2_guid);
    guint8 tail[] = {16, 1, 0, 0, 0, 0};
    put_bytes(a, tail, sizeof tail);
    add_frame(a, 0x05, self, (guint32)(self->width * self->height * 2));
  }
  if (!self->iso) {
    static const guint8 endpoint[] = {7, 0x05, STREAMING_ENDPOINT, 0x02, 0x00, 0x02, 0};
    put_bytes(a, endpoint, sizeof endpoint);
    return;
  }
  /* Each other alternate setting has an isochronous IN endpoint of its own bandwidth. */
  for (guint i = 0; i < G_N_ELEMENTS(iso_max_packets); i++) {
    guint16 mp = iso_max_packets[i];
    const guint8 alt[] = {9, 0x04, STREAMING_INTERFACE, (guint8)(i + 1), 1, 0x0E, 0x02, 0, 0};
    const guint8 endpoint[] = {7, 0x05, STREAMING_ENDPOINT, 0x05, mp & 0xFF, mp >> 8, 1};
    put_bytes(a, alt, sizeof alt);
    put_bytes(a, endpoint, sizeof endpoint);
  }
}

static GBytes *
build_descriptors(UvcCameraEmulator *self)
{
  GByteArray *a = g_byte_array_new();
  guint8 device[] = {18,
                     0x01,
                     0x00,
                     0x02, /* USB 2.0: high speed when isochronous */
                     0xEF,
                     0x02,
                     0x01,
                     64,
                     self->vendor_id & 0xFF,
                     self->vendor_id >> 8,
                     self->product_id & 0xFF,
                     self->product_id >> 8,
                     0x00,
                     0x01,
                     1,
                     2,
                     3,
                     1};
  put_bytes(a, device, sizeof device);
  guint config_at = a->len;
  guint8 config[] = {9, 0x02, 0, 0, 2, 1, 0, 0x80, 250};
  put_bytes(a, config, sizeof config);
  add_video_control(a);
  add_video_streaming(a, self);
  guint total = a->len - config_at;
  a->data[config_at + 2] = total & 0xFF;
  a->data[config_at + 3] = total >> 8;
  return g_byte_array_free_to_bytes(a);
}

/* ---- control requests ---- */

static gsize
string_descriptor(UvcCameraEmulator *self, guint8 index, guint8 *out, gsize room)
{
  if (index == 0) {
    static const guint8 langs[] = {4, 0x03, 0x09, 0x04};
    memcpy(out, langs, MIN(room, sizeof langs));
    return MIN(room, sizeof langs);
  }
  const char *text = index == 1 ? "Anyi Kiosk Test" : index == 2 ? self->product : self->serial;
  guint8 full[256] = {0, 0x03};
  gsize n = MIN(strlen(text), (sizeof full - 2) / 2), len = 2 + 2 * n;
  full[0] = (guint8)len;
  for (gsize i = 0; i < n; i++)
    full[2 + 2 * i] = (guint8)text[i];
  memcpy(out, full, MIN(room, len));
  return MIN(room, len);
}

static gboolean
get_descriptor(UvcCameraEmulator *self, const AnyiUsbSetup *s, guint8 *out, gsize *len)
{
  gsize size = 0;
  const guint8 *d = g_bytes_get_data(self->descriptors, &size);
  switch (s->wValue >> 8) {
  case 0x01:
    *len = MIN(s->wLength, 18);
    memcpy(out, d, *len);
    return TRUE;
  case 0x02:
    *len = MIN(s->wLength, size - 18);
    memcpy(out, d + 18, *len);
    return TRUE;
  case 0x03:
    if ((s->wValue & 0xFF) > 3)
      return FALSE;
    *len = string_descriptor(self, s->wValue & 0xFF, out, s->wLength);
    return TRUE;
  default:
    return FALSE;
  }
}

static guint32
largest_frame(UvcCameraEmulator *self, guint format)
{
  return format == FORMAT_YUY2 ? (guint32)(self->width * self->height * 2) : largest_jpeg(self);
}

static guint32
iso_bandwidth(guint i)
{
  return (iso_max_packets[i] & 0x7FF) * (1u + ((iso_max_packets[i] >> 11) & 3));
}

/* Isochronous: what a frame needs per microframe at the frame rate, plus
 * the header, up to the largest alternate setting; the host then picks the
 * alternate setting that carries it. */
static guint32
iso_payload(UvcCameraEmulator *self, guint32 frame_size)
{
  guint64 per_microframe =
      ((guint64)frame_size * self->fps + MICROFRAMES_PER_S - 1) / MICROFRAMES_PER_S;
  guint32 largest = iso_bandwidth(G_N_ELEMENTS(iso_max_packets) - 1);
  return (guint32)MIN(per_microframe + ISO_HEADER, (guint64)largest);
}

static void
grant(UvcCameraEmulator *self, guint wished_format)
{
  guint format = wished_format == FORMAT_YUY2 && self->offer_yuy2 ? FORMAT_YUY2 : FORMAT_MJPEG;
  guint32 frame = largest_frame(self, format);
  self->probe =
      (AnyiUvcProbe){.format_index = (guint8)format,
                     .frame_index = 1,
                     .interval = 10000000 / self->fps,
                     .max_frame_size = frame,
                     .max_payload_size = self->iso ? iso_payload(self, frame) : MAX_PAYLOAD};
  if (self->claimed_frame)
    self->probe.max_frame_size = self->claimed_frame;
  if (self->claimed_payload)
    self->probe.max_payload_size = self->claimed_payload;
}

static void
start_streaming(UvcCameraEmulator *self)
{
  g_debug("uvc emulator: commit, format %u", self->probe.format_index);
  self->committed_format = self->probe.format_index;
  self->stream_start = g_get_monotonic_time();
  self->frame_number = 0;
  anyi_usb_emulator_clear_in(ANYI_USB_EMULATOR(self));
}

/* Probe and commit on the streaming interface; UVC 1.0 blocks (26 bytes)
 * only, so a host trying the 1.1 size first is stalled, as real 1.0
 * cameras do. */
static gboolean
streaming_control(UvcCameraEmulator *self, const AnyiUsbSetup *s, guint8 *data, gsize *len)
{
  guint8 control = s->wValue >> 8;
  if (self->stall_probe || (s->wIndex & 0xFF) != STREAMING_INTERFACE ||
      s->wLength != ANYI_UVC_PROBE_LEN_10 ||
      (control != ANYI_UVC_VS_PROBE && control != ANYI_UVC_VS_COMMIT))
    return FALSE;
  if (s->bRequest == ANYI_UVC_SET_CUR) {
    AnyiUvcProbe wish;
    anyi_uvc_probe_unpack(data, s->wLength, &wish);
    grant(self, wish.format_index);
    if (control == ANYI_UVC_VS_COMMIT)
      start_streaming(self);
    return TRUE;
  }
  gboolean get = s->bRequest == ANYI_UVC_GET_CUR || s->bRequest == ANYI_UVC_GET_MIN ||
                 s->bRequest == ANYI_UVC_GET_MAX || s->bRequest == ANYI_UVC_GET_DEF;
  if (control != ANYI_UVC_VS_PROBE || !get)
    return FALSE;
  if (self->probe.format_index == 0)
    grant(self, FORMAT_MJPEG);
  anyi_uvc_probe_pack(&self->probe, data, s->wLength);
  *len = s->wLength;
  return TRUE;
}

static gboolean
uvc_camera_emulator_control(AnyiUsbEmulator *base, const AnyiUsbSetup *setup, guint8 *data,
                            gsize *len)
{
  UvcCameraEmulator *self = UVC_CAMERA_EMULATOR(base);
  if (setup->bmRequestType == 0x80 && setup->bRequest == 0x06)
    return get_descriptor(self, setup, data, len);
  if ((setup->bmRequestType & 0x7F) == 0x21)
    return streaming_control(self, setup, data, len);
  return FALSE;
}

/* ---- streaming ---- */

static GBytes *
next_picture(UvcCameraEmulator *self)
{
  gboolean yuy2 = self->committed_format == FORMAT_YUY2;
  if (self->frame_number < self->settling_frames)
    return yuy2 ? self->black_yuy2 : self->black_mjpeg;
  GPtrArray *set = yuy2 ? self->yuy2 : self->mjpeg;
  return g_ptr_array_index(set, self->frame_number % set->len);
}

static GBytes *
new_payload(UvcCameraEmulator *self, const guint8 *data, gsize len, guint8 flags)
{
  gsize header = self->iso ? ISO_HEADER : 2;
  guint8 *payload = g_malloc0(header + len);
  payload[0] = (guint8)header;
  payload[1] = ANYI_UVC_HEADER_EOH | self->fid | flags;
  if (self->iso)
    payload[1] |= ANYI_UVC_HEADER_PTS | ANYI_UVC_HEADER_SCR;
  memcpy(payload + header, data, len);
  return g_bytes_new_take(payload, header + len);
}

/* How much picture one payload carries: on bulk a payload never ends on a
 * 512-byte boundary, so no zero-length packet is needed to end a transfer;
 * on isochronous one payload fills at most one packet. */
static gsize
payload_room(UvcCameraEmulator *self, gsize size, gboolean lose)
{
  if (self->iso)
    return MAX(self->probe.max_payload_size, (guint32)ISO_HEADER + 1) - ISO_HEADER;
  return lose ? (size + 2) / 3 : (gsize)MAX_PAYLOAD - 3;
}

/* Cuts the next picture into payloads (header: EOH, FID, EOF on the last)
 * due at its frame time. The faults hit every other frame: a payload in
 * its middle lost on the bus (the host sees that transfer or packet
 * fail), the error bit in a middle payload, or no end of frame at all. */
static void
queue_next_frame(UvcCameraEmulator *self)
{
  AnyiUsbEmulator *usb = ANYI_USB_EMULATOR(self);
  GBytes *picture = next_picture(self);
  gint64 due = self->stream_start + (gint64)(self->frame_number * G_USEC_PER_SEC / self->fps);
  gsize size = 0;
  const guint8 *data = g_bytes_get_data(picture, &size);
  gboolean faulty = self->frame_number % 2 == 1;
  gsize most = payload_room(self, size, self->lose_payloads && faulty);
  guint n_payloads = (guint)((size + most - 1) / most), middle = n_payloads / 2;
  guint n = 0;
  for (gsize sent = 0; sent < size; n++) {
    gsize chunk = MIN(size - sent, most);
    if (!self->iso && (chunk + 2) % 512 == 0)
      chunk--;
    gboolean last = sent + chunk == size;
    guint8 flags = 0;
    if (last && !(self->drop_eof && faulty))
      flags |= ANYI_UVC_HEADER_EOF;
    if (self->error_bit && faulty && n == middle)
      flags |= ANYI_UVC_HEADER_ERR;
    g_autoptr(GBytes) bytes = new_payload(self, data + sent, chunk, flags);
    if (self->lose_payloads && faulty && n == MAX(middle, 1u))
      anyi_usb_emulator_lose_in(usb, STREAMING_ENDPOINT, due);
    else
      anyi_usb_emulator_queue_in(usb, STREAMING_ENDPOINT, bytes, due);
    sent += chunk;
  }
  self->frame_number++;
  self->frames_sent++;
  self->tally_frames++;
  self->fid ^= ANYI_UVC_HEADER_FID;
}

static void
note_set_interface(UvcCameraEmulator *self, UMockdevIoctlClient *client)
{
  UMockdevIoctlData *arg = umockdev_ioctl_client_get_arg(client);
  g_autoptr(UMockdevIoctlData) d =
      umockdev_ioctl_data_resolve(arg, 0, sizeof(struct usbdevfs_setinterface), NULL);
  if (!d) /* a dying client: its request changes nothing */
    return;
  const struct usbdevfs_setinterface *si = (const struct usbdevfs_setinterface *)d->data;
  /* another open file's request is refused (EBUSY) and changes nothing */
  if (si->interface != STREAMING_INTERFACE ||
      !anyi_usb_emulator_may_use_interface(ANYI_USB_EMULATOR(self), client, si->interface))
    return;
  g_debug("uvc emulator: alternate setting %u", si->altsetting);
  if (si->altsetting == 0) {
    self->committed_format = 0; /* alternate setting 0 stops the stream */
    self->alt = 0;
    anyi_usb_emulator_clear_in(ANYI_USB_EMULATOR(self));
  } else if (self->iso && si->altsetting <= G_N_ELEMENTS(iso_max_packets)) {
    /* An isochronous camera streams once an alternate setting has room. */
    self->alt = si->altsetting;
    self->stream_start = g_get_monotonic_time();
    self->frame_number = 0;
  }
}

static void
tally_reap(UvcCameraEmulator *self)
{
  gint64 now = g_get_monotonic_time();
  self->tally_reaps++;
  if (now - self->tally_since < G_USEC_PER_SEC)
    return;
  if (self->committed_format)
    g_debug("uvc emulator: last %.1f s: %u reaps, %u frames queued (frame %" G_GUINT64_FORMAT
            ", %.0f ms behind its time), alternate setting %u, packets pending: %s",
            (now - self->tally_since) / 1e6, self->tally_reaps, self->tally_frames,
            self->frame_number,
            (now - self->stream_start - (gint64)(self->frame_number * G_USEC_PER_SEC / self->fps)) /
                1e3,
            self->alt,
            anyi_usb_emulator_has_pending_in(ANYI_USB_EMULATOR(self), STREAMING_ENDPOINT) ? "yes"
                                                                                          : "no");
  self->tally_since = now;
  self->tally_reaps = self->tally_frames = 0;
}

/* Looks at what the base passes by: a reap with nothing queued gets the
 * next picture queued first; SETINTERFACE stops the stream. */
static gboolean
uvc_camera_emulator_handle_ioctl(UMockdevIoctlBase *base, UMockdevIoctlClient *client)
{
  UvcCameraEmulator *self = UVC_CAMERA_EMULATOR(base);
  AnyiUsbEmulator *usb = ANYI_USB_EMULATOR(base);
  gulong request = umockdev_ioctl_client_get_request(client);
  anyi_usb_emulator_lock(usb);
  if (request == USBDEVFS_SETINTERFACE)
    note_set_interface(self, client);
  else if ((request == USBDEVFS_REAPURB || request == USBDEVFS_REAPURBNDELAY) &&
           self->committed_format && (!self->iso || self->alt > 0) &&
           anyi_usb_emulator_is_plugged(usb) &&
           !anyi_usb_emulator_has_pending_in(usb, STREAMING_ENDPOINT))
    queue_next_frame(self);
  if (request == USBDEVFS_REAPURB || request == USBDEVFS_REAPURBNDELAY)
    tally_reap(self);
  gboolean was_pending = anyi_usb_emulator_has_pending_in(usb, STREAMING_ENDPOINT);
  gboolean handled =
      UMOCKDEV_IOCTL_BASE_CLASS(uvc_camera_emulator_parent_class)->handle_ioctl(base, client);
  /* a frame's payloads are queued together and EOF is the last one */
  if (was_pending && !anyi_usb_emulator_has_pending_in(usb, STREAMING_ENDPOINT))
    self->last_eof_reaped = g_get_monotonic_time();
  anyi_usb_emulator_unlock(usb);
  return handled;
}

/* ---- life cycle ---- */

static void
uvc_camera_emulator_finalize(GObject *object)
{
  UvcCameraEmulator *self = UVC_CAMERA_EMULATOR(object);
  g_clear_pointer(&self->mjpeg, g_ptr_array_unref);
  g_clear_pointer(&self->yuy2, g_ptr_array_unref);
  g_clear_pointer(&self->descriptors, g_bytes_unref);
  g_clear_pointer(&self->black_mjpeg, g_bytes_unref);
  g_clear_pointer(&self->black_yuy2, g_bytes_unref);
  g_clear_object(&self->testbed);
  g_free(self->product);
  g_free(self->serial);
  G_OBJECT_CLASS(uvc_camera_emulator_parent_class)->finalize(object);
}

static void
uvc_camera_emulator_class_init(UvcCameraEmulatorClass *klass)
{
  G_OBJECT_CLASS(klass)->finalize = uvc_camera_emulator_finalize;
  UMOCKDEV_IOCTL_BASE_CLASS(klass)->handle_ioctl = uvc_camera_emulator_handle_ioctl;
  ANYI_USB_EMULATOR_CLASS(klass)->control = uvc_camera_emulator_control;
}

static void
uvc_camera_emulator_init(UvcCameraEmulator *self)
{
  self->mjpeg = g_ptr_array_new_with_free_func((GDestroyNotify)g_bytes_unref);
  self->yuy2 = g_ptr_array_new_with_free_func((GDestroyNotify)g_bytes_unref);
}

/* Eight vertical colour bars, for a camera given no pictures. */
static gboolean
add_colour_bars(UvcCameraEmulator *self, GError **error)
{
  static const guint8 bars[8][3] = {{235, 235, 235}, {235, 235, 16}, {16, 235, 235}, {16, 235, 16},
                                    {235, 16, 235},  {235, 16, 16},  {16, 16, 235},  {16, 16, 16}};
  const int width = 1280, height = 720, stride = width * 3;
  guint8 *rgb = g_malloc((gsize)stride * height);
  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      memcpy(rgb + (gsize)y * stride + (gsize)x * 3, bars[x * 8 / width], 3);
  g_autoptr(GBytes) pixels = g_bytes_new_take(rgb, (gsize)stride * height);
  g_autoptr(AnyiFrame) frame = anyi_frame_new(pixels, width, height, stride);
  GBytes *jpeg = anyi_frame_encode_jpeg(frame, 85, 0, error);
  if (!jpeg)
    return FALSE;
  self->width = width;
  self->height = height;
  g_ptr_array_add(self->mjpeg, jpeg);
  g_ptr_array_add(self->yuy2, anyi_frame_encode_yuy2(frame));
  return TRUE;
}

static gboolean
load_pictures(UvcCameraEmulator *self, const char *const *files, GError **error)
{
  if (!files)
    return add_colour_bars(self, error);
  for (guint i = 0; files && files[i]; i++) {
    char *contents = NULL;
    gsize len = 0;
    if (!g_file_get_contents(files[i], &contents, &len, error))
      return FALSE;
    g_autoptr(GBytes) jpeg = g_bytes_new_take(contents, len);
    g_autoptr(AnyiFrame) frame = anyi_frame_new_from_jpeg((const guint8 *)contents, len, error);
    if (!frame)
      return FALSE;
    if (frame->width % 2 != 0 ||
        (i > 0 && (frame->width != self->width || frame->height != self->height))) {
      g_set_error(error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                  "%s is %dx%d: pictures must share one size with an even width", files[i],
                  frame->width, frame->height);
      return FALSE;
    }
    self->width = frame->width;
    self->height = frame->height;
    g_ptr_array_add(self->mjpeg, g_bytes_ref(jpeg));
    g_ptr_array_add(self->yuy2, anyi_frame_encode_yuy2(frame));
  }
  if (self->mjpeg->len == 0) {
    g_set_error(error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, "no pictures to serve");
    return FALSE;
  }
  return TRUE;
}

static gboolean
plug(UvcCameraEmulator *self, GError **error)
{
  G_LOCK(next_devnum);
  guint devnum = next_devnum++;
  G_UNLOCK(next_devnum);
  anyi_usb_emulator_lock(ANYI_USB_EMULATOR(self));
  self->committed_format = 0;
  anyi_usb_emulator_unlock(ANYI_USB_EMULATOR(self));
  return anyi_usb_emulator_plug(ANYI_USB_EMULATOR(self), self->testbed, CAMERA_BUS, devnum,
                                self->descriptors, error);
}

UvcCameraEmulator *
uvc_camera_emulator_attach(UMockdevTestbed *testbed, const UvcCameraEmulatorConfig *config,
                           GError **error)
{
  g_autoptr(UvcCameraEmulator) self = g_object_new(UVC_TYPE_CAMERA_EMULATOR, NULL);
  self->testbed = g_object_ref(testbed);
  self->vendor_id = config->vendor_id;
  self->product_id = config->product_id;
  self->product = g_strdup(config->product ? config->product : "Emulated Camera");
  self->serial = g_strdup(config->serial ? config->serial : "0001");
  self->fps = config->fps ? config->fps : 30;
  self->offer_yuy2 = config->offer_yuy2;
  self->iso = config->transfer == UVC_TRANSFER_ISO ||
              (config->transfer == UVC_TRANSFER_DEFAULT &&
               g_strcmp0(g_getenv("ANYI_CAMERA_TRANSFER"), "iso") == 0);
  if (self->iso)
    anyi_usb_emulator_set_speed(ANYI_USB_EMULATOR(self), 480);
  if (!load_pictures(self, config->jpeg_files, error))
    return NULL;
  self->descriptors = build_descriptors(self);
  if (!plug(self, error))
    return NULL;
  return g_steal_pointer(&self);
}

UvcCameraEmulator *
uvc_camera_emulator_attach_role(UMockdevTestbed *testbed, const char *role,
                                const char *const *jpeg_files, GError **error)
{
  return uvc_camera_emulator_attach_role_full(testbed, role, jpeg_files, UVC_TRANSFER_DEFAULT,
                                              error);
}

UvcCameraEmulator *
uvc_camera_emulator_attach_role_full(UMockdevTestbed *testbed, const char *role,
                                     const char *const *jpeg_files, UvcTransfer transfer,
                                     GError **error)
{
  gboolean face = g_strcmp0(role, "face") == 0;
  if (!face && g_strcmp0(role, "document") != 0) {
    g_set_error(error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                "camera role '%s' is neither face nor document", role);
    return NULL;
  }
  UvcCameraEmulatorConfig config = {
      .vendor_id = 0x1209,
      .product_id = face ? 0xa001 : 0xa002,
      .product = face ? "Anyi Emulated Face Camera" : "Anyi Emulated Document Camera",
      .jpeg_files = jpeg_files,
      .fps = 30,
      .offer_yuy2 = TRUE,
      .transfer = transfer,
  };
  return uvc_camera_emulator_attach(testbed, &config, error);
}

void
uvc_camera_emulator_unplug(UvcCameraEmulator *self)
{
  anyi_usb_emulator_lock(ANYI_USB_EMULATOR(self));
  self->committed_format = 0;
  self->alt = 0; /* what the camera is in when plugged again */
  anyi_usb_emulator_unlock(ANYI_USB_EMULATOR(self));
  anyi_usb_emulator_unplug(ANYI_USB_EMULATOR(self));
}

gboolean
uvc_camera_emulator_replug(UvcCameraEmulator *self, GError **error)
{
  return plug(self, error);
}

void
uvc_camera_emulator_set_stall_probe(UvcCameraEmulator *self, gboolean stall)
{
  anyi_usb_emulator_lock(ANYI_USB_EMULATOR(self));
  self->stall_probe = stall;
  anyi_usb_emulator_unlock(ANYI_USB_EMULATOR(self));
}

void
uvc_camera_emulator_set_settling_frames(UvcCameraEmulator *self, guint n)
{
  g_autoptr(AnyiFrame) black = anyi_frame_new_blank(self->width, self->height, 0, 0, 0);
  g_autoptr(GBytes) mjpeg = anyi_frame_encode_jpeg(black, 85, 0, NULL);
  g_autoptr(GBytes) yuy2 = anyi_frame_encode_yuy2(black);
  g_return_if_fail(mjpeg != NULL);
  anyi_usb_emulator_lock(ANYI_USB_EMULATOR(self));
  self->settling_frames = n;
  g_clear_pointer(&self->black_mjpeg, g_bytes_unref);
  g_clear_pointer(&self->black_yuy2, g_bytes_unref);
  self->black_mjpeg = g_steal_pointer(&mjpeg);
  self->black_yuy2 = g_steal_pointer(&yuy2);
  anyi_usb_emulator_unlock(ANYI_USB_EMULATOR(self));
}

void
uvc_camera_emulator_set_lose_payloads(UvcCameraEmulator *self, gboolean lose)
{
  anyi_usb_emulator_lock(ANYI_USB_EMULATOR(self));
  self->lose_payloads = lose;
  anyi_usb_emulator_unlock(ANYI_USB_EMULATOR(self));
}

guint
uvc_camera_emulator_get_frames_sent(UvcCameraEmulator *self)
{
  anyi_usb_emulator_lock(ANYI_USB_EMULATOR(self));
  guint n = self->frames_sent;
  anyi_usb_emulator_unlock(ANYI_USB_EMULATOR(self));
  return n;
}

guint
uvc_camera_emulator_get_streaming_format(UvcCameraEmulator *self)
{
  anyi_usb_emulator_lock(ANYI_USB_EMULATOR(self));
  guint format = self->committed_format;
  anyi_usb_emulator_unlock(ANYI_USB_EMULATOR(self));
  return format;
}

#define SETTER(name, field, type)                                                                  \
  void uvc_camera_emulator_set_##name(UvcCameraEmulator *self, type value)                         \
  {                                                                                                \
    anyi_usb_emulator_lock(ANYI_USB_EMULATOR(self));                                               \
    self->field = value;                                                                           \
    anyi_usb_emulator_unlock(ANYI_USB_EMULATOR(self));                                             \
  }
SETTER(error_bit, error_bit, gboolean)
SETTER(drop_eof, drop_eof, gboolean)

void
uvc_camera_emulator_set_claimed_sizes(UvcCameraEmulator *self, guint32 frame, guint32 payload)
{
  anyi_usb_emulator_lock(ANYI_USB_EMULATOR(self));
  self->claimed_frame = frame;
  self->claimed_payload = payload;
  anyi_usb_emulator_unlock(ANYI_USB_EMULATOR(self));
}

gboolean
uvc_camera_emulator_is_iso(UvcCameraEmulator *self)
{
  return self->iso;
}

guint
uvc_camera_emulator_get_alt_setting(UvcCameraEmulator *self)
{
  anyi_usb_emulator_lock(ANYI_USB_EMULATOR(self));
  guint alt = self->alt;
  anyi_usb_emulator_unlock(ANYI_USB_EMULATOR(self));
  return alt;
}

gint64
uvc_camera_emulator_get_last_eof_time(UvcCameraEmulator *self)
{
  anyi_usb_emulator_lock(ANYI_USB_EMULATOR(self));
  gint64 t = self->last_eof_reaped;
  anyi_usb_emulator_unlock(ANYI_USB_EMULATOR(self));
  return t;
}
