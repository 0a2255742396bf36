/* SPDX-License-Identifier: GPL-3.0-or-later */
/* anyi-case-script.h: a case written down, to replay it headless.
 *
 * A script says what the citizen and the devices do; the player feeds it to
 * a runner step by step, reading the step the runner shows, so the same
 * script also finishes a case resumed after a crash. The format is in
 * docs of `anyictl case run` (kiosk/anyictl/anyictl-case.c):
 *
 *   { "service": "idcard-renewal", "today": "2026-11-30",
 *     "kiosk": { "letter": "A", "window": "5", "has_fingerprint_reader": true,
 *                "max_card_tries": 3, "max_photo_tries": 3, "commitment_days": 10,
 *                "hall": "...", "kiosk_id": "..." },
 *     "card": { "type": "resident", "name": "...", "sex": "1", "birth": "19900101",
 *               "id_number": "...", "address": "...", "valid_to": "20300101" },
 *     "card_failures": 0, "photo_failures": 0,
 *     "answers": { "question-id": false },      (default: the eligible answer)
 *     "form": { "field-id": "value" },
 *     "missing": [ "material-id" ],             (the rest is captured)
 *     "commit_to_missing": true,
 *     "payment": { "outcome": "paid" },         (paid, failed, cancelled, timed-out, pending)
 *     "interrupt": { "step": 2, "event": "help" } }   (help, timeout, device-failure, abandon)
 */
#pragma once

#include "cases/anyi-case-runner.h"

G_BEGIN_DECLS

#define ANYI_CASE_SCRIPT_ERROR (anyi_case_script_error_quark())
GQuark anyi_case_script_error_quark(void);
typedef enum {
  ANYI_CASE_SCRIPT_ERROR_INVALID, /* the script is not what the format says */
} AnyiCaseScriptError;

typedef struct _AnyiCaseScript AnyiCaseScript;

AnyiCaseScript *anyi_case_script_load(const char *path, GError **error);
AnyiCaseScript *anyi_case_script_new_from_data(const char *json, GError **error);
void anyi_case_script_free(AnyiCaseScript *script);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(AnyiCaseScript, anyi_case_script_free)

const char *anyi_case_script_get_service(AnyiCaseScript *script);
void anyi_case_script_get_today(AnyiCaseScript *script, GDate *today);
/* The kiosk part; strings stay owned by the script. */
void anyi_case_script_get_config(AnyiCaseScript *script, AnyiCaseRunnerConfig *config);
AnyiPaymentOutcome anyi_case_script_get_payment_outcome(AnyiCaseScript *script);

/* Plays the script on @runner (started or resumed) until the case ends or
 * the script has nothing more for the step shown (a form value it gave was
 * refused, or a payment left pending). Form problems met are added to
 * @problems (AnyiCaseFieldProblem) when not NULL. */
gboolean anyi_case_script_play(AnyiCaseScript *script, AnyiCaseRunner *runner, GPtrArray *problems,
                               GError **error);

G_END_DECLS
