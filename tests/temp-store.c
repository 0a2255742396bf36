/* SPDX-License-Identifier: GPL-3.0-or-later */
/* temp-store.c: see temp-store.h. */
#include "temp-store.h"

#include <errno.h>
#include <glib/gstdio.h>

/* Named after the program, so that a folder left by a crashed test says
 * whose it is. */
static char *
make_folder(void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *program = g_path_get_basename(g_get_prgname() ? g_get_prgname() : "anyi-test");
  g_autofree char *template = g_strdup_printf("%s-XXXXXX", program);
  char *dir = g_dir_make_tmp(template, &error);

  g_assert_no_error(error);
  return dir;
}

void
temp_store_prepare(TempStore *temp)
{
  temp->dir = make_folder();
  temp->db_path = g_build_filename(temp->dir, "kiosk.db", NULL);
  temp->ledger_path = g_build_filename(temp->dir, "ledger", NULL);
}

void
temp_store_prepare_data_home(TempStore *temp)
{
  temp_store_prepare(temp);
  g_setenv("XDG_DATA_HOME", temp->dir, TRUE);
  g_free(temp->db_path);
  temp->db_path = anyi_store_default_path();
}

AnyiStore *
temp_store_open(TempStore *temp)
{
  g_autoptr(GError) error = NULL;

  temp_store_prepare(temp);
  temp->store = anyi_store_open(temp->db_path, &error);
  g_assert_no_error(error);
  return temp->store;
}

/* Removes @path and, when it is a folder, all in it; links are removed,
 * never followed. */
static void
remove_tree(const char *path)
{
  GStatBuf st;

  if (g_lstat(path, &st) != 0)
    return;
  if (S_ISDIR(st.st_mode)) {
    g_autoptr(GDir) dir = g_dir_open(path, 0, NULL);
    const char *name;

    while (dir && (name = g_dir_read_name(dir))) {
      g_autofree char *child = g_build_filename(path, name, NULL);
      remove_tree(child);
    }
  }
  if (g_remove(path) != 0)
    g_error("cannot remove %s: %s", path, g_strerror(errno));
}

void
temp_store_clear(TempStore *temp)
{
  g_clear_pointer(&temp->store, anyi_store_close);
  if (temp->dir)
    remove_tree(temp->dir);
  g_clear_pointer(&temp->dir, g_free);
  g_clear_pointer(&temp->db_path, g_free);
  g_clear_pointer(&temp->ledger_path, g_free);
}

static const char *const db_suffixes[] = {"", "-wal", "-shm"};

void
temp_store_replace_file(TempStore *temp, const char *aside)
{
  g_autofree char *fresh = g_strconcat(temp->db_path, ".fresh", NULL);

  if (!g_file_test(fresh, G_FILE_TEST_EXISTS)) {
    AnyiStore *made = anyi_store_open(fresh, NULL);
    g_assert_nonnull(made);
    anyi_store_close(made);
  }
  for (guint i = 0; i < G_N_ELEMENTS(db_suffixes); i++) {
    g_autofree char *file = g_strconcat(temp->db_path, db_suffixes[i], NULL);
    g_autofree char *moved = g_strconcat(aside, db_suffixes[i], NULL);
    g_assert_true(g_rename(file, moved) == 0 || errno == ENOENT);
  }
  g_assert_cmpint(g_rename(fresh, temp->db_path), ==, 0);
}

void
temp_store_delete_file(TempStore *temp)
{
  for (guint i = 0; i < G_N_ELEMENTS(db_suffixes); i++) {
    g_autofree char *file = g_strconcat(temp->db_path, db_suffixes[i], NULL);
    g_assert_true(g_unlink(file) == 0 || errno == ENOENT);
  }
}
