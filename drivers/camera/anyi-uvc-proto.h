/* SPDX-License-Identifier: GPL-3.0-or-later */
/* anyi-uvc-proto.h: the USB Video Class wire format, without I/O, so it is
 * tested alone: Video Streaming descriptors (MJPEG and YUY2 formats and
 * their frame sizes), the probe/commit block, and payload reassembly
 * into frames by FID/EOF/ERR. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

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
} AnyiUvcMode;

const char *anyi_uvc_encoding_name(AnyiUvcEncoding encoding);

/* Modes (AnyiUvcMode) in the class-specific descriptors of a Video
 * Streaming interface; formats other than MJPEG and YUY2 are skipped. */
GArray *anyi_uvc_parse_streaming(const guint8 *descriptors, gsize len, GError **error);
/* The largest mode that fits max_width x max_height; MJPEG wins a tie,
 * being lighter on the bus. FALSE when none fits. */
gboolean anyi_uvc_pick_mode(const GArray *modes, int max_width, int max_height, AnyiUvcMode *mode);

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
#define ANYI_UVC_HEADER_ERR 0x40
#define ANYI_UVC_HEADER_EOH 0x80

/* Reassembles frames from bulk payloads (one completed transfer each). */
typedef struct _AnyiUvcAssembler AnyiUvcAssembler;

AnyiUvcAssembler *anyi_uvc_assembler_new(gsize max_frame_size);
void anyi_uvc_assembler_free(AnyiUvcAssembler *assembler);
/* Feeds one payload; returns a finished frame's bytes or NULL. A frame
 * flagged ERR, overflowing, or cut short by a FID change is dropped. */
GBytes *anyi_uvc_assembler_push(AnyiUvcAssembler *assembler, const guint8 *payload, gsize len);
/* A payload was lost (its transfer failed): the frame it was part of is
 * dropped. Which frame that was is unknown, so the one in progress and,
 * if the next payload starts a new one, that one too. */
void anyi_uvc_assembler_lose(AnyiUvcAssembler *assembler);
guint anyi_uvc_assembler_get_dropped(const AnyiUvcAssembler *assembler);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(AnyiUvcAssembler, anyi_uvc_assembler_free)

G_END_DECLS
