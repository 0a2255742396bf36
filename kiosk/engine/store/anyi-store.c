/* SPDX-License-Identifier: GPL-3.0-or-later */
/* anyi-store.c: opening, migrating and checking the database, its clock
 * and its transactions. Statements run through anyi-store-query.c; each
 * table's records live in their own file (anyi-store-cases.c, ...). */
#include "anyi-store-private.h"
#include "settings/anyi-private-files.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <malloc.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* clang-format off */
G_DEFINE_QUARK(anyi-store-error-quark, anyi_store_error)
/* clang-format on */

static void
finalize_statement(gpointer stmt)
{
  sqlite3_finalize(stmt);
}

static gint64
wall_clock(void)
{
  return g_get_real_time() / G_USEC_PER_SEC;
}

/* A failure that is an outage (full, locked, corrupt) says so, so that the
 * kiosk can go out of service rather than treat it as a bad schema. */
static gboolean
exec_script(sqlite3 *db, const char *sql, GError **error)
{
  char *message = NULL;

  if (sqlite3_exec(db, sql, NULL, NULL, &message) == SQLITE_OK)
    return TRUE;
  g_set_error(error, ANYI_STORE_ERROR,
              anyi_store_error_of_sqlite(sqlite3_extended_errcode(db), ANYI_STORE_ERROR_SCHEMA),
              "%s (sqlite %d)", message ? message : sqlite3_errstr(sqlite3_errcode(db)),
              sqlite3_extended_errcode(db));
  sqlite3_free(message);
  return FALSE;
}

static int
read_user_version(sqlite3 *db)
{
  sqlite3_stmt *stmt = NULL;
  int version = -1;

  if (sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step(stmt) == SQLITE_ROW)
    version = sqlite3_column_int(stmt, 0);
  sqlite3_finalize(stmt);
  return version;
}

/* Each step runs in its own transaction with the version bump, so a power
 * cut mid-upgrade leaves the previous version intact. */
static gboolean
migrate(sqlite3 *db, int target, GError **error)
{
  int version = read_user_version(db);

  if (version < 0) {
    g_set_error(error, ANYI_STORE_ERROR,
                anyi_store_error_of_sqlite(sqlite3_extended_errcode(db), ANYI_STORE_ERROR_OPEN),
                "not a database: %s", sqlite3_errmsg(db));
    return FALSE;
  }
  if (version > anyi_store_latest_schema_version()) {
    g_set_error(error, ANYI_STORE_ERROR, ANYI_STORE_ERROR_SCHEMA,
                "database schema version %d is newer than this kiosk (%d)", version,
                anyi_store_latest_schema_version());
    return FALSE;
  }
  for (int next = version + 1; next <= target; next++) {
    g_autofree char *script =
        g_strdup_printf("BEGIN IMMEDIATE; %s PRAGMA user_version = %d; COMMIT;",
                        anyi_store_migration_sql(next), next);
    if (!exec_script(db, script, error)) {
      sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
      g_prefix_error(error, "migration to schema version %d failed: ", next);
      return FALSE;
    }
    g_info("store: schema upgraded to version %d", next);
  }
  return TRUE;
}

/* The database, its WAL and its shared-memory file hold personal data:
 * 0600 in a 0700 folder, whatever an older kiosk or a copy left. */
static void
fix_file_modes(const char *path)
{
  static const char *const suffixes[] = {"", "-wal", "-shm", "-journal"};

  for (guint i = 0; i < G_N_ELEMENTS(suffixes); i++) {
    g_autofree char *file = g_strconcat(path, suffixes[i], NULL);
    anyi_private_file_fix(file);
  }
}

/* A new database starts as an empty file of mode 0600 (an empty file is an
 * empty database): SQLite then gives its WAL and shared memory the same
 * mode, whatever the umask. */
static void
create_private(const char *path)
{
  int fd = g_open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);

  if (fd >= 0)
    close(fd);
}

/* ---- SQLite's heap ---- */

/* SQLite copies what it is given and reads (a bound text, a row being
 * assembled, an overflow value, a page of a case) into its own heap and
 * frees it unwiped: a citizen's name would stay in freed memory. Its heap
 * goes through these, which zero every block given back and never resize
 * one in place (a shrunk block's tail, a grown block's old place, would
 * be freed unseen). */
static void *
heap_malloc(int size)
{
  return malloc((size_t)size);
}

static void
heap_free(void *block)
{
  if (!block)
    return;
  anyi_secure_wipe(block, malloc_usable_size(block));
  free(block);
}

static void *
heap_realloc(void *block, int size)
{
  size_t had = malloc_usable_size(block);
  void *moved;

  if ((size_t)size <= had)
    return block; /* SQLite asks xSize how much it has, not us */
  moved = malloc((size_t)size);
  if (!moved)
    return NULL;
  memcpy(moved, block, had);
  heap_free(block);
  return moved;
}

static int
heap_size(void *block)
{
  return block ? (int)malloc_usable_size(block) : 0;
}

static int
heap_roundup(int size)
{
  return (size + 7) & ~7;
}

static int
heap_init(void *data)
{
  (void)data;
  return SQLITE_OK;
}

static void
heap_shutdown(void *data)
{
  (void)data;
}

/* Set once, before SQLite initialises (any first use of it in the process
 * does): a process that used SQLite first keeps SQLite's own heap, said in
 * the log. Lookaside (each connection's ring of small blocks, reused
 * without being freed) is turned off, so that every small copy passes
 * through heap_free too. */
static gpointer
use_wiping_heap(gpointer data)
{
  static const sqlite3_mem_methods methods = {heap_malloc,  heap_free, heap_realloc,  heap_size,
                                              heap_roundup, heap_init, heap_shutdown, NULL};
  (void)data;
  if (sqlite3_config(SQLITE_CONFIG_MALLOC, &methods) != SQLITE_OK ||
      sqlite3_config(SQLITE_CONFIG_LOOKASIDE, 0, 0) != SQLITE_OK)
    g_message("store: SQLite was in use before the store: its heap is freed unwiped");
  return NULL;
}

void
anyi_store_use_wiping_heap(void)
{
  static GOnce once = G_ONCE_INIT;

  g_once(&once, use_wiping_heap, NULL);
}

static sqlite3 *
open_connection(const char *path, gboolean create, GError **error)
{
  sqlite3 *db = NULL;
  g_autofree char *dir = g_path_get_dirname(path);
  int flags = SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0);

  if (!create && !g_file_test(path, G_FILE_TEST_IS_REGULAR)) {
    g_set_error(error, ANYI_STORE_ERROR, ANYI_STORE_ERROR_NOT_FOUND,
                "no database at %s (anyictl db init makes an empty one)", path);
    return NULL;
  }
  if (!anyi_private_dir_ensure(dir, error)) {
    g_prefix_error(error, "cannot open %s: ", path);
    return NULL;
  }
  if (create)
    create_private(path);
  fix_file_modes(path);
  anyi_store_use_wiping_heap();
  if (sqlite3_open_v2(path, &db, flags, NULL) != SQLITE_OK) {
    g_set_error(error, ANYI_STORE_ERROR, ANYI_STORE_ERROR_OPEN, "cannot open %s: %s", path,
                db ? sqlite3_errmsg(db) : "out of memory");
    sqlite3_close(db);
    return NULL;
  }
  sqlite3_busy_timeout(db, 5000);
  /* WAL keeps readers (the staff log viewer) from blocking the case writer;
   * synchronous=FULL makes every commit survive a power cut; secure_delete
   * zeroes what a purge removes instead of leaving it in free pages. */
  if (!exec_script(db,
                   "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; "
                   "PRAGMA secure_delete=ON;",
                   error)) {
    g_prefix_error(error, "cannot open %s: ", path);
    sqlite3_close(db);
    return NULL;
  }
  return db;
}

gboolean
anyi_store_migrate_file_to(const char *path, int version, GError **error)
{
  sqlite3 *db = open_connection(path, TRUE, error);
  gboolean ok;

  if (!db)
    return FALSE;
  ok = migrate(db, version, error);
  sqlite3_close(db);
  return ok;
}

static gint64
crash_at(void)
{
  static gint64 at = -1;

  if (at < 0) {
    const char *env = g_getenv("ANYI_CRASH_AT");
    at = env ? g_ascii_strtoll(env, NULL, 10) : 0;
  }
  return at;
}

/* ANYI_CRASH_TRACE=FILE: each fault point passed appends "N what" to FILE,
 * so a trial of a long walk (the GTK kiosk's) learns its points from one
 * uncrashed run instead of bisecting with many. */
static void
trace_fault_point(gint64 passed, const char *what)
{
  const char *path = g_getenv("ANYI_CRASH_TRACE");
  FILE *trace;

  if (!path || !(trace = fopen(path, "a")))
    return;
  fprintf(trace, "%" G_GINT64_FORMAT " %s\n", passed, what);
  fclose(trace);
}

void
anyi_store_fault_point(const char *what)
{
  static gint64 passed;

  ++passed;
  trace_fault_point(passed, what);
  if (crash_at() <= 0 || passed != crash_at())
    return;
  g_printerr("anyi: crash test: ending the process at fault point %" G_GINT64_FORMAT " (%s)\n",
             passed, what);
  _exit(ANYI_CRASH_EXIT_STATUS);
}

/* Called by SQLite after each commit is in the WAL, i.e. durable. Setting
 * it replaces the automatic checkpoint, so it checkpoints the same way. */
static int
after_commit(void *user_data, sqlite3 *db, const char *name, int pages)
{
  (void)user_data;
  anyi_store_fault_point("store commit");
  if (pages >= 1000)
    sqlite3_wal_checkpoint(db, name);
  return SQLITE_OK;
}

/* anyi_now() in SQL: the store's clock. Statements stamp their rows with it
 * themselves, and a test that moves the clock moves it for every table. */
static void
sql_now(sqlite3_context *context, int argc, sqlite3_value **argv)
{
  (void)argc;
  (void)argv;
  sqlite3_result_int64(context, anyi_store_now(sqlite3_user_data(context)));
}

/* The identity of the file at @path now; FALSE when there is none. */
static gboolean
file_identity(const char *path, dev_t *device, ino_t *inode)
{
  GStatBuf st;

  if (g_stat(path, &st) != 0)
    return FALSE;
  *device = st.st_dev;
  *inode = st.st_ino;
  return TRUE;
}

static gboolean
journal_identity(const char *path, const char *suffix, dev_t *device, ino_t *inode)
{
  g_autofree char *file = g_strconcat(path, suffix, NULL);

  *device = 0;
  *inode = 0;
  return file_identity(file, device, inode);
}

/* The files the connection has open: the database, and its WAL and shared
 * memory (the connection made them as it opened: it is in WAL mode and
 * has read the file). */
static void
remember_files(AnyiStore *store)
{
  file_identity(store->path, &store->file_device, &store->file_inode);
  journal_identity(store->path, "-wal", &store->wal_device, &store->wal_inode);
  journal_identity(store->path, "-shm", &store->shm_device, &store->shm_inode);
}

/* Only the database was moved or deleted: its WAL and shared memory are
 * still at the path, still the old connection's. A new database there
 * would take them for its own: the two connections would share one index
 * of the WAL (each reading the other's pages as its own) and one closing
 * would drop the other's locks. The old WAL is empty (checkpointed into
 * its own file just before): the names are freed for the new file's, the
 * old connection keeps its open files. */
static void
free_journal_names(AnyiStore *store)
{
  static const char *const suffixes[] = {"-wal", "-shm"};
  const dev_t devices[] = {store->wal_device, store->shm_device};
  const ino_t inodes[] = {store->wal_inode, store->shm_inode};

  for (guint i = 0; i < G_N_ELEMENTS(suffixes); i++) {
    g_autofree char *file = g_strconcat(store->path, suffixes[i], NULL);
    dev_t device;
    ino_t inode;

    if (!inodes[i] || !file_identity(file, &device, &inode) || device != devices[i] ||
        inode != inodes[i])
      continue;
    if (g_unlink(file) == 0)
      g_message("store: %s was the replaced database's, left behind when only the database "
                "was moved: removed, so that the new file does not share it",
                file);
    else
      g_warning("store: cannot remove %s, left by the replaced database: %s", file,
                g_strerror(errno));
  }
}

/* A connection ready for the store: schema at the latest version, the
 * store's clock as anyi_now(), the crash tests' hook. */
static sqlite3 *
open_ready(AnyiStore *store, const char *path, gboolean create, GError **error)
{
  sqlite3 *db = open_connection(path, create, error);

  if (!db)
    return NULL;
  if (!migrate(db, anyi_store_latest_schema_version(), error)) {
    sqlite3_close(db);
    return NULL;
  }
  /* DIRECTONLY: the schema never depends on it, so the file stays readable
   * by any SQLite. */
  if (sqlite3_create_function_v2(db, "anyi_now", 0, SQLITE_UTF8 | SQLITE_DIRECTONLY, store, sql_now,
                                 NULL, NULL, NULL) != SQLITE_OK) {
    g_set_error(error, ANYI_STORE_ERROR, ANYI_STORE_ERROR_OPEN, "cannot open %s: %s", path,
                sqlite3_errmsg(db));
    sqlite3_close(db);
    return NULL;
  }
  if (crash_at() > 0)
    sqlite3_wal_hook(db, after_commit, NULL);
  return db;
}

static AnyiStore *
open_store(const char *path, gboolean create, GError **error)
{
  AnyiStore *store = g_new0(AnyiStore, 1);

  store->now = wall_clock;
  store->db = open_ready(store, path, create, error);
  if (!store->db) {
    g_free(store);
    return NULL;
  }
  store->path = g_strdup(path);
  store->statements = g_hash_table_new_full(g_str_hash, g_str_equal, NULL, finalize_statement);
  store->carry_cases = g_array_new(FALSE, FALSE, sizeof(gint64));
  store->moved_cases = g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free, g_free);
  store->moved_jobs = g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free, g_free);
  remember_files(store);
  return store;
}

gboolean
anyi_store_file_replaced(AnyiStore *store)
{
  dev_t device;
  ino_t inode;

  g_return_val_if_fail(store, FALSE);
  if (!file_identity(store->path, &device, &inode))
    return TRUE;
  return device != store->file_device || inode != store->file_inode;
}

typedef enum {
  JOURNAL_OURS,     /* one the connection has open */
  JOURNAL_ANOTHERS, /* one it did not open: another file's */
} JournalOwner;

/* Whether a WAL or shared memory of @owner is at the path. Ours still
 * there: the store that used the old file has not followed the new one
 * yet (it frees the names as it does, see free_journal_names). */
static gboolean
journal_at_path(AnyiStore *store, JournalOwner owner)
{
  static const char *const suffixes[] = {"-wal", "-shm"};
  const dev_t devices[] = {store->wal_device, store->shm_device};
  const ino_t inodes[] = {store->wal_inode, store->shm_inode};

  for (guint i = 0; i < G_N_ELEMENTS(suffixes); i++) {
    dev_t device;
    ino_t inode;
    gboolean ours;

    if (!journal_identity(store->path, suffixes[i], &device, &inode))
      continue;
    ours = inodes[i] && device == devices[i] && inode == inodes[i];
    if (ours == (owner == JOURNAL_OURS))
      return TRUE;
  }
  return FALSE;
}

gboolean
anyi_store_replacement_ready(AnyiStore *store)
{
  dev_t device;
  ino_t inode;

  g_return_val_if_fail(store, FALSE);
  if (!file_identity(store->path, &device, &inode))
    return FALSE;
  if (device == store->file_device && inode == store->file_inode)
    return FALSE;
  return !journal_at_path(store, JOURNAL_OURS);
}

/* The last connection to a file may delete its WAL and shared memory on
 * closing, by name: names that are now the new file's. SQLite 3.40 was
 * seen not to for a moved file; a persistent WAL makes sure it never does,
 * whatever the version. */
static void
close_replaced(sqlite3 *db)
{
  int persist = 1;

  sqlite3_file_control(db, "main", SQLITE_FCNTL_PERSIST_WAL, &persist);
  sqlite3_close(db);
}

/* Carries what the old file has under way to the new one (open on @db).
 * When that fails and the new file can be written, the old file is the
 * one failing (it was replaced because it was damaged, perhaps): the
 * store follows the new file all the same, and says what it left. When the
 * new file cannot be written, the store stays on the old one for now. */
static gboolean
carry_work(AnyiStore *store, sqlite3 *db, GError **error)
{
  g_autoptr(GError) local = NULL;

  if (anyi_store_carry_work(store, &local))
    return TRUE;
  if (sqlite3_exec(db, "BEGIN IMMEDIATE; ROLLBACK;", NULL, NULL, NULL) != SQLITE_OK) {
    g_propagate_error(error, g_steal_pointer(&local));
    return FALSE;
  }
  g_warning("store: what the replaced database file had under way (cases, papers still printing) "
            "was not carried to the new file and stays in the old one (%u case(s) seen under way "
            "there before): %s",
            store->carry_cases->len, local->message);
  g_array_set_size(store->carry_cases, 0);
  return TRUE;
}

gboolean
anyi_store_reopen(AnyiStore *store, GError **error)
{
  sqlite3 *db;
  dev_t old_device = store->file_device;
  ino_t old_inode = store->file_inode;

  g_return_val_if_fail(store, FALSE);
  /* What the old connection has in its WAL goes into its own file first: a
   * WAL left at the path (only the database itself was moved or deleted)
   * would otherwise be read as the new file's. */
  sqlite3_wal_checkpoint_v2(store->db, NULL, SQLITE_CHECKPOINT_TRUNCATE, NULL, NULL);
  if (anyi_store_file_replaced(store))
    free_journal_names(store);
  db = open_ready(store, store->path, TRUE, error);
  if (!db) {
    g_prefix_error(error, "cannot reopen the database: ");
    return FALSE;
  }
  /* the statements belong to the old connection; a statement kept would
   * keep the attached new file from being let go */
  g_hash_table_remove_all(store->statements);
  if (!carry_work(store, db, error)) {
    sqlite3_close(db);
    return FALSE;
  }
  close_replaced(store->db);
  store->db = db;
  store->replaced_waits = FALSE;
  remember_files(store);
  g_message("store: reopened %s (file %ju:%ju, was %ju:%ju)", store->path,
            (uintmax_t)store->file_device, (uintmax_t)store->file_inode, (uintmax_t)old_device,
            (uintmax_t)old_inode);
  return TRUE;
}

AnyiStore *
anyi_store_open(const char *path, GError **error)
{
  return open_store(path, TRUE, error);
}

AnyiStore *
anyi_store_open_existing(const char *path, GError **error)
{
  return open_store(path, FALSE, error);
}

void
anyi_store_close(AnyiStore *store)
{
  if (!store)
    return;
  anyi_store_unwatch_file(store);
  g_hash_table_destroy(store->statements);
  g_array_unref(store->carry_cases);
  g_hash_table_destroy(store->moved_cases);
  g_hash_table_destroy(store->moved_jobs);
  /* a second connection (the ledger's pusher) to a replaced file closes
   * last: the journal names at the path may be the new file's by now */
  if (journal_at_path(store, JOURNAL_ANOTHERS))
    close_replaced(store->db);
  else
    sqlite3_close(store->db);
  g_free(store->path);
  g_free(store);
}

void
anyi_store_set_clock(AnyiStore *store, gint64 (*now)(void))
{
  store->now = now ? now : wall_clock;
}

gint64
anyi_store_now(AnyiStore *store)
{
  return store->now();
}

int
anyi_store_schema_version(AnyiStore *store)
{
  return read_user_version(store->db);
}

char *
anyi_store_default_path(void)
{
  const char *env = g_getenv("ANYI_DB");

  if (env && *env)
    return g_strdup(env);
  return g_build_filename(g_get_user_data_dir(), "anyi-kiosk", "kiosk.db", NULL);
}

static gboolean
collect_rows(AnyiStore *store, const char *sql, const char *healthy, GPtrArray *problems,
             GError **error)
{
  sqlite3_stmt *stmt = anyi_store_prepare(store, sql, error);
  int rc;

  if (!stmt)
    return FALSE;
  while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
    GString *row = g_string_new(NULL);
    for (int i = 0; i < sqlite3_column_count(stmt); i++) {
      const char *value = (const char *)sqlite3_column_text(stmt, i);
      g_string_append_printf(row, "%s%s", i ? " " : "", value ? value : "NULL");
    }
    if (healthy && g_str_equal(row->str, healthy))
      g_string_free(row, TRUE);
    else
      g_ptr_array_add(problems, g_string_free(row, FALSE));
  }
  return rc == SQLITE_DONE || anyi_store_fail(store, error, sql);
}

gboolean
anyi_store_check(AnyiStore *store, GPtrArray **problems, GError **error)
{
  g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func(g_free);

  if (!collect_rows(store, "PRAGMA integrity_check", "ok", found, error) ||
      !collect_rows(store, "PRAGMA foreign_key_check", NULL, found, error))
    return FALSE;
  if (anyi_store_schema_version(store) != anyi_store_latest_schema_version())
    g_ptr_array_add(found, g_strdup_printf("schema version %d, expected %d",
                                           anyi_store_schema_version(store),
                                           anyi_store_latest_schema_version()));
  *problems = g_steal_pointer(&found);
  return TRUE;
}

/* A transaction that cannot begin or commit meets the outages first (a
 * lock held elsewhere, a full disk): they go through anyi_store_fail. */
static gboolean
exec_transaction(AnyiStore *store, const char *sql, GError **error)
{
  if (sqlite3_exec(store->db, sql, NULL, NULL, NULL) == SQLITE_OK)
    return TRUE;
  return anyi_store_fail(store, error, sql);
}

gboolean
anyi_store_begin(AnyiStore *store, GError **error)
{
  return exec_transaction(store, "BEGIN IMMEDIATE", error);
}

gboolean
anyi_store_commit(AnyiStore *store, GError **error)
{
  return exec_transaction(store, "COMMIT", error);
}

void
anyi_store_set_outage_func(AnyiStore *store, AnyiStoreOutageFunc func, gpointer user_data)
{
  store->outage_func = func;
  store->outage_data = user_data;
}

static gboolean
probe_fail(sqlite3 *db, const char *what, GError **error)
{
  int code = db ? sqlite3_extended_errcode(db) : SQLITE_NOMEM;

  g_set_error(error, ANYI_STORE_ERROR, anyi_store_error_of_sqlite(code, ANYI_STORE_ERROR_IO),
              "%s: %s (sqlite %d)", what, db ? sqlite3_errmsg(db) : "out of memory", code);
  return FALSE;
}

static gboolean
probe_quick_check(sqlite3 *db, GError **error)
{
  sqlite3_stmt *stmt = NULL;
  const char *verdict;
  gboolean ok;

  if (sqlite3_prepare_v2(db, "PRAGMA quick_check(1)", -1, &stmt, NULL) != SQLITE_OK ||
      sqlite3_step(stmt) != SQLITE_ROW) {
    sqlite3_finalize(stmt);
    return probe_fail(db, "quick check", error);
  }
  verdict = (const char *)sqlite3_column_text(stmt, 0);
  ok = g_strcmp0(verdict, "ok") == 0;
  if (!ok)
    g_set_error(error, ANYI_STORE_ERROR, ANYI_STORE_ERROR_CORRUPT, "quick check: %s",
                verdict ? verdict : "no answer");
  sqlite3_finalize(stmt);
  return ok;
}

static gboolean
probe_write(sqlite3 *db, GError **error)
{
  int version = read_user_version(db);
  g_autofree char *sql = NULL;

  if (version < 0)
    return probe_fail(db, "schema version", error);
  sql = g_strdup_printf("BEGIN IMMEDIATE; PRAGMA user_version = %d; COMMIT;", version);
  if (sqlite3_exec(db, sql, NULL, NULL, NULL) == SQLITE_OK)
    return TRUE;
  probe_fail(db, "write", error);
  sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
  return FALSE;
}

gboolean
anyi_store_probe_file(const char *path, GError **error)
{
  sqlite3 *db = NULL;
  g_autofree char *dir = g_path_get_dirname(path);
  gboolean ok;

  /* as anyi_store_open would: a folder removed is made again */
  g_mkdir_with_parents(dir, 0700);
  anyi_store_use_wiping_heap();
  if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK)
    ok = probe_fail(db, "open", error);
  else {
    /* short: a probe that waits is only asked again later */
    sqlite3_busy_timeout(db, 1000);
    ok = probe_quick_check(db, error) && probe_write(db, error);
  }
  sqlite3_close(db);
  return ok;
}

void
anyi_store_rollback(AnyiStore *store)
{
  sqlite3_exec(store->db, "ROLLBACK", NULL, NULL, NULL);
}
