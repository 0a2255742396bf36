/* SPDX-License-Identifier: GPL-3.0-or-later */
/* engine-test-util.h: the checks every played case must pass. A fresh
 * database per test is a TempStore (temp-store.h). */
#pragma once

#include "cases/anyi-case-script.h"
#include "engine-scenarios.h"
#include "payment/anyi-payment-emulated.h"
#include "temp-store.h"

/* The one case of the database (asserts there is exactly one). */
AnyiStoredCase *engine_db_only_case(AnyiStore *store);

/* Checks the case in @store against @scenario: state, handoff (exactly one,
 * with the reason, or none), payment and charges (at most one, the amount
 * expected). @ledger may be NULL to skip the charges. */
void engine_check_outcome(AnyiStore *store, AnyiPaymentEmulated *ledger,
                          const EngineScenario *scenario);

/* A final case where money was taken owes a paper (handoff slip, refund
 * slip or receipt) stating the amount and the order number, and the store
 * recorded it as a print job with the case's end. */
void engine_check_money_has_paper(AnyiStore *store, AnyiStoredCase *stored);
