/* kiosk-window-private.h: shared by the window's own files only. */
#pragma once

#include "kiosk-application.h"
#include "kiosk-attract-page.h"
#include "kiosk-card-page.h"
#include "kiosk-finish-page.h"
#include "kiosk-idle.h"
#include "kiosk-menu-page.h"
#include "kiosk-result-page.h"
#include "kiosk-session.h"
#include "kiosk-staff-page.h"
#include "kiosk-window.h"

typedef struct _KioskRunnerFlow KioskRunnerFlow;

struct _KioskWindow {
  GtkApplicationWindow parent_instance;

  KioskApplication *app; /* not owned: the application outlives its window */
  AnyiKiosk *kiosk;      /* the application's */
  KioskSession *session;
  KioskRunnerFlow *runner_flow; /* services played by the case engine */
  KioskIdle *idle;
  guint clock_id;
  guint staff_hold_id; /* the hall's name held down: staff mode soon */
  gulong idcard_handlers[4];
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

void kiosk_window_show_page(KioskWindow *self, const char *name);
/* Speaks @text (the same words the screen shows), replacing what is said. */
void kiosk_window_say(KioskWindow *self, const char *text);
void kiosk_window_refresh_availability(KioskWindow *self);

/* kiosk-window-flow.c: the citizen's way through the pages. */
void kiosk_window_flow_bind(GtkWidgetClass *widget_class);
void kiosk_window_flow_connect_devices(KioskWindow *self);
void kiosk_window_flow_disconnect_devices(KioskWindow *self);
void kiosk_window_flow_fill_menu(KioskWindow *self);
void kiosk_window_flow_end(KioskWindow *self, const char *why);

/* kiosk-window-runner.c: every other service, played by the case engine. */
void kiosk_window_runner_start(KioskWindow *self, const char *service_id);
gboolean kiosk_window_runner_active(KioskWindow *self);
void kiosk_window_runner_card_confirmed(KioskWindow *self, const AnyiIdCard *card);
void kiosk_window_runner_card_failed(KioskWindow *self, const char *why,
                                     gboolean citizen_can_retry);
void kiosk_window_runner_help(KioskWindow *self);
void kiosk_window_runner_end(KioskWindow *self, const char *why);
void kiosk_window_runner_free(KioskWindow *self);
