/* SPDX-License-Identifier: GPL-3.0-or-later */
/* anyi-sms-pg-sender.h: sends the hall server's message queue (server
 * migrations 3 and 4) to citizens, the PostgreSQL twin of anyi-sms-sender.h.
 *
 * Any number of senders may run at once (each console, cron's `anyictl
 * ledger sms-send`): each message is claimed with SELECT ... FOR UPDATE
 * SKIP LOCKED in a transaction of its own, handed to the gateway and
 * marked in that same transaction, so no two senders ever hold one
 * message. With the emulated gateway the delivery record is written in
 * that transaction too: sent exactly once. A real gateway's delivery
 * cannot join it; if the commit is lost after the gateway took the
 * message, the next try hands it over again under the same key and the
 * gateway delivers nothing new.
 *
 * It connects as window staff (a member of anyi_window) or as the
 * server's owner; a kiosk role may not read the queue. Once a day it runs
 * the 容缺 reminder sweep on the server (ledger_sms_sweep_reminders). */
#pragma once

#include "anyi-sms-gateway.h"
#include "anyi-sms-queue.h"

#include <libpq-fe.h>

G_BEGIN_DECLS

typedef struct _AnyiSmsPgSender AnyiSmsPgSender;

/* Connects with @conninfo; NULL with the server's words when it cannot.
 * @gateway NULL: the emulated gateway, delivering into the server's
 * sms_emulated table. Messages are signed with @hall_name. */
AnyiSmsPgSender *anyi_sms_pg_sender_new(const char *conninfo, AnyiSmsGateway *gateway,
                                        const char *hall_name, GError **error);
/* Stops the thread (a message being sent is finished first) and frees. */
void anyi_sms_pg_sender_free(AnyiSmsPgSender *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(AnyiSmsPgSender, anyi_sms_pg_sender_free)

/* Queues the reminders of the 容缺 deadlines from @today (the server's
 * date when NULL) to ANYI_SMS_REMINDER_DAYS later; once per case and
 * deadline, ever. @added counts the new ones. */
gboolean anyi_sms_pg_sender_sweep(AnyiSmsPgSender *self, const GDate *today, guint *added,
                                  GError **error);
/* Sends every message whose time has come (at most a batch), one
 * transaction each. @sent counts those the gateway took. FALSE when the
 * server fails; a lost connection is opened again at the next call. */
gboolean anyi_sms_pg_sender_drain(AnyiSmsPgSender *self, guint *sent, GError **error);
/* On a thread of its own (the console's window never waits for the
 * server): a sweep when the server's day changes, and a drain, now and
 * every @interval_s seconds, until the sender is freed. */
gboolean anyi_sms_pg_sender_start(AnyiSmsPgSender *self, guint interval_s, GError **error);

/* The server's queue, newest first, at most @limit, each with the text the
 * emulated gateway delivered (NULL when none) in @texts, same order. */
GPtrArray *anyi_sms_pg_list(PGconn *conn, int limit, GPtrArray **texts, GError **error);

G_END_DECLS
