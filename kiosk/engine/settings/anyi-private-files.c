/* SPDX-License-Identifier: GPL-3.0-or-later */
/* anyi-private-files.c */
#include "anyi-private-files.h"

#include <errno.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <sys/stat.h>

gboolean
anyi_private_dir_ensure(const char *dir, GError **error)
{
  GStatBuf st;

  if (g_mkdir_with_parents(dir, 0700) != 0 || g_stat(dir, &st) != 0) {
    int saved = errno;
    g_set_error(error, G_IO_ERROR, g_io_error_from_errno(saved), "cannot create %s: %s", dir,
                g_strerror(saved));
    return FALSE;
  }
  if ((st.st_mode & 0777) == 0700)
    return TRUE;
  if (g_chmod(dir, 0700) != 0) {
    int saved = errno;
    g_set_error(error, G_IO_ERROR, g_io_error_from_errno(saved),
                "%s is mode %04o and cannot be made 0700: %s", dir, st.st_mode & 0777,
                g_strerror(saved));
    return FALSE;
  }
  g_warning("files: %s was mode %04o, others could read it: set to 0700", dir, st.st_mode & 0777);
  return TRUE;
}

void
anyi_private_file_fix(const char *path)
{
  GStatBuf st;

  if (g_lstat(path, &st) != 0 || !S_ISREG(st.st_mode) || (st.st_mode & 0077) == 0)
    return;
  /* A message, not a warning: SQLite or a copy makes files 0644 under the
   * usual umask, and the fix is all that is needed. */
  if (g_chmod(path, st.st_mode & 0700) == 0)
    g_message("files: %s was mode %04o, others could read it: set to %04o", path, st.st_mode & 0777,
              st.st_mode & 0700);
  else
    g_warning("files: %s is mode %04o and cannot be fixed: %s", path, st.st_mode & 0777,
              g_strerror(errno));
}
