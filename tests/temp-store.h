/* SPDX-License-Identifier: GPL-3.0-or-later */
/* temp-store.h: a kiosk database in a fresh folder of its own, for the tests
 * and benchmarks that need one. The folder goes with all that was put in
 * it. */
#pragma once

#include "store/anyi-store.h"

typedef struct {
  char *dir;         /* the fresh folder */
  char *db_path;     /* the database file in it */
  char *ledger_path; /* where the emulated payment platform may keep its ledger */
  AnyiStore *store;  /* NULL until temp_store_open() */
} TempStore;

/* Makes the folder and the paths in it; creates no file. */
void temp_store_prepare(TempStore *temp);
/* Prepares the folder as $XDG_DATA_HOME, so that db_path is where the kiosk
 * keeps its database (anyi_store_default_path()). Call it before anything
 * reads the variable: GLib reads it once. */
void temp_store_prepare_data_home(TempStore *temp);
/* Prepares, then opens the store at db_path, failing the test when it
 * cannot. The store stays owned by @temp. */
AnyiStore *temp_store_open(TempStore *temp);
/* Closes the store and removes the folder with everything in it. */
void temp_store_clear(TempStore *temp);
/* What a technician's shell does to the database while the kiosk runs:
 * the file, its WAL and shared memory moved to @aside (the same names
 * with @aside in place of db_path) and a fresh database put in their
 * place (empty, unless the test made one at db_path + ".fresh"); or all
 * three deleted (rm kiosk.db*). */
void temp_store_replace_file(TempStore *temp, const char *aside);
void temp_store_delete_file(TempStore *temp);
