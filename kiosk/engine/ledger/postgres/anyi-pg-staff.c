/* SPDX-License-Identifier: GPL-3.0-or-later */
/* anyi-pg-staff.c: window staff on the hall's server (anyi-pg-staff.h). */
#include "anyi-pg-staff.h"

#include "staff/anyi-staff.h"

#include <string.h>

G_DEFINE_AUTOPTR_CLEANUP_FUNC(PGresult, PQclear)

static gboolean
server_failed(GError **error, PGconn *conn, PGresult *res, const char *what)
{
  const char *message = res ? PQresultErrorMessage(res) : PQerrorMessage(conn);
  g_autofree char *line = g_strchomp(g_strdup(message && *message ? message : "no answer"));

  g_set_error(error, ANYI_STAFF_ERROR, ANYI_STAFF_ERROR_FAILED, "%s: %s", what, line);
  return FALSE;
}

static PGresult *
run(PGconn *conn, const char *what, const char *sql, int n, const char *const *values,
    GError **error)
{
  PGresult *res = PQexecParams(conn, sql, n, NULL, values, NULL, NULL, 0);
  ExecStatusType status = PQresultStatus(res);

  if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK) {
    server_failed(error, conn, res, what);
    PQclear(res);
    return NULL;
  }
  return res;
}

static const char *
member_problem(const char *login, const char *display_name, const char *role, const char *pin)
{
  if (!anyi_staff_login_is_valid(login))
    return "the login must be 1 to 16 digits";
  if (!display_name || !*display_name || !g_utf8_validate(display_name, -1, NULL))
    return "the name must not be empty";
  if (!anyi_staff_role_is_valid(role))
    return "the role must be staff or technician";
  return anyi_staff_pin_problem(pin);
}

gboolean
anyi_pg_ledger_staff_add(PGconn *conn, const char *login, const char *display_name,
                         const char *role, const char *pin, const char *by, GError **error)
{
  const char *problem = member_problem(login, display_name, role, pin);
  g_autofree char *hash = NULL;
  g_autoptr(PGresult) res = NULL;

  g_return_val_if_fail(conn != NULL, FALSE);
  if (problem) {
    g_set_error_literal(error, ANYI_STAFF_ERROR, ANYI_STAFF_ERROR_BAD_INPUT, problem);
    return FALSE;
  }
  hash = anyi_staff_hash_pin(pin, error);
  if (!hash)
    return FALSE;
  {
    const char *values[] = {login, display_name, role, hash, by ? by : "anyictl"};
    /* one statement, one transaction: no member without its audit line */
    res = run(conn, "add window staff",
              "WITH added AS (INSERT INTO window_staff (login, display_name, role, password_hash) "
              "VALUES ($1, $2, $3, $4) RETURNING login) INSERT INTO window_staff_audit (login, "
              "action, detail) SELECT $5, 'staff-add', login || ' ' || $3 FROM added",
              5, values, error);
  }
  if (!res)
    return FALSE;
  g_message("window staff member %s added on the ledger's server as %s", login, role);
  return TRUE;
}

/* Answers the attempt: the server then counts it as a success or not. */
static gboolean
end_attempt(PGconn *conn, const char *attempt, gboolean ok, const char *detail, GError **error)
{
  const char *values[] = {attempt, ok ? "true" : "false", detail};
  g_autoptr(PGresult) res =
      run(conn, "record the sign-in", "SELECT window_sign_in_end($1, $2, $3)", 3, values, error);

  return res != NULL;
}

struct _AnyiPgSignIn {
  char *login;
  char *pin;
  char *attempt;
  char *hash; /* NULL: no such login */
  char *role;
  char *display_name;
  const char *reason; /* after the check: NULL when the PIN is right */
};

void
anyi_pg_sign_in_free(AnyiPgSignIn *sign_in)
{
  if (!sign_in)
    return;
  g_free(sign_in->login);
  if (sign_in->pin)
    memset(sign_in->pin, 0, strlen(sign_in->pin));
  g_free(sign_in->pin);
  g_free(sign_in->attempt);
  g_free(sign_in->hash);
  g_free(sign_in->role);
  g_free(sign_in->display_name);
  g_free(sign_in);
}

AnyiPgSignIn *
anyi_pg_ledger_sign_in_begin(PGconn *conn, const char *login, const char *pin, GError **error)
{
  const char *values[] = {login};
  g_autoptr(PGresult) res = NULL;
  AnyiPgSignIn *sign_in;

  g_return_val_if_fail(conn != NULL, NULL);
  if (!anyi_staff_login_is_valid(login) || !pin) {
    g_set_error(error, ANYI_STAFF_ERROR, ANYI_STAFF_ERROR_REFUSED, "malformed login");
    return NULL;
  }
  res = run(conn, "begin the sign-in", "SELECT * FROM window_sign_in_begin($1)", 1, values, error);
  if (!res)
    return NULL;
  if (PQntuples(res) != 1 || g_str_equal(PQgetvalue(res, 0, 1), "t")) {
    g_message("window sign-in refused for login %s: locked out", login);
    g_set_error(error, ANYI_STAFF_ERROR, ANYI_STAFF_ERROR_LOCKED, "sign-in of %s: locked out",
                login);
    return NULL;
  }
  sign_in = g_new0(AnyiPgSignIn, 1);
  sign_in->login = g_strdup(login);
  sign_in->pin = g_strdup(pin);
  sign_in->attempt = g_strdup(PQgetvalue(res, 0, 0));
  sign_in->hash = PQgetisnull(res, 0, 2) ? NULL : g_strdup(PQgetvalue(res, 0, 2));
  sign_in->display_name = g_strdup(PQgetvalue(res, 0, 3));
  sign_in->role = g_strdup(PQgetvalue(res, 0, 4));
  return sign_in;
}

void
anyi_pg_sign_in_check(AnyiPgSignIn *sign_in)
{
  if (!sign_in->hash) {
    /* an unknown login costs a hash too: the time tells no login apart */
    g_free(anyi_staff_hash_pin(sign_in->pin, NULL));
    sign_in->reason = "unknown-login";
  } else if (!anyi_staff_pin_matches(sign_in->pin, sign_in->hash))
    sign_in->reason = "wrong-pin";
  else if (anyi_staff_pin_problem(sign_in->pin))
    sign_in->reason = "weak-pin";
  else
    sign_in->reason = NULL;
}

gboolean
anyi_pg_ledger_sign_in_end(PGconn *conn, AnyiPgSignIn *sign_in, char **role, char **display_name,
                           GError **error)
{
  const char *reason = sign_in->reason;
  const char *login = sign_in->login;

  if (!end_attempt(conn, sign_in->attempt, reason == NULL, reason, error))
    return FALSE;
  if (reason) {
    g_message("window sign-in refused for login %s: %s", login, reason);
    if (g_str_equal(reason, "weak-pin"))
      g_set_error(error, ANYI_STAFF_ERROR, ANYI_STAFF_ERROR_WEAK_PIN,
                  "sign-in of %s: the PIN no longer meets the rules and must be reset", login);
    else
      g_set_error(error, ANYI_STAFF_ERROR, ANYI_STAFF_ERROR_REFUSED, "sign-in refused for %s: %s",
                  login, reason);
    return FALSE;
  }
  g_message("window staff member %s signed in as %s", login, sign_in->role);
  if (role)
    *role = g_strdup(sign_in->role);
  if (display_name)
    *display_name = g_strdup(sign_in->display_name);
  return TRUE;
}

gboolean
anyi_pg_ledger_sign_in(PGconn *conn, const char *login, const char *pin, char **role,
                       char **display_name, GError **error)
{
  g_autoptr(AnyiPgSignIn) sign_in = anyi_pg_ledger_sign_in_begin(conn, login, pin, error);

  if (!sign_in)
    return FALSE;
  anyi_pg_sign_in_check(sign_in);
  return anyi_pg_ledger_sign_in_end(conn, sign_in, role, display_name, error);
}
