/* SPDX-License-Identifier: GPL-3.0-or-later */
/* anyi-vision.h: the few computer-vision steps the photo engine takes from
 * OpenCV (C++), behind a C API so the rest of the project stays C. */
#pragma once

#include <glib.h>

#include "camera/anyi-frame.h"

G_BEGIN_DECLS

typedef struct {
  int x, y, width, height;
} AnyiRect;

/* Haar cascades from Debian's opencv-data; loading them takes ~100 ms, so
 * a finder is made once and reused (not from two threads at once). */
typedef struct _AnyiFaceFinder AnyiFaceFinder;

AnyiFaceFinder *anyi_face_finder_new(const char *cascade_dir, GError **error);
void anyi_face_finder_free(AnyiFaceFinder *finder);
/* Faces in a gray picture (rows of `width` bytes), largest first. */
guint anyi_face_finder_find_faces(AnyiFaceFinder *finder, const guint8 *gray, int width, int height,
                                  int min_size, AnyiRect *faces, guint max_faces);
/* Eyes inside the upper half of `face`, left to right in the picture. */
guint anyi_face_finder_find_eyes(AnyiFaceFinder *finder, const guint8 *gray, int width, int height,
                                 const AnyiRect *face, AnyiRect *eyes, guint max_eyes);

/* Variance of the Laplacian: low on a blurred picture. */
double anyi_vision_sharpness(const guint8 *gray, int width, int height, const AnyiRect *area);

/* Scales a part of a frame (bilinear, area-averaged when shrinking). */
AnyiFrame *anyi_vision_crop_scale(const AnyiFrame *frame, const AnyiRect *area, int out_width,
                                  int out_height);

/* The four corners (x,y pairs: top-left, top-right, bottom-right,
 * bottom-left) of the largest bright four-sided page, or FALSE. */
gboolean anyi_vision_find_page(const AnyiFrame *frame, double corners[8]);
/* Straightens the quadrilateral to an out_width x out_height picture. */
AnyiFrame *anyi_vision_warp_page(const AnyiFrame *frame, const double corners[8], int out_width,
                                 int out_height);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(AnyiFaceFinder, anyi_face_finder_free)

G_END_DECLS
