/* SPDX-License-Identifier: GPL-3.0-or-later */
/* anyi-paths.h: where the kiosk's read-only files are, installed or built. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A program run from its build tree reads the source tree's assets and
 * templates and the build tree's translations and helpers; an installed one
 * reads them beside itself, under its prefix (found from the program's own
 * path, so a tree installed into a DESTDIR and moved runs too). The
 * environment variable in each comment still wins, for a hall's own copy. */

/* ANYI_ASSETS_DIR: services, devices, styles, the embedded kiosk.conf. */
const char *anyi_paths_assets_dir(void);
/* ANYI_TEMPLATES_DIR: the print templates. */
const char *anyi_paths_templates_dir(void);
/* ANYI_LOCALE_DIR: the folder holding en/LC_MESSAGES/anyi-kiosk.mo. */
const char *anyi_paths_locale_dir(void);
/* ANYI_SOUND_PLAYER: the speech worker's player program. */
const char *anyi_paths_sound_player(void);
/* ANYI_INPUT_DIR: the pinyin schema compiled at build or install time. */
const char *anyi_paths_input_dir(void);
/* TRUE when the running program is an installed copy. */
gboolean anyi_paths_installed(void);

G_END_DECLS
