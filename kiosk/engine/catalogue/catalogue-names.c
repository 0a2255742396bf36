/* SPDX-License-Identifier: GPL-3.0-or-later */
/* catalogue-names.c: the words the files use for each enum. */
#include "catalogue-names-private.h"

#include "catalogue.h"

const char *const anyi_completion_names[] = {"kiosk", "start-at-kiosk", NULL};
const char *const anyi_card_names[] = {"resident", "hk_mo_tw_permit", "foreign_permanent", NULL};
const char *const anyi_material_kind_names[] = {"essential", "secondary", NULL};
const char *const anyi_capture_names[] = {"none", "document-camera", "photo", "card", NULL};
const char *const anyi_waiver_effect_names[] = {"waive", "halve", NULL};
const char *const anyi_day_kind_names[] = {"working-days", "calendar-days", NULL};
const char *const anyi_collect_names[] = {"none", "kiosk-print", "window", "post", "online", NULL};
const char *const anyi_flag_names[] = {"special-case", "requires-photo", "requires-fingerprint",
                                       "bundle",       "agent-allowed",  NULL};
const char *const anyi_step_type_names[] = {"read-card", "photo",  "capture-document",
                                            "questions", "form",   "payment",
                                            "confirm",   "result", NULL};
const char *const anyi_validator_names[] = {"mobile", "chinese-name", "date", "choice",
                                            "text",   "id-number",    NULL};
const char *const anyi_date_range_names[] = {"any", "past", "future", NULL};
const char *const anyi_print_names[] = {"receipt", "leaflet", "application-form", "queue-ticket",
                                        NULL};

const char *
anyi_completion_to_string(AnyiCompletion completion)
{
  g_return_val_if_fail(completion <= ANYI_COMPLETION_START_AT_KIOSK, NULL);
  return anyi_completion_names[completion];
}

const char *
anyi_step_type_to_string(AnyiStepType type)
{
  g_return_val_if_fail(type <= ANYI_STEP_RESULT, NULL);
  return anyi_step_type_names[type];
}
