/* SPDX-License-Identifier: GPL-3.0-or-later */
/* anyictl photo as a technician runs it, against an emulated face camera
 * serving a portrait: the child process inherits umockdev's preload and
 * reaches the emulator in this process. */
#include "photo-fixtures.h"
#include "photo/anyi-id-photo.h"
#include "uvc-camera-emulator.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>

static const char *anyictl;
static char *dir;

/* The kiosk's own limit is the machine's memory; 1 GB here makes a
 * decoder that believes a hostile header fail at once, not after a minute. */
static void
limit_memory(gpointer data)
{
#ifndef __SANITIZE_ADDRESS__ /* ASan reserves terabytes of address space for itself */
  struct rlimit limit = {1u << 30, 1u << 30};
  setrlimit(RLIMIT_AS, &limit);
#endif
}

static int
run_full(char **out, char **err_out, gboolean limited, const char *first, va_list ap)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new();
  g_ptr_array_add(argv, (char *)anyictl);
  g_ptr_array_add(argv, (char *)"photo");
  for (const char *a = first; a; a = va_arg(ap, const char *))
    g_ptr_array_add(argv, (char *)a);
  g_ptr_array_add(argv, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  int status = 0;
  g_assert_true(g_spawn_sync(NULL, (char **)argv->pdata, NULL, G_SPAWN_DEFAULT,
                             limited ? limit_memory : NULL, NULL, out, &err, &status, &error));
  g_assert_no_error(error);
  g_test_message("stderr: %s", err);
  if (err_out)
    *err_out = g_steal_pointer(&err);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static int
run(char **out, const char *first, ...)
{
  va_list ap;
  va_start(ap, first);
  int status = run_full(out, NULL, FALSE, first, ap);
  va_end(ap);
  return status;
}

static int
run_limited(char **err, const char *first, ...)
{
  va_list ap;
  va_start(ap, first);
  int status = run_full(NULL, err, TRUE, first, ap);
  va_end(ap);
  return status;
}

static void
test_grab_check_crop(void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AnyiFrame) astronaut = fixture_load_or_skip(ASTRONAUT_PNG);
  g_autoptr(AnyiPhotoChecker) checker = anyi_photo_checker_new(&error);
  g_assert_no_error(error);
  AnyiPhotoVerdict v;
  anyi_photo_checker_check(checker, astronaut, &v);
  g_autoptr(AnyiFrame) portrait =
      fixture_portrait(astronaut, &v.face, 1280, 720, 0.5, 0.42, 230, 1, 1, 1);
  g_autofree char *served = g_build_filename(dir, "served.jpg", NULL);
  g_autoptr(GBytes) jpeg = anyi_frame_encode_jpeg(portrait, 90, 0, NULL);
  g_assert_true(g_file_set_contents(served, g_bytes_get_data(jpeg, NULL),
                                    (gssize)g_bytes_get_size(jpeg), NULL));

  g_autoptr(UMockdevTestbed) testbed = umockdev_testbed_new();
  const char *files[] = {served, NULL};
  UvcCameraEmulatorConfig config = {
      .vendor_id = 0x1209, .product_id = 0xa001, .product = "Face Camera", .jpeg_files = files};
  g_autoptr(UvcCameraEmulator) camera = uvc_camera_emulator_attach(testbed, &config, &error);
  g_assert_no_error(error);

  g_autofree char *out = NULL;
  g_assert_cmpint(run(&out, "cameras", NULL), ==, 0);
  g_assert_nonnull(strstr(out, "1209:a001"));
  g_assert_nonnull(strstr(out, "role: face"));
  g_assert_nonnull(strstr(out, "MJPEG 1280x720"));
  if (uvc_camera_emulator_is_iso(camera)) {
    g_assert_nonnull(strstr(out, "transfer: isochronous, alternate settings: alt 1 128 B"));
    g_assert_nonnull(strstr(out, "streams: MJPEG 1280x720, alternate setting"));
    g_assert_null(strstr(out, "streams: MJPEG 1280x720, alternate setting 0"));
  } else {
    g_assert_nonnull(strstr(out, "transfer: bulk"));
  }
  g_clear_pointer(&out, g_free);

  g_autofree char *grabbed = g_build_filename(dir, "grabbed.jpg", NULL);
  g_assert_cmpint(run(&out, "grab", "face", grabbed, NULL), ==, 0);
  g_assert_cmpuint(uvc_camera_emulator_get_frames_sent(camera), >=, 3);
  g_clear_pointer(&out, g_free);
  g_assert_cmpint(run(&out, "grab", "document", grabbed, NULL), ==, 1);
  g_clear_pointer(&out, g_free);

  g_assert_cmpint(run(&out, "check", grabbed, NULL), ==, 0);
  g_autoptr(JsonParser) parser = json_parser_new();
  g_assert_true(json_parser_load_from_data(parser, out, -1, &error));
  JsonObject *verdict = json_node_get_object(json_parser_get_root(parser));
  g_assert_true(json_object_get_boolean_member(verdict, "ok"));
  g_assert_cmpuint(json_array_get_length(json_object_get_array_member(verdict, "problems")), ==, 0);
  g_assert_cmpint(json_object_get_int_member(verdict, "face_width"), ==, 207);
  g_assert_true(json_object_has_member(verdict, "face_box"));
  g_assert_cmpint(json_object_get_int_member(verdict, "eye_line"), <=, 234);
  g_clear_pointer(&out, g_free);

  g_autofree char *photo = g_build_filename(dir, "photo.jpg", NULL);
  g_assert_cmpint(run(&out, "crop", grabbed, photo, NULL), ==, 0);
  g_autoptr(AnyiFrame) cropped = anyi_frame_new_from_file(photo, &error);
  g_assert_no_error(error);
  g_assert_cmpint(cropped->width, ==, 358);
  g_assert_cmpint(cropped->height, ==, 441);
  g_clear_pointer(&out, g_free);

  /* a picture with no face: crop refuses */
  g_autofree char *empty = g_build_filename(dir, "empty.jpg", NULL);
  g_autoptr(AnyiFrame) blank = anyi_frame_new_blank(640, 480, 255, 255, 255);
  g_autoptr(GBytes) blank_jpeg = anyi_frame_encode_jpeg(blank, 80, 0, NULL);
  g_assert_true(g_file_set_contents(empty, g_bytes_get_data(blank_jpeg, NULL),
                                    (gssize)g_bytes_get_size(blank_jpeg), NULL));
  g_assert_cmpint(run(&out, "crop", empty, photo, NULL), ==, 1);
  g_assert_cmpint(run(NULL, "check", empty, NULL), ==, 1);

  for (const char *const *f = (const char *const[]){served, grabbed, photo, empty, NULL}; *f; f++)
    g_unlink(*f);
}

/* A JPEG of a few kilobytes whose header claims 65500x65500 (12 GB of
 * pixels): check, crop and document refuse it at once with the size in
 * the message, instead of allocating and decoding for a minute. */
static void
test_hostile_size_refused(void)
{
  g_autoptr(AnyiFrame) noise = anyi_frame_new_blank(64, 64, 0, 0, 0);
  guint8 *px = (guint8 *)anyi_frame_get_data(noise);
  for (int i = 0; i < 64 * 64 * 3; i++)
    px[i] = (guint8)(i * 2654435761u >> 13);
  g_autoptr(GBytes) jpeg = anyi_frame_encode_jpeg(noise, 95, 0, NULL);
  gsize len = g_bytes_get_size(jpeg);
  guint8 *bytes = g_memdup2(g_bytes_get_data(jpeg, NULL), len);
  for (gsize i = 0; i + 8 < len; i++)
    if (bytes[i] == 0xFF && bytes[i + 1] == 0xC0) {
      bytes[i + 5] = bytes[i + 7] = 0xFF;
      bytes[i + 6] = bytes[i + 8] = 0xDC;
      break;
    }
  g_autofree char *path = g_build_filename(dir, "huge.jpg", NULL);
  g_assert_true(g_file_set_contents(path, (const char *)bytes, (gssize)len, NULL));
  g_free(bytes);
  g_autofree char *out = g_build_filename(dir, "out.jpg", NULL);
  const char *const commands[][3] = {
      {"check", path, NULL}, {"crop", path, out}, {"document", path, out}};
  for (guint i = 0; i < G_N_ELEMENTS(commands); i++) {
    g_autofree char *err = NULL;
    gint64 start = g_get_monotonic_time();
    int status = run_limited(&err, commands[i][0], commands[i][1], commands[i][2], NULL);
    g_test_message("%s refused a %" G_GSIZE_FORMAT "-byte 65500x65500 JPEG in %.1f ms "
                   "(process included)",
                   commands[i][0], len, (g_get_monotonic_time() - start) / 1000.0);
    g_assert_cmpint(status, ==, 1);
    g_assert_nonnull(strstr(err, "65500x65500"));
    g_assert_false(g_file_test(out, G_FILE_TEST_EXISTS));
  }
  g_unlink(path);
}

/* A webcam cameras.json does not know, alone on the bus: listed, with its
 * modes, and serving the face role; a grab from it works. */
static void
test_unknown_camera_listed(void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(UMockdevTestbed) testbed = umockdev_testbed_new();
  UvcCameraEmulatorConfig config = {
      .vendor_id = 0x0c45, .product_id = 0x6366, .product = "USB2.0 HD UVC WebCam"};
  g_autoptr(UvcCameraEmulator) camera = uvc_camera_emulator_attach(testbed, &config, &error);
  g_assert_no_error(error);
  g_autofree char *out = NULL;
  g_assert_cmpint(run(&out, "cameras", NULL), ==, 0);
  g_assert_nonnull(strstr(out, "0c45:6366"));
  g_assert_nonnull(strstr(out, "role: face (the only camera; not in cameras.json)"));
  g_assert_nonnull(strstr(out, "MJPEG 1280x720"));
  g_clear_pointer(&out, g_free);
  g_autofree char *grabbed = g_build_filename(dir, "webcam.jpg", NULL);
  g_assert_cmpint(run(&out, "grab", "face", grabbed, NULL), ==, 0);
  g_assert_nonnull(strstr(out, "1280x720"));
  g_unlink(grabbed);
}

int
main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  const char *preload = g_getenv("LD_PRELOAD");
  if (argc < 2 || !preload || !strstr(preload, "libumockdev-preload")) {
    printf("SKIP: needs umockdev-wrapper and the anyictl path\n");
    return 77;
  }
  anyictl = argv[1];
  dir = g_dir_make_tmp("anyi-anyictl-XXXXXX", NULL);
  g_test_add_func("/anyictl/photo", test_grab_check_crop);
  g_test_add_func("/anyictl/photo-hostile-size", test_hostile_size_refused);
  g_test_add_func("/anyictl/photo-unknown-camera", test_unknown_camera_listed);
  int status = g_test_run();
  g_rmdir(dir);
  g_free(dir);
  return status;
}
