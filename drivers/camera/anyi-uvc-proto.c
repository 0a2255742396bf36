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
  };
  if (mode.encoding == ANYI_UVC_YUY2)
    mode.max_frame_size = (guint32)mode.width * mode.height * 2;
  if (mode.width > 0 && mode.height > 0)
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

gboolean
anyi_uvc_pick_mode(const GArray *modes, int max_width, int max_height, AnyiUvcMode *mode)
{
  const AnyiUvcMode *best = NULL;
  for (guint i = 0; i < modes->len; i++) {
    const AnyiUvcMode *m = &g_array_index(modes, AnyiUvcMode, i);
    if (m->width > max_width || m->height > max_height)
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
  a->frame = g_byte_array_sized_new((guint)MIN(max_frame_size, 4u << 20));
  a->max_frame_size = max_frame_size;
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

GBytes *
anyi_uvc_assembler_push(AnyiUvcAssembler *a, const guint8 *payload, gsize len)
{
  if (len < 2 || payload[0] < 2 || payload[0] > len)
    return NULL; /* empty or malformed: not part of any frame */
  guint8 flags = payload[1];
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
  gsize data_len = len - payload[0];
  if (a->frame->len + data_len > a->max_frame_size)
    a->damaged = TRUE;
  else
    g_byte_array_append(a->frame, payload + payload[0], (guint)data_len);
  return (flags & ANYI_UVC_HEADER_EOF) ? finish(a) : NULL;
}

void
anyi_uvc_assembler_lose(AnyiUvcAssembler *a)
{
  a->damaged = TRUE;
  a->lost = TRUE;
}
