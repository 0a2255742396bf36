/* SPDX-License-Identifier: GPL-3.0-or-later */
/* anyi-sms-sender.c: drains the message queue (anyi-sms-sender.h). */
#include "anyi-sms-sender.h"
#include "anyi-sms-queue.h"
#include "anyi-sms-text.h"

#define BACK_OFF_FIRST_S 30
#define BACK_OFF_MAX_S   3600
/* Messages tried in one drain: a long queue is taken in turns. */
#define DRAIN_BATCH 50

struct _AnyiSmsSender {
  AnyiStore *store;
  AnyiSmsGateway *gateway;
  char *hall_name;
  GDate swept; /* the last day swept; invalid before the first */
  guint source_id;
};

AnyiSmsSender *
anyi_sms_sender_new(AnyiStore *store, AnyiSmsGateway *gateway, const char *hall_name)
{
  AnyiSmsSender *self = g_new0(AnyiSmsSender, 1);

  self->store = store;
  self->gateway = g_object_ref(gateway);
  self->hall_name = g_strdup(hall_name);
  g_date_clear(&self->swept, 1);
  return self;
}

void
anyi_sms_sender_free(AnyiSmsSender *self)
{
  if (!self)
    return;
  if (self->source_id)
    g_source_remove(self->source_id);
  g_object_unref(self->gateway);
  g_free(self->hall_name);
  g_free(self);
}

static void
store_today(AnyiStore *store, GDate *today)
{
  g_autoptr(GDateTime) now = g_date_time_new_from_unix_local(anyi_store_now(store));

  g_date_clear(today, 1);
  g_date_set_dmy(today, (GDateDay)g_date_time_get_day_of_month(now),
                 (GDateMonth)g_date_time_get_month(now), (GDateYear)g_date_time_get_year(now));
}

gboolean
anyi_sms_sender_sweep(AnyiSmsSender *self, const GDate *today, guint *added, GError **error)
{
  GDate day;
  guint count = 0;

  if (today)
    day = *today;
  else
    store_today(self->store, &day);
  if (!anyi_sms_queue_sweep_reminders(self->store, &day, ANYI_SMS_REMINDER_DAYS, &count, error))
    return FALSE;
  if (count)
    g_message("sms: %u 容缺 reminder(s) queued", count);
  self->swept = day;
  if (added)
    *added = count;
  return TRUE;
}

static gint64
back_off(int attempts)
{
  return MIN((gint64)BACK_OFF_FIRST_S << MIN(attempts, 8), BACK_OFF_MAX_S);
}

/* One message: to the gateway, then marked by what the gateway said. A
 * crash between the two leaves it queued, and its key makes the second
 * try deliver nothing new. */
static gboolean
send_one(AnyiSmsSender *self, const AnyiSmsMessage *message, gboolean *sent, GError **error)
{
  g_autofree char *masked = anyi_sms_mask_mobile(message->mobile);
  g_autofree char *text = NULL;
  g_autofree char *why = NULL;

  *sent = FALSE;
  if (!message->mobile) {
    g_message("sms: case %s left no mobile number at the kiosk; no %s message",
              message->case_number, message->kind);
    return anyi_sms_queue_finish(self->store, message->id, "no-mobile", NULL, error);
  }
  text = anyi_sms_text_for(message, self->hall_name);
  if (!text) {
    g_warning("sms: %s: cannot word a %s message from %s", message->idempotency_key, message->kind,
              message->facts_json);
    return anyi_sms_queue_finish(self->store, message->id, "refused", "no text", error);
  }
  switch (
      anyi_sms_gateway_send(self->gateway, message->mobile, text, message->idempotency_key, &why)) {
  case ANYI_SMS_SENT:
    g_message("sms: %s sent to %s", message->idempotency_key, masked);
    *sent = TRUE;
    return anyi_sms_queue_finish(self->store, message->id, "sent", NULL, error);
  case ANYI_SMS_REFUSED:
    g_warning("sms: %s to %s refused by the gateway: %s", message->idempotency_key, masked,
              why ? why : "no reason given");
    return anyi_sms_queue_finish(self->store, message->id, "refused", why, error);
  case ANYI_SMS_RETRY_LATER:
  default:
    g_message("sms: %s to %s not taken (try %d), again in %" G_GINT64_FORMAT " s: %s",
              message->idempotency_key, masked, message->attempts + 1, back_off(message->attempts),
              why ? why : "no reason given");
    return anyi_sms_queue_retry(self->store, message->id, back_off(message->attempts), why, error);
  }
}

gboolean
anyi_sms_sender_drain(AnyiSmsSender *self, guint *sent, GError **error)
{
  g_autoptr(GPtrArray) due = anyi_sms_queue_due(self->store, DRAIN_BATCH, error);
  guint count = 0;

  if (!due)
    return FALSE;
  for (guint i = 0; i < due->len; i++) {
    gboolean one_sent;
    if (!send_one(self, g_ptr_array_index(due, i), &one_sent, error))
      return FALSE;
    count += one_sent;
  }
  if (sent)
    *sent = count;
  return TRUE;
}

static gboolean
on_tick(gpointer data)
{
  AnyiSmsSender *self = data;
  g_autoptr(GError) error = NULL;
  GDate today;

  store_today(self->store, &today);
  if ((!g_date_valid(&self->swept) || g_date_compare(&self->swept, &today) != 0) &&
      !anyi_sms_sender_sweep(self, &today, NULL, &error)) {
    g_warning("sms: the 容缺 reminder sweep failed: %s", error->message);
    g_clear_error(&error);
  }
  if (!anyi_sms_sender_drain(self, NULL, &error))
    g_warning("sms: sending the queued messages failed: %s", error->message);
  return G_SOURCE_CONTINUE;
}

void
anyi_sms_sender_start(AnyiSmsSender *self, guint interval_s)
{
  g_return_if_fail(self->source_id == 0);
  on_tick(self);
  self->source_id = g_timeout_add_seconds(MAX(interval_s, 1), on_tick, self);
}
