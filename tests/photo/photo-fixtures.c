/* SPDX-License-Identifier: GPL-3.0-or-later */
/* photo-fixtures.c: test pictures, degraded on purpose. */
#include "photo-fixtures.h"

#include "photo/anyi-id-photo.h"

#include <stdio.h>
#include <stdlib.h>

AnyiFrame *
fixture_load_or_skip(const char *path)
{
  g_autoptr(GError) error = NULL;
  if (!g_file_test(path, G_FILE_TEST_EXISTS)) {
    printf("SKIP: %s is not installed (kiosk/scripts/install-deps test group)\n", path);
    exit(77);
  }
  AnyiFrame *frame = anyi_photo_load(path, &error);
  g_assert_no_error(error);
  return frame;
}

cairo_surface_t *
fixture_frame_to_surface(const AnyiFrame *frame)
{
  cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, frame->width, frame->height);
  guint8 *out = cairo_image_surface_get_data(s);
  int stride = cairo_image_surface_get_stride(s);
  const guint8 *in = anyi_frame_get_data(frame);
  for (int y = 0; y < frame->height; y++) {
    guint32 *row = (guint32 *)(out + (gsize)y * (gsize)stride);
    const guint8 *p = in + (gsize)y * (gsize)frame->stride;
    for (int x = 0; x < frame->width; x++, p += 3)
      row[x] = 0xFF000000u | (guint32)p[0] << 16 | (guint32)p[1] << 8 | p[2];
  }
  cairo_surface_mark_dirty(s);
  return s;
}

AnyiFrame *
fixture_surface_to_frame(cairo_surface_t *surface)
{
  cairo_surface_flush(surface);
  int width = cairo_image_surface_get_width(surface);
  int height = cairo_image_surface_get_height(surface);
  int stride = cairo_image_surface_get_stride(surface);
  const guint8 *in = cairo_image_surface_get_data(surface);
  guint8 *rgb = g_malloc((gsize)width * 3 * (gsize)height);
  for (int y = 0; y < height; y++) {
    const guint32 *row = (const guint32 *)(in + (gsize)y * (gsize)stride);
    guint8 *o = rgb + (gsize)y * (gsize)width * 3;
    for (int x = 0; x < width; x++, o += 3) {
      o[0] = (row[x] >> 16) & 0xFF;
      o[1] = (row[x] >> 8) & 0xFF;
      o[2] = row[x] & 0xFF;
    }
  }
  g_autoptr(GBytes) bytes = g_bytes_new_take(rgb, (gsize)width * 3 * (gsize)height);
  return anyi_frame_new(bytes, width, height, width * 3);
}

/* Head (an ellipse a little above the face box) and shoulders. */
static void
person_path(cairo_t *cr, const AnyiRect *face)
{
  double cx = face->x + face->width / 2.0, cy = face->y + face->height * 0.4;
  cairo_save(cr);
  cairo_translate(cr, cx, cy);
  cairo_scale(cr, face->width * 0.68, face->height * 0.92);
  cairo_arc(cr, 0, 0, 1, 0, 2 * G_PI);
  cairo_restore(cr);
  cairo_new_sub_path(cr);
  cairo_move_to(cr, cx - face->width * 0.25, face->y + face->height * 0.9);
  cairo_line_to(cr, cx + face->width * 0.25, face->y + face->height * 0.9);
  cairo_line_to(cr, cx + face->width * 0.95, face->y + face->height * 1.5);
  cairo_line_to(cr, cx + face->width * 0.95, face->y + face->height * 3.0);
  cairo_line_to(cr, cx - face->width * 0.95, face->y + face->height * 3.0);
  cairo_line_to(cr, cx - face->width * 0.95, face->y + face->height * 1.5);
  cairo_close_path(cr);
  cairo_set_fill_rule(cr, CAIRO_FILL_RULE_WINDING);
}

static void
paint_person(cairo_t *cr, cairo_surface_t *astronaut, const AnyiRect *face, double cx_px,
             double cy_px, int face_px)
{
  double scale = (double)face_px / face->width;
  cairo_save(cr);
  cairo_translate(cr, cx_px - (face->x + face->width / 2.0) * scale,
                  cy_px - (face->y + face->height / 2.0) * scale);
  cairo_scale(cr, scale, scale);
  person_path(cr, face);
  cairo_clip(cr);
  cairo_set_source_surface(cr, astronaut, 0, 0);
  cairo_pattern_set_extend(cairo_get_source(cr), CAIRO_EXTEND_PAD);
  cairo_paint(cr);
  cairo_restore(cr);
}

AnyiFrame *
fixture_portrait(const AnyiFrame *astronaut, const AnyiRect *face, int width, int height, double cx,
                 double cy, int face_px, double bg_r, double bg_g, double bg_b)
{
  cairo_surface_t *src = fixture_frame_to_surface(astronaut);
  cairo_surface_t *canvas = cairo_image_surface_create(CAIRO_FORMAT_RGB24, width, height);
  cairo_t *cr = cairo_create(canvas);
  cairo_set_source_rgb(cr, bg_r, bg_g, bg_b);
  cairo_paint(cr);
  paint_person(cr, src, face, cx * width, cy * height, face_px);
  cairo_destroy(cr);
  AnyiFrame *frame = fixture_surface_to_frame(canvas);
  cairo_surface_destroy(canvas);
  cairo_surface_destroy(src);
  return frame;
}

AnyiFrame *
fixture_two_people(const AnyiFrame *astronaut, const AnyiRect *face, int width, int height,
                   int face_px)
{
  cairo_surface_t *src = fixture_frame_to_surface(astronaut);
  cairo_surface_t *canvas = cairo_image_surface_create(CAIRO_FORMAT_RGB24, width, height);
  cairo_t *cr = cairo_create(canvas);
  cairo_set_source_rgb(cr, 1, 1, 1);
  cairo_paint(cr);
  paint_person(cr, src, face, width * 0.3, height * 0.45, face_px);
  paint_person(cr, src, face, width * 0.7, height * 0.45, face_px);
  cairo_destroy(cr);
  AnyiFrame *frame = fixture_surface_to_frame(canvas);
  cairo_surface_destroy(canvas);
  cairo_surface_destroy(src);
  return frame;
}

AnyiFrame *
fixture_light(const AnyiFrame *frame, double factor)
{
  gsize size = (gsize)frame->stride * (gsize)frame->height;
  guint8 *data = g_memdup2(anyi_frame_get_data(frame), size);
  for (gsize i = 0; i < size; i++)
    data[i] = (guint8)MIN(255.0, data[i] * factor);
  g_autoptr(GBytes) bytes = g_bytes_new_take(data, size);
  return anyi_frame_new(bytes, frame->width, frame->height, frame->stride);
}

/* A box blur, horizontal then vertical: what a moving head gives. */
AnyiFrame *
fixture_blur(const AnyiFrame *frame, int radius)
{
  int w = frame->width, h = frame->height, s = frame->stride;
  const guint8 *in = anyi_frame_get_data(frame);
  guint8 *tmp = g_malloc((gsize)s * (gsize)h), *out = g_malloc((gsize)s * (gsize)h);
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      for (int c = 0; c < 3; c++) {
        int sum = 0, n = 0;
        for (int k = MAX(0, x - radius); k <= MIN(w - 1, x + radius); k++, n++)
          sum += in[(gsize)y * (gsize)s + (gsize)k * 3 + (gsize)c];
        tmp[(gsize)y * (gsize)s + (gsize)x * 3 + (gsize)c] = (guint8)(sum / n);
      }
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      for (int c = 0; c < 3; c++) {
        int sum = 0, n = 0;
        for (int k = MAX(0, y - radius); k <= MIN(h - 1, y + radius); k++, n++)
          sum += tmp[(gsize)k * (gsize)s + (gsize)x * 3 + (gsize)c];
        out[(gsize)y * (gsize)s + (gsize)x * 3 + (gsize)c] = (guint8)(sum / n);
      }
  g_free(tmp);
  g_autoptr(GBytes) bytes = g_bytes_new_take(out, (gsize)s * (gsize)h);
  return anyi_frame_new(bytes, w, h, s);
}
