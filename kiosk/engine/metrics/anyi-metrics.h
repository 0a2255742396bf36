/* SPDX-License-Identifier: GPL-3.0-or-later */
/* anyi-metrics.h: the kiosk's figures for a technician who is not there,
 * in the Prometheus text format, in the file node_exporter's textfile
 * collector reads ([metrics] textfile of kiosk.conf).
 *
 * Uptime, each device's state (one gauge per device, its state a label),
 * paper left, cases started, finished, abandoned and handed off by reason
 * (counters from the store), whether the kiosk is in service, and when it
 * last logged a warning or worse. Never personal data: only counts, stable
 * codes and times. The file is replaced atomically (written beside, synced,
 * renamed), so the collector never reads half of it. Main thread only. */
#pragma once

#include "kiosk/anyi-kiosk.h"

G_BEGIN_DECLS

#define ANYI_TYPE_METRICS (anyi_metrics_get_type())
G_DECLARE_FINAL_TYPE(AnyiMetrics, anyi_metrics, ANYI, METRICS, GObject)

/* Writes @kiosk's metrics to @path now, every @interval_s seconds, and soon
 * after any device or the kiosk's service state changes (call it after
 * anyi_kiosk_start_devices to follow the devices). Holds no reference to
 * @kiosk: keep the kiosk alive longer. */
AnyiMetrics *anyi_metrics_new(AnyiKiosk *kiosk, const char *path, guint interval_s);

/* The kiosk process's call: when its settings name a [metrics] textfile, a
 * writer as above that lives as long as @kiosk; else nothing. */
void anyi_metrics_start_for_kiosk(AnyiKiosk *kiosk);

/* How many entries wait in an outbox to be sent, or -1 when unknown. */
typedef gint64 (*AnyiMetricsDepthFunc)(gpointer user_data);
/* Adds anyi_kiosk_outbox_depth, asked of @func at every write: for the
 * hall ledger's outbox (set by anyi_metrics_start_for_kiosk with a server). */
void anyi_metrics_set_outbox_func(AnyiMetrics *self, AnyiMetricsDepthFunc func, gpointer user_data);

/* The metrics as they are now. */
char *anyi_metrics_render(AnyiMetrics *self);
/* Renders and replaces the file; FALSE with @error when it cannot. */
gboolean anyi_metrics_write(AnyiMetrics *self, GError **error);

G_END_DECLS
