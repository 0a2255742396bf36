/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-sms-pg.c: messages to the citizen on the hall's PostgreSQL server
 * (run under tests/fixtures/postgres/with-postgres): a window's outcome
 * queues one message in its own transaction, whoever writes it, and a
 * kiosk cannot read the queue. */
#include "ledger/postgres/anyi-pg-ledger.h"

static const char *
superuser(void)
{
  return g_getenv("ANYI_TEST_PG");
}

static PGconn *
connect_as(const char *role)
{
  g_autofree char *conninfo =
      role ? g_strdup_printf("%s user=%s", superuser(), role) : g_strdup(superuser());
  g_autoptr(GError) error = NULL;
  PGconn *conn = anyi_pg_ledger_connect(conninfo, &error);

  g_assert_no_error(error);
  return conn;
}

static void
run(PGconn *conn, const char *sql)
{
  PGresult *res = PQexec(conn, sql);

  if (PQresultStatus(res) != PGRES_COMMAND_OK && PQresultStatus(res) != PGRES_TUPLES_OK)
    g_error("%s: %s", sql, PQresultErrorMessage(res));
  PQclear(res);
}

/* The one value @sql answers, or NULL when the server refuses it. */
static char *
value(PGconn *conn, const char *sql)
{
  PGresult *res = PQexec(conn, sql);
  char *answer = NULL;

  if (PQresultStatus(res) == PGRES_TUPLES_OK && PQntuples(res) == 1)
    answer = g_strdup(PQgetisnull(res, 0, 0) ? "(null)" : PQgetvalue(res, 0, 0));
  PQclear(res);
  return answer;
}

/* A case as the pusher leaves it on the server, with the card and the
 * form's mobile (or none). */
static void
push_case(PGconn *admin, const char *number, const char *mobile)
{
  g_autofree char *form = mobile ? g_strdup_printf("{\"mobile\": \"%s\"}", mobile) : g_strdup("{}");
  g_autofree char *sql = g_strdup_printf(
      "INSERT INTO cases (kiosk_id, number, service_id, state, card, form, kiosk_created_at,"
      " kiosk_updated_at, last_seq) VALUES ('SA', '%s', 'idcard-renewal', 'handed-off',"
      " '{\"id_number\": \"11010519491231002X\", \"address\": \"北京市\"}', '%s', now(),"
      " now(), 1)",
      number, form);

  run(admin, sql);
}

static void
test_outcome_queues_once(void)
{
  PGconn *admin = connect_as(NULL);
  PGconn *window = connect_as("window_sms");
  PGconn *kiosk = connect_as("kiosk_sms_a");
  g_autofree char *count = NULL, *key = NULL, *mobile = NULL, *facts = NULL, *kiosk_sees = NULL;
  g_autofree char *none = NULL, *rolled_back = NULL;

  push_case(admin, "1206-A001", "13800138000");
  push_case(admin, "1206-A002", NULL);
  push_case(admin, "1206-A003", "13900139000");

  /* claiming is no outcome; finishing is; saying it again adds nothing */
  run(window, "UPDATE cases SET window_status = 'claimed', window_owner = 'wang'"
              " WHERE number = '1206-A001'");
  run(window, "UPDATE cases SET window_status = 'finished', window_citizen_note ="
              " '请来领取' WHERE number = '1206-A001'");
  run(window, "UPDATE cases SET window_status = 'finished', window_citizen_note ="
              " '请来领取新证' WHERE number = '1206-A001'");
  count = value(admin, "SELECT count(*) FROM sms_outbox WHERE case_number = '1206-A001'");
  g_assert_cmpstr(count, ==, "1");
  key = value(admin, "SELECT idempotency_key FROM sms_outbox WHERE case_number = '1206-A001'");
  g_assert_cmpstr(key, ==, "SA:1206-A001:outcome:1");
  mobile = value(admin, "SELECT mobile FROM sms_outbox WHERE case_number = '1206-A001'");
  g_assert_cmpstr(mobile, ==, "13800138000");
  facts = value(admin, "SELECT facts ->> 'outcome' || '|' || (facts ->> 'note') FROM sms_outbox"
                       " WHERE case_number = '1206-A001'");
  g_assert_cmpstr(facts, ==, "finished|请来领取");

  /* no mobile: queued with none, for the sender's log line */
  run(window, "UPDATE cases SET window_status = 'waiting-material' WHERE number = '1206-A002'");
  none = value(admin, "SELECT coalesce(mobile, '-') || '|' || (facts ->> 'outcome') FROM"
                      " sms_outbox WHERE case_number = '1206-A002'");
  g_assert_cmpstr(none, ==, "-|waiting-for-material");

  /* an outcome rolled back takes its message with it */
  run(window, "BEGIN");
  run(window, "UPDATE cases SET window_status = 'refused' WHERE number = '1206-A003'");
  run(window, "ROLLBACK");
  rolled_back = value(admin, "SELECT count(*) FROM sms_outbox WHERE case_number = '1206-A003'");
  g_assert_cmpstr(rolled_back, ==, "0");

  /* the queue holds mobiles of every kiosk: kiosks cannot read it */
  kiosk_sees = value(kiosk, "SELECT count(*) FROM sms_outbox");
  g_assert_null(kiosk_sees);
  PQfinish(kiosk);
  PQfinish(window);
  PQfinish(admin);
}

int
main(int argc, char **argv)
{
  g_autoptr(GError) error = NULL;
  PGconn *conn;

  g_test_init(&argc, &argv, NULL);
  if (!superuser()) {
    g_print("SKIP: ANYI_TEST_PG is not set: run under tests/fixtures/postgres/with-postgres\n");
    return 77;
  }
  conn = connect_as(NULL);
  g_assert_true(anyi_pg_ledger_migrate(conn, NULL, NULL, &error));
  g_assert_true(anyi_pg_ledger_add_kiosk(conn, "SA", "kiosk_sms_a", &error));
  g_assert_true(anyi_pg_ledger_add_staff(conn, "window", "window_sms", &error));
  g_assert_no_error(error);
  PQfinish(conn);
  g_test_add_func("/sms/pg/outcome-queues-once", test_outcome_queues_once);
  return g_test_run();
}
