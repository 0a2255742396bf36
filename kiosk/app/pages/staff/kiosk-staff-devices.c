/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kiosk-staff-devices.c */
#include "kiosk-staff-devices.h"
#include "kiosk-out-of-service-page.h"
#include "kiosk-staff-panel-private.h"

#include <glib/gi18n-lib.h>

struct _KioskStaffDevices {
  GtkBox parent_instance;
  GtkGrid *device_list;

  AnyiStaffDesk *desk;
  char *actor; /* NULL while no one is signed in */
  gboolean english;
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
}

void
kiosk_staff_devices_clear(KioskStaffDevices *self)
{
  g_return_if_fail(KIOSK_IS_STAFF_DEVICES(self));
  g_clear_pointer(&self->actor, g_free);
  kiosk_staff_clear_rows(GTK_WIDGET(self->device_list));
}

static void
kiosk_staff_devices_dispose(GObject *object)
{
  KioskStaffDevices *self = KIOSK_STAFF_DEVICES(object);

  g_clear_object(&self->desk);
  g_clear_pointer(&self->actor, g_free);
  G_OBJECT_CLASS(kiosk_staff_devices_parent_class)->dispose(object);
}

static void
kiosk_staff_devices_class_init(KioskStaffDevicesClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS(klass);

  G_OBJECT_CLASS(klass)->dispose = kiosk_staff_devices_dispose;
  gtk_widget_class_set_template_from_resource(widget_class,
                                              "/cn/anyi/kiosk/pages/staff/kiosk-staff-devices.ui");
  gtk_widget_class_bind_template_child(widget_class, KioskStaffDevices, device_list);
  gtk_widget_class_bind_template_callback(widget_class, on_test_page_clicked);
  gtk_widget_class_bind_template_callback(widget_class, on_test_receipt_clicked);
  signals[SIGNAL_NOTED] = g_signal_new("noted", G_TYPE_FROM_CLASS(klass), G_SIGNAL_RUN_LAST, 0,
                                       NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
kiosk_staff_devices_init(KioskStaffDevices *self)
{
  gtk_widget_init_template(GTK_WIDGET(self));
}
