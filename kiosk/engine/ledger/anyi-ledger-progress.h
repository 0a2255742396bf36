/* SPDX-License-Identifier: GPL-3.0-or-later */
/* anyi-ledger-progress.h: the loop closes at the kiosk. The ID card
 * progress query answers with the hall's back office and, when a window
 * has decided a case of the same ID number, with the window's outcome and
 * its note for the citizen, read from the ledger. */
#pragma once

#include "cases/anyi-case-hall.h"
#include "ledger/anyi-ledger.h"

G_BEGIN_DECLS

typedef struct {
  AnyiHall *hall;
  AnyiLedger *ledger; /* may be NULL: the hall's answer alone */
} AnyiLedgerBackOffice;

/* An AnyiCaseResultFunc: pass an AnyiLedgerBackOffice as @back_office.
 * The answer of anyi_case_hall_answers() with, when the window decided a
 * case, a "window" member (case_number, outcome, label, reason, window,
 * at, note) and the receipt lines "窗口办理结果" and "窗口留言". */
JsonObject *anyi_ledger_progress_answers(const AnyiService *service, JsonObject *card,
                                         gpointer back_office, GError **error);
/* The window's outcome in such an answer, for the result screen; NULL when
 * the window has decided nothing (or the member is not understood). */
AnyiLedgerAnswer *anyi_ledger_progress_window_answer(JsonObject *answer);

G_END_DECLS
