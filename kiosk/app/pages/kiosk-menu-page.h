/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kiosk-menu-page.h: what a citizen can do, in two taps: the categories as
 * large tiles with a picture and a plain-words line, then the services of
 * the one chosen; each on one screen. Above them, what fits the card the
 * citizen placed on the reader ("offers"); beside them, a search of the
 * catalogue (catalogue-search.h) by pinyin, initials, Chinese or English,
 * whose keyboard offers the services found instead of words, and which
 * answers "nothing found" with 人工帮助 and the full menu.
 * Signals:
 *   "service-chosen" (const char *service_id)
 *   "say"            (const char *text)  a sentence for speech
 *   "help"           ()                  人工帮助 pressed on the search */
#pragma once

#include "catalogue/catalogue.h"

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define KIOSK_TYPE_MENU_PAGE (kiosk_menu_page_get_type())
G_DECLARE_FINAL_TYPE(KioskMenuPage, kiosk_menu_page, KIOSK, MENU_PAGE, GtkBox)

/* Adds a category tile; @icon names assets/styles/images/@icon.svg. Tiles
 * come in the order they are added. */
void kiosk_menu_page_add_category(KioskMenuPage *self, const char *category_id, const char *name,
                                  const char *summary, const char *icon);
/* Adds a service to @category_id. @unavailable is NULL when the service can
 * be used now, else the reason shown on the greyed tile (never colour
 * alone). */
void kiosk_menu_page_add_service(KioskMenuPage *self, const char *service_id,
                                 const char *category_id, const char *name, const char *summary,
                                 const char *unavailable);
/* What the search looks in, and the language (zh, en) of its answers. */
void kiosk_menu_page_set_catalogue(KioskMenuPage *self, AnyiCatalogue *catalogue,
                                   const char *language);
/* Forgets every category, service and offer. */
void kiosk_menu_page_clear(KioskMenuPage *self);

/* Offers @service_id first, above the categories, saying @why in plain
 * words ("您的身份证将在 90 天内到期"). Offers are shown in the order given. */
void kiosk_menu_page_add_offer(KioskMenuPage *self, const char *service_id, const char *why);
void kiosk_menu_page_clear_offers(KioskMenuPage *self);

/* The line under the categories: @hint (the reader is out), or NULL for
 * the invitation to place a card. */
void kiosk_menu_page_set_hint(KioskMenuPage *self, const char *hint);

/* The search as the citizen left it, for a window made anew when the
 * language changes: FALSE when the search is not open; else what is in
 * its entry (@typed) and the pinyin letters being composed (@composing),
 * both for the caller to free. */
gboolean kiosk_menu_page_get_search(KioskMenuPage *self, char **typed, char **composing);
/* Opens the search with @typed in its entry and @composing on the pinyin
 * keys: the results are those of the catalogue in this page's language. */
void kiosk_menu_page_open_search(KioskMenuPage *self, const char *typed, const char *composing);

/* Back to the categories (a new citizen, or 返回). */
void kiosk_menu_page_show_categories(KioskMenuPage *self);

G_END_DECLS
