/* SPDX-License-Identifier: GPL-3.0-or-later */
/* idcard-monitor.c: the reader's worker thread and its messages to the
 * application's main context.
 *
 * The worker owns the libusb context and the reader; it sleeps on a GCond
 * between steps (a poll while the card page is shown, a cheap device-list
 * check otherwise), so an idle kiosk does not spin. Everything it learns is
 * posted to the main context as an Event; events hold a weak reference, so
 * a monitor disposed with events in flight is simply not told. */
#include "idcard-monitor.h"

#include "idcard-reader.h"

#include <libusb.h>

G_DEFINE_AUTOPTR_CLEANUP_FUNC(libusb_device, libusb_unref_device)

#define REST_CHECK_MS 2000 /* reader present, not polling: is it still attached? */
#define RESCAN_MS     1000 /* no reader: has one been plugged in? */

G_DEFINE_ENUM_TYPE(AnyiIdcardReaderState, anyi_idcard_reader_state,
                   G_DEFINE_ENUM_VALUE(ANYI_IDCARD_READER_STATE_NONE, "none"),
                   G_DEFINE_ENUM_VALUE(ANYI_IDCARD_READER_STATE_IDLE, "idle"),
                   G_DEFINE_ENUM_VALUE(ANYI_IDCARD_READER_STATE_POLLING, "polling"),
                   G_DEFINE_ENUM_VALUE(ANYI_IDCARD_READER_STATE_READING, "reading"),
                   G_DEFINE_ENUM_VALUE(ANYI_IDCARD_READER_STATE_FAULT, "fault"))

/* What the worker and in-flight events share with the monitor. */
typedef struct {
  gatomicrefcount refs;
  GWeakRef monitor;
  GMainContext *context;
} Shared;

typedef struct {
  Shared *shared;
  GMutex lock;
  GCond cond;
  /* under lock: what the application asked for */
  gboolean quit;
  gboolean polling;
  guint start_count;
  guint session_count; /* bumped when a citizen's session ends */
  gboolean fingerprint;
  guint interval_ms;
  /* the worker thread's own */
  libusb_context *usb;
  GPtrArray *table;
  AnyiIdcardReader *reader;
  libusb_device *device;
  gboolean card_seen;
  gboolean card_left;           /* on the reader since a session that has ended */
  gboolean session_end_pending; /* a session ended with no reader open yet */
  gboolean faulted;
  guint seen_start_count;
  guint seen_session_count;
  AnyiIdcardReaderState state;
  char *open_problem; /* last reason a reader could not be opened, logged once */
  GPtrArray *ignored; /* libusb_device: serial bridges with no reader behind them */
} Worker;

struct _AnyiIdcardMonitor {
  GObject parent_instance;
  Shared *shared;
  Worker *worker;
  GThread *thread;
  AnyiIdcardReaderState state; /* as published to the main context */
  char *reader_name;
  gboolean card_left;
};

G_DEFINE_FINAL_TYPE(AnyiIdcardMonitor, anyi_idcard_monitor, G_TYPE_OBJECT)

enum { PROP_0, PROP_STATE, PROP_READER_NAME, PROP_CARD_LEFT, N_PROPS };
static GParamSpec *properties[N_PROPS];

enum { SIGNAL_CARD_READ, SIGNAL_CARD_REMOVED, SIGNAL_READ_FAILED, N_SIGNALS };
static guint signals[N_SIGNALS];

static Shared *
shared_ref(Shared *shared)
{
  g_atomic_ref_count_inc(&shared->refs);
  return shared;
}

static void
shared_unref(Shared *shared)
{
  if (!g_atomic_ref_count_dec(&shared->refs))
    return;
  g_weak_ref_clear(&shared->monitor);
  g_main_context_unref(shared->context);
  g_free(shared);
}

typedef enum { EVENT_STATE, EVENT_CARD_READ, EVENT_CARD_REMOVED, EVENT_READ_FAILED } EventKind;

typedef struct {
  Shared *shared;
  EventKind kind;
  AnyiIdcardReaderState state;
  char *reader_name;
  gboolean card_left;
  AnyiIdCard *card;
  GError *error;
} Event;

static void
event_free(gpointer data)
{
  Event *event = data;
  shared_unref(event->shared);
  g_free(event->reader_name);
  g_clear_pointer(&event->card, anyi_id_card_free);
  g_clear_error(&event->error);
  g_free(event);
}

static void
apply_state(AnyiIdcardMonitor *self, AnyiIdcardReaderState state, const char *reader_name,
            gboolean card_left)
{
  g_object_freeze_notify(G_OBJECT(self));
  if (self->card_left != card_left) {
    self->card_left = card_left;
    g_object_notify_by_pspec(G_OBJECT(self), properties[PROP_CARD_LEFT]);
  }
  if (self->state != state) {
    self->state = state;
    g_object_notify_by_pspec(G_OBJECT(self), properties[PROP_STATE]);
  }
  if (g_strcmp0(self->reader_name, reader_name) != 0) {
    g_free(self->reader_name);
    self->reader_name = g_strdup(reader_name);
    g_object_notify_by_pspec(G_OBJECT(self), properties[PROP_READER_NAME]);
  }
  g_object_thaw_notify(G_OBJECT(self));
}

static gboolean
deliver(gpointer data)
{
  Event *event = data;
  g_autoptr(AnyiIdcardMonitor) self = g_weak_ref_get(&event->shared->monitor);
  if (self == NULL)
    return G_SOURCE_REMOVE;
  switch (event->kind) {
  case EVENT_STATE:
    apply_state(self, event->state, event->reader_name, event->card_left);
    break;
  case EVENT_CARD_READ:
    g_signal_emit(self, signals[SIGNAL_CARD_READ], 0, event->card);
    break;
  case EVENT_CARD_REMOVED:
    g_signal_emit(self, signals[SIGNAL_CARD_REMOVED], 0);
    break;
  case EVENT_READ_FAILED:
    g_signal_emit(self, signals[SIGNAL_READ_FAILED], 0, event->error);
    break;
  }
  return G_SOURCE_REMOVE;
}

static void
post(Worker *w, EventKind kind, AnyiIdCard *card, GError *error)
{
  Event *event = g_new0(Event, 1);
  event->shared = shared_ref(w->shared);
  event->kind = kind;
  event->state = w->state;
  event->card_left = w->card_left;
  event->reader_name = w->reader ? g_strdup(anyi_idcard_reader_get_model(w->reader)->name) : NULL;
  event->card = card;
  event->error = error;
  /* Always through a source, never g_main_context_invoke(): from this
   * thread that runs deliver() right here whenever it can acquire the
   * (global default) context, i.e. whenever the owner's loop is between two
   * iterations, and the screen code behind the signals then races GTK. */
  GSource *source = g_idle_source_new();
  g_source_set_priority(source, G_PRIORITY_DEFAULT);
  g_source_set_callback(source, deliver, event, event_free);
  g_source_attach(source, w->shared->context);
  g_source_unref(source);
}

static void
publish_state(Worker *w, AnyiIdcardReaderState state)
{
  if (w->state == state)
    return;
  w->state = state;
  post(w, EVENT_STATE, NULL, NULL);
}

static void
report_failure(Worker *w, const GError *error)
{
  g_warning("idcard: %s", error->message);
  post(w, EVENT_READ_FAILED, NULL, g_error_copy(error));
}

static void
close_reader(Worker *w)
{
  g_clear_pointer(&w->reader, anyi_idcard_reader_free);
  g_clear_pointer(&w->device, libusb_unref_device);
  w->card_seen = FALSE;
  w->card_left = FALSE;
  w->faulted = FALSE;
}

static void
lose_reader(Worker *w, gboolean during_read)
{
  g_message("idcard: the reader %s was disconnected",
            anyi_idcard_reader_get_model(w->reader)->name);
  if (during_read) {
    g_autoptr(GError) error =
        g_error_new(ANYI_IDCARD_ERROR, ANYI_IDCARD_ERROR_READER_FAULT,
                    "the reader was disconnected while a card was being read");
    report_failure(w, error);
  }
  close_reader(w);
  publish_state(w, ANYI_IDCARD_READER_STATE_NONE);
}

static gboolean
device_attached(Worker *w, libusb_device *device)
{
  libusb_device **devices = NULL;
  ssize_t n = libusb_get_device_list(w->usb, &devices);
  gboolean found = FALSE;
  for (ssize_t i = 0; i < n && !found; i++)
    found = devices[i] == device;
  if (n >= 0)
    libusb_free_device_list(devices, TRUE);
  return found;
}

/* A reader that is attached but cannot be opened (permissions, claimed
 * by another program) is a technician's matter: reported once, then
 * tried again at every rescan. */
static void
opening_failed(Worker *w, const GError *error)
{
  if (g_error_matches(error, ANYI_IDCARD_ERROR, ANYI_IDCARD_ERROR_NO_READER)) {
    publish_state(w, ANYI_IDCARD_READER_STATE_NONE);
    return;
  }
  if (g_strcmp0(w->open_problem, error->message) != 0) {
    g_free(w->open_problem);
    w->open_problem = g_strdup(error->message);
    report_failure(w, error);
  }
  publish_state(w, ANYI_IDCARD_READER_STATE_FAULT);
}

/* Forgets ignored devices that were unplugged: plugged in again they
 * are new devices, asked again. */
static void
prune_ignored(Worker *w)
{
  for (guint i = w->ignored->len; i > 0; i--)
    if (!device_attached(w, g_ptr_array_index(w->ignored, i - 1)))
      g_ptr_array_remove_index(w->ignored, i - 1);
}

static void
use_reader(Worker *w, AnyiIdcardReader *reader, libusb_device *device, const GError *problem)
{
  const AnyiIdcardReaderModel *model = anyi_idcard_reader_get_model(reader);
  w->reader = reader;
  w->device = libusb_ref_device(device);
  g_clear_pointer(&w->open_problem, g_free);
  g_message("idcard: using %s (%s) at %03u:%03u", model->name,
            anyi_idcard_transport_describe(model), libusb_get_bus_number(device),
            libusb_get_device_address(device));
  w->faulted = problem != NULL;
  if (problem != NULL)
    report_failure(w, problem);
  /* the reader's name travels with the state event: always send one */
  w->state = w->faulted ? ANYI_IDCARD_READER_STATE_FAULT : ANYI_IDCARD_READER_STATE_IDLE;
  post(w, EVENT_STATE, NULL, NULL);
}

/* Opens the first device of the table that is a reader (working or at
 * fault); publishes NONE or FAULT when there is none. */
static gboolean
open_reader(Worker *w)
{
  prune_ignored(w);
  for (;;) {
    const AnyiIdcardReaderModel *model = NULL;
    g_autoptr(libusb_device) device =
        anyi_idcard_find_reader_device(w->usb, w->table, w->ignored, &model);
    if (device == NULL) {
      g_clear_pointer(&w->open_problem, g_free);
      publish_state(w, ANYI_IDCARD_READER_STATE_NONE);
      return FALSE;
    }
    g_autoptr(GError) error = NULL;
    AnyiIdcardReader *reader = anyi_idcard_reader_open(device, model, &error);
    if (reader == NULL) {
      opening_failed(w, error);
      return FALSE;
    }
    AnyiIdcardProbe probe = anyi_idcard_reader_probe(reader, &error);
    if (probe != ANYI_IDCARD_PROBE_NOT_A_READER) {
      use_reader(w, reader, device, error);
      return TRUE;
    }
    g_message("idcard: %s", error->message);
    anyi_idcard_reader_free(reader);
    g_ptr_array_add(w->ignored, g_steal_pointer(&device));
  }
}

static void
handle_error(Worker *w, const GError *error, gboolean during_read)
{
  if (g_error_matches(error, ANYI_IDCARD_ERROR, ANYI_IDCARD_ERROR_NO_READER) ||
      !device_attached(w, w->device)) {
    lose_reader(w, during_read);
    return;
  }
  if (g_error_matches(error, ANYI_IDCARD_ERROR, ANYI_IDCARD_ERROR_READER_FAULT)) {
    if (!w->faulted || during_read)
      report_failure(w, error);
    w->faulted = TRUE;
    publish_state(w, ANYI_IDCARD_READER_STATE_FAULT);
    return;
  }
  report_failure(w, error);
  publish_state(w, ANYI_IDCARD_READER_STATE_POLLING);
}

/* Whether the application still wants the card read since this poll began. */
static gboolean
still_polling(Worker *w)
{
  g_mutex_lock(&w->lock);
  gboolean polling = w->polling && w->start_count == w->seen_start_count;
  g_mutex_unlock(&w->lock);
  return polling;
}

static void
read_placed_card(Worker *w, gboolean fingerprint)
{
  AnyiIdcardReadOptions options = {.fingerprint = fingerprint};
  g_autoptr(GError) error = NULL;
  publish_state(w, ANYI_IDCARD_READER_STATE_READING);
  AnyiIdCard *card = anyi_idcard_reader_read_card(w->reader, &options, &error);
  /* after a success or a failure alike the citizen must lift the card
   * before it is read again */
  w->card_seen = TRUE;
  if (!still_polling(w)) {
    /* the card page was left during the read: nobody waits for it */
    g_clear_pointer(&card, anyi_id_card_free);
    return;
  }
  if (card == NULL) {
    handle_error(w, error, TRUE);
    return;
  }
  post(w, EVENT_CARD_READ, card, NULL);
  publish_state(w, ANYI_IDCARD_READER_STATE_POLLING);
}

static void
poll_card(Worker *w, gboolean fingerprint)
{
  gboolean present = FALSE;
  g_autoptr(GError) error = NULL;
  if (!anyi_idcard_reader_find_card(w->reader, &present, &error)) {
    handle_error(w, error, FALSE);
    return;
  }
  w->faulted = FALSE;
  if (present && !w->card_seen) {
    read_placed_card(w, fingerprint);
    return;
  }
  if (!present && w->card_seen) {
    w->card_seen = FALSE;
    post(w, EVENT_CARD_REMOVED, NULL, NULL);
  }
  if (!present && w->card_left) {
    w->card_left = FALSE;
    post(w, EVENT_STATE, NULL, NULL);
  }
  publish_state(w, ANYI_IDCARD_READER_STATE_POLLING);
}

/* A card left from an ended session is watched while nobody reads: the
 * prompt to take it goes away as soon as it is lifted. */
static void
watch_left_card(Worker *w)
{
  gboolean present = TRUE;
  g_autoptr(GError) error = NULL;
  if (!anyi_idcard_reader_find_card(w->reader, &present, &error)) {
    g_debug("idcard: looking for a card left on the reader: %s", error->message);
    return;
  }
  if (present)
    return;
  w->card_seen = FALSE;
  w->card_left = FALSE;
  post(w, EVENT_STATE, NULL, NULL);
}

static void
rest(Worker *w)
{
  if (!device_attached(w, w->device)) {
    lose_reader(w, FALSE);
    return;
  }
  if (w->card_left && !w->faulted)
    watch_left_card(w);
  publish_state(w, w->faulted ? ANYI_IDCARD_READER_STATE_FAULT : ANYI_IDCARD_READER_STATE_IDLE);
}

/* The session ended: a card on the reader now is the last citizen's, never
 * the next one's, until it is lifted (and placed again). */
static void
end_session(Worker *w)
{
  gboolean present = FALSE;
  g_autoptr(GError) error = NULL;
  if (w->reader == NULL || w->faulted)
    return;
  if (!anyi_idcard_reader_find_card(w->reader, &present, &error)) {
    /* cannot tell: assume it is there, so it is never read for the next citizen */
    g_debug("idcard: looking for a card at the end of a session: %s", error->message);
    present = TRUE;
  }
  w->card_seen = present;
  if (w->card_left != present) {
    w->card_left = present;
    post(w, EVENT_STATE, NULL, NULL);
  }
  if (present)
    g_message("idcard: a card was left on the reader at the end of a session");
}

static void
step(Worker *w, gboolean polling, gboolean fingerprint)
{
  if (w->reader == NULL && !open_reader(w))
    return;
  /* a session that ended before the reader was open (the kiosk's start-up
   * ends those of before a restart) is ended on the reader now, before
   * anything is read: a card already there is left, not the next citizen's */
  if (w->session_end_pending) {
    w->session_end_pending = FALSE;
    end_session(w);
  }
  if (polling)
    poll_card(w, fingerprint);
  else
    rest(w);
}

/* Sleeps for ms, or until the application changes what it asked for. */
static void
wait_for(Worker *w, guint ms, gboolean polling, guint start_count)
{
  gint64 end = g_get_monotonic_time() + ms * G_TIME_SPAN_MILLISECOND;
  g_mutex_lock(&w->lock);
  while (!w->quit && w->polling == polling && w->start_count == start_count &&
         w->session_count == w->seen_session_count)
    if (!g_cond_wait_until(&w->cond, &w->lock, end))
      break;
  g_mutex_unlock(&w->lock);
}

static gpointer
worker_run(gpointer data)
{
  Worker *w = data;
  for (;;) {
    g_mutex_lock(&w->lock);
    gboolean quit = w->quit, polling = w->polling, fingerprint = w->fingerprint;
    guint start_count = w->start_count, interval = w->interval_ms;
    guint session_count = w->session_count;
    g_mutex_unlock(&w->lock);
    if (quit)
      break;
    if (session_count != w->seen_session_count) {
      w->seen_session_count = session_count;
      w->session_end_pending = TRUE;
    }
    if (start_count != w->seen_start_count) {
      w->seen_start_count = start_count;
      /* within a session, the card page shown again reads the card on the
       * reader again; one left by an earlier session is never read */
      if (!w->card_left)
        w->card_seen = FALSE;
    }
    step(w, polling, fingerprint);
    guint sleep_ms = w->reader == NULL         ? RESCAN_MS
                     : polling || w->card_left ? interval
                                               : REST_CHECK_MS;
    wait_for(w, sleep_ms, polling, start_count);
  }
  close_reader(w);
  return NULL;
}

static void
worker_free(Worker *w)
{
  close_reader(w);
  g_clear_pointer(&w->usb, libusb_exit);
  g_clear_pointer(&w->table, g_ptr_array_unref);
  g_clear_pointer(&w->open_problem, g_free);
  g_clear_pointer(&w->ignored, g_ptr_array_unref);
  shared_unref(w->shared);
  g_mutex_clear(&w->lock);
  g_cond_clear(&w->cond);
  g_free(w);
}

static void
anyi_idcard_monitor_dispose(GObject *object)
{
  AnyiIdcardMonitor *self = ANYI_IDCARD_MONITOR(object);
  if (self->thread != NULL) {
    g_mutex_lock(&self->worker->lock);
    self->worker->quit = TRUE;
    g_cond_signal(&self->worker->cond);
    g_mutex_unlock(&self->worker->lock);
    g_clear_pointer(&self->thread, g_thread_join);
  }
  g_clear_pointer(&self->worker, worker_free);
  G_OBJECT_CLASS(anyi_idcard_monitor_parent_class)->dispose(object);
}

static void
anyi_idcard_monitor_finalize(GObject *object)
{
  AnyiIdcardMonitor *self = ANYI_IDCARD_MONITOR(object);
  g_clear_pointer(&self->shared, shared_unref);
  g_free(self->reader_name);
  G_OBJECT_CLASS(anyi_idcard_monitor_parent_class)->finalize(object);
}

static void
anyi_idcard_monitor_get_property(GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  AnyiIdcardMonitor *self = ANYI_IDCARD_MONITOR(object);
  switch (prop_id) {
  case PROP_STATE:
    g_value_set_enum(value, self->state);
    break;
  case PROP_READER_NAME:
    g_value_set_string(value, self->reader_name);
    break;
  case PROP_CARD_LEFT:
    g_value_set_boolean(value, self->card_left);
    break;
  default:
    G_OBJECT_WARN_INVALID_PROPERTY_ID(object, prop_id, pspec);
  }
}

static void
anyi_idcard_monitor_class_init(AnyiIdcardMonitorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS(klass);
  object_class->dispose = anyi_idcard_monitor_dispose;
  object_class->finalize = anyi_idcard_monitor_finalize;
  object_class->get_property = anyi_idcard_monitor_get_property;

  properties[PROP_STATE] = g_param_spec_enum(
      "state", NULL, NULL, ANYI_TYPE_IDCARD_READER_STATE, ANYI_IDCARD_READER_STATE_NONE,
      G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_READER_NAME] =
      g_param_spec_string("reader-name", NULL, NULL, NULL,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CARD_LEFT] =
      g_param_spec_boolean("card-left", NULL, NULL, FALSE,
                           G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties(object_class, N_PROPS, properties);

  signals[SIGNAL_CARD_READ] = g_signal_new("card-read", G_TYPE_FROM_CLASS(klass), G_SIGNAL_RUN_LAST,
                                           0, NULL, NULL, NULL, G_TYPE_NONE, 1, ANYI_TYPE_ID_CARD);
  signals[SIGNAL_CARD_REMOVED] =
      g_signal_new("card-removed", G_TYPE_FROM_CLASS(klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                   G_TYPE_NONE, 0);
  signals[SIGNAL_READ_FAILED] =
      g_signal_new("read-failed", G_TYPE_FROM_CLASS(klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                   G_TYPE_NONE, 1, G_TYPE_ERROR);
}

static void
anyi_idcard_monitor_init(AnyiIdcardMonitor *self)
{
}

static Worker *
worker_new(Shared *shared, GPtrArray *table, libusb_context *usb)
{
  Worker *w = g_new0(Worker, 1);
  w->shared = shared_ref(shared);
  g_mutex_init(&w->lock);
  g_cond_init(&w->cond);
  w->interval_ms = ANYI_IDCARD_MONITOR_POLL_INTERVAL_MS;
  w->table = table;
  w->usb = usb;
  w->state = ANYI_IDCARD_READER_STATE_NONE;
  w->ignored = g_ptr_array_new_with_free_func((GDestroyNotify)libusb_unref_device);
  return w;
}

/* device_table_path: the reader table (NULL: the assets' default). */
AnyiIdcardMonitor *
anyi_idcard_monitor_new(const char *device_table_path, GError **error)
{
  g_autofree char *default_path = anyi_idcard_device_table_default_path();
  g_autoptr(GPtrArray) table =
      anyi_idcard_device_table_load(device_table_path ? device_table_path : default_path, error);
  if (table == NULL)
    return NULL;
  libusb_context *usb = NULL;
  int rc = libusb_init(&usb);
  if (rc != 0) {
    g_set_error(error, ANYI_IDCARD_ERROR, ANYI_IDCARD_ERROR_NO_READER, "libusb cannot start: %s",
                libusb_strerror(rc));
    return NULL;
  }
  AnyiIdcardMonitor *self = g_object_new(ANYI_TYPE_IDCARD_MONITOR, NULL);
  self->shared = g_new0(Shared, 1);
  g_atomic_ref_count_init(&self->shared->refs);
  g_weak_ref_init(&self->shared->monitor, self);
  self->shared->context = g_main_context_ref_thread_default();
  self->worker = worker_new(self->shared, g_steal_pointer(&table), usb);
  self->thread = g_thread_new("anyi-idcard", worker_run, self->worker);
  return self;
}

static void
change_request(AnyiIdcardMonitor *self, gboolean polling)
{
  g_mutex_lock(&self->worker->lock);
  if (polling && !self->worker->polling)
    self->worker->start_count++;
  self->worker->polling = polling;
  g_cond_signal(&self->worker->cond);
  g_mutex_unlock(&self->worker->lock);
}

/* Begins looking for a card (the card page is shown). */
void
anyi_idcard_monitor_start(AnyiIdcardMonitor *self)
{
  g_return_if_fail(ANYI_IS_IDCARD_MONITOR(self));
  change_request(self, TRUE);
}

/* Stops looking for a card (any other page). */
void
anyi_idcard_monitor_stop(AnyiIdcardMonitor *self)
{
  g_return_if_fail(ANYI_IS_IDCARD_MONITOR(self));
  change_request(self, FALSE);
}

void
anyi_idcard_monitor_end_session(AnyiIdcardMonitor *self)
{
  g_return_if_fail(ANYI_IS_IDCARD_MONITOR(self));
  g_mutex_lock(&self->worker->lock);
  self->worker->session_count++;
  self->worker->polling = FALSE;
  g_cond_signal(&self->worker->cond);
  g_mutex_unlock(&self->worker->lock);
}

gboolean
anyi_idcard_monitor_get_card_left(AnyiIdcardMonitor *self)
{
  g_return_val_if_fail(ANYI_IS_IDCARD_MONITOR(self), FALSE);
  return self->card_left;
}

AnyiIdcardReaderState
anyi_idcard_monitor_get_state(AnyiIdcardMonitor *self)
{
  g_return_val_if_fail(ANYI_IS_IDCARD_MONITOR(self), ANYI_IDCARD_READER_STATE_NONE);
  return self->state;
}

const char *
anyi_idcard_monitor_get_reader_name(AnyiIdcardMonitor *self)
{
  g_return_val_if_fail(ANYI_IS_IDCARD_MONITOR(self), NULL);
  return self->reader_name;
}

/* Read with 30 10 (text + photo + fingerprint) from the next card on. */
void
anyi_idcard_monitor_set_fingerprint(AnyiIdcardMonitor *self, gboolean fingerprint)
{
  g_return_if_fail(ANYI_IS_IDCARD_MONITOR(self));
  g_mutex_lock(&self->worker->lock);
  self->worker->fingerprint = fingerprint;
  g_mutex_unlock(&self->worker->lock);
}

void
anyi_idcard_monitor_set_poll_interval(AnyiIdcardMonitor *self, guint interval_ms)
{
  g_return_if_fail(ANYI_IS_IDCARD_MONITOR(self) && interval_ms > 0);
  g_mutex_lock(&self->worker->lock);
  self->worker->interval_ms = interval_ms;
  g_mutex_unlock(&self->worker->lock);
}
