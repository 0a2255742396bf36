/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-config-check.c: `anyictl config check` on a hall's kiosk.conf, as a
 * technician runs it before restarting a kiosk: a good file passes, and
 * each mistake in a bad one is named with its line. */
#include <glib/gstdio.h>
#include <sys/wait.h>
#include <unistd.h>
#include <string.h>

typedef struct {
  int status;
  char *out;
  char *err;
} Run;

static void
run_clear(Run *run)
{
  g_free(run->out);
  g_free(run->err);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC(Run, run_clear)

static char *
write_temp(const char *text)
{
  g_autoptr(GError) error = NULL;
  char *path = NULL;
  int fd = g_file_open_tmp("kiosk-XXXXXX.conf", &path, &error);

  g_assert_no_error(error);
  close(fd);
  g_assert_true(g_file_set_contents(path, text, -1, NULL));
  return path;
}

static void
check(const char *path, Run *run)
{
  const char *argv[] = {g_getenv("ANYICTL"), "config", "check", path, NULL};
  g_autoptr(GError) error = NULL;
  int wait_status = 0;

  g_assert_true(g_spawn_sync(NULL, (char **)argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &run->out,
                             &run->err, &wait_status, &error));
  g_assert_no_error(error);
  run->status = WIFEXITED(wait_status) ? WEXITSTATUS(wait_status) : -1;
}

static void
test_embedded_defaults_pass(void)
{
  g_autofree char *path =
      g_build_filename(g_getenv("ANYI_ASSETS_DIR"), "config", "kiosk.conf", NULL);
  g_auto(Run) run = {0};

  check(path, &run);
  g_assert_cmpint(run.status, ==, 0);
  g_assert_nonnull(strstr(run.out, "no problems"));
}

static void
test_good_hall_file_passes(void)
{
  g_autofree char *path = write_temp("# 安居区 hall, kiosk B\n"
                                     "[kiosk]\n"
                                     "id=ANJU-ZZ-02\n"
                                     "letter=B\n"
                                     "\n"
                                     "[session]\n"
                                     "idle-timeout = 120\n"
                                     "[metrics]\n"
                                     "textfile=/tmp/anyi-kiosk.prom\n"
                                     "interval=60\n");
  g_auto(Run) run = {0};

  check(path, &run);
  g_assert_cmpint(run.status, ==, 0);
  g_unlink(path);
}

static void
test_bad_hall_file_lines(void)
{
  static const char bad[] = "[kiosk]\n"                                /* 1 */
                            "letter=b\n"                               /* 2 */
                            "langauge=en\n"                            /* 3 */
                            "[sesion]\n"                               /* 4 */
                            "idle-timeout=5\n"                         /* 5 */
                            "[session]\n"                              /* 6 */
                            "idle-timeout=5\n"                         /* 7 */
                            "idle-grace=ten\n"                         /* 8 */
                            "idle-timeout=90\n"                        /* 9 */
                            "this is not a setting\n"                  /* 10 */
                            "[printing]\n"                             /* 11 */
                            "direct=maybe\n"                           /* 12 */
                            "[devices]\n"                              /* 13 */
                            "idcard-table=/nonexistent/readers.json\n" /* 14 */
                            "[metrics]\n"                              /* 15 */
                            "textfile=/nonexistent/dir/anyi.prom\n";   /* 16 */
  g_autofree char *path = write_temp(bad);
  g_auto(Run) run = {0};
  g_auto(GStrv) lines = NULL;
  const struct {
    int line;
    const char *says;
  } expected[] = {
      {2, "one capital letter"},
      {3, "[kiosk] langauge is not a setting"},
      {4, "[sesion] is not a group"},
      {7, "[session] idle-timeout must be a whole number from 15 to 600"},
      {8, "[session] idle-grace must be a whole number"},
      {9, "set twice (first on line 7)"},
      {10, "not a [group], a key=value or a # comment"},
      {12, "[printing] direct must be true or false"},
      {14, "no file /nonexistent/readers.json"},
      {16, "existing folder"},
  };

  check(path, &run);
  g_assert_cmpint(run.status, ==, 1);
  lines = g_strsplit(g_strchomp(run.out), "\n", -1);
  /* one line a problem, none for line 5 (its unknown group said once) */
  g_assert_cmpuint(g_strv_length(lines), ==, G_N_ELEMENTS(expected));
  for (gsize i = 0; i < G_N_ELEMENTS(expected); i++) {
    g_autofree char *prefix = g_strdup_printf("%s:%d: ", path, expected[i].line);

    if (!g_str_has_prefix(lines[i], prefix) || !strstr(lines[i], expected[i].says))
      g_error("expected %s...%s, got: %s", prefix, expected[i].says, lines[i]);
  }
  g_assert_nonnull(strstr(run.err, "10 problems"));
  g_unlink(path);
}

static void
test_unreadable_file(void)
{
  g_auto(Run) run = {0};

  check("/nonexistent/kiosk.conf", &run);
  g_assert_cmpint(run.status, ==, 1);
  g_assert_nonnull(strstr(run.err, "/nonexistent/kiosk.conf"));
}

static void
test_not_text(void)
{
  g_autofree char *path = write_temp("[kiosk]\nid=\xff\xfe\n");
  g_auto(Run) run = {0};

  check(path, &run);
  g_assert_cmpint(run.status, ==, 1);
  g_assert_nonnull(strstr(run.out, "not UTF-8"));
  g_unlink(path);
}

int
main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  if (!g_getenv("ANYICTL") || !g_getenv("ANYI_ASSETS_DIR")) {
    g_print("1..0 # SKIP ANYICTL is not set: run through meson test\n");
    return 77;
  }
  g_test_add_func("/config-check/embedded-defaults-pass", test_embedded_defaults_pass);
  g_test_add_func("/config-check/good-hall-file-passes", test_good_hall_file_passes);
  g_test_add_func("/config-check/bad-hall-file-lines", test_bad_hall_file_lines);
  g_test_add_func("/config-check/unreadable-file", test_unreadable_file);
  g_test_add_func("/config-check/not-text", test_not_text);
  return g_test_run();
}
