/* SPDX-License-Identifier: GPL-3.0-or-later */
/* anyi-handwriting.c */
#include "anyi-handwriting.h"

#include <zinnia.h>

#define MODEL_SIZE 1000 /* the tegaki models' own canvas */

struct _AnyiHandwriting {
  zinnia_recognizer_t *recognizer;
  zinnia_character_t *character;
  double scale; /* canvas units to model units */
  guint n_strokes;
  guint n_points;
};

G_DEFINE_QUARK(anyi - handwriting - error - quark, anyi_handwriting_error)

const char *
anyi_handwriting_default_model(void)
{
  const char *env = g_getenv("ANYI_HANDWRITING_MODEL");

  return env && *env ? env : "/usr/share/tegaki/models/zinnia/handwriting-zh_CN.model";
}

AnyiHandwriting *
anyi_handwriting_open(const char *model, guint canvas_size, GError **error)
{
  g_autoptr(AnyiHandwriting) self = g_new0(AnyiHandwriting, 1);

  g_return_val_if_fail(model != NULL && canvas_size > 0, NULL);
  self->recognizer = zinnia_recognizer_new();
  if (!zinnia_recognizer_open(self->recognizer, model)) {
    g_set_error(error, ANYI_HANDWRITING_ERROR, ANYI_HANDWRITING_ERROR_NO_MODEL,
                "handwriting model %s cannot be opened (package tegaki-zinnia-simplified-chinese)",
                model);
    return NULL;
  }
  self->character = zinnia_character_new();
  zinnia_character_set_width(self->character, MODEL_SIZE);
  zinnia_character_set_height(self->character, MODEL_SIZE);
  self->scale = (double)MODEL_SIZE / canvas_size;
  return g_steal_pointer(&self);
}

void
anyi_handwriting_free(AnyiHandwriting *self)
{
  if (!self)
    return;
  if (self->character)
    zinnia_character_destroy(self->character);
  if (self->recognizer)
    zinnia_recognizer_destroy(self->recognizer);
  g_free(self);
}

static gboolean
add(AnyiHandwriting *self, double x, double y)
{
  int mx = (int)CLAMP(x * self->scale, 0, MODEL_SIZE);
  int my = (int)CLAMP(y * self->scale, 0, MODEL_SIZE);

  if (self->n_points >= ANYI_HANDWRITING_MAX_POINTS)
    return FALSE;
  self->n_points++;
  return zinnia_character_add(self->character, self->n_strokes - 1, mx, my) != 0;
}

gboolean
anyi_handwriting_begin_stroke(AnyiHandwriting *self, double x, double y)
{
  g_return_val_if_fail(self != NULL, FALSE);
  if (self->n_strokes >= ANYI_HANDWRITING_MAX_STROKES ||
      self->n_points >= ANYI_HANDWRITING_MAX_POINTS)
    return FALSE;
  self->n_strokes++;
  return add(self, x, y);
}

gboolean
anyi_handwriting_add_point(AnyiHandwriting *self, double x, double y)
{
  g_return_val_if_fail(self != NULL, FALSE);
  return self->n_strokes > 0 && add(self, x, y);
}

guint
anyi_handwriting_n_strokes(AnyiHandwriting *self)
{
  return self->n_strokes;
}

/* zinnia cannot drop a stroke: the character is rebuilt without the last. */
void
anyi_handwriting_undo_stroke(AnyiHandwriting *self)
{
  zinnia_character_t *kept;

  g_return_if_fail(self != NULL);
  if (self->n_strokes == 0)
    return;
  kept = zinnia_character_new();
  zinnia_character_set_width(kept, MODEL_SIZE);
  zinnia_character_set_height(kept, MODEL_SIZE);
  self->n_points = 0;
  for (size_t s = 0; s + 1 < self->n_strokes; s++)
    for (size_t i = 0; i < zinnia_character_stroke_size(self->character, s); i++) {
      zinnia_character_add(kept, s, zinnia_character_x(self->character, s, i),
                           zinnia_character_y(self->character, s, i));
      self->n_points++;
    }
  zinnia_character_destroy(self->character);
  self->character = kept;
  self->n_strokes--;
}

void
anyi_handwriting_clear(AnyiHandwriting *self)
{
  g_return_if_fail(self != NULL);
  zinnia_character_clear(self->character);
  zinnia_character_set_width(self->character, MODEL_SIZE);
  zinnia_character_set_height(self->character, MODEL_SIZE);
  self->n_strokes = 0;
  self->n_points = 0;
}

GPtrArray *
anyi_handwriting_recognize(AnyiHandwriting *self, guint max)
{
  GPtrArray *found = g_ptr_array_new_with_free_func(g_free);
  zinnia_result_t *result;

  g_return_val_if_fail(self != NULL, found);
  if (self->n_strokes == 0 || max == 0)
    return found;
  result = zinnia_recognizer_classify(self->recognizer, self->character, max);
  if (!result)
    return found;
  for (size_t i = 0; i < zinnia_result_size(result) && found->len < max; i++) {
    const char *value = zinnia_result_value(result, i);
    if (value && g_utf8_validate(value, -1, NULL))
      g_ptr_array_add(found, g_strdup(value));
  }
  zinnia_result_destroy(result);
  return found;
}
