/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kiosk-staff-devices.c */
#include "kiosk-staff-devices.h"
#include "kiosk-camera-view.h"
#include "kiosk-out-of-service-page.h"
#include "kiosk-staff-panel-private.h"
#include "kiosk-staff-usb.h"
#include "log/anyi-log.h"

#include <gio/gunixmounts.h>
#include <glib/gi18n-lib.h>

/* The device history the panel lists: the latest few, the rest is in the
 * log panel (kind 设备). */
#define DEVICE_EVENTS_SHOWN 4
/* The previews share a third of the screen: two side by side. */
#define PREVIEW_WIDTH  256
#define PREVIEW_HEIGHT 144
/* A spoken sentence with tones and numbers in it, as the citizen hears. */
#define SPEECH_TEST_SENTENCE "您好，这是语音播报测试。请在一号窗口办理。"

struct _KioskStaffDevices {
  GtkBox parent_instance;
  GtkGrid *device_list;
  GtkLabel *test_result;
  GtkToggleButton *camera_button;
  GtkBox *camera_box;
  KioskCameraView *face_view;
  KioskCameraView *document_view;
  GtkLabel *face_info;
  GtkLabel *document_info;
  GtkBox *history_box;
  GtkBox *event_list;
  GtkButton *bundle_button;
  GtkLabel *bundle_result;

  AnyiStaffDesk *desk;
  char *actor; /* NULL while no one is signed in */
  gboolean english;

  AnyiIdcardMonitor *card_test; /* while a card read is awaited */
  gint64 card_asked_at;         /* monotonic: the button pressed */
  gint64 card_reading_at;       /* monotonic: the reader began to read */

  guint camera_tick;
  gint64 tick_at;
  guint face_frames, document_frames; /* delivered at the last tick */

  GSubprocess *bundle;
  GCancellable *cancellable;
  GUnixMountMonitor *mounts;
};

G_DEFINE_FINAL_TYPE(KioskStaffDevices, kiosk_staff_devices, GTK_TYPE_BOX)

enum { SIGNAL_NOTED, N_SIGNALS };
static guint signals[N_SIGNALS];

static const char *
idcard_state_text(AnyiIdcardMonitor *monitor)
{
  if (!monitor)
    return _("未配置");
  switch (anyi_idcard_monitor_get_state(monitor)) {
  case ANYI_IDCARD_READER_STATE_NONE:
    return _("未连接");
  case ANYI_IDCARD_READER_STATE_IDLE:
  case ANYI_IDCARD_READER_STATE_POLLING:
    return _("正常");
  case ANYI_IDCARD_READER_STATE_READING:
    return _("正在读卡");
  case ANYI_IDCARD_READER_STATE_FAULT:
    return _("故障");
  }
  return _("故障");
}

static const char *
camera_state_text(AnyiCamera *camera)
{
  if (!camera)
    return _("未配置");
  switch (anyi_camera_get_state(camera)) {
  case ANYI_CAMERA_STOPPED:
    return _("待用（未开启）");
  case ANYI_CAMERA_SEARCHING:
    return _("未连接");
  case ANYI_CAMERA_STREAMING:
    return _("正常");
  }
  return _("故障");
}

static void
add_device_row(KioskStaffDevices *self, int row, const char *device, const char *state)
{
  GtkWidget *value = kiosk_staff_wrapped_label_new(state, "staff-state");

  if (!g_str_equal(state, _("正常")) && !g_str_equal(state, _("待用（未开启）")))
    gtk_widget_add_css_class(value, "staff-fault");
  gtk_grid_attach(self->device_list, kiosk_staff_label_new(device, "staff-row-title"), 0, row, 1,
                  1);
  gtk_grid_attach(self->device_list, value, 1, row, 1, 1);
}

/* ---- the card reader ---- */

static AnyiKiosk *
panel_kiosk(KioskStaffDevices *self)
{
  return anyi_staff_desk_get_kiosk(self->desk);
}

static void
set_test_result(KioskStaffDevices *self, const char *text, gboolean problem)
{
  gtk_label_set_text(self->test_result, text);
  if (problem)
    gtk_widget_add_css_class(GTK_WIDGET(self->test_result), "problem");
  else
    gtk_widget_remove_css_class(GTK_WIDGET(self->test_result), "problem");
}

static void
end_card_test(KioskStaffDevices *self)
{
  if (!self->card_test)
    return;
  g_signal_handlers_disconnect_by_data(self->card_test, self);
  /* the test card is the technician's: never read for a citizen */
  anyi_idcard_monitor_end_session(self->card_test);
  g_clear_object(&self->card_test);
}

/* "张**": enough for the technician to see the card was read right. */
static char *
masked_name(const char *name)
{
  g_autoptr(GString) masked = g_string_new(NULL);
  glong length = name ? g_utf8_strlen(name, -1) : 0;

  if (length == 0)
    return g_strdup("");
  g_string_append_len(masked, name, g_utf8_next_char(name) - name);
  for (glong i = 1; i < length; i++)
    g_string_append_c(masked, '*');
  return g_string_free(g_steal_pointer(&masked), FALSE);
}

static double
card_read_seconds(KioskStaffDevices *self)
{
  gint64 from = self->card_reading_at ? self->card_reading_at : self->card_asked_at;

  return (g_get_monotonic_time() - from) / (double)G_USEC_PER_SEC;
}

static void
on_test_card_read(AnyiIdcardMonitor *monitor, AnyiIdCard *card, KioskStaffDevices *self)
{
  g_autofree char *name = masked_name(card->name && *card->name ? card->name : card->english_name);
  g_autofree char *number = anyi_mask_id_numbers(card->id_number ? card->id_number : "");
  g_autofree char *seconds = g_strdup_printf("%.2f", card_read_seconds(self));
  g_autofree char *text = g_strdup_printf(_("读卡成功：%s  %s  用时%s秒"), name, number, seconds);

  g_message("technician: card test read in %s s", seconds);
  set_test_result(self, text, FALSE);
  end_card_test(self);
}

static void
on_test_card_failed(AnyiIdcardMonitor *monitor, GError *error, KioskStaffDevices *self)
{
  g_autofree char *masked = anyi_mask_id_numbers(error->message);
  g_autofree char *text = g_strdup_printf(_("读卡失败：%s"), masked);

  g_message("technician: card test failed: %s", masked);
  set_test_result(self, text, TRUE);
  end_card_test(self);
}

static void
on_test_card_state(AnyiIdcardMonitor *monitor, GParamSpec *pspec, KioskStaffDevices *self)
{
  if (anyi_idcard_monitor_get_state(monitor) == ANYI_IDCARD_READER_STATE_READING)
    self->card_reading_at = g_get_monotonic_time();
}

static void
on_card_test_clicked(KioskStaffDevices *self)
{
  AnyiIdcardMonitor *monitor = anyi_kiosk_get_idcard(panel_kiosk(self));

  end_card_test(self);
  if (!monitor) {
    set_test_result(self, _("没有配置身份证阅读器"), TRUE);
    return;
  }
  if (anyi_idcard_monitor_get_state(monitor) == ANYI_IDCARD_READER_STATE_NONE) {
    set_test_result(self, _("身份证阅读器未连接，请检查USB线"), TRUE);
    return;
  }
  self->card_test = g_object_ref(monitor);
  self->card_asked_at = g_get_monotonic_time();
  self->card_reading_at = 0;
  g_signal_connect(monitor, "card-read", G_CALLBACK(on_test_card_read), self);
  g_signal_connect(monitor, "read-failed", G_CALLBACK(on_test_card_failed), self);
  g_signal_connect(monitor, "notify::state", G_CALLBACK(on_test_card_state), self);
  anyi_idcard_monitor_start(monitor);
  set_test_result(self, _("请将身份证放在阅读器上"), FALSE);
}

/* ---- the cameras ---- */

/* "1280×720 MJPEG 30帧/秒模式，实际14.8帧/秒" */
static char *
camera_info_text(AnyiCamera *camera, guint frames, double seconds)
{
  AnyiUvcMode mode;
  g_autofree char *rate = NULL;

  if (!camera)
    return g_strdup(_("未配置"));
  if (!anyi_camera_get_mode(camera, &mode))
    return g_strdup(camera_state_text(camera));
  rate = g_strdup_printf("%.1f", seconds > 0 ? frames / seconds : 0.0);
  return g_strdup_printf(_("%u×%u %s，%.0f帧/秒模式，实际%s帧/秒"), mode.width, mode.height,
                         mode.encoding == ANYI_UVC_MJPEG ? "MJPEG" : "YUY2",
                         mode.interval ? 1e7 / mode.interval : 0.0, rate);
}

static guint
frames_delivered(AnyiCamera *camera)
{
  AnyiCameraStats stats = {0};

  if (camera)
    anyi_camera_get_stats(camera, &stats);
  return stats.frames_delivered;
}

static gboolean
on_camera_tick(gpointer data)
{
  KioskStaffDevices *self = data;
  AnyiCamera *face = anyi_kiosk_get_camera(panel_kiosk(self), ANYI_CAMERA_ROLE_FACE);
  AnyiCamera *document = anyi_kiosk_get_camera(panel_kiosk(self), ANYI_CAMERA_ROLE_DOCUMENT);
  gint64 now = g_get_monotonic_time();
  double seconds = (now - self->tick_at) / (double)G_USEC_PER_SEC;
  guint face_now = frames_delivered(face), document_now = frames_delivered(document);
  g_autofree char *face_text = camera_info_text(face, face_now - self->face_frames, seconds);
  g_autofree char *document_text =
      camera_info_text(document, document_now - self->document_frames, seconds);

  gtk_label_set_text(self->face_info, face_text);
  gtk_label_set_text(self->document_info, document_text);
  self->tick_at = now;
  self->face_frames = face_now;
  self->document_frames = document_now;
  return G_SOURCE_CONTINUE;
}

/* The camera view asks for the photo page's size; here it is a test
 * picture, a quarter of that (its picture can shrink, keeping the
 * frame's proportions). */
static void
shrink_preview(KioskCameraView *view)
{
  GtkWidget *overlay = gtk_widget_get_first_child(GTK_WIDGET(view));
  GtkWidget *picture = overlay ? gtk_widget_get_first_child(overlay) : NULL;

  if (GTK_IS_PICTURE(picture))
    gtk_widget_set_size_request(picture, PREVIEW_WIDTH, PREVIEW_HEIGHT);
}

static void
start_camera_view(KioskCameraView *view, AnyiCamera *camera)
{
  if (camera)
    kiosk_camera_view_start(view, camera);
}

static void
stop_camera_test(KioskStaffDevices *self)
{
  g_clear_handle_id(&self->camera_tick, g_source_remove);
  kiosk_camera_view_stop(self->face_view);
  kiosk_camera_view_stop(self->document_view);
  gtk_widget_set_visible(GTK_WIDGET(self->camera_box), FALSE);
  gtk_widget_set_visible(GTK_WIDGET(self->history_box), TRUE);
}

static void
on_camera_test_toggled(KioskStaffDevices *self)
{
  AnyiKiosk *kiosk;

  if (!gtk_toggle_button_get_active(self->camera_button) || !self->desk) {
    stop_camera_test(self);
    return;
  }
  kiosk = panel_kiosk(self);
  /* the pictures take the history's place: the panel stays on the screen */
  gtk_widget_set_visible(GTK_WIDGET(self->history_box), FALSE);
  gtk_widget_set_visible(GTK_WIDGET(self->camera_box), TRUE);
  gtk_label_set_text(self->face_info, _("正在打开……"));
  gtk_label_set_text(self->document_info, _("正在打开……"));
  start_camera_view(self->face_view, anyi_kiosk_get_camera(kiosk, ANYI_CAMERA_ROLE_FACE));
  start_camera_view(self->document_view, anyi_kiosk_get_camera(kiosk, ANYI_CAMERA_ROLE_DOCUMENT));
  self->tick_at = g_get_monotonic_time();
  self->face_frames = frames_delivered(anyi_kiosk_get_camera(kiosk, ANYI_CAMERA_ROLE_FACE));
  self->document_frames = frames_delivered(anyi_kiosk_get_camera(kiosk, ANYI_CAMERA_ROLE_DOCUMENT));
  self->camera_tick = g_timeout_add_seconds(1, on_camera_tick, self);
}

/* ---- speech ---- */

static void
on_speech_test_clicked(KioskStaffDevices *self)
{
  AnyiSpeech *speech = anyi_kiosk_get_speech(panel_kiosk(self));

  if (!speech) {
    set_test_result(self, _("语音播报不可用：没有找到语音合成"), TRUE);
    return;
  }
  anyi_speech_say(speech, SPEECH_TEST_SENTENCE);
  if (!anyi_speech_get_output_ok(speech))
    set_test_result(self, _("语音已合成，但没有声音输出设备，请检查音箱"), TRUE);
  else {
    g_autofree char *text = g_strdup_printf(_("正在播报：%s"), SPEECH_TEST_SENTENCE);

    set_test_result(self, text, FALSE);
  }
}

/* ---- device history ---- */

static void
show_device_events(KioskStaffDevices *self)
{
  AnyiStore *store = anyi_kiosk_get_store(panel_kiosk(self));
  AnyiLogFilter devices = {.kinds = ANYI_LOG_KIND_DEVICE};
  AnyiLogCursor cursor;
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GError) error = NULL;

  kiosk_staff_clear_rows(GTK_WIDGET(self->event_list));
  anyi_log_cursor_init(&cursor);
  events =
      store ? anyi_store_log_page(store, &devices, &cursor, DEVICE_EVENTS_SHOWN, &error) : NULL;
  if (!events) {
    if (error)
      g_warning("staff page: cannot read device events: %s", error->message);
    gtk_box_append(self->event_list,
                   kiosk_staff_wrapped_label_new(_("无法读取设备记录"), "problem"));
    return;
  }
  if (events->len == 0)
    gtk_box_append(self->event_list, kiosk_staff_label_new(_("没有设备记录"), "hint"));
  for (guint i = 0; i < events->len; i++) {
    const AnyiLogEntry *event = events->pdata[i];
    g_autofree char *when = kiosk_staff_time_text(event->at);
    g_autofree char *line =
        g_strdup_printf("%s  %s  %s  %s  %s", when, event->who,
                        event->kinds & ANYI_LOG_KIND_ERROR ? _("故障") : _("正常"), event->what,
                        event->detail ? event->detail : "");
    g_autofree char *masked = anyi_mask_id_numbers(line);

    gtk_box_append(self->event_list,
                   kiosk_staff_wrapped_label_new(
                       masked, event->kinds & ANYI_LOG_KIND_ERROR ? "staff-fault" : NULL));
  }
}

/* ---- the support bundle ---- */

static void
update_bundle_button(KioskStaffDevices *self)
{
  g_autofree char *stick = kiosk_staff_usb_stick_find();

  gtk_widget_set_sensitive(GTK_WIDGET(self->bundle_button), stick && !self->bundle);
  if (!stick && !self->bundle)
    gtk_label_set_text(self->bundle_result, _("插入U盘后可导出支持包"));
}

/* anyictl beside the kiosk (installed, or in the build tree), else on
 * PATH; $ANYI_ANYICTL first. */
static char *
find_anyictl(void)
{
  const char *chosen = g_getenv("ANYI_ANYICTL");
  g_autofree char *exe = g_file_read_link("/proc/self/exe", NULL);
  g_autofree char *dir = exe ? g_path_get_dirname(exe) : NULL;
  g_autofree char *beside = dir ? g_build_filename(dir, "anyictl", NULL) : NULL;
  g_autofree char *in_build = dir ? g_build_filename(dir, "..", "anyictl", "anyictl", NULL) : NULL;

  if (chosen)
    return g_file_test(chosen, G_FILE_TEST_IS_EXECUTABLE) ? g_strdup(chosen) : NULL;
  if (beside && g_file_test(beside, G_FILE_TEST_IS_EXECUTABLE))
    return g_steal_pointer(&beside);
  if (in_build && g_file_test(in_build, G_FILE_TEST_IS_EXECUTABLE))
    return g_steal_pointer(&in_build);
  return g_find_program_in_path("anyictl");
}

static void
set_bundle_result(KioskStaffDevices *self, const char *text, gboolean problem)
{
  gtk_label_set_text(self->bundle_result, text);
  if (problem)
    gtk_widget_add_css_class(GTK_WIDGET(self->bundle_result), "problem");
  else
    gtk_widget_remove_css_class(GTK_WIDGET(self->bundle_result), "problem");
}

/* The first line anyictl wrote on stderr: what went wrong, in its words
 * (a usage text may follow). */
static char *
first_line(const char *text)
{
  g_auto(GStrv) lines = g_strsplit(text ? g_strstrip((char *)text) : "", "\n", 2);

  return g_strdup(lines[0] ? lines[0] : "");
}

static void
on_bundle_done(GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr(KioskStaffDevices) self = data;
  g_autoptr(GError) error = NULL;
  g_autofree char *err_text = NULL;
  const char *path = g_object_get_data(source, "bundle-path");
  gboolean ok =
      g_subprocess_communicate_utf8_finish(G_SUBPROCESS(source), result, NULL, &err_text, &error);

  if (g_error_matches(error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (ok && g_subprocess_get_if_exited(G_SUBPROCESS(source)) &&
      g_subprocess_get_exit_status(G_SUBPROCESS(source)) == 0) {
    g_autofree char *text = g_strdup_printf(_("支持包已写入U盘：%s"), path);

    g_message("technician: support bundle written to %s", path);
    set_bundle_result(self, text, FALSE);
  } else {
    g_autofree char *why = error ? g_strdup(error->message) : first_line(err_text);
    g_autofree char *masked = anyi_mask_id_numbers(why);
    g_autofree char *text = g_strdup_printf(_("支持包生成失败：%s"), masked);

    /* the technician reads it on screen; a failed try is no kiosk fault */
    g_message("technician: anyictl support-bundle failed: %s", masked);
    set_bundle_result(self, text, TRUE);
  }
  g_clear_object(&self->bundle);
  update_bundle_button(self);
}

static void
on_bundle_clicked(KioskStaffDevices *self)
{
  g_autofree char *stick = kiosk_staff_usb_stick_find();
  g_autofree char *anyictl = find_anyictl();
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;

  if (!stick) {
    update_bundle_button(self);
    return;
  }
  if (!anyictl) {
    g_warning("technician: no anyictl beside the kiosk or on PATH");
    set_bundle_result(self, _("找不到 anyictl 命令，无法生成支持包，请检查安装"), TRUE);
    return;
  }
  path = kiosk_staff_usb_file_name(stick, "anyi-support", "tar.gz");
  self->bundle =
      g_subprocess_new(G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error,
                       anyictl, "support-bundle", path, NULL);
  if (!self->bundle) {
    g_warning("technician: cannot run %s: %s", anyictl, error->message);
    set_bundle_result(self, _("无法运行 anyictl，无法生成支持包"), TRUE);
    return;
  }
  g_object_set_data_full(G_OBJECT(self->bundle), "bundle-path", g_strdup(path), g_free);
  set_bundle_result(self, _("正在生成支持包……"), FALSE);
  update_bundle_button(self);
  g_subprocess_communicate_utf8_async(self->bundle, NULL, self->cancellable, on_bundle_done,
                                      g_object_ref(self));
}

static void
on_mounts_changed(KioskStaffDevices *self)
{
  update_bundle_button(self);
}

static void
on_printed(GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr(KioskStaffDevices) self = data;

  g_signal_emit(self, signals[SIGNAL_NOTED], 0,
                kiosk_staff_print_outcome(ANYI_STAFF_DESK(source), result));
}

static void
print_test(KioskStaffDevices *self, AnyiPrinterRole role)
{
  anyi_staff_desk_print_test_page_async(self->desk, role, self->actor, self->english, on_printed,
                                        g_object_ref(self));
  g_signal_emit(self, signals[SIGNAL_NOTED], 0, _("正在打印……"));
}

static void
on_test_page_clicked(KioskStaffDevices *self)
{
  print_test(self, ANYI_PRINTER_ROLE_A4);
}

static void
on_test_receipt_clicked(KioskStaffDevices *self)
{
  print_test(self, ANYI_PRINTER_ROLE_RECEIPT);
}

void
kiosk_staff_devices_set_desk(KioskStaffDevices *self, AnyiStaffDesk *desk)
{
  g_return_if_fail(KIOSK_IS_STAFF_DEVICES(self));
  g_set_object(&self->desk, desk);
}

void
kiosk_staff_devices_show(KioskStaffDevices *self, const char *actor, gboolean english)
{
  AnyiKiosk *kiosk;
  const char *reason;

  g_return_if_fail(KIOSK_IS_STAFF_DEVICES(self));
  kiosk = anyi_staff_desk_get_kiosk(self->desk);
  g_free(self->actor);
  self->actor = g_strdup(actor);
  self->english = english;
  reason = anyi_kiosk_health_get_reason(anyi_kiosk_get_health(kiosk));
  kiosk_staff_clear_rows(GTK_WIDGET(self->device_list));
  add_device_row(self, 0, _("服务状态"),
                 reason ? kiosk_out_of_service_reason_text(reason) : _("正常"));
  add_device_row(self, 1, _("身份证阅读器"), idcard_state_text(anyi_kiosk_get_idcard(kiosk)));
  add_device_row(self, 2, _("人像摄像头"),
                 camera_state_text(anyi_kiosk_get_camera(kiosk, ANYI_CAMERA_ROLE_FACE)));
  add_device_row(self, 3, _("材料摄像头"),
                 camera_state_text(anyi_kiosk_get_camera(kiosk, ANYI_CAMERA_ROLE_DOCUMENT)));
  add_device_row(self, 4, _("语音播报"), anyi_kiosk_get_speech(kiosk) ? _("正常") : _("不可用"));
  show_device_events(self);
  update_bundle_button(self);
}

void
kiosk_staff_devices_clear(KioskStaffDevices *self)
{
  g_return_if_fail(KIOSK_IS_STAFF_DEVICES(self));
  g_clear_pointer(&self->actor, g_free);
  end_card_test(self);
  gtk_toggle_button_set_active(self->camera_button, FALSE);
  stop_camera_test(self);
  set_test_result(self, "", FALSE);
  kiosk_staff_clear_rows(GTK_WIDGET(self->device_list));
  kiosk_staff_clear_rows(GTK_WIDGET(self->event_list));
}

static void
kiosk_staff_devices_dispose(GObject *object)
{
  KioskStaffDevices *self = KIOSK_STAFF_DEVICES(object);

  end_card_test(self);
  g_clear_handle_id(&self->camera_tick, g_source_remove);
  g_cancellable_cancel(self->cancellable);
  g_clear_object(&self->cancellable);
  g_clear_object(&self->bundle);
  if (self->mounts)
    g_signal_handlers_disconnect_by_data(self->mounts, self);
  g_clear_object(&self->mounts);
  gtk_widget_dispose_template(GTK_WIDGET(self), KIOSK_TYPE_STAFF_DEVICES);
  g_clear_object(&self->desk);
  g_clear_pointer(&self->actor, g_free);
  G_OBJECT_CLASS(kiosk_staff_devices_parent_class)->dispose(object);
}

static void
kiosk_staff_devices_class_init(KioskStaffDevicesClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS(klass);

  G_OBJECT_CLASS(klass)->dispose = kiosk_staff_devices_dispose;
  g_type_ensure(KIOSK_TYPE_CAMERA_VIEW);
  gtk_widget_class_set_template_from_resource(widget_class,
                                              "/cn/anyi/kiosk/pages/staff/kiosk-staff-devices.ui");
  gtk_widget_class_bind_template_child(widget_class, KioskStaffDevices, device_list);
  gtk_widget_class_bind_template_child(widget_class, KioskStaffDevices, test_result);
  gtk_widget_class_bind_template_child(widget_class, KioskStaffDevices, camera_button);
  gtk_widget_class_bind_template_child(widget_class, KioskStaffDevices, camera_box);
  gtk_widget_class_bind_template_child(widget_class, KioskStaffDevices, face_view);
  gtk_widget_class_bind_template_child(widget_class, KioskStaffDevices, document_view);
  gtk_widget_class_bind_template_child(widget_class, KioskStaffDevices, face_info);
  gtk_widget_class_bind_template_child(widget_class, KioskStaffDevices, document_info);
  gtk_widget_class_bind_template_child(widget_class, KioskStaffDevices, history_box);
  gtk_widget_class_bind_template_child(widget_class, KioskStaffDevices, event_list);
  gtk_widget_class_bind_template_child(widget_class, KioskStaffDevices, bundle_button);
  gtk_widget_class_bind_template_child(widget_class, KioskStaffDevices, bundle_result);
  gtk_widget_class_bind_template_callback(widget_class, on_card_test_clicked);
  gtk_widget_class_bind_template_callback(widget_class, on_camera_test_toggled);
  gtk_widget_class_bind_template_callback(widget_class, on_speech_test_clicked);
  gtk_widget_class_bind_template_callback(widget_class, on_bundle_clicked);
  gtk_widget_class_bind_template_callback(widget_class, on_test_page_clicked);
  gtk_widget_class_bind_template_callback(widget_class, on_test_receipt_clicked);
  signals[SIGNAL_NOTED] = g_signal_new("noted", G_TYPE_FROM_CLASS(klass), G_SIGNAL_RUN_LAST, 0,
                                       NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
kiosk_staff_devices_init(KioskStaffDevices *self)
{
  gtk_widget_init_template(GTK_WIDGET(self));
  shrink_preview(self->face_view);
  shrink_preview(self->document_view);
  self->cancellable = g_cancellable_new();
  self->mounts = g_unix_mount_monitor_get();
  g_signal_connect_swapped(self->mounts, "mounts-changed", G_CALLBACK(on_mounts_changed), self);
}
