/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kiosk-step-pages.h: the generic pages of a service's steps that need no
 * device: yes/no questions, a form, the payment and the final check.
 * Every page takes its texts already in the interface language. */
#pragma once

#include "cases/anyi-case-runner.h"
#include "idcard/idcard-card.h"

#include <gtk/gtk.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* ---- one yes/no question at a time ----
 * "answered" (gboolean yes); "back" (上一步: to the earlier question, or
 * to the step before); "change-answer" and "go-to-window" (the two choices
 * after an answer that does not fit); "say" (const char *sentence) */
#define KIOSK_TYPE_QUESTION_PAGE (kiosk_question_page_get_type())
G_DECLARE_FINAL_TYPE(KioskQuestionPage, kiosk_question_page, KIOSK, QUESTION_PAGE, GtkBox)
/* 上一步 shows from the second question on, and on the first one too when
 * @can_go_back (the case can go back to the step before). */
void kiosk_question_page_show(KioskQuestionPage *self, const char *question, guint number,
                              guint total);
void kiosk_question_page_set_can_go_back(KioskQuestionPage *self, gboolean can_go_back);
/* The citizen answered @question with @answer, which does not fit the
 * service: the page says why (@reason, the service's own words) and offers
 * 返回修改 ("change-answer") and 去窗口办理 ("go-to-window"). */
void kiosk_question_page_show_does_not_fit(KioskQuestionPage *self, const char *question,
                                           gboolean answer, const char *reason);

/* ---- a form: one field at a time, big touch keys ----
 * Digits-only fields (mobile, ID number) get a numeric keypad; dates a
 * year/month/day picker; choices big buttons; free text an entry.
 * "submitted" (JsonObject *values: field id -> string); "back" (上一步 on
 * the first field, to the step before); "say" (const char *) */
#define KIOSK_TYPE_FORM_PAGE (kiosk_form_page_get_type())
G_DECLARE_FINAL_TYPE(KioskFormPage, kiosk_form_page, KIOSK, FORM_PAGE, GtkBox)
/* @english picks the labels' language. */
void kiosk_form_page_show(KioskFormPage *self, const AnyiStep *step, gboolean english);
/* After a refused submit: the sentences next to the fields to correct
 * (AnyiCaseFieldProblem), the first one shown. */
void kiosk_form_page_show_problems(KioskFormPage *self, GPtrArray *problems, gboolean english);
void kiosk_form_page_reset(KioskFormPage *self);
/* After kiosk_form_page_show: 上一步 in the footer on the first field. */
void kiosk_form_page_set_can_go_back(KioskFormPage *self, gboolean can_go_back);
/* After kiosk_form_page_show: the values the citizen gave before going
 * back past this form (field id -> string) fill its fields again. */
void kiosk_form_page_refill(KioskFormPage *self, JsonObject *values);
/* The applicant's card, read earlier in the case: the applicant's own name
 * and ID number fields start filled from it, for the citizen to confirm.
 * NULL forgets it; reset forgets it too. */
void kiosk_form_page_set_card(KioskFormPage *self, const AnyiIdCard *card);

/* ---- the payment: amount and a QR code to scan with a phone ----
 * "cancelled" (): the citizen cannot pay here; "say" (const char *) */
#define KIOSK_TYPE_PAYMENT_PAGE (kiosk_payment_page_get_type())
G_DECLARE_FINAL_TYPE(KioskPaymentPage, kiosk_payment_page, KIOSK, PAYMENT_PAGE, GtkBox)
void kiosk_payment_page_show(KioskPaymentPage *self, const char *service_name, gint64 amount_fen,
                             const char *qr_text);
void kiosk_payment_page_show_waiting(KioskPaymentPage *self); /* "checking the payment…" */
void kiosk_payment_page_reset(KioskPaymentPage *self);
/* 上一步 (signal "back"), shown only while no payment order is opened. */
void kiosk_payment_page_set_can_go_back(KioskPaymentPage *self, gboolean can_go_back);
/* What the payment platform said at the last poll: while the citizen is
 * paying on the phone the page keeps the session alive (the window's
 * "kiosk.keep-alive" action), up to the life of a payment order. */
void kiosk_payment_page_set_in_progress(KioskPaymentPage *self, gboolean in_progress);

/* ---- the final check before submitting ----
 * @rows: "label", "value" string pairs (already masked where personal),
 * flat: label, value, label, value, ...;
 * @missing: names of the materials to bring later (容缺), NULL-terminated
 * or NULL; then the citizen must tick the commitment before submitting.
 * "confirmed" (gboolean commits_to_missing); "say" (const char *) */
#define KIOSK_TYPE_CONFIRM_PAGE (kiosk_confirm_page_get_type())
G_DECLARE_FINAL_TYPE(KioskConfirmPage, kiosk_confirm_page, KIOSK, CONFIRM_PAGE, GtkBox)
void kiosk_confirm_page_show(KioskConfirmPage *self, const char *service_name, GPtrArray *rows,
                             const char *const *missing, guint commitment_days,
                             GdkPaintable *photo);
void kiosk_confirm_page_reset(KioskConfirmPage *self);
/* 上一步 (signal "back") to the last step, which the flow refills. */
void kiosk_confirm_page_set_can_go_back(KioskConfirmPage *self, gboolean can_go_back);

G_END_DECLS
