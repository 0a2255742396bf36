/* SPDX-License-Identifier: GPL-3.0-or-later */
/* catalogue-fields.h: checking a citizen's answer to a form field. */
#pragma once

#include "catalogue.h"

G_BEGIN_DECLS

typedef enum {
  ANYI_FIELD_OK,
  ANYI_FIELD_EMPTY,             /* a required field left empty */
  ANYI_FIELD_TOO_LONG,          /* text over max_length characters */
  ANYI_FIELD_BAD_FORMAT,        /* not a mobile number, name or date as written */
  ANYI_FIELD_NOT_A_CHOICE,      /* not the id of one of the choices */
  ANYI_FIELD_DATE_OUT_OF_RANGE, /* a future date where a past one is asked, or the reverse */
} AnyiFieldProblem;

/* Checks @value (UTF-8, already trimmed; NULL or "" for no answer) against
 * @field's validator. @today is used by date ranges. */
AnyiFieldProblem anyi_form_field_check(const AnyiFormField *field, const char *value,
                                       const GDate *today);

/* A sentence for the citizen saying what to correct. */
const AnyiText *anyi_field_problem_text(const AnyiFormField *field, AnyiFieldProblem problem);

/* A short name of @problem for the technician's log ("bad-format"). */
const char *anyi_field_problem_name(AnyiFieldProblem problem);

G_END_DECLS
