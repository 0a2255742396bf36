/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kiosk-input.h: Chinese input on a touch screen with no keyboard: pinyin
 * keys with a candidate bar (librime), a handwriting pad (zinnia) and
 * number keys, switched by three large labelled buttons; delete, clear and
 * confirm keys beside them.
 *
 * The widget writes into a target GtkEditable (the form's entry): a chosen
 * candidate or a number is appended, delete takes back the letter being
 * composed or else the last character, clear empties both.
 * The engines are loaded by kiosk_input_load_engines, which the form page
 * calls when it first shows a text field, never at start-up: a kiosk
 * where nobody types pays nothing. A mode whose engine or data is missing
 * is hidden, and the log says why.
 *
 * The same widget is the number keypad of a mobile or ID number field and
 * of staff sign-in (kiosk_input_set_keypad): twelve large keys,
 *
 *   1 2 3
 *   4 5 6
 *   7 8 9
 *   ? 0 ⌫     ? : the extra key, if any (the letter X, or 清除)
 *
 * that hold no text: they report the keys pressed, and the page keeps what
 * was typed with its own rules (how long, where an X may go, shown or
 * hidden as a PIN). Each key's spoken name says what it does.
 * Signals:
 *   "confirm" ()                    the citizen pressed 确定
 *   "say"     (const char *text)    a sentence for speech (a chosen candidate)
 *   "typed"   (const char *text)    keypad: a digit, or "X"
 *   "delete"  ()                    keypad: take back the last character
 *   "clear"   ()                    keypad: take back everything typed
 *   "composing" (const char *preedit) the pinyin letters typed and not yet
 *                                   chosen ("" once chosen or cleared); the
 *                                   menu's search reads initials from it
 *   "offer-chosen" (guint index)    the page's offer at @index was pressed
 *
 * A page with its own candidates (the menu's search offers services, not
 * words) turns the pinyin words off (kiosk_input_set_words): the letters
 * typed are reported by "composing", the page answers with
 * kiosk_input_offer, and 确定 puts the letters themselves into the target.
 * Handwriting keeps its character candidates. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

typedef enum {
  KIOSK_INPUT_PINYIN,
  KIOSK_INPUT_HANDWRITING,
  KIOSK_INPUT_NUMBERS,
} KioskInputMode;

typedef enum {
  KIOSK_INPUT_KEYPAD_OFF,       /* pinyin, handwriting and numbers into the target */
  KIOSK_INPUT_KEYPAD_DIGITS,    /* digits alone (a mobile number) */
  KIOSK_INPUT_KEYPAD_ID_NUMBER, /* digits and X, the check character of some ID numbers */
  KIOSK_INPUT_KEYPAD_CLEAR,     /* digits and 清除: short fields with no clear button */
} KioskInputKeypad;

#define KIOSK_INPUT_MAX_CANDIDATES 9
#define KIOSK_INPUT_MAX_OFFERS     3 /* a service's title is long: three fit across */
/* in Latin letters' widths (a Chinese character takes two): most titles
 * whole, longer ones cut with … */
#define KIOSK_INPUT_OFFER_CHARS 26
#define KIOSK_INPUT_PAD_SIZE    240 /* px: the handwriting square */

#define KIOSK_TYPE_INPUT (kiosk_input_get_type())
G_DECLARE_FINAL_TYPE(KioskInput, kiosk_input, KIOSK, INPUT, GtkBox)

GtkWidget *kiosk_input_new(void);
void kiosk_input_set_target(KioskInput *self, GtkEditable *target);
/* Loads librime and zinnia, once; later calls do nothing. */
void kiosk_input_load_engines(KioskInput *self);
gboolean kiosk_input_engines_loaded(KioskInput *self);
void kiosk_input_set_mode(KioskInput *self, KioskInputMode mode);
KioskInputMode kiosk_input_get_mode(KioskInput *self);
/* Shows the number keypad alone (or, with OFF, the whole input again). */
void kiosk_input_set_keypad(KioskInput *self, KioskInputKeypad keypad);

/* Whether the pinyin keys offer librime's words (the default). */
void kiosk_input_set_words(KioskInput *self, gboolean shown);
/* With the words off: the candidate bar's buttons, pressed as "offer-chosen". */
void kiosk_input_offer(KioskInput *self, const char *const *offers, guint n_offers);

/* Types @letters on the pinyin keys as the citizen's presses did: the
 * same letters composing, the same offers or words (a search shown again
 * in a window made anew for the other language). Nothing outside pinyin. */
void kiosk_input_compose(KioskInput *self, const char *letters);
/* Forgets what is being composed or drawn (a new field, a new citizen). */
void kiosk_input_reset(KioskInput *self);

/* For tests and benchmarks, as a finger would: a stroke on the pad in pad
 * coordinates (POINTS holds N_POINTS x,y pairs); the candidates shown. */
void kiosk_input_draw_stroke(KioskInput *self, const double *points, guint n_points);
GPtrArray *kiosk_input_dup_candidates(KioskInput *self);

G_END_DECLS
