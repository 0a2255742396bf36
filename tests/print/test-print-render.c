/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Every shipped template renders its fixture data to a PDF a hall would
 * hand out: right paper, fonts embedded, the text (Chinese and an awkward
 * name) extractable, the QR code readable. Broken templates and data fail
 * with messages that name the problem. */
#include "print-test-util.h"
#include "print/anyi-print-template.h"

#include <glib/gstdio.h>
#include <string.h>

typedef struct {
  const char *name;
  double width_mm; /* 80 for a roll, 210 for A4 */
  int min_pages;
  const char *qr; /* what the QR code holds, NULL: none */
  int qr_page;    /* the page it is on */
  const char *texts[8];
} TemplateCase;

static const TemplateCase cases[] = {
    {"receipt",
     80,
     1,
     "AY-20261130-0042",
     1,
     {"受理回执", "AY-20261130-0042", "居民身份证换领", "张<三>&", "KIOSK-03",
      "制证约 20 个工作日"}},
    {"handoff-slip",
     210,
     1,
     "AY-20261130-0043",
     1,
     {"窗口引导单", "AY-20261130-0043", "5 号窗口", "房屋产权证明需人工核验", "已拍照上传",
      "张<三>&", "第 1 页 / 共 1 页"}},
    {"one-time-notice",
     210,
     1,
     "AY-20261130-0044",
     1,
     {"容缺受理一次性告知书", "张<三>&", "房屋产权证明原件", "2026年12月14日", "申请人承诺",
      "本人承诺"}},
    {"guidance-leaflet",
     210,
     2,
     "https://example.gov.cn/anyi/service/id-card-renewal",
     2,
     {"居民身份证换领", "一、所需材料", "原居民身份证", "丢失补领、损坏换领", "40 元",
      "第 2 页 / 共 2 页"}},
    {"restock", 80, 1, NULL, 0, {"补给单", "收据纸卷", "KIOSK-03", "签名"}},
    {"test-page",
     210,
     1,
     "ANYI-TEST KIOSK-03 a4 2026-11-30 10:40",
     1,
     {"打印机测试页", "Black Toner", "75%", "宋体 11 pt"}},
    {"test-receipt",
     80,
     1,
     "ANYI-TEST KIOSK-03 receipt 2026-11-30 10:40",
     1,
     {"打印机测试页", "receipt", "None reported"}},
};

static void
test_template_renders(gconstpointer user_data)
{
  const TemplateCase *tc = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(AnyiPrintTemplate) tpl = anyi_print_template_load_named(tc->name, &error);
  g_assert_no_error(error);
  g_autoptr(JsonObject) data = ptu_load_data(tc->name);
  g_autofree char *dir = ptu_tmpdir();
  g_autofree char *pdf = g_build_filename(dir, "out.pdf", NULL);
  g_assert_true(anyi_print_template_render_pdf_file(tpl, data, pdf, &error));
  g_assert_no_error(error);

  int pages = 0;
  double width = 0, height = 0;
  ptu_pdf_info(pdf, &pages, &width, &height);
  g_assert_cmpint(pages, >=, tc->min_pages);
  g_assert_cmpfloat_with_epsilon(width, tc->width_mm, 0.5);
  if (tc->width_mm == 210)
    g_assert_cmpfloat_with_epsilon(height, 297, 0.5);
  else
    g_assert_cmpfloat(height, >, 60); /* a roll is as long as its content */
  ptu_assert_fonts_embedded(pdf);
  g_autofree char *text = ptu_pdf_text(pdf);
  for (int i = 0; i < (int)G_N_ELEMENTS(tc->texts) && tc->texts[i] != NULL; i++)
    if (strstr(text, tc->texts[i]) == NULL)
      g_error("%s: '%s' not in the PDF's text:\n%s", tc->name, tc->texts[i], text);
  if (tc->qr != NULL) {
    g_autofree char *qr = ptu_pdf_qr(pdf, tc->qr_page);
    g_assert_cmpstr(qr, ==, tc->qr);
  }
  ptu_compare_with_reference(pdf, tc->name);
  ptu_cleanup(dir);
}

/* The 8-bit raster a receipt printer may ask for instead of 1-bit. */
static void
test_gray_raster(void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AnyiPrintTemplate) tpl = anyi_print_template_load_named("receipt", &error);
  g_assert_no_error(error);
  g_autoptr(JsonObject) data = ptu_load_data("receipt");
  g_autoptr(GBytes) pwg =
      anyi_print_template_render_pwg_raster(tpl, data, 300, ANYI_RASTER_SGRAY_8, &error);
  g_assert_no_error(error);
  g_autofree char *dir = ptu_tmpdir();
  g_autofree char *path = g_build_filename(dir, "receipt.pwg", NULL);
  g_autofree char *png = g_build_filename(dir, "receipt.png", NULL);
  g_assert_true(
      g_file_set_contents(path, g_bytes_get_data(pwg, NULL), g_bytes_get_size(pwg), NULL));
  int pages, width, height, dpi;
  ptu_pwg_to_png(path, png, &pages, &width, &height, &dpi);
  g_assert_cmpint(pages, ==, 1);
  g_assert_cmpint(dpi, ==, 300);
  g_assert_cmpint(width, ==, 944); /* 80 mm at 300 dpi, rounded down */
  g_autofree char *qr = ptu_image_qr(png);
  g_assert_cmpstr(qr, ==, "AY-20261130-0042");
  ptu_cleanup(dir);
}

static char *
write_template(const char *dir, const char *json)
{
  char *path = g_build_filename(dir, "broken.json", NULL);
  g_assert_true(g_file_set_contents(path, json, -1, NULL));
  return path;
}

static void
assert_load_fails(const char *json, const char *field, const char *problem)
{
  g_autofree char *dir = ptu_tmpdir();
  g_autofree char *path = write_template(dir, json);
  g_autoptr(GError) error = NULL;
  g_autoptr(AnyiPrintTemplate) tpl = anyi_print_template_load(path, &error);
  g_assert_null(tpl);
  g_assert_error(error, ANYI_PRINT_ERROR, ANYI_PRINT_ERROR_TEMPLATE);
  if (strstr(error->message, path) == NULL || strstr(error->message, field) == NULL ||
      strstr(error->message, problem) == NULL)
    g_error("message '%s' should name %s, %s and '%s'", error->message, path, field, problem);
  ptu_cleanup(dir);
}

static void
test_invalid_templates_are_named(void)
{
  /* found by fuzz-print-template: an empty file parsed to no root at all */
  assert_load_fails("", "(top level)", "empty");
  assert_load_fails("  \n", "(top level)", "empty");
  assert_load_fails("{\"page\": {\"kind\": \"a4\"}, \"blocks\": [{\"type\": \"qrcode\"}]",
                    ":1:", "Parse error");
  assert_load_fails("{\"page\": {\"kind\": \"a3\"}, \"blocks\": []}", "page.kind", "'a3'");
  assert_load_fails("{\"page\": {\"kind\": \"a4\"}, \"blocks\": [{\"type\": \"qrcode\"}]}",
                    "blocks[0]", "unknown block type qrcode");
  assert_load_fails("{\"page\": {\"kind\": \"a4\"}, \"blocks\": [{\"type\": \"text\", "
                    "\"text\": \"x\", \"size\": \"big\"}]}",
                    "blocks[0].size", "expected a number");
  assert_load_fails("{\"page\": {\"kind\": \"a4\"}, \"blocks\": [{\"type\": \"text\", "
                    "\"text\": \"{{name\"}]}",
                    "blocks[0].text", "without a closing");
  assert_load_fails("{\"page\": {\"kind\": \"a4\"}, \"blocks\": [{\"type\": \"text\", "
                    "\"text\": \"<b>{{name}}\"}]}",
                    "blocks[0].text", "bad markup");
  assert_load_fails("{\"page\": {\"kind\": \"a4\"}, \"blocks\": [{\"type\": \"heading\", "
                    "\"text\": \"x\", \"colour\": \"red\"}]}",
                    "blocks[0]", "unknown field 'colour'");
  assert_load_fails("{\"page\": {\"kind\": \"roll-80mm\"}, \"blocks\": [{\"type\": \"rows\", "
                    "\"rows\": [{\"key\": \"a\"}]}]}",
                    "blocks[0].rows[0]", "both");
  assert_load_fails("{\"page\": {\"kind\": \"a4\"}, \"blocks\": [{\"type\": \"space\"}]}",
                    "blocks[0]", "needs \"height\"");
}

static void
test_missing_data_is_named(void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AnyiPrintTemplate) tpl = anyi_print_template_load_named("receipt", &error);
  g_assert_no_error(error);
  g_autoptr(JsonObject) data = ptu_load_data("receipt");
  json_object_remove_member(data, "service");
  g_autoptr(GBytes) pdf = anyi_print_template_render_pdf_bytes(tpl, data, &error);
  g_assert_null(pdf);
  g_assert_error(error, ANYI_PRINT_ERROR, ANYI_PRINT_ERROR_DATA);
  g_assert_nonnull(strstr(error->message, "'service'"));
  g_assert_nonnull(strstr(error->message, "receipt"));
}

static void
test_optional_blocks_follow_data(void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AnyiPrintTemplate) tpl = anyi_print_template_load_named("receipt", &error);
  g_assert_no_error(error);
  g_autoptr(JsonObject) data = ptu_load_data("receipt");
  json_object_remove_member(data, "applicant");
  json_object_remove_member(data, "next_step");
  json_object_set_array_member(data, "results", json_array_new());
  g_autofree char *dir = ptu_tmpdir();
  g_autofree char *pdf = g_build_filename(dir, "out.pdf", NULL);
  g_assert_true(anyi_print_template_render_pdf_file(tpl, data, pdf, &error));
  g_autofree char *text = ptu_pdf_text(pdf);
  g_assert_null(strstr(text, "申请人"));
  g_assert_null(strstr(text, "领证"));
  g_assert_nonnull(strstr(text, "已受理 Accepted"));
  ptu_cleanup(dir);
}

int
main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  ptu_require_tools("pdfinfo", "pdffonts", "pdftotext", "pdftoppm", "zbarimg", NULL);
  for (gsize i = 0; i < G_N_ELEMENTS(cases); i++) {
    g_autofree char *path = g_strdup_printf("/print/render/%s", cases[i].name);
    g_test_add_data_func(path, &cases[i], test_template_renders);
  }
  g_test_add_func("/print/render/gray-raster", test_gray_raster);
  g_test_add_func("/print/render/invalid-templates-are-named", test_invalid_templates_are_named);
  g_test_add_func("/print/render/missing-data-is-named", test_missing_data_is_named);
  g_test_add_func("/print/render/optional-blocks-follow-data", test_optional_blocks_follow_data);
  return g_test_run();
}
