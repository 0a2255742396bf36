/* SPDX-License-Identifier: GPL-3.0-or-later */
/* anyi-input-deploy.c: compiles the pinyin schema into the kiosk's input
 * data folder, at build time, so the kiosk never does it while a citizen
 * waits. Usage: anyi-input-deploy DIR */
#include "anyi-pinyin.h"

#include <stdio.h>

int
main(int argc, char **argv)
{
  g_autoptr(GError) error = NULL;

  if (argc != 2) {
    fprintf(stderr, "usage: %s DIR\n", argv[0]);
    return 2;
  }
  if (!anyi_pinyin_deploy(argv[1], &error)) {
    fprintf(stderr, "anyi-input-deploy: %s\n", error->message);
    return 1;
  }
  return 0;
}
