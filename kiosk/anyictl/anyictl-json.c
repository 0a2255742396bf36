/* SPDX-License-Identifier: GPL-3.0-or-later */
/* anyictl-json.c */
#include "anyictl-json.h"

void
anyictl_json_set_strings(JsonObject *object, const char *first_name, ...)
{
  va_list args;

  va_start(args, first_name);
  for (const char *name = first_name; name; name = va_arg(args, const char *))
    json_object_set_string_member(object, name, va_arg(args, const char *));
  va_end(args);
}

char *
anyictl_json_to_string(JsonObject *object)
{
  g_autoptr(JsonNode) root = json_node_init_object(json_node_alloc(), object);

  return json_to_string(root, TRUE);
}
