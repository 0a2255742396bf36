/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kiosk-window.c: the window's frame: header, pages, idle prompt, lockdown. */
#include "kiosk-a11y.h"
#include "kiosk-lockdown.h"
#include "kiosk-snapshot.h"
#include "kiosk-window-private.h"

#include <glib/gi18n-lib.h>

G_DEFINE_FINAL_TYPE(KioskWindow, kiosk_window, GTK_TYPE_APPLICATION_WINDOW)

static void say(KioskWindow *self, const char *text);

static void
save_page_snapshot(KioskWindow *self, const char *name)
{
  const char *dir = g_getenv("ANYI_SCREENSHOT_DIR");
  g_autofree char *file = NULL;
  g_autofree char *path = NULL;

  if (!dir || !*dir)
    return;
  file = g_strdup_printf("%02d-%s.png", ++self->snapshot_count, name);
  path = g_build_filename(dir, file, NULL);
  kiosk_snapshot_after_next_frame(GTK_WIDGET(self), path);
}

/* A page's own steps (the card page's "reading", "confirm", "error"; the
 * finish page's "printing", "done", "handoff") are screens too. */
static void
on_inner_step(GtkStack *steps, GParamSpec *pspec, KioskWindow *self)
{
  const char *page = gtk_stack_get_visible_child_name(self->pages);
  g_autofree char *name = g_strdup_printf("%s-%s", page, gtk_stack_get_visible_child_name(steps));

  if (gtk_widget_is_ancestor(GTK_WIDGET(steps), gtk_stack_get_visible_child(self->pages)))
    save_page_snapshot(self, name);
}

static void
snapshot_inner_steps(KioskWindow *self, GtkWidget *page)
{
  for (GtkWidget *child = gtk_widget_get_first_child(page); child;
       child = gtk_widget_get_next_sibling(child)) {
    if (GTK_IS_STACK(child))
      g_signal_connect_object(child, "notify::visible-child", G_CALLBACK(on_inner_step), self, 0);
    else
      snapshot_inner_steps(self, child);
  }
}

static void
show_page(KioskWindow *self, const char *name)
{
  gboolean attract;

  /* Out of service, whatever a case or a late callback asks; only staff
   * mode, to see why. */
  if (kiosk_window_out_of_service(self) && !g_str_equal(name, "staff"))
    name = "out-of-service";
  /* nothing to wait for on these, and no one to ask about */
  attract = g_str_equal(name, "attract") || g_str_equal(name, "out-of-service");

  /* a shot of the page being left shows it as it was, not the next one */
  kiosk_snapshot_take_waiting(GTK_WIDGET(self));
  gtk_stack_set_visible_child_name(self->pages, name);
  /* The finish page has its own way home; the footer would only repeat it.
   * Staff mode has 退出, and its room goes to the citizens' calls. */
  gtk_widget_set_visible(self->footer,
                         !attract && !g_str_equal(name, "finish") && !g_str_equal(name, "staff"));
  /* Switching language rebuilds the window; allowed before any personal data
   * is on screen. */
  gtk_widget_set_visible(self->language_button,
                         g_str_equal(name, "attract") || g_str_equal(name, "menu"));
  /* out of service, the page itself says where help is */
  gtk_widget_set_visible(self->help_button, !g_str_equal(name, "out-of-service"));
  /* a citizen waiting for staff is not gone */
  if (attract || kiosk_window_help_holds_session(self))
    kiosk_idle_disarm(self->idle);
  else
    kiosk_idle_arm(self->idle);
  kiosk_window_card_first_follow_page(self, name);
  g_info("ui: page %s", name);
  save_page_snapshot(self, name);
}

void
kiosk_window_show_page(KioskWindow *self, const char *name)
{
  show_page(self, name);
}

const char *
kiosk_window_get_page(KioskWindow *self)
{
  return gtk_stack_get_visible_child_name(self->pages);
}

static gboolean
update_clock(gpointer user_data)
{
  KioskWindow *self = user_data;
  g_autoptr(GDateTime) now = g_date_time_new_now_local();
  g_autofree char *text = g_date_time_format(now, "%Y-%m-%d  %H:%M");

  gtk_label_set_text(self->clock, text);
  /* Wake once a minute, on the minute: the kiosk sleeps in between. */
  self->clock_id = g_timeout_add_seconds(60 - g_date_time_get_second(now), update_clock, self);
  return G_SOURCE_REMOVE;
}

/* ---- idle ---- */

static void
idle_ask(gpointer data, int seconds_left)
{
  KioskWindow *self = data;
  g_autofree char *text =
      g_strdup_printf(_("%d 秒后将返回首页，并清除您在本机填写的信息"), seconds_left);

  gtk_label_set_text(self->idle_countdown, text);
  if (!gtk_widget_get_visible(self->idle_prompt)) {
    gtk_widget_set_visible(self->idle_prompt, TRUE);
    say(self, _("您还需要更多时间吗？需要的话，请点“需要，继续办理”。"));
    save_page_snapshot(self, "idle-prompt");
  }
}

static void
idle_dismiss(gpointer data)
{
  KioskWindow *self = data;

  gtk_widget_set_visible(self->idle_prompt, FALSE);
}

static void
idle_expire(gpointer data)
{
  KioskWindow *self = data;

  gtk_widget_set_visible(self->idle_prompt, FALSE);
  kiosk_window_end_session(self, "timeout");
}

static const KioskIdleHandlers idle_handlers = {idle_ask, idle_dismiss, idle_expire};

static gboolean
on_any_input(GtkEventControllerLegacy *controller, GdkEvent *event, KioskWindow *self)
{
  switch (gdk_event_get_event_type(event)) {
  case GDK_BUTTON_PRESS:
  case GDK_TOUCH_BEGIN:
  case GDK_KEY_PRESS:
  case GDK_SCROLL:
    kiosk_idle_activity(self->idle);
    break;
  default:
    break;
  }
  return FALSE;
}

/* A press made through accessibility (a screen reader, switch access, or
 * the walk tests over AT-SPI) reaches a button without any pointer event;
 * it is the citizen's activity all the same. */
static gboolean
on_any_button_clicked(GSignalInvocationHint *hint, guint n_values, const GValue *values,
                      gpointer data)
{
  KioskWindow *self = data;
  GtkWidget *button = g_value_get_object(&values[0]);

  if (self->idle && gtk_widget_get_root(button) == GTK_ROOT(self))
    kiosk_idle_activity(self->idle);
  return TRUE;
}

static void
watch_button_presses(KioskWindow *self)
{
  self->clicked_hook = g_signal_add_emission_hook(g_signal_lookup("clicked", GTK_TYPE_BUTTON), 0,
                                                  on_any_button_clicked, self, NULL);
}

/* A page that knows the citizen is busy elsewhere (paying on the phone)
 * says so: the same as a touch. */
static void
on_keep_alive(GtkWidget *widget, const char *action, GVariant *parameter)
{
  kiosk_idle_activity(KIOSK_WINDOW(widget)->idle);
}

static void
on_more_time_clicked(KioskWindow *self)
{
  kiosk_idle_activity(self->idle);
}

/* ---- speech ---- */

/* Speaks @text (the same words the screen shows), replacing what is said. */
static void
say(KioskWindow *self, const char *text)
{
  AnyiSpeech *speech = anyi_kiosk_get_speech(self->kiosk);

  if (speech && text && *text)
    anyi_speech_say(speech, text);
}

void
kiosk_window_say(KioskWindow *self, const char *text)
{
  say(self, text);
}

static void
on_repeat_clicked(KioskWindow *self)
{
  AnyiSpeech *speech = anyi_kiosk_get_speech(self->kiosk);

  if (speech)
    anyi_speech_repeat(speech);
}

/* ---- the citizen's way: the case flow plays the case ---- */

static void
on_attract_start(KioskWindow *self)
{
  show_page(self, "menu");
  say(self, _("请选择您要办理的事项"));
}

static void
on_service_chosen(KioskWindow *self, const char *service_id)
{
  kiosk_case_flow_start(self->case_flow, service_id);
}

static void
on_menu_say(KioskWindow *self, const char *text)
{
  say(self, text);
}

static void
on_help_clicked(KioskWindow *self)
{
  kiosk_window_help_open(self);
}

static void
on_finish(KioskWindow *self)
{
  kiosk_window_end_session(self, "finished");
}

static void
on_flow_say(KioskCaseFlow *flow, const char *sentence, KioskWindow *self)
{
  say(self, sentence);
}

static void
on_flow_show_page(KioskCaseFlow *flow, const char *name, KioskWindow *self)
{
  show_page(self, name);
}

static void
on_flow_ended(KioskCaseFlow *flow, const char *why, KioskWindow *self)
{
  kiosk_window_end_session(self, why);
}

static const char *
application_text(const AnyiText *text, gpointer app)
{
  return kiosk_application_text(app, text);
}

static void
make_case_flow(KioskWindow *self)
{
  KioskCaseFlowSetup setup = {
      .kiosk = self->kiosk,
      .pages = self->pages,
      .card_page = self->card_page,
      .result_page = self->result_page,
      .finish_page = self->finish_page,
      .text = application_text,
      .text_data = self->app,
      .english = g_str_equal(kiosk_application_get_language(self->app), "en"),
  };

  self->case_flow = kiosk_case_flow_new(&setup);
  g_signal_connect(self->case_flow, "say", G_CALLBACK(on_flow_say), self);
  g_signal_connect(self->case_flow, "show-page", G_CALLBACK(on_flow_show_page), self);
  g_signal_connect(self->case_flow, "ended", G_CALLBACK(on_flow_ended), self);
}

/* ---- header ---- */

static void
on_large_text_toggled(KioskWindow *self)
{
  gboolean on = gtk_toggle_button_get_active(self->large_text_button);

  /* on is said in words, not by the button's colour alone */
  gtk_button_set_label(GTK_BUTTON(self->large_text_button), on ? _("大字模式 ✓") : _("大字模式"));
  if (on)
    gtk_widget_add_css_class(GTK_WIDGET(self), "large-text");
  else
    gtk_widget_remove_css_class(GTK_WIDGET(self), "large-text");
}

static void
on_language_clicked(KioskWindow *self)
{
  const char *now = kiosk_application_get_language(self->app);

  kiosk_application_set_language(self->app, g_str_equal(now, "en") ? "zh_CN" : "en");
}

void
kiosk_window_save_place(KioskWindow *self, KioskWindowPlace *place)
{
  *place = (KioskWindowPlace){0};
  place->page = g_strdup(kiosk_window_get_page(self));
  place->large_text = gtk_toggle_button_get_active(self->large_text_button);
  place->searching = kiosk_menu_page_get_search(self->menu_page, &place->typed, &place->composing);
}

/* The citizen goes on where the other language left off: an elderly
 * citizen who switched to English on the search keeps the large text,
 * the letters typed, and the services found (now named in English). */
void
kiosk_window_return_to(KioskWindow *self, const KioskWindowPlace *place)
{
  gtk_toggle_button_set_active(self->large_text_button, place->large_text);
  if (g_strcmp0(place->page, "menu") != 0)
    return;
  show_page(self, "menu");
  if (place->searching)
    kiosk_menu_page_open_search(self->menu_page, place->typed, place->composing);
  else
    say(self, _("请选择您要办理的事项"));
}

void
kiosk_window_place_clear(KioskWindowPlace *place)
{
  g_clear_pointer(&place->page, g_free);
  g_clear_pointer(&place->typed, g_free);
  g_clear_pointer(&place->composing, g_free);
}

/* Leaving a case wipes what the citizen filled in: asked once, in plain
 * words, before anything is lost. Outside a case nothing is lost. */
static void
on_home_clicked(KioskWindow *self)
{
  if (!kiosk_case_flow_in_case(self->case_flow)) {
    kiosk_window_end_session(self, "home");
    return;
  }
  gtk_widget_set_visible(self->leave_prompt, TRUE);
  say(self, _("要放弃这次办理吗？已填的内容会被清除。"));
}

static void
on_leave_cancelled(KioskWindow *self)
{
  gtk_widget_set_visible(self->leave_prompt, FALSE);
}

static void
on_leave_confirmed(KioskWindow *self)
{
  kiosk_window_end_session(self, "home");
}

/* ---- staff mode ---- */

static void
on_staff_exit(KioskStaffPage *page, KioskWindow *self)
{
  if (kiosk_window_help_leave_staff(self))
    return;
  kiosk_window_end_session(self, "staff-exit");
}

void
kiosk_window_open_staff(KioskWindow *self)
{
  if (!self->staff_page) {
    self->staff_page = g_object_new(KIOSK_TYPE_STAFF_PAGE, NULL);
    gtk_stack_add_named(self->pages, GTK_WIDGET(self->staff_page), "staff");
    g_signal_connect(self->staff_page, "exit", G_CALLBACK(on_staff_exit), self);
    kiosk_window_help_watch_staff(self);
  }
  kiosk_staff_page_start(self->staff_page, self->kiosk,
                         g_str_equal(kiosk_application_get_language(self->app), "en"));
  show_page(self, "staff");
}

/* Staff hold the hall's name for three seconds: hidden from citizens, no
 * keyboard needed, and only from the attract screen, never in a case, or
 * from the out-of-service screen to see why (when staff can sign in: the
 * store is open). (GtkGestureLongPress waits one second at most.) */
#define STAFF_HOLD_SECONDS 3

static gboolean
on_staff_hold_done(gpointer data)
{
  KioskWindow *self = data;

  self->staff_hold_id = 0;
  if (g_str_equal(kiosk_window_get_page(self), "attract") ||
      (g_str_equal(kiosk_window_get_page(self), "out-of-service") &&
       anyi_kiosk_get_store(self->kiosk)))
    kiosk_window_open_staff(self);
  return G_SOURCE_REMOVE;
}

static void
on_hall_pressed(GtkGestureClick *gesture, int n_press, double x, double y, KioskWindow *self)
{
  g_clear_handle_id(&self->staff_hold_id, g_source_remove);
  self->staff_hold_id = g_timeout_add_seconds(STAFF_HOLD_SECONDS, on_staff_hold_done, self);
}

static void
on_hall_let_go(KioskWindow *self)
{
  g_clear_handle_id(&self->staff_hold_id, g_source_remove);
}

static void
install_staff_gesture(KioskWindow *self)
{
  GtkGesture *hold = gtk_gesture_click_new();

  g_signal_connect(hold, "pressed", G_CALLBACK(on_hall_pressed), self);
  g_signal_connect_swapped(hold, "released", G_CALLBACK(on_hall_let_go), self);
  g_signal_connect_swapped(hold, "cancel", G_CALLBACK(on_hall_let_go), self);
  gtk_widget_add_controller(GTK_WIDGET(self->hall_name), GTK_EVENT_CONTROLLER(hold));
}

/* ---- life cycle ---- */

void
kiosk_window_end_session(KioskWindow *self, const char *why)
{
  AnyiSpeech *speech = anyi_kiosk_get_speech(self->kiosk);

  if (speech)
    anyi_speech_stop(speech);
  gtk_widget_set_visible(self->leave_prompt, FALSE);
  kiosk_window_help_end_session(self);
  kiosk_case_flow_end(self->case_flow, why);
  kiosk_window_devices_end_session(self);
  kiosk_window_card_first_end_session(self);
  kiosk_lockdown_forget_clipboard(GTK_WIDGET(self));
  show_page(self, "attract");
  kiosk_card_page_reset(self->card_page);
  kiosk_result_page_reset(self->result_page);
  kiosk_finish_page_reset(self->finish_page);
  if (self->staff_page)
    kiosk_staff_page_sign_out(self->staff_page, why);
  gtk_toggle_button_set_active(self->large_text_button, FALSE);
  kiosk_window_refresh_availability(self);
}

void
kiosk_window_set_idle_times(KioskWindow *self, int timeout_s, int grace_s)
{
  kiosk_idle_set_times(self->idle, timeout_s, grace_s);
}

void
kiosk_window_allow_close(KioskWindow *self)
{
  kiosk_lockdown_release(GTK_WINDOW(self));
}

static void
kiosk_window_dispose(GObject *object)
{
  KioskWindow *self = KIOSK_WINDOW(object);

  if (self->kiosk)
    kiosk_window_unwatch_devices(self);
  /* now, while the pages it plays on are still there */
  if (self->case_flow)
    g_object_run_dispose(G_OBJECT(self->case_flow));
  g_clear_object(&self->case_flow);
  g_clear_handle_id(&self->staff_hold_id, g_source_remove);
  kiosk_window_help_dispose(self);
  g_clear_handle_id(&self->clock_id, g_source_remove);
  if (self->clicked_hook) {
    g_signal_remove_emission_hook(g_signal_lookup("clicked", GTK_TYPE_BUTTON), self->clicked_hook);
    self->clicked_hook = 0;
  }
  g_clear_pointer(&self->idle, kiosk_idle_free);
  gtk_widget_dispose_template(GTK_WIDGET(self), KIOSK_TYPE_WINDOW);
  G_OBJECT_CLASS(kiosk_window_parent_class)->dispose(object);
}

static void
on_first_paint(GdkFrameClock *clock, KioskWindow *self)
{
  g_signal_handlers_disconnect_by_func(clock, on_first_paint, self);
  /* The benchmark's cold-start figure ends at this line. */
  g_info("ui: first frame painted");
}

static void
on_realize(KioskWindow *self)
{
  g_signal_connect(gtk_widget_get_frame_clock(GTK_WIDGET(self)), "after-paint",
                   G_CALLBACK(on_first_paint), self);
}

static void
kiosk_window_class_init(KioskWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS(klass);

  G_OBJECT_CLASS(klass)->dispose = kiosk_window_dispose;
  g_type_ensure(KIOSK_TYPE_ATTRACT_PAGE);
  g_type_ensure(KIOSK_TYPE_MENU_PAGE);
  g_type_ensure(KIOSK_TYPE_CARD_PAGE);
  g_type_ensure(KIOSK_TYPE_RESULT_PAGE);
  g_type_ensure(KIOSK_TYPE_FINISH_PAGE);
  gtk_widget_class_set_template_from_resource(widget_class, "/cn/anyi/kiosk/shell/kiosk-window.ui");
#define BIND(name) gtk_widget_class_bind_template_child(widget_class, KioskWindow, name)
  BIND(pages);
  BIND(hall_name);
  BIND(clock);
  BIND(language_button);
  BIND(large_text_button);
  BIND(help_button);
  BIND(footer);
  BIND(idle_prompt);
  BIND(leave_prompt);
  BIND(idle_countdown);
  BIND(attract_page);
  BIND(menu_page);
  BIND(card_page);
  BIND(result_page);
  BIND(finish_page);
#undef BIND
  gtk_widget_class_bind_template_callback(widget_class, on_large_text_toggled);
  gtk_widget_class_bind_template_callback(widget_class, on_language_clicked);
  gtk_widget_class_bind_template_callback(widget_class, on_home_clicked);
  gtk_widget_class_bind_template_callback(widget_class, on_leave_cancelled);
  gtk_widget_class_bind_template_callback(widget_class, on_leave_confirmed);
  gtk_widget_class_bind_template_callback(widget_class, on_more_time_clicked);
  gtk_widget_class_bind_template_callback(widget_class, on_repeat_clicked);
  gtk_widget_class_bind_template_callback(widget_class, on_attract_start);
  gtk_widget_class_bind_template_callback(widget_class, on_service_chosen);
  gtk_widget_class_bind_template_callback(widget_class, on_menu_say);
  gtk_widget_class_bind_template_callback(widget_class, on_finish);
  gtk_widget_class_bind_template_callback(widget_class, on_help_clicked);
  gtk_widget_class_install_action(widget_class, "kiosk.keep-alive", NULL, on_keep_alive);
}

static void
kiosk_window_init(KioskWindow *self)
{
  GtkEventController *input = gtk_event_controller_legacy_new();

  gtk_widget_init_template(GTK_WIDGET(self));
  kiosk_a11y_track_stack(self->pages);
  g_signal_connect(self, "realize", G_CALLBACK(on_realize), NULL);
  self->idle = kiosk_idle_new(&idle_handlers, self);
  gtk_event_controller_set_propagation_phase(input, GTK_PHASE_CAPTURE);
  g_signal_connect(input, "event", G_CALLBACK(on_any_input), self);
  gtk_widget_add_controller(GTK_WIDGET(self), input);
  watch_button_presses(self);
  kiosk_lockdown_install(GTK_WINDOW(self));
  install_staff_gesture(self);
}

KioskWindow *
kiosk_window_new(KioskApplication *app)
{
  KioskWindow *self = g_object_new(KIOSK_TYPE_WINDOW, "application", app, NULL);
  AnyiKiosk *kiosk = kiosk_application_get_kiosk(app);
  AnyiSettings *settings = anyi_kiosk_get_settings(kiosk);

  self->app = app;
  self->kiosk = kiosk;
  if (g_getenv("ANYI_SCREENSHOT_DIR")) {
    snapshot_inner_steps(self, GTK_WIDGET(self->card_page));
    snapshot_inner_steps(self, GTK_WIDGET(self->finish_page));
  }
  kiosk_idle_set_times(self->idle, settings->idle_timeout_s, settings->idle_grace_s);
  gtk_label_set_text(self->hall_name, settings->hall_name);
  gtk_button_set_label(GTK_BUTTON(self->language_button),
                       g_str_equal(kiosk_application_get_language(app), "en") ? "中文" : "English");
  update_clock(self);
  make_case_flow(self);
  self->out_of_service_page = g_object_new(KIOSK_TYPE_OUT_OF_SERVICE_PAGE, NULL);
  gtk_stack_add_named(self->pages, GTK_WIDGET(self->out_of_service_page), "out-of-service");
  kiosk_window_help_init(self);
  kiosk_window_watch_devices(self);
  self->reader_ok = TRUE;
  kiosk_window_fill_menu(self);
  kiosk_window_refresh_availability(self);
  gtk_window_fullscreen(GTK_WINDOW(self));
  show_page(self, "attract");
  kiosk_window_follow_health(self);
  return self;
}
