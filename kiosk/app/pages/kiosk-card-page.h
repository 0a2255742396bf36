/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kiosk-card-page.h: "place your ID card", live feedback, and confirmation. */
#pragma once

#include "idcard/idcard-card.h"

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define KIOSK_TYPE_CARD_PAGE (kiosk_card_page_get_type())
G_DECLARE_FINAL_TYPE(KioskCardPage, kiosk_card_page, KIOSK, CARD_PAGE, GtkBox)

typedef enum {
  KIOSK_CARD_ACTION_RETRY = 1 << 0,  /* the citizen can fix it: try again */
  KIOSK_CARD_ACTION_WINDOW = 1 << 1, /* go to a window with what we have */
} KioskCardActions;

void kiosk_card_page_show_waiting(KioskCardPage *self);
void kiosk_card_page_show_reading(KioskCardPage *self);
/* Shows the card for the citizen to confirm; @note is an extra line such as
 * "your card expires in 30 days", or NULL. */
void kiosk_card_page_show_card(KioskCardPage *self, const AnyiIdCard *card, const char *note);
void kiosk_card_page_show_error(KioskCardPage *self, const char *sentence,
                                KioskCardActions actions);
/* Clears every personal field from the screen. */
void kiosk_card_page_reset(KioskCardPage *self);
/* The step currently shown: waiting, reading, confirm or error. */
const char *kiosk_card_page_get_step(KioskCardPage *self);

G_END_DECLS
