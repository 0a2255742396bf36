/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kiosk-window-card-first.c: a card placed on the reader at the attract or
 * menu screen is read at once, and the menu offers first what fits that
 * card: renewal when it expires within 90 days or has expired, the
 * progress query when the kiosk's store has a case for its number. The
 * rest of the menu stays below. The card is kept in the session for the
 * service then chosen, which does not ask for it again, and is wiped with
 * the session. */
#include "kiosk-window-private.h"

#include <glib/gi18n-lib.h>

#define RENEWAL        "idcard-renewal"
#define PROGRESS_QUERY "idcard-progress-query"
/* At rest on the attract screen the reader is asked every 1.5 s: a card
 * placed there is read within 1.5 s, and a kiosk nobody uses wakes under 5
 * times a second (issue 16). A poll is four USB transfers, a wakeup each on
 * usbfs, and one for the timer: every 300 ms that was 17 a second. In a
 * session (menu, card page) the reader is asked every 300 ms. */
#define ATTRACT_POLL_MS 1500

static gboolean
at_menu_or_attract(KioskWindow *self)
{
  const char *page = kiosk_window_get_page(self);

  return g_str_equal(page, "attract") || g_str_equal(page, "menu");
}

/* Polls the reader while a citizen can place a card to start with; the
 * case flow takes the reader over at its card step. */
void
kiosk_window_card_first_follow_page(KioskWindow *self, const char *page)
{
  AnyiIdcardMonitor *idcard = anyi_kiosk_get_idcard(self->kiosk);

  if (!idcard || !self->reader_ok || !page)
    return;
  anyi_idcard_monitor_set_poll_interval(idcard, g_str_equal(page, "attract")
                                                    ? ATTRACT_POLL_MS
                                                    : ANYI_IDCARD_MONITOR_POLL_INTERVAL_MS);
  if (g_str_equal(page, "attract") || g_str_equal(page, "menu"))
    anyi_idcard_monitor_start(idcard);
  else if (!g_str_equal(page, "card"))
    anyi_idcard_monitor_stop(idcard);
}

static gboolean
has_stored_case(KioskWindow *self, const AnyiIdCard *card)
{
  g_autoptr(GError) error = NULL;
  gint64 case_id = anyi_store_window_find_by_id_number(anyi_kiosk_get_store(self->kiosk),
                                                       card->id_number, &error);

  if (case_id < 0)
    g_warning("card first: cannot look up the card's cases: %s", error->message);
  return case_id > 0;
}

static void
check_today(const AnyiIdCard *card, AnyiIdCardChecks *checks)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local();
  GDate today;

  g_date_clear(&today, 1);
  g_date_set_dmy(&today, g_date_time_get_day_of_month(now), g_date_time_get_month(now),
                 g_date_time_get_year(now));
  anyi_id_card_check(card, &today, checks);
}

/* Returns the sentence said, or NULL when nothing fits the card. */
static const char *
add_offers(KioskWindow *self, const AnyiIdCard *card, const AnyiIdCardChecks *checks)
{
  const char *sentence = NULL;

  if (has_stored_case(self, card)) {
    kiosk_menu_page_add_offer(self->menu_page, PROGRESS_QUERY,
                              _("您有一件业务正在办理，点这里看办到哪一步了"));
    sentence = _("您有一件业务正在办理，可以先查看进度。");
  }
  if (!checks->not_expired) {
    kiosk_menu_page_add_offer(self->menu_page, RENEWAL, _("您的身份证已经过期，点这里换新证"));
    sentence = _("您的身份证已经过期，可以在这里换新证。");
  } else if (!checks->not_expiring_soon) {
    kiosk_menu_page_add_offer(self->menu_page, RENEWAL, _("您的身份证 90 天内到期，点这里换新证"));
    sentence = _("您的身份证快到期了，可以在这里换新证。");
  }
  return sentence;
}

static void
on_card_read(AnyiIdcardMonitor *monitor, AnyiIdCard *card, KioskWindow *self)
{
  AnyiIdCardChecks checks;
  g_autofree char *masked = NULL;
  const char *sentence;

  if (!at_menu_or_attract(self) || kiosk_case_flow_in_case(self->case_flow))
    return;
  anyi_idcard_monitor_stop(monitor);
  check_today(card, &checks);
  masked = anyi_id_number_mask(card->id_number);
  /* a damaged or altered card is looked at by the card step, as always */
  if (checks.number_checks_apply &&
      !(checks.id_checksum && checks.birth_matches && checks.sex_matches)) {
    g_info("card first: card %s fails its number checks: no offer", masked);
    return;
  }
  kiosk_case_flow_keep_card(self->case_flow, card);
  kiosk_menu_page_clear_offers(self->menu_page);
  sentence = add_offers(self, card, &checks);
  g_info("card first: card %s read at the %s screen: %s", masked, kiosk_window_get_page(self),
         sentence ? "offers shown" : "nothing to offer first");
  if (!g_str_equal(kiosk_window_get_page(self), "menu"))
    kiosk_window_show_page(self, "menu");
  kiosk_menu_page_show_categories(self->menu_page);
  kiosk_window_say(self, sentence ? sentence : _("已读到您的身份证，请选择要办理的事项。"));
}

void
kiosk_window_card_first_end_session(KioskWindow *self)
{
  kiosk_menu_page_clear_offers(self->menu_page);
}

void
kiosk_window_card_first_watch(KioskWindow *self)
{
  AnyiIdcardMonitor *idcard = anyi_kiosk_get_idcard(self->kiosk);

  if (idcard)
    g_signal_connect_object(idcard, "card-read", G_CALLBACK(on_card_read), self, 0);
}
