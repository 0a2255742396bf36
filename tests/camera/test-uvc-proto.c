/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The UVC wire format without I/O: descriptors, mode choice, probe block,
 * payload reassembly, decoding what arrived; and the camera role table's
 * validation. */
#include "camera/anyi-camera-table.h"
#include "camera/anyi-frame.h"
#include "camera/anyi-uvc-proto.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <string.h>

static void
append_frame(GByteArray *a, guint8 subtype, guint8 index, guint16 w, guint16 h, guint32 max)
{
  guint8 d[30] = {30, 0x24, subtype, index, 0, w & 0xFF, w >> 8, h & 0xFF, h >> 8};
  d[17] = max & 0xFF;
  d[18] = (max >> 8) & 0xFF;
  d[19] = (max >> 16) & 0xFF;
  d[20] = max >> 24;
  d[21] = 0x15; /* 333333 = 30 fps */
  d[22] = 0x16;
  d[23] = 0x05;
  d[25] = 1;
  g_byte_array_append(a, d, sizeof d);
}

/* A camera with MJPEG 640x480, 1920x1080, 2592x1944, YUY2 1920x1080, and
 * an H.264-like format we do not decode. */
static GByteArray *
sample_descriptors(void)
{
  GByteArray *a = g_byte_array_new();
  static const guint8 header[] = {16, 0x24, 0x01, 3, 0, 0, 0x81, 0, 3, 0, 0, 0, 1, 0, 0, 0};
  static const guint8 mjpeg[] = {11, 0x24, 0x06, 1, 3, 1, 1, 0, 0, 0, 0};
  guint8 yuy2[27] = {27, 0x24, 0x04, 2, 1,    'Y',  'U',  'Y', '2', 0, 0, 0x10, 0, 0x80,
                     0,  0,    0xAA, 0, 0x38, 0x9B, 0x71, 16,  1,   0, 0, 0,    0};
  guint8 other[27] = {27, 0x24, 0x04, 3, 1,    'N',  'V',  '1', '2', 0, 0, 0x10, 0, 0x80,
                      0,  0,    0xAA, 0, 0x38, 0x9B, 0x71, 12,  1,   0, 0, 0,    0};
  g_byte_array_append(a, header, sizeof header);
  g_byte_array_append(a, mjpeg, sizeof mjpeg);
  append_frame(a, 0x07, 1, 640, 480, 614400);
  append_frame(a, 0x07, 2, 1920, 1080, 4147200);
  append_frame(a, 0x07, 3, 2592, 1944, 10077696);
  g_byte_array_append(a, yuy2, sizeof yuy2);
  append_frame(a, 0x05, 1, 1920, 1080, 0);
  g_byte_array_append(a, other, sizeof other);
  append_frame(a, 0x05, 1, 1280, 720, 0);
  return a;
}

static void
test_parse_and_pick(void)
{
  g_autoptr(GByteArray) d = sample_descriptors();
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) modes = anyi_uvc_parse_streaming(d->data, d->len, &error);
  g_assert_no_error(error);
  g_assert_cmpuint(modes->len, ==, 4); /* NV12 skipped */
  AnyiUvcMode *yuy2 = &g_array_index(modes, AnyiUvcMode, 3);
  g_assert_cmpint(yuy2->encoding, ==, ANYI_UVC_YUY2);
  g_assert_cmpuint(yuy2->format_index, ==, 2);
  g_assert_cmpuint(yuy2->max_frame_size, ==, 1920 * 1080 * 2);
  g_assert_cmpuint(yuy2->interval, ==, 333333);

  AnyiUvcMode m;
  g_assert_true(anyi_uvc_pick_mode(modes, 1920, 1080, &m));
  g_assert_cmpint(m.encoding, ==, ANYI_UVC_MJPEG); /* MJPEG beats YUY2 at the same size */
  g_assert_cmpuint(m.width, ==, 1920);
  g_assert_cmpuint(m.frame_index, ==, 2);
  g_assert_true(anyi_uvc_pick_mode(modes, 1280, 720, &m));
  g_assert_cmpuint(m.width, ==, 640);
  g_assert_false(anyi_uvc_pick_mode(modes, 320, 240, &m));
}

static void
test_parse_rejects_bad_lengths(void)
{
  g_autoptr(GByteArray) d = sample_descriptors();
  g_autoptr(GError) error = NULL;
  d->data[16] = 200; /* the MJPEG format descriptor runs past the end */
  g_assert_null(anyi_uvc_parse_streaming(d->data, d->len, &error));
  g_assert_error(error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_clear_error(&error);
  g_assert_null(anyi_uvc_parse_streaming(d->data, 16, &error));
  g_assert_error(error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
}

static void
test_probe_round_trip(void)
{
  AnyiUvcProbe in = {.hint = 1,
                     .format_index = 2,
                     .frame_index = 3,
                     .interval = 333333,
                     .max_frame_size = 4147200,
                     .max_payload_size = 65536};
  guint8 block[ANYI_UVC_PROBE_LEN_11];
  anyi_uvc_probe_pack(&in, block, sizeof block);
  g_assert_cmpuint(block[18] | block[19] << 8 | block[20] << 16, ==, 4147200);
  AnyiUvcProbe out;
  anyi_uvc_probe_unpack(block, ANYI_UVC_PROBE_LEN_10, &out);
  g_assert_cmpmem(&in, sizeof in, &out, sizeof out);
  anyi_uvc_probe_unpack(block, 10, &out);
  g_assert_cmpuint(out.format_index, ==, 0);
}

static GBytes *
push(AnyiUvcAssembler *a, guint8 flags, const char *data)
{
  guint8 payload[64] = {2, flags};
  gsize n = strlen(data);
  memcpy(payload + 2, data, n);
  return anyi_uvc_assembler_push(a, payload, 2 + n);
}

static void
assert_bytes(GBytes *b, const char *expected)
{
  g_assert_nonnull(b);
  g_assert_cmpmem(g_bytes_get_data(b, NULL), g_bytes_get_size(b), expected, strlen(expected));
  g_bytes_unref(b);
}

static void
test_assembler(void)
{
  g_autoptr(AnyiUvcAssembler) a = anyi_uvc_assembler_new(16);
  const guint8 EOH = ANYI_UVC_HEADER_EOH, FID = ANYI_UVC_HEADER_FID, EOF_ = ANYI_UVC_HEADER_EOF;
  g_assert_null(push(a, EOH, "abc"));
  assert_bytes(push(a, EOH | EOF_, "de"), "abcde");
  /* the next frame toggles FID */
  g_assert_null(push(a, EOH | FID, "xy"));
  assert_bytes(push(a, EOH | FID | EOF_, "z"), "xyz");
  /* ERR anywhere drops the frame */
  g_assert_null(push(a, EOH, "12"));
  g_assert_null(push(a, EOH | ANYI_UVC_HEADER_ERR | EOF_, "34"));
  g_assert_cmpuint(anyi_uvc_assembler_get_dropped(a), ==, 1);
  /* a FID change before EOF drops the cut frame, keeps the new one */
  g_assert_null(push(a, EOH | FID, "lost"));
  g_assert_null(push(a, EOH, "new"));
  assert_bytes(push(a, EOH | EOF_, "!"), "new!");
  g_assert_cmpuint(anyi_uvc_assembler_get_dropped(a), ==, 2);
  /* more than the mode's frame size */
  g_assert_null(push(a, EOH | FID, "0123456789"));
  g_assert_null(push(a, EOH | FID | EOF_, "0123456789"));
  g_assert_cmpuint(anyi_uvc_assembler_get_dropped(a), ==, 3);
  /* headers that lie about their length are ignored */
  static const guint8 bad[] = {9, 0x82, 'a'};
  g_assert_null(anyi_uvc_assembler_push(a, bad, sizeof bad));
  g_assert_null(anyi_uvc_assembler_push(a, bad, 1));
  assert_bytes(push(a, EOH | EOF_, "ok"), "ok");
  /* ... but the frame they cut into is torn, and dropped */
  g_assert_null(push(a, EOH, "to"));
  g_assert_null(anyi_uvc_assembler_push(a, bad, sizeof bad));
  g_assert_null(push(a, EOH | EOF_, "rn"));
  /* a header announcing a timestamp (PTS, 4 bytes) it has no room for */
  static const guint8 short_pts[] = {4, 0x80 | ANYI_UVC_HEADER_PTS, 0, 0, 'x'};
  g_assert_null(push(a, EOH | FID, "pt"));
  g_assert_null(anyi_uvc_assembler_push(a, short_pts, sizeof short_pts));
  g_assert_null(push(a, EOH | FID | EOF_, "s"));
  /* header-only packets (isochronous cameras send them) end a frame too */
  g_assert_null(push(a, EOH, "end"));
  static const guint8 header_only[] = {
      12, 0x80 | ANYI_UVC_HEADER_EOF | ANYI_UVC_HEADER_PTS | ANYI_UVC_HEADER_SCR,
      0,  0,
      0,  0,
      0,  0,
      0,  0,
      0,  0};
  assert_bytes(anyi_uvc_assembler_push(a, header_only, sizeof header_only), "end");
  /* an empty isochronous packet is nothing at all */
  g_assert_null(anyi_uvc_assembler_push(a, header_only, 0));
}

/* A transfer that failed took a payload with it: the frame it belonged to
 * is dropped, whether the next payload continues it or starts another. */
static void
test_assembler_lost_payload(void)
{
  g_autoptr(AnyiUvcAssembler) a = anyi_uvc_assembler_new(64);
  const guint8 EOH = ANYI_UVC_HEADER_EOH, FID = ANYI_UVC_HEADER_FID, EOF_ = ANYI_UVC_HEADER_EOF;
  g_assert_null(push(a, EOH, "head"));
  anyi_uvc_assembler_lose(a);
  g_assert_null(push(a, EOH | EOF_, "tail"));
  g_assert_cmpuint(anyi_uvc_assembler_get_dropped(a), ==, 1);
  assert_bytes(push(a, EOH | FID | EOF_, "whole"), "whole");
  /* lost between frames: it may have been the next one's start */
  anyi_uvc_assembler_lose(a);
  g_assert_null(push(a, EOH | EOF_, "tail"));
  g_assert_cmpuint(anyi_uvc_assembler_get_dropped(a), ==, 2);
  assert_bytes(push(a, EOH | FID | EOF_, "whole"), "whole");
}

/* A picture whose compressed data has a hole decodes, with warnings, into
 * rows that are grey or scrambled: that is an error, not a picture. */
static void
test_jpeg_with_a_hole_is_refused(void)
{
  const int width = 320, height = 240;
  guint8 *rgb = g_malloc((gsize)width * 3 * height);
  for (int i = 0; i < width * 3 * height; i++)
    rgb[i] = (guint8)g_test_rand_int_range(0, 256);
  g_autoptr(GBytes) pixels = g_bytes_new_take(rgb, (gsize)width * 3 * height);
  g_autoptr(AnyiFrame) noise = anyi_frame_new(pixels, width, height, width * 3);
  g_autoptr(GBytes) jpeg = anyi_frame_encode_jpeg(noise, 85, 0, NULL);
  gsize len = 0;
  const guint8 *data = g_bytes_get_data(jpeg, &len);
  g_autoptr(GError) error = NULL;
  g_autoptr(AnyiFrame) whole = anyi_frame_new_from_jpeg(data, len, &error);
  g_assert_no_error(error);

  g_autoptr(GByteArray) holed = g_byte_array_new();
  g_byte_array_append(holed, data, (guint)(len / 3));
  g_byte_array_append(holed, data + 2 * len / 3, (guint)(len - 2 * len / 3));
  g_autoptr(AnyiFrame) broken = anyi_frame_new_from_jpeg(holed->data, holed->len, &error);
  g_assert_null(broken);
  g_assert_error(error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_clear_error(&error);

  g_autoptr(AnyiFrame) cut = anyi_frame_new_from_jpeg(data, len / 2, &error);
  g_assert_null(cut);
  g_assert_error(error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
}

/* Damaged descriptors and payloads (random flips of real ones, random
 * lengths): never a crash or an out-of-bounds read (run under ASan). */
static void
test_damaged_input(void)
{
  g_autoptr(GByteArray) good = sample_descriptors();
  for (int round = 0; round < 3000; round++) {
    g_autoptr(GByteArray) d = g_byte_array_new();
    g_byte_array_append(d, good->data, good->len);
    for (int flips = g_test_rand_int_range(1, 8); flips > 0; flips--)
      d->data[g_test_rand_int_range(0, (gint32)d->len)] = (guint8)g_test_rand_int_range(0, 256);
    gsize len = (gsize)g_test_rand_int_range(0, (gint32)d->len + 1);
    g_autoptr(GError) error = NULL;
    g_autoptr(GArray) modes = anyi_uvc_parse_streaming(d->data, len, &error);
    g_assert_true((modes == NULL) != (error == NULL));
  }
  g_autoptr(AnyiUvcAssembler) a = anyi_uvc_assembler_new(4096);
  guint8 payload[600];
  for (int round = 0; round < 5000; round++) {
    gsize len = (gsize)g_test_rand_int_range(0, sizeof payload + 1);
    for (gsize i = 0; i < len; i++)
      payload[i] = (guint8)g_test_rand_int_range(0, 256);
    g_autoptr(GBytes) frame = anyi_uvc_assembler_push(a, payload, len);
    g_assert_true(!frame || g_bytes_get_size(frame) <= 4096);
  }
}

static AnyiCameraTable *
table_from(const char *json, GError **error)
{
  g_autofree char *path = NULL;
  int fd = g_file_open_tmp("cameras-XXXXXX.json", &path, NULL);
  g_assert_cmpint(fd, >=, 0);
  close(fd);
  g_assert_true(g_file_set_contents(path, json, -1, NULL));
  AnyiCameraTable *table = anyi_camera_table_load(path, error);
  g_unlink(path);
  return table;
}

static void
test_camera_table(void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AnyiCameraTable) table = table_from(
      "{\"cameras\":[{\"role\":\"face\",\"vendor_id\":\"046D\",\"product_id\":\"0825\"},"
      "{\"role\":\"document\",\"product\":\"Doc Cam\"},"
      "{\"role\":\"face\",\"vendor_id\":\"1234\",\"product_id\":\"0001\",\"product\":\"front\"}]}",
      &error);
  g_assert_no_error(error);
  AnyiCameraRole role;
  g_assert_true(anyi_camera_table_match(table, 0x046d, 0x0825, NULL, &role));
  g_assert_cmpint(role, ==, ANYI_CAMERA_ROLE_FACE);
  g_assert_true(anyi_camera_table_match(table, 0x1111, 0x2222, "HD DOC CAM 5MP", &role));
  g_assert_cmpint(role, ==, ANYI_CAMERA_ROLE_DOCUMENT);
  g_assert_false(anyi_camera_table_match(table, 0x1234, 0x0001, "rear", &role));
  g_assert_true(anyi_camera_table_needs_product(table, 0x1234, 0x0001));
  /* a product-only entry may match any device: its name must be read */
  g_assert_true(anyi_camera_table_needs_product(table, 0x046d, 0x0825));
}

static void
test_camera_table_rejects(void)
{
  static const char *const bad[] = {
      "{\"cameras\":[{\"role\":\"selfie\",\"product\":\"x\"}]}",
      "{\"cameras\":[{\"role\":\"face\",\"vendor_id\":\"46d\",\"product_id\":\"0825\"}]}",
      "{\"cameras\":[{\"role\":\"face\",\"vendor_id\":\"046d\"}]}",
      "{\"cameras\":[{\"role\":\"face\"}]}",
      "{\"cameras\":[42]}",
      "{\"camera\":[]}",
      "not json",
  };
  for (gsize i = 0; i < G_N_ELEMENTS(bad); i++) {
    g_autoptr(GError) error = NULL;
    g_autoptr(AnyiCameraTable) table = table_from(bad[i], &error);
    g_assert_null(table);
    g_assert_nonnull(error);
    g_test_message("%s -> %s", bad[i], error->message);
  }
}

static void
test_shipped_table_loads(void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AnyiCameraTable) table = anyi_camera_table_load_default(&error);
  g_assert_no_error(error);
  AnyiCameraRole role;
  g_assert_true(anyi_camera_table_match(table, 0x1209, 0xa002, "", &role));
  g_assert_cmpint(role, ==, ANYI_CAMERA_ROLE_DOCUMENT);
}

/* Bandwidth per interval as the brief of each bus speed has it, and the
 * smallest alternate setting that carries the payload. */
static void
test_iso_bandwidth_and_alt(void)
{
  g_assert_cmpuint(anyi_uvc_iso_bandwidth(1023, ANYI_UVC_SPEED_FULL, 0, 0), ==, 1023);
  g_assert_cmpuint(anyi_uvc_iso_bandwidth(0x1400, ANYI_UVC_SPEED_HIGH, 0, 0), ==, 3 * 1024);
  g_assert_cmpuint(anyi_uvc_iso_bandwidth(0x0B20, ANYI_UVC_SPEED_HIGH, 0, 0), ==, 2 * 800);
  /* SuperSpeed: 1024 x (bMaxBurst 15 + 1) x (Mult 2 + 1) */
  g_assert_cmpuint(anyi_uvc_iso_bandwidth(1024, ANYI_UVC_SPEED_SUPER, 15, 2), ==, 49152);
  g_autoptr(GArray) alts = g_array_new(FALSE, TRUE, sizeof(AnyiUvcAltSetting));
  const guint16 packets[] = {0x1400, 128, 1024, 0x0C00, 512};
  for (guint i = 0; i < G_N_ELEMENTS(packets); i++) {
    AnyiUvcAltSetting a = {.alt = (guint8)(i + 1),
                           .endpoint = 0x81,
                           .max_packet = packets[i],
                           .bandwidth =
                               anyi_uvc_iso_bandwidth(packets[i], ANYI_UVC_SPEED_HIGH, 0, 0)};
    g_array_append_val(alts, a);
  }
  g_assert_cmpuint(anyi_uvc_pick_alt(alts, 100)->alt, ==, 2);  /* 128 */
  g_assert_cmpuint(anyi_uvc_pick_alt(alts, 600)->alt, ==, 3);  /* 1024 */
  g_assert_cmpuint(anyi_uvc_pick_alt(alts, 2048)->alt, ==, 4); /* 2x1024 */
  g_assert_cmpuint(anyi_uvc_pick_alt(alts, 3000)->alt, ==, 1); /* 3x1024 */
  g_assert_cmpuint(anyi_uvc_pick_alt(alts, 0)->alt, ==, 1);    /* not told: the largest */
  g_assert_null(anyi_uvc_pick_alt(alts, 3073));
}

/* Sizes a camera reports are bounded by the mode and the ceilings. */
static void
test_hostile_sizes(void)
{
  AnyiUvcMode mjpeg = {.encoding = ANYI_UVC_MJPEG, .width = 1920, .height = 1080};
  AnyiUvcMode yuy2 = {.encoding = ANYI_UVC_YUY2, .width = 640, .height = 480};
  gsize frame = 0, payload = 0;
  g_autoptr(GError) error = NULL;
  AnyiUvcProbe honest = {.max_frame_size = 400000, .max_payload_size = 3072};
  g_assert_true(anyi_uvc_probe_check(&honest, &mjpeg, &frame, &payload, &error));
  g_assert_cmpuint(frame, ==, 400000);
  g_assert_cmpuint(payload, ==, 3072);
  AnyiUvcProbe silent = {0};
  g_assert_true(anyi_uvc_probe_check(&silent, &yuy2, &frame, &payload, &error));
  g_assert_cmpuint(frame, ==, 640 * 480 * 2);
  AnyiUvcProbe huge_frame = {.max_frame_size = 0xFFFFFFFF, .max_payload_size = 3072};
  g_assert_false(anyi_uvc_probe_check(&huge_frame, &mjpeg, &frame, &payload, &error));
  g_assert_error(error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_clear_error(&error);
  AnyiUvcProbe big_yuy2 = {.max_frame_size = 640 * 480 * 2 + 1};
  g_assert_false(anyi_uvc_probe_check(&big_yuy2, &yuy2, &frame, &payload, &error));
  g_clear_error(&error);
  AnyiUvcProbe huge_payload = {.max_frame_size = 400000, .max_payload_size = 0x7FFFFFFF};
  g_assert_false(anyi_uvc_probe_check(&huge_payload, &mjpeg, &frame, &payload, &error));
  g_clear_error(&error);

  /* a frame descriptor of 65535x65535 (YUY2: 8 GB, past 32 bits) is skipped */
  g_autoptr(GByteArray) d = g_byte_array_new();
  static const guint8 header[] = {14, 0x24, 0x01, 1, 0, 0, 0x81, 0, 3, 0, 0, 0, 1, 0};
  guint8 yuy2_format[27] = {27, 0x24, 0x04, 1, 2,    'Y',  'U',  'Y', '2', 0, 0, 0x10, 0, 0x80,
                            0,  0,    0xAA, 0, 0x38, 0x9B, 0x71, 16,  1,   0, 0, 0,    0};
  g_byte_array_append(d, header, sizeof header);
  g_byte_array_append(d, yuy2_format, sizeof yuy2_format);
  append_frame(d, 0x05, 1, 65535, 65535, 0xFFFFFFFF);
  append_frame(d, 0x05, 2, 640, 480, 0xFFFFFFFF);
  g_autoptr(GArray) modes = anyi_uvc_parse_streaming(d->data, d->len, &error);
  g_assert_no_error(error);
  g_assert_cmpuint(modes->len, ==, 1);
  g_assert_cmpuint(g_array_index(modes, AnyiUvcMode, 0).width, ==, 640);
  g_assert_cmpuint(g_array_index(modes, AnyiUvcMode, 0).max_frame_size, ==, 640 * 480 * 2);
}

/* A JPEG header claiming a picture larger than the ceilings, or a camera
 * frame of another size than the one agreed, is refused before decoding. */
static void
test_jpeg_sizes_refused(void)
{
  g_autoptr(AnyiFrame) small = anyi_frame_new_blank(64, 48, 10, 200, 30);
  g_autoptr(GBytes) jpeg = anyi_frame_encode_jpeg(small, 90, 0, NULL);
  gsize len = g_bytes_get_size(jpeg);
  guint8 *bytes = g_memdup2(g_bytes_get_data(jpeg, NULL), len);
  g_autoptr(GError) error = NULL;
  g_autoptr(AnyiFrame) same = anyi_frame_new_from_jpeg_sized(bytes, len, 64, 48, &error);
  g_assert_no_error(error);
  g_assert_nonnull(same);
  g_assert_null(anyi_frame_new_from_jpeg_sized(bytes, len, 1920, 1080, &error));
  g_assert_error(error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_assert_nonnull(strstr(error->message, "64x48"));
  g_clear_error(&error);
  /* SOF0 says 65500x65500: 12 GB of pixels from a few hundred bytes */
  for (gsize i = 0; i + 8 < len; i++)
    if (bytes[i] == 0xFF && bytes[i + 1] == 0xC0) {
      bytes[i + 5] = bytes[i + 7] = 0xFF;
      bytes[i + 6] = bytes[i + 8] = 0xDC;
      break;
    }
  g_assert_null(anyi_frame_new_from_jpeg(bytes, len, &error));
  g_assert_error(error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_assert_nonnull(strstr(error->message, "65500x65500"));
  g_free(bytes);
}

/* The preview word at (x, y): 0xFFRRGGBB. */
static guint32
preview_pixel(const AnyiFrame *frame, int x, int y)
{
  const guint8 *data = g_bytes_get_data(frame->preview, NULL);
  return *(const guint32 *)(data + (gsize)y * (gsize)frame->preview_stride + (gsize)x * 4);
}

/* A 1920x1080 frame, left half red, right half a one-pixel black and
 * white checker: the preview fits the box with the frame's shape, shows
 * red on the left and an even grey (not a shimmering pattern) on the
 * right, and the frame itself, which the photo checks read, is whole. */
static void
test_frame_preview(void)
{
  const int width = 1920, height = 1080;
  guint8 *rgb = g_malloc((gsize)width * 3 * height);
  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++) {
      guint8 *p = rgb + ((gsize)y * width + x) * 3;
      gboolean white = (x + y) % 2 == 0;
      p[0] = x < width / 2 ? 220 : white ? 255 : 0;
      p[1] = p[2] = x < width / 2 ? 0 : white ? 255 : 0;
    }
  g_autoptr(GBytes) bytes = g_bytes_new_take(rgb, (gsize)width * 3 * height);
  g_autoptr(AnyiFrame) frame = anyi_frame_new(bytes, width, height, width * 3);
  anyi_frame_add_preview(frame, 880, 600);
  g_assert_nonnull(frame->preview);
  g_assert_cmpint(frame->preview_width, ==, 880);
  g_assert_cmpint(frame->preview_height, ==, 495);
  g_assert_cmpint(frame->preview_stride, >=, 880 * 4);
  g_assert_cmphex(preview_pixel(frame, 10, 10), ==, 0xFFDC0000);
  g_assert_cmphex(preview_pixel(frame, 400, 300), ==, 0xFFDC0000);
  for (int x = 460; x < 880; x += 37) {
    guint32 grey = preview_pixel(frame, x, 200);
    g_assert_cmphex(grey >> 24, ==, 0xFF);
    g_assert_cmpuint((grey >> 16) & 0xFF, >=, 100);
    g_assert_cmpuint((grey >> 16) & 0xFF, <=, 155);
    g_assert_cmpuint(grey & 0xFF, ==, (grey >> 16) & 0xFF);
  }
  g_assert_true(g_bytes_equal(frame->pixels, bytes));

  /* a box wider than the frame's shape, and one larger than the frame */
  g_autoptr(AnyiFrame) second = anyi_frame_new(bytes, width, height, width * 3);
  anyi_frame_add_preview(second, 2000, 300);
  g_assert_cmpint(second->preview_width, ==, 533);
  g_assert_cmpint(second->preview_height, ==, 300);
  g_autoptr(AnyiFrame) small = anyi_frame_new_blank(64, 48, 10, 200, 30);
  anyi_frame_add_preview(small, 880, 495);
  g_assert_cmpint(small->preview_width, ==, 64);
  g_assert_cmpint(small->preview_height, ==, 48);
  g_assert_cmphex(preview_pixel(small, 63, 47), ==, 0xFF0AC81E);
}

/* The camera's pixel buffers are kept for its next frames, and wiped as
 * they come back: no picture lies in an idle buffer. Only a few, of the
 * size last asked for, are kept, and none once the pool is closed. */
static void
test_frame_pool(void)
{
  enum { SIZE = 4096, KEPT = 2, TAKEN = 4 };
  g_autoptr(AnyiFramePool) pool = anyi_frame_pool_new(KEPT);
  guint8 *data[TAKEN];
  GBytes *bytes[TAKEN];
  for (int i = 0; i < TAKEN; i++) {
    bytes[i] = anyi_frame_pool_take(pool, SIZE, &data[i]);
    memset(data[i], 0xA5, SIZE); /* a picture */
  }
  guint8 *kept[KEPT] = {data[0], data[1]};
  for (int i = 0; i < TAKEN; i++)
    g_bytes_unref(bytes[i]);
  g_assert_cmpuint(anyi_frame_pool_get_idle(pool), ==, KEPT);

  guint8 *again = NULL;
  g_autoptr(GBytes) reused = anyi_frame_pool_take(pool, SIZE, &again);
  g_assert_true(again == kept[0] || again == kept[1]);
  for (gsize i = 0; i < SIZE; i++)
    g_assert_cmpuint(again[i], ==, 0);
  g_assert_cmpuint(g_bytes_get_size(reused), ==, SIZE);

  /* another size (a new mode or preview box): the old size's buffers go */
  guint8 *other = NULL;
  g_autoptr(GBytes) resized = anyi_frame_pool_take(pool, SIZE * 2, &other);
  g_assert_cmpuint(anyi_frame_pool_get_idle(pool), ==, 0);
  g_clear_pointer(&resized, g_bytes_unref);
  g_assert_cmpuint(anyi_frame_pool_get_idle(pool), ==, 1);

  anyi_frame_pool_close(pool);
  g_assert_cmpuint(anyi_frame_pool_get_idle(pool), ==, 0);
  g_clear_pointer(&reused, g_bytes_unref);
  g_assert_cmpuint(anyi_frame_pool_get_idle(pool), ==, 0);
}

/* A frame decoded into a pool's buffers reads as one decoded the plain
 * way, and gives both buffers back when it goes. */
static void
test_frame_pooled_decode(void)
{
  g_autoptr(AnyiFrame) blank = anyi_frame_new_blank(64, 48, 10, 200, 30);
  g_autoptr(GBytes) yuy2 = anyi_frame_encode_yuy2(blank);
  g_autoptr(AnyiFramePool) pixels = anyi_frame_pool_new(2);
  g_autoptr(AnyiFramePool) previews = anyi_frame_pool_new(2);
  g_autoptr(GError) error = NULL;
  AnyiFrame *pooled = anyi_frame_new_from_yuy2_pooled(
      g_bytes_get_data(yuy2, NULL), g_bytes_get_size(yuy2), 64, 48, pixels, &error);
  g_assert_no_error(error);
  anyi_frame_add_preview_pooled(pooled, 32, 24, previews);
  g_autoptr(AnyiFrame) plain = anyi_frame_new_from_yuy2(g_bytes_get_data(yuy2, NULL),
                                                        g_bytes_get_size(yuy2), 64, 48, &error);
  anyi_frame_add_preview(plain, 32, 24);
  g_assert_true(g_bytes_equal(pooled->pixels, plain->pixels));
  g_assert_true(g_bytes_equal(pooled->preview, plain->preview));
  anyi_frame_unref(pooled);
  g_assert_cmpuint(anyi_frame_pool_get_idle(pixels), ==, 1);
  g_assert_cmpuint(anyi_frame_pool_get_idle(previews), ==, 1);
}

/* The mode a role takes, from the camera's own descriptors. */
static void
test_mode_for_role(void)
{
  g_autoptr(GByteArray) d = sample_descriptors();
  g_autoptr(GArray) modes = anyi_uvc_parse_streaming(d->data, d->len, NULL);
  /* 2592x1944 streams at 5 fps only, and is the one still-capable size */
  AnyiUvcMode *big = &g_array_index(modes, AnyiUvcMode, 2);
  big->interval = 2000000;
  big->still = TRUE;
  AnyiUvcMode m;
  g_assert_true(anyi_uvc_pick_mode_for_role(modes, FALSE, 4096, 4096, &m));
  g_assert_cmpuint(m.width, ==, 1920);
  g_assert_true(anyi_uvc_pick_mode_for_role(modes, TRUE, 4096, 4096, &m));
  g_assert_cmpuint(m.width, ==, 2592);
  big->still = FALSE; /* no still size: the largest */
  g_assert_true(anyi_uvc_pick_mode_for_role(modes, TRUE, 4096, 4096, &m));
  g_assert_cmpuint(m.width, ==, 2592);
}

int
main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/uvc/parse-and-pick", test_parse_and_pick);
  g_test_add_func("/uvc/parse-rejects", test_parse_rejects_bad_lengths);
  g_test_add_func("/uvc/probe", test_probe_round_trip);
  g_test_add_func("/uvc/assembler", test_assembler);
  g_test_add_func("/uvc/assembler-lost-payload", test_assembler_lost_payload);
  g_test_add_func("/uvc/jpeg-with-a-hole", test_jpeg_with_a_hole_is_refused);
  g_test_add_func("/uvc/damaged-input", test_damaged_input);
  g_test_add_func("/uvc/iso-bandwidth-and-alt", test_iso_bandwidth_and_alt);
  g_test_add_func("/uvc/hostile-sizes", test_hostile_sizes);
  g_test_add_func("/uvc/jpeg-sizes-refused", test_jpeg_sizes_refused);
  g_test_add_func("/uvc/mode-for-role", test_mode_for_role);
  g_test_add_func("/frame/preview", test_frame_preview);
  g_test_add_func("/frame/pool", test_frame_pool);
  g_test_add_func("/frame/pooled-decode", test_frame_pooled_decode);
  g_test_add_func("/camera-table/match", test_camera_table);
  g_test_add_func("/camera-table/rejects", test_camera_table_rejects);
  g_test_add_func("/camera-table/shipped", test_shipped_table_loads);
  return g_test_run();
}
