/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kiosk-window-private.h: shared by the window's own files only. */
#pragma once

#include "kiosk-application.h"
#include "kiosk-attract-page.h"
#include "kiosk-card-page.h"
#include "kiosk-case-flow.h"
#include "kiosk-finish-page.h"
#include "kiosk-idle.h"
#include "kiosk-menu-page.h"
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
  KioskAttractPage *attract_page;
  KioskMenuPage *menu_page;
  KioskCardPage *card_page;
  KioskResultPage *result_page;
  KioskFinishPage *finish_page;
  KioskStaffPage *staff_page; /* made the first time staff sign in */
};

/* kiosk-window-devices.c: what the kiosk can do right now. */
void kiosk_window_watch_devices(KioskWindow *self);
void kiosk_window_unwatch_devices(KioskWindow *self);
void kiosk_window_fill_menu(KioskWindow *self);
void kiosk_window_refresh_availability(KioskWindow *self);
void kiosk_window_devices_end_session(KioskWindow *self);
