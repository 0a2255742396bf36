/* SPDX-License-Identifier: GPL-3.0-or-later */
/* anyi-sms-pg-sender.c: drains the server's message queue
 * (anyi-sms-pg-sender.h). */
#include "anyi-sms-pg-sender.h"
#include "anyi-sms-gateway-pg-emulated.h"
#include "anyi-sms-sender.h"
#include "anyi-sms-text.h"
#include "ledger/postgres/anyi-pg-ledger.h"

#include <stdlib.h>

#define BACK_OFF_FIRST_S 30
#define BACK_OFF_MAX_S   3600
/* Messages tried in one drain: a long queue is taken in turns. */
#define DRAIN_BATCH 50

struct _AnyiSmsPgSender {
  PGconn *conn;
  AnyiSmsGateway *gateway;
  char *hall_name;
  GDate swept; /* the local day last swept; invalid before the first */
  guint interval_s;
  GThread *thread;
  GMutex lock;
  GCond wake;
  gboolean stopping;
};

AnyiSmsPgSender *
anyi_sms_pg_sender_new(const char *conninfo, AnyiSmsGateway *gateway, const char *hall_name,
                       GError **error)
{
  PGconn *conn = anyi_pg_ledger_connect(conninfo, error);
  AnyiSmsPgSender *self;

  if (!conn)
    return NULL;
  self = g_new0(AnyiSmsPgSender, 1);
  self->conn = conn;
  self->gateway = gateway ? g_object_ref(gateway) : anyi_sms_gateway_pg_emulated_new(conn);
  self->hall_name = g_strdup(hall_name);
  g_date_clear(&self->swept, 1);
  g_mutex_init(&self->lock);
  g_cond_init(&self->wake);
  return self;
}

void
anyi_sms_pg_sender_free(AnyiSmsPgSender *self)
{
  if (!self)
    return;
  if (self->thread) {
    g_mutex_lock(&self->lock);
    self->stopping = TRUE;
    g_cond_signal(&self->wake);
    g_mutex_unlock(&self->lock);
    g_thread_join(self->thread);
  }
  g_object_unref(self->gateway);
  PQfinish(self->conn);
  g_free(self->hall_name);
  g_mutex_clear(&self->lock);
  g_cond_clear(&self->wake);
  g_free(self);
}

/* ---- SQL ---- */

static gboolean
fail(AnyiSmsPgSender *self, PGresult *res, const char *what, GError **error)
{
  const char *message = res ? PQresultErrorMessage(res) : PQerrorMessage(self->conn);
  int code = PQstatus(self->conn) == CONNECTION_OK ? ANYI_PG_LEDGER_ERROR_SERVER
                                                   : ANYI_PG_LEDGER_ERROR_CONNECT;
  g_autofree char *line = g_strchomp(g_strdup(message && *message ? message : "no answer"));

  g_set_error(error, ANYI_PG_LEDGER_ERROR, code, "%s: %s", what, line);
  PQclear(res);
  return FALSE;
}

static gboolean
run_sql(AnyiSmsPgSender *self, const char *what, const char *sql, int n, const char *const *values,
        GError **error)
{
  PGresult *res = PQexecParams(self->conn, sql, n, NULL, values, NULL, NULL, 0);

  if (PQresultStatus(res) != PGRES_COMMAND_OK && PQresultStatus(res) != PGRES_TUPLES_OK)
    return fail(self, res, what, error);
  PQclear(res);
  return TRUE;
}

static void
rollback(AnyiSmsPgSender *self)
{
  if (PQtransactionStatus(self->conn) != PQTRANS_IDLE)
    PQclear(PQexec(self->conn, "ROLLBACK"));
}

/* A connection lost since the last call (server restarted, network) is
 * opened again, once a call. */
static gboolean
ensure_connected(AnyiSmsPgSender *self, GError **error)
{
  if (PQstatus(self->conn) == CONNECTION_OK)
    return TRUE;
  PQreset(self->conn);
  if (PQstatus(self->conn) == CONNECTION_OK)
    return TRUE;
  return fail(self, NULL, "reach the ledger's server", error);
}

#define MESSAGE_COLUMNS                                                                            \
  "o.id, o.idempotency_key, o.case_number, o.kind, o.mobile, o.facts::text, o.state, "             \
  "o.attempts, extract(epoch FROM o.created_at)::bigint, "                                         \
  "coalesce(extract(epoch FROM o.done_at)::bigint, 0), o.last_error"

static char *
text_or_null(PGresult *res, int row, int column)
{
  return PQgetisnull(res, row, column) ? NULL : g_strdup(PQgetvalue(res, row, column));
}

static AnyiSmsMessage *
message_from_row(PGresult *res, int row)
{
  AnyiSmsMessage *message = g_new0(AnyiSmsMessage, 1);

  message->id = g_ascii_strtoll(PQgetvalue(res, row, 0), NULL, 10);
  message->idempotency_key = text_or_null(res, row, 1);
  message->case_number = text_or_null(res, row, 2);
  message->kind = text_or_null(res, row, 3);
  message->mobile = text_or_null(res, row, 4);
  message->facts_json = text_or_null(res, row, 5);
  message->state = text_or_null(res, row, 6);
  message->attempts = atoi(PQgetvalue(res, row, 7));
  message->created_at = g_ascii_strtoll(PQgetvalue(res, row, 8), NULL, 10);
  message->done_at = g_ascii_strtoll(PQgetvalue(res, row, 9), NULL, 10);
  message->last_error = text_or_null(res, row, 10);
  return message;
}

/* ---- the sweep ---- */

gboolean
anyi_sms_pg_sender_sweep(AnyiSmsPgSender *self, const GDate *today, guint *added, GError **error)
{
  char day[16] = "";
  g_autofree char *days = g_strdup_printf("%d", ANYI_SMS_REMINDER_DAYS);
  const char *values[] = {today ? day : NULL, days};
  PGresult *res;
  guint count;

  if (today)
    g_date_strftime(day, sizeof day, "%Y-%m-%d", today);
  if (!ensure_connected(self, error))
    return FALSE;
  res = PQexecParams(self->conn,
                     "SELECT ledger_sms_sweep_reminders(coalesce($1::date, current_date),"
                     " $2::integer)",
                     2, NULL, values, NULL, NULL, 0);
  if (PQresultStatus(res) != PGRES_TUPLES_OK || PQntuples(res) != 1)
    return fail(self, res, "queue the 容缺 reminders", error);
  count = (guint)atoi(PQgetvalue(res, 0, 0));
  PQclear(res);
  if (count)
    g_message("sms: %u 容缺 reminder(s) queued on the server", count);
  if (added)
    *added = count;
  return TRUE;
}

/* ---- the drain ---- */

static gint64
back_off(int attempts)
{
  return MIN((gint64)BACK_OFF_FIRST_S << MIN(attempts, 8), BACK_OFF_MAX_S);
}

static gboolean
finish(AnyiSmsPgSender *self, const AnyiSmsMessage *message, const char *state, const char *why,
       GError **error)
{
  g_autofree char *id = g_strdup_printf("%" G_GINT64_FORMAT, message->id);
  const char *values[] = {id, state, why};

  return run_sql(self, "mark a message done",
                 "UPDATE sms_outbox SET state = $2, last_error = $3, done_at = now(),"
                 " attempts = attempts + 1 WHERE id = $1::bigint",
                 3, values, error);
}

static gboolean
retry(AnyiSmsPgSender *self, const AnyiSmsMessage *message, const char *why, GError **error)
{
  g_autofree char *id = g_strdup_printf("%" G_GINT64_FORMAT, message->id);
  g_autofree char *delay = g_strdup_printf("%" G_GINT64_FORMAT, back_off(message->attempts));
  const char *values[] = {id, why, delay};

  return run_sql(self, "put a message back in the queue",
                 "UPDATE sms_outbox SET attempts = attempts + 1, last_error = $2,"
                 " next_try_at = now() + make_interval(secs => $3::integer) WHERE id = $1::bigint",
                 3, values, error);
}

/* Inside the claiming transaction: to the gateway, then marked by what it
 * said. */
static gboolean
send_one(AnyiSmsPgSender *self, const AnyiSmsMessage *message, gboolean *sent, GError **error)
{
  g_autofree char *masked = anyi_sms_mask_mobile(message->mobile);
  g_autofree char *text = NULL;
  g_autofree char *why = NULL;

  *sent = FALSE;
  if (!message->mobile) {
    g_message("sms: case %s left no mobile number at the kiosk; no %s message",
              message->case_number, message->kind);
    return finish(self, message, "no-mobile", NULL, error);
  }
  text = anyi_sms_text_for(message, self->hall_name);
  if (!text) {
    g_warning("sms: %s: cannot word a %s message from %s", message->idempotency_key, message->kind,
              message->facts_json);
    return finish(self, message, "refused", "no text", error);
  }
  switch (
      anyi_sms_gateway_send(self->gateway, message->mobile, text, message->idempotency_key, &why)) {
  case ANYI_SMS_SENT:
    g_message("sms: %s sent to %s", message->idempotency_key, masked);
    *sent = TRUE;
    return finish(self, message, "sent", NULL, error);
  case ANYI_SMS_REFUSED:
    g_warning("sms: %s to %s refused by the gateway: %s", message->idempotency_key, masked,
              why ? why : "no reason given");
    return finish(self, message, "refused", why, error);
  case ANYI_SMS_RETRY_LATER:
  default:
    g_message("sms: %s to %s not taken (try %d), again in %" G_GINT64_FORMAT " s: %s",
              message->idempotency_key, masked, message->attempts + 1, back_off(message->attempts),
              why ? why : "no reason given");
    return retry(self, message, why, error);
  }
}

/* One message in one transaction: claimed so that no other sender sees it
 * until this one commits. @found is FALSE when none is due. */
static gboolean
claim_and_send(AnyiSmsPgSender *self, gboolean *found, gboolean *sent, GError **error)
{
  g_autoptr(AnyiSmsMessage) message = NULL;
  PGresult *res;

  *found = *sent = FALSE;
  if (!run_sql(self, "begin", "BEGIN", 0, NULL, error))
    return FALSE;
  res = PQexec(self->conn, "SELECT " MESSAGE_COLUMNS " FROM sms_outbox AS o"
                           " WHERE o.state = 'queued' AND o.next_try_at <= now()"
                           " ORDER BY o.id LIMIT 1 FOR UPDATE SKIP LOCKED");
  if (PQresultStatus(res) != PGRES_TUPLES_OK) {
    fail(self, res, "claim a queued message", error);
    rollback(self);
    return FALSE;
  }
  if (PQntuples(res) == 1)
    message = message_from_row(res, 0);
  PQclear(res);
  *found = message != NULL;
  if ((!message || send_one(self, message, sent, error)) &&
      run_sql(self, "commit", "COMMIT", 0, NULL, error))
    return TRUE;
  *sent = FALSE;
  rollback(self);
  return FALSE;
}

gboolean
anyi_sms_pg_sender_drain(AnyiSmsPgSender *self, guint *sent, GError **error)
{
  guint count = 0;
  gboolean found = TRUE;

  if (sent)
    *sent = 0;
  if (!ensure_connected(self, error))
    return FALSE;
  for (int i = 0; i < DRAIN_BATCH && found; i++) {
    gboolean one_sent;
    if (!claim_and_send(self, &found, &one_sent, error))
      return FALSE;
    count += one_sent;
    if (sent)
      *sent = count;
  }
  return TRUE;
}

/* ---- the thread ---- */

static void
tick(AnyiSmsPgSender *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local();
  GDate today;

  g_date_clear(&today, 1);
  g_date_set_dmy(&today, (GDateDay)g_date_time_get_day_of_month(now),
                 (GDateMonth)g_date_time_get_month(now), (GDateYear)g_date_time_get_year(now));
  if (!g_date_valid(&self->swept) || g_date_compare(&self->swept, &today) != 0) {
    if (anyi_sms_pg_sender_sweep(self, NULL, NULL, &error))
      self->swept = today;
    else
      g_warning("sms: the 容缺 reminder sweep on the server failed: %s", error->message);
    g_clear_error(&error);
  }
  if (!anyi_sms_pg_sender_drain(self, NULL, &error))
    g_warning("sms: sending the server's queued messages failed: %s", error->message);
}

static gpointer
sender_thread(gpointer data)
{
  AnyiSmsPgSender *self = data;

  g_mutex_lock(&self->lock);
  while (!self->stopping) {
    gint64 until;
    g_mutex_unlock(&self->lock);
    tick(self);
    g_mutex_lock(&self->lock);
    until = g_get_monotonic_time() + (gint64)self->interval_s * G_TIME_SPAN_SECOND;
    while (!self->stopping && g_cond_wait_until(&self->wake, &self->lock, until))
      ;
  }
  g_mutex_unlock(&self->lock);
  return NULL;
}

gboolean
anyi_sms_pg_sender_start(AnyiSmsPgSender *self, guint interval_s, GError **error)
{
  g_return_val_if_fail(self->thread == NULL, FALSE);
  self->interval_s = MAX(interval_s, 1);
  self->thread = g_thread_try_new("sms-pg-sender", sender_thread, self, error);
  return self->thread != NULL;
}

/* ---- the list ---- */

GPtrArray *
anyi_sms_pg_list(PGconn *conn, int limit, GPtrArray **texts, GError **error)
{
  g_autofree char *count = g_strdup_printf("%d", limit);
  const char *values[] = {count};
  PGresult *res = PQexecParams(conn,
                               "SELECT " MESSAGE_COLUMNS ", e.text FROM sms_outbox AS o"
                               " LEFT JOIN sms_emulated AS e USING (idempotency_key)"
                               " ORDER BY o.id DESC LIMIT $1::integer",
                               1, NULL, values, NULL, NULL, 0);
  GPtrArray *messages;

  if (PQresultStatus(res) != PGRES_TUPLES_OK) {
    g_autofree char *line = g_strchomp(g_strdup(PQresultErrorMessage(res)));
    g_set_error(error, ANYI_PG_LEDGER_ERROR, ANYI_PG_LEDGER_ERROR_SERVER,
                "list the server's messages: %s", line);
    PQclear(res);
    return NULL;
  }
  messages = g_ptr_array_new_with_free_func((GDestroyNotify)anyi_sms_message_free);
  *texts = g_ptr_array_new_with_free_func(g_free);
  for (int i = 0; i < PQntuples(res); i++) {
    g_ptr_array_add(messages, message_from_row(res, i));
    g_ptr_array_add(*texts, text_or_null(res, i, 11));
  }
  PQclear(res);
  return messages;
}
