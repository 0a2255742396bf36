/* SPDX-License-Identifier: GPL-3.0-or-later */
/* anyictl-json.h: the JSON the subcommands print. */
#pragma once

#include <json-glib/json-glib.h>

/* Sets string members on @object: name, value pairs up to a NULL name (a
 * NULL value gives a null member). */
void anyictl_json_set_strings(JsonObject *object, const char *first_name,
                              ...) G_GNUC_NULL_TERMINATED;
/* @object as indented text. */
char *anyictl_json_to_string(JsonObject *object);
