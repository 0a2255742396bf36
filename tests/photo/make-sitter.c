/* SPDX-License-Identifier: GPL-3.0-or-later */
/* make-sitter: a citizen for the emulated face camera, made from Debian's
 * astronaut photograph (python3-skimage): head and shoulders on an even
 * white screen, 1280x720 JPEG, for the demo, the walk test and the photo
 * page's tests.
 *
 *   make-sitter OUT.jpg [centred|off-centre]
 *
 * "centred" passes anyi_photo_checker_check; "off-centre" sits at the
 * picture's left, so the first problem is move-left. The program checks
 * its own output after the JPEG round trip and fails if the checker does
 * not see it as intended. Exit 77 when the photograph is not installed. */
#include "photo-fixtures.h"
#include "photo/anyi-id-photo.h"

#include <stdio.h>
#include <string.h>

#define SITTER_WIDTH   1280
#define SITTER_HEIGHT  720
#define SITTER_FACE_PX 230
#define SITTER_QUALITY 92
#define CENTRE_X       0.5
#define OFF_CENTRE_X   0.3
#define FACE_CENTRE_Y  0.42

static gboolean
verdict_as_intended(const AnyiPhotoVerdict *verdict, gboolean centred)
{
  if (centred)
    return verdict->ok;
  return verdict->n_problems > 0 && verdict->problems[0] == ANYI_PHOTO_MOVE_LEFT;
}

static AnyiFrame *
make_sitter(AnyiPhotoChecker *checker, double centre_x)
{
  g_autoptr(AnyiFrame) astronaut = fixture_load_or_skip(ASTRONAUT_PNG);
  AnyiPhotoVerdict verdict;
  anyi_photo_checker_check(checker, astronaut, &verdict);
  if (verdict.n_faces < 1) {
    fprintf(stderr, "make-sitter: no face found in %s\n", ASTRONAUT_PNG);
    return NULL;
  }
  return fixture_portrait(astronaut, &verdict.face, SITTER_WIDTH, SITTER_HEIGHT, centre_x,
                          FACE_CENTRE_Y, SITTER_FACE_PX, 1, 1, 1);
}

static int
write_checked(AnyiPhotoChecker *checker, const AnyiFrame *sitter, const char *out, gboolean centred)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) jpeg = anyi_frame_encode_jpeg(sitter, SITTER_QUALITY, 0, &error);
  g_autoptr(AnyiFrame) decoded = NULL;
  if (jpeg)
    decoded =
        anyi_frame_new_from_jpeg(g_bytes_get_data(jpeg, NULL), g_bytes_get_size(jpeg), &error);
  if (!decoded) {
    fprintf(stderr, "make-sitter: cannot encode the picture: %s\n", error->message);
    return 1;
  }
  AnyiPhotoVerdict verdict;
  anyi_photo_checker_check(checker, decoded, &verdict);
  if (!verdict_as_intended(&verdict, centred)) {
    fprintf(stderr, "make-sitter: the checker does not see a %s sitter (%u problems, first %s)\n",
            centred ? "centred" : "off-centre", verdict.n_problems,
            verdict.n_problems ? anyi_photo_problem_code(verdict.problems[0]) : "none");
    return 1;
  }
  if (!g_file_set_contents(out, g_bytes_get_data(jpeg, NULL), (gssize)g_bytes_get_size(jpeg),
                           &error)) {
    fprintf(stderr, "make-sitter: %s\n", error->message);
    return 1;
  }
  return 0;
}

int
main(int argc, char **argv)
{
  g_autoptr(GError) error = NULL;
  const char *variant = argc > 2 ? argv[2] : "centred";
  gboolean centred = g_str_equal(variant, "centred");
  if (argc < 2 || argc > 3 || (!centred && !g_str_equal(variant, "off-centre"))) {
    fprintf(stderr, "usage: make-sitter OUT.jpg [centred|off-centre]\n");
    return 2;
  }
  g_autoptr(AnyiPhotoChecker) checker = anyi_photo_checker_new(&error);
  if (!checker) {
    printf("SKIP: %s\n", error->message);
    return 77;
  }
  g_autoptr(AnyiFrame) sitter = make_sitter(checker, centred ? CENTRE_X : OFF_CENTRE_X);
  if (!sitter)
    return 1;
  return write_checked(checker, sitter, argv[1], centred);
}
