/* kiosk-application.c */
#include "kiosk-application.h"
#include "cases/anyi-case-print.h"
#include "cases/anyi-retention.h"
#include "payment/anyi-payment-emulated.h"
#include "kiosk-window.h"
#include "log/anyi-log.h"

#include <anyi-config.h>
#include <glib/gi18n-lib.h>
#include <locale.h>

struct _KioskApplication {
  GtkApplication parent_instance;
  AnyiSettings *settings;
  AnyiStore *store;
  AnyiHall *hall;
  AnyiCatalogue *catalogue;
  AnyiIdcardMonitor *idcard;
  AnyiPrinterWatch *receipt_watch;
  AnyiPrinterWatch *a4_watch;
  AnyiSpeech *speech;
  AnyiCamera *cameras[2];          /* face, document; NULL without a camera table */
  AnyiPhotoChecker *photo_checker; /* made on first use: loading takes ~100 ms */
  AnyiPaymentProvider *payment;
  guint retention_id;
  KioskWindow *window;
  char *language;
};

G_DEFINE_FINAL_TYPE(KioskApplication, kiosk_application, GTK_TYPE_APPLICATION)

void
kiosk_application_load_style(void)
{
  g_autofree char *path = anyi_asset_path("styles/kiosk.css");
  g_autoptr(GtkCssProvider) provider = gtk_css_provider_new();

  gtk_css_provider_load_from_path(provider, path);
  gtk_style_context_add_provider_for_display(gdk_display_get_default(),
                                             GTK_STYLE_PROVIDER(provider),
                                             GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
}

static void
open_card_reader(KioskApplication *self)
{
  g_autoptr(GError) error = NULL;

  self->idcard = anyi_idcard_monitor_new(self->settings->idcard_table, &error);
  if (!self->idcard)
    g_warning("idcard: reader table %s unusable, card services are off: %s",
              self->settings->idcard_table, error->message);
}

static void
on_printer_changed(AnyiPrinterWatch *watch, AnyiPrinterStatus *status, KioskApplication *self)
{
  const char *role = watch == self->receipt_watch ? "receipt" : "a4";
  const AnyiPrinterFault *fault = anyi_printer_status_worst_fault(
      status, watch == self->receipt_watch ? ANYI_PRINTER_ROLE_RECEIPT : ANYI_PRINTER_ROLE_A4);

  anyi_store_device_event_add(self->store, role, fault ? fault->code : "ok", status->reasons, NULL);
  if (fault && fault->recovery == ANYI_RECOVERY_CLEAR)
    anyi_store_audit_add(self->store, "kiosk", "staff-alert", role, fault->text_zh, NULL);
  g_message("printer %s (%s): %s", role, status->queue, fault ? fault->code : "ok");
}

/* Printers are asked every 15 s: a jam is noticed before the next citizen
 * needs paper, and at rest it is a few IPP requests a minute. */
static void
watch_printers(KioskApplication *self)
{
  self->receipt_watch =
      anyi_printer_watch_new(self->settings->receipt_queue, ANYI_PRINTER_ROLE_RECEIPT, 15000);
  self->a4_watch = anyi_printer_watch_new(self->settings->a4_queue, ANYI_PRINTER_ROLE_A4, 15000);
  g_signal_connect(self->receipt_watch, "changed", G_CALLBACK(on_printer_changed), self);
  g_signal_connect(self->a4_watch, "changed", G_CALLBACK(on_printer_changed), self);
  anyi_printer_watch_start(self->receipt_watch);
  anyi_printer_watch_start(self->a4_watch);
}

/* Every prompt is also spoken; a kiosk whose speech cannot start still
 * shows every prompt, and says why in the log for the technician. */
static void
start_speech(KioskApplication *self)
{
  g_autoptr(GError) error = NULL;

  self->speech = anyi_speech_new(&error);
  if (!self->speech)
    g_warning("speech: prompts will be shown only: %s", error->message);
}

/* Cameras are made now but started by the page that shows them: a camera
 * streams only while a citizen looks at it. */
static void
open_cameras(KioskApplication *self)
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

/* The hall's payment platform. This build has the emulated one only (its
 * ledger kept next to the database, as a platform keeps its own); a hall's
 * provider implements AnyiPaymentProvider. */
static void
open_payment(KioskApplication *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_path_get_dirname(self->settings->db_path);
  g_autofree char *ledger = g_build_filename(dir, "emulated-payments.ini", NULL);
  AnyiPaymentEmulated *payment = anyi_payment_emulated_new(ledger, &error);

  if (!payment) {
    g_warning("payment: platform unusable, fees are paid at a window: %s", error->message);
    return;
  }
  self->payment = ANYI_PAYMENT_PROVIDER(payment);
}

/* A kiosk that cannot open its settings, database or back office cannot
 * serve anyone; it says so in the log for the technician and exits, and the
 * session manager shows the hall's out-of-service screen. */
static gboolean
open_engine(KioskApplication *self, GError **error)
{
  g_autofree char *records = anyi_asset_path("hall/emulated-records.json");
  g_autofree char *services = anyi_catalogue_default_dir();

  self->settings = anyi_settings_load(error);
  if (!self->settings)
    return FALSE;
  anyi_log_set_file(self->settings->log_path);
  self->store = anyi_store_open(self->settings->db_path, error);
  if (!self->store)
    return FALSE;
  self->hall = anyi_hall_new_emulated(records, error);
  if (!self->hall)
    return FALSE;
  self->catalogue = anyi_catalogue_load(services, error);
  if (!self->catalogue)
    return FALSE;
  open_card_reader(self);
  open_cameras(self);
  open_payment(self);
  watch_printers(self);
  start_speech(self);
  return TRUE;
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

/* Cases a crash or power cut left open are ended as the engine decides:
 * handed off with what was collected, so the window can finish them. */
static void
recover_cases(KioskApplication *self)
{
  g_autoptr(GError) error = NULL;
  AnyiCaseRunnerConfig config;
  int ended;

  kiosk_application_get_runner_config(self, &config);
  ended = anyi_case_runner_recover_unfinished(self->store, self->catalogue, self->payment, &config,
                                              &error);
  if (ended < 0)
    g_warning("case: cannot recover the cases of before the restart: %s", error->message);
  else if (ended > 0)
    g_message("case: %d case(s) of before the restart ended", ended);
}

/* Personal data goes when the retention period ends, not when someone
 * remembers: at start-up and every six hours after. */
#define RETENTION_INTERVAL_S (6 * 3600)

static gboolean
run_retention(gpointer data)
{
  KioskApplication *self = data;
  g_autoptr(GError) error = NULL;
  AnyiRetentionResult result;

  if (!anyi_retention_run(self->store, self->settings, g_get_real_time() / G_USEC_PER_SEC, &result,
                          &error))
    g_warning("retention: purge failed, retried in %d hours: %s", RETENTION_INTERVAL_S / 3600,
              error->message);
  return G_SOURCE_CONTINUE;
}

static void
kiosk_application_startup(GApplication *app)
{
  KioskApplication *self = KIOSK_APPLICATION(app);
  g_autoptr(GError) error = NULL;

  G_APPLICATION_CLASS(kiosk_application_parent_class)->startup(app);
  if (!open_engine(self, &error)) {
    g_critical("kiosk: cannot start: %s", error->message);
    g_application_quit(app);
    return;
  }
  kiosk_application_set_language(self, self->settings->language);
  kiosk_application_load_style();
  anyi_store_audit_add(self->store, "kiosk", "start", self->settings->kiosk_id, ANYI_VERSION, NULL);
  recover_cases(self);
  run_retention(self);
  self->retention_id = g_timeout_add_seconds(RETENTION_INTERVAL_S, run_retention, self);
  /* A crash or power cut may have left print jobs half done. */
  anyi_case_print_recover_async(self->store, self->settings, NULL, on_print_recovered, NULL);
  g_message("kiosk %s started (version %s)", self->settings->kiosk_id, ANYI_VERSION);
}

static void
kiosk_application_activate(GApplication *app)
{
  KioskApplication *self = KIOSK_APPLICATION(app);

  if (!self->store)
    return;
  if (!self->window)
    self->window = kiosk_window_new(self);
  gtk_window_present(GTK_WINDOW(self->window));
}

static void
kiosk_application_shutdown(GApplication *app)
{
  KioskApplication *self = KIOSK_APPLICATION(app);

  if (self->idcard)
    anyi_idcard_monitor_stop(self->idcard);
  if (self->receipt_watch)
    anyi_printer_watch_stop(self->receipt_watch);
  if (self->a4_watch)
    anyi_printer_watch_stop(self->a4_watch);
  g_clear_handle_id(&self->retention_id, g_source_remove);
  for (guint i = 0; i < G_N_ELEMENTS(self->cameras); i++)
    if (self->cameras[i])
      anyi_camera_stop(self->cameras[i]);
  G_APPLICATION_CLASS(kiosk_application_parent_class)->shutdown(app);
}

static void
kiosk_application_dispose(GObject *object)
{
  KioskApplication *self = KIOSK_APPLICATION(object);

  g_clear_object(&self->idcard);
  g_clear_object(&self->receipt_watch);
  g_clear_object(&self->a4_watch);
  g_clear_object(&self->speech);
  for (guint i = 0; i < G_N_ELEMENTS(self->cameras); i++)
    g_clear_object(&self->cameras[i]);
  g_clear_object(&self->photo_checker);
  g_clear_object(&self->payment);
  g_clear_pointer(&self->hall, anyi_hall_free);
  g_clear_object(&self->catalogue);
  g_clear_pointer(&self->store, anyi_store_close);
  g_clear_pointer(&self->settings, anyi_settings_free);
  g_clear_pointer(&self->language, g_free);
  G_OBJECT_CLASS(kiosk_application_parent_class)->dispose(object);
}

static void
kiosk_application_class_init(KioskApplicationClass *klass)
{
  GApplicationClass *app_class = G_APPLICATION_CLASS(klass);

  app_class->startup = kiosk_application_startup;
  app_class->activate = kiosk_application_activate;
  app_class->shutdown = kiosk_application_shutdown;
  G_OBJECT_CLASS(klass)->dispose = kiosk_application_dispose;
}

static void
kiosk_application_init(KioskApplication *self)
{
}

/* GLib's _() decides at its first call, once for the process, whether to
 * translate at all: with Chinese (the source language, no catalogue) in
 * force it would never translate, and English chosen later would show only
 * in the .ui files. So the first call is made with English in force. */
static void
prime_glib_translation(void)
{
  g_autofree char *language = g_strdup(g_getenv("LANGUAGE"));

  g_setenv("LANGUAGE", "en", TRUE);
  setlocale(LC_MESSAGES, "");
  (void)g_dgettext(GETTEXT_PACKAGE, "");
  if (language)
    g_setenv("LANGUAGE", language, TRUE);
  else
    g_unsetenv("LANGUAGE");
  setlocale(LC_MESSAGES, "");
}

void
kiosk_application_init_locale(void)
{
  const char *locale_dir = g_getenv("ANYI_LOCALE_DIR");

  /* gettext ignores LANGUAGE in the "C" locale; C.UTF-8 is always there. */
  if (!setlocale(LC_ALL, "") || g_str_equal(setlocale(LC_MESSAGES, NULL), "C"))
    setlocale(LC_ALL, "C.UTF-8");
  bindtextdomain(GETTEXT_PACKAGE, locale_dir ? locale_dir : ANYI_LOCALE_DIR);
  bind_textdomain_codeset(GETTEXT_PACKAGE, "UTF-8");
  textdomain(GETTEXT_PACKAGE);
  prime_glib_translation();
}

KioskApplication *
kiosk_application_new(void)
{
  /* NON_UNIQUE: tests run several kiosks side by side on one session bus. */
  return g_object_new(KIOSK_TYPE_APPLICATION, "application-id", "cn.anyi.Kiosk", "flags",
                      G_APPLICATION_NON_UNIQUE, NULL);
}

AnyiSettings *
kiosk_application_get_settings(KioskApplication *self)
{
  return self->settings;
}

AnyiStore *
kiosk_application_get_store(KioskApplication *self)
{
  return self->store;
}

AnyiHall *
kiosk_application_get_hall(KioskApplication *self)
{
  return self->hall;
}

AnyiCatalogue *
kiosk_application_get_catalogue(KioskApplication *self)
{
  return self->catalogue;
}

const char *
kiosk_application_text(KioskApplication *self, const AnyiText *text)
{
  return g_str_equal(self->language, "en") && text->en && *text->en ? text->en : text->zh;
}

AnyiIdcardMonitor *
kiosk_application_get_idcard(KioskApplication *self)
{
  return self->idcard;
}

AnyiPrinterWatch *
kiosk_application_get_printer_watch(KioskApplication *self, const char *role)
{
  return g_str_equal(role, "receipt") ? self->receipt_watch : self->a4_watch;
}

AnyiSpeech *
kiosk_application_get_speech(KioskApplication *self)
{
  return self->speech;
}

AnyiCamera *
kiosk_application_get_camera(KioskApplication *self, AnyiCameraRole role)
{
  return self->cameras[role == ANYI_CAMERA_ROLE_FACE ? 0 : 1];
}

AnyiPhotoChecker *
kiosk_application_get_photo_checker(KioskApplication *self)
{
  g_autoptr(GError) error = NULL;

  if (!self->photo_checker) {
    self->photo_checker = anyi_photo_checker_new(&error);
    if (!self->photo_checker)
      g_warning("photo: face detection unusable, photos are taken at a window: %s", error->message);
  }
  return self->photo_checker;
}

AnyiPaymentProvider *
kiosk_application_get_payment(KioskApplication *self)
{
  return self->payment;
}

void
kiosk_application_get_runner_config(KioskApplication *self, AnyiCaseRunnerConfig *config)
{
  *config = (AnyiCaseRunnerConfig){
      .kiosk_letter = self->settings->kiosk_letter,
      .kiosk_id = self->settings->kiosk_id,
      .hall = self->settings->hall_name,
      .hotline = self->settings->hotline,
      .window = self->settings->handoff_window,
      .max_photo_tries = KIOSK_MAX_PHOTO_TRIES,
      /* this kiosk model has no fingerprint reader: those services hand off */
      .has_fingerprint_reader = FALSE,
  };
}

GtkWindow *
kiosk_application_get_kiosk_window(KioskApplication *self)
{
  return GTK_WINDOW(self->window);
}

const char *
kiosk_application_get_language(KioskApplication *self)
{
  return self->language;
}

/* Source strings are Chinese (the hall's language, and what a citizen sees
 * if a translation is missing); English comes from en.po. LANGUAGE works
 * because main() sets a non-"C" locale. Templates are translated when built,
 * so the window is rebuilt. */
void
kiosk_application_set_language(KioskApplication *self, const char *language)
{
  gboolean rebuild = self->window != NULL;

  g_free(self->language);
  self->language = g_strdup(g_strcmp0(language, "en") == 0 ? "en" : "zh_CN");
  g_setenv("LANGUAGE", self->language, TRUE);
  setlocale(LC_MESSAGES, "");
  if (self->speech)
    anyi_speech_set_language(self->speech, self->language);
  if (!rebuild)
    return;
  kiosk_window_allow_close(self->window);
  gtk_window_destroy(GTK_WINDOW(self->window));
  self->window = kiosk_window_new(self);
  gtk_window_present(GTK_WINDOW(self->window));
}
