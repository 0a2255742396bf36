/* SPDX-License-Identifier: GPL-3.0-or-later */
/* anyi-frame.c: decoded pictures and their JPEG/YUY2 codecs (libturbojpeg). */
#include "anyi-frame.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <string.h>
#include <turbojpeg.h>

G_DEFINE_BOXED_TYPE(AnyiFrame, anyi_frame, anyi_frame_ref, anyi_frame_unref)

AnyiFrame *
anyi_frame_new(GBytes *pixels, int width, int height, int stride)
{
  g_return_val_if_fail(pixels != NULL, NULL);
  g_return_val_if_fail(width > 0 && height > 0 && stride >= width * 3, NULL);
  g_return_val_if_fail(g_bytes_get_size(pixels) >= (gsize)stride * (gsize)height, NULL);

  AnyiFrame *frame = g_atomic_rc_box_new0(AnyiFrame);
  frame->pixels = g_bytes_ref(pixels);
  frame->width = width;
  frame->height = height;
  frame->stride = stride;
  frame->captured_at = g_get_monotonic_time();
  return frame;
}

AnyiFrame *
anyi_frame_new_blank(int width, int height, guint8 r, guint8 g, guint8 b)
{
  gsize size = (gsize)width * 3 * (gsize)height;
  guint8 *data = g_malloc(size);
  for (gsize i = 0; i < size; i += 3) {
    data[i] = r;
    data[i + 1] = g;
    data[i + 2] = b;
  }
  g_autoptr(GBytes) bytes = g_bytes_new_take(data, size);
  return anyi_frame_new(bytes, width, height, width * 3);
}

AnyiFrame *
anyi_frame_ref(AnyiFrame *frame)
{
  return g_atomic_rc_box_acquire(frame);
}

static void
anyi_frame_clear(gpointer data)
{
  AnyiFrame *frame = data;
  g_clear_pointer(&frame->pixels, g_bytes_unref);
  g_clear_pointer(&frame->preview, g_bytes_unref);
}

void
anyi_frame_unref(AnyiFrame *frame)
{
  g_atomic_rc_box_release_full(frame, anyi_frame_clear);
}

const guint8 *
anyi_frame_get_data(const AnyiFrame *frame)
{
  return g_bytes_get_data(frame->pixels, NULL);
}

/* ---- the camera's pixel buffers, kept for the next frames ---- */

struct _AnyiFramePool {
  GMutex lock;     /* guards what follows: buffers come back on any thread */
  GPtrArray *idle; /* PoolBuffer, each `size` bytes, wiped */
  gsize size;
  guint max_idle;
  gboolean closed;
};

typedef struct {
  AnyiFramePool *pool; /* a reference while the buffer is out, NULL while idle */
  gsize size;
  guint8 *data;
} PoolBuffer;

/* For idle buffers only: they were wiped when they came back. */
static void
pool_buffer_free(gpointer data)
{
  PoolBuffer *buffer = data;
  g_free(buffer->data);
  g_free(buffer);
}

static GPtrArray *
new_idle_list(void)
{
  return g_ptr_array_new_with_free_func(pool_buffer_free);
}

AnyiFramePool *
anyi_frame_pool_new(guint max_idle)
{
  AnyiFramePool *pool = g_atomic_rc_box_new0(AnyiFramePool);
  g_mutex_init(&pool->lock);
  pool->idle = new_idle_list();
  pool->max_idle = max_idle;
  return pool;
}

AnyiFramePool *
anyi_frame_pool_ref(AnyiFramePool *pool)
{
  return g_atomic_rc_box_acquire(pool);
}

static void
pool_clear(gpointer data)
{
  AnyiFramePool *pool = data;
  g_ptr_array_unref(pool->idle);
  g_mutex_clear(&pool->lock);
}

void
anyi_frame_pool_unref(AnyiFramePool *pool)
{
  g_atomic_rc_box_release_full(pool, pool_clear);
}

/* The last reference to a buffer's GBytes went, on whichever thread. */
static void
give_back(gpointer data)
{
  PoolBuffer *buffer = data;
  AnyiFramePool *pool = g_steal_pointer(&buffer->pool);
  explicit_bzero(buffer->data, buffer->size);
  g_mutex_lock(&pool->lock);
  gboolean kept = !pool->closed && buffer->size == pool->size && pool->idle->len < pool->max_idle;
  if (kept)
    g_ptr_array_add(pool->idle, buffer);
  g_mutex_unlock(&pool->lock);
  if (!kept)
    pool_buffer_free(buffer);
  anyi_frame_pool_unref(pool);
}

/* The idle buffers, taken out of the pool (to be freed outside its lock). */
static GPtrArray *
steal_idle(AnyiFramePool *pool)
{
  GPtrArray *idle = pool->idle;
  pool->idle = new_idle_list();
  return idle;
}

GBytes *
anyi_frame_pool_take(AnyiFramePool *pool, gsize size, guint8 **data)
{
  g_autoptr(GPtrArray) stale = NULL;
  PoolBuffer *buffer = NULL;
  g_mutex_lock(&pool->lock);
  if (size != pool->size) {
    stale = steal_idle(pool); /* the mode or the preview's size changed */
    pool->size = size;
  }
  if (pool->idle->len > 0)
    buffer = g_ptr_array_steal_index_fast(pool->idle, pool->idle->len - 1);
  g_mutex_unlock(&pool->lock);
  if (!buffer) {
    buffer = g_new0(PoolBuffer, 1);
    buffer->size = size;
    buffer->data = g_malloc(size);
  }
  buffer->pool = anyi_frame_pool_ref(pool);
  *data = buffer->data;
  return g_bytes_new_with_free_func(buffer->data, size, give_back, buffer);
}

void
anyi_frame_pool_close(AnyiFramePool *pool)
{
  g_mutex_lock(&pool->lock);
  pool->closed = TRUE;
  g_autoptr(GPtrArray) idle = steal_idle(pool);
  g_mutex_unlock(&pool->lock);
}

guint
anyi_frame_pool_get_idle(AnyiFramePool *pool)
{
  g_mutex_lock(&pool->lock);
  guint idle = pool->idle->len;
  g_mutex_unlock(&pool->lock);
  return idle;
}

/* Room for `size` bytes of pixels: a pool's buffer, or new memory. */
static GBytes *
new_pixels(AnyiFramePool *pool, gsize size, guint8 **data)
{
  if (pool)
    return anyi_frame_pool_take(pool, size, data);
  *data = g_malloc(size);
  return g_bytes_new_take(*data, size);
}

/* turbojpeg reports defects in the compressed data as warnings and decodes
 * what it can: after missing or corrupt data the rows come out grey,
 * shifted or scrambled, so the picture is not the one that was taken.
 * Stray bytes before a marker (some cameras pad every frame so) are the
 * one warning that leaves every pixel as it was encoded. */
static gboolean
only_stray_bytes(tjhandle tj)
{
  return strstr(tjGetErrorStr2(tj), "extraneous bytes") != NULL;
}

gboolean
anyi_frame_size_allowed(int width, int height, GError **error)
{
  if (width > 0 && height > 0 && width <= ANYI_FRAME_MAX_SIDE && height <= ANYI_FRAME_MAX_SIDE &&
      (guint64)width * (guint64)height <= ANYI_FRAME_MAX_PIXELS)
    return TRUE;
  g_set_error(error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
              "picture claims %dx%d pixels (at most %dx%d and %u megapixels)", width, height,
              ANYI_FRAME_MAX_SIDE, ANYI_FRAME_MAX_SIDE, ANYI_FRAME_MAX_PIXELS / 1000000);
  return FALSE;
}

/* Reads the header only; want_width 0 takes any size within the ceilings. */
static gboolean
read_jpeg_header(tjhandle tj, const guint8 *jpeg, gsize len, int want_width, int want_height,
                 int *width, int *height, GError **error)
{
  int subsamp = 0, colorspace = 0;
  if (tjDecompressHeader3(tj, jpeg, len, width, height, &subsamp, &colorspace) != 0 ||
      *width <= 0 || *height <= 0) {
    g_set_error(error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "not a JPEG picture: %s",
                tjGetErrorStr2(tj));
    return FALSE;
  }
  GError *refusal = NULL;
  if (want_width > 0 && (*width != want_width || *height != want_height))
    g_set_error(&refusal, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                "JPEG picture is %dx%d, not the %dx%d agreed with the camera", *width, *height,
                want_width, want_height);
  else
    anyi_frame_size_allowed(*width, *height, &refusal);
  if (!refusal)
    return TRUE;
  g_message("%s: refused a %" G_GSIZE_FORMAT "-byte JPEG before decoding: %s",
            want_width > 0 ? "camera" : "photo", len, refusal->message);
  g_propagate_error(error, refusal);
  return FALSE;
}

static AnyiFrame *
decode_jpeg(const guint8 *jpeg, gsize len, int want_width, int want_height, AnyiFramePool *pool,
            GError **error)
{
  tjhandle tj = tjInitDecompress();
  int width = 0, height = 0;
  AnyiFrame *frame = NULL;

  if (!read_jpeg_header(tj, jpeg, len, want_width, want_height, &width, &height, error)) {
    tjDestroy(tj);
    return NULL;
  }
  int stride = width * 3;
  guint8 *rgb = NULL;
  g_autoptr(GBytes) bytes = new_pixels(pool, (gsize)stride * (gsize)height, &rgb);
  if (tjDecompress2(tj, jpeg, len, rgb, width, stride, height, TJPF_RGB, TJFLAG_FASTDCT) != 0 &&
      (tjGetErrorCode(tj) == TJERR_FATAL || !only_stray_bytes(tj)))
    g_set_error(error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "JPEG picture is damaged: %s",
                tjGetErrorStr2(tj));
  else
    frame = anyi_frame_new(bytes, width, height, stride);
  tjDestroy(tj);
  return frame;
}

AnyiFrame *
anyi_frame_new_from_jpeg(const guint8 *jpeg, gsize len, GError **error)
{
  return decode_jpeg(jpeg, len, 0, 0, NULL, error);
}

AnyiFrame *
anyi_frame_new_from_jpeg_sized(const guint8 *jpeg, gsize len, int width, int height, GError **error)
{
  return anyi_frame_new_from_jpeg_pooled(jpeg, len, width, height, NULL, error);
}

AnyiFrame *
anyi_frame_new_from_jpeg_pooled(const guint8 *jpeg, gsize len, int width, int height,
                                AnyiFramePool *pool, GError **error)
{
  g_return_val_if_fail(width > 0 && height > 0, NULL);
  return decode_jpeg(jpeg, len, width, height, pool, error);
}

static guint8
clamp_byte(int v)
{
  return (guint8)CLAMP(v, 0, 255);
}

/* BT.601 limited range, what UVC cameras use for YUY2. */
static void
yuv_to_rgb(int y, int u, int v, guint8 *out)
{
  int c = 298 * (y - 16);
  int d = u - 128, e = v - 128;
  out[0] = clamp_byte((c + 409 * e + 128) >> 8);
  out[1] = clamp_byte((c - 100 * d - 208 * e + 128) >> 8);
  out[2] = clamp_byte((c + 516 * d + 128) >> 8);
}

AnyiFrame *
anyi_frame_new_from_yuy2(const guint8 *yuy2, gsize len, int width, int height, GError **error)
{
  return anyi_frame_new_from_yuy2_pooled(yuy2, len, width, height, NULL, error);
}

AnyiFrame *
anyi_frame_new_from_yuy2_pooled(const guint8 *yuy2, gsize len, int width, int height,
                                AnyiFramePool *pool, GError **error)
{
  if (width <= 0 || height <= 0 || width % 2 != 0 || len != (gsize)width * 2 * (gsize)height) {
    g_set_error(error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                "YUY2 picture of %" G_GSIZE_FORMAT " bytes does not match %dx%d", len, width,
                height);
    return NULL;
  }
  int stride = width * 3;
  guint8 *rgb = NULL;
  g_autoptr(GBytes) bytes = new_pixels(pool, (gsize)stride * (gsize)height, &rgb);
  for (int row = 0; row < height; row++) {
    const guint8 *in = yuy2 + (gsize)row * (gsize)width * 2;
    guint8 *out = rgb + (gsize)row * (gsize)stride;
    for (int x = 0; x < width; x += 2, in += 4, out += 6) {
      yuv_to_rgb(in[0], in[1], in[3], out);
      yuv_to_rgb(in[2], in[1], in[3], out + 3);
    }
  }
  return anyi_frame_new(bytes, width, height, stride);
}

AnyiFrame *
anyi_frame_new_from_file(const char *path, GError **error)
{
  GStatBuf st;
  if (g_stat(path, &st) == 0 && st.st_size > (goffset)ANYI_FRAME_MAX_FILE_BYTES) {
    g_message("photo: refused %s: %" G_GOFFSET_FORMAT " bytes, at most %u MB", path,
              (goffset)st.st_size, ANYI_FRAME_MAX_FILE_BYTES >> 20);
    g_set_error(error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                "%s is %" G_GOFFSET_FORMAT " bytes (a picture is at most %u MB)", path,
                (goffset)st.st_size, ANYI_FRAME_MAX_FILE_BYTES >> 20);
    return NULL;
  }
  g_autofree char *contents = NULL;
  gsize len = 0;
  if (!g_file_get_contents(path, &contents, &len, error))
    return NULL;
  return anyi_frame_new_from_jpeg((const guint8 *)contents, len, error);
}

/* The preview's size: fits the box, keeps the frame's shape, and is at
 * most the frame (a preview is never upscaled here). */
static void
fit_preview(const AnyiFrame *frame, int box_width, int box_height, int *width, int *height)
{
  double scale =
      MIN(1.0, MIN((double)box_width / frame->width, (double)box_height / frame->height));
  *width = CLAMP((int)(frame->width * scale + 0.5), 1, frame->width);
  *height = CLAMP((int)(frame->height * scale + 0.5), 1, frame->height);
}

/* Sums source rows [y0, y1) into per-channel column sums. */
static void
sum_rows(const AnyiFrame *frame, int y0, int y1, guint32 *sums)
{
  const guint8 *data = anyi_frame_get_data(frame);
  gsize n = (gsize)frame->width * 3;
  memset(sums, 0, n * sizeof *sums);
  for (int y = y0; y < y1; y++) {
    const guint8 *row = data + (gsize)y * (gsize)frame->stride;
    for (gsize i = 0; i < n; i++)
      sums[i] += row[i];
  }
}

static guint32
mean_byte(guint32 sum, guint64 inverse)
{
  return (guint32)MIN(255u, (sum * inverse + (G_GUINT64_CONSTANT(1) << 31)) >> 32);
}

/* Box filter: every output pixel is the mean of the source pixels it
 * covers, so a shrunk picture does not shimmer as nearest-pixel would. */
void
anyi_frame_add_preview(AnyiFrame *frame, int box_width, int box_height)
{
  anyi_frame_add_preview_pooled(frame, box_width, box_height, NULL);
}

void
anyi_frame_add_preview_pooled(AnyiFrame *frame, int box_width, int box_height, AnyiFramePool *pool)
{
  g_return_if_fail(frame != NULL && frame->preview == NULL);
  g_return_if_fail(box_width > 0 && box_height > 0);
  int width, height;
  fit_preview(frame, box_width, box_height, &width, &height);
  int stride = width * 4;
  guint8 *memory = NULL;
  frame->preview = new_pixels(pool, (gsize)stride * (gsize)height, &memory);
  guint32 *out = (guint32 *)(void *)memory; /* g_malloc'd: aligned for any type */
  guint32 *sums = g_new(guint32, (gsize)frame->width * 3);
  int *x_edges = g_new(int, (gsize)width + 1);
  for (int x = 0; x <= width; x++)
    x_edges[x] = (int)((gint64)x * frame->width / width);
  for (int y = 0; y < height; y++) {
    int y0 = (int)((gint64)y * frame->height / height);
    int y1 = MAX(y0 + 1, (int)((gint64)(y + 1) * frame->height / height));
    sum_rows(frame, y0, y1, sums);
    guint32 *o = out + (gsize)y * (gsize)width;
    for (int x = 0; x < width; x++) {
      int x0 = x_edges[x], x1 = MAX(x0 + 1, x_edges[x + 1]);
      guint32 r = 0, g = 0, b = 0;
      /* a multiply by 2^32/count, not three divisions a pixel: those
       * cost more than decoding the JPEG */
      guint64 inverse = (G_GUINT64_CONSTANT(1) << 32) / (guint64)((x1 - x0) * (y1 - y0));
      for (const guint32 *s = sums + (gsize)x0 * 3; s < sums + (gsize)x1 * 3; s += 3) {
        r += s[0];
        g += s[1];
        b += s[2];
      }
      o[x] = 0xFF000000u | mean_byte(r, inverse) << 16 | mean_byte(g, inverse) << 8 |
             mean_byte(b, inverse);
    }
  }
  g_free(x_edges);
  g_free(sums);
  frame->preview_width = width;
  frame->preview_height = height;
  frame->preview_stride = stride;
}

/* TurboJPEG 2.1 (Debian 12) has no density setting, and always writes a
 * JFIF APP0 segment with "no units, 1:1": put the dots per inch there. */
static void
set_jfif_density(guint8 *jpeg, gsize len, int dpi)
{
  static const guint8 app0[] = {0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, 'J', 'F', 'I', 'F', 0x00};
  if (len < 20 || memcmp(jpeg, app0, sizeof app0) != 0)
    return;
  jpeg[13] = 1; /* units: dots per inch */
  jpeg[14] = (guint8)(dpi >> 8);
  jpeg[15] = (guint8)(dpi & 0xFF);
  jpeg[16] = (guint8)(dpi >> 8);
  jpeg[17] = (guint8)(dpi & 0xFF);
}

GBytes *
anyi_frame_encode_jpeg(const AnyiFrame *frame, int quality, int dpi, GError **error)
{
  tjhandle tj = tjInitCompress();
  unsigned char *jpeg = NULL;
  unsigned long len = 0;
  GBytes *out = NULL;

  if (tjCompress2(tj, anyi_frame_get_data(frame), frame->width, frame->stride, frame->height,
                  TJPF_RGB, &jpeg, &len, TJSAMP_420, quality, 0) != 0) {
    g_set_error(error, G_IO_ERROR, G_IO_ERROR_FAILED, "JPEG encoding failed: %s",
                tjGetErrorStr2(tj));
  } else {
    if (dpi > 0)
      set_jfif_density(jpeg, len, dpi);
    out = g_bytes_new(jpeg, len);
  }
  tjFree(jpeg);
  tjDestroy(tj);
  return out;
}

static guint8
luma(const guint8 *p)
{
  return (guint8)((77 * p[0] + 150 * p[1] + 29 * p[2]) >> 8);
}

GBytes *
anyi_frame_encode_yuy2(const AnyiFrame *frame)
{
  int width = frame->width & ~1;
  gsize size = (gsize)width * 2 * (gsize)frame->height;
  guint8 *out = g_malloc(size), *o = out;
  const guint8 *data = anyi_frame_get_data(frame);
  for (int row = 0; row < frame->height; row++) {
    const guint8 *p = data + (gsize)row * (gsize)frame->stride;
    for (int x = 0; x < width; x += 2, p += 6, o += 4) {
      int r = (p[0] + p[3]) / 2, g = (p[1] + p[4]) / 2, b = (p[2] + p[5]) / 2;
      o[0] = clamp_byte(((66 * p[0] + 129 * p[1] + 25 * p[2] + 128) >> 8) + 16);
      o[2] = clamp_byte(((66 * p[3] + 129 * p[4] + 25 * p[5] + 128) >> 8) + 16);
      o[1] = clamp_byte(((-38 * r - 74 * g + 112 * b + 128) >> 8) + 128);
      o[3] = clamp_byte(((112 * r - 94 * g - 18 * b + 128) >> 8) + 128);
    }
  }
  return g_bytes_new_take(out, size);
}

guint8 *
anyi_frame_to_gray(const AnyiFrame *frame)
{
  guint8 *gray = g_malloc((gsize)frame->width * (gsize)frame->height);
  const guint8 *data = anyi_frame_get_data(frame);
  for (int row = 0; row < frame->height; row++) {
    const guint8 *p = data + (gsize)row * (gsize)frame->stride;
    guint8 *o = gray + (gsize)row * (gsize)frame->width;
    for (int x = 0; x < frame->width; x++, p += 3)
      o[x] = luma(p);
  }
  return gray;
}
