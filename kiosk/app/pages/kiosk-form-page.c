/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kiosk-form-page.c: a form one field at a time, for a touch screen with no
 * physical keyboard: digits come from the input widget's keypad, dates from a
 * picker, choices from big buttons, and text from the kiosk's own pinyin
 * keys and handwriting pad (KioskInput). */
#include "kiosk-a11y.h"
#include "kiosk-address-picker.h"
#include "kiosk-input.h"
#include "kiosk-lockdown.h"
#include "kiosk-step-pages.h"
#include "catalogue/catalogue-fields.h"
#include "idcard/idcard-card.h"

#include <glib/gi18n-lib.h>
#include <stdio.h>
#include <string.h>

enum { DATE_YEAR, DATE_MONTH, DATE_DAY, N_DATE_PARTS };
/* widget names, for tests and the technician's GTK inspector */
static const char *const date_part_names[N_DATE_PARTS] = {"year", "month", "day"};

/* How far back a date of birth or of an event may reach. */
#define OLDEST_YEARS_BACK  120
#define FUTURE_YEARS_AHEAD 10

struct _KioskFormPage {
  GtkBox parent_instance;
  GtkLabel *progress;
  GtkLabel *field_label;
  GtkStack *editors;
  GtkLabel *keypad_value;
  GtkLabel *keypad_problem;
  KioskInput *keypad; /* the same widget as the text's input, as a keypad */
  GtkGrid *choice_grid;
  GtkBox *date_box;
  GtkEntry *text_entry;
  GtkLabel *text_hint;
  char *hint; /* what text_hint says while the field has no problem */
  KioskInput *input;
  KioskAddressPicker *address_picker;
  GtkWidget *repick_button; /* under an address: pick its region again */
  GtkLabel *problem;
  GtkButton *back_button;
  GtkButton *previous_button;
  GtkButton *next_button;
  GtkButton *submit_button;
  GtkLabel *date_values[N_DATE_PARTS];

  const AnyiStep *step; /* owned by the catalogue */
  gboolean english;
  guint index;
  GPtrArray *values;   /* char *, per field; NULL while unanswered */
  GPtrArray *problems; /* char * sentence, per field; NULL when fine */
  /* per field: the region picked for an address and its code; the code
   * goes with the form while the address still starts with the region */
  GPtrArray *regions;
  GPtrArray *region_codes;
  GString *digits;
  const char *choice; /* id of the chosen choice of the field shown */
  int date[N_DATE_PARTS];
  int year_min;
  int year_max;
  AnyiIdCard *card;     /* the applicant's card, for prefilling; NULL if none read */
  gboolean can_go_back; /* to the step before the form, from its first field */
};

G_DEFINE_FINAL_TYPE(KioskFormPage, kiosk_form_page, GTK_TYPE_BOX)

enum { SIGNAL_SUBMITTED, SIGNAL_BACK, SIGNAL_SAY, N_SIGNALS };
static guint signals[N_SIGNALS];

static const char *
pick(const AnyiText *text, gboolean english)
{
  return english ? text->en : text->zh;
}

static const AnyiFormField *
current_field(KioskFormPage *self)
{
  return &self->step->fields[self->index];
}

static gboolean
uses_keypad(const AnyiFormField *field)
{
  return field->validator == ANYI_FIELD_MOBILE || field->validator == ANYI_FIELD_ID_NUMBER;
}

/* ---- keypad ---- */

static guint
keypad_max_length(const AnyiFormField *field)
{
  return field->validator == ANYI_FIELD_MOBILE ? 11 : 18;
}

/* Mobile numbers read 3-4-4 (138 1234 5678) and ID numbers 6-8-4 (place,
 * birth date, sequence), the way people say them aloud. */
static char *
group_digits(const char *digits, AnyiFieldValidator validator)
{
  static const guint mobile_groups[] = {3, 4, 4};
  static const guint id_groups[] = {6, 8, 4};
  const guint *groups = validator == ANYI_FIELD_MOBILE ? mobile_groups : id_groups;
  GString *grouped = g_string_new(NULL);
  gsize length = strlen(digits);
  gsize at = 0;

  for (guint g = 0; g < 3 && at < length; g++) {
    gsize take = MIN(groups[g], length - at);
    if (grouped->len > 0)
      g_string_append_c(grouped, ' ');
    g_string_append_len(grouped, digits + at, take);
    at += take;
  }
  return g_string_free(grouped, FALSE);
}

static void
update_keypad_value(KioskFormPage *self)
{
  g_autofree char *grouped = NULL;

  if (self->digits->len == 0) {
    gtk_label_set_text(self->keypad_value, _("请按右边的数字键"));
    gtk_widget_add_css_class(GTK_WIDGET(self->keypad_value), "placeholder");
    return;
  }
  grouped = group_digits(self->digits->str, current_field(self)->validator);
  gtk_label_set_text(self->keypad_value, grouped);
  gtk_widget_remove_css_class(GTK_WIDGET(self->keypad_value), "placeholder");
}

static void
on_key_typed(KioskFormPage *self, const char *text)
{
  guint max = keypad_max_length(current_field(self));

  if (g_str_equal(text, "X") && self->digits->len == max - 1) /* only the check character */
    g_string_append(self->digits, text);
  else if (g_ascii_isdigit(text[0]) && self->digits->len < max)
    g_string_append(self->digits, text);
  update_keypad_value(self);
}

static void
on_key_deleted(KioskFormPage *self)
{
  if (self->digits->len > 0)
    g_string_truncate(self->digits, self->digits->len - 1);
  update_keypad_value(self);
}

static void
on_clear_clicked(KioskFormPage *self)
{
  g_string_truncate(self->digits, 0);
  update_keypad_value(self);
}

/* ---- choices ---- */

static void
mark_choice(GtkToggleButton *button)
{
  const AnyiChoice *choice = g_object_get_data(G_OBJECT(button), "choice");
  gboolean english = GPOINTER_TO_INT(g_object_get_data(G_OBJECT(button), "english"));
  /* a mark as well as the colour: the state must not rest on colour alone */
  g_autofree char *label = g_strdup_printf(
      "%s  %s", gtk_toggle_button_get_active(button) ? "●" : "○", pick(&choice->label, english));

  gtk_label_set_text(GTK_LABEL(gtk_button_get_child(GTK_BUTTON(button))), label);
  /* a screen reader says the choice and its pressed state, not the mark */
  gtk_accessible_update_property(GTK_ACCESSIBLE(button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                 pick(&choice->label, english), -1);
}

/* Long labels (English ones) wrap inside the button rather than widen the page. */
static GtkWidget *
choice_button_new(void)
{
  GtkWidget *button = gtk_toggle_button_new();
  GtkWidget *label = gtk_label_new(NULL);

  gtk_label_set_wrap(GTK_LABEL(label), TRUE);
  gtk_label_set_justify(GTK_LABEL(label), GTK_JUSTIFY_CENTER);
  gtk_label_set_max_width_chars(GTK_LABEL(label), 28);
  gtk_button_set_child(GTK_BUTTON(button), label);
  gtk_widget_add_css_class(button, "choice");
  return button;
}

static void
on_choice_toggled(GtkToggleButton *button, KioskFormPage *self)
{
  const AnyiChoice *choice = g_object_get_data(G_OBJECT(button), "choice");

  mark_choice(button);
  if (gtk_toggle_button_get_active(button))
    self->choice = choice->id;
  else if (g_strcmp0(self->choice, choice->id) == 0)
    self->choice = NULL;
}

static void
remove_choices(KioskFormPage *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child(GTK_WIDGET(self->choice_grid))))
    gtk_grid_remove(self->choice_grid, child);
}

static void
show_choices(KioskFormPage *self, const AnyiFormField *field, const char *value)
{
  /* more than three choices go in two columns, to stay on one screen */
  guint columns = field->n_choices > 3 ? 2 : 1;
  GtkToggleButton *group = NULL;

  remove_choices(self);
  self->choice = NULL;
  for (guint i = 0; i < field->n_choices; i++) {
    GtkWidget *button = choice_button_new();
    const AnyiChoice *choice = &field->choices[i];

    g_object_set_data(G_OBJECT(button), "choice", (gpointer)choice);
    g_object_set_data(G_OBJECT(button), "english", GINT_TO_POINTER(self->english));
    /* the reader says the choice and its pressed state, not the ● mark */
    gtk_accessible_update_property(GTK_ACCESSIBLE(button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                   pick(&choice->label, self->english), -1);
    gtk_toggle_button_set_group(GTK_TOGGLE_BUTTON(button), group);
    group = group ? group : GTK_TOGGLE_BUTTON(button);
    gtk_toggle_button_set_active(GTK_TOGGLE_BUTTON(button), g_strcmp0(value, choice->id) == 0);
    mark_choice(GTK_TOGGLE_BUTTON(button));
    g_signal_connect(button, "toggled", G_CALLBACK(on_choice_toggled), self);
    gtk_grid_attach(self->choice_grid, button, (int)(i % columns), (int)(i / columns), 1, 1);
    if (g_strcmp0(value, choice->id) == 0)
      self->choice = choice->id;
  }
}

/* ---- date picker ---- */

static void
update_date_values(KioskFormPage *self)
{
  for (int part = 0; part < N_DATE_PARTS; part++) {
    g_autofree char *text = g_strdup_printf("%d", self->date[part]);
    gtk_label_set_text(self->date_values[part], text);
  }
}

static int
wrap(int value, int low, int high)
{
  int span = high - low + 1;

  return low + (((value - low) % span) + span) % span;
}

static void
change_date(KioskFormPage *self, int part, int delta)
{
  int *date = self->date;

  /* a year runs out at the ends of the range; months and days go round */
  if (part == DATE_YEAR)
    date[DATE_YEAR] = CLAMP(date[DATE_YEAR] + delta, self->year_min, self->year_max);
  else if (part == DATE_MONTH)
    date[DATE_MONTH] = wrap(date[DATE_MONTH] + delta, 1, 12);
  else
    date[DATE_DAY] = wrap(date[DATE_DAY] + delta, 1,
                          g_date_get_days_in_month(date[DATE_MONTH], date[DATE_YEAR]));
  date[DATE_DAY] = MIN(date[DATE_DAY], g_date_get_days_in_month(date[DATE_MONTH], date[DATE_YEAR]));
  update_date_values(self);
}

static void
on_date_key_clicked(GtkButton *button, KioskFormPage *self)
{
  change_date(self, GPOINTER_TO_INT(g_object_get_data(G_OBJECT(button), "part")),
              GPOINTER_TO_INT(g_object_get_data(G_OBJECT(button), "delta")));
}

static void
add_date_key(KioskFormPage *self, GtkGrid *grid, int part, int delta, const char *spoken)
{
  /* a true minus sign: a hyphen is easy to miss at a distance */
  g_autofree char *label =
      delta < 0 ? g_strdup_printf("−%d", -delta) : g_strdup_printf("+%d", delta);
  /* columns: name, -10, -1, value, +1, +10 */
  int column = delta == -10 ? 1 : delta == -1 ? 2 : delta == 1 ? 4 : 5;
  g_autofree char *name = g_strdup_printf("date-%s%+d", date_part_names[part], delta);
  GtkWidget *button = gtk_button_new_with_label(label);

  gtk_widget_set_name(button, name);
  gtk_widget_add_css_class(button, "key");
  g_object_set_data(G_OBJECT(button), "part", GINT_TO_POINTER(part));
  g_object_set_data(G_OBJECT(button), "delta", GINT_TO_POINTER(delta));
  gtk_accessible_update_property(GTK_ACCESSIBLE(button), GTK_ACCESSIBLE_PROPERTY_LABEL, spoken, -1);
  g_signal_connect(button, "clicked", G_CALLBACK(on_date_key_clicked), self);
  gtk_grid_attach(grid, button, column, part, 1, 1);
}

static void
build_date_picker(KioskFormPage *self)
{
  const char *names[N_DATE_PARTS] = {_("年"), _("月"), _("日")};
  GtkGrid *grid = GTK_GRID(gtk_grid_new());

  /* rows close enough to leave a line under them for the problem, in 大字模式 too */
  gtk_grid_set_row_spacing(grid, 10);
  gtk_grid_set_column_spacing(grid, 20);
  for (int part = 0; part < N_DATE_PARTS; part++) {
    GtkWidget *name = gtk_label_new(names[part]);
    GtkWidget *value = gtk_label_new(NULL);
    g_autofree char *value_name = g_strdup_printf("date-%s", date_part_names[part]);

    gtk_widget_add_css_class(name, "instruction");
    gtk_widget_set_name(value, value_name);
    gtk_widget_add_css_class(value, "date-value");
    gtk_label_set_width_chars(GTK_LABEL(value), 5);
    gtk_grid_attach(grid, name, 0, part, 1, 1);
    gtk_grid_attach(grid, value, 3, part, 1, 1);
    self->date_values[part] = GTK_LABEL(value);
  }
  add_date_key(self, grid, DATE_YEAR, -10, _("年份减十"));
  add_date_key(self, grid, DATE_YEAR, -1, _("年份减一"));
  add_date_key(self, grid, DATE_YEAR, 1, _("年份加一"));
  add_date_key(self, grid, DATE_YEAR, 10, _("年份加十"));
  add_date_key(self, grid, DATE_MONTH, -1, _("月份减一"));
  add_date_key(self, grid, DATE_MONTH, 1, _("月份加一"));
  add_date_key(self, grid, DATE_DAY, -1, _("日期减一"));
  add_date_key(self, grid, DATE_DAY, 1, _("日期加一"));
  gtk_box_append(self->date_box, GTK_WIDGET(grid));
}

static GDate *
today(void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local();

  return g_date_new_dmy(g_date_time_get_day_of_month(now), g_date_time_get_month(now),
                        g_date_time_get_year(now));
}

static void
show_date(KioskFormPage *self, const AnyiFormField *field, const char *value)
{
  g_autoptr(GDate) now = today();
  int year = g_date_get_year(now);
  int y, m, d;

  self->year_min = field->date_range == ANYI_DATE_FUTURE ? year : year - OLDEST_YEARS_BACK;
  self->year_max = field->date_range == ANYI_DATE_PAST ? year : year + FUTURE_YEARS_AHEAD;
  if (value && sscanf(value, "%d-%d-%d", &y, &m, &d) == 3 && g_date_valid_dmy(d, m, y)) {
    self->date[DATE_YEAR] = y;
    self->date[DATE_MONTH] = m;
    self->date[DATE_DAY] = d;
  } else {
    self->date[DATE_YEAR] = year;
    self->date[DATE_MONTH] = g_date_get_month(now);
    self->date[DATE_DAY] = g_date_get_day(now);
  }
  update_date_values(self);
}

/* ---- free text ---- */

/* Longest name the household register holds (catalogue-fields.c). */
#define NAME_MAX_CHARS 20

static const char *
text_hint(KioskFormPage *self, const AnyiFormField *field, const char *value)
{
  if (value && *value && self->card)
    return _("已按您的身份证填好，请核对。不对的话可以删掉重写。");
  if (field->validator == ANYI_FIELD_CHINESE_NAME)
    return _("点拼音字母或在方框里手写，再点上面的字。名字中间的点请按“·”。");
  return field->required ? _("点拼音字母或在方框里手写，再点上面的字。")
                         : _("这一项可以不填。要填的话，点拼音字母或在方框里手写。");
}

static void show_problem_line(KioskFormPage *self);

static void
set_hint(KioskFormPage *self, const char *hint)
{
  g_free(self->hint);
  self->hint = g_strdup(hint);
  show_problem_line(self);
}

/* Addresses start with a region picked from tiles; the rest is typed. */
static gboolean
is_address(const AnyiFormField *field)
{
  return field->validator == ANYI_FIELD_TEXT && g_str_has_suffix(field->id, "address");
}

static void
show_text(KioskFormPage *self, const AnyiFormField *field, const char *value)
{
  guint max = field->validator == ANYI_FIELD_CHINESE_NAME ? NAME_MAX_CHARS : field->max_length;

  /* the engines load with the first text field, not at start-up */
  kiosk_input_load_engines(self->input);
  kiosk_input_reset(self->input);
  gtk_editable_set_text(GTK_EDITABLE(self->text_entry), value ? value : "");
  gtk_entry_set_max_length(self->text_entry, (int)max);
  gtk_accessible_update_property(GTK_ACCESSIBLE(self->text_entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                 pick(&field->label, self->english), -1);
  set_hint(self, text_hint(self, field, value));
  gtk_widget_set_visible(self->repick_button, is_address(field) && kiosk_address_picker_has_regions(
                                                                       self->address_picker));
}

static gboolean
picks_region_first(KioskFormPage *self, const AnyiFormField *field, const char *value)
{
  return is_address(field) && (!value || !*value) &&
         kiosk_address_picker_has_regions(self->address_picker);
}

/* ---- moving between fields ---- */

static char *
current_value(KioskFormPage *self)
{
  switch (current_field(self)->validator) {
  case ANYI_FIELD_MOBILE:
  case ANYI_FIELD_ID_NUMBER:
    return self->digits->len ? g_strdup(self->digits->str) : NULL;
  case ANYI_FIELD_CHOICE:
    return g_strdup(self->choice);
  case ANYI_FIELD_DATE:
    return g_strdup_printf("%04d-%02d-%02d", self->date[DATE_YEAR], self->date[DATE_MONTH],
                           self->date[DATE_DAY]);
  case ANYI_FIELD_CHINESE_NAME:
  case ANYI_FIELD_TEXT:
    break;
  }
  return g_strstrip(g_strdup(gtk_editable_get_text(GTK_EDITABLE(self->text_entry))));
}

static void
save_current(KioskFormPage *self)
{
  g_free(g_ptr_array_index(self->values, self->index));
  g_ptr_array_index(self->values, self->index) = current_value(self);
}

static const char *
editor_for(const AnyiFormField *field)
{
  if (uses_keypad(field))
    return "keypad";
  if (field->validator == ANYI_FIELD_CHOICE)
    return "choices";
  if (field->validator == ANYI_FIELD_DATE)
    return "date";
  return "text";
}

static void
load_editor(KioskFormPage *self, const AnyiFormField *field, const char *value)
{
  if (uses_keypad(field)) {
    g_string_assign(self->digits, value ? value : "");
    kiosk_input_set_keypad(self->keypad, field->validator == ANYI_FIELD_ID_NUMBER
                                             ? KIOSK_INPUT_KEYPAD_ID_NUMBER
                                             : KIOSK_INPUT_KEYPAD_DIGITS);
    update_keypad_value(self);
  } else if (field->validator == ANYI_FIELD_CHOICE) {
    show_choices(self, field, value);
  } else if (field->validator == ANYI_FIELD_DATE) {
    show_date(self, field, value);
  } else {
    show_text(self, field, value);
  }
  if (picks_region_first(self, field, value)) {
    kiosk_address_picker_reset(self->address_picker);
    gtk_stack_set_visible_child_name(self->editors, "address");
    return;
  }
  gtk_stack_set_visible_child_name(self->editors, editor_for(field));
}

/* The sentence saying why the answer is refused goes where the editor
 * shown leaves room, wrapped, never cut: beside the number typed on the
 * keypad, in place of the hint under a text (the pinyin keys and
 * handwriting pad fill the page; the hint says nothing the citizen needs
 * more than what is wrong), and under the choices, the date or the region
 * tiles, which leave room below them (the choices scroll when they do
 * not). */
static void
show_problem_line(KioskFormPage *self)
{
  const char *sentence =
      self->index < self->problems->len ? g_ptr_array_index(self->problems, self->index) : NULL;
  const char *editor = gtk_stack_get_visible_child_name(self->editors);
  gboolean beside_keypad = g_strcmp0(editor, "keypad") == 0;
  gboolean as_hint = g_strcmp0(editor, "text") == 0;

  gtk_label_set_text(self->problem, sentence ? sentence : "");
  gtk_label_set_text(self->keypad_problem, sentence ? sentence : "");
  gtk_widget_set_visible(GTK_WIDGET(self->problem), sentence && !beside_keypad && !as_hint);
  gtk_widget_set_visible(GTK_WIDGET(self->keypad_problem), sentence && beside_keypad);
  gtk_label_set_text(self->text_hint, sentence ? sentence : self->hint ? self->hint : "");
  if (sentence) {
    gtk_widget_remove_css_class(GTK_WIDGET(self->text_hint), "hint");
    gtk_widget_add_css_class(GTK_WIDGET(self->text_hint), "problem-as-hint");
  } else {
    gtk_widget_remove_css_class(GTK_WIDGET(self->text_hint), "problem-as-hint");
    gtk_widget_add_css_class(GTK_WIDGET(self->text_hint), "hint");
  }
}

static void
show_field(KioskFormPage *self, guint index)
{
  const AnyiFormField *field = &self->step->fields[index];
  guint total = self->step->n_fields;
  gboolean last = index + 1 == total;
  /* "optional" goes on the progress line: labels often carry brackets already */
  g_autofree char *progress =
      field->required ? g_strdup_printf(_("第 %u 项，共 %u 项"), index + 1, total)
                      : g_strdup_printf(_("第 %u 项，共 %u 项 · 这一项可以不填"), index + 1, total);

  self->index = index;
  gtk_label_set_text(self->progress, progress);
  gtk_label_set_text(self->field_label, pick(&field->label, self->english));
  load_editor(self, field, g_ptr_array_index(self->values, index));
  show_problem_line(self);
  gtk_widget_set_visible(GTK_WIDGET(self->previous_button), index > 0);
  gtk_widget_set_visible(GTK_WIDGET(self->back_button), index == 0 && self->can_go_back);
  gtk_widget_set_visible(GTK_WIDGET(self->next_button), !last);
  gtk_widget_set_visible(GTK_WIDGET(self->submit_button), last);
}

static void
say(KioskFormPage *self, const char *sentence)
{
  if (sentence && *sentence)
    g_signal_emit(self, signals[SIGNAL_SAY], 0, sentence);
}

/* Fields that are the applicant's own, and the card holder is the applicant
 * in every service that asks them; other people's names (a child, the
 * deceased) and addresses other than the registered one (where to post,
 * where one lives now) are never taken from the card. */
static const char *
card_value(const AnyiIdCard *card, const char *field_id)
{
  if (g_str_equal(field_id, "applicant-name") || g_str_equal(field_id, "current-name"))
    return card->name;
  if (g_str_equal(field_id, "applicant-id-number"))
    return card->id_number;
  if (g_str_equal(field_id, "registered-address"))
    return card->address;
  return NULL;
}

static void
prefill_from_card(KioskFormPage *self)
{
  for (guint i = 0; self->card && i < self->step->n_fields; i++) {
    const char *value = card_value(self->card, self->step->fields[i].id);
    if (value && *value)
      g_ptr_array_index(self->values, i) = g_strdup(value);
  }
}

static void
clear_values(KioskFormPage *self)
{
  guint n = self->step ? self->step->n_fields : 0;

  g_ptr_array_set_size(self->values, 0);
  g_ptr_array_set_size(self->problems, 0);
  g_ptr_array_set_size(self->regions, 0);
  g_ptr_array_set_size(self->region_codes, 0);
  g_ptr_array_set_size(self->values, n);
  g_ptr_array_set_size(self->problems, n);
  g_ptr_array_set_size(self->regions, n);
  g_ptr_array_set_size(self->region_codes, n);
}

void
kiosk_form_page_set_card(KioskFormPage *self, const AnyiIdCard *card)
{
  g_clear_pointer(&self->card, anyi_id_card_free);
  self->card = card ? anyi_id_card_copy(card) : NULL;
}

void
kiosk_form_page_show(KioskFormPage *self, const AnyiStep *step, gboolean english)
{
  g_autofree char *sentence = NULL;

  g_return_if_fail(step != NULL && step->n_fields > 0);
  self->step = step;
  self->english = english;
  self->can_go_back = FALSE;
  clear_values(self);
  prefill_from_card(self);
  show_field(self, 0);
  sentence =
      g_strdup_printf("%s %s", pick(&step->prompt, english), pick(&step->fields[0].label, english));
  say(self, g_strstrip(sentence));
}

static void
submit(KioskFormPage *self)
{
  g_autoptr(JsonObject) values = json_object_new();
  g_autoptr(JsonObject) codes = json_object_new();

  for (guint i = 0; i < self->step->n_fields; i++) {
    const char *value = g_ptr_array_index(self->values, i);
    const char *region = g_ptr_array_index(self->regions, i);
    const char *code = g_ptr_array_index(self->region_codes, i);

    json_object_set_string_member(values, self->step->fields[i].id, value ? value : "");
    if (value && region && code && *code && g_str_has_prefix(value, region))
      json_object_set_string_member(codes, self->step->fields[i].id, code);
  }
  /* only when a region was picked: the answers stay the form's fields */
  if (json_object_get_size(codes) > 0)
    json_object_set_object_member(values, ANYI_CASE_REGION_CODES, g_steal_pointer(&codes));
  g_signal_emit(self, signals[SIGNAL_SUBMITTED], 0, values);
}

/* TRUE when the field shown may be left; else its problem is shown and said. */
static gboolean
check_current(KioskFormPage *self)
{
  const AnyiFormField *field = current_field(self);
  g_autoptr(GDate) now = today();
  AnyiFieldProblem problem =
      anyi_form_field_check(field, g_ptr_array_index(self->values, self->index), now);
  char **slot = (char **)&g_ptr_array_index(self->problems, self->index);

  g_clear_pointer(slot, g_free);
  if (problem != ANYI_FIELD_OK) {
    g_message("form: field '%s' refused: %s", field->id, anyi_field_problem_name(problem));
    *slot = g_strdup(pick(anyi_field_problem_text(field, problem), self->english));
  }
  show_problem_line(self);
  if (*slot)
    say(self, *slot);
  return *slot == NULL;
}

static void
on_next_clicked(KioskFormPage *self)
{
  if (!self->step)
    return;
  save_current(self);
  if (!check_current(self))
    return;
  if (self->index + 1 == self->step->n_fields) {
    submit(self);
    return;
  }
  show_field(self, self->index + 1);
  say(self, pick(&current_field(self)->label, self->english));
}

static void
on_previous_clicked(KioskFormPage *self)
{
  if (!self->step || self->index == 0)
    return;
  save_current(self);
  show_field(self, self->index - 1);
  say(self, pick(&current_field(self)->label, self->english));
}

/* The flow takes the case back; what the case kept of this form comes
 * back with kiosk_form_page_refill when the citizen returns to it. */
static void
on_back_clicked(KioskFormPage *self)
{
  if (!self->step || self->index != 0 || !self->can_go_back)
    return;
  g_signal_emit(self, signals[SIGNAL_BACK], 0);
}

void
kiosk_form_page_set_can_go_back(KioskFormPage *self, gboolean can_go_back)
{
  g_return_if_fail(KIOSK_IS_FORM_PAGE(self));
  self->can_go_back = can_go_back;
  gtk_widget_set_visible(GTK_WIDGET(self->back_button),
                         self->step && self->index == 0 && can_go_back);
}

/* The region picked for field @i's address comes back with it, as if
 * picked again, when the address still starts with that region's words
 * (submit checks it again, should the citizen then edit it). */
static void
refill_region(KioskFormPage *self, guint i, JsonObject *codes)
{
  JsonNode *node = codes ? json_object_get_member(codes, self->step->fields[i].id) : NULL;
  const char *code = node && JSON_NODE_HOLDS_VALUE(node) ? json_node_get_string(node) : NULL;
  const char *value = g_ptr_array_index(self->values, i);
  g_autofree char *region = NULL;

  if (!code || !value || !is_address(&self->step->fields[i]))
    return;
  region = kiosk_address_picker_region_of(self->address_picker, code);
  if (!region || !g_str_has_prefix(value, region))
    return;
  g_free(g_ptr_array_index(self->regions, i));
  g_free(g_ptr_array_index(self->region_codes, i));
  g_ptr_array_index(self->regions, i) = g_steal_pointer(&region);
  g_ptr_array_index(self->region_codes, i) = g_strdup(code);
}

void
kiosk_form_page_refill(KioskFormPage *self, JsonObject *values)
{
  JsonNode *codes = values ? json_object_get_member(values, ANYI_CASE_REGION_CODES) : NULL;

  g_return_if_fail(self->step != NULL);
  for (guint i = 0; values && i < self->step->n_fields; i++) {
    const char *value =
        json_object_get_string_member_with_default(values, self->step->fields[i].id, NULL);
    if (!value || !*value)
      continue;
    g_free(g_ptr_array_index(self->values, i));
    g_ptr_array_index(self->values, i) = g_strdup(value);
    refill_region(self, i,
                  codes && JSON_NODE_HOLDS_OBJECT(codes) ? json_node_get_object(codes) : NULL);
  }
  show_field(self, 0);
}

static gint
field_index(KioskFormPage *self, const AnyiFormField *field)
{
  for (guint i = 0; i < self->step->n_fields; i++)
    if (field == &self->step->fields[i] || g_strcmp0(field->id, self->step->fields[i].id) == 0)
      return (gint)i;
  return -1;
}

void
kiosk_form_page_show_problems(KioskFormPage *self, GPtrArray *problems, gboolean english)
{
  gint first = -1;

  g_return_if_fail(self->step != NULL);
  self->english = english;
  for (guint i = 0; problems && i < problems->len; i++) {
    const AnyiCaseFieldProblem *problem = g_ptr_array_index(problems, i);
    gint index = field_index(self, problem->field);
    if (index < 0)
      continue;
    g_free(g_ptr_array_index(self->problems, index));
    g_ptr_array_index(self->problems, index) =
        g_strdup(pick(anyi_field_problem_text(problem->field, problem->problem), english));
    first = first < 0 ? index : first;
  }
  if (first < 0)
    return;
  show_field(self, (guint)first);
  say(self, g_ptr_array_index(self->problems, first));
}

void
kiosk_form_page_reset(KioskFormPage *self)
{
  clear_values(self);
  g_clear_pointer(&self->card, anyi_id_card_free);
  self->can_go_back = FALSE;
  kiosk_input_reset(self->input);
  g_string_truncate(self->digits, 0);
  gtk_editable_set_text(GTK_EDITABLE(self->text_entry), "");
  remove_choices(self);
  self->choice = NULL;
  if (self->step)
    show_field(self, 0);
}

static void
kiosk_form_page_finalize(GObject *object)
{
  KioskFormPage *self = KIOSK_FORM_PAGE(object);

  g_clear_pointer(&self->values, g_ptr_array_unref);
  g_clear_pointer(&self->problems, g_ptr_array_unref);
  g_clear_pointer(&self->regions, g_ptr_array_unref);
  g_clear_pointer(&self->region_codes, g_ptr_array_unref);
  g_string_free(self->digits, TRUE);
  g_clear_pointer(&self->card, anyi_id_card_free);
  g_free(self->hint);
  G_OBJECT_CLASS(kiosk_form_page_parent_class)->finalize(object);
}

static void
kiosk_form_page_class_init(KioskFormPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS(klass);

  G_OBJECT_CLASS(klass)->finalize = kiosk_form_page_finalize;
  g_type_ensure(KIOSK_TYPE_INPUT);
  gtk_widget_class_set_template_from_resource(widget_class,
                                              "/cn/anyi/kiosk/pages/kiosk-form-page.ui");
  gtk_widget_class_bind_template_child(widget_class, KioskFormPage, progress);
  gtk_widget_class_bind_template_child(widget_class, KioskFormPage, field_label);
  gtk_widget_class_bind_template_child(widget_class, KioskFormPage, editors);
  gtk_widget_class_bind_template_child(widget_class, KioskFormPage, keypad_value);
  gtk_widget_class_bind_template_child(widget_class, KioskFormPage, keypad_problem);
  gtk_widget_class_bind_template_child(widget_class, KioskFormPage, keypad);
  gtk_widget_class_bind_template_child(widget_class, KioskFormPage, choice_grid);
  gtk_widget_class_bind_template_child(widget_class, KioskFormPage, date_box);
  gtk_widget_class_bind_template_child(widget_class, KioskFormPage, text_entry);
  gtk_widget_class_bind_template_child(widget_class, KioskFormPage, text_hint);
  gtk_widget_class_bind_template_child(widget_class, KioskFormPage, problem);
  gtk_widget_class_bind_template_child(widget_class, KioskFormPage, back_button);
  gtk_widget_class_bind_template_child(widget_class, KioskFormPage, previous_button);
  gtk_widget_class_bind_template_child(widget_class, KioskFormPage, next_button);
  gtk_widget_class_bind_template_child(widget_class, KioskFormPage, submit_button);
  gtk_widget_class_bind_template_callback(widget_class, on_key_typed);
  gtk_widget_class_bind_template_callback(widget_class, on_key_deleted);
  gtk_widget_class_bind_template_callback(widget_class, on_clear_clicked);
  gtk_widget_class_bind_template_callback(widget_class, on_next_clicked);
  gtk_widget_class_bind_template_callback(widget_class, on_previous_clicked);
  gtk_widget_class_bind_template_callback(widget_class, on_back_clicked);
  signals[SIGNAL_SUBMITTED] = g_signal_new("submitted", G_TYPE_FROM_CLASS(klass), G_SIGNAL_RUN_LAST,
                                           0, NULL, NULL, NULL, G_TYPE_NONE, 1, JSON_TYPE_OBJECT);
  signals[SIGNAL_BACK] = g_signal_new("back", G_TYPE_FROM_CLASS(klass), G_SIGNAL_RUN_LAST, 0, NULL,
                                      NULL, NULL, G_TYPE_NONE, 0);
  signals[SIGNAL_SAY] = g_signal_new("say", G_TYPE_FROM_CLASS(klass), G_SIGNAL_RUN_LAST, 0, NULL,
                                     NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
on_input_say(KioskFormPage *self, const char *sentence)
{
  say(self, sentence);
}

static void
on_address_picked(KioskFormPage *self, const char *region, const char *code)
{
  g_free(g_ptr_array_index(self->regions, self->index));
  g_free(g_ptr_array_index(self->region_codes, self->index));
  g_ptr_array_index(self->regions, self->index) = g_strdup(region);
  g_ptr_array_index(self->region_codes, self->index) = g_strdup(code);
  gtk_editable_set_text(GTK_EDITABLE(self->text_entry), region);
  gtk_editable_set_position(GTK_EDITABLE(self->text_entry), -1);
  /* the citizen is answering: what to type next matters more now than why
   * the empty field was refused (the hint stands where the refusal was) */
  g_clear_pointer((char **)&g_ptr_array_index(self->problems, self->index), g_free);
  set_hint(self, *region ? _("请接着输入街道、小区和门牌号。")
                         : _("请输入完整的地址：省、市、区县、街道和门牌号。"));
  gtk_stack_set_visible_child_name(self->editors, "text");
  say(self, self->hint);
}

static void
on_repick_clicked(KioskFormPage *self)
{
  gtk_editable_set_text(GTK_EDITABLE(self->text_entry), "");
  kiosk_input_reset(self->input);
  kiosk_address_picker_reset(self->address_picker);
  gtk_stack_set_visible_child_name(self->editors, "address");
}

/* The region picker is one more editor; its button to come back to it sits
 * under the address's hint. */
static void
add_address_picker(KioskFormPage *self)
{
  self->address_picker = KIOSK_ADDRESS_PICKER(kiosk_address_picker_new());
  gtk_stack_add_named(self->editors, GTK_WIDGET(self->address_picker), "address");
  g_signal_connect_swapped(self->address_picker, "picked", G_CALLBACK(on_address_picked), self);
  g_signal_connect_swapped(self->address_picker, "say", G_CALLBACK(on_input_say), self);
  self->repick_button = gtk_button_new_with_label(_("重新选择省市区"));
  gtk_widget_set_name(self->repick_button, "address-repick");
  gtk_widget_add_css_class(self->repick_button, "secondary");
  gtk_widget_set_halign(self->repick_button, GTK_ALIGN_START);
  gtk_widget_set_visible(self->repick_button, FALSE);
  g_signal_connect_swapped(self->repick_button, "clicked", G_CALLBACK(on_repick_clicked), self);
  gtk_box_insert_child_after(GTK_BOX(gtk_widget_get_parent(GTK_WIDGET(self->text_hint))),
                             self->repick_button, GTK_WIDGET(self->text_hint));
}

/* The input keys go under the entry they write into. */
static void
add_input(KioskFormPage *self)
{
  GtkWidget *text_box = gtk_widget_get_parent(GTK_WIDGET(self->text_entry));

  self->input = KIOSK_INPUT(kiosk_input_new());
  kiosk_input_set_target(self->input, GTK_EDITABLE(self->text_entry));
  gtk_box_append(GTK_BOX(text_box), GTK_WIDGET(self->input));
  /* the keys take the room the page had around a lone entry */
  gtk_box_set_spacing(GTK_BOX(text_box), 8);
  gtk_widget_add_css_class(GTK_WIDGET(self->text_entry), "with-input");
  g_signal_connect_swapped(self->input, "confirm", G_CALLBACK(on_next_clicked), self);
  g_signal_connect_swapped(self->input, "say", G_CALLBACK(on_input_say), self);
}

static void
kiosk_form_page_init(KioskFormPage *self)
{
  gtk_widget_init_template(GTK_WIDGET(self));
  self->values = g_ptr_array_new_with_free_func(g_free);
  self->problems = g_ptr_array_new_with_free_func(g_free);
  self->regions = g_ptr_array_new_with_free_func(g_free);
  self->region_codes = g_ptr_array_new_with_free_func(g_free);
  self->digits = g_string_new(NULL);
  /* a keypad from the start, sized as one, whichever field comes first */
  kiosk_input_set_keypad(self->keypad, KIOSK_INPUT_KEYPAD_DIGITS);
  build_date_picker(self);
  add_input(self);
  add_address_picker(self);
  kiosk_a11y_track_stack(self->editors);
  g_signal_connect_swapped(self->editors, "notify::visible-child", G_CALLBACK(show_problem_line),
                           self);
  /* no copy, paste or emoji menu: nothing travels between citizens */
  kiosk_lockdown_plain_entry(GTK_WIDGET(self->text_entry));
}
