/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kiosk-attract-page.h: the screen a passer-by sees. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define KIOSK_TYPE_ATTRACT_PAGE (kiosk_attract_page_get_type())
G_DECLARE_FINAL_TYPE(KioskAttractPage, kiosk_attract_page, KIOSK, ATTRACT_PAGE, GtkBox)

/* Shows @notice (what the kiosk cannot do right now), or hides it when NULL. */
void kiosk_attract_page_set_notice(KioskAttractPage *self, const char *notice);

G_END_DECLS
