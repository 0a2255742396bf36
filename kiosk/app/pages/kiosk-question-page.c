/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kiosk-question-page.c: one yes/no question per screen, two huge answers. */
#include "kiosk-step-pages.h"

#include <glib/gi18n-lib.h>

struct _KioskQuestionPage {
  GtkBox parent_instance;
  GtkLabel *counter;
  GtkLabel *question;
  GtkWidget *back_button;
};

G_DEFINE_FINAL_TYPE(KioskQuestionPage, kiosk_question_page, GTK_TYPE_BOX)

enum { SIGNAL_ANSWERED, SIGNAL_BACK, SIGNAL_SAY, N_SIGNALS };
static guint signals[N_SIGNALS];

static void
on_yes_clicked(KioskQuestionPage *self)
{
  g_signal_emit(self, signals[SIGNAL_ANSWERED], 0, TRUE);
}

static void
on_no_clicked(KioskQuestionPage *self)
{
  g_signal_emit(self, signals[SIGNAL_ANSWERED], 0, FALSE);
}

static void
on_back_clicked(KioskQuestionPage *self)
{
  g_signal_emit(self, signals[SIGNAL_BACK], 0);
}

void
kiosk_question_page_show(KioskQuestionPage *self, const char *question, guint number, guint total)
{
  g_autofree char *counter = g_strdup_printf(_("问题 %u/%u"), number, total);

  gtk_label_set_text(self->counter, counter);
  gtk_widget_set_visible(GTK_WIDGET(self->counter), total > 1);
  gtk_widget_set_visible(self->back_button, number > 1);
  gtk_label_set_text(self->question, question);
  g_signal_emit(self, signals[SIGNAL_SAY], 0, question);
}

static void
kiosk_question_page_class_init(KioskQuestionPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS(klass);

  gtk_widget_class_set_template_from_resource(widget_class,
                                              "/cn/anyi/kiosk/pages/kiosk-question-page.ui");
  gtk_widget_class_bind_template_child(widget_class, KioskQuestionPage, counter);
  gtk_widget_class_bind_template_child(widget_class, KioskQuestionPage, question);
  gtk_widget_class_bind_template_child(widget_class, KioskQuestionPage, back_button);
  gtk_widget_class_bind_template_callback(widget_class, on_back_clicked);
  gtk_widget_class_bind_template_callback(widget_class, on_yes_clicked);
  gtk_widget_class_bind_template_callback(widget_class, on_no_clicked);
  signals[SIGNAL_ANSWERED] = g_signal_new("answered", G_TYPE_FROM_CLASS(klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_BOOLEAN);
  signals[SIGNAL_BACK] = g_signal_new("back", G_TYPE_FROM_CLASS(klass), G_SIGNAL_RUN_LAST, 0, NULL,
                                      NULL, NULL, G_TYPE_NONE, 0);
  signals[SIGNAL_SAY] = g_signal_new("say", G_TYPE_FROM_CLASS(klass), G_SIGNAL_RUN_LAST, 0, NULL,
                                     NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
kiosk_question_page_init(KioskQuestionPage *self)
{
  gtk_widget_init_template(GTK_WIDGET(self));
}
