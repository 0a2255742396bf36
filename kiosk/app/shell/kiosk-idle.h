/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kiosk-idle.h: "need more time?" and then a wiped session.
 *
 * Two timers, never a polling loop: one long timeout while the citizen is
 * working, and a one-second countdown only while the question is shown. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct {
  void (*ask)(gpointer data, int seconds_left); /* show the question, or update its countdown */
  void (*dismiss)(gpointer data);               /* the citizen is still here */
  void (*expire)(gpointer data);                /* nobody answered: end the session */
} KioskIdleHandlers;

typedef struct _KioskIdle KioskIdle;

KioskIdle *kiosk_idle_new(const KioskIdleHandlers *handlers, gpointer data);
void kiosk_idle_free(KioskIdle *idle);
void kiosk_idle_set_times(KioskIdle *idle, int timeout_s, int grace_s);
/* Starts watching (a session is running); restarts the long timeout. */
void kiosk_idle_arm(KioskIdle *idle);
/* Stops watching (back on the attract screen). */
void kiosk_idle_disarm(KioskIdle *idle);
/* Any touch or key: restart the long timeout, dismiss the question. */
void kiosk_idle_activity(KioskIdle *idle);
gboolean kiosk_idle_is_asking(KioskIdle *idle);

G_END_DECLS
