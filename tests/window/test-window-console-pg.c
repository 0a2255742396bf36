/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-window-console-pg.c: the window console on the hall's PostgreSQL
 * server, on a real screen (Xvfb), under the PostgreSQL fixture: the queue
 * kept live by the server's notifications (a case the kiosk's pusher sends
 * while the console is open shows without a poll), the case opened from the
 * slip's code with nothing asked again, claimed and closed; screenshots in
 * $ANYI_TEST_SHOTS (pg-*.png). Staff sign in against the server's records:
 * the console runs with no kiosk database at all, as on a window PC. And
 * the server going away: the console keeps dispatching, says so, and comes
 * back by itself. */
#include "kiosk-ui-test.h"
#include "ledger/postgres/anyi-ledger-pg.h"
#include "ledger/postgres/anyi-pg-ledger.h"
#include "ledger/postgres/anyi-pg-staff.h"
#include "store/anyi-store-outbox.h"
#include "staff/anyi-staff.h"
#include "temp-store.h"
#include "window-console.h"

#include <glib-unix.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#define ID_NUMBER "11010519491231002X"
#define PIN       "739146"

static const char renewal[] =
    "{\"service\": \"idcard-renewal\", \"today\": \"2026-11-30\","
    " \"kiosk\": {\"letter\": \"A\", \"window\": \"5\", \"has_fingerprint_reader\": false,"
    " \"kiosk_id\": \"KIOSK-A1\"},"
    " \"card\": {\"type\": \"resident\", \"name\": \"张三\", \"sex\": \"1\", \"birth\": "
    "\"19491231\", \"id_number\": \"" ID_NUMBER "\", \"address\": \"北京市东城区\","
    " \"valid_to\": \"20300101\"},"
    " \"form\": {\"mobile\": \"13800138000\", \"collection\": \"window\", \"waiver\": \"none\"},"
    " \"missing\": [\"household-register\"], \"commit_to_missing\": true,"
    " \"payment\": {\"outcome\": \"paid\"}}";

static GtkWidget *
find_entry(GtkWidget *root, const char *placeholder_prefix)
{
  for (GtkWidget *child = gtk_widget_get_first_child(root); child;
       child = gtk_widget_get_next_sibling(child)) {
    GtkWidget *found;
    if (GTK_IS_ENTRY(child) && gtk_widget_get_mapped(child) &&
        g_str_has_prefix(gtk_entry_get_placeholder_text(GTK_ENTRY(child)) ?: "",
                         placeholder_prefix))
      return child;
    if ((found = find_entry(child, placeholder_prefix)))
      return found;
  }
  return NULL;
}

static char *
as_role(const char *role)
{
  return g_strdup_printf("%s user=%s", g_getenv("ANYI_TEST_PG"), role);
}

/* The server migrated, kiosk KIOSK-A1 and a window role on it. */
static void
prepare_server(void)
{
  g_autoptr(GError) error = NULL;
  PGconn *conn = anyi_pg_ledger_connect(g_getenv("ANYI_TEST_PG"), &error);

  g_assert_no_error(error);
  g_assert_true(anyi_pg_ledger_migrate(conn, NULL, NULL, &error));
  g_assert_true(anyi_pg_ledger_add_kiosk(conn, "KIOSK-A1", "kiosk_ui", &error));
  g_assert_true(anyi_pg_ledger_add_staff(conn, "window", "window_ui", &error));
  g_assert_no_error(error);
  g_assert_true(anyi_pg_ledger_add_kiosk(conn, "KIOSK-B1", "kiosk_ui_b", &error));
  /* the staff records are the server's: the window PC has no kiosk database */
  g_assert_true(anyi_pg_ledger_staff_add(conn, "1024", "王芳", "staff", PIN, "test", &error));
  g_assert_no_error(error);
  PQfinish(conn);
}

/* A console on the server as window_ui, signed in as 1024. */
static WindowConsole *
signed_in_console(AnyiLedger *ledger)
{
  WindowConsole *console = window_console_new(NULL, NULL, ledger);
  GtkWidget *root = GTK_WIDGET(console);

  GtkWidget *pin;

  gtk_window_present(GTK_WINDOW(console));
  ui_test_spin(0.5);
  pin = ui_test_find_of_type(root, GTK_TYPE_PASSWORD_ENTRY);
  gtk_editable_set_text(GTK_EDITABLE(find_entry(root, "工号")), "1024");
  /* a wrong PIN is refused by the server (checked off the main loop) */
  gtk_editable_set_text(GTK_EDITABLE(pin), "000000");
  ui_test_click(root, "登录");
  ui_test_expect_text(root, "工号或密码不对", 10);
  gtk_editable_set_text(GTK_EDITABLE(pin), PIN);
  ui_test_click(root, "登录");
  return console;
}

static void
run_ok(const char *const *argv, const char *const *env)
{
  g_autoptr(GError) error = NULL;
  int status;

  g_assert_true(g_spawn_sync(NULL, (char **)argv, (char **)env, G_SPAWN_STDERR_TO_DEV_NULL, NULL,
                             NULL, NULL, NULL, &status, &error));
  g_assert_no_error(error);
  g_assert_true(g_spawn_check_wait_status(status, NULL));
}

/* The kiosk hands the renewal off and its pusher sends it, as the kiosk's
 * role; the case number. */
static char *
hand_off_and_push_as(TempStore *temp, const char *kiosk_id, const char *role)
{
  g_autofree char *script_path = g_build_filename(temp->dir, "script.json", NULL);
  g_autofree char *conninfo = as_role(role);
  g_autoptr(GString) script = g_string_new(renewal);
  const char *run[] = {g_getenv("ANYICTL"),
                       "case",
                       "run",
                       script_path,
                       "--db",
                       temp->db_path,
                       "--catalogue",
                       g_getenv("ANYI_TEST_SERVICES_DIR"),
                       NULL};
  const char *push[] = {g_getenv("ANYICTL"), "ledger", "push", NULL};
  g_auto(GStrv) env = g_get_environ();
  g_autoptr(AnyiStore) store = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  char *number;

  g_string_replace(script, "KIOSK-A1", kiosk_id, 0);
  g_assert_true(g_file_set_contents(script_path, script->str, -1, NULL));
  run_ok(run, NULL);
  store = anyi_store_open(temp->db_path, NULL);
  entries = anyi_store_outbox_peek(store, 1, NULL);
  g_assert_cmpuint(entries->len, ==, 1);
  number = g_strdup(((AnyiOutboxEntry *)entries->pdata[0])->case_number);
  env = g_environ_setenv(env, "ANYI_DB", temp->db_path, TRUE);
  env = g_environ_setenv(env, "ANYI_KIOSK_ID", kiosk_id, TRUE);
  /* each kiosk a letter of its own, as the hall's server insists: KIOSK-B1 is B */
  env = g_environ_setenv(env, "ANYI_KIOSK_LETTER", g_str_equal(kiosk_id, "KIOSK-B1") ? "B" : "A",
                         TRUE);
  env = g_environ_setenv(env, "ANYI_LEDGER_CONNECTION", conninfo, TRUE);
  run_ok(push, (const char *const *)env);
  return number;
}

/* A citizen at KIOSK-A1 calls staff over (人工帮助) during case @number;
 * the kiosk's pusher sends the call. */
static void
call_staff_and_push(TempStore *temp, const char *number)
{
  g_autofree char *conninfo = as_role("kiosk_ui");
  const char *push[] = {g_getenv("ANYICTL"), "ledger", "push", NULL};
  g_auto(GStrv) env = g_get_environ();
  g_autoptr(AnyiStore) store = anyi_store_open(temp->db_path, NULL);

  g_assert_true(anyi_store_staff_call_raise(store, "KIOSK-A1", number, NULL, NULL));
  env = g_environ_setenv(env, "ANYI_DB", temp->db_path, TRUE);
  env = g_environ_setenv(env, "ANYI_KIOSK_ID", "KIOSK-A1", TRUE);
  env = g_environ_setenv(env, "ANYI_KIOSK_LETTER", "A", TRUE);
  env = g_environ_setenv(env, "ANYI_LEDGER_CONNECTION", conninfo, TRUE);
  run_ok(push, (const char *const *)env);
}

static char *
hand_off_and_push(TempStore *temp)
{
  return hand_off_and_push_as(temp, "KIOSK-A1", "kiosk_ui");
}

/* The server's audit lines of ID numbers revealed by staff 1024. */
static gint64
audited_reveals(void)
{
  g_autoptr(GError) error = NULL;
  PGconn *conn = anyi_pg_ledger_connect(g_getenv("ANYI_TEST_PG"), &error);
  PGresult *res = PQexec(conn, "SELECT count(*) FROM window_audit WHERE staff = '1024' AND "
                               "action = 'window-reveal-id-number'");
  gint64 n = g_ascii_strtoll(PQgetvalue(res, 0, 0), NULL, 10);

  g_assert_no_error(error);
  PQclear(res);
  PQfinish(conn);
  return n;
}

static void
test_console_pg(void)
{
  TempStore kiosk = {0};
  g_autofree char *window_role = as_role("window_ui");
  g_autofree char *number = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(AnyiLedger) ledger = NULL;
  WindowConsole *console;
  GtkWidget *root;

  temp_store_prepare(&kiosk);
  ledger = anyi_ledger_pg_new(window_role, &error);
  g_assert_no_error(error);
  console = signed_in_console(ledger);
  root = GTK_WIDGET(console);
  ui_test_expect_text(root, "等候办理 0 件", 10);

  /* the kiosk hands off and pushes while the console is open */
  number = hand_off_and_push(&kiosk);
  ui_test_expect_text(root, number, 20);
  ui_test_expect_text(root, "等候办理 1 件", 1);
  /* the queue in words: the service's title and why it came to the window */
  g_assert_true(ui_test_shows_text(root, "身份证到期换领"));
  /* staff's short words, not the citizen's sentence */
  g_assert_true(ui_test_shows_text(root, "材料已备齐，窗口办结"));
  g_assert_false(ui_test_shows_text(root, "自助机已为您准备好材料"));
  g_assert_false(ui_test_shows_text(root, "window-finishes"));

  /* a citizen calls staff to the kiosk: the console on the server hears it */
  call_staff_and_push(&kiosk, number);
  ui_test_expect_text(root, "KIOSK-A1 有市民呼叫工作人员到机器旁", 20);
  ui_test_shoot(root, "ANYI_TEST_SHOTS", "pg-01-queue.png");
  ui_test_click(root, "应答呼叫");
  ui_test_expect_text(root, "已应答 KIOSK-A1 的呼叫", 10);
  g_assert_false(ui_test_shows_text(root, "有市民呼叫工作人员到机器旁"));

  /* the slip's code, as a scanner types it */
  {
    g_autofree char *scanned = g_ascii_strdown(number, -1);
    GtkWidget *open = find_entry(root, "扫描");
    g_assert_nonnull(open);
    gtk_editable_set_text(GTK_EDITABLE(open), scanned);
    g_signal_emit_by_name(open, "activate");
  }
  ui_test_expect_text(root, "姓名：张三", 10);
  g_assert_true(ui_test_shows_text(root, "110105********002X"));
  g_assert_false(ui_test_shows_text(root, ID_NUMBER));
  /* the catalogue's words and the engine's reasons, not ids */
  g_assert_true(ui_test_shows_text(root, "身份证到期换领"));
  g_assert_false(ui_test_shows_text(root, "idcard-renewal"));
  g_assert_true(ui_test_shows_text(root, "手机号码：13800138000"));
  g_assert_true(ui_test_shows_text(root, "领证方式：到大厅窗口领取"));
  g_assert_true(ui_test_shows_text(root, "状态：等候认领"));
  g_assert_true(ui_test_shows_text(root, "性别：男"));
  g_assert_true(ui_test_shows_text(root, "状态 已缴费"));
  g_assert_true(ui_test_shows_text(root, "金额 ¥20.00"));
  g_assert_true(ui_test_shows_text(root, "转窗口原因：材料已备齐，窗口办结"));
  g_assert_false(ui_test_shows_text(root, "请到窗口完成办理"));
  g_assert_false(ui_test_shows_text(root, "window-finishes"));
  /* the papers the kiosk printed, by the names they carry */
  g_assert_true(ui_test_shows_text(root, "窗口引导单（A4打印机）"));
  g_assert_false(ui_test_shows_text(root, "handoff-slip"));
  ui_test_shoot(root, "ANYI_TEST_SHOTS", "pg-02-case.png");
  /* the reveal: written to the server's audit first */
  ui_test_click(root, "显示身份证号");
  ui_test_expect_text(root, ID_NUMBER, 10);
  g_assert_cmpint(audited_reveals(), ==, 1);
  ui_test_click(root, "认领");
  ui_test_expect_text(root, "受理人：1024", 10);

  /* 容缺 follow-up: due, then received */
  ui_test_click(root, "容缺跟进");
  ui_test_expect_text(root, "居民户口簿", 10);
  g_assert_true(ui_test_shows_text(root, "待补"));
  ui_test_shoot(root, "ANYI_TEST_SHOTS", "pg-03-follow-up.png");
  ui_test_click(root, "收到材料");
  ui_test_expect_text(root, "已收到", 10);

  /* back to the case, and its outcome */
  {
    GtkWidget *open = find_entry(root, "扫描");
    gtk_editable_set_text(GTK_EDITABLE(open), number);
    g_signal_emit_by_name(open, "activate");
  }
  ui_test_expect_text(root, "姓名：张三", 10);
  ui_test_click(root, "记录结果");
  ui_test_expect_text(root, "已结案：已办结", 10);
  ui_test_shoot(root, "ANYI_TEST_SHOTS", "pg-04-outcome.png");

  /* the day's figures, from the server */
  ui_test_click(root, "今日统计");
  ui_test_expect_text(root, "共 1 件：自助机办结 0 件，转窗口 1 件", 10);
  ui_test_shoot(root, "ANYI_TEST_SHOTS", "pg-05-stats.png");
  ui_test_click(root, "等候队列");
  ui_test_expect_text(root, "等候办理 0 件", 10);

  gtk_window_destroy(GTK_WINDOW(console));
  ui_test_spin(0.1);
  g_clear_object(&ledger);
  temp_store_clear(&kiosk);
}

/* ---- the server gone ---- */

/* A server that accepts connections and never answers (a hung host):
 * libpq waits for its reply as long as its connect timeout allows, here
 * for ever. A main-loop heartbeat and a watchdog thread tell whether the
 * console kept dispatching meanwhile: when no beat came for FROZEN_SECONDS
 * the watchdog notes the freeze and from then on turns every connection
 * away, so a console that blocks fails the test instead of hanging it. */
#define FROZEN_SECONDS 10

typedef struct {
  int fd; /* the hung server's listening socket */
  char *path;
  gint beats;
  gint froze;
  gint stop;
  gint mark; /* beats at a point of the test */
  GThread *watchdog;
} HungServer;

static gboolean
beat(gpointer data)
{
  g_atomic_int_inc(&((HungServer *)data)->beats);
  return G_SOURCE_CONTINUE;
}

/* Lets whoever waits in the hung server's backlog go: they read the end
 * of the connection at once. */
static void
turn_away(int fd)
{
  int client;

  while ((client = accept(fd, NULL, NULL)) >= 0)
    close(client);
}

static gpointer
watch_beats(gpointer data)
{
  HungServer *hung = data;
  gint last = g_atomic_int_get(&hung->beats);
  gint64 last_change = g_get_monotonic_time();

  while (!g_atomic_int_get(&hung->stop)) {
    g_usleep(G_USEC_PER_SEC / 10);
    if (g_atomic_int_get(&hung->froze))
      turn_away(hung->fd); /* the test fails; it should not hang as well */
    else if (g_atomic_int_get(&hung->beats) != last) {
      last = g_atomic_int_get(&hung->beats);
      last_change = g_get_monotonic_time();
    } else if (g_get_monotonic_time() - last_change > FROZEN_SECONDS * G_USEC_PER_SEC) {
      g_atomic_int_set(&hung->froze, 1);
    }
  }
  return NULL;
}

/* Listens where the stopped server's socket was. */
static void
hung_server_start(HungServer *hung)
{
  struct sockaddr_un address = {.sun_family = AF_UNIX};

  hung->path = g_strdup_printf("%s/.s.PGSQL.%s", g_getenv("ANYI_TEST_PG_HOST"),
                               g_getenv("ANYI_TEST_PG_PORT"));
  g_assert_cmpuint(strlen(hung->path), <, sizeof address.sun_path);
  strcpy(address.sun_path, hung->path);
  hung->fd = socket(AF_UNIX, SOCK_STREAM, 0);
  g_assert_cmpint(hung->fd, >=, 0);
  unlink(hung->path);
  g_assert_cmpint(bind(hung->fd, (struct sockaddr *)&address, sizeof address), ==, 0);
  g_assert_cmpint(listen(hung->fd, 16), ==, 0);
  g_assert_true(g_unix_set_fd_nonblocking(hung->fd, TRUE, NULL));
  hung->watchdog = g_thread_new("watchdog", watch_beats, hung);
}

static void
hung_server_stop(HungServer *hung)
{
  g_atomic_int_set(&hung->stop, 1);
  g_thread_join(hung->watchdog);
  close(hung->fd);
  unlink(hung->path);
  g_free(hung->path);
}

/* A client waits in the hung server's backlog. */
static gboolean
someone_waits(gpointer data)
{
  struct pollfd waiting = {.fd = ((HungServer *)data)->fd, .events = POLLIN};

  return poll(&waiting, 1, 0) == 1;
}

static gboolean
beats_past(gpointer data)
{
  HungServer *hung = data;

  return g_atomic_int_get(&hung->beats) >= hung->mark + 20;
}

static void
pg_ctl(const char *verb)
{
  g_autofree char *program = g_find_program_in_path("pg-ctl");
  const char *argv[] = {program, verb, NULL};

  g_assert_nonnull(program);
  run_ok(argv, NULL);
}

static void
test_server_gone(void)
{
  TempStore kiosk = {0};
  g_autofree char *window_role = as_role("window_ui");
  g_autofree char *number = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(AnyiLedger) ledger = NULL;
  HungServer hung = {0};
  WindowConsole *console;
  GtkWidget *root;
  guint heartbeat;

  temp_store_prepare(&kiosk);
  ledger = anyi_ledger_pg_new(window_role, &error);
  g_assert_no_error(error);
  console = signed_in_console(ledger);
  root = GTK_WIDGET(console);
  ui_test_expect_text(root, "等候办理", 10);
  heartbeat = g_timeout_add(50, beat, &hung);

  /* the server stops, and a hung one takes its place */
  pg_ctl("stop");
  hung_server_start(&hung);
  ui_test_expect_text(root, "服务器连接中断，正在重连", 20);
  g_assert_false(g_atomic_int_get(&hung.froze));
  /* a reconnection waits on the hung server: the console still dispatches */
  g_assert_true(ui_test_wait(someone_waits, &hung, 20));
  hung.mark = g_atomic_int_get(&hung.beats);
  g_assert_true(ui_test_wait(beats_past, &hung, 20));
  g_assert_false(g_atomic_int_get(&hung.froze));
  ui_test_click(root, "台账");
  ui_test_expect_text(root, "服务器连接中断，正在重连", 5);
  ui_test_shoot(root, "ANYI_TEST_SHOTS", "pg-06-server-gone.png");
  g_assert_false(g_atomic_int_get(&hung.froze));
  ui_test_click(root, "等候队列");
  hung_server_stop(&hung);
  g_source_remove(heartbeat);

  /* the server is back: the console comes back by itself */
  pg_ctl("start");
  number = hand_off_and_push_as(&kiosk, "KIOSK-B1", "kiosk_ui_b");
  ui_test_expect_text(root, number, 30);
  g_assert_false(ui_test_shows_text(root, "服务器连接中断"));
  ui_test_shoot(root, "ANYI_TEST_SHOTS", "pg-07-server-back.png");

  gtk_window_destroy(GTK_WINDOW(console));
  ui_test_spin(0.1);
  g_clear_object(&ledger);
  temp_store_clear(&kiosk);
}

int
main(int argc, char **argv)
{
  gtk_test_init(&argc, &argv, NULL);
  if (!g_getenv("ANYI_TEST_PG")) {
    g_print("SKIP: ANYI_TEST_PG is not set: run under tests/fixtures/postgres/with-postgres\n");
    return 77;
  }
  prepare_server();
  g_test_add_func("/window/console/postgres", test_console_pg);
  g_test_add_func("/window/console/postgres-server-gone", test_server_gone);
  return g_test_run();
}
