/* SPDX-License-Identifier: GPL-3.0-or-later */
/* anyi-private-files.h: the kiosk's data folders and files are its own.
 *
 * Folders holding personal data (the database's, the documents', the
 * log's) are 0700 and their files 0600, whatever the umask and whatever an
 * older version or a technician left: a wrong mode is fixed and said in
 * the log (a warning for a folder). */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Makes @dir (and its parents) when missing; sets it to 0700 when it is
 * wider. FALSE with @error when it cannot be made or fixed. */
gboolean anyi_private_dir_ensure(const char *dir, GError **error);

/* Takes the group and others' bits off @path when it exists (0644 becomes
 * 0600), with a line in the log; a missing file is fine. */
void anyi_private_file_fix(const char *path);

G_END_DECLS
