/* uvc-camera-emulator.c: a bulk-streaming UVC 1.0 camera for umockdev. */
#include "uvc-camera-emulator.h"

#include "camera/anyi-frame.h"
#include "camera/anyi-uvc-proto.h"

#include <errno.h>
#include <linux/ioctl.h>
#include <linux/usbdevice_fs.h>
#include <string.h>

#define STREAMING_INTERFACE 1
#define STREAMING_ENDPOINT  0x81
#define MAX_PAYLOAD         (64 * 1024)
#define FORMAT_MJPEG        1
#define FORMAT_YUY2         2

typedef struct {
  GQueue waiting; /* IN bulk URBs (UMockdevIoctlData) the camera has not filled yet */
  GQueue done;    /* URBs ready to be reaped */
} ClientUrbs;

struct _UvcCameraEmulator {
  UMockdevIoctlBase parent_instance;
  GMutex lock; /* the handler runs in umockdev's thread, unplug in the test's */
  UMockdevTestbed *testbed;
  guint16 vendor_id, product_id;
  char *product, *serial;
  guint fps;
  gboolean offer_yuy2;
  GPtrArray *mjpeg; /* GBytes per picture */
  GPtrArray *yuy2;
  int width, height;
  GBytes *descriptors;
  char *sysfs_path;
  char *devnode;
  gboolean plugged;
  GHashTable *clients; /* UMockdevIoctlClient -> ClientUrbs */

  AnyiUvcProbe probe;
  guint committed_format; /* 0 = not streaming */
  gint64 stream_start;
  guint64 frame_number;
  GBytes *sending; /* the frame being cut into payloads */
  gsize sent;
  guint8 fid;
  guint frames_sent;
};

G_DEFINE_FINAL_TYPE(UvcCameraEmulator, uvc_camera_emulator, UMOCKDEV_TYPE_IOCTL_BASE)

static int next_devnum = 2;
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
  static const guint8 vs_interface[] = {9, 0x04, STREAMING_INTERFACE, 0, 1, 0x0E, 0x02, 0, 0};
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
  static const guint8 endpoint[] = {7, 0x05, STREAMING_ENDPOINT, 0x02, 0x00, 0x02, 0};
  put_bytes(a, endpoint, sizeof endpoint);
}

static GBytes *
build_descriptors(UvcCameraEmulator *self)
{
  GByteArray *a = g_byte_array_new();
  guint8 device[] = {18,
                     0x01,
                     0x00,
                     0x02,
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

typedef struct {
  guint8 type, request;
  guint16 value, index, length;
} Setup;

static gsize
string_descriptor(UvcCameraEmulator *self, guint8 index, guint8 *out, gsize room)
{
  const char *text = index == 1 ? "Anyi Kiosk Test" : index == 2 ? self->product : self->serial;
  if (index == 0) {
    static const guint8 langs[] = {4, 0x03, 0x09, 0x04};
    memcpy(out, langs, MIN(room, sizeof langs));
    return MIN(room, sizeof langs);
  }
  if (index > 3)
    return 0;
  gsize n = strlen(text), len = 2 + 2 * n;
  guint8 full[256] = {(guint8)len, 0x03};
  for (gsize i = 0; i < n && 2 + 2 * i + 1 < sizeof full; i++)
    full[2 + 2 * i] = (guint8)text[i];
  memcpy(out, full, MIN(room, len));
  return MIN(room, len);
}

static gssize
get_descriptor(UvcCameraEmulator *self, const Setup *s, guint8 *out)
{
  gsize size = 0;
  const guint8 *d = g_bytes_get_data(self->descriptors, &size);
  switch (s->value >> 8) {
  case 0x01:
    memcpy(out, d, MIN(s->length, 18));
    return MIN(s->length, 18);
  case 0x02:
    memcpy(out, d + 18, MIN(s->length, size - 18));
    return (gssize)MIN(s->length, size - 18);
  case 0x03:
    return (gssize)string_descriptor(self, s->value & 0xFF, out, s->length);
  default:
    return -EPIPE;
  }
}

static guint32
frame_size(UvcCameraEmulator *self, guint format)
{
  return format == FORMAT_YUY2 ? (guint32)(self->width * self->height * 2) : largest_jpeg(self);
}

static void
start_streaming(UvcCameraEmulator *self)
{
  self->committed_format = self->probe.format_index;
  self->stream_start = g_get_monotonic_time();
  self->frame_number = 0;
  g_clear_pointer(&self->sending, g_bytes_unref);
  self->sent = 0;
}

/* Probe and commit on the streaming interface (UVC 1.0: 26 bytes). */
static gssize
streaming_control(UvcCameraEmulator *self, const Setup *s, guint8 *data)
{
  guint8 control = s->value >> 8;
  if ((s->index & 0xFF) != STREAMING_INTERFACE || s->length != ANYI_UVC_PROBE_LEN_10 ||
      (control != ANYI_UVC_VS_PROBE && control != ANYI_UVC_VS_COMMIT))
    return -EPIPE;
  if (s->request == ANYI_UVC_SET_CUR) {
    AnyiUvcProbe wish;
    anyi_uvc_probe_unpack(data, s->length, &wish);
    guint format =
        wish.format_index == FORMAT_YUY2 && self->offer_yuy2 ? FORMAT_YUY2 : FORMAT_MJPEG;
    self->probe = (AnyiUvcProbe){.format_index = (guint8)format,
                                 .frame_index = 1,
                                 .interval = 10000000 / self->fps,
                                 .max_frame_size = frame_size(self, format),
                                 .max_payload_size = MAX_PAYLOAD};
    if (control == ANYI_UVC_VS_COMMIT)
      start_streaming(self);
    return s->length;
  }
  if (control == ANYI_UVC_VS_PROBE &&
      (s->request == ANYI_UVC_GET_CUR || s->request == ANYI_UVC_GET_MIN ||
       s->request == ANYI_UVC_GET_MAX || s->request == ANYI_UVC_GET_DEF)) {
    if (self->probe.format_index == 0)
      self->probe = (AnyiUvcProbe){.format_index = FORMAT_MJPEG,
                                   .frame_index = 1,
                                   .interval = 10000000 / self->fps,
                                   .max_frame_size = frame_size(self, FORMAT_MJPEG),
                                   .max_payload_size = MAX_PAYLOAD};
    anyi_uvc_probe_pack(&self->probe, data, s->length);
    return s->length;
  }
  return -EPIPE;
}

/* Answers a control URB: returns the data length or a negative errno. */
static gssize
control_request(UvcCameraEmulator *self, guint8 *buffer, gsize buffer_length)
{
  if (buffer_length < 8)
    return -EINVAL;
  Setup s = {buffer[0], buffer[1], (guint16)(buffer[2] | buffer[3] << 8),
             (guint16)(buffer[4] | buffer[5] << 8), (guint16)(buffer[6] | buffer[7] << 8)};
  if (8 + (gsize)s.length > buffer_length)
    return -EINVAL;
  guint8 *data = buffer + 8;
  if (s.type == 0x80 && s.request == 0x06)
    return get_descriptor(self, &s, data);
  if ((s.type & 0x7F) == 0x21)
    return streaming_control(self, &s, data);
  if (s.type == 0x00 && s.request == 0x09)
    return 0; /* SET_CONFIGURATION */
  return -EPIPE;
}

/* ---- streaming ---- */

static GBytes *
picture(UvcCameraEmulator *self, guint64 n)
{
  GPtrArray *set = self->committed_format == FORMAT_YUY2 ? self->yuy2 : self->mjpeg;
  return g_ptr_array_index(set, n % set->len);
}

/* The next payload, if the frame it belongs to is due: header (EOH, FID,
 * EOF on the last) then as much of the frame as fits. */
static gboolean
next_payload(UvcCameraEmulator *self, struct usbdevfs_urb *urb)
{
  if (!self->sending) {
    gint64 due = self->stream_start + (gint64)(self->frame_number * G_USEC_PER_SEC / self->fps);
    if (g_get_monotonic_time() < due)
      return FALSE;
    self->sending = g_bytes_ref(picture(self, self->frame_number));
    self->sent = 0;
  }
  gsize size = 0;
  const guint8 *data = g_bytes_get_data(self->sending, &size);
  gsize room = urb->buffer_length > 2 ? (gsize)urb->buffer_length - 2 : 0;
  gsize chunk = MIN(room, size - self->sent);
  gboolean last = self->sent + chunk == size;
  guint8 *out = urb->buffer;
  out[0] = 2;
  out[1] = ANYI_UVC_HEADER_EOH | self->fid | (last ? ANYI_UVC_HEADER_EOF : 0);
  memcpy(out + 2, data + self->sent, chunk);
  urb->actual_length = (int)(2 + chunk);
  urb->status = 0;
  self->sent += chunk;
  if (last) {
    g_clear_pointer(&self->sending, g_bytes_unref);
    self->frame_number++;
    self->frames_sent++;
    self->fid ^= ANYI_UVC_HEADER_FID;
  }
  return TRUE;
}

static void
fill_waiting(UvcCameraEmulator *self, ClientUrbs *urbs)
{
  while (self->committed_format && !g_queue_is_empty(&urbs->waiting)) {
    UMockdevIoctlData *urb_data = g_queue_peek_head(&urbs->waiting);
    if (!next_payload(self, (struct usbdevfs_urb *)urb_data->data))
      return;
    g_queue_push_tail(&urbs->done, g_queue_pop_head(&urbs->waiting));
  }
}

/* ---- the ioctl handler ---- */

static void
free_client_urbs(gpointer data)
{
  ClientUrbs *urbs = data;
  g_queue_clear_full(&urbs->waiting, g_object_unref);
  g_queue_clear_full(&urbs->done, g_object_unref);
  g_free(urbs);
}

static ClientUrbs *
client_urbs(UvcCameraEmulator *self, UMockdevIoctlClient *client)
{
  ClientUrbs *urbs = g_hash_table_lookup(self->clients, client);
  if (!urbs) {
    urbs = g_new0(ClientUrbs, 1);
    g_hash_table_insert(self->clients, g_object_ref(client), urbs);
  }
  return urbs;
}

static void
finish_urb(ClientUrbs *urbs, UMockdevIoctlData *urb_data, int status, gssize length)
{
  struct usbdevfs_urb *urb = (struct usbdevfs_urb *)urb_data->data;
  urb->status = status;
  urb->actual_length = (int)MAX(0, length);
  g_queue_push_tail(&urbs->done, g_object_ref(urb_data));
}

static void
submit_urb(UvcCameraEmulator *self, UMockdevIoctlClient *client)
{
  UMockdevIoctlData *arg = umockdev_ioctl_client_get_arg(client);
  g_autoptr(UMockdevIoctlData) urb_data =
      umockdev_ioctl_data_resolve(arg, 0, sizeof(struct usbdevfs_urb), NULL);
  struct usbdevfs_urb *urb = (struct usbdevfs_urb *)urb_data->data;
  g_autoptr(UMockdevIoctlData) buffer = umockdev_ioctl_data_resolve(
      urb_data, G_STRUCT_OFFSET(struct usbdevfs_urb, buffer), (gsize)urb->buffer_length, NULL);
  ClientUrbs *urbs = client_urbs(self, client);

  if (urb->type == USBDEVFS_URB_TYPE_CONTROL) {
    gssize n = control_request(self, buffer->data, (gsize)buffer->data_len);
    finish_urb(urbs, urb_data, n < 0 ? (int)n : 0, n);
  } else if (urb->type == USBDEVFS_URB_TYPE_BULK && urb->endpoint == STREAMING_ENDPOINT) {
    g_queue_push_tail(&urbs->waiting, g_object_ref(urb_data));
  } else {
    finish_urb(urbs, urb_data, -EPIPE, 0);
  }
  umockdev_ioctl_client_complete(client, 0, 0);
}

static void
reap_urb(UvcCameraEmulator *self, UMockdevIoctlClient *client)
{
  ClientUrbs *urbs = client_urbs(self, client);
  if (self->plugged)
    fill_waiting(self, urbs);
  g_autoptr(UMockdevIoctlData) urb_data = g_queue_pop_head(&urbs->done);
  if (!urb_data) {
    umockdev_ioctl_client_complete(client, -1, self->plugged ? EAGAIN : ENODEV);
    return;
  }
  UMockdevIoctlData *arg = umockdev_ioctl_client_get_arg(client);
  g_autoptr(UMockdevIoctlData) ptr = umockdev_ioctl_data_resolve(arg, 0, sizeof(gpointer), NULL);
  umockdev_ioctl_data_set_ptr(ptr, 0, urb_data);
  umockdev_ioctl_client_complete(client, 0, 0);
}

static gint
compare_client_addr(gconstpointer data, gconstpointer addr)
{
  return ((const UMockdevIoctlData *)data)->client_addr != (gulong)addr;
}

static void
discard_urb(UvcCameraEmulator *self, UMockdevIoctlClient *client)
{
  ClientUrbs *urbs = client_urbs(self, client);
  UMockdevIoctlData *arg = umockdev_ioctl_client_get_arg(client);
  GList *l = g_queue_find_custom(&urbs->waiting, *(void **)arg->data, compare_client_addr);
  if (!l) {
    umockdev_ioctl_client_complete(client, -1, EINVAL);
    return;
  }
  UMockdevIoctlData *urb_data = l->data;
  g_queue_delete_link(&urbs->waiting, l);
  finish_urb(urbs, urb_data, -ENOENT, 0);
  g_object_unref(urb_data);
  umockdev_ioctl_client_complete(client, 0, 0);
}

static void
set_interface(UvcCameraEmulator *self, UMockdevIoctlClient *client)
{
  UMockdevIoctlData *arg = umockdev_ioctl_client_get_arg(client);
  g_autoptr(UMockdevIoctlData) d =
      umockdev_ioctl_data_resolve(arg, 0, sizeof(struct usbdevfs_setinterface), NULL);
  const struct usbdevfs_setinterface *si = (const struct usbdevfs_setinterface *)d->data;
  if (si->interface == STREAMING_INTERFACE)
    self->committed_format = 0; /* alternate setting 0 stops the stream */
  umockdev_ioctl_client_complete(client, 0, 0);
}

static void
get_capabilities(UMockdevIoctlClient *client)
{
  UMockdevIoctlData *arg = umockdev_ioctl_client_get_arg(client);
  g_autoptr(UMockdevIoctlData) d = umockdev_ioctl_data_resolve(arg, 0, sizeof(guint32), NULL);
  /* Scatter-gather (as on xHCI): libusb then sends a bulk transfer as one
   * URB, and one URB carries one whole UVC payload. */
  *(guint32 *)d->data = USBDEVFS_CAP_BULK_SCATTER_GATHER | USBDEVFS_CAP_NO_PACKET_SIZE_LIM |
                        USBDEVFS_CAP_REAP_AFTER_DISCONNECT | USBDEVFS_CAP_ZERO_PACKET;
  umockdev_ioctl_client_complete(client, 0, 0);
}

static gboolean
dispatch(UvcCameraEmulator *self, UMockdevIoctlClient *client, gulong request)
{
  if (request == USBDEVFS_REAPURB || request == USBDEVFS_REAPURBNDELAY) {
    reap_urb(self, client);
    return TRUE;
  }
  if (!self->plugged) {
    umockdev_ioctl_client_complete(client, -1, ENODEV);
    return TRUE;
  }
  switch (request) {
  case USBDEVFS_SUBMITURB:
    submit_urb(self, client);
    return TRUE;
  case USBDEVFS_DISCARDURB:
    discard_urb(self, client);
    return TRUE;
  case USBDEVFS_SETINTERFACE:
    set_interface(self, client);
    return TRUE;
  case USBDEVFS_GET_CAPABILITIES:
    get_capabilities(client);
    return TRUE;
  case USBDEVFS_CLAIMINTERFACE:
  case USBDEVFS_RELEASEINTERFACE:
  case USBDEVFS_DISCONNECT_CLAIM:
  case USBDEVFS_CLEAR_HALT:
  case USBDEVFS_RESET:
  case USBDEVFS_RESETEP:
    umockdev_ioctl_client_complete(client, 0, 0);
    return TRUE;
  case USBDEVFS_GETDRIVER:
  case USBDEVFS_IOCTL:
    umockdev_ioctl_client_complete(client, -1, ENODATA); /* no kernel driver bound */
    return TRUE;
  default:
    return FALSE;
  }
}

static gboolean
gone_client(gpointer key, gpointer value, gpointer user_data)
{
  return !umockdev_ioctl_client_get_connected(key);
}

static gboolean
uvc_camera_emulator_handle_ioctl(UMockdevIoctlBase *base, UMockdevIoctlClient *client)
{
  UvcCameraEmulator *self = UVC_CAMERA_EMULATOR(base);
  g_mutex_lock(&self->lock);
  /* umockdev 0.17 does not always emit client-vanished when a file is
   * closed: drop the URBs of disconnected clients here as well. */
  g_hash_table_foreach_remove(self->clients, gone_client, NULL);
  gboolean handled = dispatch(self, client, umockdev_ioctl_client_get_request(client));
  g_mutex_unlock(&self->lock);
  return handled;
}

static void
uvc_camera_emulator_client_vanished(UMockdevIoctlBase *base, UMockdevIoctlClient *client)
{
  UvcCameraEmulator *self = UVC_CAMERA_EMULATOR(base);
  g_mutex_lock(&self->lock);
  g_hash_table_remove(self->clients, client);
  g_mutex_unlock(&self->lock);
}

/* ---- life cycle ---- */

static void
uvc_camera_emulator_finalize(GObject *object)
{
  UvcCameraEmulator *self = UVC_CAMERA_EMULATOR(object);
  g_clear_pointer(&self->clients, g_hash_table_unref);
  g_clear_pointer(&self->mjpeg, g_ptr_array_unref);
  g_clear_pointer(&self->yuy2, g_ptr_array_unref);
  g_clear_pointer(&self->descriptors, g_bytes_unref);
  g_clear_pointer(&self->sending, g_bytes_unref);
  g_clear_object(&self->testbed);
  g_free(self->product);
  g_free(self->serial);
  g_free(self->sysfs_path);
  g_free(self->devnode);
  g_mutex_clear(&self->lock);
  G_OBJECT_CLASS(uvc_camera_emulator_parent_class)->finalize(object);
}

static void
uvc_camera_emulator_class_init(UvcCameraEmulatorClass *klass)
{
  G_OBJECT_CLASS(klass)->finalize = uvc_camera_emulator_finalize;
  UMOCKDEV_IOCTL_BASE_CLASS(klass)->handle_ioctl = uvc_camera_emulator_handle_ioctl;
  UMOCKDEV_IOCTL_BASE_CLASS(klass)->client_vanished = uvc_camera_emulator_client_vanished;
}

static void
uvc_camera_emulator_init(UvcCameraEmulator *self)
{
  g_mutex_init(&self->lock);
  self->clients =
      g_hash_table_new_full(g_direct_hash, g_direct_equal, g_object_unref, free_client_urbs);
  self->mjpeg = g_ptr_array_new_with_free_func((GDestroyNotify)g_bytes_unref);
  self->yuy2 = g_ptr_array_new_with_free_func((GDestroyNotify)g_bytes_unref);
}

static gboolean
load_pictures(UvcCameraEmulator *self, const char *const *files, GError **error)
{
  for (guint i = 0; files && files[i]; i++) {
    char *contents = NULL;
    gsize len = 0;
    if (!g_file_get_contents(files[i], &contents, &len, error))
      return FALSE;
    g_autoptr(GBytes) jpeg = g_bytes_new_take(contents, len);
    g_autoptr(AnyiFrame) frame = anyi_frame_new_from_jpeg((const guint8 *)contents, len, error);
    if (!frame)
      return FALSE;
    if (i > 0 && (frame->width != self->width || frame->height != self->height)) {
      g_set_error(error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "%s is %dx%d, not %dx%d", files[i],
                  frame->width, frame->height, self->width, self->height);
      return FALSE;
    }
    self->width = frame->width & ~1;
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

static char *
hex(GBytes *bytes)
{
  gsize len = 0;
  const guint8 *d = g_bytes_get_data(bytes, &len);
  GString *s = g_string_sized_new(len * 2);
  for (gsize i = 0; i < len; i++)
    g_string_append_printf(s, "%02x", d[i]);
  return g_string_free(s, FALSE);
}

static gboolean
plug(UvcCameraEmulator *self, GError **error)
{
  G_LOCK(next_devnum);
  int devnum = next_devnum++;
  G_UNLOCK(next_devnum);
  g_free(self->devnode);
  g_free(self->sysfs_path);
  self->devnode = g_strdup_printf("/dev/bus/usb/001/%03d", devnum);
  self->sysfs_path = g_strdup_printf("/sys/devices/anyi-usb/1-%d", devnum);
  if (!umockdev_testbed_attach_ioctl(self->testbed, self->devnode, UMOCKDEV_IOCTL_BASE(self),
                                     error))
    return FALSE;
  g_autofree char *descriptors = hex(self->descriptors);
  g_autofree char *record = g_strdup_printf(
      "P: /devices/anyi-usb/1-%d\nN: bus/usb/001/%03d\nE: SUBSYSTEM=usb\nE: DEVTYPE=usb_device\n"
      "E: DEVNAME=%s\nE: BUSNUM=001\nE: DEVNUM=%03d\nA: busnum=1\\n\nA: devnum=%d\\n\n"
      "A: bConfigurationValue=1\\n\nA: speed=480\\n\nH: descriptors=%s\n",
      devnum, devnum, self->devnode, devnum, devnum, descriptors);
  g_mutex_lock(&self->lock);
  self->plugged = TRUE;
  self->committed_format = 0;
  g_mutex_unlock(&self->lock);
  return umockdev_testbed_add_from_string(self->testbed, record, error);
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
  if (!load_pictures(self, config->jpeg_files, error))
    return NULL;
  self->descriptors = build_descriptors(self);
  if (!plug(self, error))
    return NULL;
  return g_steal_pointer(&self);
}

static void
fail_in_flight(gpointer key, gpointer value, gpointer user_data)
{
  ClientUrbs *urbs = value;
  UMockdevIoctlData *urb_data;
  while ((urb_data = g_queue_pop_head(&urbs->waiting))) {
    finish_urb(urbs, urb_data, -ESHUTDOWN, 0);
    g_object_unref(urb_data);
  }
}

void
uvc_camera_emulator_unplug(UvcCameraEmulator *self)
{
  g_mutex_lock(&self->lock);
  self->plugged = FALSE;
  self->committed_format = 0;
  g_hash_table_foreach(self->clients, fail_in_flight, NULL);
  g_mutex_unlock(&self->lock);
  umockdev_testbed_uevent(self->testbed, self->sysfs_path, "remove");
  umockdev_testbed_remove_device(self->testbed, self->sysfs_path);
}

gboolean
uvc_camera_emulator_replug(UvcCameraEmulator *self, GError **error)
{
  return plug(self, error);
}

guint
uvc_camera_emulator_get_frames_sent(UvcCameraEmulator *self)
{
  g_mutex_lock(&self->lock);
  guint n = self->frames_sent;
  g_mutex_unlock(&self->lock);
  return n;
}

guint
uvc_camera_emulator_get_streaming_format(UvcCameraEmulator *self)
{
  g_mutex_lock(&self->lock);
  guint format = self->committed_format;
  g_mutex_unlock(&self->lock);
  return format;
}

guint
uvc_camera_emulator_get_n_clients(UvcCameraEmulator *self)
{
  g_mutex_lock(&self->lock);
  guint n = g_hash_table_size(self->clients);
  g_mutex_unlock(&self->lock);
  return n;
}
