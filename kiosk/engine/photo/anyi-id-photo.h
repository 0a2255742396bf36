/* SPDX-License-Identifier: GPL-3.0-or-later */
/* anyi-id-photo.h: ID photos to GA 461-2004 (358x441 px at 350 dpi, face
 * 207 +/- 14 px wide, hair top 7-21 px below the top edge, eyes at least
 * 207 px above the bottom edge, plain white background, JPEG ~14-20 KB).
 *
 * The checker measures a camera frame, says what the citizen should change
 * (one short sentence each, most important first) and crops the standard
 * picture. AnyiPhotoAttempts keeps the best try for the hand-off to a
 * window after too many failed ones. */
#pragma once

#include <gio/gio.h>
#include <glib-object.h>

#include "camera/anyi-frame.h"
#include "photo/anyi-vision.h"

G_BEGIN_DECLS

#define ANYI_ID_PHOTO_WIDTH        358
#define ANYI_ID_PHOTO_HEIGHT       441
#define ANYI_ID_PHOTO_DPI          350
#define ANYI_ID_PHOTO_FACE_WIDTH   207
#define ANYI_ID_PHOTO_FACE_SLACK   14
#define ANYI_ID_PHOTO_HAIR_TOP     14 /* target; 7..21 allowed */
#define ANYI_ID_PHOTO_EYE_LINE_MAX (ANYI_ID_PHOTO_HEIGHT - 207)
#define ANYI_ID_PHOTO_MIN_BYTES    (14 * 1000)
#define ANYI_ID_PHOTO_MAX_BYTES    (20 * 1000)

/* In the order a citizen should fix them: the first is the one to show. */
typedef enum {
  ANYI_PHOTO_NO_FACE,
  ANYI_PHOTO_MANY_FACES,
  ANYI_PHOTO_MOVE_CLOSER,
  ANYI_PHOTO_MOVE_BACK,
  ANYI_PHOTO_MOVE_LEFT,
  ANYI_PHOTO_MOVE_RIGHT,
  ANYI_PHOTO_MOVE_DOWN,
  ANYI_PHOTO_MOVE_UP,
  ANYI_PHOTO_TOO_DARK,
  ANYI_PHOTO_TOO_BRIGHT,
  ANYI_PHOTO_HEAD_COVERED,
  ANYI_PHOTO_EYES_NOT_FOUND,
  ANYI_PHOTO_BLURRED,
  ANYI_PHOTO_BACKGROUND_NOT_WHITE,
  ANYI_PHOTO_BACKGROUND_UNEVEN,
  ANYI_PHOTO_N_PROBLEMS
} AnyiPhotoProblem;

const char *anyi_photo_problem_code(AnyiPhotoProblem problem);     /* "move-left" */
const char *anyi_photo_problem_sentence(AnyiPhotoProblem problem); /* Chinese */
const char *anyi_photo_problem_sentence_en(AnyiPhotoProblem problem);

typedef struct {
  gboolean ok;
  guint n_problems;
  AnyiPhotoProblem problems[ANYI_PHOTO_N_PROBLEMS];
  guint n_faces;
  AnyiRect face;     /* the face in the frame, frame pixels */
  AnyiRect crop;     /* the frame area that becomes 358x441 */
  gboolean can_crop; /* crop lies inside the frame and keeps enough detail */
  /* After the crop, in the 358x441 picture's pixels: */
  int face_width;
  int eye_line; /* from the top edge */
  int hair_top; /* from the top edge */
  /* Measurements, for the technician and the tests: */
  double face_brightness; /* mean luminance 0..255 of the face */
  double sharpness;       /* Laplacian variance of the face at 96 px */
  double background_luma, background_chroma, background_spread;
  double score; /* 0..1, to keep the best of several tries */
} AnyiPhotoVerdict;

gboolean anyi_photo_verdict_has(const AnyiPhotoVerdict *verdict, AnyiPhotoProblem problem);

#define ANYI_TYPE_PHOTO_CHECKER (anyi_photo_checker_get_type())
G_DECLARE_FINAL_TYPE(AnyiPhotoChecker, anyi_photo_checker, ANYI, PHOTO_CHECKER, GObject)

/* Loads the face cascades from $ANYI_CASCADE_DIR or Debian's opencv-data. */
AnyiPhotoChecker *anyi_photo_checker_new(GError **error);
void anyi_photo_checker_check(AnyiPhotoChecker *self, const AnyiFrame *frame,
                              AnyiPhotoVerdict *verdict);
/* The same on a worker thread (~50 ms for a 1080p frame), for live hints
 * under a preview without blocking the UI. The result is a copy. */
void anyi_photo_checker_check_async(AnyiPhotoChecker *self, AnyiFrame *frame,
                                    GCancellable *cancellable, GAsyncReadyCallback callback,
                                    gpointer user_data);
gboolean anyi_photo_checker_check_finish(AnyiPhotoChecker *self, GAsyncResult *result,
                                         AnyiPhotoVerdict *verdict, GError **error);
/* The 358x441 picture, or NULL with an error when no acceptable face. */
AnyiFrame *anyi_photo_checker_crop(const AnyiFrame *frame, const AnyiPhotoVerdict *verdict,
                                   GError **error);
/* JPEG at 350 dpi, quality chosen to land within 14-20 KB where it can. */
GBytes *anyi_id_photo_encode(const AnyiFrame *photo, GError **error);

/* Loads a JPEG or PNG file as a frame (PNG through Cairo). */
AnyiFrame *anyi_photo_load(const char *path, GError **error);

/* The tries of one citizen: after max_tries failed ones, hand off with
 * the best. */
typedef struct _AnyiPhotoAttempts AnyiPhotoAttempts;
AnyiPhotoAttempts *anyi_photo_attempts_new(guint max_tries);
void anyi_photo_attempts_free(AnyiPhotoAttempts *attempts);
/* Records a try; returns TRUE when the caller should hand off now. */
gboolean anyi_photo_attempts_add(AnyiPhotoAttempts *attempts, const AnyiFrame *frame,
                                 const AnyiPhotoVerdict *verdict);
guint anyi_photo_attempts_get_tries(const AnyiPhotoAttempts *attempts);
/* The best frame so far (NULL before any try) and its verdict. */
AnyiFrame *anyi_photo_attempts_get_best(const AnyiPhotoAttempts *attempts,
                                        AnyiPhotoVerdict *verdict);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(AnyiPhotoAttempts, anyi_photo_attempts_free)

G_END_DECLS
