/* SPDX-License-Identifier: GPL-3.0-or-later */
/* anyi-payment.h: paying a fee, behind a provider the hall chooses.
 *
 * A provider is the hall's payment platform (a QR code the citizen scans
 * with a phone) or, later, a bank card reader. The kiosk never charges by
 * itself: it asks the provider to open an order for a key it persisted
 * first, and a provider must answer the same order for the same key, so a
 * step replayed after a crash never charges twice. */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef enum {
  ANYI_PAYMENT_PENDING,   /* the citizen has not paid yet: ask again later */
  ANYI_PAYMENT_PAID,      /* the money arrived */
  ANYI_PAYMENT_FAILED,    /* refused by the bank or the platform */
  ANYI_PAYMENT_CANCELLED, /* the citizen cancelled on the phone */
  ANYI_PAYMENT_TIMED_OUT, /* the order expired unpaid */
  ANYI_PAYMENT_REFUNDED,  /* paid, then the money went back to the citizen */
  ANYI_PAYMENT_NUM_OUTCOMES,
} AnyiPaymentOutcome;

/* "pending", "paid", "failed", "cancelled", "timed-out", "refunded": stored and
 * printed. */
const char *anyi_payment_outcome_to_string(AnyiPaymentOutcome outcome);
gboolean anyi_payment_outcome_from_string(const char *name, AnyiPaymentOutcome *outcome);

/* An order as the provider opened it. */
typedef struct {
  char *order_id;
  char *qr_payload; /* what the QR code on the screen encodes */
} AnyiPaymentOrder;

void anyi_payment_order_free(AnyiPaymentOrder *order);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(AnyiPaymentOrder, anyi_payment_order_free)

#define ANYI_PAYMENT_ERROR (anyi_payment_error_quark())
GQuark anyi_payment_error_quark(void);
typedef enum {
  ANYI_PAYMENT_ERROR_UNREACHABLE, /* the platform did not answer: a device failure */
  ANYI_PAYMENT_ERROR_REFUSED,     /* the platform refused the request itself */
} AnyiPaymentError;

#define ANYI_TYPE_PAYMENT_PROVIDER (anyi_payment_provider_get_type())
G_DECLARE_INTERFACE(AnyiPaymentProvider, anyi_payment_provider, ANYI, PAYMENT_PROVIDER, GObject)

struct _AnyiPaymentProviderInterface {
  GTypeInterface parent_iface;

  /* Opens (or, for a key seen before, finds) the order for @key. */
  AnyiPaymentOrder *(*start)(AnyiPaymentProvider *self, const char *key, gint64 amount_fen,
                             const char *description, GError **error);
  /* Where the order stands now. */
  AnyiPaymentOutcome (*query)(AnyiPaymentProvider *self, const char *order_id, GError **error);
  /* A short name stored with each payment ("emulated", "unionpay-qr"). */
  const char *(*get_name)(AnyiPaymentProvider *self);
  /* Closes an unpaid order so it can no longer be paid. Returns where the
   * order ends: CANCELLED (or another unpaid end), or PAID when the money
   * arrived before the cancel did. Cancelling a closed order changes
   * nothing and returns its state. */
  AnyiPaymentOutcome (*cancel)(AnyiPaymentProvider *self, const char *order_id, GError **error);
  /* Gives a paid order's money back. Idempotent: refunding a refunded
   * order succeeds without paying twice. */
  gboolean (*refund)(AnyiPaymentProvider *self, const char *order_id, gint64 amount_fen,
                     GError **error);
  /* Optional: TRUE while a pending order is being paid (the citizen scanned
   * the code and is confirming on the phone: a platform's "user paying"
   * state), FALSE when nothing is happening or the provider cannot tell. */
  gboolean (*in_progress)(AnyiPaymentProvider *self, const char *order_id);
};

AnyiPaymentOrder *anyi_payment_provider_start(AnyiPaymentProvider *self, const char *key,
                                              gint64 amount_fen, const char *description,
                                              GError **error);
/* ANYI_PAYMENT_PENDING with @error set when the provider could not answer. */
AnyiPaymentOutcome anyi_payment_provider_query(AnyiPaymentProvider *self, const char *order_id,
                                               GError **error);
const char *anyi_payment_provider_get_name(AnyiPaymentProvider *self);
/* ANYI_PAYMENT_PENDING with @error set when the provider could not answer. */
AnyiPaymentOutcome anyi_payment_provider_cancel(AnyiPaymentProvider *self, const char *order_id,
                                                GError **error);
gboolean anyi_payment_provider_refund(AnyiPaymentProvider *self, const char *order_id,
                                      gint64 amount_fen, GError **error);
/* TRUE while the platform says the citizen is paying @order_id right now;
 * FALSE when it says nothing is happening, or cannot tell. */
gboolean anyi_payment_provider_in_progress(AnyiPaymentProvider *self, const char *order_id);

G_END_DECLS
