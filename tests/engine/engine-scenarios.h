/* SPDX-License-Identifier: GPL-3.0-or-later */
/* engine-scenarios.h: case scripts generated from the catalogue.
 *
 * For each service: its happy path and every way it can stop short that
 * its data allows (a help press, a device failure and a timeout at each
 * step, abandoning, failed card and photo tries, a card or age it does not
 * take, each ineligible answer, each material lacking, each payment outcome,
 * each waiver, a kiosk without a fingerprint reader, each form field
 * refused). A new service is covered without writing a test. */
#pragma once

#include "catalogue/catalogue.h"

typedef struct {
  char *name;              /* service-id/what */
  char *script;            /* JSON for anyi_case_script_new_from_data / anyictl case run */
  char *expect_state;      /* the case's final state, or the state it stops in */
  char *expect_reason;     /* the handoff reason, or NULL */
  gint64 expect_paid_fen;  /* -1: no payment expected */
  gboolean expect_stopped; /* the script stops at a step (a form value refused, unpaid yet) */
  gboolean expect_notice;  /* a one-time notice is among the documents */
  gboolean expect_refund;  /* paid, then left: the fee went back (expect_paid_fen) */
} EngineScenario;

#define ENGINE_TODAY "2026-11-30"

void engine_scenario_free(EngineScenario *scenario);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(EngineScenario, engine_scenario_free)

/* Every scenario of @service (EngineScenario, owned). */
GPtrArray *engine_scenarios_for_service(const AnyiService *service);
/* The happy path alone. */
EngineScenario *engine_scenario_happy(const AnyiService *service);

/* The catalogue the tests play: $ANYI_TEST_SERVICES_DIR. */
AnyiCatalogue *engine_test_catalogue(void);
