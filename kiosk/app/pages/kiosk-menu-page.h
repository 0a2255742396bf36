/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kiosk-menu-page.h: the services a citizen can choose, as large tiles. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define KIOSK_TYPE_MENU_PAGE (kiosk_menu_page_get_type())
G_DECLARE_FINAL_TYPE(KioskMenuPage, kiosk_menu_page, KIOSK, MENU_PAGE, GtkBox)

/* Adds a tile. @unavailable is NULL when the service can be used now, else
 * the reason shown on the greyed tile (never colour alone). */
void kiosk_menu_page_add_service(KioskMenuPage *self, const char *service_id, const char *name,
                                 const char *summary, const char *unavailable);
void kiosk_menu_page_clear(KioskMenuPage *self);

G_END_DECLS
