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

/* Removes from the environment what opens GTK's inspector or turns on
 * debugging output (GTK_DEBUG, GTK_INSPECTOR_*, GOBJECT_DEBUG...): called
 * first thing in main(), before GTK reads it. */
void kiosk_lockdown_clear_debug_environment(void);

/* A text field a citizen types in, without its own menus: no context menu
 * (right click, long press, Menu key), no touch selection bubble, no
 * middle-click paste, no emoji chooser. Tapping it still gives it the
 * keyboard. */
void kiosk_lockdown_plain_entry(GtkWidget *entry);

/* Empties the clipboard and the primary selection of @widget's display,
 * so nothing the last citizen copied or selected is left for the next. */
void kiosk_lockdown_forget_clipboard(GtkWidget *widget);

G_END_DECLS
