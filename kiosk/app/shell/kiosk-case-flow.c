/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kiosk-case-flow.c: any service of the catalogue, played by the case
 * engine (AnyiCaseRunner) step by step.
 *
 * The runner decides; this file only shows. After every event the runner
 * has persisted the case, and show_current() asks it what comes next: a
 * step page, the back office's answer, the printing of its documents, or
 * the window. Step pages are made the first time a service needs them, so
 * the attract screen stays fast. */
#include "kiosk-case-flow.h"

#include "cases/anyi-case-end.h"
#include "cases/anyi-case-hall.h"
#include "ledger/anyi-ledger-progress.h"
#include "kiosk-document-page.h"
#include "kiosk-photo-page.h"
#include "kiosk-session.h"
#include "kiosk-step-pages.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#define PAYMENT_POLL_SECONDS 2

typedef enum {
  PAGE_QUESTION,
  PAGE_FORM,
  PAGE_PAYMENT,
  PAGE_CONFIRM,
  PAGE_PHOTO,
  PAGE_DOCUMENT,
  N_PAGES,
} StepPage;

static const char *const page_names[] = {"question", "form",  "payment",
                                         "confirm",  "photo", "document"};

struct _KioskCaseFlow {
  GObject parent_instance;

  KioskCaseFlowSetup setup; /* the kiosk is held, the pages are the window's */
  KioskSession *session;    /* the card as read, for the confirm page */
  gboolean card_from_menu;  /* session->card was read at the attract or menu screen */
  AnyiCaseRunner *runner;   /* NULL between cases */
  guint question;           /* index into the questions step */
  JsonObject *answers;      /* of the questions step on screen */
  char *ineligible_reason;  /* what the citizen is told after a "no" that ends it */
  JsonObject *refill;       /* a form's values, dropped by 上一步, for when it shows again */
  GBytes *photo;            /* the accepted photo, for the confirm page */
  guint payment_poll_id;
  GCancellable *asking;   /* the receipt printer, before the receipt is wanted */
  GCancellable *noticing; /* the receipt printer, while the result page shows */
  GCancellable *printing; /* the case's documents are printing or printed */
  guint case_serial;      /* changes when a case ends: late callbacks of it do nothing */
  GtkWidget *pages[N_PAGES];
};

G_DEFINE_FINAL_TYPE(KioskCaseFlow, kiosk_case_flow, G_TYPE_OBJECT)

enum { SIGNAL_SAY, SIGNAL_SHOW_PAGE, SIGNAL_ENDED, N_SIGNALS };
static guint signals[N_SIGNALS];

static void show_current(KioskCaseFlow *self);

/* What an asynchronous call carries back: the flow, and which case it was
 * made for. A print that waits a minute, a printer or payment check, ends
 * after an idle timeout may have given the kiosk to the next citizen:
 * then it must touch nothing (flow_call_current). */
typedef struct {
  KioskCaseFlow *flow;
  guint case_serial;
} FlowCall;

static FlowCall *
flow_call_new(KioskCaseFlow *self)
{
  FlowCall *call = g_new0(FlowCall, 1);

  call->flow = g_object_ref(self);
  call->case_serial = self->case_serial;
  return call;
}

static void
flow_call_free(FlowCall *call)
{
  g_object_unref(call->flow);
  g_free(call);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC(FlowCall, flow_call_free)

/* The flow, when the case the call was made for is still the one shown. */
static KioskCaseFlow *
flow_call_current(FlowCall *call)
{
  KioskCaseFlow *self = call->flow;

  if (call->case_serial != self->case_serial || !self->runner) {
    g_info("case flow: a late answer for an ended case is dropped");
    return NULL;
  }
  return self;
}

static const char *
text_of(KioskCaseFlow *self, const AnyiText *text)
{
  return self->setup.text(text, self->setup.text_data);
}

static gboolean
english(KioskCaseFlow *self)
{
  return self->setup.english;
}

static AnyiSettings *
settings_of(KioskCaseFlow *self)
{
  return anyi_kiosk_get_settings(self->setup.kiosk);
}

static void
say(KioskCaseFlow *self, const char *sentence)
{
  g_signal_emit(self, signals[SIGNAL_SAY], 0, sentence);
}

static void
show_window_page(KioskCaseFlow *self, const char *name)
{
  g_signal_emit(self, signals[SIGNAL_SHOW_PAGE], 0, name);
}

static const char *
visible_page(KioskCaseFlow *self)
{
  return gtk_stack_get_visible_child_name(self->setup.pages);
}

/* Tells the window the case is over; the window ends the session, which
 * ends this flow's case (kiosk_case_flow_end) before this returns. */
static void
end(KioskCaseFlow *self, const char *why)
{
  g_signal_emit(self, signals[SIGNAL_ENDED], 0, why);
}

/* ---- step pages, made on first use ---- */

static void
on_page_say(GtkWidget *page, const char *sentence, KioskCaseFlow *self)
{
  say(self, sentence);
}

static void connect_page(KioskCaseFlow *self, StepPage which, GtkWidget *page);

static GtkWidget *
page_of(KioskCaseFlow *self, StepPage which)
{
  static GType (*const types[])(void) = {
      kiosk_question_page_get_type, kiosk_form_page_get_type,  kiosk_payment_page_get_type,
      kiosk_confirm_page_get_type,  kiosk_photo_page_get_type, kiosk_document_page_get_type,
  };

  if (!self->pages[which]) {
    self->pages[which] = g_object_new(types[which](), NULL);
    gtk_stack_add_named(self->setup.pages, self->pages[which], page_names[which]);
    connect_page(self, which, self->pages[which]);
    g_signal_connect_object(self->pages[which], "say", G_CALLBACK(on_page_say), self, 0);
  }
  return self->pages[which];
}

static void
show_page(KioskCaseFlow *self, StepPage which)
{
  page_of(self, which);
  show_window_page(self, page_names[which]);
}

/* ---- errors the citizen cannot fix ---- */

/* The store or the engine refused: the case is as persisted, and the
 * citizen goes to the window, which opens it from there. */
static void
engine_failed(KioskCaseFlow *self, const char *doing, GError *error)
{
  AnyiCase *kase = anyi_case_runner_get_case(self->runner);
  g_autoptr(GError) again = NULL;

  g_critical("case %s: %s: %s", kase ? anyi_case_get_number(kase) : "-", doing, error->message);
  if (kase && !anyi_case_state_is_final(anyi_case_get_state(kase)))
    anyi_case_runner_device_failed(self->runner, "kiosk", error->message, &again);
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
show_question(KioskCaseFlow *self, const AnyiStep *step)
{
  kiosk_question_page_set_can_go_back(KIOSK_QUESTION_PAGE(page_of(self, PAGE_QUESTION)),
                                      self->question == 0 &&
                                          anyi_case_runner_can_go_back(self->runner));
  kiosk_question_page_show(KIOSK_QUESTION_PAGE(page_of(self, PAGE_QUESTION)),
                           text_of(self, &step->questions[self->question]->question),
                           self->question + 1, step->n_questions);
  show_page(self, PAGE_QUESTION);
}

static void
on_answered(KioskQuestionPage *page, gboolean yes, KioskCaseFlow *self)
{
  const AnyiStep *step = anyi_case_runner_get_step(self->runner);
  const AnyiQuestion *question;

  if (!step || step->type != ANYI_STEP_QUESTIONS)
    return;
  question = step->questions[self->question];
  if (!self->answers)
    self->answers = json_object_new();
  json_object_set_boolean_member(self->answers, question->id, yes);
  /* why, in the service's words, and the choice to change the answer,
   * before anything is handed off */
  if (yes == question->ineligible_answer) {
    g_free(self->ineligible_reason);
    self->ineligible_reason = g_strdup(text_of(self, &question->handoff_reason));
    g_message("case: answer to '%s' does not fit the service", question->id);
    kiosk_question_page_show_does_not_fit(page, text_of(self, &question->question), yes,
                                          self->ineligible_reason);
    return;
  }
  if (++self->question < step->n_questions) {
    show_question(self, step);
    return;
  }
  g_autoptr(JsonObject) answers = g_steal_pointer(&self->answers);
  self->question = 0;
  RUN(self, anyi_case_runner_answer(self->runner, answers, &run_error), "answers");
}

/* The reason to hand off that the answers kept so far give: the last
 * ineligible one, as on_answered keeps it. */
static void
recount_ineligible(KioskCaseFlow *self, const AnyiStep *step)
{
  g_clear_pointer(&self->ineligible_reason, g_free);
  for (guint i = 0; i < self->question; i++) {
    const AnyiQuestion *question = step->questions[i];

    if (self->answers && json_object_has_member(self->answers, question->id) &&
        json_object_get_boolean_member(self->answers, question->id) == question->ineligible_answer)
      self->ineligible_reason = g_strdup(text_of(self, &question->handoff_reason));
  }
}

/* 返回修改: the answer that did not fit is forgotten and asked again. */
static void
on_change_answer(KioskQuestionPage *page, KioskCaseFlow *self)
{
  const AnyiStep *step = anyi_case_runner_get_step(self->runner);

  if (!step || step->type != ANYI_STEP_QUESTIONS)
    return;
  if (self->answers)
    json_object_remove_member(self->answers, step->questions[self->question]->id);
  g_message("case: the citizen changes the answer to '%s'", step->questions[self->question]->id);
  recount_ineligible(self, step);
  show_question(self, step);
}

/* 去窗口办理: the engine hands off with the reason shown; the questions
 * after this one are not asked. */
static void
on_question_window(KioskQuestionPage *page, KioskCaseFlow *self)
{
  const AnyiStep *step = anyi_case_runner_get_step(self->runner);

  if (!step || step->type != ANYI_STEP_QUESTIONS || !self->answers)
    return;
  g_autoptr(JsonObject) answers = g_steal_pointer(&self->answers);
  self->question = 0;
  RUN(self, anyi_case_runner_answer(self->runner, answers, &run_error), "answers");
}

/* 上一步 across steps: the engine drops what the step gone back to had
 * collected; a form's values come back to refill it. */
static void
go_back(KioskCaseFlow *self)
{
  g_autoptr(JsonObject) dropped = NULL;
  g_autoptr(GError) error = NULL;
  const AnyiStep *step;

  if (!self->runner || !anyi_case_runner_can_go_back(self->runner)) {
    show_current(self); /* the button was stale: show what the case allows */
    return;
  }
  if (!anyi_case_runner_back(self->runner, &dropped, &error)) {
    engine_failed(self, "back", error);
    return;
  }
  g_clear_pointer(&self->answers, json_object_unref);
  g_clear_pointer(&self->ineligible_reason, g_free);
  self->question = 0;
  step = anyi_case_runner_get_step(self->runner);
  g_clear_pointer(&self->refill, json_object_unref);
  if (step && step->type == ANYI_STEP_FORM)
    self->refill = g_steal_pointer(&dropped);
  if (step && step->type == ANYI_STEP_PHOTO)
    g_clear_pointer(&self->photo, g_bytes_unref);
  show_current(self);
}

/* 上一步: the step's answers are the flow's until the last one, so going
 * back within them needs nothing of the engine; from the first question
 * the engine goes back to the step before. */
static void
on_question_back(KioskQuestionPage *page, KioskCaseFlow *self)
{
  const AnyiStep *step = anyi_case_runner_get_step(self->runner);

  if (!step || step->type != ANYI_STEP_QUESTIONS)
    return;
  if (self->question == 0) {
    go_back(self);
    return;
  }
  self->question--;
  if (self->answers)
    json_object_remove_member(self->answers, step->questions[self->question]->id);
  recount_ineligible(self, step);
  show_question(self, step);
}

/* ---- form ---- */

static void
on_form_submitted(KioskFormPage *page, JsonObject *values, KioskCaseFlow *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) problems = NULL;

  if (!anyi_case_runner_form(self->runner, values, &problems, &error)) {
    engine_failed(self, "form", error);
    return;
  }
  if (problems && problems->len > 0) {
    kiosk_form_page_show_problems(page, problems, english(self));
    return;
  }
  show_current(self);
}

static void
on_form_back(KioskFormPage *page, KioskCaseFlow *self)
{
  go_back(self);
}

/* ---- photo and documents ---- */

/* Photos and scans of a case live with its printed documents until the
 * retention purge. */
static char *
keep_capture(KioskCaseFlow *self, const char *what, GBytes *jpeg)
{
  return anyi_case_keep_capture(settings_of(self), anyi_case_runner_get_case(self->runner), what,
                                jpeg, NULL);
}

static void
on_photo_accepted(KioskPhotoPage *page, GBytes *jpeg, KioskCaseFlow *self)
{
  g_autofree char *path = keep_capture(self, "photo", jpeg);

  kiosk_photo_page_stop(page);
  if (!path) {
    RUN(self,
        anyi_case_runner_device_failed(self->runner, "storage", "photo not saved", &run_error),
        "photo");
    return;
  }
  g_clear_pointer(&self->photo, g_bytes_unref);
  self->photo = g_bytes_ref(jpeg);
  RUN(self, anyi_case_runner_photo_taken(self->runner, path, &run_error), "photo");
}

/* The runner counts the tries: still on the photo step, the page shows
 * what to change for a retake; else the window takes over, with the best
 * try kept for it. */
static void
on_photo_failed(KioskPhotoPage *page, GBytes *best, const char *why, KioskCaseFlow *self)
{
  g_autofree char *path = best ? keep_capture(self, "photo-best", best) : NULL;
  g_autoptr(GError) error = NULL;
  const AnyiStep *step;

  if (!anyi_case_runner_photo_failed(self->runner, why, path, &error)) {
    kiosk_photo_page_stop(page);
    engine_failed(self, "photo", error);
    return;
  }
  step = anyi_case_runner_get_step(self->runner);
  if (step && step->type == ANYI_STEP_PHOTO)
    return;
  kiosk_photo_page_stop(page);
  show_current(self);
}

static void
on_document_captured(KioskDocumentPage *page, GBytes *jpeg, const char *codes, KioskCaseFlow *self)
{
  const AnyiStep *step = anyi_case_runner_get_step(self->runner);
  g_autofree char *what = g_strdup_printf("doc-%s", step->material->id);
  g_autofree char *path = keep_capture(self, what, jpeg);

  kiosk_document_page_stop(page);
  if (codes)
    g_info("case: codes on %s: %zu characters", step->material->id, strlen(codes));
  if (!path) {
    RUN(self, anyi_case_runner_material_missing(self->runner, step->material->id, &run_error),
        "document");
    return;
  }
  RUN(self, anyi_case_runner_document_captured(self->runner, step->material->id, path, &run_error),
      "document");
}

static void
on_document_skipped(KioskDocumentPage *page, KioskCaseFlow *self)
{
  const AnyiStep *step = anyi_case_runner_get_step(self->runner);

  kiosk_document_page_stop(page);
  RUN(self, anyi_case_runner_material_missing(self->runner, step->material->id, &run_error),
      "document");
}

static void
on_device_page_back(GtkWidget *page, KioskCaseFlow *self)
{
  if (KIOSK_IS_PHOTO_PAGE(page))
    kiosk_photo_page_stop(KIOSK_PHOTO_PAGE(page));
  else
    kiosk_document_page_stop(KIOSK_DOCUMENT_PAGE(page));
  go_back(self);
}

static void
on_device_page_window(GtkWidget *page, KioskCaseFlow *self)
{
  if (KIOSK_IS_PHOTO_PAGE(page))
    kiosk_photo_page_stop(KIOSK_PHOTO_PAGE(page));
  else
    kiosk_document_page_stop(KIOSK_DOCUMENT_PAGE(page));
  RUN(self, anyi_case_runner_ask_help(self->runner, &run_error), "help");
}

static void
start_photo(KioskCaseFlow *self, const AnyiStep *step)
{
  AnyiCamera *camera = anyi_kiosk_get_camera(self->setup.kiosk, ANYI_CAMERA_ROLE_FACE);
  AnyiPhotoChecker *checker = anyi_kiosk_get_photo_checker(self->setup.kiosk);

  if (!camera || !checker) {
    RUN(self,
        anyi_case_runner_device_failed(
            self->runner, "camera", camera ? "no face detection" : "no camera table", &run_error),
        "photo");
    return;
  }
  kiosk_photo_page_start(KIOSK_PHOTO_PAGE(page_of(self, PAGE_PHOTO)), camera, checker,
                         text_of(self, &step->prompt), english(self));
  kiosk_photo_page_set_can_go_back(KIOSK_PHOTO_PAGE(page_of(self, PAGE_PHOTO)),
                                   anyi_case_runner_can_go_back(self->runner));
  show_page(self, PAGE_PHOTO);
}

static void
start_document(KioskCaseFlow *self, const AnyiStep *step)
{
  AnyiCamera *camera = anyi_kiosk_get_camera(self->setup.kiosk, ANYI_CAMERA_ROLE_DOCUMENT);
  const AnyiMaterial *material = step->material;

  if (!camera) {
    RUN(self, anyi_case_runner_material_missing(self->runner, material->id, &run_error),
        "document");
    return;
  }
  kiosk_document_page_start(KIOSK_DOCUMENT_PAGE(page_of(self, PAGE_DOCUMENT)), camera,
                            text_of(self, &material->names), text_of(self, &step->prompt),
                            material->may_be_missing);
  kiosk_document_page_set_can_go_back(KIOSK_DOCUMENT_PAGE(page_of(self, PAGE_DOCUMENT)),
                                      anyi_case_runner_can_go_back(self->runner));
  show_page(self, PAGE_DOCUMENT);
}

/* ---- payment ---- */

static gboolean
poll_payment(gpointer data)
{
  KioskCaseFlow *self = data;
  AnyiPaymentOutcome outcome = ANYI_PAYMENT_PENDING;
  g_autoptr(GError) error = NULL;

  if (!self->runner) {
    self->payment_poll_id = 0;
    return G_SOURCE_REMOVE;
  }
  if (!anyi_case_runner_payment_check(self->runner, &outcome, &error)) {
    self->payment_poll_id = 0;
    engine_failed(self, "payment", error);
    return G_SOURCE_REMOVE;
  }
  if (outcome == ANYI_PAYMENT_PENDING) {
    /* a citizen paying on the phone touches nothing here: not idle */
    kiosk_payment_page_set_in_progress(KIOSK_PAYMENT_PAGE(page_of(self, PAGE_PAYMENT)),
                                       anyi_case_runner_payment_in_progress(self->runner));
    return G_SOURCE_CONTINUE;
  }
  self->payment_poll_id = 0;
  g_message("case %s: payment %s", anyi_case_get_number(anyi_case_runner_get_case(self->runner)),
            anyi_payment_outcome_to_string(outcome));
  show_current(self);
  return G_SOURCE_REMOVE;
}

static void
start_payment(KioskCaseFlow *self)
{
  g_autoptr(GError) error = NULL;

  if (!anyi_case_runner_get_payment_qr(self->runner) &&
      !anyi_case_runner_payment_start(self->runner, &error)) {
    engine_failed(self, "payment", error);
    return;
  }
  /* a waived fee or a refused order moves the case on by itself */
  if (!anyi_case_runner_get_step(self->runner) ||
      anyi_case_runner_get_step(self->runner)->type != ANYI_STEP_PAYMENT ||
      !anyi_case_runner_get_payment_qr(self->runner)) {
    show_current(self);
    return;
  }
  kiosk_payment_page_show(KIOSK_PAYMENT_PAGE(page_of(self, PAGE_PAYMENT)),
                          text_of(self, &anyi_case_runner_get_service(self->runner)->names),
                          anyi_case_runner_get_amount_fen(self->runner),
                          anyi_case_runner_get_payment_qr(self->runner));
  /* the order just opened is a barrier: the engine says so, not the page */
  kiosk_payment_page_set_can_go_back(KIOSK_PAYMENT_PAGE(page_of(self, PAGE_PAYMENT)),
                                     anyi_case_runner_can_go_back(self->runner));
  show_page(self, PAGE_PAYMENT);
  if (!self->payment_poll_id)
    self->payment_poll_id = g_timeout_add_seconds(PAYMENT_POLL_SECONDS, poll_payment, self);
}

static void
on_payment_back(KioskPaymentPage *page, KioskCaseFlow *self)
{
  g_clear_handle_id(&self->payment_poll_id, g_source_remove);
  go_back(self);
}

static void
on_payment_cancelled(KioskPaymentPage *page, KioskCaseFlow *self)
{
  g_clear_handle_id(&self->payment_poll_id, g_source_remove);
  RUN(self, anyi_case_runner_ask_help(self->runner, &run_error), "payment");
}

/* ---- confirm ---- */

static void
add_row(GPtrArray *rows, const char *label, const char *value)
{
  g_ptr_array_add(rows, g_strdup(label));
  g_ptr_array_add(rows, g_strdup(value));
}

static const char *
choice_label(KioskCaseFlow *self, const AnyiFormField *field, const char *value)
{
  for (guint i = 0; i < field->n_choices; i++)
    if (g_str_equal(field->choices[i].id, value))
      return text_of(self, &field->choices[i].label);
  return value;
}

/* What the citizen filled in, as they chose it (labels, not ids). */
static void
add_form_rows(KioskCaseFlow *self, GPtrArray *rows)
{
  AnyiCaseRunner *runner = self->runner;
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

static void
show_confirm(KioskCaseFlow *self)
{
  AnyiCaseRunner *runner = self->runner;
  const AnyiService *service = anyi_case_runner_get_service(runner);
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func(g_free);
  g_auto(GStrv) missing_ids = anyi_case_runner_dup_missing(runner);
  g_autoptr(GPtrArray) missing = g_ptr_array_new();
  g_autoptr(GdkTexture) photo = NULL;
  g_autofree char *amount = anyi_yuan_text(anyi_case_runner_get_amount_fen(runner));
  g_autofree char *fee = g_strconcat("¥", amount, NULL);

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
  if (self->photo)
    photo = gdk_texture_new_from_bytes(self->photo, NULL);
  kiosk_confirm_page_show(KIOSK_CONFIRM_PAGE(page_of(self, PAGE_CONFIRM)),
                          text_of(self, &service->names), rows,
                          missing->len > 1 ? (const char *const *)missing->pdata : NULL,
                          service->time_limit.days, photo ? GDK_PAINTABLE(photo) : NULL);
  kiosk_confirm_page_set_can_go_back(KIOSK_CONFIRM_PAGE(page_of(self, PAGE_CONFIRM)),
                                     anyi_case_runner_can_go_back(runner));
  show_page(self, PAGE_CONFIRM);
}

static void
on_confirm_back(KioskConfirmPage *page, KioskCaseFlow *self)
{
  go_back(self);
}

static void
on_confirmed(KioskConfirmPage *page, gboolean commits, KioskCaseFlow *self)
{
  RUN(self, anyi_case_runner_confirm(self->runner, commits, &run_error), "confirm");
}

/* ---- the card ---- */

static void accept_card(KioskCaseFlow *self, const AnyiIdCard *card);

static void
start_card(KioskCaseFlow *self, const char *sentence)
{
  AnyiIdcardMonitor *idcard = anyi_kiosk_get_idcard(self->setup.kiosk);

  /* read at the menu already: the citizen only confirms it */
  if (self->card_from_menu && self->session->card) {
    self->card_from_menu = FALSE;
    show_window_page(self, "card");
    accept_card(self, self->session->card);
    return;
  }
  kiosk_card_page_show_waiting(self->setup.card_page);
  show_window_page(self, "card");
  say(self, sentence);
  if (idcard)
    anyi_idcard_monitor_start(idcard);
}

static void
show_card_error(KioskCaseFlow *self, const char *sentence, KioskCardActions actions)
{
  kiosk_card_page_show_error(self->setup.card_page, sentence, actions);
  say(self, sentence);
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

static gboolean
waits_for_card(KioskCaseFlow *self)
{
  return self->runner && g_str_equal(visible_page(self), "card");
}

/* Checks the card read and asks the citizen to confirm it is theirs. */
static void
accept_card(KioskCaseFlow *self, const AnyiIdCard *card)
{
  AnyiIdCardChecks checks;

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
  if (self->session->card != card) {
    g_clear_pointer(&self->session->card, anyi_id_card_free);
    self->session->card = anyi_id_card_copy(card);
  }
  kiosk_card_page_show_card(self->setup.card_page, card, expiry_note(&checks));
  say(self, _("请核对：这是您本人的证件吗？"));
}

static void
on_card_read(AnyiIdcardMonitor *monitor, AnyiIdCard *card, KioskCaseFlow *self)
{
  if (!waits_for_card(self))
    return;
  anyi_idcard_monitor_stop(monitor);
  accept_card(self, card);
}

static void
on_card_reading(AnyiIdcardMonitor *monitor, GParamSpec *pspec, KioskCaseFlow *self)
{
  if (waits_for_card(self) &&
      anyi_idcard_monitor_get_state(monitor) == ANYI_IDCARD_READER_STATE_READING) {
    kiosk_card_page_show_reading(self->setup.card_page);
    say(self, _("正在读取，请不要移动证件……"));
  }
}

/* The engine counts the failed reads of its case and decides when the
 * window takes over; a card or reader the citizen cannot fix goes there
 * at once, with what was collected. */
static void
on_card_failed(AnyiIdcardMonitor *monitor, GError *error, KioskCaseFlow *self)
{
  gboolean retry = g_error_matches(error, ANYI_IDCARD_ERROR, ANYI_IDCARD_ERROR_RETRY);
  g_autoptr(GError) refused = NULL;
  const AnyiStep *step;

  if (!waits_for_card(self))
    return;
  if (!retry) {
    anyi_idcard_monitor_stop(monitor);
    RUN(self, anyi_case_runner_device_failed(self->runner, "idcard", error->message, &run_error),
        "card");
    return;
  }
  if (!anyi_case_runner_card_failed(self->runner, error->message, &refused)) {
    engine_failed(self, "card", refused);
    return;
  }
  step = anyi_case_runner_get_step(self->runner);
  if (!step || step->type != ANYI_STEP_READ_CARD) {
    show_current(self);
    return;
  }
  /* still on the card step: the card page says what to do */
  show_card_error(self, _("没有读到证件。请把证件平放在读卡区，放稳后不要移动。"),
                  KIOSK_CARD_ACTION_RETRY | KIOSK_CARD_ACTION_WINDOW);
}

static void
on_card_retry(KioskCardPage *page, KioskCaseFlow *self)
{
  self->card_from_menu = FALSE;
  g_clear_pointer(&self->session->card, anyi_id_card_free);
  start_card(self, _("请把身份证平放在下方的读卡区"));
}

static void
on_card_confirmed(KioskCardPage *page, KioskCaseFlow *self)
{
  AnyiCaseCard as_read;

  anyi_case_card_from_id_card(self->session->card, &as_read);
  RUN(self, anyi_case_runner_card_read(self->runner, &as_read, &run_error), "card");
}

static void
on_card_go_to_window(KioskCardPage *page, KioskCaseFlow *self)
{
  kiosk_case_flow_help(self);
}

/* ---- the back office's answer ---- */

static void
set_receipt_notice(KioskCaseFlow *self, const char *problem)
{
  kiosk_result_page_set_receipt_available(
      self->setup.result_page,
      problem ? _("回执打印机暂停使用：点“打印回执”，我们为您转到窗口领取回执。") : NULL);
}

static void
on_receipt_notice_checked(GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(FlowCall) call = user_data;
  KioskCaseFlow *self = flow_call_current(call);
  g_autoptr(GError) error = NULL;
  g_autofree char *problem = anyi_kiosk_check_printer_finish(ANYI_KIOSK(source), result, &error);

  if (error || !self)
    return; /* the session ended meanwhile */
  g_clear_object(&self->noticing);
  if (problem)
    set_receipt_notice(self, problem);
}

/* The printer watch asks every 15 s; the printer is also asked now, so a
 * printer that ran out just before says so before the citizen chooses. */
static void
check_receipt_notice(KioskCaseFlow *self)
{
  g_cancellable_cancel(self->noticing);
  g_clear_object(&self->noticing);
  self->noticing = g_cancellable_new();
  anyi_kiosk_check_printer_async(self->setup.kiosk, ANYI_PRINTER_ROLE_RECEIPT, self->noticing,
                                 on_receipt_notice_checked, flow_call_new(self));
}

static void
show_answer(KioskCaseFlow *self)
{
  g_autoptr(AnyiIdProgress) progress =
      anyi_case_hall_answer_progress(anyi_case_runner_get_answer(self->runner));
  g_autoptr(AnyiLedgerAnswer) decided =
      anyi_ledger_progress_window_answer(anyi_case_runner_get_answer(self->runner));
  g_autofree char *receipt_problem =
      anyi_kiosk_printer_problem(self->setup.kiosk, ANYI_PRINTER_ROLE_RECEIPT);
  g_autofree char *spoken = NULL;

  if (!progress) {
    RUN(self,
        anyi_case_runner_device_failed(self->runner, "kiosk", "an answer the kiosk cannot show",
                                       &run_error),
        "result");
    return;
  }
  kiosk_result_page_show_progress(self->setup.result_page,
                                  anyi_case_get_number(anyi_case_runner_get_case(self->runner)),
                                  progress);
  kiosk_result_page_show_window_answer(self->setup.result_page, decided);
  set_receipt_notice(self, receipt_problem);
  show_window_page(self, "result");
  check_receipt_notice(self);
  spoken = decided
               ? g_strdup_printf(_("窗口办理结果：%s"), anyi_ledger_outcome_label(decided->outcome))
               : g_strdup_printf(_("办理进度：%s"), anyi_id_progress_stage_label(progress->stage));
  say(self, spoken);
}

/* A receipt printer that is out sends the citizen to the window for the
 * receipt, as the result page said. */
static void
on_receipt_printer_checked(GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(FlowCall) call = user_data;
  KioskCaseFlow *self = flow_call_current(call);
  g_autoptr(GError) error = NULL;
  g_autofree char *problem = anyi_kiosk_check_printer_finish(ANYI_KIOSK(source), result, &error);

  if (error || !self)
    return; /* the session ended meanwhile */
  g_clear_object(&self->asking);
  if (problem) {
    RUN(self, anyi_case_runner_device_failed(self->runner, "receipt printer", problem, &run_error),
        "result");
    return;
  }
  RUN(self, anyi_case_runner_result_seen(self->runner, TRUE, &run_error), "result");
}

/* The printer is asked now: once the receipt is wanted the case is done,
 * and a receipt that fails then leaves the citizen a QR code, not the
 * window's help with the answer on paper. */
static void
on_result_print(KioskResultPage *page, KioskCaseFlow *self)
{
  if (self->asking)
    return; /* a second press while the printer answers */
  self->asking = g_cancellable_new();
  anyi_kiosk_check_printer_async(self->setup.kiosk, ANYI_PRINTER_ROLE_RECEIPT, self->asking,
                                 on_receipt_printer_checked, flow_call_new(self));
}

static void
on_result_finish(KioskResultPage *page, KioskCaseFlow *self)
{
  RUN(self, anyi_case_runner_result_seen(self->runner, FALSE, &run_error), "result");
}

/* ---- the end: print, then done or the window ---- */

static const char *
handoff_sentence(KioskCaseFlow *self, AnyiHandoffReason reason)
{
  if (reason == ANYI_HANDOFF_INELIGIBLE && self->ineligible_reason)
    return self->ineligible_reason;
  if (reason == ANYI_HANDOFF_WINDOW_FINISHES &&
      anyi_case_runner_fingerprints_at_window(self->runner))
    return _("其他手续已在自助机办好。请到窗口采集指纹，即可办完，无需重新排队。");
  if (reason == ANYI_HANDOFF_WINDOW_FINISHES)
    return _("自助机已为您准备好材料，窗口核对后即可办完，无需重新排队。");
  return anyi_handoff_reason_describe(reason);
}

static void
show_handoff(KioskCaseFlow *self, const char *reason, const char *number, gboolean slip_printed)
{
  const char *window = settings_of(self)->handoff_window;
  g_autofree char *spoken =
      g_strdup_printf(_("请到 %s 继续办理。业务编号 %s。%s"), window, number, reason);

  kiosk_finish_page_show_handoff(self->setup.finish_page, window, reason, number, slip_printed);
  show_window_page(self, "finish");
  say(self, spoken);
}

/* Help with no case behind it: a window to go to, and nothing to note down. */
static void
show_help(KioskCaseFlow *self)
{
  const char *window = settings_of(self)->handoff_window;
  g_autofree char *spoken = g_strdup_printf(_("请到 %s，工作人员会帮您。"), window);

  kiosk_finish_page_show_help(self->setup.finish_page, window);
  show_window_page(self, "finish");
  say(self, spoken);
}

static void
show_outcome(KioskCaseFlow *self, AnyiCasePrintOutcome printed)
{
  const char *number = anyi_case_get_number(anyi_case_runner_get_case(self->runner));
  gboolean all_printed = printed == ANYI_CASE_PRINT_ALL_PRINTED;
  AnyiHandoffReason reason;

  if (anyi_case_runner_get_handoff(self->runner, &reason)) {
    show_handoff(self, handoff_sentence(self, reason), number, all_printed);
    return;
  }
  if (printed == ANYI_CASE_PRINT_RECEIPT_MISSED) {
    kiosk_finish_page_show_done_unprinted(self->setup.finish_page, number);
    show_window_page(self, "finish");
    say(self, _("办理完成，但回执没能打印。请用手机拍下屏幕上的二维码，凭它到窗口领取回执。"));
    return;
  }
  kiosk_finish_page_show_done(self->setup.finish_page, number, all_printed);
  show_window_page(self, "finish");
  say(self,
      all_printed ? _("办理完成。请从下方出纸口取走您的回执。") : _("办理完成，谢谢您的使用。"));
}

static void
on_documents_printed(GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(FlowCall) call = user_data;
  KioskCaseFlow *self = flow_call_current(call);
  AnyiCasePrintOutcome printed;

  if (!anyi_case_print_documents_finish(result, &printed, NULL) || !self)
    return; /* the session ended meanwhile */
  show_outcome(self, printed);
}

/* A printer known to be out is skipped at once (AnyiPrinterProblemFunc). */
static char *
printer_problem(AnyiPrinterRole role, gpointer kiosk)
{
  return anyi_kiosk_printer_problem(kiosk, role);
}

/* Once per case: an answer seen on screen alone has nothing to print. */
static void
print_documents(KioskCaseFlow *self)
{
  GPtrArray *documents = anyi_case_runner_get_documents(self->runner);

  if (self->printing)
    return;
  self->printing = g_cancellable_new();
  if (documents->len == 0) {
    show_outcome(self, ANYI_CASE_PRINT_NOTHING);
    return;
  }
  kiosk_finish_page_show_printing(self->setup.finish_page);
  show_window_page(self, "finish");
  say(self, _("正在打印，请稍候……"));
  anyi_case_print_documents_async(anyi_kiosk_get_store(self->setup.kiosk), settings_of(self),
                                  anyi_case_runner_get_case(self->runner), documents,
                                  printer_problem, self->setup.kiosk, self->printing,
                                  on_documents_printed, flow_call_new(self));
}

/* ---- what to show now ---- */

/* Back at a form after 上一步 past it: what was typed is there again. */
static void
show_form(KioskCaseFlow *self, const AnyiStep *step)
{
  KioskFormPage *page = KIOSK_FORM_PAGE(page_of(self, PAGE_FORM));
  g_autoptr(JsonObject) refill = g_steal_pointer(&self->refill);

  kiosk_form_page_set_card(page, self->session->card);
  kiosk_form_page_show(page, step, english(self));
  if (refill)
    kiosk_form_page_refill(page, refill);
  kiosk_form_page_set_can_go_back(page, anyi_case_runner_can_go_back(self->runner));
  show_page(self, PAGE_FORM);
}

static void
show_step(KioskCaseFlow *self, const AnyiStep *step)
{
  switch (step->type) {
  case ANYI_STEP_READ_CARD:
    start_card(self, step->prompt.zh && *step->prompt.zh ? text_of(self, &step->prompt)
                                                         : _("请把身份证平放在下方的读卡区"));
    break;
  case ANYI_STEP_QUESTIONS:
    self->question = 0;
    show_question(self, step);
    break;
  case ANYI_STEP_FORM:
    show_form(self, step);
    say(self, text_of(self, &step->prompt));
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
    /* the case waits here only with the back office's answer to see */
    show_answer(self);
    break;
  }
}

static void
show_current(KioskCaseFlow *self)
{
  AnyiCaseState state = anyi_case_runner_get_state(self->runner);
  const AnyiStep *step = anyi_case_runner_get_step(self->runner);

  if (state == ANYI_CASE_ABANDONED) {
    end(self, "abandoned");
    return;
  }
  if (anyi_case_state_is_final(state) || !step) {
    print_documents(self);
    return;
  }
  show_step(self, step);
}

/* ---- what the window asks ---- */

void
kiosk_case_flow_start(KioskCaseFlow *self, const char *service_id)
{
  AnyiKiosk *kiosk = self->setup.kiosk;
  AnyiCaseRunnerConfig config;
  g_autoptr(GError) error = NULL;
  AnyiIdCard *kept;

  g_return_if_fail(KIOSK_IS_CASE_FLOW(self));
  /* a card read at the menu is this case's: ending no case keeps it */
  kept = self->card_from_menu ? g_steal_pointer(&self->session->card) : NULL;
  kiosk_case_flow_end(self, "replaced");
  self->session->card = kept;
  self->card_from_menu = kept != NULL;
  anyi_kiosk_get_runner_config(kiosk, &config);
  self->runner = anyi_case_runner_new(anyi_kiosk_get_store(kiosk), anyi_kiosk_get_catalogue(kiosk),
                                      anyi_kiosk_get_payment(kiosk), &config);
  if (!anyi_case_runner_start(self->runner, service_id, &error)) {
    g_critical("case: cannot start %s: %s", service_id, error->message);
    g_clear_object(&self->runner);
    end(self, "store-failure");
    return;
  }
  show_current(self);
}

void
kiosk_case_flow_keep_card(KioskCaseFlow *self, const AnyiIdCard *card)
{
  g_return_if_fail(KIOSK_IS_CASE_FLOW(self));
  g_return_if_fail(card != NULL);
  g_return_if_fail(!kiosk_case_flow_in_case(self));
  kiosk_session_wipe(self->session);
  self->session->card = anyi_id_card_copy(card);
  self->card_from_menu = TRUE;
}

gboolean
kiosk_case_flow_in_case(KioskCaseFlow *self)
{
  g_return_val_if_fail(KIOSK_IS_CASE_FLOW(self), FALSE);
  return self->runner && !anyi_case_state_is_final(anyi_case_runner_get_state(self->runner));
}

void
kiosk_case_flow_help(KioskCaseFlow *self)
{
  g_return_if_fail(KIOSK_IS_CASE_FLOW(self));
  if (self->runner) {
    if (!anyi_case_state_is_final(anyi_case_runner_get_state(self->runner)))
      RUN(self, anyi_case_runner_ask_help(self->runner, &run_error), "help");
    if (g_str_equal(visible_page(self), "finish"))
      return;
  }
  show_help(self);
}

void
kiosk_case_flow_staff_call_unanswered(KioskCaseFlow *self)
{
  g_return_if_fail(KIOSK_IS_CASE_FLOW(self));
  if (kiosk_case_flow_in_case(self)) {
    RUN(self, anyi_case_runner_staff_call_unanswered(self->runner, &run_error), "help");
    return;
  }
  show_help(self);
}

const char *
kiosk_case_flow_get_case_number(KioskCaseFlow *self)
{
  g_return_val_if_fail(KIOSK_IS_CASE_FLOW(self), NULL);
  return kiosk_case_flow_in_case(self)
             ? anyi_case_get_number(anyi_case_runner_get_case(self->runner))
             : NULL;
}

static void
stop_devices(KioskCaseFlow *self)
{
  AnyiIdcardMonitor *idcard = anyi_kiosk_get_idcard(self->setup.kiosk);

  if (idcard)
    anyi_idcard_monitor_stop(idcard);
  g_clear_handle_id(&self->payment_poll_id, g_source_remove);
  if (self->pages[PAGE_PHOTO])
    kiosk_photo_page_stop(KIOSK_PHOTO_PAGE(self->pages[PAGE_PHOTO]));
  if (self->pages[PAGE_DOCUMENT])
    kiosk_document_page_stop(KIOSK_DOCUMENT_PAGE(self->pages[PAGE_DOCUMENT]));
}

static void
reset_pages(KioskCaseFlow *self)
{
  if (self->pages[PAGE_FORM])
    kiosk_form_page_reset(KIOSK_FORM_PAGE(self->pages[PAGE_FORM]));
  if (self->pages[PAGE_PAYMENT])
    kiosk_payment_page_reset(KIOSK_PAYMENT_PAGE(self->pages[PAGE_PAYMENT]));
  if (self->pages[PAGE_CONFIRM])
    kiosk_confirm_page_reset(KIOSK_CONFIRM_PAGE(self->pages[PAGE_CONFIRM]));
}

static void
on_leaving_papers_printed(GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(AnyiCaseRunner) runner = user_data;
  g_autoptr(GError) error = NULL;
  AnyiCasePrintOutcome printed;

  if (!anyi_case_print_documents_finish(result, &printed, &error))
    g_warning("case %s: the papers of leaving did not print: %s",
              anyi_case_get_number(anyi_case_runner_get_case(runner)), error->message);
}

/* The citizen pressed 返回首页 (or help) after paying: the refund slip, or
 * the window's slip naming what was paid, prints while the attract screen
 * shows. The print holds the ended case's runner, never the flow, so it
 * cannot touch the next citizen's case. */
static void
print_leaving_papers(KioskCaseFlow *self)
{
  GPtrArray *documents = anyi_case_runner_get_documents(self->runner);

  if (documents->len == 0)
    return;
  anyi_case_print_documents_async(anyi_kiosk_get_store(self->setup.kiosk), settings_of(self),
                                  anyi_case_runner_get_case(self->runner), documents,
                                  printer_problem, self->setup.kiosk, NULL,
                                  on_leaving_papers_printed, g_object_ref(self->runner));
}

void
kiosk_case_flow_end(KioskCaseFlow *self, const char *why)
{
  g_autoptr(GError) error = NULL;

  g_return_if_fail(KIOSK_IS_CASE_FLOW(self));
  stop_devices(self);
  self->case_serial++;
  if (self->runner && !anyi_case_state_is_final(anyi_case_runner_get_state(self->runner))) {
    gboolean timeout = g_str_equal(why, "timeout");
    gboolean ok = timeout ? anyi_case_runner_timeout(self->runner, &error)
                          : anyi_case_runner_abandon(self->runner, &error);
    if (!ok)
      g_warning("case %s: %s", anyi_case_get_number(anyi_case_runner_get_case(self->runner)),
                error->message);
    else if (!timeout && !g_str_equal(why, "closed"))
      print_leaving_papers(self); /* a citizen is there to take them */
  }
  g_cancellable_cancel(self->asking);
  g_clear_object(&self->asking);
  g_cancellable_cancel(self->noticing);
  g_clear_object(&self->noticing);
  g_cancellable_cancel(self->printing);
  g_clear_object(&self->printing);
  g_clear_object(&self->runner);
  g_clear_pointer(&self->answers, json_object_unref);
  g_clear_pointer(&self->ineligible_reason, g_free);
  g_clear_pointer(&self->refill, json_object_unref);
  g_clear_pointer(&self->photo, g_bytes_unref);
  self->question = 0;
  self->card_from_menu = FALSE;
  kiosk_session_wipe(self->session);
  reset_pages(self);
}

static void
connect_page(KioskCaseFlow *self, StepPage which, GtkWidget *page)
{
  switch (which) {
  case PAGE_QUESTION:
    g_signal_connect_object(page, "answered", G_CALLBACK(on_answered), self, 0);
    g_signal_connect_object(page, "back", G_CALLBACK(on_question_back), self, 0);
    g_signal_connect_object(page, "change-answer", G_CALLBACK(on_change_answer), self, 0);
    g_signal_connect_object(page, "go-to-window", G_CALLBACK(on_question_window), self, 0);
    break;
  case PAGE_FORM:
    g_signal_connect_object(page, "submitted", G_CALLBACK(on_form_submitted), self, 0);
    g_signal_connect_object(page, "back", G_CALLBACK(on_form_back), self, 0);
    break;
  case PAGE_PAYMENT:
    g_signal_connect_object(page, "cancelled", G_CALLBACK(on_payment_cancelled), self, 0);
    g_signal_connect_object(page, "back", G_CALLBACK(on_payment_back), self, 0);
    break;
  case PAGE_CONFIRM:
    g_signal_connect_object(page, "confirmed", G_CALLBACK(on_confirmed), self, 0);
    g_signal_connect_object(page, "back", G_CALLBACK(on_confirm_back), self, 0);
    break;
  case PAGE_PHOTO:
    g_signal_connect_object(page, "accepted", G_CALLBACK(on_photo_accepted), self, 0);
    g_signal_connect_object(page, "failed", G_CALLBACK(on_photo_failed), self, 0);
    g_signal_connect_object(page, "go-to-window", G_CALLBACK(on_device_page_window), self, 0);
    g_signal_connect_object(page, "back", G_CALLBACK(on_device_page_back), self, 0);
    break;
  case PAGE_DOCUMENT:
    g_signal_connect_object(page, "captured", G_CALLBACK(on_document_captured), self, 0);
    g_signal_connect_object(page, "skipped", G_CALLBACK(on_document_skipped), self, 0);
    g_signal_connect_object(page, "go-to-window", G_CALLBACK(on_device_page_window), self, 0);
    g_signal_connect_object(page, "back", G_CALLBACK(on_device_page_back), self, 0);
    break;
  case N_PAGES:
    g_assert_not_reached();
  }
}

static void
connect_window_pages(KioskCaseFlow *self)
{
  AnyiIdcardMonitor *idcard = anyi_kiosk_get_idcard(self->setup.kiosk);

  g_signal_connect_object(self->setup.card_page, "confirmed", G_CALLBACK(on_card_confirmed), self,
                          0);
  g_signal_connect_object(self->setup.card_page, "retry", G_CALLBACK(on_card_retry), self, 0);
  g_signal_connect_object(self->setup.card_page, "go-to-window", G_CALLBACK(on_card_go_to_window),
                          self, 0);
  g_signal_connect_object(self->setup.result_page, "print", G_CALLBACK(on_result_print), self, 0);
  g_signal_connect_object(self->setup.result_page, "finish", G_CALLBACK(on_result_finish), self, 0);
  if (!idcard)
    return;
  g_signal_connect_object(idcard, "card-read", G_CALLBACK(on_card_read), self, 0);
  g_signal_connect_object(idcard, "read-failed", G_CALLBACK(on_card_failed), self, 0);
  g_signal_connect_object(idcard, "notify::state", G_CALLBACK(on_card_reading), self, 0);
}

KioskCaseFlow *
kiosk_case_flow_new(const KioskCaseFlowSetup *setup)
{
  KioskCaseFlow *self = g_object_new(KIOSK_TYPE_CASE_FLOW, NULL);

  self->setup = *setup;
  g_object_ref(self->setup.kiosk);
  connect_window_pages(self);
  return self;
}

/* ---- GObject ---- */

static void
kiosk_case_flow_dispose(GObject *object)
{
  KioskCaseFlow *self = KIOSK_CASE_FLOW(object);

  /* run early by the window (g_object_run_dispose) while its pages live:
   * a print still finishing may hold the flow a little longer */
  if (self->setup.kiosk)
    kiosk_case_flow_end(self, "closed");
  g_clear_object(&self->setup.kiosk);
  memset(&self->setup, 0, sizeof self->setup);
  memset(self->pages, 0, sizeof self->pages);
  G_OBJECT_CLASS(kiosk_case_flow_parent_class)->dispose(object);
}

static void
kiosk_case_flow_finalize(GObject *object)
{
  KioskCaseFlow *self = KIOSK_CASE_FLOW(object);

  kiosk_session_free(self->session);
  G_OBJECT_CLASS(kiosk_case_flow_parent_class)->finalize(object);
}

static void
kiosk_case_flow_class_init(KioskCaseFlowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS(klass);
  GType type = G_TYPE_FROM_CLASS(klass);

  object_class->dispose = kiosk_case_flow_dispose;
  object_class->finalize = kiosk_case_flow_finalize;
  signals[SIGNAL_SAY] = g_signal_new("say", type, G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                     G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[SIGNAL_SHOW_PAGE] = g_signal_new("show-page", type, G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                                           NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[SIGNAL_ENDED] = g_signal_new("ended", type, G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                       G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
kiosk_case_flow_init(KioskCaseFlow *self)
{
  self->session = kiosk_session_new();
}
