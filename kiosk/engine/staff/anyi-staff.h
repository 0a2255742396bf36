/* SPDX-License-Identifier: GPL-3.0-or-later */
/* anyi-staff.h: hall staff and technicians: PINs and signing in.
 *
 * PINs are stored as yescrypt hashes (libxcrypt) and compared in constant
 * time. Every sign-in, good or bad, is written to the audit log with the
 * login as actor; the PIN itself is never logged or stored. */
#pragma once

#include "store/anyi-store.h"

#include <gio/gio.h>

G_BEGIN_DECLS

#define ANYI_STAFF_ERROR (anyi_staff_error_quark())
GQuark anyi_staff_error_quark(void);

typedef enum {
  ANYI_STAFF_ERROR_REFUSED,   /* unknown login, wrong PIN or disabled: one answer for all */
  ANYI_STAFF_ERROR_LOCKED,    /* too many failures: wait ANYI_STAFF_LOCKOUT_SECONDS */
  ANYI_STAFF_ERROR_BAD_INPUT, /* a login, PIN or role that cannot be stored */
  ANYI_STAFF_ERROR_FAILED,    /* hashing or the store failed: sign-in refused */
  ANYI_STAFF_ERROR_WEAK_PIN,  /* the right PIN, but one the rules no longer allow */
} AnyiStaffError;

#define ANYI_STAFF_MAX_FAILURES       5  /* for one login */
#define ANYI_STAFF_KIOSK_MAX_FAILURES 10 /* for all logins together */
#define ANYI_STAFF_LOCKOUT_SECONDS    (10 * 60)
#define ANYI_STAFF_PIN_MIN            6
#define ANYI_STAFF_PIN_MAX            12

/* Logins and PINs are digits only: they are typed on the kiosk's keypad. */
gboolean anyi_staff_login_is_valid(const char *login);
gboolean anyi_staff_pin_is_valid(const char *pin);
gboolean anyi_staff_role_is_valid(const char *role);
/* Why @pin may not be a PIN (for a log or a technician, in English), or
 * NULL when it may: 6 to 12 digits, none of the most common PINs, no
 * repeated block (000000, 121212), no run (123456, 987654), nothing that
 * looks like a date (birthdays). Members whose PIN was set before these
 * rules sign in with ANYI_STAFF_ERROR_WEAK_PIN until a technician sets a
 * new one (anyi_staff_set_pin, `anyictl staff set-pin`). */
const char *anyi_staff_pin_problem(const char *pin);

/* A fresh yescrypt ("$y$") hash of @pin with a random salt. */
char *anyi_staff_hash_pin(const char *pin, GError **error);
/* Whether @pin hashes to @hash; the comparison takes the same time wherever
 * the two differ. */
gboolean anyi_staff_pin_matches(const char *pin, const char *hash);

/* Checks the login, PIN and role, hashes the PIN and stores the member;
 * audit-logged with @by as actor. */
gboolean anyi_staff_add(AnyiStore *store, const char *login, const char *display_name,
                        const char *role, const char *pin, const char *by, GError **error);
/* Gives @login a new PIN, checked as above; audit-logged with @by as actor. */
gboolean anyi_staff_set_pin(AnyiStore *store, const char *login, const char *pin, const char *by,
                            GError **error);
/* Disables @login (kept for the audit log); audit-logged with @by as actor. */
gboolean anyi_staff_disable(AnyiStore *store, const char *login, const char *by, GError **error);

/* Signs @login in with @pin: on success fills @role ("staff" or
 * "technician") and @display_name. The attempt is audit-logged before the
 * PIN is checked, and refused (FAILED) when it cannot be. Fails with
 * REFUSED, LOCKED (too many failures of this login, or of this kiosk),
 * WEAK_PIN or FAILED; every outcome is audit-logged. Hashes on the calling
 * thread: for anyictl and tests. */
gboolean anyi_staff_sign_in(AnyiStore *store, const char *login, const char *pin, char **role,
                            char **display_name, GError **error);
/* The same, with the PIN hashed on a worker thread (yescrypt takes tens of
 * milliseconds): the store is used on the calling thread only, before and
 * in _finish. @store must stay open until @callback. When @cancellable is
 * cancelled meanwhile, no one is signed in (G_IO_ERROR_CANCELLED). */
void anyi_staff_sign_in_async(AnyiStore *store, const char *login, const char *pin,
                              GCancellable *cancellable, GAsyncReadyCallback callback,
                              gpointer user_data);
gboolean anyi_staff_sign_in_finish(GAsyncResult *result, char **role, char **display_name,
                                   GError **error);

G_END_DECLS
