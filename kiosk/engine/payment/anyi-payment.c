/* SPDX-License-Identifier: GPL-3.0-or-later */
/* anyi-payment.c: the provider interface and its outcome names. */
#include "anyi-payment.h"

/* clang-format off */
G_DEFINE_QUARK(anyi-payment-error-quark, anyi_payment_error)
/* clang-format on */
G_DEFINE_INTERFACE(AnyiPaymentProvider, anyi_payment_provider, G_TYPE_OBJECT)

static const char *const outcome_names[ANYI_PAYMENT_NUM_OUTCOMES] = {
    [ANYI_PAYMENT_PENDING] = "pending",     [ANYI_PAYMENT_PAID] = "paid",
    [ANYI_PAYMENT_FAILED] = "failed",       [ANYI_PAYMENT_CANCELLED] = "cancelled",
    [ANYI_PAYMENT_TIMED_OUT] = "timed-out", [ANYI_PAYMENT_REFUNDED] = "refunded",
};

static void
anyi_payment_provider_default_init(AnyiPaymentProviderInterface *iface)
{
  (void)iface;
}

const char *
anyi_payment_outcome_to_string(AnyiPaymentOutcome outcome)
{
  g_return_val_if_fail(outcome < ANYI_PAYMENT_NUM_OUTCOMES, NULL);
  return outcome_names[outcome];
}

gboolean
anyi_payment_outcome_from_string(const char *name, AnyiPaymentOutcome *outcome)
{
  for (int i = 0; i < ANYI_PAYMENT_NUM_OUTCOMES; i++)
    if (g_strcmp0(outcome_names[i], name) == 0) {
      *outcome = (AnyiPaymentOutcome)i;
      return TRUE;
    }
  return FALSE;
}

void
anyi_payment_order_free(AnyiPaymentOrder *order)
{
  if (!order)
    return;
  g_free(order->order_id);
  g_free(order->qr_payload);
  g_free(order);
}

AnyiPaymentOrder *
anyi_payment_provider_start(AnyiPaymentProvider *self, const char *key, gint64 amount_fen,
                            const char *description, GError **error)
{
  g_return_val_if_fail(ANYI_IS_PAYMENT_PROVIDER(self), NULL);
  g_return_val_if_fail(key && *key && amount_fen > 0, NULL);
  return ANYI_PAYMENT_PROVIDER_GET_IFACE(self)->start(self, key, amount_fen, description, error);
}

AnyiPaymentOutcome
anyi_payment_provider_query(AnyiPaymentProvider *self, const char *order_id, GError **error)
{
  g_return_val_if_fail(ANYI_IS_PAYMENT_PROVIDER(self), ANYI_PAYMENT_PENDING);
  return ANYI_PAYMENT_PROVIDER_GET_IFACE(self)->query(self, order_id, error);
}

const char *
anyi_payment_provider_get_name(AnyiPaymentProvider *self)
{
  g_return_val_if_fail(ANYI_IS_PAYMENT_PROVIDER(self), NULL);
  return ANYI_PAYMENT_PROVIDER_GET_IFACE(self)->get_name(self);
}

AnyiPaymentOutcome
anyi_payment_provider_cancel(AnyiPaymentProvider *self, const char *order_id, GError **error)
{
  g_return_val_if_fail(ANYI_IS_PAYMENT_PROVIDER(self), ANYI_PAYMENT_PENDING);
  g_return_val_if_fail(order_id != NULL, ANYI_PAYMENT_PENDING);
  return ANYI_PAYMENT_PROVIDER_GET_IFACE(self)->cancel(self, order_id, error);
}

gboolean
anyi_payment_provider_refund(AnyiPaymentProvider *self, const char *order_id, gint64 amount_fen,
                             GError **error)
{
  g_return_val_if_fail(ANYI_IS_PAYMENT_PROVIDER(self), FALSE);
  g_return_val_if_fail(order_id != NULL && amount_fen > 0, FALSE);
  return ANYI_PAYMENT_PROVIDER_GET_IFACE(self)->refund(self, order_id, amount_fen, error);
}

gboolean
anyi_payment_provider_in_progress(AnyiPaymentProvider *self, const char *order_id)
{
  AnyiPaymentProviderInterface *iface;

  g_return_val_if_fail(ANYI_IS_PAYMENT_PROVIDER(self), FALSE);
  g_return_val_if_fail(order_id != NULL, FALSE);
  iface = ANYI_PAYMENT_PROVIDER_GET_IFACE(self);
  return iface->in_progress && iface->in_progress(self, order_id);
}
