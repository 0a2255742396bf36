/* SPDX-License-Identifier: GPL-3.0-or-later */
/* anyi-kiosk-health.h: whether the kiosk can serve citizens now, and if not
 * why, in CUSS's terms: available, or unavailable with a reason.
 *
 * It is told when a required part goes missing or comes back; it says
 * "unavailable" (its "reason" property) at once for the store, and for a
 * device only once it has been missing longer than the grace the hall
 * configured ([devices] out-of-service-after): a printer restarting or a
 * reader replugged is not an outage. The printers count together: one
 * printer still prints what the other would have. Main thread only. */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef enum {
  ANYI_KIOSK_PART_STORE,
  ANYI_KIOSK_PART_RECEIPT_PRINTER,
  ANYI_KIOSK_PART_A4_PRINTER,
  ANYI_KIOSK_PART_READER,
  ANYI_KIOSK_N_PARTS,
} AnyiKioskPart;

#define ANYI_TYPE_KIOSK_HEALTH (anyi_kiosk_health_get_type())
G_DECLARE_FINAL_TYPE(AnyiKioskHealth, anyi_kiosk_health, ANYI, KIOSK_HEALTH, GObject)

/* A device missing for @grace_s seconds puts the kiosk out of service. */
AnyiKioskHealth *anyi_kiosk_health_new(int grace_s);
/* @part is missing or failing, for @problem (a stable code: "store-full",
 * "offline", ...). Telling it again keeps the time it first went. */
void anyi_kiosk_health_part_down(AnyiKioskHealth *self, AnyiKioskPart part, const char *problem);
void anyi_kiosk_health_part_up(AnyiKioskHealth *self, AnyiKioskPart part);
/* The problem of @part, NULL when it is there. */
const char *anyi_kiosk_health_get_problem(AnyiKioskHealth *self, AnyiKioskPart part);
/* NULL while the kiosk can serve; else why not: the store's outage code
 * ("store-full", "store-locked", "store-corrupt", "store-disk"),
 * "printers-missing" or "reader-missing". Notified as "reason". */
const char *anyi_kiosk_health_get_reason(AnyiKioskHealth *self);
/* The monotonic time (µs) the reason began; 0 while in service. */
gint64 anyi_kiosk_health_get_since(AnyiKioskHealth *self);

G_END_DECLS
