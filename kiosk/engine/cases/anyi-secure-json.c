/* SPDX-License-Identifier: GPL-3.0-or-later */
/* anyi-secure-json.c */
#include "anyi-secure-json.h"
#include "usb/anyi-secure.h"

#include <string.h>

static void
wipe_array(JsonArray *array)
{
  guint n = json_array_get_length(array);

  for (guint i = 0; i < n; i++)
    anyi_secure_json_wipe_node(json_array_get_element(array, i));
}

/* The string a value node returns is the GValue's own heap copy (made
 * with g_strdup, so writable memory): zeroed where it lies, the copy
 * json-glib frees later holds nothing. Its length stays readable until
 * freed: zeroing makes it an empty string. */
void
anyi_secure_json_wipe_node(JsonNode *node)
{
  if (!node)
    return;
  switch (json_node_get_node_type(node)) {
  case JSON_NODE_OBJECT:
    anyi_secure_json_wipe_object(json_node_get_object(node));
    break;
  case JSON_NODE_ARRAY:
    wipe_array(json_node_get_array(node));
    break;
  case JSON_NODE_VALUE:
    if (json_node_get_value_type(node) == G_TYPE_STRING) {
      char *text = (char *)json_node_get_string(node);
      if (text)
        anyi_secure_wipe(text, strlen(text));
    }
    break;
  case JSON_NODE_NULL:
    break;
  }
}

void
anyi_secure_json_wipe_object(JsonObject *object)
{
  JsonObjectIter iter;
  JsonNode *member;

  if (!object)
    return;
  json_object_iter_init(&iter, object);
  while (json_object_iter_next(&iter, NULL, &member))
    anyi_secure_json_wipe_node(member);
}

void
anyi_secure_json_object_unref(JsonObject *object)
{
  if (!object)
    return;
  anyi_secure_json_wipe_object(object);
  json_object_unref(object);
}

/* ---- writing without json-glib's working copies ---- */

/* json-glib's generator escapes each string into a copy of its own and
 * grows its output by reallocation, freeing both unwiped. This writer
 * escapes in place into one buffer sized for the worst case beforehand,
 * so that it never moves. */

#define NUMBER_ROOM 40 /* a gint64 or a double written out, with room */

static gsize
string_room(const char *text)
{
  return 6 * strlen(text) + 2; /* every byte as \u00XX, and the quotes */
}

static gsize node_room(JsonNode *node);

static gsize
object_room(JsonObject *object)
{
  JsonObjectIter iter;
  const char *name;
  JsonNode *member;
  gsize room = 2;

  json_object_iter_init(&iter, object);
  while (json_object_iter_next(&iter, &name, &member))
    room += string_room(name) + 2 + node_room(member);
  return room;
}

static gsize
node_room(JsonNode *node)
{
  gsize room = 2;

  switch (json_node_get_node_type(node)) {
  case JSON_NODE_OBJECT:
    return object_room(json_node_get_object(node));
  case JSON_NODE_ARRAY:
    for (guint i = 0; i < json_array_get_length(json_node_get_array(node)); i++)
      room += node_room(json_array_get_element(json_node_get_array(node), i)) + 1;
    return room;
  case JSON_NODE_VALUE:
    if (json_node_get_value_type(node) == G_TYPE_STRING)
      return string_room(json_node_get_string(node));
    return NUMBER_ROOM;
  case JSON_NODE_NULL:
    break;
  }
  return NUMBER_ROOM;
}

static void
write_string(GString *out, const char *text)
{
  g_string_append_c(out, '"');
  for (const char *c = text; *c; c++) {
    if (*c == '"' || *c == '\\') {
      g_string_append_c(out, '\\');
      g_string_append_c(out, *c);
    } else if ((guchar)*c < 0x20) {
      g_string_append_printf(out, "\\u%04x", (guchar)*c);
    } else {
      g_string_append_c(out, *c);
    }
  }
  g_string_append_c(out, '"');
}

static void write_node(GString *out, JsonNode *node);

static void
write_object(GString *out, JsonObject *object)
{
  JsonObjectIter iter;
  const char *name;
  JsonNode *member;
  gboolean first = TRUE;

  g_string_append_c(out, '{');
  json_object_iter_init(&iter, object);
  while (json_object_iter_next(&iter, &name, &member)) {
    if (!first)
      g_string_append_c(out, ',');
    first = FALSE;
    write_string(out, name);
    g_string_append_c(out, ':');
    write_node(out, member);
  }
  g_string_append_c(out, '}');
}

static void
write_value(GString *out, JsonNode *node)
{
  char number[G_ASCII_DTOSTR_BUF_SIZE];

  switch (json_node_get_value_type(node)) {
  case G_TYPE_STRING:
    write_string(out, json_node_get_string(node));
    break;
  case G_TYPE_BOOLEAN:
    g_string_append(out, json_node_get_boolean(node) ? "true" : "false");
    break;
  case G_TYPE_DOUBLE:
    g_string_append(out, g_ascii_dtostr(number, sizeof number, json_node_get_double(node)));
    break;
  default:
    g_string_append_printf(out, "%" G_GINT64_FORMAT, json_node_get_int(node));
  }
}

static void
write_node(GString *out, JsonNode *node)
{
  JsonArray *array;

  switch (json_node_get_node_type(node)) {
  case JSON_NODE_OBJECT:
    write_object(out, json_node_get_object(node));
    break;
  case JSON_NODE_ARRAY:
    array = json_node_get_array(node);
    g_string_append_c(out, '[');
    for (guint i = 0; i < json_array_get_length(array); i++) {
      if (i)
        g_string_append_c(out, ',');
      write_node(out, json_array_get_element(array, i));
    }
    g_string_append_c(out, ']');
    break;
  case JSON_NODE_VALUE:
    write_value(out, node);
    break;
  case JSON_NODE_NULL:
    g_string_append(out, "null");
    break;
  }
}

char *
anyi_secure_json_object_to_string(JsonObject *object)
{
  gsize room = object_room(object) + 1;
  GString *out = g_string_sized_new(room);
  const char *buffer = out->str;

  write_object(out, object);
  /* the room was the worst case: the text never moved */
  g_assert(out->str == buffer);
  return g_string_free(out, FALSE);
}
