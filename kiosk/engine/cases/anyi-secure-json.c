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
