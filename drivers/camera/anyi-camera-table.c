/* SPDX-License-Identifier: GPL-3.0-or-later */
/* anyi-camera-table.c: the camera role table (json-glib). */
#include "anyi-camera-table.h"

#include <anyi-config.h>
#include <anyi-paths.h>
#include <gio/gio.h>
#include <json-glib/json-glib.h>

typedef struct {
  AnyiCameraRole role;
  gboolean has_ids;
  guint16 vendor_id, product_id;
  char *product; /* fragment, case-insensitive; NULL = any */
} Entry;

struct _AnyiCameraTable {
  GArray *entries;
};

static const char *const role_names[] = {"face", "document"};

const char *
anyi_camera_role_to_string(AnyiCameraRole role)
{
  g_return_val_if_fail(role < G_N_ELEMENTS(role_names), NULL);
  return role_names[role];
}

gboolean
anyi_camera_role_from_string(const char *name, AnyiCameraRole *role)
{
  for (guint i = 0; i < G_N_ELEMENTS(role_names); i++)
    if (g_strcmp0(name, role_names[i]) == 0) {
      *role = (AnyiCameraRole)i;
      return TRUE;
    }
  return FALSE;
}

static void
clear_entry(gpointer data)
{
  g_free(((Entry *)data)->product);
}

static gboolean
parse_hex16(const char *text, guint16 *out)
{
  guint64 v = 0;
  if (!text || strlen(text) != 4 || !g_ascii_string_to_unsigned(text, 16, 0, 0xFFFF, &v, NULL))
    return FALSE;
  *out = (guint16)v;
  return TRUE;
}

static gboolean
invalid(GError **error, const char *path, guint index, const char *why)
{
  g_set_error(error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "%s: camera %u: %s", path, index, why);
  return FALSE;
}

static gboolean
parse_entry(JsonObject *o, const char *path, guint index, Entry *entry, GError **error)
{
  const char *role = json_object_get_string_member_with_default(o, "role", NULL);
  const char *vid = json_object_get_string_member_with_default(o, "vendor_id", NULL);
  const char *pid = json_object_get_string_member_with_default(o, "product_id", NULL);
  const char *product = json_object_get_string_member_with_default(o, "product", NULL);
  if (!anyi_camera_role_from_string(role, &entry->role))
    return invalid(error, path, index, "\"role\" must be \"face\" or \"document\"");
  if ((vid == NULL) != (pid == NULL))
    return invalid(error, path, index, "give both \"vendor_id\" and \"product_id\", or neither");
  if (vid && (!parse_hex16(vid, &entry->vendor_id) || !parse_hex16(pid, &entry->product_id)))
    return invalid(error, path, index, "IDs are four hexadecimal digits, like \"046d\"");
  if (!vid && (!product || !*product))
    return invalid(error, path, index, "needs \"vendor_id\"+\"product_id\" or \"product\"");
  entry->has_ids = vid != NULL;
  entry->product = product && *product ? g_utf8_casefold(product, -1) : NULL;
  return TRUE;
}

AnyiCameraTable *
anyi_camera_table_load(const char *path, GError **error)
{
  g_autoptr(JsonParser) parser = json_parser_new();
  if (!json_parser_load_from_file(parser, path, error))
    return NULL;
  JsonNode *root = json_parser_get_root(parser);
  JsonObject *top = JSON_NODE_HOLDS_OBJECT(root) ? json_node_get_object(root) : NULL;
  JsonArray *cameras = top && json_object_has_member(top, "cameras")
                           ? json_object_get_array_member(top, "cameras")
                           : NULL;
  if (!cameras) {
    g_set_error(error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "%s: no \"cameras\" list", path);
    return NULL;
  }
  AnyiCameraTable *table = g_atomic_rc_box_new0(AnyiCameraTable);
  table->entries = g_array_new(FALSE, TRUE, sizeof(Entry));
  g_array_set_clear_func(table->entries, clear_entry);
  for (guint i = 0; i < json_array_get_length(cameras); i++) {
    JsonNode *node = json_array_get_element(cameras, i);
    Entry entry = {0};
    if (!JSON_NODE_HOLDS_OBJECT(node)) {
      invalid(error, path, i, "is not an object");
      anyi_camera_table_unref(table);
      return NULL;
    }
    if (!parse_entry(json_node_get_object(node), path, i, &entry, error)) {
      anyi_camera_table_unref(table);
      return NULL;
    }
    g_array_append_val(table->entries, entry);
  }
  return table;
}

AnyiCameraTable *
anyi_camera_table_load_default(GError **error)
{
  g_autofree char *path =
      g_build_filename(anyi_paths_assets_dir(), "devices", "cameras.json", NULL);
  return anyi_camera_table_load(path, error);
}

AnyiCameraTable *
anyi_camera_table_ref(AnyiCameraTable *table)
{
  return g_atomic_rc_box_acquire(table);
}

static void
clear_table(gpointer data)
{
  g_clear_pointer(&((AnyiCameraTable *)data)->entries, g_array_unref);
}

void
anyi_camera_table_unref(AnyiCameraTable *table)
{
  g_atomic_rc_box_release_full(table, clear_table);
}

static gboolean
ids_match(const Entry *e, guint16 vendor_id, guint16 product_id)
{
  return !e->has_ids || (e->vendor_id == vendor_id && e->product_id == product_id);
}

gboolean
anyi_camera_table_match(const AnyiCameraTable *table, guint16 vendor_id, guint16 product_id,
                        const char *product, AnyiCameraRole *role)
{
  g_autofree char *folded = g_utf8_casefold(product ? product : "", -1);
  for (guint i = 0; i < table->entries->len; i++) {
    const Entry *e = &g_array_index(table->entries, Entry, i);
    if (ids_match(e, vendor_id, product_id) && (!e->product || strstr(folded, e->product))) {
      *role = e->role;
      return TRUE;
    }
  }
  return FALSE;
}

gboolean
anyi_camera_table_needs_product(const AnyiCameraTable *table, guint16 vendor_id, guint16 product_id)
{
  for (guint i = 0; i < table->entries->len; i++) {
    const Entry *e = &g_array_index(table->entries, Entry, i);
    if (ids_match(e, vendor_id, product_id) && e->product)
      return TRUE;
  }
  return FALSE;
}
