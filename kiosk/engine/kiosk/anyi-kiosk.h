/* SPDX-License-Identifier: GPL-3.0-or-later */
/* anyi-kiosk.h: one kiosk of the hall: its settings, database, back office,
 * payment platform, devices and upkeep, without a screen.
 *
 * The kiosk process opens it, starts its devices and its upkeep, and shows
 * it; a technician's tool opens only the core (no devices) and uses the
 * same rules, so a case ends the same way whoever ends it. */
#pragma once

#include "camera/anyi-camera.h"
#include "cases/anyi-case-runner.h"
#include "cases/anyi-case.h"
#include "catalogue/catalogue.h"
#include "hall/anyi-hall.h"
#include "kiosk/anyi-kiosk-health.h"
#include "idcard/idcard-monitor.h"
#include "payment/anyi-payment.h"
#include "photo/anyi-id-photo.h"
#include "print/printer-status.h"
#include "settings/anyi-settings.h"
#include "speech/anyi-speech.h"
#include "store/anyi-store.h"

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define ANYI_TYPE_KIOSK (anyi_kiosk_get_type())
G_DECLARE_FINAL_TYPE(AnyiKiosk, anyi_kiosk, ANYI, KIOSK, GObject)

/* The core: the settings, the log file, the database, the back office, the
 * catalogue and the payment platform. Fails when the kiosk could serve no
 * one (settings, database, back office or catalogue unusable); without a
 * payment platform fees are paid at a window. */
AnyiKiosk *anyi_kiosk_open(GError **error);

/* Where a kiosk's data is, when not where its settings say. */
typedef struct {
  const char *db_path;       /* NULL: the settings' */
  const char *ledger_path;   /* the emulated payment platform's; NULL: next to the database */
  const char *catalogue_dir; /* NULL: the kiosk's services */
  /* The kiosk process: a store that cannot be used now (full, locked by
   * another process, corrupt) leaves the kiosk out of service, checking
   * again on a slow timer, instead of failing to open. */
  gboolean wait_for_store;
} AnyiKioskPlaces;

/* The core over data kept elsewhere (@places), for a technician's tool
 * working on a kiosk's database; the kiosk's log file is left alone when
 * the database is not its own. */
AnyiKiosk *anyi_kiosk_open_at(const AnyiKioskPlaces *places, GError **error);

/* The ID card reader, the cameras (made, not started), the printer watches
 * (their changes written to the device log, faults staff can clear to the
 * audit log) and speech. A device that cannot start is said in the log and
 * left NULL: what needs it goes to a window. */
void anyi_kiosk_start_devices(AnyiKiosk *self);
/* What the kiosk process does once started: audit-logs the start, ends the
 * cases and settles the print jobs a crash left open, and runs the
 * retention purge now and every six hours. */
void anyi_kiosk_start_upkeep(AnyiKiosk *self);
/* Stops the devices and the retention timer (the process is ending). */
void anyi_kiosk_stop(AnyiKiosk *self);

AnyiSettings *anyi_kiosk_get_settings(AnyiKiosk *self);
/* NULL only while a kiosk opened with wait_for_store waits for its store. */
AnyiStore *anyi_kiosk_get_store(AnyiKiosk *self);
/* Whether the kiosk can serve now ("reason" NULL) or why not. Every store
 * outage (whoever met it), both printers or the reader missing longer than
 * [devices] out-of-service-after, put it out of service; it checks a store
 * outage again every few seconds and comes back by itself. Going out of
 * service and coming back are audit-logged (a store outage once the store
 * works again). */
AnyiKioskHealth *anyi_kiosk_get_health(AnyiKiosk *self);
AnyiHall *anyi_kiosk_get_hall(AnyiKiosk *self);
AnyiCatalogue *anyi_kiosk_get_catalogue(AnyiKiosk *self);
/* NULL when the payment platform is unusable. */
AnyiPaymentProvider *anyi_kiosk_get_payment(AnyiKiosk *self);
/* NULL when no reader table could be loaded: card services are then off. */
AnyiIdcardMonitor *anyi_kiosk_get_idcard(AnyiKiosk *self);
/* NULL when no camera table could be loaded (the camera itself may be
 * unplugged: see anyi_camera_get_state). Not started. */
AnyiCamera *anyi_kiosk_get_camera(AnyiKiosk *self, AnyiCameraRole role);
/* Made on first use (loading takes ~100 ms); NULL when the face cascades
 * cannot be loaded. */
AnyiPhotoChecker *anyi_kiosk_get_photo_checker(AnyiKiosk *self);
/* NULL when speech could not start: prompts are then shown only. */
AnyiSpeech *anyi_kiosk_get_speech(AnyiKiosk *self);
/* The watch on the printer of @role; NULL before the devices start. */
AnyiPrinterWatch *anyi_kiosk_get_printer_watch(AnyiKiosk *self, AnyiPrinterRole role);

/* NULL when the printer of @role can print now (or has not answered yet:
 * the job itself then finds out and fails fast), else the code of its
 * worst fault ("paper-out", ...). */
char *anyi_kiosk_printer_problem(AnyiKiosk *self, AnyiPrinterRole role);
/* The same, from asking the printer now (on a worker thread) rather than
 * from the watch's last round, 15 s old at worst: for a choice a job that
 * fails later could no longer change. */
void anyi_kiosk_check_printer_async(AnyiKiosk *self, AnyiPrinterRole role,
                                    GCancellable *cancellable, GAsyncReadyCallback callback,
                                    gpointer user_data);
/* NULL when it can print (or did not answer); NULL with @error when cancelled. */
char *anyi_kiosk_check_printer_finish(AnyiKiosk *self, GAsyncResult *result, GError **error);
/* Renders @template_name with @data and records the job (on this thread),
 * then submits it and follows it to its end on a worker thread. @kase may
 * be NULL for documents of no case (a test page). */
void anyi_kiosk_print_async(AnyiKiosk *self, AnyiCase *kase, const char *template_name,
                            AnyiPrinterRole role, JsonObject *data, GCancellable *cancellable,
                            GAsyncReadyCallback callback, gpointer user_data);
/* TRUE when the document is on paper; otherwise FALSE and why. */
gboolean anyi_kiosk_print_finish(AnyiKiosk *self, GAsyncResult *result, GError **error);

/* How this kiosk runs cases: its settings, and its hall answering result
 * steps. Strings stay owned by the kiosk. */
void anyi_kiosk_get_runner_config(AnyiKiosk *self, AnyiCaseRunnerConfig *config);
/* Ends the cases a crash or power cut left open, with this kiosk's runner
 * configuration: what the kiosk does at start-up and `anyictl case
 * recover` does on request. Returns how many cases it ended, or -1 with
 * @error. */
int anyi_kiosk_recover_cases(AnyiKiosk *self, GError **error);

/* Retention (anyi-retention.h) runs on a worker at start-up and every six
 * hours; this runs it now. After the clock jumped forward it wipes nothing
 * and waits: anyi_kiosk_get_clock_jump() then gives how far it jumped, in
 * seconds (0: not waiting), until staff confirm the time with
 * anyi_kiosk_confirm_clock() (audited under @actor), which runs it again. */
void anyi_kiosk_run_retention(AnyiKiosk *self);
gint64 anyi_kiosk_get_clock_jump(AnyiKiosk *self);
gboolean anyi_kiosk_confirm_clock(AnyiKiosk *self, const char *actor, GError **error);

/* With a hall ledger server ([ledger] connection): the entries still to be
 * sent and the age in seconds of the oldest; FALSE (and 0, 0) without a
 * server or when the store cannot say. */
gboolean anyi_kiosk_get_outbox(AnyiKiosk *self, gint64 *waiting, gint64 *oldest_age_s);

G_END_DECLS
