/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-sms-pg.c: messages to the citizen on the hall's PostgreSQL server
 * (run under tests/fixtures/postgres/with-postgres): a window's outcome
 * queues one message in its own transaction, whoever writes it, and a
 * kiosk cannot read the queue. Then the sending, as the hall runs it
 * (`anyictl ledger sms-send` pointed at the server, as cron and each
 * console do): an outcome reaches the emulated gateway once, two senders
 * at once still send each message once, and a 容缺 deadline 3 days away
 * gives one reminder. The texts carry no ID number, name or address. */
#include "ledger/postgres/anyi-ledger-pg.h"
#include "ledger/postgres/anyi-pg-ledger.h"
#include "ledger/sms/anyi-sms-pg-sender.h"

#include <stdio.h>
#include <stdlib.h>

#define ID_NUMBER "11010519491231002X"
#define NAME      "张三"
#define ADDRESS   "北京市东城区"

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

/* ---- sending ---- */

static char *
conninfo_of(const char *role)
{
  return g_strdup_printf("%s user=%s", superuser(), role);
}

/* A case handed off at kiosk SA, with the kiosk's data: the card (ID
 * number, name, address), the form's mobile, and @notice_sql (an SQL jsonb
 * expression, or NULL) as its 容缺 notice. */
static void
hand_off_case(PGconn *admin, const char *number, const char *state, const char *mobile,
              const char *notice_sql)
{
  g_autofree char *sql = g_strdup_printf(
      "INSERT INTO cases (kiosk_id, number, service_id, state, card, form, data, handoff_reason,"
      " kiosk_created_at, kiosk_updated_at, last_seq) SELECT 'SA', '%s', 'hukou-move', '%s',"
      " card, form, jsonb_build_object('card', card, 'form', form, 'notice', %s), 'needs-review',"
      " now(), now(), 1 FROM (SELECT '{\"id_number\": \"" ID_NUMBER "\", \"name\": \"" NAME
      "\", \"address\": \"" ADDRESS "\"}'::jsonb AS card, '{\"mobile\": \"%s\"}'::jsonb"
      " AS form) AS s",
      number, state, notice_sql ? notice_sql : "NULL", mobile);

  run(admin, sql);
}

/* `anyictl ledger sms-send` as window staff @role (or a kiosk), on the
 * server: a launcher with kiosk.conf's [ledger] connection pointing there. */
static GSubprocess *
start_anyictl(const char *role, const char *verb, const char *arg, GError **error)
{
  g_autoptr(GSubprocessLauncher) launcher =
      g_subprocess_launcher_new(G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autofree char *conninfo = conninfo_of(role);

  g_subprocess_launcher_setenv(launcher, "ANYI_LEDGER_CONNECTION", conninfo, TRUE);
  return g_subprocess_launcher_spawn(launcher, error, g_getenv("ANYICTL"), "ledger", verb, arg,
                                     NULL);
}

/* Its output; @ok whether it exited 0. */
static char *
finish_anyictl(GSubprocess *process, gboolean *ok, char **log)
{
  g_autoptr(GError) error = NULL;
  char *out = NULL;

  g_assert_true(g_subprocess_communicate_utf8(process, NULL, NULL, &out, log, &error));
  g_assert_no_error(error);
  *ok = g_subprocess_get_successful(process);
  return out;
}

static char *
anyictl(const char *role, const char *verb, const char *arg, gboolean *ok, char **log)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) process = start_anyictl(role, verb, arg, &error);

  g_assert_no_error(error);
  return finish_anyictl(process, ok, log);
}

static void
send_as_window(void)
{
  gboolean ok = FALSE;
  g_autofree char *log = NULL;
  g_autofree char *out = anyictl("window_sms", "sms-send", NULL, &ok, &log);

  if (!ok)
    g_error("anyictl ledger sms-send: %s%s", out, log);
  g_assert_true(g_str_has_prefix(out, "reminders queued "));
}

static gboolean
have_anyictl(void)
{
  if (g_getenv("ANYICTL"))
    return TRUE;
  g_test_skip("ANYICTL is not set: run through meson");
  return FALSE;
}

/* What the emulated gateway on the server delivered for keys LIKE
 * @pattern: "deliveries|most submissions of one key". */
static char *
deliveries(PGconn *admin, const char *pattern)
{
  g_autofree char *sql =
      g_strdup_printf("SELECT count(*) || '|' || coalesce(max(submissions), 0) FROM sms_emulated"
                      " WHERE idempotency_key LIKE '%s'",
                      pattern);

  return value(admin, sql);
}

static void
assert_no_personal_data(const char *text)
{
  g_assert_null(strstr(text, ID_NUMBER));
  g_assert_null(strstr(text, "1949"));
  g_assert_null(strstr(text, NAME));
  g_assert_null(strstr(text, ADDRESS));
}

/* The window records an outcome through the console's own ledger; one
 * pass of the sender puts exactly one message in the gateway, a second
 * pass nothing more. A kiosk's role may not send (nor read) the queue. */
static void
test_outcome_sent_once(void)
{
  PGconn *admin = connect_as(NULL);
  g_autofree char *window_conninfo = conninfo_of("window_sms");
  g_autoptr(GError) error = NULL;
  g_autoptr(AnyiLedger) ledger = NULL;
  g_autofree char *first = NULL, *second = NULL, *text = NULL, *state = NULL;
  g_autofree char *kiosk_out = NULL, *kiosk_log = NULL, *list = NULL, *list_log = NULL;
  gboolean ok = TRUE;

  if (!have_anyictl())
    return;
  hand_off_case(admin, "1206-B001", "handed-off", "13800138000", NULL);
  ledger = anyi_ledger_pg_new(window_conninfo, &error);
  g_assert_no_error(error);
  g_assert_true(anyi_ledger_record_outcome(ledger, "1206-B001", "wang",
                                           ANYI_LEDGER_OUTCOME_FINISHED, NULL,
                                           "请带" ID_NUMBER "的身份证来领取", &error));
  g_assert_no_error(error);

  send_as_window();
  first = deliveries(admin, "SA:1206-B001:%");
  g_assert_cmpstr(first, ==, "1|1");
  text = value(admin, "SELECT text FROM sms_emulated WHERE idempotency_key ="
                      " 'SA:1206-B001:outcome:1'");
  g_assert_nonnull(strstr(text, "1206-B001"));
  g_assert_nonnull(strstr(text, "已在窗口办结"));
  assert_no_personal_data(text);
  state = value(admin, "SELECT state || '|' || attempts FROM sms_outbox WHERE"
                       " idempotency_key = 'SA:1206-B001:outcome:1'");
  g_assert_cmpstr(state, ==, "sent|1");

  send_as_window();
  second = deliveries(admin, "SA:1206-B001:%");
  g_assert_cmpstr(second, ==, "1|1");

  /* the technician's list: the message, its mobile masked, the text */
  list = anyictl("window_sms", "sms", "list", &ok, &list_log);
  g_assert_true(ok);
  g_assert_nonnull(strstr(list, "SA:1206-B001:outcome:1\tsent\t138****8000\t"));
  g_assert_null(strstr(list, "13800138000"));

  kiosk_out = anyictl("kiosk_sms_a", "sms-send", NULL, &ok, &kiosk_log);
  g_assert_false(ok);
  g_assert_nonnull(strstr(kiosk_log, "permission denied"));
  PQfinish(admin);
}

/* How many senders are inside a delivery, waiting for the gateway's table.
 * @admin outside a transaction: inside one, pg_stat_activity is a snapshot. */
static int
senders_delivering(PGconn *admin)
{
  g_autofree char *n = value(admin, "SELECT count(*) FROM pg_stat_activity WHERE"
                                    " wait_event_type = 'Lock' AND query LIKE"
                                    " 'INSERT INTO sms_emulated%'");
  return n ? atoi(n) : -1;
}

static gboolean
running(GSubprocess *process)
{
  return g_subprocess_get_identifier(process) != NULL;
}

/* Two senders at once (two consoles, or a console and cron): the test
 * holds the gateway's table, so each sender stops inside its transaction
 * with the message it claimed; both are there at the same time, each with
 * a different message. Released, every message is delivered once. */
static void
test_two_senders_send_once(void)
{
  PGconn *admin = connect_as(NULL);
  PGconn *window = connect_as("window_sms");
  PGconn *watcher = connect_as(NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) one = NULL, two = NULL;
  g_autofree char *out_one = NULL, *out_two = NULL, *log_one = NULL, *log_two = NULL;
  g_autofree char *delivered = NULL, *states = NULL;
  gint64 deadline = g_get_monotonic_time() + 60 * G_TIME_SPAN_SECOND;
  gboolean ok_one = FALSE, ok_two = FALSE;
  int waiting = 0;

  if (!have_anyictl())
    return;
  for (int i = 1; i <= 10; i++) {
    g_autofree char *number = g_strdup_printf("1206-C%03d", i);
    g_autofree char *sql =
        g_strdup_printf("UPDATE cases SET window_status = 'finished' WHERE number = '%s'", number);
    hand_off_case(admin, number, "handed-off", "13900139000", NULL);
    run(window, sql);
  }
  run(admin, "BEGIN");
  run(admin, "LOCK TABLE sms_emulated IN EXCLUSIVE MODE");
  one = start_anyictl("window_sms", "sms-send", NULL, &error);
  g_assert_no_error(error);
  two = start_anyictl("window_sms", "sms-send", NULL, &error);
  g_assert_no_error(error);
  /* a condition, not a time: both inside a delivery, or one gave up */
  while ((waiting = senders_delivering(watcher)) < 2 && running(one) && running(two) &&
         g_get_monotonic_time() < deadline)
    g_usleep(20 * 1000);
  run(admin, "COMMIT");
  out_one = finish_anyictl(one, &ok_one, &log_one);
  out_two = finish_anyictl(two, &ok_two, &log_two);
  if (!ok_one || !ok_two)
    g_error("a sender failed: %s%s / %s%s", out_one, log_one, out_two, log_two);
  g_assert_cmpint(waiting, ==, 2);

  delivered = deliveries(admin, "SA:1206-C%");
  g_assert_cmpstr(delivered, ==, "10|1");
  states = value(admin, "SELECT string_agg(DISTINCT state, ',') FROM sms_outbox WHERE"
                        " case_number LIKE '1206-C%'");
  g_assert_cmpstr(states, ==, "sent");
  PQfinish(watcher);
  PQfinish(window);
  PQfinish(admin);
}

/* The sweep on the server: a commitment due in 3 days gives one reminder
 * of the material still owed; one due in 10 days none yet; one whose
 * materials all came in none. Swept twice: still one. */
static void
test_reminder_three_days_before(void)
{
  PGconn *admin = connect_as(NULL);
  g_autofree char *delivered = NULL, *again = NULL, *text = NULL, *deadline = NULL;
  g_autofree char *key = NULL, *want_key = NULL;
  const char *materials = "'materials', '[{\"id\": \"household-register\", \"name\":"
                          " \"居民户口簿\"}, {\"id\": \"photo-receipt\", \"name\": \"照片回执\"}]'"
                          "::jsonb";
  g_autofree char *in_3 = g_strdup_printf(
      "jsonb_build_object('deadline', to_char(current_date + 3, 'YYYY-MM-DD'), %s)", materials);
  g_autofree char *in_10 = g_strdup_printf(
      "jsonb_build_object('deadline', to_char(current_date + 10, 'YYYY-MM-DD'), %s)", materials);
  g_autofree char *in_2 = g_strdup_printf(
      "jsonb_build_object('deadline', to_char(current_date + 2, 'YYYY-MM-DD'), %s)", materials);

  if (!have_anyictl())
    return;
  hand_off_case(admin, "1206-D001", "accepted-with-missing-materials", "13700137000", in_3);
  hand_off_case(admin, "1206-D002", "accepted-with-missing-materials", "13700137001", in_10);
  hand_off_case(admin, "1206-D003", "accepted-with-missing-materials", "13700137002", in_2);
  run(admin, "INSERT INTO window_received (kiosk_id, case_number, material_id, by) VALUES"
             " ('SA', '1206-D001', 'photo-receipt', 'wang'),"
             " ('SA', '1206-D003', 'photo-receipt', 'wang'),"
             " ('SA', '1206-D003', 'household-register', 'wang')");

  send_as_window();
  delivered = deliveries(admin, "SA:1206-D%");
  g_assert_cmpstr(delivered, ==, "1|1");
  deadline = value(admin, "SELECT to_char(current_date + 3, 'YYYY-MM-DD')");
  want_key = g_strdup_printf("SA:1206-D001:reminder:%s", deadline);
  key = value(admin, "SELECT idempotency_key FROM sms_emulated WHERE idempotency_key LIKE"
                     " 'SA:1206-D%'");
  g_assert_cmpstr(key, ==, want_key);
  text = value(admin, "SELECT text FROM sms_emulated WHERE idempotency_key LIKE 'SA:1206-D%'");
  g_assert_nonnull(strstr(text, "居民户口簿"));
  g_assert_null(strstr(text, "照片回执"));
  g_assert_nonnull(strstr(text, deadline));
  g_assert_nonnull(strstr(text, "1206-D001"));
  assert_no_personal_data(text);

  send_as_window();
  again = deliveries(admin, "SA:1206-D%");
  g_assert_cmpstr(again, ==, "1|1");
  PQfinish(admin);
}

/* The sender as anyi-window starts it on the server: on its own thread,
 * it sends an outcome recorded after it started, without being asked. */
static void
test_console_thread_sends(void)
{
  PGconn *admin = connect_as(NULL);
  PGconn *window = connect_as("window_sms");
  g_autofree char *conninfo = conninfo_of("window_sms");
  g_autoptr(GError) error = NULL;
  g_autoptr(AnyiSmsPgSender) sender =
      anyi_sms_pg_sender_new(conninfo, NULL, "安居区户政大厅", &error);
  g_autofree char *delivered = NULL, *text = NULL;

  g_assert_no_error(error);
  g_assert_true(anyi_sms_pg_sender_start(sender, 1, &error));
  g_assert_no_error(error);
  hand_off_case(admin, "1206-E001", "handed-off", "13600136000", NULL);
  run(window, "UPDATE cases SET window_status = 'referred' WHERE number = '1206-E001'");
  /* a condition, not a time: the thread's next pass (a minute at most) */
  for (int i = 0; i < 600; i++) {
    g_free(delivered);
    delivered = deliveries(admin, "SA:1206-E001:%");
    if (g_strcmp0(delivered, "1|1") == 0)
      break;
    g_usleep(100 * 1000);
  }
  g_assert_cmpstr(delivered, ==, "1|1");
  text = value(admin, "SELECT text FROM sms_emulated WHERE idempotency_key LIKE 'SA:1206-E001:%'");
  g_assert_true(g_str_has_prefix(text, "【安居区户政大厅】"));
  g_assert_nonnull(strstr(text, "已转交其他部门办理"));
  g_clear_pointer(&sender, anyi_sms_pg_sender_free);
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
  g_test_add_func("/sms/pg/outcome-sent-once", test_outcome_sent_once);
  g_test_add_func("/sms/pg/two-senders-send-once", test_two_senders_send_once);
  g_test_add_func("/sms/pg/reminder-three-days-before", test_reminder_three_days_before);
  g_test_add_func("/sms/pg/console-thread-sends", test_console_thread_sends);
  return g_test_run();
}
