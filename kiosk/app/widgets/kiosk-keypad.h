/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kiosk-keypad.h: big touch keys for numbers, on a kiosk with no keyboard.
 *
 *   1 2 3
 *   4 5 6
 *   7 8 9
 *   ? 0 ⌫     ? : the extra key, if any (the letter X, or clear)
 *
 * The keypad holds no text: it reports the keys pressed, and the page keeps
 * what was typed with its own rules (how long, where an X may go, whether
 * it is shown or hidden as a PIN). Each key's spoken name says what it does.
 * Signals:
 *   "typed"  (const char *text)  a digit, or "X"
 *   "delete" ()                  take back the last character
 *   "clear"  ()                  take back everything typed */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

typedef enum {
  KIOSK_KEYPAD_NO_EXTRA_KEY,
  KIOSK_KEYPAD_LETTER_X, /* the check character that ends some ID numbers */
  KIOSK_KEYPAD_CLEAR,    /* "clear": for short fields with no clear button of their own */
} KioskKeypadExtraKey;

#define KIOSK_TYPE_KEYPAD (kiosk_keypad_get_type())
G_DECLARE_FINAL_TYPE(KioskKeypad, kiosk_keypad, KIOSK, KEYPAD, GtkWidget)

GtkWidget *kiosk_keypad_new(void);
/* The key left of 0; none by default. */
void kiosk_keypad_set_extra_key(KioskKeypad *self, KioskKeypadExtraKey key);

G_END_DECLS
