/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kiosk-out-of-service-page.c */
#include "kiosk-out-of-service-page.h"

#include <glib/gi18n-lib.h>

struct _KioskOutOfServicePage {
  GtkBox parent_instance;
  GtkLabel *reason;
  GtkLabel *where;
};

G_DEFINE_FINAL_TYPE(KioskOutOfServicePage, kiosk_out_of_service_page, GTK_TYPE_BOX)

const char *
kiosk_out_of_service_reason_text(const char *reason)
{
  if (g_strcmp0(reason, "store-full") == 0)
    return _("本机存储空间已满，暂时不能保存办理信息。");
  if (g_strcmp0(reason, "store-locked") == 0)
    return _("本机数据库正被其他程序占用，暂时不能保存办理信息。");
  if (g_strcmp0(reason, "store-corrupt") == 0)
    return _("本机数据库文件已损坏，暂时不能保存办理信息。");
  if (g_strcmp0(reason, "printers-missing") == 0)
    return _("本机的两台打印机都无法连接，暂时不能打印回执和材料。");
  if (g_strcmp0(reason, "reader-missing") == 0)
    return _("本机的身份证读卡器无法使用，暂时不能读取证件。");
  return _("本机存储设备读写出错，暂时不能保存办理信息。");
}

char *
kiosk_out_of_service_page_show(KioskOutOfServicePage *self, const char *reason, const char *window)
{
  const char *why = kiosk_out_of_service_reason_text(reason);
  g_autofree char *where = g_strdup_printf(_("请到%s办理，工作人员已收到通知。"), window);

  gtk_label_set_text(self->reason, why);
  gtk_label_set_text(self->where, where);
  return g_strdup_printf("%s%s%s", _("本机暂停服务。"), why, where);
}

static void
kiosk_out_of_service_page_class_init(KioskOutOfServicePageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS(klass);

  gtk_widget_class_set_template_from_resource(widget_class,
                                              "/cn/anyi/kiosk/pages/kiosk-out-of-service-page.ui");
  gtk_widget_class_bind_template_child(widget_class, KioskOutOfServicePage, reason);
  gtk_widget_class_bind_template_child(widget_class, KioskOutOfServicePage, where);
}

static void
kiosk_out_of_service_page_init(KioskOutOfServicePage *self)
{
  gtk_widget_init_template(GTK_WIDGET(self));
}
