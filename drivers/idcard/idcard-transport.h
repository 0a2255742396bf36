/* SPDX-License-Identifier: GPL-3.0-or-later */
/* idcard-transport.h: moving SAM_V frames over USB, one way per reader
 * family (vendor bulk, HID reports, USB-serial bridge). Private to the
 * driver: the reader layer above it speaks in commands. */
#pragma once

#include "idcard-devices.h"

#include <glib.h>
#include <libusb.h>

G_BEGIN_DECLS

typedef struct _AnyiIdcardTransport AnyiIdcardTransport;

/* HID framing (our choice; no public document describes the 2B8B:2721
 * reports): every report is 64 bytes on the interrupt endpoints, without a
 * report ID. Byte 0 holds how many of bytes 1..63 carry frame bytes; the
 * rest is zero. A frame spans as many reports as it needs and the host
 * reassembles the byte stream, so resynchronisation on the preamble
 * works exactly as on a serial line. */
#define ANYI_IDCARD_HID_REPORT_LEN  64
#define ANYI_IDCARD_HID_PAYLOAD_LEN 63

/* The vendor bulk family's fixed endpoints (GA 467 modules). */
enum {
  ANYI_IDCARD_BULK_EP_HEADER_OUT = 0x02,
  ANYI_IDCARD_BULK_EP_BODY_OUT = 0x06,
  ANYI_IDCARD_BULK_EP_HEADER_IN = 0x81,
  ANYI_IDCARD_BULK_EP_BODY_IN = 0x85,
};

AnyiIdcardTransport *anyi_idcard_transport_open(libusb_device *device,
                                                const AnyiIdcardReaderModel *model, GError **error);
void anyi_idcard_transport_close(AnyiIdcardTransport *transport);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(AnyiIdcardTransport, anyi_idcard_transport_close)

gboolean anyi_idcard_transport_send(AnyiIdcardTransport *transport, GBytes *frame, GError **error);
GBytes *anyi_idcard_transport_receive(AnyiIdcardTransport *transport, guint timeout_ms,
                                      GError **error);
/* Whether the last receive timed out without a single byte. */
gboolean anyi_idcard_transport_heard_nothing(AnyiIdcardTransport *transport);

G_END_DECLS
