/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kiosk-confirm-page.c: the last look before submitting, and the citizen's
 * commitment to bring the materials accepted as missing (容缺受理). */
#include "kiosk-step-pages.h"

#include <glib/gi18n-lib.h>

struct _KioskConfirmPage {
  GtkBox parent_instance;
  GtkLabel *service_name;
  GtkPicture *photo;
  GtkGrid *rows;
  GtkWidget *missing_notice;
  GtkLabel *missing_text;
  GtkToggleButton *commit_check; /* a big toggle: a check box is too small to touch */
  GtkButton *confirm_button;
  GtkWidget *back_button;
  gboolean has_missing;
};

G_DEFINE_FINAL_TYPE(KioskConfirmPage, kiosk_confirm_page, GTK_TYPE_BOX)

enum { SIGNAL_CONFIRMED, SIGNAL_BACK, SIGNAL_SAY, N_SIGNALS };
static guint signals[N_SIGNALS];

static gboolean
commits(KioskConfirmPage *self)
{
  return self->has_missing && gtk_toggle_button_get_active(self->commit_check);
}

static void
update_confirm_button(KioskConfirmPage *self)
{
  gtk_widget_set_sensitive(GTK_WIDGET(self->confirm_button), !self->has_missing || commits(self));
}

static void
on_commit_toggled(KioskConfirmPage *self)
{
  /* a mark as well as the colour: the state must not rest on colour alone */
  gtk_button_set_label(GTK_BUTTON(self->commit_check),
                       gtk_toggle_button_get_active(self->commit_check)
                           ? _("☑  我承诺在期限内补交")
                           : _("☐  我承诺在期限内补交"));
  update_confirm_button(self);
}

static void
on_confirm_clicked(KioskConfirmPage *self)
{
  if (self->has_missing && !commits(self))
    return;
  g_signal_emit(self, signals[SIGNAL_CONFIRMED], 0, commits(self));
}

static void
on_back_clicked(KioskConfirmPage *self)
{
  g_signal_emit(self, signals[SIGNAL_BACK], 0);
}

/* Shown only when the case can go back: a payment made, or the card step
 * just before, is a step no 上一步 can undo. */
void
kiosk_confirm_page_set_can_go_back(KioskConfirmPage *self, gboolean can_go_back)
{
  g_return_if_fail(KIOSK_IS_CONFIRM_PAGE(self));
  gtk_widget_set_visible(self->back_button, can_go_back);
}

static void
clear_rows(KioskConfirmPage *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child(GTK_WIDGET(self->rows))))
    gtk_grid_remove(self->rows, child);
}

/* A long value (an address) wraps; so does a long name, which only an
 * English one is ("Postal address for the household register"). */
static GtkWidget *
row_label(const char *text, const char *css_class, int width_chars, int max_width_chars)
{
  GtkWidget *label = gtk_label_new(text);

  gtk_label_set_xalign(GTK_LABEL(label), 0);
  gtk_label_set_yalign(GTK_LABEL(label), 0);
  gtk_label_set_wrap(GTK_LABEL(label), TRUE);
  gtk_label_set_width_chars(GTK_LABEL(label), width_chars);
  gtk_label_set_max_width_chars(GTK_LABEL(label), max_width_chars);
  gtk_widget_add_css_class(label, css_class);
  return label;
}

/* @rows holds label, value, label, value, ... */
static void
fill_rows(KioskConfirmPage *self, GPtrArray *rows)
{
  clear_rows(self);
  for (guint i = 0; rows && i + 1 < rows->len; i += 2) {
    int line = (int)(i / 2);
    gtk_grid_attach(self->rows, row_label(g_ptr_array_index(rows, i), "field-name", 6, 20), 0, line,
                    1, 1);
    gtk_grid_attach(self->rows, row_label(g_ptr_array_index(rows, i + 1), "field-value", 12, 26), 1,
                    line, 1, 1);
  }
}

static char *
missing_sentence(const char *const *missing, guint days)
{
  g_autofree char *names = g_strjoinv(_("、"), (char **)missing);

  return g_strdup_printf(_("以下材料可以之后补交：%s，请在 %u 天内交到窗口。"), names, days);
}

void
kiosk_confirm_page_show(KioskConfirmPage *self, const char *service_name, GPtrArray *rows,
                        const char *const *missing, guint commitment_days, GdkPaintable *photo)
{
  g_autofree char *notice = NULL;
  g_autofree char *sentence = NULL;

  self->has_missing = missing && missing[0];
  gtk_label_set_text(self->service_name, service_name);
  gtk_picture_set_paintable(self->photo, photo);
  gtk_widget_set_visible(GTK_WIDGET(self->photo), photo != NULL);
  fill_rows(self, rows);
  notice = self->has_missing ? missing_sentence(missing, commitment_days) : NULL;
  gtk_label_set_text(self->missing_text, notice ? notice : "");
  gtk_widget_set_visible(self->missing_notice, self->has_missing);
  gtk_widget_set_visible(GTK_WIDGET(self->missing_text), self->has_missing);
  gtk_toggle_button_set_active(self->commit_check, FALSE);
  update_confirm_button(self);
  sentence = g_strconcat(_("请核对您的信息，无误后点“确认提交”。"), notice, NULL);
  g_signal_emit(self, signals[SIGNAL_SAY], 0, sentence);
}

void
kiosk_confirm_page_reset(KioskConfirmPage *self)
{
  self->has_missing = FALSE;
  clear_rows(self);
  gtk_picture_set_paintable(self->photo, NULL);
  gtk_label_set_text(self->service_name, "");
  gtk_label_set_text(self->missing_text, "");
  gtk_widget_set_visible(self->missing_notice, FALSE);
  gtk_widget_set_visible(GTK_WIDGET(self->missing_text), FALSE);
  gtk_toggle_button_set_active(self->commit_check, FALSE);
  gtk_widget_set_visible(self->back_button, FALSE);
  update_confirm_button(self);
}

static void
kiosk_confirm_page_class_init(KioskConfirmPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS(klass);

  gtk_widget_class_set_template_from_resource(widget_class,
                                              "/cn/anyi/kiosk/pages/kiosk-confirm-page.ui");
  gtk_widget_class_bind_template_child(widget_class, KioskConfirmPage, service_name);
  gtk_widget_class_bind_template_child(widget_class, KioskConfirmPage, photo);
  gtk_widget_class_bind_template_child(widget_class, KioskConfirmPage, rows);
  gtk_widget_class_bind_template_child(widget_class, KioskConfirmPage, missing_notice);
  gtk_widget_class_bind_template_child(widget_class, KioskConfirmPage, missing_text);
  gtk_widget_class_bind_template_child(widget_class, KioskConfirmPage, commit_check);
  gtk_widget_class_bind_template_child(widget_class, KioskConfirmPage, confirm_button);
  gtk_widget_class_bind_template_child(widget_class, KioskConfirmPage, back_button);
  gtk_widget_class_bind_template_callback(widget_class, on_commit_toggled);
  gtk_widget_class_bind_template_callback(widget_class, on_confirm_clicked);
  gtk_widget_class_bind_template_callback(widget_class, on_back_clicked);
  signals[SIGNAL_CONFIRMED] = g_signal_new("confirmed", G_TYPE_FROM_CLASS(klass), G_SIGNAL_RUN_LAST,
                                           0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_BOOLEAN);
  signals[SIGNAL_BACK] = g_signal_new("back", G_TYPE_FROM_CLASS(klass), G_SIGNAL_RUN_LAST, 0, NULL,
                                      NULL, NULL, G_TYPE_NONE, 0);
  signals[SIGNAL_SAY] = g_signal_new("say", G_TYPE_FROM_CLASS(klass), G_SIGNAL_RUN_LAST, 0, NULL,
                                     NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
kiosk_confirm_page_init(KioskConfirmPage *self)
{
  gtk_widget_init_template(GTK_WIDGET(self));
  update_confirm_button(self);
}
