/* SPDX-License-Identifier: GPL-3.0-or-later */
/* anyi-case-hall.h: the hall's back office answering a case's result step.
 *
 * The runner's ask_back_office hook (AnyiCaseResultFunc) for a hall whose
 * back office is an AnyiHall: it answers the ID card progress query. The
 * answer holds the receipt's lines, the line for a handoff slip and the
 * progress the result page shows ("progress": stage, application,
 * applied_on, expected_on, pickup_place). */
#pragma once

#include "cases/anyi-case-runner.h"
#include "hall/anyi-hall.h"

G_BEGIN_DECLS

/* Pass the AnyiHall as @hall (back_office_data). Other services ask
 * nothing: NULL without an error. */
JsonObject *anyi_case_hall_answers(const AnyiService *service, JsonObject *card, gpointer hall,
                                   GError **error);

/* The progress in an answer of anyi_case_hall_answers(), for the result
 * page; NULL when the answer holds none. */
AnyiIdProgress *anyi_case_hall_answer_progress(JsonObject *answer);

G_END_DECLS
