/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-metrics.c: the metrics file a technician's Prometheus reads, after
 * real cases played by `anyictl case run` into a real database: it parses
 * strictly as the text format, its figures are what happened, it changes
 * when the kiosk's state does, and no citizen's data is in it. */
#include "log/anyi-log.h"
#include "metrics/anyi-metrics.h"
#include "prom-text.h"
#include "temp-store.h"

#include <glib/gstdio.h>
#include <sys/stat.h>

#define ID_NUMBER "51010419961030123X"
#define NAME      "张三"
#define PHONE     "13812345678"
#define ADDRESS   "四川省成都市锦江区"

typedef struct {
  TempStore temp;
  char *prom_path;
  AnyiKiosk *kiosk;
  AnyiMetrics *metrics;
} Fixture;

static void
run_case(Fixture *f, gboolean ask_for_help)
{
  /* a paid renewal with a material to bring later; or the same citizen
   * pressing 人工帮助 on the second step */
  g_autofree char *path = g_build_filename(
      g_getenv("ANYI_TEST_CASES_DIR"), ask_for_help ? "case-help.json" : "case-renewal.json", NULL);
  const char *argv[] = {g_getenv("ANYICTL"),
                        "case",
                        "run",
                        path,
                        "--db",
                        f->temp.db_path,
                        "--ledger",
                        f->temp.ledger_path,
                        "--catalogue",
                        g_getenv("ANYI_TEST_SERVICES_DIR"),
                        NULL};
  g_autoptr(GError) error = NULL;
  int status = 0;

  g_assert_true(g_spawn_sync(NULL, (char **)argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL,
                             NULL, NULL, &status, &error));
  g_assert_no_error(error);
  g_spawn_check_wait_status(status, &error);
  g_assert_no_error(error);
}

static void
fixture_set_up(Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  (void)data;
  temp_store_prepare(&f->temp);
  f->prom_path = g_build_filename(f->temp.dir, "anyi-kiosk.prom", NULL);
  run_case(f, FALSE);
  run_case(f, TRUE);
  f->kiosk =
      anyi_kiosk_open_at(&(AnyiKioskPlaces){.db_path = f->temp.db_path,
                                            .ledger_path = f->temp.ledger_path,
                                            .catalogue_dir = g_getenv("ANYI_TEST_SERVICES_DIR")},
                         &error);
  g_assert_no_error(error);
  f->metrics = anyi_metrics_new(f->kiosk, f->prom_path, 30);
}

static void
fixture_tear_down(Fixture *f, gconstpointer data)
{
  (void)data;
  g_clear_object(&f->metrics);
  g_clear_object(&f->kiosk);
  g_free(f->prom_path);
  temp_store_clear(&f->temp);
}

static char *
read_file(const char *path)
{
  char *text = NULL;
  g_autoptr(GError) error = NULL;

  g_file_get_contents(path, &text, NULL, &error);
  g_assert_no_error(error);
  return text;
}

static GHashTable *
parse_file(const char *path)
{
  g_autofree char *text = read_file(path);
  g_autoptr(GError) error = NULL;
  GHashTable *samples = prom_text_parse(text, &error);

  g_assert_no_error(error);
  return samples;
}

static void
test_cases_counted(Fixture *f, gconstpointer data)
{
  g_autoptr(GHashTable) samples = parse_file(f->prom_path);
  g_autofree char *text = read_file(f->prom_path);

  (void)data;
  g_test_message("the metrics file:\n%s", text);
  g_assert_cmpfloat(prom_text_value(samples, "anyi_kiosk_cases_started_total"), ==, 2);
  g_assert_cmpfloat(prom_text_value(samples, "anyi_kiosk_cases_finished_total"), ==, 1);
  g_assert_cmpfloat(prom_text_value(samples, "anyi_kiosk_cases_abandoned_total"), ==, 0);
  g_assert_cmpfloat(
      prom_text_value(samples, "anyi_kiosk_cases_handed_off_total{reason=\"citizen-asked\"}"), ==,
      1);
  g_assert_cmpfloat(
      prom_text_value(samples, "anyi_kiosk_cases_handed_off_total{reason=\"device-failure\"}"), ==,
      0);
  g_assert_cmpfloat(prom_text_value(samples, "anyi_kiosk_uptime_seconds"), >=, 0);
  g_assert_cmpfloat(prom_text_value(samples, "anyi_kiosk_in_service{reason=\"\"}"), ==, 1);
  /* the devices were not started: each is there, and says so */
  g_assert_cmpfloat(
      prom_text_value(samples, "anyi_kiosk_device_state{device=\"reader\",state=\"off\"}"), ==, 1);
  g_assert_cmpfloat(
      prom_text_value(samples, "anyi_kiosk_device_state{device=\"printer-a4\",state=\"off\"}"), ==,
      1);
  g_assert_true(g_hash_table_contains(
      samples, "anyi_kiosk_device_state{device=\"camera-face\",state=\"off\"}"));
  /* no ledger outbox in this kiosk: no figure made up for it */
  g_assert_false(g_hash_table_contains(samples, "anyi_kiosk_outbox_depth"));
}

static void
test_no_personal_data(Fixture *f, gconstpointer data)
{
  g_autofree char *text = read_file(f->prom_path);
  static const char *const personal[] = {ID_NUMBER, "1030123X", NAME, PHONE, ADDRESS, "19961030"};

  (void)data;
  for (gsize i = 0; i < G_N_ELEMENTS(personal); i++)
    if (strstr(text, personal[i]))
      g_error("the metrics hold %s:\n%s", personal[i], text);
  /* case numbers name a case a window could look up: not in metrics either */
  g_assert_null(strstr(text, "-T0"));
}

static void
test_written_atomically(Fixture *f, gconstpointer data)
{
  g_autoptr(GDir) dir = g_dir_open(f->temp.dir, 0, NULL);
  const char *name;
  GStatBuf st;

  (void)data;
  /* rewritten many times over: only the file itself, never a half-written
   * one or a leftover beside it */
  for (int i = 0; i < 20; i++)
    g_assert_true(anyi_metrics_write(f->metrics, NULL));
  while ((name = g_dir_read_name(dir)))
    g_assert_false(g_str_has_prefix(name, "anyi-kiosk.prom") &&
                   !g_str_equal(name, "anyi-kiosk.prom"));
  g_assert_cmpint(g_stat(f->prom_path, &st), ==, 0);
  g_assert_cmpint(st.st_mode & 0777, ==, 0644);
}

static void
wait_for_text(const char *path, const char *wanted)
{
  /* the change is written from an idle: the loop runs it */
  for (;;) {
    g_autofree char *text = read_file(path);

    if (strstr(text, wanted))
      return;
    g_main_context_iteration(NULL, TRUE);
  }
}

static void
test_state_change_rewrites(Fixture *f, gconstpointer data)
{
  AnyiKioskHealth *health = anyi_kiosk_get_health(f->kiosk);
  g_autoptr(GHashTable) samples = NULL;

  (void)data;
  anyi_kiosk_health_part_down(health, ANYI_KIOSK_PART_STORE, "store-full");
  wait_for_text(f->prom_path, "anyi_kiosk_in_service{reason=\"store-full\"} 0\n");
  samples = parse_file(f->prom_path);
  g_assert_false(g_hash_table_contains(samples, "anyi_kiosk_in_service{reason=\"\"}"));
  anyi_kiosk_health_part_up(health, ANYI_KIOSK_PART_STORE);
  wait_for_text(f->prom_path, "anyi_kiosk_in_service{reason=\"\"} 1\n");
}

static void
test_paper_and_last_error(Fixture *f, gconstpointer data)
{
  g_autoptr(GHashTable) before = parse_file(f->prom_path);
  g_autoptr(GHashTable) after = NULL;
  gint64 logged_at = g_get_real_time() / G_USEC_PER_SEC;

  (void)data;
  g_assert_cmpfloat(prom_text_value(before, "anyi_kiosk_last_error_timestamp_seconds"), ==, 0);
  g_assert_false(g_hash_table_contains(before, "anyi_kiosk_paper_percent{printer=\"receipt\"}"));
  g_assert_true(anyi_store_consumable_set(anyi_kiosk_get_store(f->kiosk), "receipt-paper", 30, 120,
                                          "test", NULL));
  g_warning("metrics test: a warning the technician should see the time of");
  g_assert_true(anyi_metrics_write(f->metrics, NULL));
  after = parse_file(f->prom_path);
  g_assert_cmpfloat(prom_text_value(after, "anyi_kiosk_paper_percent{printer=\"receipt\"}"), ==,
                    25);
  g_assert_cmpfloat(prom_text_value(after, "anyi_kiosk_last_error_timestamp_seconds"), >=,
                    logged_at);
  g_assert_cmpfloat(prom_text_value(after, "anyi_kiosk_last_error_timestamp_seconds"), <=,
                    g_get_real_time() / G_USEC_PER_SEC);
}

/* A staff call raised shows as a citizen waiting; answered, it does not. */
static void
test_staff_calls_waiting(Fixture *f, gconstpointer data)
{
  AnyiStore *store = anyi_kiosk_get_store(f->kiosk);
  g_autoptr(GHashTable) raised = NULL;
  g_autoptr(GHashTable) answered = NULL;
  gint64 id = 0;

  (void)data;
  g_assert_true(anyi_store_staff_call_raise(store, "KIOSK-A1", NULL, &id, NULL));
  g_assert_true(anyi_metrics_write(f->metrics, NULL));
  raised = parse_file(f->prom_path);
  g_assert_cmpfloat(prom_text_value(raised, "anyi_kiosk_staff_calls_waiting"), ==, 1);
  g_assert_true(anyi_store_staff_call_close(store, id, "answered", "2002", NULL));
  g_assert_true(anyi_metrics_write(f->metrics, NULL));
  answered = parse_file(f->prom_path);
  g_assert_cmpfloat(prom_text_value(answered, "anyi_kiosk_staff_calls_waiting"), ==, 0);
}

static gint64
three_waiting(gpointer data)
{
  (void)data;
  return 3;
}

static void
test_outbox_hook(Fixture *f, gconstpointer data)
{
  g_autoptr(GHashTable) samples = NULL;

  (void)data;
  anyi_metrics_set_outbox_func(f->metrics, three_waiting, NULL);
  g_assert_true(anyi_metrics_write(f->metrics, NULL));
  samples = parse_file(f->prom_path);
  g_assert_cmpfloat(prom_text_value(samples, "anyi_kiosk_outbox_depth"), ==, 3);
}

static void
test_parser_is_strict(void)
{
  static const char *const bad[] = {
      "anyi_x 1\n",                                                  /* no TYPE */
      "# TYPE anyi_x gauge\nanyi_x 1",                               /* no final newline */
      "# TYPE anyi_x gauge\nanyi_x one\n",                           /* not a number */
      "# TYPE anyi_x counter\nanyi_x 1\n",                           /* counter not _total */
      "# TYPE anyi_x gauge\nanyi_x{a=\"1\"} 1\nanyi_x{a=\"1\"} 2\n", /* series twice */
      "# TYPE anyi_x gauge\nanyi_x{a=\"\"\"} 1\n",                   /* unescaped quote */
      "# TYPE anyi_x gauge\n# TYPE anyi_y gauge\nanyi_x 1\n",        /* outside its family */
      "# TYPE anyi_x histogram\nanyi_x 1\n",                         /* not ours */
  };

  for (gsize i = 0; i < G_N_ELEMENTS(bad); i++) {
    g_autoptr(GError) error = NULL;
    g_autoptr(GHashTable) samples = prom_text_parse(bad[i], &error);

    g_assert_null(samples);
    g_assert_error(error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  }
}

int
main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  /* the kiosk's own writer, as in the kiosk: it keeps the time of the last
   * warning; warnings are what this test logs, not failures */
  anyi_log_install();
  g_log_set_always_fatal(G_LOG_FATAL_MASK);
  if (!g_getenv("ANYICTL") || !g_getenv("ANYI_TEST_SERVICES_DIR")) {
    g_print("1..0 # SKIP ANYICTL is not set: run through meson test\n");
    return 77;
  }
  g_test_add_func("/metrics/parser-is-strict", test_parser_is_strict);
#define ADD(path, fn) g_test_add(path, Fixture, NULL, fixture_set_up, fn, fixture_tear_down)
  ADD("/metrics/cases-counted", test_cases_counted);
  ADD("/metrics/no-personal-data", test_no_personal_data);
  ADD("/metrics/written-atomically", test_written_atomically);
  ADD("/metrics/state-change-rewrites", test_state_change_rewrites);
  ADD("/metrics/paper-and-last-error", test_paper_and_last_error);
  ADD("/metrics/outbox-hook", test_outbox_hook);
  ADD("/metrics/staff-calls-waiting", test_staff_calls_waiting);
  return g_test_run();
}
