/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-ledger-pg.c: the hall ledger against a real PostgreSQL server (run
 * under tests/fixtures/postgres/with-postgres): the schema's migrations,
 * who may read what, and the outbox through outages, counting the rows on
 * both sides. */
#include "cases/anyi-case.h"
#include "ledger/outbox/anyi-outbox-pusher.h"
#include "ledger/postgres/anyi-pg-ledger.h"
#include "store/anyi-store-outbox.h"
#include "temp-store.h"

#include <signal.h>
#include <string.h>
#include <sys/wait.h>

#define PHOTO_SIZE (256 * 1024)

static const char *
superuser(void)
{
  return g_getenv("ANYI_TEST_PG");
}

/* The fixture's connection string as another role (libpq: the last
 * keyword wins). */
static char *
as_role(const char *role)
{
  return g_strdup_printf("%s user=%s", superuser(), role);
}

static PGconn *
connect_as(const char *conninfo)
{
  g_autoptr(GError) error = NULL;
  PGconn *conn = anyi_pg_ledger_connect(conninfo, &error);

  g_assert_no_error(error);
  return conn;
}

/* A number the server gives, or -1 when it refuses the query. */
static gint64
server_number(const char *conninfo, const char *sql)
{
  PGconn *conn = connect_as(conninfo);
  PGresult *res = PQexec(conn, sql);
  gint64 n = -1;

  if (PQresultStatus(res) == PGRES_TUPLES_OK && PQntuples(res) == 1)
    n = g_ascii_strtoll(PQgetvalue(res, 0, 0), NULL, 10);
  PQclear(res);
  PQfinish(conn);
  return n;
}

static gint64
server_count(const char *table, const char *kiosk)
{
  g_autofree char *sql =
      g_strdup_printf("SELECT count(*) FROM %s WHERE kiosk_id = '%s'", table, kiosk);
  return server_number(superuser(), sql);
}

static gint64
outbox_depth(AnyiStore *store)
{
  g_autoptr(GError) error = NULL;
  gint64 depth = -1, age = -1;

  g_assert_true(anyi_store_outbox_status(store, &depth, &age, &error));
  g_assert_no_error(error);
  g_assert_cmpint(age, >=, 0);
  return depth;
}

static void
run_ok(const char *command)
{
  g_autoptr(GError) error = NULL;
  int status;

  g_assert_true(g_spawn_command_line_sync(command, NULL, NULL, &status, &error));
  g_assert_no_error(error);
  g_assert_true(g_spawn_check_wait_status(status, NULL));
}

/* A case as a kiosk hands it to the window: card, photo (a real file of
 * PHOTO_SIZE bytes), answers; its handoff writes one outbox entry. */
static void
hand_off_started(TempStore *temp, const AnyiStoredCase *kase, int i)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *photo = g_strdup_printf("%s/photo-%d.jpg", temp->dir, i);
  g_autofree char *bytes = g_malloc(PHOTO_SIZE);
  g_autofree char *data = NULL;

  g_assert_no_error(error);
  for (int b = 0; b < PHOTO_SIZE; b++)
    bytes[b] = (char)(b * 31 + i);
  g_assert_true(g_file_set_contents(photo, bytes, PHOTO_SIZE, &error));
  data = g_strdup_printf("{\"card\": {\"name\": \"测试%d\"}, \"photo\": \"%s\", "
                         "\"answers\": {\"q1\": \"yes\"}, \"missing\": [\"hukou-book\"]}",
                         i, photo);
  g_assert_true(anyi_store_case_transition(temp->store, kase->id, "collecting", "collecting",
                                           "photo-taken", NULL, data, &error));
  g_assert_true(anyi_store_case_hand_off(temp->store, kase->id, "collecting", "needs-review",
                                         "窗口 3", "{\"detail\": \"照片需复核\"}", NULL, &error));
  g_assert_no_error(error);
}

static AnyiStoredCase *
start_case(TempStore *temp)
{
  g_autoptr(GError) error = NULL;
  AnyiStoredCase *kase =
      anyi_store_case_create(temp->store, "hukou-move", 'A', "collecting", &error);

  g_assert_no_error(error);
  return kase;
}

static void
hand_off_case(TempStore *temp, int i)
{
  g_autoptr(AnyiStoredCase) kase = start_case(temp);

  hand_off_started(temp, kase, i);
}

static void
hand_off_cases(TempStore *temp, int n)
{
  for (int i = 0; i < n; i++)
    hand_off_case(temp, i);
  g_assert_cmpint(outbox_depth(temp->store), ==, n);
}

/* Waits (on the outbox, not on a clock) until it is empty; a minute at most
 * under a loaded machine, then the test fails with the depth. */
static void
wait_outbox_empty(AnyiStore *store)
{
  for (int i = 0; i < 1200 && outbox_depth(store) > 0; i++)
    g_usleep(50 * 1000);
  g_assert_cmpint(outbox_depth(store), ==, 0);
}

static void
add_kiosk(const char *kiosk, const char *role)
{
  PGconn *conn = connect_as(superuser());
  g_autoptr(GError) error = NULL;

  g_assert_true(anyi_pg_ledger_add_kiosk(conn, kiosk, role, &error));
  g_assert_no_error(error);
  PQfinish(conn);
}

/* Nothing lost, nothing doubled: one case, one event and one photo on the
 * server for each case handed off, whatever happened in between. */
static void
assert_counts(const char *trial, const char *kiosk, int n, AnyiStore *store)
{
  gint64 cases = server_count("cases", kiosk), events = server_count("case_events", kiosk),
         files = server_count("case_files", kiosk);
  g_autofree char *sql = g_strdup_printf("SELECT count(*) FROM case_files WHERE kiosk_id = '%s' "
                                         "AND size = %d AND sha256 = encode(sha256(data), 'hex')",
                                         kiosk, PHOTO_SIZE);

  printf("# %s: kiosk %d handed off, outbox %" G_GINT64_FORMAT " left; server %" G_GINT64_FORMAT
         " cases, %" G_GINT64_FORMAT " events, %" G_GINT64_FORMAT " photos\n",
         trial, n, outbox_depth(store), cases, events, files);
  g_assert_cmpint(outbox_depth(store), ==, 0);
  g_assert_cmpint(cases, ==, n);
  g_assert_cmpint(events, ==, n);
  g_assert_cmpint(files, ==, n);
  g_assert_cmpint(server_number(superuser(), sql), ==, n);
}

static void
test_migrate(void)
{
  PGconn *conn = connect_as(superuser());
  g_autoptr(GError) error = NULL;
  int from = -1, to = -1;

  /* main() migrated once: a second run finds nothing to do */
  g_assert_true(anyi_pg_ledger_migrate(conn, &from, &to, &error));
  g_assert_no_error(error);
  g_assert_cmpint(from, ==, to);
  g_assert_cmpint(to, ==, anyi_pg_ledger_latest_version());
  PQfinish(conn);
}

/* The store's list of states that send a case to the ledger is the case
 * engine's list of final states. */
static void
test_final_states_agree(void)
{
  const char *const *store = anyi_store_outbox_final_states();
  const char *const *engine = anyi_case_final_state_names();

  g_assert_cmpuint(g_strv_length((char **)store), ==, g_strv_length((char **)engine));
  for (int i = 0; engine[i]; i++)
    g_assert_true(g_strv_contains(store, engine[i]));
}

/* A case still in progress stays on the kiosk; once it reaches a final
 * state it goes to the ledger. */
static void
test_outbox_rules(void)
{
  TempStore temp = {0};
  AnyiStore *store = temp_store_open(&temp);
  g_autoptr(GError) error = NULL;
  g_autoptr(AnyiStoredCase) kase =
      anyi_store_case_create(store, "id-card", 'A', "collecting", &error);

  g_assert_true(anyi_store_case_transition(store, kase->id, "collecting", "reviewing", "next", NULL,
                                           NULL, &error));
  g_assert_cmpint(outbox_depth(store), ==, 0);
  g_assert_true(anyi_store_case_transition(store, kase->id, "reviewing", "submitted", "submit",
                                           NULL, NULL, &error));
  g_assert_no_error(error);
  g_assert_cmpint(outbox_depth(store), ==, 1);
  temp_store_clear(&temp);
}

static void
test_permissions(void)
{
  TempStore a = {0}, b = {0};
  g_autofree char *as_a = as_role("kiosk_perm_a");
  g_autofree char *as_b = as_role("kiosk_perm_b");
  g_autofree char *as_window = as_role("window_perm");
  g_autofree char *as_supervisor = as_role("supervisor_perm");
  g_autoptr(GError) error = NULL;
  PGconn *conn = connect_as(superuser());

  add_kiosk("PA", "kiosk_perm_a");
  add_kiosk("PB", "kiosk_perm_b");
  g_assert_true(anyi_pg_ledger_add_staff(conn, "window", "window_perm", &error));
  g_assert_true(anyi_pg_ledger_add_staff(conn, "supervisor", "supervisor_perm", &error));
  g_assert_no_error(error);
  PQfinish(conn);

  temp_store_open(&a);
  temp_store_open(&b);
  hand_off_cases(&a, 3);
  hand_off_cases(&b, 2);
  {
    g_autoptr(AnyiOutboxPusher) pa = anyi_outbox_pusher_new(a.db_path, as_a, "PA");
    g_autoptr(AnyiOutboxPusher) pb = anyi_outbox_pusher_new(b.db_path, as_b, "PB");
    g_autoptr(AnyiOutboxPusher) liar = anyi_outbox_pusher_new(b.db_path, as_a, "PB");
    guint sent = 0;

    /* kiosk A cannot write cases in kiosk B's name */
    g_assert_false(anyi_outbox_pusher_drain(liar, &sent, &error));
    g_assert_error(error, ANYI_PG_LEDGER_ERROR, ANYI_PG_LEDGER_ERROR_SERVER);
    g_test_message("kiosk A as B: %s", error->message);
    g_clear_error(&error);
    g_assert_true(anyi_outbox_pusher_drain(pa, &sent, &error));
    g_assert_cmpuint(sent, ==, 3);
    g_assert_true(anyi_outbox_pusher_drain(pb, &sent, &error));
    g_assert_cmpuint(sent, ==, 2);
    g_assert_no_error(error);
  }
  /* each kiosk reads its own cases only, even when it asks for the other's */
  g_assert_cmpint(server_number(as_a, "SELECT count(*) FROM cases WHERE kiosk_id IN ('PA','PB')"),
                  ==, 3);
  g_assert_cmpint(server_number(as_b, "SELECT count(*) FROM cases WHERE kiosk_id IN ('PA','PB')"),
                  ==, 2);
  g_assert_cmpint(server_number(as_b, "SELECT count(*) FROM case_files WHERE kiosk_id = 'PA'"), ==,
                  0);
  g_assert_cmpint(server_number(as_b,
                                "WITH u AS (UPDATE cases SET state = 'x' WHERE kiosk_id = 'PA' "
                                "RETURNING 1) SELECT count(*) FROM u"),
                  ==, 0);
  /* the window reads every case and may record its outcome, not rewrite the kiosk's data */
  g_assert_cmpint(
      server_number(as_window, "SELECT count(*) FROM cases WHERE kiosk_id IN ('PA','PB')"), ==, 5);
  g_assert_cmpint(server_number(as_window, "SELECT count(*) FROM case_files WHERE kiosk_id IN "
                                           "('PA','PB')"),
                  ==, 5);
  g_assert_cmpint(server_number(as_window, "WITH u AS (UPDATE cases SET window_status = "
                                           "'claimed', window_owner = 'w3' WHERE kiosk_id = 'PB' "
                                           "RETURNING 1) SELECT count(*) FROM u"),
                  ==, 2);
  g_assert_cmpint(server_number(as_window, "WITH u AS (UPDATE cases SET state = 'x' RETURNING 1) "
                                           "SELECT count(*) FROM u"),
                  ==, -1);
  /* the supervisor reads the statistics, not the cases */
  g_assert_cmpint(server_number(as_supervisor,
                                "SELECT coalesce(sum(cases), 0) FROM "
                                "ledger_daily_stats WHERE service_id = 'hukou-move'"),
                  >=, 5);
  g_assert_cmpint(server_number(as_supervisor, "SELECT count(*) FROM cases"), ==, -1);
  temp_store_clear(&a);
  temp_store_clear(&b);
}

static guint
staff_alerts(AnyiStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = anyi_store_audit_list(store, 0, 100, &error);
  guint n = 0;

  g_assert_no_error(error);
  for (guint i = 0; i < rows->len; i++) {
    const AnyiAuditEntry *row = rows->pdata[i];
    if (g_str_equal(row->action, "staff-alert") && g_str_equal(row->subject, "ledger")) {
      g_assert_nonnull(strstr(row->detail, "LA"));
      n++;
    }
  }
  return n;
}

/* Two kiosks of one hall configured with one letter would give two
 * citizens the same case number: the first to reach the server holds the
 * letter, the second sends nothing under it (its outbox keeps every case),
 * says why for the technician and alerts staff once. */
static void
test_letter_taken(void)
{
  TempStore a = {0}, b = {0};
  g_autofree char *as_a = as_role("kiosk_letter_a");
  g_autofree char *as_b = as_role("kiosk_letter_b");
  g_autoptr(GError) error = NULL;
  guint sent = 0;

  add_kiosk("LA", "kiosk_letter_a");
  add_kiosk("LB", "kiosk_letter_b");
  temp_store_open(&a);
  temp_store_open(&b);
  hand_off_cases(&a, 2);
  hand_off_cases(&b, 3);
  {
    g_autoptr(AnyiOutboxPusher) pa = anyi_outbox_pusher_new(a.db_path, as_a, "LA");
    g_autoptr(AnyiOutboxPusher) pb = anyi_outbox_pusher_new(b.db_path, as_b, "LB");

    anyi_outbox_pusher_set_letter(pa, 'A');
    anyi_outbox_pusher_set_letter(pb, 'A');
    g_assert_true(anyi_outbox_pusher_drain(pa, &sent, &error));
    g_assert_no_error(error);
    g_assert_cmpuint(sent, ==, 2);
    for (int try = 0; try < 2; try++) {
      g_assert_false(anyi_outbox_pusher_drain(pb, &sent, &error));
      g_assert_error(error, ANYI_PG_LEDGER_ERROR, ANYI_PG_LEDGER_ERROR_LETTER_TAKEN);
      g_test_message("kiosk LB with LA's letter: %s", error->message);
      g_assert_nonnull(strstr(error->message, "letter=A is held on the hall's server by kiosk LA"));
      g_clear_error(&error);
      g_assert_cmpuint(sent, ==, 0);
    }
  }
  /* nothing of LB's reached the server, nothing left its outbox, and
   * staff were told once, not once a try */
  g_assert_cmpint(server_count("cases", "LB"), ==, 0);
  g_assert_cmpint(outbox_depth(b.store), ==, 3);
  g_assert_cmpuint(staff_alerts(b.store), ==, 1);
  g_assert_cmpuint(staff_alerts(a.store), ==, 0);
  /* a kiosk neither takes nor frees another's letter */
  g_assert_cmpint(server_number(as_b, "WITH d AS (DELETE FROM kiosk_letters RETURNING 1) "
                                      "SELECT count(*) FROM d"),
                  ==, -1);
  g_assert_cmpint(server_number(as_b, "WITH i AS (INSERT INTO kiosk_letters VALUES ('Z', 'LA') "
                                      "RETURNING 1) SELECT count(*) FROM i"),
                  ==, -1);
  g_assert_cmpint(server_number(as_b, "SELECT count(*) FROM kiosk_letters WHERE letter = 'A'"), ==,
                  1);
  /* the technician gives LB a letter of its own: the outbox goes */
  {
    g_autoptr(AnyiOutboxPusher) pb = anyi_outbox_pusher_new(b.db_path, as_b, "LB");

    anyi_outbox_pusher_set_letter(pb, 'B');
    g_assert_true(anyi_outbox_pusher_drain(pb, &sent, &error));
    g_assert_no_error(error);
    g_assert_cmpuint(sent, ==, 3);
  }
  g_assert_cmpint(server_number(superuser(), "SELECT count(*) FROM kiosk_letters WHERE "
                                             "(letter, kiosk_id) IN (('A', 'LA'), ('B', 'LB'))"),
                  ==, 2);
  temp_store_clear(&a);
  temp_store_clear(&b);
}

/* Waits until a pusher's statement waits on a lock the test holds. */
static void
wait_pusher_blocked(void)
{
  const char *sql = "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'";

  for (int i = 0; i < 1200 && server_number(superuser(), sql) < 1; i++)
    g_usleep(50 * 1000);
  g_assert_cmpint(server_number(superuser(), sql), ==, 1);
}

/* The server dies (SIGKILL to the postmaster) while the pusher's thread is
 * inside a push: its transaction is open on the server, held there by a
 * lock the test takes. The server comes back; the thread carries on by
 * itself, and the kiosk serves meanwhile. */
static void
test_server_stopped(void)
{
  TempStore temp = {0};
  const int n = 40;
  g_autoptr(AnyiOutboxPusher) pusher = NULL;
  g_autoptr(GError) error = NULL;
  PGconn *holder;
  guint sent = 0;
  gint64 at_outage;

  temp_store_open(&temp);
  pusher = anyi_outbox_pusher_new(temp.db_path, superuser(), "SK");
  hand_off_cases(&temp, n / 2);
  g_assert_true(anyi_outbox_pusher_drain(pusher, &sent, &error));
  g_assert_no_error(error);
  holder = connect_as(superuser());
  PQclear(PQexec(holder, "BEGIN; LOCK TABLE case_events IN EXCLUSIVE MODE"));
  for (int i = n / 2; i < n; i++)
    hand_off_case(&temp, i);
  g_assert_true(anyi_outbox_pusher_start(pusher, NULL));
  wait_pusher_blocked();
  run_ok("pg-ctl kill");
  PQfinish(holder);
  at_outage = outbox_depth(temp.store);
  printf("# server-stopped: server killed mid-push: %u sent before, %" G_GINT64_FORMAT " waiting\n",
         sent, at_outage);
  g_assert_cmpint(at_outage, ==, n - n / 2);
  /* the kiosk keeps working meanwhile: another case is handed off */
  hand_off_case(&temp, n);
  run_ok("pg-ctl start");
  anyi_outbox_pusher_wake(pusher);
  wait_outbox_empty(temp.store);
  assert_counts("server-stopped", "SK", n + 1, temp.store);
  temp_store_clear(&temp);
}

/* Nothing listens where the kiosk points: every entry stays, nothing is
 * half sent; once the server is named right, all go. */
static void
test_connection_refused(void)
{
  TempStore temp = {0};
  const int n = 10;
  g_autofree char *nowhere = g_strdup_printf("%s host=127.0.0.1 port=1", superuser());
  g_autoptr(AnyiOutboxPusher) refused = NULL;
  g_autoptr(AnyiOutboxPusher) pusher = NULL;
  g_autoptr(GError) error = NULL;
  guint sent = 99;

  temp_store_open(&temp);
  hand_off_cases(&temp, n);
  refused = anyi_outbox_pusher_new(temp.db_path, nowhere, "RF");
  g_assert_false(anyi_outbox_pusher_drain(refused, &sent, &error));
  g_assert_error(error, ANYI_PG_LEDGER_ERROR, ANYI_PG_LEDGER_ERROR_CONNECT);
  g_assert_cmpuint(sent, ==, 0);
  g_assert_cmpint(outbox_depth(temp.store), ==, n);
  printf("# refused: %s; outbox %d\n", error->message, n);
  pusher = anyi_outbox_pusher_new(temp.db_path, superuser(), "RF");
  g_clear_error(&error);
  g_assert_true(anyi_outbox_pusher_drain(pusher, &sent, &error));
  g_assert_no_error(error);
  assert_counts("connection-refused", "RF", n, temp.store);
  temp_store_clear(&temp);
}

/* A pusher killed between the server's commit and its own delete sends
 * the same entry again: the second push changes nothing. */
static void
test_push_twice(void)
{
  TempStore temp = {0};
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  PGconn *conn = connect_as(superuser());

  temp_store_open(&temp);
  hand_off_cases(&temp, 2);
  entries = anyi_store_outbox_peek(temp.store, 10, &error);
  g_assert_no_error(error);
  for (guint i = 0; i < entries->len; i++) {
    g_assert_true(anyi_pg_ledger_push(conn, "TW", entries->pdata[i], &error));
    g_assert_true(anyi_pg_ledger_push(conn, "TW", entries->pdata[i], &error));
    g_assert_no_error(error);
    g_assert_true(
        anyi_store_outbox_remove(temp.store, ((AnyiOutboxEntry *)entries->pdata[i])->seq, &error));
  }
  PQfinish(conn);
  assert_counts("pushed-twice", "TW", 2, temp.store);
  temp_store_clear(&temp);
}

static GPid
spawn_pusher(TempStore *temp, const char *kiosk)
{
  g_autoptr(GError) error = NULL;
  const char *anyictl = g_getenv("ANYICTL");
  const char *argv[] = {anyictl, "ledger", "push", NULL};
  g_auto(GStrv) env = g_get_environ();
  GPid pid;

  env = g_environ_setenv(env, "ANYI_DB", temp->db_path, TRUE);
  env = g_environ_setenv(env, "ANYI_KIOSK_ID", kiosk, TRUE);
  /* a letter of its own: kiosk-letter-taken holds A */
  env = g_environ_setenv(env, "ANYI_KIOSK_LETTER", "K", TRUE);
  env = g_environ_setenv(env, "ANYI_LEDGER_CONNECTION", superuser(), TRUE);
  g_assert_true(
      g_spawn_async(NULL, (char **)argv, env, G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL, &pid, &error));
  g_assert_no_error(error);
  return pid;
}

static int
wait_child(GPid pid)
{
  int status;

  g_assert_cmpint(waitpid(pid, &status, 0), ==, pid);
  return status;
}

/* The pusher's process is killed with SIGKILL in the middle of the outbox;
 * a new one finishes it. */
static void
test_pusher_killed(void)
{
  TempStore temp = {0};
  const int n = 60;
  gint64 at_kill;
  GPid pid;
  int status;

  if (!g_getenv("ANYICTL")) {
    g_test_skip("ANYICTL is not set (run through meson)");
    return;
  }
  temp_store_open(&temp);
  hand_off_cases(&temp, n);
  pid = spawn_pusher(&temp, "KK");
  for (int i = 0; i < 60000 && server_count("case_events", "KK") < 1; i++)
    g_usleep(500);
  kill(pid, SIGKILL);
  status = wait_child(pid);
  at_kill = server_count("case_events", "KK");
  printf("# pusher-killed: killed with %" G_GINT64_FORMAT " of %d on the server, %" G_GINT64_FORMAT
         " in the outbox\n",
         at_kill, n, outbox_depth(temp.store));
  g_assert_true(WIFSIGNALED(status));
  g_assert_cmpint(at_kill, <, n);
  pid = spawn_pusher(&temp, "KK");
  status = wait_child(pid);
  g_assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  assert_counts("pusher-killed", "KK", n, temp.store);
  temp_store_clear(&temp);
}

/* The server's value of @sql, as text ("(null)", or NULL when refused). */
static char *
server_text(const char *sql)
{
  PGconn *conn = connect_as(superuser());
  PGresult *res = PQexec(conn, sql);
  char *answer = NULL;

  if (PQresultStatus(res) == PGRES_TUPLES_OK && PQntuples(res) == 1)
    answer = g_strdup(PQgetisnull(res, 0, 0) ? "(null)" : PQgetvalue(res, 0, 0));
  PQclear(res);
  PQfinish(conn);
  return answer;
}

static char *
printed_on_server(const char *number)
{
  g_autofree char *sql = g_strdup_printf(
      "SELECT coalesce(string_agg((j ->> 'template') || '=' || (j ->> 'state'), ',' ORDER BY"
      " j ->> 'template'), '-') FROM cases, jsonb_array_elements(printed) AS j"
      " WHERE kiosk_id = 'PP' AND number = '%s'",
      number);
  return server_text(sql);
}

/* A case is handed off owing its slip and receipt; the papers print after
 * the handoff went to the server (the slip printed, the receipt failed).
 * The window sees each paper's state, and a second push changes nothing. */
static void
test_print_states_after_handoff(void)
{
  g_autofree char *as_kiosk = as_role("kiosk_print_p");
  g_autoptr(GError) error = NULL;
  TempStore temp = {0};
  AnyiStore *store = temp_store_open(&temp);
  g_autoptr(AnyiStoredCase) kase =
      anyi_store_case_create(store, "hukou-move", 'A', "collecting", &error);
  const AnyiStoreDocument owed[] = {{"slip", "handoff-slip"}, {"receipt", "receipt"}};
  g_autoptr(AnyiOutboxPusher) pusher = NULL;
  g_autofree char *at_handoff = NULL, *pending = NULL, *after = NULL, *again = NULL;
  g_autofree char *events_sql = NULL;
  gint64 slip = 0, receipt = 0, events = 0;
  guint sent = 0;

  add_kiosk("PP", "kiosk_print_p");
  pusher = anyi_outbox_pusher_new(temp.db_path, as_kiosk, "PP");
  g_assert_no_error(error);
  g_assert_true(anyi_store_case_hand_off_owing(store, kase->id, "collecting", "needs-review",
                                               "窗口 3", NULL, owed, G_N_ELEMENTS(owed), NULL,
                                               &error));
  g_assert_no_error(error);
  g_assert_true(anyi_outbox_pusher_drain(pusher, &sent, &error));
  at_handoff = printed_on_server(kase->number);
  g_assert_cmpstr(at_handoff, ==, "handoff-slip=owed,receipt=owed");

  /* the kiosk prints: each state change leaves with the case */
  g_assert_true(anyi_store_print_job_claim(store, kase->id, "slip", "handoff-slip", "/tmp/s.pdf",
                                           &slip, &error));
  g_assert_true(anyi_outbox_pusher_drain(pusher, &sent, &error));
  g_assert_cmpuint(sent, ==, 1);
  pending = printed_on_server(kase->number);
  g_assert_cmpstr(pending, ==, "handoff-slip=pending,receipt=owed");

  g_assert_true(anyi_store_print_job_update(store, slip, "printed", 12, NULL, &error));
  /* told twice (a CUPS notification repeated): one entry */
  g_assert_true(anyi_store_print_job_update(store, slip, "printed", 12, NULL, &error));
  g_assert_true(anyi_store_print_job_claim(store, kase->id, "receipt", "receipt", "/tmp/r.pdf",
                                           &receipt, &error));
  g_assert_true(anyi_store_print_job_update(store, receipt, "failed", 13, "paper jam", &error));
  g_assert_no_error(error);
  g_assert_cmpint(outbox_depth(store), ==, 3);
  g_assert_true(anyi_outbox_pusher_drain(pusher, &sent, &error));
  g_assert_no_error(error);
  g_assert_cmpuint(sent, ==, 3);
  after = printed_on_server(kase->number);
  g_assert_cmpstr(after, ==, "handoff-slip=printed,receipt=failed");
  events_sql = g_strdup_printf("SELECT count(*) FROM case_events WHERE kiosk_id = 'PP' AND"
                               " case_number = '%s' AND event = 'print-job'",
                               kase->number);
  events = server_number(superuser(), events_sql);
  g_assert_cmpint(events, ==, 4);

  /* pushed again (a pusher killed before its delete): nothing changes */
  {
    g_autoptr(GPtrArray) none = anyi_store_outbox_peek(store, 10, &error);
    g_assert_cmpuint(none->len, ==, 0);
  }
  again = printed_on_server(kase->number);
  g_assert_cmpstr(again, ==, after);
  g_assert_cmpint(server_number(superuser(), events_sql), ==, 4);
  temp_store_clear(&temp);
}

/* As the kiosk's function does when its store's file was replaced: the
 * store follows the file at the path, the pusher is woken. */
static gboolean
follow_file(AnyiStore *store, gpointer pusher, GError **error)
{
  if (!anyi_store_reopen(store, error))
    return FALSE;
  anyi_outbox_pusher_wake(pusher);
  return TRUE;
}

/* Waits until the server has @n cases of @kiosk and the outbox of the
 * store's file (the new one) is empty: a minute at most under a loaded
 * machine, then the test fails on the counts. */
static void
wait_all_sent(const char *kiosk, int n, AnyiStore *store)
{
  gint64 start = g_get_monotonic_time();

  while (g_get_monotonic_time() - start < 60 * G_USEC_PER_SEC &&
         (server_count("cases", kiosk) < n || outbox_depth(store) > 0))
    g_usleep(50 * 1000);
  printf("# %s: waited %.1f s for %d cases on the server\n", kiosk,
         (double)(g_get_monotonic_time() - start) / G_USEC_PER_SEC, n);
}

/* A technician replaces the kiosk's database file while its pusher runs
 * and a citizen's case is under way: two cases went to the server before;
 * the case under way is handed off (in the old file, where it began),
 * then the next citizen's case starts (the store follows the new file,
 * carrying the case) and is handed off too. The server has every case
 * once, and the new file's outbox empties, without a restart. */
static void
test_file_replaced(void)
{
  TempStore temp = {0};
  g_autoptr(AnyiOutboxPusher) pusher = NULL;
  g_autoptr(AnyiStoredCase) under_way = NULL;
  g_autoptr(AnyiStoredCase) next = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *aside = NULL;

  temp_store_open(&temp);
  aside = g_strconcat(temp.db_path, ".aside", NULL);
  pusher = anyi_outbox_pusher_new(temp.db_path, superuser(), "FR");
  g_assert_true(anyi_store_watch_file(temp.store, follow_file, pusher, &error));
  g_assert_true(anyi_outbox_pusher_start(pusher, &error));
  g_assert_no_error(error);
  hand_off_case(&temp, 0);
  hand_off_case(&temp, 1);
  wait_outbox_empty(temp.store);
  under_way = start_case(&temp);
  temp_store_replace_file(&temp, aside);
  hand_off_started(&temp, under_way, 2);
  next = start_case(&temp);
  g_assert_false(anyi_store_file_replaced(temp.store));
  hand_off_started(&temp, next, 3);
  wait_all_sent("FR", 4, temp.store);
  assert_counts("file-replaced", "FR", 4, temp.store);
  temp_store_clear(&temp);
}

/* rm kiosk.db* while the pusher is inside a push (held there by a lock
 * the test takes) and the old file's outbox still holds two handoffs: the
 * kiosk makes a new file at the next case, which carries neither (they
 * are over); the pusher sends them from the old file, then the new case
 * from the new one. */
static void
test_file_deleted(void)
{
  TempStore temp = {0};
  g_autoptr(AnyiOutboxPusher) pusher = NULL;
  g_autoptr(AnyiStoredCase) next = NULL;
  g_autoptr(GError) error = NULL;
  PGconn *holder;

  temp_store_open(&temp);
  pusher = anyi_outbox_pusher_new(temp.db_path, superuser(), "FD");
  g_assert_true(anyi_store_watch_file(temp.store, follow_file, pusher, &error));
  g_assert_no_error(error);
  holder = connect_as(superuser());
  PQclear(PQexec(holder, "BEGIN; LOCK TABLE case_events IN EXCLUSIVE MODE"));
  hand_off_cases(&temp, 2);
  g_assert_true(anyi_outbox_pusher_start(pusher, &error));
  wait_pusher_blocked();
  temp_store_delete_file(&temp);
  next = start_case(&temp);
  g_assert_true(g_file_test(temp.db_path, G_FILE_TEST_EXISTS));
  hand_off_started(&temp, next, 2);
  g_assert_cmpint(outbox_depth(temp.store), ==, 1);
  PQclear(PQexec(holder, "COMMIT"));
  PQfinish(holder);
  wait_all_sent("FD", 3, temp.store);
  assert_counts("file-deleted", "FD", 3, temp.store);
  temp_store_clear(&temp);
}

/* A file of another day put in place, its outbox still holding @n
 * handoffs of its own (letter Z): sequence numbers 1 to @n are taken
 * there. */
static void
make_used_file(TempStore *temp, int n)
{
  g_autofree char *fresh = g_strconcat(temp->db_path, ".fresh", NULL);
  g_autoptr(GError) error = NULL;
  AnyiStore *made = anyi_store_open(fresh, &error);

  g_assert_no_error(error);
  for (int i = 0; i < n; i++) {
    g_autoptr(AnyiStoredCase) other =
        anyi_store_case_create(made, "hukou-move", 'Z', "collecting", &error);
    g_assert_no_error(error);
    g_assert_true(anyi_store_case_hand_off(made, other->id, "collecting", "needs-review", "窗口 3",
                                           "{}", NULL, &error));
    g_assert_no_error(error);
  }
  anyi_store_close(made);
}

/* The file put in place is a used one (make_used_file), so the entry
 * the kiosk carries there takes a new sequence number; and the pusher
 * sends that entry from the old file as well (it was held inside a push
 * by a lock the test takes while the kiosk carried it). The server has
 * it once, not once under each number. */
static void
test_file_replaced_by_used(void)
{
  TempStore temp = {0};
  g_autoptr(AnyiOutboxPusher) pusher = NULL;
  g_autoptr(AnyiStoredCase) first = NULL;
  g_autoptr(AnyiStoredCase) next = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *aside = NULL, *first_events = NULL;
  PGconn *holder;

  temp_store_open(&temp);
  aside = g_strconcat(temp.db_path, ".aside", NULL);
  pusher = anyi_outbox_pusher_new(temp.db_path, superuser(), "FU");
  g_assert_true(anyi_store_watch_file(temp.store, follow_file, pusher, &error));
  g_assert_no_error(error);
  holder = connect_as(superuser());
  PQclear(PQexec(holder, "BEGIN; LOCK TABLE case_events IN EXCLUSIVE MODE"));
  hand_off_case(&temp, 0);
  g_assert_true(anyi_outbox_pusher_start(pusher, &error));
  wait_pusher_blocked();
  first = start_case(&temp);
  make_used_file(&temp, 3);
  temp_store_replace_file(&temp, aside);
  hand_off_started(&temp, first, 1);
  next = start_case(&temp);
  hand_off_started(&temp, next, 2);
  /* the carried entry, renumbered, waits in the new file */
  g_assert_cmpint(outbox_depth(temp.store), ==, 3 + 2);
  PQclear(PQexec(holder, "COMMIT"));
  PQfinish(holder);
  wait_all_sent("FU", 6, temp.store);
  first_events = g_strdup_printf("SELECT count(*) FROM case_events WHERE kiosk_id = 'FU' AND "
                                 "case_number = '%s'",
                                 first->number);
  printf("# file-replaced-by-used: %" G_GINT64_FORMAT " cases, %" G_GINT64_FORMAT
         " events (%" G_GINT64_FORMAT " of the carried case), outbox %" G_GINT64_FORMAT "\n",
         server_count("cases", "FU"), server_count("case_events", "FU"),
         server_number(superuser(), first_events), outbox_depth(temp.store));
  g_assert_cmpint(server_number(superuser(), first_events), ==, 1);
  g_assert_cmpint(server_count("cases", "FU"), ==, 6);
  g_assert_cmpint(server_count("case_events", "FU"), ==, 6);
  g_assert_cmpint(outbox_depth(temp.store), ==, 0);
  temp_store_clear(&temp);
}

int
main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  if (!superuser()) {
    g_print("SKIP: ANYI_TEST_PG is not set: run under tests/fixtures/postgres/with-postgres\n");
    return 77;
  }
  {
    PGconn *conn = connect_as(superuser());
    g_autoptr(GError) error = NULL;
    anyi_pg_ledger_migrate(conn, NULL, NULL, &error);
    g_assert_no_error(error);
    PQfinish(conn);
  }
  g_test_add_func("/ledger/migrate", test_migrate);
  g_test_add_func("/ledger/final-states-agree", test_final_states_agree);
  g_test_add_func("/ledger/outbox-rules", test_outbox_rules);
  g_test_add_func("/ledger/permissions", test_permissions);
  g_test_add_func("/ledger/kiosk-letter-taken", test_letter_taken);
  g_test_add_func("/ledger/outbox/connection-refused", test_connection_refused);
  g_test_add_func("/ledger/outbox/server-stopped", test_server_stopped);
  g_test_add_func("/ledger/outbox/pushed-twice", test_push_twice);
  g_test_add_func("/ledger/outbox/pusher-killed", test_pusher_killed);
  g_test_add_func("/ledger/outbox/print-states-after-handoff", test_print_states_after_handoff);
  g_test_add_func("/ledger/outbox/file-replaced", test_file_replaced);
  g_test_add_func("/ledger/outbox/file-deleted", test_file_deleted);
  g_test_add_func("/ledger/outbox/file-replaced-by-used", test_file_replaced_by_used);
  return g_test_run();
}
