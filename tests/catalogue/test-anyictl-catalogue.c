/* SPDX-License-Identifier: GPL-3.0-or-later */
/* `anyictl catalogue check` is what a technician runs after editing the
 * services folder: exit 0 with a summary, or exit 1 with one line per
 * problem naming file and field. Runs the real anyictl binary. */
#include <glib.h>
#include <sys/wait.h>
#include <string.h>

typedef struct {
  int status;
  char *out;
  char *err;
} Run;

static Run
run_anyictl(const char *const *args)
{
  const char *anyictl = g_getenv("ANYICTL");
  g_autoptr(GPtrArray) argv = g_ptr_array_new();
  g_autoptr(GError) error = NULL;
  Run run = {0};
  int wait_status = 0;

  g_assert_nonnull(anyictl);
  g_ptr_array_add(argv, (gpointer)anyictl);
  for (const char *const *a = args; *a; a++)
    g_ptr_array_add(argv, (gpointer)*a);
  g_ptr_array_add(argv, NULL);
  g_spawn_sync(NULL, (char **)argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL, &run.out, &run.err,
               &wait_status, &error);
  g_assert_no_error(error);
  run.status = WIFEXITED(wait_status) ? WEXITSTATUS(wait_status) : -1;
  return run;
}

static void
run_clear(Run *run)
{
  g_free(run->out);
  g_free(run->err);
}

static char *
data_dir(const char *name)
{
  return g_test_build_filename(G_TEST_DIST, "data", name, NULL);
}

static void
test_check_good(void)
{
  g_autofree char *dir = data_dir("good");
  const char *args[] = {"catalogue", "check", dir, NULL};
  Run run = run_anyictl(args);
  g_assert_cmpint(run.status, ==, 0);
  g_assert_nonnull(strstr(run.out, "ok: 1 services in 1 categories"));
  g_assert_cmpstr(run.err, ==, "");
  run_clear(&run);
}

static void
test_check_hall(void)
{
  const char *args[] = {"catalogue", "check", g_getenv("ANYI_TEST_SERVICES_DIR"), NULL};
  Run run = run_anyictl(args);
  g_assert_cmpint(run.status, ==, 0);
  g_assert_nonnull(strstr(run.out, ": ok: "));
  run_clear(&run);
}

static void
test_check_bad(void)
{
  g_autofree char *dir = data_dir("unknown-step-type");
  const char *args[] = {"catalogue", "check", dir, NULL};
  Run run = run_anyictl(args);
  g_auto(GStrv) lines = g_strsplit(run.err, "\n", -1);

  g_assert_cmpint(run.status, ==, 1);
  g_assert_cmpstr(run.out, ==, "");
  g_assert_true(g_str_has_prefix(
      lines[0], "sample-renewal.json: $.steps[0].type: unknown value 'scan-card'"));
  g_assert_true(g_str_has_prefix(lines[1], "sample-renewal.json: $.materials[0]: "));
  g_assert_nonnull(strstr(lines[2], "2 problems"));
  run_clear(&run);
}

static void
test_list(void)
{
  g_autofree char *dir = data_dir("good");
  const char *args[] = {"catalogue", "list", dir, NULL};
  Run run = run_anyictl(args);
  g_assert_cmpint(run.status, ==, 0);
  g_assert_nonnull(strstr(run.out, "sample-renewal"));
  g_assert_nonnull(strstr(run.out, "20.00 yuan"));
  run_clear(&run);
}

static void
test_show(void)
{
  g_autofree char *dir = data_dir("good");
  const char *args[] = {"catalogue", "show", "sample-renewal", dir, NULL};
  Run run = run_anyictl(args);
  g_assert_cmpint(run.status, ==, 0);
  g_assert_nonnull(strstr(run.out, "\"amount_yuan\" : \"20.00\""));
  run_clear(&run);
}

static void
test_awaiting(void)
{
  g_autofree char *dir = data_dir("good");
  const char *args[] = {"catalogue", "awaiting", dir, NULL};
  Run run = run_anyictl(args);
  g_assert_cmpint(run.status, ==, 0);
  g_assert_cmpstr(run.out, ==, "sample-renewal.json\t$.fee.amount_fen\t本地收费标准\n");
  run_clear(&run);
}

static void
test_usage(void)
{
  const char *args[] = {"catalogue", "check", NULL};
  Run run = run_anyictl(args);
  g_assert_cmpint(run.status, ==, 2);
  run_clear(&run);
}

int
main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/anyictl/catalogue/check-good", test_check_good);
  g_test_add_func("/anyictl/catalogue/check-hall", test_check_hall);
  g_test_add_func("/anyictl/catalogue/check-bad", test_check_bad);
  g_test_add_func("/anyictl/catalogue/list", test_list);
  g_test_add_func("/anyictl/catalogue/show", test_show);
  g_test_add_func("/anyictl/catalogue/awaiting", test_awaiting);
  g_test_add_func("/anyictl/catalogue/usage", test_usage);
  return g_test_run();
}
