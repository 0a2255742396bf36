/* SPDX-License-Identifier: GPL-3.0-or-later */
/* anyi-handwriting.h: handwritten characters recognised by zinnia with
 * Debian's tegaki simplified Chinese model.
 *
 * Strokes are lists of points on a square canvas of the size given at
 * anyi_handwriting_open; the model was trained on a 1000-unit square and
 * the points are scaled to it. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define ANYI_HANDWRITING_ERROR (anyi_handwriting_error_quark())
GQuark anyi_handwriting_error_quark(void);

typedef enum {
  ANYI_HANDWRITING_ERROR_NO_MODEL,
} AnyiHandwritingError;

/* Bounds on what one character may hold: a finger drawing for a long time
 * must not grow memory, and no Chinese character needs more strokes. */
#define ANYI_HANDWRITING_MAX_STROKES 40
#define ANYI_HANDWRITING_MAX_POINTS  4000

typedef struct _AnyiHandwriting AnyiHandwriting;

/* The model the kiosk uses: $ANYI_HANDWRITING_MODEL, else Debian's. */
const char *anyi_handwriting_default_model(void);

AnyiHandwriting *anyi_handwriting_open(const char *model, guint canvas_size, GError **error);
void anyi_handwriting_free(AnyiHandwriting *self);

/* Starts a new stroke at (x, y); FALSE once the character is full. */
gboolean anyi_handwriting_begin_stroke(AnyiHandwriting *self, double x, double y);
/* Continues the stroke begun last; FALSE if none, or full. */
gboolean anyi_handwriting_add_point(AnyiHandwriting *self, double x, double y);
guint anyi_handwriting_n_strokes(AnyiHandwriting *self);
/* Takes back the last stroke. */
void anyi_handwriting_undo_stroke(AnyiHandwriting *self);
void anyi_handwriting_clear(AnyiHandwriting *self);
/* Up to MAX characters (char * each), most likely first; empty with no strokes. */
GPtrArray *anyi_handwriting_recognize(AnyiHandwriting *self, guint max);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(AnyiHandwriting, anyi_handwriting_free)

G_END_DECLS
