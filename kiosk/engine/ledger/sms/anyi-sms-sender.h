/* SPDX-License-Identifier: GPL-3.0-or-later */
/* anyi-sms-sender.h: sends the queued messages to citizens through a
 * gateway, with the outbox's discipline.
 *
 * A message is marked sent only after the gateway took it. A sender killed
 * between the two sends it again under the same idempotency key, and the
 * gateway delivers it once. A gateway that asks to retry gets the message
 * again after a back-off (30 s doubling to an hour); one that refuses, or a
 * case with no mobile number, ends the message with a log line (the mobile
 * masked). Once a day the sender also queues the 容缺 reminders, 3 days
 * before their deadline. */
#pragma once

#include "anyi-sms-gateway.h"
#include "store/anyi-store.h"

G_BEGIN_DECLS

/* Days before a 容缺 deadline that the citizen is reminded. */
#define ANYI_SMS_REMINDER_DAYS 3

typedef struct _AnyiSmsSender AnyiSmsSender;

/* Sends the queue of @store (which must outlive the sender) through
 * @gateway (a reference is taken), signing with @hall_name. */
AnyiSmsSender *anyi_sms_sender_new(AnyiStore *store, AnyiSmsGateway *gateway,
                                   const char *hall_name);
void anyi_sms_sender_free(AnyiSmsSender *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(AnyiSmsSender, anyi_sms_sender_free)

/* Queues the reminders due on @today (local day of the store's clock when
 * NULL). @added counts the new ones. */
gboolean anyi_sms_sender_sweep(AnyiSmsSender *self, const GDate *today, guint *added,
                               GError **error);
/* Tries every message whose time has come, once. @sent counts those the
 * gateway took. FALSE only when the database fails. */
gboolean anyi_sms_sender_drain(AnyiSmsSender *self, guint *sent, GError **error);
/* On the thread default main context: a sweep when the day changes and a
 * drain, now and every @interval_s seconds, until the sender is freed. */
void anyi_sms_sender_start(AnyiSmsSender *self, guint interval_s);

G_END_DECLS
