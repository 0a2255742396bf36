/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-support-bundle.c: `anyictl support-bundle OUT.tar.gz` over a kiosk
 * whose database holds real cases of a known citizen and whose log holds a
 * careless line with her ID number and phone: the bundle unpacks, has what
 * a technician needs, and none of the citizen's data, nor the hall's
 * secrets. */
#include <glib/gstdio.h>
#include <string.h>
#include <sys/wait.h>

#define ID_NUMBER "51010419961030123X"
#define NAME      "张三"
#define PHONE     "13812345678"
#define ADDRESS   "四川省成都市锦江区"

typedef struct {
  char *dir;
  char *db;
  char *conf;
  char *bundle;
  char *unpacked;
} Hall;

static void
spawn_ok(const char *const *argv, const char *conf, char **out)
{
  g_auto(GStrv) env = g_get_environ();
  g_autoptr(GError) error = NULL;
  int status = 0;

  env = g_environ_setenv(env, "ANYI_CONFIG", conf, TRUE);
  /* no cupsd: the printers' part says so at once */
  env = g_environ_setenv(env, "CUPS_SERVER", "/nonexistent/cups.sock", TRUE);
  g_assert_true(g_spawn_sync(NULL, (char **)argv, env,
                             G_SPAWN_SEARCH_PATH | (out ? 0 : G_SPAWN_STDOUT_TO_DEV_NULL), NULL,
                             NULL, out, NULL, &status, &error));
  g_assert_no_error(error);
  g_spawn_check_wait_status(status, &error);
  g_assert_no_error(error);
}

static void
run_case(Hall *hall, const char *script)
{
  g_autofree char *path = g_build_filename(g_getenv("ANYI_TEST_CASES_DIR"), script, NULL);
  g_autofree char *ledger = g_build_filename(hall->dir, "ledger.ini", NULL);
  const char *argv[] = {g_getenv("ANYICTL"),
                        "case",
                        "run",
                        path,
                        "--db",
                        hall->db,
                        "--ledger",
                        ledger,
                        "--catalogue",
                        g_getenv("ANYI_TEST_SERVICES_DIR"),
                        NULL};

  spawn_ok(argv, hall->conf, NULL);
}

static void
hall_set_up(Hall *hall, const char *extra_conf)
{
  g_autofree char *log = NULL;
  g_autofree char *conf_text = NULL;

  hall->dir = g_dir_make_tmp("support-XXXXXX", NULL);
  hall->db = g_build_filename(hall->dir, "kiosk.db", NULL);
  hall->conf = g_build_filename(hall->dir, "kiosk.conf", NULL);
  hall->bundle = g_build_filename(hall->dir, "bundle.tar.gz", NULL);
  hall->unpacked = g_build_filename(hall->dir, "unpacked", NULL);
  log = g_build_filename(hall->dir, "kiosk.log", NULL);
  conf_text = g_strdup_printf("[kiosk]\nletter=T\n[handoff]\nwindow=3\n[devices]\n"
                              "fingerprint-reader=true\n[store]\npath=%s\nlog=%s\n%s",
                              hall->db, log, extra_conf);
  g_assert_true(g_file_set_contents(hall->conf, conf_text, -1, NULL));
  run_case(hall, "case-renewal.json");
  run_case(hall, "case-help.json");
  /* what a careless log line (an old version, a driver) could hold */
  g_assert_true(g_file_set_contents(log,
                                    "2026-12-05 10:00:00 MESSAGE kiosk started\n"
                                    "2026-12-05 10:00:01 WARNING reader: card " ID_NUMBER
                                    " read, mobile " PHONE "\n",
                                    -1, NULL));
  g_assert_cmpint(g_mkdir(hall->unpacked, 0700), ==, 0);
}

static void
hall_make_bundle(Hall *hall)
{
  const char *make[] = {g_getenv("ANYICTL"), "support-bundle", hall->bundle, NULL};
  const char *unpack[] = {"tar", "-xzf", hall->bundle, "-C", hall->unpacked, NULL};

  spawn_ok(make, hall->conf, NULL);
  spawn_ok(unpack, hall->conf, NULL);
}

static void
hall_tear_down(Hall *hall)
{
  const char *rm[] = {"rm", "-rf", hall->dir, NULL};

  spawn_ok(rm, hall->conf, NULL);
  g_free(hall->dir);
  g_free(hall->db);
  g_free(hall->conf);
  g_free(hall->bundle);
  g_free(hall->unpacked);
}

/* The one folder the bundle unpacks to, with every file read. */
static GHashTable *
read_bundle(Hall *hall)
{
  g_autoptr(GDir) top = g_dir_open(hall->unpacked, 0, NULL);
  const char *folder = g_dir_read_name(top);
  g_autofree char *path = NULL;
  g_autoptr(GDir) dir = NULL;
  GHashTable *files = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
  const char *name;

  g_assert_nonnull(folder);
  g_assert_true(g_str_has_prefix(folder, "anyi-support-"));
  path = g_build_filename(hall->unpacked, folder, NULL);
  g_assert_null(g_dir_read_name(top));
  dir = g_dir_open(path, 0, NULL);
  while ((name = g_dir_read_name(dir))) {
    g_autofree char *file = g_build_filename(path, name, NULL);
    char *text = NULL;

    g_assert_true(g_file_get_contents(file, &text, NULL, NULL));
    g_hash_table_insert(files, g_strdup(name), text);
  }
  return files;
}

static void
assert_nothing_personal(GHashTable *files)
{
  static const char *const personal[] = {ID_NUMBER, "1030123X", NAME, PHONE, ADDRESS, "19961030"};
  GHashTableIter iter;
  gpointer name, text;

  g_hash_table_iter_init(&iter, files);
  while (g_hash_table_iter_next(&iter, &name, &text))
    for (gsize i = 0; i < G_N_ELEMENTS(personal); i++)
      if (strstr(text, personal[i]))
        g_error("%s in the bundle holds %s:\n%s", (char *)name, personal[i], (char *)text);
}

static const char *
file_text(GHashTable *files, const char *name)
{
  const char *text = g_hash_table_lookup(files, name);

  if (!text)
    g_error("no %s in the bundle", name);
  return text;
}

static void
test_bundle_has_no_personal_data(void)
{
  Hall hall = {0};
  g_autoptr(GHashTable) files = NULL;

  hall_set_up(&hall, "");
  hall_make_bundle(&hall);
  files = read_bundle(&hall);
  assert_nothing_personal(files);
  g_assert_nonnull(strstr(file_text(files, "versions.txt"), "anyi-kiosk "));
  g_assert_nonnull(strstr(file_text(files, "versions.txt"), "libusb "));
  g_assert_nonnull(strstr(file_text(files, "kiosk.conf"), "letter=T"));
  g_assert_nonnull(strstr(file_text(files, "config-check.txt"), "no problems"));
  g_assert_nonnull(strstr(file_text(files, "db-check.txt"), "integrity: ok"));
  g_assert_nonnull(strstr(file_text(files, "db-check.txt"), "cases: 2 started, 1 finished"));
  g_assert_nonnull(strstr(file_text(files, "printers.txt"), "cupsd-unreachable"));
  g_assert_nonnull(file_text(files, "usb-devices.txt"));
  /* the log's lines are there, masked as the kiosk masks them */
  g_assert_nonnull(strstr(file_text(files, "kiosk.log"), "kiosk started"));
  g_assert_nonnull(strstr(file_text(files, "kiosk.log"), "510***********123X"));
  g_assert_nonnull(strstr(file_text(files, "kiosk.log"), "138****5678"));
  g_assert_cmpuint(g_hash_table_size(files), ==, 7);
  hall_tear_down(&hall);
}

static void
test_bundle_masks_secrets(void)
{
  Hall hall = {0};
  g_autoptr(GHashTable) files = NULL;
  const char *conf;

  /* settings the kiosk refuses still go into the bundle, masked: a
   * technician needs to see the mistake */
  hall_set_up(&hall, "[ledger]\n"
                     "connection=host=ledger.hall dbname=anyi user=kiosk password='hun ter2' "
                     "sslmode=verify-full\n"
                     "[database]\n"
                     "token=s3cr3t-t0ken\n"
                     "server=postgres://kiosk:hunter2@ledger.hall/anyi\n"
                     "staff-pin = 482913\n");
  hall_make_bundle(&hall);
  files = read_bundle(&hall);
  assert_nothing_personal(files);
  conf = file_text(files, "kiosk.conf");
  g_assert_null(strstr(conf, "s3cr3t"));
  g_assert_null(strstr(conf, "hunter2"));
  g_assert_null(strstr(conf, "hun ter2"));
  g_assert_nonnull(strstr(conf, "password=******** sslmode=verify-full"));
  g_assert_null(strstr(conf, "482913"));
  g_assert_nonnull(strstr(conf, "token=********"));
  g_assert_nonnull(strstr(conf, "postgres://kiosk:********@ledger.hall/anyi"));
  g_assert_nonnull(strstr(file_text(files, "config-check.txt"), ":12: [database] is not a group"));
  hall_tear_down(&hall);
}

int
main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  if (!g_getenv("ANYICTL") || !g_getenv("ANYI_TEST_CASES_DIR")) {
    g_print("1..0 # SKIP ANYICTL is not set: run through meson test\n");
    return 77;
  }
  g_test_add_func("/support-bundle/no-personal-data", test_bundle_has_no_personal_data);
  g_test_add_func("/support-bundle/masks-secrets", test_bundle_masks_secrets);
  return g_test_run();
}
