/* SPDX-License-Identifier: GPL-3.0-or-later */
/* anyi-paths.c: build-tree defaults, or the install's folders. */
#include "anyi-paths.h"

#include <anyi-config.h>
#include <stdlib.h>

typedef struct {
  gboolean installed;
  char *assets_dir;
  char *templates_dir;
  char *locale_dir;
  char *sound_player;
  char *input_dir;
} AnyiPaths;

/* @dir as installed: meson's install folders are relative to the prefix
 * unless a packager gave an absolute one. */
static char *
under_prefix(const char *prefix, const char *dir)
{
  if (g_path_is_absolute(dir))
    return g_strdup(dir);
  return g_build_filename(prefix, dir, NULL);
}

/* The prefix a program in @exe_dir was installed under: its bindir climbed
 * back up, so that the paths follow the tree wherever it was copied. */
static char *
prefix_of(const char *exe_dir)
{
  if (g_path_is_absolute(ANYI_BINDIR_TO_PREFIX)) /* a bindir outside the prefix */
    return g_strdup(ANYI_BINDIR_TO_PREFIX);
  return g_canonicalize_filename(ANYI_BINDIR_TO_PREFIX, exe_dir);
}

static void
find_installed(AnyiPaths *paths, const char *exe)
{
  g_autofree char *exe_dir = g_path_get_dirname(exe);
  g_autofree char *prefix = prefix_of(exe_dir);
  g_autofree char *pkgdata = under_prefix(prefix, ANYI_INSTALL_PKGDATADIR);
  g_autofree char *libexec = under_prefix(prefix, ANYI_INSTALL_PKGLIBEXECDIR);

  paths->installed = TRUE;
  paths->assets_dir = g_build_filename(pkgdata, "assets", NULL);
  paths->templates_dir = g_build_filename(pkgdata, "print-templates", NULL);
  paths->locale_dir = under_prefix(prefix, ANYI_INSTALL_LOCALEDIR);
  paths->sound_player = g_build_filename(libexec, "anyi-sound-player", NULL);
  paths->input_dir = g_build_filename(pkgdata, "rime", NULL);
}

static void
use_build_tree(AnyiPaths *paths)
{
  paths->assets_dir = g_strdup(ANYI_ASSETS_DIR_DEFAULT);
  paths->templates_dir = g_strdup(ANYI_TEMPLATES_DIR_DEFAULT);
  paths->locale_dir = g_strdup(ANYI_LOCALE_DIR);
  paths->sound_player = g_strdup(ANYI_SOUND_PLAYER_DEFAULT);
  paths->input_dir = g_strdup(ANYI_INPUT_DIR_DEFAULT);
}

/* The build root with a trailing slash, symbolic links resolved as they are
 * in /proc/self/exe; as written when it is gone (an installed copy). */
static char *
build_tree_prefix(void)
{
  g_autofree char *root = realpath(ANYI_BUILD_ROOT, NULL);

  if (!root)
    root = g_canonicalize_filename(ANYI_BUILD_ROOT, NULL);
  return g_strconcat(root, G_DIR_SEPARATOR_S, NULL);
}

/* Decided once: a program inside the build tree (the kiosk, anyictl and
 * every test) is a build-tree run; any other copy is an installed one. */
static const AnyiPaths *
anyi_paths_get(void)
{
  static AnyiPaths paths;
  static gsize done;

  if (g_once_init_enter(&done)) {
    g_autofree char *exe = g_file_read_link("/proc/self/exe", NULL);
    g_autofree char *inside = build_tree_prefix();

    if (exe && !g_str_has_prefix(exe, inside))
      find_installed(&paths, exe);
    else
      use_build_tree(&paths);
    g_once_init_leave(&done, 1);
  }
  return &paths;
}

static const char *
from_environment(const char *variable, const char *fallback)
{
  const char *value = g_getenv(variable);
  return value && *value ? value : fallback;
}

const char *
anyi_paths_assets_dir(void)
{
  return from_environment("ANYI_ASSETS_DIR", anyi_paths_get()->assets_dir);
}

const char *
anyi_paths_input_dir(void)
{
  return from_environment("ANYI_INPUT_DIR", anyi_paths_get()->input_dir);
}

const char *
anyi_paths_templates_dir(void)
{
  return from_environment("ANYI_TEMPLATES_DIR", anyi_paths_get()->templates_dir);
}

const char *
anyi_paths_locale_dir(void)
{
  return from_environment("ANYI_LOCALE_DIR", anyi_paths_get()->locale_dir);
}

const char *
anyi_paths_sound_player(void)
{
  return from_environment("ANYI_SOUND_PLAYER", anyi_paths_get()->sound_player);
}

gboolean
anyi_paths_installed(void)
{
  return anyi_paths_get()->installed;
}
