/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-print-names.c: a name typed or read from the card at the kiosk, with
 * the middle dot and a character outside GB2312 (䶮, CJK extension A), comes
 * out on the printed application form as it went in: the PDF's own text
 * holds it, and its fonts are embedded. */
#include "print-test-util.h"
#include "print/anyi-print-template.h"

#include <string.h>

static JsonObject *
field(const char *label, const char *value)
{
  JsonObject *item = json_object_new();

  json_object_set_string_member(item, "label", label);
  json_object_set_string_member(item, "value", value);
  return item;
}

static void
test_application_form_keeps_names(void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AnyiPrintTemplate) tpl = anyi_print_template_load_named("application-form", &error);
  g_autoptr(JsonObject) data = json_object_new();
  JsonArray *fields = json_array_new();
  g_autofree char *dir = ptu_tmpdir();
  g_autofree char *pdf = g_build_filename(dir, "form.pdf", NULL);
  g_autofree char *text = NULL;

  g_assert_no_error(error);
  json_object_set_string_member(data, "hall", "武侯区政务服务中心");
  json_object_set_string_member(data, "case_number", "AY-20261206-0007");
  json_object_set_string_member(data, "service", "身份证丢失补领、损坏换领");
  json_object_set_string_member(data, "time", "2026-12-06 10:40");
  json_object_set_string_member(data, "kiosk_id", "KIOSK-03");
  json_object_set_string_member(data, "applicant", "阿依古丽·买䶮");
  json_array_add_object_element(fields, field("姓名", "阿依古丽·买䶮"));
  json_array_add_object_element(fields, field("邮寄地址", "成都市武侯区人民南路12号"));
  json_object_set_array_member(data, "fields", fields);
  json_object_set_array_member(data, "collected", json_array_new());
  json_object_set_array_member(data, "missing", json_array_new());
  g_assert_true(anyi_print_template_render_pdf_file(tpl, data, pdf, &error));
  g_assert_no_error(error);
  ptu_assert_fonts_embedded(pdf);
  text = ptu_pdf_text(pdf);
  if (!strstr(text, "阿依古丽·买䶮") || !strstr(text, "成都市武侯区人民南路12号"))
    g_error("the name or the address is not in the form's text:\n%s", text);
  ptu_cleanup(dir);
}

int
main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  ptu_require_tools("pdffonts", "pdftotext", NULL);
  g_test_add_func("/print/names/application-form", test_application_form_keeps_names);
  return g_test_run();
}
