/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kiosk-window-devices.c: what the kiosk can do right now, said before a
 * citizen starts: the attract screen's notice and the menu's tiles follow
 * the ID card reader and the receipt printer. And what a citizen leaves on
 * the devices: a card still on the reader when the session ends. */
#include "kiosk-window-private.h"

#include <glib/gi18n-lib.h>

static gboolean
reader_usable(KioskWindow *self)
{
  AnyiIdcardMonitor *idcard = anyi_kiosk_get_idcard(self->kiosk);
  AnyiIdcardReaderState state =
      idcard ? anyi_idcard_monitor_get_state(idcard) : ANYI_IDCARD_READER_STATE_NONE;

  return state != ANYI_IDCARD_READER_STATE_NONE && state != ANYI_IDCARD_READER_STATE_FAULT;
}

/* Every service starts by reading the citizen's card: with the reader out,
 * each says so rather than failing halfway. */
void
kiosk_window_fill_menu(KioskWindow *self)
{
  AnyiCatalogue *catalogue = anyi_kiosk_get_catalogue(self->kiosk);
  const char *unavailable = self->reader_ok ? NULL : _("读卡器暂停使用，请到窗口");

  kiosk_menu_page_clear(self->menu_page);
  kiosk_menu_page_set_catalogue(self->menu_page, catalogue,
                                kiosk_application_get_language(self->app));
  /* said on the first screen, before a category is opened */
  kiosk_menu_page_set_hint(
      self->menu_page, unavailable ? _("读卡器暂停使用，请到窗口办理需要身份证的事项。") : NULL);
  for (guint i = 0; i < anyi_catalogue_get_n_categories(catalogue); i++) {
    const AnyiCategory *category = anyi_catalogue_get_category(catalogue, i);

    kiosk_menu_page_add_category(
        self->menu_page, category->id, kiosk_application_text(self->app, &category->names),
        kiosk_application_text(self->app, &category->summary), category->icon);
  }
  for (guint i = 0; i < anyi_catalogue_get_n_services(catalogue); i++) {
    const AnyiService *service = anyi_catalogue_get_service(catalogue, i);

    kiosk_menu_page_add_service(self->menu_page, service->id, service->category->id,
                                kiosk_application_text(self->app, &service->names),
                                kiosk_application_text(self->app, &service->prompt), unavailable);
  }
}

/* Shown in both languages whatever the screen's: the citizen who left it
 * may have chosen either, and is walking away. */
#define TAKE_YOUR_CARD "请取走您的身份证 Please take your ID card"

static gboolean
card_left(KioskWindow *self)
{
  AnyiIdcardMonitor *idcard = anyi_kiosk_get_idcard(self->kiosk);

  return idcard && anyi_idcard_monitor_get_card_left(idcard);
}

/* What the kiosk cannot do right now, said on the attract screen before a
 * citizen starts, rather than discovered halfway; first of all, a card the
 * last citizen left on the reader. */
void
kiosk_window_refresh_availability(KioskWindow *self)
{
  gboolean reader_ok = reader_usable(self);
  g_autofree char *receipt_problem =
      anyi_kiosk_printer_problem(self->kiosk, ANYI_PRINTER_ROLE_RECEIPT);
  GString *notice = g_string_new(NULL);

  if (card_left(self))
    g_string_append(notice, TAKE_YOUR_CARD);
  if (!reader_ok)
    g_string_append_printf(notice, "%s%s", notice->len ? "\n" : "",
                           _("身份证读卡器暂时不能使用，需要刷证的业务请到窗口办理。"));
  if (receipt_problem)
    g_string_append_printf(notice, "%s%s", notice->len ? "\n" : "",
                           _("回执打印机暂停使用，办理结果可在屏幕上查看，需要回执请到窗口领取。"));
  kiosk_attract_page_set_notice(self->attract_page, notice->len ? notice->str : NULL);
  g_string_free(notice, TRUE);
  if (reader_ok != self->reader_ok) {
    self->reader_ok = reader_ok;
    kiosk_window_fill_menu(self);
    kiosk_window_card_first_follow_page(self, kiosk_window_get_page(self));
  }
}

/* ---- out of service ---- */

gboolean
kiosk_window_out_of_service(KioskWindow *self)
{
  AnyiKioskHealth *health = anyi_kiosk_get_health(self->kiosk);

  return health && anyi_kiosk_health_get_reason(health) != NULL;
}

/* Out of service: the page says why and where to go, over whatever was on
 * screen; a case under way stays as it was in memory (nothing is ended or
 * wiped while nothing can be written). Back in service: the session ends
 * as if the citizen had walked away, so a case with something collected
 * goes to the window with it, and the attract screen comes back. */
void
kiosk_window_follow_health(KioskWindow *self)
{
  const char *reason = anyi_kiosk_health_get_reason(anyi_kiosk_get_health(self->kiosk));
  const char *page = kiosk_window_get_page(self);

  if (reason) {
    g_autofree char *sentence = kiosk_out_of_service_page_show(
        self->out_of_service_page, reason, anyi_kiosk_get_settings(self->kiosk)->handoff_window);
    gtk_widget_set_visible(self->idle_prompt, FALSE);
    if (!g_str_equal(page, "staff")) {
      kiosk_window_show_page(self, "out-of-service");
      kiosk_window_say(self, sentence);
    }
  } else if (g_str_equal(page, "out-of-service")) {
    kiosk_window_end_session(self, "timeout");
  }
}

static void
on_health_changed(AnyiKioskHealth *health, GParamSpec *pspec, KioskWindow *self)
{
  kiosk_window_follow_health(self);
}

static void
on_printer_changed(AnyiPrinterWatch *watch, AnyiPrinterStatus *status, KioskWindow *self)
{
  kiosk_window_refresh_availability(self);
}

static void
on_reader_state(AnyiIdcardMonitor *monitor, GParamSpec *pspec, KioskWindow *self)
{
  kiosk_window_refresh_availability(self);
}

/* Said once when the reader reports the card, shown until it is lifted. The
 * session's own end stopped speech just before, so this is heard. */
static void
on_card_left(AnyiIdcardMonitor *monitor, GParamSpec *pspec, KioskWindow *self)
{
  AnyiSpeech *speech = anyi_kiosk_get_speech(self->kiosk);

  if (anyi_idcard_monitor_get_card_left(monitor)) {
    g_info("ui: a card was left on the reader: asking for it to be taken");
    if (speech)
      anyi_speech_say(speech, TAKE_YOUR_CARD);
  }
  kiosk_window_refresh_availability(self);
}

/* The citizen's session is over: a card still on the reader is theirs and
 * is never read for the next citizen (the reader answers with card-left).
 * One left by an earlier session and still there is asked for again now:
 * the property does not change, so on_card_left would stay silent. */
void
kiosk_window_devices_end_session(KioskWindow *self)
{
  AnyiIdcardMonitor *idcard = anyi_kiosk_get_idcard(self->kiosk);
  AnyiSpeech *speech = anyi_kiosk_get_speech(self->kiosk);

  if (!idcard)
    return;
  if (anyi_idcard_monitor_get_card_left(idcard) && speech)
    anyi_speech_say(speech, TAKE_YOUR_CARD);
  anyi_idcard_monitor_end_session(idcard);
}

void
kiosk_window_watch_devices(KioskWindow *self)
{
  AnyiIdcardMonitor *idcard = anyi_kiosk_get_idcard(self->kiosk);

  g_signal_connect_object(anyi_kiosk_get_health(self->kiosk), "notify::reason",
                          G_CALLBACK(on_health_changed), self, 0);
  for (AnyiPrinterRole role = 0; role < ANYI_PRINTER_NUM_ROLES; role++)
    g_signal_connect_object(anyi_kiosk_get_printer_watch(self->kiosk, role), "changed",
                            G_CALLBACK(on_printer_changed), self, 0);
  if (idcard) {
    g_signal_connect_object(idcard, "notify::state", G_CALLBACK(on_reader_state), self, 0);
    g_signal_connect_object(idcard, "notify::card-left", G_CALLBACK(on_card_left), self, 0);
    kiosk_window_card_first_watch(self);
  }
}

void
kiosk_window_unwatch_devices(KioskWindow *self)
{
  AnyiIdcardMonitor *idcard = anyi_kiosk_get_idcard(self->kiosk);

  for (AnyiPrinterRole role = 0; role < ANYI_PRINTER_NUM_ROLES; role++) {
    AnyiPrinterWatch *watch = anyi_kiosk_get_printer_watch(self->kiosk, role);
    if (watch)
      g_signal_handlers_disconnect_by_data(watch, self);
  }
  if (idcard)
    g_signal_handlers_disconnect_by_data(idcard, self);
  g_signal_handlers_disconnect_by_data(anyi_kiosk_get_health(self->kiosk), self);
}
