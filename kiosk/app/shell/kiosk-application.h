/* kiosk-application.h: the kiosk process: engine objects and the window. */
#pragma once

#include "camera/anyi-camera.h"
#include "cases/anyi-case-runner.h"
#include "catalogue/catalogue.h"
#include "payment/anyi-payment.h"
#include "photo/anyi-id-photo.h"
#include "hall/anyi-hall.h"
#include "idcard/idcard-monitor.h"
#include "print/printer-status.h"
#include "settings/anyi-settings.h"
#include "speech/anyi-speech.h"
#include "store/anyi-store.h"

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define KIOSK_TYPE_APPLICATION (kiosk_application_get_type())
G_DECLARE_FINAL_TYPE(KioskApplication, kiosk_application, KIOSK, APPLICATION, GtkApplication)

/* Sets the locale and binds the kiosk's translations: first thing in main(). */
void kiosk_application_init_locale(void);
KioskApplication *kiosk_application_new(void);
/* The kiosk's stylesheet (assets/styles/kiosk.css) on the default display. */
void kiosk_application_load_style(void);

AnyiSettings *kiosk_application_get_settings(KioskApplication *self);
AnyiStore *kiosk_application_get_store(KioskApplication *self);
AnyiHall *kiosk_application_get_hall(KioskApplication *self);
AnyiCatalogue *kiosk_application_get_catalogue(KioskApplication *self);
/* @text in the interface language. */
const char *kiosk_application_text(KioskApplication *self, const AnyiText *text);
/* NULL when no reader table could be loaded: card services are then off. */
AnyiIdcardMonitor *kiosk_application_get_idcard(KioskApplication *self);
/* The watch on the printer of @role ("receipt", "a4"). */
AnyiPrinterWatch *kiosk_application_get_printer_watch(KioskApplication *self, const char *role);
/* NULL when speech could not start: prompts are then shown only. */
AnyiSpeech *kiosk_application_get_speech(KioskApplication *self);
/* NULL when no camera table could be loaded (the camera itself may be
 * unplugged: see anyi_camera_get_state). Not started. */
AnyiCamera *kiosk_application_get_camera(KioskApplication *self, AnyiCameraRole role);
/* Made on first use; NULL when the face cascades cannot be loaded. */
AnyiPhotoChecker *kiosk_application_get_photo_checker(KioskApplication *self);
/* NULL when the payment platform is unusable: fees are then paid at a window. */
AnyiPaymentProvider *kiosk_application_get_payment(KioskApplication *self);
/* Failed photos before the window takes over. */
#define KIOSK_MAX_PHOTO_TRIES 3
/* How this kiosk runs cases (strings owned by the settings). */
void kiosk_application_get_runner_config(KioskApplication *self, AnyiCaseRunnerConfig *config);
GtkWindow *kiosk_application_get_kiosk_window(KioskApplication *self);
/* Switches the interface language (zh_CN or en) and rebuilds the window. */
void kiosk_application_set_language(KioskApplication *self, const char *language);
const char *kiosk_application_get_language(KioskApplication *self);

G_END_DECLS
