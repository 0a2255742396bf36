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

/* ---- reading without json-glib's working copies ---- */

/* json-glib's scanner collects each string token in a GString of its own
 * and frees it unwiped. This reader decodes every string into one scratch
 * buffer, as long as the whole text (a decoded string is never longer than
 * its JSON), wiped when the text is read; the tree gets json-glib's copies,
 * which anyi_secure_json_object_unref wipes. */

#define MAX_DEPTH 64 /* a case's data nests three or four deep */

typedef struct {
  const char *text;
  const char *at;
  char *scratch;
  int depth;
  gboolean failed;
  GError **error;
} Reader;

/* The first fault is the one told; the callers it unwinds through add
 * nothing. No text is quoted: it is a citizen's. */
static gboolean
reader_fail(Reader *reader, const char *what)
{
  if (!reader->failed)
    g_set_error(reader->error, JSON_PARSER_ERROR, JSON_PARSER_ERROR_INVALID_DATA,
                "%s at byte %" G_GSIZE_FORMAT, what, (gsize)(reader->at - reader->text));
  reader->failed = TRUE;
  return FALSE;
}

static void
skip_space(Reader *reader)
{
  while (*reader->at == ' ' || *reader->at == '\t' || *reader->at == '\n' || *reader->at == '\r')
    reader->at++;
}

static gboolean
read_hex4(Reader *reader, gunichar *unit)
{
  *unit = 0;
  for (int i = 0; i < 4; i++) {
    int digit = g_ascii_xdigit_value(reader->at[i]);
    if (digit < 0)
      return reader_fail(reader, "bad \\u escape");
    *unit = *unit * 16 + (gunichar)digit;
  }
  reader->at += 4;
  return TRUE;
}

/* \uXXXX, a surrogate pair as one character: at most 4 bytes of UTF-8 for
 * the 6 or 12 it was written in. */
static gboolean
read_unicode_escape(Reader *reader, char **out)
{
  gunichar unit, low;

  if (!read_hex4(reader, &unit))
    return FALSE;
  if (unit >= 0xD800 && unit < 0xDC00) {
    if (reader->at[0] != '\\' || reader->at[1] != 'u')
      return reader_fail(reader, "lone surrogate");
    reader->at += 2;
    if (!read_hex4(reader, &low) || low < 0xDC00 || low > 0xDFFF)
      return reader_fail(reader, "bad surrogate pair");
    unit = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00);
  } else if (unit >= 0xDC00 && unit <= 0xDFFF) {
    return reader_fail(reader, "lone surrogate");
  }
  *out += g_unichar_to_utf8(unit, *out);
  return TRUE;
}

static gboolean
read_escape(Reader *reader, char **out)
{
  static const char escapes[] = "\"\"\\\\//b\bf\fn\nr\rt\t";
  char c = *reader->at++;

  if (c == 'u')
    return read_unicode_escape(reader, out);
  for (const char *e = escapes; *e; e += 2)
    if (e[0] == c) {
      *(*out)++ = e[1];
      return TRUE;
    }
  return reader_fail(reader, "bad escape");
}

/* The string at the reader (past its opening quote), decoded into the
 * scratch buffer; NULL when it is not valid JSON or UTF-8. */
static const char *
read_string(Reader *reader)
{
  char *out = reader->scratch;

  reader->at++;
  while (*reader->at != '"') {
    if (*reader->at == '\0' || (guchar)*reader->at < 0x20) {
      reader_fail(reader, "unterminated string");
      return NULL;
    }
    if (*reader->at == '\\') {
      reader->at++;
      if (!read_escape(reader, &out))
        return NULL;
    } else {
      *out++ = *reader->at++;
    }
  }
  reader->at++;
  *out = '\0';
  if (!g_utf8_validate(reader->scratch, out - reader->scratch, NULL)) {
    reader_fail(reader, "not UTF-8");
    return NULL;
  }
  return reader->scratch;
}

static JsonNode *
read_number(Reader *reader)
{
  const char *start = reader->at;
  char *end = NULL;
  gboolean integral = TRUE;
  JsonNode *node = json_node_alloc();

  if (*reader->at == '-')
    reader->at++;
  while (g_ascii_isdigit(*reader->at) || (*reader->at && strchr(".eE+-", *reader->at))) {
    if (!g_ascii_isdigit(*reader->at) && *reader->at != '-')
      integral = FALSE;
    reader->at++;
  }
  if (integral) {
    gint64 value = g_ascii_strtoll(start, &end, 10);
    json_node_init_int(node, value);
  } else {
    json_node_init_double(node, g_ascii_strtod(start, &end));
  }
  if (end != reader->at || end == start) {
    json_node_unref(node);
    reader->at = start;
    reader_fail(reader, "bad number");
    return NULL;
  }
  return node;
}

static gboolean
read_word(Reader *reader, const char *word)
{
  if (strncmp(reader->at, word, strlen(word)) != 0)
    return reader_fail(reader, "unexpected text");
  reader->at += strlen(word);
  return TRUE;
}

static JsonNode *read_node(Reader *reader);

/* One member into @object, and past the comma or closing brace that
 * follows it; FALSE at a fault. */
static gboolean
read_member(Reader *reader, JsonObject *object, gboolean *done)
{
  g_autofree char *name = NULL;
  JsonNode *member;

  skip_space(reader);
  if (*reader->at != '"' || !read_string(reader))
    return reader_fail(reader, "expected a member name");
  name = g_strdup(reader->scratch);
  skip_space(reader);
  if (*reader->at != ':')
    return reader_fail(reader, "expected :");
  reader->at++;
  if (!(member = read_node(reader)))
    return FALSE;
  json_object_set_member(object, name, member);
  skip_space(reader);
  *done = *reader->at == '}';
  if (!*done && *reader->at != ',')
    return reader_fail(reader, "expected , or }");
  reader->at++;
  return TRUE;
}

static JsonObject *
read_object(Reader *reader)
{
  JsonObject *object = json_object_new();
  gboolean done = FALSE;

  reader->at++;
  skip_space(reader);
  if (*reader->at == '}') {
    reader->at++;
    return object;
  }
  while (!done)
    if (!read_member(reader, object, &done)) {
      anyi_secure_json_object_unref(object);
      return NULL;
    }
  return object;
}

static JsonArray *
read_array(Reader *reader)
{
  JsonArray *array = json_array_new();
  JsonNode *element;

  reader->at++;
  skip_space(reader);
  if (*reader->at == ']') {
    reader->at++;
    return array;
  }
  for (;;) {
    if (!(element = read_node(reader)))
      break;
    json_array_add_element(array, element);
    skip_space(reader);
    if (*reader->at == ']') {
      reader->at++;
      return array;
    }
    if (*reader->at++ != ',') {
      reader_fail(reader, "expected , or ]");
      break;
    }
  }
  wipe_array(array);
  json_array_unref(array);
  return NULL;
}

static JsonNode *
read_container(Reader *reader)
{
  JsonNode *node = NULL;
  JsonObject *object;
  JsonArray *array;

  if (++reader->depth > MAX_DEPTH) {
    reader_fail(reader, "nested too deep");
    return NULL;
  }
  if (*reader->at == '{' && (object = read_object(reader))) {
    node = json_node_init_object(json_node_alloc(), object);
    json_object_unref(object);
  } else if (*reader->at == '[' && (array = read_array(reader))) {
    node = json_node_init_array(json_node_alloc(), array);
    json_array_unref(array);
  }
  reader->depth--;
  return node;
}

static JsonNode *
read_node(Reader *reader)
{
  skip_space(reader);
  switch (*reader->at) {
  case '{':
  case '[':
    return read_container(reader);
  case '"':
    return read_string(reader) ? json_node_init_string(json_node_alloc(), reader->scratch) : NULL;
  case 't':
    return read_word(reader, "true") ? json_node_init_boolean(json_node_alloc(), TRUE) : NULL;
  case 'f':
    return read_word(reader, "false") ? json_node_init_boolean(json_node_alloc(), FALSE) : NULL;
  case 'n':
    return read_word(reader, "null") ? json_node_init_null(json_node_alloc()) : NULL;
  default:
    if (*reader->at == '-' || g_ascii_isdigit(*reader->at))
      return read_number(reader);
    reader_fail(reader, "unexpected text");
    return NULL;
  }
}

JsonObject *
anyi_secure_json_parse_object(const char *text, GError **error)
{
  gsize length = strlen(text);
  Reader reader = {.text = text, .at = text, .scratch = g_malloc(length + 1), .error = error};
  JsonObject *object = NULL;

  skip_space(&reader);
  if (*reader.at != '{')
    reader_fail(&reader, "not a JSON object");
  else if ((object = read_object(&reader))) {
    skip_space(&reader);
    if (*reader.at != '\0') {
      anyi_secure_json_object_unref(object);
      object = NULL;
      reader_fail(&reader, "text after the object");
    }
  }
  anyi_secure_free(reader.scratch, length + 1);
  return object;
}
