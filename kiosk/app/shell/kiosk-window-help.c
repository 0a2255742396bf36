/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kiosk-window-help.c: 人工帮助 on the window: the choice between staff at
 * the kiosk and a window, and the wait for staff.
 *
 * A call is raised in the store (staff mode and the window console list it);
 * while it waits, the idle timer does not wipe the session: a citizen who
 * waits for staff is not gone. The wait has its own cap (settings
 * staff-call-wait), after which the case goes to a window as before, so
 * nothing waits for ever. Staff answer by signing in at the kiosk; then they
 * take the citizen back to the page where the case waited, with all that
 * was collected still on it. */
#include "kiosk-window-private.h"

#include <glib/gi18n-lib.h>

static AnyiSettings *
settings_of(KioskWindow *self)
{
  return anyi_kiosk_get_settings(self->kiosk);
}

static int
waited_seconds(KioskWindow *self)
{
  return (int)((g_get_monotonic_time() - self->help_call_since) / G_USEC_PER_SEC);
}

static void
stop_waiting(KioskWindow *self)
{
  g_clear_handle_id(&self->help_tick_id, g_source_remove);
  self->help_call_id = 0;
  self->help_call_answered = FALSE;
}

/* Closes the raised call as @state; the call is over for the kiosk even if
 * the store fails (the log says so). */
static void
close_call(KioskWindow *self, const char *state, const char *actor)
{
  g_autoptr(GError) error = NULL;
  AnyiStore *store = anyi_kiosk_get_store(self->kiosk);

  if (self->help_call_id && !self->help_call_answered && store &&
      !anyi_store_staff_call_close(store, self->help_call_id, state, actor, &error) &&
      !g_error_matches(error, ANYI_STORE_ERROR, ANYI_STORE_ERROR_CONFLICT))
    g_warning("help: staff call #%" G_GINT64_FORMAT " not closed as %s: %s", self->help_call_id,
              state, error->message);
  g_info("help: staff call #%" G_GINT64_FORMAT " %s after %d s", self->help_call_id, state,
         waited_seconds(self));
  stop_waiting(self);
}

/* Back to the page where the citizen pressed 人工帮助. */
static void
return_to_case(KioskWindow *self)
{
  g_autofree char *page = g_steal_pointer(&self->help_return);

  kiosk_window_show_page(self, page ? page : "attract");
}

/* A window console answered the call: in the store, where the console
 * wrote it (one-kiosk hall) or the pusher brought it from the hall's
 * server. Staff are on their way: the citizen is told, and the wait has no
 * cap any more. */
static gboolean
answered_elsewhere(KioskWindow *self)
{
  AnyiStore *store = anyi_kiosk_get_store(self->kiosk);
  g_autoptr(AnyiStaffCall) call = NULL;
  g_autoptr(GError) error = NULL;

  if (!store || !(call = anyi_store_staff_call_get(store, self->help_call_id, &error)))
    return FALSE;
  if (!g_str_equal(call->state, "answered"))
    return FALSE;
  self->help_call_answered = TRUE;
  g_info("help: staff call #%" G_GINT64_FORMAT " answered by %s after %d s", self->help_call_id,
         call->answered_by ? call->answered_by : "staff", waited_seconds(self));
  kiosk_help_page_show_answered(self->help_page);
  kiosk_window_say(self, _("工作人员已应答，正在赶来，请稍候。"));
  return TRUE;
}

static gboolean
on_wait_tick(gpointer data)
{
  KioskWindow *self = data;
  int waited = waited_seconds(self);

  if (self->help_call_answered || answered_elsewhere(self))
    return G_SOURCE_CONTINUE; /* staff are coming: no cap */
  kiosk_help_page_set_waited(self->help_page, waited);
  if (waited < settings_of(self)->staff_call_wait_s)
    return G_SOURCE_CONTINUE;
  self->help_tick_id = 0;
  close_call(self, "unanswered", "kiosk");
  g_clear_pointer(&self->help_return, g_free);
  kiosk_case_flow_staff_call_unanswered(self->case_flow);
  return G_SOURCE_REMOVE;
}

static void
on_call_staff(KioskHelpPage *page, KioskWindow *self)
{
  AnyiStore *store = anyi_kiosk_get_store(self->kiosk);
  const char *number = kiosk_case_flow_get_case_number(self->case_flow);
  g_autoptr(GError) error = NULL;

  if (!store || !anyi_store_staff_call_raise(store, settings_of(self)->kiosk_id, number,
                                             &self->help_call_id, &error)) {
    g_warning("help: no staff call raised: %s", error ? error->message : "no store");
    kiosk_window_say(self, _("暂时无法呼叫工作人员，请到窗口办理。"));
    g_clear_pointer(&self->help_return, g_free);
    kiosk_case_flow_help(self->case_flow);
    return;
  }
  g_message("help: staff call #%" G_GINT64_FORMAT " raised%s%s", self->help_call_id,
            number ? " for case " : "", number ? number : "");
  self->help_call_since = g_get_monotonic_time();
  kiosk_help_page_show_waiting(self->help_page);
  self->help_tick_id = g_timeout_add_seconds(1, on_wait_tick, self);
  kiosk_idle_disarm(self->idle);
  kiosk_window_say(self, _("已呼叫工作人员。工作人员马上过来，请稍候。"));
}

static void
on_go_to_window(KioskHelpPage *page, KioskWindow *self)
{
  g_clear_pointer(&self->help_return, g_free);
  kiosk_case_flow_help(self->case_flow);
}

static void
on_back(KioskHelpPage *page, KioskWindow *self)
{
  return_to_case(self);
}

static void
on_cancel_call(KioskHelpPage *page, KioskWindow *self)
{
  close_call(self, "cancelled", "citizen");
  kiosk_window_say(self, _("已取消呼叫。"));
  return_to_case(self);
}

/* Staff sign in at the kiosk: signing in answers the call. */
static void
on_staff_arrived(KioskHelpPage *page, KioskWindow *self)
{
  kiosk_window_open_staff(self);
  kiosk_staff_page_set_waiting_call(self->staff_page, self->help_call_id);
}

static void
on_staff_answered(KioskStaffPage *page, gint64 call_id, KioskWindow *self)
{
  if (call_id == self->help_call_id) {
    self->help_call_answered = TRUE;
    g_info("help: staff call #%" G_GINT64_FORMAT " answered after %d s", call_id,
           waited_seconds(self));
  }
}

static void
on_staff_resume_citizen(KioskStaffPage *page, KioskWindow *self)
{
  kiosk_staff_page_sign_out(page, "resume-citizen");
  stop_waiting(self);
  return_to_case(self);
}

gboolean
kiosk_window_help_leave_staff(KioskWindow *self)
{
  if (!self->help_call_id)
    return FALSE;
  if (self->help_call_answered) {
    on_staff_resume_citizen(self->staff_page, self);
    return TRUE;
  }
  /* pressed 工作人员已到达 by mistake, or staff left without signing in */
  kiosk_window_show_page(self, "help");
  return TRUE;
}

void
kiosk_window_help_init(KioskWindow *self)
{
  self->help_page = g_object_new(KIOSK_TYPE_HELP_PAGE, NULL);
  gtk_stack_add_named(self->pages, GTK_WIDGET(self->help_page), "help");
  g_signal_connect(self->help_page, "call-staff", G_CALLBACK(on_call_staff), self);
  g_signal_connect(self->help_page, "go-to-window", G_CALLBACK(on_go_to_window), self);
  g_signal_connect(self->help_page, "back", G_CALLBACK(on_back), self);
  g_signal_connect(self->help_page, "cancel-call", G_CALLBACK(on_cancel_call), self);
  g_signal_connect(self->help_page, "staff-arrived", G_CALLBACK(on_staff_arrived), self);
}

/* The staff page is made on first use: its call signals are joined then. */
void
kiosk_window_help_watch_staff(KioskWindow *self)
{
  g_signal_connect(self->staff_page, "call-answered", G_CALLBACK(on_staff_answered), self);
  g_signal_connect(self->staff_page, "resume-citizen", G_CALLBACK(on_staff_resume_citizen), self);
}

void
kiosk_window_help_open(KioskWindow *self)
{
  const char *page = kiosk_window_get_page(self);

  if (g_str_equal(page, "help") || g_str_equal(page, "staff"))
    return;
  /* the case is over: the finish page already says where to go */
  if (g_str_equal(page, "finish")) {
    kiosk_case_flow_help(self->case_flow);
    return;
  }
  g_free(self->help_return);
  self->help_return = g_strdup(page);
  kiosk_help_page_show_choice(self->help_page, kiosk_case_flow_in_case(self->case_flow));
  kiosk_window_show_page(self, "help");
  kiosk_window_say(self, _("需要人工帮助吗？请选择：请工作人员过来，或者去窗口办理。"));
}

gboolean
kiosk_window_help_holds_session(KioskWindow *self)
{
  return self->help_call_id != 0;
}

void
kiosk_window_help_end_session(KioskWindow *self)
{
  if (self->help_call_id)
    close_call(self, "cancelled", "kiosk");
  g_clear_pointer(&self->help_return, g_free);
}

void
kiosk_window_help_dispose(KioskWindow *self)
{
  g_clear_handle_id(&self->help_tick_id, g_source_remove);
  g_clear_pointer(&self->help_return, g_free);
}
