/* SPDX-License-Identifier: GPL-3.0-or-later */
/* anyictl-config.c: `anyictl config check [FILE]`, a hall's kiosk.conf
 * checked with the kiosk's own rules before the kiosk refuses to start on
 * it. One line a problem, FILE:LINE: what is wrong, as compilers say it,
 * so an editor can jump to it. Exit 0 no problem, 1 problems (or the file
 * cannot be read), 2 usage. */
#include "anyictl-commands.h"
#include "settings/anyi-settings.h"

#include <stdio.h>

static int
config_usage(void)
{
  fprintf(stderr, "usage: anyictl config check [FILE]\n"
                  "  checks a hall's kiosk.conf (default: $ANYI_CONFIG, else\n"
                  "  /etc/anyi-kiosk/kiosk.conf) and lists its problems with line numbers\n");
  return 2;
}

static int
config_check(const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) problems = anyi_settings_check_file(path, &error);

  if (!problems) {
    fprintf(stderr, "anyictl config: %s\n", error->message);
    return 1;
  }
  for (guint i = 0; i < problems->len; i++) {
    AnyiSettingsProblem *problem = problems->pdata[i];

    if (problem->line > 0)
      printf("%s:%d: %s\n", path, problem->line, problem->message);
    else
      printf("%s: %s\n", path, problem->message);
  }
  if (problems->len > 0) {
    fprintf(stderr, "anyictl config: %u problem%s in %s\n", problems->len,
            problems->len == 1 ? "" : "s", path);
    return 1;
  }
  printf("%s: no problems\n", path);
  return 0;
}

int
anyictl_config_main(int argc, char **argv)
{
  const char *path;

  if (argc < 2 || argc > 3 || !g_str_equal(argv[1], "check"))
    return config_usage();
  path = argc == 3 ? argv[2] : g_getenv("ANYI_CONFIG");
  if (!path || !*path)
    path = "/etc/anyi-kiosk/kiosk.conf";
  return config_check(path);
}
