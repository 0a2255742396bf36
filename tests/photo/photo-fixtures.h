/* SPDX-License-Identifier: GPL-3.0-or-later */
/* photo-fixtures.h: test pictures made at run time from photographs that
 * Debian packages ship (python3-skimage, opencv-doc). */
#pragma once

#include "camera/anyi-frame.h"
#include "photo/anyi-vision.h"

#include <cairo.h>

#define ASTRONAUT_PNG "/usr/lib/python3/dist-packages/skimage/data/astronaut.png"
#define MESSI_JPG     "/usr/share/doc/opencv-doc/examples/data/messi5.jpg"
#define FRUITS_JPG    "/usr/share/doc/opencv-doc/examples/data/fruits.jpg"

/* Skips the test program (exit 77) when a photograph is not installed. */
AnyiFrame *fixture_load_or_skip(const char *path);

cairo_surface_t *fixture_frame_to_surface(const AnyiFrame *frame);
AnyiFrame *fixture_surface_to_frame(cairo_surface_t *surface);

/* The astronaut's head and shoulders on a plain background, as a kiosk
 * camera sees a citizen: face centre at (cx, cy) fractions of the frame,
 * the face `face_px` wide. `face` is where the face is in `astronaut`. */
AnyiFrame *fixture_portrait(const AnyiFrame *astronaut, const AnyiRect *face, int width, int height,
                            double cx, double cy, int face_px, double bg_r, double bg_g,
                            double bg_b);
/* Two portraits side by side. */
AnyiFrame *fixture_two_people(const AnyiFrame *astronaut, const AnyiRect *face, int width,
                              int height, int face_px);

/* Multiplies every channel by factor (clipped at 255). */
AnyiFrame *fixture_light(const AnyiFrame *frame, double factor);
AnyiFrame *fixture_blur(const AnyiFrame *frame, int radius);
