/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kiosk-qr.c */
#include "kiosk-qr.h"

#include <qrencode.h>
#include <string.h>

#define QUIET_MODULES 4 /* ISO/IEC 18004's quiet zone */
#define RGB_BYTES     3

static GdkTexture *
draw_modules(const QRcode *qr, int target_pixels)
{
  int modules = qr->width + 2 * QUIET_MODULES;
  int scale = MAX(1, target_pixels / modules);
  int side = modules * scale;
  gsize stride = (gsize)side * RGB_BYTES;
  guint8 *pixels = g_malloc(stride * side);
  g_autoptr(GBytes) bytes = NULL;

  memset(pixels, 0xff, stride * side);
  for (int y = 0; y < qr->width; y++)
    for (int x = 0; x < qr->width; x++) {
      if (!(qr->data[y * qr->width + x] & 1)) /* bit 0: a dark module */
        continue;
      for (int row = 0; row < scale; row++) {
        guint8 *line = pixels + ((gsize)(y + QUIET_MODULES) * scale + row) * stride;
        memset(line + (gsize)(x + QUIET_MODULES) * scale * RGB_BYTES, 0x00,
               (gsize)scale * RGB_BYTES);
      }
    }
  bytes = g_bytes_new_take(pixels, stride * side);
  return gdk_memory_texture_new(side, side, GDK_MEMORY_R8G8B8, bytes, stride);
}

GdkTexture *
kiosk_qr_texture_new(const char *text, int target_pixels)
{
  QRcode *qr = text && *text ? QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1) : NULL;
  GdkTexture *texture;

  if (!qr)
    return NULL;
  texture = draw_modules(qr, target_pixels);
  QRcode_free(qr);
  return texture;
}
