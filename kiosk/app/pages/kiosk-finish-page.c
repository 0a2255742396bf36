/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kiosk-finish-page.c */
#include "kiosk-a11y.h"
#include "kiosk-finish-page.h"
#include "kiosk-spinner.h"
#include "kiosk-qr.h"

#include <glib/gi18n-lib.h>
#include <string.h>

struct _KioskFinishPage {
  GtkBox parent_instance;
  GtkStack *modes;
  GtkLabel *done_title;
  GtkLabel *done_detail;
  GtkLabel *done_number;
  GtkPicture *done_qr; /* the case number, when the receipt did not print */
  GtkLabel *handoff_window;
  GtkLabel *handoff_reason;
  GtkLabel *handoff_number;
  GtkLabel *handoff_slip;
  GtkPicture *handoff_qr;
  GtkLabel *help_window;
  GtkButton *finish_button;
};

G_DEFINE_FINAL_TYPE(KioskFinishPage, kiosk_finish_page, GTK_TYPE_BOX)

enum { SIGNAL_FINISH, N_SIGNALS };
static guint signals[N_SIGNALS];

static void
on_finish_clicked(KioskFinishPage *self)
{
  g_signal_emit(self, signals[SIGNAL_FINISH], 0);
}

void
kiosk_finish_page_show_printing(KioskFinishPage *self)
{
  gtk_widget_set_visible(GTK_WIDGET(self->finish_button), FALSE);
  gtk_stack_set_visible_child_name(self->modes, "printing");
}

void
kiosk_finish_page_show_done(KioskFinishPage *self, const char *case_number,
                            gboolean receipt_printed)
{
  g_autofree char *number = g_strdup_printf(_("业务编号 %s"), case_number);

  gtk_label_set_text(self->done_title, _("办理完成"));
  gtk_label_set_text(self->done_detail,
                     receipt_printed ? _("请从下方出纸口取走您的回执") : _("谢谢您的使用"));
  gtk_label_set_text(self->done_number, number);
  gtk_widget_set_visible(GTK_WIDGET(self->done_qr), FALSE);
  gtk_widget_set_visible(GTK_WIDGET(self->finish_button), TRUE);
  gtk_stack_set_visible_child_name(self->modes, "done");
}

void
kiosk_finish_page_show_done_unprinted(KioskFinishPage *self, const char *case_number)
{
  g_autoptr(GdkTexture) qr = kiosk_qr_texture_new(case_number, 360);

  kiosk_finish_page_show_done(self, case_number, FALSE);
  gtk_label_set_text(self->done_detail,
                     _("回执没能打印。请用手机拍下这个二维码，凭它到窗口领取回执，"
                       "您办好的事不受影响。"));
  gtk_picture_set_paintable(self->done_qr, GDK_PAINTABLE(qr));
  gtk_widget_set_visible(GTK_WIDGET(self->done_qr), qr != NULL);
}

void
kiosk_finish_page_show_handoff(KioskFinishPage *self, const char *window, const char *reason,
                               const char *case_number, gboolean slip_printed)
{
  g_autofree char *where = g_strdup_printf(_("请到 %s 继续办理"), window);
  g_autofree char *number = g_strdup_printf(_("业务编号 %s"), case_number);

  g_autoptr(GdkTexture) qr = case_number && *case_number != '-' && *case_number != 0
                                 ? kiosk_qr_texture_new(case_number, 360)
                                 : NULL;

  gtk_picture_set_paintable(self->handoff_qr, GDK_PAINTABLE(qr));
  gtk_widget_set_visible(GTK_WIDGET(self->handoff_qr), qr != NULL);
  gtk_label_set_text(self->handoff_window, where);
  gtk_label_set_text(self->handoff_reason, reason);
  gtk_label_set_text(self->handoff_number, number);
  gtk_label_set_text(
      self->handoff_slip,
      slip_printed
          ? _("请取走到窗口办理的凭条。工作人员已收到您在这里办理的全部信息，不用重新排队填写。")
          : _("凭条没能打印，请记下上面的业务编号。工作人员已收到您在这里办理的全部信息。"));
  gtk_widget_set_visible(GTK_WIDGET(self->finish_button), TRUE);
  gtk_stack_set_visible_child_name(self->modes, "handoff");
}

void
kiosk_finish_page_show_help(KioskFinishPage *self, const char *window)
{
  g_autofree char *where = g_strdup_printf(_("请到 %s，工作人员会帮您"), window);

  gtk_label_set_text(self->help_window, where);
  gtk_widget_set_visible(GTK_WIDGET(self->finish_button), TRUE);
  gtk_stack_set_visible_child_name(self->modes, "help");
}

void
kiosk_finish_page_reset(KioskFinishPage *self)
{
  GtkLabel *labels[] = {self->done_title,     self->done_detail,    self->done_number,
                        self->handoff_window, self->handoff_reason, self->handoff_number,
                        self->handoff_slip,   self->help_window};

  for (guint i = 0; i < G_N_ELEMENTS(labels); i++)
    gtk_label_set_text(labels[i], "");
  gtk_picture_set_paintable(self->handoff_qr, NULL);
  gtk_picture_set_paintable(self->done_qr, NULL);
  gtk_stack_set_visible_child_name(self->modes, "printing");
}

static void
kiosk_finish_page_class_init(KioskFinishPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS(klass);

  g_type_ensure(KIOSK_TYPE_SPINNER);
  gtk_widget_class_set_template_from_resource(widget_class,
                                              "/cn/anyi/kiosk/pages/kiosk-finish-page.ui");
  gtk_widget_class_bind_template_child(widget_class, KioskFinishPage, modes);
  gtk_widget_class_bind_template_child(widget_class, KioskFinishPage, done_title);
  gtk_widget_class_bind_template_child(widget_class, KioskFinishPage, done_detail);
  gtk_widget_class_bind_template_child(widget_class, KioskFinishPage, done_number);
  gtk_widget_class_bind_template_child(widget_class, KioskFinishPage, done_qr);
  gtk_widget_class_bind_template_child(widget_class, KioskFinishPage, handoff_window);
  gtk_widget_class_bind_template_child(widget_class, KioskFinishPage, handoff_reason);
  gtk_widget_class_bind_template_child(widget_class, KioskFinishPage, handoff_number);
  gtk_widget_class_bind_template_child(widget_class, KioskFinishPage, handoff_slip);
  gtk_widget_class_bind_template_child(widget_class, KioskFinishPage, handoff_qr);
  gtk_widget_class_bind_template_child(widget_class, KioskFinishPage, help_window);
  gtk_widget_class_bind_template_child(widget_class, KioskFinishPage, finish_button);
  gtk_widget_class_bind_template_callback(widget_class, on_finish_clicked);
  signals[SIGNAL_FINISH] = g_signal_new("finish", G_TYPE_FROM_CLASS(klass), G_SIGNAL_RUN_LAST, 0,
                                        NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
kiosk_finish_page_init(KioskFinishPage *self)
{
  gtk_widget_init_template(GTK_WIDGET(self));
  kiosk_a11y_track_stack(self->modes);
}
