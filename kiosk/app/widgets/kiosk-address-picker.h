/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kiosk-address-picker.h: the province, city and district of an address,
 * picked from large tiles one level at a time (assets/regions/sichuan.json),
 * each level on one screen; the street and number are then typed.
 *
 * Levels: the province (四川省, or "not in Sichuan": then everything is
 * typed), its cities, the chosen city's districts and counties. A "back"
 * tile goes up one level.
 * Signals:
 *   "picked" (const char *region, const char *code)
 *                                  the region as written on a form, e.g.
 *                                  "四川省成都市武侯区", and its GB/T 2260 code
 *                                  ("510107"); both "" for "not in Sichuan"
 *   "say"    (const char *text)    a sentence for speech (the level's question) */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define KIOSK_TYPE_ADDRESS_PICKER (kiosk_address_picker_get_type())
G_DECLARE_FINAL_TYPE(KioskAddressPicker, kiosk_address_picker, KIOSK, ADDRESS_PICKER, GtkBox)

GtkWidget *kiosk_address_picker_new(void);
/* Back to the first level (a new field, a new citizen). */
void kiosk_address_picker_reset(KioskAddressPicker *self);
/* The region as "picked" gives it ("四川省成都市武侯区") for a district's
 * @code ("510107"), or NULL when the regions file has no such district:
 * an address given before comes back with its region (上一步). */
char *kiosk_address_picker_region_of(KioskAddressPicker *self, const char *code);
/* FALSE when the regions file could not be read (the log says why): the
 * form then offers free text alone. */
gboolean kiosk_address_picker_has_regions(KioskAddressPicker *self);

G_END_DECLS
