/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kiosk-payment-page.c: the amount and a QR code the citizen scans with a
 * phone; the flow asks the payment provider and calls show_waiting. */
#include "kiosk-a11y.h"
#include "kiosk-qr.h"
#include "kiosk-spinner.h"
#include "kiosk-step-pages.h"

#include <glib/gi18n-lib.h>
#include <string.h>

/* ISO/IEC 18004 asks for four modules of white around the symbol. */
#define QR_TARGET_PIXELS 400
/* A citizen paying on the phone keeps the session at most this long: no
 * payment order lives longer (the platform expires it), so a platform that
 * kept saying "paying" could not hold the kiosk for ever. */
#define KEEP_ALIVE_MAX_S (15 * 60)

struct _KioskPaymentPage {
  GtkBox parent_instance;
  GtkLabel *service_name;
  GtkLabel *amount;
  GtkPicture *qr;
  GtkStack *status;
  GtkWidget *back_button;
  gint64 paying_since; /* monotonic µs; 0 when the platform says nothing is happening */
};

G_DEFINE_FINAL_TYPE(KioskPaymentPage, kiosk_payment_page, GTK_TYPE_BOX)

enum { SIGNAL_CANCELLED, SIGNAL_BACK, SIGNAL_SAY, N_SIGNALS };
static guint signals[N_SIGNALS];

static void
on_cancel_clicked(KioskPaymentPage *self)
{
  g_signal_emit(self, signals[SIGNAL_CANCELLED], 0);
}

static void
on_back_clicked(KioskPaymentPage *self)
{
  g_signal_emit(self, signals[SIGNAL_BACK], 0);
}

/* Shown only while no payment order has been opened: an order exists at
 * the platform, and no 上一步 can take it back. */
void
kiosk_payment_page_set_can_go_back(KioskPaymentPage *self, gboolean can_go_back)
{
  g_return_if_fail(KIOSK_IS_PAYMENT_PAGE(self));
  gtk_widget_set_visible(self->back_button, can_go_back);
}

static gboolean
show_qr(KioskPaymentPage *self, const char *qr_text)
{
  g_autoptr(GdkTexture) texture = kiosk_qr_texture_new(qr_text, QR_TARGET_PIXELS);

  if (!texture) {
    g_warning("payment: cannot encode a QR code of %zu bytes", qr_text ? strlen(qr_text) : 0);
    gtk_picture_set_paintable(self->qr, NULL);
    return FALSE;
  }
  gtk_picture_set_paintable(self->qr, GDK_PAINTABLE(texture));
  return TRUE;
}

void
kiosk_payment_page_show(KioskPaymentPage *self, const char *service_name, gint64 amount_fen,
                        const char *qr_text)
{
  g_autofree char *yuan = anyi_yuan_text(amount_fen);
  g_autofree char *amount = g_strdup_printf("¥%s", yuan);
  g_autofree char *sentence = NULL;
  gboolean has_qr = show_qr(self, qr_text);

  gtk_label_set_text(self->service_name, service_name);
  gtk_label_set_text(self->amount, amount);
  gtk_widget_set_visible(GTK_WIDGET(self->qr), has_qr);
  gtk_stack_set_visible_child_name(self->status, has_qr ? "scan" : "no-code");
  sentence = has_qr ? g_strdup_printf(_("需缴费 %s 元，请用手机微信或支付宝扫码支付。"), yuan)
                    : g_strdup(_("暂时无法显示付款码，请到窗口缴费。"));
  g_signal_emit(self, signals[SIGNAL_SAY], 0, sentence);
}

/* The flow may call this at every poll of the provider: said once. */
void
kiosk_payment_page_show_waiting(KioskPaymentPage *self)
{
  if (g_strcmp0(gtk_stack_get_visible_child_name(self->status), "waiting") == 0)
    return;
  gtk_stack_set_visible_child_name(self->status, "waiting");
  g_signal_emit(self, signals[SIGNAL_SAY], 0, _("正在确认付款……"));
}

void
kiosk_payment_page_set_in_progress(KioskPaymentPage *self, gboolean in_progress)
{
  gint64 now = g_get_monotonic_time();

  g_return_if_fail(KIOSK_IS_PAYMENT_PAGE(self));
  if (!in_progress) {
    self->paying_since = 0;
    return;
  }
  if (!self->paying_since)
    self->paying_since = now;
  if (now - self->paying_since < KEEP_ALIVE_MAX_S * G_USEC_PER_SEC)
    gtk_widget_activate_action(GTK_WIDGET(self), "kiosk.keep-alive", NULL);
}

void
kiosk_payment_page_reset(KioskPaymentPage *self)
{
  self->paying_since = 0;
  gtk_widget_set_visible(self->back_button, FALSE);
  gtk_picture_set_paintable(self->qr, NULL);
  gtk_label_set_text(self->service_name, "");
  gtk_label_set_text(self->amount, "");
  gtk_stack_set_visible_child_name(self->status, "scan");
}

static void
kiosk_payment_page_class_init(KioskPaymentPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS(klass);

  g_type_ensure(KIOSK_TYPE_SPINNER);
  gtk_widget_class_set_template_from_resource(widget_class,
                                              "/cn/anyi/kiosk/pages/kiosk-payment-page.ui");
  gtk_widget_class_bind_template_child(widget_class, KioskPaymentPage, service_name);
  gtk_widget_class_bind_template_child(widget_class, KioskPaymentPage, amount);
  gtk_widget_class_bind_template_child(widget_class, KioskPaymentPage, qr);
  gtk_widget_class_bind_template_child(widget_class, KioskPaymentPage, status);
  gtk_widget_class_bind_template_child(widget_class, KioskPaymentPage, back_button);
  gtk_widget_class_bind_template_callback(widget_class, on_cancel_clicked);
  gtk_widget_class_bind_template_callback(widget_class, on_back_clicked);
  signals[SIGNAL_CANCELLED] = g_signal_new("cancelled", G_TYPE_FROM_CLASS(klass), G_SIGNAL_RUN_LAST,
                                           0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[SIGNAL_BACK] = g_signal_new("back", G_TYPE_FROM_CLASS(klass), G_SIGNAL_RUN_LAST, 0, NULL,
                                      NULL, NULL, G_TYPE_NONE, 0);
  signals[SIGNAL_SAY] = g_signal_new("say", G_TYPE_FROM_CLASS(klass), G_SIGNAL_RUN_LAST, 0, NULL,
                                     NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
kiosk_payment_page_init(KioskPaymentPage *self)
{
  gtk_widget_init_template(GTK_WIDGET(self));
  kiosk_a11y_track_stack(self->status);
}
