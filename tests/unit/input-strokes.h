/* SPDX-License-Identifier: GPL-3.0-or-later */
/* input-strokes.h: handwritten characters drawn as a finger would, on a
 * 300-unit square pad, stroke by stroke in the usual writing order. Each
 * stroke is a straight or bent line given by its corners; the points in
 * between are filled in as a touch screen reports them. */
#pragma once

#include "input/anyi-handwriting.h"

#define STROKE_PAD 300

typedef struct {
  int n;        /* corners */
  int xy[4][2]; /* at most 4 corners */
} TestStroke;

typedef struct {
  const char *expected;
  int n_strokes;
  TestStroke strokes[5];
} TestCharacter;

static const TestCharacter test_characters[] = {
    {"一", 1, {{2, {{40, 150}, {260, 150}}}}},
    {"二", 2, {{2, {{80, 100}, {220, 100}}}, {2, {{40, 210}, {260, 210}}}}},
    {"三",
     3,
     {{2, {{70, 60}, {230, 60}}}, {2, {{90, 150}, {210, 150}}}, {2, {{40, 245}, {260, 245}}}}},
    {"十", 2, {{2, {{40, 140}, {260, 140}}}, {2, {{150, 30}, {150, 275}}}}},
    {"王",
     4,
     {{2, {{60, 55}, {240, 55}}},
      {2, {{80, 150}, {220, 150}}},
      {2, {{150, 55}, {150, 245}}},
      {2, {{40, 245}, {260, 245}}}}},
    {"人", 2, {{3, {{150, 30}, {130, 150}, {40, 270}}}, {3, {{140, 130}, {190, 210}, {265, 270}}}}},
};

/* Draws CHARACTER on PAD: 12 touch points per side of each stroke. */
static inline void
draw_test_character(AnyiHandwriting *pad, const TestCharacter *character)
{
  anyi_handwriting_clear(pad);
  for (int s = 0; s < character->n_strokes; s++) {
    const TestStroke *stroke = &character->strokes[s];
    anyi_handwriting_begin_stroke(pad, stroke->xy[0][0], stroke->xy[0][1]);
    for (int c = 1; c < stroke->n; c++)
      for (int step = 1; step <= 12; step++) {
        double t = step / 12.0;
        anyi_handwriting_add_point(
            pad, stroke->xy[c - 1][0] + t * (stroke->xy[c][0] - stroke->xy[c - 1][0]),
            stroke->xy[c - 1][1] + t * (stroke->xy[c][1] - stroke->xy[c - 1][1]));
      }
  }
}
