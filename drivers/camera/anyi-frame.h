/* SPDX-License-Identifier: GPL-3.0-or-later */
/* anyi-frame.h: one decoded camera picture, RGB 8-bit, immutable and
 * reference counted, so the camera thread, the UI and the photo checks
 * share it without copies. The pixel bytes fit GdkMemoryTexture as is:
 *   gdk_memory_texture_new(f->width, f->height, GDK_MEMORY_R8G8B8,
 *                          f->pixels, f->stride) */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef struct {
  GBytes *pixels; /* RGB, 3 bytes a pixel, rows `stride` bytes apart */
  int width;
  int height;
  int stride;
  gint64 captured_at; /* g_get_monotonic_time() when it was complete */
  /* The same picture scaled down for a live preview, or NULL: 32-bit
   * native-endian 0xFFRRGGBB words (cairo's ARGB32, GDK_MEMORY_DEFAULT),
   * rows `preview_stride` bytes apart. Made on the camera thread, so the
   * UI paints it as is, without converting or scaling 2 megapixels. */
  GBytes *preview;
  int preview_width;
  int preview_height;
  int preview_stride;
} AnyiFrame;

#define ANYI_TYPE_FRAME (anyi_frame_get_type())
GType anyi_frame_get_type(void);

AnyiFrame *anyi_frame_new(GBytes *pixels, int width, int height, int stride);
AnyiFrame *anyi_frame_new_blank(int width, int height, guint8 r, guint8 g, guint8 b);
AnyiFrame *anyi_frame_ref(AnyiFrame *frame);
void anyi_frame_unref(AnyiFrame *frame);
const guint8 *anyi_frame_get_data(const AnyiFrame *frame);

/* Ceilings on any picture decoded, whatever its header claims: the header
 * is read first and a picture above them is refused before anything is
 * allocated (a few kilobytes may claim 65500x65500, 12 GB of pixels). */
#define ANYI_FRAME_MAX_SIDE       8192
#define ANYI_FRAME_MAX_PIXELS     (40u * 1000 * 1000)
#define ANYI_FRAME_MAX_FILE_BYTES (64u << 20)

/* TRUE when a picture of width x height is within the ceilings; else
 * FALSE with an error naming the size. */
gboolean anyi_frame_size_allowed(int width, int height, GError **error);

/* Decoders for what a UVC camera sends. A JPEG whose data is cut short or
 * corrupt is an error, not a partly decoded picture; so is one above the
 * ceilings (with a log line for the technician). */
AnyiFrame *anyi_frame_new_from_jpeg(const guint8 *jpeg, gsize len, GError **error);
/* The same, for a camera's frame: its header must give exactly the size
 * of the negotiated mode, or it is refused before decoding. */
AnyiFrame *anyi_frame_new_from_jpeg_sized(const guint8 *jpeg, gsize len, int width, int height,
                                          GError **error);
AnyiFrame *anyi_frame_new_from_yuy2(const guint8 *yuy2, gsize len, int width, int height,
                                    GError **error);
/* A JPEG file of at most ANYI_FRAME_MAX_FILE_BYTES. */
AnyiFrame *anyi_frame_new_from_file(const char *path, GError **error);

/* A few pixel buffers of one size, kept for the next frames instead of
 * being freed and allocated again 30 times a second: freeing megabytes
 * hands pages back to the kernel (madvise, munmap), and the thread that
 * lets go of a frame's last reference, the UI's main thread, paid for it
 * (a 34 ms stall in perf sched). A buffer let go of is wiped at once, so
 * no citizen's picture lies in an idle buffer; at most `max_idle` idle
 * buffers are kept, only of the size last asked for; after
 * anyi_frame_pool_close() none are. Thread-safe; every buffer holds a
 * reference to its pool, so frames may outlive the camera. */
typedef struct _AnyiFramePool AnyiFramePool;
AnyiFramePool *anyi_frame_pool_new(guint max_idle);
AnyiFramePool *anyi_frame_pool_ref(AnyiFramePool *pool);
void anyi_frame_pool_unref(AnyiFramePool *pool);
/* A buffer of `size` bytes, written through *data by the caller until the
 * GBytes is shared; its last unref wipes it and gives it back. */
GBytes *anyi_frame_pool_take(AnyiFramePool *pool, gsize size, guint8 **data);
/* Frees the idle buffers (wiped already); buffers let go of from now on
 * are wiped and freed, not kept. */
void anyi_frame_pool_close(AnyiFramePool *pool);
/* Idle buffers kept, for tests. */
guint anyi_frame_pool_get_idle(AnyiFramePool *pool);

/* The camera's decoders: as above, with the pixels (and the preview) in
 * buffers of `pool`. */
AnyiFrame *anyi_frame_new_from_jpeg_pooled(const guint8 *jpeg, gsize len, int width, int height,
                                           AnyiFramePool *pool, GError **error);
AnyiFrame *anyi_frame_new_from_yuy2_pooled(const guint8 *yuy2, gsize len, int width, int height,
                                           AnyiFramePool *pool, GError **error);

/* Adds frame->preview: the picture averaged down to the largest size
 * that fits box_width x box_height with the frame's own shape (never
 * larger than the frame). Only while the frame is not yet shared: the
 * camera calls it before handing the frame out. */
void anyi_frame_add_preview(AnyiFrame *frame, int box_width, int box_height);
void anyi_frame_add_preview_pooled(AnyiFrame *frame, int box_width, int box_height,
                                   AnyiFramePool *pool);

/* Encodes a JPEG; dpi > 0 writes that density into the JFIF header. */
GBytes *anyi_frame_encode_jpeg(const AnyiFrame *frame, int quality, int dpi, GError **error);
/* Packs the frame as YUY2 (4:2:2), what an uncompressed UVC camera sends. */
GBytes *anyi_frame_encode_yuy2(const AnyiFrame *frame);
/* Converts to 8-bit luminance rows of `width` bytes. */
guint8 *anyi_frame_to_gray(const AnyiFrame *frame);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(AnyiFrame, anyi_frame_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC(AnyiFramePool, anyi_frame_pool_unref)

G_END_DECLS
