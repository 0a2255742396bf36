/* SPDX-License-Identifier: GPL-3.0-or-later */
/* anyi-uvc-proto.c: UVC descriptors, probe block and payloads. */
#include "anyi-uvc-proto.h"

#include <gio/gio.h>
#include <string.h>

#define CS_INTERFACE           0x24
#define VS_FORMAT_UNCOMPRESSED 0x04
#define VS_FRAME_UNCOMPRESSED  0x05
#define VS_FORMAT_MJPEG        0x06
#define VS_FRAME_MJPEG         0x07
#define FRAME_DESCRIPTOR_MIN   26

/* The YUY2 GUID, 32595559-0000-0010-8000-00AA00389B71, as it is on the wire. */
static const guint8 yuy2_guid[16] = {'Y',  'U',  'Y',  '2',  0x00, 0x00, 0x10, 0x00,
                                     0x80, 0x00, 0x00, 0xAA, 0x00, 0x38, 0x9B, 0x71};

const char *
anyi_uvc_encoding_name(AnyiUvcEncoding encoding)
{
  return encoding == ANYI_UVC_MJPEG ? "MJPEG" : "YUY2";
}

const char *
anyi_uvc_transfer_name(AnyiUvcTransfer transfer)
{
  return transfer == ANYI_UVC_TRANSFER_ISO ? "isochronous" : "bulk";
}

guint32
anyi_uvc_iso_bandwidth(guint16 max_packet, AnyiUvcSpeed speed, guint8 ss_max_burst,
                       guint8 ss_attributes)
{
  guint32 size = max_packet & 0x7FF;
  switch (speed) {
  case ANYI_UVC_SPEED_SUPER:
    return size * (ss_max_burst + 1u) * ((ss_attributes & 0x03) + 1u);
  case ANYI_UVC_SPEED_HIGH:
    return size * (1u + ((max_packet >> 11) & 0x03));
  default:
    return size;
  }
}

const AnyiUvcAltSetting *
anyi_uvc_pick_alt(const GArray *alts, guint32 payload)
{
  const AnyiUvcAltSetting *best = NULL;
  for (guint i = 0; i < alts->len; i++) {
    const AnyiUvcAltSetting *a = &g_array_index(alts, AnyiUvcAltSetting, i);
    if (a->bandwidth == 0)
      continue;
    if (payload == 0 ? (!best || a->bandwidth > best->bandwidth)
                     : (a->bandwidth >= payload && (!best || a->bandwidth < best->bandwidth)))
      best = a;
  }
  return best;
}

static guint16
le16(const guint8 *p)
{
  return (guint16)(p[0] | p[1] << 8);
}

static guint32
le32(const guint8 *p)
{
  return (guint32)p[0] | (guint32)p[1] << 8 | (guint32)p[2] << 16 | (guint32)p[3] << 24;
}

static void
put_le16(guint8 *p, guint16 v)
{
  p[0] = v & 0xFF;
  p[1] = v >> 8;
}

static void
put_le32(guint8 *p, guint32 v)
{
  for (int i = 0; i < 4; i++)
    p[i] = (v >> (8 * i)) & 0xFF;
}

typedef struct {
  gboolean known; /* a format we decode */
  AnyiUvcEncoding encoding;
  guint8 index;
} CurrentFormat;

static void
read_format(const guint8 *d, guint8 len, CurrentFormat *format)
{
  format->index = d[3];
  if (d[2] == VS_FORMAT_MJPEG) {
    format->known = TRUE;
    format->encoding = ANYI_UVC_MJPEG;
  } else {
    format->known = len >= 21 && memcmp(d + 5, yuy2_guid, sizeof yuy2_guid) == 0;
    format->encoding = ANYI_UVC_YUY2;
  }
}

static void
read_frame(const guint8 *d, const CurrentFormat *format, GArray *modes)
{
  AnyiUvcMode mode = {
      .encoding = format->encoding,
      .format_index = format->index,
      .frame_index = d[3],
      .width = le16(d + 5),
      .height = le16(d + 7),
      .max_frame_size = le32(d + 17),
      .interval = le32(d + 21),
      .still = (d[4] & 0x01) != 0,
  };
  if (mode.width == 0 || mode.height == 0 || mode.width > ANYI_UVC_MAX_SIDE ||
      mode.height > ANYI_UVC_MAX_SIDE) {
    g_debug("camera: skipping frame %u of %ux%u: outside 1..%u a side", mode.frame_index,
            mode.width, mode.height, ANYI_UVC_MAX_SIDE);
    return;
  }
  guint32 bound = anyi_uvc_mode_frame_bound(&mode);
  if (mode.encoding == ANYI_UVC_YUY2 || mode.max_frame_size == 0 || mode.max_frame_size > bound)
    mode.max_frame_size = bound;
  g_array_append_val(modes, mode);
}

GArray *
anyi_uvc_parse_streaming(const guint8 *descriptors, gsize len, GError **error)
{
  g_autoptr(GArray) modes = g_array_new(FALSE, FALSE, sizeof(AnyiUvcMode));
  CurrentFormat format = {0};
  for (gsize at = 0; at + 2 < len;) {
    const guint8 *d = descriptors + at;
    guint8 dlen = d[0];
    if (dlen < 3 || at + dlen > len) {
      g_set_error(error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                  "video streaming descriptor at byte %" G_GSIZE_FORMAT " has length %u", at, dlen);
      return NULL;
    }
    if (d[1] == CS_INTERFACE) {
      if ((d[2] == VS_FORMAT_MJPEG || d[2] == VS_FORMAT_UNCOMPRESSED) && dlen >= 11)
        read_format(d, dlen, &format);
      else if ((d[2] == VS_FRAME_MJPEG || d[2] == VS_FRAME_UNCOMPRESSED) &&
               dlen >= FRAME_DESCRIPTOR_MIN && format.known)
        read_frame(d, &format, modes);
    }
    at += dlen;
  }
  if (modes->len == 0) {
    g_set_error(error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                "the camera offers neither MJPEG nor YUY2 pictures");
    return NULL;
  }
  return g_steal_pointer(&modes);
}

typedef gboolean (*ModeFilter)(const AnyiUvcMode *mode);

static gboolean
any_mode(const AnyiUvcMode *mode)
{
  return TRUE;
}

static gboolean
fast_enough(const AnyiUvcMode *mode)
{
  return mode->interval > 0 && mode->interval <= 10000000u / ANYI_UVC_FACE_MIN_FPS;
}

static gboolean
still_capable(const AnyiUvcMode *mode)
{
  return mode->still;
}

static gboolean
pick_largest(const GArray *modes, int max_width, int max_height, ModeFilter wanted,
             AnyiUvcMode *mode)
{
  const AnyiUvcMode *best = NULL;
  for (guint i = 0; i < modes->len; i++) {
    const AnyiUvcMode *m = &g_array_index(modes, AnyiUvcMode, i);
    if (m->width > max_width || m->height > max_height || !wanted(m))
      continue;
    guint area = (guint)m->width * m->height;
    guint best_area = best ? (guint)best->width * best->height : 0;
    if (!best || area > best_area ||
        (area == best_area && m->encoding == ANYI_UVC_MJPEG && best->encoding != ANYI_UVC_MJPEG))
      best = m;
  }
  if (best)
    *mode = *best;
  return best != NULL;
}

gboolean
anyi_uvc_pick_mode(const GArray *modes, int max_width, int max_height, AnyiUvcMode *mode)
{
  return pick_largest(modes, max_width, max_height, any_mode, mode);
}

gboolean
anyi_uvc_pick_mode_for_role(const GArray *modes, gboolean document, int max_width, int max_height,
                            AnyiUvcMode *mode)
{
  return pick_largest(modes, max_width, max_height, document ? still_capable : fast_enough, mode) ||
         pick_largest(modes, max_width, max_height, any_mode, mode);
}

guint32
anyi_uvc_mode_frame_bound(const AnyiUvcMode *mode)
{
  guint64 pixels = (guint64)mode->width * mode->height;
  guint64 bound = mode->encoding == ANYI_UVC_YUY2 ? pixels * 2 : pixels * 3;
  return (guint32)MIN(bound, (guint64)ANYI_UVC_MAX_FRAME_BYTES);
}

gboolean
anyi_uvc_probe_check(const AnyiUvcProbe *granted, const AnyiUvcMode *mode, gsize *frame_bytes,
                     gsize *payload_bytes, GError **error)
{
  guint32 bound = anyi_uvc_mode_frame_bound(mode);
  /* 0 means "not told": the mode's bound stands in. */
  guint32 frame = granted->max_frame_size ? granted->max_frame_size : bound;
  if (frame > bound) {
    g_message("camera: refused: frames of %u bytes claimed for %s %ux%u", frame,
              anyi_uvc_encoding_name(mode->encoding), mode->width, mode->height);
    g_set_error(error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                "camera claims frames of %u bytes for %s %ux%u (at most %u)", frame,
                anyi_uvc_encoding_name(mode->encoding), mode->width, mode->height, bound);
    return FALSE;
  }
  if (granted->max_payload_size > ANYI_UVC_MAX_PAYLOAD_BYTES ||
      granted->max_payload_size > (guint64)bound + 255) {
    g_message("camera: refused: payloads of %u bytes claimed for frames of at most %u",
              granted->max_payload_size, bound);
    g_set_error(error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                "camera claims payloads of %u bytes for frames of at most %u",
                granted->max_payload_size, bound);
    return FALSE;
  }
  *frame_bytes = frame;
  *payload_bytes = granted->max_payload_size;
  return TRUE;
}

void
anyi_uvc_probe_pack(const AnyiUvcProbe *probe, guint8 *block, gsize len)
{
  g_return_if_fail(len >= ANYI_UVC_PROBE_LEN_10);
  memset(block, 0, len);
  put_le16(block, probe->hint);
  block[2] = probe->format_index;
  block[3] = probe->frame_index;
  put_le32(block + 4, probe->interval);
  put_le32(block + 18, probe->max_frame_size);
  put_le32(block + 22, probe->max_payload_size);
}

void
anyi_uvc_probe_unpack(const guint8 *block, gsize len, AnyiUvcProbe *probe)
{
  memset(probe, 0, sizeof *probe);
  if (len < ANYI_UVC_PROBE_LEN_10)
    return;
  probe->hint = le16(block);
  probe->format_index = block[2];
  probe->frame_index = block[3];
  probe->interval = le32(block + 4);
  probe->max_frame_size = le32(block + 18);
  probe->max_payload_size = le32(block + 22);
}

struct _AnyiUvcAssembler {
  GByteArray *frame;
  gsize max_frame_size;
  int fid; /* of the frame being assembled, -1 before the first payload */
  gboolean damaged;
  gboolean lost; /* a payload was lost since the last one pushed */
  guint dropped;
};

AnyiUvcAssembler *
anyi_uvc_assembler_new(gsize max_frame_size)
{
  AnyiUvcAssembler *a = g_new0(AnyiUvcAssembler, 1);
  a->max_frame_size = MIN(max_frame_size, (gsize)ANYI_UVC_MAX_FRAME_BYTES);
  a->frame = g_byte_array_sized_new((guint)MIN(a->max_frame_size, 4u << 20));
  a->fid = -1;
  return a;
}

void
anyi_uvc_assembler_free(AnyiUvcAssembler *assembler)
{
  g_byte_array_unref(assembler->frame);
  g_free(assembler);
}

guint
anyi_uvc_assembler_get_dropped(const AnyiUvcAssembler *assembler)
{
  return assembler->dropped;
}

static void
restart(AnyiUvcAssembler *a, int fid)
{
  if (a->frame->len > 0 || a->damaged)
    a->dropped++;
  g_byte_array_set_size(a->frame, 0);
  a->damaged = FALSE;
  a->fid = fid;
}

static GBytes *
finish(AnyiUvcAssembler *a)
{
  GBytes *bytes = NULL;
  if (!a->damaged && a->frame->len > 0)
    bytes = g_bytes_new(a->frame->data, a->frame->len);
  else
    a->dropped++;
  g_byte_array_set_size(a->frame, 0);
  a->damaged = FALSE;
  a->fid = -1;
  return bytes;
}

gboolean
anyi_uvc_payload_parse(const guint8 *payload, gsize len, AnyiUvcPayload *out)
{
  if (len < 2)
    return FALSE;
  guint8 header_len = payload[0], flags = payload[1];
  gsize needed = 2 + (flags & ANYI_UVC_HEADER_PTS ? 4 : 0) + (flags & ANYI_UVC_HEADER_SCR ? 6 : 0);
  if (header_len < needed || header_len > len)
    return FALSE;
  out->header_len = header_len;
  out->flags = flags;
  out->data = payload + header_len;
  out->data_len = len - header_len;
  return TRUE;
}

GBytes *
anyi_uvc_assembler_push(AnyiUvcAssembler *a, const guint8 *payload, gsize len)
{
  AnyiUvcPayload p;
  if (len == 0)
    return NULL; /* an isochronous interval with nothing to send */
  if (!anyi_uvc_payload_parse(payload, len, &p)) {
    /* Its data may belong to the frame in progress: that one is torn. */
    if (a->fid != -1)
      a->damaged = TRUE;
    return NULL;
  }
  guint8 flags = p.flags;
  int fid = flags & ANYI_UVC_HEADER_FID;
  /* A new FID before EOF: the previous frame lost its end. */
  if (a->fid != fid) {
    if (a->fid != -1)
      restart(a, fid);
    a->fid = fid;
  }
  if (a->lost)
    a->damaged = TRUE;
  a->lost = FALSE;
  if (flags & ANYI_UVC_HEADER_ERR)
    a->damaged = TRUE;
  if (a->frame->len + p.data_len > a->max_frame_size)
    a->damaged = TRUE;
  else
    g_byte_array_append(a->frame, p.data, (guint)p.data_len);
  return (flags & ANYI_UVC_HEADER_EOF) ? finish(a) : NULL;
}

void
anyi_uvc_assembler_lose(AnyiUvcAssembler *a)
{
  a->damaged = TRUE;
  a->lost = TRUE;
}
