/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kiosk-session.h: what the kiosk holds about the citizen in front of it.
 *
 * Everything personal the GTK layer keeps lives here and nowhere else, so
 * one call wipes it when the citizen leaves or walks away. */
#pragma once

#include "idcard/idcard-card.h"

G_BEGIN_DECLS

typedef struct {
  AnyiIdCard *card; /* as read, until the case engine has it */
} KioskSession;

KioskSession *kiosk_session_new(void);
/* Frees all personal data, overwriting the strings first. */
void kiosk_session_wipe(KioskSession *session);
void kiosk_session_free(KioskSession *session);

G_END_DECLS
