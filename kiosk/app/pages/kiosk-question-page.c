/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kiosk-question-page.c: one yes/no question per screen, two huge answers;
 * after an answer that does not fit, why, and the way back or to a window. */
#include "kiosk-step-pages.h"
#include "kiosk-script.h"

#include <glib/gi18n-lib.h>

struct _KioskQuestionPage {
  GtkBox parent_instance;
  GtkLabel *counter;
  GtkLabel *question;
  GtkLabel *answer_given;
  GtkStack *footers;
  GtkWidget *back_button;
  gboolean can_go_back; /* to the step before, from the first question */
};

G_DEFINE_FINAL_TYPE(KioskQuestionPage, kiosk_question_page, GTK_TYPE_BOX)

enum {
  SIGNAL_ANSWERED,
  SIGNAL_BACK,
  SIGNAL_CHANGE_ANSWER,
  SIGNAL_GO_TO_WINDOW,
  SIGNAL_SAY,
  N_SIGNALS
};
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

static void
on_change_clicked(KioskQuestionPage *self)
{
  g_signal_emit(self, signals[SIGNAL_CHANGE_ANSWER], 0);
}

static void
on_window_clicked(KioskQuestionPage *self)
{
  g_signal_emit(self, signals[SIGNAL_GO_TO_WINDOW], 0);
}

void
kiosk_question_page_set_can_go_back(KioskQuestionPage *self, gboolean can_go_back)
{
  self->can_go_back = can_go_back;
}

void
kiosk_question_page_show(KioskQuestionPage *self, const char *question, guint number, guint total)
{
  g_autofree char *counter = g_strdup_printf(_("问题 %u/%u"), number, total);

  gtk_label_set_text(self->counter, counter);
  gtk_widget_set_visible(GTK_WIDGET(self->counter), total > 1);
  gtk_widget_set_visible(self->back_button, number > 1 || self->can_go_back);
  gtk_label_set_text(self->question, question);
  /* an English question, three lines where the Chinese takes one, takes
   * a size of its own in 大字模式 (CSS) so that the answers stay on the screen */
  kiosk_mark_script(GTK_WIDGET(self->question), question);
  gtk_widget_remove_css_class(GTK_WIDGET(self->question), "instruction");
  gtk_widget_add_css_class(GTK_WIDGET(self->question), "question-text");
  gtk_widget_set_visible(GTK_WIDGET(self->answer_given), FALSE);
  gtk_stack_set_visible_child_name(self->footers, "answers");
  g_signal_emit(self, signals[SIGNAL_SAY], 0, question);
}

void
kiosk_question_page_show_does_not_fit(KioskQuestionPage *self, const char *question,
                                      gboolean answer, const char *reason)
{
  g_autofree char *given =
      g_strdup_printf(_("您对“%s”的回答是“%s”。"), question, answer ? _("是") : _("否"));
  g_autofree char *spoken = NULL;

  gtk_label_set_text(self->counter, _("这项业务需要到窗口办理"));
  gtk_widget_set_visible(GTK_WIDGET(self->counter), TRUE);
  /* a reason runs to three times a question's length: smaller, so that
   * the longest still leaves the buttons on the screen in 大字模式 */
  gtk_label_set_text(self->question, reason);
  gtk_widget_remove_css_class(GTK_WIDGET(self->question), "question-text");
  gtk_widget_add_css_class(GTK_WIDGET(self->question), "instruction");
  gtk_label_set_text(self->answer_given, given);
  gtk_widget_set_visible(GTK_WIDGET(self->answer_given), TRUE);
  gtk_stack_set_visible_child_name(self->footers, "does-not-fit");
  spoken = g_strdup_printf(_("%s 答错了可以按“返回修改”，或者按“去窗口办理”。"), reason);
  g_signal_emit(self, signals[SIGNAL_SAY], 0, spoken);
}

static void
kiosk_question_page_class_init(KioskQuestionPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS(klass);
  GType type = G_TYPE_FROM_CLASS(klass);

  gtk_widget_class_set_template_from_resource(widget_class,
                                              "/cn/anyi/kiosk/pages/kiosk-question-page.ui");
  gtk_widget_class_bind_template_child(widget_class, KioskQuestionPage, counter);
  gtk_widget_class_bind_template_child(widget_class, KioskQuestionPage, question);
  gtk_widget_class_bind_template_child(widget_class, KioskQuestionPage, answer_given);
  gtk_widget_class_bind_template_child(widget_class, KioskQuestionPage, footers);
  gtk_widget_class_bind_template_child(widget_class, KioskQuestionPage, back_button);
  gtk_widget_class_bind_template_callback(widget_class, on_back_clicked);
  gtk_widget_class_bind_template_callback(widget_class, on_yes_clicked);
  gtk_widget_class_bind_template_callback(widget_class, on_no_clicked);
  gtk_widget_class_bind_template_callback(widget_class, on_change_clicked);
  gtk_widget_class_bind_template_callback(widget_class, on_window_clicked);
  signals[SIGNAL_ANSWERED] = g_signal_new("answered", type, G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                          G_TYPE_NONE, 1, G_TYPE_BOOLEAN);
  signals[SIGNAL_BACK] =
      g_signal_new("back", type, G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[SIGNAL_CHANGE_ANSWER] =
      g_signal_new("change-answer", type, G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[SIGNAL_GO_TO_WINDOW] =
      g_signal_new("go-to-window", type, G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[SIGNAL_SAY] = g_signal_new("say", type, G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                     G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
kiosk_question_page_init(KioskQuestionPage *self)
{
  gtk_widget_init_template(GTK_WIDGET(self));
}
