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

JsonObject *runner_data(AnyiCaseRunner *self);
/* The object member @name of the case's data, created when absent. */
JsonObject *runner_member_object(AnyiCaseRunner *self, const char *name);
/* The object member @name, or NULL when absent (reading never adds it). */
JsonObject *runner_peek_object(AnyiCaseRunner *self, const char *name);
const char *runner_claimed_waiver(AnyiCaseRunner *self);
gboolean runner_settle(AnyiCaseRunner *self, GError **error);
gboolean runner_fingerprints_at_window(AnyiCaseRunner *self);
gboolean runner_hand_off(AnyiCaseRunner *self, AnyiHandoffReason reason, const char *detail,
                         GError **error);
/* Takes @data. */
void runner_add_document(AnyiCaseRunner *self, const char *template_name, const char *role,
                         JsonObject *data);

/* anyi-case-runner-data.c: the card, the commitment and the documents' data. */
gboolean runner_parse_card_date(const char *yyyymmdd, GDate *date);
void runner_store_card(AnyiCaseRunner *self, const AnyiCaseCard *card);
void runner_record_commitment(AnyiCaseRunner *self);
void runner_fill_notice(AnyiCaseRunner *self);
JsonObject *runner_handoff_slip_data(AnyiCaseRunner *self, AnyiHandoffReason reason,
                                     const char *detail);
JsonObject *runner_receipt_data(AnyiCaseRunner *self);
JsonObject *runner_queue_ticket_data(AnyiCaseRunner *self);
JsonObject *runner_application_form_data(AnyiCaseRunner *self);

/* anyi-case-runner-payment.c */
gboolean runner_payment_is_paid(AnyiCaseRunner *self);
