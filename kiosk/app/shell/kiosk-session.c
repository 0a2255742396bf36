/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kiosk-session.c */
#include "kiosk-session.h"

#include <string.h>

KioskSession *
kiosk_session_new(void)
{
  return g_new0(KioskSession, 1);
}

static void
burn(char *text)
{
  if (text)
    explicit_bzero(text, strlen(text));
}

/* The card's strings are overwritten before they go back to the allocator,
 * so a later heap dump holds no name or ID number. */
static void
burn_card(AnyiIdCard *card)
{
  char *fields[] = {card->name,
                    card->english_name,
                    card->nation,
                    card->birth_date,
                    card->address,
                    card->id_number,
                    card->issuing_authority,
                    card->valid_from,
                    card->valid_to,
                    card->pass_number,
                    card->appended_address};

  for (guint i = 0; i < G_N_ELEMENTS(fields); i++)
    burn(fields[i]);
}

void
kiosk_session_wipe(KioskSession *session)
{
  if (session->card)
    burn_card(session->card);
  g_clear_pointer(&session->card, anyi_id_card_free);
}

void
kiosk_session_free(KioskSession *session)
{
  if (!session)
    return;
  kiosk_session_wipe(session);
  g_free(session);
}
