/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kiosk-staff-log.c */
#include "kiosk-staff-log.h"
#include "kiosk-staff-log-item.h"
#include "kiosk-staff-panel-private.h"
#include "kiosk-staff-usb.h"
#include "log/anyi-log.h"

#include <gio/gunixmounts.h>
#include <glib/gi18n-lib.h>

/* A page fills the panel a few times over; more come as staff scroll. */
#define PAGE_SIZE 50
/* Days offered besides "every day": two weeks, what staff look back on. */
#define DAYS_OFFERED 14

struct _KioskStaffLog {
  GtkBox parent_instance;
  GtkDropDown *day_choice;
  GtkDropDown *kind_choice;
  GtkSearchEntry *case_entry;
  GtkListView *log_list;
  GtkLabel *status;
  GtkButton *more_button;
  GtkButton *export_button;

  GListStore *items;  /* KioskStaffLogItem, newest first */
  AnyiStore *store;   /* not owned: the kiosk outlives its pages; NULL when cleared */
  gint64 today_start; /* local midnight when the list was shown */
  AnyiLogCursor cursor;
  gboolean has_more;
  gboolean quiet; /* the filter is being set, not chosen */
  GUnixMountMonitor *mounts;
};

G_DEFINE_FINAL_TYPE(KioskStaffLog, kiosk_staff_log, GTK_TYPE_BOX)

static const struct {
  const char *text;
  guint kinds;
} kind_choices[] = {
    {N_("所有类型"), 0},
    {N_("业务"), ANYI_LOG_KIND_CASE},
    {N_("转窗口"), ANYI_LOG_KIND_HANDOFF},
    {N_("打印"), ANYI_LOG_KIND_PRINT},
    {N_("设备"), ANYI_LOG_KIND_DEVICE},
    {N_("人员操作"), ANYI_LOG_KIND_STAFF},
    {N_("错误"), ANYI_LOG_KIND_ERROR},
    {N_("系统"), ANYI_LOG_KIND_KIOSK},
};

/* The actions the staff page and the staff module write, in words; others
 * (written by the kiosk itself) keep their code. */
static const char *
action_text(const char *action)
{
  static const struct {
    const char *code;
    const char *text;
  } actions[] = {
      {"sign-in", N_("登录")},          {"sign-in-failed", N_("登录失败")},
      {"sign-in-locked", N_("锁定中")}, {"sign-out", N_("退出")},
      {"restock", N_("补充纸张")},      {"print", N_("打印")},
      {"printed", N_("已打印")},        {"print-failed", N_("打印失败")},
      {"staff-add", N_("添加人员")},    {"staff-disable", N_("停用人员")},
  };

  for (guint i = 0; i < G_N_ELEMENTS(actions); i++)
    if (g_str_equal(action, actions[i].code))
      return _(actions[i].text);
  return action;
}

static const char *
kind_text(guint kinds)
{
  AnyiLogKind main = anyi_log_kind_main(kinds);

  for (guint i = 1; i < G_N_ELEMENTS(kind_choices); i++)
    if (kind_choices[i].kinds == (guint)main)
      return _(kind_choices[i].text);
  return _("系统");
}

/* ---- rows: made once per visible slot, then only re-bound ---- */

static void
on_setup_row(GtkSignalListItemFactory *factory, GtkListItem *item, gpointer data)
{
  GtkWidget *row = gtk_box_new(GTK_ORIENTATION_HORIZONTAL, 16);
  GtkWidget *kind = kiosk_staff_label_new("", "hint");

  gtk_widget_set_size_request(kind, 120, -1);
  gtk_widget_add_css_class(row, "staff-log-line");
  gtk_box_append(GTK_BOX(row), kind);
  gtk_box_append(GTK_BOX(row), kiosk_staff_wrapped_label_new("", NULL));
  gtk_list_item_set_child(item, row);
  gtk_list_item_set_activatable(item, FALSE);
  gtk_list_item_set_selectable(item, FALSE);
}

/* "12-05 20:24  1205-A001  2002  登录  staff", ID numbers masked */
static char *
entry_text(const AnyiLogEntry *entry)
{
  g_autofree char *when = kiosk_staff_time_text(entry->at);
  const char *parts[] = {when, entry->case_number, entry->who, action_text(entry->what),
                         entry->detail};
  g_autoptr(GString) line = g_string_new(NULL);

  for (guint i = 0; i < G_N_ELEMENTS(parts); i++)
    if (parts[i] && *parts[i])
      g_string_append_printf(line, "%s%s", line->len ? "  " : "", parts[i]);
  return anyi_mask_id_numbers(line->str);
}

static void
on_bind_row(GtkSignalListItemFactory *factory, GtkListItem *item, gpointer data)
{
  const AnyiLogEntry *entry = kiosk_staff_log_item_get_entry(gtk_list_item_get_item(item));
  GtkWidget *row = gtk_list_item_get_child(item);
  GtkWidget *kind = gtk_widget_get_first_child(row);
  GtkWidget *text = gtk_widget_get_next_sibling(kind);
  g_autofree char *line = entry_text(entry);
  gboolean problem = (entry->kinds & ANYI_LOG_KIND_ERROR) != 0;

  gtk_label_set_text(GTK_LABEL(kind), kind_text(entry->kinds));
  gtk_label_set_text(GTK_LABEL(text), line);
  if (problem)
    gtk_widget_add_css_class(kind, "problem");
  else
    gtk_widget_remove_css_class(kind, "problem");
}

/* ---- the filter ---- */

static void
fill_day_choices(KioskStaffLog *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local();
  g_autoptr(GDateTime) midnight =
      g_date_time_new_local(g_date_time_get_year(now), g_date_time_get_month(now),
                            g_date_time_get_day_of_month(now), 0, 0, 0);
  g_autoptr(GtkStringList) days = gtk_string_list_new(NULL);

  self->today_start = g_date_time_to_unix(midnight);
  gtk_string_list_append(days, _("所有日期"));
  gtk_string_list_append(days, _("今天"));
  gtk_string_list_append(days, _("昨天"));
  for (int back = 2; back < DAYS_OFFERED; back++) {
    g_autoptr(GDateTime) day = g_date_time_add_days(midnight, -back);
    g_autofree char *text = g_date_time_format(day, "%m-%d");

    gtk_string_list_append(days, text);
  }
  self->quiet = TRUE; /* shown once the choices are there */
  gtk_drop_down_set_model(self->day_choice, G_LIST_MODEL(days));
  gtk_drop_down_set_selected(self->day_choice, 0);
  self->quiet = FALSE;
}

/* Days are local days, of the local calendar: not always 86,400 seconds. */
static void
day_range(KioskStaffLog *self, guint choice, gint64 *since, gint64 *until)
{
  g_autoptr(GDateTime) today = g_date_time_new_from_unix_local(self->today_start);
  g_autoptr(GDateTime) start = g_date_time_add_days(today, -(int)(choice - 1));
  g_autoptr(GDateTime) end = g_date_time_add_days(start, 1);

  *since = g_date_time_to_unix(start);
  *until = g_date_time_to_unix(end);
}

static void
read_filter(KioskStaffLog *self, AnyiLogFilter *filter)
{
  guint day = gtk_drop_down_get_selected(self->day_choice);
  guint kind = gtk_drop_down_get_selected(self->kind_choice);

  memset(filter, 0, sizeof *filter);
  if (day != GTK_INVALID_LIST_POSITION && day > 0)
    day_range(self, day, &filter->since, &filter->until);
  if (kind != GTK_INVALID_LIST_POSITION && kind < G_N_ELEMENTS(kind_choices))
    filter->kinds = kind_choices[kind].kinds;
  filter->case_number = gtk_editable_get_text(GTK_EDITABLE(self->case_entry));
}

/* ---- pages ---- */

static void
set_status(KioskStaffLog *self, const char *text, gboolean problem)
{
  gtk_label_set_text(self->status, text);
  if (problem) {
    gtk_widget_remove_css_class(GTK_WIDGET(self->status), "hint");
    gtk_widget_add_css_class(GTK_WIDGET(self->status), "problem");
  } else {
    gtk_widget_remove_css_class(GTK_WIDGET(self->status), "problem");
    gtk_widget_add_css_class(GTK_WIDGET(self->status), "hint");
  }
}

static void
load_next_page(KioskStaffLog *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) page = NULL;
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func(g_object_unref);
  AnyiLogFilter filter;

  if (!self->store || !self->has_more)
    return;
  read_filter(self, &filter);
  page = anyi_store_log_page(self->store, &filter, &self->cursor, PAGE_SIZE, &error);
  if (!page) {
    g_warning("staff page: cannot read the log: %s", error->message);
    set_status(self, _("无法读取，请联系技术人员"), TRUE);
    return;
  }
  for (guint i = 0; i < page->len; i++)
    g_ptr_array_add(items, kiosk_staff_log_item_new(g_steal_pointer(&page->pdata[i])));
  g_list_store_splice(self->items, g_list_model_get_n_items(G_LIST_MODEL(self->items)), 0,
                      items->pdata, items->len);
  self->has_more = page->len == PAGE_SIZE;
  gtk_widget_set_visible(GTK_WIDGET(self->more_button), self->has_more);
  if (g_list_model_get_n_items(G_LIST_MODEL(self->items)) == 0)
    set_status(self, _("没有符合条件的记录"), FALSE);
}

static void
on_more_clicked(KioskStaffLog *self)
{
  load_next_page(self);
}

static void
on_edge_reached(KioskStaffLog *self, GtkPositionType position)
{
  if (position == GTK_POS_BOTTOM)
    load_next_page(self);
}

static void
update_export(KioskStaffLog *self)
{
  g_autofree char *stick = kiosk_staff_usb_stick_find();

  gtk_widget_set_sensitive(GTK_WIDGET(self->export_button), self->store && stick);
  gtk_widget_set_tooltip_text(GTK_WIDGET(self->export_button), stick ? NULL : _("请先插入U盘"));
}

void
kiosk_staff_log_reload(KioskStaffLog *self)
{
  g_return_if_fail(KIOSK_IS_STAFF_LOG(self));
  g_list_store_remove_all(self->items);
  anyi_log_cursor_init(&self->cursor);
  self->has_more = self->store != NULL;
  set_status(self, "", FALSE);
  load_next_page(self);
  update_export(self);
}

static void
on_filter_changed(KioskStaffLog *self)
{
  if (!self->quiet)
    kiosk_staff_log_reload(self);
}

static void
on_export_clicked(KioskStaffLog *self)
{
  g_autofree char *stick = kiosk_staff_usb_stick_find();
  g_autofree char *path = NULL;
  g_autofree char *done = NULL, *rows_text = NULL;
  g_autoptr(GError) error = NULL;
  AnyiLogFilter filter;
  gint64 rows = 0;

  if (!self->store)
    return;
  if (!stick) {
    set_status(self, _("没有找到U盘，请插入后再试"), TRUE);
    update_export(self);
    return;
  }
  read_filter(self, &filter);
  path = kiosk_staff_usb_file_name(stick, "anyi-log", "csv");
  if (!anyi_store_log_export_csv(self->store, &filter, path, &rows, &error)) {
    g_warning("staff page: log export to %s failed: %s", path, error->message);
    set_status(self, _("导出失败，请检查U盘后再试"), TRUE);
    return;
  }
  g_message("staff page: %" G_GINT64_FORMAT " log rows exported to %s", rows, path);
  rows_text = g_strdup_printf("%" G_GINT64_FORMAT, rows);
  done = g_strdup_printf(_("已导出%s条记录到U盘：%s"), rows_text, path);
  set_status(self, done, FALSE);
}

void
kiosk_staff_log_show(KioskStaffLog *self, AnyiStore *store)
{
  g_return_if_fail(KIOSK_IS_STAFF_LOG(self));
  self->store = store;
  if (self->today_start == 0)
    fill_day_choices(self);
  kiosk_staff_log_reload(self);
}

void
kiosk_staff_log_clear(KioskStaffLog *self)
{
  g_return_if_fail(KIOSK_IS_STAFF_LOG(self));
  self->store = NULL;
  self->today_start = 0;
  self->quiet = TRUE;
  gtk_editable_set_text(GTK_EDITABLE(self->case_entry), "");
  gtk_drop_down_set_selected(self->kind_choice, 0);
  self->quiet = FALSE;
  g_list_store_remove_all(self->items);
  self->has_more = FALSE;
  set_status(self, "", FALSE);
  gtk_widget_set_visible(GTK_WIDGET(self->more_button), FALSE);
  update_export(self);
}

guint
kiosk_staff_log_get_n_loaded(KioskStaffLog *self)
{
  g_return_val_if_fail(KIOSK_IS_STAFF_LOG(self), 0);
  return g_list_model_get_n_items(G_LIST_MODEL(self->items));
}

static void
on_mounts_changed(KioskStaffLog *self)
{
  update_export(self);
}

static void
kiosk_staff_log_dispose(GObject *object)
{
  KioskStaffLog *self = KIOSK_STAFF_LOG(object);

  if (self->mounts)
    g_signal_handlers_disconnect_by_data(self->mounts, self);
  g_clear_object(&self->mounts);
  gtk_widget_dispose_template(GTK_WIDGET(self), KIOSK_TYPE_STAFF_LOG);
  g_clear_object(&self->items);
  G_OBJECT_CLASS(kiosk_staff_log_parent_class)->dispose(object);
}

static void
kiosk_staff_log_class_init(KioskStaffLogClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS(klass);

  G_OBJECT_CLASS(klass)->dispose = kiosk_staff_log_dispose;
  gtk_widget_class_set_template_from_resource(widget_class,
                                              "/cn/anyi/kiosk/pages/staff/kiosk-staff-log.ui");
  gtk_widget_class_bind_template_child(widget_class, KioskStaffLog, day_choice);
  gtk_widget_class_bind_template_child(widget_class, KioskStaffLog, kind_choice);
  gtk_widget_class_bind_template_child(widget_class, KioskStaffLog, case_entry);
  gtk_widget_class_bind_template_child(widget_class, KioskStaffLog, log_list);
  gtk_widget_class_bind_template_child(widget_class, KioskStaffLog, status);
  gtk_widget_class_bind_template_child(widget_class, KioskStaffLog, more_button);
  gtk_widget_class_bind_template_child(widget_class, KioskStaffLog, export_button);
  gtk_widget_class_bind_template_callback(widget_class, on_filter_changed);
  gtk_widget_class_bind_template_callback(widget_class, on_more_clicked);
  gtk_widget_class_bind_template_callback(widget_class, on_edge_reached);
  gtk_widget_class_bind_template_callback(widget_class, on_export_clicked);
}

static void
fill_kind_choices(KioskStaffLog *self)
{
  g_autoptr(GtkStringList) kinds = gtk_string_list_new(NULL);

  for (guint i = 0; i < G_N_ELEMENTS(kind_choices); i++)
    gtk_string_list_append(kinds, _(kind_choices[i].text));
  gtk_drop_down_set_model(self->kind_choice, G_LIST_MODEL(kinds));
}

static void
kiosk_staff_log_init(KioskStaffLog *self)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new();

  gtk_widget_init_template(GTK_WIDGET(self));
  self->items = g_list_store_new(KIOSK_TYPE_STAFF_LOG_ITEM);
  g_signal_connect(factory, "setup", G_CALLBACK(on_setup_row), NULL);
  g_signal_connect(factory, "bind", G_CALLBACK(on_bind_row), NULL);
  gtk_list_view_set_factory(self->log_list, factory);
  g_object_unref(factory);
  gtk_list_view_set_model(self->log_list, GTK_SELECTION_MODEL(gtk_no_selection_new(
                                              G_LIST_MODEL(g_object_ref(self->items)))));
  fill_kind_choices(self);
  self->mounts = g_unix_mount_monitor_get();
  g_signal_connect_swapped(self->mounts, "mounts-changed", G_CALLBACK(on_mounts_changed), self);
  update_export(self);
}
