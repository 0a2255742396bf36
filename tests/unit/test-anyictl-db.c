/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-anyictl-db.c: anyictl finds the kiosk's database where the kiosk
 * does (kiosk.conf's [store] path), and never makes an empty one in its
 * place except when asked to (db init). */
#include "store/anyi-store.h"
#include "temp-store.h"

#include <gio/gio.h>
#include <glib/gstdio.h>

static const char *anyictl_path;

typedef struct {
  TempStore temp;
  char *conf;    /* the hall's kiosk.conf */
  char *db_path; /* what it names as [store] path */
  char *stderr_text;
} Fixture;

static void
fixture_set_up(Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  temp_store_prepare(&f->temp);
  f->conf = g_build_filename(f->temp.dir, "kiosk.conf", NULL);
  f->db_path = g_build_filename(f->temp.dir, "hall", "kiosk.db", NULL);
  text = g_strdup_printf("[store]\npath=%s\n", f->db_path);
  g_file_set_contents(f->conf, text, -1, &error);
  g_assert_no_error(error);
}

static void
fixture_tear_down(Fixture *f, gconstpointer data)
{
  temp_store_clear(&f->temp);
  g_free(f->conf);
  g_free(f->db_path);
  g_free(f->stderr_text);
}

/* anyictl as a technician runs it on the kiosk: the hall's kiosk.conf, no
 * ANYI_DB, a home of its own (where the default database would be). */
static int
run_anyictl(Fixture *f, const char *input, char **out, ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new();
  g_autoptr(GSubprocessLauncher) launcher =
      g_subprocess_launcher_new(G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *stdout_text = NULL;
  va_list args;
  const char *arg;

  g_ptr_array_add(argv, (char *)anyictl_path);
  va_start(args, out);
  while ((arg = va_arg(args, const char *)))
    g_ptr_array_add(argv, (char *)arg);
  va_end(args);
  g_ptr_array_add(argv, NULL);
  g_subprocess_launcher_unsetenv(launcher, "ANYI_DB");
  g_subprocess_launcher_setenv(launcher, "ANYI_CONFIG", f->conf, TRUE);
  g_subprocess_launcher_setenv(launcher, "XDG_DATA_HOME", f->temp.dir, TRUE);
  process = g_subprocess_launcher_spawnv(launcher, (const char *const *)argv->pdata, &error);
  g_assert_no_error(error);
  g_clear_pointer(&f->stderr_text, g_free);
  g_subprocess_communicate_utf8(process, input, NULL, &stdout_text, &f->stderr_text, &error);
  g_assert_no_error(error);
  if (out)
    *out = g_steal_pointer(&stdout_text);
  return g_subprocess_get_exit_status(process);
}

static gboolean
any_database_made(Fixture *f)
{
  g_autofree char *default_db = g_build_filename(f->temp.dir, "anyi-kiosk", "kiosk.db", NULL);

  return g_file_test(f->db_path, G_FILE_TEST_EXISTS) || g_file_test(default_db, G_FILE_TEST_EXISTS);
}

/* A wrong path must not look like a healthy, empty kiosk. */
static void
test_missing_database_is_an_error(Fixture *f, gconstpointer data)
{
  g_assert_cmpint(run_anyictl(f, NULL, NULL, "db", "check", NULL), ==, 1);
  g_assert_nonnull(strstr(f->stderr_text, "no database at"));
  g_assert_nonnull(strstr(f->stderr_text, f->db_path));
  g_assert_cmpint(run_anyictl(f, NULL, NULL, "staff", "list", NULL), ==, 1);
  g_assert_nonnull(strstr(f->stderr_text, "no database at"));
  g_assert_cmpint(run_anyictl(f, "246810\n", NULL, "staff", "add", "1001", "李工", "staff", NULL),
                  ==, 1);
  g_assert_cmpint(run_anyictl(f, NULL, NULL, "db", "purge", NULL), ==, 1);
  g_assert_false(any_database_made(f));
}

/* db init makes the database where kiosk.conf says, and staff added then
 * are in the kiosk's own database: they can sign in at the kiosk. */
static void
test_commands_use_kiosk_conf_path(Fixture *f, gconstpointer data)
{
  g_autofree char *check = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(AnyiStore) store = NULL;
  g_autoptr(GPtrArray) members = NULL;

  g_assert_cmpint(run_anyictl(f, NULL, NULL, "db", "init", NULL), ==, 0);
  g_assert_true(g_file_test(f->db_path, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpint(run_anyictl(f, "246810\n", NULL, "staff", "add", "1001", "李工", "staff", NULL),
                  ==, 0);
  g_assert_cmpint(run_anyictl(f, NULL, &check, "db", "check", NULL), ==, 0);
  g_assert_nonnull(strstr(check, f->db_path));
  g_assert_nonnull(strstr(check, "integrity: ok"));
  store = anyi_store_open_existing(f->db_path, &error);
  g_assert_no_error(error);
  members = anyi_store_staff_list(store, &error);
  g_assert_no_error(error);
  g_assert_cmpuint(members->len, ==, 1);
}

int
main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_assert_cmpint(argc, ==, 2);
  anyictl_path = argv[1];
  g_test_add("/anyictl-db/missing-is-an-error", Fixture, NULL, fixture_set_up,
             test_missing_database_is_an_error, fixture_tear_down);
  g_test_add("/anyictl-db/kiosk-conf-path", Fixture, NULL, fixture_set_up,
             test_commands_use_kiosk_conf_path, fixture_tear_down);
  return g_test_run();
}
