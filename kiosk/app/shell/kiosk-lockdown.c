/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kiosk-lockdown.c
 *
 * In a hall the kiosk runs without a window manager, but a keyboard may be
 * plugged into a service port and some compositors still honour Alt+F4 or
 * Alt+Tab: the window takes those keys itself, in the capture phase, before
 * any widget or the window manager's default handling sees them. Nothing
 * passes from one citizen to the next through the text fields or the
 * clipboard, and no debugging variable opens GTK's inspector. */
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
  /* copy, cut, paste, select all: nothing travels between citizens */
  case GDK_KEY_c:
  case GDK_KEY_C:
  case GDK_KEY_x:
  case GDK_KEY_X:
  case GDK_KEY_v:
  case GDK_KEY_V:
  case GDK_KEY_a:
  case GDK_KEY_A:
  case GDK_KEY_period: /* Ctrl+. and Ctrl+; open the emoji chooser */
  case GDK_KEY_semicolon:
    return ctrl;
  case GDK_KEY_Insert: /* Ctrl+Insert copies, Shift+Insert pastes */
  case GDK_KEY_KP_Insert:
    return ctrl || (state & GDK_SHIFT_MASK) != 0;
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

/* GTK reads these once, when it starts: GTK_DEBUG=interactive opens the
 * inspector over the kiosk, the others print or change internals. */
void
kiosk_lockdown_clear_debug_environment(void)
{
  static const char *const exact[] = {
      "GTK_DEBUG",   "GOBJECT_DEBUG", "GSK_DEBUG", "G_ENABLE_DIAGNOSTIC",
      "GTK_MODULES", "GTK3_MODULES",  "GTK_PATH"};
  g_auto(GStrv) names = g_listenv();

  for (guint i = 0; i < G_N_ELEMENTS(exact); i++)
    g_unsetenv(exact[i]);
  for (guint i = 0; names[i]; i++)
    if (g_str_has_prefix(names[i], "GTK_INSPECTOR"))
      g_unsetenv(names[i]);
}

/* In the capture phase, before the entry's own text widget sees them: every
 * press on the field is taken here, so its menus, selection handles and
 * paste-on-middle-click never start. */
static void
on_entry_pressed(GtkGestureClick *gesture, int n_press, double x, double y, GtkWidget *entry)
{
  gtk_gesture_set_state(GTK_GESTURE(gesture), GTK_EVENT_SEQUENCE_CLAIMED);
  gtk_widget_grab_focus(entry);
}

void
kiosk_lockdown_plain_entry(GtkWidget *entry)
{
  GtkGesture *presses = gtk_gesture_click_new();

  gtk_gesture_single_set_button(GTK_GESTURE_SINGLE(presses), 0); /* any button, and touch */
  gtk_event_controller_set_propagation_phase(GTK_EVENT_CONTROLLER(presses), GTK_PHASE_CAPTURE);
  g_signal_connect(presses, "pressed", G_CALLBACK(on_entry_pressed), entry);
  gtk_widget_add_controller(entry, GTK_EVENT_CONTROLLER(presses));
  if (GTK_IS_ENTRY(entry)) {
    GtkEntry *field = GTK_ENTRY(entry);
    gtk_entry_set_input_hints(field, gtk_entry_get_input_hints(field) | GTK_INPUT_HINT_NO_EMOJI);
    gtk_entry_set_extra_menu(field, NULL);
  }
}

void
kiosk_lockdown_forget_clipboard(GtkWidget *widget)
{
  GdkClipboard *clipboards[] = {gtk_widget_get_clipboard(widget),
                                gtk_widget_get_primary_clipboard(widget)};

  /* Owning both with an empty text, rather than letting go: letting go
   * would leave the X server's selection with whoever owned it before. */
  for (guint i = 0; i < G_N_ELEMENTS(clipboards); i++)
    gdk_clipboard_set_text(clipboards[i], "");
}
