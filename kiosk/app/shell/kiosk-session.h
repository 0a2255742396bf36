/* kiosk-session.h: what the kiosk holds about the citizen in front of it.
 *
 * Everything personal the GTK layer keeps lives here and nowhere else, so
 * one call wipes it when the citizen leaves or walks away. */
#pragma once

#include "cases/anyi-case.h"
#include "hall/anyi-hall.h"
#include "idcard/idcard-card.h"

G_BEGIN_DECLS

typedef struct {
  char *service_id;
  AnyiCase *kase;
  AnyiIdCard *card;
  AnyiIdProgress *progress;
  int card_failures; /* failed reads the citizen could fix, for the handoff rule */
} KioskSession;

KioskSession *kiosk_session_new(void);
/* Frees all personal data, overwriting the strings first. */
void kiosk_session_wipe(KioskSession *session);
void kiosk_session_free(KioskSession *session);
gboolean kiosk_session_is_empty(KioskSession *session);

G_END_DECLS
