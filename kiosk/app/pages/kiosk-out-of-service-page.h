/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kiosk-out-of-service-page.h: 暂停服务, CUSS's "unavailable with a reason":
 * what is wrong in plain words and where to go instead. It has no button:
 * nothing on it can help, and the kiosk leaves it by itself. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define KIOSK_TYPE_OUT_OF_SERVICE_PAGE (kiosk_out_of_service_page_get_type())
G_DECLARE_FINAL_TYPE(KioskOutOfServicePage, kiosk_out_of_service_page, KIOSK, OUT_OF_SERVICE_PAGE,
                     GtkBox)

/* The sentence for a reason code of AnyiKioskHealth ("store-full",
 * "printers-missing", ...), in the interface language. */
const char *kiosk_out_of_service_reason_text(const char *reason);

/* Shows why (@reason, a code) and where to go instead (@window, the hall's
 * window). Returns what to say aloud: the same words. */
char *kiosk_out_of_service_page_show(KioskOutOfServicePage *self, const char *reason,
                                     const char *window);

G_END_DECLS
