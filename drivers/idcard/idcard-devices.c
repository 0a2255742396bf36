/* SPDX-License-Identifier: GPL-3.0-or-later */
/* idcard-devices.c: the reader table, validated when loaded. */
#include "idcard-devices.h"

#include <anyi-config.h>
#include <anyi-paths.h>
#include <json-glib/json-glib.h>
#include <stdlib.h>
#include <string.h>

static void
model_free(gpointer data)
{
  AnyiIdcardReaderModel *model = data;
  g_free(model->name);
  g_free(model);
}

static gboolean
parse_hex16(const char *text, guint16 *out)
{
  if (text == NULL || strlen(text) != 4 || !g_ascii_isxdigit(text[0]) ||
      !g_ascii_isxdigit(text[1]) || !g_ascii_isxdigit(text[2]) || !g_ascii_isxdigit(text[3]))
    return FALSE;
  *out = (guint16)strtoul(text, NULL, 16);
  return TRUE;
}

static gboolean
parse_transport(const char *text, AnyiIdcardReaderModel *model)
{
  if (g_strcmp0(text, "bulk") == 0)
    model->transport = ANYI_IDCARD_TRANSPORT_BULK;
  else if (g_strcmp0(text, "hid") == 0)
    model->transport = ANYI_IDCARD_TRANSPORT_HID;
  else if (text != NULL && g_str_has_prefix(text, "serial-") &&
           anyi_usb_serial_bridge_from_string(text + strlen("serial-"), &model->bridge))
    model->transport = ANYI_IDCARD_TRANSPORT_SERIAL;
  else
    return FALSE;
  return TRUE;
}

static const char *
string_member(JsonObject *o, const char *key)
{
  JsonNode *node = json_object_get_member(o, key);
  if (node == NULL || json_node_get_value_type(node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string(node);
}

/* The speeds of the "set UART speed" command (60 00..04). */
static gboolean
parse_baud(JsonObject *o, guint *baud)
{
  static const gint64 speeds[] = {115200, 57600, 38400, 19200, 9600};
  if (!json_object_has_member(o, "baud"))
    return TRUE;
  gint64 value = json_object_get_int_member_with_default(o, "baud", 0);
  for (gsize i = 0; i < G_N_ELEMENTS(speeds); i++)
    if (value == speeds[i]) {
      *baud = value;
      return TRUE;
    }
  return FALSE;
}

static AnyiIdcardReaderModel *
parse_entry(JsonNode *node, guint index, const char *path, GError **error)
{
  JsonObject *o = JSON_NODE_HOLDS_OBJECT(node) ? json_node_get_object(node) : NULL;
  AnyiIdcardReaderModel *model = g_new0(AnyiIdcardReaderModel, 1);
  const char *problem = NULL;
  model->baud = ANYI_IDCARD_DEFAULT_BAUD;
  if (o == NULL)
    problem = "is not an object";
  else if (!parse_hex16(string_member(o, "vid"), &model->vid))
    problem = "needs \"vid\" as 4 hex digits";
  else if (!parse_hex16(string_member(o, "pid"), &model->pid))
    problem = "needs \"pid\" as 4 hex digits";
  else if (!parse_transport(string_member(o, "transport"), model))
    problem = "needs \"transport\": bulk, hid, serial-ch340, serial-pl2303 or serial-cp210x";
  else if (string_member(o, "name") == NULL || *string_member(o, "name") == '\0')
    problem = "needs a \"name\"";
  else if (!parse_baud(o, &model->baud))
    problem = "has a \"baud\" that SAM_V readers do not use (115200/57600/38400/19200/9600)";
  if (problem != NULL) {
    g_set_error(error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "%s: reader %u %s", path, index,
                problem);
    model_free(model);
    return NULL;
  }
  model->name = g_strdup(json_object_get_string_member(o, "name"));
  return model;
}

static gboolean
check_unique(GPtrArray *table, const AnyiIdcardReaderModel *model, const char *path, GError **error)
{
  if (anyi_idcard_device_table_match(table, model->vid, model->pid) == NULL)
    return TRUE;
  g_set_error(error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "%s: %04x:%04x is listed twice", path,
              model->vid, model->pid);
  return FALSE;
}

/* Loads and validates the table: every entry must be usable, or nothing
 * is loaded and the error names the entry and the problem. */
GPtrArray *
anyi_idcard_device_table_load(const char *path, GError **error)
{
  g_autoptr(JsonParser) parser = json_parser_new();
  if (!json_parser_load_from_file(parser, path, error))
    return NULL;
  JsonNode *root = json_parser_get_root(parser);
  JsonObject *top = JSON_NODE_HOLDS_OBJECT(root) ? json_node_get_object(root) : NULL;
  JsonNode *readers = top ? json_object_get_member(top, "readers") : NULL;
  if (readers == NULL || !JSON_NODE_HOLDS_ARRAY(readers)) {
    g_set_error(error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                "%s: expected an object with a \"readers\" array", path);
    return NULL;
  }
  g_autoptr(GPtrArray) table = g_ptr_array_new_with_free_func(model_free);
  JsonArray *array = json_node_get_array(readers);
  for (guint i = 0; i < json_array_get_length(array); i++) {
    AnyiIdcardReaderModel *model = parse_entry(json_array_get_element(array, i), i, path, error);
    if (model == NULL)
      return NULL;
    if (!check_unique(table, model, path, error)) {
      model_free(model);
      return NULL;
    }
    g_ptr_array_add(table, model);
  }
  return g_steal_pointer(&table);
}

char *
anyi_idcard_device_table_default_path(void)
{
  return g_build_filename(anyi_paths_assets_dir(), ANYI_IDCARD_DEVICE_TABLE, NULL);
}

const AnyiIdcardReaderModel *
anyi_idcard_device_table_match(GPtrArray *table, guint16 vid, guint16 pid)
{
  for (guint i = 0; i < table->len; i++) {
    const AnyiIdcardReaderModel *model = g_ptr_array_index(table, i);
    if (model->vid == vid && model->pid == pid)
      return model;
  }
  return NULL;
}

const char *
anyi_idcard_transport_describe(const AnyiIdcardReaderModel *model)
{
  switch (model->transport) {
  case ANYI_IDCARD_TRANSPORT_BULK:
    return "bulk";
  case ANYI_IDCARD_TRANSPORT_HID:
    return "hid";
  case ANYI_IDCARD_TRANSPORT_SERIAL:
    switch (model->bridge) {
    case ANYI_USB_SERIAL_CH340:
      return "serial-ch340";
    case ANYI_USB_SERIAL_PL2303:
      return "serial-pl2303";
    case ANYI_USB_SERIAL_CP210X:
      return "serial-cp210x";
    }
  }
  return "unknown";
}
