/* SPDX-License-Identifier: GPL-3.0-or-later */
/* anyictl photo: cameras, frame grabs, GA 461 checks and crops, documents. */
#include "anyictl-commands.h"
#include "anyictl-json.h"
#include "camera/anyi-camera.h"
#include "photo/anyi-document.h"
#include "photo/anyi-id-photo.h"

#include <stdio.h>

#define GRAB_TIMEOUT_S 8

static int
usage(void)
{
  fprintf(stderr,
          "usage: anyictl photo cameras\n"
          "       anyictl photo grab face|document OUT.jpg\n"
          "       anyictl photo check FILE       (JSON verdict; exit 1 if not to standard)\n"
          "       anyictl photo crop FILE OUT.jpg (358x441, 350 dpi; exit 1 if no face)\n"
          "       anyictl photo document FILE OUT.jpg (straighten a page, read codes)\n");
  return 2;
}

static int
fail(const char *what, const GError *error)
{
  fprintf(stderr, "anyictl photo: %s: %s\n", what, error->message);
  return 1;
}

static void
print_transfer(const AnyiCameraInfo *info)
{
  printf("    transfer: %s", anyi_uvc_transfer_name(info->transfer));
  for (guint a = 0; a < info->alts->len; a++) {
    const AnyiUvcAltSetting *alt = &g_array_index(info->alts, AnyiUvcAltSetting, a);
    printf("%s alt %u %u B", a == 0 ? ", alternate settings:" : ",", alt->alt, alt->bandwidth);
  }
  printf("\n");
  if (info->has_mode && info->busy)
    printf("    streams: %s %ux%u, in use by another program (the kiosk?)\n",
           anyi_uvc_encoding_name(info->mode.encoding), info->mode.width, info->mode.height);
  else if (info->has_mode)
    printf("    streams: %s %ux%u, alternate setting %u\n",
           anyi_uvc_encoding_name(info->mode.encoding), info->mode.width, info->mode.height,
           info->alt);
}

static void
print_camera(const AnyiCameraInfo *info)
{
  printf("%04x:%04x  %-28s role: %s\n", info->vendor_id, info->product_id, info->product,
         !info->has_role         ? "(none: not in cameras.json)"
         : info->role_by_default ? "face (the only camera; not in cameras.json)"
                                 : anyi_camera_role_to_string(info->role));
  print_transfer(info);
  for (guint m = 0; m < info->modes->len; m++) {
    AnyiUvcMode *mode = &g_array_index(info->modes, AnyiUvcMode, m);
    printf("    %-5s %4ux%-4u %5.1f fps%s\n", anyi_uvc_encoding_name(mode->encoding), mode->width,
           mode->height, mode->interval ? 1e7 / mode->interval : 0.0, mode->still ? " still" : "");
  }
}

static int
list_cameras(void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AnyiCameraTable) table = anyi_camera_table_load_default(&error);
  if (!table)
    return fail("camera table", error);
  g_autoptr(GPtrArray) cameras = anyi_camera_list(table, &error);
  if (!cameras)
    return fail("USB", error);
  if (cameras->len == 0)
    printf("no UVC camera is plugged in\n");
  for (guint i = 0; i < cameras->len; i++)
    print_camera(g_ptr_array_index(cameras, i));
  return 0;
}

static gboolean
write_bytes(const char *path, GBytes *bytes, GError **error)
{
  return g_file_set_contents(path, g_bytes_get_data(bytes, NULL), (gssize)g_bytes_get_size(bytes),
                             error);
}

static int
grab(const char *role_name, const char *out)
{
  AnyiCameraRole role;
  g_autoptr(GError) error = NULL;
  if (!anyi_camera_role_from_string(role_name, &role)) {
    fprintf(stderr, "anyictl photo: unknown role '%s' (face or document)\n", role_name);
    return 2;
  }
  g_autoptr(AnyiCameraTable) table = anyi_camera_table_load_default(&error);
  if (!table)
    return fail("camera table", error);
  g_autoptr(AnyiCamera) camera = anyi_camera_new(role, table);
  g_autoptr(AnyiFrame) frame = NULL;
  anyi_camera_start(camera);
  gint64 until = g_get_monotonic_time() + GRAB_TIMEOUT_S * G_USEC_PER_SEC;
  /* the camera hands out nothing before its picture has settled */
  while (!(frame = anyi_camera_get_latest_frame(camera)) && g_get_monotonic_time() < until)
    g_main_context_iteration(NULL, FALSE) || (g_usleep(5000), TRUE);
  anyi_camera_stop(camera);
  if (!frame) {
    fprintf(stderr, "anyictl photo: no %s camera delivered a picture in %d s\n", role_name,
            GRAB_TIMEOUT_S);
    return 1;
  }
  g_autoptr(GBytes) jpeg = anyi_frame_encode_jpeg(frame, 92, 0, &error);
  if (!jpeg || !write_bytes(out, jpeg, &error))
    return fail(out, error);
  printf("%s: %dx%d\n", out, frame->width, frame->height);
  return 0;
}

static JsonObject *
rect_of(const AnyiRect *r)
{
  const char *const names[] = {"x", "y", "width", "height"};
  const int values[] = {r->x, r->y, r->width, r->height};
  JsonObject *rect = json_object_new();

  for (guint i = 0; i < G_N_ELEMENTS(names); i++)
    json_object_set_int_member(rect, names[i], values[i]);
  return rect;
}

static JsonArray *
problems_of(const AnyiPhotoVerdict *v)
{
  JsonArray *problems = json_array_new();

  for (guint i = 0; i < v->n_problems; i++) {
    JsonObject *problem = json_object_new();

    anyictl_json_set_strings(problem, "code", anyi_photo_problem_code(v->problems[i]), "sentence",
                             anyi_photo_problem_sentence(v->problems[i]), "sentence_en",
                             anyi_photo_problem_sentence_en(v->problems[i]), NULL);
    json_array_add_object_element(problems, problem);
  }
  return problems;
}

static char *
verdict_json(const AnyiPhotoVerdict *v)
{
  g_autoptr(JsonObject) verdict = json_object_new();

  json_object_set_boolean_member(verdict, "ok", v->ok);
  json_object_set_array_member(verdict, "problems", problems_of(v));
  json_object_set_int_member(verdict, "faces", v->n_faces);
  if (v->n_faces > 0) {
    json_object_set_object_member(verdict, "face_box", rect_of(&v->face));
    json_object_set_int_member(verdict, "face_width", v->face_width);
    json_object_set_int_member(verdict, "eye_line", v->eye_line);
    json_object_set_int_member(verdict, "hair_top", v->hair_top);
    json_object_set_object_member(verdict, "crop", rect_of(&v->crop));
    json_object_set_double_member(verdict, "face_brightness", v->face_brightness);
    json_object_set_double_member(verdict, "sharpness", v->sharpness);
  }
  if (v->can_crop) {
    json_object_set_double_member(verdict, "background_luma", v->background_luma);
    json_object_set_double_member(verdict, "background_chroma", v->background_chroma);
  }
  json_object_set_double_member(verdict, "score", v->score);
  return anyictl_json_to_string(verdict);
}

static AnyiFrame *
load_and_check(const char *path, AnyiPhotoVerdict *verdict)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AnyiFrame) frame = anyi_photo_load(path, &error);
  if (!frame) {
    fail(path, error);
    return NULL;
  }
  g_autoptr(AnyiPhotoChecker) checker = anyi_photo_checker_new(&error);
  if (!checker) {
    fail("face detection", error);
    return NULL;
  }
  anyi_photo_checker_check(checker, frame, verdict);
  return g_steal_pointer(&frame);
}

static int
check(const char *path)
{
  AnyiPhotoVerdict verdict;
  g_autoptr(AnyiFrame) frame = load_and_check(path, &verdict);
  if (!frame)
    return 1;
  g_autofree char *json = verdict_json(&verdict);
  printf("%s\n", json);
  return verdict.ok ? 0 : 1;
}

static int
crop(const char *path, const char *out)
{
  AnyiPhotoVerdict verdict;
  g_autoptr(GError) error = NULL;
  g_autoptr(AnyiFrame) frame = load_and_check(path, &verdict);
  if (!frame)
    return 1;
  g_autoptr(AnyiFrame) photo = anyi_photo_checker_crop(frame, &verdict, &error);
  if (!photo) {
    AnyiPhotoProblem why = verdict.n_problems ? verdict.problems[0] : ANYI_PHOTO_NO_FACE;
    fprintf(stderr, "anyictl photo: %s: no acceptable face (%s): %s\n", path,
            anyi_photo_problem_code(why), anyi_photo_problem_sentence_en(why));
    return 1;
  }
  g_autoptr(GBytes) jpeg = anyi_id_photo_encode(photo, &error);
  if (!jpeg || !write_bytes(out, jpeg, &error))
    return fail(out, error);
  for (guint i = 0; i < verdict.n_problems; i++)
    fprintf(stderr, "warning: %s: %s\n", anyi_photo_problem_code(verdict.problems[i]),
            anyi_photo_problem_sentence_en(verdict.problems[i]));
  printf("%s: %dx%d, %d dpi, %" G_GSIZE_FORMAT " bytes, face width %d, eye line %d\n", out,
         photo->width, photo->height, ANYI_ID_PHOTO_DPI, g_bytes_get_size(jpeg), verdict.face_width,
         verdict.eye_line);
  return 0;
}

static int
document(const char *path, const char *out)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AnyiFrame) frame = anyi_photo_load(path, &error);
  if (!frame)
    return fail(path, error);
  g_autoptr(AnyiDocument) doc = anyi_document_capture(frame, &error);
  if (!doc || !write_bytes(out, doc->jpeg, &error))
    return fail(out, error);
  printf("%s: %dx%d%s\n", out, doc->page->width, doc->page->height,
         doc->page_found ? "" : " (no page edges found: whole picture kept)");
  for (guint i = 0; i < doc->codes->len; i++) {
    AnyiDocumentCode *code = g_ptr_array_index(doc->codes, i);
    printf("%s: %s\n", code->symbology, code->text);
  }
  return 0;
}

int
anyictl_photo_main(int argc, char **argv)
{
  if (argc == 2 && g_str_equal(argv[1], "cameras"))
    return list_cameras();
  if (argc == 4 && g_str_equal(argv[1], "grab"))
    return grab(argv[2], argv[3]);
  if (argc == 3 && g_str_equal(argv[1], "check"))
    return check(argv[2]);
  if (argc == 4 && g_str_equal(argv[1], "crop"))
    return crop(argv[2], argv[3]);
  if (argc == 4 && g_str_equal(argv[1], "document"))
    return document(argv[2], argv[3]);
  return usage();
}
