/* SPDX-License-Identifier: GPL-3.0-or-later */
/* anyi-store-device-events.c: the device_events table, what the printers and
 * readers reported (kept for the technician, purged with the audit log). */
#include "anyi-store-private.h"

gboolean
anyi_store_device_event_add(AnyiStore *store, const char *device, const char *kind,
                            const char *detail, GError **error)
{
  sqlite3_stmt *stmt = anyi_store_prepare(
      store, "INSERT INTO device_events (at, device, kind, detail) VALUES (anyi_now(), ?, ?, ?)",
      error);

  if (!stmt)
    return FALSE;
  anyi_store_bind_text(stmt, 1, device);
  anyi_store_bind_text(stmt, 2, kind);
  anyi_store_bind_text(stmt, 3, detail);
  return anyi_store_step_done(store, stmt, "insert device event", error);
}
