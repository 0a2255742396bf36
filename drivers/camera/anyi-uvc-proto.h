/* SPDX-License-Identifier: GPL-3.0-or-later */
/* anyi-uvc-proto.h: the USB Video Class wire format, without I/O, so it is
 * tested alone: Video Streaming descriptors (MJPEG and YUY2 formats and
 * their frame sizes), the probe/commit block, and payload reassembly
 * into frames by FID/EOF/ERR. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Fixed ceilings on what a camera may claim, whatever it says: no camera a
 * hall buys streams more than 8192 pixels a side, a frame above 64 MB or
 * a payload above 16 MB (a bulk camera may send a whole YUY2 frame as one
 * payload). Anything above is refused before anything is allocated. */
#define ANYI_UVC_MAX_SIDE          8192
#define ANYI_UVC_MAX_FRAME_BYTES   (64u << 20)
#define ANYI_UVC_MAX_PAYLOAD_BYTES (16u << 20)

typedef enum {
  ANYI_UVC_MJPEG,
  ANYI_UVC_YUY2,
} AnyiUvcEncoding;

typedef struct {
  AnyiUvcEncoding encoding;
  guint8 format_index;
  guint8 frame_index;
  guint16 width;
  guint16 height;
  guint32 interval; /* 100 ns units: 333333 is 30 fps */
  guint32 max_frame_size;
  gboolean still; /* bmCapabilities bit 0: the camera takes still images at this size */
} AnyiUvcMode;

const char *anyi_uvc_encoding_name(AnyiUvcEncoding encoding);

/* Modes (AnyiUvcMode) in the class-specific descriptors of a Video
 * Streaming interface; formats other than MJPEG and YUY2 are skipped, and
 * so are frame sizes above ANYI_UVC_MAX_SIDE. max_frame_size is bounded by
 * the mode: exactly width*height*2 for YUY2, at most width*height*3 (an
 * RGB picture's size, which no camera's JPEG reaches) for MJPEG. */
GArray *anyi_uvc_parse_streaming(const guint8 *descriptors, gsize len, GError **error);
/* The largest mode that fits max_width x max_height; MJPEG wins a tie,
 * being lighter on the bus. FALSE when none fits. */
gboolean anyi_uvc_pick_mode(const GArray *modes, int max_width, int max_height, AnyiUvcMode *mode);
/* The mode for a role, from the camera's own descriptors, up to
 * max_width x max_height: for the face, the largest at 15 fps or more
 * (1920x1080 when offered and allowed); for documents, the largest
 * still-capable size. Falls back to anyi_uvc_pick_mode when no mode has
 * the wanted property. */
#define ANYI_UVC_FACE_MIN_FPS 15
gboolean anyi_uvc_pick_mode_for_role(const GArray *modes, gboolean document, int max_width,
                                     int max_height, AnyiUvcMode *mode);

/* How a camera streams: bulk (one endpoint, alternate setting 0) or
 * isochronous (alternate settings of growing bandwidth, 0 has none). */
typedef enum {
  ANYI_UVC_TRANSFER_BULK,
  ANYI_UVC_TRANSFER_ISO,
} AnyiUvcTransfer;
const char *anyi_uvc_transfer_name(AnyiUvcTransfer transfer);

typedef enum {
  ANYI_UVC_SPEED_FULL, /* and low: 1 ms frames */
  ANYI_UVC_SPEED_HIGH, /* 125 µs microframes */
  ANYI_UVC_SPEED_SUPER,
} AnyiUvcSpeed;

/* An alternate setting of an isochronous streaming interface. */
typedef struct {
  guint8 alt;
  guint8 endpoint;
  guint16 max_packet; /* wMaxPacketSize as the descriptor has it */
  guint32 bandwidth;  /* bytes per service interval */
} AnyiUvcAltSetting;

/* Bytes an isochronous endpoint carries per service interval: on high
 * speed, bits 11-12 of wMaxPacketSize add transactions per microframe; on
 * SuperSpeed the companion descriptor's bMaxBurst and Mult multiply. */
guint32 anyi_uvc_iso_bandwidth(guint16 max_packet, AnyiUvcSpeed speed, guint8 ss_max_burst,
                               guint8 ss_attributes);
/* The smallest alternate setting that carries `payload` bytes per
 * interval (the largest when payload is 0: the camera did not say); NULL
 * when none does. */
const AnyiUvcAltSetting *anyi_uvc_pick_alt(const GArray *alts, guint32 payload);

/* The probe/commit control block (26 bytes in UVC 1.0, 34 from 1.1). */
#define ANYI_UVC_PROBE_LEN_10 26
#define ANYI_UVC_PROBE_LEN_11 34
typedef struct {
  guint16 hint;
  guint8 format_index;
  guint8 frame_index;
  guint32 interval;
  guint32 max_frame_size;
  guint32 max_payload_size;
} AnyiUvcProbe;

/* The frame size the host accepts for `mode` whatever the camera granted:
 * the mode's bound (see anyi_uvc_parse_streaming). */
guint32 anyi_uvc_mode_frame_bound(const AnyiUvcMode *mode);
/* Checks what a camera granted in its probe against what was asked and
 * the ceilings; FALSE with a precise error when it is out of bounds. On
 * success *frame_bytes and *payload_bytes are the sizes to allocate for. */
gboolean anyi_uvc_probe_check(const AnyiUvcProbe *granted, const AnyiUvcMode *mode,
                              gsize *frame_bytes, gsize *payload_bytes, GError **error);

void anyi_uvc_probe_pack(const AnyiUvcProbe *probe, guint8 *block, gsize len);
void anyi_uvc_probe_unpack(const guint8 *block, gsize len, AnyiUvcProbe *probe);

/* UVC requests and controls used by the host and the emulator. */
#define ANYI_UVC_SET_CUR    0x01
#define ANYI_UVC_GET_CUR    0x81
#define ANYI_UVC_GET_MIN    0x82
#define ANYI_UVC_GET_MAX    0x83
#define ANYI_UVC_GET_DEF    0x87
#define ANYI_UVC_VS_PROBE   0x01
#define ANYI_UVC_VS_COMMIT  0x02
#define ANYI_UVC_HEADER_FID 0x01
#define ANYI_UVC_HEADER_EOF 0x02
#define ANYI_UVC_HEADER_PTS 0x04
#define ANYI_UVC_HEADER_SCR 0x08
#define ANYI_UVC_HEADER_ERR 0x40
#define ANYI_UVC_HEADER_EOH 0x80

/* One payload's header, checked: its length covers the fields its flags
 * announce (PTS 4 bytes, SCR 6) and does not pass the payload's end. */
typedef struct {
  guint8 header_len;
  guint8 flags;
  const guint8 *data; /* after the header */
  gsize data_len;
} AnyiUvcPayload;
gboolean anyi_uvc_payload_parse(const guint8 *payload, gsize len, AnyiUvcPayload *out);

/* Reassembles frames from payloads: one completed bulk transfer, or one
 * isochronous packet, each. */
typedef struct _AnyiUvcAssembler AnyiUvcAssembler;

AnyiUvcAssembler *anyi_uvc_assembler_new(gsize max_frame_size);
void anyi_uvc_assembler_free(AnyiUvcAssembler *assembler);
/* Feeds one payload; returns a finished frame's bytes or NULL. A frame
 * flagged ERR, overflowing, or cut short by a FID change is dropped, and
 * so is the frame in progress when a payload's header is malformed. The frame never holds more
 * than max_frame_size bytes: without an end of frame it stops growing
 * there and is dropped. An empty packet (isochronous, nothing to send) is
 * ignored. */
GBytes *anyi_uvc_assembler_push(AnyiUvcAssembler *assembler, const guint8 *payload, gsize len);
/* A payload was lost (its transfer failed): the frame it was part of is
 * dropped. Which frame that was is unknown, so the one in progress and,
 * if the next payload starts a new one, that one too. */
void anyi_uvc_assembler_lose(AnyiUvcAssembler *assembler);
guint anyi_uvc_assembler_get_dropped(const AnyiUvcAssembler *assembler);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(AnyiUvcAssembler, anyi_uvc_assembler_free)

G_END_DECLS
