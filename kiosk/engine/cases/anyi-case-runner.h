/* SPDX-License-Identifier: GPL-3.0-or-later */
/* anyi-case-runner.h: plays a service of the catalogue as a case.
 *
 * The runner is fed what happens at the kiosk (a card read, a photo, a
 * document, answers, a form, the payment, a press on "help", a timeout, a
 * device failing) and walks the service's steps in order. After each call
 * the case is persisted first and only then does the caller read what to
 * show next (anyi_case_runner_get_step) and what to print
 * (anyi_case_runner_get_documents): the runner never prints or draws
 * (anyi-case-end.h prints). A service the hall's back office answers waits
 * at its result step with the answer until the citizen has seen it.
 *
 * Every way a case stops short ends in a handoff with a reason code.
 * Citizen mistakes (a form value in the wrong format) are not errors: the
 * step stays and the problems are reported. A GError means the call did
 * not fit the case (ANYI_CASE_RUNNER_ERROR) or the store failed; after a
 * store failure drop the runner and resume the case from the store. */
#pragma once

#include "cases/anyi-case.h"
#include "catalogue/catalogue-fields.h"
#include "catalogue/catalogue.h"
#include "idcard/idcard-card.h"
#include "payment/anyi-payment.h"
#include "print/printer-status.h"

G_BEGIN_DECLS

#define ANYI_CASE_RUNNER_ERROR (anyi_case_runner_error_quark())
GQuark anyi_case_runner_error_quark(void);
typedef enum {
  ANYI_CASE_RUNNER_ERROR_UNKNOWN_SERVICE, /* no such service in the catalogue */
  ANYI_CASE_RUNNER_ERROR_WRONG_STEP,      /* the event does not belong to the step shown */
  ANYI_CASE_RUNNER_ERROR_ENDED,           /* the case is already final */
  ANYI_CASE_RUNNER_ERROR_INVALID,         /* an argument names nothing in the service */
} AnyiCaseRunnerError;

/* Asks the hall's back office about a case that reached its result step.
 * @card is the card the case stored ("card" of its data: type, name, sex,
 * birth, id_number, address, valid_to), or NULL. Returns the answer
 * (owned by the caller), or NULL when the service asks the back office
 * nothing, or NULL with @error when the back office could not answer.
 *
 * The answer is kept in the case's data as "answer"; the runner reads:
 *   "lines"     the result lines of the receipt (array of strings),
 *   "next_step" where the citizen goes next (optional),
 *   "collected" what the window is told was looked up ({name, how}, optional);
 * the rest is what the service's result page shows. anyi-case-hall.h has
 * the hall's own implementation. */
typedef JsonObject *(*AnyiCaseResultFunc)(const AnyiService *service, JsonObject *card,
                                          gpointer user_data, GError **error);

/* How this kiosk runs cases. Strings are copied. */
typedef struct {
  char kiosk_letter;               /* in case numbers: MMDD-K### */
  const char *kiosk_id;            /* printed on documents */
  const char *hall;                /* printed on documents */
  const char *hotline;             /* printed on leaflets and notices */
  const char *window;              /* the window handoffs go to */
  guint max_card_tries;            /* failed card reads before a handoff; 0: 3 */
  guint max_photo_tries;           /* failed photos before a handoff; 0: 3 */
  gboolean has_fingerprint_reader; /* else a window finishes requires-fingerprint services */
  guint commitment_days; /* 容缺: calendar days to bring what lacks; 0: the time limit */
  AnyiWorkingDayFunc is_working_day; /* NULL: Monday to Friday */
  gpointer working_day_data;
  AnyiCaseResultFunc ask_back_office; /* NULL: no service asks */
  gpointer back_office_data;
} AnyiCaseRunnerConfig;

/* What the ID reader gave (drivers' AnyiIdCard, as text). */
typedef struct {
  AnyiCardTypes type; /* one bit */
  const char *name;
  const char *sex;   /* GB/T 2261.1 code: "1" male, "2" female */
  const char *birth; /* YYYYMMDD */
  const char *id_number;
  const char *address;
  const char *valid_to; /* YYYYMMDD or 长期 */
} AnyiCaseCard;

/* What the reader gave, as the runner takes it: the strings of @out point
 * into @card, which must outlive it. */
void anyi_case_card_from_id_card(const AnyiIdCard *card, AnyiCaseCard *out);

/* A document the caller prints: a template of print-templates/ and its data. */
typedef struct {
  char *template_name; /* receipt, queue-ticket, application-form, leaflet, handoff-slip,
                          one-time-notice */
  AnyiPrinterRole role;
  JsonObject *data;
} AnyiCaseDocument;

/* A form value the citizen has to correct. */
typedef struct {
  const AnyiFormField *field;
  AnyiFieldProblem problem;
} AnyiCaseFieldProblem;

#define ANYI_TYPE_CASE_RUNNER (anyi_case_runner_get_type())
G_DECLARE_FINAL_TYPE(AnyiCaseRunner, anyi_case_runner, ANYI, CASE_RUNNER, GObject)

/* @payment may be NULL on a kiosk that takes no payment: a fee then hands
 * the case off as unpaid. The store must outlive the runner. */
AnyiCaseRunner *anyi_case_runner_new(AnyiStore *store, AnyiCatalogue *catalogue,
                                     AnyiPaymentProvider *payment,
                                     const AnyiCaseRunnerConfig *config);
/* The day cases are judged on (ages, dates, deadlines); default today. */
void anyi_case_runner_set_today(AnyiCaseRunner *self, const GDate *today);

/* Starts a case of @service_id and moves to its first step. */
gboolean anyi_case_runner_start(AnyiCaseRunner *self, const char *service_id, GError **error);
/* Picks up a case persisted earlier (after a crash) where it stood. */
gboolean anyi_case_runner_resume(AnyiCaseRunner *self, gint64 case_id, GError **error);

/* ---- what happened at the kiosk ---- */
gboolean anyi_case_runner_card_read(AnyiCaseRunner *self, const AnyiCaseCard *card, GError **error);
gboolean anyi_case_runner_card_failed(AnyiCaseRunner *self, const char *why, GError **error);
/* @photo_ref names the saved photo (a path or an id of the photo store). */
gboolean anyi_case_runner_photo_taken(AnyiCaseRunner *self, const char *photo_ref, GError **error);
/* A try that did not give a usable photo. @best_ref names the best try
 * kept so far (or NULL: none could be cropped, or none better): after
 * max_photo_tries the case is handed off with it attached, so the window
 * starts from it rather than from nothing. */
gboolean anyi_case_runner_photo_failed(AnyiCaseRunner *self, const char *why, const char *best_ref,
                                       GError **error);
/* The photo step counted its own tries and gave up: hands off at once, as
 * photo_failed does at the last try. For a photo page that still counts. */
gboolean anyi_case_runner_photo_gave_up(AnyiCaseRunner *self, const char *best_ref, const char *why,
                                        GError **error);
gboolean anyi_case_runner_document_captured(AnyiCaseRunner *self, const char *material_id,
                                            const char *document_ref, GError **error);
/* The citizen lacks @material_id: at its capture-document step, or at any
 * time for a material the kiosk cannot take (kiosk_capture none). */
gboolean anyi_case_runner_material_missing(AnyiCaseRunner *self, const char *material_id,
                                           GError **error);
/* @answers: question id -> boolean, for every question of the step, or
 * up to the first answer that does not fit (the case is then handed off
 * with that question's reason). */
gboolean anyi_case_runner_answer(AnyiCaseRunner *self, JsonObject *answers, GError **error);
/* @values: field id -> string. When a value is wrong the step stays and
 * *problems (if not NULL) gets the AnyiCaseFieldProblem list (else empty).
 * @values may also hold ANYI_CASE_REGION_CODES: field id -> the GB/T 2260
 * code (six digits) of the region picked for that address; the case data
 * keeps them under the same name, and the window's ledger case has them. */
#define ANYI_CASE_REGION_CODES  "region-codes"
#define ANYI_REGION_CODE_LENGTH 6
gboolean anyi_case_runner_form(AnyiCaseRunner *self, JsonObject *values, GPtrArray **problems,
                               GError **error);
/* Opens the payment (keyed and persisted before the provider is asked);
 * then show anyi_case_runner_get_payment_qr(). */
gboolean anyi_case_runner_payment_start(AnyiCaseRunner *self, GError **error);
/* Asks the provider; paid moves on, failed/cancelled/timed-out hands off as
 * unpaid, pending changes nothing (ask again later). */
gboolean anyi_case_runner_payment_check(AnyiCaseRunner *self, AnyiPaymentOutcome *outcome,
                                        GError **error);
/* The citizen confirms; @commits_to_missing is the 容缺 commitment, needed
 * when only may-be-missing materials lack. */
gboolean anyi_case_runner_confirm(AnyiCaseRunner *self, gboolean commits_to_missing,
                                  GError **error);
/* The citizen has read the back office's answer (anyi_case_runner_get_answer)
 * and ends the case, with the receipt among its documents only if
 * @wants_receipt. */
gboolean anyi_case_runner_result_seen(AnyiCaseRunner *self, gboolean wants_receipt, GError **error);
gboolean anyi_case_runner_ask_help(AnyiCaseRunner *self, GError **error);
/* The citizen called staff to the kiosk and nobody came in time: the case
 * goes to the window with what was collected. */
gboolean anyi_case_runner_staff_call_unanswered(AnyiCaseRunner *self, GError **error);
/* The idle prompt ran out: handed off if anything was collected, else abandoned. */
gboolean anyi_case_runner_timeout(AnyiCaseRunner *self, GError **error);
gboolean anyi_case_runner_device_failed(AnyiCaseRunner *self, const char *device,
                                        const char *detail, GError **error);
/* The citizen leaves on purpose (the "exit" button). */
gboolean anyi_case_runner_abandon(AnyiCaseRunner *self, GError **error);

/* 上一步: whether the case can go back from the step shown to the citizen-facing
 * step before it. It cannot from the first step, nor past a barrier: the
 * card (it says whose case this is), a payment opened or taken, or a case
 * that has ended (its papers are printed). Steps that do not apply (a
 * waived payment, an unclaimed waiver's proof) are passed over. */
gboolean anyi_case_runner_can_go_back(AnyiCaseRunner *self);
/* Goes back to that step, dropping what it collected (its answers, form
 * values, photo, document or "I do not have it") in the case's data, and
 * saves the step and the data in one transaction: a crash afterwards
 * resumes at the step gone back to. The failed tries of a photo step gone
 * back to start again. @dropped (nullable) gets what the step held, for the
 * page to offer again: the form's field id -> string (and, under
 * ANYI_CASE_REGION_CODES, the region codes of its addresses: field id ->
 * code), or the questions' id -> boolean; NULL for other steps.
 * WRONG_STEP when there is no way back. */
gboolean anyi_case_runner_back(AnyiCaseRunner *self, JsonObject **dropped, GError **error);

/* ---- what to show and print ---- */
AnyiCase *anyi_case_runner_get_case(AnyiCaseRunner *self);
const AnyiService *anyi_case_runner_get_service(AnyiCaseRunner *self);
AnyiCaseState anyi_case_runner_get_state(AnyiCaseRunner *self);
/* The step to show: the result step once submitted or accepted, or while
 * the back office's answer waits to be seen; NULL after a handoff or when
 * abandoned (show the handoff page). */
const AnyiStep *anyi_case_runner_get_step(AnyiCaseRunner *self);
guint anyi_case_runner_get_step_index(AnyiCaseRunner *self);
/* Documents to print once the case is final: AnyiCaseDocument, owned. */
GPtrArray *anyi_case_runner_get_documents(AnyiCaseRunner *self);
/* The back office's answer while the case waits at its result step (and
 * after), or NULL: the service asked nothing. Owned by the case and wiped
 * with it (anyi_case_free): a reference taken does not keep its text; copy
 * what must outlive the runner. */
JsonObject *anyi_case_runner_get_answer(AnyiCaseRunner *self);
/* The photos the citizen may still try before the window takes over. */
guint anyi_case_runner_get_photo_tries_left(AnyiCaseRunner *self);
/* TRUE after a handoff, with its reason. */
gboolean anyi_case_runner_get_handoff(AnyiCaseRunner *self, AnyiHandoffReason *reason);
/* The fee after the claimed waiver, in fen. */
gint64 anyi_case_runner_get_amount_fen(AnyiCaseRunner *self);
/* TRUE while the payment platform says the citizen is paying this case's
 * open order right now (the session must not time out meanwhile). */
gboolean anyi_case_runner_payment_in_progress(AnyiCaseRunner *self);
/* What the payment QR code encodes, or NULL before the order is open. */
const char *anyi_case_runner_get_payment_qr(AnyiCaseRunner *self);
/* The idempotency key of this case's payment: "anyi-<number>-<id>". */
char *anyi_case_runner_payment_key(AnyiCaseRunner *self);

/* At start-up, after a crash or power cut: each case left unfinished is
 * resumed (a handoff already decided is finished as decided); one that is
 * still open, its citizen long gone, is handed off with reason
 * device-failure ("kiosk restarted") if anything was collected, else
 * abandoned. Returns how many cases it ended, or -1 with @error. */
int anyi_case_runner_recover_unfinished(AnyiStore *store, AnyiCatalogue *catalogue,
                                        AnyiPaymentProvider *payment,
                                        const AnyiCaseRunnerConfig *config, GError **error);

/* Finds the materials the citizen lacks so far (NULL-terminated, owned). */
GStrv anyi_case_runner_dup_missing(AnyiCaseRunner *self);
/* The service needs fingerprints, finished at the kiosk, on a kiosk
 * without a reader: the window takes them and finishes it. */
gboolean anyi_case_runner_fingerprints_at_window(AnyiCaseRunner *self);

G_END_DECLS
