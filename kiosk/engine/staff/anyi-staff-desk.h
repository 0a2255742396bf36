/* SPDX-License-Identifier: GPL-3.0-or-later */
/* anyi-staff-desk.h: what hall staff and technicians do at a kiosk: record
 * a paper refill, print the restock slip for the supply room, print test
 * pages.
 *
 * Every action is written to the audit log with the login of whoever did
 * it (@actor). Sentences are in the interface language (gettext); printer
 * faults, which come with both languages, follow @english. */
#pragma once

#include "kiosk/anyi-kiosk.h"

G_BEGIN_DECLS

#define ANYI_TYPE_STAFF_DESK (anyi_staff_desk_get_type())
G_DECLARE_FINAL_TYPE(AnyiStaffDesk, anyi_staff_desk, ANYI, STAFF_DESK, GObject)

AnyiStaffDesk *anyi_staff_desk_new(AnyiKiosk *kiosk);
AnyiKiosk *anyi_staff_desk_get_kiosk(AnyiStaffDesk *self);

/* The printer of @role as staff call it ("收据打印机"). */
const char *anyi_staff_desk_printer_name(AnyiPrinterRole role);
/* What the printer of @role can do now: its worst fault, else whether it
 * prints; "asking" before its first answer. */
const char *anyi_staff_desk_printer_state(AnyiStaffDesk *self, AnyiPrinterRole role,
                                          gboolean english);
/* Paper left in the printer of @role, in percent of a full roll or tray,
 * or -1 when no refill was ever recorded. */
int anyi_staff_desk_paper_left(AnyiStaffDesk *self, AnyiPrinterRole role);

/* @actor refilled the paper of the printer of @role: it is recorded as full. */
gboolean anyi_staff_desk_restock(AnyiStaffDesk *self, AnyiPrinterRole role, const char *actor,
                                 GError **error);
/* @actor leaves staff mode, @why: "exit" (the button), or how the kiosk
 * ended the session ("timeout" when no one touched it). */
void anyi_staff_desk_sign_out(AnyiStaffDesk *self, const char *actor, const char *why);

/* The data of the restock slip (print-templates/restock.json): what each
 * printer lacks and what to do about it, reported by @actor. */
JsonObject *anyi_staff_desk_restock_slip_data(AnyiStaffDesk *self, const char *actor);
/* The data of the test page of the printer of @role (test-receipt.json on
 * the receipt printer, test-page.json on the A4 one): its queue, state,
 * reasons and supplies. */
JsonObject *anyi_staff_desk_test_page_data(AnyiStaffDesk *self, AnyiPrinterRole role,
                                           gboolean english);

/* Prints the restock slip on the receipt printer. The request and its
 * outcome are audit-logged as @actor's, whoever is signed in by the end. */
void anyi_staff_desk_print_restock_slip_async(AnyiStaffDesk *self, const char *actor,
                                              GAsyncReadyCallback callback, gpointer user_data);
/* Prints the test page of the printer of @role, audit-logged as above. */
void anyi_staff_desk_print_test_page_async(AnyiStaffDesk *self, AnyiPrinterRole role,
                                           const char *actor, gboolean english,
                                           GAsyncReadyCallback callback, gpointer user_data);
/* TRUE when the document is on paper; otherwise FALSE and why. */
gboolean anyi_staff_desk_print_finish(AnyiStaffDesk *self, GAsyncResult *result, GError **error);

G_END_DECLS
