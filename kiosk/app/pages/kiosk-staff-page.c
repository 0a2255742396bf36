/* kiosk-staff-page.c */
#include "kiosk-staff-page.h"
#include "cases/anyi-case.h"
#include "kiosk-a11y.h"
#include "log/anyi-log.h"
#include "staff/anyi-staff-desk.h"
#include "staff/anyi-staff.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#define LOG_ENTRIES   30
#define LOGIN_DIGITS  16
#define KEY_BACKSPACE '\b'
#define KEY_CLEAR     '\f'

struct _KioskStaffPage {
  GtkBox parent_instance;
  GtkStack *views;
  GtkLabel *who;
  GtkToggleButton *login_field;
  GtkToggleButton *pin_field;
  GtkLabel *login_value;
  GtkLabel *pin_value;
  GtkLabel *sign_in_problem;
  GtkGrid *keypad;
  GtkBox *printer_list;
  GtkLabel *action_note;
  GtkBox *handoff_list;
  GtkWidget *device_section;
  GtkGrid *device_list;
  GtkBox *log_list;

  AnyiKiosk *kiosk; /* not owned: the kiosk outlives its pages */
  AnyiStaffDesk *desk;
  gboolean english;
  GString *login;
  GString *pin;
  char *actor; /* the signed-in login, NULL when no one is */
  char *role;
};

G_DEFINE_FINAL_TYPE(KioskStaffPage, kiosk_staff_page, GTK_TYPE_BOX)

enum { SIGNAL_EXIT, N_SIGNALS };
static guint signals[N_SIGNALS];

static void refresh_home(KioskStaffPage *self);

static AnyiStore *
page_store(KioskStaffPage *self)
{
  return anyi_kiosk_get_store(self->kiosk);
}

/* Every staff action goes to the audit log (the desk writes it): the log
 * view shows it at once. */
static void refresh_log(KioskStaffPage *self);

static void
set_action_note(KioskStaffPage *self, const char *text)
{
  gtk_label_set_text(self->action_note, text);
  gtk_widget_set_visible(GTK_WIDGET(self->action_note), *text != '\0');
}

static void
clear_children(GtkWidget *parent)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child(parent)))
    gtk_widget_unparent(child);
}

static GtkWidget *
label_new(const char *text, const char *css_class)
{
  GtkWidget *label = gtk_label_new(text);

  gtk_label_set_xalign(GTK_LABEL(label), 0);
  if (css_class)
    gtk_widget_add_css_class(label, css_class);
  return label;
}

/* A wrapping label asks for a sensible minimum width: at one character a
 * line it would make the window as tall as its text is long. */
static GtkWidget *
wrapped_label_new(const char *text, const char *css_class)
{
  GtkWidget *label = label_new(text, css_class);

  gtk_label_set_wrap(GTK_LABEL(label), TRUE);
  gtk_label_set_wrap_mode(GTK_LABEL(label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_width_chars(GTK_LABEL(label), 16);
  return label;
}

/* ---- sign-in ---- */

static void
wipe_string(GString *text)
{
  memset(text->str, 0, text->len);
  g_string_truncate(text, 0);
}

static void
update_fields(KioskStaffPage *self)
{
  g_autoptr(GString) dots = g_string_new(NULL);

  for (gsize i = 0; i < self->pin->len; i++)
    g_string_append(dots, "●");
  gtk_label_set_text(self->login_value, self->login->str);
  gtk_label_set_text(self->pin_value, dots->str);
}

static void
press_key(KioskStaffPage *self, char key)
{
  gboolean typing_pin = gtk_toggle_button_get_active(self->pin_field);
  GString *field = typing_pin ? self->pin : self->login;
  gsize max = typing_pin ? ANYI_STAFF_PIN_MAX : LOGIN_DIGITS;

  if (key == KEY_BACKSPACE && field->len > 0) {
    field->str[field->len - 1] = '\0';
    g_string_truncate(field, field->len - 1);
  } else if (key == KEY_CLEAR) {
    wipe_string(field);
  } else if (g_ascii_isdigit(key) && field->len < max) {
    g_string_append_c(field, key);
  }
  gtk_label_set_text(self->sign_in_problem, "");
  update_fields(self);
}

static void
on_key_clicked(GtkButton *button, KioskStaffPage *self)
{
  press_key(self, (char)GPOINTER_TO_INT(g_object_get_data(G_OBJECT(button), "key")));
}

static void
add_key(KioskStaffPage *self, char key, const char *label, const char *spoken, int column, int row)
{
  GtkWidget *button = gtk_button_new_with_label(label);

  gtk_widget_add_css_class(button, "key");
  g_object_set_data(G_OBJECT(button), "key", GINT_TO_POINTER(key));
  gtk_accessible_update_property(GTK_ACCESSIBLE(button), GTK_ACCESSIBLE_PROPERTY_LABEL, spoken, -1);
  g_signal_connect(button, "clicked", G_CALLBACK(on_key_clicked), self);
  gtk_grid_attach(self->keypad, button, column, row, 1, 1);
}

static void
build_keypad(KioskStaffPage *self)
{
  for (int n = 1; n <= 9; n++) {
    char label[2] = {(char)('0' + n), '\0'};
    add_key(self, label[0], label, label, (n - 1) % 3, (n - 1) / 3);
  }
  add_key(self, KEY_CLEAR, _("清除"), _("清除这一项"), 0, 3);
  add_key(self, '0', "0", "0", 1, 3);
  add_key(self, KEY_BACKSPACE, "⌫", _("删除一位"), 2, 3);
}

static void
on_field_toggled(KioskStaffPage *self)
{
  gboolean typing_pin = gtk_toggle_button_get_active(self->pin_field);

  gtk_widget_set_state_flags(GTK_WIDGET(self->login_value), GTK_STATE_FLAG_SELECTED, FALSE);
  gtk_widget_set_state_flags(GTK_WIDGET(self->pin_value), GTK_STATE_FLAG_SELECTED, FALSE);
  gtk_widget_unset_state_flags(GTK_WIDGET(typing_pin ? self->login_value : self->pin_value),
                               GTK_STATE_FLAG_SELECTED);
}

static const char *
sign_in_problem_sentence(const GError *error)
{
  if (g_error_matches(error, ANYI_STAFF_ERROR, ANYI_STAFF_ERROR_LOCKED))
    return _("错误次数过多，请10分钟后再试");
  if (g_error_matches(error, ANYI_STAFF_ERROR, ANYI_STAFF_ERROR_REFUSED))
    return _("工号或密码不对");
  return _("暂时无法登录，请联系技术人员");
}

static void
show_home(KioskStaffPage *self, const char *display_name)
{
  g_autofree char *who =
      g_strdup_printf(_("%s（%s）"), display_name,
                      g_str_equal(self->role, "technician") ? _("技术人员") : _("工作人员"));

  gtk_label_set_text(self->who, who);
  gtk_widget_set_visible(self->device_section, g_str_equal(self->role, "technician"));
  set_action_note(self, "");
  refresh_home(self);
  gtk_stack_set_visible_child_name(self->views, "home");
}

static void
on_sign_in_clicked(KioskStaffPage *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *role = NULL, *display_name = NULL;
  gboolean signed_in;

  if (self->login->len == 0 || self->pin->len == 0) {
    gtk_label_set_text(self->sign_in_problem, _("请输入工号和密码"));
    gtk_toggle_button_set_active(self->login->len == 0 ? self->login_field : self->pin_field, TRUE);
    return;
  }
  signed_in = anyi_staff_sign_in(page_store(self), self->login->str, self->pin->str, &role,
                                 &display_name, &error);
  wipe_string(self->pin);
  update_fields(self);
  if (!signed_in) {
    if (!g_error_matches(error, ANYI_STAFF_ERROR, ANYI_STAFF_ERROR_REFUSED) &&
        !g_error_matches(error, ANYI_STAFF_ERROR, ANYI_STAFF_ERROR_LOCKED))
      g_warning("staff page: sign-in failed: %s", error->message);
    gtk_label_set_text(self->sign_in_problem, sign_in_problem_sentence(error));
    gtk_toggle_button_set_active(self->pin_field, TRUE);
    return;
  }
  self->actor = g_strdup(self->login->str);
  self->role = g_steal_pointer(&role);
  wipe_string(self->login);
  update_fields(self);
  show_home(self, display_name);
}

/* ---- printers and paper ---- */

static char *
marker_levels(const AnyiPrinterStatus *status)
{
  g_autoptr(GString) levels = g_string_new(NULL);

  for (guint i = 0; status && i < status->markers->len; i++) {
    const AnyiPrinterMarker *marker = status->markers->pdata[i];

    if (marker->level >= 0)
      g_string_append_printf(levels, "%s%s %d%%", levels->len ? "，" : "", marker->name,
                             marker->level);
  }
  return g_string_free(g_steal_pointer(&levels), FALSE);
}

static char *
paper_level_text(KioskStaffPage *self, AnyiPrinterRole role)
{
  int left = anyi_staff_desk_paper_left(self->desk, role);

  if (left < 0)
    return g_strdup(_("纸张余量：未记录"));
  return g_strdup_printf(_("纸张余量：%d%%"), left);
}

static void
add_printer_row(KioskStaffPage *self, AnyiPrinterRole role)
{
  AnyiPrinterWatch *watch = anyi_kiosk_get_printer_watch(self->kiosk, role);
  const AnyiPrinterStatus *status = watch ? anyi_printer_watch_get_status(watch) : NULL;
  GtkWidget *row = gtk_box_new(GTK_ORIENTATION_VERTICAL, 4);
  g_autofree char *levels = marker_levels(status);
  g_autofree char *paper = paper_level_text(self, role);
  g_autofree char *supplies = *levels ? g_strdup_printf("%s　%s", paper, levels) : g_strdup(paper);
  GtkWidget *state = wrapped_label_new(
      anyi_staff_desk_printer_state(self->desk, role, self->english), "staff-state");

  if (status && !anyi_printer_status_usable(status, role))
    gtk_widget_add_css_class(state, "staff-fault");
  gtk_widget_add_css_class(row, "staff-row");
  gtk_box_append(GTK_BOX(row), label_new(anyi_staff_desk_printer_name(role), "staff-row-title"));
  gtk_box_append(GTK_BOX(row), state);
  gtk_box_append(GTK_BOX(row), wrapped_label_new(supplies, "hint"));
  gtk_box_append(self->printer_list, row);
}

static void
refresh_printers(KioskStaffPage *self)
{
  clear_children(GTK_WIDGET(self->printer_list));
  for (AnyiPrinterRole role = 0; role < ANYI_PRINTER_NUM_ROLES; role++)
    add_printer_row(self, role);
}

static void
restock(KioskStaffPage *self, AnyiPrinterRole role, const char *done)
{
  if (!anyi_staff_desk_restock(self->desk, role, self->actor, NULL)) {
    set_action_note(self, _("没能记录，请再按一次或联系技术人员"));
    return;
  }
  refresh_log(self);
  set_action_note(self, done);
  refresh_printers(self);
}

static void
on_receipt_restocked(KioskStaffPage *self)
{
  restock(self, ANYI_PRINTER_ROLE_RECEIPT, _("已记录：收据纸已更换"));
}

static void
on_a4_restocked(KioskStaffPage *self)
{
  restock(self, ANYI_PRINTER_ROLE_A4, _("已记录：A4纸已补充"));
}

/* ---- printing: restock slip and test pages ---- */

static void
on_printed(GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr(KioskStaffPage) self = data;

  if (anyi_staff_desk_print_finish(ANYI_STAFF_DESK(source), result, NULL))
    set_action_note(self, _("已打印"));
  else
    set_action_note(self, _("打印失败，请查看打印机状态"));
  if (self->actor)
    refresh_log(self);
}

static void
printing_started(KioskStaffPage *self)
{
  refresh_log(self);
  set_action_note(self, _("正在打印……"));
}

static void
on_print_restock_clicked(KioskStaffPage *self)
{
  anyi_staff_desk_print_restock_slip_async(self->desk, self->actor, on_printed, g_object_ref(self));
  printing_started(self);
}

static void
print_test(KioskStaffPage *self, AnyiPrinterRole role)
{
  anyi_staff_desk_print_test_page_async(self->desk, role, self->actor, self->english, on_printed,
                                        g_object_ref(self));
  printing_started(self);
}

static void
on_test_page_clicked(KioskStaffPage *self)
{
  print_test(self, ANYI_PRINTER_ROLE_A4);
}

static void
on_test_receipt_clicked(KioskStaffPage *self)
{
  print_test(self, ANYI_PRINTER_ROLE_RECEIPT);
}

/* ---- open handoffs and the log ---- */

static const char *
handoff_reason_text(const char *stored)
{
  for (int reason = 0; reason < ANYI_HANDOFF_NUM_REASONS; reason++)
    if (g_strcmp0(stored, anyi_handoff_reason_to_string(reason)) == 0)
      return anyi_handoff_reason_describe(reason);
  return stored;
}

static char *
time_text(gint64 unix_seconds)
{
  g_autoptr(GDateTime) at = g_date_time_new_from_unix_local(unix_seconds);

  return at ? g_date_time_format(at, "%m-%d %H:%M") : g_strdup("?");
}

/* Case number, reason and time only: names and ID numbers stay in the case. */
static void
add_handoff_row(KioskStaffPage *self, const AnyiStoredHandoff *handoff)
{
  g_autoptr(AnyiStoredCase) stored = anyi_store_case_get(page_store(self), handoff->case_id, NULL);
  g_autofree char *when = time_text(handoff->created_at);
  GtkWidget *row = gtk_box_new(GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *top = gtk_box_new(GTK_ORIENTATION_HORIZONTAL, 24);

  gtk_widget_add_css_class(row, "staff-row");
  gtk_box_append(GTK_BOX(top), label_new(stored ? stored->number : "?", "staff-row-title"));
  gtk_box_append(GTK_BOX(top), label_new(when, "hint"));
  gtk_box_append(GTK_BOX(row), top);
  gtk_box_append(GTK_BOX(row), wrapped_label_new(handoff_reason_text(handoff->reason), NULL));
  gtk_box_append(self->handoff_list, row);
}

static void
refresh_handoffs(KioskStaffPage *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) handoffs = anyi_store_handoffs_open(page_store(self), &error);

  clear_children(GTK_WIDGET(self->handoff_list));
  if (!handoffs) {
    g_warning("staff page: cannot list open handoffs: %s", error->message);
    gtk_box_append(self->handoff_list, wrapped_label_new(_("无法读取，请联系技术人员"), "problem"));
    return;
  }
  if (handoffs->len == 0)
    gtk_box_append(self->handoff_list, label_new(_("没有待处理的业务"), "hint"));
  for (guint i = 0; i < handoffs->len; i++)
    add_handoff_row(self, handoffs->pdata[i]);
}

/* The actions this page and the staff module write, in words; others
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

static void
add_log_row(KioskStaffPage *self, const AnyiAuditEntry *entry)
{
  g_autofree char *when = time_text(entry->at);
  g_autofree char *line =
      g_strdup_printf("%s  %s  %s  %s", when, entry->actor, action_text(entry->action),
                      entry->subject ? entry->subject : "");
  g_autofree char *masked = anyi_mask_id_numbers(line);

  gtk_box_append(self->log_list, wrapped_label_new(masked, "staff-log-line"));
}

static void
refresh_log(KioskStaffPage *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) entries = anyi_store_audit_list(page_store(self), 0, LOG_ENTRIES, &error);

  clear_children(GTK_WIDGET(self->log_list));
  if (!entries) {
    g_warning("staff page: cannot read the audit log: %s", error->message);
    gtk_box_append(self->log_list, wrapped_label_new(_("无法读取，请联系技术人员"), "problem"));
    return;
  }
  for (guint i = 0; i < entries->len; i++)
    add_log_row(self, entries->pdata[i]);
}

/* ---- devices (technicians) ---- */

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
add_device_row(KioskStaffPage *self, int row, const char *device, const char *state)
{
  GtkWidget *value = wrapped_label_new(state, "staff-state");

  if (!g_str_equal(state, _("正常")) && !g_str_equal(state, _("待用（未开启）")))
    gtk_widget_add_css_class(value, "staff-fault");
  gtk_grid_attach(self->device_list, label_new(device, "staff-row-title"), 0, row, 1, 1);
  gtk_grid_attach(self->device_list, value, 1, row, 1, 1);
}

static void
refresh_devices(KioskStaffPage *self)
{
  AnyiKiosk *kiosk = self->kiosk;

  clear_children(GTK_WIDGET(self->device_list));
  add_device_row(self, 0, _("身份证阅读器"), idcard_state_text(anyi_kiosk_get_idcard(kiosk)));
  add_device_row(self, 1, _("人像摄像头"),
                 camera_state_text(anyi_kiosk_get_camera(kiosk, ANYI_CAMERA_ROLE_FACE)));
  add_device_row(self, 2, _("材料摄像头"),
                 camera_state_text(anyi_kiosk_get_camera(kiosk, ANYI_CAMERA_ROLE_DOCUMENT)));
  add_device_row(self, 3, _("语音播报"), anyi_kiosk_get_speech(kiosk) ? _("正常") : _("不可用"));
}

static void
refresh_home(KioskStaffPage *self)
{
  refresh_printers(self);
  refresh_handoffs(self);
  refresh_log(self);
  if (g_strcmp0(self->role, "technician") == 0)
    refresh_devices(self);
}

/* ---- public ---- */

static void
on_printer_changed(KioskStaffPage *self)
{
  if (self->actor)
    refresh_printers(self);
}

static void
watch_printers(KioskStaffPage *self)
{
  for (AnyiPrinterRole role = 0; role < ANYI_PRINTER_NUM_ROLES; role++) {
    AnyiPrinterWatch *watch = anyi_kiosk_get_printer_watch(self->kiosk, role);

    if (watch)
      g_signal_connect_object(watch, "changed", G_CALLBACK(on_printer_changed), self,
                              G_CONNECT_SWAPPED);
  }
}

void
kiosk_staff_page_start(KioskStaffPage *self, AnyiKiosk *kiosk, gboolean english)
{
  g_return_if_fail(KIOSK_IS_STAFF_PAGE(self));
  kiosk_staff_page_reset(self);
  self->english = english;
  if (self->kiosk != kiosk) {
    self->kiosk = kiosk;
    g_clear_object(&self->desk);
    self->desk = anyi_staff_desk_new(kiosk);
    watch_printers(self);
  }
}

void
kiosk_staff_page_reset(KioskStaffPage *self)
{
  GtkWidget *lists[] = {GTK_WIDGET(self->printer_list), GTK_WIDGET(self->handoff_list),
                        GTK_WIDGET(self->device_list), GTK_WIDGET(self->log_list)};

  wipe_string(self->login);
  wipe_string(self->pin);
  g_clear_pointer(&self->actor, g_free);
  g_clear_pointer(&self->role, g_free);
  for (guint i = 0; i < G_N_ELEMENTS(lists); i++)
    clear_children(lists[i]);
  gtk_label_set_text(self->who, "");
  gtk_label_set_text(self->sign_in_problem, "");
  set_action_note(self, "");
  gtk_widget_set_visible(self->device_section, FALSE);
  gtk_toggle_button_set_active(self->login_field, TRUE);
  update_fields(self);
  gtk_stack_set_visible_child_name(self->views, "sign-in");
}

static void
on_exit_clicked(KioskStaffPage *self)
{
  if (self->actor)
    anyi_staff_desk_sign_out(self->desk, self->actor);
  kiosk_staff_page_reset(self);
  g_signal_emit(self, signals[SIGNAL_EXIT], 0);
}

static void
kiosk_staff_page_finalize(GObject *object)
{
  KioskStaffPage *self = KIOSK_STAFF_PAGE(object);

  wipe_string(self->pin);
  g_string_free(self->login, TRUE);
  g_string_free(self->pin, TRUE);
  g_free(self->actor);
  g_free(self->role);
  g_clear_object(&self->desk);
  G_OBJECT_CLASS(kiosk_staff_page_parent_class)->finalize(object);
}

static void
kiosk_staff_page_class_init(KioskStaffPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS(klass);

  G_OBJECT_CLASS(klass)->finalize = kiosk_staff_page_finalize;
  gtk_widget_class_set_template_from_resource(widget_class,
                                              "/cn/anyi/kiosk/pages/kiosk-staff-page.ui");
#define BIND(name) gtk_widget_class_bind_template_child(widget_class, KioskStaffPage, name)
  BIND(views);
  BIND(who);
  BIND(login_field);
  BIND(pin_field);
  BIND(login_value);
  BIND(pin_value);
  BIND(sign_in_problem);
  BIND(keypad);
  BIND(printer_list);
  BIND(action_note);
  BIND(handoff_list);
  BIND(device_section);
  BIND(device_list);
  BIND(log_list);
#undef BIND
  gtk_widget_class_bind_template_callback(widget_class, on_exit_clicked);
  gtk_widget_class_bind_template_callback(widget_class, on_field_toggled);
  gtk_widget_class_bind_template_callback(widget_class, on_sign_in_clicked);
  gtk_widget_class_bind_template_callback(widget_class, on_receipt_restocked);
  gtk_widget_class_bind_template_callback(widget_class, on_a4_restocked);
  gtk_widget_class_bind_template_callback(widget_class, on_print_restock_clicked);
  gtk_widget_class_bind_template_callback(widget_class, on_test_page_clicked);
  gtk_widget_class_bind_template_callback(widget_class, on_test_receipt_clicked);
  signals[SIGNAL_EXIT] = g_signal_new("exit", G_TYPE_FROM_CLASS(klass), G_SIGNAL_RUN_LAST, 0, NULL,
                                      NULL, NULL, G_TYPE_NONE, 0);
}

static void
kiosk_staff_page_init(KioskStaffPage *self)
{
  self->login = g_string_new(NULL);
  self->pin = g_string_new(NULL);
  gtk_widget_init_template(GTK_WIDGET(self));
  build_keypad(self);
  kiosk_a11y_track_stack(self->views);
  kiosk_staff_page_reset(self);
}
