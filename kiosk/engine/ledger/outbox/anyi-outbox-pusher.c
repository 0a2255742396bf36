/* SPDX-License-Identifier: GPL-3.0-or-later */
/* anyi-outbox-pusher.c: the pusher's thread (anyi-outbox-pusher.h). */
#include "anyi-outbox-pusher.h"

#include "ledger/postgres/anyi-pg-calls.h"
#include "ledger/postgres/anyi-pg-ledger.h"
#include "store/anyi-store-outbox.h"

#define BATCH            64
#define FIRST_BACKOFF_MS 500
#define MAX_BACKOFF_MS   60000
/* Another process (anyictl, a second kiosk thread) may write the outbox
 * without waking us: look at least this often. */
#define POLL_MS 2000
/* What went lately, to know it again in a new file (follow_new_file) */
#define SENT_REMEMBERED 1024

struct _AnyiOutboxPusher {
  char *store_path;
  char *conninfo;
  char *kiosk_id;
  AnyiStore *store;
  PGconn *conn;
  GThread *thread;
  GMutex lock;
  GCond cond;
  gboolean stopping, woken;
  gsize sent;
  char *last_error;     /* logged once per kind of failure, not once a try */
  char *outcomes_since; /* where the last pull of the window's outcomes stopped */
  GQueue *sent_keys;    /* entry_key() of the last entries sent, oldest first */
  GHashTable *sent_set; /* the same keys, to look them up */
};

AnyiOutboxPusher *
anyi_outbox_pusher_new(const char *store_path, const char *conninfo, const char *kiosk_id)
{
  AnyiOutboxPusher *self = g_new0(AnyiOutboxPusher, 1);

  self->store_path = g_strdup(store_path);
  self->conninfo = g_strdup(conninfo);
  self->kiosk_id = g_strdup(kiosk_id);
  g_mutex_init(&self->lock);
  g_cond_init(&self->cond);
  self->sent_keys = g_queue_new();
  self->sent_set = g_hash_table_new(g_str_hash, g_str_equal);
  return self;
}

AnyiOutboxPusher *
anyi_outbox_pusher_new_from_settings(const AnyiSettings *settings, GError **error)
{
  if (!settings->ledger_connection || !*settings->ledger_connection)
    return NULL;
  if (!settings->kiosk_id || !*settings->kiosk_id) {
    g_set_error_literal(error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_KEY_NOT_FOUND,
                        "kiosk.conf: [ledger] connection is set but [kiosk] id is not: the "
                        "server keys every case by the kiosk's id");
    return NULL;
  }
  return anyi_outbox_pusher_new(settings->db_path, settings->ledger_connection, settings->kiosk_id);
}

/* An entry as the event it stands for, whatever its sequence number: the
 * copy carried to a new file may have another one (anyi-store-carry.c). */
static char *
entry_key(const AnyiOutboxEntry *entry)
{
  g_autofree char *digest = g_compute_checksum_for_string(
      G_CHECKSUM_SHA256, entry->payload_json ? entry->payload_json : "", -1);

  return g_strdup_printf("%s|%s|%" G_GINT64_FORMAT "|%s", entry->case_number, entry->kind,
                         entry->created_at, digest);
}

static void
remember_sent(AnyiOutboxPusher *self, const AnyiOutboxEntry *entry)
{
  char *key = entry_key(entry);

  if (!g_hash_table_add(self->sent_set, key)) {
    g_free(key);
    return;
  }
  g_queue_push_tail(self->sent_keys, key);
  if (g_queue_get_length(self->sent_keys) > SENT_REMEMBERED) {
    char *oldest = g_queue_pop_head(self->sent_keys);
    g_hash_table_remove(self->sent_set, oldest);
    g_free(oldest);
  }
}

/* Takes out of @fresh's outbox the entries the server had from the old
 * file already: sent there before the kiosk carried them, removed there
 * after. Sent again under a new sequence number, the server would keep
 * each event twice. The number taken out. */
static guint
drop_sent_copies(AnyiOutboxPusher *self, AnyiStore *fresh)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) entries = anyi_store_outbox_peek(fresh, 4 * SENT_REMEMBERED, &error);
  guint dropped = 0;

  for (guint i = 0; entries && i < entries->len; i++) {
    const AnyiOutboxEntry *entry = entries->pdata[i];
    g_autofree char *key = entry_key(entry);

    if (g_hash_table_contains(self->sent_set, key) &&
        anyi_store_outbox_remove(fresh, entry->seq, NULL))
      dropped++;
  }
  return dropped;
}

/* The kiosk's store follows a database file put at the path in place of
 * the one it had (anyi-store-watch.c), and carries what is under way
 * there: the pusher follows too, or what was carried would wait for the
 * next start. */
static gboolean
follow_new_file(AnyiOutboxPusher *self, GError **error)
{
  AnyiStore *fresh = anyi_store_open_existing(self->store_path, error);
  guint dropped;

  if (!fresh)
    return FALSE;
  dropped = drop_sent_copies(self, fresh);
  g_message("ledger: the outbox is read from the new database file %s now (%u entr%s carried "
            "there had gone from the old one already)",
            self->store_path, dropped, dropped == 1 ? "y" : "ies");
  anyi_store_close(self->store);
  self->store = fresh;
  /* as a pusher started on the new file: every outcome is asked for again,
   * for the cases the new file has */
  g_clear_pointer(&self->outcomes_since, g_free);
  return TRUE;
}

/* Whether the old file's outbox is done with: empty, or unreadable (it
 * was replaced because it was damaged, perhaps), which the log says. */
static gboolean
old_outbox_done(AnyiOutboxPusher *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) entries = anyi_store_outbox_peek(self->store, 1, &error);

  if (entries)
    return entries->len == 0;
  g_warning("ledger: the outbox of the replaced database file cannot be read; what it still "
            "holds stays there: %s",
            error->message);
  return TRUE;
}

static gboolean
ensure_open(AnyiOutboxPusher *self, GError **error)
{
  if (!self->store && !(self->store = anyi_store_open_existing(self->store_path, error)))
    return FALSE;
  /* the old file's entries go first: those of cases the kiosk did not
   * carry (ended before the switch) are nowhere else */
  if (anyi_store_replacement_ready(self->store) && old_outbox_done(self) &&
      !follow_new_file(self, error))
    return FALSE;
  if (self->conn && PQstatus(self->conn) != CONNECTION_OK)
    g_clear_pointer(&self->conn, PQfinish);
  if (!self->conn && !(self->conn = anyi_pg_ledger_connect(self->conninfo, error)))
    return FALSE;
  return TRUE;
}

/* One entry: to the server, then out of the outbox. A failure is noted on
 * the entry, for the technician. */
static gboolean
push_one(AnyiOutboxPusher *self, const AnyiOutboxEntry *entry, GError **error)
{
  if (!(g_strcmp0(entry->kind, ANYI_PG_CALL_KIND) == 0
            ? anyi_pg_ledger_push_call(self->conn, self->kiosk_id, entry, error)
            : anyi_pg_ledger_push(self->conn, self->kiosk_id, entry, error))) {
    anyi_store_outbox_failed(self->store, entry->seq, (*error)->message, NULL);
    return FALSE;
  }
  remember_sent(self, entry);
  return anyi_store_outbox_remove(self->store, entry->seq, error);
}

/* Sends one batch; @sent counts what went. FALSE at the first failure. */
static gboolean
push_batch(AnyiOutboxPusher *self, guint *sent, gboolean *empty, GError **error)
{
  g_autoptr(GPtrArray) entries = NULL;

  *sent = 0;
  if (!ensure_open(self, error) || !(entries = anyi_store_outbox_peek(self->store, BATCH, error)))
    return FALSE;
  *empty = entries->len == 0;
  for (guint i = 0; i < entries->len; i++) {
    if (g_atomic_int_get(&self->stopping))
      break;
    if (!push_one(self, entries->pdata[i], error))
      return FALSE;
    ++*sent;
  }
  /* the outbox is empty: the window's outcomes, and its answers to staff
   * calls, come back to the kiosk */
  if (*empty) {
    guint pulled = 0, answered = 0;
    return anyi_pg_ledger_pull_outcomes(self->conn, self->kiosk_id, self->store,
                                        &self->outcomes_since, &pulled, error) &&
           anyi_pg_ledger_pull_calls(self->conn, self->kiosk_id, self->store, &answered, error);
  }
  return TRUE;
}

gboolean
anyi_outbox_pusher_drain(AnyiOutboxPusher *self, guint *sent, GError **error)
{
  guint total = 0, batch;
  gboolean empty = FALSE, ok = TRUE;

  while (ok && !empty) {
    ok = push_batch(self, &batch, &empty, error);
    total += batch;
  }
  if (sent)
    *sent = total;
  return ok;
}

static void
note_failure(AnyiOutboxPusher *self, const GError *error, guint backoff_ms)
{
  if (g_strcmp0(self->last_error, error->message) == 0)
    return;
  /* A message, not a warning: the kiosk serves on, and this is logged
   * once per kind of failure, not once a try. */
  g_message("ledger: the outbox waits (next try in %u ms): %s", backoff_ms, error->message);
  g_free(self->last_error);
  self->last_error = g_strdup(error->message);
}

/* Waits @ms or until woken or stopped; FALSE when stopping. */
static gboolean
pause_for(AnyiOutboxPusher *self, guint ms)
{
  gint64 until = g_get_monotonic_time() + (gint64)ms * G_TIME_SPAN_MILLISECOND;
  gboolean go_on;

  g_mutex_lock(&self->lock);
  while (!self->stopping && !self->woken)
    if (!g_cond_wait_until(&self->cond, &self->lock, until))
      break;
  self->woken = FALSE;
  go_on = !self->stopping;
  g_mutex_unlock(&self->lock);
  return go_on;
}

static gpointer
pusher_thread(gpointer data)
{
  AnyiOutboxPusher *self = data;
  guint backoff = FIRST_BACKOFF_MS;

  for (;;) {
    g_autoptr(GError) error = NULL;
    guint sent;
    gboolean empty = FALSE;

    if (push_batch(self, &sent, &empty, &error)) {
      g_atomic_pointer_add(&self->sent, sent);
      if (self->last_error)
        g_message("ledger: the server takes the outbox again");
      g_clear_pointer(&self->last_error, g_free);
      backoff = FIRST_BACKOFF_MS;
      if (!empty)
        continue;
      if (!pause_for(self, POLL_MS))
        break;
      continue;
    }
    g_atomic_pointer_add(&self->sent, sent);
    note_failure(self, error, backoff);
    if (!pause_for(self, backoff))
      break;
    backoff = MIN(backoff * 2, MAX_BACKOFF_MS);
  }
  return NULL;
}

gboolean
anyi_outbox_pusher_start(AnyiOutboxPusher *self, GError **error)
{
  g_return_val_if_fail(self->thread == NULL, FALSE);
  self->thread = g_thread_try_new("ledger-pusher", pusher_thread, self, error);
  return self->thread != NULL;
}

void
anyi_outbox_pusher_wake(AnyiOutboxPusher *self)
{
  g_mutex_lock(&self->lock);
  self->woken = TRUE;
  g_cond_signal(&self->cond);
  g_mutex_unlock(&self->lock);
}

guint64
anyi_outbox_pusher_get_sent(AnyiOutboxPusher *self)
{
  return (guint64)g_atomic_pointer_get(&self->sent);
}

void
anyi_outbox_pusher_free(AnyiOutboxPusher *self)
{
  if (!self)
    return;
  g_mutex_lock(&self->lock);
  g_atomic_int_set(&self->stopping, TRUE);
  g_cond_signal(&self->cond);
  g_mutex_unlock(&self->lock);
  if (self->thread)
    g_thread_join(self->thread);
  g_clear_pointer(&self->conn, PQfinish);
  g_clear_pointer(&self->store, anyi_store_close);
  g_mutex_clear(&self->lock);
  g_cond_clear(&self->cond);
  g_free(self->store_path);
  g_free(self->conninfo);
  g_free(self->kiosk_id);
  g_free(self->last_error);
  g_free(self->outcomes_since);
  g_hash_table_destroy(self->sent_set);
  g_queue_free_full(self->sent_keys, g_free);
  g_free(self);
}
