/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kiosk-result-page.h: the answer to the citizen's query. */
#pragma once

#include "hall/anyi-hall.h"
#include "ledger/anyi-ledger.h"

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define KIOSK_TYPE_RESULT_PAGE (kiosk_result_page_get_type())
G_DECLARE_FINAL_TYPE(KioskResultPage, kiosk_result_page, KIOSK, RESULT_PAGE, GtkBox)

void kiosk_result_page_show_progress(KioskResultPage *self, const char *case_number,
                                     const AnyiIdProgress *progress);
/* The window's decision on the citizen's case (outcome with its reason,
 * when, which window, its note and what to do next); NULL hides it. */
void kiosk_result_page_show_window_answer(KioskResultPage *self, const AnyiLedgerAnswer *decided);
/* Says why the receipt cannot be printed here now (@reason), or nothing. */
void kiosk_result_page_set_receipt_available(KioskResultPage *self, const char *reason);
void kiosk_result_page_reset(KioskResultPage *self);

G_END_DECLS
