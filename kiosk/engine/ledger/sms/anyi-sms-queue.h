/* SPDX-License-Identifier: GPL-3.0-or-later */
/* anyi-sms-queue.h: the messages to citizens waiting in the kiosk's
 * database (store migration 11), and what the emulated gateway received.
 *
 * The outcome's message is queued by a trigger in the transaction that
 * records the outcome; the 容缺 reminders by a daily sweep. Each row has an
 * idempotency key (case number, kind, sequence) that is UNIQUE in the
 * queue: queuing the same message again adds nothing. */
#pragma once

#include "store/anyi-store.h"

G_BEGIN_DECLS

typedef struct {
  gint64 id;
  char *idempotency_key; /* "1130-A001:outcome:7", "1130-A001:reminder:2025-12-10" */
  char *case_number;
  char *kind;       /* "outcome" or "reminder" */
  char *mobile;     /* NULL: the kiosk collected none */
  char *facts_json; /* outcome, note, reason; or deadline and materials */
  char *state;      /* "queued", "sent", "refused", "no-mobile" */
  int attempts;
  gint64 created_at;
  gint64 done_at;
  char *last_error;
} AnyiSmsMessage;

void anyi_sms_message_free(AnyiSmsMessage *message);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(AnyiSmsMessage, anyi_sms_message_free)

/* The queued messages whose time has come (store clock), oldest first. */
GPtrArray *anyi_sms_queue_due(AnyiStore *store, int limit, GError **error);
/* Every message, newest first, at most @limit: for anyictl and the tests. */
GPtrArray *anyi_sms_queue_list(AnyiStore *store, int limit, GError **error);
/* Message @id is finished: "sent", "refused" or "no-mobile". */
gboolean anyi_sms_queue_finish(AnyiStore *store, gint64 id, const char *state, const char *why,
                               GError **error);
/* Message @id failed for now: tried again @delay_s seconds from now. */
gboolean anyi_sms_queue_retry(AnyiStore *store, gint64 id, gint64 delay_s, const char *why,
                              GError **error);
/* Queues a reminder for every 容缺 commitment still owing material whose
 * deadline is between @today and @days_ahead days later; one per
 * commitment ever, so a second sweep (the same day or the next) adds
 * nothing. @added counts the new ones. */
gboolean anyi_sms_queue_sweep_reminders(AnyiStore *store, const GDate *today, guint days_ahead,
                                        guint *added, GError **error);
/* Queued messages and the age of the oldest in seconds (0 when none). */
gboolean anyi_sms_queue_status(AnyiStore *store, gint64 *waiting, gint64 *oldest_age,
                               GError **error);

/* ---- the emulated gateway's record (anyi-sms-gateway-emulated.h) ---- */

typedef struct {
  char *idempotency_key;
  char *mobile;
  char *text;
  gint64 at;
  int submissions; /* times the sender handed it over; delivered once */
} AnyiSmsDelivery;

void anyi_sms_delivery_free(AnyiSmsDelivery *delivery);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(AnyiSmsDelivery, anyi_sms_delivery_free)

/* Records a submission; @delivered is TRUE when the key is new (the
 * citizen's phone would ring), FALSE for a key seen before. */
gboolean anyi_sms_emulated_record(AnyiStore *store, const char *key, const char *mobile,
                                  const char *text, gboolean *delivered, GError **error);
/* What the emulated gateway delivered, oldest first. */
GPtrArray *anyi_sms_emulated_list(AnyiStore *store, GError **error);

G_END_DECLS
