/* SPDX-License-Identifier: GPL-3.0-or-later */
/* anyi-outbox-pusher.c: the pusher's thread (anyi-outbox-pusher.h). */
#include "anyi-outbox-pusher.h"

#include "ledger/postgres/anyi-pg-calls.h"
#include "ledger/postgres/anyi-pg-ledger.h"
#include "ledger/postgres/anyi-pg-letters.h"
#include "store/anyi-store-outbox.h"

#include <errno.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <unistd.h>

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
  char letter; /* '\0': not checked (a pusher made without settings) */
  AnyiStore *store;
  PGconn *conn;
  gboolean listening; /* conn hears of answers to this kiosk's calls */
  gboolean letter_ok; /* conn's server says this kiosk holds its letter */
  char *letter_alert; /* the conflict staff were last alerted of */
  GThread *thread;
  int wake_fd; /* an eventfd: wakes the thread from its poll */
  guint poll_ms;
  gint stopping;
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
  self->sent_keys = g_queue_new();
  self->sent_set = g_hash_table_new(g_str_hash, g_str_equal);
  self->poll_ms = POLL_MS;
  self->wake_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
  if (self->wake_fd < 0)
    g_error("ledger: no eventfd for the pusher: %s", g_strerror(errno));
  return self;
}

void
anyi_outbox_pusher_set_letter(AnyiOutboxPusher *self, char letter)
{
  self->letter = letter;
}

void
anyi_outbox_pusher_set_poll_interval(AnyiOutboxPusher *self, guint ms)
{
  self->poll_ms = ms;
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
  AnyiOutboxPusher *self =
      anyi_outbox_pusher_new(settings->db_path, settings->ledger_connection, settings->kiosk_id);
  anyi_outbox_pusher_set_letter(self, settings->kiosk_letter);
  return self;
}

/* Once per connection: without it the answers still come, at the poll. */
static void
listen_for_answers(AnyiOutboxPusher *self)
{
  g_autoptr(GError) error = NULL;

  self->listening = anyi_pg_ledger_listen_calls(self->conn, self->kiosk_id, &error);
  if (!self->listening)
    g_message("ledger: answers to staff calls come at the next poll (every %u ms): %s",
              self->poll_ms, error->message);
}

/* Staff see it in the kiosk's log (a staff alert), once per conflict, not
 * once a try. */
static void
alert_staff_of_letter(AnyiOutboxPusher *self, const char *holder)
{
  g_autofree char *detail = g_strdup_printf(
      "本机字母 %c 已由大厅另一台自助机 %s 使用：办件暂存本机，未送往大厅服务器，请联系技术人员",
      self->letter, holder);

  if (g_strcmp0(self->letter_alert, holder) == 0)
    return;
  anyi_store_audit_add(self->store, "kiosk", "staff-alert", "ledger", detail, NULL);
  g_free(self->letter_alert);
  self->letter_alert = g_strdup(holder);
}

/* The server's word for another kiosk's id, fit for a log line: valid
 * UTF-8, at most 64 characters. */
static char *
printable_id(const char *id)
{
  g_autofree char *valid = g_utf8_make_valid(id, -1);

  return g_utf8_substring(valid, 0, MIN(g_utf8_strlen(valid, -1), 64));
}

/* The kiosk may send cases only under a letter it holds on the server:
 * another kiosk's letter would give two citizens one case number. */
static gboolean
check_letter(AnyiOutboxPusher *self, GError **error)
{
  g_autofree char *held_by = NULL, *holder = NULL;

  if (self->letter_ok || !self->letter)
    return TRUE;
  if (!anyi_pg_ledger_claim_letter(self->conn, self->kiosk_id, self->letter, &held_by, error))
    return FALSE;
  if (held_by && g_strcmp0(held_by, self->kiosk_id) != 0) {
    holder = printable_id(held_by);
    alert_staff_of_letter(self, holder);
    g_set_error(error, ANYI_PG_LEDGER_ERROR, ANYI_PG_LEDGER_ERROR_LETTER_TAKEN,
                "kiosk.conf [kiosk] letter=%c is held on the hall's server by kiosk %s, not "
                "by this kiosk (%s): no case is sent under it, the outbox keeps them; give "
                "this kiosk a letter of its own and restart it (or, if %s was wrong, delete "
                "its row in kiosk_letters)",
                self->letter, holder, self->kiosk_id, holder);
    return FALSE;
  }
  if (!held_by)
    g_message("ledger: the server keeps no kiosk letters (run anyictl ledger migrate): letter %c "
              "is not checked",
              self->letter);
  g_clear_pointer(&self->letter_alert, g_free);
  self->letter_ok = TRUE;
  return TRUE;
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
  if (self->conn && PQstatus(self->conn) != CONNECTION_OK) {
    g_clear_pointer(&self->conn, PQfinish);
    self->letter_ok = FALSE;
  }
  if (!self->conn) {
    if (!(self->conn = anyi_pg_ledger_connect(self->conninfo, error)))
      return FALSE;
    listen_for_answers(self);
  }
  return check_letter(self, error);
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

/* Notifications libpq holds: each is an answer to one of this kiosk's
 * calls (its own channel). Reading them empties libpq's queue. */
static gboolean
answers_heard(PGconn *conn)
{
  PGnotify *notify;
  gboolean heard = FALSE;

  while ((notify = PQnotifies(conn))) {
    heard = TRUE;
    PQfreemem(notify);
  }
  return heard;
}

/* The server's socket is readable: TRUE when that is an answer, or a lost
 * connection (the next try reconnects); FALSE for anything else (a
 * notice), so the wait goes on. */
static gboolean
server_spoke(PGconn *conn)
{
  if (!PQconsumeInput(conn) || PQstatus(conn) != CONNECTION_OK)
    return TRUE;
  return answers_heard(conn);
}

/* Waits @ms, or until woken, stopped, or the server says a call of this
 * kiosk was answered; FALSE when stopping. One poll(2) for all: at rest
 * the thread wakes once per @ms and at no other time. */
static gboolean
pause_for(AnyiOutboxPusher *self, guint ms)
{
  gint64 until = g_get_monotonic_time() + (gint64)ms * G_TIME_SPAN_MILLISECOND;
  gboolean listening = self->conn && self->listening;
  struct pollfd fds[2] = {{.fd = self->wake_fd, .events = POLLIN},
                          {.fd = listening ? PQsocket(self->conn) : -1, .events = POLLIN}};

  /* heard during the last statements: the answer may have come after its read */
  if (listening && answers_heard(self->conn))
    return !g_atomic_int_get(&self->stopping);
  while (!g_atomic_int_get(&self->stopping)) {
    gint64 left_ms = (until - g_get_monotonic_time()) / G_TIME_SPAN_MILLISECOND;
    guint64 count;

    if (left_ms <= 0 || poll(fds, 2, (int)MIN(left_ms, G_MAXINT)) == 0)
      break;
    if (fds[0].revents & POLLIN) {
      if (read(self->wake_fd, &count, sizeof count) < 0 && errno != EAGAIN)
        g_message("ledger: the pusher's wake-up: %s", g_strerror(errno));
      break;
    }
    if (fds[1].revents && server_spoke(self->conn))
      break;
  }
  return !g_atomic_int_get(&self->stopping);
}

static void
wake_thread(AnyiOutboxPusher *self)
{
  guint64 one = 1;

  /* a full counter (EAGAIN) wakes the thread as well */
  if (write(self->wake_fd, &one, sizeof one) < 0 && errno != EAGAIN)
    g_message("ledger: cannot wake the pusher: %s", g_strerror(errno));
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
      if (!pause_for(self, self->poll_ms))
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
  wake_thread(self);
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
  g_atomic_int_set(&self->stopping, TRUE);
  wake_thread(self);
  if (self->thread)
    g_thread_join(self->thread);
  g_clear_pointer(&self->conn, PQfinish);
  g_clear_pointer(&self->store, anyi_store_close);
  close(self->wake_fd);
  g_free(self->letter_alert);
  g_free(self->store_path);
  g_free(self->conninfo);
  g_free(self->kiosk_id);
  g_free(self->last_error);
  g_free(self->outcomes_since);
  g_hash_table_destroy(self->sent_set);
  g_queue_free_full(self->sent_keys, g_free);
  g_free(self);
}
