/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libFuzzer target: a hall's kiosk.conf, arbitrary bytes, through the one
 * settings loader the kiosk and anyictl share. It must load or refuse with
 * a message, never crash. Seed corpus: tests/unit/fuzz-kiosk-conf-seeds. */
#include "settings/anyi-settings.h"

#include <glib/gstdio.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static char *conf_path;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
  int fd = g_file_open_tmp("fuzz-kiosk-XXXXXX.conf", &conf_path, NULL);

  close(fd);
  g_setenv("ANYI_CONFIG", conf_path, TRUE);
  /* the environment overrides would hide the file's values */
  for (const char *const *name = (const char *const[]){"ANYI_DB", "ANYI_DOCUMENTS_DIR",
                                                       "ANYI_LOG_FILE", "ANYI_KIOSK_ID", NULL};
       *name; name++)
    g_unsetenv(*name);
  return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AnyiSettings) settings = NULL;

  FILE *file = fopen(conf_path, "w");

  /* not g_file_set_contents: its fsync would be most of the run */
  if (!file || fwrite(data, 1, size, file) != size || fclose(file) != 0)
    abort();
  settings = anyi_settings_load(&error);
  if (!settings && (!error || !error->message || !*error->message))
    abort(); /* a refusal always says why */
  if (settings && (!settings->db_path || !settings->log_path || settings->retention_days < 1))
    abort();
  return 0;
}
