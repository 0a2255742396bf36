/* SPDX-License-Identifier: GPL-3.0-or-later */
/* anyi-print-template.c: loading and validating print templates. */
#include "anyi-print-template-private.h"

#include <anyi-config.h>
#include <anyi-paths.h>
#include <string.h>

/* clang-format off */
G_DEFINE_QUARK(anyi-print-error-quark, anyi_print_error)
/* clang-format on */

G_DEFINE_TYPE(AnyiPrintTemplate, anyi_print_template, G_TYPE_OBJECT)

typedef struct {
  const char *name;
  AnyiBlockKind kind;
  const char *const keys[12]; /* besides the common ones */
  const char *required;       /* NULL when none */
} BlockSpec;

static const char *const common_keys[] = {"type", "when", "space_after", "align",
                                          "size", "bold", "font",        "muted"};

static const BlockSpec block_specs[] = {
    {"heading", ANYI_BLOCK_HEADING, {"text"}, "text"},
    {"text", ANYI_BLOCK_TEXT, {"text", "frame"}, "text"},
    {"rows", ANYI_BLOCK_ROWS, {"rows", "key_width"}, "rows"},
    {"list", ANYI_BLOCK_LIST, {"items", "item", "numbered", "empty"}, "items"},
    {"qr", ANYI_BLOCK_QR, {"data", "qr_size", "caption"}, "data"},
    {"rule", ANYI_BLOCK_RULE, {"dashed"}, NULL},
    {"space", ANYI_BLOCK_SPACE, {"height"}, "height"},
    {"footer", ANYI_BLOCK_FOOTER, {"text"}, "text"},
};

static const char *const template_keys[] = {"title", "description", "page", "font", "blocks"};

/* Where a validation problem is: the file and the field path. */
typedef struct {
  const char *file;
  const char *field;
} Where;

static gboolean G_GNUC_PRINTF(3, 4)
    invalid(GError **error, const Where *at, const char *format, ...)
{
  va_list args;
  va_start(args, format);
  g_autofree char *problem = g_strdup_vprintf(format, args);
  va_end(args);
  g_set_error(error, ANYI_PRINT_ERROR, ANYI_PRINT_ERROR_TEMPLATE, "%s: %s: %s", at->file, at->field,
              problem);
  return FALSE;
}

static void
block_free(AnyiBlock *block)
{
  g_free(block->when);
  g_free(block->text);
  g_free(block->items);
  g_free(block->empty);
  g_free(block->caption);
  g_clear_pointer(&block->rows, g_ptr_array_unref);
  g_free(block);
}

static void
row_free(AnyiRow *row)
{
  g_free(row->key);
  g_free(row->value);
  g_free(row->when);
  g_free(row);
}

static void
anyi_print_template_finalize(GObject *object)
{
  AnyiPrintTemplate *self = ANYI_PRINT_TEMPLATE(object);

  g_free(self->name);
  g_free(self->path);
  g_free(self->title);
  g_free(self->family);
  g_free(self->serif_family);
  g_clear_pointer(&self->blocks, g_ptr_array_unref);
  G_OBJECT_CLASS(anyi_print_template_parent_class)->finalize(object);
}

static void
anyi_print_template_class_init(AnyiPrintTemplateClass *klass)
{
  G_OBJECT_CLASS(klass)->finalize = anyi_print_template_finalize;
}

static void
anyi_print_template_init(AnyiPrintTemplate *self)
{
  self->blocks = g_ptr_array_new_with_free_func((GDestroyNotify)block_free);
}

static gboolean
is_path_char(char c)
{
  return g_ascii_isalnum(c) || c == '_' || c == '.';
}

/* A template string may hold {{name}} or {{a.b}}; anything else between
 * braces is a hall's typo that would otherwise print literally. */
static gboolean
check_placeholders(const char *text, const Where *at, GError **error)
{
  for (const char *p = strstr(text, "{{"); p != NULL; p = strstr(p, "{{")) {
    const char *end = strstr(p + 2, "}}");
    if (end == NULL)
      return invalid(error, at, "'{{' without a closing '}}'");
    if (end == p + 2)
      return invalid(error, at, "empty placeholder '{{}}'");
    for (const char *c = p + 2; c < end; c++)
      if (!is_path_char(*c))
        return invalid(error, at, "placeholder '%.*s' may hold only letters, digits, '_' and '.'",
                       (int)(end - p + 2), p);
    p = end + 2;
  }
  return TRUE;
}

static gboolean
check_keys(JsonObject *object, const char *const *allowed, gsize n_allowed, const char *const *more,
           gsize n_more, const Where *at, GError **error)
{
  g_autoptr(GList) members = json_object_get_members(object);
  for (GList *l = members; l != NULL; l = l->next) {
    const char *key = l->data;
    gboolean known = FALSE;
    for (gsize i = 0; i < n_allowed && !known; i++)
      known = g_strcmp0(allowed[i], key) == 0;
    for (gsize i = 0; i < n_more && !known; i++)
      known = g_strcmp0(more[i], key) == 0;
    if (!known)
      return invalid(error, at, "unknown field '%s'", key);
  }
  return TRUE;
}

typedef enum {
  TEXT_PLAIN,    /* a name or a data path */
  TEXT_TEMPLATE, /* with {{placeholders}} */
  TEXT_MARKUP,   /* with {{placeholders}}, and Pango markup around them */
} TextKind;

/* Checks the markup once with every placeholder standing for a plain word,
 * so a hall's unclosed <b> fails at load, not on paper. */
static gboolean
check_markup(const char *text, const Where *at, GError **error)
{
  g_autoptr(GString) sample = g_string_new(NULL);
  const char *p = text;
  for (const char *open = strstr(p, "{{"); open != NULL; open = strstr(p, "{{")) {
    g_string_append_len(sample, p, open - p);
    g_string_append(sample, "x");
    p = strstr(open, "}}") + 2;
  }
  g_string_append(sample, p);
  g_autoptr(GError) markup_error = NULL;
  if (!pango_parse_markup(sample->str, -1, 0, NULL, NULL, NULL, &markup_error))
    return invalid(error, at, "bad markup (write &lt; &amp; for < &): %s", markup_error->message);
  return TRUE;
}

static gboolean
read_string(JsonObject *object, const char *key, TextKind kind, const Where *parent, char **out,
            GError **error)
{
  if (!json_object_has_member(object, key))
    return TRUE;
  g_autofree char *field = g_strdup_printf("%s.%s", parent->field, key);
  Where at = {parent->file, field};
  JsonNode *node = json_object_get_member(object, key);
  if (!JSON_NODE_HOLDS_VALUE(node) || json_node_get_value_type(node) != G_TYPE_STRING)
    return invalid(error, &at, "expected a string");
  const char *value = json_node_get_string(node);
  if (kind != TEXT_PLAIN && !check_placeholders(value, &at, error))
    return FALSE;
  if (kind == TEXT_MARKUP && !check_markup(value, &at, error))
    return FALSE;
  g_free(*out);
  *out = g_strdup(value);
  return TRUE;
}

static gboolean
read_number(JsonObject *object, const char *key, double min, double max, const char *unit,
            const Where *parent, double *out, GError **error)
{
  if (!json_object_has_member(object, key))
    return TRUE;
  g_autofree char *field = g_strdup_printf("%s.%s", parent->field, key);
  Where at = {parent->file, field};
  JsonNode *node = json_object_get_member(object, key);
  GType type = JSON_NODE_HOLDS_VALUE(node) ? json_node_get_value_type(node) : G_TYPE_INVALID;
  if (type != G_TYPE_INT64 && type != G_TYPE_DOUBLE)
    return invalid(error, &at, "expected a number (%s)", unit);
  double value = json_node_get_double(node);
  if (value < min || value > max)
    return invalid(error, &at, "%g %s is outside %g..%g", value, unit, min, max);
  *out = value;
  return TRUE;
}

static gboolean
read_bool(JsonObject *object, const char *key, const Where *parent, gboolean *out, GError **error)
{
  if (!json_object_has_member(object, key))
    return TRUE;
  g_autofree char *field = g_strdup_printf("%s.%s", parent->field, key);
  Where at = {parent->file, field};
  JsonNode *node = json_object_get_member(object, key);
  if (!JSON_NODE_HOLDS_VALUE(node) || json_node_get_value_type(node) != G_TYPE_BOOLEAN)
    return invalid(error, &at, "expected true or false");
  *out = json_node_get_boolean(node);
  return TRUE;
}

static gboolean
read_choice(JsonObject *object, const char *key, const char *const *names, const int *values,
            gsize n, const Where *parent, int *out, GError **error)
{
  g_autofree char *name = NULL;
  if (!read_string(object, key, TEXT_PLAIN, parent, &name, error))
    return FALSE;
  if (name == NULL)
    return TRUE;
  for (gsize i = 0; i < n; i++)
    if (g_str_equal(name, names[i])) {
      *out = values[i];
      return TRUE;
    }
  g_autofree char *field = g_strdup_printf("%s.%s", parent->field, key);
  g_autofree char *expected = g_strjoinv(", ", (char **)names);
  Where at = {parent->file, field};
  return invalid(error, &at, "'%s' is not one of %s", name, expected);
}

static gboolean
read_rows(JsonObject *object, const Where *parent, AnyiBlock *block, GError **error)
{
  g_autofree char *field = g_strdup_printf("%s.rows", parent->field);
  Where at = {parent->file, field};
  JsonNode *node = json_object_get_member(object, "rows");
  if (!JSON_NODE_HOLDS_ARRAY(node))
    return invalid(error, &at, "expected an array of {\"key\": ..., \"value\": ...}");
  JsonArray *rows = json_node_get_array(node);
  block->rows = g_ptr_array_new_with_free_func((GDestroyNotify)row_free);
  for (guint i = 0; i < json_array_get_length(rows); i++) {
    g_autofree char *row_field = g_strdup_printf("%s[%u]", field, i);
    Where row_at = {parent->file, row_field};
    JsonNode *row_node = json_array_get_element(rows, i);
    if (!JSON_NODE_HOLDS_OBJECT(row_node))
      return invalid(error, &row_at, "expected an object {\"key\": ..., \"value\": ...}");
    JsonObject *row_object = json_node_get_object(row_node);
    static const char *const row_keys[] = {"key", "value", "when"};
    AnyiRow *row = g_new0(AnyiRow, 1);
    g_ptr_array_add(block->rows, row);
    if (!check_keys(row_object, row_keys, G_N_ELEMENTS(row_keys), NULL, 0, &row_at, error) ||
        !read_string(row_object, "key", TEXT_MARKUP, &row_at, &row->key, error) ||
        !read_string(row_object, "value", TEXT_MARKUP, &row_at, &row->value, error) ||
        !read_string(row_object, "when", TEXT_PLAIN, &row_at, &row->when, error))
      return FALSE;
    if (row->key == NULL || row->value == NULL)
      return invalid(error, &row_at, "a row needs both \"key\" and \"value\"");
  }
  return TRUE;
}

static const BlockSpec *
find_block_spec(const char *type)
{
  for (gsize i = 0; i < G_N_ELEMENTS(block_specs); i++)
    if (g_str_equal(block_specs[i].name, type))
      return &block_specs[i];
  return NULL;
}

/* Defaults chosen so a bare block already looks like a hall document. */
static void
block_set_defaults(AnyiBlock *block, double body_size)
{
  block->size = body_size;
  block->space_after = 1.5;
  block->align = PANGO_ALIGN_LEFT;
  block->length = 0;
  switch (block->kind) {
  case ANYI_BLOCK_HEADING:
    block->size = body_size * 1.6;
    block->bold = TRUE;
    block->align = PANGO_ALIGN_CENTER;
    block->space_after = 3;
    break;
  case ANYI_BLOCK_ROWS:
    block->length = 24;
    break;
  case ANYI_BLOCK_QR:
    block->length = 30;
    block->align = PANGO_ALIGN_CENTER;
    break;
  case ANYI_BLOCK_RULE:
    block->space_after = 2;
    break;
  case ANYI_BLOCK_SPACE:
    block->space_after = 0;
    break;
  case ANYI_BLOCK_FOOTER:
    block->size = body_size * 0.8;
    block->muted = TRUE;
    block->align = PANGO_ALIGN_CENTER;
    break;
  default:
    break;
  }
}

static gboolean
read_block_fields(JsonObject *object, const Where *at, AnyiBlock *block, GError **error)
{
  static const char *const aligns[] = {"left", "center", "right", NULL};
  static const int align_values[] = {PANGO_ALIGN_LEFT, PANGO_ALIGN_CENTER, PANGO_ALIGN_RIGHT};
  static const char *const fonts[] = {"sans", "serif", NULL};
  static const int font_values[] = {FALSE, TRUE};
  int align = block->align, serif = block->serif;

  if (!read_string(object, "when", TEXT_PLAIN, at, &block->when, error) ||
      !read_number(object, "space_after", 0, 100, "mm", at, &block->space_after, error) ||
      !read_choice(object, "align", aligns, align_values, 3, at, &align, error) ||
      !read_choice(object, "font", fonts, font_values, 2, at, &serif, error) ||
      !read_number(object, "size", 4, 96, "pt", at, &block->size, error) ||
      !read_bool(object, "bold", at, &block->bold, error) ||
      !read_bool(object, "muted", at, &block->muted, error) ||
      !read_bool(object, "frame", at, &block->frame, error) ||
      !read_bool(object, "numbered", at, &block->numbered, error) ||
      !read_bool(object, "dashed", at, &block->dashed, error) ||
      !read_string(object, "items", TEXT_PLAIN, at, &block->items, error) ||
      !read_string(object, "empty", TEXT_MARKUP, at, &block->empty, error) ||
      !read_string(object, "caption", TEXT_MARKUP, at, &block->caption, error) ||
      !read_number(object, "key_width", 5, 150, "mm", at, &block->length, error) ||
      !read_number(object, "qr_size", 10, 150, "mm", at, &block->length, error) ||
      !read_number(object, "height", 0, 200, "mm", at, &block->length, error))
    return FALSE;
  block->align = align;
  block->serif = serif;

  const char *text_key = block->kind == ANYI_BLOCK_QR     ? "data"
                         : block->kind == ANYI_BLOCK_LIST ? "item"
                                                          : "text";
  if (!read_string(object, text_key, block->kind == ANYI_BLOCK_QR ? TEXT_TEMPLATE : TEXT_MARKUP, at,
                   &block->text, error))
    return FALSE;
  if (block->kind == ANYI_BLOCK_LIST && block->text == NULL)
    block->text = g_strdup("{{.}}");
  if (block->kind == ANYI_BLOCK_ROWS)
    return read_rows(object, at, block, error);
  return TRUE;
}

static AnyiBlock *
read_block(JsonNode *node, const Where *at, double body_size, GError **error)
{
  if (!JSON_NODE_HOLDS_OBJECT(node)) {
    invalid(error, at, "expected an object with a \"type\"");
    return NULL;
  }
  JsonObject *object = json_node_get_object(node);
  g_autofree char *type = NULL;
  if (!read_string(object, "type", TEXT_PLAIN, at, &type, error))
    return NULL;
  const BlockSpec *spec = type ? find_block_spec(type) : NULL;
  if (spec == NULL) {
    invalid(error, at,
            "%s block type%s%s (expected heading, text, rows, list, qr, rule, space "
            "or footer)",
            type ? "unknown" : "missing", type ? " " : "", type ? type : "");
    return NULL;
  }
  gsize n_keys = 0;
  while (n_keys < G_N_ELEMENTS(spec->keys) && spec->keys[n_keys] != NULL)
    n_keys++;
  if (!check_keys(object, common_keys, G_N_ELEMENTS(common_keys), spec->keys, n_keys, at, error))
    return NULL;
  if (spec->required != NULL && !json_object_has_member(object, spec->required)) {
    invalid(error, at, "a %s block needs \"%s\"", spec->name, spec->required);
    return NULL;
  }
  AnyiBlock *block = g_new0(AnyiBlock, 1);
  block->kind = spec->kind;
  block_set_defaults(block, body_size);
  if (!read_block_fields(object, at, block, error)) {
    block_free(block);
    return NULL;
  }
  return block;
}

static gboolean
read_page(AnyiPrintTemplate *self, JsonObject *root, const Where *file_at, GError **error)
{
  Where at = {file_at->file, "page"};
  JsonNode *node = json_object_get_member(root, "page");
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT(node))
    return invalid(error, &at, "expected an object {\"kind\": \"roll-80mm\" or \"a4\"}");
  JsonObject *page = json_node_get_object(node);
  static const char *const page_keys[] = {"kind", "margin"};
  static const char *const kinds[] = {"roll-80mm", "a4", NULL};
  static const int kind_values[] = {ANYI_PAGE_ROLL_80MM, ANYI_PAGE_A4};
  int kind = -1;
  if (!check_keys(page, page_keys, G_N_ELEMENTS(page_keys), NULL, 0, &at, error) ||
      !read_choice(page, "kind", kinds, kind_values, 2, &at, &kind, error))
    return FALSE;
  if (kind < 0)
    return invalid(error, &at, "needs \"kind\": \"roll-80mm\" or \"a4\"");
  self->page_kind = kind;
  self->margin = kind == ANYI_PAGE_A4 ? 18 : 4;
  return read_number(page, "margin", 0, 40, "mm", &at, &self->margin, error);
}

static gboolean
read_font(AnyiPrintTemplate *self, JsonObject *root, const Where *file_at, GError **error)
{
  self->family = g_strdup("Noto Sans CJK SC");
  self->serif_family = g_strdup("Noto Serif CJK SC");
  self->body_size = self->page_kind == ANYI_PAGE_A4 ? 11 : 9;
  JsonNode *node = json_object_get_member(root, "font");
  if (node == NULL)
    return TRUE;
  Where at = {file_at->file, "font"};
  if (!JSON_NODE_HOLDS_OBJECT(node))
    return invalid(error, &at, "expected an object {\"sans\", \"serif\", \"size\"}");
  JsonObject *font = json_node_get_object(node);
  static const char *const font_keys[] = {"sans", "serif", "size"};
  return check_keys(font, font_keys, G_N_ELEMENTS(font_keys), NULL, 0, &at, error) &&
         read_string(font, "sans", TEXT_PLAIN, &at, &self->family, error) &&
         read_string(font, "serif", TEXT_PLAIN, &at, &self->serif_family, error) &&
         read_number(font, "size", 4, 48, "pt", &at, &self->body_size, error);
}

static gboolean
read_blocks(AnyiPrintTemplate *self, JsonObject *root, const Where *file_at, GError **error)
{
  Where at = {file_at->file, "blocks"};
  JsonNode *node = json_object_get_member(root, "blocks");
  if (node == NULL || !JSON_NODE_HOLDS_ARRAY(node))
    return invalid(error, &at, "expected an array of blocks");
  JsonArray *blocks = json_node_get_array(node);
  if (json_array_get_length(blocks) == 0)
    return invalid(error, &at, "a template needs at least one block");
  gboolean has_footer = FALSE;
  for (guint i = 0; i < json_array_get_length(blocks); i++) {
    g_autofree char *field = g_strdup_printf("blocks[%u]", i);
    Where block_at = {file_at->file, field};
    AnyiBlock *block =
        read_block(json_array_get_element(blocks, i), &block_at, self->body_size, error);
    if (block == NULL)
      return FALSE;
    g_ptr_array_add(self->blocks, block);
    if (block->kind == ANYI_BLOCK_FOOTER && has_footer)
      return invalid(error, &block_at, "a template has at most one footer");
    has_footer |= block->kind == ANYI_BLOCK_FOOTER;
  }
  return TRUE;
}

static gboolean
read_template(AnyiPrintTemplate *self, JsonNode *root_node, GError **error)
{
  Where at = {self->path, "(top level)"};
  if (root_node == NULL) /* json-glib parses an empty file to no root */
    return invalid(error, &at, "the file is empty");
  if (!JSON_NODE_HOLDS_OBJECT(root_node))
    return invalid(error, &at, "expected an object with \"page\" and \"blocks\"");
  JsonObject *root = json_node_get_object(root_node);
  return check_keys(root, template_keys, G_N_ELEMENTS(template_keys), NULL, 0, &at, error) &&
         read_string(root, "title", TEXT_PLAIN, &at, &self->title, error) &&
         read_page(self, root, &at, error) && read_font(self, root, &at, error) &&
         read_blocks(self, root, &at, error);
}

AnyiPrintTemplate *
anyi_print_template_load(const char *path, GError **error)
{
  g_return_val_if_fail(path != NULL, NULL);
  g_autoptr(JsonParser) parser = json_parser_new_immutable();
  g_autoptr(GError) parse_error = NULL;
  if (!json_parser_load_from_file(parser, path, &parse_error)) {
    g_set_error(error, ANYI_PRINT_ERROR, ANYI_PRINT_ERROR_TEMPLATE, "%s: %s", path,
                parse_error->message);
    return NULL;
  }
  g_autoptr(AnyiPrintTemplate) self = g_object_new(ANYI_TYPE_PRINT_TEMPLATE, NULL);
  self->path = g_strdup(path);
  g_autofree char *base = g_path_get_basename(path);
  self->name = g_strndup(base, g_str_has_suffix(base, ".json") ? strlen(base) - 5 : strlen(base));
  if (!read_template(self, json_parser_get_root(parser), error))
    return NULL;
  return g_steal_pointer(&self);
}

const char *
anyi_print_templates_dir(void)
{
  return anyi_paths_templates_dir();
}

AnyiPrintTemplate *
anyi_print_template_load_named(const char *name, GError **error)
{
  g_return_val_if_fail(name != NULL, NULL);
  if (*name == '\0' || strchr(name, '/') != NULL || name[0] == '.') {
    g_set_error(error, ANYI_PRINT_ERROR, ANYI_PRINT_ERROR_TEMPLATE,
                "'%s' is not a template name (expected a file name without .json)", name);
    return NULL;
  }
  g_autofree char *file = g_strconcat(name, ".json", NULL);
  g_autofree char *path = g_build_filename(anyi_print_templates_dir(), file, NULL);
  return anyi_print_template_load(path, error);
}

const char *
anyi_print_template_get_name(AnyiPrintTemplate *self)
{
  g_return_val_if_fail(ANYI_IS_PRINT_TEMPLATE(self), NULL);
  return self->name;
}

const char *
anyi_print_template_get_title(AnyiPrintTemplate *self)
{
  g_return_val_if_fail(ANYI_IS_PRINT_TEMPLATE(self), NULL);
  return self->title;
}

AnyiPageKind
anyi_print_template_get_page_kind(AnyiPrintTemplate *self)
{
  g_return_val_if_fail(ANYI_IS_PRINT_TEMPLATE(self), ANYI_PAGE_A4);
  return self->page_kind;
}
