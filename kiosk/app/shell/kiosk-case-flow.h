/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kiosk-case-flow.h: the citizen's case, played by the case engine
 * (AnyiCaseRunner) on the window's pages.
 *
 * Whatever the service, the runner decides what comes next and the flow
 * only shows it: the card page, the step pages (made on first use), the
 * back office's answer on the result page, and the finish page once the
 * documents are printed. The window places the pages and hears from the
 * flow through signals:
 *   "say"       (const char *sentence) words to speak (the same as shown)
 *   "show-page" (const char *name)     a page of the window's stack to show
 *   "ended"     (const char *why)      the case is over without a finish
 *                                      page ("abandoned", "store-failure"):
 *                                      end the session */
#pragma once

#include "kiosk-card-page.h"
#include "kiosk-finish-page.h"
#include "kiosk-result-page.h"
#include "kiosk/anyi-kiosk.h"

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define KIOSK_TYPE_CASE_FLOW (kiosk_case_flow_get_type())
G_DECLARE_FINAL_TYPE(KioskCaseFlow, kiosk_case_flow, KIOSK, CASE_FLOW, GObject)

/* @text in the interface language. */
typedef const char *(*KioskTextFunc)(const AnyiText *text, gpointer user_data);

/* What the flow plays on; the pages are the window's and must outlive the
 * flow's use of them (the window ends the flow before it goes). */
typedef struct {
  AnyiKiosk *kiosk;
  GtkStack *pages; /* the step pages are added here, named after their step */
  KioskCardPage *card_page;
  KioskResultPage *result_page;
  KioskFinishPage *finish_page;
  KioskTextFunc text;
  gpointer text_data;
  gboolean english; /* for the pages that write their own sentences */
} KioskCaseFlowSetup;

KioskCaseFlow *kiosk_case_flow_new(const KioskCaseFlowSetup *setup);
/* Starts a case of @service_id at its first step. */
void kiosk_case_flow_start(KioskCaseFlow *self, const char *service_id);
/* The help button: the case goes to the window with what was collected;
 * with no case, the citizen is told where help is. */
void kiosk_case_flow_help(KioskCaseFlow *self);
/* The citizen called staff to the kiosk and nobody came in time: the case
 * goes to the window (reason staff-call-unanswered); with no case, the
 * citizen is told where help is. */
void kiosk_case_flow_staff_call_unanswered(KioskCaseFlow *self);
/* The number of the open case, or NULL outside a case. */
const char *kiosk_case_flow_get_case_number(KioskCaseFlow *self);
/* The citizen walked away ("timeout") or left: the runner decides between
 * a handoff and abandoning, then every trace of the citizen leaves the
 * pages the flow made. */
/* TRUE while a case is open: leaving now would lose what the citizen gave. */
gboolean kiosk_case_flow_in_case(KioskCaseFlow *self);
/* A card read at the attract or menu screen, before any case: the next case
 * shows it for confirmation at its card step instead of asking for it again.
 * It is held in the session and wiped with it. */
void kiosk_case_flow_keep_card(KioskCaseFlow *self, const AnyiIdCard *card);
void kiosk_case_flow_end(KioskCaseFlow *self, const char *why);

G_END_DECLS
