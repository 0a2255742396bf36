/* SPDX-License-Identifier: GPL-3.0-or-later */
/* anyi-case.c: the case state machine over the store. */
#include "anyi-case.h"
#include "anyi-secure-json.h"
#include "usb/anyi-secure.h"

#include <glib/gi18n-lib.h>

/* clang-format off */
G_DEFINE_QUARK(anyi-case-error-quark, anyi_case_error)
/* clang-format on */

struct _AnyiCase {
  AnyiStore *store; /* not owned */
  gint64 id;
  char *number;
  char *service_id;
  AnyiCaseState state;
  JsonObject *data;
};

static const char *const state_names[ANYI_CASE_NUM_STATES + 1] = {
    [ANYI_CASE_STARTED] = "started",
    [ANYI_CASE_COLLECTING] = "collecting",
    [ANYI_CASE_REVIEWING] = "reviewing",
    [ANYI_CASE_SUBMITTED] = "submitted",
    [ANYI_CASE_ACCEPTED_WITH_MISSING] = "accepted-with-missing-materials",
    [ANYI_CASE_HANDED_OFF] = "handed-off",
    [ANYI_CASE_ABANDONED] = "abandoned",
};

static const char *const final_names[] = {"submitted", "accepted-with-missing-materials",
                                          "handed-off", "abandoned", NULL};

static const struct {
  const char *name;
  const char *sentence;
} reasons[ANYI_HANDOFF_NUM_REASONS] = {
    [ANYI_HANDOFF_ESSENTIAL_MATERIAL_MISSING] = {"essential-material-missing",
                                                 N_("主要材料不齐，需要窗口工作人员帮您办理")},
    [ANYI_HANDOFF_INELIGIBLE] = {"ineligible", N_("自助机上无法办理您的情况，请到窗口咨询")},
    [ANYI_HANDOFF_SPECIAL_CASE] = {"special-case", N_("您的事项需要工作人员当面审核")},
    [ANYI_HANDOFF_DEVICE_FAILURE] = {"device-failure", N_("设备暂时出现故障，请到窗口继续办理")},
    [ANYI_HANDOFF_CITIZEN_ASKED] = {"citizen-asked", N_("您选择了人工帮助")},
    [ANYI_HANDOFF_TOO_MANY_TRIES] = {"too-many-tries", N_("多次尝试未成功，请到窗口继续办理")},
    [ANYI_HANDOFF_TIMEOUT] = {"timeout", N_("操作超时，已为您保存已填写的内容")},
    [ANYI_HANDOFF_UNPAID] = {"unpaid", N_("缴费未完成，请到窗口缴费")},
    [ANYI_HANDOFF_WINDOW_FINISHES] = {"window-finishes",
                                      N_("自助机已为您准备好材料，请到窗口完成办理")},
    [ANYI_HANDOFF_REFUND_OWED] = {"refund-owed", N_("您已缴费，请持本单到窗口继续办理或办理退款")},
    [ANYI_HANDOFF_RECOVERY_FAILED] = {"recovery-failed",
                                      N_("自助机重启后未能恢复您的业务，请到窗口继续办理")},
    [ANYI_HANDOFF_STAFF_CALL_UNANSWERED] = {"staff-call-unanswered",
                                            N_("工作人员暂时没能过来，请到窗口继续办理")},
};

/* allowed[from][to] */
static const gboolean allowed[ANYI_CASE_NUM_STATES][ANYI_CASE_NUM_STATES] = {
    [ANYI_CASE_STARTED] = {[ANYI_CASE_COLLECTING] = TRUE,
                           [ANYI_CASE_HANDED_OFF] = TRUE,
                           [ANYI_CASE_ABANDONED] = TRUE},
    [ANYI_CASE_COLLECTING] =
        {[ANYI_CASE_REVIEWING] = TRUE, [ANYI_CASE_HANDED_OFF] = TRUE, [ANYI_CASE_ABANDONED] = TRUE},
    [ANYI_CASE_REVIEWING] = {[ANYI_CASE_COLLECTING] = TRUE,
                             [ANYI_CASE_SUBMITTED] = TRUE,
                             [ANYI_CASE_ACCEPTED_WITH_MISSING] = TRUE,
                             [ANYI_CASE_HANDED_OFF] = TRUE,
                             [ANYI_CASE_ABANDONED] = TRUE},
};

const char *
anyi_case_state_to_string(AnyiCaseState state)
{
  g_return_val_if_fail(state < ANYI_CASE_NUM_STATES, NULL);
  return state_names[state];
}

gboolean
anyi_case_state_from_string(const char *name, AnyiCaseState *state)
{
  for (int i = 0; i < ANYI_CASE_NUM_STATES; i++)
    if (g_strcmp0(state_names[i], name) == 0) {
      *state = (AnyiCaseState)i;
      return TRUE;
    }
  return FALSE;
}

gboolean
anyi_case_state_is_final(AnyiCaseState state)
{
  return g_strv_contains(final_names, state_names[state]);
}

const char *const *
anyi_case_final_state_names(void)
{
  return final_names;
}

const char *
anyi_handoff_reason_to_string(AnyiHandoffReason reason)
{
  g_return_val_if_fail(reason < ANYI_HANDOFF_NUM_REASONS, NULL);
  return reasons[reason].name;
}

const char *
anyi_handoff_reason_describe(AnyiHandoffReason reason)
{
  g_return_val_if_fail(reason < ANYI_HANDOFF_NUM_REASONS, NULL);
  return g_dgettext(GETTEXT_PACKAGE, reasons[reason].sentence);
}

static char *
data_to_json(JsonObject *data)
{
  return anyi_secure_json_object_to_string(data);
}

static JsonObject *
data_from_json(const char *text)
{
  g_autoptr(GError) error = NULL;
  JsonObject *data = anyi_secure_json_parse_object(text && *text ? text : "{}", &error);

  if (data)
    return data;
  g_warning("case: stored data is not a JSON object (%s); starting from empty data",
            error->message);
  return json_object_new();
}

static AnyiCase *
case_from_stored(AnyiStore *store, AnyiStoredCase *stored, GError **error)
{
  AnyiCase *self;
  AnyiCaseState state;

  if (!anyi_case_state_from_string(stored->state, &state)) {
    g_set_error(error, ANYI_CASE_ERROR, ANYI_CASE_ERROR_ILLEGAL_TRANSITION,
                "case %s has unknown state '%s'", stored->number, stored->state);
    return NULL;
  }
  self = g_new0(AnyiCase, 1);
  self->store = store;
  self->id = stored->id;
  self->number = g_strdup(stored->number);
  self->service_id = g_strdup(stored->service_id);
  self->state = state;
  self->data = data_from_json(stored->data_json);
  return self;
}

AnyiCase *
anyi_case_start(AnyiStore *store, const char *service_id, char kiosk_letter, GError **error)
{
  g_autoptr(AnyiStoredCase) stored = anyi_store_case_create(store, service_id, kiosk_letter,
                                                            state_names[ANYI_CASE_STARTED], error);

  if (!stored)
    return NULL;
  g_message("case %s: started %s", stored->number, service_id);
  return case_from_stored(store, stored, error);
}

AnyiCase *
anyi_case_resume(AnyiStore *store, gint64 case_id, GError **error)
{
  g_autoptr(AnyiStoredCase) stored = anyi_store_case_get(store, case_id, error);

  return stored ? case_from_stored(store, stored, error) : NULL;
}

void
anyi_case_free(AnyiCase *self)
{
  if (!self)
    return;
  g_free(self->number);
  g_free(self->service_id);
  g_clear_pointer(&self->data, anyi_secure_json_object_unref);
  g_free(self);
}

gint64
anyi_case_get_id(AnyiCase *self)
{
  return self->id;
}

const char *
anyi_case_get_number(AnyiCase *self)
{
  return self->number;
}

const char *
anyi_case_get_service_id(AnyiCase *self)
{
  return self->service_id;
}

AnyiCaseState
anyi_case_get_state(AnyiCase *self)
{
  return self->state;
}

JsonObject *
anyi_case_get_data(AnyiCase *self)
{
  return self->data;
}

static gboolean advance_with(AnyiCase *self, AnyiCaseState to, const char *event,
                             const char *detail, const AnyiStoreDocument *documents,
                             guint n_documents, GError **error);

gboolean
anyi_case_advance(AnyiCase *self, AnyiCaseState to, const char *event, const char *detail,
                  GError **error)
{
  return advance_with(self, to, event, detail, NULL, 0, error);
}

gboolean
anyi_case_advance_owing(AnyiCase *self, AnyiCaseState to, const char *event,
                        const AnyiStoreDocument *documents, guint n_documents, GError **error)
{
  return advance_with(self, to, event, NULL, documents, n_documents, error);
}

static gboolean
advance_with(AnyiCase *self, AnyiCaseState to, const char *event, const char *detail,
             const AnyiStoreDocument *documents, guint n_documents, GError **error)
{
  g_autoptr(AnyiSecureString) json = NULL;

  if (to >= ANYI_CASE_NUM_STATES || !allowed[self->state][to] || to == ANYI_CASE_HANDED_OFF) {
    g_set_error(error, ANYI_CASE_ERROR, ANYI_CASE_ERROR_ILLEGAL_TRANSITION,
                "case %s: %s -> %s is not allowed", self->number, state_names[self->state],
                to < ANYI_CASE_NUM_STATES ? state_names[to] : "?");
    return FALSE;
  }
  json = data_to_json(self->data);
  if (!anyi_store_case_finish(self->store, self->id, state_names[self->state], state_names[to],
                              event, detail, json, documents, n_documents, error))
    return FALSE;
  g_info("case %s: %s -> %s (%s)", self->number, state_names[self->state], state_names[to], event);
  self->state = to;
  return TRUE;
}

gboolean
anyi_case_save(AnyiCase *self, const char *event, const char *detail, GError **error)
{
  g_autoptr(AnyiSecureString) json = data_to_json(self->data);
  const char *state = state_names[self->state];

  return anyi_store_case_transition(self->store, self->id, state, state, event, detail, json,
                                    error);
}

gboolean
anyi_case_hand_off(AnyiCase *self, AnyiHandoffReason reason, const char *detail, const char *window,
                   GError **error)
{
  return anyi_case_hand_off_owing(self, reason, detail, window, NULL, 0, error);
}

gboolean
anyi_case_hand_off_owing(AnyiCase *self, AnyiHandoffReason reason, const char *detail,
                         const char *window, const AnyiStoreDocument *documents, guint n_documents,
                         GError **error)
{
  g_autoptr(JsonObject) summary = json_object_new();
  g_autoptr(AnyiSecureString) json = NULL;

  if (anyi_case_state_is_final(self->state)) {
    g_set_error(error, ANYI_CASE_ERROR, ANYI_CASE_ERROR_ILLEGAL_TRANSITION, "case %s is already %s",
                self->number, state_names[self->state]);
    return FALSE;
  }
  json_object_set_string_member(summary, "reason", reasons[reason].name);
  json_object_set_string_member(summary, "detail", detail ? detail : "");
  json_object_set_string_member(summary, "state_at_handoff", state_names[self->state]);
  json_object_set_object_member(summary, "collected", json_object_ref(self->data));
  json = data_to_json(summary);
  if (!anyi_store_case_hand_off_owing(self->store, self->id, state_names[self->state],
                                      reasons[reason].name, window, json, documents, n_documents,
                                      NULL, error))
    return FALSE;
  g_message("case %s: handed off to window %s: %s%s%s", self->number, window, reasons[reason].name,
            detail ? ": " : "", detail ? detail : "");
  self->state = ANYI_CASE_HANDED_OFF;
  return TRUE;
}
