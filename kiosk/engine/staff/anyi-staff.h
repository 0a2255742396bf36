/* SPDX-License-Identifier: GPL-3.0-or-later */
/* anyi-staff.h: hall staff and technicians: PINs and signing in.
 *
 * PINs are stored as yescrypt hashes (libxcrypt) and compared in constant
 * time. Every sign-in, good or bad, is written to the audit log with the
 * login as actor; the PIN itself is never logged or stored. */
#pragma once

#include "store/anyi-store.h"

G_BEGIN_DECLS

#define ANYI_STAFF_ERROR (anyi_staff_error_quark())
GQuark anyi_staff_error_quark(void);

typedef enum {
  ANYI_STAFF_ERROR_REFUSED,   /* unknown login, wrong PIN or disabled: one answer for all */
  ANYI_STAFF_ERROR_LOCKED,    /* too many failures: wait ANYI_STAFF_LOCKOUT_SECONDS */
  ANYI_STAFF_ERROR_BAD_INPUT, /* a login, PIN or role that cannot be stored */
  ANYI_STAFF_ERROR_FAILED,    /* hashing or the store failed */
} AnyiStaffError;

#define ANYI_STAFF_MAX_FAILURES    5
#define ANYI_STAFF_LOCKOUT_SECONDS (10 * 60)
#define ANYI_STAFF_PIN_MIN         6
#define ANYI_STAFF_PIN_MAX         12

/* Logins and PINs are digits only: they are typed on the kiosk's keypad. */
gboolean anyi_staff_login_is_valid(const char *login);
gboolean anyi_staff_pin_is_valid(const char *pin);
gboolean anyi_staff_role_is_valid(const char *role);

/* A fresh yescrypt ("$y$") hash of @pin with a random salt. */
char *anyi_staff_hash_pin(const char *pin, GError **error);
/* Whether @pin hashes to @hash; the comparison takes the same time wherever
 * the two differ. */
gboolean anyi_staff_pin_matches(const char *pin, const char *hash);

/* Checks the login, PIN and role, hashes the PIN and stores the member;
 * audit-logged with @by as actor. */
gboolean anyi_staff_add(AnyiStore *store, const char *login, const char *display_name,
                        const char *role, const char *pin, const char *by, GError **error);
/* Disables @login (kept for the audit log); audit-logged with @by as actor. */
gboolean anyi_staff_disable(AnyiStore *store, const char *login, const char *by, GError **error);

/* Signs @login in with @pin: on success fills @role ("staff" or
 * "technician") and @display_name. Fails with REFUSED or LOCKED (or FAILED
 * when the store does); every outcome is audit-logged. */
gboolean anyi_staff_sign_in(AnyiStore *store, const char *login, const char *pin, char **role,
                            char **display_name, GError **error);

G_END_DECLS
