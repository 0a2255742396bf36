/* SPDX-License-Identifier: GPL-3.0-or-later */
/* anyi-print-render.c: a template and its data laid out with Pango, paginated,
 * and drawn with Cairo to PDF or to PWG raster.
 *
 * Layout happens once, in points, on a context that is independent of the
 * output surface and without hinting, so a PDF and a raster of the same data
 * break lines and pages in the same places. */
#include "anyi-print-template-private.h"

#include <cairo-pdf.h>
#include <cups/raster.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <qrencode.h>
#include <string.h>

typedef enum { ITEM_TEXT, ITEM_PAIR, ITEM_QR, ITEM_RULE, ITEM_SPACE } ItemKind;

/* One unbreakable piece of a page. */
typedef struct {
  ItemKind kind;
  double height; /* pt */
  double gap;    /* pt below it */
  PangoLayout *left;
  PangoLayout *right; /* the text; a pair's value; a QR code's caption */
  double left_width;  /* pt */
  QRcode *qr;
  double qr_size; /* pt */
  PangoAlignment align;
  gboolean dashed, muted, frame, keep_with_next;
} Item;

typedef struct {
  AnyiPrintTemplate *tpl;
  JsonObject *data;
  PangoContext *pango;
  double page_width, page_height, content_width; /* pt */
  GPtrArray *items;
  const AnyiBlock *footer; /* drawn at the foot of every A4 page */
  double footer_height;
  GArray *page_starts; /* index of each page's first item */
  gboolean raster;
} Doc;

/* What a placeholder is looked up in: a list's current item first, then the
 * whole data; page numbers exist only while a footer is drawn. */
typedef struct {
  JsonObject *root;
  JsonNode *item;
  int page, pages;
  const char *tpl_name;
  guint block_index;
} Scope;

static void
item_free(Item *item)
{
  g_clear_object(&item->left);
  g_clear_object(&item->right);
  g_clear_pointer(&item->qr, QRcode_free);
  g_free(item);
}

static JsonNode *
walk_path(JsonNode *node, const char *path)
{
  g_auto(GStrv) parts = g_strsplit(path, ".", -1);
  for (guint i = 0; parts[i] != NULL && node != NULL; i++) {
    if (!JSON_NODE_HOLDS_OBJECT(node))
      return NULL;
    node = json_object_get_member(json_node_get_object(node), parts[i]);
  }
  return node;
}

static JsonNode *
scope_lookup(const Scope *scope, const char *path, JsonNode **page_node)
{
  if (g_str_equal(path, "."))
    return scope->item;
  if (scope->item != NULL) {
    JsonNode *found = walk_path(scope->item, path);
    if (found != NULL)
      return found;
  }
  g_autoptr(JsonNode) root = json_node_init_object(json_node_alloc(), scope->root);
  JsonNode *found = walk_path(root, path);
  if (found == NULL && scope->page > 0 &&
      (g_str_equal(path, "page") || g_str_equal(path, "pages"))) {
    *page_node = json_node_init_int(json_node_alloc(),
                                    g_str_equal(path, "page") ? scope->page : scope->pages);
    return *page_node;
  }
  return found;
}

/* A value as the citizen reads it; NULL for what cannot be printed. */
static char *
node_to_text(JsonNode *node)
{
  if (JSON_NODE_HOLDS_NULL(node))
    return g_strdup("");
  if (!JSON_NODE_HOLDS_VALUE(node))
    return NULL;
  switch (json_node_get_value_type(node)) {
  case G_TYPE_STRING:
    return g_strdup(json_node_get_string(node));
  case G_TYPE_INT64:
    return g_strdup_printf("%" G_GINT64_FORMAT, json_node_get_int(node));
  case G_TYPE_DOUBLE: {
    char buffer[G_ASCII_DTOSTR_BUF_SIZE];
    return g_strdup(g_ascii_formatd(buffer, sizeof buffer, "%.10g", json_node_get_double(node)));
  }
  case G_TYPE_BOOLEAN:
    return g_strdup(json_node_get_boolean(node) ? "是 Yes" : "否 No");
  default:
    return NULL;
  }
}

static gboolean
node_is_set(JsonNode *node)
{
  if (node == NULL || JSON_NODE_HOLDS_NULL(node))
    return FALSE;
  if (JSON_NODE_HOLDS_ARRAY(node))
    return json_array_get_length(json_node_get_array(node)) > 0;
  if (JSON_NODE_HOLDS_OBJECT(node))
    return TRUE;
  switch (json_node_get_value_type(node)) {
  case G_TYPE_STRING:
    return *json_node_get_string(node) != '\0';
  case G_TYPE_BOOLEAN:
    return json_node_get_boolean(node);
  default:
    return json_node_get_double(node) != 0;
  }
}

static gboolean
scope_is_set(const Scope *scope, const char *path)
{
  g_autoptr(JsonNode) page_node = NULL;
  return node_is_set(scope_lookup(scope, path, &page_node));
}

/* Fills the placeholders of @text. With @markup the template text is Pango
 * markup and every value is escaped, so "张<三>&" prints as itself. */
static char *
expand(const char *text, const Scope *scope, gboolean markup, GError **error)
{
  g_autoptr(GString) out = g_string_new(NULL);
  const char *p = text;
  for (const char *open = strstr(p, "{{"); open != NULL; open = strstr(p, "{{")) {
    const char *close = strstr(open + 2, "}}");
    g_string_append_len(out, p, open - p);
    g_autofree char *path = g_strndup(open + 2, close - open - 2);
    g_autoptr(JsonNode) page_node = NULL;
    JsonNode *node = scope_lookup(scope, path, &page_node);
    g_autofree char *value = node ? node_to_text(node) : NULL;
    if (value == NULL) {
      g_set_error(error, ANYI_PRINT_ERROR, ANYI_PRINT_ERROR_DATA,
                  "template '%s', blocks[%u]: the data %s '%s'", scope->tpl_name,
                  scope->block_index, node ? "has no printable value for" : "has no", path);
      return NULL;
    }
    if (markup) {
      g_autofree char *escaped = g_markup_escape_text(value, -1);
      g_string_append(out, escaped);
    } else {
      g_string_append(out, value);
    }
    p = close + 2;
  }
  g_string_append(out, p);
  return g_string_free(g_steal_pointer(&out), FALSE);
}

static PangoLayout *
make_layout(Doc *doc, const AnyiBlock *block, const char *markup, double width, gboolean bold)
{
  PangoLayout *layout = pango_layout_new(doc->pango);
  g_autoptr(PangoFontDescription) font = pango_font_description_new();
  pango_font_description_set_family(font, block->serif ? doc->tpl->serif_family : doc->tpl->family);
  pango_font_description_set_size(font, (int)(block->size * PANGO_SCALE));
  pango_font_description_set_weight(font, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
  pango_layout_set_font_description(layout, font);
  pango_layout_set_width(layout, (int)(width * PANGO_SCALE));
  pango_layout_set_wrap(layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_alignment(layout, block->align);
  pango_layout_set_line_spacing(layout, 1.2f);
  pango_layout_set_markup(layout, markup, -1);
  return layout;
}

static double
layout_height(PangoLayout *layout)
{
  int width, height;
  pango_layout_get_size(layout, &width, &height);
  return (double)height / PANGO_SCALE;
}

static Item *
add_item(Doc *doc, ItemKind kind, const AnyiBlock *block)
{
  Item *item = g_new0(Item, 1);
  item->kind = kind;
  item->align = block->align;
  item->muted = block->muted;
  item->gap = block->space_after * ANYI_MM;
  g_ptr_array_add(doc->items, item);
  return item;
}

static gboolean
lay_out_text(Doc *doc, const AnyiBlock *block, const Scope *scope, GError **error)
{
  g_autofree char *markup = expand(block->text, scope, TRUE, error);
  if (markup == NULL)
    return FALSE;
  Item *item = add_item(doc, ITEM_TEXT, block);
  double pad = block->frame ? 3 * ANYI_MM : 0;
  item->frame = block->frame;
  item->right = make_layout(doc, block, markup, doc->content_width - 2 * pad, block->bold);
  item->height = layout_height(item->right) + 2 * pad;
  item->keep_with_next = block->kind == ANYI_BLOCK_HEADING;
  return TRUE;
}

static Item *
add_pair(Doc *doc, const AnyiBlock *block, const char *left, const char *right, double left_width)
{
  Item *item = add_item(doc, ITEM_PAIR, block);
  AnyiBlock left_style = *block, right_style = *block;
  left_style.align = right_style.align = PANGO_ALIGN_LEFT;
  item->left_width = left_width;
  item->left = make_layout(doc, &left_style, left, left_width, FALSE);
  item->right = make_layout(doc, &right_style, right, doc->content_width - left_width, block->bold);
  item->height = MAX(layout_height(item->left), layout_height(item->right));
  item->gap = 1.2 * ANYI_MM;
  return item;
}

static gboolean
lay_out_rows(Doc *doc, const AnyiBlock *block, const Scope *scope, GError **error)
{
  Item *last = NULL;
  for (guint i = 0; i < block->rows->len; i++) {
    const AnyiRow *row = g_ptr_array_index(block->rows, i);
    if (row->when != NULL && !scope_is_set(scope, row->when))
      continue;
    g_autofree char *key = expand(row->key, scope, TRUE, error);
    g_autofree char *value = key ? expand(row->value, scope, TRUE, error) : NULL;
    if (value == NULL)
      return FALSE;
    last = add_pair(doc, block, key, value, block->length * ANYI_MM);
    last->muted = FALSE;
  }
  if (last != NULL)
    last->gap = block->space_after * ANYI_MM;
  return TRUE;
}

static gboolean
lay_out_list(Doc *doc, const AnyiBlock *block, const Scope *scope, GError **error)
{
  g_autoptr(JsonNode) page_node = NULL;
  JsonNode *node = scope_lookup(scope, block->items, &page_node);
  if (node != NULL && !JSON_NODE_HOLDS_ARRAY(node) && !JSON_NODE_HOLDS_NULL(node)) {
    g_set_error(error, ANYI_PRINT_ERROR, ANYI_PRINT_ERROR_DATA,
                "template '%s', blocks[%u]: the data's '%s' is not an array", scope->tpl_name,
                scope->block_index, block->items);
    return FALSE;
  }
  JsonArray *array = node && JSON_NODE_HOLDS_ARRAY(node) ? json_node_get_array(node) : NULL;
  guint n = array ? json_array_get_length(array) : 0;
  if (n == 0) {
    if (block->empty == NULL) {
      g_set_error(error, ANYI_PRINT_ERROR, ANYI_PRINT_ERROR_DATA,
                  "template '%s', blocks[%u]: the data has no items in '%s' and the list has "
                  "no \"empty\" text",
                  scope->tpl_name, scope->block_index, block->items);
      return FALSE;
    }
    AnyiBlock empty_block = *block;
    empty_block.text = block->empty;
    return lay_out_text(doc, &empty_block, scope, error);
  }
  double bullet_width = (block->numbered ? 2.2 : 1.4) * block->size;
  Item *last = NULL;
  for (guint i = 0; i < n; i++) {
    Scope item_scope = *scope;
    item_scope.item = json_array_get_element(array, i);
    g_autofree char *text = expand(block->text, &item_scope, TRUE, error);
    if (text == NULL)
      return FALSE;
    g_autofree char *bullet = block->numbered ? g_strdup_printf("%u.", i + 1) : g_strdup("•");
    last = add_pair(doc, block, bullet, text, bullet_width);
  }
  last->gap = block->space_after * ANYI_MM;
  return TRUE;
}

static gboolean
lay_out_qr(Doc *doc, const AnyiBlock *block, const Scope *scope, GError **error)
{
  g_autofree char *data = expand(block->text, scope, FALSE, error);
  if (data == NULL)
    return FALSE;
  QRcode *qr = *data ? QRcode_encodeString(data, 0, QR_ECLEVEL_M, QR_MODE_8, 1) : NULL;
  if (qr == NULL) {
    g_set_error(error, ANYI_PRINT_ERROR, ANYI_PRINT_ERROR_DATA,
                "template '%s', blocks[%u]: cannot encode a QR code of %zu bytes", scope->tpl_name,
                scope->block_index, strlen(data));
    return FALSE;
  }
  Item *item = add_item(doc, ITEM_QR, block);
  item->qr = qr;
  item->qr_size = block->length * ANYI_MM;
  item->height = item->qr_size;
  if (block->caption != NULL) {
    g_autofree char *caption = expand(block->caption, scope, TRUE, error);
    if (caption == NULL)
      return FALSE;
    item->right = make_layout(doc, block, caption, doc->content_width, block->bold);
    item->height += layout_height(item->right);
  }
  return TRUE;
}

static gboolean
lay_out_block(Doc *doc, const AnyiBlock *block, const Scope *scope, GError **error)
{
  Item *item;
  switch (block->kind) {
  case ANYI_BLOCK_HEADING:
  case ANYI_BLOCK_TEXT:
    return lay_out_text(doc, block, scope, error);
  case ANYI_BLOCK_ROWS:
    return lay_out_rows(doc, block, scope, error);
  case ANYI_BLOCK_LIST:
    return lay_out_list(doc, block, scope, error);
  case ANYI_BLOCK_QR:
    return lay_out_qr(doc, block, scope, error);
  case ANYI_BLOCK_RULE:
    item = add_item(doc, ITEM_RULE, block);
    item->dashed = block->dashed;
    item->height = 1;
    return TRUE;
  case ANYI_BLOCK_SPACE:
    item = add_item(doc, ITEM_SPACE, block);
    item->height = block->length * ANYI_MM;
    return TRUE;
  case ANYI_BLOCK_FOOTER:
    if (doc->tpl->page_kind == ANYI_PAGE_ROLL_80MM)
      return lay_out_text(doc, block, scope, error);
    doc->footer = block;
    return TRUE;
  }
  g_assert_not_reached();
}

static double
footer_height(Doc *doc, const Scope *scope, GError **error)
{
  Scope footer_scope = *scope;
  footer_scope.page = footer_scope.pages = 99;
  g_autofree char *markup = expand(doc->footer->text, &footer_scope, TRUE, error);
  if (markup == NULL)
    return -1;
  g_autoptr(PangoLayout) layout =
      make_layout(doc, doc->footer, markup, doc->content_width, doc->footer->bold);
  return layout_height(layout) + 4 * ANYI_MM;
}

static double
usable_height(Doc *doc)
{
  return doc->page_height - 2 * doc->tpl->margin * ANYI_MM - doc->footer_height;
}

/* Starts a new page where the next item (with a heading, the item it
 * heads) would not fit. */
static void
paginate(Doc *doc)
{
  double y = 0, limit = usable_height(doc);
  g_array_set_size(doc->page_starts, 0);
  guint first = 0;
  g_array_append_val(doc->page_starts, first);
  if (doc->tpl->page_kind == ANYI_PAGE_ROLL_80MM)
    return; /* a roll is one page as long as its content */
  for (guint i = 0; i < doc->items->len; i++) {
    Item *item = g_ptr_array_index(doc->items, i);
    double need = item->height;
    if (item->keep_with_next && i + 1 < doc->items->len)
      need += item->gap + ((Item *)g_ptr_array_index(doc->items, i + 1))->height;
    if (y > 0 && y + need > limit) {
      g_array_append_val(doc->page_starts, i);
      y = 0;
    }
    y += item->height + item->gap;
  }
}

static double
content_height(Doc *doc)
{
  double y = 0;
  for (guint i = 0; i < doc->items->len; i++) {
    Item *item = g_ptr_array_index(doc->items, i);
    y += item->height + (i + 1 < doc->items->len ? item->gap : 0);
  }
  return y;
}

static PangoContext *
make_pango_context(void)
{
  PangoContext *context = pango_font_map_create_context(pango_cairo_font_map_get_default());
  cairo_font_options_t *options = cairo_font_options_create();
  cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style(options, CAIRO_HINT_STYLE_NONE);
  pango_cairo_context_set_font_options(context, options);
  pango_cairo_context_set_resolution(context, 72);
  cairo_font_options_destroy(options);
  return context;
}

static void
doc_clear(Doc *doc)
{
  g_clear_pointer(&doc->items, g_ptr_array_unref);
  g_clear_pointer(&doc->page_starts, g_array_unref);
  g_clear_object(&doc->pango);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC(Doc, doc_clear)

static gboolean
doc_lay_out(Doc *doc, AnyiPrintTemplate *tpl, JsonObject *data, GError **error)
{
  doc->tpl = tpl;
  doc->data = data;
  doc->pango = make_pango_context();
  doc->items = g_ptr_array_new_with_free_func((GDestroyNotify)item_free);
  doc->page_starts = g_array_new(FALSE, FALSE, sizeof(guint));
  doc->page_width = (tpl->page_kind == ANYI_PAGE_A4 ? 210 : 80) * ANYI_MM;
  doc->page_height = 297 * ANYI_MM;
  doc->content_width = doc->page_width - 2 * tpl->margin * ANYI_MM;

  Scope scope = {.root = data, .tpl_name = tpl->name};
  for (guint i = 0; i < tpl->blocks->len; i++) {
    const AnyiBlock *block = g_ptr_array_index(tpl->blocks, i);
    scope.block_index = i;
    if (block->when != NULL && !scope_is_set(&scope, block->when))
      continue;
    if (!lay_out_block(doc, block, &scope, error))
      return FALSE;
  }
  if (doc->footer != NULL && (doc->footer_height = footer_height(doc, &scope, error)) < 0)
    return FALSE;
  if (tpl->page_kind == ANYI_PAGE_ROLL_80MM)
    doc->page_height = content_height(doc) + 2 * tpl->margin * ANYI_MM;
  paginate(doc);
  return TRUE;
}

/* Gray ink: PDF gets a gray colour; raster pages are alpha-only surfaces
 * where coverage is ink. */
static void
set_ink(Doc *doc, cairo_t *cr, gboolean muted)
{
  double level = muted ? 0.6 : 1.0;
  if (doc->raster)
    cairo_set_source_rgba(cr, 0, 0, 0, level);
  else
    cairo_set_source_rgb(cr, 1 - level, 1 - level, 1 - level);
}

static void
draw_qr(Doc *doc, cairo_t *cr, const Item *item, double y)
{
  int quiet = 4, modules = item->qr->width + 2 * quiet;
  double module = item->qr_size / modules, dx = 1, dy = 1;
  if (doc->raster) {
    /* whole device pixels per module, or the edges blur into noise */
    cairo_user_to_device_distance(cr, &dx, &dy);
    module = MAX(1.0, floor(module * dx)) / dx;
  }
  double size = module * modules;
  double x = item->align == PANGO_ALIGN_CENTER  ? (doc->content_width - size) / 2
             : item->align == PANGO_ALIGN_RIGHT ? doc->content_width - size
                                                : 0;
  x = round(x * dx) / dx;
  y = round(y * dx) / dx;
  set_ink(doc, cr, FALSE);
  for (int row = 0; row < item->qr->width; row++)
    for (int col = 0; col < item->qr->width; col++)
      if (item->qr->data[row * item->qr->width + col] & 1)
        cairo_rectangle(cr, x + (col + quiet) * module, y + (row + quiet) * module, module, module);
  cairo_fill(cr);
  if (item->right != NULL) {
    cairo_move_to(cr, 0, y + item->qr_size);
    pango_cairo_show_layout(cr, item->right);
  }
}

static void
draw_item(Doc *doc, cairo_t *cr, const Item *item, double y)
{
  double pad = 3 * ANYI_MM;
  switch (item->kind) {
  case ITEM_TEXT:
    set_ink(doc, cr, item->muted);
    cairo_move_to(cr, item->frame ? pad : 0, y + (item->frame ? pad : 0));
    pango_cairo_show_layout(cr, item->right);
    if (item->frame) {
      cairo_set_line_width(cr, 0.8);
      cairo_rectangle(cr, 0, y, doc->content_width, item->height);
      cairo_stroke(cr);
    }
    break;
  case ITEM_PAIR: {
    /* on one baseline, whatever the fonts of the two first lines */
    double shift =
        (double)(pango_layout_get_baseline(item->right) - pango_layout_get_baseline(item->left)) /
        PANGO_SCALE;
    set_ink(doc, cr, TRUE);
    cairo_move_to(cr, 0, y + shift);
    pango_cairo_show_layout(cr, item->left);
    set_ink(doc, cr, item->muted);
    cairo_move_to(cr, item->left_width, y);
    pango_cairo_show_layout(cr, item->right);
    break;
  }
  case ITEM_QR:
    draw_qr(doc, cr, item, y);
    break;
  case ITEM_RULE:
    set_ink(doc, cr, item->muted);
    cairo_set_line_width(cr, 0.8);
    if (item->dashed)
      cairo_set_dash(cr, (double[]){3, 2}, 2, 0);
    cairo_move_to(cr, 0, y + 0.5);
    cairo_line_to(cr, doc->content_width, y + 0.5);
    cairo_stroke(cr);
    cairo_set_dash(cr, NULL, 0, 0);
    break;
  case ITEM_SPACE:
    break;
  }
}

static gboolean
draw_footer(Doc *doc, cairo_t *cr, guint page, GError **error)
{
  Scope scope = {.root = doc->data,
                 .tpl_name = doc->tpl->name,
                 .page = page + 1,
                 .pages = doc->page_starts->len};
  g_autofree char *markup = expand(doc->footer->text, &scope, TRUE, error);
  if (markup == NULL)
    return FALSE;
  g_autoptr(PangoLayout) layout =
      make_layout(doc, doc->footer, markup, doc->content_width, doc->footer->bold);
  double bottom = doc->page_height - 2 * doc->tpl->margin * ANYI_MM;
  double y = bottom - layout_height(layout);
  set_ink(doc, cr, TRUE);
  cairo_set_line_width(cr, 0.5);
  cairo_move_to(cr, 0, y - 2 * ANYI_MM);
  cairo_line_to(cr, doc->content_width, y - 2 * ANYI_MM);
  cairo_stroke(cr);
  set_ink(doc, cr, doc->footer->muted);
  cairo_move_to(cr, 0, y);
  pango_cairo_show_layout(cr, layout);
  return TRUE;
}

/* Draws page @page with the origin at the paper's top-left corner, in points. */
static gboolean
draw_page(Doc *doc, cairo_t *cr, guint page, GError **error)
{
  guint first = g_array_index(doc->page_starts, guint, page);
  guint end = page + 1 < doc->page_starts->len ? g_array_index(doc->page_starts, guint, page + 1)
                                               : doc->items->len;
  cairo_save(cr);
  cairo_translate(cr, doc->tpl->margin * ANYI_MM, doc->tpl->margin * ANYI_MM);
  double y = 0;
  for (guint i = first; i < end; i++) {
    const Item *item = g_ptr_array_index(doc->items, i);
    draw_item(doc, cr, item, y);
    y += item->height + item->gap;
  }
  gboolean ok = doc->footer == NULL || draw_footer(doc, cr, page, error);
  cairo_restore(cr);
  return ok;
}

static gboolean
check_cairo(cairo_status_t status, GError **error)
{
  if (status == CAIRO_STATUS_SUCCESS)
    return TRUE;
  if (error != NULL && *error == NULL)
    g_set_error(error, ANYI_PRINT_ERROR, ANYI_PRINT_ERROR_RENDER, "cairo: %s",
                cairo_status_to_string(status));
  return FALSE;
}

typedef struct {
  GOutputStream *out;
  GError *error;
} StreamSink;

static cairo_status_t
write_to_stream(void *closure, const unsigned char *data, unsigned int length)
{
  StreamSink *sink = closure;
  if (sink->error != NULL)
    return CAIRO_STATUS_WRITE_ERROR;
  if (!g_output_stream_write_all(sink->out, data, length, NULL, NULL, &sink->error))
    return CAIRO_STATUS_WRITE_ERROR;
  return CAIRO_STATUS_SUCCESS;
}

gboolean
anyi_print_template_render_pdf(AnyiPrintTemplate *self, JsonObject *data, GOutputStream *out,
                               GError **error)
{
  g_return_val_if_fail(ANYI_IS_PRINT_TEMPLATE(self), FALSE);
  g_return_val_if_fail(data != NULL && G_IS_OUTPUT_STREAM(out), FALSE);
  g_auto(Doc) doc = {0};
  if (!doc_lay_out(&doc, self, data, error))
    return FALSE;
  StreamSink sink = {out, NULL};
  cairo_surface_t *surface =
      cairo_pdf_surface_create_for_stream(write_to_stream, &sink, doc.page_width, doc.page_height);
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE,
                                 self->title ? self->title : self->name);
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "anyi-kiosk");
  cairo_t *cr = cairo_create(surface);
  gboolean ok = TRUE;
  for (guint page = 0; ok && page < doc.page_starts->len; page++) {
    ok = draw_page(&doc, cr, page, error);
    cairo_show_page(cr);
  }
  cairo_status_t status = cairo_status(cr);
  cairo_destroy(cr);
  cairo_surface_finish(surface);
  if (status == CAIRO_STATUS_SUCCESS)
    status = cairo_surface_status(surface);
  cairo_surface_destroy(surface);
  if (sink.error != NULL) {
    if (ok)
      g_propagate_prefixed_error(error, sink.error, "writing the PDF: ");
    else
      g_error_free(sink.error);
    return FALSE;
  }
  return ok && check_cairo(status, error);
}

GBytes *
anyi_print_template_render_pdf_bytes(AnyiPrintTemplate *self, JsonObject *data, GError **error)
{
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable();
  if (!anyi_print_template_render_pdf(self, data, out, error) ||
      !g_output_stream_close(out, NULL, error))
    return NULL;
  return g_memory_output_stream_steal_as_bytes(G_MEMORY_OUTPUT_STREAM(out));
}

gboolean
anyi_print_template_render_pdf_file(AnyiPrintTemplate *self, JsonObject *data, const char *path,
                                    GError **error)
{
  g_autoptr(GFile) file = g_file_new_for_path(path);
  g_autoptr(GFileOutputStream) out =
      g_file_replace(file, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION, NULL, error);
  if (out == NULL)
    return FALSE;
  gboolean ok = anyi_print_template_render_pdf(self, data, G_OUTPUT_STREAM(out), error);
  gboolean closed = g_output_stream_close(G_OUTPUT_STREAM(out), NULL, ok ? error : NULL);
  return ok && closed;
}

static ssize_t
append_to_array(void *ctx, unsigned char *buffer, size_t length)
{
  g_byte_array_append(ctx, buffer, (guint)length);
  return (ssize_t)length;
}

/* Converts one alpha-coverage row to the printer's pixels. */
static void
pack_row(const guint8 *coverage, guint width, AnyiRasterType type, guint8 *line)
{
  if (type == ANYI_RASTER_SGRAY_8) {
    for (guint x = 0; x < width; x++)
      line[x] = 255 - coverage[x];
    return;
  }
  memset(line, 0, (width + 7) / 8);
  for (guint x = 0; x < width; x++)
    if (coverage[x] >= 100)
      line[x / 8] |= 0x80 >> (x % 8);
}

static gboolean
write_raster_page(Doc *doc, cups_raster_t *raster, guint page, guint dpi, AnyiRasterType type,
                  GError **error)
{
  cups_page_header2_t header;
  pwg_media_t *media = pwgMediaForSize((int)round(doc->page_width / ANYI_MM * 100),
                                       (int)round(doc->page_height / ANYI_MM * 100));
  if (!cupsRasterInitPWGHeader(&header, media, type == ANYI_RASTER_BLACK_1 ? "black_1" : "sgray_8",
                               (int)dpi, (int)dpi, "one-sided", "normal")) {
    g_set_error(error, ANYI_PRINT_ERROR, ANYI_PRINT_ERROR_RENDER, "PWG raster header: %s",
                cupsLastErrorString());
    return FALSE;
  }
  cairo_surface_t *surface =
      cairo_image_surface_create(CAIRO_FORMAT_A8, (int)header.cupsWidth, (int)header.cupsHeight);
  cairo_t *cr = cairo_create(surface);
  cairo_scale(cr, dpi / 72.0, dpi / 72.0);
  gboolean ok = draw_page(doc, cr, page, error) && check_cairo(cairo_status(cr), error);
  cairo_destroy(cr);
  cairo_surface_flush(surface);
  if (ok && !cupsRasterWriteHeader2(raster, &header)) {
    g_set_error(error, ANYI_PRINT_ERROR, ANYI_PRINT_ERROR_RENDER, "writing a raster header");
    ok = FALSE;
  }
  const guint8 *pixels = cairo_image_surface_get_data(surface);
  int stride = cairo_image_surface_get_stride(surface);
  g_autofree guint8 *line = g_malloc(header.cupsBytesPerLine);
  for (guint y = 0; ok && y < header.cupsHeight; y++) {
    pack_row(pixels + (gsize)y * stride, header.cupsWidth, type, line);
    ok = cupsRasterWritePixels(raster, line, header.cupsBytesPerLine) == header.cupsBytesPerLine;
  }
  cairo_surface_destroy(surface);
  return ok;
}

GBytes *
anyi_print_template_render_pwg_raster(AnyiPrintTemplate *self, JsonObject *data, guint dpi,
                                      AnyiRasterType type, GError **error)
{
  g_return_val_if_fail(ANYI_IS_PRINT_TEMPLATE(self), NULL);
  g_return_val_if_fail(data != NULL && dpi >= 72 && dpi <= 1200, NULL);
  g_auto(Doc) doc = {0};
  if (!doc_lay_out(&doc, self, data, error))
    return NULL;
  doc.raster = TRUE;
  g_autoptr(GByteArray) bytes = g_byte_array_new();
  cups_raster_t *raster = cupsRasterOpenIO(append_to_array, bytes, CUPS_RASTER_WRITE_PWG);
  gboolean ok = TRUE;
  for (guint page = 0; ok && page < doc.page_starts->len; page++)
    ok = write_raster_page(&doc, raster, page, dpi, type, error);
  cupsRasterClose(raster);
  if (!ok) {
    if (error != NULL && *error == NULL)
      g_set_error(error, ANYI_PRINT_ERROR, ANYI_PRINT_ERROR_RENDER, "writing PWG raster failed");
    return NULL;
  }
  return g_byte_array_free_to_bytes(g_steal_pointer(&bytes));
}
