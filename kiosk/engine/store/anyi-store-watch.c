/* SPDX-License-Identifier: GPL-3.0-or-later */
/* anyi-store-watch.c: noticing, while in service, that a technician
 * replaced or deleted the database file, and following the file at the
 * path at a case boundary (anyi-store.h). */
#include "anyi-store-outbox.h"
#include "anyi-store-private.h"

/* What the old file still has under way: the number of an unfinished case,
 * or "paper" for a document recorded but not yet printed (its job row is
 * in the old file, and printing it updates that row). NULL when none, and
 * when the old file cannot say (nothing would be finished in it then). */
static char *
work_under_way(AnyiStore *store)
{
  static const char sql[] =
      "SELECT coalesce((SELECT number FROM cases WHERE state NOT IN "
      "(SELECT value FROM json_each(?)) ORDER BY id DESC LIMIT 1), "
      "(SELECT 'paper' FROM print_jobs WHERE state IN ('owed', 'pending') LIMIT 1))";
  g_autoptr(GError) error = NULL;
  g_autofree char *finals = anyi_store_json_list(anyi_store_outbox_final_states());
  sqlite3_stmt *stmt = anyi_store_prepare(store, sql, &error);
  char *what = NULL;

  if (!stmt) {
    g_warning("store: cannot tell what the replaced file has under way: %s", error->message);
    return NULL;
  }
  anyi_store_bind_text(stmt, 1, finals);
  if (sqlite3_step(stmt) == SQLITE_ROW && sqlite3_column_type(stmt, 0) != SQLITE_NULL)
    what = g_strdup((const char *)sqlite3_column_text(stmt, 0));
  sqlite3_reset(stmt);
  return what;
}

gboolean
anyi_store_follow_file(AnyiStore *store, gboolean case_starting, GError **error)
{
  g_autofree char *under_way = NULL;

  g_return_val_if_fail(store, FALSE);
  if (!store->replaced_func || !anyi_store_file_replaced(store))
    return TRUE;
  /* what goes on in the old file now is carried to the new one when the
   * store follows it (anyi-store-carry.c) */
  anyi_store_note_work_under_way(store);
  /* Gone, not replaced: moved aside while a copy is on its way, perhaps.
   * A new case must not go to a file that is no longer the database:
   * following makes an empty one, and the kiosk serves from it. */
  if (!case_starting && !g_file_test(store->path, G_FILE_TEST_EXISTS)) {
    g_message("store: the database file %s was removed; the kiosk follows the file put there",
              store->path);
    return TRUE;
  }
  /* A case goes on in the file it began in: its rows (the case, its
   * payment, its papers) are there and nowhere else. */
  if (!case_starting && (under_way = work_under_way(store))) {
    if (!store->replaced_waits)
      g_message("store: the database file %s was replaced during case %s: the kiosk follows it "
                "when the case ends",
                store->path, under_way);
    store->replaced_waits = TRUE;
    return TRUE;
  }
  store->replaced_waits = FALSE;
  return store->replaced_func(store, store->replaced_data, error);
}

/* Only a name coming or going can replace the file: the kiosk's own
 * writes (changes) pass by. A file created at the path is followed once
 * its writer closes it (changes done), not while a copy is half written. */
static gboolean
may_replace(GFileMonitorEvent event)
{
  switch (event) {
  case G_FILE_MONITOR_EVENT_DELETED:
  case G_FILE_MONITOR_EVENT_CHANGES_DONE_HINT:
  case G_FILE_MONITOR_EVENT_MOVED_IN:
  case G_FILE_MONITOR_EVENT_MOVED_OUT:
  case G_FILE_MONITOR_EVENT_RENAMED:
  case G_FILE_MONITOR_EVENT_MOVED:
    return TRUE;
  default:
    return FALSE;
  }
}

static void
on_file_event(GFileMonitor *monitor, GFile *file, GFile *other, GFileMonitorEvent event,
              gpointer data)
{
  AnyiStore *store = data;
  g_autoptr(GError) error = NULL;

  (void)monitor;
  (void)file;
  (void)other;
  if (may_replace(event) && !anyi_store_follow_file(store, FALSE, &error))
    g_warning("store: cannot follow the replaced database file %s: %s", store->path,
              error->message);
}

gboolean
anyi_store_watch_file(AnyiStore *store, AnyiStoreReplacedFunc func, gpointer user_data,
                      GError **error)
{
  g_autoptr(GFile) file = NULL;

  g_return_val_if_fail(store && func, FALSE);
  anyi_store_unwatch_file(store);
  file = g_file_new_for_path(store->path);
  /* the file's own monitor watches its folder and passes on only the
   * events of its name; WATCH_MOVES reports a rename over it as one */
  store->monitor = g_file_monitor_file(file, G_FILE_MONITOR_WATCH_MOVES, NULL, error);
  if (!store->monitor) {
    g_prefix_error(error, "cannot watch %s: ", store->path);
    return FALSE;
  }
  store->replaced_func = func;
  store->replaced_data = user_data;
  g_signal_connect(store->monitor, "changed", G_CALLBACK(on_file_event), store);
  return TRUE;
}

void
anyi_store_unwatch_file(AnyiStore *store)
{
  if (store->monitor) {
    g_signal_handlers_disconnect_by_data(store->monitor, store);
    g_file_monitor_cancel(store->monitor);
    g_clear_object(&store->monitor);
  }
  store->replaced_func = NULL;
  store->replaced_data = NULL;
}
