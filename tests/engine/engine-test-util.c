/* SPDX-License-Identifier: GPL-3.0-or-later */
/* engine-test-util.c: see engine-test-util.h. */
#include "engine-test-util.h"

#include <string.h>

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
  g_assert_cmpint(payment->amount_fen, ==, scenario->expect_paid_fen);
  if (scenario->expect_refund) {
    g_assert_cmpstr(payment->state, ==, "refunded");
    if (ledger) {
      g_assert_cmpuint(anyi_payment_emulated_get_charges(ledger, payment->idempotency_key), ==, 1);
      g_assert_cmpuint(anyi_payment_emulated_get_refunds(ledger, payment->idempotency_key), ==, 1);
      g_assert_cmpint(anyi_payment_emulated_get_total_fen(ledger), ==, 0);
    }
    return;
  }
  g_assert_cmpstr(payment->state, ==, "paid");
  if (ledger) {
    g_assert_cmpuint(anyi_payment_emulated_get_charges(ledger, payment->idempotency_key), ==, 1);
    g_assert_cmpint(anyi_payment_emulated_get_total_fen(ledger), ==, scenario->expect_paid_fen);
  }
}

/* A paper naming @order_id and @amount_fen is among the documents the case
 * owes (stored with the case's end): a handoff slip or a refund slip. */
static gboolean
paper_names_payment(JsonArray *print, const char *order_id, gint64 amount_fen)
{
  g_autofree char *yuan = anyi_yuan_text(amount_fen);

  for (guint i = 0; print && i < json_array_get_length(print); i++) {
    JsonObject *doc = json_array_get_object_element(print, i);
    g_autoptr(JsonNode) data =
        json_node_init_object(json_node_alloc(), json_object_get_object_member(doc, "data"));
    g_autofree char *text = json_to_string(data, FALSE);
    if (strstr(text, order_id) && strstr(text, yuan))
      return TRUE;
  }
  return FALSE;
}

static gboolean
job_owed(GPtrArray *jobs, const char *template_name)
{
  for (guint i = 0; jobs && i < jobs->len; i++)
    if (g_str_equal(((AnyiStoredPrintJob *)jobs->pdata[i])->template_name, template_name))
      return TRUE;
  return FALSE;
}

void
engine_check_money_has_paper(AnyiStore *store, AnyiStoredCase *stored)
{
  g_autoptr(AnyiStoredPayment) payment = anyi_store_payment_for_case(store, stored->id, NULL);
  g_autoptr(GPtrArray) jobs = anyi_store_print_jobs_for_case(store, stored->id, NULL);
  g_autoptr(JsonNode) node = json_from_string(stored->data_json, NULL);
  JsonObject *data = node ? json_node_get_object(node) : NULL;
  JsonArray *print = NULL;
  AnyiCaseState state;

  g_assert_true(anyi_case_state_from_string(stored->state, &state));
  if (!payment || !anyi_case_state_is_final(state) ||
      !(g_str_equal(payment->state, "paid") || g_str_equal(payment->state, "refunded")))
    return;
  if (data && json_object_has_member(data, "print"))
    print = json_object_get_array_member(data, "print");
  if (!paper_names_payment(print, payment->order_id, payment->amount_fen))
    g_error("case %s (%s) took %" G_GINT64_FORMAT " fen (order %s) and owes no paper naming it",
            stored->number, stored->state, payment->amount_fen, payment->order_id);
  /* and the store recorded the paper with the end of the case */
  g_assert_true(job_owed(jobs, "handoff-slip") || job_owed(jobs, "refund-slip") ||
                job_owed(jobs, "receipt"));
}

void
engine_check_outcome(AnyiStore *store, AnyiPaymentEmulated *ledger, const EngineScenario *scenario)
{
  g_autoptr(AnyiStoredCase) stored = engine_db_only_case(store);

  g_assert_cmpstr(stored->state, ==, scenario->expect_state);
  check_handoff(store, stored->id, scenario);
  check_payment(store, ledger, stored->id, scenario);
  engine_check_money_has_paper(store, stored);
}
