/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kiosk-result-page.c */
#include "kiosk-result-page.h"

#include <glib/gi18n-lib.h>

struct _KioskResultPage {
  GtkBox parent_instance;
  GtkLabel *stage;
  GtkBox *timeline;
  GtkLabel *application;
  GtkLabel *applied_on;
  GtkLabel *expected_on;
  GtkLabel *pickup_place;
  GtkLabel *case_number;
  GtkLabel *receipt_note;
  GtkButton *print_button;
  GtkBox *window_answer;
  GtkLabel *window_outcome;
  GtkLabel *window_place;
  GtkLabel *window_reason_name;
  GtkLabel *window_reason;
  GtkLabel *window_note;
  GtkLabel *window_next;
};

G_DEFINE_FINAL_TYPE(KioskResultPage, kiosk_result_page, GTK_TYPE_BOX)

enum { SIGNAL_PRINT, SIGNAL_FINISH, N_SIGNALS };
static guint signals[N_SIGNALS];

static void
on_print_clicked(KioskResultPage *self)
{
  g_signal_emit(self, signals[SIGNAL_PRINT], 0);
}

static void
on_finish_clicked(KioskResultPage *self)
{
  g_signal_emit(self, signals[SIGNAL_FINISH], 0);
}

/* One step of the timeline: a mark and a word, so a colour-blind or
 * low-vision citizen reads the state from the symbol, not the colour. */
static GtkWidget *
timeline_step(AnyiIdProgressStage step, AnyiIdProgressStage current)
{
  GtkWidget *box = gtk_box_new(GTK_ORIENTATION_VERTICAL, 6);
  const char *mark = step < current ? "✓" : step == current ? "●" : "○";
  GtkWidget *mark_label = gtk_label_new(mark);
  GtkWidget *word = gtk_label_new(anyi_id_progress_stage_label(step));

  gtk_widget_add_css_class(box, "timeline-step");
  gtk_widget_add_css_class(box, step < current ? "done" : step == current ? "current" : "todo");
  gtk_widget_add_css_class(mark_label, "timeline-mark");
  /* five steps side by side must fit the screen in 大字模式 too */
  gtk_label_set_wrap(GTK_LABEL(word), TRUE);
  gtk_label_set_justify(GTK_LABEL(word), GTK_JUSTIFY_CENTER);
  gtk_box_append(GTK_BOX(box), mark_label);
  gtk_box_append(GTK_BOX(box), word);
  gtk_widget_set_hexpand(box, TRUE);
  return box;
}

static void
clear_timeline(KioskResultPage *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child(GTK_WIDGET(self->timeline))))
    gtk_box_remove(self->timeline, child);
}

static void
set_row(GtkLabel *label, const char *text)
{
  gtk_label_set_text(label, text ? text : "");
  gtk_widget_set_visible(gtk_widget_get_parent(GTK_WIDGET(label)), text && *text);
}

void
kiosk_result_page_show_progress(KioskResultPage *self, const char *case_number,
                                const AnyiIdProgress *progress)
{
  g_autofree char *number = g_strdup_printf(_("业务编号 %s"), case_number);

  gtk_label_set_text(self->stage, anyi_id_progress_stage_label(progress->stage));
  gtk_label_set_text(self->case_number, number);
  clear_timeline(self);
  if (progress->stage != ANYI_ID_PROGRESS_NONE)
    for (AnyiIdProgressStage s = ANYI_ID_PROGRESS_ACCEPTED; s <= ANYI_ID_PROGRESS_COLLECTED; s++)
      gtk_box_append(self->timeline, timeline_step(s, progress->stage));
  gtk_widget_set_visible(GTK_WIDGET(self->timeline), progress->stage != ANYI_ID_PROGRESS_NONE);
  set_row(self->application, progress->application);
  set_row(self->applied_on, progress->applied_on);
  set_row(self->expected_on, progress->expected_on);
  set_row(self->pickup_place, progress->pickup_place);
}

/* What the window did, in words the citizen reads at a glance. */
static const char *
outcome_headline(AnyiLedgerOutcome outcome)
{
  switch (outcome) {
  case ANYI_LEDGER_OUTCOME_FINISHED:
    return _("窗口已办结");
  case ANYI_LEDGER_OUTCOME_WAITING_FOR_MATERIAL:
    return _("窗口等待您补充材料");
  case ANYI_LEDGER_OUTCOME_REFERRED:
    return _("窗口已转交其他部门办理");
  case ANYI_LEDGER_OUTCOME_REFUSED:
    return _("窗口不予受理");
  case ANYI_LEDGER_OUTCOME_NONE:
  default:
    return anyi_ledger_outcome_label(outcome);
  }
}

/* What to do next: always a place to go with a question, never a promise
 * the kiosk cannot keep. */
static char *
outcome_next_step(const AnyiLedgerAnswer *decided)
{
  g_autofree char *where =
      decided->window ? g_strdup_printf(_("%s号窗口"), decided->window) : g_strdup(_("窗口"));

  switch (decided->outcome) {
  case ANYI_LEDGER_OUTCOME_FINISHED:
    return decided->citizen_note
               ? g_strdup_printf(_("请按窗口留言去做。有疑问，请到%s咨询。"), where)
               : g_strdup_printf(_("不需要再做什么。有疑问，请到%s咨询。"), where);
  case ANYI_LEDGER_OUTCOME_WAITING_FOR_MATERIAL:
    return g_strdup_printf(_("请带上需要补充的材料和身份证，到%s办理。"), where);
  case ANYI_LEDGER_OUTCOME_REFERRED:
    return g_strdup_printf(_("请按窗口留言，到承办的部门办理。有疑问，请到%s咨询。"), where);
  case ANYI_LEDGER_OUTCOME_REFUSED:
  case ANYI_LEDGER_OUTCOME_NONE:
  default:
    return g_strdup_printf(_("有疑问，请带上身份证到%s咨询。"), where);
  }
}

static char *
outcome_time(gint64 at)
{
  g_autoptr(GDateTime) local = at > 0 ? g_date_time_new_from_unix_local(at) : NULL;

  /* TRANSLATORS: a date and time for g_date_time_format() */
  return local ? g_date_time_format(local, _("%Y年%-m月%-d日 %H:%M")) : NULL;
}

void
kiosk_result_page_show_window_answer(KioskResultPage *self, const AnyiLedgerAnswer *decided)
{
  g_autofree char *when = NULL, *place = NULL, *next = NULL;

  gtk_widget_set_visible(GTK_WIDGET(self->window_answer), decided != NULL);
  if (!decided)
    return;
  when = outcome_time(decided->at);
  /* which window and when on one line: the note and the next step stay
   * on the screen without scrolling, in 大字模式 too */
  if (decided->window && when)
    place = g_strdup_printf(_("%s号窗口，%s"), decided->window, when);
  else if (decided->window)
    place = g_strdup_printf(_("%s号窗口"), decided->window);
  else
    place = g_steal_pointer(&when);
  next = outcome_next_step(decided);
  gtk_label_set_text(self->window_outcome, outcome_headline(decided->outcome));
  gtk_label_set_text(self->window_reason_name,
                     decided->outcome == ANYI_LEDGER_OUTCOME_REFERRED ? _("转往") : _("原因"));
  set_row(self->window_reason, decided->reason);
  set_row(self->window_place, place);
  set_row(self->window_note, decided->citizen_note);
  set_row(self->window_next, next);
}

/* The button stays: pressing it then sends the case to the window, where
 * the receipt is printed, so the citizen is never left without one. */
void
kiosk_result_page_set_receipt_available(KioskResultPage *self, const char *reason)
{
  gtk_label_set_text(self->receipt_note, reason ? reason : "");
  gtk_widget_set_visible(GTK_WIDGET(self->receipt_note), reason != NULL);
}

void
kiosk_result_page_reset(KioskResultPage *self)
{
  AnyiIdProgress none = {.stage = ANYI_ID_PROGRESS_NONE};

  kiosk_result_page_show_progress(self, "", &none);
  kiosk_result_page_show_window_answer(self, NULL);
  gtk_label_set_text(self->stage, "");
  gtk_label_set_text(self->case_number, "");
}

static void
kiosk_result_page_class_init(KioskResultPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS(klass);

  gtk_widget_class_set_template_from_resource(widget_class,
                                              "/cn/anyi/kiosk/pages/kiosk-result-page.ui");
  gtk_widget_class_bind_template_child(widget_class, KioskResultPage, stage);
  gtk_widget_class_bind_template_child(widget_class, KioskResultPage, timeline);
  gtk_widget_class_bind_template_child(widget_class, KioskResultPage, application);
  gtk_widget_class_bind_template_child(widget_class, KioskResultPage, applied_on);
  gtk_widget_class_bind_template_child(widget_class, KioskResultPage, expected_on);
  gtk_widget_class_bind_template_child(widget_class, KioskResultPage, pickup_place);
  gtk_widget_class_bind_template_child(widget_class, KioskResultPage, case_number);
  gtk_widget_class_bind_template_child(widget_class, KioskResultPage, receipt_note);
  gtk_widget_class_bind_template_child(widget_class, KioskResultPage, print_button);
  gtk_widget_class_bind_template_child(widget_class, KioskResultPage, window_answer);
  gtk_widget_class_bind_template_child(widget_class, KioskResultPage, window_outcome);
  gtk_widget_class_bind_template_child(widget_class, KioskResultPage, window_place);
  gtk_widget_class_bind_template_child(widget_class, KioskResultPage, window_reason_name);
  gtk_widget_class_bind_template_child(widget_class, KioskResultPage, window_reason);
  gtk_widget_class_bind_template_child(widget_class, KioskResultPage, window_note);
  gtk_widget_class_bind_template_child(widget_class, KioskResultPage, window_next);
  gtk_widget_class_bind_template_callback(widget_class, on_print_clicked);
  gtk_widget_class_bind_template_callback(widget_class, on_finish_clicked);
  signals[SIGNAL_PRINT] = g_signal_new("print", G_TYPE_FROM_CLASS(klass), G_SIGNAL_RUN_LAST, 0,
                                       NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[SIGNAL_FINISH] = g_signal_new("finish", G_TYPE_FROM_CLASS(klass), G_SIGNAL_RUN_LAST, 0,
                                        NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
kiosk_result_page_init(KioskResultPage *self)
{
  gtk_widget_init_template(GTK_WIDGET(self));
}
