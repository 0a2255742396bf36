/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-ledger-pg-window.c: the window's side of the hall ledger on a real
 * PostgreSQL server (run under tests/fixtures/postgres/with-postgres).
 *
 * The walk of tests/window/test-window-walk.c through the server: a kiosk
 * hands a case off (`anyictl case run`), its pusher (`anyictl ledger push`,
 * as the kiosk's own role) sends it, the console (AnyiLedgerPg, as a
 * window staff role) opens it from the slip's QR payload with nothing asked
 * again and records the outcome, and the kiosk's progress query shows it
 * once the pusher has brought it back. Then two kiosks and one console at
 * once: the console's live queue (LISTEN/NOTIFY) sees both kiosks' cases,
 * neither kiosk reads the other's, and pictures are checked as hostile
 * bytes. */
#include "cases/anyi-case-runner.h"
#include "kiosk/anyi-kiosk.h"
#include "ledger/outbox/anyi-outbox-pusher.h"
#include "ledger/postgres/anyi-ledger-pg.h"
#include "ledger/postgres/anyi-pg-calls.h"
#include "ledger/postgres/anyi-pg-ledger.h"
#include "staff/anyi-staff.h"
#include "store/anyi-store-outbox.h"
#include "temp-store.h"

#include <string.h>

#define ID_NUMBER "11010519491231002X"
#define CARD                                                                                       \
  "\"card\": {\"type\": \"resident\", \"name\": \"张三\", \"sex\": \"1\", \"birth\": "           \
  "\"19491231\", \"id_number\": \"" ID_NUMBER "\", \"address\": \"北京市东城区\", "          \
  "\"valid_to\": \"20300101\"}"
#define NOTE "指纹已采集，新证12月20日后到5号窗口领取"

static const char renewal[] =
    "{\"service\": \"idcard-renewal\", \"today\": \"2026-11-30\","
    " \"kiosk\": {\"letter\": \"A\", \"window\": \"5\", \"has_fingerprint_reader\": false,"
    " \"kiosk_id\": \"KIOSK-A1\"}, " CARD ","
    " \"form\": {\"mobile\": \"13800138000\", \"collection\": \"window\", \"waiver\": \"none\"},"
    " \"missing\": [\"household-register\"], \"commit_to_missing\": true,"
    " \"payment\": {\"outcome\": \"paid\"}}";

static const char *
superuser(void)
{
  return g_getenv("ANYI_TEST_PG");
}

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

static void
server_do(const char *sql)
{
  PGconn *conn = connect_as(superuser());
  PGresult *res = PQexec(conn, sql);

  g_assert_cmpstr(PQresultErrorMessage(res), ==, "");
  PQclear(res);
  PQfinish(conn);
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

static void
add_window(const char *role)
{
  PGconn *conn = connect_as(superuser());
  g_autoptr(GError) error = NULL;

  g_assert_true(anyi_pg_ledger_add_staff(conn, "window", role, &error));
  g_assert_no_error(error);
  PQfinish(conn);
}

static AnyiLedger *
console_as(const char *role)
{
  g_autofree char *conninfo = as_role(role);
  g_autoptr(GError) error = NULL;
  AnyiLedger *ledger = anyi_ledger_pg_new(conninfo, &error);

  g_assert_no_error(error);
  return ledger;
}

/* ---- the walk ---- */

static JsonObject *
run_case(TempStore *temp, const char *script)
{
  g_autofree char *script_path = g_build_filename(temp->dir, "script.json", NULL);
  const char *argv[] = {g_getenv("ANYICTL"),
                        "case",
                        "run",
                        script_path,
                        "--db",
                        temp->db_path,
                        "--catalogue",
                        g_getenv("ANYI_TEST_SERVICES_DIR"),
                        NULL};
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new();
  int status;

  g_assert_true(g_file_set_contents(script_path, script, -1, NULL));
  g_assert_true(g_spawn_sync(NULL, (char **)argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL,
                             &out, NULL, &status, &error));
  g_assert_no_error(error);
  g_assert_true(g_spawn_check_wait_status(status, NULL));
  g_assert_true(json_parser_load_from_data(parser, out, -1, &error));
  return json_object_ref(json_node_get_object(json_parser_get_root(parser)));
}

/* `anyictl ledger push` as the kiosk would run it, as the kiosk's role. */
static void
push_as_kiosk(TempStore *temp, const char *kiosk, const char *role)
{
  g_autofree char *conninfo = as_role(role);
  /* each kiosk a letter of its own, as the hall's server insists: KIOSK-C1 is C */
  char kiosk_letter[2] = {kiosk[strlen("KIOSK-")], '\0'};
  const char *argv[] = {g_getenv("ANYICTL"), "ledger", "push", NULL};
  g_auto(GStrv) env = g_get_environ();
  g_autoptr(GError) error = NULL;
  int status;

  g_assert_true(g_str_has_prefix(kiosk, "KIOSK-") && g_ascii_isupper(kiosk_letter[0]));
  env = g_environ_setenv(env, "ANYI_DB", temp->db_path, TRUE);
  env = g_environ_setenv(env, "ANYI_KIOSK_ID", kiosk, TRUE);
  env = g_environ_setenv(env, "ANYI_KIOSK_LETTER", kiosk_letter, TRUE);
  env = g_environ_setenv(env, "ANYI_LEDGER_CONNECTION", conninfo, TRUE);
  g_assert_true(g_spawn_sync(NULL, (char **)argv, env, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, NULL,
                             NULL, &status, &error));
  g_assert_no_error(error);
  g_assert_true(g_spawn_check_wait_status(status, NULL));
}

static char *
slip_payload(JsonObject *run)
{
  JsonArray *documents = json_object_get_array_member(run, "documents");

  for (guint i = 0; i < json_array_get_length(documents); i++) {
    JsonObject *document = json_array_get_object_element(documents, i);
    if (g_str_equal(json_object_get_string_member(document, "template"), "handoff-slip"))
      return g_strdup(json_object_get_string_member(json_object_get_object_member(document, "data"),
                                                    "case_number"));
  }
  g_assert_not_reached();
}

static gboolean
printed(const AnyiLedgerCase *kase, const char *template_name)
{
  for (guint i = 0; i < kase->printed->len; i++)
    if (g_str_has_prefix(kase->printed->pdata[i], template_name))
      return TRUE;
  return FALSE;
}

static void
assert_nothing_asked_again(const AnyiLedgerCase *kase)
{
  AnyiLedgerCommitment *commitment;
  AnyiLedgerImage *photo;

  g_assert_cmpstr(kase->kiosk_id, ==, "KIOSK-A1");
  g_assert_cmpstr(json_object_get_string_member(kase->card, "name"), ==, "张三");
  g_assert_cmpstr(anyi_ledger_case_id_number(kase), ==, ID_NUMBER);
  g_assert_cmpstr(json_object_get_string_member(kase->card, "address"), ==, "北京市东城区");
  g_assert_true(json_object_get_boolean_member(kase->answers, "expiring"));
  g_assert_cmpstr(json_object_get_string_member(kase->form, "mobile"), ==, "13800138000");
  g_assert_cmpstr(json_object_get_string_member(kase->form, "collection"), ==, "window");
  g_assert_cmpint(kase->amount_fen, ==, 2000);
  g_assert_cmpstr(kase->payment_state, ==, "paid");
  g_assert_nonnull(kase->order_id);
  g_assert_cmpstr(kase->reason, ==, "window-finishes");
  g_assert_cmpint(kase->handed_off_at, >, 0);
  g_assert_cmpuint(kase->commitments->len, ==, 1);
  commitment = kase->commitments->pdata[0];
  g_assert_cmpstr(commitment->material_id, ==, "household-register");
  g_assert_nonnull(commitment->deadline);
  g_assert_cmpstr(commitment->committed_on, ==, "2026-11-30");
  g_assert_true(printed(kase, "handoff-slip"));
  g_assert_true(printed(kase, "one-time-notice"));
  g_assert_true(printed(kase, "receipt"));
  g_assert_cmpuint(json_array_get_length(kase->documents), >, 0);
  /* the script's stand-in photo has no file, so the kiosk sent none: the
   * window is told so, in words */
  g_assert_cmpuint(kase->images->len, ==, 1);
  photo = kase->images->pdata[0];
  g_assert_cmpstr(photo->what, ==, "photo");
  g_assert_null(photo->jpeg);
  g_assert_nonnull(photo->problem);
  g_assert_cmpstr(kase->status, ==, ANYI_LEDGER_STATUS_WAITING);
  g_assert_cmpuint(kase->history->len, >=, 1);
}

static JsonObject *
kiosk_progress_answer(AnyiKiosk *kiosk)
{
  AnyiCaseRunnerConfig config;
  AnyiCaseCard card = {.type = ANYI_CARD_RESIDENT,
                       .name = "张三",
                       .sex = "1",
                       .birth = "19491231",
                       .id_number = ID_NUMBER,
                       .address = "北京市东城区",
                       .valid_to = "20300101"};
  g_autoptr(GError) error = NULL;
  g_autoptr(AnyiCaseRunner) runner = NULL;
  JsonObject *answer;

  anyi_kiosk_get_runner_config(kiosk, &config);
  runner = anyi_case_runner_new(anyi_kiosk_get_store(kiosk), anyi_kiosk_get_catalogue(kiosk), NULL,
                                &config);
  g_assert_true(anyi_case_runner_start(runner, "idcard-progress-query", &error));
  g_assert_true(anyi_case_runner_card_read(runner, &card, &error));
  g_assert_no_error(error);
  answer = anyi_case_runner_get_answer(runner);
  g_assert_nonnull(answer);
  {
    /* a copy: the case wipes its own answer, references included, when the
     * runner goes */
    g_autoptr(JsonNode) node = json_node_init_object(json_node_alloc(), answer);
    g_autofree char *text = json_to_string(node, FALSE);
    g_autoptr(JsonNode) copy = json_from_string(text, NULL);

    return json_object_ref(json_node_get_object(copy));
  }
}

static gboolean
lines_have(JsonObject *answer, const char *text)
{
  JsonArray *lines = json_object_get_array_member(answer, "lines");

  for (guint i = 0; i < json_array_get_length(lines); i++)
    if (strstr(json_array_get_string_element(lines, i), text))
      return TRUE;
  return FALSE;
}

static gboolean
queue_has(AnyiLedger *ledger, const char *number)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) queue = anyi_ledger_list_waiting(ledger, 0, 1000, &error);

  g_assert_no_error(error);
  for (guint i = 0; i < queue->len; i++)
    if (g_str_equal(((AnyiLedgerListing *)queue->pdata[i])->case_number, number))
      return TRUE;
  return FALSE;
}

static gboolean
history_has(const AnyiLedgerCase *kase, const char *actor, const char *what)
{
  for (guint i = 0; i < kase->history->len; i++) {
    AnyiLedgerEvent *event = kase->history->pdata[i];
    if (g_strcmp0(event->actor, actor) == 0 && g_strcmp0(event->what, what) == 0)
      return TRUE;
  }
  return FALSE;
}

/* The window's other duties on the same case: the 容缺 follow-up, the
 * audited reveal, the day's figures, another window's claim refused. */
static void
window_duties(AnyiLedger *ledger, AnyiLedger *other_window, const char *number)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) owed = anyi_ledger_commitments(ledger, FALSE, &error);
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(AnyiLedgerStats) stats = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local();
  GDate today;

  g_assert_no_error(error);
  g_assert_cmpuint(owed->len, ==, 1);
  g_assert_false(anyi_ledger_claim(other_window, number, "li", &error));
  g_assert_error(error, ANYI_LEDGER_ERROR, ANYI_LEDGER_ERROR_CONFLICT);
  g_clear_error(&error);
  g_assert_true(
      anyi_ledger_material_received(ledger, number, "household-register", "wang", &error));
  g_assert_true(
      anyi_ledger_material_received(ledger, number, "household-register", "wang", &error));
  g_assert_false(anyi_ledger_material_received(ledger, number, "no-such", "wang", NULL));
  g_assert_no_error(error);
  all = anyi_ledger_commitments(ledger, TRUE, &error);
  g_assert_cmpuint(all->len, ==, 1);
  g_assert_cmpint(((AnyiLedgerCommitment *)all->pdata[0])->received_at, >, 0);
  g_assert_cmpstr(((AnyiLedgerCommitment *)all->pdata[0])->received_by, ==, "wang");
  g_clear_pointer(&owed, g_ptr_array_unref);
  owed = anyi_ledger_commitments(ledger, FALSE, &error);
  g_assert_cmpuint(owed->len, ==, 0);

  g_assert_true(anyi_ledger_audit_reveal(ledger, number, "wang", &error));
  g_assert_no_error(error);
  /* the window adds to the audit and cannot read it; the supervisor can */
  g_assert_cmpint(server_number(superuser(), "SELECT count(*) FROM window_audit WHERE staff = "
                                             "'wang' AND db_role = 'window_walk'"),
                  ==, 1);
  {
    g_autofree char *as_window = as_role("window_walk");
    g_assert_cmpint(server_number(as_window, "SELECT count(*) FROM window_audit"), ==, -1);
  }

  g_date_set_dmy(&today, g_date_time_get_day_of_month(now), g_date_time_get_month(now),
                 g_date_time_get_year(now));
  stats = anyi_ledger_day_stats(ledger, &today, &error);
  g_assert_no_error(error);
  g_assert_cmpuint(stats->handed_off, >=, 1);
  g_assert_cmpuint(stats->reasons->len, >=, 1);
  g_assert_cmpint(stats->median_seconds, >=, 0);
}

static void
test_walk(void)
{
  TempStore temp = {0};
  g_autoptr(JsonObject) run = NULL;
  g_autofree char *payload = NULL, *scanned = NULL, *number = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(AnyiKiosk) kiosk = NULL;
  g_autoptr(AnyiLedger) ledger = NULL, other_window = NULL;
  g_autoptr(AnyiLedgerCase) kase = NULL, closed = NULL;
  g_autoptr(JsonObject) before = NULL, after = NULL;
  JsonObject *window;

  if (!g_getenv("ANYICTL") || !g_getenv("ANYI_TEST_SERVICES_DIR")) {
    g_test_skip("ANYICTL or ANYI_TEST_SERVICES_DIR is not set (run through meson)");
    return;
  }
  add_kiosk("KIOSK-A1", "kiosk_walk");
  add_window("window_walk");
  add_window("window_other");
  temp_store_prepare(&temp);
  run = run_case(&temp, renewal);
  g_assert_cmpstr(json_object_get_string_member(run, "state"), ==, "handed-off");
  payload = slip_payload(run);
  push_as_kiosk(&temp, "KIOSK-A1", "kiosk_walk");
  {
    AnyiKioskPlaces places = {.db_path = temp.db_path,
                              .catalogue_dir = g_getenv("ANYI_TEST_SERVICES_DIR")};
    kiosk = anyi_kiosk_open_at(&places, &error);
    g_assert_no_error(error);
  }
  ledger = console_as("window_walk");
  other_window = console_as("window_other");

  /* the scanner types the payload and Enter */
  scanned = g_strconcat(payload, "\n", NULL);
  number = anyi_ledger_find(ledger, scanned, &error);
  g_assert_no_error(error);
  g_assert_cmpstr(number, ==, json_object_get_string_member(run, "case"));
  g_assert_true(queue_has(ledger, number));
  kase = anyi_ledger_get_case(ledger, number, &error);
  g_assert_no_error(error);
  assert_nothing_asked_again(kase);
  /* found by the ID number too, and a number nobody has is NOT_FOUND */
  {
    g_autofree char *by_id = anyi_ledger_find(ledger, ID_NUMBER, &error);
    g_assert_no_error(error);
    g_assert_cmpstr(by_id, ==, number);
    g_assert_null(anyi_ledger_find(ledger, "0101-Z999", &error));
    g_assert_error(error, ANYI_LEDGER_ERROR, ANYI_LEDGER_ERROR_NOT_FOUND);
    g_clear_error(&error);
  }

  before = kiosk_progress_answer(kiosk);
  g_assert_false(json_object_has_member(before, "window"));
  g_assert_true(anyi_ledger_claim(ledger, number, "wang", &error));
  g_assert_true(anyi_ledger_add_note(ledger, number, "wang", "户口簿原件下周带来", &error));
  g_assert_no_error(error);
  window_duties(ledger, other_window, number);
  g_assert_true(anyi_ledger_record_outcome(ledger, number, "wang", ANYI_LEDGER_OUTCOME_FINISHED,
                                           NULL, NOTE, &error));
  g_assert_no_error(error);
  g_assert_false(queue_has(ledger, number));
  closed = anyi_ledger_get_case(ledger, number, &error);
  g_assert_cmpstr(closed->status, ==, ANYI_LEDGER_STATUS_CLOSED);
  g_assert_cmpint(closed->outcome, ==, ANYI_LEDGER_OUTCOME_FINISHED);
  g_assert_cmpstr(closed->owner, ==, "wang");
  g_assert_true(history_has(closed, "wang", "claim"));
  g_assert_true(history_has(closed, "wang", "note"));
  g_assert_true(history_has(closed, "wang", "received"));
  g_assert_true(history_has(closed, "wang", "outcome"));

  /* the window's answer is on the server, not yet at the kiosk: its pusher
   * brings it back (the kiosk's role reads its own cases' outcome) */
  {
    g_autoptr(JsonObject) not_yet = kiosk_progress_answer(kiosk);
    g_assert_false(json_object_has_member(not_yet, "window"));
  }
  push_as_kiosk(&temp, "KIOSK-A1", "kiosk_walk");
  after = kiosk_progress_answer(kiosk);
  g_assert_true(json_object_has_member(after, "window"));
  window = json_object_get_object_member(after, "window");
  g_assert_nonnull(window);
  g_assert_cmpstr(json_object_get_string_member(window, "case_number"), ==, number);
  g_assert_cmpstr(json_object_get_string_member(window, "outcome"), ==, "finished");
  g_assert_cmpstr(json_object_get_string_member(window, "note"), ==, NOTE);
  g_assert_true(lines_have(after, "已办结"));
  g_assert_true(lines_have(after, NOTE));
  /* the console itself answers the same from the server */
  {
    g_autoptr(AnyiLedgerAnswer) answer = anyi_ledger_answer_for_citizen(ledger, ID_NUMBER, &error);
    g_assert_no_error(error);
    g_assert_cmpstr(answer->citizen_note, ==, NOTE);
  }

  g_clear_object(&ledger);
  g_clear_object(&other_window);
  g_clear_object(&kiosk);
  temp_store_clear(&temp);
}

/* ---- two kiosks, one console ---- */

#define PHOTO_SIZE (64 * 1024)

/* A case handed off with a photo that starts as a JPEG does. Each kiosk of
 * a hall has its own letter, so case numbers do not meet. */
static char *
hand_off_case(TempStore *temp, char letter, int i)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AnyiStoredCase) kase =
      anyi_store_case_create(temp->store, "hukou-move", letter, "collecting", &error);
  g_autofree char *photo = g_strdup_printf("%s/photo-%d.jpg", temp->dir, i);
  g_autofree guint8 *bytes = g_malloc(PHOTO_SIZE);
  g_autofree char *data = NULL;

  g_assert_no_error(error);
  for (int b = 0; b < PHOTO_SIZE; b++)
    bytes[b] = (guint8)(b * 31 + i);
  bytes[0] = 0xFF;
  bytes[1] = 0xD8;
  g_assert_true(g_file_set_contents(photo, (const char *)bytes, PHOTO_SIZE, &error));
  data = g_strdup_printf("{\"card\": {\"name\": \"测试%d\"}, \"photo\": \"%s\"}", i, photo);
  g_assert_true(anyi_store_case_transition(temp->store, kase->id, "collecting", "collecting",
                                           "photo-taken", NULL, data, &error));
  g_assert_true(anyi_store_case_hand_off(temp->store, kase->id, "collecting", "needs-review",
                                         "窗口 3", "{\"detail\": \"照片需复核\"}", NULL, &error));
  g_assert_no_error(error);
  return g_strdup(kase->number);
}

typedef struct {
  guint notified;
} Watch;

static gboolean
on_changed(gpointer data)
{
  ((Watch *)data)->notified++;
  return G_SOURCE_CONTINUE;
}

static guint
queue_length(AnyiLedger *ledger)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) queue = anyi_ledger_list_waiting(ledger, 0, 1000, &error);

  g_assert_no_error(error);
  return queue->len;
}

/* Runs the main loop (where the console's watch lives) until the console
 * has been told of a change and its queue holds @n cases; a minute at most
 * on a loaded machine. */
static void
wait_queue(AnyiLedger *ledger, Watch *watch, guint n)
{
  gint64 give_up = g_get_monotonic_time() + 60 * G_USEC_PER_SEC;

  while (queue_length(ledger) < n && g_get_monotonic_time() < give_up) {
    guint seen = watch->notified;
    while (watch->notified == seen && g_get_monotonic_time() < give_up)
      if (!g_main_context_iteration(NULL, FALSE))
        g_usleep(10 * 1000);
  }
  g_assert_cmpuint(queue_length(ledger), ==, n);
  g_assert_cmpuint(watch->notified, >, 0);
}

static void
assert_photo(AnyiLedger *ledger, const char *number, gboolean intact)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AnyiLedgerCase) kase = anyi_ledger_get_case(ledger, number, &error);
  AnyiLedgerImage *photo;

  g_assert_no_error(error);
  g_assert_cmpuint(kase->images->len, ==, 1);
  photo = kase->images->pdata[0];
  if (intact) {
    g_assert_nonnull(photo->jpeg);
    g_assert_cmpuint(g_bytes_get_size(photo->jpeg), ==, PHOTO_SIZE);
  } else {
    g_assert_null(photo->jpeg);
    g_assert_nonnull(strstr(photo->problem, "damaged"));
  }
}

static void
test_two_kiosks(void)
{
  TempStore a = {0}, b = {0};
  g_autofree char *as_a = as_role("kiosk_two_a");
  g_autofree char *as_b = as_role("kiosk_two_b");
  g_autoptr(AnyiLedger) ledger = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) numbers_a = g_ptr_array_new_with_free_func(g_free);
  g_autoptr(GPtrArray) numbers_b = g_ptr_array_new_with_free_func(g_free);
  guint before;
  Watch watch = {0};

  add_kiosk("TWO-A", "kiosk_two_a");
  add_kiosk("TWO-B", "kiosk_two_b");
  add_window("window_two");
  temp_store_open(&a);
  temp_store_open(&b);
  ledger = console_as("window_two");
  before = queue_length(ledger);
  g_assert_true(anyi_ledger_pg_watch(ANYI_LEDGER_PG(ledger), on_changed, &watch, &error));
  g_assert_no_error(error);
  {
    g_autoptr(AnyiOutboxPusher) pa = anyi_outbox_pusher_new(a.db_path, as_a, "TWO-A");
    g_autoptr(AnyiOutboxPusher) pb = anyi_outbox_pusher_new(b.db_path, as_b, "TWO-B");

    g_assert_true(anyi_outbox_pusher_start(pa, &error));
    g_assert_true(anyi_outbox_pusher_start(pb, &error));
    for (int i = 0; i < 3; i++) {
      g_ptr_array_add(numbers_a, hand_off_case(&a, 'A', i));
      anyi_outbox_pusher_wake(pa);
      if (i < 2) {
        g_ptr_array_add(numbers_b, hand_off_case(&b, 'B', 10 + i));
        anyi_outbox_pusher_wake(pb);
      }
    }
    /* the console learns of them without polling */
    wait_queue(ledger, &watch, before + 5);
  }
  printf("# two kiosks: the console was notified %u times for 5 cases\n", watch.notified);

  /* each kiosk reads its own cases and nothing of the other's */
  g_assert_cmpint(server_number(as_a, "SELECT count(*) FROM cases WHERE kiosk_id LIKE 'TWO-%'"), ==,
                  3);
  g_assert_cmpint(server_number(as_b, "SELECT count(*) FROM cases WHERE kiosk_id LIKE 'TWO-%'"), ==,
                  2);
  g_assert_cmpint(server_number(as_b, "SELECT count(*) FROM case_files WHERE kiosk_id = 'TWO-A'"),
                  ==, 0);
  /* and nothing of the window's tables at all */
  g_assert_cmpint(server_number(as_a, "SELECT count(*) FROM window_actions"), ==, -1);
  g_assert_cmpint(server_number(as_a, "SELECT count(*) FROM window_audit"), ==, -1);

  /* the console opens both kiosks' cases, photos checked */
  assert_photo(ledger, numbers_a->pdata[0], TRUE);
  assert_photo(ledger, numbers_b->pdata[0], TRUE);
  /* bytes changed on the server (same size, so its own checks pass): the
   * digest no longer matches and the console refuses to show them */
  {
    g_autofree char *sql = g_strdup_printf(
        "UPDATE case_files SET data = overlay(data PLACING '\\x00'::bytea FROM 100) WHERE "
        "kiosk_id = 'TWO-B' AND case_number = '%s'",
        (const char *)numbers_b->pdata[0]);
    server_do(sql);
  }
  assert_photo(ledger, numbers_b->pdata[0], FALSE);

  /* a case waiting three hours is overdue in the 台账 */
  {
    g_autofree char *sql = g_strdup_printf("UPDATE cases SET handoff_at = now() - interval '3 "
                                           "hours' WHERE kiosk_id = 'TWO-A' AND number = '%s'",
                                           (const char *)numbers_a->pdata[1]);
    g_autoptr(GPtrArray) hard = NULL;
    gboolean found = FALSE;
    server_do(sql);
    hard = anyi_ledger_hard_cases(ledger, 2 * 60 * 60, &error);
    g_assert_no_error(error);
    for (guint i = 0; i < hard->len; i++) {
      AnyiLedgerListing *listing = hard->pdata[i];
      if (g_str_equal(listing->case_number, numbers_a->pdata[1])) {
        found = TRUE;
        g_assert_true(listing->overdue);
        g_assert_cmpstr(listing->kiosk_id, ==, "TWO-A");
      } else {
        g_assert_false(g_str_equal(listing->kiosk_id, "TWO-B"));
      }
    }
    g_assert_true(found);
  }

  /* the window's outcome goes back to kiosk A only */
  g_assert_true(anyi_ledger_record_outcome(ledger, numbers_a->pdata[0], "zhao",
                                           ANYI_LEDGER_OUTCOME_REFUSED, "材料不符", NULL, &error));
  g_assert_no_error(error);
  {
    g_autoptr(AnyiOutboxPusher) pa = anyi_outbox_pusher_new(a.db_path, as_a, "TWO-A");
    g_autoptr(AnyiStoredCase) stored = anyi_store_case_find(a.store, numbers_a->pdata[0], &error);
    g_autoptr(AnyiWindowHandoff) handoff = NULL;
    guint sent = 0;
    g_assert_true(anyi_outbox_pusher_drain(pa, &sent, &error));
    g_assert_no_error(error);
    handoff = anyi_store_window_handoff(a.store, stored->id, &error);
    g_assert_cmpstr(handoff->outcome, ==, "refused");
    g_assert_cmpstr(handoff->outcome_reason, ==, "材料不符");
    g_assert_cmpstr(handoff->status, ==, "closed");
  }
  anyi_ledger_pg_unwatch(ANYI_LEDGER_PG(ledger));
  temp_store_clear(&a);
  temp_store_clear(&b);
}

/* ---- staff on the server (issue 11 item 5: a window PC without a kiosk
 * database signs in against the server's records) ---- */

#define STAFF_PIN "739146"

/* `anyictl ledger staff-add` with @pin on stdin; its exit status. */
static int
anyictl_staff_add(const char *login, const char *name, const char *pin)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *input = g_strdup_printf("%s\n", pin);
  g_autoptr(GSubprocess) process = g_subprocess_new(
      G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error,
      g_getenv("ANYICTL"), "ledger", "staff-add", superuser(), login, name, "staff", NULL);

  g_assert_no_error(error);
  g_assert_true(g_subprocess_communicate_utf8(process, input, NULL, NULL, NULL, &error));
  g_assert_no_error(error);
  return g_subprocess_get_exit_status(process);
}

static gint64
staff_audit(const char *login, const char *action)
{
  g_autofree char *sql =
      g_strdup_printf("SELECT count(*) FROM window_staff_audit WHERE login = '%s' AND action = "
                      "'%s'",
                      login, action);

  return server_number(superuser(), sql);
}

static void
test_staff_on_server(void)
{
  g_autoptr(AnyiLedger) ledger = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *role = NULL, *name = NULL, *as_window = as_role("window_signs");

  if (!g_getenv("ANYICTL")) {
    g_test_skip("ANYICTL is not set (run through meson)");
    return;
  }
  add_window("window_signs");
  g_assert_cmpint(anyictl_staff_add("2048", "李明", STAFF_PIN), ==, 0);
  /* the kiosk's PIN rules hold on the server too */
  g_assert_cmpint(anyictl_staff_add("2049", "赵六", "123456"), ==, 1);
  g_assert_cmpint(server_number(superuser(), "SELECT count(*) FROM window_staff_audit WHERE "
                                             "action = 'staff-add' AND detail = '2048 staff'"),
                  ==, 1);
  /* a window role never reads the hashes */
  g_assert_cmpint(server_number(as_window, "SELECT count(*) FROM window_staff"), ==, -1);

  ledger = console_as("window_signs");
  g_assert_true(anyi_ledger_sign_in(ledger, "2048", STAFF_PIN, &role, &name, &error));
  g_assert_no_error(error);
  g_assert_cmpstr(role, ==, "staff");
  g_assert_cmpstr(name, ==, "李明");
  g_assert_false(anyi_ledger_sign_in(ledger, "2049", "739146", NULL, NULL, &error));
  g_assert_error(error, ANYI_STAFF_ERROR, ANYI_STAFF_ERROR_REFUSED);
  g_clear_error(&error);

  /* five wrong PINs lock the login: even the right one is refused now */
  for (int i = 0; i < ANYI_STAFF_MAX_FAILURES; i++) {
    g_assert_false(anyi_ledger_sign_in(ledger, "2048", "846213", NULL, NULL, &error));
    g_assert_error(error, ANYI_STAFF_ERROR, ANYI_STAFF_ERROR_REFUSED);
    g_clear_error(&error);
  }
  g_assert_false(anyi_ledger_sign_in(ledger, "2048", STAFF_PIN, NULL, NULL, &error));
  g_assert_error(error, ANYI_STAFF_ERROR, ANYI_STAFF_ERROR_LOCKED);
  g_clear_error(&error);

  /* every attempt is on the server's audit, which a supervisor reads */
  g_assert_cmpint(staff_audit("2048", "sign-in-attempt"), ==, 1 + ANYI_STAFF_MAX_FAILURES);
  g_assert_cmpint(staff_audit("2048", "sign-in"), ==, 1);
  g_assert_cmpint(staff_audit("2048", "sign-in-failed"), ==, ANYI_STAFF_MAX_FAILURES);
  g_assert_cmpint(staff_audit("2048", "sign-in-locked"), ==, 1);
  g_assert_cmpint(server_number(as_window, "SELECT count(*) FROM window_staff_audit"), ==, -1);
}

/* ---- staff calls (issue 13: 人工帮助 reaches the window console on the
 * server too) ---- */

static gint64
server_call_state_is(const char *kiosk, gint64 id, const char *state)
{
  g_autofree char *sql = g_strdup_printf("SELECT count(*) FROM staff_calls WHERE kiosk_id = '%s' "
                                         "AND call_id = %" G_GINT64_FORMAT " AND state = '%s'",
                                         kiosk, id, state);

  return server_number(superuser(), sql);
}

static void
test_staff_calls(void)
{
  TempStore kiosk = {0}, other = {0};
  g_autoptr(AnyiLedger) ledger = NULL;
  g_autoptr(GPtrArray) calls = NULL, after = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *as_other = as_role("kiosk_calls_d1");
  gint64 id = 0, other_id = 0;
  AnyiStaffCall *call;

  if (!g_getenv("ANYICTL")) {
    g_test_skip("ANYICTL is not set (run through meson)");
    return;
  }
  add_kiosk("KIOSK-C1", "kiosk_calls_c1");
  add_kiosk("KIOSK-D1", "kiosk_calls_d1");
  add_window("window_calls");
  g_assert_nonnull(temp_store_open(&kiosk));
  g_assert_nonnull(temp_store_open(&other));
  /* a citizen at C1 calls from the attract screen, one at D1 in a case */
  g_assert_true(anyi_store_staff_call_raise(kiosk.store, "KIOSK-C1", NULL, &id, &error));
  g_assert_true(
      anyi_store_staff_call_raise(other.store, "KIOSK-D1", "1206-D001", &other_id, &error));
  g_assert_no_error(error);
  push_as_kiosk(&kiosk, "KIOSK-C1", "kiosk_calls_c1");
  push_as_kiosk(&other, "KIOSK-D1", "kiosk_calls_d1");
  /* sent, once */
  {
    g_autoptr(GPtrArray) waiting = anyi_store_outbox_peek(kiosk.store, 10, NULL);
    g_assert_cmpuint(waiting->len, ==, 0);
  }
  push_as_kiosk(&kiosk, "KIOSK-C1", "kiosk_calls_c1");
  g_assert_cmpint(server_number(superuser(), "SELECT count(*) FROM staff_calls WHERE kiosk_id "
                                             "IN ('KIOSK-C1', 'KIOSK-D1')"),
                  ==, 2);
  /* a kiosk reads only its own calls */
  g_assert_cmpint(server_number(as_other, "SELECT count(*) FROM staff_calls"), ==, 1);

  ledger = console_as("window_calls");
  calls = anyi_ledger_open_calls(ledger, &error);
  g_assert_no_error(error);
  g_assert_cmpuint(calls->len, >=, 2);
  call = NULL;
  for (guint i = 0; i < calls->len; i++)
    if (g_str_equal(((AnyiStaffCall *)calls->pdata[i])->kiosk, "KIOSK-D1"))
      call = calls->pdata[i];
  g_assert_nonnull(call);
  g_assert_cmpstr(call->case_number, ==, "1206-D001");
  g_assert_cmpint(call->raised_at, >, 0);

  /* answered at the window: once, and it stays answered */
  g_assert_true(anyi_ledger_answer_call(ledger, "KIOSK-D1", other_id, "1024", &error));
  g_assert_no_error(error);
  g_assert_false(anyi_ledger_answer_call(ledger, "KIOSK-D1", other_id, "2048", &error));
  g_assert_error(error, ANYI_LEDGER_ERROR, ANYI_LEDGER_ERROR_CONFLICT);
  g_clear_error(&error);
  g_assert_true(anyi_store_staff_call_close(other.store, other_id, "unanswered", "kiosk", &error));
  push_as_kiosk(&other, "KIOSK-D1", "kiosk_calls_d1");
  g_assert_cmpint(server_call_state_is("KIOSK-D1", other_id, "answered"), ==, 1);
  /* the kiosk ends its own call: the consoles stop listing it */
  g_assert_true(anyi_store_staff_call_close(kiosk.store, id, "cancelled", "citizen", &error));
  g_assert_no_error(error);
  push_as_kiosk(&kiosk, "KIOSK-C1", "kiosk_calls_c1");
  g_assert_cmpint(server_call_state_is("KIOSK-C1", id, "cancelled"), ==, 1);
  after = anyi_ledger_open_calls(ledger, &error);
  g_assert_no_error(error);
  for (guint i = 0; i < after->len; i++)
    g_assert_false(g_str_has_prefix(((AnyiStaffCall *)after->pdata[i])->kiosk, "KIOSK-C1") ||
                   g_str_has_prefix(((AnyiStaffCall *)after->pdata[i])->kiosk, "KIOSK-D1"));
  temp_store_clear(&kiosk);
  temp_store_clear(&other);
}

/* Staff answer a citizen's call on the server's console: the kiosk learns
 * it (through its own pusher, within its own rights), so its screen says
 * staff are coming and its timer does not send the case to a window as
 * "staff-call-unanswered". A call the kiosk ended meanwhile stays ended. */
static void
test_answer_reaches_kiosk(void)
{
  TempStore kiosk = {0};
  g_autoptr(AnyiLedger) ledger = NULL;
  g_autoptr(AnyiStaffCall) call = NULL, cancelled = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id = 0, other_id = 0;

  if (!g_getenv("ANYICTL")) {
    g_test_skip("ANYICTL is not set (run through meson)");
    return;
  }
  add_kiosk("KIOSK-E1", "kiosk_calls_e1");
  add_window("window_answers");
  g_assert_nonnull(temp_store_open(&kiosk));
  g_assert_true(anyi_store_staff_call_raise(kiosk.store, "KIOSK-E1", "1206-E001", &id, &error));
  g_assert_true(anyi_store_staff_call_raise(kiosk.store, "KIOSK-E1", NULL, &other_id, &error));
  g_assert_no_error(error);
  push_as_kiosk(&kiosk, "KIOSK-E1", "kiosk_calls_e1");

  ledger = console_as("window_answers");
  g_assert_true(anyi_ledger_answer_call(ledger, "KIOSK-E1", id, "1024", &error));
  g_assert_true(anyi_ledger_answer_call(ledger, "KIOSK-E1", other_id, "1024", &error));
  g_assert_no_error(error);
  /* the second citizen gave up before the answer came back */
  g_assert_true(anyi_store_staff_call_close(kiosk.store, other_id, "cancelled", "citizen", &error));
  g_assert_no_error(error);
  push_as_kiosk(&kiosk, "KIOSK-E1", "kiosk_calls_e1");

  call = anyi_store_staff_call_get(kiosk.store, id, &error);
  g_assert_no_error(error);
  g_assert_cmpstr(call->state, ==, "answered");
  g_assert_cmpstr(call->answered_by, ==, "1024");
  cancelled = anyi_store_staff_call_get(kiosk.store, other_id, &error);
  g_assert_no_error(error);
  g_assert_cmpstr(cancelled->state, ==, "cancelled");
  /* the kiosk's own timer finds it answered: no unanswered handoff */
  g_assert_false(anyi_store_staff_call_close(kiosk.store, id, "unanswered", "kiosk", &error));
  g_assert_error(error, ANYI_STORE_ERROR, ANYI_STORE_ERROR_CONFLICT);
  g_clear_error(&error);
  /* and the answer is not sent back as news: the server's rows stay as they were */
  push_as_kiosk(&kiosk, "KIOSK-E1", "kiosk_calls_e1");
  g_assert_cmpint(server_call_state_is("KIOSK-E1", id, "answered"), ==, 1);
  g_assert_cmpint(server_call_state_is("KIOSK-E1", other_id, "answered"), ==, 1);
  temp_store_clear(&kiosk);
}

/* ---- an answer wakes the kiosk's pusher (LISTEN/NOTIFY) ---- */

#define LONG_POLL_MS      60000
#define ARRIVES_WITHIN_MS 20000

static gboolean
call_is(AnyiStore *store, gint64 id, const char *state)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AnyiStaffCall) call = anyi_store_staff_call_get(store, id, &error);

  g_assert_no_error(error);
  return g_strcmp0(call->state, state) == 0;
}

/* Raises a call at the kiosk and waits until its pusher has it on the
 * server (the pusher is woken as the kiosk wakes it). */
static gint64
raise_call(TempStore *kiosk, AnyiOutboxPusher *pusher, const char *kiosk_id)
{
  g_autoptr(GError) error = NULL;
  gint64 id = 0;

  g_assert_true(anyi_store_staff_call_raise(kiosk->store, kiosk_id, NULL, &id, &error));
  g_assert_no_error(error);
  anyi_outbox_pusher_wake(pusher);
  for (int i = 0; i < 600 && server_call_state_is(kiosk_id, id, "raised") != 1; i++)
    g_usleep(50 * 1000);
  g_assert_cmpint(server_call_state_is(kiosk_id, id, "raised"), ==, 1);
  return id;
}

/* Milliseconds from the console's answer to the kiosk's store holding it,
 * or -1 when it has not after @limit_ms. */
static gint64
answer_and_wait(AnyiLedger *ledger, TempStore *kiosk, const char *kiosk_id, gint64 id,
                gint64 limit_ms)
{
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time(), elapsed_ms;

  g_assert_true(anyi_ledger_answer_call(ledger, kiosk_id, id, "1024", &error));
  g_assert_no_error(error);
  do {
    elapsed_ms = (g_get_monotonic_time() - start) / 1000;
    if (call_is(kiosk->store, id, "answered"))
      return elapsed_ms;
    g_usleep(2 * 1000);
  } while (elapsed_ms < limit_ms);
  return -1;
}

static AnyiOutboxPusher *
start_pusher(TempStore *kiosk, const char *kiosk_id, const char *role, guint poll_ms)
{
  g_autofree char *conninfo = as_role(role);
  AnyiOutboxPusher *pusher = anyi_outbox_pusher_new(kiosk->db_path, conninfo, kiosk_id);

  anyi_outbox_pusher_set_poll_interval(pusher, poll_ms);
  g_assert_true(anyi_outbox_pusher_start(pusher, NULL));
  return pusher;
}

/* The pusher's thread idles for a minute between looks; the window's
 * answer still reaches the kiosk's store at once, well before that look
 * (the server notifies the kiosk's own channel). Another kiosk's answer
 * is not heard on it. */
static void
test_answer_wakes_pusher(void)
{
  TempStore kiosk = {0}, other = {0};
  g_autoptr(AnyiLedger) ledger = NULL;
  g_autoptr(AnyiOutboxPusher) pusher = NULL, other_pusher = NULL;
  g_autofree char *as_w1 = as_role("kiosk_wakes_w1");
  g_autoptr(GError) error = NULL;
  PGconn *listener;
  PGnotify *notify;
  gint64 id, other_id, ms;

  add_kiosk("KIOSK-W1", "kiosk_wakes_w1");
  add_kiosk("KIOSK-W2", "kiosk_wakes_w2");
  add_window("window_wakes");
  ledger = console_as("window_wakes");
  g_assert_nonnull(temp_store_open(&kiosk));
  g_assert_nonnull(temp_store_open(&other));
  pusher = start_pusher(&kiosk, "KIOSK-W1", "kiosk_wakes_w1", LONG_POLL_MS);
  other_pusher = start_pusher(&other, "KIOSK-W2", "kiosk_wakes_w2", LONG_POLL_MS);
  id = raise_call(&kiosk, pusher, "KIOSK-W1");
  other_id = raise_call(&other, other_pusher, "KIOSK-W2");
  listener = connect_as(as_w1);
  g_assert_true(anyi_pg_ledger_listen_calls(listener, "KIOSK-W1", &error));
  g_assert_no_error(error);
  /* the pushers' pulls after their pushes are over: both idle in their wait */
  g_usleep(1000 * 1000);

  ms = answer_and_wait(ledger, &other, "KIOSK-W2", other_id, ARRIVES_WITHIN_MS);
  g_assert_cmpint(ms, >=, 0);
  g_assert_true(call_is(kiosk.store, id, "raised"));
  /* W1's channel heard nothing of W2's answer */
  g_assert_true(PQconsumeInput(listener));
  g_assert_null(PQnotifies(listener));
  ms = answer_and_wait(ledger, &kiosk, "KIOSK-W1", id, ARRIVES_WITHIN_MS);
  printf("# answer reached the idle kiosk in %" G_GINT64_FORMAT " ms (its poll: %d ms)\n", ms,
         LONG_POLL_MS);
  g_assert_cmpint(ms, >=, 0);
  g_assert_cmpint(ms, <, ARRIVES_WITHIN_MS);
  /* and heard W1's, with the call's id alone */
  g_assert_true(PQconsumeInput(listener));
  notify = PQnotifies(listener);
  g_assert_nonnull(notify);
  g_assert_cmpint(g_ascii_strtoll(notify->extra, NULL, 10), ==, id);
  PQfreemem(notify);
  PQfinish(listener);
  g_clear_pointer(&pusher, anyi_outbox_pusher_free);
  g_clear_pointer(&other_pusher, anyi_outbox_pusher_free);
  temp_store_clear(&kiosk);
  temp_store_clear(&other);
}

static int
compare_ms(gconstpointer a, gconstpointer b)
{
  gint64 x = *(const gint64 *)a, y = *(const gint64 *)b;
  return (x > y) - (x < y);
}

/* ANYI_TEST_CALL_LATENCY=N: N calls answered at random moments, the
 * pusher at its default poll interval; prints the median and the worst
 * time from the answer to the kiosk's store. A measure, no assertion on
 * time. */
static void
test_answer_latency(void)
{
  const char *asked = g_getenv("ANYI_TEST_CALL_LATENCY");
  int n = asked ? (int)g_ascii_strtoll(asked, NULL, 10) : 0;
  TempStore kiosk = {0};
  g_autoptr(AnyiLedger) ledger = NULL;
  g_autoptr(AnyiOutboxPusher) pusher = NULL;
  g_autoptr(GArray) times = g_array_new(FALSE, FALSE, sizeof(gint64));

  if (n <= 0 || n > 1000) {
    g_test_skip("set ANYI_TEST_CALL_LATENCY=N (1-1000) to measure");
    return;
  }
  add_kiosk("KIOSK-M1", "kiosk_measure_m1");
  add_window("window_measure");
  ledger = console_as("window_measure");
  g_assert_nonnull(temp_store_open(&kiosk));
  pusher = start_pusher(&kiosk, "KIOSK-M1", "kiosk_measure_m1", 2000);
  for (int i = 0; i < n; i++) {
    gint64 id = raise_call(&kiosk, pusher, "KIOSK-M1"), ms;
    g_usleep((gulong)g_random_int_range(0, 2500) * 1000);
    ms = answer_and_wait(ledger, &kiosk, "KIOSK-M1", id, 30000);
    g_assert_cmpint(ms, >=, 0);
    g_array_append_val(times, ms);
  }
  g_array_sort(times, compare_ms);
  printf("# answer to kiosk store over %d calls: median %" G_GINT64_FORMAT
         " ms, max %" G_GINT64_FORMAT " ms\n",
         n, g_array_index(times, gint64, n / 2), g_array_index(times, gint64, n - 1));
  g_clear_pointer(&pusher, anyi_outbox_pusher_free);
  temp_store_clear(&kiosk);
}

/* The region picked for an address at the kiosk (its GB/T 2260 code, kept
 * by the case runner under "region-codes") reaches the window through the
 * server as it does through the kiosk's own database
 * (/window/walk/region-code): pushed by the kiosk's role, read back by a
 * window's; a code that is not six digits, or for a field that is no
 * address, never leaves the kiosk. */
static void
test_region_codes(void)
{
  static const char by_post[] =
      "{\"service\": \"idcard-renewal\", \"today\": \"2026-11-30\","
      " \"kiosk\": {\"letter\": \"R\", \"window\": \"5\", \"has_fingerprint_reader\": false,"
      " \"kiosk_id\": \"KIOSK-R1\"}, " CARD ","
      " \"form\": {\"mobile\": \"13800138000\", \"collection\": \"post\","
      " \"postal-address\": \"四川省成都市武侯区科华北路1号\", \"waiver\": \"none\","
      " \"region-codes\": {\"postal-address\": \"510107\", \"mobile\": \"51010\","
      " \"waiver\": \"510104\"}},"
      " \"missing\": [\"household-register\"], \"commit_to_missing\": true,"
      " \"payment\": {\"outcome\": \"paid\"}}";
  TempStore temp = {0};
  g_autoptr(JsonObject) run = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(AnyiLedger) ledger = NULL;
  g_autoptr(AnyiLedgerCase) kase = NULL;
  const char *number;

  if (!g_getenv("ANYICTL") || !g_getenv("ANYI_TEST_SERVICES_DIR")) {
    g_test_skip("ANYICTL or ANYI_TEST_SERVICES_DIR is not set (run through meson)");
    return;
  }
  add_kiosk("KIOSK-R1", "kiosk_region");
  add_window("window_region");
  temp_store_prepare(&temp);
  run = run_case(&temp, by_post);
  number = json_object_get_string_member(run, "case");
  g_assert_cmpstr(json_object_get_string_member(run, "state"), ==, "handed-off");
  push_as_kiosk(&temp, "KIOSK-R1", "kiosk_region");
  ledger = console_as("window_region");
  kase = anyi_ledger_get_case(ledger, number, &error);
  g_assert_no_error(error);
  g_assert_cmpstr(kase->kiosk_id, ==, "KIOSK-R1");
  g_assert_cmpstr(json_object_get_string_member(kase->form, "postal-address"), ==,
                  "四川省成都市武侯区科华北路1号");
  g_assert_nonnull(kase->region_codes);
  g_assert_cmpstr(json_object_get_string_member(kase->region_codes, "postal-address"), ==,
                  "510107");
  g_assert_false(json_object_has_member(kase->region_codes, "mobile"));
  g_assert_false(json_object_has_member(kase->region_codes, "waiver"));
  g_assert_cmpuint(json_object_get_size(kase->region_codes), ==, 1);
  /* beside the form's answers, not among them */
  g_assert_false(json_object_has_member(kase->form, "region-codes"));
  g_clear_pointer(&kase, anyi_ledger_case_free);

  /* pushed again (the window's answer brought back, a reprint): the code
   * stays, once */
  push_as_kiosk(&temp, "KIOSK-R1", "kiosk_region");
  kase = anyi_ledger_get_case(ledger, number, &error);
  g_assert_no_error(error);
  g_assert_cmpstr(json_object_get_string_member(kase->region_codes, "postal-address"), ==,
                  "510107");
  g_assert_cmpuint(json_object_get_size(kase->region_codes), ==, 1);
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
  g_test_add_func("/ledger/window/walk-through-postgres", test_walk);
  g_test_add_func("/ledger/window/two-kiosks-one-console", test_two_kiosks);
  g_test_add_func("/ledger/window/staff-sign-in-on-server", test_staff_on_server);
  g_test_add_func("/ledger/window/staff-calls-through-the-outbox", test_staff_calls);
  g_test_add_func("/ledger/window/staff-call-answer-reaches-kiosk", test_answer_reaches_kiosk);
  g_test_add_func("/ledger/window/staff-call-answer-wakes-pusher", test_answer_wakes_pusher);
  g_test_add_func("/ledger/window/staff-call-answer-latency", test_answer_latency);
  g_test_add_func("/ledger/window/region-codes", test_region_codes);
  return g_test_run();
}
