/* SPDX-License-Identifier: GPL-3.0-or-later */
/* engine-test-util.c: see engine-test-util.h. */
#include "engine-test-util.h"

AnyiStoredCase *
engine_db_only_case(AnyiStore *store)
{
  g_autoptr(GPtrArray) cases = anyi_store_cases_recent(store, 10, NULL);

  g_assert_nonnull(cases);
  g_assert_cmpuint(cases->len, ==, 1);
  return g_steal_pointer(&cases->pdata[0]);
}

static void
check_handoff(AnyiStore *store, gint64 case_id, const EngineScenario *scenario)
{
  g_autoptr(AnyiStoredHandoff) handoff = anyi_store_handoff_for_case(store, case_id, NULL);
  g_autoptr(GPtrArray) open = anyi_store_handoffs_open(store, NULL);

  if (!scenario->expect_reason) {
    g_assert_null(handoff);
    g_assert_cmpuint(open->len, ==, 0);
    return;
  }
  g_assert_nonnull(handoff);
  g_assert_cmpstr(handoff->reason, ==, scenario->expect_reason);
  g_assert_cmpuint(open->len, ==, 1);
}

static void
check_payment(AnyiStore *store, AnyiPaymentEmulated *ledger, gint64 case_id,
              const EngineScenario *scenario)
{
  g_autoptr(AnyiStoredPayment) payment = anyi_store_payment_for_case(store, case_id, NULL);

  if (scenario->expect_paid_fen < 0) {
    g_assert_true(payment == NULL || g_strcmp0(payment->state, "paid") != 0);
    if (ledger)
      g_assert_cmpint(anyi_payment_emulated_get_total_fen(ledger), ==, 0);
    return;
  }
  g_assert_nonnull(payment);
  g_assert_cmpstr(payment->state, ==, "paid");
  g_assert_cmpint(payment->amount_fen, ==, scenario->expect_paid_fen);
  if (ledger) {
    g_assert_cmpuint(anyi_payment_emulated_get_charges(ledger, payment->idempotency_key), ==, 1);
    g_assert_cmpint(anyi_payment_emulated_get_total_fen(ledger), ==, scenario->expect_paid_fen);
  }
}

void
engine_check_outcome(AnyiStore *store, AnyiPaymentEmulated *ledger, const EngineScenario *scenario)
{
  g_autoptr(AnyiStoredCase) stored = engine_db_only_case(store);

  g_assert_cmpstr(stored->state, ==, scenario->expect_state);
  check_handoff(store, stored->id, scenario);
  check_payment(store, ledger, stored->id, scenario);
}
