/* SPDX-License-Identifier: GPL-3.0-or-later */
/* anyi-case.h: a citizen's case, as an explicit state machine.
 *
 *   started -> collecting -> reviewing -> submitted
 *                                      -> accepted-with-missing-materials
 *   any non-final state -> handed-off | abandoned
 *
 * Every transition is written to the store before it is applied in memory,
 * so what a screen shows has always been persisted first. */
#pragma once

#include "store/anyi-store.h"

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef enum {
  ANYI_CASE_STARTED,
  ANYI_CASE_COLLECTING,
  ANYI_CASE_REVIEWING,
  ANYI_CASE_SUBMITTED,
  ANYI_CASE_ACCEPTED_WITH_MISSING,
  ANYI_CASE_HANDED_OFF,
  ANYI_CASE_ABANDONED,
  ANYI_CASE_NUM_STATES,
} AnyiCaseState;

/* Why a case went to a window; the names are stored and printed. */
typedef enum {
  ANYI_HANDOFF_ESSENTIAL_MATERIAL_MISSING,
  ANYI_HANDOFF_INELIGIBLE,
  ANYI_HANDOFF_SPECIAL_CASE,
  ANYI_HANDOFF_DEVICE_FAILURE,
  ANYI_HANDOFF_CITIZEN_ASKED,
  ANYI_HANDOFF_TOO_MANY_TRIES,
  ANYI_HANDOFF_TIMEOUT,
  ANYI_HANDOFF_UNPAID,
  /* Not a failure: a start-at-kiosk service is prepared here and finished at
   * a window, so its case is handed over on purpose. */
  ANYI_HANDOFF_WINDOW_FINISHES,
  /* The citizen paid and left before the end, and the platform could not
   * give the money back: the window finishes the case or refunds. */
  ANYI_HANDOFF_REFUND_OWED,
  /* A case the kiosk could not resume after a restart (its service gone,
   * its data unreadable): the window sees what was stored. */
  ANYI_HANDOFF_RECOVERY_FAILED,
  /* The citizen called staff to the kiosk and nobody came in time. */
  ANYI_HANDOFF_STAFF_CALL_UNANSWERED,
  ANYI_HANDOFF_NUM_REASONS,
} AnyiHandoffReason;

const char *anyi_case_state_to_string(AnyiCaseState state);
gboolean anyi_case_state_from_string(const char *name, AnyiCaseState *state);
gboolean anyi_case_state_is_final(AnyiCaseState state);
/* NULL-terminated names of the final states, for store queries. */
const char *const *anyi_case_final_state_names(void);
const char *anyi_handoff_reason_to_string(AnyiHandoffReason reason);
/* A sentence for the citizen and the window (zh_CN msgid, translated). */
const char *anyi_handoff_reason_describe(AnyiHandoffReason reason);

typedef struct _AnyiCase AnyiCase;

AnyiCase *anyi_case_start(AnyiStore *store, const char *service_id, char kiosk_letter,
                          GError **error);
/* Reloads a case persisted earlier (after a crash). */
AnyiCase *anyi_case_resume(AnyiStore *store, gint64 case_id, GError **error);
void anyi_case_free(AnyiCase *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(AnyiCase, anyi_case_free)

gint64 anyi_case_get_id(AnyiCase *self);
const char *anyi_case_get_number(AnyiCase *self);
const char *anyi_case_get_service_id(AnyiCase *self);
AnyiCaseState anyi_case_get_state(AnyiCase *self);
/* The data collected so far (owned by the case); change it, then advance or
 * save to persist it. */
JsonObject *anyi_case_get_data(AnyiCase *self);

/* Moves to @to if the state machine allows it, persisting the data with it. */
gboolean anyi_case_advance(AnyiCase *self, AnyiCaseState to, const char *event, const char *detail,
                           GError **error);
/* Persists the data and an event without changing the state. */
gboolean anyi_case_save(AnyiCase *self, const char *event, const char *detail, GError **error);
/* Ends the case at a window with everything collected so far. */
gboolean anyi_case_hand_off(AnyiCase *self, AnyiHandoffReason reason, const char *detail,
                            const char *window, GError **error);
/* As anyi_case_advance and anyi_case_hand_off, recording @documents as owed
 * print jobs in the same transaction (anyi_store_case_finish). */
gboolean anyi_case_advance_owing(AnyiCase *self, AnyiCaseState to, const char *event,
                                 const AnyiStoreDocument *documents, guint n_documents,
                                 GError **error);
gboolean anyi_case_hand_off_owing(AnyiCase *self, AnyiHandoffReason reason, const char *detail,
                                  const char *window, const AnyiStoreDocument *documents,
                                  guint n_documents, GError **error);

#define ANYI_CASE_ERROR (anyi_case_error_quark())
GQuark anyi_case_error_quark(void);
typedef enum {
  ANYI_CASE_ERROR_ILLEGAL_TRANSITION,
} AnyiCaseError;

G_END_DECLS
