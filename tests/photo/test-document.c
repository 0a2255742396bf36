/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Document capture: a synthetic A4 page (text lines, a QR code from
 * libqrencode, an EAN-13 barcode) photographed askew on a dark desk must be found,
 * straightened to A4 proportions, and its QR code read from the result. */
#include "photo-fixtures.h"
#include "photo/anyi-document.h"

#include <fontconfig/fontconfig.h>
#include <math.h>
#include <qrencode.h>

#define PAGE_W  840 /* A4 at ~100 dpi */
#define PAGE_H  1188
#define QR_TEXT "ANYI-CASE-2026-000123"

static void
draw_qr(cairo_t *cr, const char *text, double x, double y, double module)
{
  QRcode *qr = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
  g_assert_nonnull(qr);
  cairo_set_source_rgb(cr, 0, 0, 0);
  for (int row = 0; row < qr->width; row++)
    for (int col = 0; col < qr->width; col++)
      if (qr->data[row * qr->width + col] & 1)
        cairo_rectangle(cr, x + col * module, y + row * module, module, module);
  cairo_fill(cr);
  QRcode_free(qr);
}

#define EAN_TEXT "6901234567892"

/* EAN-13 as printed on Chinese goods (prefix 690-699): the standard's
 * L/G/R digit patterns, the first digit choosing the left half's mix. */
static void
draw_ean13(cairo_t *cr, const char *digits, double x, double y, double module, double height)
{
  static const char *const l[] = {"0001101", "0011001", "0010011", "0111101", "0100011",
                                  "0110001", "0101111", "0111011", "0110111", "0001011"};
  static const char *const g[] = {"0100111", "0110011", "0011011", "0100001", "0011101",
                                  "0111001", "0000101", "0010001", "0001001", "0010111"};
  static const char *const r[] = {"1110010", "1100110", "1101100", "1000010", "1011100",
                                  "1001110", "1010000", "1000100", "1001000", "1110100"};
  static const char *const parity[] = {"LLLLLL", "LLGLGG", "LLGGLG", "LLGGGL", "LGLLGG",
                                       "LGGLLG", "LGGGLL", "LGLGLG", "LGLGGL", "LGGLGL"};
  g_autoptr(GString) bits = g_string_new("101");
  const char *mix = parity[digits[0] - '0'];
  for (int i = 1; i <= 6; i++) {
    int digit = digits[i] - '0';
    g_string_append(bits, mix[i - 1] == 'L' ? l[digit] : g[digit]);
  }
  g_string_append(bits, "01010");
  for (int i = 7; i <= 12; i++)
    g_string_append(bits, r[digits[i] - '0']);
  g_string_append(bits, "101");
  cairo_set_source_rgb(cr, 0, 0, 0);
  for (gsize i = 0; i < bits->len; i++)
    if (bits->str[i] == '1')
      cairo_rectangle(cr, x + i * module, y, module, height);
  cairo_fill(cr);
}

static cairo_surface_t *
make_page(void)
{
  cairo_surface_t *page = cairo_image_surface_create(CAIRO_FORMAT_RGB24, PAGE_W, PAGE_H);
  cairo_t *cr = cairo_create(page);
  cairo_set_source_rgb(cr, 0.97, 0.97, 0.95);
  cairo_paint(cr);
  cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
  cairo_select_font_face(cr, "sans-serif", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_BOLD);
  cairo_set_font_size(cr, 34);
  cairo_move_to(cr, 70, 120);
  cairo_show_text(cr, "Household registration");
  cairo_set_font_size(cr, 20);
  for (int line = 0; line < 22; line++) {
    cairo_move_to(cr, 70, 330 + line * 34);
    cairo_show_text(cr, "The applicant declares that the facts stated here are true.");
  }
  draw_qr(cr, QR_TEXT, 560, 60, 8);
  draw_ean13(cr, EAN_TEXT, 70, 170, 4, 110);
  cairo_destroy(cr);
  return page;
}

/* The page rotated and sheared onto a 1920x1080 desk; returns the
 * transform used so the test knows where the corners are. */
static AnyiFrame *
photograph(cairo_surface_t *page, cairo_matrix_t *where)
{
  cairo_surface_t *desk = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 1920, 1080);
  cairo_t *cr = cairo_create(desk);
  cairo_set_source_rgb(cr, 0.25, 0.22, 0.2);
  cairo_paint(cr);
  cairo_translate(cr, 1000, 80);
  cairo_rotate(cr, 12 * G_PI / 180);
  cairo_matrix_t shear = {1, 0, -0.12, 1, 0, 0};
  cairo_transform(cr, &shear);
  cairo_scale(cr, 0.68, 0.68);
  cairo_get_matrix(cr, where);
  cairo_set_source_surface(cr, page, 0, 0);
  cairo_paint(cr);
  cairo_destroy(cr);
  if (g_getenv("ANYI_TEST_SAVE"))
    cairo_surface_write_to_png(desk, g_getenv("ANYI_TEST_SAVE"));
  AnyiFrame *frame = fixture_surface_to_frame(desk);
  cairo_surface_destroy(desk);
  return frame;
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
test_skewed_page(void)
{
  cairo_surface_t *page = make_page();
  cairo_matrix_t where;
  g_autoptr(AnyiFrame) frame = photograph(page, &where);
  cairo_surface_destroy(page);

  g_autoptr(GError) error = NULL;
  g_autoptr(AnyiDocument) doc = anyi_document_capture(frame, &error);
  g_assert_no_error(error);
  g_assert_true(doc->page_found);

  const double page_corners[4][2] = {{0, 0}, {PAGE_W, 0}, {PAGE_W, PAGE_H}, {0, PAGE_H}};
  for (int i = 0; i < 4; i++) {
    double x = page_corners[i][0], y = page_corners[i][1];
    cairo_matrix_transform_point(&where, &x, &y);
    g_test_message("corner %d: expected %.0f,%.0f found %.0f,%.0f", i, x, y, doc->corners[2 * i],
                   doc->corners[2 * i + 1]);
    g_assert_cmpfloat(fabs(doc->corners[2 * i] - x), <, 15);
    g_assert_cmpfloat(fabs(doc->corners[2 * i + 1] - y), <, 15);
  }

  /* Upright, A4 proportions, and readable: the codes decode from the
   * straightened page itself. */
  g_assert_cmpint(doc->page->height, >, doc->page->width);
  g_assert_cmpfloat(fabs((double)doc->page->width / doc->page->height - 210.0 / 297.0), <, 0.01);
  g_autoptr(GPtrArray) codes = anyi_document_read_codes(doc->page);
  g_assert_true(has_code(codes, "QR-Code", QR_TEXT));
  g_assert_true(has_code(codes, "EAN-13", EAN_TEXT));
  g_assert_true(has_code(doc->codes, "QR-Code", QR_TEXT));

  g_autoptr(AnyiFrame) decoded = anyi_frame_new_from_jpeg(g_bytes_get_data(doc->jpeg, NULL),
                                                          g_bytes_get_size(doc->jpeg), &error);
  g_assert_no_error(error);
  g_assert_cmpint(decoded->width, ==, doc->page->width);
  g_test_message("page %dx%d, JPEG %" G_GSIZE_FORMAT " bytes", doc->page->width, doc->page->height,
                 g_bytes_get_size(doc->jpeg));
}

static void
test_no_page(void)
{
  g_autoptr(AnyiFrame) desk = anyi_frame_new_blank(1280, 720, 70, 60, 50);
  g_autoptr(GError) error = NULL;
  g_autoptr(AnyiDocument) doc = anyi_document_capture(desk, &error);
  g_assert_no_error(error);
  g_assert_false(doc->page_found);
  g_assert_cmpint(doc->page->width, ==, 1280);
  g_assert_cmpuint(doc->codes->len, ==, 0);
}

int
main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/document/skewed-page", test_skewed_page);
  g_test_add_func("/document/no-page", test_no_page);
  int status = g_test_run();
  /* Drop the toy font caches so the leak checker sees only our memory. */
  cairo_debug_reset_static_data();
  FcFini();
  return status;
}
