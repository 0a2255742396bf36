/* SPDX-License-Identifier: GPL-3.0-or-later */
/* anyi-retention.c */
#include "anyi-retention.h"

#include "cases/anyi-case.h"

#include <errno.h>
#include <glib/gstdio.h>

/* Only what the kiosk itself wrote there: a case number or "none" first,
 * and a PDF or a JPEG (anyi-case-print.c, the photo and document pages). */
static gboolean
is_kiosk_document(const char *name)
{
  return (g_str_has_suffix(name, ".pdf") || g_str_has_suffix(name, ".jpg")) &&
         (g_ascii_isdigit(name[0]) || g_str_has_prefix(name, "none-"));
}

static guint
delete_old_files(const char *dir, gint64 before)
{
  g_autoptr(GDir) listing = g_dir_open(dir, 0, NULL);
  const char *name;
  guint deleted = 0;

  while (listing && (name = g_dir_read_name(listing))) {
    g_autofree char *path = g_build_filename(dir, name, NULL);
    GStatBuf st;

    if (!is_kiosk_document(name) || g_lstat(path, &st) != 0 || !S_ISREG(st.st_mode) ||
        st.st_mtime >= before)
      continue;
    if (g_unlink(path) == 0)
      deleted++;
    else
      g_warning("retention: cannot delete %s: %s (retried next time)", path, g_strerror(errno));
  }
  return deleted;
}

gboolean
anyi_retention_run(AnyiStore *store, AnyiSettings *settings, gint64 now,
                   AnyiRetentionResult *result, GError **error)
{
  gint64 before = now - (gint64)settings->retention_days * 24 * 3600;

  result->cases_wiped = anyi_store_purge(store, before, anyi_case_final_state_names(), error);
  if (result->cases_wiped < 0)
    return FALSE;
  result->files_deleted = delete_old_files(settings->documents_dir, before);
  result->audit_deleted =
      anyi_store_audit_purge(store, now - (gint64)settings->audit_days * 24 * 3600, error);
  if (result->audit_deleted < 0)
    return FALSE;
  if (result->cases_wiped > 0 || result->files_deleted > 0)
    g_message("retention: personal data of %" G_GINT64_FORMAT " case(s) and %u file(s) older "
              "than %d days wiped",
              result->cases_wiped, result->files_deleted, settings->retention_days);
  return TRUE;
}
