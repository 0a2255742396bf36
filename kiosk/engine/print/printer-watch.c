/* SPDX-License-Identifier: GPL-3.0-or-later */
/* printer-watch.c: polls a queue's status from a worker thread and reports
 * changes in the main context, so a GTK main loop never waits on CUPS. */
#include "printer-status.h"

struct _AnyiPrinterWatch {
  GObject parent_instance;
  char *queue;
  AnyiPrinterRole role;
  guint interval_ms;
  GMainContext *context;
  GSource *timer;
  GCancellable *cancellable; /* of the query in flight */
  AnyiPrinterStatus *status;
};

G_DEFINE_TYPE(AnyiPrinterWatch, anyi_printer_watch, G_TYPE_OBJECT)

enum { SIGNAL_CHANGED, N_SIGNALS };
static guint signals[N_SIGNALS];

static void
anyi_printer_watch_dispose(GObject *object)
{
  anyi_printer_watch_stop(ANYI_PRINTER_WATCH(object));
  G_OBJECT_CLASS(anyi_printer_watch_parent_class)->dispose(object);
}

static void
anyi_printer_watch_finalize(GObject *object)
{
  AnyiPrinterWatch *self = ANYI_PRINTER_WATCH(object);
  g_free(self->queue);
  g_clear_pointer(&self->status, anyi_printer_status_free);
  g_clear_pointer(&self->context, g_main_context_unref);
  G_OBJECT_CLASS(anyi_printer_watch_parent_class)->finalize(object);
}

static void
anyi_printer_watch_class_init(AnyiPrinterWatchClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS(klass);
  object_class->dispose = anyi_printer_watch_dispose;
  object_class->finalize = anyi_printer_watch_finalize;
  /* AnyiPrinterWatch::changed: (status) the new status; usability or faults changed */
  signals[SIGNAL_CHANGED] =
      g_signal_new("changed", G_TYPE_FROM_CLASS(klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                   G_TYPE_NONE, 1, ANYI_TYPE_PRINTER_STATUS | G_SIGNAL_TYPE_STATIC_SCOPE);
}

static void
anyi_printer_watch_init(AnyiPrinterWatch *self)
{
}

AnyiPrinterWatch *
anyi_printer_watch_new(const char *queue, AnyiPrinterRole role, guint interval_ms)
{
  g_return_val_if_fail(queue != NULL && interval_ms > 0, NULL);
  AnyiPrinterWatch *self = g_object_new(ANYI_TYPE_PRINTER_WATCH, NULL);
  self->queue = g_strdup(queue);
  self->role = role;
  self->interval_ms = interval_ms;
  return self;
}

static void
query_in_thread(GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  g_task_return_pointer(task, anyi_printer_status_query(task_data),
                        (GDestroyNotify)anyi_printer_status_free);
}

static void
query_done(GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(AnyiPrinterStatus) status = g_task_propagate_pointer(G_TASK(result), NULL);
  if (status == NULL) /* stopped meanwhile */
    return;
  AnyiPrinterWatch *self = ANYI_PRINTER_WATCH(source);
  g_clear_object(&self->cancellable);
  gboolean changed = !anyi_printer_status_same(self->status, status);
  g_clear_pointer(&self->status, anyi_printer_status_free);
  self->status = g_steal_pointer(&status);
  if (changed) {
    const AnyiPrinterFault *fault = anyi_printer_status_worst_fault(self->status, self->role);
    g_message("printer '%s' now %s%s%s", self->queue,
              anyi_printer_status_usable(self->status, self->role) ? "usable" : "unusable",
              fault ? ": " : "", fault ? fault->text_en : "");
    g_signal_emit(self, signals[SIGNAL_CHANGED], 0, self->status);
  }
}

static gboolean
tick(gpointer user_data)
{
  AnyiPrinterWatch *self = user_data;
  if (self->cancellable != NULL) /* the last query is still out */
    return G_SOURCE_CONTINUE;
  self->cancellable = g_cancellable_new();
  g_autoptr(GTask) task = g_task_new(self, self->cancellable, query_done, NULL);
  g_task_set_source_tag(task, tick);
  g_task_set_task_data(task, g_strdup(self->queue), g_free);
  g_task_set_return_on_cancel(task, TRUE);
  g_task_run_in_thread(task, query_in_thread);
  return G_SOURCE_CONTINUE;
}

void
anyi_printer_watch_start(AnyiPrinterWatch *self)
{
  g_return_if_fail(ANYI_IS_PRINTER_WATCH(self));
  if (self->timer != NULL)
    return;
  g_clear_pointer(&self->context, g_main_context_unref);
  self->context = g_main_context_ref_thread_default();
  self->timer = g_timeout_source_new(self->interval_ms);
  g_source_set_callback(self->timer, tick, self, NULL);
  g_source_attach(self->timer, self->context);
  tick(self);
}

void
anyi_printer_watch_stop(AnyiPrinterWatch *self)
{
  g_return_if_fail(ANYI_IS_PRINTER_WATCH(self));
  if (self->timer != NULL) {
    g_source_destroy(self->timer);
    g_clear_pointer(&self->timer, g_source_unref);
  }
  if (self->cancellable != NULL) {
    g_cancellable_cancel(self->cancellable);
    g_clear_object(&self->cancellable);
  }
}

const AnyiPrinterStatus *
anyi_printer_watch_get_status(AnyiPrinterWatch *self)
{
  g_return_val_if_fail(ANYI_IS_PRINTER_WATCH(self), NULL);
  return self->status;
}

gboolean
anyi_printer_watch_is_usable(AnyiPrinterWatch *self)
{
  g_return_val_if_fail(ANYI_IS_PRINTER_WATCH(self), FALSE);
  return self->status != NULL && anyi_printer_status_usable(self->status, self->role);
}
