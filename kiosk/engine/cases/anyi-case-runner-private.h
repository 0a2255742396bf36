/* SPDX-License-Identifier: GPL-3.0-or-later */
/* anyi-case-runner-private.h: shared by the runner's own files only. */
#pragma once

#include "anyi-case-runner.h"

struct _AnyiCaseRunner {
  GObject parent_instance;
  AnyiStore *store; /* not owned */
  AnyiCatalogue *catalogue;
  AnyiPaymentProvider *payment; /* NULL: no payment at this kiosk */
  AnyiCaseRunnerConfig config;
  char *kiosk_id;
  char *hall;
  char *hotline;
  char *window;
  GDate today;
  const AnyiService *service;
  AnyiCase *kase;
  guint step;
  GPtrArray *documents; /* AnyiCaseDocument */
  char *qr;
};

G_GNUC_INTERNAL JsonObject *anyi_case_runner_data(AnyiCaseRunner *self);
/* The object member @name of the case's data, created when absent. */
G_GNUC_INTERNAL JsonObject *anyi_case_runner_member_object(AnyiCaseRunner *self, const char *name);
/* The object member @name, or NULL when absent (reading never adds it). */
G_GNUC_INTERNAL JsonObject *anyi_case_runner_peek_object(AnyiCaseRunner *self, const char *name);
G_GNUC_INTERNAL const char *anyi_case_runner_claimed_waiver(AnyiCaseRunner *self);
/* A waiver's proof only when claimed, a payment only when something is left to pay. */
G_GNUC_INTERNAL gboolean anyi_case_runner_step_applies(AnyiCaseRunner *self, const AnyiStep *step);
G_GNUC_INTERNAL gboolean anyi_case_runner_settle(AnyiCaseRunner *self, GError **error);
G_GNUC_INTERNAL gboolean anyi_case_runner_hand_off(AnyiCaseRunner *self, AnyiHandoffReason reason,
                                                   const char *detail, GError **error);
/* Takes @data. */
G_GNUC_INTERNAL void anyi_case_runner_add_document(AnyiCaseRunner *self, const char *template_name,
                                                   AnyiPrinterRole role, JsonObject *data);

/* anyi-case-runner-data.c: the card, the commitment and the documents' data. */
G_GNUC_INTERNAL gboolean anyi_case_runner_parse_card_date(const char *yyyymmdd, GDate *date);
G_GNUC_INTERNAL void anyi_case_runner_store_card(AnyiCaseRunner *self, const AnyiCaseCard *card);
G_GNUC_INTERNAL void anyi_case_runner_record_commitment(AnyiCaseRunner *self);
G_GNUC_INTERNAL void anyi_case_runner_fill_notice(AnyiCaseRunner *self);
/* @todo: one more thing the window is asked to do, or NULL. */
G_GNUC_INTERNAL JsonObject *anyi_case_runner_handoff_slip_data(AnyiCaseRunner *self,
                                                               AnyiHandoffReason reason,
                                                               const char *detail,
                                                               const char *todo);
G_GNUC_INTERNAL JsonObject *anyi_case_runner_receipt_data(AnyiCaseRunner *self);
G_GNUC_INTERNAL JsonObject *anyi_case_runner_queue_ticket_data(AnyiCaseRunner *self);
G_GNUC_INTERNAL JsonObject *anyi_case_runner_application_form_data(AnyiCaseRunner *self);

/* anyi-case-runner-payment.c */
G_GNUC_INTERNAL gboolean anyi_case_runner_payment_is_paid(AnyiCaseRunner *self);

typedef enum {
  ANYI_CASE_PAYMENT_NONE,     /* nothing taken: no payment, or it ended unpaid */
  ANYI_CASE_PAYMENT_PAID,     /* the money is with the hall */
  ANYI_CASE_PAYMENT_REFUNDED, /* taken, then given back */
  ANYI_CASE_PAYMENT_UNKNOWN,  /* an order the platform could not say about */
} AnyiCasePaymentStanding;

/* Before a case with a started payment is handed off or abandoned: asks the
 * platform once more, closes an order still open, and records the answer
 * (also in the case's "payment" data, for the papers). */
G_GNUC_INTERNAL gboolean anyi_case_runner_payment_last_ask(AnyiCaseRunner *self, GError **error);
G_GNUC_INTERNAL AnyiCasePaymentStanding anyi_case_runner_payment_standing(AnyiCaseRunner *self);
/* Gives a paid case's money back; *@refunded FALSE when the platform
 * refused or did not answer (the window then refunds). */
G_GNUC_INTERNAL gboolean anyi_case_runner_payment_refund(AnyiCaseRunner *self, gboolean *refunded,
                                                         GError **error);
G_GNUC_INTERNAL JsonObject *anyi_case_runner_refund_slip_data(AnyiCaseRunner *self);
/* A payment the store holds as paid, but the case's data not yet (a crash
 * between the two): put back in the data, for the papers. */
G_GNUC_INTERNAL void anyi_case_runner_payment_recall(AnyiCaseRunner *self);
