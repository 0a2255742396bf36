/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-day: a whole day's sessions in one kiosk process.
 *   day_sessions            sessions walked (ANYI_BENCH_DAY_SESSIONS, 1000)
 *   day_rss_change          resident memory at the end against the start,
 *                           in % (target within 5)
 *   day_fds_change          open file descriptors, the same (within 5 %)
 *   day_db_growth_per_case  bytes the SQLite file grew per case recorded,
 *                           its write-ahead log checkpointed: the data
 * The sessions cycle through three a hall sees all day: the ID progress
 * query with the card, a renewal begun with the card and left by the home
 * button, and a household certificate walked away from after the card
 * (the idle timeout hands it to the window). The start is measured after
 * a warm-up of one round of each, so that caches filled once (fonts,
 * textures, prepared statements) do not count as growth.
 * Runs in process against the real window, the emulated ID reader and the
 * printers given by CUPS_SERVER (none needed); re-executes itself under
 * tests/fixtures/ui/with-display and anyi-devsim when needed. */
#include "devsim-client.h"
#include "kiosk-ui-test.h"
#include "temp-store.h"

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static KioskApplication *kiosk;

static gboolean
page_is(gpointer data)
{
  const char *page = data;
  return g_strcmp0(kiosk_window_get_page(ui_test_window(kiosk)), page) == 0;
}

static void
expect_page(const char *page, double seconds)
{
  if (!ui_test_wait(page_is, (gpointer)page, seconds))
    g_error("expected page %s, still on %s", page, kiosk_window_get_page(ui_test_window(kiosk)));
}

static void
begin_with_card(const char *service)
{
  GtkWidget *root = GTK_WIDGET(ui_test_window(kiosk));

  expect_page("attract", 10);
  ui_test_click(root, "点这里开始办理");
  expect_page("menu", 5);
  ui_test_click(root, service);
  expect_page("card", 5);
  ui_test_devsim("idcard place resident");
  ui_test_click_within(root, "是本人，继续", 10);
  ui_test_devsim("idcard remove");
}

static void
progress_query(void)
{
  GtkWidget *root = GTK_WIDGET(ui_test_window(kiosk));

  begin_with_card("身份证办理进度查询");
  ui_test_expect_text(root, "身份证办理进度", 10);
  ui_test_go_home(root);
}

static void
renewal_left_by_home(void)
{
  GtkWidget *root = GTK_WIDGET(ui_test_window(kiosk));

  begin_with_card("身份证到期换领");
  expect_page("question", 10);
  ui_test_go_home(root);
}

static void
walked_away(void)
{
  begin_with_card("户籍证明开具");
  expect_page("question", 10);
  expect_page("attract", 30); /* the idle timeout and its countdown */
}

static void (*const sessions[])(void) = {progress_query, renewal_left_by_home, walked_away};

static long
status_kib(const char *field)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents("/proc/self/status", &status, NULL, NULL) ||
      !(line = strstr(status, field)))
    return -1;
  return strtol(line + strlen(field), NULL, 10);
}

static guint
open_fds(void)
{
  g_autoptr(GDir) dir = g_dir_open("/proc/self/fd", 0, NULL);
  guint n = 0;

  while (dir && g_dir_read_name(dir))
    n++;
  return n;
}

/* The database file once its write-ahead log is checkpointed into it (a
 * second connection, as a technician's sqlite3 would): the log keeps its
 * high-water size on disk, the database grows by what it holds. Also the
 * log's size, which must stop growing. */
static goffset
db_size(const char *path, goffset *wal_size)
{
  g_autofree char *wal = g_strconcat(path, "-wal", NULL);
  sqlite3 *db = NULL;
  GStatBuf st;

  if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL) == SQLITE_OK)
    sqlite3_exec(db, "PRAGMA wal_checkpoint(PASSIVE)", NULL, NULL, NULL);
  sqlite3_close(db);
  *wal_size = g_stat(wal, &st) == 0 ? st.st_size : 0;
  return g_stat(path, &st) == 0 ? st.st_size : -1;
}

static gint64
cases_recorded(void)
{
  g_autoptr(GPtrArray) all = anyi_store_cases_recent(
      anyi_kiosk_get_store(kiosk_application_get_kiosk(kiosk)), G_MAXINT, NULL);
  return all ? all->len : 0;
}

static double
change_percent(double start, double end)
{
  return start > 0 ? 100.0 * (end - start) / start : 0;
}

static void
ensure_fixtures(char **argv)
{
  if (!g_getenv("DISPLAY")) {
    char *args[] = {WITH_DISPLAY, argv[0], NULL};
    execv(WITH_DISPLAY, args);
  }
  if (!g_getenv("ANYI_DEVSIM_CONTROL")) {
    char *args[] = {ANYI_DEVSIM,         "--card", "none", "--face-camera", "none",
                    "--document-camera", "none",   "--",   argv[0],         NULL};
    execv(ANYI_DEVSIM, args);
  }
  if (!g_getenv("DISPLAY") || !g_getenv("ANYI_DEVSIM_CONTROL")) {
    printf("# bench-day: no screen or no emulated devices\n");
    exit(77);
  }
}

int
main(int argc, char **argv)
{
  TempStore data_home = {0};
  guint total = 1000;

  (void)argc;
  ensure_fixtures(argv);
  if (g_getenv("ANYI_BENCH_DAY_SESSIONS"))
    total = (guint)g_ascii_strtoull(g_getenv("ANYI_BENCH_DAY_SESSIONS"), NULL, 10);
  g_setenv("ANYI_IDLE_TIMEOUT", "3", TRUE);
  g_setenv("ANYI_IDLE_GRACE", "2", TRUE);
  g_setenv("ANYI_SPEECH_OUTPUT", "none", TRUE);
  temp_store_prepare_data_home(&data_home);
  kiosk_application_choose_renderer();
  kiosk_application_init_locale();
  gtk_init();
  kiosk = ui_test_start_kiosk();

  for (guint i = 0; i < G_N_ELEMENTS(sessions); i++)
    sessions[i]();
  ui_test_spin(1);
  long rss_start = status_kib("VmRSS:");
  guint fds_start = open_fds();
  goffset wal_start, wal_end;
  goffset db_start = db_size(data_home.db_path, &wal_start);
  gint64 cases_start = cases_recorded();
  gint64 started = g_get_monotonic_time();

  for (guint i = 0; i < total; i++)
    sessions[i % G_N_ELEMENTS(sessions)]();
  ui_test_spin(1);
  long rss_end = status_kib("VmRSS:");
  guint fds_end = open_fds();
  goffset db_end = db_size(data_home.db_path, &wal_end);
  gint64 cases_end = cases_recorded();
  double elapsed = (g_get_monotonic_time() - started) / (double)G_USEC_PER_SEC;

  g_autoptr(GError) error = NULL;
  printf("# %u sessions in %.0f s; RSS %ld -> %ld KiB, fds %u -> %u, db %" G_GOFFSET_FORMAT
         " -> %" G_GOFFSET_FORMAT " bytes (WAL %" G_GOFFSET_FORMAT " -> %" G_GOFFSET_FORMAT
         "), %" G_GINT64_FORMAT " cases recorded\n",
         total, elapsed, rss_start, rss_end, fds_start, fds_end, db_start, db_end, wal_start,
         wal_end, cases_end - cases_start);
  printf("BENCH day_sessions\t%u\tsessions\t1000\n", total);
  printf("BENCH day_rss_change\t%+.1f\t%%\twithin 5\n", change_percent(rss_start, rss_end));
  printf("BENCH day_fds_change\t%+.1f\t%%\twithin 5\n", change_percent(fds_start, fds_end));
  printf("BENCH day_db_growth_per_case\t%.0f\tbytes\tthe data\n",
         cases_end > cases_start ? (double)(db_end - db_start) / (double)(cases_end - cases_start)
                                 : 0.0);
  ui_test_stop_kiosk(kiosk);
  temp_store_clear(&data_home);
  return 0;
}
