/* engine-test-util.h: a fresh database per test and the checks every
 * played case must pass. */
#pragma once

#include "cases/anyi-case-script.h"
#include "engine-scenarios.h"
#include "payment/anyi-payment-emulated.h"

typedef struct {
  char *dir;
  char *db_path;
  char *ledger_path;
  AnyiStore *store;
} EngineDb;

/* A fresh folder and the paths in it; nothing is created there yet. */
void engine_db_prepare(EngineDb *db);
/* Prepares and opens the store. */
void engine_db_open(EngineDb *db);
void engine_db_close(EngineDb *db);

/* The one case of the database (asserts there is exactly one). */
AnyiStoredCase *engine_db_only_case(AnyiStore *store);

/* Checks the case in @store against @scenario: state, handoff (exactly one,
 * with the reason, or none), payment and charges (at most one, the amount
 * expected). @ledger may be NULL to skip the charges. */
void engine_check_outcome(AnyiStore *store, AnyiPaymentEmulated *ledger,
                          const EngineScenario *scenario);
