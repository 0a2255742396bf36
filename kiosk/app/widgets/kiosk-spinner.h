/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kiosk-spinner.h: a busy spinner that turns only while it is on screen. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define KIOSK_TYPE_SPINNER (kiosk_spinner_get_type())
G_DECLARE_FINAL_TYPE(KioskSpinner, kiosk_spinner, KIOSK, SPINNER, GtkWidget)

G_END_DECLS
