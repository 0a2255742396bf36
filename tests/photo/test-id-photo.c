/* SPDX-License-Identifier: GPL-3.0-or-later */
/* GA 461 checks on real photographs (Debian's python3-skimage and
 * opencv-doc) and on failures made from them at run time. */
#include "photo-fixtures.h"
#include "photo/anyi-id-photo.h"

#include <gio/gio.h>
#include <string.h>

static AnyiPhotoChecker *checker;
static AnyiFrame *astronaut;
static AnyiRect astronaut_face;

static void
describe(const char *what, const AnyiPhotoVerdict *v)
{
  g_autoptr(GString) codes = g_string_new("");
  for (guint i = 0; i < v->n_problems; i++)
    g_string_append_printf(codes, " %s", anyi_photo_problem_code(v->problems[i]));
  g_test_message("%s: ok=%d faces=%u face=%d,%d %dx%d width=%d eye=%d hair=%d bright=%.0f "
                 "sharp=%.0f bg=%.0f/%.0f/%.0f score=%.2f problems:%s",
                 what, v->ok, v->n_faces, v->face.x, v->face.y, v->face.width, v->face.height,
                 v->face_width, v->eye_line, v->hair_top, v->face_brightness, v->sharpness,
                 v->background_luma, v->background_chroma, v->background_spread, v->score,
                 codes->str);
}

static void
check(const char *what, const AnyiFrame *frame, AnyiPhotoVerdict *v)
{
  anyi_photo_checker_check(checker, frame, v);
  describe(what, v);
}

/* A citizen well placed in front of a white screen. */
static AnyiFrame *
good_portrait(double bg_r, double bg_g, double bg_b)
{
  return fixture_portrait(astronaut, &astronaut_face, 1280, 720, 0.5, 0.42, 230, bg_r, bg_g, bg_b);
}

static void
test_astronaut_found_but_background_busy(void)
{
  AnyiPhotoVerdict v;
  check("astronaut", astronaut, &v);
  g_assert_cmpuint(v.n_faces, ==, 1);
  g_assert_false(v.ok);
  g_assert_true(anyi_photo_verdict_has(&v, ANYI_PHOTO_BACKGROUND_NOT_WHITE) ||
                anyi_photo_verdict_has(&v, ANYI_PHOTO_BACKGROUND_UNEVEN) || !v.can_crop);
}

static void
test_good_portrait_passes_and_crops_to_standard(void)
{
  g_autoptr(AnyiFrame) frame = good_portrait(1, 1, 1);
  AnyiPhotoVerdict v;
  check("good", frame, &v);
  g_assert_true(v.ok);
  g_assert_cmpuint(v.n_problems, ==, 0);
  g_assert_cmpint(ABS(v.face_width - ANYI_ID_PHOTO_FACE_WIDTH), <=, ANYI_ID_PHOTO_FACE_SLACK);
  g_assert_cmpint(v.hair_top, >=, 7);
  g_assert_cmpint(v.hair_top, <=, 21);
  g_assert_cmpint(v.eye_line, <=, ANYI_ID_PHOTO_EYE_LINE_MAX);
  g_assert_cmpint(v.eye_line, >, v.hair_top);

  g_autoptr(GError) error = NULL;
  g_autoptr(AnyiFrame) photo = anyi_photo_checker_crop(frame, &v, &error);
  g_assert_no_error(error);
  g_assert_cmpint(photo->width, ==, 358);
  g_assert_cmpint(photo->height, ==, 441);

  g_autoptr(GBytes) jpeg = anyi_id_photo_encode(photo, &error);
  g_assert_no_error(error);
  gsize size = 0;
  const guint8 *bytes = g_bytes_get_data(jpeg, &size);
  g_test_message("ID photo JPEG: %" G_GSIZE_FORMAT " bytes", size);
  g_assert_cmpuint(size, >=, ANYI_ID_PHOTO_MIN_BYTES);
  g_assert_cmpuint(size, <=, ANYI_ID_PHOTO_MAX_BYTES);
  /* JFIF APP0: units 1 (dpi), 350 x 350 */
  g_assert_cmpmem(bytes + 6, 5, "JFIF\0", 5);
  g_assert_cmpint(bytes[13], ==, 1);
  g_assert_cmpint(bytes[14] << 8 | bytes[15], ==, 350);
  g_assert_cmpint(bytes[16] << 8 | bytes[17], ==, 350);

  /* The cropped picture itself is still a centred face of the right width. */
  g_autoptr(AnyiFrame) decoded = anyi_frame_new_from_jpeg(bytes, size, &error);
  g_assert_no_error(error);
  AnyiPhotoVerdict again;
  check("cropped", decoded, &again);
  g_assert_cmpuint(again.n_faces, ==, 1);
  g_assert_cmpint(ABS(again.face.width - ANYI_ID_PHOTO_FACE_WIDTH), <=,
                  2 * ANYI_ID_PHOTO_FACE_SLACK);
  g_assert_cmpint(ABS(again.face.x + again.face.width / 2 - 179), <=, 10);
}

static void
test_dark(void)
{
  g_autoptr(AnyiFrame) good = good_portrait(1, 1, 1);
  g_autoptr(AnyiFrame) frame = fixture_light(good, 0.25);
  AnyiPhotoVerdict v;
  check("dark", frame, &v);
  g_assert_false(v.ok);
  if (v.n_faces == 0)
    g_assert_true(anyi_photo_verdict_has(&v, ANYI_PHOTO_NO_FACE));
  else
    g_assert_true(anyi_photo_verdict_has(&v, ANYI_PHOTO_TOO_DARK));
}

static void
test_too_bright(void)
{
  g_autoptr(AnyiFrame) good = good_portrait(1, 1, 1);
  g_autoptr(AnyiFrame) frame = fixture_light(good, 1.6);
  AnyiPhotoVerdict v;
  check("bright", frame, &v);
  g_assert_false(v.ok);
  g_assert_true(anyi_photo_verdict_has(&v, ANYI_PHOTO_TOO_BRIGHT));
}

/* A light grey screen with a shadow down one side. */
static void
test_uneven_background(void)
{
  g_autoptr(AnyiFrame) good = good_portrait(1, 1, 1);
  cairo_surface_t *surface = fixture_frame_to_surface(good);
  cairo_t *cr = cairo_create(surface);
  cairo_pattern_t *shadow = cairo_pattern_create_linear(0, 0, 1280, 0);
  cairo_pattern_add_color_stop_rgba(shadow, 0.3, 0, 0, 0, 0.3);
  cairo_pattern_add_color_stop_rgba(shadow, 0.6, 0, 0, 0, 0);
  cairo_set_source(cr, shadow);
  cairo_paint(cr);
  cairo_pattern_destroy(shadow);
  cairo_destroy(cr);
  g_autoptr(AnyiFrame) frame = fixture_surface_to_frame(surface);
  cairo_surface_destroy(surface);
  AnyiPhotoVerdict v;
  check("shadow", frame, &v);
  g_assert_false(v.ok);
  g_assert_true(anyi_photo_verdict_has(&v, ANYI_PHOTO_BACKGROUND_UNEVEN));
}

static void
test_blurred(void)
{
  g_autoptr(AnyiFrame) good = good_portrait(1, 1, 1);
  g_autoptr(AnyiFrame) frame = fixture_blur(good, 4);
  AnyiPhotoVerdict v;
  check("blurred", frame, &v);
  g_assert_false(v.ok);
  g_assert_cmpuint(v.n_faces, ==, 1);
  g_assert_true(anyi_photo_verdict_has(&v, ANYI_PHOTO_BLURRED));
}

static void
test_off_centre(void)
{
  g_autoptr(AnyiFrame) left =
      fixture_portrait(astronaut, &astronaut_face, 1280, 720, 0.3, 0.42, 230, 1, 1, 1);
  g_autoptr(AnyiFrame) right =
      fixture_portrait(astronaut, &astronaut_face, 1280, 720, 0.7, 0.42, 230, 1, 1, 1);
  AnyiPhotoVerdict v;
  check("face on the picture's left", left, &v);
  g_assert_false(v.ok);
  g_assert_true(anyi_photo_verdict_has(&v, ANYI_PHOTO_MOVE_LEFT));
  g_assert_cmpint(v.problems[0], ==, ANYI_PHOTO_MOVE_LEFT);
  check("face on the picture's right", right, &v);
  g_assert_true(anyi_photo_verdict_has(&v, ANYI_PHOTO_MOVE_RIGHT));
}

static void
test_too_far_and_too_close(void)
{
  g_autoptr(AnyiFrame) far =
      fixture_portrait(astronaut, &astronaut_face, 1280, 720, 0.5, 0.42, 120, 1, 1, 1);
  g_autoptr(AnyiFrame) close =
      fixture_portrait(astronaut, &astronaut_face, 1280, 720, 0.5, 0.5, 420, 1, 1, 1);
  AnyiPhotoVerdict v;
  check("far", far, &v);
  g_assert_true(anyi_photo_verdict_has(&v, ANYI_PHOTO_MOVE_CLOSER));
  g_assert_false(v.ok);
  check("close", close, &v);
  g_assert_true(anyi_photo_verdict_has(&v, ANYI_PHOTO_MOVE_BACK));
  g_assert_false(v.ok);
}

static void
test_coloured_background(void)
{
  g_autoptr(AnyiFrame) frame = good_portrait(0.1, 0.35, 0.8);
  AnyiPhotoVerdict v;
  check("blue background", frame, &v);
  g_assert_false(v.ok);
  g_assert_cmpuint(v.n_faces, ==, 1);
  g_assert_true(anyi_photo_verdict_has(&v, ANYI_PHOTO_BACKGROUND_NOT_WHITE));
}

/* A tall dark hat on the head: the hair top moves up, so with the face at
 * 207 px the eyes fall below the standard's line. */
static void
test_hat(void)
{
  g_autoptr(AnyiFrame) plain =
      fixture_portrait(astronaut, &astronaut_face, 1280, 720, 0.5, 0.5, 230, 1, 1, 1);
  cairo_surface_t *surface = fixture_frame_to_surface(plain);
  cairo_t *cr = cairo_create(surface);
  double face_top = 360 - 115;
  cairo_set_source_rgb(cr, 0.15, 0.12, 0.1);
  cairo_rectangle(cr, 640 - 110, face_top - 200, 220, 170);
  cairo_fill(cr);
  cairo_rectangle(cr, 640 - 150, face_top - 40, 300, 30);
  cairo_fill(cr);
  cairo_destroy(cr);
  g_autoptr(AnyiFrame) frame = fixture_surface_to_frame(surface);
  cairo_surface_destroy(surface);
  AnyiPhotoVerdict v;
  check("hat", frame, &v);
  g_assert_false(v.ok);
  g_assert_cmpint(v.eye_line, >, ANYI_ID_PHOTO_EYE_LINE_MAX);
  g_assert_true(anyi_photo_verdict_has(&v, ANYI_PHOTO_HEAD_COVERED));
}

static void
test_no_face(void)
{
  g_autoptr(AnyiFrame) fruits = fixture_load_or_skip(FRUITS_JPG);
  g_autoptr(AnyiFrame) blank = anyi_frame_new_blank(1280, 720, 250, 250, 250);
  AnyiPhotoVerdict v;
  check("fruits", fruits, &v);
  g_assert_cmpint(v.problems[0], ==, ANYI_PHOTO_NO_FACE);
  g_assert_false(v.ok);
  g_assert_cmpfloat(v.score, ==, 0.0);
  check("empty", blank, &v);
  g_assert_cmpint(v.problems[0], ==, ANYI_PHOTO_NO_FACE);

  g_autoptr(GError) error = NULL;
  g_autoptr(AnyiFrame) photo = anyi_photo_checker_crop(blank, &v, &error);
  g_assert_null(photo);
  g_assert_error(error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
}

static void
test_two_faces(void)
{
  g_autoptr(AnyiFrame) frame = fixture_two_people(astronaut, &astronaut_face, 1280, 720, 200);
  AnyiPhotoVerdict v;
  check("two people", frame, &v);
  g_assert_cmpuint(v.n_faces, ==, 2);
  g_assert_cmpint(v.problems[0], ==, ANYI_PHOTO_MANY_FACES);
  g_assert_false(v.ok);
}

static void
test_small_face_in_a_scene(void)
{
  g_autoptr(AnyiFrame) messi = fixture_load_or_skip(MESSI_JPG);
  AnyiPhotoVerdict v;
  check("messi5", messi, &v);
  g_assert_false(v.ok);
  g_assert_cmpuint(v.n_faces, >=, 1);
  g_assert_true(anyi_photo_verdict_has(&v, ANYI_PHOTO_MOVE_CLOSER));
}

static void
test_attempts_keep_the_best(void)
{
  g_autoptr(AnyiFrame) good = good_portrait(1, 1, 1);
  g_autoptr(AnyiFrame) blurred = fixture_blur(good, 4);
  g_autoptr(AnyiFrame) left =
      fixture_portrait(astronaut, &astronaut_face, 1280, 720, 0.3, 0.42, 230, 0.1, 0.35, 0.8);
  g_autoptr(AnyiPhotoAttempts) attempts = anyi_photo_attempts_new(3);
  AnyiPhotoVerdict v_left, v_blurred, best_v;
  anyi_photo_checker_check(checker, left, &v_left);
  anyi_photo_checker_check(checker, blurred, &v_blurred);
  g_assert_cmpfloat(v_blurred.score, >, v_left.score);

  g_assert_null(anyi_photo_attempts_get_best(attempts, NULL));
  g_assert_false(anyi_photo_attempts_add(attempts, left, &v_left));
  g_assert_false(anyi_photo_attempts_add(attempts, blurred, &v_blurred));
  g_assert_true(anyi_photo_attempts_add(attempts, left, &v_left));
  g_autoptr(AnyiFrame) best = anyi_photo_attempts_get_best(attempts, &best_v);
  g_assert_true(best == blurred);
  g_assert_cmpfloat(best_v.score, ==, v_blurred.score);
  g_assert_cmpuint(anyi_photo_attempts_get_tries(attempts), ==, 3);
}

static void
on_checked(GObject *source, GAsyncResult *result, gpointer user_data)
{
  AnyiPhotoVerdict *verdict = user_data;
  g_autoptr(GError) error = NULL;
  g_assert_true(
      anyi_photo_checker_check_finish(ANYI_PHOTO_CHECKER(source), result, verdict, &error));
  g_assert_no_error(error);
}

static void
test_check_async(void)
{
  g_autoptr(AnyiFrame) frame = good_portrait(1, 1, 1);
  AnyiPhotoVerdict sync, async = {.score = -1};
  anyi_photo_checker_check(checker, frame, &sync);
  anyi_photo_checker_check_async(checker, frame, NULL, on_checked, &async);
  while (async.score < 0)
    g_main_context_iteration(NULL, TRUE);
  g_assert_cmpmem(&sync, sizeof sync, &async, sizeof async);
}

static void
test_every_problem_has_sentences(void)
{
  for (int p = 0; p < ANYI_PHOTO_N_PROBLEMS; p++) {
    g_assert_nonnull(anyi_photo_problem_code(p));
    g_assert_true(g_utf8_validate(anyi_photo_problem_sentence(p), -1, NULL));
    g_assert_cmpuint(strlen(anyi_photo_problem_sentence(p)), >, 6);
    g_assert_cmpuint(strlen(anyi_photo_problem_sentence_en(p)), >, 6);
  }
}

int
main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_autoptr(GError) error = NULL;
  astronaut = fixture_load_or_skip(ASTRONAUT_PNG);
  checker = anyi_photo_checker_new(&error);
  if (!checker) {
    g_print("SKIP: %s\n", error->message);
    return 77;
  }
  AnyiPhotoVerdict v;
  anyi_photo_checker_check(checker, astronaut, &v);
  g_assert_cmpuint(v.n_faces, >=, 1);
  astronaut_face = v.face;

  g_test_add_func("/photo/astronaut", test_astronaut_found_but_background_busy);
  g_test_add_func("/photo/good", test_good_portrait_passes_and_crops_to_standard);
  g_test_add_func("/photo/dark", test_dark);
  g_test_add_func("/photo/too-bright", test_too_bright);
  g_test_add_func("/photo/background-uneven", test_uneven_background);
  g_test_add_func("/photo/blurred", test_blurred);
  g_test_add_func("/photo/off-centre", test_off_centre);
  g_test_add_func("/photo/distance", test_too_far_and_too_close);
  g_test_add_func("/photo/coloured-background", test_coloured_background);
  g_test_add_func("/photo/hat", test_hat);
  g_test_add_func("/photo/no-face", test_no_face);
  g_test_add_func("/photo/two-faces", test_two_faces);
  g_test_add_func("/photo/small-face", test_small_face_in_a_scene);
  g_test_add_func("/photo/attempts", test_attempts_keep_the_best);
  g_test_add_func("/photo/async", test_check_async);
  g_test_add_func("/photo/sentences", test_every_problem_has_sentences);
  int status = g_test_run();
  g_clear_object(&checker);
  g_clear_pointer(&astronaut, anyi_frame_unref);
  return status;
}
