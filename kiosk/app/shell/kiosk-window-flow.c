/* kiosk-window-flow.c: the citizen's way through the pages.
 *
 * attract -> menu -> card -> result -> finish, with every step persisted by
 * the case engine before the next page shows, and every way out that is not
 * "done" ending in a handoff to the hall's window. */
#include "kiosk-window-private.h"
#include "log/anyi-log.h"

#include <glib/gi18n-lib.h>

#define MAX_CARD_RETRIES 3

static AnyiStore *
store_of(KioskWindow *self)
{
  return anyi_kiosk_get_store(self->kiosk);
}

static AnyiSettings *
settings_of(KioskWindow *self)
{
  return anyi_kiosk_get_settings(self->kiosk);
}

static char *
now_text(void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local();
  return g_date_time_format(now, "%Y-%m-%d %H:%M");
}

static const char *
service_name(KioskWindow *self)
{
  const AnyiService *service = anyi_catalogue_lookup(anyi_kiosk_get_catalogue(self->kiosk),
                                                     anyi_case_get_service_id(self->session->kase));

  return service ? kiosk_application_text(self->app, &service->names)
                 : anyi_case_get_service_id(self->session->kase);
}

/* ---- what the finish page says ---- */

static void
show_handoff(KioskWindow *self, const char *reason, const char *number, gboolean slip_printed)
{
  const char *window = settings_of(self)->handoff_window;
  g_autofree char *spoken = NULL;

  kiosk_finish_page_show_handoff(self->finish_page, window, reason, number, slip_printed);
  spoken = g_strdup_printf(_("请到 %s 继续办理。业务编号 %s。%s"), window, number, reason);
  kiosk_window_say(self, spoken);
}

static void
show_printing(KioskWindow *self)
{
  kiosk_finish_page_show_printing(self->finish_page);
  kiosk_window_say(self, _("正在打印，请稍候……"));
}

static void
show_done(KioskWindow *self, gboolean receipt_printed)
{
  kiosk_finish_page_show_done(self->finish_page, anyi_case_get_number(self->session->kase),
                              receipt_printed);
  kiosk_window_say(self, receipt_printed ? _("办理完成。请从下方出纸口取走您的回执。")
                                         : _("办理完成，谢谢您的使用。"));
}

/* ---- handoff ---- */

static void
add_collected(JsonArray *collected, const char *name, const char *how)
{
  JsonObject *item = json_object_new();

  json_object_set_string_member(item, "name", name);
  json_object_set_string_member(item, "how", how);
  json_array_add_object_element(collected, item);
}

/* What the window needs to carry on without asking the citizen again. */
static JsonObject *
slip_data(KioskWindow *self, AnyiHandoffReason reason, const char *todo)
{
  AnyiCase *kase = self->session->kase;
  JsonObject *data = json_object_new();
  JsonArray *collected = json_array_new();
  JsonArray *todos = json_array_new();
  g_autofree char *time = now_text();

  json_object_set_string_member(data, "hall", settings_of(self)->hall_name);
  json_object_set_string_member(data, "case_number", anyi_case_get_number(kase));
  json_object_set_string_member(data, "window", settings_of(self)->handoff_window);
  json_object_set_string_member(data, "reason", anyi_handoff_reason_describe(reason));
  json_object_set_string_member(data, "service", service_name(self));
  json_object_set_string_member(data, "time", time);
  json_object_set_string_member(data, "kiosk_id", settings_of(self)->kiosk_id);
  if (self->session->card) {
    g_autofree char *masked = anyi_id_number_mask(self->session->card->id_number);
    g_autofree char *line = g_strdup_printf(_("身份证 %s"), masked);
    add_collected(collected, line, _("自助机读卡，已核验"));
  }
  if (self->session->progress) {
    g_autofree char *line = g_strdup_printf(
        _("办证进度：%s"), anyi_id_progress_stage_label(self->session->progress->stage));
    add_collected(collected, line, _("已向后台查询"));
  }
  if (todo)
    json_array_add_string_element(todos, todo);
  json_object_set_array_member(data, "collected", collected);
  json_object_set_array_member(data, "todo", todos);
  return data;
}

static void
on_slip_printed(GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(KioskWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  gboolean printed = anyi_kiosk_print_finish(self->kiosk, result, &error);
  AnyiCase *kase = self->session->kase;

  if (!printed)
    g_warning("handoff: slip for case %s not printed: %s", kase ? anyi_case_get_number(kase) : "?",
              error->message);
  if (!kase)
    return;
  show_handoff(self, g_object_get_data(G_OBJECT(self), "handoff-reason"),
               anyi_case_get_number(kase), printed);
}

/* Ends the case at the window with everything collected, prints the slip on
 * the A4 printer, and tells the citizen where to go. */
static void
hand_off(KioskWindow *self, AnyiHandoffReason reason, const char *detail, const char *todo)
{
  AnyiCase *kase = self->session->kase;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) data = NULL;

  if (!kase ||
      !anyi_case_hand_off(kase, reason, detail, settings_of(self)->handoff_window, &error)) {
    if (error)
      g_warning("handoff: %s", error->message);
    show_handoff(self, anyi_handoff_reason_describe(reason),
                 kase ? anyi_case_get_number(kase) : "—", FALSE);
    kiosk_window_show_page(self, "finish");
    return;
  }
  g_object_set_data_full(G_OBJECT(self), "handoff-reason",
                         g_strdup(anyi_handoff_reason_describe(reason)), g_free);
  data = slip_data(self, reason, todo);
  show_printing(self);
  kiosk_window_show_page(self, "finish");
  anyi_kiosk_print_async(self->kiosk, kase, "handoff-slip", ANYI_PRINTER_ROLE_A4, data, NULL,
                         on_slip_printed, g_object_ref(self));
}

/* ---- attract and menu ---- */

static void
on_attract_start(KioskWindow *self)
{
  kiosk_window_show_page(self, "menu");
  kiosk_window_say(self, _("请选择您要办理的事项"));
}

/* The progress query asks the back office directly; every other service
 * is played by the case engine (kiosk-window-runner.c). */
#define PROGRESS_QUERY "idcard-progress-query"

static gboolean
has_case(KioskWindow *self)
{
  return self->session->kase || kiosk_window_runner_active(self);
}

/* Every service starts by reading the citizen's card: with the reader out,
 * each says so rather than failing halfway. */
void
kiosk_window_flow_fill_menu(KioskWindow *self)
{
  AnyiCatalogue *catalogue = anyi_kiosk_get_catalogue(self->kiosk);

  kiosk_menu_page_clear(self->menu_page);
  for (guint i = 0; i < anyi_catalogue_get_n_services(catalogue); i++) {
    const AnyiService *service = anyi_catalogue_get_service(catalogue, i);
    const char *unavailable = self->reader_ok ? NULL : _("读卡器暂停使用，请到窗口");

    kiosk_menu_page_add_service(self->menu_page, service->id,
                                kiosk_application_text(self->app, &service->names),
                                kiosk_application_text(self->app, &service->prompt), unavailable);
  }
}

static void
start_card_step(KioskWindow *self)
{
  AnyiIdcardMonitor *idcard = anyi_kiosk_get_idcard(self->kiosk);

  kiosk_card_page_show_waiting(self->card_page);
  kiosk_window_show_page(self, "card");
  kiosk_window_say(self, _("请把身份证平放在下方的读卡区"));
  if (idcard)
    anyi_idcard_monitor_start(idcard);
}

static void
on_service_chosen(KioskWindow *self, const char *service_id)
{
  g_autoptr(GError) error = NULL;

  kiosk_session_wipe(self->session);
  self->session->service_id = g_strdup(service_id);
  if (!g_str_equal(service_id, PROGRESS_QUERY)) {
    kiosk_window_runner_start(self, service_id);
    return;
  }
  self->session->kase =
      anyi_case_start(store_of(self), service_id, settings_of(self)->kiosk_letter, &error);
  if (!self->session->kase) {
    g_critical("case: cannot start %s: %s", service_id, error->message);
    kiosk_window_end_session(self, "store-failure");
    return;
  }
  start_card_step(self);
}

/* ---- card ---- */

static void
show_card_error(KioskWindow *self, const char *sentence, KioskCardActions actions)
{
  kiosk_card_page_show_error(self->card_page, sentence, actions);
  kiosk_window_say(self, sentence);
}

static void
check_card(const AnyiIdCard *card, AnyiIdCardChecks *checks)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local();
  GDate today;

  g_date_clear(&today, 1);
  g_date_set_dmy(&today, g_date_time_get_day_of_month(now), g_date_time_get_month(now),
                 g_date_time_get_year(now));
  anyi_id_card_check(card, &today, checks);
}

static const char *
expiry_note(const AnyiIdCardChecks *checks)
{
  if (!checks->not_expired)
    return _("您的证件已过有效期，可以办理换领。");
  if (!checks->not_expiring_soon)
    return _("您的证件将在 90 天内到期，可以办理换领。");
  return NULL;
}

static void
on_card_read(AnyiIdcardMonitor *monitor, AnyiIdCard *card, KioskWindow *self)
{
  if (!g_str_equal(kiosk_window_get_page(self), "card") || !has_case(self))
    return;
  AnyiIdCardChecks checks;

  anyi_idcard_monitor_stop(monitor);
  check_card(card, &checks);
  /* A number that fails its check digit or disagrees with the card is a
   * damaged or altered card: a person must look at it. */
  if (checks.number_checks_apply &&
      !(checks.id_checksum && checks.birth_matches && checks.sex_matches)) {
    g_warning("idcard: card fails its number checks (checksum %d, birth %d, sex %d)",
              checks.id_checksum, checks.birth_matches, checks.sex_matches);
    show_card_error(self, _("证件信息核对未通过，请到窗口办理。"), KIOSK_CARD_ACTION_WINDOW);
    return;
  }
  g_clear_pointer(&self->session->card, anyi_id_card_free);
  self->session->card = anyi_id_card_copy(card);
  kiosk_card_page_show_card(self->card_page, card, expiry_note(&checks));
  kiosk_window_say(self, _("请核对：这是您本人的证件吗？"));
}

static void
on_card_reading(AnyiIdcardMonitor *monitor, GParamSpec *pspec, KioskWindow *self)
{
  if (g_str_equal(kiosk_window_get_page(self), "card") &&
      anyi_idcard_monitor_get_state(monitor) == ANYI_IDCARD_READER_STATE_READING) {
    kiosk_card_page_show_reading(self->card_page);
    kiosk_window_say(self, _("正在读取，请不要移动证件……"));
  }
  kiosk_window_refresh_availability(self);
}

/* The engine counts the failed reads of its case and decides when the
 * window takes over; a card or reader the citizen cannot fix goes there
 * at once, with what was collected. */
static void
on_runner_card_failed(KioskWindow *self, AnyiIdcardMonitor *monitor, GError *error)
{
  gboolean retry = g_error_matches(error, ANYI_IDCARD_ERROR, ANYI_IDCARD_ERROR_RETRY);

  if (!retry)
    anyi_idcard_monitor_stop(monitor);
  kiosk_window_runner_card_failed(self, error->message, retry);
  if (retry && g_str_equal(kiosk_window_get_page(self), "card"))
    show_card_error(self, _("没有读到证件。请把证件平放在读卡区，放稳后不要移动。"),
                    KIOSK_CARD_ACTION_RETRY | KIOSK_CARD_ACTION_WINDOW);
}

static void
on_card_failed(AnyiIdcardMonitor *monitor, GError *error, KioskWindow *self)
{
  AnyiCase *kase = self->session->kase;

  if (!g_str_equal(kiosk_window_get_page(self), "card") || !has_case(self))
    return;
  if (kiosk_window_runner_active(self)) {
    on_runner_card_failed(self, monitor, error);
    return;
  }
  anyi_store_case_note(store_of(self), anyi_case_get_id(kase), "card-read-failed", error->message,
                       NULL);
  if (g_error_matches(error, ANYI_IDCARD_ERROR, ANYI_IDCARD_ERROR_RETRY)) {
    if (++self->session->card_failures >= MAX_CARD_RETRIES) {
      anyi_idcard_monitor_stop(monitor);
      hand_off(self, ANYI_HANDOFF_TOO_MANY_TRIES, error->message, _("读取身份证并完成查询"));
      return;
    }
    show_card_error(self, _("没有读到证件。请把证件平放在读卡区，放稳后不要移动。"),
                    KIOSK_CARD_ACTION_RETRY | KIOSK_CARD_ACTION_WINDOW);
    return;
  }
  anyi_idcard_monitor_stop(monitor);
  if (g_error_matches(error, ANYI_IDCARD_ERROR, ANYI_IDCARD_ERROR_UNREADABLE))
    show_card_error(self, _("这张证件在自助机上读不出来，请到窗口办理。"),
                    KIOSK_CARD_ACTION_WINDOW);
  else
    show_card_error(self, _("读卡器暂时不能使用，我们已通知工作人员。请到窗口办理。"),
                    KIOSK_CARD_ACTION_WINDOW);
}

static void
on_card_retry(KioskWindow *self)
{
  g_clear_pointer(&self->session->card, anyi_id_card_free);
  start_card_step(self);
}

static void
on_card_go_to_window(KioskWindow *self)
{
  if (kiosk_window_runner_active(self)) {
    kiosk_window_runner_help(self);
    return;
  }
  hand_off(self, ANYI_HANDOFF_CITIZEN_ASKED, "from the card step", _("读取身份证并完成查询"));
}

/* The minimum the case needs: who (for the window) and what was asked. */
static void
record_card(JsonObject *data, const AnyiIdCard *card)
{
  json_object_set_string_member(data, "card_type", anyi_id_card_type_to_string(card->card_type));
  json_object_set_string_member(data, "name", card->name ? card->name : card->english_name);
  json_object_set_string_member(data, "id_number", card->id_number);
}

static void
show_result(KioskWindow *self)
{
  g_autofree char *receipt_problem =
      anyi_kiosk_printer_problem(self->kiosk, ANYI_PRINTER_ROLE_RECEIPT);

  kiosk_result_page_show_progress(self->result_page, anyi_case_get_number(self->session->kase),
                                  self->session->progress);
  kiosk_result_page_set_receipt_available(
      self->result_page,
      receipt_problem ? _("回执打印机暂停使用：点“打印回执”，我们为您转到窗口领取回执。") : NULL);
  kiosk_window_show_page(self, "result");
  {
    g_autofree char *spoken = g_strdup_printf(
        _("办理进度：%s"), anyi_id_progress_stage_label(self->session->progress->stage));
    kiosk_window_say(self, spoken);
  }
}

static void
on_card_confirmed(KioskWindow *self)
{
  AnyiCase *kase = self->session->kase;
  g_autoptr(GError) error = NULL;
  JsonObject *data;

  if (kiosk_window_runner_active(self)) {
    kiosk_window_runner_card_confirmed(self, self->session->card);
    return;
  }
  data = anyi_case_get_data(kase);
  record_card(data, self->session->card);
  if (!anyi_case_advance(kase, ANYI_CASE_COLLECTING, "card-read", NULL, &error)) {
    g_critical("case %s: %s", anyi_case_get_number(kase), error->message);
    hand_off(self, ANYI_HANDOFF_DEVICE_FAILURE, error->message, _("完成查询"));
    return;
  }
  self->session->progress = anyi_hall_query_id_progress(anyi_kiosk_get_hall(self->kiosk),
                                                        self->session->card->id_number, &error);
  if (!self->session->progress) {
    g_warning("hall: progress query failed: %s", error->message);
    hand_off(self, ANYI_HANDOFF_DEVICE_FAILURE, error->message, _("完成查询"));
    return;
  }
  json_object_set_string_member(data, "progress",
                                anyi_id_progress_stage_to_string(self->session->progress->stage));
  if (!anyi_case_advance(kase, ANYI_CASE_REVIEWING, "result-shown", NULL, &error)) {
    g_critical("case %s: %s", anyi_case_get_number(kase), error->message);
    hand_off(self, ANYI_HANDOFF_DEVICE_FAILURE, error->message, _("完成查询"));
    return;
  }
  show_result(self);
}

/* ---- result and receipt ---- */

static JsonObject *
receipt_data(KioskWindow *self)
{
  AnyiIdProgress *progress = self->session->progress;
  JsonObject *data = json_object_new();
  JsonArray *results = json_array_new();
  g_autofree char *time = now_text();
  g_autofree char *masked = anyi_id_number_mask(self->session->card->id_number);
  g_autofree char *stage =
      g_strdup_printf(_("办理进度：%s"), anyi_id_progress_stage_label(progress->stage));

  json_object_set_string_member(data, "hall", settings_of(self)->hall_name);
  json_object_set_string_member(data, "case_number", anyi_case_get_number(self->session->kase));
  json_object_set_string_member(data, "service", service_name(self));
  json_object_set_string_member(data, "applicant", masked);
  json_object_set_string_member(data, "time", time);
  json_object_set_string_member(data, "kiosk_id", settings_of(self)->kiosk_id);
  json_array_add_string_element(results, stage);
  if (progress->application)
    json_array_add_string_element(results, progress->application);
  if (progress->expected_on) {
    g_autofree char *line = g_strdup_printf(_("预计制好：%s"), progress->expected_on);
    json_array_add_string_element(results, line);
  }
  json_object_set_array_member(data, "results", results);
  if (progress->pickup_place)
    json_object_set_string_member(data, "next_step", progress->pickup_place);
  return data;
}

static void
on_receipt_printed(GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(KioskWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  AnyiCase *kase = self->session->kase;

  if (!kase)
    return;
  if (!anyi_kiosk_print_finish(self->kiosk, result, &error)) {
    g_warning("case %s: receipt not printed: %s", anyi_case_get_number(kase), error->message);
    hand_off(self, ANYI_HANDOFF_DEVICE_FAILURE, error->message, _("打印办证进度回执"));
    return;
  }
  if (!anyi_case_advance(kase, ANYI_CASE_SUBMITTED, "receipt-printed", NULL, &error))
    g_warning("case %s: %s", anyi_case_get_number(kase), error->message);
  show_done(self, TRUE);
}

static void
on_result_print(KioskWindow *self)
{
  g_autofree char *problem = anyi_kiosk_printer_problem(self->kiosk, ANYI_PRINTER_ROLE_RECEIPT);
  g_autoptr(JsonObject) data = NULL;

  if (problem) {
    g_autofree char *detail = g_strdup_printf("receipt printer: %s", problem);
    hand_off(self, ANYI_HANDOFF_DEVICE_FAILURE, detail, _("打印办证进度回执"));
    return;
  }
  data = receipt_data(self);
  show_printing(self);
  kiosk_window_show_page(self, "finish");
  anyi_kiosk_print_async(self->kiosk, self->session->kase, "receipt", ANYI_PRINTER_ROLE_RECEIPT,
                         data, NULL, on_receipt_printed, g_object_ref(self));
}

static void
on_result_finish(KioskWindow *self)
{
  AnyiCase *kase = self->session->kase;
  g_autoptr(GError) error = NULL;

  if (!anyi_case_advance(kase, ANYI_CASE_SUBMITTED, "answered-on-screen", NULL, &error))
    g_warning("case %s: %s", anyi_case_get_number(kase), error->message);
  show_done(self, FALSE);
  kiosk_window_show_page(self, "finish");
}

static void
on_finish(KioskWindow *self)
{
  kiosk_window_end_session(self, "finished");
}

static void
on_help_clicked(KioskWindow *self)
{
  if (kiosk_window_runner_active(self)) {
    kiosk_window_runner_help(self);
    if (g_str_equal(kiosk_window_get_page(self), "finish"))
      return;
  }
  if (self->session->kase && !anyi_case_state_is_final(anyi_case_get_state(self->session->kase))) {
    hand_off(self, ANYI_HANDOFF_CITIZEN_ASKED, "help button", _("了解需要帮助的事项"));
    return;
  }
  show_handoff(self, _("工作人员会来帮您，您也可以直接到窗口咨询。"), "—", FALSE);
  kiosk_window_show_page(self, "finish");
}

/* ---- ending ---- */

/* A case the citizen walked away from keeps what they gave if it got past
 * the start: the window can finish it without asking again. */
void
kiosk_window_flow_end(KioskWindow *self, const char *why)
{
  AnyiCase *kase = self->session->kase;
  AnyiIdcardMonitor *idcard = anyi_kiosk_get_idcard(self->kiosk);
  g_autoptr(GError) error = NULL;

  if (idcard)
    anyi_idcard_monitor_stop(idcard);
  kiosk_window_runner_end(self, why);
  if (!kase || anyi_case_state_is_final(anyi_case_get_state(kase)))
    return;
  if (g_str_equal(why, "timeout") && anyi_case_get_state(kase) != ANYI_CASE_STARTED) {
    if (!anyi_case_hand_off(kase, ANYI_HANDOFF_TIMEOUT, "no answer to the idle prompt",
                            settings_of(self)->handoff_window, &error))
      g_warning("case %s: %s", anyi_case_get_number(kase), error->message);
    return;
  }
  if (!anyi_case_advance(kase, ANYI_CASE_ABANDONED, why, NULL, &error))
    g_warning("case %s: %s", anyi_case_get_number(kase), error->message);
}

/* ---- devices ---- */

static gboolean
reader_usable(KioskWindow *self)
{
  AnyiIdcardMonitor *idcard = anyi_kiosk_get_idcard(self->kiosk);
  AnyiIdcardReaderState state =
      idcard ? anyi_idcard_monitor_get_state(idcard) : ANYI_IDCARD_READER_STATE_NONE;

  return state != ANYI_IDCARD_READER_STATE_NONE && state != ANYI_IDCARD_READER_STATE_FAULT;
}

/* What the kiosk cannot do right now, said on the attract screen before a
 * citizen starts, rather than discovered halfway. */
void
kiosk_window_refresh_availability(KioskWindow *self)
{
  gboolean reader_ok = reader_usable(self);
  g_autofree char *receipt_problem =
      anyi_kiosk_printer_problem(self->kiosk, ANYI_PRINTER_ROLE_RECEIPT);
  GString *notice = g_string_new(NULL);

  if (!reader_ok)
    g_string_append(notice, _("身份证读卡器暂时不能使用，需要刷证的业务请到窗口办理。"));
  if (receipt_problem)
    g_string_append_printf(notice, "%s%s", notice->len ? "\n" : "",
                           _("回执打印机暂停使用，办理结果可在屏幕上查看，需要回执请到窗口领取。"));
  kiosk_attract_page_set_notice(self->attract_page, notice->len ? notice->str : NULL);
  g_string_free(notice, TRUE);
  if (reader_ok != self->reader_ok) {
    self->reader_ok = reader_ok;
    kiosk_window_flow_fill_menu(self);
  }
}

static void
on_printer_changed(AnyiPrinterWatch *watch, AnyiPrinterStatus *status, KioskWindow *self)
{
  kiosk_window_refresh_availability(self);
}

void
kiosk_window_flow_connect_devices(KioskWindow *self)
{
  AnyiIdcardMonitor *idcard = anyi_kiosk_get_idcard(self->kiosk);

  for (AnyiPrinterRole role = 0; role < ANYI_PRINTER_NUM_ROLES; role++)
    g_signal_connect_object(anyi_kiosk_get_printer_watch(self->kiosk, role), "changed",
                            G_CALLBACK(on_printer_changed), self, 0);
  if (!idcard)
    return;
  self->idcard_handlers[0] = g_signal_connect(idcard, "card-read", G_CALLBACK(on_card_read), self);
  self->idcard_handlers[1] =
      g_signal_connect(idcard, "read-failed", G_CALLBACK(on_card_failed), self);
  self->idcard_handlers[2] =
      g_signal_connect(idcard, "notify::state", G_CALLBACK(on_card_reading), self);
}

void
kiosk_window_flow_disconnect_devices(KioskWindow *self)
{
  AnyiIdcardMonitor *idcard = self->kiosk ? anyi_kiosk_get_idcard(self->kiosk) : NULL;

  for (guint i = 0; idcard && i < G_N_ELEMENTS(self->idcard_handlers); i++)
    g_clear_signal_handler(&self->idcard_handlers[i], idcard);
}

void
kiosk_window_flow_bind(GtkWidgetClass *widget_class)
{
  gtk_widget_class_bind_template_callback(widget_class, on_attract_start);
  gtk_widget_class_bind_template_callback(widget_class, on_service_chosen);
  gtk_widget_class_bind_template_callback(widget_class, on_card_confirmed);
  gtk_widget_class_bind_template_callback(widget_class, on_card_retry);
  gtk_widget_class_bind_template_callback(widget_class, on_card_go_to_window);
  gtk_widget_class_bind_template_callback(widget_class, on_result_print);
  gtk_widget_class_bind_template_callback(widget_class, on_result_finish);
  gtk_widget_class_bind_template_callback(widget_class, on_finish);
  gtk_widget_class_bind_template_callback(widget_class, on_help_clicked);
}
