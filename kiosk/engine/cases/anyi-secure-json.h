/* SPDX-License-Identifier: GPL-3.0-or-later */
/* anyi-secure-json.h: json-glib trees that hold personal data, wiped.
 *
 * json-glib keeps each string value in a copy of its own (a GValue it
 * owns) and frees it unwiped: a case's answers, name and ID number would
 * stay in freed memory after the case. These wipe the string values of a
 * tree in place before it is let go. Only for a tree nobody else holds: a
 * reference kept elsewhere would read zeroes. */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Zeroes every string value in @node and below it (NULL is fine). */
void anyi_secure_json_wipe_node(JsonNode *node);
/* Zeroes every string value in @object and below it (NULL is fine). */
void anyi_secure_json_wipe_object(JsonObject *object);
/* Wipes, then drops the caller's reference to @object. */
void anyi_secure_json_object_unref(JsonObject *object);

/* @object as compact JSON text, written into one buffer sized beforehand
 * with no working copy made or freed on the way (unlike json-glib's
 * generator). The caller wipes it (anyi_secure_free_string). */
char *anyi_secure_json_object_to_string(JsonObject *object);

/* The JSON object @text, read with no working copy left unwiped (unlike
 * json-glib's parser, whose scanner frees each string token unwiped);
 * NULL with @error when @text is not one. Release it with
 * anyi_secure_json_object_unref. */
JsonObject *anyi_secure_json_parse_object(const char *text, GError **error);

G_END_DECLS
