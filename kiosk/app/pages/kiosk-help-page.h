/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kiosk-help-page.h: 人工帮助 in plain words. First a choice: ask staff to
 * come to this kiosk, or go to a window; then, while a call waits, how long
 * the citizen has waited and a way to cancel.
 *
 * Signals (the window acts on them):
 *   "call-staff"    请工作人员过来
 *   "go-to-window"  去窗口办理
 *   "back"          不用了，继续 (no call was made)
 *   "cancel-call"   取消呼叫
 *   "staff-arrived" 工作人员已到达 (staff sign in to answer the call) */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define KIOSK_TYPE_HELP_PAGE (kiosk_help_page_get_type())
G_DECLARE_FINAL_TYPE(KioskHelpPage, kiosk_help_page, KIOSK, HELP_PAGE, GtkBox)

/* The choice; @in_case: what was filled in is kept while staff come. */
void kiosk_help_page_show_choice(KioskHelpPage *self, gboolean in_case);
/* The call is raised: the waiting view, waited 0 s. */
void kiosk_help_page_show_waiting(KioskHelpPage *self);
void kiosk_help_page_set_waited(KioskHelpPage *self, int seconds);
/* Staff answered the call elsewhere (a window console): they are coming. */
void kiosk_help_page_show_answered(KioskHelpPage *self);

G_END_DECLS
