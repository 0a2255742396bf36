/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kiosk-keypad.c */
#include "kiosk-keypad.h"

#include <glib/gi18n-lib.h>

#define KEY_SPACING 14

struct _KioskKeypad {
  GtkWidget parent_instance;
  GtkWidget *extra_key;
};

G_DEFINE_FINAL_TYPE(KioskKeypad, kiosk_keypad, GTK_TYPE_WIDGET)

enum { SIGNAL_TYPED, SIGNAL_DELETE, SIGNAL_CLEAR, N_SIGNALS };
static guint signals[N_SIGNALS];

static void
type_text(GtkWidget *widget, const char *action, GVariant *text)
{
  (void)action;
  g_signal_emit(widget, signals[SIGNAL_TYPED], 0, g_variant_get_string(text, NULL));
}

static void
delete_last(GtkWidget *widget, const char *action, GVariant *parameter)
{
  (void)action;
  (void)parameter;
  g_signal_emit(widget, signals[SIGNAL_DELETE], 0);
}

static void
clear_all(GtkWidget *widget, const char *action, GVariant *parameter)
{
  (void)action;
  (void)parameter;
  g_signal_emit(widget, signals[SIGNAL_CLEAR], 0);
}

/* @label on the key, @spoken by a screen reader; @text, for "keypad.type" */
static void
set_key(GtkWidget *key, const char *label, const char *spoken, const char *action, const char *text)
{
  gtk_button_set_label(GTK_BUTTON(key), label);
  gtk_accessible_update_property(GTK_ACCESSIBLE(key), GTK_ACCESSIBLE_PROPERTY_LABEL, spoken, -1);
  /* unbound while the target changes: GTK warns of a key whose target
   * does not fit its action, even for that moment */
  gtk_actionable_set_action_name(GTK_ACTIONABLE(key), NULL);
  gtk_actionable_set_action_target_value(GTK_ACTIONABLE(key),
                                         text ? g_variant_new_string(text) : NULL);
  gtk_actionable_set_action_name(GTK_ACTIONABLE(key), action);
}

static GtkWidget *
add_key(KioskKeypad *self, const char *label, const char *spoken, const char *action,
        const char *text, int column, int row)
{
  GtkLayoutManager *layout = gtk_widget_get_layout_manager(GTK_WIDGET(self));
  GtkWidget *key = gtk_button_new();
  GtkGridLayoutChild *cell;

  gtk_widget_add_css_class(key, "key");
  set_key(key, label, spoken, action, text);
  gtk_widget_set_parent(key, GTK_WIDGET(self));
  cell = GTK_GRID_LAYOUT_CHILD(gtk_layout_manager_get_layout_child(layout, key));
  gtk_grid_layout_child_set_column(cell, column);
  gtk_grid_layout_child_set_row(cell, row);
  return key;
}

static void
add_keys(KioskKeypad *self)
{
  for (int n = 1; n <= 9; n++) {
    char digit[2] = {(char)('0' + n), '\0'};
    add_key(self, digit, digit, "keypad.type", digit, (n - 1) % 3, (n - 1) / 3);
  }
  self->extra_key = add_key(self, "", "", NULL, NULL, 0, 3);
  gtk_widget_set_visible(self->extra_key, FALSE);
  add_key(self, "0", "0", "keypad.type", "0", 1, 3);
  add_key(self, "⌫", _("删除一位"), "keypad.delete", NULL, 2, 3);
}

GtkWidget *
kiosk_keypad_new(void)
{
  return g_object_new(KIOSK_TYPE_KEYPAD, NULL);
}

void
kiosk_keypad_set_extra_key(KioskKeypad *self, KioskKeypadExtraKey key)
{
  g_return_if_fail(KIOSK_IS_KEYPAD(self));
  switch (key) {
  case KIOSK_KEYPAD_LETTER_X:
    set_key(self->extra_key, "X", _("字母X（身份证号最后一位）"), "keypad.type", "X");
    break;
  case KIOSK_KEYPAD_CLEAR:
    set_key(self->extra_key, _("清除"), _("清除这一项"), "keypad.clear", NULL);
    break;
  case KIOSK_KEYPAD_NO_EXTRA_KEY:
    break;
  }
  gtk_widget_set_visible(self->extra_key, key != KIOSK_KEYPAD_NO_EXTRA_KEY);
}

static void
kiosk_keypad_dispose(GObject *object)
{
  GtkWidget *key;

  while ((key = gtk_widget_get_first_child(GTK_WIDGET(object))))
    gtk_widget_unparent(key);
  G_OBJECT_CLASS(kiosk_keypad_parent_class)->dispose(object);
}

static void
kiosk_keypad_class_init(KioskKeypadClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS(klass);
  GType type = G_TYPE_FROM_CLASS(klass);

  G_OBJECT_CLASS(klass)->dispose = kiosk_keypad_dispose;
  signals[SIGNAL_TYPED] = g_signal_new("typed", type, G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                       G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[SIGNAL_DELETE] =
      g_signal_new("delete", type, G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[SIGNAL_CLEAR] =
      g_signal_new("clear", type, G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  gtk_widget_class_install_action(widget_class, "keypad.type", "s", type_text);
  gtk_widget_class_install_action(widget_class, "keypad.delete", NULL, delete_last);
  gtk_widget_class_install_action(widget_class, "keypad.clear", NULL, clear_all);
  gtk_widget_class_set_layout_manager_type(widget_class, GTK_TYPE_GRID_LAYOUT);
  gtk_widget_class_set_css_name(widget_class, "keypad");
  gtk_widget_class_set_accessible_role(widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
kiosk_keypad_init(KioskKeypad *self)
{
  GtkGridLayout *layout = GTK_GRID_LAYOUT(gtk_widget_get_layout_manager(GTK_WIDGET(self)));

  /* all keys one size: a finger finds them where it expects them */
  gtk_grid_layout_set_row_spacing(layout, KEY_SPACING);
  gtk_grid_layout_set_column_spacing(layout, KEY_SPACING);
  gtk_grid_layout_set_row_homogeneous(layout, TRUE);
  gtk_grid_layout_set_column_homogeneous(layout, TRUE);
  add_keys(self);
}
