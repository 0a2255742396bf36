/* SPDX-License-Identifier: GPL-3.0-or-later */
/* anyi-metrics.c: renders the kiosk's figures and keeps the text file
 * fresh: a slow timer, and an idle write soon after a change of state so a
 * burst of changes is written once. */
#include "anyi-metrics.h"

#include "log/anyi-log.h"

struct _AnyiMetrics {
  GObject parent_instance;
  AnyiKiosk *kiosk; /* not owned */
  char *path;
  gint64 started_us; /* monotonic */
  guint timer_id;
  guint idle_id;
  AnyiMetricsDepthFunc outbox_func;
  gpointer outbox_data;
};

G_DEFINE_FINAL_TYPE(AnyiMetrics, anyi_metrics, G_TYPE_OBJECT)

/* ---- the text format ---- */

static void
family(GString *out, const char *name, const char *type, const char *help)
{
  g_string_append_printf(out, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, type);
}

/* Label values are codes of ours, but a printer's fault code comes from a
 * device: escape what the format reserves. */
static void
append_label_value(GString *out, const char *value)
{
  for (const char *p = value; *p; p++) {
    if (*p == '\\' || *p == '"')
      g_string_append_c(out, '\\');
    if (*p == '\n')
      g_string_append(out, "\\n");
    else
      g_string_append_c(out, *p);
  }
}

/* One sample; @labels alternate names and values, NULL-terminated. */
static void
sample(GString *out, const char *name, double value, ...)
{
  va_list args;
  const char *label;
  gboolean first = TRUE;

  g_string_append(out, name);
  va_start(args, value);
  while ((label = va_arg(args, const char *))) {
    g_string_append_printf(out, "%s%s=\"", first ? "{" : ",", label);
    append_label_value(out, va_arg(args, const char *));
    g_string_append_c(out, '"');
    first = FALSE;
  }
  va_end(args);
  if (!first)
    g_string_append_c(out, '}');
  g_string_append_printf(out, " %.17g\n", value);
}

/* ---- devices ---- */

static const char *
enum_nick(GType type, int value)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref(type);
  GEnumValue *found = g_enum_get_value(klass, value);

  return found ? found->value_nick : "unknown";
}

static const char *
printer_state(AnyiKiosk *kiosk, AnyiPrinterRole role)
{
  AnyiPrinterWatch *watch = anyi_kiosk_get_printer_watch(kiosk, role);
  const AnyiPrinterStatus *status = watch ? anyi_printer_watch_get_status(watch) : NULL;
  const AnyiPrinterFault *fault;

  if (!watch)
    return "off";
  if (!status)
    return "unknown"; /* the watch has not had an answer yet */
  fault = anyi_printer_status_worst_fault(status, role);
  if (fault)
    return fault->code;
  return anyi_printer_status_usable(status, role) ? "ok" : "unusable";
}

static void
render_devices(GString *out, AnyiKiosk *kiosk)
{
  AnyiIdcardMonitor *reader = anyi_kiosk_get_idcard(kiosk);

  family(out, "anyi_kiosk_device_state", "gauge",
         "Each device of the kiosk, its state in the state label (off: not started).");
  sample(out, "anyi_kiosk_device_state", 1, "device", "reader", "state",
         reader ? enum_nick(ANYI_TYPE_IDCARD_READER_STATE, anyi_idcard_monitor_get_state(reader))
                : "off",
         NULL);
  for (int role = ANYI_CAMERA_ROLE_FACE; role <= ANYI_CAMERA_ROLE_DOCUMENT; role++) {
    AnyiCamera *camera = anyi_kiosk_get_camera(kiosk, role);
    g_autofree char *device = g_strconcat("camera-", anyi_camera_role_to_string(role), NULL);

    sample(out, "anyi_kiosk_device_state", 1, "device", device, "state",
           camera ? enum_nick(ANYI_TYPE_CAMERA_STATE, anyi_camera_get_state(camera)) : "off", NULL);
  }
  for (int role = 0; role < ANYI_PRINTER_NUM_ROLES; role++) {
    g_autofree char *device = g_strconcat("printer-", anyi_printer_role_to_string(role), NULL);

    sample(out, "anyi_kiosk_device_state", 1, "device", device, "state", printer_state(kiosk, role),
           NULL);
  }
}

static void
render_paper(GString *out, AnyiStore *store)
{
  family(out, "anyi_kiosk_paper_percent", "gauge",
         "Paper left in each printer as staff last recorded it, in percent.");
  for (int role = 0; store && role < ANYI_PRINTER_NUM_ROLES; role++) {
    const char *printer = anyi_printer_role_to_string(role);
    g_autofree char *consumable = g_strconcat(printer, "-paper", NULL);
    int level = 0, capacity = 0;

    if (anyi_store_consumable_get(store, consumable, &level, &capacity, NULL) && capacity > 0)
      sample(out, "anyi_kiosk_paper_percent", 100.0 * level / capacity, "printer", printer, NULL);
  }
}

/* Citizens waiting at a kiosk for staff they called (人工帮助). */
static void
render_staff_calls(GString *out, AnyiStore *store)
{
  g_autoptr(GPtrArray) calls = store ? anyi_store_staff_calls_open(store, NULL) : NULL;

  if (!calls)
    return;
  family(out, "anyi_kiosk_staff_calls_waiting", "gauge",
         "Citizens waiting at the kiosk for staff they called.");
  sample(out, "anyi_kiosk_staff_calls_waiting", (double)calls->len, NULL);
}

/* ---- cases ---- */

static void
render_handoffs(GString *out, GHashTable *by_reason)
{
  GHashTableIter iter;
  gpointer reason, count;

  family(out, "anyi_kiosk_cases_handed_off_total", "counter",
         "Cases handed to a window, by reason.");
  /* every reason, 0 included, so a rate over a new reason starts from 0 */
  for (int r = 0; r < ANYI_HANDOFF_NUM_REASONS; r++) {
    const char *name = anyi_handoff_reason_to_string(r);
    gint64 *found = g_hash_table_lookup(by_reason, name);

    sample(out, "anyi_kiosk_cases_handed_off_total", found ? (double)*found : 0, "reason", name,
           NULL);
    g_hash_table_remove(by_reason, name);
  }
  g_hash_table_iter_init(&iter, by_reason); /* reasons of an older version */
  while (g_hash_table_iter_next(&iter, &reason, &count))
    sample(out, "anyi_kiosk_cases_handed_off_total", (double)*(gint64 *)count, "reason", reason,
           NULL);
}

static void
render_cases(GString *out, AnyiStore *store)
{
  static const char *const finished[] = {"submitted", "accepted-with-missing-materials", NULL};
  g_auto(AnyiStoreCaseCounts) counts = {0};
  g_autoptr(GError) error = NULL;

  if (!store || !anyi_store_case_counts(store, finished, &counts, &error)) {
    /* an outage: the in-service gauge says so; no counter goes back to 0 */
    if (error)
      g_message("metrics: no case counts: %s", error->message);
    return;
  }
  family(out, "anyi_kiosk_cases_started_total", "counter", "Cases started at this kiosk.");
  sample(out, "anyi_kiosk_cases_started_total", (double)counts.started, NULL);
  family(out, "anyi_kiosk_cases_finished_total", "counter",
         "Cases finished at this kiosk (submitted, or accepted with materials to bring).");
  sample(out, "anyi_kiosk_cases_finished_total", (double)counts.finished, NULL);
  family(out, "anyi_kiosk_cases_abandoned_total", "counter", "Cases the citizen left.");
  sample(out, "anyi_kiosk_cases_abandoned_total", (double)counts.abandoned, NULL);
  render_handoffs(out, counts.handed_off);
}

/* ---- the kiosk ---- */

static void
render_service(GString *out, AnyiKiosk *kiosk)
{
  const char *reason = anyi_kiosk_health_get_reason(anyi_kiosk_get_health(kiosk));

  family(out, "anyi_kiosk_in_service", "gauge",
         "1 while the kiosk serves citizens; 0 out of service, the reason in the label.");
  if (reason)
    sample(out, "anyi_kiosk_in_service", 0, "reason", reason, NULL);
  else
    sample(out, "anyi_kiosk_in_service", 1, "reason", "", NULL);
}

char *
anyi_metrics_render(AnyiMetrics *self)
{
  GString *out = g_string_new(NULL);
  gint64 last_error = anyi_log_last_error_time();

  g_return_val_if_fail(ANYI_IS_METRICS(self), NULL);
  family(out, "anyi_kiosk_uptime_seconds", "gauge", "Seconds since the kiosk started.");
  sample(out, "anyi_kiosk_uptime_seconds",
         (double)((g_get_monotonic_time() - self->started_us) / G_USEC_PER_SEC), NULL);
  family(out, "anyi_kiosk_last_error_timestamp_seconds", "gauge",
         "When the kiosk last logged a warning or an error (unix time); 0 for never.");
  sample(out, "anyi_kiosk_last_error_timestamp_seconds", (double)(last_error / G_USEC_PER_SEC),
         NULL);
  render_service(out, self->kiosk);
  render_devices(out, self->kiosk);
  render_paper(out, anyi_kiosk_get_store(self->kiosk));
  render_cases(out, anyi_kiosk_get_store(self->kiosk));
  render_staff_calls(out, anyi_kiosk_get_store(self->kiosk));
  if (self->outbox_func) {
    family(out, "anyi_kiosk_outbox_depth", "gauge", "Entries waiting in the outbox to be sent.");
    sample(out, "anyi_kiosk_outbox_depth", (double)self->outbox_func(self->outbox_data), NULL);
  }
  return g_string_free(out, FALSE);
}

gboolean
anyi_metrics_write(AnyiMetrics *self, GError **error)
{
  g_autofree char *text = anyi_metrics_render(self);

  /* readable by node_exporter's user: it holds no personal data */
  return g_file_set_contents_full(self->path, text, -1,
                                  G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE,
                                  0644, error);
}

/* ---- keeping it fresh ---- */

static void
write_or_say(AnyiMetrics *self)
{
  g_autoptr(GError) error = NULL;

  if (!anyi_metrics_write(self, &error))
    g_message("metrics: cannot write %s: %s", self->path, error->message);
}

static gboolean
on_timer(gpointer data)
{
  write_or_say(data);
  return G_SOURCE_CONTINUE;
}

static gboolean
on_idle(gpointer data)
{
  AnyiMetrics *self = data;

  self->idle_id = 0;
  write_or_say(self);
  return G_SOURCE_REMOVE;
}

static void
schedule_write(AnyiMetrics *self)
{
  if (!self->idle_id)
    self->idle_id = g_idle_add(on_idle, self);
}

static void
follow_changes(AnyiMetrics *self)
{
  AnyiKiosk *kiosk = self->kiosk;
  AnyiIdcardMonitor *reader = anyi_kiosk_get_idcard(kiosk);

  g_signal_connect_object(anyi_kiosk_get_health(kiosk), "notify::reason",
                          G_CALLBACK(schedule_write), self, G_CONNECT_SWAPPED);
  if (reader)
    g_signal_connect_object(reader, "notify::state", G_CALLBACK(schedule_write), self,
                            G_CONNECT_SWAPPED);
  for (int role = ANYI_CAMERA_ROLE_FACE; role <= ANYI_CAMERA_ROLE_DOCUMENT; role++) {
    AnyiCamera *camera = anyi_kiosk_get_camera(kiosk, role);

    if (camera)
      g_signal_connect_object(camera, "notify::state", G_CALLBACK(schedule_write), self,
                              G_CONNECT_SWAPPED);
  }
  for (int role = 0; role < ANYI_PRINTER_NUM_ROLES; role++) {
    AnyiPrinterWatch *watch = anyi_kiosk_get_printer_watch(kiosk, role);

    if (watch)
      g_signal_connect_object(watch, "changed", G_CALLBACK(schedule_write), self,
                              G_CONNECT_SWAPPED);
  }
}

AnyiMetrics *
anyi_metrics_new(AnyiKiosk *kiosk, const char *path, guint interval_s)
{
  AnyiMetrics *self;

  g_return_val_if_fail(ANYI_IS_KIOSK(kiosk) && path && interval_s > 0, NULL);
  self = g_object_new(ANYI_TYPE_METRICS, NULL);
  self->kiosk = kiosk;
  self->path = g_strdup(path);
  follow_changes(self);
  write_or_say(self);
  self->timer_id = g_timeout_add_seconds(interval_s, on_timer, self);
  return self;
}

static gint64
kiosk_outbox_depth(gpointer kiosk)
{
  gint64 waiting = 0, oldest = 0;

  anyi_kiosk_get_outbox(kiosk, &waiting, &oldest);
  return waiting;
}

void
anyi_metrics_start_for_kiosk(AnyiKiosk *kiosk)
{
  AnyiSettings *settings = anyi_kiosk_get_settings(kiosk);
  AnyiMetrics *metrics;

  if (!settings->metrics_textfile)
    return;
  metrics =
      anyi_metrics_new(kiosk, settings->metrics_textfile, (guint)settings->metrics_interval_s);
  if (settings->ledger_connection && *settings->ledger_connection)
    anyi_metrics_set_outbox_func(metrics, kiosk_outbox_depth, kiosk);
  g_object_set_data_full(G_OBJECT(kiosk), "anyi-metrics", metrics, g_object_unref);
}

void
anyi_metrics_set_outbox_func(AnyiMetrics *self, AnyiMetricsDepthFunc func, gpointer user_data)
{
  g_return_if_fail(ANYI_IS_METRICS(self));
  self->outbox_func = func;
  self->outbox_data = user_data;
}

static void
anyi_metrics_dispose(GObject *object)
{
  AnyiMetrics *self = ANYI_METRICS(object);

  g_clear_handle_id(&self->timer_id, g_source_remove);
  g_clear_handle_id(&self->idle_id, g_source_remove);
  G_OBJECT_CLASS(anyi_metrics_parent_class)->dispose(object);
}

static void
anyi_metrics_finalize(GObject *object)
{
  AnyiMetrics *self = ANYI_METRICS(object);

  g_free(self->path);
  G_OBJECT_CLASS(anyi_metrics_parent_class)->finalize(object);
}

static void
anyi_metrics_class_init(AnyiMetricsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS(klass);

  object_class->dispose = anyi_metrics_dispose;
  object_class->finalize = anyi_metrics_finalize;
}

static void
anyi_metrics_init(AnyiMetrics *self)
{
  self->started_us = g_get_monotonic_time();
}
