/* SPDX-License-Identifier: GPL-3.0-or-later */
/* anyi-pg-staff.h: window staff on the hall's server (schema migration 5).
 *
 * A window PC in a hall with a server has no kiosk database: its staff
 * sign in against the server's window_staff table. PINs follow the
 * kiosk's rules and are hashed the same way (staff/anyi-staff.h, yescrypt);
 * the server limits the failed attempts as the kiosk does and keeps every
 * attempt in window_staff_audit, which only a supervisor reads. */
#pragma once

#include <glib.h>
#include <libpq-fe.h>

G_BEGIN_DECLS

/* Adds a staff member (needs the server's owner, as `anyictl ledger
 * migrate` does): the login, name, role and PIN are checked as on the
 * kiosk (ANYI_STAFF_ERROR_BAD_INPUT), the PIN is stored hashed, and the
 * addition is audited with @by as the one who did it. */
gboolean anyi_pg_ledger_staff_add(PGconn *conn, const char *login, const char *display_name,
                                  const char *role, const char *pin, const char *by,
                                  GError **error);

/* Signs @login in with @pin, as a window role: on success fills @role and
 * @display_name. ANYI_STAFF_ERROR_REFUSED (unknown, disabled or wrong PIN:
 * one answer), _LOCKED (too many failures of the login or of this window
 * role) or _FAILED (the server could not record the attempt: refused). The
 * PIN is hashed on the calling thread. */
gboolean anyi_pg_ledger_sign_in(PGconn *conn, const char *login, const char *pin, char **role,
                                char **display_name, GError **error);

/* The same in three steps, so that the hash (yescrypt, tens of
 * milliseconds) runs on a worker thread while the connection stays on the
 * caller's: _begin asks the server (NULL with the errors above, or LOCKED),
 * _check compares the PIN and touches no connection, _end records the
 * attempt on the server and answers as anyi_pg_ledger_sign_in. */
typedef struct _AnyiPgSignIn AnyiPgSignIn;
AnyiPgSignIn *anyi_pg_ledger_sign_in_begin(PGconn *conn, const char *login, const char *pin,
                                           GError **error);
void anyi_pg_sign_in_check(AnyiPgSignIn *sign_in);
gboolean anyi_pg_ledger_sign_in_end(PGconn *conn, AnyiPgSignIn *sign_in, char **role,
                                    char **display_name, GError **error);
void anyi_pg_sign_in_free(AnyiPgSignIn *sign_in);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(AnyiPgSignIn, anyi_pg_sign_in_free)

G_END_DECLS
