/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The WLT decoder plug-in interface: loading, ABI checks, decoding and
 * its failures, and the "photo_decoder" entry of the device table.
 *
 *   test-idcard-photo GOOD-PLUGIN WRONG-ABI-PLUGIN */
#include "idcard/idcard-photo.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <string.h>

static char *good_path, *wrong_abi_path;

static GBytes *
photo(guint8 first)
{
  guint8 bytes[ANYI_WLT_INPUT_LEN];
  for (gsize i = 0; i < sizeof bytes; i++)
    bytes[i] = (guint8)(i * 7);
  bytes[0] = first;
  return g_bytes_new(bytes, sizeof bytes);
}

static void
test_decode(void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AnyiIdcardPhotoDecoder) decoder = anyi_idcard_photo_decoder_load(good_path, &error);
  g_assert_no_error(error);
  g_assert_cmpstr(anyi_idcard_photo_decoder_get_name(decoder), ==, "test stand-in 1.0");
  g_autoptr(GBytes) wlt = photo(3);
  g_autoptr(GBytes) rgb = anyi_idcard_photo_decode(decoder, wlt, &error);
  g_assert_no_error(error);
  g_assert_cmpuint(g_bytes_get_size(rgb), ==, 102 * 126 * 3);
  const guint8 *pixels = g_bytes_get_data(rgb, NULL);
  g_assert_cmpuint(pixels[0], ==, 3);
  g_assert_cmpuint(pixels[1025], ==, 7);
}

static void
test_decode_failures(void)
{
  g_autoptr(GError) damaged = NULL, short_photo = NULL;
  g_autoptr(AnyiIdcardPhotoDecoder) decoder = anyi_idcard_photo_decoder_load(good_path, NULL);
  g_autoptr(GBytes) bad = photo(0xFF);
  g_assert_null(anyi_idcard_photo_decode(decoder, bad, &damaged));
  g_assert_error(damaged, G_IO_ERROR, G_IO_ERROR_FAILED);
  g_assert_nonnull(strstr(damaged->message, "code 42"));
  g_autoptr(GBytes) tiny = g_bytes_new("abc", 3);
  g_assert_null(anyi_idcard_photo_decode(decoder, tiny, &short_photo));
  g_assert_error(short_photo, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
}

static void
test_load_failures(void)
{
  g_autoptr(GError) missing = NULL, abi = NULL;
  g_assert_null(anyi_idcard_photo_decoder_load("/nonexistent/libwlt.so", &missing));
  g_assert_nonnull(strstr(missing->message, "/nonexistent/libwlt.so"));
  g_assert_null(anyi_idcard_photo_decoder_load(wrong_abi_path, &abi));
  g_assert_error(abi, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
}

static char *
table_with(const char *dir, const char *extra)
{
  g_autofree char *json = g_strdup_printf("{%s \"readers\": []}", extra);
  char *path = g_build_filename(dir, "readers.json", NULL);
  g_assert_true(g_file_set_contents(path, json, -1, NULL));
  return path;
}

static void
test_configured(void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp("idcard-photo-XXXXXX", &error);
  g_autofree char *extra = g_strdup_printf("\"photo_decoder\": \"%s\",", good_path);
  g_autofree char *with = table_with(dir, extra);
  g_autoptr(AnyiIdcardPhotoDecoder) decoder =
      anyi_idcard_photo_decoder_load_configured(with, &error);
  g_assert_no_error(error);
  g_assert_nonnull(decoder);
  g_autofree char *without = table_with(dir, "");
  g_assert_null(anyi_idcard_photo_decoder_load_configured(without, &error));
  g_assert_no_error(error);
  g_unlink(without);
  g_rmdir(dir);
}

int
main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_assert_cmpint(argc, ==, 3);
  /* the build passes paths relative to the build folder */
  good_path = g_canonicalize_filename(argv[1], NULL);
  wrong_abi_path = g_canonicalize_filename(argv[2], NULL);
  g_test_add_func("/idcard/photo/decode", test_decode);
  g_test_add_func("/idcard/photo/decode-failures", test_decode_failures);
  g_test_add_func("/idcard/photo/load-failures", test_load_failures);
  g_test_add_func("/idcard/photo/configured", test_configured);
  int status = g_test_run();
  g_free(good_path);
  g_free(wrong_abi_path);
  return status;
}
