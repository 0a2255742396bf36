/* SPDX-License-Identifier: GPL-3.0-or-later */
/* anyi-outbox-pusher.h: sends the kiosk's ledger outbox to the hall's
 * PostgreSQL server, on a thread of its own.
 *
 * It opens its own connection to the kiosk's database, so the kiosk's
 * main thread never waits for it, and keeps serving while the server is
 * down: entries wait in the outbox, tried again with exponential back-off
 * (0.5 s doubling to a minute). Each entry leaves the outbox only after the
 * server committed it; the server's upserts are idempotent, so a pusher
 * killed between the two sends it again and nothing is doubled. While idle
 * it waits in one poll(2) on a wake-up and on the server's socket, which
 * LISTENs for answers to the kiosk's staff calls.
 * A database file replaced or deleted under the kiosk is followed: once
 * the old file's outbox is empty, the pusher reads the new file's. */
#pragma once

#include "settings/anyi-settings.h"

#include <glib.h>

G_BEGIN_DECLS

typedef struct _AnyiOutboxPusher AnyiOutboxPusher;

/* What kiosk.conf says: [ledger] connection= (empty or missing: the
 * kiosk's own database is the only ledger), [kiosk] id= and the database's
 * path. NULL, without an error, when no server is configured. */
AnyiOutboxPusher *anyi_outbox_pusher_new_from_settings(const AnyiSettings *settings,
                                                       GError **error);
AnyiOutboxPusher *anyi_outbox_pusher_new(const char *store_path, const char *conninfo,
                                         const char *kiosk_id);
/* The kiosk's case letter (kiosk.conf [kiosk] letter; set from the
 * settings): the pusher sends nothing while the hall's server says another
 * kiosk id holds it, and alerts staff once (anyi-pg-letters.h). */
void anyi_outbox_pusher_set_letter(AnyiOutboxPusher *self, char letter);
/* How long the idle thread waits before it looks at the outbox and the
 * server again (default 2 s). An answer to a staff call does not wait for
 * it: the server notifies the thread (LISTEN). */
void anyi_outbox_pusher_set_poll_interval(AnyiOutboxPusher *self, guint ms);
/* Starts the thread. */
gboolean anyi_outbox_pusher_start(AnyiOutboxPusher *self, GError **error);
/* Something was written to the outbox: look now rather than at the next poll. */
void anyi_outbox_pusher_wake(AnyiOutboxPusher *self);
/* Without a thread: sends until the outbox is empty; FALSE at the first
 * entry that fails (it stays). @sent counts the entries sent. */
gboolean anyi_outbox_pusher_drain(AnyiOutboxPusher *self, guint *sent, GError **error);
/* Entries sent by the thread so far. */
guint64 anyi_outbox_pusher_get_sent(AnyiOutboxPusher *self);
/* Stops the thread (an entry being sent is finished or rolled back) and frees. */
void anyi_outbox_pusher_free(AnyiOutboxPusher *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(AnyiOutboxPusher, anyi_outbox_pusher_free)

G_END_DECLS
