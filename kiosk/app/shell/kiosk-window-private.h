/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kiosk-window-private.h: shared by the window's own files only. */
#pragma once

#include "kiosk-application.h"
#include "kiosk-attract-page.h"
#include "kiosk-card-page.h"
#include "kiosk-case-flow.h"
#include "kiosk-finish-page.h"
#include "kiosk-help-page.h"
#include "kiosk-idle.h"
#include "kiosk-menu-page.h"
#include "kiosk-out-of-service-page.h"
#include "kiosk-result-page.h"
#include "kiosk-staff-page.h"
#include "kiosk-window.h"

struct _KioskWindow {
  GtkApplicationWindow parent_instance;

  KioskApplication *app;    /* not owned: the application outlives its window */
  AnyiKiosk *kiosk;         /* the application's */
  KioskCaseFlow *case_flow; /* the citizen's case, on the pages below */
  KioskIdle *idle;
  guint clock_id;
  guint staff_hold_id; /* the hall's name held down: staff mode soon */
  gulong clicked_hook; /* any button of this window pressed, however */
  int snapshot_count;
  gboolean reader_ok; /* the menu was last filled with the reader usable */

  GtkStack *pages;
  GtkLabel *hall_name;
  GtkLabel *clock;
  GtkWidget *language_button;
  GtkToggleButton *large_text_button;
  GtkWidget *help_button;
  GtkWidget *footer;
  GtkWidget *idle_prompt;
  GtkLabel *idle_countdown;
  GtkWidget *leave_prompt; /* 返回首页 pressed in a case: asked once */
  KioskAttractPage *attract_page;
  KioskMenuPage *menu_page;
  KioskCardPage *card_page;
  KioskResultPage *result_page;
  KioskFinishPage *finish_page;
  KioskStaffPage *staff_page; /* made the first time staff sign in */
  KioskOutOfServicePage *out_of_service_page;
  /* 人工帮助 (kiosk-window-help.c) */
  KioskHelpPage *help_page;
  char *help_return;      /* the page where the citizen asked for help */
  gint64 help_call_id;    /* the staff call this session raised, 0 when none */
  gint64 help_call_since; /* monotonic µs */
  gboolean help_call_answered;
  guint help_tick_id;
};

/* kiosk-window-devices.c: what the kiosk can do right now. */
void kiosk_window_watch_devices(KioskWindow *self);
void kiosk_window_unwatch_devices(KioskWindow *self);
void kiosk_window_fill_menu(KioskWindow *self);
void kiosk_window_refresh_availability(KioskWindow *self);
void kiosk_window_devices_end_session(KioskWindow *self);
/* The kiosk cannot serve now (AnyiKioskHealth's reason): every page but
 * staff mode's is the out-of-service page. */
gboolean kiosk_window_out_of_service(KioskWindow *self);
/* Shows the out-of-service page, or leaves it, as the kiosk's health says. */
void kiosk_window_follow_health(KioskWindow *self);

/* kiosk-window-help.c: 人工帮助, staff called to the kiosk. */
void kiosk_window_help_init(KioskWindow *self);
void kiosk_window_help_watch_staff(KioskWindow *self);
/* 退出 in staff mode while a call waits: TRUE when the citizen's case was
 * shown again (the call answered) or the waiting screen (not yet). */
gboolean kiosk_window_help_leave_staff(KioskWindow *self);
void kiosk_window_help_open(KioskWindow *self);
/* TRUE while a staff call waits: the idle timer must not wipe the session. */
gboolean kiosk_window_help_holds_session(KioskWindow *self);
void kiosk_window_help_end_session(KioskWindow *self);
void kiosk_window_help_dispose(KioskWindow *self);
/* kiosk-window-card-first.c: a card placed before a service is chosen. */
void kiosk_window_card_first_watch(KioskWindow *self);
void kiosk_window_card_first_follow_page(KioskWindow *self, const char *page);
void kiosk_window_card_first_end_session(KioskWindow *self);

/* kiosk-window.c */
void kiosk_window_say(KioskWindow *self, const char *text);
void kiosk_window_show_page(KioskWindow *self, const char *name);
