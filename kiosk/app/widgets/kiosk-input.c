/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kiosk-input.c */
#include "kiosk-input.h"

#include "kiosk-a11y.h"
#include "input/anyi-handwriting.h"
#include "input/anyi-pinyin.h"

#include <glib/gi18n-lib.h>

/* the keyboard as printed on every phone, so that no one hunts for a letter */
static const char *const letter_rows[] = {"qwertyuiop", "asdfghjkl", "zxcvbnm"};

struct _KioskInput {
  GtkBox parent_instance;
  GtkLabel *preedit;
  GtkBox *candidate_bar;
  GtkStack *keyboards;
  GtkToggleButton *mode_buttons[3];
  GtkWidget *candidates_row, *mode_box, *actions; /* hidden in keypad mode */
  GtkWidget *extra_key;                           /* the keypad's key left of 0 */
  GtkWidget *keypad_keys; /* beside the stack, not in it: the letters keep their height */
  KioskInputKeypad keypad;
  GtkDrawingArea *pad;
  GtkEditable *target; /* not owned */

  AnyiPinyin *pinyin;
  AnyiHandwriting *handwriting;
  gboolean loaded;
  KioskInputMode mode;
  GPtrArray *candidates; /* char *, as shown */
  gboolean words_off;    /* the page offers its own candidates for the pinyin typed */
  gboolean offering;     /* the bar shows the page's offers */
  GArray *strokes;       /* GArray of graphene_point_t per stroke, for drawing */
  double drag_x, drag_y;
};

G_DEFINE_FINAL_TYPE(KioskInput, kiosk_input, GTK_TYPE_BOX)

enum {
  SIGNAL_CONFIRM,
  SIGNAL_SAY,
  SIGNAL_TYPED,
  SIGNAL_DELETE,
  SIGNAL_CLEAR,
  SIGNAL_COMPOSING,
  SIGNAL_OFFER_CHOSEN,
  N_SIGNALS
};
static guint signals[N_SIGNALS];

static const char *const mode_names[] = {"pinyin", "handwriting", "numbers"};

static void
name_widget(GtkWidget *widget, const char *name, const char *spoken)
{
  gtk_widget_set_name(widget, name);
  gtk_accessible_update_property(GTK_ACCESSIBLE(widget), GTK_ACCESSIBLE_PROPERTY_LABEL, spoken, -1);
}

static GtkWidget *
key_new(const char *label, const char *name, const char *spoken)
{
  GtkWidget *button = gtk_button_new_with_label(label);

  gtk_widget_add_css_class(button, "input-key");
  gtk_widget_set_focus_on_click(button, FALSE);
  name_widget(button, name, spoken);
  return button;
}

/* ---- writing into the target ---- */

static void
append_text(KioskInput *self, const char *text)
{
  int end;

  if (!self->target || !text)
    return;
  end = (int)g_utf8_strlen(gtk_editable_get_text(self->target), -1);
  gtk_editable_insert_text(self->target, text, -1, &end);
  gtk_editable_set_position(self->target, -1);
}

static void
delete_last(KioskInput *self)
{
  int end;

  if (!self->target)
    return;
  end = (int)g_utf8_strlen(gtk_editable_get_text(self->target), -1);
  if (end > 0)
    gtk_editable_delete_text(self->target, end - 1, end);
}

/* ---- candidates ---- */

static void on_candidate_clicked(GtkButton *button, KioskInput *self);

/* The bar's buttons: @found's words, or with @offers the page's offers,
 * at most @max of them. */
static void
fill_bar(KioskInput *self, const char *const *found, guint n_found, guint max, gboolean offers)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child(GTK_WIDGET(self->candidate_bar))))
    gtk_box_remove(self->candidate_bar, child);
  g_ptr_array_set_size(self->candidates, 0);
  self->offering = offers;
  for (guint i = 0; i < n_found && i < max; i++) {
    const char *text = found[i];
    g_autofree char *name = g_strdup_printf("candidate-%u", i);
    g_autofree char *spoken = g_strdup_printf(_("第%u个：%s"), i + 1, text);
    GtkWidget *button = gtk_button_new_with_label(text);

    gtk_widget_add_css_class(button, "candidate");
    if (offers) {
      /* a service's title is long: cut with … rather than widen the screen */
      GtkWidget *label = gtk_button_get_child(GTK_BUTTON(button));
      gtk_label_set_ellipsize(GTK_LABEL(label), PANGO_ELLIPSIZE_END);
      gtk_label_set_max_width_chars(GTK_LABEL(label), KIOSK_INPUT_OFFER_CHARS);
      gtk_widget_add_css_class(button, "offer");
    }
    gtk_widget_set_focus_on_click(button, FALSE);
    name_widget(button, name, spoken);
    g_object_set_data(G_OBJECT(button), "index", GUINT_TO_POINTER(i));
    g_signal_connect(button, "clicked", G_CALLBACK(on_candidate_clicked), self);
    gtk_box_append(self->candidate_bar, button);
    g_ptr_array_add(self->candidates, g_strdup(text));
  }
}

static void
show_candidates(KioskInput *self, GPtrArray *found)
{
  fill_bar(self, found ? (const char *const *)found->pdata : NULL, found ? found->len : 0,
           KIOSK_INPUT_MAX_CANDIDATES, FALSE);
}

static void
update_pinyin(KioskInput *self)
{
  g_autofree char *preedit = anyi_pinyin_dup_preedit(self->pinyin);
  g_autoptr(GPtrArray) found = anyi_pinyin_get_candidates(self->pinyin, KIOSK_INPUT_MAX_CANDIDATES);

  gtk_label_set_text(self->preedit, preedit);
  /* with the words off, the page answers "composing" with its offers */
  if (!self->words_off)
    show_candidates(self, found);
  g_signal_emit(self, signals[SIGNAL_COMPOSING], 0, preedit);
}

static void
clear_pad(KioskInput *self)
{
  g_array_set_size(self->strokes, 0);
  if (self->handwriting)
    anyi_handwriting_clear(self->handwriting);
  gtk_widget_queue_draw(GTK_WIDGET(self->pad));
}

static void
choose(KioskInput *self, guint index)
{
  g_autofree char *text = NULL;

  if (index >= self->candidates->len)
    return;
  if (self->mode == KIOSK_INPUT_PINYIN && self->pinyin) {
    text = anyi_pinyin_choose(self->pinyin, index);
    update_pinyin(self);
  } else {
    text = g_strdup(g_ptr_array_index(self->candidates, index));
    clear_pad(self);
    show_candidates(self, NULL);
  }
  append_text(self, text);
  if (text)
    g_signal_emit(self, signals[SIGNAL_SAY], 0, text);
}

static void
on_candidate_clicked(GtkButton *button, KioskInput *self)
{
  guint index = GPOINTER_TO_UINT(g_object_get_data(G_OBJECT(button), "index"));

  if (self->offering)
    g_signal_emit(self, signals[SIGNAL_OFFER_CHOSEN], 0, index);
  else
    choose(self, index);
}

/* ---- pinyin keys ---- */

static void
on_letter_clicked(GtkButton *button, KioskInput *self)
{
  const char *letter = g_object_get_data(G_OBJECT(button), "letter");

  if (!self->pinyin)
    return;
  anyi_pinyin_type(self->pinyin, letter[0]);
  update_pinyin(self);
}

/* The middle dot of names such as 阿依古丽·买买提 has no pinyin: its own key. */
static void
on_text_key_clicked(GtkButton *button, KioskInput *self)
{
  append_text(self, g_object_get_data(G_OBJECT(button), "text"));
}

static GtkWidget *
build_pinyin_keys(KioskInput *self)
{
  GtkGrid *grid = GTK_GRID(gtk_grid_new());

  gtk_grid_set_row_spacing(grid, 8);
  gtk_grid_set_column_spacing(grid, 10);
  for (guint row = 0; row < G_N_ELEMENTS(letter_rows); row++)
    for (guint col = 0; letter_rows[row][col]; col++) {
      char letter[2] = {letter_rows[row][col], '\0'};
      g_autofree char *name = g_strdup_printf("key-%s", letter);
      g_autofree char *spoken = g_strdup_printf(_("字母 %s"), letter);
      GtkWidget *key = key_new(letter, name, spoken);

      g_object_set_data_full(G_OBJECT(key), "letter", g_strdup(letter), g_free);
      g_signal_connect(key, "clicked", G_CALLBACK(on_letter_clicked), self);
      /* each row starts half a key further in, as on a real keyboard */
      gtk_grid_attach(grid, key, (int)(col * 2 + row), (int)row, 2, 1);
    }
  {
    GtkWidget *dot = key_new("·", "key-middle-dot", _("间隔点"));
    g_object_set_data(G_OBJECT(dot), "text", (gpointer) "·");
    g_signal_connect(dot, "clicked", G_CALLBACK(on_text_key_clicked), self);
    gtk_grid_attach(grid, dot, 16, 2, 2, 1);
  }
  /* English words and house numbers such as 3-2-501, in the room the
   * third row leaves at its ends */
  {
    GtkWidget *space = key_new(_("空格"), "key-space", _("空格"));
    GtkWidget *hyphen = key_new("-", "key-hyphen", _("短横线"));

    g_object_set_data(G_OBJECT(space), "text", (gpointer) " ");
    g_object_set_data(G_OBJECT(hyphen), "text", (gpointer) "-");
    g_signal_connect(space, "clicked", G_CALLBACK(on_text_key_clicked), self);
    g_signal_connect(hyphen, "clicked", G_CALLBACK(on_text_key_clicked), self);
    gtk_grid_attach(grid, space, 0, 2, 2, 1);
    gtk_grid_attach(grid, hyphen, 18, 2, 2, 1);
  }
  return GTK_WIDGET(grid);
}

/* ---- number keys ---- */

static GtkWidget *
build_number_keys(KioskInput *self)
{
  static const char *const keys = "123456789X0";
  GtkGrid *grid = GTK_GRID(gtk_grid_new());

  gtk_grid_set_row_spacing(grid, 8);
  gtk_grid_set_column_spacing(grid, 10);
  gtk_widget_set_halign(GTK_WIDGET(grid), GTK_ALIGN_CENTER);
  for (guint i = 0; keys[i]; i++) {
    char text[2] = {keys[i], '\0'};
    g_autofree char *name = g_strdup_printf("key-%s", text);
    g_autofree char *spoken =
        keys[i] == 'X' ? g_strdup(_("字母 X")) : g_strdup_printf(_("数字 %s"), text);
    GtkWidget *key = key_new(text, name, spoken);

    g_object_set_data_full(G_OBJECT(key), "text", g_strdup(text), g_free);
    g_signal_connect(key, "clicked", G_CALLBACK(on_text_key_clicked), self);
    gtk_grid_attach(grid, key, (int)(i % 3), (int)(i / 3), 1, 1);
  }
  return GTK_WIDGET(grid);
}

/* ---- the keypad: keys that report, for pages that keep the digits ---- */

static void forget_composition(KioskInput *self);

static void
on_keypad_key_clicked(GtkButton *key, KioskInput *self)
{
  const char *text = g_object_get_data(G_OBJECT(key), "keypad-text");

  if (text)
    g_signal_emit(self, signals[SIGNAL_TYPED], 0, text);
  else if (g_object_get_data(G_OBJECT(key), "keypad-clear"))
    g_signal_emit(self, signals[SIGNAL_CLEAR], 0);
  else
    g_signal_emit(self, signals[SIGNAL_DELETE], 0);
}

/* @label on the key, @spoken by a screen reader, @text reported when pressed
 * (NULL: the delete key, or the clear key with @clear) */
static void
set_keypad_key(GtkWidget *key, const char *label, const char *spoken, const char *text,
               gboolean clear)
{
  gtk_button_set_label(GTK_BUTTON(key), label);
  gtk_accessible_update_property(GTK_ACCESSIBLE(key), GTK_ACCESSIBLE_PROPERTY_LABEL, spoken, -1);
  g_object_set_data_full(G_OBJECT(key), "keypad-text", g_strdup(text), g_free);
  g_object_set_data(G_OBJECT(key), "keypad-clear", GINT_TO_POINTER(clear));
}

static GtkWidget *
add_keypad_key(KioskInput *self, GtkGrid *grid, const char *label, const char *spoken,
               const char *text, int column, int row)
{
  GtkWidget *key = gtk_button_new();

  gtk_widget_add_css_class(key, "key");
  gtk_widget_set_focus_on_click(key, FALSE);
  set_keypad_key(key, label, spoken, text, FALSE);
  g_signal_connect(key, "clicked", G_CALLBACK(on_keypad_key_clicked), self);
  gtk_grid_attach(grid, key, column, row, 1, 1);
  return key;
}

static GtkWidget *
build_keypad(KioskInput *self)
{
  GtkGrid *grid = GTK_GRID(gtk_grid_new());

  /* all keys one size: a finger finds them where it expects them */
  gtk_grid_set_row_spacing(grid, 14);
  gtk_grid_set_column_spacing(grid, 14);
  gtk_grid_set_row_homogeneous(grid, TRUE);
  gtk_grid_set_column_homogeneous(grid, TRUE);
  gtk_widget_set_halign(GTK_WIDGET(grid), GTK_ALIGN_CENTER);
  gtk_widget_set_valign(GTK_WIDGET(grid), GTK_ALIGN_CENTER);
  for (int n = 1; n <= 9; n++) {
    char digit[2] = {(char)('0' + n), '\0'};
    add_keypad_key(self, grid, digit, digit, digit, (n - 1) % 3, (n - 1) / 3);
  }
  self->extra_key = add_keypad_key(self, grid, "", "", NULL, 0, 3);
  gtk_widget_set_visible(self->extra_key, FALSE);
  add_keypad_key(self, grid, "0", "0", "0", 1, 3);
  add_keypad_key(self, grid, "⌫", _("删除一位"), NULL, 2, 3);
  return GTK_WIDGET(grid);
}

void
kiosk_input_set_keypad(KioskInput *self, KioskInputKeypad keypad)
{
  gboolean on = keypad != KIOSK_INPUT_KEYPAD_OFF;

  g_return_if_fail(KIOSK_IS_INPUT(self));
  self->keypad = keypad;
  forget_composition(self);
  gtk_widget_set_visible(self->candidates_row, !on);
  gtk_widget_set_visible(self->mode_box, !on);
  gtk_widget_set_visible(self->actions, !on);
  if (keypad == KIOSK_INPUT_KEYPAD_ID_NUMBER)
    set_keypad_key(self->extra_key, "X", _("字母X（身份证号最后一位）"), "X", FALSE);
  else if (keypad == KIOSK_INPUT_KEYPAD_CLEAR)
    set_keypad_key(self->extra_key, _("清除"), _("清除这一项"), NULL, TRUE);
  gtk_widget_set_visible(self->extra_key, keypad == KIOSK_INPUT_KEYPAD_ID_NUMBER ||
                                              keypad == KIOSK_INPUT_KEYPAD_CLEAR);
  /* as a keypad, as small as its twelve keys: not as wide as the letters */
  gtk_widget_set_visible(GTK_WIDGET(self->keyboards), !on);
  gtk_widget_set_visible(self->keypad_keys, on);
}

/* ---- handwriting pad ---- */

static void
draw_pad(GtkDrawingArea *area, cairo_t *cr, int width, int height, gpointer data)
{
  KioskInput *self = data;

  cairo_set_source_rgb(cr, 1, 1, 1);
  cairo_paint(cr);
  /* the 田 guide a school exercise book has */
  cairo_set_source_rgb(cr, 0.75, 0.78, 0.82);
  cairo_set_line_width(cr, 2);
  cairo_move_to(cr, width / 2.0, 0);
  cairo_line_to(cr, width / 2.0, height);
  cairo_move_to(cr, 0, height / 2.0);
  cairo_line_to(cr, width, height / 2.0);
  cairo_stroke(cr);
  cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
  cairo_set_line_width(cr, 10);
  cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND);
  cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
  for (guint s = 0; s < self->strokes->len; s++) {
    GArray *stroke = g_array_index(self->strokes, GArray *, s);
    for (guint i = 0; i < stroke->len; i++) {
      graphene_point_t *p = &g_array_index(stroke, graphene_point_t, i);
      if (i == 0)
        cairo_move_to(cr, p->x, p->y);
      else
        cairo_line_to(cr, p->x, p->y);
    }
    cairo_stroke(cr);
  }
}

static void
pad_point(KioskInput *self, double x, double y, gboolean first)
{
  graphene_point_t point = GRAPHENE_POINT_INIT((float)x, (float)y);
  gboolean taken = first ? anyi_handwriting_begin_stroke(self->handwriting, x, y)
                         : anyi_handwriting_add_point(self->handwriting, x, y);

  if (!taken)
    return;
  if (first) {
    GArray *stroke = g_array_new(FALSE, FALSE, sizeof(graphene_point_t));
    g_array_append_val(self->strokes, stroke);
  }
  g_array_append_val(g_array_index(self->strokes, GArray *, self->strokes->len - 1), point);
  gtk_widget_queue_draw(GTK_WIDGET(self->pad));
}

static void
recognize(KioskInput *self)
{
  g_autoptr(GPtrArray) found =
      anyi_handwriting_recognize(self->handwriting, KIOSK_INPUT_MAX_CANDIDATES);

  show_candidates(self, found);
}

static void
on_drag_begin(GtkGestureDrag *drag, double x, double y, KioskInput *self)
{
  if (!self->handwriting)
    return;
  self->drag_x = x;
  self->drag_y = y;
  pad_point(self, x, y, TRUE);
}

static void
on_drag_update(GtkGestureDrag *drag, double dx, double dy, KioskInput *self)
{
  if (self->handwriting)
    pad_point(self, self->drag_x + dx, self->drag_y + dy, FALSE);
}

static void
on_drag_end(GtkGestureDrag *drag, double dx, double dy, KioskInput *self)
{
  if (self->handwriting)
    recognize(self);
}

static void
on_undo_stroke_clicked(KioskInput *self)
{
  if (!self->handwriting || self->strokes->len == 0)
    return;
  anyi_handwriting_undo_stroke(self->handwriting);
  g_array_set_size(self->strokes, self->strokes->len - 1);
  gtk_widget_queue_draw(GTK_WIDGET(self->pad));
  recognize(self);
}

static void
free_stroke(gpointer stroke)
{
  g_array_unref(*(GArray **)stroke);
}

static GtkWidget *
build_pad(KioskInput *self)
{
  GtkBox *box = GTK_BOX(gtk_box_new(GTK_ORIENTATION_HORIZONTAL, 16));
  GtkGesture *drag = gtk_gesture_drag_new();
  GtkWidget *undo = key_new(_("擦掉一笔"), "undo-stroke", _("擦掉最后一笔"));

  self->pad = GTK_DRAWING_AREA(gtk_drawing_area_new());
  gtk_drawing_area_set_content_width(self->pad, KIOSK_INPUT_PAD_SIZE);
  gtk_drawing_area_set_content_height(self->pad, KIOSK_INPUT_PAD_SIZE);
  gtk_drawing_area_set_draw_func(self->pad, draw_pad, self, NULL);
  /* square whatever the row's height: strokes are read on a square canvas */
  gtk_widget_set_valign(GTK_WIDGET(self->pad), GTK_ALIGN_CENTER);
  gtk_widget_add_css_class(GTK_WIDGET(self->pad), "handwriting-pad");
  name_widget(GTK_WIDGET(self->pad), "handwriting-pad", _("手写板：请用手指在这里写一个字"));
  gtk_event_controller_set_propagation_phase(GTK_EVENT_CONTROLLER(drag), GTK_PHASE_CAPTURE);
  g_signal_connect(drag, "drag-begin", G_CALLBACK(on_drag_begin), self);
  g_signal_connect(drag, "drag-update", G_CALLBACK(on_drag_update), self);
  g_signal_connect(drag, "drag-end", G_CALLBACK(on_drag_end), self);
  gtk_widget_add_controller(GTK_WIDGET(self->pad), GTK_EVENT_CONTROLLER(drag));
  g_signal_connect_swapped(undo, "clicked", G_CALLBACK(on_undo_stroke_clicked), self);
  gtk_widget_set_valign(undo, GTK_ALIGN_END);
  gtk_widget_set_halign(GTK_WIDGET(box), GTK_ALIGN_CENTER);
  gtk_box_append(box, GTK_WIDGET(self->pad));
  gtk_box_append(box, undo);
  return GTK_WIDGET(box);
}

/* ---- delete, clear, confirm ---- */

static void
on_delete_clicked(KioskInput *self)
{
  if (self->mode == KIOSK_INPUT_PINYIN && self->pinyin && !anyi_pinyin_is_empty(self->pinyin)) {
    anyi_pinyin_backspace(self->pinyin);
    update_pinyin(self);
  } else if (self->mode == KIOSK_INPUT_HANDWRITING && self->strokes->len > 0) {
    on_undo_stroke_clicked(self);
  } else {
    delete_last(self);
  }
}

static void
forget_composition(KioskInput *self)
{
  if (self->pinyin)
    anyi_pinyin_clear(self->pinyin);
  gtk_label_set_text(self->preedit, "");
  clear_pad(self);
  show_candidates(self, NULL);
  g_signal_emit(self, signals[SIGNAL_COMPOSING], 0, "");
}

static void
on_clear_clicked(KioskInput *self)
{
  forget_composition(self);
  if (self->target)
    gtk_editable_set_text(self->target, "");
}

/* The pinyin letters typed, as text: "shen fen" -> "shenfen". */
static char *
typed_letters(KioskInput *self)
{
  g_autofree char *preedit = anyi_pinyin_dup_preedit(self->pinyin);
  GString *letters = g_string_new(NULL);

  for (const char *p = preedit ? preedit : ""; *p; p++)
    if (g_ascii_isalpha(*p))
      g_string_append_c(letters, *p);
  return g_string_free(letters, FALSE);
}

static void
on_confirm_clicked(KioskInput *self)
{
  /* with the words off, the letters are what the page looks for: kept */
  if (self->words_off && self->mode == KIOSK_INPUT_PINYIN && self->pinyin &&
      !anyi_pinyin_is_empty(self->pinyin)) {
    g_autofree char *letters = typed_letters(self);
    forget_composition(self);
    append_text(self, letters);
    g_signal_emit(self, signals[SIGNAL_CONFIRM], 0);
    return;
  }
  /* letters typed and not yet chosen go in as the best candidates, part by
   * part: nothing the citizen sees is silently dropped (bounded: each
   * choice consumes at least one letter) */
  for (int i = 0; i < ANYI_PINYIN_MAX_INPUT && self->candidates->len > 0 && !self->offering; i++) {
    gboolean pinyin_left;
    choose(self, 0);
    pinyin_left =
        self->mode == KIOSK_INPUT_PINYIN && self->pinyin && !anyi_pinyin_is_empty(self->pinyin);
    if (!pinyin_left)
      break;
  }
  forget_composition(self);
  g_signal_emit(self, signals[SIGNAL_CONFIRM], 0);
}

/* ---- modes ---- */

void
kiosk_input_set_mode(KioskInput *self, KioskInputMode mode)
{
  g_return_if_fail(KIOSK_IS_INPUT(self));
  forget_composition(self);
  self->mode = mode;
  gtk_stack_set_visible_child_name(self->keyboards, mode_names[mode]);
  for (int m = 0; m < 3; m++)
    gtk_toggle_button_set_active(self->mode_buttons[m], m == (int)mode);
}

KioskInputMode
kiosk_input_get_mode(KioskInput *self)
{
  return self->mode;
}

static void
on_mode_toggled(GtkToggleButton *button, KioskInput *self)
{
  KioskInputMode mode = GPOINTER_TO_INT(g_object_get_data(G_OBJECT(button), "mode"));

  if (gtk_toggle_button_get_active(button) && mode != self->mode)
    kiosk_input_set_mode(self, mode);
}

static GtkWidget *
build_mode_buttons(KioskInput *self)
{
  static const char *labels[] = {N_("拼音"), N_("手写"), N_("数字")};
  static const char *spoken[] = {N_("用拼音输入"), N_("用手写输入"), N_("输入数字")};
  GtkBox *box = GTK_BOX(gtk_box_new(GTK_ORIENTATION_VERTICAL, 8));

  for (int m = 0; m < 3; m++) {
    g_autofree char *name = g_strdup_printf("mode-%s", mode_names[m]);
    GtkWidget *button = gtk_toggle_button_new_with_label(_(labels[m]));

    gtk_widget_add_css_class(button, "input-mode");
    gtk_widget_set_focus_on_click(button, FALSE);
    name_widget(button, name, _(spoken[m]));
    g_object_set_data(G_OBJECT(button), "mode", GINT_TO_POINTER(m));
    if (m > 0)
      gtk_toggle_button_set_group(GTK_TOGGLE_BUTTON(button), self->mode_buttons[0]);
    g_signal_connect(button, "toggled", G_CALLBACK(on_mode_toggled), self);
    self->mode_buttons[m] = GTK_TOGGLE_BUTTON(button);
    gtk_box_append(box, button);
  }
  return GTK_WIDGET(box);
}

static GtkWidget *
build_actions(KioskInput *self)
{
  GtkBox *box = GTK_BOX(gtk_box_new(GTK_ORIENTATION_VERTICAL, 8));
  GtkWidget *delete = key_new(_("⌫ 删除"), "input-delete", _("删除"));
  GtkWidget *clear = key_new(_("清空"), "input-clear", _("清空"));
  GtkWidget *confirm = key_new(_("确定"), "input-confirm", _("确定"));

  gtk_widget_add_css_class(confirm, "suggested-action");
  g_signal_connect_swapped(delete, "clicked", G_CALLBACK(on_delete_clicked), self);
  g_signal_connect_swapped(clear, "clicked", G_CALLBACK(on_clear_clicked), self);
  g_signal_connect_swapped(confirm, "clicked", G_CALLBACK(on_confirm_clicked), self);
  gtk_box_append(box, delete);
  gtk_box_append(box, clear);
  gtk_box_append(box, confirm);
  return GTK_WIDGET(box);
}

/* ---- engines ---- */

void
kiosk_input_load_engines(KioskInput *self)
{
  g_autoptr(GError) pinyin_error = NULL;
  g_autoptr(GError) handwriting_error = NULL;

  g_return_if_fail(KIOSK_IS_INPUT(self));
  if (self->loaded)
    return;
  self->loaded = TRUE;
  self->pinyin = anyi_pinyin_open(anyi_pinyin_default_dir(), &pinyin_error);
  if (!self->pinyin)
    g_warning("input: no pinyin: %s", pinyin_error->message);
  self->handwriting = anyi_handwriting_open(anyi_handwriting_default_model(), KIOSK_INPUT_PAD_SIZE,
                                            &handwriting_error);
  if (!self->handwriting)
    g_warning("input: no handwriting: %s", handwriting_error->message);
  gtk_widget_set_visible(GTK_WIDGET(self->mode_buttons[KIOSK_INPUT_PINYIN]), self->pinyin != NULL);
  gtk_widget_set_visible(GTK_WIDGET(self->mode_buttons[KIOSK_INPUT_HANDWRITING]),
                         self->handwriting != NULL);
  if (self->mode == KIOSK_INPUT_PINYIN && !self->pinyin)
    kiosk_input_set_mode(self, self->handwriting ? KIOSK_INPUT_HANDWRITING : KIOSK_INPUT_NUMBERS);
}

gboolean
kiosk_input_engines_loaded(KioskInput *self)
{
  return self->loaded;
}

void
kiosk_input_set_words(KioskInput *self, gboolean shown)
{
  g_return_if_fail(KIOSK_IS_INPUT(self));
  self->words_off = !shown;
  forget_composition(self);
}

void
kiosk_input_offer(KioskInput *self, const char *const *offers, guint n_offers)
{
  g_return_if_fail(KIOSK_IS_INPUT(self));
  g_return_if_fail(self->words_off);
  /* a character being written keeps its candidates until it is chosen */
  if (self->mode == KIOSK_INPUT_HANDWRITING && self->strokes->len > 0)
    return;
  fill_bar(self, offers, n_offers, KIOSK_INPUT_MAX_OFFERS, TRUE);
}

void
kiosk_input_compose(KioskInput *self, const char *letters)
{
  g_return_if_fail(KIOSK_IS_INPUT(self));
  if (!self->pinyin || self->mode != KIOSK_INPUT_PINYIN || !letters)
    return;
  for (const char *p = letters; *p && p - letters < ANYI_PINYIN_MAX_INPUT; p++)
    if (g_ascii_isalpha(*p))
      anyi_pinyin_type(self->pinyin, g_ascii_tolower(*p));
  update_pinyin(self);
}

void
kiosk_input_set_target(KioskInput *self, GtkEditable *target)
{
  g_return_if_fail(KIOSK_IS_INPUT(self));
  self->target = target;
}

void
kiosk_input_reset(KioskInput *self)
{
  g_return_if_fail(KIOSK_IS_INPUT(self));
  forget_composition(self);
}

void
kiosk_input_draw_stroke(KioskInput *self, const double *points, guint n_points)
{
  g_return_if_fail(KIOSK_IS_INPUT(self) && n_points > 0);
  if (!self->handwriting)
    return;
  for (guint i = 0; i < n_points; i++)
    pad_point(self, points[2 * i], points[2 * i + 1], i == 0);
  recognize(self);
}

GPtrArray *
kiosk_input_dup_candidates(KioskInput *self)
{
  GPtrArray *copy = g_ptr_array_new_with_free_func(g_free);

  for (guint i = 0; i < self->candidates->len; i++)
    g_ptr_array_add(copy, g_strdup(g_ptr_array_index(self->candidates, i)));
  return copy;
}

/* ---- the widget ---- */

static void
kiosk_input_dispose(GObject *object)
{
  KioskInput *self = KIOSK_INPUT(object);

  g_clear_pointer(&self->pinyin, anyi_pinyin_free);
  g_clear_pointer(&self->handwriting, anyi_handwriting_free);
  G_OBJECT_CLASS(kiosk_input_parent_class)->dispose(object);
}

static void
kiosk_input_finalize(GObject *object)
{
  KioskInput *self = KIOSK_INPUT(object);

  g_ptr_array_unref(self->candidates);
  g_array_unref(self->strokes);
  G_OBJECT_CLASS(kiosk_input_parent_class)->finalize(object);
}

/* Heights and letters in em, so that 大字模式 enlarges them; key widths in
 * px, so that ten keys still fit across the screen there;
 * candidates are at least 56 px high (32 px asked for). */
static const char input_css[] =
    ".kiosk-input button.input-key { min-width: 96px; min-height: 60px; padding: 0 0.2em;"
    "  font-size: 1.1em; font-weight: bold; border-radius: 14px; background: #ffffff;"
    "  background-image: none; color: #1a1a1a; border: 3px solid #5a6675; }"
    ".kiosk-input button.input-key:active { background: #e8f0fa; border-color: #0b4a8f; }"
    ".kiosk-input button.input-key.suggested-action { background: #0b4a8f; color: #ffffff; }"
    ".kiosk-input button.input-mode { min-width: 3.6em; min-height: 56px; font-size: 1.0em;"
    "  font-weight: bold; border-radius: 14px; border: 3px solid #5a6675; background: #ffffff;"
    "  background-image: none; color: #1a1a1a; }"
    ".kiosk-input button.input-mode:checked { background: #0b4a8f; color: #ffffff;"
    "  border-color: #0b4a8f; }"
    ".kiosk-input button.candidate { min-height: 56px; min-width: 1.8em; font-size: 1.2em;"
    "  padding: 0 0.5em; border-radius: 12px; border: 3px solid #0b4a8f; background: #ffffff;"
    "  background-image: none; color: #0b4a8f; }"
    ".kiosk-input .candidate-bar { min-height: 60px; }"
    /* a service offered by the search: a title, smaller than one character */
    ".kiosk-input button.candidate.offer { font-size: 1.0em; }"
    "entry.form-entry.with-input { min-height: 72px; }"
    ".kiosk-input .preedit { font-size: 1.0em; color: #3c4450; min-width: 6em; }"
    ".kiosk-input .handwriting-pad { border: 3px solid #5a6675; }"
    /* 大字模式: the page's text is half as large again; the keys' letters
     * grow less (still larger than in the normal mode), so that four rows
     * of keys, the field and the footer fit 1080 px (ui-fit) */
    ".large-text .kiosk-input button.input-key { font-size: 0.8em; min-height: 56px; }"
    ".large-text .kiosk-input button.input-mode { font-size: 0.75em; min-height: 52px; }"
    ".large-text .kiosk-input button.candidate { font-size: 0.9em; min-height: 56px; }"
    ".large-text .kiosk-input button.candidate.offer { font-size: 0.8em; }"
    /* the keypad's digits still larger than in the normal mode (1.3 x 30 px),
     * leaving room for a two-line title and a refusal in English */
    ".large-text .kiosk-input button.key { font-size: 1.0em; min-height: 80px; }";

static void
install_css_once(void)
{
  static gsize done;

  if (g_once_init_enter(&done)) {
    GtkCssProvider *provider = gtk_css_provider_new();
    gtk_css_provider_load_from_data(provider, input_css, -1);
    gtk_style_context_add_provider_for_display(gdk_display_get_default(),
                                               GTK_STYLE_PROVIDER(provider),
                                               GTK_STYLE_PROVIDER_PRIORITY_APPLICATION + 1);
    g_once_init_leave(&done, 1);
  }
}

static void
kiosk_input_class_init(KioskInputClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS(klass);

  object_class->dispose = kiosk_input_dispose;
  object_class->finalize = kiosk_input_finalize;
  signals[SIGNAL_CONFIRM] = g_signal_new("confirm", G_TYPE_FROM_CLASS(klass), G_SIGNAL_RUN_LAST, 0,
                                         NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[SIGNAL_SAY] = g_signal_new("say", G_TYPE_FROM_CLASS(klass), G_SIGNAL_RUN_LAST, 0, NULL,
                                     NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[SIGNAL_TYPED] = g_signal_new("typed", G_TYPE_FROM_CLASS(klass), G_SIGNAL_RUN_LAST, 0,
                                       NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[SIGNAL_DELETE] = g_signal_new("delete", G_TYPE_FROM_CLASS(klass), G_SIGNAL_RUN_LAST, 0,
                                        NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[SIGNAL_CLEAR] = g_signal_new("clear", G_TYPE_FROM_CLASS(klass), G_SIGNAL_RUN_LAST, 0,
                                       NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[SIGNAL_COMPOSING] = g_signal_new("composing", G_TYPE_FROM_CLASS(klass), G_SIGNAL_RUN_LAST,
                                           0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[SIGNAL_OFFER_CHOSEN] =
      g_signal_new("offer-chosen", G_TYPE_FROM_CLASS(klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                   G_TYPE_NONE, 1, G_TYPE_UINT);
}

static void
kiosk_input_init(KioskInput *self)
{
  GtkBox *candidates_row = GTK_BOX(gtk_box_new(GTK_ORIENTATION_HORIZONTAL, 12));
  GtkBox *keys_row = GTK_BOX(gtk_box_new(GTK_ORIENTATION_HORIZONTAL, 24));

  install_css_once();
  self->candidates = g_ptr_array_new_with_free_func(g_free);
  self->strokes = g_array_new(FALSE, FALSE, sizeof(GArray *));
  g_array_set_clear_func(self->strokes, free_stroke);
  gtk_orientable_set_orientation(GTK_ORIENTABLE(self), GTK_ORIENTATION_VERTICAL);
  gtk_box_set_spacing(GTK_BOX(self), 8);
  gtk_widget_add_css_class(GTK_WIDGET(self), "kiosk-input");

  self->preedit = GTK_LABEL(gtk_label_new(NULL));
  gtk_widget_add_css_class(GTK_WIDGET(self->preedit), "preedit");
  gtk_widget_set_name(GTK_WIDGET(self->preedit), "preedit");
  gtk_label_set_xalign(self->preedit, 0);
  self->candidate_bar = GTK_BOX(gtk_box_new(GTK_ORIENTATION_HORIZONTAL, 10));
  gtk_widget_add_css_class(GTK_WIDGET(self->candidate_bar), "candidate-bar");
  gtk_widget_set_name(GTK_WIDGET(self->candidate_bar), "candidate-bar");
  gtk_box_append(candidates_row, GTK_WIDGET(self->preedit));
  gtk_box_append(candidates_row, GTK_WIDGET(self->candidate_bar));
  gtk_box_append(GTK_BOX(self), GTK_WIDGET(candidates_row));
  self->candidates_row = GTK_WIDGET(candidates_row);

  self->keyboards = GTK_STACK(gtk_stack_new());
  gtk_stack_add_named(self->keyboards, build_pinyin_keys(self), mode_names[KIOSK_INPUT_PINYIN]);
  gtk_stack_add_named(self->keyboards, build_pad(self), mode_names[KIOSK_INPUT_HANDWRITING]);
  gtk_stack_add_named(self->keyboards, build_number_keys(self), mode_names[KIOSK_INPUT_NUMBERS]);
  kiosk_a11y_track_stack(self->keyboards);
  gtk_widget_set_hexpand(GTK_WIDGET(self->keyboards), TRUE);
  self->mode_box = build_mode_buttons(self);
  self->actions = build_actions(self);
  gtk_box_append(keys_row, self->mode_box);
  gtk_box_append(keys_row, GTK_WIDGET(self->keyboards));
  self->keypad_keys = build_keypad(self);
  gtk_widget_set_visible(self->keypad_keys, FALSE);
  gtk_box_append(keys_row, self->keypad_keys);
  gtk_box_append(keys_row, self->actions);
  gtk_box_append(GTK_BOX(self), GTK_WIDGET(keys_row));
  kiosk_input_set_mode(self, KIOSK_INPUT_PINYIN);
}

GtkWidget *
kiosk_input_new(void)
{
  return g_object_new(KIOSK_TYPE_INPUT, NULL);
}
