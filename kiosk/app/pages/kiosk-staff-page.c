/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kiosk-staff-page.c */
#include "kiosk-staff-page.h"
#include "kiosk-a11y.h"
#include "kiosk-out-of-service-page.h"
#include "kiosk-staff-devices.h"
#include "kiosk-staff-handoffs.h"
#include "kiosk-staff-log.h"
#include "kiosk-staff-restock.h"
#include "kiosk-staff-sign-in.h"
#include "staff/anyi-staff-desk.h"

#include <glib/gi18n-lib.h>

struct _KioskStaffPage {
  GtkBox parent_instance;
  GtkLabel *action_note;
  GtkLabel *who;
  GtkLabel *ledger_note;
  GtkWidget *clock_box;
  GtkWidget *calls_box;
  GtkWidget *call_rows;
  GtkWidget *resume_button;
  GtkLabel *clock_note;
  GtkStack *views;
  KioskStaffSignIn *sign_in;
  KioskStaffRestock *restock;
  KioskStaffHandoffs *handoffs;
  KioskStaffDevices *devices;
  KioskStaffLog *log;

  AnyiKiosk *kiosk; /* not owned: the kiosk outlives its pages */
  AnyiStaffDesk *desk;
  gboolean english;
  char *actor; /* the signed-in login, NULL when no one is */
  char *role;
  gint64 waiting_call; /* this kiosk's citizen waits on it */
  gboolean waiting_answered;
};

G_DEFINE_FINAL_TYPE(KioskStaffPage, kiosk_staff_page, GTK_TYPE_BOX)

enum { SIGNAL_EXIT, SIGNAL_CALL_ANSWERED, SIGNAL_RESUME_CITIZEN, N_SIGNALS };
static guint signals[N_SIGNALS];

static AnyiStore *
page_store(KioskStaffPage *self)
{
  return anyi_kiosk_get_store(self->kiosk);
}

static gboolean
is_technician(KioskStaffPage *self)
{
  return g_strcmp0(self->role, "technician") == 0;
}

static void
set_action_note(KioskStaffPage *self, const char *text)
{
  gtk_label_set_text(self->action_note, text);
  gtk_widget_set_visible(GTK_WIDGET(self->action_note), *text != '\0');
}

/* Every staff action goes to the audit log (the desk writes it): the log
 * panel shows it at once. */
static void
on_panel_noted(KioskStaffPage *self, const char *note)
{
  if (self->actor)
    kiosk_staff_log_show(self->log, page_store(self));
  set_action_note(self, note);
}

/* Why the kiosk is out of service, first thing staff read. */
static void
show_out_of_service(KioskStaffPage *self)
{
  const char *reason = anyi_kiosk_health_get_reason(anyi_kiosk_get_health(self->kiosk));
  g_autofree char *note = NULL;

  if (!reason)
    return;
  note = g_strdup_printf(_("暂停服务：%s"), kiosk_out_of_service_reason_text(reason));
  set_action_note(self, note);
}

/* After the clock jumped forward, retention wipes nothing until someone
 * who can see the hall's clock says the kiosk's time is right (a wrong
 * clock would wipe cases before their time). */
static void
show_clock_hold(KioskStaffPage *self)
{
  gint64 jump_s = self->actor ? anyi_kiosk_get_clock_jump(self->kiosk) : 0;
  g_autoptr(GDateTime) now = g_date_time_new_now_local();
  g_autofree char *now_text = g_date_time_format(now, "%Y-%m-%d %H:%M");
  g_autofree char *note = NULL;

  gtk_widget_set_visible(self->clock_box, jump_s > 0);
  if (jump_s <= 0)
    return;
  note = g_strdup_printf(_("本机时钟向前跳了约 %d 小时，到期资料暂不清除。本机现在显示 %s："
                           "请与大厅时钟核对，时间正确再点右边的按钮；不对请联系技术人员。"),
                         (int)MAX(jump_s / 3600, 1), now_text);
  gtk_label_set_text(self->clock_note, note);
}

/* With a hall ledger server: what this kiosk still owes it (the server or
 * the network is down when this grows). */
static void
show_ledger_outbox(KioskStaffPage *self)
{
  gint64 waiting = 0, oldest_s = 0;
  gboolean known = anyi_kiosk_get_outbox(self->kiosk, &waiting, &oldest_s);
  g_autofree char *text = NULL;

  gtk_widget_set_visible(GTK_WIDGET(self->ledger_note), known);
  if (!known)
    return;
  if (waiting == 0)
    text = g_strdup(_("大厅台账：已全部送达"));
  else
    text = g_strdup_printf(_("大厅台账：%d 件待发送，最早的已等 %d 分钟"), (int)waiting,
                           (int)(oldest_s / 60));
  gtk_label_set_text(self->ledger_note, text);
}

static void
on_clock_confirmed(KioskStaffPage *self)
{
  g_autoptr(GError) error = NULL;

  if (!self->actor)
    return;
  if (!anyi_kiosk_confirm_clock(self->kiosk, self->actor, &error)) {
    g_warning("staff: %s could not confirm the clock: %s", self->actor, error->message);
    set_action_note(self, _("没能记录，请再按一次或联系技术人员"));
    return;
  }
  show_clock_hold(self);
  kiosk_staff_log_show(self->log, page_store(self));
  set_action_note(self, _("已确认时间，到期资料按期清除"));
}

/* ---- citizens' calls for staff ---- */

static void show_calls(KioskStaffPage *self);

static void
answer_call(KioskStaffPage *self, gint64 call_id)
{
  g_autoptr(GError) error = NULL;

  if (!self->actor)
    return;
  if (!anyi_store_staff_call_close(page_store(self), call_id, "answered", self->actor, &error) &&
      !g_error_matches(error, ANYI_STORE_ERROR, ANYI_STORE_ERROR_CONFLICT)) {
    g_warning("staff: call #%" G_GINT64_FORMAT " not answered: %s", call_id, error->message);
    set_action_note(self, _("没能记录，请再按一次或联系技术人员"));
    return;
  }
  if (call_id == self->waiting_call)
    self->waiting_answered = TRUE;
  g_signal_emit(self, signals[SIGNAL_CALL_ANSWERED], 0, call_id);
  if (self->actor)
    kiosk_staff_log_show(self->log, page_store(self));
  show_calls(self);
}

static void
on_call_arrived_clicked(GtkButton *button, KioskStaffPage *self)
{
  answer_call(self, GPOINTER_TO_SIZE(g_object_get_data(G_OBJECT(button), "call-id")));
}

static GtkWidget *
call_row(KioskStaffPage *self, const AnyiStaffCall *call, gint64 now)
{
  GtkWidget *row = gtk_box_new(GTK_ORIENTATION_HORIZONTAL, 24);
  int minutes = (int)MAX(0, (now - call->raised_at) / 60);
  g_autofree char *text =
      call->case_number
          ? g_strdup_printf(_("%s 有市民呼叫工作人员，已等 %d 分钟，业务编号 %s"), call->kiosk,
                            minutes, call->case_number)
          : g_strdup_printf(_("%s 有市民呼叫工作人员，已等 %d 分钟"), call->kiosk, minutes);
  GtkWidget *label = gtk_label_new(text);
  GtkWidget *button = gtk_button_new_with_label(_("已到达"));

  gtk_label_set_xalign(GTK_LABEL(label), 0);
  gtk_label_set_wrap(GTK_LABEL(label), TRUE);
  gtk_widget_set_hexpand(label, TRUE);
  gtk_widget_set_sensitive(button, self->actor != NULL);
  g_object_set_data(G_OBJECT(button), "call-id", GSIZE_TO_POINTER((gsize)call->id));
  g_signal_connect(button, "clicked", G_CALLBACK(on_call_arrived_clicked), self);
  gtk_box_append(GTK_BOX(row), label);
  gtk_box_append(GTK_BOX(row), button);
  return row;
}

/* Open calls of the hall's kiosks (this store's), oldest first. */
static void
show_calls(KioskStaffPage *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) calls = NULL;
  GtkWidget *child;
  gint64 now = g_get_real_time() / G_USEC_PER_SEC;

  while ((child = gtk_widget_get_first_child(self->call_rows)))
    gtk_box_remove(GTK_BOX(self->call_rows), child);
  if (self->kiosk && page_store(self))
    calls = anyi_store_staff_calls_open(page_store(self), &error);
  if (error)
    g_warning("staff: cannot list calls: %s", error->message);
  for (guint i = 0; calls && i < calls->len; i++)
    gtk_box_append(GTK_BOX(self->call_rows), call_row(self, calls->pdata[i], now));
  gtk_widget_set_visible(self->resume_button, self->waiting_call && self->waiting_answered);
  gtk_widget_set_visible(self->calls_box,
                         (calls && calls->len > 0) || gtk_widget_get_visible(self->resume_button));
}

static void
on_resume_clicked(KioskStaffPage *self)
{
  g_signal_emit(self, signals[SIGNAL_RESUME_CITIZEN], 0);
}

void
kiosk_staff_page_set_waiting_call(KioskStaffPage *self, gint64 call_id)
{
  g_return_if_fail(KIOSK_IS_STAFF_PAGE(self));
  self->waiting_call = call_id;
  self->waiting_answered = FALSE;
  show_calls(self);
}

static void
show_home(KioskStaffPage *self, const char *display_name)
{
  g_autofree char *who = g_strdup_printf(_("%s（%s）"), display_name,
                                         is_technician(self) ? _("技术人员") : _("工作人员"));

  gtk_label_set_text(self->who, who);
  /* a technician's middle column is the devices' tests; the cases waiting
   * at the window are hall staff's business (and both do not fit) */
  gtk_widget_set_visible(GTK_WIDGET(self->devices), is_technician(self));
  gtk_widget_set_visible(GTK_WIDGET(self->handoffs), !is_technician(self));
  set_action_note(self, "");
  show_out_of_service(self);
  show_clock_hold(self);
  show_ledger_outbox(self);
  kiosk_staff_restock_show(self->restock, self->actor, self->english);
  kiosk_staff_handoffs_show(self->handoffs, page_store(self));
  kiosk_staff_log_show(self->log, page_store(self));
  if (is_technician(self))
    kiosk_staff_devices_show(self->devices, self->actor, self->english);
  gtk_stack_set_visible_child_name(self->views, "home");
}

static void
on_signed_in(KioskStaffPage *self, const char *login, const char *role, const char *display_name)
{
  g_free(self->actor);
  g_free(self->role);
  self->actor = g_strdup(login);
  self->role = g_strdup(role);
  show_home(self, display_name);
  /* staff signing in at the kiosk a citizen called them to: answered */
  if (self->waiting_call && !self->waiting_answered)
    answer_call(self, self->waiting_call);
  show_calls(self);
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
    kiosk_staff_sign_in_set_store(self->sign_in, anyi_kiosk_get_store(kiosk));
    kiosk_staff_restock_set_desk(self->restock, self->desk);
    kiosk_staff_devices_set_desk(self->devices, self->desk);
  }
  show_calls(self);
}

void
kiosk_staff_page_reset(KioskStaffPage *self)
{
  g_return_if_fail(KIOSK_IS_STAFF_PAGE(self));
  g_clear_pointer(&self->actor, g_free);
  g_clear_pointer(&self->role, g_free);
  kiosk_staff_sign_in_reset(self->sign_in);
  kiosk_staff_restock_clear(self->restock);
  kiosk_staff_handoffs_clear(self->handoffs);
  kiosk_staff_devices_clear(self->devices);
  kiosk_staff_log_clear(self->log);
  gtk_label_set_text(self->who, "");
  set_action_note(self, "");
  gtk_widget_set_visible(GTK_WIDGET(self->devices), FALSE);
  gtk_widget_set_visible(GTK_WIDGET(self->handoffs), TRUE);
  gtk_widget_set_visible(self->clock_box, FALSE);
  gtk_widget_set_visible(GTK_WIDGET(self->ledger_note), FALSE);
  self->waiting_call = 0;
  self->waiting_answered = FALSE;
  gtk_widget_set_visible(self->calls_box, FALSE);
  gtk_stack_set_visible_child_name(self->views, "sign-in");
}

void
kiosk_staff_page_sign_out(KioskStaffPage *self, const char *why)
{
  g_return_if_fail(KIOSK_IS_STAFF_PAGE(self));
  if (self->actor)
    anyi_staff_desk_sign_out(self->desk, self->actor, why);
  kiosk_staff_page_reset(self);
}

static void
on_exit_clicked(KioskStaffPage *self)
{
  kiosk_staff_page_sign_out(self, "exit");
  g_signal_emit(self, signals[SIGNAL_EXIT], 0);
}

static void
kiosk_staff_page_finalize(GObject *object)
{
  KioskStaffPage *self = KIOSK_STAFF_PAGE(object);

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
  g_type_ensure(KIOSK_TYPE_STAFF_SIGN_IN);
  g_type_ensure(KIOSK_TYPE_STAFF_RESTOCK);
  g_type_ensure(KIOSK_TYPE_STAFF_HANDOFFS);
  g_type_ensure(KIOSK_TYPE_STAFF_DEVICES);
  g_type_ensure(KIOSK_TYPE_STAFF_LOG);
  gtk_widget_class_set_template_from_resource(widget_class,
                                              "/cn/anyi/kiosk/pages/kiosk-staff-page.ui");
  gtk_widget_class_bind_template_child(widget_class, KioskStaffPage, action_note);
  gtk_widget_class_bind_template_child(widget_class, KioskStaffPage, who);
  gtk_widget_class_bind_template_child(widget_class, KioskStaffPage, ledger_note);
  gtk_widget_class_bind_template_child(widget_class, KioskStaffPage, clock_box);
  gtk_widget_class_bind_template_child(widget_class, KioskStaffPage, calls_box);
  gtk_widget_class_bind_template_child(widget_class, KioskStaffPage, call_rows);
  gtk_widget_class_bind_template_child(widget_class, KioskStaffPage, resume_button);
  gtk_widget_class_bind_template_callback(widget_class, on_resume_clicked);
  gtk_widget_class_bind_template_child(widget_class, KioskStaffPage, clock_note);
  gtk_widget_class_bind_template_child(widget_class, KioskStaffPage, views);
  gtk_widget_class_bind_template_child(widget_class, KioskStaffPage, sign_in);
  gtk_widget_class_bind_template_child(widget_class, KioskStaffPage, restock);
  gtk_widget_class_bind_template_child(widget_class, KioskStaffPage, handoffs);
  gtk_widget_class_bind_template_child(widget_class, KioskStaffPage, devices);
  gtk_widget_class_bind_template_child(widget_class, KioskStaffPage, log);
  gtk_widget_class_bind_template_callback(widget_class, on_exit_clicked);
  gtk_widget_class_bind_template_callback(widget_class, on_signed_in);
  gtk_widget_class_bind_template_callback(widget_class, on_panel_noted);
  gtk_widget_class_bind_template_callback(widget_class, on_clock_confirmed);
  signals[SIGNAL_EXIT] = g_signal_new("exit", G_TYPE_FROM_CLASS(klass), G_SIGNAL_RUN_LAST, 0, NULL,
                                      NULL, NULL, G_TYPE_NONE, 0);
  signals[SIGNAL_CALL_ANSWERED] =
      g_signal_new("call-answered", G_TYPE_FROM_CLASS(klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                   NULL, G_TYPE_NONE, 1, G_TYPE_INT64);
  signals[SIGNAL_RESUME_CITIZEN] =
      g_signal_new("resume-citizen", G_TYPE_FROM_CLASS(klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                   NULL, G_TYPE_NONE, 0);
}

static void
kiosk_staff_page_init(KioskStaffPage *self)
{
  gtk_widget_init_template(GTK_WIDGET(self));
  kiosk_a11y_track_stack(self->views);
  kiosk_staff_page_reset(self);
}
