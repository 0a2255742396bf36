/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kiosk-lockdown.h: a citizen cannot leave the kiosk by keyboard or gesture. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Swallows the keys that close, switch or reveal windows, and refuses close
 * requests until kiosk_lockdown_release() is called for @window. */
void kiosk_lockdown_install(GtkWindow *window);
void kiosk_lockdown_release(GtkWindow *window);
/* TRUE if the lockdown would swallow this key (for tests). */
gboolean kiosk_lockdown_blocks_key(guint keyval, GdkModifierType state);

G_END_DECLS
