/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kiosk-lockdown.c
 *
 * In a hall the kiosk runs without a window manager, but a keyboard may be
 * plugged into a service port and some compositors still honour Alt+F4 or
 * Alt+Tab: the window takes those keys itself, in the capture phase, before
 * any widget or the window manager's default handling sees them. */
#include "kiosk-lockdown.h"

#define RELEASED_KEY "kiosk-lockdown-released"

gboolean
kiosk_lockdown_blocks_key(guint keyval, GdkModifierType state)
{
  gboolean alt = (state & GDK_ALT_MASK) != 0;
  gboolean ctrl = (state & GDK_CONTROL_MASK) != 0;

  if (state & (GDK_SUPER_MASK | GDK_META_MASK | GDK_HYPER_MASK))
    return TRUE;
  switch (keyval) {
  case GDK_KEY_Escape:
  case GDK_KEY_Super_L:
  case GDK_KEY_Super_R:
  case GDK_KEY_Menu:
    return TRUE;
  case GDK_KEY_Tab:
  case GDK_KEY_ISO_Left_Tab:
  case GDK_KEY_space:
    return alt;
  case GDK_KEY_q:
  case GDK_KEY_Q:
  case GDK_KEY_w:
  case GDK_KEY_W:
  case GDK_KEY_d: /* Ctrl+Shift+D and Ctrl+Shift+I open the GTK inspector */
  case GDK_KEY_D:
  case GDK_KEY_i:
  case GDK_KEY_I:
    return ctrl;
  default:
    break;
  }
  /* F1..F12 (F11 leaves fullscreen, Alt+F4 closes) have no use at a kiosk. */
  return keyval >= GDK_KEY_F1 && keyval <= GDK_KEY_F12;
}

static gboolean
on_key_pressed(GtkEventControllerKey *controller, guint keyval, guint keycode,
               GdkModifierType state, gpointer user_data)
{
  if (!kiosk_lockdown_blocks_key(keyval, state))
    return FALSE;
  g_debug("lockdown: swallowed key %s (modifiers 0x%x)", gdk_keyval_name(keyval), state);
  return TRUE;
}

static gboolean
on_close_request(GtkWindow *window, gpointer user_data)
{
  if (g_object_get_data(G_OBJECT(window), RELEASED_KEY))
    return FALSE;
  g_info("lockdown: refused a request to close the kiosk window");
  return TRUE;
}

void
kiosk_lockdown_install(GtkWindow *window)
{
  GtkEventController *keys = gtk_event_controller_key_new();

  gtk_event_controller_set_propagation_phase(keys, GTK_PHASE_CAPTURE);
  g_signal_connect(keys, "key-pressed", G_CALLBACK(on_key_pressed), NULL);
  gtk_widget_add_controller(GTK_WIDGET(window), keys);
  g_signal_connect(window, "close-request", G_CALLBACK(on_close_request), NULL);
  gtk_window_set_decorated(window, FALSE);
  gtk_window_set_deletable(window, FALSE);
  gtk_window_set_resizable(window, FALSE);
}

void
kiosk_lockdown_release(GtkWindow *window)
{
  g_object_set_data(G_OBJECT(window), RELEASED_KEY, GINT_TO_POINTER(1));
}
