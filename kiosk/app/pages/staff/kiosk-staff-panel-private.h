/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kiosk-staff-panel-private.h: what the panels of the staff page share:
 * the labels their rows are made of, and the sentence for a finished print. */
#pragma once

#include "staff/anyi-staff-desk.h"

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* A left-aligned label, styled with @css_class unless NULL. */
G_GNUC_INTERNAL GtkWidget *kiosk_staff_label_new(const char *text, const char *css_class);
/* The same, wrapping when the panel is narrower than @text. */
G_GNUC_INTERNAL GtkWidget *kiosk_staff_wrapped_label_new(const char *text, const char *css_class);
/* Takes every row out of @list before it is filled again. */
G_GNUC_INTERNAL void kiosk_staff_clear_rows(GtkWidget *list);
/* "12-05 20:24", in local time: staff read times of the last days. */
G_GNUC_INTERNAL char *kiosk_staff_time_text(gint64 unix_seconds);
/* The action note for a print started with @desk: done or failed. */
G_GNUC_INTERNAL const char *kiosk_staff_print_outcome(AnyiStaffDesk *desk, GAsyncResult *result);

G_END_DECLS
