/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-sms.c: messages to the citizen over a real kiosk database.
 *
 * Cases are made as the kiosk makes them; the window ends them through
 * AnyiLedger as the console does; the sender drains the queue into the
 * emulated gateway, whose record is what the citizen's phone would show. */
#include "ledger/anyi-ledger-sqlite.h"
#include "ledger/sms/anyi-sms-gateway-emulated.h"
#include "ledger/sms/anyi-sms-queue.h"
#include "ledger/sms/anyi-sms-sender.h"
#include "store/anyi-store-outbox.h"
#include "temp-store.h"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#define ID_NUMBER "11010519491231002X"
#define MOBILE    "13800138000"
#define ADDRESS   "北京市东城区景山前街4号"
#define NAME      "张三"
#define HALL      "安居区户政服务大厅"

typedef struct {
  TempStore temp;
  AnyiLedger *ledger;
  AnyiSmsGateway *gateway;
  AnyiSmsSender *sender;
} Fixture;

static gint64 test_clock;
/* The log lines written so far, as the technician reads them. */
static GString *log_lines;

static GLogWriterOutput
keep_log_line(GLogLevelFlags level, const GLogField *fields, gsize n_fields, gpointer data)
{
  for (gsize i = 0; i < n_fields; i++)
    if (g_str_equal(fields[i].key, "MESSAGE"))
      g_string_append_printf(log_lines, "%s\n", (const char *)fields[i].value);
  return g_log_writer_default(level, fields, n_fields, data);
}

static gboolean
logged(const char *pattern)
{
  g_auto(GStrv) lines = g_strsplit(log_lines->str, "\n", -1);

  for (guint i = 0; lines[i]; i++)
    if (g_pattern_match_simple(pattern, lines[i]))
      return TRUE;
  return FALSE;
}

static gint64
fake_now(void)
{
  return test_clock;
}

static void
fixture_set_up(Fixture *fixture, gconstpointer data)
{
  test_clock = 1764489600; /* 2025-11-30 08:00 UTC */
  g_string_truncate(log_lines, 0);
  anyi_store_set_clock(temp_store_open(&fixture->temp), fake_now);
  fixture->ledger = anyi_ledger_sqlite_new(fixture->temp.store, "kiosk-A");
  fixture->gateway = anyi_sms_gateway_emulated_new(fixture->temp.store);
  fixture->sender = anyi_sms_sender_new(fixture->temp.store, fixture->gateway, HALL);
}

static void
fixture_tear_down(Fixture *fixture, gconstpointer data)
{
  g_clear_pointer(&fixture->sender, anyi_sms_sender_free);
  g_clear_object(&fixture->gateway);
  g_clear_object(&fixture->ledger);
  temp_store_clear(&fixture->temp);
}

/* The kiosk's data of a case: the card (ID number, name, address), the
 * form with the mobile (or none), and a 容缺 commitment due @deadline. */
static char *
case_data(const char *mobile, const char *deadline)
{
  g_autofree char *form =
      mobile ? g_strdup_printf("{\"mobile\": \"%s\"}", mobile) : g_strdup("{\"head\": \"李四\"}");

  return g_strdup_printf(
      "{\"card\": {\"name\": \"" NAME "\", \"id_number\": \"" ID_NUMBER "\", \"address\": "
      "\"" ADDRESS "\"}, \"form\": %s, \"commitment\": {\"date\": \"2025-11-30\"},"
      " \"notice\": {\"deadline\": \"%s\", \"materials\": [{\"id\": \"household-register\","
      " \"name\": \"居民户口簿\"}, {\"id\": \"photo-receipt\", \"name\": \"照片回执\"}]}}",
      form, deadline);
}

static AnyiStoredCase *
collect(Fixture *fixture, const char *mobile, const char *deadline)
{
  AnyiStore *store = fixture->temp.store;
  g_autoptr(GError) error = NULL;
  AnyiStoredCase *stored = anyi_store_case_create(store, "idcard-renewal", 'A', "started", &error);
  g_autofree char *data = case_data(mobile, deadline);

  g_assert_no_error(error);
  g_assert_true(anyi_store_case_transition(store, stored->id, "started", "collecting", "collect",
                                           NULL, data, &error));
  g_assert_no_error(error);
  return stored;
}

/* A case the kiosk handed to the window; its number. */
static char *
hand_off(Fixture *fixture, const char *mobile)
{
  g_autoptr(AnyiStoredCase) stored = collect(fixture, mobile, "2025-12-20");
  g_autoptr(GError) error = NULL;

  g_assert_true(anyi_store_case_hand_off(fixture->temp.store, stored->id, "collecting",
                                         "window-finishes", "5", "{\"detail\": \"x\"}", NULL,
                                         &error));
  g_assert_no_error(error);
  return g_strdup(stored->number);
}

/* A case the kiosk accepted with materials owed by @deadline; its number. */
static char *
accept_owing(Fixture *fixture, const char *mobile, const char *deadline)
{
  g_autoptr(AnyiStoredCase) stored = collect(fixture, mobile, deadline);
  g_autoptr(GError) error = NULL;

  g_assert_true(anyi_store_case_transition(fixture->temp.store, stored->id, "collecting",
                                           "accepted-with-missing-materials", "accept", NULL, NULL,
                                           &error));
  g_assert_no_error(error);
  return g_strdup(stored->number);
}

static GPtrArray *
deliveries(Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *list = anyi_sms_emulated_list(fixture->temp.store, &error);

  g_assert_no_error(error);
  return list;
}

static GPtrArray *
queue(Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *list = anyi_sms_queue_list(fixture->temp.store, 100, &error);

  g_assert_no_error(error);
  return list;
}

static guint
drain(Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  guint sent = 99;

  g_assert_true(anyi_sms_sender_drain(fixture->sender, &sent, &error));
  g_assert_no_error(error);
  return sent;
}

/* What a phone's lock screen shows must not name the citizen's card. */
static void
assert_nothing_personal(const char *text)
{
  g_assert_null(strstr(text, ID_NUMBER));
  g_assert_null(strstr(text, "1231002"));
  g_assert_null(strstr(text, NAME));
  g_assert_null(strstr(text, ADDRESS));
  g_assert_null(strstr(text, "北京市"));
}

/* The window finishes a case: the citizen gets one message, with the case
 * number, the outcome, the window's note and the hall, and no more when
 * the sender runs again. */
static void
test_outcome_sends_one_message(Fixture *fixture, gconstpointer data)
{
  g_autofree char *number = hand_off(fixture, MOBILE);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) queued = NULL;
  g_autoptr(GPtrArray) sent = NULL;
  g_autofree char *expected = NULL;
  AnyiSmsDelivery *delivery;

  g_assert_true(anyi_ledger_record_outcome(fixture->ledger, number, "wang",
                                           ANYI_LEDGER_OUTCOME_FINISHED, NULL,
                                           "请带回执到3号窗口领取新证。", &error));
  g_assert_no_error(error);
  /* queued by the outcome's own transaction, before any sender ran */
  queued = queue(fixture);
  g_assert_cmpuint(queued->len, ==, 1);
  g_assert_cmpstr(((AnyiSmsMessage *)queued->pdata[0])->state, ==, "queued");
  g_assert_cmpstr(((AnyiSmsMessage *)queued->pdata[0])->case_number, ==, number);

  g_assert_cmpuint(drain(fixture), ==, 1);
  g_assert_cmpuint(drain(fixture), ==, 0);
  sent = deliveries(fixture);
  g_assert_cmpuint(sent->len, ==, 1);
  delivery = sent->pdata[0];
  expected = g_strdup_printf("【" HALL "】您的业务（案件号%s）已在窗口办结。"
                             "窗口留言：请带回执到3号窗口领取新证。",
                             number);
  g_assert_cmpstr(delivery->text, ==, expected);
  g_assert_cmpstr(delivery->mobile, ==, MOBILE);
  g_assert_cmpint(delivery->submissions, ==, 1);
  assert_nothing_personal(delivery->text);
}

/* Whoever writes the outcome (here the store's own call, as another
 * program would), the trigger queues the message with it; a refusal
 * tells the citizen to ask at the window; an ID number the staff typed
 * into the note is masked; a second outcome on a closed case adds none. */
static void
test_refusal_masks_note(Fixture *fixture, gconstpointer data)
{
  g_autofree char *number = hand_off(fixture, MOBILE);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) sent = NULL;
  g_autoptr(AnyiStoredCase) stored = anyi_store_case_find(fixture->temp.store, number, &error);
  const char *text;

  g_assert_true(anyi_store_window_outcome(fixture->temp.store, stored->id, "wang", "refused",
                                          "材料不符", "身份证" ID_NUMBER "已过期，请换证后再来。",
                                          TRUE, &error));
  g_assert_no_error(error);
  g_assert_false(anyi_ledger_record_outcome(fixture->ledger, number, "wang",
                                            ANYI_LEDGER_OUTCOME_FINISHED, NULL, NULL, &error));
  g_assert_error(error, ANYI_LEDGER_ERROR, ANYI_LEDGER_ERROR_CONFLICT);
  g_assert_cmpuint(drain(fixture), ==, 1);
  sent = deliveries(fixture);
  g_assert_cmpuint(sent->len, ==, 1);
  text = ((AnyiSmsDelivery *)sent->pdata[0])->text;
  g_assert_nonnull(strstr(text, "未能受理，详情请到大厅窗口咨询。"));
  g_assert_nonnull(strstr(text, number));
  g_assert_nonnull(strstr(text, "已过期，请换证后再来。"));
  assert_nothing_personal(text);
}

/* No mobile at the kiosk: no message, the queue says why, a log line. */
static void
test_no_mobile_no_message(Fixture *fixture, gconstpointer data)
{
  g_autofree char *number = hand_off(fixture, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) queued = NULL;
  g_autoptr(GPtrArray) sent = NULL;
  g_autofree char *line = g_strdup_printf("sms: case %s left no mobile number*", number);

  g_assert_true(anyi_ledger_record_outcome(fixture->ledger, number, "wang",
                                           ANYI_LEDGER_OUTCOME_REFERRED, NULL, NULL, &error));
  g_assert_cmpuint(drain(fixture), ==, 0);
  g_assert_true(logged(line));
  sent = deliveries(fixture);
  g_assert_cmpuint(sent->len, ==, 0);
  queued = queue(fixture);
  g_assert_cmpuint(queued->len, ==, 1);
  g_assert_cmpstr(((AnyiSmsMessage *)queued->pdata[0])->state, ==, "no-mobile");
}

static GDate *
day(int year, int month, int mday)
{
  return g_date_new_dmy((GDateDay)mday, (GDateMonth)month, (GDateYear)year);
}

/* The daily sweep reminds 3 days before a 容缺 deadline, once per
 * commitment however often it runs, only of what is still owed, and
 * never for a deadline further off or one already met. */
static void
test_reminder_once(Fixture *fixture, gconstpointer data)
{
  g_autofree char *due = accept_owing(fixture, MOBILE, "2025-12-03");
  g_autofree char *later = accept_owing(fixture, "13900139000", "2025-12-10");
  g_autofree char *brought = accept_owing(fixture, "13700137000", "2025-12-02");
  g_autoptr(GDate) today = day(2025, 11, 30);
  g_autoptr(GDate) tomorrow = day(2025, 12, 1);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) sent = NULL;
  g_autofree char *expected = NULL;
  guint added = 99;

  g_assert_true(
      anyi_ledger_material_received(fixture->ledger, due, "photo-receipt", "wang", &error));
  g_assert_true(anyi_ledger_material_received(fixture->ledger, brought, "household-register",
                                              "wang", &error));
  g_assert_true(
      anyi_ledger_material_received(fixture->ledger, brought, "photo-receipt", "wang", &error));
  g_assert_no_error(error);

  g_assert_true(anyi_sms_sender_sweep(fixture->sender, today, &added, &error));
  g_assert_cmpuint(added, ==, 1);
  g_assert_true(anyi_sms_sender_sweep(fixture->sender, today, &added, &error));
  g_assert_cmpuint(added, ==, 0);
  g_assert_true(anyi_sms_sender_sweep(fixture->sender, tomorrow, &added, &error));
  g_assert_cmpuint(added, ==, 0);
  g_assert_no_error(error);

  g_assert_cmpuint(drain(fixture), ==, 1);
  sent = deliveries(fixture);
  g_assert_cmpuint(sent->len, ==, 1);
  expected = g_strdup_printf("【" HALL "】您承诺补交的居民户口簿将于2025-12-03到期，"
                             "请在到期前带到大厅窗口（案件号%s）。",
                             due);
  g_assert_cmpstr(((AnyiSmsDelivery *)sent->pdata[0])->text, ==, expected);
  g_assert_cmpstr(((AnyiSmsDelivery *)sent->pdata[0])->mobile, ==, MOBILE);
  assert_nothing_personal(((AnyiSmsDelivery *)sent->pdata[0])->text);
  (void)later;
}

/* ---- a gateway that is busy a few times, or dies after taking one ---- */

#define TEST_TYPE_GATEWAY (test_gateway_get_type())
G_DECLARE_FINAL_TYPE(TestGateway, test_gateway, TEST, GATEWAY, GObject)

struct _TestGateway {
  GObject parent_instance;
  AnyiSmsGateway *real;
  guint busy; /* answers RETRY_LATER this many times first */
  gboolean die_after_taking;
  guint calls;
};

static AnyiSmsResult
test_gateway_send(AnyiSmsGateway *gateway, const char *mobile, const char *text, const char *key,
                  char **why)
{
  TestGateway *self = TEST_GATEWAY(gateway);
  AnyiSmsResult result;

  self->calls++;
  if (self->busy) {
    self->busy--;
    *why = g_strdup("503 busy");
    return ANYI_SMS_RETRY_LATER;
  }
  result = anyi_sms_gateway_send(self->real, mobile, text, key, why);
  if (self->die_after_taking)
    kill(getpid(), SIGKILL); /* kill -9 between the gateway's answer and the mark */
  return result;
}

static void
test_gateway_iface_init(AnyiSmsGatewayInterface *iface)
{
  iface->send = test_gateway_send;
}

G_DEFINE_FINAL_TYPE_WITH_CODE(TestGateway, test_gateway, G_TYPE_OBJECT,
                              G_IMPLEMENT_INTERFACE(ANYI_TYPE_SMS_GATEWAY, test_gateway_iface_init))

static void
test_gateway_finalize(GObject *object)
{
  g_clear_object(&TEST_GATEWAY(object)->real);
  G_OBJECT_CLASS(test_gateway_parent_class)->finalize(object);
}

static void
test_gateway_class_init(TestGatewayClass *klass)
{
  G_OBJECT_CLASS(klass)->finalize = test_gateway_finalize;
}

static void
test_gateway_init(TestGateway *self)
{
  (void)self;
}

static TestGateway *
test_gateway_new(AnyiStore *store)
{
  TestGateway *self = g_object_new(TEST_TYPE_GATEWAY, NULL);

  self->real = anyi_sms_gateway_emulated_new(store);
  return self;
}

static void
use_gateway(Fixture *fixture, TestGateway *gateway)
{
  g_clear_pointer(&fixture->sender, anyi_sms_sender_free);
  fixture->sender = anyi_sms_sender_new(fixture->temp.store, ANYI_SMS_GATEWAY(gateway), HALL);
}

/* The gateway is busy twice: the message waits 30 s, then 60 s, is not
 * tried before its time, and reaches the phone once. */
static void
test_busy_gateway_then_one_message(Fixture *fixture, gconstpointer data)
{
  g_autoptr(TestGateway) gateway = test_gateway_new(fixture->temp.store);
  g_autofree char *number = hand_off(fixture, MOBILE);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) sent = NULL;
  g_autoptr(GPtrArray) queued = NULL;

  gateway->busy = 2;
  use_gateway(fixture, gateway);
  g_assert_true(anyi_ledger_record_outcome(fixture->ledger, number, "wang",
                                           ANYI_LEDGER_OUTCOME_WAITING_FOR_MATERIAL, NULL, NULL,
                                           &error));
  g_assert_cmpuint(drain(fixture), ==, 0);
  g_assert_cmpuint(gateway->calls, ==, 1);
  test_clock += 29;
  g_assert_cmpuint(drain(fixture), ==, 0);
  g_assert_cmpuint(gateway->calls, ==, 1); /* backing off */
  test_clock += 1;
  g_assert_cmpuint(drain(fixture), ==, 0);
  g_assert_cmpuint(gateway->calls, ==, 2);
  test_clock += 59;
  g_assert_cmpuint(drain(fixture), ==, 0);
  g_assert_cmpuint(gateway->calls, ==, 2);
  test_clock += 1;
  g_assert_cmpuint(drain(fixture), ==, 1);
  g_assert_cmpuint(gateway->calls, ==, 3);
  test_clock += 3600;
  g_assert_cmpuint(drain(fixture), ==, 0);

  sent = deliveries(fixture);
  g_assert_cmpuint(sent->len, ==, 1);
  g_assert_cmpint(((AnyiSmsDelivery *)sent->pdata[0])->submissions, ==, 1);
  g_assert_nonnull(strstr(((AnyiSmsDelivery *)sent->pdata[0])->text, "还需补交材料"));
  queued = queue(fixture);
  g_assert_cmpstr(((AnyiSmsMessage *)queued->pdata[0])->state, ==, "sent");
  g_assert_cmpint(((AnyiSmsMessage *)queued->pdata[0])->attempts, ==, 3);
}

/* A number the gateway refuses for good is not tried again. */
static void
test_refused_number_not_retried(Fixture *fixture, gconstpointer data)
{
  g_autoptr(TestGateway) gateway = test_gateway_new(fixture->temp.store);
  g_autofree char *number = hand_off(fixture, "12345");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) sent = NULL;
  g_autoptr(GPtrArray) queued = NULL;

  use_gateway(fixture, gateway);
  g_assert_true(anyi_ledger_record_outcome(fixture->ledger, number, "wang",
                                           ANYI_LEDGER_OUTCOME_FINISHED, NULL, NULL, &error));
  g_assert_cmpuint(drain(fixture), ==, 0);
  g_assert_true(logged("sms: *:outcome:* to *** refused by the gateway: not a mainland mobile*"));
  g_assert_false(logged("*12345*"));
  test_clock += 7200;
  g_assert_cmpuint(drain(fixture), ==, 0);
  g_assert_cmpuint(gateway->calls, ==, 1);
  sent = deliveries(fixture);
  g_assert_cmpuint(sent->len, ==, 0);
  queued = queue(fixture);
  g_assert_cmpstr(((AnyiSmsMessage *)queued->pdata[0])->state, ==, "refused");
}

/* kill -9 after the gateway took the message and before it was marked
 * sent: the next sender sends it again under the same key, and the
 * citizen still gets it once. */
static void
test_killed_between_send_and_mark(Fixture *fixture, gconstpointer data)
{
  g_autofree char *number = hand_off(fixture, MOBILE);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) sent = NULL;
  g_autoptr(GPtrArray) queued = NULL;
  int status = 0;
  pid_t child;

  g_assert_true(anyi_ledger_record_outcome(fixture->ledger, number, "wang",
                                           ANYI_LEDGER_OUTCOME_FINISHED, NULL, NULL, &error));
  g_assert_no_error(error);
  child = fork();
  g_assert_cmpint(child, >=, 0);
  if (child == 0) {
    /* a sender of its own, on its own connection, as another process */
    AnyiStore *store = anyi_store_open(fixture->temp.db_path, NULL);
    TestGateway *dying = test_gateway_new(store);
    AnyiSmsSender *sender = anyi_sms_sender_new(store, ANYI_SMS_GATEWAY(dying), HALL);
    dying->die_after_taking = TRUE;
    anyi_sms_sender_drain(sender, NULL, NULL);
    _exit(3); /* not reached */
  }
  g_assert_cmpint(waitpid(child, &status, 0), ==, child);
  g_assert_true(WIFSIGNALED(status));
  g_assert_cmpint(WTERMSIG(status), ==, SIGKILL);

  queued = queue(fixture);
  g_assert_cmpstr(((AnyiSmsMessage *)queued->pdata[0])->state, ==, "queued");
  sent = deliveries(fixture);
  g_assert_cmpuint(sent->len, ==, 1);
  g_clear_pointer(&sent, g_ptr_array_unref);
  g_clear_pointer(&queued, g_ptr_array_unref);

  g_assert_cmpuint(drain(fixture), ==, 1);
  g_assert_cmpuint(drain(fixture), ==, 0);
  sent = deliveries(fixture);
  g_assert_cmpuint(sent->len, ==, 1);
  g_assert_cmpint(((AnyiSmsDelivery *)sent->pdata[0])->submissions, ==, 2);
  queued = queue(fixture);
  g_assert_cmpuint(queued->len, ==, 1);
  g_assert_cmpstr(((AnyiSmsMessage *)queued->pdata[0])->state, ==, "sent");
}

/* Past retention the case's personal data is wiped, and the mobile
 * numbers and texts of its messages with it. */
static void
test_retention_takes_messages(Fixture *fixture, gconstpointer data)
{
  g_autofree char *number = hand_off(fixture, MOBILE);
  g_autofree char *other = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) sent = NULL;
  g_autoptr(GPtrArray) queued = NULL;

  g_assert_true(anyi_ledger_record_outcome(fixture->ledger, number, "wang",
                                           ANYI_LEDGER_OUTCOME_FINISHED, NULL, NULL, &error));
  g_assert_cmpuint(drain(fixture), ==, 1);
  test_clock += 86400; /* a case of the next day stays */
  other = hand_off(fixture, "13900139000");
  g_assert_true(anyi_ledger_record_outcome(fixture->ledger, other, "wang",
                                           ANYI_LEDGER_OUTCOME_FINISHED, NULL, NULL, &error));
  g_assert_cmpuint(drain(fixture), ==, 1);
  g_assert_cmpint(anyi_store_purge(fixture->temp.store, test_clock - 3600,
                                   anyi_store_outbox_final_states(), &error),
                  ==, 1);
  g_assert_no_error(error);
  sent = deliveries(fixture);
  g_assert_cmpuint(sent->len, ==, 1);
  g_assert_cmpstr(((AnyiSmsDelivery *)sent->pdata[0])->mobile, ==, "13900139000");
  queued = queue(fixture);
  g_assert_cmpuint(queued->len, ==, 1);
  g_assert_cmpstr(((AnyiSmsMessage *)queued->pdata[0])->case_number, ==, other);
}

/* anyictl's output, run on the fixture's database; stderr (the log lines)
 * in @log. */
static char *
anyictl(Fixture *fixture, const char *verb, const char *arg, char **log)
{
  const char *argv[] = {g_getenv("ANYICTL"), "ledger", verb, arg, NULL};
  g_auto(GStrv) env = g_environ_setenv(g_get_environ(), "ANYI_DB", fixture->temp.db_path, TRUE);
  g_autoptr(GError) error = NULL;
  char *out = NULL;
  int status;

  g_assert_true(g_spawn_sync(NULL, (char **)argv, env, G_SPAWN_DEFAULT, NULL, NULL, &out, log,
                             &status, &error));
  g_assert_no_error(error);
  g_assert_true(g_spawn_check_wait_status(status, NULL));
  return out;
}

/* The cron line and the technician's list: one pass sends, a second sends
 * nothing; the list and the log show the mobile masked. */
static void
test_anyictl_send_and_list(Fixture *fixture, gconstpointer data)
{
  g_autofree char *number = hand_off(fixture, MOBILE);
  g_autoptr(GError) error = NULL;
  g_autofree char *first = NULL, *second = NULL, *list = NULL, *log = NULL;
  g_autofree char *quiet = NULL, *list_log = NULL;

  if (!g_getenv("ANYICTL")) {
    g_test_skip("ANYICTL is not set: run through meson");
    return;
  }
  g_assert_true(anyi_ledger_record_outcome(fixture->ledger, number, "wang",
                                           ANYI_LEDGER_OUTCOME_FINISHED, NULL, NULL, &error));
  g_assert_no_error(error);
  first = anyictl(fixture, "sms-send", NULL, &log);
  g_assert_cmpstr(first, ==, "reminders queued 0, messages sent 1\n");
  g_assert_nonnull(strstr(log, "138****8000"));
  g_assert_null(strstr(log, MOBILE));
  second = anyictl(fixture, "sms-send", NULL, &quiet);
  g_assert_cmpstr(second, ==, "reminders queued 0, messages sent 0\n");
  list = anyictl(fixture, "sms", "list", &list_log);
  g_assert_nonnull(strstr(list, ":outcome:"));
  g_assert_nonnull(strstr(list, "\tsent\t138****8000\t"));
  g_assert_nonnull(strstr(list, "已在窗口办结。"));
  g_assert_null(strstr(list, MOBILE));
}

#define ADD(path, func) g_test_add(path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

int
main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  log_lines = g_string_new(NULL);
  g_log_set_writer_func(keep_log_line, NULL, NULL);
  /* a refused number is a warning for the technician, not a failed test */
  g_log_set_always_fatal(G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL);
  ADD("/sms/outcome-sends-one-message", test_outcome_sends_one_message);
  ADD("/sms/refusal-masks-note", test_refusal_masks_note);
  ADD("/sms/no-mobile-no-message", test_no_mobile_no_message);
  ADD("/sms/reminder-once", test_reminder_once);
  ADD("/sms/busy-gateway-then-one-message", test_busy_gateway_then_one_message);
  ADD("/sms/refused-number-not-retried", test_refused_number_not_retried);
  ADD("/sms/killed-between-send-and-mark", test_killed_between_send_and_mark);
  ADD("/sms/retention-takes-messages", test_retention_takes_messages);
  ADD("/sms/anyictl-send-and-list", test_anyictl_send_and_list);
  return g_test_run();
}
