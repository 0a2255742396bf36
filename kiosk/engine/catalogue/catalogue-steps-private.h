/* SPDX-License-Identifier: GPL-3.0-or-later */
/* catalogue-steps-private.h: the steps of a service and their checks. */
#pragma once

#include "catalogue-reader-private.h"

G_BEGIN_DECLS

/* Reads $.steps; materials and eligibility questions must be read first. */
void anyi_steps_read(AnyiReader *reader, AnyiService *service);

/* Checks the service as a whole once every field is read: step order,
 * what each step needs, and whether a kiosk can really finish it. */
void anyi_steps_check(AnyiReader *reader, const AnyiService *service);

void anyi_steps_free(AnyiStep *steps, guint n_steps);

G_END_DECLS
