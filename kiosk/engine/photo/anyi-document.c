/* SPDX-License-Identifier: GPL-3.0-or-later */
/* anyi-document.c: page straightening (OpenCV) and code reading (zbar). */
#include "photo/anyi-document.h"

#include "photo/anyi-vision.h"

#include <math.h>
#include <zbar.h>

#define A4_LONG  297.0
#define A4_SHORT 210.0
#define MAX_SIDE 2480 /* A4 at 300 dpi: more detail than any desk camera gives */

static void
free_code(gpointer data)
{
  AnyiDocumentCode *code = data;
  g_free(code->symbology);
  g_free(code->text);
  g_free(code);
}

static gboolean
has_code(GPtrArray *codes, const char *symbology, const char *text)
{
  for (guint i = 0; i < codes->len; i++) {
    AnyiDocumentCode *c = g_ptr_array_index(codes, i);
    if (g_str_equal(c->symbology, symbology) && g_str_equal(c->text, text))
      return TRUE;
  }
  return FALSE;
}

static void
scan_into(const AnyiFrame *frame, GPtrArray *codes)
{
  zbar_image_scanner_t *scanner = zbar_image_scanner_create();
  zbar_image_scanner_set_config(scanner, ZBAR_NONE, ZBAR_CFG_ENABLE, 1);
  zbar_image_t *image = zbar_image_create();
  zbar_image_set_format(image, zbar_fourcc('Y', '8', '0', '0'));
  zbar_image_set_size(image, (unsigned)frame->width, (unsigned)frame->height);
  zbar_image_set_data(image, anyi_frame_to_gray(frame),
                      (unsigned long)frame->width * (unsigned long)frame->height,
                      zbar_image_free_data);
  zbar_scan_image(scanner, image);
  for (const zbar_symbol_t *s = zbar_image_first_symbol(image); s; s = zbar_symbol_next(s)) {
    const char *symbology = zbar_get_symbol_name(zbar_symbol_get_type(s));
    const char *text = zbar_symbol_get_data(s);
    if (has_code(codes, symbology, text))
      continue;
    AnyiDocumentCode *code = g_new0(AnyiDocumentCode, 1);
    code->symbology = g_strdup(symbology);
    code->text = g_strdup(text);
    g_ptr_array_add(codes, code);
  }
  zbar_image_destroy(image);
  zbar_image_scanner_destroy(scanner);
}

GPtrArray *
anyi_document_read_codes(const AnyiFrame *frame)
{
  GPtrArray *codes = g_ptr_array_new_with_free_func(free_code);
  scan_into(frame, codes);
  return codes;
}

static double
distance(const double *corners, int a, int b)
{
  return hypot(corners[2 * a] - corners[2 * b], corners[2 * a + 1] - corners[2 * b + 1]);
}

/* A4 proportions, upright or lying, at about the resolution the camera saw. */
static void
page_size(const double corners[8], int *width, int *height)
{
  double seen_w = MAX(distance(corners, 0, 1), distance(corners, 3, 2));
  double seen_h = MAX(distance(corners, 0, 3), distance(corners, 1, 2));
  gboolean upright = seen_h >= seen_w;
  double long_side = MIN(MAX(seen_w, seen_h), (double)MAX_SIDE);
  double short_side = long_side * A4_SHORT / A4_LONG;
  *width = (int)lround(upright ? short_side : long_side);
  *height = (int)lround(upright ? long_side : short_side);
}

AnyiDocument *
anyi_document_capture(const AnyiFrame *frame, GError **error)
{
  g_autoptr(AnyiDocument) doc = g_new0(AnyiDocument, 1);
  doc->page_found = anyi_vision_find_page(frame, doc->corners);
  if (doc->page_found) {
    int width, height;
    page_size(doc->corners, &width, &height);
    doc->page = anyi_vision_warp_page(frame, doc->corners, width, height);
  }
  if (!doc->page) {
    g_message("document: no page edges found; keeping the whole picture");
    doc->page_found = FALSE;
    doc->page = anyi_frame_ref((AnyiFrame *)frame);
  }
  doc->jpeg = anyi_frame_encode_jpeg(doc->page, ANYI_DOCUMENT_JPEG_QUALITY, 0, error);
  if (!doc->jpeg)
    return NULL;
  doc->codes = anyi_document_read_codes(doc->page);
  /* A code cut by a wrong edge guess may still be whole in the frame. */
  if (doc->codes->len == 0 && doc->page_found)
    scan_into(frame, doc->codes);
  return g_steal_pointer(&doc);
}

void
anyi_document_free(AnyiDocument *document)
{
  if (!document)
    return;
  g_clear_pointer(&document->page, anyi_frame_unref);
  g_clear_pointer(&document->jpeg, g_bytes_unref);
  g_clear_pointer(&document->codes, g_ptr_array_unref);
  g_free(document);
}
