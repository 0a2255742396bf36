/* SPDX-License-Identifier: GPL-3.0-or-later */
/* catalogue-names-private.h: the words the files use for each enum, in
 * enum order and NULL-terminated, shared by the reader and the JSON writer. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

extern const char *const anyi_completion_names[];
extern const char *const anyi_card_names[];
extern const char *const anyi_material_kind_names[];
extern const char *const anyi_capture_names[];
extern const char *const anyi_waiver_effect_names[];
extern const char *const anyi_day_kind_names[];
extern const char *const anyi_collect_names[];
extern const char *const anyi_flag_names[];
extern const char *const anyi_step_type_names[];
extern const char *const anyi_validator_names[];
extern const char *const anyi_date_range_names[];
extern const char *const anyi_print_names[];

G_END_DECLS
