/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kiosk-help-page.c */
#include "kiosk-help-page.h"
#include "kiosk-a11y.h"
#include "kiosk-spinner.h"

#include <glib/gi18n-lib.h>

struct _KioskHelpPage {
  GtkBox parent_instance;
  GtkStack *modes;
  GtkLabel *choice_detail;
  GtkLabel *waited;
};

G_DEFINE_FINAL_TYPE(KioskHelpPage, kiosk_help_page, GTK_TYPE_BOX)

enum {
  SIGNAL_CALL_STAFF,
  SIGNAL_GO_TO_WINDOW,
  SIGNAL_BACK,
  SIGNAL_CANCEL_CALL,
  SIGNAL_STAFF_ARRIVED,
  N_SIGNALS
};
static guint signals[N_SIGNALS];

void
kiosk_help_page_show_choice(KioskHelpPage *self, gboolean in_case)
{
  g_return_if_fail(KIOSK_IS_HELP_PAGE(self));
  gtk_label_set_text(self->choice_detail,
                     in_case ? _("工作人员可以到这台机器旁边来帮您，您已填写的内容都会保留。"
                                 "您也可以去窗口办理。")
                             : _("工作人员可以到这台机器旁边来帮您，您也可以去窗口办理。"));
  gtk_stack_set_visible_child_name(self->modes, "choice");
}

void
kiosk_help_page_show_waiting(KioskHelpPage *self)
{
  g_return_if_fail(KIOSK_IS_HELP_PAGE(self));
  kiosk_help_page_set_waited(self, 0);
  gtk_stack_set_visible_child_name(self->modes, "waiting");
}

void
kiosk_help_page_set_waited(KioskHelpPage *self, int seconds)
{
  g_autofree char *text = NULL;

  g_return_if_fail(KIOSK_IS_HELP_PAGE(self));
  if (seconds < 60)
    text = g_strdup_printf(_("已等候 %d 秒"), seconds);
  else
    text = g_strdup_printf(_("已等候 %d 分 %d 秒"), seconds / 60, seconds % 60);
  gtk_label_set_text(self->waited, text);
}

void
kiosk_help_page_show_answered(KioskHelpPage *self)
{
  g_return_if_fail(KIOSK_IS_HELP_PAGE(self));
  gtk_label_set_text(self->waited, _("工作人员已应答，正在赶来"));
}

#define EMITTER(name, signal)                                                                      \
  static void name(KioskHelpPage *self)                                                            \
  {                                                                                                \
    g_signal_emit(self, signals[signal], 0);                                                       \
  }
EMITTER(on_call_staff_clicked, SIGNAL_CALL_STAFF)
EMITTER(on_go_to_window_clicked, SIGNAL_GO_TO_WINDOW)
EMITTER(on_back_clicked, SIGNAL_BACK)
EMITTER(on_cancel_call_clicked, SIGNAL_CANCEL_CALL)
EMITTER(on_staff_arrived_clicked, SIGNAL_STAFF_ARRIVED)
#undef EMITTER

static void
kiosk_help_page_class_init(KioskHelpPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS(klass);
  static const char *const names[N_SIGNALS] = {"call-staff", "go-to-window", "back", "cancel-call",
                                               "staff-arrived"};

  g_type_ensure(KIOSK_TYPE_SPINNER);
  gtk_widget_class_set_template_from_resource(widget_class,
                                              "/cn/anyi/kiosk/pages/kiosk-help-page.ui");
  gtk_widget_class_bind_template_child(widget_class, KioskHelpPage, modes);
  gtk_widget_class_bind_template_child(widget_class, KioskHelpPage, choice_detail);
  gtk_widget_class_bind_template_child(widget_class, KioskHelpPage, waited);
  gtk_widget_class_bind_template_callback(widget_class, on_call_staff_clicked);
  gtk_widget_class_bind_template_callback(widget_class, on_go_to_window_clicked);
  gtk_widget_class_bind_template_callback(widget_class, on_back_clicked);
  gtk_widget_class_bind_template_callback(widget_class, on_cancel_call_clicked);
  gtk_widget_class_bind_template_callback(widget_class, on_staff_arrived_clicked);
  for (int i = 0; i < N_SIGNALS; i++)
    signals[i] = g_signal_new(names[i], G_TYPE_FROM_CLASS(klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                              NULL, G_TYPE_NONE, 0);
}

static void
kiosk_help_page_init(KioskHelpPage *self)
{
  gtk_widget_init_template(GTK_WIDGET(self));
  kiosk_a11y_track_stack(self->modes);
}
