/* SPDX-License-Identifier: GPL-3.0-or-later */
/* usb-emulator.c: a usbdevfs device model for umockdev (see the header). */
#include "usb-emulator.h"

#include <errno.h>
#include <linux/ioctl.h>
#include <linux/usbdevice_fs.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef struct {
  UMockdevIoctlData *urb_data; /* struct usbdevfs_urb */
  UMockdevIoctlData *buffer;
  gboolean done;
  int status;
  int actual;
} Urb;

typedef struct {
  GBytes *data;
  gsize offset;
  gint64 not_before;
  int status; /* nonzero: the URB ends with this (-EPIPE a stall, -EPROTO lost on the bus) */
} Packet;

typedef struct {
  GRecMutex lock;
  GHashTable *urbs;    /* UMockdevIoctlClient * -> GQueue of Urb * */
  GHashTable *packets; /* endpoint -> GQueue of Packet * */
  UMockdevTestbed *testbed;
  char *syspath;
  char *devnode;
  guint devnum;
  int claim_errno; /* nonzero: claiming an interface fails with it */
  /* interface number -> the client (open file) that claimed it: as in
   * usbfs, one open file at a time holds an interface */
  GHashTable *claims;
  guint speed; /* Mb/s, as sysfs says: 12 full speed, 480 high speed */
} AnyiUsbEmulatorPrivate;

#define MAX_ISO_PACKETS 128 /* per URB, as usbfs allows */

G_DEFINE_TYPE_WITH_PRIVATE(AnyiUsbEmulator, anyi_usb_emulator, UMOCKDEV_TYPE_IOCTL_BASE)

#define PRIV(self) ((AnyiUsbEmulatorPrivate *)anyi_usb_emulator_get_instance_private(self))

static void
urb_free(gpointer data)
{
  Urb *urb = data;
  g_clear_object(&urb->urb_data);
  g_clear_object(&urb->buffer);
  g_free(urb);
}

static gboolean
refuse_urb(UMockdevIoctlClient *client, Urb *urb, int error)
{
  urb_free(urb);
  umockdev_ioctl_client_complete(client, -1, error);
  return TRUE;
}

static void
urb_queue_free(gpointer data)
{
  g_queue_free_full(data, urb_free);
}

static void
packet_free(gpointer data)
{
  Packet *packet = data;
  g_clear_pointer(&packet->data, g_bytes_unref);
  g_free(packet);
}

static void
packet_queue_free(gpointer data)
{
  g_queue_free_full(data, packet_free);
}

static GQueue *
client_urbs(AnyiUsbEmulatorPrivate *priv, UMockdevIoctlClient *client)
{
  GQueue *queue = g_hash_table_lookup(priv->urbs, client);
  if (queue == NULL) {
    queue = g_queue_new();
    g_hash_table_insert(priv->urbs, g_object_ref(client), queue);
  }
  return queue;
}

static GQueue *
endpoint_packets(AnyiUsbEmulatorPrivate *priv, guint8 endpoint)
{
  GQueue *queue = g_hash_table_lookup(priv->packets, GUINT_TO_POINTER(endpoint));
  if (queue == NULL) {
    queue = g_queue_new();
    g_hash_table_insert(priv->packets, GUINT_TO_POINTER(endpoint), queue);
  }
  return queue;
}

/* A client that opened the node of an unplugged device (an earlier
 * device number) stays disconnected even after a replug. */
static gboolean
client_connected(AnyiUsbEmulatorPrivate *priv, UMockdevIoctlClient *client)
{
  return priv->devnode != NULL &&
         g_strcmp0(umockdev_ioctl_client_get_devnode(client), priv->devnode) == 0;
}

static struct usbdevfs_urb *
urb_struct(Urb *urb)
{
  return (struct usbdevfs_urb *)urb->urb_data->data;
}

static void
complete_control(AnyiUsbEmulator *self, Urb *urb)
{
  guint8 *bytes = urb->buffer->data;
  AnyiUsbSetup setup = {bytes[0], bytes[1], bytes[2] | bytes[3] << 8, bytes[4] | bytes[5] << 8,
                        bytes[6] | bytes[7] << 8};
  gsize len = setup.bmRequestType & 0x80 ? 0 : setup.wLength;
  AnyiUsbEmulatorClass *klass = ANYI_USB_EMULATOR_GET_CLASS(self);
  gboolean ok = klass->control && klass->control(self, &setup, bytes + 8, &len);
  urb->done = TRUE;
  urb->status = ok ? 0 : -EPIPE;
  urb->actual = ok ? MIN(len, setup.wLength) : 0;
}

/* An isochronous URB is followed by its packet descriptors, whose number
 * is only known once the URB is read. umockdev resolves a pointer once
 * (a second resolve returns the first copy), so the whole URB is resolved
 * through a pointer field of the first copy: error_count and signr, which
 * the host reads only after the reap has written them again. */
static gboolean
resolve_iso(Urb *urb)
{
  struct usbdevfs_urb *u = urb_struct(urb);
  int n = u->number_of_packets;
  if (n < 1 || n > MAX_ISO_PACKETS)
    return FALSE;
  gsize spare = G_STRUCT_OFFSET(struct usbdevfs_urb, error_count);
  G_STATIC_ASSERT(G_STRUCT_OFFSET(struct usbdevfs_urb, error_count) % sizeof(gpointer) == 0);
  *(gulong *)((guint8 *)urb->urb_data->data + spare) = urb->urb_data->client_addr;
  UMockdevIoctlData *whole = umockdev_ioctl_data_resolve(
      urb->urb_data, spare,
      sizeof(struct usbdevfs_urb) + (gsize)n * sizeof(struct usbdevfs_iso_packet_desc), NULL);
  if (!whole)
    return FALSE;
  g_object_unref(urb->urb_data);
  urb->urb_data = whole;
  return TRUE;
}

static gboolean
handle_submit(AnyiUsbEmulator *self, UMockdevIoctlClient *client)
{
  AnyiUsbEmulatorPrivate *priv = PRIV(self);
  UMockdevIoctlData *arg = umockdev_ioctl_client_get_arg(client);
  if (!client_connected(priv, client)) {
    umockdev_ioctl_client_complete(client, -1, ENODEV);
    return TRUE;
  }
  Urb *urb = g_new0(Urb, 1);
  /* a resolve reads the client's memory: it fails when the client is
   * dying (a test that aborted while its USB thread submitted) */
  urb->urb_data = umockdev_ioctl_data_resolve(arg, 0, sizeof(struct usbdevfs_urb), NULL);
  if (!urb->urb_data)
    return refuse_urb(client, urb, EFAULT);
  struct usbdevfs_urb *u = urb_struct(urb);
  if (u->type == USBDEVFS_URB_TYPE_ISO && !resolve_iso(urb))
    return refuse_urb(client, urb, EINVAL);
  u = urb_struct(urb);
  urb->buffer = umockdev_ioctl_data_resolve(
      urb->urb_data, G_STRUCT_OFFSET(struct usbdevfs_urb, buffer), u->buffer_length, NULL);
  if (!urb->buffer)
    return refuse_urb(client, urb, EFAULT);
  if (u->type == USBDEVFS_URB_TYPE_CONTROL && u->buffer_length >= 8) {
    complete_control(self, urb);
  } else if (!(u->endpoint & 0x80)) {
    ANYI_USB_EMULATOR_GET_CLASS(self)->data_out(self, u->endpoint, urb->buffer->data,
                                                u->buffer_length);
    urb->done = TRUE;
    urb->actual = u->buffer_length;
  }
  g_queue_push_tail(client_urbs(priv, client), urb);
  umockdev_ioctl_client_complete(client, 0, 0);
  return TRUE;
}

/* An isochronous URB takes one queued packet per packet descriptor, each
 * with its own status and length, once the first is due; descriptors left
 * over when the queue runs dry are intervals with nothing sent (length
 * 0). A packet larger than its descriptor babbles (-EOVERFLOW). */
static void
try_fill_iso(GQueue *queue, Urb *urb)
{
  struct usbdevfs_urb *u = urb_struct(urb);
  Packet *first = g_queue_peek_head(queue);
  if (first == NULL || g_get_monotonic_time() < first->not_before)
    return;
  gsize offset = 0, total = 0;
  int errors = 0;
  for (int i = 0; i < u->number_of_packets; i++) {
    struct usbdevfs_iso_packet_desc *d = &u->iso_frame_desc[i];
    Packet *packet = g_queue_peek_head(queue);
    d->actual_length = 0;
    d->status = 0;
    if (packet && g_get_monotonic_time() >= packet->not_before) {
      gsize size = 0;
      const guint8 *data = packet->data ? g_bytes_get_data(packet->data, &size) : NULL;
      if (packet->status != 0 || size > d->length ||
          offset + d->length > (gsize)urb->buffer->data_len) {
        d->status = packet->status != 0 ? packet->status : -EOVERFLOW;
        errors++;
      } else {
        memcpy((guint8 *)urb->buffer->data + offset, data, size);
        d->actual_length = (unsigned)size;
        total += size;
      }
      packet_free(g_queue_pop_head(queue));
    }
    offset += d->length;
  }
  u->error_count = errors;
  urb->actual = (int)total;
  urb->done = TRUE;
}

/* Fills an IN URB from its endpoint's queue if a packet is due. */
static void
try_fill_in(AnyiUsbEmulatorPrivate *priv, Urb *urb)
{
  struct usbdevfs_urb *u = urb_struct(urb);
  GQueue *queue = endpoint_packets(priv, u->endpoint);
  if (u->type == USBDEVFS_URB_TYPE_ISO) {
    try_fill_iso(queue, urb);
    return;
  }
  Packet *packet = g_queue_peek_head(queue);
  if (packet == NULL || g_get_monotonic_time() < packet->not_before)
    return;
  urb->done = TRUE;
  if (packet->status != 0) {
    urb->status = packet->status;
    packet_free(g_queue_pop_head(queue));
    return;
  }
  gsize size = 0;
  const guint8 *data = g_bytes_get_data(packet->data, &size);
  gsize n = MIN(size - packet->offset, (gsize)u->buffer_length);
  memcpy(urb->buffer->data, data + packet->offset, n);
  urb->actual = n;
  packet->offset += n;
  if (packet->offset == size)
    packet_free(g_queue_pop_head(queue));
}

/* As a host controller does, the URBs of one endpoint take its data in the
 * order they were submitted: once the oldest waiting URB of an endpoint
 * finds nothing due, the later ones are not offered a packet either (one
 * that fell due meanwhile would land in the middle of a transfer, and the
 * stream would arrive scrambled). */
static Urb *
next_finished(AnyiUsbEmulatorPrivate *priv, GQueue *urbs, gboolean connected)
{
  gboolean waiting[16] = {FALSE}; /* IN endpoints whose oldest URB found nothing */
  for (GList *l = urbs->head; l != NULL; l = l->next) {
    Urb *urb = l->data;
    guint ep = urb_struct(urb)->endpoint & 0x0F;
    if (!urb->done && !connected) {
      urb->done = TRUE;
      urb->status = -ESHUTDOWN;
      struct usbdevfs_urb *u = urb_struct(urb);
      for (int i = 0; u->type == USBDEVFS_URB_TYPE_ISO && i < u->number_of_packets; i++)
        u->iso_frame_desc[i].status = -ESHUTDOWN;
    }
    if (!urb->done && !waiting[ep]) {
      try_fill_in(priv, urb);
      waiting[ep] = !urb->done;
    }
    if (urb->done) {
      g_queue_delete_link(urbs, l);
      return urb;
    }
  }
  return NULL;
}

static gboolean
handle_reap(AnyiUsbEmulator *self, UMockdevIoctlClient *client)
{
  AnyiUsbEmulatorPrivate *priv = PRIV(self);
  gboolean connected = client_connected(priv, client);
  Urb *urb = next_finished(priv, client_urbs(priv, client), connected);
  if (urb == NULL) {
    umockdev_ioctl_client_complete(client, -1, connected ? EAGAIN : ENODEV);
    return TRUE;
  }
  struct usbdevfs_urb *u = urb_struct(urb);
  u->status = urb->status;
  u->actual_length = urb->actual;
  UMockdevIoctlData *arg = umockdev_ioctl_client_get_arg(client);
  g_autoptr(UMockdevIoctlData) pointer =
      umockdev_ioctl_data_resolve(arg, 0, sizeof(gpointer), NULL);
  if (!pointer) /* a dying client: the URB goes with it */
    return refuse_urb(client, urb, EFAULT);
  umockdev_ioctl_data_set_ptr(pointer, 0, urb->urb_data);
  umockdev_ioctl_client_complete(client, 0, 0);
  urb_free(urb);
  return TRUE;
}

static gboolean
handle_discard(AnyiUsbEmulator *self, UMockdevIoctlClient *client)
{
  AnyiUsbEmulatorPrivate *priv = PRIV(self);
  UMockdevIoctlData *arg = umockdev_ioctl_client_get_arg(client);
  gulong address = (gulong) * (gpointer *)arg->data;
  GQueue *urbs = client_urbs(priv, client);
  for (GList *l = urbs->head; l != NULL; l = l->next) {
    Urb *urb = l->data;
    if (urb->urb_data->client_addr == address && !urb->done) {
      urb->done = TRUE;
      urb->status = -ENOENT;
      umockdev_ioctl_client_complete(client, 0, 0);
      return TRUE;
    }
  }
  umockdev_ioctl_client_complete(client, -1, EINVAL);
  return TRUE;
}

/* G_MAXUINT, an interface no device has, when the client's memory is
 * gone (a dying client) */
static guint
interface_argument(UMockdevIoctlClient *client)
{
  g_autoptr(UMockdevIoctlData) arg = umockdev_ioctl_data_resolve(
      umockdev_ioctl_client_get_arg(client), 0, sizeof(unsigned int), NULL);
  return arg ? *(const unsigned int *)arg->data : G_MAXUINT;
}

/* As usbfs's claimintf: an interface another open file holds is busy
 * until that file releases it or closes. */
static int
claim_interface(AnyiUsbEmulatorPrivate *priv, UMockdevIoctlClient *client, guint interface)
{
  UMockdevIoctlClient *holder = g_hash_table_lookup(priv->claims, GUINT_TO_POINTER(interface));
  /* A killed program's files are closed by the kernel at once; umockdev
   * may report its vanished client later than a restarted program claims
   * again, so a holder no longer connected holds nothing. */
  if (holder != NULL && holder != client && umockdev_ioctl_client_get_connected(holder))
    return EBUSY;
  if (holder != client)
    g_hash_table_insert(priv->claims, GUINT_TO_POINTER(interface), g_object_ref(client));
  return 0;
}

static int
release_interface(AnyiUsbEmulatorPrivate *priv, UMockdevIoctlClient *client, guint interface)
{
  if (g_hash_table_lookup(priv->claims, GUINT_TO_POINTER(interface)) != client)
    return EINVAL;
  g_hash_table_remove(priv->claims, GUINT_TO_POINTER(interface));
  return 0;
}

static gboolean
complete_errno(UMockdevIoctlClient *client, int error)
{
  umockdev_ioctl_client_complete(client, error ? -1 : 0, error);
  return TRUE;
}

/* The interface is read once from the client's memory; a dying client's
 * request is refused. */
static gboolean
complete_interface_request(AnyiUsbEmulatorPrivate *priv, UMockdevIoctlClient *client,
                           int (*request)(AnyiUsbEmulatorPrivate *, UMockdevIoctlClient *, guint))
{
  guint interface = interface_argument(client);

  return complete_errno(client, interface == G_MAXUINT ? EFAULT : request(priv, client, interface));
}

static gboolean
handle_capabilities(UMockdevIoctlClient *client)
{
  g_autoptr(UMockdevIoctlData) caps =
      umockdev_ioctl_data_resolve(umockdev_ioctl_client_get_arg(client), 0, sizeof(guint32), NULL);
  if (!caps)
    return complete_errno(client, EFAULT);
  *(guint32 *)caps->data = USBDEVFS_CAP_BULK_CONTINUATION | USBDEVFS_CAP_NO_PACKET_SIZE_LIM |
                           USBDEVFS_CAP_REAP_AFTER_DISCONNECT | USBDEVFS_CAP_ZERO_PACKET;
  umockdev_ioctl_client_complete(client, 0, 0);
  return TRUE;
}

static gboolean
dispatch_ioctl(AnyiUsbEmulator *self, UMockdevIoctlClient *client)
{
  gulong request = umockdev_ioctl_client_get_request(client);
  switch (request) {
  case USBDEVFS_SUBMITURB:
    return handle_submit(self, client);
  case USBDEVFS_REAPURB:
  case USBDEVFS_REAPURBNDELAY:
    return handle_reap(self, client);
  case USBDEVFS_DISCARDURB:
    return handle_discard(self, client);
  }
  if (!client_connected(PRIV(self), client)) {
    umockdev_ioctl_client_complete(client, -1, ENODEV);
    return TRUE;
  }
  if ((request == USBDEVFS_CLAIMINTERFACE || request == USBDEVFS_DISCONNECT_CLAIM) &&
      PRIV(self)->claim_errno != 0) {
    umockdev_ioctl_client_complete(client, -1, PRIV(self)->claim_errno);
    return TRUE;
  }
  AnyiUsbEmulatorPrivate *priv = PRIV(self);
  switch (request) {
  case USBDEVFS_GET_CAPABILITIES:
    return handle_capabilities(client);
  case USBDEVFS_CLAIMINTERFACE:
  case USBDEVFS_DISCONNECT_CLAIM: /* its struct starts with the interface number */
    return complete_interface_request(priv, client, claim_interface);
  case USBDEVFS_RELEASEINTERFACE:
    return complete_interface_request(priv, client, release_interface);
  case USBDEVFS_SETINTERFACE: /* usbfs claims it on the way, for a file that did not */
    return complete_errno(client, claim_interface(priv, client, interface_argument(client)));
  case USBDEVFS_CLEAR_HALT:
  case USBDEVFS_RESET:
  case USBDEVFS_RESETEP:
  case USBDEVFS_SETCONFIGURATION:
    umockdev_ioctl_client_complete(client, 0, 0);
    return TRUE;
  case USBDEVFS_GETDRIVER:
  case USBDEVFS_IOCTL: /* no kernel driver is bound to an emulated device */
    umockdev_ioctl_client_complete(client, -1, ENODATA);
    return TRUE;
  default:
    umockdev_ioctl_client_complete(client, -1, ENOTTY);
    return TRUE;
  }
}

static gboolean
anyi_usb_emulator_handle_ioctl(UMockdevIoctlBase *base, UMockdevIoctlClient *client)
{
  AnyiUsbEmulator *self = ANYI_USB_EMULATOR(base);
  g_rec_mutex_lock(&PRIV(self)->lock);
  gboolean handled = dispatch_ioctl(self, client);
  g_rec_mutex_unlock(&PRIV(self)->lock);
  return handled;
}

static gboolean
held_by(gpointer interface, gpointer holder, gpointer client)
{
  return holder == client;
}

static void
anyi_usb_emulator_client_vanished(UMockdevIoctlBase *base, UMockdevIoctlClient *client)
{
  AnyiUsbEmulatorPrivate *priv = PRIV(ANYI_USB_EMULATOR(base));
  g_rec_mutex_lock(&priv->lock);
  g_hash_table_remove(priv->urbs, client);
  /* a closed file lets go of its interfaces */
  g_hash_table_foreach_remove(priv->claims, held_by, client);
  g_rec_mutex_unlock(&priv->lock);
}

static void
anyi_usb_emulator_finalize(GObject *object)
{
  AnyiUsbEmulatorPrivate *priv = PRIV(ANYI_USB_EMULATOR(object));
  g_hash_table_unref(priv->urbs);
  g_hash_table_unref(priv->packets);
  g_hash_table_unref(priv->claims);
  g_clear_object(&priv->testbed);
  g_free(priv->syspath);
  g_free(priv->devnode);
  g_rec_mutex_clear(&priv->lock);
  G_OBJECT_CLASS(anyi_usb_emulator_parent_class)->finalize(object);
}

static void
default_data_out(AnyiUsbEmulator *self, guint8 endpoint, const guint8 *data, gsize len)
{
}

static void
anyi_usb_emulator_class_init(AnyiUsbEmulatorClass *klass)
{
  UMockdevIoctlBaseClass *base_class = UMOCKDEV_IOCTL_BASE_CLASS(klass);
  G_OBJECT_CLASS(klass)->finalize = anyi_usb_emulator_finalize;
  base_class->handle_ioctl = anyi_usb_emulator_handle_ioctl;
  base_class->client_vanished = anyi_usb_emulator_client_vanished;
  klass->data_out = default_data_out;
}

static void
anyi_usb_emulator_init(AnyiUsbEmulator *self)
{
  AnyiUsbEmulatorPrivate *priv = PRIV(self);
  g_rec_mutex_init(&priv->lock);
  priv->urbs = g_hash_table_new_full(g_direct_hash, g_direct_equal, g_object_unref, urb_queue_free);
  priv->packets = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, packet_queue_free);
  priv->claims = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, g_object_unref);
  priv->speed = 12;
}

void
anyi_usb_emulator_set_speed(AnyiUsbEmulator *self, guint mbps)
{
  g_rec_mutex_lock(&PRIV(self)->lock);
  PRIV(self)->speed = mbps;
  g_rec_mutex_unlock(&PRIV(self)->lock);
}

static void
queue_packet(AnyiUsbEmulator *self, guint8 endpoint, Packet *packet)
{
  AnyiUsbEmulatorPrivate *priv = PRIV(self);
  g_rec_mutex_lock(&priv->lock);
  g_queue_push_tail(endpoint_packets(priv, endpoint), packet);
  g_rec_mutex_unlock(&priv->lock);
}

void
anyi_usb_emulator_queue_in(AnyiUsbEmulator *self, guint8 endpoint, GBytes *data, gint64 not_before)
{
  Packet *packet = g_new0(Packet, 1);
  packet->data = g_bytes_ref(data);
  packet->not_before = not_before;
  queue_packet(self, endpoint, packet);
}

void
anyi_usb_emulator_stall_in(AnyiUsbEmulator *self, guint8 endpoint)
{
  Packet *packet = g_new0(Packet, 1);
  packet->status = -EPIPE;
  queue_packet(self, endpoint, packet);
}

void
anyi_usb_emulator_lose_in(AnyiUsbEmulator *self, guint8 endpoint, gint64 not_before)
{
  Packet *packet = g_new0(Packet, 1);
  packet->status = -EPROTO;
  packet->not_before = not_before;
  queue_packet(self, endpoint, packet);
}

void
anyi_usb_emulator_clear_in(AnyiUsbEmulator *self)
{
  AnyiUsbEmulatorPrivate *priv = PRIV(self);
  g_rec_mutex_lock(&priv->lock);
  g_hash_table_remove_all(priv->packets);
  g_rec_mutex_unlock(&priv->lock);
}

gboolean
anyi_usb_emulator_has_pending_in(AnyiUsbEmulator *self, guint8 endpoint)
{
  AnyiUsbEmulatorPrivate *priv = PRIV(self);
  g_rec_mutex_lock(&priv->lock);
  gboolean pending = !g_queue_is_empty(endpoint_packets(priv, endpoint));
  g_rec_mutex_unlock(&priv->lock);
  return pending;
}

void
anyi_usb_emulator_fail_claim(AnyiUsbEmulator *self, int errno_value)
{
  AnyiUsbEmulatorPrivate *priv = PRIV(self);
  g_rec_mutex_lock(&priv->lock);
  priv->claim_errno = errno_value;
  g_rec_mutex_unlock(&priv->lock);
}

void
anyi_usb_emulator_lock(AnyiUsbEmulator *self)
{
  g_rec_mutex_lock(&PRIV(self)->lock);
}

void
anyi_usb_emulator_unlock(AnyiUsbEmulator *self)
{
  g_rec_mutex_unlock(&PRIV(self)->lock);
}

static void
append_le16(GByteArray *out, guint16 value)
{
  guint8 bytes[2] = {value & 0xFF, value >> 8};
  g_byte_array_append(out, bytes, 2);
}

GBytes *
anyi_usb_descriptors_new(guint16 vid, guint16 pid, guint8 iface_class, guint8 iface_subclass,
                         guint8 iface_protocol, const AnyiUsbEndpoint *endpoints, guint n_endpoints)
{
  GByteArray *out = g_byte_array_new();
  /* device: USB 2.0, class per interface, EP0 64 bytes, one configuration */
  const guint8 device_head[] = {18, 1, 0x00, 0x02, 0, 0, 0, 64};
  g_byte_array_append(out, device_head, sizeof device_head);
  append_le16(out, vid);
  append_le16(out, pid);
  const guint8 device_tail[] = {0x00, 0x01, 0, 0, 0, 1};
  g_byte_array_append(out, device_tail, sizeof device_tail);
  guint16 total = 9 + 9 + 7 * n_endpoints;
  const guint8 config[] = {9, 2, total & 0xFF, total >> 8, 1, 1, 0, 0x80, 50};
  g_byte_array_append(out, config, sizeof config);
  const guint8 iface[] = {9, 4, 0, 0, n_endpoints, iface_class, iface_subclass, iface_protocol, 0};
  g_byte_array_append(out, iface, sizeof iface);
  for (guint i = 0; i < n_endpoints; i++) {
    const guint8 ep[] = {7, 5, endpoints[i].address, endpoints[i].attributes};
    g_byte_array_append(out, ep, sizeof ep);
    append_le16(out, endpoints[i].max_packet);
    guint8 interval = endpoints[i].attributes == 3 ? 1 : 0;
    g_byte_array_append(out, &interval, 1);
  }
  return g_byte_array_free_to_bytes(out);
}

static char *
device_record(guint bus, guint devnum, guint speed, GBytes *descriptors)
{
  gsize len = 0;
  const guint8 *bytes = g_bytes_get_data(descriptors, &len);
  GString *hex = g_string_new(NULL);
  for (gsize i = 0; i < len; i++)
    g_string_append_printf(hex, "%02x", bytes[i]);
  g_autofree char *hex_text = g_string_free(hex, FALSE);
  return g_strdup_printf("P: /devices/anyi-usb/%u-%u\n"
                         "N: bus/usb/%03u/%03u\n"
                         "E: SUBSYSTEM=usb\n"
                         "E: DEVTYPE=usb_device\n"
                         "E: DEVNAME=/dev/bus/usb/%03u/%03u\n"
                         "E: BUSNUM=%03u\n"
                         "E: DEVNUM=%03u\n"
                         "A: busnum=%u\\n\n"
                         "A: devnum=%u\\n\n"
                         "A: bConfigurationValue=1\\n\n"
                         "A: speed=%u\\n\n"
                         "H: descriptors=%s\n",
                         bus, devnum, bus, devnum, bus, devnum, bus, devnum, bus, devnum, speed,
                         hex_text);
}

/* Attaches the emulator first, so libusb can open the device as soon as
 * the "add" uevent arrives. */
gboolean
anyi_usb_emulator_plug(AnyiUsbEmulator *self, UMockdevTestbed *testbed, guint bus, guint devnum,
                       GBytes *descriptors, GError **error)
{
  AnyiUsbEmulatorPrivate *priv = PRIV(self);
  g_return_val_if_fail(priv->syspath == NULL, FALSE);
  g_autofree char *devnode = g_strdup_printf("/dev/bus/usb/%03u/%03u", bus, devnum);
  if (!umockdev_testbed_attach_ioctl(testbed, devnode, UMOCKDEV_IOCTL_BASE(self), error))
    return FALSE;
  g_rec_mutex_lock(&priv->lock);
  g_hash_table_remove_all(priv->packets);
  g_set_object(&priv->testbed, testbed);
  priv->syspath = g_strdup_printf("/sys/devices/anyi-usb/%u-%u", bus, devnum);
  priv->devnode = g_steal_pointer(&devnode);
  priv->devnum = devnum;
  g_rec_mutex_unlock(&priv->lock);
  g_autofree char *record = device_record(bus, devnum, priv->speed, descriptors);
  if (umockdev_testbed_add_from_string(testbed, record, error))
    return TRUE;
  g_rec_mutex_lock(&priv->lock);
  g_clear_pointer(&priv->syspath, g_free);
  g_clear_pointer(&priv->devnode, g_free);
  g_rec_mutex_unlock(&priv->lock);
  return FALSE;
}

/* As the kernel: URBs in flight end with -ESHUTDOWN, then every call
 * fails with ENODEV, then the device disappears. The old node stays
 * attached so handles still open on it keep getting ENODEV; a replug must
 * use a new device number, as the kernel's does. */
void
anyi_usb_emulator_unplug(AnyiUsbEmulator *self)
{
  AnyiUsbEmulatorPrivate *priv = PRIV(self);
  g_return_if_fail(priv->syspath != NULL);
  g_rec_mutex_lock(&priv->lock);
  g_autofree char *syspath = g_steal_pointer(&priv->syspath);
  g_clear_pointer(&priv->devnode, g_free);
  g_hash_table_remove_all(priv->claims); /* the files open on it are dead ends now */
  g_rec_mutex_unlock(&priv->lock);
  umockdev_testbed_uevent(priv->testbed, syspath, "remove");
  umockdev_testbed_remove_device(priv->testbed, syspath);
}

gboolean
anyi_usb_emulator_may_use_interface(AnyiUsbEmulator *self, UMockdevIoctlClient *client,
                                    guint interface)
{
  AnyiUsbEmulatorPrivate *priv = PRIV(self);
  g_rec_mutex_lock(&priv->lock);
  UMockdevIoctlClient *holder = g_hash_table_lookup(priv->claims, GUINT_TO_POINTER(interface));
  gboolean may = holder == NULL || holder == client || !umockdev_ioctl_client_get_connected(holder);
  g_rec_mutex_unlock(&priv->lock);
  return may;
}

gboolean
anyi_usb_emulator_is_plugged(AnyiUsbEmulator *self)
{
  AnyiUsbEmulatorPrivate *priv = PRIV(self);
  g_rec_mutex_lock(&priv->lock);
  gboolean plugged = priv->syspath != NULL;
  g_rec_mutex_unlock(&priv->lock);
  return plugged;
}

guint
anyi_usb_emulator_get_devnum(AnyiUsbEmulator *self)
{
  return PRIV(self)->devnum;
}

gboolean
anyi_usb_emulation_available(char **why)
{
  /* umockdev_in_mock_environment() is only true once a testbed exists */
  const char *preload = g_getenv("LD_PRELOAD");
  if (preload != NULL && strstr(preload, "libumockdev-preload") != NULL)
    return TRUE;
  if (why)
    *why = g_strdup("umockdev's preload library is not loaded (run the test under "
                    "umockdev-wrapper)");
  return FALSE;
}

/* The testbed needs umockdev's preload in this very process: a launcher
 * or benchmark started without it runs itself again under
 * umockdev-wrapper (once). */
void
anyi_usb_emulation_ensure(int argc, char **argv)
{
  static const char reexec_env[] = "ANYI_UMOCKDEV_REEXEC";
  if (anyi_usb_emulation_available(NULL))
    return;
  if (g_getenv(reexec_env) != NULL) {
    g_printerr("%s: umockdev-wrapper did not load umockdev's preload\n", argv[0]);
    exit(1);
  }
  g_setenv(reexec_env, "1", TRUE);
  g_autofree char **wrapped = g_new0(char *, argc + 2);
  wrapped[0] = (char *)"umockdev-wrapper";
  for (int i = 0; i < argc; i++)
    wrapped[i + 1] = argv[i];
  execvp(wrapped[0], wrapped);
  g_printerr("%s: cannot run umockdev-wrapper (install umockdev): %s\n", argv[0],
             g_strerror(errno));
  exit(1);
}
