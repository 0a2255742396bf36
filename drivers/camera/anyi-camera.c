/* SPDX-License-Identifier: GPL-3.0-or-later */
/* anyi-camera.c: the camera thread: find, open, stream, recover. */
#define _GNU_SOURCE /* gettid() */
#include "anyi-camera.h"

#include "anyi-uvc-device.h"

#include <errno.h>
#include <gio/gio.h>
#ifdef __linux__
#include <sys/resource.h>
#include <unistd.h>
#endif

#define SEARCH_INTERVAL_US (500 * 1000)
#define MAX_RETRY_US       (8 * 1000 * 1000)
#define EVENT_SLICE_US     (50 * 1000)
/* How much nicer than the rest of the kiosk the camera thread runs (it
 * decodes and scales every frame, with libusb's own threads that it
 * starts). On a two-core kiosk that work, Xvfb or the compositor, and the
 * main thread share the cores: at equal niceness the scheduler let the
 * main thread wait for a core behind the camera thread for 40-60 ms
 * (perf sched), and a touch or a paint waited with it. Five steps nicer
 * (about a third of the main thread's share when both want a core) makes
 * a touch and a paint win a core, and still decodes 30 fps, which needs a
 * small part of one core. Raising one's own nice needs no privilege. */
#define CAMERA_THREAD_NICENESS 5
/* Idle pixel buffers kept per pool: in flight at once are one frame being
 * decoded, one pending, the one shown and the one a live check reads;
 * these few cover a frame letting go of its buffers while the next one is
 * decoded, and bound what is kept (a 1080p picture is 6 MB). */
#define FRAME_POOL_IDLE 3

struct _AnyiCamera {
  GObject parent_instance;
  AnyiCameraRole role;
  AnyiCameraTable *table;
  int max_width, max_height;
  GMainContext *context; /* where signals go */
  GThread *thread;
  gint stop_requested; /* atomic */
  gint device_arrived; /* atomic, set by libusb's hotplug callback */
  /* Camera thread only: devices already opened and found to play another
   * role, so a search does not open them every half second. Forgotten
   * when any device arrives (addresses are reused, eventually). */
  GHashTable *not_mine;
  guint frames_this_stream; /* camera thread only: complete frames since the stream started */
  /* Camera thread only, while streaming: where the pictures and the
   * previews are decoded, so that no thread frees and reallocates
   * megabytes for every frame. */
  AnyiFramePool *pixels_pool, *preview_pool;

  GMutex lock;        /* guards what follows, shared with the camera thread */
  AnyiFrame *pending; /* decoded, not yet delivered */
  AnyiFrame *latest;  /* delivered */
  AnyiCameraState state;
  AnyiUvcMode mode;
  char *device_name;
  AnyiCameraStats stats;
  int preview_width, preview_height; /* the box previews fit; 0: none */
};

G_DEFINE_FINAL_TYPE(AnyiCamera, anyi_camera, G_TYPE_OBJECT)

enum { SIGNAL_FRAME, SIGNAL_DEVICE_LOST, N_SIGNALS };
static guint signals[N_SIGNALS];
enum { PROP_0, PROP_STATE, N_PROPS };
static GParamSpec *props[N_PROPS];

GType
anyi_camera_state_get_type(void)
{
  static gsize type = 0;
  static const GEnumValue values[] = {
      {ANYI_CAMERA_STOPPED, "ANYI_CAMERA_STOPPED", "stopped"},
      {ANYI_CAMERA_SEARCHING, "ANYI_CAMERA_SEARCHING", "searching"},
      {ANYI_CAMERA_STREAMING, "ANYI_CAMERA_STREAMING", "streaming"},
      {0, NULL, NULL},
  };
  if (g_once_init_enter(&type))
    g_once_init_leave(&type, g_enum_register_static("AnyiCameraState", values));
  return type;
}

/* ---- handing things to the caller's thread ---- */

typedef struct {
  AnyiCamera *camera;
  gboolean lost;
} StateChange;

/* Not g_main_context_invoke(): from this thread it would run the callback
 * right here whenever it can acquire the (global default) context. */
static void
post(AnyiCamera *self, GSourceFunc func, gpointer data, GDestroyNotify destroy)
{
  GSource *source = g_idle_source_new();
  g_source_set_priority(source, G_PRIORITY_DEFAULT);
  g_source_set_callback(source, func, data, destroy);
  g_source_attach(source, self->context);
  g_source_unref(source);
}

static gboolean
deliver_frame(gpointer data)
{
  AnyiCamera *self = data;
  g_mutex_lock(&self->lock);
  AnyiFrame *frame = g_steal_pointer(&self->pending);
  if (frame) {
    g_clear_pointer(&self->latest, anyi_frame_unref);
    self->latest = anyi_frame_ref(frame);
    self->stats.frames_delivered++;
  }
  g_mutex_unlock(&self->lock);
  if (frame) {
    g_signal_emit(self, signals[SIGNAL_FRAME], 0, frame);
    anyi_frame_unref(frame);
  }
  return G_SOURCE_REMOVE;
}

static void
publish_frame(AnyiCamera *self, AnyiFrame *frame)
{
  g_mutex_lock(&self->lock);
  gboolean schedule = self->pending == NULL;
  if (!schedule)
    self->stats.frames_replaced++;
  g_clear_pointer(&self->pending, anyi_frame_unref);
  self->pending = frame;
  g_mutex_unlock(&self->lock);
  if (schedule)
    post(self, deliver_frame, g_object_ref(self), g_object_unref);
}

static gboolean
deliver_state(gpointer data)
{
  StateChange *change = data;
  if (change->lost)
    g_signal_emit(change->camera, signals[SIGNAL_DEVICE_LOST], 0);
  g_object_notify_by_pspec(G_OBJECT(change->camera), props[PROP_STATE]);
  return G_SOURCE_REMOVE;
}

static void
free_state_change(gpointer data)
{
  StateChange *change = data;
  g_object_unref(change->camera);
  g_free(change);
}

static void
set_state(AnyiCamera *self, AnyiCameraState state, gboolean lost)
{
  g_mutex_lock(&self->lock);
  gboolean changed = self->state != state;
  self->state = state;
  if (lost)
    self->stats.devices_lost++;
  g_mutex_unlock(&self->lock);
  if (!changed && !lost)
    return;
  StateChange *change = g_new0(StateChange, 1);
  change->camera = g_object_ref(self);
  change->lost = lost;
  post(self, deliver_state, change, free_state_change);
}

/* ---- the camera thread ---- */

static gboolean
stop_requested(AnyiCamera *self)
{
  return g_atomic_int_get(&self->stop_requested);
}

static int LIBUSB_CALL
on_hotplug(libusb_context *ctx, libusb_device *device, libusb_hotplug_event event, void *user_data)
{
  g_atomic_int_set(&((AnyiCamera *)user_data)->device_arrived, TRUE);
  return 0;
}

static void
run_events(libusb_context *usb, gint64 microseconds)
{
  struct timeval tv = {0, (suseconds_t)microseconds};
  libusb_handle_events_timeout_completed(usb, &tv, NULL);
}

/* Sleeps until a device arrives (hotplug) or `interval` ends. */
static void
wait_for_devices(AnyiCamera *self, libusb_context *usb, gint64 interval)
{
  gint64 until = g_get_monotonic_time() + interval;
  while (!stop_requested(self) && !g_atomic_int_get(&self->device_arrived) &&
         g_get_monotonic_time() < until)
    run_events(usb, EVENT_SLICE_US);
  g_atomic_int_set(&self->device_arrived, FALSE);
}

/* cameras.json assigns roles; a camera it does not know serves the face
 * role when it is the only camera plugged in. */
static gboolean
plays_role(AnyiCamera *self, AnyiUvcDevice *device, gboolean alone)
{
  AnyiCameraRole role;
  if (anyi_camera_table_match(self->table, anyi_uvc_device_get_vendor_id(device),
                              anyi_uvc_device_get_product_id(device),
                              anyi_uvc_device_get_product(device), &role))
    return role == self->role;
  return alone && self->role == ANYI_CAMERA_ROLE_FACE;
}

static gboolean
may_play_role(AnyiCamera *self, libusb_device *device, gboolean alone)
{
  struct libusb_device_descriptor dd;
  AnyiCameraRole role;
  if (libusb_get_device_descriptor(device, &dd) != 0 || !anyi_uvc_device_is_camera(device))
    return FALSE;
  if (anyi_camera_table_needs_product(self->table, dd.idVendor, dd.idProduct))
    return TRUE; /* decided once it is open and its product string read */
  if (anyi_camera_table_match(self->table, dd.idVendor, dd.idProduct, NULL, &role))
    return role == self->role;
  return alone && self->role == ANYI_CAMERA_ROLE_FACE;
}

static guint
count_cameras(libusb_device **list, ssize_t n)
{
  guint cameras = 0;
  for (ssize_t i = 0; i < n; i++)
    cameras += anyi_uvc_device_is_camera(list[i]) ? 1 : 0;
  return cameras;
}

static gpointer
device_key(libusb_device *device)
{
  return GUINT_TO_POINTER((guint)libusb_get_bus_number(device) << 8 |
                          libusb_get_device_address(device));
}

static AnyiUvcDevice *
find_device(AnyiCamera *self, libusb_context *usb)
{
  GHashTable *not_mine = self->not_mine;
  libusb_device **list = NULL;
  ssize_t n = libusb_get_device_list(usb, &list);
  AnyiUvcDevice *found = NULL;
  gboolean alone = count_cameras(list, n) == 1;
  for (ssize_t i = 0; i < n && !found; i++) {
    if ((!alone && g_hash_table_contains(not_mine, device_key(list[i]))) ||
        !may_play_role(self, list[i], alone))
      continue;
    g_autoptr(GError) error = NULL;
    AnyiUvcDevice *device = anyi_uvc_device_open(usb, list[i], &error);
    if (!device) {
      g_debug("camera: skipping a device: %s", error->message);
    } else if (plays_role(self, device, alone)) {
      found = device;
    } else {
      g_hash_table_add(not_mine, device_key(list[i]));
      anyi_uvc_device_close(device);
    }
  }
  if (list)
    libusb_free_device_list(list, 1);
  return found;
}

static void
on_raw_frame(GBytes *raw, const AnyiUvcMode *mode, gpointer user_data)
{
  AnyiCamera *self = user_data;
  g_autoptr(GError) error = NULL;
  gsize len = 0;
  const guint8 *data = g_bytes_get_data(raw, &len);
  if (self->frames_this_stream++ < ANYI_CAMERA_SETTLING_FRAMES)
    return;
  AnyiFrame *frame = mode->encoding == ANYI_UVC_MJPEG
                         ? anyi_frame_new_from_jpeg_pooled(data, len, mode->width, mode->height,
                                                           self->pixels_pool, &error)
                         : anyi_frame_new_from_yuy2_pooled(data, len, mode->width, mode->height,
                                                           self->pixels_pool, &error);
  if (frame) {
    g_mutex_lock(&self->lock);
    int box_width = self->preview_width, box_height = self->preview_height;
    g_mutex_unlock(&self->lock);
    if (box_width > 0)
      anyi_frame_add_preview_pooled(frame, box_width, box_height, self->preview_pool);
  }
  if (!frame) {
    g_debug("camera: frame dropped: %s", error->message);
    g_mutex_lock(&self->lock);
    self->stats.frames_damaged++;
    g_mutex_unlock(&self->lock);
    return;
  }
  publish_frame(self, frame);
}

static void
remember_device(AnyiCamera *self, AnyiUvcDevice *device, const AnyiUvcMode *mode)
{
  g_mutex_lock(&self->lock);
  g_free(self->device_name);
  self->device_name = device
                          ? g_strdup_printf("%s (%04x:%04x)", anyi_uvc_device_get_product(device),
                                            anyi_uvc_device_get_vendor_id(device),
                                            anyi_uvc_device_get_product_id(device))
                          : NULL;
  if (mode)
    self->mode = *mode;
  g_mutex_unlock(&self->lock);
}

static void
open_pools(AnyiCamera *self)
{
  self->pixels_pool = anyi_frame_pool_new(FRAME_POOL_IDLE);
  self->preview_pool = anyi_frame_pool_new(FRAME_POOL_IDLE);
}

/* The frames still out (shown, checked, captured) give their buffers back
 * wiped and freed, not kept: a stopped camera keeps no picture memory. */
static void
close_pools(AnyiCamera *self)
{
  anyi_frame_pool_close(self->pixels_pool);
  anyi_frame_pool_close(self->preview_pool);
  g_clear_pointer(&self->pixels_pool, anyi_frame_pool_unref);
  g_clear_pointer(&self->preview_pool, anyi_frame_pool_unref);
}

/* Streams until asked to stop or the device goes; TRUE if it went.
 * `failures` counts failed starts in a row: only the first is a warning. */
static gboolean
stream(AnyiCamera *self, libusb_context *usb, AnyiUvcDevice *device, guint *failures)
{
  g_autoptr(GError) error = NULL;
  AnyiUvcMode mode;
  if (!anyi_uvc_pick_mode_for_role(anyi_uvc_device_get_modes(device),
                                   self->role == ANYI_CAMERA_ROLE_DOCUMENT, self->max_width,
                                   self->max_height, &mode)) {
    g_warning("camera: %s offers no mode up to %dx%d", anyi_uvc_device_get_product(device),
              self->max_width, self->max_height);
    return FALSE;
  }
  self->frames_this_stream = 0;
  open_pools(self);
  if (!anyi_uvc_device_start(device, &mode, on_raw_frame, self, &error)) {
    close_pools(self);
    if (anyi_uvc_device_is_gone(device))
      g_message("camera: %s went while starting: %s", anyi_uvc_device_get_product(device),
                error->message);
    else if ((*failures)++ == 0)
      g_warning("camera: %s does not start: %s (retrying)", anyi_uvc_device_get_product(device),
                error->message);
    else
      g_debug("camera: %s still does not start: %s", anyi_uvc_device_get_product(device),
              error->message);
    return anyi_uvc_device_is_gone(device);
  }
  *failures = 0;
  g_message("camera: %s camera %s (%04x:%04x) streaming %s %ux%u over %s (alternate setting %u)",
            anyi_camera_role_to_string(self->role), anyi_uvc_device_get_product(device),
            anyi_uvc_device_get_vendor_id(device), anyi_uvc_device_get_product_id(device),
            anyi_uvc_encoding_name(mode.encoding), mode.width, mode.height,
            anyi_uvc_transfer_name(anyi_uvc_device_get_transfer(device)),
            anyi_uvc_device_get_alt_setting(device));
  remember_device(self, device, &mode);
  set_state(self, ANYI_CAMERA_STREAMING, FALSE);
  while (!stop_requested(self) && !anyi_uvc_device_is_gone(device))
    run_events(usb, EVENT_SLICE_US);
  gboolean gone = anyi_uvc_device_is_gone(device);
  anyi_uvc_device_stop(device);
  close_pools(self);
  return gone;
}

static gboolean
was_streaming(AnyiCamera *self)
{
  g_mutex_lock(&self->lock);
  gboolean streaming = self->state == ANYI_CAMERA_STREAMING;
  g_mutex_unlock(&self->lock);
  return streaming;
}

/* Per-thread niceness (Linux: setpriority on a thread id), set before
 * libusb_init so that the threads libusb starts from here inherit it. */
static void
yield_to_ui(void)
{
#ifdef __linux__
  pid_t tid = gettid();
  errno = 0;
  int nice = getpriority(PRIO_PROCESS, (id_t)tid);
  if (errno != 0)
    nice = 0;
  int wanted = MIN(nice + CAMERA_THREAD_NICENESS, 19);
  if (setpriority(PRIO_PROCESS, (id_t)tid, wanted) == 0)
    g_debug("camera: camera thread at nice %d (the thread that started it at %d)", wanted, nice);
  else
    g_debug("camera: camera thread stays at nice %d: %s", nice, g_strerror(errno));
#endif
}

static gpointer
camera_thread(gpointer data)
{
  AnyiCamera *self = data;
  libusb_context *usb = NULL;
  libusb_hotplug_callback_handle hotplug = 0;
  yield_to_ui();
  int rc = libusb_init(&usb);
  if (rc != 0) {
    g_warning("camera: libusb cannot start: %s", libusb_error_name(rc));
    set_state(self, ANYI_CAMERA_STOPPED, FALSE);
    return NULL;
  }
  if (libusb_has_capability(LIBUSB_CAP_HAS_HOTPLUG))
    libusb_hotplug_register_callback(usb, LIBUSB_HOTPLUG_EVENT_DEVICE_ARRIVED, 0,
                                     LIBUSB_HOTPLUG_MATCH_ANY, LIBUSB_HOTPLUG_MATCH_ANY,
                                     LIBUSB_HOTPLUG_MATCH_ANY, on_hotplug, self, &hotplug);
  guint failures = 0;
  while (!stop_requested(self)) {
    g_autoptr(AnyiUvcDevice) device = find_device(self, usb);
    if (!device) {
      set_state(self, ANYI_CAMERA_SEARCHING, FALSE);
      wait_for_devices(self, usb, SEARCH_INTERVAL_US);
      continue;
    }
    gboolean gone = stream(self, usb, device, &failures);
    g_clear_pointer(&device, anyi_uvc_device_close);
    remember_device(self, NULL, NULL);
    if (gone && was_streaming(self)) {
      g_message("camera: the %s camera was unplugged", anyi_camera_role_to_string(self->role));
      set_state(self, ANYI_CAMERA_SEARCHING, TRUE);
    } else if (gone) {
      /* found again before its unplug was through, and gone while starting:
       * the loss was told already */
      set_state(self, ANYI_CAMERA_SEARCHING, FALSE);
    } else if (!stop_requested(self)) {
      /* It would not stream: retry, less and less often (0.5 s .. 8 s). */
      gint64 backoff = SEARCH_INTERVAL_US << MIN(failures, 5u);
      wait_for_devices(self, usb, MIN(backoff, (gint64)MAX_RETRY_US));
    }
  }
  if (hotplug)
    libusb_hotplug_deregister_callback(usb, hotplug);
  libusb_exit(usb);
  return NULL;
}

/* ---- public API ---- */

AnyiCamera *
anyi_camera_new(AnyiCameraRole role, AnyiCameraTable *table)
{
  AnyiCamera *self = g_object_new(ANYI_TYPE_CAMERA, NULL);
  self->role = role;
  self->table = anyi_camera_table_ref(table);
  if (role == ANYI_CAMERA_ROLE_DOCUMENT)
    self->max_width = self->max_height = ANYI_UVC_MAX_SIDE; /* the largest still size */
  return self;
}

void
anyi_camera_set_max_size(AnyiCamera *self, int width, int height)
{
  g_return_if_fail(ANYI_IS_CAMERA(self) && self->thread == NULL);
  self->max_width = width;
  self->max_height = height;
}

void
anyi_camera_set_preview_size(AnyiCamera *self, int width, int height)
{
  g_return_if_fail(ANYI_IS_CAMERA(self));
  g_mutex_lock(&self->lock);
  self->preview_width = MAX(width, 0);
  self->preview_height = MAX(height, 0);
  g_mutex_unlock(&self->lock);
}

void
anyi_camera_start(AnyiCamera *self)
{
  g_return_if_fail(ANYI_IS_CAMERA(self));
  if (self->thread)
    return;
  g_clear_pointer(&self->context, g_main_context_unref);
  self->context = g_main_context_ref_thread_default();
  g_atomic_int_set(&self->stop_requested, FALSE);
  g_hash_table_remove_all(self->not_mine); /* the thread is not running */
  set_state(self, ANYI_CAMERA_SEARCHING, FALSE);
  g_debug("camera: %s camera %p starting", anyi_camera_role_to_string(self->role), (void *)self);
  self->thread = g_thread_new("anyi-camera", camera_thread, self);
}

void
anyi_camera_stop(AnyiCamera *self)
{
  g_return_if_fail(ANYI_IS_CAMERA(self));
  if (!self->thread)
    return;
  g_atomic_int_set(&self->stop_requested, TRUE);
  g_debug("camera: %s camera %p stopping", anyi_camera_role_to_string(self->role), (void *)self);
  g_thread_join(g_steal_pointer(&self->thread));
  /* the device is let go of: another camera object may take it now */
  g_debug("camera: %s camera %p stopped", anyi_camera_role_to_string(self->role), (void *)self);
  g_mutex_lock(&self->lock);
  /* no frame after stop, and no picture of the citizen left behind */
  g_clear_pointer(&self->pending, anyi_frame_unref);
  g_clear_pointer(&self->latest, anyi_frame_unref);
  g_mutex_unlock(&self->lock);
  set_state(self, ANYI_CAMERA_STOPPED, FALSE);
}

AnyiCameraRole
anyi_camera_get_role(AnyiCamera *self)
{
  return self->role;
}

AnyiCameraState
anyi_camera_get_state(AnyiCamera *self)
{
  g_mutex_lock(&self->lock);
  AnyiCameraState state = self->state;
  g_mutex_unlock(&self->lock);
  return state;
}

gboolean
anyi_camera_get_mode(AnyiCamera *self, AnyiUvcMode *mode)
{
  g_mutex_lock(&self->lock);
  gboolean streaming = self->state == ANYI_CAMERA_STREAMING;
  if (streaming)
    *mode = self->mode;
  g_mutex_unlock(&self->lock);
  return streaming;
}

char *
anyi_camera_dup_device_name(AnyiCamera *self)
{
  g_mutex_lock(&self->lock);
  char *name = g_strdup(self->device_name);
  g_mutex_unlock(&self->lock);
  return name;
}

AnyiFrame *
anyi_camera_get_latest_frame(AnyiCamera *self)
{
  g_mutex_lock(&self->lock);
  AnyiFrame *frame = self->latest ? anyi_frame_ref(self->latest) : NULL;
  g_mutex_unlock(&self->lock);
  return frame;
}

void
anyi_camera_get_stats(AnyiCamera *self, AnyiCameraStats *stats)
{
  g_mutex_lock(&self->lock);
  *stats = self->stats;
  g_mutex_unlock(&self->lock);
}

static void
anyi_camera_dispose(GObject *object)
{
  AnyiCamera *self = ANYI_CAMERA(object);
  anyi_camera_stop(self);
  g_clear_pointer(&self->pending, anyi_frame_unref);
  g_clear_pointer(&self->latest, anyi_frame_unref);
  G_OBJECT_CLASS(anyi_camera_parent_class)->dispose(object);
}

static void
anyi_camera_finalize(GObject *object)
{
  AnyiCamera *self = ANYI_CAMERA(object);
  g_clear_pointer(&self->table, anyi_camera_table_unref);
  g_clear_pointer(&self->context, g_main_context_unref);
  g_clear_pointer(&self->not_mine, g_hash_table_unref);
  g_free(self->device_name);
  g_mutex_clear(&self->lock);
  G_OBJECT_CLASS(anyi_camera_parent_class)->finalize(object);
}

static void
anyi_camera_get_property(GObject *object, guint id, GValue *value, GParamSpec *pspec)
{
  if (id == PROP_STATE)
    g_value_set_enum(value, anyi_camera_get_state(ANYI_CAMERA(object)));
  else
    G_OBJECT_WARN_INVALID_PROPERTY_ID(object, id, pspec);
}

static void
anyi_camera_class_init(AnyiCameraClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS(klass);
  object_class->dispose = anyi_camera_dispose;
  object_class->finalize = anyi_camera_finalize;
  object_class->get_property = anyi_camera_get_property;

  props[PROP_STATE] =
      g_param_spec_enum("state", NULL, NULL, ANYI_TYPE_CAMERA_STATE, ANYI_CAMERA_STOPPED,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties(object_class, N_PROPS, props);

  /* AnyiCamera::frame: a new picture (latest wins; never queued). */
  signals[SIGNAL_FRAME] = g_signal_new("frame", G_TYPE_FROM_CLASS(klass), G_SIGNAL_RUN_LAST, 0,
                                       NULL, NULL, NULL, G_TYPE_NONE, 1, ANYI_TYPE_FRAME);
  /* AnyiCamera::device-lost: the camera was unplugged while in use. */
  signals[SIGNAL_DEVICE_LOST] =
      g_signal_new("device-lost", G_TYPE_FROM_CLASS(klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                   G_TYPE_NONE, 0);
}

static void
anyi_camera_init(AnyiCamera *self)
{
  g_mutex_init(&self->lock);
  self->not_mine = g_hash_table_new(g_direct_hash, g_direct_equal);
  self->max_width = 1920;
  self->max_height = 1080;
}

/* ---- listing for the technician ---- */

void
anyi_camera_info_free(AnyiCameraInfo *info)
{
  g_free(info->product);
  g_clear_pointer(&info->modes, g_array_unref);
  g_clear_pointer(&info->alts, g_array_unref);
  g_free(info);
}

static AnyiCameraInfo *
describe_device(const AnyiCameraTable *table, libusb_context *usb, libusb_device *dev,
                gboolean alone)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AnyiUvcDevice) device = anyi_uvc_device_open(usb, dev, &error);
  if (!device) {
    g_message("camera: cannot open a camera: %s", error->message);
    return NULL;
  }
  AnyiCameraInfo *info = g_new0(AnyiCameraInfo, 1);
  info->vendor_id = anyi_uvc_device_get_vendor_id(device);
  info->product_id = anyi_uvc_device_get_product_id(device);
  info->product = g_strdup(anyi_uvc_device_get_product(device));
  info->has_role =
      anyi_camera_table_match(table, info->vendor_id, info->product_id, info->product, &info->role);
  if (!info->has_role && alone) {
    info->has_role = info->role_by_default = TRUE;
    info->role = ANYI_CAMERA_ROLE_FACE;
  }
  const GArray *modes = anyi_uvc_device_get_modes(device);
  info->modes = g_array_sized_new(FALSE, FALSE, sizeof(AnyiUvcMode), modes->len);
  g_array_append_vals(info->modes, modes->data, modes->len);
  info->transfer = anyi_uvc_device_get_transfer(device);
  const GArray *alts = anyi_uvc_device_get_alt_settings(device);
  info->alts = g_array_sized_new(FALSE, FALSE, sizeof(AnyiUvcAltSetting), alts->len);
  g_array_append_vals(info->alts, alts->data, alts->len);
  AnyiUvcMode mode;
  if (info->has_role &&
      anyi_uvc_pick_mode_for_role(modes, info->role == ANYI_CAMERA_ROLE_DOCUMENT,
                                  info->role == ANYI_CAMERA_ROLE_FACE ? 1920 : ANYI_UVC_MAX_SIDE,
                                  info->role == ANYI_CAMERA_ROLE_FACE ? 1080 : ANYI_UVC_MAX_SIDE,
                                  &mode)) {
    info->has_mode = TRUE;
    info->mode = mode;
    g_autoptr(GError) probe_error = NULL;
    if (!anyi_uvc_device_probe_alt(device, &mode, &info->alt, &probe_error)) {
      info->busy = g_error_matches(probe_error, G_IO_ERROR, G_IO_ERROR_BUSY);
      g_message("camera: cannot probe %s: %s", info->product, probe_error->message);
    }
  }
  return info;
}

GPtrArray *
anyi_camera_list(const AnyiCameraTable *table, GError **error)
{
  libusb_context *usb = NULL;
  int rc = libusb_init(&usb);
  if (rc != 0) {
    g_set_error(error, G_IO_ERROR, G_IO_ERROR_FAILED, "libusb cannot start: %s",
                libusb_error_name(rc));
    return NULL;
  }
  GPtrArray *cameras = g_ptr_array_new_with_free_func((GDestroyNotify)anyi_camera_info_free);
  libusb_device **list = NULL;
  ssize_t n = libusb_get_device_list(usb, &list);
  gboolean alone = count_cameras(list, n) == 1;
  for (ssize_t i = 0; i < n; i++) {
    if (!anyi_uvc_device_is_camera(list[i]))
      continue;
    AnyiCameraInfo *info = describe_device(table, usb, list[i], alone);
    if (info)
      g_ptr_array_add(cameras, info);
  }
  if (list)
    libusb_free_device_list(list, 1);
  libusb_exit(usb);
  return cameras;
}
