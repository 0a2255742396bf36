/* kiosk-window-runner.c: any service of the catalogue, played by the case
 * engine (AnyiCaseRunner) step by step.
 *
 * The runner decides; this file only shows. After every event the runner
 * has persisted the case, and show_current() asks it what comes next: a
 * step page, the printing of its documents, or the window. Pages are made
 * the first time a service needs them, so the attract screen stays fast. */
#include "cases/anyi-case-print.h"
#include "kiosk-document-page.h"
#include "kiosk-photo-page.h"
#include "kiosk-step-pages.h"
#include "kiosk-window-private.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>

#define PAYMENT_POLL_SECONDS 2

struct _KioskRunnerFlow {
  AnyiCaseRunner *runner;
  guint question;          /* index into the questions step */
  JsonObject *answers;     /* of the questions step on screen */
  char *ineligible_reason; /* what the citizen is told after a "no" that ends it */
  GBytes *photo;           /* the accepted photo, for the confirm page */
  guint payment_poll_id;
  GPtrArray *documents; /* AnyiCaseDocument still to print */
  gboolean all_printed;
  gboolean receipt_missed; /* the citizen gets the case number on screen instead */
  char *printing;          /* the template being printed */
  GtkWidget *pages[6];     /* made on first use, see page_of() */
};

typedef enum {
  PAGE_QUESTION,
  PAGE_FORM,
  PAGE_PAYMENT,
  PAGE_CONFIRM,
  PAGE_PHOTO,
  PAGE_DOCUMENT,
} RunnerPage;

static const char *const page_names[] = {"question", "form",  "payment",
                                         "confirm",  "photo", "document"};

static void show_current(KioskWindow *self);

static KioskRunnerFlow *
flow_of(KioskWindow *self)
{
  if (!self->runner_flow)
    self->runner_flow = g_new0(KioskRunnerFlow, 1);
  return self->runner_flow;
}

static AnyiCaseRunner *
runner_of(KioskWindow *self)
{
  return self->runner_flow ? self->runner_flow->runner : NULL;
}

gboolean
kiosk_window_runner_active(KioskWindow *self)
{
  return runner_of(self) != NULL;
}

static const char *
text_of(KioskWindow *self, const AnyiText *text)
{
  return kiosk_application_text(self->app, text);
}

static gboolean
english(KioskWindow *self)
{
  return g_str_equal(kiosk_application_get_language(self->app), "en");
}

/* ---- pages, made on first use ---- */

static void
on_page_say(GtkWidget *page, const char *sentence, KioskWindow *self)
{
  kiosk_window_say(self, sentence);
}

static void connect_page(KioskWindow *self, RunnerPage which, GtkWidget *page);

static GtkWidget *
page_of(KioskWindow *self, RunnerPage which)
{
  KioskRunnerFlow *flow = flow_of(self);
  static GType (*const types[])(void) = {
      kiosk_question_page_get_type, kiosk_form_page_get_type,  kiosk_payment_page_get_type,
      kiosk_confirm_page_get_type,  kiosk_photo_page_get_type, kiosk_document_page_get_type,
  };

  if (!flow->pages[which]) {
    flow->pages[which] = g_object_new(types[which](), NULL);
    gtk_stack_add_named(self->pages, flow->pages[which], page_names[which]);
    connect_page(self, which, flow->pages[which]);
    g_signal_connect(flow->pages[which], "say", G_CALLBACK(on_page_say), self);
  }
  return flow->pages[which];
}

static void
show_page(KioskWindow *self, RunnerPage which)
{
  page_of(self, which);
  kiosk_window_show_page(self, page_names[which]);
}

/* ---- errors the citizen cannot fix ---- */

/* The store or the engine refused: the case is as persisted, and the
 * citizen goes to the window, which opens it from there. */
static void
engine_failed(KioskWindow *self, const char *doing, GError *error)
{
  AnyiCase *kase = anyi_case_runner_get_case(runner_of(self));
  g_autoptr(GError) again = NULL;

  g_critical("case %s: %s: %s", kase ? anyi_case_get_number(kase) : "-", doing, error->message);
  if (kase && !anyi_case_state_is_final(anyi_case_get_state(kase)))
    anyi_case_runner_device_failed(runner_of(self), "kiosk", error->message, &again);
  show_current(self);
}

#define RUN(self, call, doing)                                                                     \
  G_STMT_START                                                                                     \
  {                                                                                                \
    g_autoptr(GError) run_error = NULL;                                                            \
    if (!(call))                                                                                   \
      engine_failed(self, doing, run_error);                                                       \
    else                                                                                           \
      show_current(self);                                                                          \
  }                                                                                                \
  G_STMT_END

/* ---- questions ---- */

static void
show_question(KioskWindow *self, const AnyiStep *step)
{
  KioskRunnerFlow *flow = flow_of(self);

  kiosk_question_page_show(KIOSK_QUESTION_PAGE(page_of(self, PAGE_QUESTION)),
                           text_of(self, &step->questions[flow->question]->question),
                           flow->question + 1, step->n_questions);
  show_page(self, PAGE_QUESTION);
}

static void
on_answered(KioskQuestionPage *page, gboolean yes, KioskWindow *self)
{
  KioskRunnerFlow *flow = flow_of(self);
  const AnyiStep *step = anyi_case_runner_get_step(flow->runner);
  const AnyiQuestion *question;

  if (!step || step->type != ANYI_STEP_QUESTIONS)
    return;
  question = step->questions[flow->question];
  if (!flow->answers)
    flow->answers = json_object_new();
  json_object_set_boolean_member(flow->answers, question->id, yes);
  if (yes == question->ineligible_answer) {
    g_free(flow->ineligible_reason);
    flow->ineligible_reason = g_strdup(text_of(self, &question->handoff_reason));
  }
  if (++flow->question < step->n_questions) {
    show_question(self, step);
    return;
  }
  g_autoptr(JsonObject) answers = g_steal_pointer(&flow->answers);
  flow->question = 0;
  RUN(self, anyi_case_runner_answer(flow->runner, answers, &run_error), "answers");
}

/* ---- form ---- */

static void
on_form_submitted(KioskFormPage *page, JsonObject *values, KioskWindow *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) problems = NULL;

  if (!anyi_case_runner_form(runner_of(self), values, &problems, &error)) {
    engine_failed(self, "form", error);
    return;
  }
  if (problems && problems->len > 0) {
    kiosk_form_page_show_problems(page, problems, english(self));
    return;
  }
  show_current(self);
}

/* ---- photo and documents ---- */

/* Photos and scans of a case live with its printed documents, readable by
 * the kiosk's user only, until the retention purge. */
static char *
save_capture(KioskWindow *self, const char *what, GBytes *jpeg)
{
  AnyiCase *kase = anyi_case_runner_get_case(runner_of(self));
  const char *dir = anyi_kiosk_get_settings(self->kiosk)->documents_dir;
  g_autofree char *file = g_strdup_printf("%s-%s.jpg", anyi_case_get_number(kase), what);
  g_autofree char *path = g_build_filename(dir, file, NULL);
  g_autoptr(GError) error = NULL;

  if (g_mkdir_with_parents(dir, 0700) != 0 ||
      !g_file_set_contents_full(path, g_bytes_get_data(jpeg, NULL), (gssize)g_bytes_get_size(jpeg),
                                G_FILE_SET_CONTENTS_CONSISTENT, 0600, &error)) {
    g_warning("case %s: cannot keep the %s: %s", anyi_case_get_number(kase), what,
              error ? error->message : g_strerror(errno));
    return NULL;
  }
  return g_steal_pointer(&path);
}

static void
on_photo_accepted(KioskPhotoPage *page, GBytes *jpeg, KioskWindow *self)
{
  g_autofree char *path = save_capture(self, "photo", jpeg);

  kiosk_photo_page_stop(page);
  if (!path) {
    RUN(self,
        anyi_case_runner_device_failed(runner_of(self), "storage", "photo not saved", &run_error),
        "photo");
    return;
  }
  g_clear_pointer(&flow_of(self)->photo, g_bytes_unref);
  flow_of(self)->photo = g_bytes_ref(jpeg);
  RUN(self, anyi_case_runner_photo_taken(runner_of(self), path, &run_error), "photo");
}

static void
on_photo_gave_up(KioskPhotoPage *page, GBytes *best, const char *why, KioskWindow *self)
{
  g_autofree char *path = best ? save_capture(self, "photo-best", best) : NULL;

  kiosk_photo_page_stop(page);
  RUN(self, anyi_case_runner_photo_gave_up(runner_of(self), path, why, &run_error), "photo");
}

static void
on_document_captured(KioskDocumentPage *page, GBytes *jpeg, const char *codes, KioskWindow *self)
{
  const AnyiStep *step = anyi_case_runner_get_step(runner_of(self));
  g_autofree char *what = g_strdup_printf("doc-%s", step->material->id);
  g_autofree char *path = save_capture(self, what, jpeg);

  kiosk_document_page_stop(page);
  if (codes)
    g_info("case: codes on %s: %zu characters", step->material->id, strlen(codes));
  if (!path) {
    RUN(self, anyi_case_runner_material_missing(runner_of(self), step->material->id, &run_error),
        "document");
    return;
  }
  RUN(self,
      anyi_case_runner_document_captured(runner_of(self), step->material->id, path, &run_error),
      "document");
}

static void
on_document_skipped(KioskDocumentPage *page, KioskWindow *self)
{
  const AnyiStep *step = anyi_case_runner_get_step(runner_of(self));

  kiosk_document_page_stop(page);
  RUN(self, anyi_case_runner_material_missing(runner_of(self), step->material->id, &run_error),
      "document");
}

static void
on_device_page_window(GtkWidget *page, KioskWindow *self)
{
  if (KIOSK_IS_PHOTO_PAGE(page))
    kiosk_photo_page_stop(KIOSK_PHOTO_PAGE(page));
  else
    kiosk_document_page_stop(KIOSK_DOCUMENT_PAGE(page));
  RUN(self, anyi_case_runner_ask_help(runner_of(self), &run_error), "help");
}

static void
start_photo(KioskWindow *self, const AnyiStep *step)
{
  AnyiCamera *camera = anyi_kiosk_get_camera(self->kiosk, ANYI_CAMERA_ROLE_FACE);
  AnyiPhotoChecker *checker = anyi_kiosk_get_photo_checker(self->kiosk);
  AnyiCaseRunnerConfig config;

  if (!camera || !checker) {
    RUN(self,
        anyi_case_runner_device_failed(runner_of(self), "camera",
                                       camera ? "no face detection" : "no camera table",
                                       &run_error),
        "photo");
    return;
  }
  anyi_kiosk_get_runner_config(self->kiosk, &config);
  kiosk_photo_page_start(KIOSK_PHOTO_PAGE(page_of(self, PAGE_PHOTO)), camera, checker,
                         text_of(self, &step->prompt), config.max_photo_tries, english(self));
  show_page(self, PAGE_PHOTO);
}

static void
start_document(KioskWindow *self, const AnyiStep *step)
{
  AnyiCamera *camera = anyi_kiosk_get_camera(self->kiosk, ANYI_CAMERA_ROLE_DOCUMENT);
  const AnyiMaterial *material = step->material;

  if (!camera) {
    RUN(self, anyi_case_runner_material_missing(runner_of(self), material->id, &run_error),
        "document");
    return;
  }
  kiosk_document_page_start(KIOSK_DOCUMENT_PAGE(page_of(self, PAGE_DOCUMENT)), camera,
                            text_of(self, &material->names), text_of(self, &step->prompt),
                            material->may_be_missing);
  show_page(self, PAGE_DOCUMENT);
}

/* ---- payment ---- */

static gboolean
poll_payment(gpointer data)
{
  KioskWindow *self = data;
  KioskRunnerFlow *flow = flow_of(self);
  AnyiPaymentOutcome outcome = ANYI_PAYMENT_PENDING;
  g_autoptr(GError) error = NULL;

  if (!anyi_case_runner_payment_check(flow->runner, &outcome, &error)) {
    flow->payment_poll_id = 0;
    engine_failed(self, "payment", error);
    return G_SOURCE_REMOVE;
  }
  if (outcome == ANYI_PAYMENT_PENDING)
    return G_SOURCE_CONTINUE;
  flow->payment_poll_id = 0;
  g_message("case %s: payment %s", anyi_case_get_number(anyi_case_runner_get_case(flow->runner)),
            anyi_payment_outcome_to_string(outcome));
  show_current(self);
  return G_SOURCE_REMOVE;
}

static void
start_payment(KioskWindow *self)
{
  KioskRunnerFlow *flow = flow_of(self);
  g_autoptr(GError) error = NULL;

  if (!anyi_case_runner_get_payment_qr(flow->runner) &&
      !anyi_case_runner_payment_start(flow->runner, &error)) {
    engine_failed(self, "payment", error);
    return;
  }
  /* a waived fee or a refused order moves the case on by itself */
  if (!anyi_case_runner_get_step(flow->runner) ||
      anyi_case_runner_get_step(flow->runner)->type != ANYI_STEP_PAYMENT ||
      !anyi_case_runner_get_payment_qr(flow->runner)) {
    show_current(self);
    return;
  }
  kiosk_payment_page_show(KIOSK_PAYMENT_PAGE(page_of(self, PAGE_PAYMENT)),
                          text_of(self, &anyi_case_runner_get_service(flow->runner)->names),
                          anyi_case_runner_get_amount_fen(flow->runner),
                          anyi_case_runner_get_payment_qr(flow->runner));
  show_page(self, PAGE_PAYMENT);
  if (!flow->payment_poll_id)
    flow->payment_poll_id = g_timeout_add_seconds(PAYMENT_POLL_SECONDS, poll_payment, self);
}

static void
on_payment_cancelled(KioskPaymentPage *page, KioskWindow *self)
{
  g_clear_handle_id(&flow_of(self)->payment_poll_id, g_source_remove);
  RUN(self, anyi_case_runner_ask_help(runner_of(self), &run_error), "payment");
}

/* ---- confirm ---- */

static void
add_row(GPtrArray *rows, const char *label, const char *value)
{
  g_ptr_array_add(rows, g_strdup(label));
  g_ptr_array_add(rows, g_strdup(value));
}

static const char *
choice_label(KioskWindow *self, const AnyiFormField *field, const char *value)
{
  for (guint i = 0; i < field->n_choices; i++)
    if (g_str_equal(field->choices[i].id, value))
      return text_of(self, &field->choices[i].label);
  return value;
}

/* What the citizen filled in, as they chose it (labels, not ids). */
static void
add_form_rows(KioskWindow *self, GPtrArray *rows)
{
  AnyiCaseRunner *runner = runner_of(self);
  const AnyiService *service = anyi_case_runner_get_service(runner);
  JsonObject *data = anyi_case_get_data(anyi_case_runner_get_case(runner));
  JsonObject *form =
      json_object_has_member(data, "form") ? json_object_get_object_member(data, "form") : NULL;

  for (guint s = 0; form && s < service->n_steps; s++)
    for (guint f = 0; f < service->steps[s].n_fields; f++) {
      const AnyiFormField *field = &service->steps[s].fields[f];
      const char *value = json_object_get_string_member_with_default(form, field->id, "");
      if (!*value)
        continue;
      if (field->validator == ANYI_FIELD_ID_NUMBER) {
        g_autofree char *masked = anyi_id_number_mask(value);
        add_row(rows, text_of(self, &field->label), masked);
      } else {
        add_row(rows, text_of(self, &field->label),
                field->validator == ANYI_FIELD_CHOICE ? choice_label(self, field, value) : value);
      }
    }
}

static char *
yuan_text(gint64 fen)
{
  return g_strdup_printf("¥%" G_GINT64_FORMAT ".%02d", fen / 100, (int)(fen % 100));
}

static void
show_confirm(KioskWindow *self)
{
  AnyiCaseRunner *runner = runner_of(self);
  const AnyiService *service = anyi_case_runner_get_service(runner);
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func(g_free);
  g_auto(GStrv) missing_ids = anyi_case_runner_dup_missing(runner);
  g_autoptr(GPtrArray) missing = g_ptr_array_new();
  g_autoptr(GdkTexture) photo = NULL;
  g_autofree char *fee = yuan_text(anyi_case_runner_get_amount_fen(runner));

  add_row(rows, _("办理事项"), text_of(self, &service->names));
  if (self->session->card) {
    g_autofree char *masked = anyi_id_number_mask(self->session->card->id_number);
    add_row(rows, _("申请人"),
            self->session->card->name && *self->session->card->name
                ? self->session->card->name
                : self->session->card->english_name);
    add_row(rows, _("证件号码"), masked);
  }
  add_form_rows(self, rows);
  if (service->fee.amount_fen > 0)
    add_row(rows, _("费用"), fee);
  for (guint i = 0; missing_ids[i]; i++) {
    const AnyiMaterial *material = anyi_catalogue_service_material(service, missing_ids[i]);
    g_ptr_array_add(missing, (gpointer)text_of(self, &material->names));
  }
  g_ptr_array_add(missing, NULL);
  if (flow_of(self)->photo)
    photo = gdk_texture_new_from_bytes(flow_of(self)->photo, NULL);
  kiosk_confirm_page_show(KIOSK_CONFIRM_PAGE(page_of(self, PAGE_CONFIRM)),
                          text_of(self, &service->names), rows,
                          missing->len > 1 ? (const char *const *)missing->pdata : NULL,
                          service->time_limit.days, photo ? GDK_PAINTABLE(photo) : NULL);
  show_page(self, PAGE_CONFIRM);
}

static void
on_confirmed(KioskConfirmPage *page, gboolean commits, KioskWindow *self)
{
  RUN(self, anyi_case_runner_confirm(runner_of(self), commits, &run_error), "confirm");
}

/* ---- the end: print, then done or the window ---- */

static void print_next(KioskWindow *self);

/* A document that did not come out: kept as a PDF and in the store, told
 * to staff, and for a receipt shown on screen as a QR code instead. */
static void
document_missed(KioskWindow *self, const char *template_name, const char *why)
{
  AnyiCase *kase = anyi_case_runner_get_case(runner_of(self));

  g_warning("case %s: %s not printed: %s", anyi_case_get_number(kase), template_name, why);
  anyi_store_audit_add(anyi_kiosk_get_store(self->kiosk), "kiosk", "document-not-printed",
                       anyi_case_get_number(kase), template_name, NULL);
  flow_of(self)->all_printed = FALSE;
  if (g_str_equal(template_name, "receipt"))
    flow_of(self)->receipt_missed = TRUE;
}

static void
keep_unprinted(KioskWindow *self, AnyiCaseDocument *doc, const char *problem)
{
  g_autoptr(GError) error = NULL;

  if (!anyi_case_print_keep(anyi_kiosk_get_store(self->kiosk), anyi_kiosk_get_settings(self->kiosk),
                            anyi_case_runner_get_case(runner_of(self)), doc->template_name,
                            doc->role, doc->data, problem, &error))
    g_warning("case: %s not kept: %s", doc->template_name, error->message);
  document_missed(self, doc->template_name, problem);
}

static void
on_document_printed(GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(KioskWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!self->runner_flow || !self->runner_flow->documents)
    return; /* the session ended meanwhile */
  if (!anyi_kiosk_print_finish(self->kiosk, result, &error))
    document_missed(self, self->runner_flow->printing, error->message);
  print_next(self);
}

/* This kiosk model has no fingerprint reader (see the runner config). */
static gboolean
needs_fingerprints(KioskWindow *self)
{
  const AnyiService *service = anyi_case_runner_get_service(runner_of(self));

  return (service->flags & ANYI_SERVICE_REQUIRES_FINGERPRINT) &&
         service->completion == ANYI_COMPLETION_KIOSK;
}

static const char *
handoff_sentence(KioskWindow *self, AnyiHandoffReason reason)
{
  KioskRunnerFlow *flow = flow_of(self);

  if (reason == ANYI_HANDOFF_INELIGIBLE && flow->ineligible_reason)
    return flow->ineligible_reason;
  if (reason == ANYI_HANDOFF_WINDOW_FINISHES && needs_fingerprints(self))
    return _("其他手续已在自助机办好。请到窗口采集指纹，即可办结，无需重新排队。");
  if (reason == ANYI_HANDOFF_WINDOW_FINISHES)
    return _("自助机已为您准备好材料，窗口核对后即可办结，无需重新排队。");
  return anyi_handoff_reason_describe(reason);
}

static void
show_outcome(KioskWindow *self)
{
  KioskRunnerFlow *flow = flow_of(self);
  AnyiCase *kase = anyi_case_runner_get_case(flow->runner);
  const char *number = anyi_case_get_number(kase);
  const char *window = anyi_kiosk_get_settings(self->kiosk)->handoff_window;
  AnyiHandoffReason reason;
  g_autofree char *spoken = NULL;

  if (anyi_case_runner_get_handoff(flow->runner, &reason)) {
    kiosk_finish_page_show_handoff(self->finish_page, window, handoff_sentence(self, reason),
                                   number, flow->all_printed);
    spoken = g_strdup_printf(_("请到 %s 继续办理。业务编号 %s。%s"), window, number,
                             handoff_sentence(self, reason));
  } else if (flow->receipt_missed) {
    kiosk_finish_page_show_done_unprinted(self->finish_page, number);
    spoken =
        g_strdup(_("办理完成，但回执没能打印。请用手机拍下屏幕上的二维码，凭它到窗口领取回执。"));
  } else {
    kiosk_finish_page_show_done(self->finish_page, number, flow->all_printed);
    spoken = g_strdup(flow->all_printed ? _("办理完成。请从下方出纸口取走您的回执。")
                                        : _("办理完成，谢谢您的使用。"));
  }
  kiosk_window_show_page(self, "finish");
  kiosk_window_say(self, spoken);
}

static void
print_next(KioskWindow *self)
{
  KioskRunnerFlow *flow = flow_of(self);
  AnyiCaseDocument *doc;

  if (flow->documents->len == 0) {
    g_clear_pointer(&flow->documents, g_ptr_array_unref);
    show_outcome(self);
    return;
  }
  doc = g_ptr_array_steal_index(flow->documents, 0);
  g_free(flow->printing);
  flow->printing = g_strdup(doc->template_name);
  /* a printer known to be out (paper, cover) would hold the job for a
   * minute while the citizen waits: skip it now, nothing is lost */
  g_autofree char *problem = anyi_kiosk_printer_problem(self->kiosk, doc->role);
  if (problem) {
    keep_unprinted(self, doc, problem);
    print_next(self);
    return;
  }
  anyi_kiosk_print_async(self->kiosk, anyi_case_runner_get_case(flow->runner), doc->template_name,
                         doc->role, doc->data, NULL, on_document_printed, g_object_ref(self));
}

static void
print_documents(KioskWindow *self)
{
  KioskRunnerFlow *flow = flow_of(self);
  GPtrArray *documents = anyi_case_runner_get_documents(flow->runner);

  if (flow->documents)
    return; /* already printing */
  flow->documents = g_ptr_array_new();
  for (guint i = 0; i < documents->len; i++)
    g_ptr_array_add(flow->documents, documents->pdata[i]);
  flow->all_printed = flow->documents->len > 0;
  kiosk_finish_page_show_printing(self->finish_page);
  kiosk_window_show_page(self, "finish");
  kiosk_window_say(self, _("正在打印，请稍候……"));
  print_next(self);
}

/* ---- what to show now ---- */

static void
start_card(KioskWindow *self, const AnyiStep *step)
{
  AnyiIdcardMonitor *idcard = anyi_kiosk_get_idcard(self->kiosk);

  kiosk_card_page_show_waiting(self->card_page);
  kiosk_window_show_page(self, "card");
  kiosk_window_say(self, step->prompt.zh && *step->prompt.zh ? text_of(self, &step->prompt)
                                                             : _("请把身份证平放在下方的读卡区"));
  if (idcard)
    anyi_idcard_monitor_start(idcard);
}

static void
show_step(KioskWindow *self, const AnyiStep *step)
{
  switch (step->type) {
  case ANYI_STEP_READ_CARD:
    start_card(self, step);
    break;
  case ANYI_STEP_QUESTIONS:
    flow_of(self)->question = 0;
    show_question(self, step);
    break;
  case ANYI_STEP_FORM:
    kiosk_form_page_show(KIOSK_FORM_PAGE(page_of(self, PAGE_FORM)), step, english(self));
    show_page(self, PAGE_FORM);
    kiosk_window_say(self, text_of(self, &step->prompt));
    break;
  case ANYI_STEP_PHOTO:
    start_photo(self, step);
    break;
  case ANYI_STEP_CAPTURE_DOCUMENT:
    start_document(self, step);
    break;
  case ANYI_STEP_PAYMENT:
    start_payment(self);
    break;
  case ANYI_STEP_CONFIRM:
    show_confirm(self);
    break;
  case ANYI_STEP_RESULT:
    print_documents(self);
    break;
  }
}

static void
show_current(KioskWindow *self)
{
  AnyiCaseRunner *runner = runner_of(self);
  AnyiCaseState state = anyi_case_runner_get_state(runner);
  const AnyiStep *step = anyi_case_runner_get_step(runner);

  if (state == ANYI_CASE_ABANDONED) {
    kiosk_window_end_session(self, "abandoned");
    return;
  }
  if (anyi_case_state_is_final(state) || !step) {
    print_documents(self);
    return;
  }
  show_step(self, step);
}

/* ---- entry points from the window ---- */

void
kiosk_window_runner_start(KioskWindow *self, const char *service_id)
{
  KioskRunnerFlow *flow = flow_of(self);
  AnyiCaseRunnerConfig config;
  g_autoptr(GError) error = NULL;

  anyi_kiosk_get_runner_config(self->kiosk, &config);
  flow->runner =
      anyi_case_runner_new(anyi_kiosk_get_store(self->kiosk), anyi_kiosk_get_catalogue(self->kiosk),
                           anyi_kiosk_get_payment(self->kiosk), &config);
  if (!anyi_case_runner_start(flow->runner, service_id, &error)) {
    g_critical("case: cannot start %s: %s", service_id, error->message);
    g_clear_object(&flow->runner);
    kiosk_window_end_session(self, "store-failure");
    return;
  }
  show_current(self);
}

void
kiosk_window_runner_card_confirmed(KioskWindow *self, const AnyiIdCard *card)
{
  AnyiCaseCard as_read;

  anyi_case_card_from_id_card(card, &as_read);
  RUN(self, anyi_case_runner_card_read(runner_of(self), &as_read, &run_error), "card");
}

void
kiosk_window_runner_card_failed(KioskWindow *self, const char *why, gboolean citizen_can_retry)
{
  if (citizen_can_retry) {
    g_autoptr(GError) error = NULL;
    if (!anyi_case_runner_card_failed(runner_of(self), why, &error)) {
      engine_failed(self, "card", error);
      return;
    }
    /* still on the card step: the card page says what to do */
    if (anyi_case_runner_get_step(runner_of(self)) &&
        anyi_case_runner_get_step(runner_of(self))->type == ANYI_STEP_READ_CARD)
      return;
    show_current(self);
    return;
  }
  RUN(self, anyi_case_runner_device_failed(runner_of(self), "idcard", why, &run_error), "card");
}

void
kiosk_window_runner_help(KioskWindow *self)
{
  AnyiCaseState state = anyi_case_runner_get_state(runner_of(self));

  if (anyi_case_state_is_final(state))
    return;
  RUN(self, anyi_case_runner_ask_help(runner_of(self), &run_error), "help");
}

static void
stop_devices(KioskRunnerFlow *flow)
{
  g_clear_handle_id(&flow->payment_poll_id, g_source_remove);
  if (flow->pages[PAGE_PHOTO])
    kiosk_photo_page_stop(KIOSK_PHOTO_PAGE(flow->pages[PAGE_PHOTO]));
  if (flow->pages[PAGE_DOCUMENT])
    kiosk_document_page_stop(KIOSK_DOCUMENT_PAGE(flow->pages[PAGE_DOCUMENT]));
}

/* The citizen walked away or went home: the runner decides between a
 * handoff (something was collected) and abandoning. Then every trace of
 * them leaves the pages. */
void
kiosk_window_runner_end(KioskWindow *self, const char *why)
{
  KioskRunnerFlow *flow = self->runner_flow;
  g_autoptr(GError) error = NULL;

  if (!flow)
    return;
  stop_devices(flow);
  if (flow->runner && !anyi_case_state_is_final(anyi_case_runner_get_state(flow->runner))) {
    gboolean ok = g_str_equal(why, "timeout") ? anyi_case_runner_timeout(flow->runner, &error)
                                              : anyi_case_runner_abandon(flow->runner, &error);
    if (!ok)
      g_warning("case %s: %s", anyi_case_get_number(anyi_case_runner_get_case(flow->runner)),
                error->message);
  }
  g_clear_object(&flow->runner);
  g_clear_pointer(&flow->answers, json_object_unref);
  g_clear_pointer(&flow->ineligible_reason, g_free);
  g_clear_pointer(&flow->photo, g_bytes_unref);
  g_clear_pointer(&flow->documents, g_ptr_array_unref);
  g_clear_pointer(&flow->printing, g_free);
  flow->receipt_missed = FALSE;
  flow->question = 0;
  if (flow->pages[PAGE_FORM])
    kiosk_form_page_reset(KIOSK_FORM_PAGE(flow->pages[PAGE_FORM]));
  if (flow->pages[PAGE_PAYMENT])
    kiosk_payment_page_reset(KIOSK_PAYMENT_PAGE(flow->pages[PAGE_PAYMENT]));
  if (flow->pages[PAGE_CONFIRM])
    kiosk_confirm_page_reset(KIOSK_CONFIRM_PAGE(flow->pages[PAGE_CONFIRM]));
}

void
kiosk_window_runner_free(KioskWindow *self)
{
  if (!self->runner_flow)
    return;
  stop_devices(self->runner_flow);
  kiosk_window_runner_end(self, "closed");
  g_clear_pointer(&self->runner_flow, g_free);
}

static void
connect_page(KioskWindow *self, RunnerPage which, GtkWidget *page)
{
  switch (which) {
  case PAGE_QUESTION:
    g_signal_connect(page, "answered", G_CALLBACK(on_answered), self);
    break;
  case PAGE_FORM:
    g_signal_connect(page, "submitted", G_CALLBACK(on_form_submitted), self);
    break;
  case PAGE_PAYMENT:
    g_signal_connect(page, "cancelled", G_CALLBACK(on_payment_cancelled), self);
    break;
  case PAGE_CONFIRM:
    g_signal_connect(page, "confirmed", G_CALLBACK(on_confirmed), self);
    break;
  case PAGE_PHOTO:
    g_signal_connect(page, "accepted", G_CALLBACK(on_photo_accepted), self);
    g_signal_connect(page, "gave-up", G_CALLBACK(on_photo_gave_up), self);
    g_signal_connect(page, "go-to-window", G_CALLBACK(on_device_page_window), self);
    break;
  case PAGE_DOCUMENT:
    g_signal_connect(page, "captured", G_CALLBACK(on_document_captured), self);
    g_signal_connect(page, "skipped", G_CALLBACK(on_document_skipped), self);
    g_signal_connect(page, "go-to-window", G_CALLBACK(on_device_page_window), self);
    break;
  }
}
