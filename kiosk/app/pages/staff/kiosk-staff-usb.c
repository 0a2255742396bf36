/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kiosk-staff-usb.c */
#include "kiosk-staff-usb.h"

#include <gio/gunixmounts.h>
#include <glib/gstdio.h>
#include <unistd.h>

static gboolean
is_removable_path(const char *path)
{
  return g_str_has_prefix(path, "/media/") || g_str_has_prefix(path, "/run/media/");
}

char *
kiosk_staff_usb_stick_find(void)
{
  const char *override = g_getenv("ANYI_USB_STICK_DIR");
  GList *mounts;
  char *found = NULL;

  if (override)
    return g_file_test(override, G_FILE_TEST_IS_DIR) ? g_strdup(override) : NULL;
  mounts = g_unix_mounts_get(NULL);
  for (GList *m = mounts; m && !found; m = m->next) {
    const char *path = g_unix_mount_get_mount_path(m->data);

    if (is_removable_path(path) && !g_unix_mount_is_readonly(m->data) && g_access(path, W_OK) == 0)
      found = g_strdup(path);
  }
  g_list_free_full(mounts, (GDestroyNotify)g_unix_mount_free);
  return found;
}

char *
kiosk_staff_usb_file_name(const char *dir, const char *prefix, const char *suffix)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local();
  g_autofree char *stamp = g_date_time_format(now, "%Y%m%d-%H%M");
  g_autofree char *name = g_strdup_printf("%s-%s.%s", prefix, stamp, suffix);

  return g_build_filename(dir, name, NULL);
}
