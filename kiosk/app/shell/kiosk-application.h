/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kiosk-application.h: the kiosk process: style, language and the window
 * over the engine's kiosk (AnyiKiosk). */
#pragma once

#include "kiosk/anyi-kiosk.h"

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define KIOSK_TYPE_APPLICATION (kiosk_application_get_type())
G_DECLARE_FINAL_TYPE(KioskApplication, kiosk_application, KIOSK, APPLICATION, GtkApplication)

/* Sets the locale and binds the kiosk's translations: first thing in main(). */
void kiosk_application_init_locale(void);
/* The kiosk's own strings in @language ("en", else the Chinese they are
 * written in) from now on, without touching the environment or the C
 * locale: safe while other threads run. After kiosk_application_init_locale(). */
void kiosk_application_use_translations(const char *language);
/* Picks the renderer before GTK opens the display: cairo where GL would
 * run on the CPU (llvmpipe), GTK's default (GL) on a real GPU. */
void kiosk_application_choose_renderer(void);
KioskApplication *kiosk_application_new(void);
/* The kiosk's stylesheet (assets/styles/kiosk.css) on the default display. */
void kiosk_application_load_style(void);

/* The engine's kiosk: settings, store, devices and printing. NULL when it
 * could not open (the application then quits). */
AnyiKiosk *kiosk_application_get_kiosk(KioskApplication *self);
/* @text in the interface language. */
const char *kiosk_application_text(KioskApplication *self, const AnyiText *text);
GtkWindow *kiosk_application_get_kiosk_window(KioskApplication *self);
/* Switches the interface language (zh_CN or en) and rebuilds the window. */
void kiosk_application_set_language(KioskApplication *self, const char *language);
const char *kiosk_application_get_language(KioskApplication *self);

G_END_DECLS
