/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kiosk-staff-sign-in.c */
#include "kiosk-staff-sign-in.h"
#include "kiosk-input.h"
#include "staff/anyi-staff.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#define LOGIN_DIGITS 16

struct _KioskStaffSignIn {
  GtkBox parent_instance;
  GtkToggleButton *login_field;
  GtkToggleButton *pin_field;
  GtkLabel *login_value;
  GtkLabel *pin_value;
  GtkLabel *problem;
  KioskInput *keypad; /* the kiosk's one input widget, as a keypad */

  AnyiStore *store; /* not owned */
  GString *login;
  GString *pin;
  GCancellable *checking; /* while the PIN is hashed, on a worker thread */
};

G_DEFINE_FINAL_TYPE(KioskStaffSignIn, kiosk_staff_sign_in, GTK_TYPE_BOX)

enum { SIGNAL_SIGNED_IN, N_SIGNALS };
static guint signals[N_SIGNALS];

static void
wipe_string(GString *text)
{
  memset(text->str, 0, text->len);
  g_string_truncate(text, 0);
}

static void
update_fields(KioskStaffSignIn *self)
{
  g_autoptr(GString) dots = g_string_new(NULL);

  for (gsize i = 0; i < self->pin->len; i++)
    g_string_append(dots, "●");
  gtk_label_set_text(self->login_value, self->login->str);
  gtk_label_set_text(self->pin_value, dots->str);
}

static gboolean
typing_pin(KioskStaffSignIn *self)
{
  return gtk_toggle_button_get_active(self->pin_field);
}

static GString *
typed_field(KioskStaffSignIn *self)
{
  return typing_pin(self) ? self->pin : self->login;
}

/* A key pressed: the last problem is old news. */
static void
key_pressed(KioskStaffSignIn *self)
{
  gtk_label_set_text(self->problem, "");
  update_fields(self);
}

static void
on_key_typed(KioskStaffSignIn *self, const char *text)
{
  GString *field = typed_field(self);
  gsize max = typing_pin(self) ? ANYI_STAFF_PIN_MAX : LOGIN_DIGITS;

  if (g_ascii_isdigit(text[0]) && field->len < max)
    g_string_append(field, text);
  key_pressed(self);
}

static void
on_key_deleted(KioskStaffSignIn *self)
{
  GString *field = typed_field(self);

  if (field->len > 0) {
    field->str[field->len - 1] = '\0';
    g_string_truncate(field, field->len - 1);
  }
  key_pressed(self);
}

static void
on_key_cleared(KioskStaffSignIn *self)
{
  wipe_string(typed_field(self));
  key_pressed(self);
}

static void
on_field_toggled(KioskStaffSignIn *self)
{
  gtk_widget_set_state_flags(GTK_WIDGET(self->login_value), GTK_STATE_FLAG_SELECTED, FALSE);
  gtk_widget_set_state_flags(GTK_WIDGET(self->pin_value), GTK_STATE_FLAG_SELECTED, FALSE);
  gtk_widget_unset_state_flags(GTK_WIDGET(typing_pin(self) ? self->login_value : self->pin_value),
                               GTK_STATE_FLAG_SELECTED);
}

static const char *
problem_sentence(const GError *error)
{
  if (g_error_matches(error, ANYI_STAFF_ERROR, ANYI_STAFF_ERROR_LOCKED))
    return _("错误次数过多，请10分钟后再试");
  if (g_error_matches(error, ANYI_STAFF_ERROR, ANYI_STAFF_ERROR_REFUSED))
    return _("工号或密码不对");
  if (g_error_matches(error, ANYI_STAFF_ERROR, ANYI_STAFF_ERROR_WEAK_PIN))
    return _("密码过于简单，已停用，请技术人员重设密码");
  return _("暂时无法登录，请联系技术人员");
}

static void
refuse(KioskStaffSignIn *self, const GError *error)
{
  if (error->domain != ANYI_STAFF_ERROR || error->code == ANYI_STAFF_ERROR_FAILED)
    g_warning("staff page: sign-in failed: %s", error->message);
  gtk_label_set_text(self->problem, problem_sentence(error));
  gtk_toggle_button_set_active(self->pin_field, TRUE);
}

/* The keypad and fields wait while the PIN is checked. */
static void
set_checking(KioskStaffSignIn *self, gboolean checking)
{
  gtk_widget_set_sensitive(GTK_WIDGET(self->keypad), !checking);
  gtk_widget_set_sensitive(GTK_WIDGET(self->login_field), !checking);
  gtk_widget_set_sensitive(GTK_WIDGET(self->pin_field), !checking);
  gtk_label_set_text(self->problem, checking ? _("正在核对……") : "");
}

static void
on_checked(GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr(KioskStaffSignIn) self = data;
  g_autoptr(GError) error = NULL;
  g_autofree char *login = NULL, *role = NULL, *display_name = NULL;
  gboolean signed_in = anyi_staff_sign_in_finish(result, &role, &display_name, &error);

  if (g_error_matches(error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return; /* reset meanwhile: the page was left */
  g_clear_object(&self->checking);
  set_checking(self, FALSE);
  if (!signed_in) {
    refuse(self, error);
    return;
  }
  login = g_strdup(self->login->str);
  wipe_string(self->login);
  update_fields(self);
  g_signal_emit(self, signals[SIGNAL_SIGNED_IN], 0, login, role, display_name);
}

static void
on_sign_in_clicked(KioskStaffSignIn *self)
{
  if (self->checking)
    return;
  if (self->login->len == 0 || self->pin->len == 0) {
    gtk_label_set_text(self->problem, _("请输入工号和密码"));
    gtk_toggle_button_set_active(self->login->len == 0 ? self->login_field : self->pin_field, TRUE);
    return;
  }
  self->checking = g_cancellable_new();
  set_checking(self, TRUE);
  anyi_staff_sign_in_async(self->store, self->login->str, self->pin->str, self->checking,
                           on_checked, g_object_ref(self));
  wipe_string(self->pin);
  update_fields(self);
}

void
kiosk_staff_sign_in_set_store(KioskStaffSignIn *self, AnyiStore *store)
{
  g_return_if_fail(KIOSK_IS_STAFF_SIGN_IN(self));
  self->store = store;
}

void
kiosk_staff_sign_in_reset(KioskStaffSignIn *self)
{
  g_return_if_fail(KIOSK_IS_STAFF_SIGN_IN(self));
  if (self->checking)
    g_cancellable_cancel(self->checking);
  g_clear_object(&self->checking);
  set_checking(self, FALSE);
  wipe_string(self->login);
  wipe_string(self->pin);
  gtk_toggle_button_set_active(self->login_field, TRUE);
  update_fields(self);
}

static void
kiosk_staff_sign_in_finalize(GObject *object)
{
  KioskStaffSignIn *self = KIOSK_STAFF_SIGN_IN(object);

  wipe_string(self->pin);
  g_string_free(self->login, TRUE);
  g_string_free(self->pin, TRUE);
  G_OBJECT_CLASS(kiosk_staff_sign_in_parent_class)->finalize(object);
}

static void
kiosk_staff_sign_in_class_init(KioskStaffSignInClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS(klass);

  G_OBJECT_CLASS(klass)->finalize = kiosk_staff_sign_in_finalize;
  g_type_ensure(KIOSK_TYPE_INPUT);
  gtk_widget_class_set_template_from_resource(widget_class,
                                              "/cn/anyi/kiosk/pages/staff/kiosk-staff-sign-in.ui");
  gtk_widget_class_bind_template_child(widget_class, KioskStaffSignIn, login_field);
  gtk_widget_class_bind_template_child(widget_class, KioskStaffSignIn, pin_field);
  gtk_widget_class_bind_template_child(widget_class, KioskStaffSignIn, login_value);
  gtk_widget_class_bind_template_child(widget_class, KioskStaffSignIn, pin_value);
  gtk_widget_class_bind_template_child(widget_class, KioskStaffSignIn, problem);
  gtk_widget_class_bind_template_child(widget_class, KioskStaffSignIn, keypad);
  gtk_widget_class_bind_template_callback(widget_class, on_key_typed);
  gtk_widget_class_bind_template_callback(widget_class, on_key_deleted);
  gtk_widget_class_bind_template_callback(widget_class, on_key_cleared);
  gtk_widget_class_bind_template_callback(widget_class, on_field_toggled);
  gtk_widget_class_bind_template_callback(widget_class, on_sign_in_clicked);
  signals[SIGNAL_SIGNED_IN] =
      g_signal_new("signed-in", G_TYPE_FROM_CLASS(klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                   G_TYPE_NONE, 3, G_TYPE_STRING, G_TYPE_STRING, G_TYPE_STRING);
}

static void
kiosk_staff_sign_in_init(KioskStaffSignIn *self)
{
  self->login = g_string_new(NULL);
  self->pin = g_string_new(NULL);
  gtk_widget_init_template(GTK_WIDGET(self));
  kiosk_input_set_keypad(self->keypad, KIOSK_INPUT_KEYPAD_CLEAR);
  kiosk_staff_sign_in_reset(self);
}
