/* SPDX-License-Identifier: GPL-3.0-or-later */
/* anyi-case-runner.c: a service's steps over the case state machine.
 *
 * Where the case stands lives in its data, so a crash at any point resumes
 * from the store: "progress" (step index, failed tries), "card", "photo",
 * "photo_best", "documents", "missing", "answers", "form", "payment",
 * "commitment", "notice", "answer" (the back office's, while it waits to
 * be seen) and "print" (the documents of a final case). */
#include "anyi-case-runner.h"
#include "anyi-case-runner-private.h"

#include <glib/gi18n-lib.h>
#include <string.h>

/* clang-format off */
G_DEFINE_QUARK(anyi-case-runner-error-quark, anyi_case_runner_error)
/* clang-format on */
G_DEFINE_FINAL_TYPE(AnyiCaseRunner, anyi_case_runner, G_TYPE_OBJECT)

#define DEFAULT_TRIES 3

static void
case_document_free(AnyiCaseDocument *doc)
{
  g_free(doc->template_name);
  g_clear_pointer(&doc->data, json_object_unref);
  g_free(doc);
}

static void
anyi_case_runner_finalize(GObject *object)
{
  AnyiCaseRunner *self = ANYI_CASE_RUNNER(object);

  g_clear_pointer(&self->kase, anyi_case_free);
  g_clear_object(&self->catalogue);
  g_clear_object(&self->payment);
  g_clear_pointer(&self->documents, g_ptr_array_unref);
  g_clear_pointer(&self->qr, g_free);
  g_free(self->kiosk_id);
  g_free(self->hall);
  g_free(self->hotline);
  g_free(self->window);
  G_OBJECT_CLASS(anyi_case_runner_parent_class)->finalize(object);
}

static void
anyi_case_runner_class_init(AnyiCaseRunnerClass *klass)
{
  G_OBJECT_CLASS(klass)->finalize = anyi_case_runner_finalize;
}

static void
anyi_case_runner_init(AnyiCaseRunner *self)
{
  self->documents = g_ptr_array_new_with_free_func((GDestroyNotify)case_document_free);
  g_date_set_time_t(&self->today, time(NULL));
}

AnyiCaseRunner *
anyi_case_runner_new(AnyiStore *store, AnyiCatalogue *catalogue, AnyiPaymentProvider *payment,
                     const AnyiCaseRunnerConfig *config)
{
  AnyiCaseRunner *self = g_object_new(ANYI_TYPE_CASE_RUNNER, NULL);

  self->store = store;
  self->catalogue = g_object_ref(catalogue);
  self->payment = payment ? g_object_ref(payment) : NULL;
  self->config = *config;
  self->config.kiosk_letter = config->kiosk_letter ? config->kiosk_letter : 'A';
  self->config.max_card_tries = config->max_card_tries ? config->max_card_tries : DEFAULT_TRIES;
  self->config.max_photo_tries = config->max_photo_tries ? config->max_photo_tries : DEFAULT_TRIES;
  self->kiosk_id = g_strdup(config->kiosk_id ? config->kiosk_id : "");
  self->hall = g_strdup(config->hall ? config->hall : "");
  self->hotline = g_strdup(config->hotline ? config->hotline : "12345");
  self->window = g_strdup(config->window ? config->window : "1");
  return self;
}

void
anyi_case_runner_set_today(AnyiCaseRunner *self, const GDate *today)
{
  self->today = *today;
}

/* ---- the case's data ---- */

JsonObject *
anyi_case_runner_data(AnyiCaseRunner *self)
{
  return anyi_case_get_data(self->kase);
}

JsonObject *
anyi_case_runner_member_object(AnyiCaseRunner *self, const char *name)
{
  JsonObject *data = anyi_case_runner_data(self);

  if (!json_object_has_member(data, name) ||
      !JSON_NODE_HOLDS_OBJECT(json_object_get_member(data, name)))
    json_object_set_object_member(data, name, json_object_new());
  return json_object_get_object_member(data, name);
}

JsonObject *
anyi_case_runner_peek_object(AnyiCaseRunner *self, const char *name)
{
  JsonNode *node = json_object_get_member(anyi_case_runner_data(self), name);

  return node && JSON_NODE_HOLDS_OBJECT(node) ? json_node_get_object(node) : NULL;
}

static JsonArray *
peek_missing(AnyiCaseRunner *self)
{
  JsonNode *node = json_object_get_member(anyi_case_runner_data(self), "missing");

  return node && JSON_NODE_HOLDS_ARRAY(node) ? json_node_get_array(node) : NULL;
}

static JsonArray *
missing_array(AnyiCaseRunner *self)
{
  JsonObject *data = anyi_case_runner_data(self);

  if (!json_object_has_member(data, "missing") ||
      !JSON_NODE_HOLDS_ARRAY(json_object_get_member(data, "missing")))
    json_object_set_array_member(data, "missing", json_array_new());
  return json_object_get_array_member(data, "missing");
}

GStrv
anyi_case_runner_dup_missing(AnyiCaseRunner *self)
{
  JsonArray *missing = peek_missing(self);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new();

  for (guint i = 0; missing && i < json_array_get_length(missing); i++)
    g_strv_builder_add(builder, json_array_get_string_element(missing, i));
  return g_strv_builder_end(builder);
}

static guint
progress_get(AnyiCaseRunner *self, const char *name)
{
  JsonObject *progress = anyi_case_runner_peek_object(self, "progress");

  return progress ? (guint)json_object_get_int_member_with_default(progress, name, 0) : 0;
}

static void
progress_set(AnyiCaseRunner *self, const char *name, guint value)
{
  json_object_set_int_member(anyi_case_runner_member_object(self, "progress"), name, value);
}

/* The waiver the citizen claimed in the form field "waiver", or NULL.
 * Asking adds no form to a case that has none (a slip would list it). */
const char *
anyi_case_runner_claimed_waiver(AnyiCaseRunner *self)
{
  JsonObject *form = anyi_case_runner_peek_object(self, "form");
  const char *waiver =
      form ? json_object_get_string_member_with_default(form, "waiver", NULL) : NULL;

  return waiver && !g_str_equal(waiver, "none") ? waiver : NULL;
}

gint64
anyi_case_runner_get_amount_fen(AnyiCaseRunner *self)
{
  gint64 amount = anyi_catalogue_service_fee(self->service, anyi_case_runner_claimed_waiver(self));

  return amount < 0 ? self->service->fee.amount_fen : amount;
}

static gboolean
something_collected(AnyiCaseRunner *self)
{
  static const char *const members[] = {"card",    "photo", "documents", "missing",
                                        "answers", "form",  "payment"};
  for (guint i = 0; i < G_N_ELEMENTS(members); i++)
    if (json_object_has_member(anyi_case_runner_data(self), members[i]))
      return TRUE;
  return FALSE;
}

/* ---- persisting ---- */

/* Writes the step index with the data, then the caller may tell the screen. */
static gboolean
save_step(AnyiCaseRunner *self, guint step, const char *event, const char *detail, GError **error)
{
  progress_set(self, "step", step);
  if (!anyi_case_save(self->kase, event, detail, error))
    return FALSE;
  self->step = step;
  return TRUE;
}

static gboolean
check_running(AnyiCaseRunner *self, GError **error)
{
  if (!self->kase || anyi_case_state_is_final(anyi_case_get_state(self->kase))) {
    g_set_error(error, ANYI_CASE_RUNNER_ERROR, ANYI_CASE_RUNNER_ERROR_ENDED, "the case has ended");
    return FALSE;
  }
  return TRUE;
}

static gboolean
check_step(AnyiCaseRunner *self, AnyiStepType type, GError **error)
{
  if (!check_running(self, error))
    return FALSE;
  if (self->service->steps[self->step].type == type)
    return TRUE;
  g_set_error(error, ANYI_CASE_RUNNER_ERROR, ANYI_CASE_RUNNER_ERROR_WRONG_STEP,
              "case %s shows a %s step, not %s", anyi_case_get_number(self->kase),
              anyi_step_type_to_string(self->service->steps[self->step].type),
              anyi_step_type_to_string(type));
  return FALSE;
}

/* ---- ending the case ---- */

static void
keep_documents_in_data(AnyiCaseRunner *self)
{
  JsonArray *array = json_array_new();

  for (guint i = 0; i < self->documents->len; i++) {
    AnyiCaseDocument *doc = g_ptr_array_index(self->documents, i);
    JsonObject *item = json_object_new();
    json_object_set_string_member(item, "template", doc->template_name);
    json_object_set_string_member(item, "role", anyi_printer_role_to_string(doc->role));
    json_object_set_object_member(item, "data", json_object_ref(doc->data));
    json_array_add_object_element(array, item);
  }
  json_object_set_array_member(anyi_case_runner_data(self), "print", array);
}

static void
documents_from_data(AnyiCaseRunner *self)
{
  JsonObject *data = anyi_case_runner_data(self);
  JsonArray *array;

  g_ptr_array_set_size(self->documents, 0);
  if (!json_object_has_member(data, "print"))
    return;
  array = json_object_get_array_member(data, "print");
  for (guint i = 0; i < json_array_get_length(array); i++) {
    JsonObject *item = json_array_get_object_element(array, i);
    const char *template_name = json_object_get_string_member(item, "template");
    AnyiPrinterRole role;
    if (!anyi_printer_role_from_string(json_object_get_string_member(item, "role"), &role)) {
      g_warning("case %s: %s is for no printer of this kiosk", anyi_case_get_number(self->kase),
                template_name);
      continue;
    }
    anyi_case_runner_add_document(self, template_name, role,
                                  json_object_ref(json_object_get_object_member(item, "data")));
  }
}

void
anyi_case_runner_add_document(AnyiCaseRunner *self, const char *template_name, AnyiPrinterRole role,
                              JsonObject *data)
{
  AnyiCaseDocument *doc = g_new0(AnyiCaseDocument, 1);

  doc->template_name = g_strdup(template_name);
  doc->role = role;
  doc->data = data;
  g_ptr_array_add(self->documents, doc);
}

/* The papers the case owes, as the store records them with its end. */
static GArray *
owed_documents(AnyiCaseRunner *self)
{
  GArray *owed = g_array_sized_new(FALSE, FALSE, sizeof(AnyiStoreDocument), self->documents->len);

  for (guint i = 0; i < self->documents->len; i++) {
    AnyiCaseDocument *doc = g_ptr_array_index(self->documents, i);
    AnyiStoreDocument item = {anyi_printer_role_to_string(doc->role), doc->template_name};
    g_array_append_val(owed, item);
  }
  return owed;
}

static gboolean
hand_off_owing(AnyiCaseRunner *self, AnyiHandoffReason reason, const char *detail, GError **error)
{
  g_autoptr(GArray) owed = owed_documents(self);

  return anyi_case_hand_off_owing(self->kase, reason, detail, self->window,
                                  (AnyiStoreDocument *)(void *)owed->data, owed->len, error);
}

/* Money taken, or perhaps taken, goes on the slip for the window. */
static const char *
payment_todo(AnyiCaseRunner *self, char **owned)
{
  g_autoptr(AnyiStoredPayment) stored =
      anyi_store_payment_for_case(self->store, anyi_case_get_id(self->kase), NULL);
  g_autofree char *yuan = NULL;

  if (anyi_case_runner_payment_standing(self) != ANYI_CASE_PAYMENT_UNKNOWN || !stored)
    return NULL;
  yuan = anyi_yuan_text(stored->amount_fen);
  *owned = g_strdup_printf("核实缴费 %s 元，订单号 %s Check whether this order was paid", yuan,
                           stored->order_id ? stored->order_id : stored->idempotency_key);
  return *owned;
}

/* The decision and the documents are saved with the data first; a crash
 * before the handoff itself is written finishes the same handoff on resume
 * (finish_pending_handoff). A started payment is settled with the platform
 * before anything is decided. */
static gboolean
hand_off_with_todo(AnyiCaseRunner *self, AnyiHandoffReason reason, const char *detail,
                   const char *todo, GError **error)
{
  JsonObject *pending;
  g_autofree char *check_payment = NULL;
  g_autofree char *todos = NULL;

  if (!anyi_case_runner_payment_last_ask(self, error))
    return FALSE;
  if (payment_todo(self, &check_payment))
    todos = todo ? g_strdup_printf("%s；%s", todo, check_payment) : g_strdup(check_payment);
  else
    todos = g_strdup(todo);
  if (reason != ANYI_HANDOFF_WINDOW_FINISHES)
    g_ptr_array_set_size(self->documents, 0);
  anyi_case_runner_add_document(self, "handoff-slip", ANYI_PRINTER_ROLE_A4,
                                anyi_case_runner_handoff_slip_data(self, reason, detail, todos));
  keep_documents_in_data(self);
  progress_set(self, "step", self->step);
  pending = anyi_case_runner_member_object(self, "handoff");
  json_object_set_string_member(pending, "reason", anyi_handoff_reason_to_string(reason));
  if (detail)
    json_object_set_string_member(pending, "detail", detail);
  if (!anyi_case_save(self->kase, "handoff-prepared", anyi_handoff_reason_to_string(reason),
                      error) ||
      !hand_off_owing(self, reason, detail, error)) {
    g_ptr_array_set_size(self->documents, 0);
    return FALSE;
  }
  return TRUE;
}

gboolean
anyi_case_runner_hand_off(AnyiCaseRunner *self, AnyiHandoffReason reason, const char *detail,
                          GError **error)
{
  return hand_off_with_todo(self, reason, detail, NULL, error);
}

/* A handoff decided and saved, but not yet written as a handoff when the
 * kiosk stopped: it is finished as decided, never decided again. */
static gboolean
finish_pending_handoff(AnyiCaseRunner *self, gboolean *pending, GError **error)
{
  JsonObject *handoff = anyi_case_runner_peek_object(self, "handoff");
  const char *name =
      handoff ? json_object_get_string_member_with_default(handoff, "reason", NULL) : NULL;

  *pending = FALSE;
  for (int r = 0; name && r < ANYI_HANDOFF_NUM_REASONS; r++)
    if (g_str_equal(anyi_handoff_reason_to_string(r), name)) {
      *pending = TRUE;
      documents_from_data(self);
      if (hand_off_owing(
              self, r, json_object_get_string_member_with_default(handoff, "detail", NULL), error))
        return TRUE;
      g_ptr_array_set_size(self->documents, 0);
      return FALSE;
    }
  return TRUE;
}

/* The citizen leaves a paid case: the money goes back at once and the
 * refund slip (amount, order number) says so; when the platform cannot give
 * it back, the case goes to the window, whose slip says what was paid. */
static gboolean
leave_paid(AnyiCaseRunner *self, const char *event, GError **error)
{
  gboolean refunded = FALSE;
  g_autoptr(GArray) owed = NULL;

  if (!anyi_case_runner_payment_refund(self, &refunded, error))
    return FALSE;
  if (!refunded)
    return hand_off_with_todo(self, ANYI_HANDOFF_REFUND_OWED, event,
                              "退还已缴费用，或继续办理 Refund the fee, or finish the case", error);
  g_ptr_array_set_size(self->documents, 0);
  anyi_case_runner_add_document(self, "refund-slip", ANYI_PRINTER_ROLE_RECEIPT,
                                anyi_case_runner_refund_slip_data(self));
  keep_documents_in_data(self);
  progress_set(self, "step", self->step);
  owed = owed_documents(self);
  if (anyi_case_advance_owing(self->kase, ANYI_CASE_ABANDONED, event,
                              (AnyiStoreDocument *)(void *)owed->data, owed->len, error))
    return TRUE;
  g_ptr_array_set_size(self->documents, 0);
  return FALSE;
}

/* Abandoning ends a case with nothing owed; a case where money was (or may
 * have been) taken never ends without a paper in the citizen's hand. */
static gboolean
end_abandoned(AnyiCaseRunner *self, const char *event, GError **error)
{
  if (!anyi_case_runner_payment_last_ask(self, error))
    return FALSE;
  switch (anyi_case_runner_payment_standing(self)) {
  case ANYI_CASE_PAYMENT_PAID:
  case ANYI_CASE_PAYMENT_REFUNDED:
    return leave_paid(self, event, error);
  case ANYI_CASE_PAYMENT_UNKNOWN:
    return anyi_case_runner_hand_off(self, ANYI_HANDOFF_DEVICE_FAILURE,
                                     "payment platform did not answer", error);
  case ANYI_CASE_PAYMENT_NONE:
  default:
    break;
  }
  progress_set(self, "step", self->step);
  return anyi_case_advance(self->kase, ANYI_CASE_ABANDONED, event, NULL, error);
}

static guint
result_step_index(AnyiCaseRunner *self)
{
  return self->service->n_steps - 1;
}

static AnyiPrints
result_prints(AnyiCaseRunner *self)
{
  return self->service->steps[result_step_index(self)].prints;
}

static void
add_result_documents(AnyiCaseRunner *self, AnyiPrints prints)
{
  if (prints & ANYI_PRINT_QUEUE_TICKET)
    anyi_case_runner_add_document(self, "queue-ticket", ANYI_PRINTER_ROLE_RECEIPT,
                                  anyi_case_runner_queue_ticket_data(self));
  if (prints & ANYI_PRINT_RECEIPT)
    anyi_case_runner_add_document(self, "receipt", ANYI_PRINTER_ROLE_RECEIPT,
                                  anyi_case_runner_receipt_data(self));
  if (prints & ANYI_PRINT_APPLICATION_FORM)
    anyi_case_runner_add_document(self, "application-form", ANYI_PRINTER_ROLE_A4,
                                  anyi_case_runner_application_form_data(self));
  if (prints & ANYI_PRINT_LEAFLET) {
    anyi_case_runner_add_document(
        self, "guidance-leaflet", ANYI_PRINTER_ROLE_A4,
        anyi_catalogue_leaflet_data(self->service, self->hall, self->hotline, &self->today));
  }
}

/* @event: what the case's history says, NULL for the state's name. */
static gboolean
finish_accepted(AnyiCaseRunner *self, gboolean with_missing, AnyiPrints prints, const char *event,
                GError **error)
{
  AnyiCaseState to = with_missing ? ANYI_CASE_ACCEPTED_WITH_MISSING : ANYI_CASE_SUBMITTED;
  g_autoptr(GArray) owed = NULL;

  g_ptr_array_set_size(self->documents, 0);
  add_result_documents(self, prints);
  if (with_missing)
    anyi_case_runner_add_document(self, "one-time-notice", ANYI_PRINTER_ROLE_A4,
                                  json_object_ref(anyi_case_runner_member_object(self, "notice")));
  keep_documents_in_data(self);
  progress_set(self, "step", result_step_index(self));
  owed = owed_documents(self);
  if (!anyi_case_advance_owing(self->kase, to, event ? event : anyi_case_state_to_string(to),
                               (AnyiStoreDocument *)(void *)owed->data, owed->len, error)) {
    g_ptr_array_set_size(self->documents, 0);
    return FALSE;
  }
  self->step = result_step_index(self);
  return TRUE;
}

/* A service the hall's back office answers shows the answer before the case
 * ends: the answer is saved with the case, which then waits at its result
 * step until the citizen has seen it (anyi_case_runner_result_seen). */
static gboolean
accept_or_ask(AnyiCaseRunner *self, gboolean with_missing, GError **error)
{
  g_autoptr(GError) failure = NULL;
  JsonObject *answer = NULL;

  if (self->config.ask_back_office)
    answer = self->config.ask_back_office(self->service, anyi_case_runner_peek_object(self, "card"),
                                          self->config.back_office_data, &failure);
  if (failure) {
    g_warning("case %s: the back office did not answer: %s", anyi_case_get_number(self->kase),
              failure->message);
    return hand_off_with_todo(self, ANYI_HANDOFF_DEVICE_FAILURE, failure->message, _("完成查询"),
                              error);
  }
  if (!answer)
    return finish_accepted(self, with_missing, result_prints(self), NULL, error);
  json_object_set_object_member(anyi_case_runner_data(self), "answer", answer);
  return save_step(self, result_step_index(self), "result-shown", NULL, error);
}

/* A start-at-kiosk service: the window finishes what the kiosk prepared. */
/* A service finished at the kiosk that needs fingerprints, on a kiosk
 * without a reader: everything else is collected here (and paid), and the
 * window takes the fingerprints and finishes it, rather than the citizen
 * starting over there. */
gboolean
anyi_case_runner_fingerprints_at_window(AnyiCaseRunner *self)
{
  return (self->service->flags & ANYI_SERVICE_REQUIRES_FINGERPRINT) &&
         self->service->completion == ANYI_COMPLETION_KIOSK && !self->config.has_fingerprint_reader;
}

static gboolean
finish_at_window(AnyiCaseRunner *self, gboolean with_missing, GError **error)
{
  g_ptr_array_set_size(self->documents, 0);
  add_result_documents(self, result_prints(self));
  if (with_missing)
    anyi_case_runner_add_document(self, "one-time-notice", ANYI_PRINTER_ROLE_A4,
                                  json_object_ref(anyi_case_runner_member_object(self, "notice")));
  return anyi_case_runner_hand_off(self, ANYI_HANDOFF_WINDOW_FINISHES, NULL, error);
}

/* Judges the materials and ends the case: the rules of SCHEMA.md §4, §6. */
static gboolean
finish(AnyiCaseRunner *self, gboolean commits, GError **error)
{
  g_auto(GStrv) missing = anyi_case_runner_dup_missing(self);
  const AnyiMaterial *blocking = NULL;
  AnyiMaterialsVerdict verdict =
      anyi_catalogue_service_judge_missing(self->service, (const char *const *)missing,
                                           anyi_case_runner_claimed_waiver(self), &blocking);
  gboolean with_missing = verdict == ANYI_MATERIALS_ACCEPT_MISSING;

  if (verdict == ANYI_MATERIALS_HANDOFF)
    return anyi_case_runner_hand_off(self, ANYI_HANDOFF_ESSENTIAL_MATERIAL_MISSING,
                                     blocking ? blocking->id : NULL, error);
  if (with_missing && !commits)
    return anyi_case_runner_hand_off(self, ANYI_HANDOFF_CITIZEN_ASKED, "declined the commitment",
                                     error);
  if (with_missing)
    anyi_case_runner_fill_notice(self);
  if (self->service->flags & ANYI_SERVICE_SPECIAL_CASE)
    return anyi_case_runner_hand_off(self, ANYI_HANDOFF_SPECIAL_CASE, NULL, error);
  if (self->service->completion == ANYI_COMPLETION_START_AT_KIOSK ||
      anyi_case_runner_fingerprints_at_window(self))
    return finish_at_window(self, with_missing, error);
  return accept_or_ask(self, with_missing, error);
}

/* ---- walking the steps ---- */

/* A capture step for a waiver's proof runs only when that waiver is claimed;
 * a payment step only when something is left to pay. */
gboolean
anyi_case_runner_step_applies(AnyiCaseRunner *self, const AnyiStep *step)
{
  if (step->type == ANYI_STEP_CAPTURE_DOCUMENT) {
    for (guint i = 0; i < self->service->fee.n_waivers; i++) {
      const AnyiWaiver *waiver = &self->service->fee.waivers[i];
      if (waiver->proof == step->material)
        return g_strcmp0(anyi_case_runner_claimed_waiver(self), waiver->id) == 0;
    }
  }
  if (step->type == ANYI_STEP_PAYMENT)
    return anyi_case_runner_get_amount_fen(self) > 0 && !anyi_case_runner_payment_is_paid(self);
  return TRUE;
}

/* Moves past steps that do not apply and into review at the end; called
 * after every change. Skipping is recomputed on resume, so it needs no
 * write of its own. */
gboolean
anyi_case_runner_settle(AnyiCaseRunner *self, GError **error)
{
  while (!anyi_case_state_is_final(anyi_case_get_state(self->kase))) {
    const AnyiStep *step = &self->service->steps[self->step];

    if (!anyi_case_runner_step_applies(self, step)) {
      if (step->type == ANYI_STEP_PAYMENT)
        anyi_case_runner_payment_recall(self);
      self->step++;
      continue;
    }
    if ((step->type == ANYI_STEP_CONFIRM || step->type == ANYI_STEP_RESULT) &&
        anyi_case_get_state(self->kase) == ANYI_CASE_COLLECTING) {
      progress_set(self, "step", self->step);
      if (!anyi_case_advance(self->kase, ANYI_CASE_REVIEWING, "review", NULL, error))
        return FALSE;
      continue;
    }
    if (step->type == ANYI_STEP_RESULT && anyi_case_runner_get_answer(self))
      break; /* the answer waits to be seen */
    if (step->type == ANYI_STEP_RESULT)
      return finish(self, json_object_has_member(anyi_case_runner_data(self), "commitment"), error);
    break;
  }
  return TRUE;
}

static gboolean
next_step(AnyiCaseRunner *self, const char *event, const char *detail, GError **error)
{
  return save_step(self, self->step + 1, event, detail, error) &&
         anyi_case_runner_settle(self, error);
}

static gboolean
enter_case(AnyiCaseRunner *self, GError **error)
{
  gboolean pending;

  if (!finish_pending_handoff(self, &pending, error))
    return FALSE;
  if (pending)
    return TRUE;
  if (anyi_case_get_state(self->kase) == ANYI_CASE_STARTED &&
      !anyi_case_advance(self->kase, ANYI_CASE_COLLECTING, "collecting", NULL, error))
    return FALSE;
  return anyi_case_runner_settle(self, error);
}

static gboolean
find_service(AnyiCaseRunner *self, const char *service_id, GError **error)
{
  self->service = anyi_catalogue_lookup(self->catalogue, service_id);
  if (self->service)
    return TRUE;
  g_set_error(error, ANYI_CASE_RUNNER_ERROR, ANYI_CASE_RUNNER_ERROR_UNKNOWN_SERVICE,
              "no service '%s' in the catalogue", service_id);
  return FALSE;
}

gboolean
anyi_case_runner_start(AnyiCaseRunner *self, const char *service_id, GError **error)
{
  g_return_val_if_fail(self->kase == NULL, FALSE);
  if (!find_service(self, service_id, error))
    return FALSE;
  self->kase = anyi_case_start(self->store, service_id, self->config.kiosk_letter, error);
  return self->kase && enter_case(self, error);
}

gboolean
anyi_case_runner_resume(AnyiCaseRunner *self, gint64 case_id, GError **error)
{
  g_return_val_if_fail(self->kase == NULL, FALSE);
  self->kase = anyi_case_resume(self->store, case_id, error);
  if (!self->kase || !find_service(self, anyi_case_get_service_id(self->kase), error))
    return FALSE;
  self->step = MIN(progress_get(self, "step"), result_step_index(self));
  documents_from_data(self);
  if (anyi_case_state_is_final(anyi_case_get_state(self->kase)))
    return TRUE;
  g_message("case %s: resumed at step %u", anyi_case_get_number(self->kase), self->step);
  g_ptr_array_set_size(self->documents, 0);
  return enter_case(self, error);
}

/* ---- card and photo ---- */

/* At the last try the case is handed off, with @last_detail. */
static gboolean
count_failure(AnyiCaseRunner *self, const char *counter, guint max, const char *why,
              const char *last_detail, GError **error)
{
  guint tries = progress_get(self, counter) + 1;

  progress_set(self, counter, tries);
  if (tries >= max)
    return anyi_case_runner_hand_off(self, ANYI_HANDOFF_TOO_MANY_TRIES, last_detail, error);
  return anyi_case_save(self->kase, counter, why, error);
}

gboolean
anyi_case_runner_card_failed(AnyiCaseRunner *self, const char *why, GError **error)
{
  return check_step(self, ANYI_STEP_READ_CARD, error) &&
         count_failure(self, "card_tries", self->config.max_card_tries, why, "card_tries", error);
}

gboolean
anyi_case_runner_card_read(AnyiCaseRunner *self, const AnyiCaseCard *card, GError **error)
{
  GDate birth;
  AnyiAgeCheck age;

  if (!check_step(self, ANYI_STEP_READ_CARD, error))
    return FALSE;
  if (!anyi_case_runner_parse_card_date(card->birth, &birth))
    return count_failure(self, "card_tries", self->config.max_card_tries, "unreadable birth date",
                         "card_tries", error);
  anyi_case_runner_store_card(self, card);
  if (!anyi_catalogue_service_accepts_card(self->service, card->type))
    return anyi_case_runner_hand_off(self, ANYI_HANDOFF_INELIGIBLE, "card type not accepted",
                                     error);
  age = anyi_catalogue_service_check_age(self->service, &birth, &self->today);
  if (age != ANYI_AGE_OK)
    return anyi_case_runner_hand_off(self, ANYI_HANDOFF_INELIGIBLE,
                                     age == ANYI_AGE_TOO_YOUNG ? "too young"
                                     : age == ANYI_AGE_TOO_OLD ? "too old"
                                                               : "birth date after today",
                                     error);
  return next_step(self, "card-read", NULL, error);
}

/* The best try is kept with the case as it comes, so the window gets it
 * whenever the case goes there. */
gboolean
anyi_case_runner_photo_failed(AnyiCaseRunner *self, const char *why, const char *best_ref,
                              GError **error)
{
  if (!check_step(self, ANYI_STEP_PHOTO, error))
    return FALSE;
  if (best_ref)
    json_object_set_string_member(anyi_case_runner_data(self), "photo_best", best_ref);
  return count_failure(self, "photo_tries", self->config.max_photo_tries, why, why, error);
}

gboolean
anyi_case_runner_photo_gave_up(AnyiCaseRunner *self, const char *best_ref, const char *why,
                               GError **error)
{
  if (!check_step(self, ANYI_STEP_PHOTO, error))
    return FALSE;
  progress_set(self, "photo_tries", self->config.max_photo_tries - 1);
  return anyi_case_runner_photo_failed(self, why, best_ref, error);
}

guint
anyi_case_runner_get_photo_tries_left(AnyiCaseRunner *self)
{
  guint tries = self->kase ? progress_get(self, "photo_tries") : 0;

  return tries < self->config.max_photo_tries ? self->config.max_photo_tries - tries : 0;
}

gboolean
anyi_case_runner_photo_taken(AnyiCaseRunner *self, const char *photo_ref, GError **error)
{
  if (!check_step(self, ANYI_STEP_PHOTO, error))
    return FALSE;
  json_object_set_string_member(anyi_case_runner_data(self), "photo", photo_ref);
  json_object_remove_member(anyi_case_runner_data(self), "photo_best");
  return next_step(self, "photo-taken", NULL, error);
}

/* ---- documents and missing materials ---- */

static const AnyiMaterial *
lookup_material(AnyiCaseRunner *self, const char *material_id, GError **error)
{
  const AnyiMaterial *material = anyi_catalogue_service_material(self->service, material_id);

  if (!material)
    g_set_error(error, ANYI_CASE_RUNNER_ERROR, ANYI_CASE_RUNNER_ERROR_INVALID,
                "service %s has no material '%s'", self->service->id, material_id);
  return material;
}

gboolean
anyi_case_runner_document_captured(AnyiCaseRunner *self, const char *material_id,
                                   const char *document_ref, GError **error)
{
  if (!check_step(self, ANYI_STEP_CAPTURE_DOCUMENT, error) ||
      !lookup_material(self, material_id, error))
    return FALSE;
  if (self->service->steps[self->step].material !=
      anyi_catalogue_service_material(self->service, material_id)) {
    g_set_error(error, ANYI_CASE_RUNNER_ERROR, ANYI_CASE_RUNNER_ERROR_WRONG_STEP,
                "the step captures %s, not %s", self->service->steps[self->step].material->id,
                material_id);
    return FALSE;
  }
  json_object_set_string_member(anyi_case_runner_member_object(self, "documents"), material_id,
                                document_ref);
  return next_step(self, "document-captured", material_id, error);
}

static gboolean
is_missing(AnyiCaseRunner *self, const char *material_id)
{
  JsonArray *missing = peek_missing(self);

  for (guint i = 0; missing && i < json_array_get_length(missing); i++)
    if (g_strcmp0(json_array_get_string_element(missing, i), material_id) == 0)
      return TRUE;
  return FALSE;
}

/* A lacking essential material ends the case now, before the citizen goes
 * on (and pays) for nothing. */
static gboolean
judge_now(AnyiCaseRunner *self, gboolean at_step, const char *material_id, GError **error)
{
  g_auto(GStrv) missing = anyi_case_runner_dup_missing(self);
  const AnyiMaterial *blocking = NULL;

  if (anyi_catalogue_service_judge_missing(self->service, (const char *const *)missing,
                                           anyi_case_runner_claimed_waiver(self),
                                           &blocking) == ANYI_MATERIALS_HANDOFF)
    return anyi_case_runner_hand_off(self, ANYI_HANDOFF_ESSENTIAL_MATERIAL_MISSING,
                                     blocking ? blocking->id : material_id, error);
  if (at_step)
    return next_step(self, "material-missing", material_id, error);
  return anyi_case_save(self->kase, "material-missing", material_id, error);
}

gboolean
anyi_case_runner_material_missing(AnyiCaseRunner *self, const char *material_id, GError **error)
{
  const AnyiMaterial *material;
  const AnyiStep *step;
  gboolean at_step;

  if (!check_running(self, error) || !(material = lookup_material(self, material_id, error)))
    return FALSE;
  step = &self->service->steps[self->step];
  at_step = step->type == ANYI_STEP_CAPTURE_DOCUMENT && step->material == material;
  if (!at_step && material->capture != ANYI_CAPTURE_NONE) {
    g_set_error(error, ANYI_CASE_RUNNER_ERROR, ANYI_CASE_RUNNER_ERROR_WRONG_STEP,
                "%s is taken by its own step, not declared missing now", material_id);
    return FALSE;
  }
  if (!is_missing(self, material_id))
    json_array_add_string_element(missing_array(self), material_id);
  return judge_now(self, at_step, material_id, error);
}

/* ---- questions and forms ---- */

gboolean
anyi_case_runner_answer(AnyiCaseRunner *self, JsonObject *answers, GError **error)
{
  const AnyiStep *step;
  JsonObject *stored;

  if (!check_step(self, ANYI_STEP_QUESTIONS, error))
    return FALSE;
  step = &self->service->steps[self->step];
  /* the questions after an answer that does not fit need not be asked */
  for (guint i = 0; i < step->n_questions; i++) {
    JsonNode *answer = json_object_get_member(answers, step->questions[i]->id);
    if (!answer || json_node_get_value_type(answer) != G_TYPE_BOOLEAN) {
      g_set_error(error, ANYI_CASE_RUNNER_ERROR, ANYI_CASE_RUNNER_ERROR_INVALID,
                  "no yes/no answer to question '%s'", step->questions[i]->id);
      return FALSE;
    }
    if (json_node_get_boolean(answer) == step->questions[i]->ineligible_answer)
      break;
  }
  stored = anyi_case_runner_member_object(self, "answers");
  for (guint i = 0; i < step->n_questions; i++) {
    const AnyiQuestion *question = step->questions[i];
    gboolean yes = json_object_get_boolean_member(answers, question->id);
    json_object_set_boolean_member(stored, question->id, yes);
    if (yes == question->ineligible_answer)
      return anyi_case_runner_hand_off(self, ANYI_HANDOFF_INELIGIBLE, question->handoff_reason.zh,
                                       error);
  }
  return next_step(self, "answered", NULL, error);
}

static void
field_problem_free(AnyiCaseFieldProblem *problem)
{
  g_free(problem);
}

static gboolean
is_region_code(const char *code)
{
  if (!code || strlen(code) != ANYI_REGION_CODE_LENGTH)
    return FALSE;
  for (const char *c = code; *c; c++)
    if (!g_ascii_isdigit(*c))
      return FALSE;
  return TRUE;
}

/* The GB/T 2260 codes of the regions picked for the step's address
 * fields, kept beside the form (data member "region-codes", field id ->
 * code) for the window's systems. The values come from the form page;
 * a code for anything but an answered address field of this step, or not
 * six digits, is left out and logged. */
static void
keep_region_codes(AnyiCaseRunner *self, const AnyiStep *step, JsonObject *values)
{
  JsonNode *node = json_object_get_member(values, ANYI_CASE_REGION_CODES);
  JsonObject *codes = node && JSON_NODE_HOLDS_OBJECT(node) ? json_node_get_object(node) : NULL;
  JsonObject *kept;

  if (!codes)
    return;
  kept = anyi_case_runner_member_object(self, ANYI_CASE_REGION_CODES);
  for (guint i = 0; i < step->n_fields; i++) {
    const char *id = step->fields[i].id;
    JsonNode *code = json_object_get_member(codes, id);
    const char *text =
        code && JSON_NODE_HOLDS_VALUE(code) && json_node_get_value_type(code) == G_TYPE_STRING
            ? json_node_get_string(code)
            : NULL;

    if (!code)
      continue;
    if (is_region_code(text) && step->fields[i].validator == ANYI_FIELD_TEXT &&
        g_str_has_suffix(id, "address") &&
        *json_object_get_string_member_with_default(values, id, ""))
      json_object_set_string_member(kept, id, text);
    else
      g_warning("case %s: form field %s: region code left out (not six digits, or no address)",
                anyi_case_get_number(self->kase), id);
  }
}

gboolean
anyi_case_runner_form(AnyiCaseRunner *self, JsonObject *values, GPtrArray **problems,
                      GError **error)
{
  g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func((GDestroyNotify)field_problem_free);
  const AnyiStep *step;
  JsonObject *form;

  if (!check_step(self, ANYI_STEP_FORM, error))
    return FALSE;
  step = &self->service->steps[self->step];
  for (guint i = 0; i < step->n_fields; i++) {
    const AnyiFormField *field = &step->fields[i];
    const char *value = json_object_get_string_member_with_default(values, field->id, NULL);
    AnyiFieldProblem problem = anyi_form_field_check(field, value, &self->today);
    if (problem != ANYI_FIELD_OK) {
      AnyiCaseFieldProblem *item = g_new0(AnyiCaseFieldProblem, 1);
      item->field = field;
      item->problem = problem;
      g_ptr_array_add(found, item);
      g_info("case %s: form field %s: %s", anyi_case_get_number(self->kase), field->id,
             anyi_field_problem_name(problem));
    }
  }
  if (found->len == 0) {
    form = anyi_case_runner_member_object(self, "form");
    for (guint i = 0; i < step->n_fields; i++) {
      const char *value =
          json_object_get_string_member_with_default(values, step->fields[i].id, NULL);
      if (value && *value)
        json_object_set_string_member(form, step->fields[i].id, value);
    }
    keep_region_codes(self, step, values);
  }
  if (problems)
    *problems = g_ptr_array_ref(found);
  return found->len > 0 || next_step(self, "form-filled", NULL, error);
}

/* ---- the end of the case ---- */

gboolean
anyi_case_runner_confirm(AnyiCaseRunner *self, gboolean commits_to_missing, GError **error)
{
  if (!check_step(self, ANYI_STEP_CONFIRM, error))
    return FALSE;
  if (commits_to_missing)
    anyi_case_runner_record_commitment(self);
  if (!save_step(self, self->step + 1, "confirmed", NULL, error))
    return FALSE;
  return finish(self, commits_to_missing, error);
}

gboolean
anyi_case_runner_result_seen(AnyiCaseRunner *self, gboolean wants_receipt, GError **error)
{
  AnyiPrints prints = result_prints(self);

  if (!check_step(self, ANYI_STEP_RESULT, error))
    return FALSE;
  if (!anyi_case_runner_get_answer(self)) {
    g_set_error(error, ANYI_CASE_RUNNER_ERROR, ANYI_CASE_RUNNER_ERROR_WRONG_STEP,
                "case %s has no answer of the back office to see",
                anyi_case_get_number(self->kase));
    return FALSE;
  }
  if (!wants_receipt)
    prints &= ~ANYI_PRINT_RECEIPT;
  /* the notice exists when the case was judged complete but for what the
   * citizen committed to bring (finish) */
  return finish_accepted(self, json_object_has_member(anyi_case_runner_data(self), "notice"),
                         prints, wants_receipt ? "receipt-wanted" : "answered-on-screen", error);
}

gboolean
anyi_case_runner_ask_help(AnyiCaseRunner *self, GError **error)
{
  return check_running(self, error) &&
         anyi_case_runner_hand_off(self, ANYI_HANDOFF_CITIZEN_ASKED, NULL, error);
}

gboolean
anyi_case_runner_staff_call_unanswered(AnyiCaseRunner *self, GError **error)
{
  return check_running(self, error) &&
         anyi_case_runner_hand_off(self, ANYI_HANDOFF_STAFF_CALL_UNANSWERED, NULL, error);
}

gboolean
anyi_case_runner_timeout(AnyiCaseRunner *self, GError **error)
{
  if (!check_running(self, error))
    return FALSE;
  if (!something_collected(self))
    return end_abandoned(self, "timeout", error);
  return anyi_case_runner_hand_off(self, ANYI_HANDOFF_TIMEOUT, NULL, error);
}

gboolean
anyi_case_runner_device_failed(AnyiCaseRunner *self, const char *device, const char *detail,
                               GError **error)
{
  g_autofree char *what = g_strdup_printf("%s: %s", device, detail ? detail : "failed");

  if (!check_running(self, error))
    return FALSE;
  anyi_store_device_event_add(self->store, device, "failure", detail, NULL);
  return anyi_case_runner_hand_off(self, ANYI_HANDOFF_DEVICE_FAILURE, what, error);
}

gboolean
anyi_case_runner_abandon(AnyiCaseRunner *self, GError **error)
{
  return check_running(self, error) && end_abandoned(self, "abandoned", error);
}

/* ---- what to show ---- */

AnyiCase *
anyi_case_runner_get_case(AnyiCaseRunner *self)
{
  return self->kase;
}

const AnyiService *
anyi_case_runner_get_service(AnyiCaseRunner *self)
{
  return self->service;
}

AnyiCaseState
anyi_case_runner_get_state(AnyiCaseRunner *self)
{
  return self->kase ? anyi_case_get_state(self->kase) : ANYI_CASE_STARTED;
}

const AnyiStep *
anyi_case_runner_get_step(AnyiCaseRunner *self)
{
  AnyiCaseState state = anyi_case_runner_get_state(self);

  if (!self->kase || state == ANYI_CASE_HANDED_OFF || state == ANYI_CASE_ABANDONED)
    return NULL;
  return &self->service->steps[self->step];
}

guint
anyi_case_runner_get_step_index(AnyiCaseRunner *self)
{
  return self->step;
}

JsonObject *
anyi_case_runner_get_answer(AnyiCaseRunner *self)
{
  return self->kase ? anyi_case_runner_peek_object(self, "answer") : NULL;
}

GPtrArray *
anyi_case_runner_get_documents(AnyiCaseRunner *self)
{
  return self->documents;
}

gboolean
anyi_case_runner_get_handoff(AnyiCaseRunner *self, AnyiHandoffReason *reason)
{
  g_autoptr(AnyiStoredHandoff) handoff = NULL;

  if (anyi_case_runner_get_state(self) != ANYI_CASE_HANDED_OFF)
    return FALSE;
  handoff = anyi_store_handoff_for_case(self->store, anyi_case_get_id(self->kase), NULL);
  for (int r = 0; handoff && r < ANYI_HANDOFF_NUM_REASONS; r++)
    if (g_strcmp0(anyi_handoff_reason_to_string(r), handoff->reason) == 0) {
      *reason = r;
      return TRUE;
    }
  return FALSE;
}

/* A payment the platform may have taken while the kiosk was down is asked
 * about before the case is handed on, so the window knows what was paid. */
static gboolean
learn_payment_outcome(AnyiCaseRunner *runner, GError **error)
{
  g_autoptr(AnyiStoredPayment) payment = NULL;
  AnyiPaymentOutcome outcome;

  if (runner->service->steps[runner->step].type != ANYI_STEP_PAYMENT || !runner->payment)
    return TRUE;
  payment = anyi_store_payment_for_case(runner->store, anyi_case_get_id(runner->kase), NULL);
  if (!payment || !payment->order_id)
    return TRUE;
  return anyi_case_runner_payment_check(runner, &outcome, error);
}

static gboolean
recover_one(AnyiCaseRunner *runner, gint64 case_id, GError **error)
{
  if (!anyi_case_runner_resume(runner, case_id, error))
    return FALSE;
  if (anyi_case_state_is_final(anyi_case_runner_get_state(runner)))
    return TRUE;
  if (!learn_payment_outcome(runner, error))
    return FALSE;
  if (anyi_case_state_is_final(anyi_case_runner_get_state(runner)))
    return TRUE;
  if (!something_collected(runner))
    return end_abandoned(runner, "kiosk-restarted", error);
  return anyi_case_runner_device_failed(runner, "kiosk", "restarted", error);
}

/* A case the runner cannot take up again (its service left the catalogue,
 * its data or state unreadable) still ends: handed to the window as it was
 * stored, so staff see it and the retention purge wipes it in time. */
static gboolean
hand_off_unrecoverable(AnyiStore *store, gint64 case_id, const char *window, const GError *why,
                       GError **error)
{
  /* read again: the failed resume may have moved it before it failed */
  g_autoptr(AnyiStoredCase) stored = anyi_store_case_get(store, case_id, error);
  g_autoptr(JsonObject) summary = json_object_new();
  g_autoptr(JsonNode) node = json_node_init_object(json_node_alloc(), summary);
  g_autofree char *json = NULL;

  if (!stored)
    return FALSE;
  if (g_strv_contains(anyi_case_final_state_names(), stored->state))
    return TRUE;
  json_object_set_string_member(summary, "reason",
                                anyi_handoff_reason_to_string(ANYI_HANDOFF_RECOVERY_FAILED));
  json_object_set_string_member(summary, "detail", why ? why->message : "");
  json_object_set_string_member(summary, "state_at_handoff", stored->state);
  json_object_set_string_member(summary, "service", stored->service_id);
  json = json_to_string(node, FALSE);
  return anyi_store_case_hand_off(store, stored->id, stored->state,
                                  anyi_handoff_reason_to_string(ANYI_HANDOFF_RECOVERY_FAILED),
                                  window, json, NULL, error);
}

/* Each case on its own: one that cannot be resumed goes to the window and
 * the others are still ended. -1 only when the store cannot list them, or
 * cannot end one at all. */
int
anyi_case_runner_recover_unfinished(AnyiStore *store, AnyiCatalogue *catalogue,
                                    AnyiPaymentProvider *payment,
                                    const AnyiCaseRunnerConfig *config, GError **error)
{
  g_autoptr(GPtrArray) open =
      anyi_store_cases_unfinished(store, anyi_case_final_state_names(), error);
  g_autoptr(GError) last = NULL;

  if (!open)
    return -1;
  for (guint i = 0; i < open->len; i++) {
    const AnyiStoredCase *stored = g_ptr_array_index(open, i);
    g_autoptr(AnyiCaseRunner) runner = anyi_case_runner_new(store, catalogue, payment, config);
    g_autoptr(GError) failure = NULL;
    if (recover_one(runner, stored->id, &failure)) {
      g_message("case %s: recovered after a restart as %s", stored->number,
                anyi_case_state_to_string(anyi_case_runner_get_state(runner)));
      continue;
    }
    g_warning("case %s: cannot be resumed after a restart, handed to the window: %s",
              stored->number, failure->message);
    anyi_store_audit_add(store, "kiosk", "recovery-failed", stored->number, failure->message, NULL);
    g_clear_error(&last);
    if (!hand_off_unrecoverable(store, stored->id, runner->window, failure, &last))
      g_warning("case %s: not handed off either: %s", stored->number, last->message);
  }
  if (last) {
    g_propagate_error(error, g_steal_pointer(&last));
    return -1;
  }
  return (int)open->len;
}
