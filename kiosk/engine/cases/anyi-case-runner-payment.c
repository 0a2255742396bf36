/* SPDX-License-Identifier: GPL-3.0-or-later */
/* anyi-case-runner-payment.c: the payment step.
 *
 * The payment row (with its idempotency key) is committed before the
 * provider hears of it, and the provider answers the same order for the
 * same key; so whatever point a crash hits, the resumed case finds the
 * order, asks where it stands, and never opens a second charge. */
#include "anyi-case-runner-private.h"

char *
anyi_case_runner_payment_key(AnyiCaseRunner *self)
{
  return g_strdup_printf("anyi-%s-%" G_GINT64_FORMAT, anyi_case_get_number(self->kase),
                         anyi_case_get_id(self->kase));
}

static AnyiStoredPayment *
stored_payment(AnyiCaseRunner *self)
{
  return anyi_store_payment_for_case(self->store, anyi_case_get_id(self->kase), NULL);
}

gboolean
anyi_case_runner_payment_is_paid(AnyiCaseRunner *self)
{
  g_autoptr(AnyiStoredPayment) payment = stored_payment(self);

  return payment && g_strcmp0(payment->state, "paid") == 0;
}

const char *
anyi_case_runner_get_payment_qr(AnyiCaseRunner *self)
{
  return self->qr;
}

static gboolean
check_payment_step(AnyiCaseRunner *self, GError **error)
{
  if (!self->kase || anyi_case_state_is_final(anyi_case_get_state(self->kase))) {
    g_set_error(error, ANYI_CASE_RUNNER_ERROR, ANYI_CASE_RUNNER_ERROR_ENDED, "the case has ended");
    return FALSE;
  }
  if (self->service->steps[self->step].type == ANYI_STEP_PAYMENT)
    return TRUE;
  g_set_error(error, ANYI_CASE_RUNNER_ERROR, ANYI_CASE_RUNNER_ERROR_WRONG_STEP,
              "case %s is not at its payment step", anyi_case_get_number(self->kase));
  return FALSE;
}

static gboolean
is_unpaid_end(const char *state)
{
  return g_strcmp0(state, "failed") == 0 || g_strcmp0(state, "cancelled") == 0 ||
         g_strcmp0(state, "timed-out") == 0;
}

static gboolean
paid(AnyiCaseRunner *self, AnyiStoredPayment *payment, GError **error)
{
  JsonObject *record = anyi_case_runner_member_object(self, "payment");

  json_object_set_int_member(record, "amount_fen", payment->amount_fen);
  json_object_set_string_member(record, "order_id", payment->order_id);
  json_object_set_int_member(anyi_case_runner_member_object(self, "progress"), "step",
                             self->step + 1);
  if (!anyi_case_save(self->kase, "paid", payment->order_id, error))
    return FALSE;
  self->step++;
  return anyi_case_runner_settle(self, error);
}

static gboolean
open_order(AnyiCaseRunner *self, AnyiStoredPayment *payment, GError **error)
{
  g_autoptr(GError) local = NULL;
  g_autoptr(AnyiPaymentOrder) order =
      anyi_payment_provider_start(self->payment, payment->idempotency_key, payment->amount_fen,
                                  self->service->names.zh, &local);

  if (!order) {
    g_warning("case %s: payment platform: %s", anyi_case_get_number(self->kase), local->message);
    return anyi_case_runner_hand_off(self, ANYI_HANDOFF_DEVICE_FAILURE, "payment platform", error);
  }
  if (!anyi_store_payment_update(self->store, anyi_case_get_id(self->kase), "started",
                                 order->order_id, order->qr_payload, error))
    return FALSE;
  g_free(self->qr);
  self->qr = g_strdup(order->qr_payload);
  return TRUE;
}

gboolean
anyi_case_runner_payment_start(AnyiCaseRunner *self, GError **error)
{
  g_autofree char *key = NULL;
  g_autoptr(AnyiStoredPayment) payment = NULL;

  if (!check_payment_step(self, error))
    return FALSE;
  if (!self->payment)
    return anyi_case_runner_hand_off(self, ANYI_HANDOFF_UNPAID, "no payment provider", error);
  key = anyi_case_runner_payment_key(self);
  payment = anyi_store_payment_open(self->store, anyi_case_get_id(self->kase), key,
                                    anyi_payment_provider_get_name(self->payment),
                                    anyi_case_runner_get_amount_fen(self), error);
  if (!payment)
    return FALSE;
  if (g_strcmp0(payment->state, "paid") == 0)
    return paid(self, payment, error);
  if (is_unpaid_end(payment->state))
    return anyi_case_runner_hand_off(self, ANYI_HANDOFF_UNPAID, payment->state, error);
  if (payment->qr_payload) {
    g_free(self->qr);
    self->qr = g_strdup(payment->qr_payload);
    return TRUE;
  }
  return open_order(self, payment, error);
}

gboolean
anyi_case_runner_payment_check(AnyiCaseRunner *self, AnyiPaymentOutcome *outcome, GError **error)
{
  g_autoptr(AnyiStoredPayment) payment = NULL;
  g_autoptr(GError) local = NULL;

  *outcome = ANYI_PAYMENT_PENDING;
  if (!check_payment_step(self, error))
    return FALSE;
  payment = stored_payment(self);
  if (!payment || !payment->order_id || !self->payment) {
    g_set_error(error, ANYI_CASE_RUNNER_ERROR, ANYI_CASE_RUNNER_ERROR_WRONG_STEP,
                "case %s: the payment was not started", anyi_case_get_number(self->kase));
    return FALSE;
  }
  if (g_strcmp0(payment->state, "paid") != 0 && !is_unpaid_end(payment->state)) {
    *outcome = anyi_payment_provider_query(self->payment, payment->order_id, &local);
    if (local) {
      g_warning("case %s: payment platform: %s", anyi_case_get_number(self->kase), local->message);
      return TRUE;
    }
    if (*outcome == ANYI_PAYMENT_PENDING)
      return TRUE;
    if (!anyi_store_payment_update(self->store, anyi_case_get_id(self->kase),
                                   anyi_payment_outcome_to_string(*outcome), NULL, NULL, error))
      return FALSE;
    g_free(payment->state);
    payment->state = g_strdup(anyi_payment_outcome_to_string(*outcome));
  }
  anyi_payment_outcome_from_string(payment->state, outcome);
  if (*outcome == ANYI_PAYMENT_PAID)
    return paid(self, payment, error);
  return anyi_case_runner_hand_off(self, ANYI_HANDOFF_UNPAID, payment->state, error);
}

/* ---- before the case ends short ---- */

static void
remember_paid(AnyiCaseRunner *self, AnyiStoredPayment *payment)
{
  JsonObject *record = anyi_case_runner_member_object(self, "payment");

  json_object_set_int_member(record, "amount_fen", payment->amount_fen);
  json_object_set_string_member(record, "order_id", payment->order_id);
  json_object_set_string_member(record, "state", payment->state);
}

/* A payment recorded before the platform answered has no order id yet: the
 * platform finds the order again by its key (it opens none twice). */
static gboolean
find_order(AnyiCaseRunner *self, AnyiStoredPayment *payment, GError **error)
{
  g_autoptr(GError) local = NULL;
  g_autoptr(AnyiPaymentOrder) order = NULL;

  if (payment->order_id)
    return TRUE;
  order = anyi_payment_provider_start(self->payment, payment->idempotency_key, payment->amount_fen,
                                      self->service->names.zh, &local);
  if (!order) {
    g_warning("case %s: payment platform: %s", anyi_case_get_number(self->kase), local->message);
    return TRUE;
  }
  if (!anyi_store_payment_update(self->store, anyi_case_get_id(self->kase), payment->state,
                                 order->order_id, order->qr_payload, error))
    return FALSE;
  payment->order_id = g_strdup(order->order_id);
  return TRUE;
}

/* Where the platform says an open order ends: asked once more, then
 * cancelled when still unpaid. A citizen who paid between two polls (or
 * while the cancel was on its way) is found paid. */
static AnyiPaymentOutcome
close_order(AnyiCaseRunner *self, const char *order_id, GError **error)
{
  AnyiPaymentOutcome outcome = anyi_payment_provider_query(self->payment, order_id, error);

  if (error && *error)
    return ANYI_PAYMENT_PENDING;
  if (outcome == ANYI_PAYMENT_PENDING)
    outcome = anyi_payment_provider_cancel(self->payment, order_id, error);
  return outcome;
}

gboolean
anyi_case_runner_payment_last_ask(AnyiCaseRunner *self, GError **error)
{
  g_autoptr(AnyiStoredPayment) payment = self->kase ? stored_payment(self) : NULL;
  g_autoptr(GError) local = NULL;
  AnyiPaymentOutcome outcome;

  if (!payment || !self->payment || is_unpaid_end(payment->state) ||
      g_str_equal(payment->state, "refunded"))
    return TRUE;
  if (!find_order(self, payment, error))
    return FALSE;
  if (!payment->order_id)
    return TRUE;
  if (g_str_equal(payment->state, "paid")) {
    /* a refund the kiosk did not live to record */
    outcome = anyi_payment_provider_query(self->payment, payment->order_id, &local);
    if (!local && outcome != ANYI_PAYMENT_REFUNDED)
      outcome = ANYI_PAYMENT_PAID;
  } else {
    outcome = close_order(self, payment->order_id, &local);
  }
  if (local) {
    g_warning("case %s: payment platform, asked before the case ends: %s",
              anyi_case_get_number(self->kase), local->message);
    return TRUE; /* the state stays unknown: the window checks the order */
  }
  if (g_strcmp0(payment->state, anyi_payment_outcome_to_string(outcome)) != 0) {
    if (!anyi_store_payment_update(self->store, anyi_case_get_id(self->kase),
                                   anyi_payment_outcome_to_string(outcome), NULL, NULL, error))
      return FALSE;
    g_free(payment->state);
    payment->state = g_strdup(anyi_payment_outcome_to_string(outcome));
    g_message("case %s: payment %s found %s at the last ask", anyi_case_get_number(self->kase),
              payment->order_id, payment->state);
  }
  if (outcome == ANYI_PAYMENT_PAID || outcome == ANYI_PAYMENT_REFUNDED)
    remember_paid(self, payment);
  return TRUE;
}

AnyiCasePaymentStanding
anyi_case_runner_payment_standing(AnyiCaseRunner *self)
{
  g_autoptr(AnyiStoredPayment) payment = self->kase ? stored_payment(self) : NULL;

  if (!payment || is_unpaid_end(payment->state))
    return ANYI_CASE_PAYMENT_NONE;
  if (g_str_equal(payment->state, "paid"))
    return ANYI_CASE_PAYMENT_PAID;
  if (g_str_equal(payment->state, "refunded"))
    return ANYI_CASE_PAYMENT_REFUNDED;
  return ANYI_CASE_PAYMENT_UNKNOWN;
}

gboolean
anyi_case_runner_payment_refund(AnyiCaseRunner *self, gboolean *refunded, GError **error)
{
  g_autoptr(AnyiStoredPayment) payment = stored_payment(self);
  g_autoptr(GError) local = NULL;

  *refunded = FALSE;
  if (payment && g_str_equal(payment->state, "refunded")) {
    /* refunded before a crash, the case not yet ended */
    remember_paid(self, payment);
    *refunded = TRUE;
    return TRUE;
  }
  if (!payment || !payment->order_id || !self->payment || !g_str_equal(payment->state, "paid"))
    return TRUE;
  if (!anyi_payment_provider_refund(self->payment, payment->order_id, payment->amount_fen,
                                    &local)) {
    g_warning("case %s: refund of %s refused: %s", anyi_case_get_number(self->kase),
              payment->order_id, local->message);
    return TRUE;
  }
  if (!anyi_store_payment_update(self->store, anyi_case_get_id(self->kase), "refunded", NULL, NULL,
                                 error))
    return FALSE;
  g_free(payment->state);
  payment->state = g_strdup("refunded");
  remember_paid(self, payment);
  *refunded = TRUE;
  return TRUE;
}

void
anyi_case_runner_payment_recall(AnyiCaseRunner *self)
{
  g_autoptr(AnyiStoredPayment) payment = NULL;
  JsonObject *record = anyi_case_runner_peek_object(self, "payment");

  if (record && json_object_has_member(record, "order_id"))
    return;
  payment = stored_payment(self);
  if (payment && payment->order_id &&
      (g_str_equal(payment->state, "paid") || g_str_equal(payment->state, "refunded")))
    remember_paid(self, payment);
}

gboolean
anyi_case_runner_payment_in_progress(AnyiCaseRunner *self)
{
  g_autoptr(AnyiStoredPayment) payment = NULL;

  g_return_val_if_fail(ANYI_IS_CASE_RUNNER(self), FALSE);
  if (!self->kase || !self->payment || anyi_case_state_is_final(anyi_case_get_state(self->kase)))
    return FALSE;
  payment = stored_payment(self);
  return payment && payment->order_id && g_strcmp0(payment->state, "paid") != 0 &&
         !is_unpaid_end(payment->state) &&
         anyi_payment_provider_in_progress(self->payment, payment->order_id);
}
