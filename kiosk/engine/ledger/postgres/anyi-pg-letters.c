/* SPDX-License-Identifier: GPL-3.0-or-later */
/* anyi-pg-letters.c: kiosk letters on the hall's server (anyi-pg-letters.h). */
#include "anyi-pg-letters.h"

#include "anyi-pg-ledger.h"

#define UNDEFINED_TABLE "42P01"

/* NULL and no error on a server without the table; NULL with @error on
 * any other failure. */
static PGresult *
run(PGconn *conn, const char *what, const char *sql, int n, const char *const *values,
    gboolean *no_table, GError **error)
{
  PGresult *res = PQexecParams(conn, sql, n, NULL, values, NULL, NULL, 0);
  ExecStatusType status = PQresultStatus(res);

  if (status == PGRES_TUPLES_OK || status == PGRES_COMMAND_OK)
    return res;
  *no_table = g_strcmp0(PQresultErrorField(res, PG_DIAG_SQLSTATE), UNDEFINED_TABLE) == 0;
  if (!*no_table) {
    g_autofree char *line = g_strchomp(g_strdup(PQerrorMessage(conn)));
    g_set_error(error, ANYI_PG_LEDGER_ERROR,
                PQstatus(conn) == CONNECTION_OK ? ANYI_PG_LEDGER_ERROR_SERVER
                                                : ANYI_PG_LEDGER_ERROR_CONNECT,
                "%s: %s", what, line);
  }
  PQclear(res);
  return NULL;
}

gboolean
anyi_pg_ledger_claim_letter(PGconn *conn, const char *kiosk_id, char letter, char **holder,
                            GError **error)
{
  char letter_text[2] = {letter, '\0'};
  const char *values[] = {letter_text, kiosk_id};
  gboolean no_table = FALSE;
  PGresult *res;

  *holder = NULL;
  if (!g_ascii_isupper(letter) || !kiosk_id || !*kiosk_id) {
    g_set_error(error, ANYI_PG_LEDGER_ERROR, ANYI_PG_LEDGER_ERROR_INVALID,
                "a kiosk letter is one capital A-Z, claimed by a kiosk id");
    return FALSE;
  }
  /* Two statements, not one: the second sees a claim another kiosk
   * committed while the first waited for it. */
  res = run(conn, "claim the kiosk letter",
            "INSERT INTO kiosk_letters (letter, kiosk_id) VALUES ($1, $2) "
            "ON CONFLICT (letter) DO NOTHING",
            2, values, &no_table, error);
  if (!res)
    return no_table;
  PQclear(res);
  res = run(conn, "read the kiosk letter's holder",
            "SELECT kiosk_id FROM kiosk_letters WHERE letter = $1", 1, values, &no_table, error);
  if (!res)
    return no_table;
  if (PQntuples(res) == 1)
    *holder = g_strdup(PQgetvalue(res, 0, 0));
  else
    g_set_error(error, ANYI_PG_LEDGER_ERROR, ANYI_PG_LEDGER_ERROR_SERVER,
                "the server keeps no holder of letter %s after the claim", letter_text);
  PQclear(res);
  return *holder != NULL;
}
