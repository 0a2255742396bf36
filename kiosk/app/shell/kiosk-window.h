/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kiosk-window.h: the one full-screen window and the citizen's way through it. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define KIOSK_TYPE_WINDOW (kiosk_window_get_type())
G_DECLARE_FINAL_TYPE(KioskWindow, kiosk_window, KIOSK, WINDOW, GtkApplicationWindow)

typedef struct _KioskApplication KioskApplication;

KioskWindow *kiosk_window_new(KioskApplication *app);
/* The name of the page shown: attract, menu, card, result, finish. */
const char *kiosk_window_get_page(KioskWindow *self);
/* Ends the citizen's session: hands off or abandons the case, wipes what
 * the kiosk holds, and returns to the attract screen. */
void kiosk_window_end_session(KioskWindow *self, const char *why);
/* Staff and technician mode (sign-in first); what a long press on the
 * hall's name opens from the attract screen. */
void kiosk_window_open_staff(KioskWindow *self);
/* Seconds without a touch before "need more time?", and of its countdown
 * (from the settings at start; tests that click faster than a person
 * types change them). */
void kiosk_window_set_idle_times(KioskWindow *self, int timeout_s, int grace_s);
/* Where the citizen was in a window about to be made anew (the language
 * changed), to be taken there in the new one: the page (attract or menu:
 * the language button is on no other), 大字模式, and the menu's search
 * with what was typed in it. */
typedef struct {
  char *page;
  gboolean large_text;
  gboolean searching;
  char *typed;     /* in the search's entry */
  char *composing; /* the search's pinyin letters not yet chosen */
} KioskWindowPlace;

void kiosk_window_save_place(KioskWindow *self, KioskWindowPlace *place);
/* After the window is shown (a page shown starts afresh when it maps). */
void kiosk_window_return_to(KioskWindow *self, const KioskWindowPlace *place);
void kiosk_window_place_clear(KioskWindowPlace *place);

/* Lets the window close (a technician's quit); citizens cannot. */
void kiosk_window_allow_close(KioskWindow *self);

G_END_DECLS
