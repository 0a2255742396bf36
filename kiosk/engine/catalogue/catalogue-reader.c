/* SPDX-License-Identifier: GPL-3.0-or-later */
/* catalogue-reader.c: strict, path-aware reading of JSON objects. */
#include "catalogue-reader-private.h"
#include "catalogue-jargon-private.h"

#include <stdlib.h>
#include <string.h>

void
anyi_load_problem(AnyiLoadCtx *ctx, const char *path, const char *format, ...)
{
  AnyiCatalogueProblem *problem = g_new0(AnyiCatalogueProblem, 1);
  va_list args;

  va_start(args, format);
  problem->message = g_strdup_vprintf(format, args);
  va_end(args);
  problem->file = g_strdup(ctx->file);
  problem->path = g_strdup(path);
  g_ptr_array_add(ctx->problems, problem);
}

const char *
anyi_load_intern(AnyiLoadCtx *ctx, const char *text)
{
  return g_string_chunk_insert_const(ctx->strings, text);
}

static const char *
node_kind(JsonNode *node)
{
  switch (JSON_NODE_TYPE(node)) {
  case JSON_NODE_OBJECT:
    return "an object";
  case JSON_NODE_ARRAY:
    return "an array";
  case JSON_NODE_NULL:
    return "null";
  case JSON_NODE_VALUE:
    break;
  }
  switch (json_node_get_value_type(node)) {
  case G_TYPE_STRING:
    return "a string";
  case G_TYPE_BOOLEAN:
    return "a boolean";
  case G_TYPE_INT64:
    return "an integer";
  default:
    return "a fractional number";
  }
}

gboolean
anyi_reader_open(AnyiReader *reader, AnyiLoadCtx *ctx, JsonNode *node, const char *path)
{
  reader->ctx = ctx;
  reader->path = g_strdup(path);
  reader->read = g_hash_table_new(g_str_hash, g_str_equal);
  reader->object = NULL;
  if (!JSON_NODE_HOLDS_OBJECT(node)) {
    anyi_load_problem(ctx, path, "expected an object, found %s", node_kind(node));
    return FALSE;
  }
  reader->object = json_node_get_object(node);
  return TRUE;
}

void
anyi_reader_close(AnyiReader *reader, const char *what)
{
  if (reader->object) {
    g_autoptr(GList) members = json_object_get_members(reader->object);
    for (GList *l = members; l; l = l->next) {
      if (g_hash_table_contains(reader->read, l->data))
        continue;
      g_autofree char *path = anyi_reader_path(reader, l->data);
      anyi_load_problem(reader->ctx, path, "unknown field '%s' in %s", (const char *)l->data, what);
    }
  }
  g_clear_pointer(&reader->read, g_hash_table_unref);
  g_clear_pointer(&reader->path, g_free);
}

gboolean
anyi_load_object_node(AnyiLoadCtx *ctx, JsonNode *node, const char *path, const char *what,
                      AnyiReadMembersFunc read_members, gpointer target)
{
  AnyiReader reader;
  gboolean is_object = anyi_reader_open(&reader, ctx, node, path);

  if (is_object)
    read_members(&reader, target);
  anyi_reader_close(&reader, what);
  return is_object;
}

char *
anyi_reader_path(AnyiReader *reader, const char *name)
{
  return g_strdup_printf("%s.%s", reader->path, name);
}

JsonNode *
anyi_reader_node(AnyiReader *reader, const char *name, AnyiPresence presence)
{
  g_hash_table_add(reader->read, (gpointer)name);
  if (!reader->object)
    return NULL;
  JsonNode *node = json_object_get_member(reader->object, name);
  if (!node && presence == ANYI_REQUIRED) {
    g_autofree char *path = anyi_reader_path(reader, name);
    anyi_load_problem(reader->ctx, path, "required field is missing");
  }
  return node;
}

/* The member if it holds a value of @type; otherwise a problem and NULL. */
static JsonNode *
typed_member(AnyiReader *reader, const char *name, AnyiPresence presence, GType type,
             const char *expected)
{
  JsonNode *node = anyi_reader_node(reader, name, presence);
  if (!node)
    return NULL;
  if (JSON_NODE_HOLDS_VALUE(node) && json_node_get_value_type(node) == type)
    return node;
  g_autofree char *path = anyi_reader_path(reader, name);
  anyi_load_problem(reader->ctx, path, "expected %s, found %s", expected, node_kind(node));
  return NULL;
}

gboolean
anyi_reader_string(AnyiReader *reader, const char *name, AnyiPresence presence, const char **out)
{
  JsonNode *node = typed_member(reader, name, presence, G_TYPE_STRING, "a string");
  if (!node)
    return FALSE;
  const char *value = json_node_get_string(node);
  if (*value == '\0') {
    g_autofree char *path = anyi_reader_path(reader, name);
    anyi_load_problem(reader->ctx, path, "must not be empty");
    return FALSE;
  }
  *out = anyi_load_intern(reader->ctx, value);
  return TRUE;
}

static gboolean
is_id(const char *text)
{
  if (!g_ascii_islower(*text) && !g_ascii_isdigit(*text))
    return FALSE;
  for (const char *p = text; *p; p++)
    if (!g_ascii_islower(*p) && !g_ascii_isdigit(*p) && *p != '-')
      return FALSE;
  return TRUE;
}

gboolean
anyi_reader_id(AnyiReader *reader, const char *name, AnyiPresence presence, const char **out)
{
  const char *value = NULL;
  if (!anyi_reader_string(reader, name, presence, &value))
    return FALSE;
  if (!is_id(value)) {
    g_autofree char *path = anyi_reader_path(reader, name);
    anyi_load_problem(reader->ctx, path,
                      "'%s' is not an id: use lower-case letters, digits and '-' only", value);
    return FALSE;
  }
  *out = value;
  return TRUE;
}

gboolean
anyi_reader_int(AnyiReader *reader, const char *name, AnyiPresence presence, gint64 min, gint64 max,
                gint64 *out)
{
  JsonNode *node = typed_member(reader, name, presence, G_TYPE_INT64, "an integer");
  if (!node)
    return FALSE;
  gint64 value = json_node_get_int(node);
  if (value < min || value > max) {
    g_autofree char *path = anyi_reader_path(reader, name);
    anyi_load_problem(reader->ctx, path,
                      "%" G_GINT64_FORMAT " is out of range %" G_GINT64_FORMAT
                      "..%" G_GINT64_FORMAT,
                      value, min, max);
    return FALSE;
  }
  *out = value;
  return TRUE;
}

gboolean
anyi_reader_bool(AnyiReader *reader, const char *name, AnyiPresence presence, gboolean *out)
{
  JsonNode *node = typed_member(reader, name, presence, G_TYPE_BOOLEAN, "true or false");
  if (!node)
    return FALSE;
  *out = json_node_get_boolean(node);
  return TRUE;
}

static void
read_text(AnyiReader *reader, gpointer target)
{
  AnyiText *text = target;

  anyi_reader_string(reader, "zh", ANYI_REQUIRED, &text->zh);
  anyi_reader_string(reader, "en", ANYI_REQUIRED, &text->en);
}

gboolean
anyi_load_text_node(AnyiLoadCtx *ctx, JsonNode *node, const char *path, AnyiText *out)
{
  AnyiText value = {NULL, NULL};

  anyi_load_object_node(ctx, node, path, "a text (only zh and en)", read_text, &value);
  if (!value.zh || !value.en)
    return FALSE;
  {
    g_autofree char *zh_path = g_strconcat(path, ".zh", NULL);
    anyi_jargon_check(ctx, zh_path, value.zh);
  }
  *out = value;
  return TRUE;
}

gboolean
anyi_reader_text(AnyiReader *reader, const char *name, AnyiPresence presence, AnyiText *out)
{
  JsonNode *node = anyi_reader_node(reader, name, presence);
  if (!node) {
    if (presence == ANYI_OPTIONAL)
      *out = (AnyiText){"", ""};
    return FALSE;
  }
  g_autofree char *path = anyi_reader_path(reader, name);
  return anyi_load_text_node(reader->ctx, node, path, out);
}

static int
enum_index(const char *const *names, const char *value)
{
  for (int i = 0; names[i]; i++)
    if (g_str_equal(names[i], value))
      return i;
  return -1;
}

static void
problem_not_in_enum(AnyiLoadCtx *ctx, const char *path, const char *value, const char *const *names)
{
  g_autofree char *expected = g_strjoinv(", ", (char **)names);
  anyi_load_problem(ctx, path, "unknown value '%s', expected one of: %s", value, expected);
}

gboolean
anyi_reader_enum(AnyiReader *reader, const char *name, AnyiPresence presence,
                 const char *const *names, int *out)
{
  const char *value = NULL;
  if (!anyi_reader_string(reader, name, presence, &value))
    return FALSE;
  int index = enum_index(names, value);
  if (index < 0) {
    g_autofree char *path = anyi_reader_path(reader, name);
    problem_not_in_enum(reader->ctx, path, value, names);
    return FALSE;
  }
  *out = index;
  return TRUE;
}

/* Adds the bit of @element to *set; FALSE on a problem. */
static gboolean
enum_set_add(AnyiLoadCtx *ctx, JsonNode *element, const char *path, const char *const *names,
             guint *set)
{
  if (!JSON_NODE_HOLDS_VALUE(element) || json_node_get_value_type(element) != G_TYPE_STRING) {
    anyi_load_problem(ctx, path, "expected a string, found %s", node_kind(element));
    return FALSE;
  }
  const char *value = json_node_get_string(element);
  int index = enum_index(names, value);
  if (index < 0) {
    problem_not_in_enum(ctx, path, value, names);
    return FALSE;
  }
  if (*set & (1u << index)) {
    anyi_load_problem(ctx, path, "'%s' is listed twice", value);
    return FALSE;
  }
  *set |= 1u << index;
  return TRUE;
}

gboolean
anyi_reader_enum_set(AnyiReader *reader, const char *name, AnyiPresence presence,
                     const char *const *names, guint *out)
{
  JsonArray *array = NULL;
  if (!anyi_reader_array(reader, name, presence, &array))
    return FALSE;
  g_autofree char *path = anyi_reader_path(reader, name);
  guint set = 0;
  gboolean ok = TRUE;
  for (guint i = 0; i < json_array_get_length(array); i++) {
    g_autofree char *element_path = g_strdup_printf("%s[%u]", path, i);
    ok &= enum_set_add(reader->ctx, json_array_get_element(array, i), element_path, names, &set);
  }
  if (ok)
    *out = set;
  return ok;
}

gboolean
anyi_reader_array(AnyiReader *reader, const char *name, AnyiPresence presence, JsonArray **out)
{
  JsonNode *node = anyi_reader_node(reader, name, presence);
  if (!node)
    return FALSE;
  if (!JSON_NODE_HOLDS_ARRAY(node)) {
    g_autofree char *path = anyi_reader_path(reader, name);
    anyi_load_problem(reader->ctx, path, "expected an array, found %s", node_kind(node));
    return FALSE;
  }
  *out = json_node_get_array(node);
  return TRUE;
}

gboolean
anyi_reader_object(AnyiReader *reader, const char *name, AnyiPresence presence, const char *what,
                   AnyiReadMembersFunc read_members, gpointer target)
{
  JsonNode *node = anyi_reader_node(reader, name, presence);
  if (!node)
    return FALSE;
  g_autofree char *path = anyi_reader_path(reader, name);
  return anyi_load_object_node(reader->ctx, node, path, what, read_members, target);
}

static void
check_unique_id(AnyiLoadCtx *ctx, GHashTable *seen, const char *id, const char *element_path)
{
  if (id && !g_hash_table_add(seen, (gpointer)id)) {
    g_autofree char *id_path = g_strdup_printf("%s.id", element_path);
    anyi_load_problem(ctx, id_path, "duplicate id '%s'", id);
  }
}

gpointer
anyi_load_elements(AnyiLoadCtx *ctx, JsonArray *array, const char *path, gsize item_size,
                   AnyiReadElementFunc read_element, gpointer data)
{
  guint n = json_array_get_length(array);
  guint8 *items = g_malloc0_n(n, item_size);
  g_autoptr(GHashTable) seen = g_hash_table_new(g_str_hash, g_str_equal);

  for (guint i = 0; i < n; i++) {
    g_autofree char *element_path = g_strdup_printf("%s[%u]", path, i);
    const char *id = read_element(ctx, json_array_get_element(array, i), element_path,
                                  items + i * item_size, data);
    check_unique_id(ctx, seen, id, element_path);
  }
  return items;
}

gpointer
anyi_reader_items(AnyiReader *reader, const char *name, AnyiPresence presence, gsize item_size,
                  AnyiReadElementFunc read_element, gpointer data, guint *n_out)
{
  JsonArray *array = NULL;

  *n_out = 0;
  if (!anyi_reader_array(reader, name, presence, &array))
    return NULL;
  g_autofree char *path = anyi_reader_path(reader, name);
  gpointer items = anyi_load_elements(reader->ctx, array, path, item_size, read_element, data);
  *n_out = json_array_get_length(array);
  return items;
}

/* Steps one segment of a path: ".name" or "[index]". */
static JsonNode *
path_step(JsonNode *node, const char **cursor)
{
  const char *p = *cursor;
  if (*p == '.' && JSON_NODE_HOLDS_OBJECT(node)) {
    gsize len = strcspn(p + 1, ".[");
    g_autofree char *name = g_strndup(p + 1, len);
    *cursor = p + 1 + len;
    return len ? json_object_get_member(json_node_get_object(node), name) : NULL;
  }
  if (*p == '[' && JSON_NODE_HOLDS_ARRAY(node) && g_ascii_isdigit(p[1])) {
    char *end = NULL;
    guint64 index = g_ascii_strtoull(p + 1, &end, 10);
    JsonArray *array = json_node_get_array(node);
    if (*end != ']' || index >= json_array_get_length(array))
      return NULL;
    *cursor = end + 1;
    return json_array_get_element(array, (guint)index);
  }
  return NULL;
}

JsonNode *
anyi_json_path_resolve(JsonNode *root, const char *path)
{
  if (path[0] != '$')
    return NULL;
  const char *cursor = path + 1;
  JsonNode *node = root;
  while (node && *cursor)
    node = path_step(node, &cursor);
  return node;
}
