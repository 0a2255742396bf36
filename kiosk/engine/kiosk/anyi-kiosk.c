/* SPDX-License-Identifier: GPL-3.0-or-later */
/* anyi-kiosk.c */
#include "anyi-kiosk.h"
#include "cases/anyi-case-hall.h"
#include "cases/anyi-case-print.h"
#include "cases/anyi-retention.h"
#include "ledger/outbox/anyi-outbox-pusher.h"
#include "store/anyi-store-outbox.h"
#include "ledger/anyi-ledger-progress.h"
#include "ledger/anyi-ledger-sqlite.h"
#include "log/anyi-log.h"
#include "payment/anyi-payment-emulated.h"

#include <anyi-config.h>

struct _AnyiKiosk {
  GObject parent_instance;
  AnyiSettings *settings;
  AnyiStore *store;
  AnyiHall *hall;
  /* the window's outcomes, for the progress query: over the store it was
   * made for (the store is reopened after an outage) */
  AnyiLedger *ledger;
  AnyiStore *ledger_store;
  AnyiLedgerBackOffice back_office;
  AnyiCatalogue *catalogue;
  AnyiPaymentProvider *payment;
  AnyiIdcardMonitor *idcard;
  AnyiPrinterWatch *printer_watches[ANYI_PRINTER_NUM_ROLES];
  AnyiSpeech *speech;
  AnyiCamera *cameras[2];          /* face, document; NULL without a camera table */
  AnyiPhotoChecker *photo_checker; /* made on first use */
  guint retention_id;
  gint64 clock_jump_s;      /* > 0 while the purge waits for staff to confirm the clock */
  AnyiOutboxPusher *pusher; /* sends the outbox to the hall's server; NULL without one */

  /* in service or not (anyi-kiosk-health) */
  AnyiKioskHealth *health;
  gboolean upkeep_wanted; /* start_upkeep was called; run once the store opens */
  gboolean upkeep_done;
  GMutex outage_lock;     /* the store may fail on a worker thread */
  GError *pending_outage; /* told by the store, not yet seen on the main thread */
  guint store_probe_id;   /* asks again whether the store works */
  GCancellable *probing;  /* a probe on a worker thread; NULL when none runs */
  char *last_reason;      /* for the audit log: what the kiosk was out of service for */
  gint64 last_since;      /* wall clock seconds it began */
};

G_DEFINE_FINAL_TYPE(AnyiKiosk, anyi_kiosk, G_TYPE_OBJECT)

/* ---- the core ---- */

/* The hall's payment platform. This build has the emulated one only (its
 * ledger kept next to the database, as a platform keeps its own); a hall's
 * provider implements AnyiPaymentProvider. */
static void
open_payment(AnyiKiosk *self, const char *ledger_path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_path_get_dirname(self->settings->db_path);
  g_autofree char *next_to_db = g_build_filename(dir, "emulated-payments.ini", NULL);
  AnyiPaymentEmulated *payment =
      anyi_payment_emulated_new(ledger_path ? ledger_path : next_to_db, &error);

  if (!payment) {
    g_warning("payment: platform unusable, fees are paid at a window: %s", error->message);
    return;
  }
  self->payment = ANYI_PAYMENT_PROVIDER(payment);
}

/* ---- the store's outages ---- */

/* A probe is a connection of its own, a quick check and one write: cheap,
 * but the kiosk only looks every few seconds, and never from the screen's
 * thread. */
#define STORE_PROBE_INTERVAL_S 5

static void start_probing(AnyiKiosk *self);
static void run_upkeep(AnyiKiosk *self);

static gboolean
is_store_reason(const char *reason)
{
  return reason && g_str_has_prefix(reason, "store-");
}

static void
audit_reason(AnyiKiosk *self, const char *action, const char *reason, gint64 since)
{
  g_autoptr(GDateTime) began = g_date_time_new_from_unix_local(since);
  g_autofree char *detail = g_date_time_format(began, "since %Y-%m-%d %H:%M:%S");

  if (self->store)
    anyi_store_audit_add(self->store, "kiosk", action, reason, detail, NULL);
}

/* The audit log holds each time the kiosk was out of service: a device
 * outage when it begins, a store outage once the store takes the row. */
static void
on_reason_changed(AnyiKioskHealth *health, GParamSpec *pspec, AnyiKiosk *self)
{
  const char *reason = anyi_kiosk_health_get_reason(health);
  gint64 now = g_get_real_time() / G_USEC_PER_SEC;

  if (reason)
    g_message("kiosk: out of service: %s", reason);
  else
    g_message("kiosk: back in service after %s", self->last_reason);
  if (is_store_reason(self->last_reason) && !is_store_reason(reason))
    audit_reason(self, "out-of-service", self->last_reason, self->last_since);
  if (reason && !is_store_reason(reason))
    audit_reason(self, "out-of-service", reason, now);
  if (!reason)
    audit_reason(self, "back-in-service", self->last_reason, self->last_since);
  g_free(self->last_reason);
  self->last_reason = g_strdup(reason);
  self->last_since = now;
}

static void
store_down(AnyiKiosk *self, const GError *error)
{
  const char *code = anyi_store_outage_code(error);

  if (g_strcmp0(code, anyi_kiosk_health_get_problem(self->health, ANYI_KIOSK_PART_STORE)) != 0)
    g_warning("store: unusable (%s), the kiosk is out of service until it works: %s",
              code ? code : "store-disk", error->message);
  anyi_kiosk_health_part_down(self->health, ANYI_KIOSK_PART_STORE, code ? code : "store-disk");
  start_probing(self);
}

static gboolean
report_outage(gpointer data)
{
  AnyiKiosk *self = data;
  g_autoptr(GError) error = NULL;

  g_mutex_lock(&self->outage_lock);
  error = g_steal_pointer(&self->pending_outage);
  g_mutex_unlock(&self->outage_lock);
  if (error && self->health)
    store_down(self, error);
  return G_SOURCE_REMOVE;
}

/* Told by the store inside the failing call, on whatever thread: the kiosk
 * acts later on the main thread, once the step that failed has unwound. */
static void
on_store_outage(const GError *error, gpointer data)
{
  AnyiKiosk *self = data;
  gboolean first;

  g_mutex_lock(&self->outage_lock);
  first = self->pending_outage == NULL;
  if (first)
    self->pending_outage = g_error_copy(error);
  g_mutex_unlock(&self->outage_lock);
  if (first)
    g_idle_add_full(G_PRIORITY_DEFAULT, report_outage, g_object_ref(self), g_object_unref);
}

static void watch_store(AnyiKiosk *self);

static gboolean
open_store(AnyiKiosk *self, gboolean wait_for_store, GError **error)
{
  g_autoptr(GError) local = NULL;

  self->store = anyi_store_open(self->settings->db_path, &local);
  if (self->store) {
    anyi_store_set_outage_func(self->store, on_store_outage, self);
    watch_store(self);
    return TRUE;
  }
  if (!wait_for_store || !anyi_store_error_is_outage(local)) {
    g_propagate_error(error, g_steal_pointer(&local));
    return FALSE;
  }
  store_down(self, local);
  return TRUE;
}

/* A technician replaced the file (moved a damaged one aside, put a good
 * one back or let the kiosk make a new one): the kiosk's connection still
 * has the old one open, and every write would go there. It opens the file
 * at the path instead; the session in memory is kept, and whoever holds
 * the store goes on using it. The hall sender has a connection of its own
 * and follows by itself, once it has sent what the old file still holds
 * (started again, it would leave that behind): it is only woken. */
static gboolean
follow_replaced_file(AnyiKiosk *self, GError **error)
{
  gboolean deleted = !g_file_test(self->settings->db_path, G_FILE_TEST_EXISTS);

  if (!anyi_store_file_replaced(self->store))
    return TRUE;
  g_warning("store: the database file %s was %s; reopening it", self->settings->db_path,
            deleted ? "deleted" : "replaced");
  if (!anyi_store_reopen(self->store, error))
    return FALSE;
  anyi_store_audit_add(self->store, "kiosk", "store-reopened", self->settings->db_path,
                       deleted ? "the database file was deleted: a new one was made"
                               : "the database file was replaced",
                       NULL);
  if (self->pusher)
    anyi_outbox_pusher_wake(self->pusher);
  return TRUE;
}

/* Told by the store's file monitor, or at a case boundary, when nothing is
 * under way in the old file: the kiosk follows the new one at once, or goes
 * out of service when it cannot be used (and follows it once it can). */
static gboolean
on_store_replaced(AnyiStore *store, gpointer data, GError **error)
{
  AnyiKiosk *self = data;
  g_autoptr(GError) local = NULL;

  (void)store;
  if (follow_replaced_file(self, &local))
    return TRUE;
  store_down(self, local);
  g_propagate_error(error, g_steal_pointer(&local));
  return FALSE;
}

static void
watch_store(AnyiKiosk *self)
{
  g_autoptr(GError) error = NULL;

  if (!anyi_store_watch_file(self->store, on_store_replaced, self, &error))
    g_warning("store: a replaced database file is noticed only at the next store error: %s",
              error->message);
}

/* The store works again: a kiosk that started without it opens it now and
 * does the upkeep it put off; one whose file was replaced opens the new
 * one. */
static void
store_came_back(AnyiKiosk *self)
{
  g_autoptr(GError) error = NULL;

  if (self->store && !follow_replaced_file(self, &error)) {
    store_down(self, error);
    return;
  }
  if (!self->store) {
    self->store = anyi_store_open(self->settings->db_path, &error);
    if (!self->store) {
      store_down(self, error);
      return;
    }
    anyi_store_set_outage_func(self->store, on_store_outage, self);
    watch_store(self);
    if (self->upkeep_wanted)
      run_upkeep(self);
  }
  g_clear_handle_id(&self->store_probe_id, g_source_remove);
  anyi_kiosk_health_part_up(self->health, ANYI_KIOSK_PART_STORE);
}

static void
probe_in_thread(GTask *task, gpointer source, gpointer path, GCancellable *cancellable)
{
  GError *error = NULL;

  if (anyi_store_probe_file(path, &error))
    g_task_return_boolean(task, TRUE);
  else
    g_task_return_error(task, error);
}

static void
on_probed(GObject *source, GAsyncResult *result, gpointer data)
{
  AnyiKiosk *self = ANYI_KIOSK(source);
  g_autoptr(GError) error = NULL;

  g_clear_object(&self->probing);
  if (g_error_matches(error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (!g_task_propagate_boolean(G_TASK(result), &error)) {
    if (!g_error_matches(error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
      store_down(self, error);
    return;
  }
  store_came_back(self);
}

static gboolean
probe_store(gpointer data)
{
  AnyiKiosk *self = data;
  g_autoptr(GTask) task = NULL;

  if (self->probing) /* the last one is still waiting on a lock */
    return G_SOURCE_CONTINUE;
  self->probing = g_cancellable_new();
  task = g_task_new(self, self->probing, on_probed, NULL);
  g_task_set_source_tag(task, probe_store);
  g_task_set_task_data(task, g_strdup(self->settings->db_path), g_free);
  g_task_set_return_on_cancel(task, TRUE);
  g_task_run_in_thread(task, probe_in_thread);
  return G_SOURCE_CONTINUE;
}

static void
start_probing(AnyiKiosk *self)
{
  if (!self->store_probe_id)
    self->store_probe_id = g_timeout_add_seconds(STORE_PROBE_INTERVAL_S, probe_store, self);
}

/* A kiosk that cannot open its settings, database or back office cannot
 * serve anyone: the caller says so for the technician and exits. */
static gboolean
open_core(AnyiKiosk *self, const AnyiKioskPlaces *places, GError **error)
{
  g_autofree char *records = anyi_asset_path("hall/emulated-records.json");
  g_autofree char *services = anyi_catalogue_default_dir();

  self->settings = anyi_settings_load(error);
  if (!self->settings)
    return FALSE;
  if (places->db_path) {
    g_free(self->settings->db_path);
    self->settings->db_path = g_strdup(places->db_path);
  } else {
    /* the kiosk's own data: its log goes with it */
    anyi_log_set_file_rotated(self->settings->log_path, (gsize)self->settings->log_max_kb * 1024,
                              (guint)self->settings->log_keep);
  }
  self->health = anyi_kiosk_health_new(self->settings->out_of_service_after_s);
  g_signal_connect(self->health, "notify::reason", G_CALLBACK(on_reason_changed), self);
  if (!open_store(self, places->wait_for_store, error))
    return FALSE;
  self->hall = anyi_hall_new_emulated(records, error);
  if (!self->hall)
    return FALSE;
  self->catalogue =
      anyi_catalogue_load(places->catalogue_dir ? places->catalogue_dir : services, error);
  if (!self->catalogue)
    return FALSE;
  open_payment(self, places->ledger_path);
  return TRUE;
}

AnyiKiosk *
anyi_kiosk_open_at(const AnyiKioskPlaces *places, GError **error)
{
  const AnyiKioskPlaces its_own = {0};
  g_autoptr(AnyiKiosk) self = g_object_new(ANYI_TYPE_KIOSK, NULL);

  if (!open_core(self, places ? places : &its_own, error))
    return NULL;
  return g_steal_pointer(&self);
}

AnyiKiosk *
anyi_kiosk_open(GError **error)
{
  return anyi_kiosk_open_at(NULL, error);
}

/* ---- devices ---- */

/* Every service starts with the card: a reader gone for long is an outage. */
static void
on_reader_state(AnyiIdcardMonitor *idcard, GParamSpec *pspec, AnyiKiosk *self)
{
  AnyiIdcardReaderState state = anyi_idcard_monitor_get_state(idcard);

  if (state == ANYI_IDCARD_READER_STATE_NONE)
    anyi_kiosk_health_part_down(self->health, ANYI_KIOSK_PART_READER, "reader-unplugged");
  else if (state == ANYI_IDCARD_READER_STATE_FAULT)
    anyi_kiosk_health_part_down(self->health, ANYI_KIOSK_PART_READER, "reader-fault");
  else
    anyi_kiosk_health_part_up(self->health, ANYI_KIOSK_PART_READER);
}

static void
open_card_reader(AnyiKiosk *self)
{
  g_autoptr(GError) error = NULL;

  self->idcard = anyi_idcard_monitor_new(self->settings->idcard_table, &error);
  if (!self->idcard) {
    g_warning("idcard: reader table %s unusable, card services are off: %s",
              self->settings->idcard_table, error->message);
    return;
  }
  g_signal_connect(self->idcard, "notify::state", G_CALLBACK(on_reader_state), self);
  on_reader_state(self->idcard, NULL, self);
  /* A card already on the reader is a citizen's of before a crash or power
   * cut, whose case the start-up ends: it is asked to be taken, never read
   * for whoever walks up next (their name and cases would show). */
  anyi_idcard_monitor_end_session(self->idcard);
}

/* Cameras are made now but started by the page that shows them: a camera
 * streams only while a citizen looks at it. */
static void
open_cameras(AnyiKiosk *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AnyiCameraTable) table = anyi_camera_table_load_default(&error);

  if (!table) {
    g_warning("camera: table unusable, photo and document steps go to a window: %s",
              error->message);
    return;
  }
  self->cameras[0] = anyi_camera_new(ANYI_CAMERA_ROLE_FACE, table);
  self->cameras[1] = anyi_camera_new(ANYI_CAMERA_ROLE_DOCUMENT, table);
}

static AnyiKioskPart
printer_part(AnyiPrinterRole role)
{
  return role == ANYI_PRINTER_ROLE_RECEIPT ? ANYI_KIOSK_PART_RECEIPT_PRINTER
                                           : ANYI_KIOSK_PART_A4_PRINTER;
}

/* Every change is kept in the device log; a fault hall staff can clear
 * (paper, cover) also goes to the audit log, which staff read. */
static void
on_printer_changed(AnyiPrinterWatch *watch, AnyiPrinterStatus *status, AnyiKiosk *self)
{
  AnyiPrinterRole role = watch == self->printer_watches[ANYI_PRINTER_ROLE_RECEIPT]
                             ? ANYI_PRINTER_ROLE_RECEIPT
                             : ANYI_PRINTER_ROLE_A4;
  const char *name = anyi_printer_role_to_string(role);
  const AnyiPrinterFault *fault = anyi_printer_status_worst_fault(status, role);

  /* paper and covers staff put right; an unreachable or stopped printer is missing */
  if (fault && fault->blocking && fault->recovery == ANYI_RECOVERY_MAINTENANCE)
    anyi_kiosk_health_part_down(self->health, printer_part(role), fault->code);
  else
    anyi_kiosk_health_part_up(self->health, printer_part(role));
  if (self->store) {
    anyi_store_device_event_add(self->store, name, fault ? fault->code : "ok", status->reasons,
                                NULL);
    if (fault && fault->recovery == ANYI_RECOVERY_CLEAR)
      anyi_store_audit_add(self->store, "kiosk", "staff-alert", name, fault->text_zh, NULL);
  }
  g_message("printer %s (%s): %s", name, status->queue, fault ? fault->code : "ok");
}

/* Printers are asked every 15 s: a jam is noticed before the next citizen
 * needs paper, and at rest it is a few IPP requests a minute. */
static void
watch_printers(AnyiKiosk *self)
{
  const char *queues[ANYI_PRINTER_NUM_ROLES] = {self->settings->receipt_queue,
                                                self->settings->a4_queue};

  for (AnyiPrinterRole role = 0; role < ANYI_PRINTER_NUM_ROLES; role++) {
    self->printer_watches[role] = anyi_printer_watch_new(queues[role], role, 15000);
    g_signal_connect(self->printer_watches[role], "changed", G_CALLBACK(on_printer_changed), self);
  }
  for (AnyiPrinterRole role = 0; role < ANYI_PRINTER_NUM_ROLES; role++)
    anyi_printer_watch_start(self->printer_watches[role]);
}

/* Every prompt is also spoken; a kiosk whose speech cannot start still
 * shows every prompt, and says why in the log for the technician. */
static void
start_speech(AnyiKiosk *self)
{
  g_autoptr(GError) error = NULL;

  self->speech = anyi_speech_new(&error);
  if (!self->speech)
    g_warning("speech: prompts will be shown only: %s", error->message);
}

void
anyi_kiosk_start_devices(AnyiKiosk *self)
{
  g_return_if_fail(ANYI_IS_KIOSK(self));
  open_card_reader(self);
  open_cameras(self);
  watch_printers(self);
  start_speech(self);
}

/* ---- cases ---- */

/* Failed photos before a case goes to the window. */
#define MAX_PHOTO_TRIES 3

static AnyiLedgerBackOffice *
back_office(AnyiKiosk *self)
{
  if (self->ledger_store != self->store) {
    g_clear_object(&self->ledger);
    self->ledger_store = self->store;
    if (self->store)
      self->ledger = anyi_ledger_sqlite_new(self->store, self->settings->kiosk_id);
  }
  self->back_office = (AnyiLedgerBackOffice){.hall = self->hall, .ledger = self->ledger};
  return &self->back_office;
}

void
anyi_kiosk_get_runner_config(AnyiKiosk *self, AnyiCaseRunnerConfig *config)
{
  const AnyiSettings *settings = self->settings;

  *config = (AnyiCaseRunnerConfig){
      .kiosk_letter = settings->kiosk_letter,
      .kiosk_id = settings->kiosk_id,
      .hall = settings->hall_name,
      .hotline = settings->hotline,
      .window = settings->handoff_window,
      .max_photo_tries = MAX_PHOTO_TRIES,
      .has_fingerprint_reader = settings->has_fingerprint_reader,
      .ask_back_office = anyi_ledger_progress_answers,
      .back_office_data = back_office(self),
  };
}

int
anyi_kiosk_recover_cases(AnyiKiosk *self, GError **error)
{
  AnyiCaseRunnerConfig config;

  anyi_kiosk_get_runner_config(self, &config);
  return anyi_case_runner_recover_unfinished(self->store, self->catalogue, self->payment, &config,
                                             error);
}

/* ---- upkeep ---- */

/* Cases a crash or power cut left open are ended as the engine decides:
 * handed off with what was collected, so the window can finish them. */
static void
recover_cases(AnyiKiosk *self)
{
  g_autoptr(GError) error = NULL;
  int ended = anyi_kiosk_recover_cases(self, &error);

  if (ended < 0)
    g_warning("case: cannot recover the cases of before the restart: %s", error->message);
  else if (ended > 0)
    g_message("case: %d case(s) of before the restart ended", ended);
}

static void
on_print_recovered(GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GError) error = NULL;
  int settled = anyi_case_print_recover_finish(result, &error);

  if (settled < 0)
    g_warning("print: cannot settle the jobs of before the restart: %s", error->message);
  else if (settled > 0)
    g_message("print: %d job(s) of before the restart settled", settled);
}

/* Personal data goes when the retention period ends, not when someone
 * remembers: at start-up and every six hours after. */
#define RETENTION_INTERVAL_S (6 * 3600)

static void
on_retention_done(GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(AnyiKiosk) self = user_data;
  g_autoptr(GError) error = NULL;
  AnyiRetentionResult done;

  if (!anyi_retention_run_finish(result, &done, &error)) {
    g_warning("retention: purge failed, retried in %d hours: %s", RETENTION_INTERVAL_S / 3600,
              error->message);
    return;
  }
  self->clock_jump_s = done.clock_held ? MAX(done.clock_jump_s, 1) : 0;
}

/* On a worker with its own connection: a purge of many cases must not
 * freeze the screen. */
static gboolean
run_retention(gpointer data)
{
  AnyiKiosk *self = data;

  anyi_retention_run_async(self->settings, g_get_real_time() / G_USEC_PER_SEC, NULL,
                           on_retention_done, g_object_ref(self));
  return G_SOURCE_CONTINUE;
}

void
anyi_kiosk_run_retention(AnyiKiosk *self)
{
  g_return_if_fail(ANYI_IS_KIOSK(self));
  run_retention(self);
}

gint64
anyi_kiosk_get_clock_jump(AnyiKiosk *self)
{
  g_return_val_if_fail(ANYI_IS_KIOSK(self), 0);
  return self->clock_jump_s;
}

gboolean
anyi_kiosk_confirm_clock(AnyiKiosk *self, const char *actor, GError **error)
{
  g_return_val_if_fail(ANYI_IS_KIOSK(self), FALSE);
  if (!self->store) {
    g_set_error_literal(error, ANYI_STORE_ERROR, ANYI_STORE_ERROR_OPEN, "the store is not open");
    return FALSE;
  }
  if (!anyi_retention_confirm_clock(self->store, actor, g_get_real_time() / G_USEC_PER_SEC, error))
    return FALSE;
  self->clock_jump_s = 0;
  run_retention(self); /* what waited for the confirmation is wiped now */
  return TRUE;
}

/* With a hall ledger server in kiosk.conf, what the outbox holds goes to it
 * on the pusher's own thread; the kiosk serves on while the server is down. */
static void
start_ledger_pusher(AnyiKiosk *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AnyiOutboxPusher) pusher = anyi_outbox_pusher_new_from_settings(self->settings, &error);

  if (!pusher && error)
    g_warning("ledger: cannot send cases to the hall's server: %s", error->message);
  else if (pusher && !anyi_outbox_pusher_start(pusher, &error))
    g_warning("ledger: the sender did not start: %s", error->message);
  else if (pusher)
    self->pusher = g_steal_pointer(&pusher);
}

gboolean
anyi_kiosk_get_outbox(AnyiKiosk *self, gint64 *waiting, gint64 *oldest_age_s)
{
  g_return_val_if_fail(ANYI_IS_KIOSK(self), FALSE);
  *waiting = *oldest_age_s = 0;
  if (!self->pusher || !self->store)
    return FALSE;
  return anyi_store_outbox_status(self->store, waiting, oldest_age_s, NULL);
}

static void
run_upkeep(AnyiKiosk *self)
{
  if (self->upkeep_done)
    return;
  self->upkeep_done = TRUE;
  anyi_store_audit_add(self->store, "kiosk", "start", self->settings->kiosk_id, ANYI_VERSION, NULL);
  recover_cases(self);
  run_retention(self);
  self->retention_id = g_timeout_add_seconds(RETENTION_INTERVAL_S, run_retention, self);
  /* A crash or power cut may have left print jobs half done. */
  anyi_case_print_recover_async(self->store, self->settings, NULL, on_print_recovered, NULL);
  start_ledger_pusher(self);
  g_message("kiosk %s started (version %s)", self->settings->kiosk_id, ANYI_VERSION);
}

/* Without its store (it waits for it), the kiosk does this once the store
 * opens. */
void
anyi_kiosk_start_upkeep(AnyiKiosk *self)
{
  g_return_if_fail(ANYI_IS_KIOSK(self));
  self->upkeep_wanted = TRUE;
  if (self->store)
    run_upkeep(self);
}

void
anyi_kiosk_stop(AnyiKiosk *self)
{
  g_return_if_fail(ANYI_IS_KIOSK(self));
  if (self->idcard)
    anyi_idcard_monitor_stop(self->idcard);
  for (guint i = 0; i < G_N_ELEMENTS(self->printer_watches); i++)
    if (self->printer_watches[i])
      anyi_printer_watch_stop(self->printer_watches[i]);
  g_clear_handle_id(&self->retention_id, g_source_remove);
  g_clear_handle_id(&self->store_probe_id, g_source_remove);
  g_cancellable_cancel(self->probing);
  g_clear_pointer(&self->pusher, anyi_outbox_pusher_free);
  for (guint i = 0; i < G_N_ELEMENTS(self->cameras); i++)
    if (self->cameras[i])
      anyi_camera_stop(self->cameras[i]);
}

/* ---- printing ---- */

static char *
problem_of_status(const AnyiPrinterStatus *status, AnyiPrinterRole role)
{
  const AnyiPrinterFault *fault;

  /* No answer yet is not a fault: the job itself finds out and fails fast. */
  if (!status || anyi_printer_status_usable(status, role))
    return NULL;
  fault = anyi_printer_status_worst_fault(status, role);
  return g_strdup(fault ? fault->code : "unusable");
}

char *
anyi_kiosk_printer_problem(AnyiKiosk *self, AnyiPrinterRole role)
{
  AnyiPrinterWatch *watch = anyi_kiosk_get_printer_watch(self, role);

  return problem_of_status(watch ? anyi_printer_watch_get_status(watch) : NULL, role);
}

typedef struct {
  char *queue;
  AnyiPrinterRole role;
} PrinterCheck;

static void
printer_check_free(PrinterCheck *check)
{
  g_free(check->queue);
  g_free(check);
}

static void
check_printer_in_thread(GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  PrinterCheck *check = task_data;
  g_autoptr(AnyiPrinterStatus) status = anyi_printer_status_query(check->queue);

  g_task_return_pointer(task, problem_of_status(status, check->role), g_free);
}

void
anyi_kiosk_check_printer_async(AnyiKiosk *self, AnyiPrinterRole role, GCancellable *cancellable,
                               GAsyncReadyCallback callback, gpointer user_data)
{
  const char *queues[ANYI_PRINTER_NUM_ROLES] = {self->settings->receipt_queue,
                                                self->settings->a4_queue};
  g_autoptr(GTask) task = NULL;
  PrinterCheck *check;

  g_return_if_fail(role < ANYI_PRINTER_NUM_ROLES);
  task = g_task_new(self, cancellable, callback, user_data);
  check = g_new0(PrinterCheck, 1);
  check->queue = g_strdup(queues[role]);
  check->role = role;
  g_task_set_source_tag(task, anyi_kiosk_check_printer_async);
  g_task_set_task_data(task, check, (GDestroyNotify)printer_check_free);
  g_task_set_return_on_cancel(task, TRUE);
  g_task_run_in_thread(task, check_printer_in_thread);
}

char *
anyi_kiosk_check_printer_finish(AnyiKiosk *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail(g_task_is_valid(result, self), NULL);
  return g_task_propagate_pointer(G_TASK(result), error);
}

void
anyi_kiosk_print_async(AnyiKiosk *self, AnyiCase *kase, const char *template_name,
                       AnyiPrinterRole role, JsonObject *data, GCancellable *cancellable,
                       GAsyncReadyCallback callback, gpointer user_data)
{
  g_return_if_fail(ANYI_IS_KIOSK(self));
  anyi_case_print_async(self->store, self->settings, kase, template_name, role, data, cancellable,
                        callback, user_data);
}

gboolean
anyi_kiosk_print_finish(AnyiKiosk *self, GAsyncResult *result, GError **error)
{
  return anyi_case_print_finish(result, error);
}

/* ---- getters ---- */

AnyiSettings *
anyi_kiosk_get_settings(AnyiKiosk *self)
{
  return self->settings;
}

AnyiStore *
anyi_kiosk_get_store(AnyiKiosk *self)
{
  return self->store;
}

AnyiKioskHealth *
anyi_kiosk_get_health(AnyiKiosk *self)
{
  return self->health;
}

AnyiHall *
anyi_kiosk_get_hall(AnyiKiosk *self)
{
  return self->hall;
}

AnyiCatalogue *
anyi_kiosk_get_catalogue(AnyiKiosk *self)
{
  return self->catalogue;
}

AnyiPaymentProvider *
anyi_kiosk_get_payment(AnyiKiosk *self)
{
  return self->payment;
}

AnyiIdcardMonitor *
anyi_kiosk_get_idcard(AnyiKiosk *self)
{
  return self->idcard;
}

AnyiCamera *
anyi_kiosk_get_camera(AnyiKiosk *self, AnyiCameraRole role)
{
  return self->cameras[role == ANYI_CAMERA_ROLE_FACE ? 0 : 1];
}

AnyiPhotoChecker *
anyi_kiosk_get_photo_checker(AnyiKiosk *self)
{
  g_autoptr(GError) error = NULL;

  if (!self->photo_checker) {
    self->photo_checker = anyi_photo_checker_new(&error);
    if (!self->photo_checker)
      g_warning("photo: face detection unusable, photos are taken at a window: %s", error->message);
  }
  return self->photo_checker;
}

AnyiSpeech *
anyi_kiosk_get_speech(AnyiKiosk *self)
{
  return self->speech;
}

AnyiPrinterWatch *
anyi_kiosk_get_printer_watch(AnyiKiosk *self, AnyiPrinterRole role)
{
  g_return_val_if_fail(role < ANYI_PRINTER_NUM_ROLES, NULL);
  return self->printer_watches[role];
}

/* ---- life cycle ---- */

static void
anyi_kiosk_dispose(GObject *object)
{
  AnyiKiosk *self = ANYI_KIOSK(object);

  g_clear_handle_id(&self->retention_id, g_source_remove);
  g_clear_handle_id(&self->store_probe_id, g_source_remove);
  g_cancellable_cancel(self->probing);
  g_clear_object(&self->probing);
  g_clear_pointer(&self->pusher, anyi_outbox_pusher_free);
  if (self->idcard)
    g_signal_handlers_disconnect_by_data(self->idcard, self);
  g_clear_object(&self->idcard);
  for (guint i = 0; i < G_N_ELEMENTS(self->printer_watches); i++)
    g_clear_object(&self->printer_watches[i]);
  g_clear_object(&self->speech);
  for (guint i = 0; i < G_N_ELEMENTS(self->cameras); i++)
    g_clear_object(&self->cameras[i]);
  g_clear_object(&self->photo_checker);
  g_clear_object(&self->payment);
  g_clear_object(&self->ledger);
  g_clear_pointer(&self->hall, anyi_hall_free);
  g_clear_object(&self->catalogue);
  g_clear_pointer(&self->store, anyi_store_close);
  g_clear_pointer(&self->settings, anyi_settings_free);
  if (self->health)
    g_signal_handlers_disconnect_by_data(self->health, self);
  g_clear_object(&self->health);
  g_clear_pointer(&self->last_reason, g_free);
  g_clear_error(&self->pending_outage);
  G_OBJECT_CLASS(anyi_kiosk_parent_class)->dispose(object);
}

static void
anyi_kiosk_finalize(GObject *object)
{
  g_mutex_clear(&ANYI_KIOSK(object)->outage_lock);
  G_OBJECT_CLASS(anyi_kiosk_parent_class)->finalize(object);
}

static void
anyi_kiosk_class_init(AnyiKioskClass *klass)
{
  G_OBJECT_CLASS(klass)->dispose = anyi_kiosk_dispose;
  G_OBJECT_CLASS(klass)->finalize = anyi_kiosk_finalize;
}

static void
anyi_kiosk_init(AnyiKiosk *self)
{
  g_mutex_init(&self->outage_lock);
}
