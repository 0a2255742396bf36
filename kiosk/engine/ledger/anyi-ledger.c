/* SPDX-License-Identifier: GPL-3.0-or-later */
/* anyi-ledger.c: the ledger interface, its records and the day's CSV. */
#include "anyi-ledger.h"

#include "usb/anyi-secure.h"

#include <glib/gi18n-lib.h>

G_DEFINE_QUARK(anyi - ledger - error - quark, anyi_ledger_error)
G_DEFINE_INTERFACE(AnyiLedger, anyi_ledger, G_TYPE_OBJECT)

static void
anyi_ledger_default_init(AnyiLedgerInterface *iface)
{
  (void)iface;
}

static const struct {
  const char *name;
  const char *label;
} outcomes[] = {
    [ANYI_LEDGER_OUTCOME_NONE] = {NULL, N_("待处理")},
    [ANYI_LEDGER_OUTCOME_FINISHED] = {"finished", N_("已办结")},
    [ANYI_LEDGER_OUTCOME_WAITING_FOR_MATERIAL] = {"waiting-for-material", N_("待补材料")},
    [ANYI_LEDGER_OUTCOME_REFERRED] = {"referred", N_("已转办")},
    [ANYI_LEDGER_OUTCOME_REFUSED] = {"refused", N_("不予受理")},
};

const char *
anyi_ledger_outcome_to_string(AnyiLedgerOutcome outcome)
{
  g_return_val_if_fail(outcome <= ANYI_LEDGER_OUTCOME_REFUSED, NULL);
  return outcomes[outcome].name;
}

gboolean
anyi_ledger_outcome_from_string(const char *name, AnyiLedgerOutcome *outcome)
{
  for (guint i = ANYI_LEDGER_OUTCOME_FINISHED; i < G_N_ELEMENTS(outcomes); i++)
    if (g_strcmp0(outcomes[i].name, name) == 0) {
      *outcome = i;
      return TRUE;
    }
  return FALSE;
}

const char *
anyi_ledger_outcome_label(AnyiLedgerOutcome outcome)
{
  g_return_val_if_fail(outcome <= ANYI_LEDGER_OUTCOME_REFUSED, NULL);
  return _(outcomes[outcome].label);
}

/* ---- records ---- */

void
anyi_ledger_listing_free(AnyiLedgerListing *listing)
{
  if (!listing)
    return;
  g_free(listing->case_number);
  g_free(listing->service_id);
  g_free(listing->reason);
  g_free(listing->status);
  g_free(listing->owner);
  g_free(listing->kiosk_id);
  g_free(listing);
}

void
anyi_ledger_image_free(AnyiLedgerImage *image)
{
  if (!image)
    return;
  g_free(image->what);
  g_clear_pointer(&image->jpeg, g_bytes_unref);
  g_free(image->problem);
  g_free(image);
}

void
anyi_ledger_commitment_free(AnyiLedgerCommitment *commitment)
{
  if (!commitment)
    return;
  g_free(commitment->case_number);
  g_free(commitment->material_id);
  g_free(commitment->name);
  g_free(commitment->committed_on);
  g_free(commitment->deadline);
  g_free(commitment->received_by);
  g_free(commitment);
}

const char *
anyi_ledger_commitment_state(const AnyiLedgerCommitment *commitment, const GDate *today)
{
  GDate deadline;

  if (commitment->received_at > 0)
    return "received";
  g_date_clear(&deadline, 1);
  if (commitment->deadline)
    g_date_set_parse(&deadline, commitment->deadline);
  if (g_date_valid(&deadline) && g_date_compare(&deadline, today) < 0)
    return "overdue";
  return "due";
}

void
anyi_ledger_event_free(AnyiLedgerEvent *event)
{
  if (!event)
    return;
  g_free(event->actor);
  g_free(event->what);
  anyi_secure_free_string(event->detail);
  g_free(event);
}

void
anyi_ledger_case_free(AnyiLedgerCase *kase)
{
  if (!kase)
    return;
  g_free(kase->case_number);
  g_free(kase->service_id);
  g_free(kase->kiosk_id);
  g_free(kase->kiosk_state);
  g_free(kase->reason);
  g_free(kase->reason_detail);
  g_clear_pointer(&kase->card, json_object_unref);
  g_clear_pointer(&kase->answers, json_object_unref);
  g_clear_pointer(&kase->form, json_object_unref);
  g_clear_pointer(&kase->region_codes, json_object_unref);
  g_free(kase->order_id);
  g_free(kase->payment_state);
  g_clear_pointer(&kase->images, g_ptr_array_unref);
  g_clear_pointer(&kase->commitments, g_ptr_array_unref);
  g_clear_pointer(&kase->printed, g_ptr_array_unref);
  g_clear_pointer(&kase->documents, json_array_unref);
  g_clear_pointer(&kase->history, g_ptr_array_unref);
  g_free(kase->status);
  g_free(kase->owner);
  g_free(kase->outcome_reason);
  anyi_secure_free_string(kase->citizen_note);
  g_free(kase);
}

const char *
anyi_ledger_case_id_number(const AnyiLedgerCase *kase)
{
  return kase->card ? json_object_get_string_member_with_default(kase->card, "id_number", NULL)
                    : NULL;
}

void
anyi_ledger_answer_free(AnyiLedgerAnswer *answer)
{
  if (!answer)
    return;
  g_free(answer->case_number);
  g_free(answer->reason);
  g_free(answer->window);
  anyi_secure_free_string(answer->citizen_note);
  g_free(answer);
}

static void
service_count_free(AnyiLedgerServiceCount *count)
{
  g_free(count->service_id);
  g_free(count);
}

static void
reason_count_free(AnyiLedgerReasonCount *count)
{
  g_free(count->reason);
  g_free(count);
}

AnyiLedgerStats *
anyi_ledger_stats_new(const char *day)
{
  AnyiLedgerStats *stats = g_new0(AnyiLedgerStats, 1);

  stats->day = g_strdup(day);
  stats->services = g_ptr_array_new_with_free_func((GDestroyNotify)service_count_free);
  stats->reasons = g_ptr_array_new_with_free_func((GDestroyNotify)reason_count_free);
  stats->median_seconds = -1;
  stats->median_window_seconds = -1;
  return stats;
}

void
anyi_ledger_stats_free(AnyiLedgerStats *stats)
{
  if (!stats)
    return;
  g_free(stats->day);
  g_ptr_array_unref(stats->services);
  g_ptr_array_unref(stats->reasons);
  g_free(stats);
}

/* RFC 4180: a field with a comma, quote or line break goes in quotes, its
 * quotes doubled. Service ids and reasons are ours, but a hall names them. */
static void
csv_field(GString *out, const char *text)
{
  if (!strpbrk(text, ",\"\r\n")) {
    g_string_append(out, text);
    return;
  }
  g_string_append_c(out, '"');
  for (const char *p = text; *p; p++) {
    if (*p == '"')
      g_string_append_c(out, '"');
    g_string_append_c(out, *p);
  }
  g_string_append_c(out, '"');
}

static void
csv_line(GString *out, const char *kind, const char *name, guint a, guint b, guint c)
{
  csv_field(out, kind);
  g_string_append_c(out, ',');
  csv_field(out, name);
  g_string_append_printf(out, ",%u,%u,%u\r\n", a, b, c);
}

char *
anyi_ledger_stats_to_csv(const AnyiLedgerStats *stats)
{
  GString *out = g_string_new("kind,name,cases,finished_at_kiosk,handed_off\r\n");

  for (guint i = 0; i < stats->services->len; i++) {
    const AnyiLedgerServiceCount *count = g_ptr_array_index(stats->services, i);
    csv_line(out, "service", count->service_id, count->cases, count->finished_at_kiosk,
             count->handed_off);
  }
  for (guint i = 0; i < stats->reasons->len; i++) {
    const AnyiLedgerReasonCount *count = g_ptr_array_index(stats->reasons, i);
    csv_line(out, "reason", count->reason, count->count, 0, count->count);
  }
  csv_line(out, "total", stats->day, stats->cases, stats->finished_at_kiosk, stats->handed_off);
  g_string_append_printf(out, "median_seconds,%s,%" G_GINT64_FORMAT ",,\r\n", stats->day,
                         stats->median_seconds);
  g_string_append_printf(out, "median_window_seconds,%s,%" G_GINT64_FORMAT ",,\r\n", stats->day,
                         stats->median_window_seconds);
  return g_string_free(out, FALSE);
}

/* ---- dispatch ---- */

static gboolean
is_blank(const char *text)
{
  for (const char *p = text; p && *p; p++)
    if (!g_ascii_isspace(*p))
      return FALSE;
  return TRUE;
}

#define IFACE(self) ANYI_LEDGER_GET_IFACE(self)

GPtrArray *
anyi_ledger_list_waiting(AnyiLedger *self, gint64 after, guint limit, GError **error)
{
  g_return_val_if_fail(ANYI_IS_LEDGER(self), NULL);
  return IFACE(self)->list_waiting(self, after, limit, error);
}

char *
anyi_ledger_find(AnyiLedger *self, const char *query, GError **error)
{
  g_return_val_if_fail(ANYI_IS_LEDGER(self), NULL);
  return IFACE(self)->find(self, query, error);
}

AnyiLedgerCase *
anyi_ledger_get_case(AnyiLedger *self, const char *case_number, GError **error)
{
  g_return_val_if_fail(ANYI_IS_LEDGER(self), NULL);
  return IFACE(self)->get_case(self, case_number, error);
}

gboolean
anyi_ledger_claim(AnyiLedger *self, const char *case_number, const char *staff, GError **error)
{
  g_return_val_if_fail(ANYI_IS_LEDGER(self), FALSE);
  return IFACE(self)->claim(self, case_number, staff, error);
}

gboolean
anyi_ledger_add_note(AnyiLedger *self, const char *case_number, const char *staff, const char *text,
                     GError **error)
{
  g_return_val_if_fail(ANYI_IS_LEDGER(self), FALSE);
  if (is_blank(text)) {
    g_set_error(error, ANYI_LEDGER_ERROR, ANYI_LEDGER_ERROR_INVALID, "an empty note");
    return FALSE;
  }
  return IFACE(self)->add_note(self, case_number, staff, text, error);
}

gboolean
anyi_ledger_record_outcome(AnyiLedger *self, const char *case_number, const char *staff,
                           AnyiLedgerOutcome outcome, const char *reason, const char *citizen_note,
                           GError **error)
{
  g_return_val_if_fail(ANYI_IS_LEDGER(self), FALSE);
  if (outcome == ANYI_LEDGER_OUTCOME_NONE || outcome > ANYI_LEDGER_OUTCOME_REFUSED) {
    g_set_error(error, ANYI_LEDGER_ERROR, ANYI_LEDGER_ERROR_INVALID, "no outcome chosen");
    return FALSE;
  }
  if (outcome == ANYI_LEDGER_OUTCOME_REFUSED && (!reason || !*reason)) {
    g_set_error(error, ANYI_LEDGER_ERROR, ANYI_LEDGER_ERROR_INVALID, "a refusal needs its reason");
    return FALSE;
  }
  return IFACE(self)->record_outcome(self, case_number, staff, outcome, reason,
                                     citizen_note && *citizen_note ? citizen_note : NULL, error);
}

gboolean
anyi_ledger_material_received(AnyiLedger *self, const char *case_number, const char *material_id,
                              const char *staff, GError **error)
{
  g_return_val_if_fail(ANYI_IS_LEDGER(self), FALSE);
  return IFACE(self)->material_received(self, case_number, material_id, staff, error);
}

gboolean
anyi_ledger_audit_reveal(AnyiLedger *self, const char *case_number, const char *staff,
                         GError **error)
{
  g_return_val_if_fail(ANYI_IS_LEDGER(self), FALSE);
  return IFACE(self)->audit_reveal(self, case_number, staff, error);
}

GPtrArray *
anyi_ledger_hard_cases(AnyiLedger *self, gint64 wait_limit_seconds, GError **error)
{
  g_return_val_if_fail(ANYI_IS_LEDGER(self), NULL);
  return IFACE(self)->hard_cases(self, wait_limit_seconds, error);
}

GPtrArray *
anyi_ledger_commitments(AnyiLedger *self, gboolean with_received, GError **error)
{
  g_return_val_if_fail(ANYI_IS_LEDGER(self), NULL);
  return IFACE(self)->commitments(self, with_received, error);
}

AnyiLedgerStats *
anyi_ledger_day_stats(AnyiLedger *self, const GDate *day, GError **error)
{
  g_return_val_if_fail(ANYI_IS_LEDGER(self), NULL);
  return IFACE(self)->day_stats(self, day, error);
}

AnyiLedgerAnswer *
anyi_ledger_answer_for_citizen(AnyiLedger *self, const char *id_number, GError **error)
{
  g_return_val_if_fail(ANYI_IS_LEDGER(self), NULL);
  return IFACE(self)->answer_for_citizen(self, id_number, error);
}

gint64
anyi_ledger_now(AnyiLedger *self)
{
  g_return_val_if_fail(ANYI_IS_LEDGER(self), 0);
  return IFACE(self)->now(self);
}

gboolean
anyi_ledger_sign_in(AnyiLedger *self, const char *login, const char *pin, char **role,
                    char **display_name, GError **error)
{
  g_return_val_if_fail(ANYI_IS_LEDGER(self), FALSE);
  g_return_val_if_fail(IFACE(self)->sign_in != NULL, FALSE);
  return IFACE(self)->sign_in(self, login, pin, role, display_name, error);
}

void
anyi_ledger_sign_in_async(AnyiLedger *self, const char *login, const char *pin,
                          GCancellable *cancellable, GAsyncReadyCallback callback,
                          gpointer user_data)
{
  g_return_if_fail(ANYI_IS_LEDGER(self));
  g_return_if_fail(IFACE(self)->sign_in_async != NULL);
  IFACE(self)->sign_in_async(self, login, pin, cancellable, callback, user_data);
}

gboolean
anyi_ledger_sign_in_finish(AnyiLedger *self, GAsyncResult *result, char **role, char **display_name,
                           GError **error)
{
  g_return_val_if_fail(ANYI_IS_LEDGER(self), FALSE);
  return IFACE(self)->sign_in_finish(self, result, role, display_name, error);
}

GPtrArray *
anyi_ledger_open_calls(AnyiLedger *self, GError **error)
{
  g_return_val_if_fail(ANYI_IS_LEDGER(self), NULL);
  return IFACE(self)->open_calls(self, error);
}

gboolean
anyi_ledger_answer_call(AnyiLedger *self, const char *kiosk_id, gint64 call_id, const char *staff,
                        GError **error)
{
  g_return_val_if_fail(ANYI_IS_LEDGER(self), FALSE);
  g_return_val_if_fail(kiosk_id != NULL && staff != NULL, FALSE);
  return IFACE(self)->answer_call(self, kiosk_id, call_id, staff, error);
}
