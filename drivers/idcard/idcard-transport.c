/* SPDX-License-Identifier: GPL-3.0-or-later */
/* idcard-transport.c: SAM_V frames over vendor bulk, HID reports and
 * USB-serial bridges, all through libusb's synchronous API (the caller is
 * a worker thread, never the UI). */
#include "idcard-transport.h"

#include "idcard-error.h"
#include "idcard-proto.h"
#include "usb/anyi-secure.h"

#include <gio/gio.h>

#include <string.h>

#define INTERFACE           0
#define SEND_TIMEOUT_MS     500
#define STREAM_CHUNK        512
#define SILENCE_MESSAGE     "the reader did not answer"
#define BULK_MAX_PACKET     64 /* full speed: a shorter packet ends a transfer */
#define DRAIN_TIMEOUT_MS    50 /* see drain_endpoint */
#define DRAIN_MAX_TRANSFERS 64 /* bounded: a reader that never stops talking is a fault later */

struct _AnyiIdcardTransport {
  libusb_device_handle *handle;
  AnyiIdcardTransportKind kind;
  guint8 ep_in;   /* stream transports */
  guint8 ep_out;  /* stream transports */
  GByteArray *rx; /* stream transports: bytes received, not yet a frame */
  gboolean claimed;
  gboolean heard_nothing; /* the last receive got not one byte */
};

/* clang-format off */
G_DEFINE_QUARK(anyi-idcard-error-quark, anyi_idcard_error)
/* clang-format on */

/* libusb failures: a vanished device is NO_READER, anything else is the
 * reader's fault from the citizen's point of view. */
static void set_usb_error(GError **error, int rc, const char *format, ...) G_GNUC_PRINTF(3, 4);

static void
set_usb_error(GError **error, int rc, const char *format, ...)
{
  va_list args;
  va_start(args, format);
  g_autofree char *what = g_strdup_vprintf(format, args);
  va_end(args);
  int code =
      rc == LIBUSB_ERROR_NO_DEVICE ? ANYI_IDCARD_ERROR_NO_READER : ANYI_IDCARD_ERROR_READER_FAULT;
  g_set_error(error, ANYI_IDCARD_ERROR, code, "%s: %s (%s)", what, libusb_strerror(rc),
              libusb_error_name(rc));
}

static gboolean
find_stream_endpoints(AnyiIdcardTransport *t, libusb_device *device, enum libusb_transfer_type type,
                      GError **error)
{
  if (anyi_usb_find_endpoint(device, INTERFACE, type, LIBUSB_ENDPOINT_IN, &t->ep_in, NULL) &&
      anyi_usb_find_endpoint(device, INTERFACE, type, LIBUSB_ENDPOINT_OUT, &t->ep_out, NULL))
    return TRUE;
  g_set_error(error, ANYI_IDCARD_ERROR, ANYI_IDCARD_ERROR_READER_FAULT,
              "interface %d has no %s IN and OUT endpoint pair", INTERFACE,
              type == LIBUSB_TRANSFER_TYPE_BULK ? "bulk" : "interrupt");
  return FALSE;
}

static gboolean
prepare(AnyiIdcardTransport *t, libusb_device *device, const AnyiIdcardReaderModel *model,
        GError **error)
{
  switch (model->transport) {
  case ANYI_IDCARD_TRANSPORT_BULK:
    return TRUE;
  case ANYI_IDCARD_TRANSPORT_HID:
    return find_stream_endpoints(t, device, LIBUSB_TRANSFER_TYPE_INTERRUPT, error);
  case ANYI_IDCARD_TRANSPORT_SERIAL: {
    if (!find_stream_endpoints(t, device, LIBUSB_TRANSFER_TYPE_BULK, error))
      return FALSE;
    g_autoptr(GError) local = NULL;
    if (anyi_usb_serial_configure(t->handle, model->bridge, model->baud, &local))
      return TRUE;
    int code = g_error_matches(local, G_IO_ERROR, G_IO_ERROR_NOT_CONNECTED)
                   ? ANYI_IDCARD_ERROR_NO_READER
                   : ANYI_IDCARD_ERROR_READER_FAULT;
    g_set_error(error, ANYI_IDCARD_ERROR, code, "%s", local->message);
    return FALSE;
  }
  }
  g_return_val_if_reached(FALSE);
}

static void drain_stale_answers(AnyiIdcardTransport *t);

AnyiIdcardTransport *
anyi_idcard_transport_open(libusb_device *device, const AnyiIdcardReaderModel *model,
                           GError **error)
{
  g_autoptr(AnyiIdcardTransport) t = g_new0(AnyiIdcardTransport, 1);
  t->kind = model->transport;
  t->rx = g_byte_array_new();
  int rc = libusb_open(device, &t->handle);
  if (rc != 0) {
    set_usb_error(error, rc, "opening %s", model->name);
    return NULL;
  }
  /* HID readers are bound to usbhid on a real system; take them over. */
  libusb_set_auto_detach_kernel_driver(t->handle, 1);
  rc = libusb_claim_interface(t->handle, INTERFACE);
  if (rc != 0) {
    set_usb_error(error, rc, "claiming interface %d of %s", INTERFACE, model->name);
    return NULL;
  }
  t->claimed = TRUE;
  if (!prepare(t, device, model, error))
    return NULL;
  drain_stale_answers(t);
  return g_steal_pointer(&t);
}

void
anyi_idcard_transport_close(AnyiIdcardTransport *t)
{
  if (t == NULL)
    return;
  if (t->claimed)
    libusb_release_interface(t->handle, INTERFACE);
  g_clear_pointer(&t->handle, libusb_close);
  anyi_secure_free_byte_array(t->rx);
  g_free(t);
}

static gboolean
transfer_out(AnyiIdcardTransport *t, guint8 endpoint, const guint8 *data, gsize len, GError **error)
{
  int done = 0;
  int rc =
      t->kind == ANYI_IDCARD_TRANSPORT_HID
          ? libusb_interrupt_transfer(t->handle, endpoint, (guint8 *)data, len, &done,
                                      SEND_TIMEOUT_MS)
          : libusb_bulk_transfer(t->handle, endpoint, (guint8 *)data, len, &done, SEND_TIMEOUT_MS);
  if (rc == LIBUSB_ERROR_PIPE)
    libusb_clear_halt(t->handle, endpoint);
  if (rc != 0) {
    set_usb_error(error, rc, "sending %zu bytes to endpoint %02X", len, endpoint);
    return FALSE;
  }
  if ((gsize)done != len) {
    g_set_error(error, ANYI_IDCARD_ERROR, ANYI_IDCARD_ERROR_READER_FAULT,
                "endpoint %02X took %d of %zu bytes", endpoint, done, len);
    return FALSE;
  }
  return TRUE;
}

static gboolean
send_hid(AnyiIdcardTransport *t, const guint8 *frame, gsize len, GError **error)
{
  for (gsize at = 0; at < len; at += ANYI_IDCARD_HID_PAYLOAD_LEN) {
    guint8 report[ANYI_IDCARD_HID_REPORT_LEN] = {0};
    gsize n = MIN(len - at, ANYI_IDCARD_HID_PAYLOAD_LEN);
    report[0] = n;
    memcpy(report + 1, frame + at, n);
    if (!transfer_out(t, t->ep_out, report, sizeof report, error))
      return FALSE;
  }
  return TRUE;
}

static gssize transfer_in(AnyiIdcardTransport *t, guint8 endpoint, guint8 *buf, gsize cap,
                          guint timeout_ms, GError **error);

/* An answer the reader holds when it is opened was asked for by someone
 * else: a program killed between a request and its answer (a crash, a
 * restart) leaves it in the reader, and read as the first request's answer
 * it would put every later answer one behind (SAM status answered "no
 * card"). Read away once at open, not before each request: there it made
 * a retried read after a damaged answer go three times (idcard-faults).
 * An answer the reader holds comes within a USB frame, but 1 ms missed it
 * on a busy host (the emulator under ASan beside two builds): 50 ms an
 * endpoint, once at open. */
static void
drain_endpoint(AnyiIdcardTransport *t, guint8 endpoint)
{
  guint8 stale[STREAM_CHUNK];
  for (int i = 0; i < DRAIN_MAX_TRANSFERS; i++) {
    gssize n = transfer_in(t, endpoint, stale, sizeof stale, DRAIN_TIMEOUT_MS, NULL);
    if (n <= 0)
      return;
    g_debug("idcard: dropped %zd stale bytes from endpoint %02X", n, endpoint);
  }
}

static void
drain_stale_answers(AnyiIdcardTransport *t)
{
  if (t->kind == ANYI_IDCARD_TRANSPORT_BULK) {
    drain_endpoint(t, ANYI_IDCARD_BULK_EP_HEADER_IN);
    drain_endpoint(t, ANYI_IDCARD_BULK_EP_BODY_IN);
  } else {
    drain_endpoint(t, t->ep_in);
  }
}

/* Sends one request frame; what was received before it is stale. */
gboolean
anyi_idcard_transport_send(AnyiIdcardTransport *t, GBytes *frame, GError **error)
{
  gsize len = 0;
  const guint8 *bytes = g_bytes_get_data(frame, &len);
  anyi_secure_byte_array_consume(t->rx, t->rx->len);
  switch (t->kind) {
  case ANYI_IDCARD_TRANSPORT_BULK:
    /* the module takes preamble + LEN and the rest on separate pipes */
    return transfer_out(t, ANYI_IDCARD_BULK_EP_HEADER_OUT, bytes, ANYI_IDCARD_HEADER_LEN, error) &&
           transfer_out(t, ANYI_IDCARD_BULK_EP_BODY_OUT, bytes + ANYI_IDCARD_HEADER_LEN,
                        len - ANYI_IDCARD_HEADER_LEN, error);
  case ANYI_IDCARD_TRANSPORT_HID:
    return send_hid(t, bytes, len, error);
  case ANYI_IDCARD_TRANSPORT_SERIAL:
    return transfer_out(t, t->ep_out, bytes, len, error);
  }
  g_return_val_if_reached(FALSE);
}

static guint
remaining_ms(gint64 deadline)
{
  gint64 left = deadline - g_get_monotonic_time();
  return left <= 0 ? 0 : MAX(1, left / 1000);
}

/* One IN transfer; returns bytes read, 0 on timeout (no error), -1 on error. */
static gssize
transfer_in(AnyiIdcardTransport *t, guint8 endpoint, guint8 *buf, gsize cap, guint timeout_ms,
            GError **error)
{
  int done = 0;
  int rc = t->kind == ANYI_IDCARD_TRANSPORT_HID
               ? libusb_interrupt_transfer(t->handle, endpoint, buf, cap, &done, timeout_ms)
               : libusb_bulk_transfer(t->handle, endpoint, buf, cap, &done, timeout_ms);
  if (rc == LIBUSB_ERROR_TIMEOUT && done == 0)
    return 0;
  if (rc == LIBUSB_ERROR_PIPE) {
    libusb_clear_halt(t->handle, endpoint);
    g_set_error(error, ANYI_IDCARD_ERROR, ANYI_IDCARD_ERROR_READER_FAULT,
                "endpoint %02X stalled while the kiosk waited for an answer", endpoint);
    return -1;
  }
  if (rc != 0 && rc != LIBUSB_ERROR_TIMEOUT) {
    set_usb_error(error, rc, "reading endpoint %02X", endpoint);
    return -1;
  }
  return done;
}

static void
set_silence_error(GError **error, guint timeout_ms, gsize partial)
{
  if (partial > 0)
    g_set_error(error, ANYI_IDCARD_PROTO_ERROR, ANYI_IDCARD_PROTO_ERROR_LENGTH,
                "the answer stopped after %zu bytes and nothing came for %u ms", partial,
                timeout_ms);
  else
    g_set_error(error, ANYI_IDCARD_ERROR, ANYI_IDCARD_ERROR_READER_FAULT,
                SILENCE_MESSAGE " within %u ms", timeout_ms);
}

/* Reads exactly len bytes from the body pipe; a short packet ends the answer. */
static gboolean
receive_bulk_body(AnyiIdcardTransport *t, guint8 *body, gsize len, gint64 deadline,
                  guint timeout_ms, GError **error)
{
  gsize got = 0;
  while (got < len) {
    gssize n = transfer_in(t, ANYI_IDCARD_BULK_EP_BODY_IN, body + got, len - got,
                           remaining_ms(deadline), error);
    if (n < 0)
      return FALSE;
    if (n == 0) {
      set_silence_error(error, timeout_ms, ANYI_IDCARD_HEADER_LEN + got);
      return FALSE;
    }
    got += n;
    if (got < len && n % BULK_MAX_PACKET != 0) {
      g_set_error(error, ANYI_IDCARD_PROTO_ERROR, ANYI_IDCARD_PROTO_ERROR_LENGTH,
                  "the answer's body ended after %zu of the %zu bytes its length field declares",
                  got, len);
      return FALSE;
    }
  }
  return TRUE;
}

static GBytes *
receive_bulk(AnyiIdcardTransport *t, guint timeout_ms, GError **error)
{
  gint64 deadline = g_get_monotonic_time() + timeout_ms * G_TIME_SPAN_MILLISECOND;
  guint8 header[64];
  gssize n =
      transfer_in(t, ANYI_IDCARD_BULK_EP_HEADER_IN, header, sizeof header, timeout_ms, error);
  if (n < 0)
    return NULL;
  if (n == 0) {
    set_silence_error(error, timeout_ms, 0);
    return NULL;
  }
  if (n != ANYI_IDCARD_HEADER_LEN || memcmp(header, anyi_idcard_preamble, 5) != 0) {
    g_set_error(error, ANYI_IDCARD_PROTO_ERROR, ANYI_IDCARD_PROTO_ERROR_PREAMBLE,
                "the header pipe gave %zd bytes that are not preamble + length", n);
    return NULL;
  }
  gsize len = (gsize)header[5] << 8 | header[6];
  if (len < 4 || len > ANYI_IDCARD_MAX_LEN) {
    g_set_error(error, ANYI_IDCARD_PROTO_ERROR, ANYI_IDCARD_PROTO_ERROR_LENGTH,
                "the answer's length field %zu is outside 4..%d", len, ANYI_IDCARD_MAX_LEN);
    return NULL;
  }
  /* the card's data passes through here: wiped whatever happens */
  gsize frame_len = ANYI_IDCARD_HEADER_LEN + len;
  guint8 *frame = g_malloc(frame_len);
  memcpy(frame, header, ANYI_IDCARD_HEADER_LEN);
  AnyiIdcardFrame decoded;
  GBytes *bytes = NULL;
  if (receive_bulk_body(t, frame + ANYI_IDCARD_HEADER_LEN, len, deadline, timeout_ms, error) &&
      anyi_idcard_proto_decode_exact(frame, frame_len, &decoded, error))
    bytes = anyi_secure_bytes_new(frame, frame_len);
  anyi_secure_free(frame, frame_len);
  return bytes;
}

/* Reads what the stream has next into rx; FALSE on error or silence. */
static gssize
read_stream_chunk_with(AnyiIdcardTransport *t, guint8 *buf, guint timeout_ms, GError **error)
{
  gsize cap = t->kind == ANYI_IDCARD_TRANSPORT_HID ? ANYI_IDCARD_HID_REPORT_LEN : STREAM_CHUNK;
  gssize n = transfer_in(t, t->ep_in, buf, cap, timeout_ms, error);
  if (n <= 0 || t->kind != ANYI_IDCARD_TRANSPORT_HID) {
    if (n > 0)
      g_byte_array_append(t->rx, buf, n);
    return n;
  }
  if (buf[0] > ANYI_IDCARD_HID_PAYLOAD_LEN || buf[0] + 1 > n) {
    g_debug("idcard: ignoring a HID report that claims %u payload bytes in %zd", buf[0], n);
    return n;
  }
  g_byte_array_append(t->rx, buf + 1, buf[0]);
  return n;
}

/* The chunk on the stack held card data: wiped once it is in rx. */
static gssize
read_stream_chunk(AnyiIdcardTransport *t, guint timeout_ms, GError **error)
{
  guint8 buf[STREAM_CHUNK];
  gssize n = read_stream_chunk_with(t, buf, timeout_ms, error);

  anyi_secure_wipe(buf, sizeof buf);
  return n;
}

static GBytes *
receive_stream(AnyiIdcardTransport *t, guint timeout_ms, GError **error)
{
  gint64 deadline = g_get_monotonic_time() + timeout_ms * G_TIME_SPAN_MILLISECOND;
  for (;;) {
    AnyiIdcardFrame frame;
    gsize consumed = 0;
    AnyiIdcardScan scan = anyi_idcard_proto_scan(t->rx->data, t->rx->len, &frame, &consumed, error);
    if (scan == ANYI_IDCARD_SCAN_FRAME) {
      GBytes *bytes = anyi_secure_bytes_new(frame.body - ANYI_IDCARD_HEADER_LEN, frame.frame_len);
      anyi_secure_byte_array_consume(t->rx, consumed);
      return bytes;
    }
    anyi_secure_byte_array_consume(t->rx, consumed);
    if (scan == ANYI_IDCARD_SCAN_MALFORMED)
      return NULL;
    guint left = remaining_ms(deadline);
    gssize n = left > 0 ? read_stream_chunk(t, left, error) : 0;
    if (n < 0)
      return NULL;
    if (n == 0) {
      set_silence_error(error, timeout_ms, t->rx->len);
      return NULL;
    }
  }
}

/* Receives one whole, checked frame. Errors: ANYI_IDCARD_PROTO_ERROR for a
 * malformed answer (worth asking again), ANYI_IDCARD_ERROR otherwise. */
GBytes *
anyi_idcard_transport_receive(AnyiIdcardTransport *t, guint timeout_ms, GError **error)
{
  g_autoptr(GError) local = NULL;
  GBytes *frame = t->kind == ANYI_IDCARD_TRANSPORT_BULK ? receive_bulk(t, timeout_ms, &local)
                                                        : receive_stream(t, timeout_ms, &local);
  t->heard_nothing = frame == NULL && t->rx->len == 0 &&
                     g_error_matches(local, ANYI_IDCARD_ERROR, ANYI_IDCARD_ERROR_READER_FAULT) &&
                     g_str_has_prefix(local->message, SILENCE_MESSAGE);
  if (local != NULL)
    g_propagate_error(error, g_steal_pointer(&local));
  return frame;
}

gboolean
anyi_idcard_transport_heard_nothing(AnyiIdcardTransport *t)
{
  return t->heard_nothing;
}
