/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kiosk-staff-sign-in.h: staff sign in with their login and PIN, typed on
 * the keypad; the PIN shows as dots and is wiped from memory once tried.
 * The PIN is checked on a worker thread; the keypad waits meanwhile.
 * Signals:
 *   "signed-in" (const char *login, const char *role, const char *display_name) */
#pragma once

#include "store/anyi-store.h"

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define KIOSK_TYPE_STAFF_SIGN_IN (kiosk_staff_sign_in_get_type())
G_DECLARE_FINAL_TYPE(KioskStaffSignIn, kiosk_staff_sign_in, KIOSK, STAFF_SIGN_IN, GtkBox)

/* The store that knows the staff; not owned: the kiosk that owns it
 * outlives its pages. */
void kiosk_staff_sign_in_set_store(KioskStaffSignIn *self, AnyiStore *store);
/* Wipes the login, the PIN and the last problem; the login is typed next. */
void kiosk_staff_sign_in_reset(KioskStaffSignIn *self);

G_END_DECLS
