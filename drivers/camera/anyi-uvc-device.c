/* SPDX-License-Identifier: GPL-3.0-or-later */
/* anyi-uvc-device.c: UVC over libusb (see the header for why not libuvc). */
#include "anyi-uvc-device.h"

#include <gio/gio.h>
#include <string.h>

#define CLASS_VIDEO        0x0E
#define SUBCLASS_STREAMING 0x02
#define CONTROL_TIMEOUT_MS 1000
#define N_TRANSFERS        4
#define ISO_PACKETS        32 /* per transfer: 4 ms of microframes on high speed */
#define MIN_PAYLOAD        (16 * 1024)
#define STOP_DEADLINE_US   (1000 * 1000)

struct _AnyiUvcDevice {
  libusb_context *context;
  libusb_device_handle *handle;
  guint16 vendor_id, product_id;
  char *product;
  guint8 streaming_interface;
  AnyiUvcTransfer transfer;
  guint8 endpoint; /* bulk */
  GArray *alts;    /* AnyiUvcAltSetting, isochronous */
  guint8 alt;      /* the alternate setting in use, 0 when not streaming */
  GArray *modes;

  AnyiUvcMode mode;
  AnyiUvcAssembler *assembler;
  AnyiUvcFrameFunc on_frame;
  gpointer user_data;
  struct libusb_transfer *transfers[N_TRANSFERS];
  gboolean busy[N_TRANSFERS];
  guint in_flight;
  gboolean claimed;
  gboolean stopping;
  gboolean gone;
  /* for the technician's debug log: what came in since the last line */
  gint64 tally_since;
  guint tally_transfers, tally_packets, tally_empty, tally_failed, tally_frames;
  gsize tally_bytes;
};

typedef struct {
  guint8 interface_number;
  AnyiUvcTransfer transfer;
  guint8 endpoint;
  GArray *alts;
  GByteArray *class_descriptors;
} StreamingInterface;

static gboolean
bulk_in_endpoint(const struct libusb_interface_descriptor *alt, GByteArray *extra, guint8 *ep)
{
  gboolean found = FALSE;
  for (int e = 0; e < alt->bNumEndpoints; e++) {
    const struct libusb_endpoint_descriptor *d = &alt->endpoint[e];
    /* Some cameras put their class descriptors after the endpoint. */
    if (extra && d->extra_length > 0)
      g_byte_array_append(extra, d->extra, (guint)d->extra_length);
    if ((d->bEndpointAddress & LIBUSB_ENDPOINT_IN) &&
        (d->bmAttributes & 0x03) == LIBUSB_TRANSFER_TYPE_BULK && !found) {
      *ep = d->bEndpointAddress;
      found = TRUE;
    }
  }
  return found;
}

static AnyiUvcSpeed
speed_of(libusb_device *device)
{
  int speed = libusb_get_device_speed(device);
  return speed >= LIBUSB_SPEED_SUPER  ? ANYI_UVC_SPEED_SUPER
         : speed == LIBUSB_SPEED_HIGH ? ANYI_UVC_SPEED_HIGH
                                      : ANYI_UVC_SPEED_FULL;
}

static guint32
endpoint_bandwidth(libusb_context *context, const struct libusb_endpoint_descriptor *d,
                   AnyiUvcSpeed speed)
{
  struct libusb_ss_endpoint_companion_descriptor *companion = NULL;
  guint8 burst = 0, attributes = 0;
  if (speed == ANYI_UVC_SPEED_SUPER &&
      libusb_get_ss_endpoint_companion_descriptor(context, d, &companion) == 0) {
    burst = companion->bMaxBurst;
    attributes = companion->bmAttributes;
    libusb_free_ss_endpoint_companion_descriptor(companion);
  }
  return anyi_uvc_iso_bandwidth(d->wMaxPacketSize, speed, burst, attributes);
}

/* The isochronous IN endpoint of each alternate setting after 0. */
static GArray *
iso_alternates(libusb_context *context, const struct libusb_interface *iface, AnyiUvcSpeed speed)
{
  GArray *alts = g_array_new(FALSE, TRUE, sizeof(AnyiUvcAltSetting));
  for (int a = 1; a < iface->num_altsetting; a++) {
    const struct libusb_interface_descriptor *alt = &iface->altsetting[a];
    for (int e = 0; e < alt->bNumEndpoints; e++) {
      const struct libusb_endpoint_descriptor *d = &alt->endpoint[e];
      if (!(d->bEndpointAddress & LIBUSB_ENDPOINT_IN) ||
          (d->bmAttributes & 0x03) != LIBUSB_TRANSFER_TYPE_ISOCHRONOUS)
        continue;
      AnyiUvcAltSetting setting = {.alt = alt->bAlternateSetting,
                                   .endpoint = d->bEndpointAddress,
                                   .max_packet = d->wMaxPacketSize,
                                   .bandwidth = endpoint_bandwidth(context, d, speed)};
      g_array_append_val(alts, setting);
      break;
    }
  }
  return alts;
}

/* The first Video Streaming interface that streams: over a bulk IN
 * endpoint in alternate setting 0, or over isochronous IN endpoints in
 * its other alternate settings. `out` NULL only asks whether one exists. */
static gboolean
find_streaming(libusb_context *context, libusb_device *device,
               const struct libusb_config_descriptor *config, StreamingInterface *out)
{
  for (int i = 0; i < config->bNumInterfaces; i++) {
    const struct libusb_interface *iface = &config->interface[i];
    if (iface->num_altsetting < 1)
      continue;
    const struct libusb_interface_descriptor *alt = &iface->altsetting[0];
    if (alt->bInterfaceClass != CLASS_VIDEO || alt->bInterfaceSubClass != SUBCLASS_STREAMING)
      continue;
    g_autoptr(GByteArray) extra = g_byte_array_new();
    g_byte_array_append(extra, alt->extra, (guint)alt->extra_length);
    guint8 ep = 0;
    gboolean bulk = bulk_in_endpoint(alt, extra, &ep);
    g_autoptr(GArray) alts = iso_alternates(context, iface, speed_of(device));
    if (!bulk && alts->len == 0)
      continue;
    if (out) {
      out->interface_number = alt->bInterfaceNumber;
      out->transfer = bulk ? ANYI_UVC_TRANSFER_BULK : ANYI_UVC_TRANSFER_ISO;
      out->endpoint = ep;
      out->alts = g_steal_pointer(&alts);
      out->class_descriptors = g_steal_pointer(&extra);
    }
    return TRUE;
  }
  return FALSE;
}

gboolean
anyi_uvc_device_is_camera(libusb_device *device)
{
  struct libusb_config_descriptor *config = NULL;
  if (libusb_get_active_config_descriptor(device, &config) != 0)
    return FALSE;
  gboolean is_camera = find_streaming(NULL, device, config, NULL);
  libusb_free_config_descriptor(config);
  return is_camera;
}

static gboolean
usb_failed(int rc, const char *what, GError **error)
{
  if (rc >= 0)
    return FALSE;
  g_set_error(error, G_IO_ERROR,
              rc == LIBUSB_ERROR_NO_DEVICE ? G_IO_ERROR_NOT_FOUND
              : rc == LIBUSB_ERROR_TIMEOUT ? G_IO_ERROR_TIMED_OUT
              : rc == LIBUSB_ERROR_BUSY    ? G_IO_ERROR_BUSY
                                           : G_IO_ERROR_FAILED,
              "%s failed: %s%s", what, libusb_error_name(rc),
              rc == LIBUSB_ERROR_BUSY ? " (another program holds the camera)" : "");
  return TRUE;
}

static char *
read_product(libusb_device_handle *handle, guint8 index)
{
  unsigned char text[128];
  if (index == 0 || libusb_get_string_descriptor_ascii(handle, index, text, sizeof text) <= 0)
    return g_strdup("");
  return g_strdup((const char *)text);
}

static gboolean
read_descriptors(AnyiUvcDevice *self, libusb_device *device, GError **error)
{
  struct libusb_device_descriptor dd;
  struct libusb_config_descriptor *config = NULL;
  StreamingInterface vs = {0};
  if (usb_failed(libusb_get_device_descriptor(device, &dd), "reading the device descriptor",
                 error) ||
      usb_failed(libusb_get_active_config_descriptor(device, &config), "reading the configuration",
                 error))
    return FALSE;
  gboolean found = find_streaming(self->context, device, config, &vs);
  libusb_free_config_descriptor(config);
  if (!found) {
    g_set_error(error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                "camera %04x:%04x has no video streaming endpoint", dd.idVendor, dd.idProduct);
    return FALSE;
  }
  self->vendor_id = dd.idVendor;
  self->product_id = dd.idProduct;
  self->streaming_interface = vs.interface_number;
  self->transfer = vs.transfer;
  self->endpoint = vs.endpoint;
  self->alts = vs.alts;
  self->modes =
      anyi_uvc_parse_streaming(vs.class_descriptors->data, vs.class_descriptors->len, error);
  g_byte_array_unref(vs.class_descriptors);
  if (self->modes)
    self->product = read_product(self->handle, dd.iProduct);
  return self->modes != NULL;
}

AnyiUvcDevice *
anyi_uvc_device_open(libusb_context *context, libusb_device *device, GError **error)
{
  g_autoptr(AnyiUvcDevice) self = g_new0(AnyiUvcDevice, 1);
  self->context = context;
  int rc = libusb_open(device, &self->handle);
  if (usb_failed(rc, "opening", error))
    return NULL;
  libusb_set_auto_detach_kernel_driver(self->handle, 1);
  if (!read_descriptors(self, device, error))
    return NULL;
  return g_steal_pointer(&self);
}

void
anyi_uvc_device_close(AnyiUvcDevice *self)
{
  if (!self)
    return;
  anyi_uvc_device_stop(self);
  g_clear_pointer(&self->handle, libusb_close);
  g_clear_pointer(&self->modes, g_array_unref);
  g_clear_pointer(&self->alts, g_array_unref);
  g_free(self->product);
  g_free(self);
}

const GArray *
anyi_uvc_device_get_modes(const AnyiUvcDevice *self)
{
  return self->modes;
}

const char *
anyi_uvc_device_get_product(const AnyiUvcDevice *self)
{
  return self->product ? self->product : "";
}

guint16
anyi_uvc_device_get_vendor_id(const AnyiUvcDevice *self)
{
  return self->vendor_id;
}

guint16
anyi_uvc_device_get_product_id(const AnyiUvcDevice *self)
{
  return self->product_id;
}

AnyiUvcTransfer
anyi_uvc_device_get_transfer(const AnyiUvcDevice *self)
{
  return self->transfer;
}

const GArray *
anyi_uvc_device_get_alt_settings(const AnyiUvcDevice *self)
{
  return self->alts;
}

guint
anyi_uvc_device_get_alt_setting(const AnyiUvcDevice *self)
{
  return self->alt;
}

gboolean
anyi_uvc_device_is_gone(const AnyiUvcDevice *self)
{
  return self->gone;
}

guint
anyi_uvc_device_get_dropped(const AnyiUvcDevice *self)
{
  return self->assembler ? anyi_uvc_assembler_get_dropped(self->assembler) : 0;
}

static int
streaming_request(AnyiUvcDevice *self, guint8 request, guint8 control, guint8 *block, guint16 len)
{
  guint8 type = LIBUSB_REQUEST_TYPE_CLASS | LIBUSB_RECIPIENT_INTERFACE |
                (request & 0x80 ? LIBUSB_ENDPOINT_IN : LIBUSB_ENDPOINT_OUT);
  int rc = libusb_control_transfer(self->handle, type, request, (guint16)(control << 8),
                                   self->streaming_interface, block, len, CONTROL_TIMEOUT_MS);
  if (rc == LIBUSB_ERROR_NO_DEVICE)
    self->gone = TRUE;
  return rc;
}

/* Probe with our wish, read back what the camera grants, commit it. The
 * block is 26 bytes in UVC 1.0 and 34 later: try the long one first. */
static gboolean
negotiate(AnyiUvcDevice *self, const AnyiUvcMode *mode, gboolean commit, AnyiUvcProbe *granted,
          GError **error)
{
  AnyiUvcProbe wish = {.hint = 1,
                       .format_index = mode->format_index,
                       .frame_index = mode->frame_index,
                       .interval = mode->interval};
  guint8 block[ANYI_UVC_PROBE_LEN_11];
  guint16 len = ANYI_UVC_PROBE_LEN_11;
  anyi_uvc_probe_pack(&wish, block, len);
  int rc = streaming_request(self, ANYI_UVC_SET_CUR, ANYI_UVC_VS_PROBE, block, len);
  if (rc == LIBUSB_ERROR_PIPE || (rc >= 0 && rc < len)) {
    len = ANYI_UVC_PROBE_LEN_10;
    anyi_uvc_probe_pack(&wish, block, len);
    rc = streaming_request(self, ANYI_UVC_SET_CUR, ANYI_UVC_VS_PROBE, block, len);
  }
  if (usb_failed(rc, "probe", error))
    return FALSE;
  rc = streaming_request(self, ANYI_UVC_GET_CUR, ANYI_UVC_VS_PROBE, block, len);
  if (usb_failed(rc, "reading the probe", error))
    return FALSE;
  anyi_uvc_probe_unpack(block, (gsize)rc, granted);
  if (granted->format_index != mode->format_index || granted->frame_index != mode->frame_index) {
    g_set_error(error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                "camera refused %s %ux%u (granted format %u frame %u)",
                anyi_uvc_encoding_name(mode->encoding), mode->width, mode->height,
                granted->format_index, granted->frame_index);
    return FALSE;
  }
  if (!commit)
    return TRUE;
  rc = streaming_request(self, ANYI_UVC_SET_CUR, ANYI_UVC_VS_COMMIT, block, len);
  return !usb_failed(rc, "commit", error);
}

static void LIBUSB_CALL on_transfer(struct libusb_transfer *transfer);

static int
transfer_slot(AnyiUvcDevice *self, struct libusb_transfer *transfer)
{
  for (int i = 0; i < N_TRANSFERS; i++)
    if (self->transfers[i] == transfer)
      return i;
  g_assert_not_reached();
}

static gboolean
submit(AnyiUvcDevice *self, struct libusb_transfer *transfer)
{
  int rc = libusb_submit_transfer(transfer);
  if (rc != 0) {
    /* A transfer we cannot resubmit means the camera is lost to us. */
    g_debug("camera: resubmit failed: %s", libusb_error_name(rc));
    self->gone = TRUE;
    return FALSE;
  }
  self->in_flight++;
  self->busy[transfer_slot(self, transfer)] = TRUE;
  return TRUE;
}

/* One debug line a second while streaming: enough to tell a camera that
 * sends nothing from one whose frames all break on the way. */
static void
tally(AnyiUvcDevice *self)
{
  gint64 now = g_get_monotonic_time();
  if (self->tally_since == 0)
    self->tally_since = now;
  if (now - self->tally_since < G_USEC_PER_SEC)
    return;
  g_debug("camera: last %.1f s: %u transfers, %u packets with data (%" G_GSIZE_FORMAT
          " bytes), %u empty, %u failed; %u frames, %u dropped so far",
          (now - self->tally_since) / 1e6, self->tally_transfers, self->tally_packets,
          self->tally_bytes, self->tally_empty, self->tally_failed, self->tally_frames,
          anyi_uvc_assembler_get_dropped(self->assembler));
  self->tally_since = now;
  self->tally_transfers = self->tally_packets = self->tally_empty = self->tally_failed = 0;
  self->tally_frames = 0;
  self->tally_bytes = 0;
}

static void
push_payload(AnyiUvcDevice *self, const guint8 *payload, gsize len)
{
  if (len == 0) {
    self->tally_empty++;
  } else {
    self->tally_packets++;
    self->tally_bytes += len;
  }
  g_autoptr(GBytes) frame = anyi_uvc_assembler_push(self->assembler, payload, len);
  if (frame)
    self->tally_frames++;
  if (frame && self->on_frame)
    self->on_frame(frame, &self->mode, self->user_data);
}

/* One payload per packet; a packet lost on the bus loses its frame. */
static void
push_iso_packets(AnyiUvcDevice *self, struct libusb_transfer *transfer)
{
  for (int i = 0; i < transfer->num_iso_packets && !self->gone; i++) {
    const struct libusb_iso_packet_descriptor *packet = &transfer->iso_packet_desc[i];
    if (packet->status == LIBUSB_TRANSFER_COMPLETED) {
      push_payload(self, libusb_get_iso_packet_buffer_simple(transfer, (unsigned)i),
                   MIN(packet->actual_length, packet->length));
    } else if (packet->status == LIBUSB_TRANSFER_NO_DEVICE) {
      self->gone = TRUE;
    } else {
      g_debug("camera: packet %d ended %s", i, libusb_error_name(packet->status));
      self->tally_failed++;
      anyi_uvc_assembler_lose(self->assembler);
    }
  }
}

static void LIBUSB_CALL
on_transfer(struct libusb_transfer *transfer)
{
  AnyiUvcDevice *self = transfer->user_data;
  self->in_flight--;
  self->busy[transfer_slot(self, transfer)] = FALSE;
  self->tally_transfers++;
  switch (transfer->status) {
  case LIBUSB_TRANSFER_COMPLETED:
    if (transfer->type == LIBUSB_TRANSFER_TYPE_ISOCHRONOUS)
      push_iso_packets(self, transfer);
    else
      push_payload(self, transfer->buffer, (gsize)transfer->actual_length);
    break;
  case LIBUSB_TRANSFER_NO_DEVICE:
    self->gone = TRUE;
    return;
  case LIBUSB_TRANSFER_CANCELLED:
    return;
  default:
    /* A payload went missing: without it its frame decodes with a hole
     * (rows shifted, grey or scrambled), which must never be shown or kept. */
    g_debug("camera: transfer ended %s", libusb_error_name(transfer->status));
    self->tally_failed++;
    anyi_uvc_assembler_lose(self->assembler);
    break;
  }
  tally(self);
  if (!self->stopping && !self->gone)
    submit(self, transfer);
}

static struct libusb_transfer *
new_transfer(AnyiUvcDevice *self, const AnyiUvcAltSetting *alt, gsize payload_size)
{
  if (!alt) {
    struct libusb_transfer *t = libusb_alloc_transfer(0);
    libusb_fill_bulk_transfer(t, self->handle, self->endpoint, g_malloc(payload_size),
                              (int)payload_size, on_transfer, self, 0);
    return t;
  }
  struct libusb_transfer *t = libusb_alloc_transfer(ISO_PACKETS);
  gsize len = (gsize)alt->bandwidth * ISO_PACKETS;
  libusb_fill_iso_transfer(t, self->handle, alt->endpoint, g_malloc(len), (int)len, ISO_PACKETS,
                           on_transfer, self, 0);
  libusb_set_iso_packet_lengths(t, alt->bandwidth);
  return t;
}

static gboolean
start_transfers(AnyiUvcDevice *self, const AnyiUvcAltSetting *alt, gsize payload_size,
                GError **error)
{
  for (int i = 0; i < N_TRANSFERS; i++) {
    struct libusb_transfer *t = new_transfer(self, alt, payload_size);
    t->flags = LIBUSB_TRANSFER_FREE_BUFFER;
    self->transfers[i] = t;
    if (!submit(self, t)) {
      g_set_error(error, G_IO_ERROR, G_IO_ERROR_FAILED, "cannot start streaming");
      return FALSE;
    }
  }
  return TRUE;
}

/* Isochronous: the smallest alternate setting that carries a payload in
 * each interval, so the camera reserves no more of the bus than it needs. */
static const AnyiUvcAltSetting *
choose_alt(AnyiUvcDevice *self, guint32 payload, GError **error)
{
  const AnyiUvcAltSetting *alt = anyi_uvc_pick_alt(self->alts, payload);
  if (!alt) {
    g_set_error(error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                "no alternate setting carries %u bytes per interval", payload);
    return NULL;
  }
  int rc = libusb_set_interface_alt_setting(self->handle, self->streaming_interface, alt->alt);
  if (rc == LIBUSB_ERROR_NO_DEVICE)
    self->gone = TRUE;
  if (usb_failed(rc, "choosing the alternate setting", error))
    return NULL;
  self->alt = alt->alt;
  return alt;
}

gboolean
anyi_uvc_device_start(AnyiUvcDevice *self, const AnyiUvcMode *mode, AnyiUvcFrameFunc on_frame,
                      gpointer user_data, GError **error)
{
  g_return_val_if_fail(!self->claimed, FALSE);
  int rc = libusb_claim_interface(self->handle, self->streaming_interface);
  if (rc == LIBUSB_ERROR_NO_DEVICE)
    self->gone = TRUE;
  if (usb_failed(rc, "claiming the video interface", error))
    return FALSE;
  self->claimed = TRUE;
  self->stopping = FALSE;

  AnyiUvcProbe granted;
  gsize frame_bytes = 0, payload_bytes = 0;
  const AnyiUvcAltSetting *alt = NULL;
  if (!negotiate(self, mode, TRUE, &granted, error) ||
      !anyi_uvc_probe_check(&granted, mode, &frame_bytes, &payload_bytes, error) ||
      (self->transfer == ANYI_UVC_TRANSFER_ISO &&
       !(alt = choose_alt(self, (guint32)payload_bytes, error)))) {
    anyi_uvc_device_stop(self);
    return FALSE;
  }
  self->mode = *mode;
  self->mode.max_frame_size = (guint32)frame_bytes;
  self->assembler = anyi_uvc_assembler_new(frame_bytes);
  self->tally_since = 0;
  self->on_frame = on_frame;
  self->user_data = user_data;
  if (!start_transfers(self, alt, MAX(payload_bytes, (gsize)MIN_PAYLOAD), error)) {
    anyi_uvc_device_stop(self);
    return FALSE;
  }
  return TRUE;
}

gboolean
anyi_uvc_device_probe_alt(AnyiUvcDevice *self, const AnyiUvcMode *mode, guint *alt, GError **error)
{
  g_return_val_if_fail(!self->claimed, FALSE);
  *alt = 0;
  int rc = libusb_claim_interface(self->handle, self->streaming_interface);
  if (usb_failed(rc, "claiming the video interface", error))
    return FALSE;
  AnyiUvcProbe granted;
  gsize frame_bytes = 0, payload_bytes = 0;
  gboolean ok = negotiate(self, mode, FALSE, &granted, error) &&
                anyi_uvc_probe_check(&granted, mode, &frame_bytes, &payload_bytes, error);
  if (ok && self->transfer == ANYI_UVC_TRANSFER_ISO) {
    const AnyiUvcAltSetting *chosen = anyi_uvc_pick_alt(self->alts, (guint32)payload_bytes);
    ok = chosen != NULL;
    if (chosen)
      *alt = chosen->alt;
    else
      g_set_error(error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                  "no alternate setting carries %" G_GSIZE_FORMAT " bytes", payload_bytes);
  }
  libusb_release_interface(self->handle, self->streaming_interface);
  return ok;
}

static void
wait_for_transfers(AnyiUvcDevice *self)
{
  gint64 deadline = g_get_monotonic_time() + STOP_DEADLINE_US;
  struct timeval tv = {0, 50 * 1000};
  while (self->in_flight > 0 && g_get_monotonic_time() < deadline)
    libusb_handle_events_timeout_completed(self->context, &tv, NULL);
}

static void LIBUSB_CALL
free_orphan(struct libusb_transfer *transfer)
{
  libusb_free_transfer(transfer);
}

/* libusb 1.0.26 (Debian 12) unlocks the handle's lock without taking it
 * when libusb_set_interface_alt_setting meets a device its hotplug thread
 * has marked detached, and libusb_close then aborts on that lock (libusb
 * #1199, fixed in 1.0.27). A camera pulled while it stops reaches that
 * before its transfers say so: ask the device first. Any answer, a stall
 * included, means it is still there. */
static gboolean
still_attached(AnyiUvcDevice *self)
{
  guint8 configuration = 0;
  int rc = libusb_control_transfer(self->handle, LIBUSB_ENDPOINT_IN,
                                   LIBUSB_REQUEST_GET_CONFIGURATION, 0, 0, &configuration, 1, 200);
  return rc != LIBUSB_ERROR_NO_DEVICE;
}

void
anyi_uvc_device_stop(AnyiUvcDevice *self)
{
  if (!self->claimed)
    return;
  self->stopping = TRUE;
  for (int i = 0; i < N_TRANSFERS; i++)
    if (self->transfers[i])
      libusb_cancel_transfer(self->transfers[i]);
  wait_for_transfers(self);
  g_debug("camera: transfers cancelled, %u still out", self->in_flight);
  for (int i = 0; i < N_TRANSFERS; i++) {
    struct libusb_transfer *t = g_steal_pointer(&self->transfers[i]);
    if (t && !self->busy[i]) {
      libusb_free_transfer(t);
    } else if (t) {
      /* Freeing it now would let libusb write into freed memory later. */
      g_warning("camera: a transfer did not come back in time; it frees itself when it does");
      t->callback = free_orphan;
      t->user_data = NULL;
    }
    self->busy[i] = FALSE;
  }
  self->in_flight = 0;
  if (!self->gone && still_attached(self)) {
    libusb_set_interface_alt_setting(self->handle, self->streaming_interface, 0);
    libusb_release_interface(self->handle, self->streaming_interface);
  }
  self->alt = 0; /* an unplugged camera comes back in alternate setting 0 */
  g_clear_pointer(&self->assembler, anyi_uvc_assembler_free);
  self->claimed = FALSE;
}
