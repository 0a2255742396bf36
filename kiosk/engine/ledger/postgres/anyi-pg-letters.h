/* SPDX-License-Identifier: GPL-3.0-or-later */
/* anyi-pg-letters.h: which kiosk holds which case letter on the hall's
 * server (schema migration 7). Case numbers are unique per letter and day
 * (1206-A001), so two kiosks of one hall configured with the same letter
 * would give two citizens the same number and a window would open the
 * wrong case by its QR code. The first kiosk id to claim a letter holds
 * it; only a technician releases it (DELETE on kiosk_letters). */
#pragma once

#include <glib.h>
#include <libpq-fe.h>

G_BEGIN_DECLS

/* Claims @letter (A-Z) for @kiosk_id when nobody holds it, and says who
 * holds it now in @holder: @kiosk_id, or the other kiosk's id. @holder is
 * NULL, without an error, on a server older than migration 7 (no record
 * to check against). FALSE with an ANYI_PG_LEDGER_ERROR on failure. */
gboolean anyi_pg_ledger_claim_letter(PGconn *conn, const char *kiosk_id, char letter, char **holder,
                                     GError **error);

G_END_DECLS
