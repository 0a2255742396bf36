/* SPDX-License-Identifier: GPL-3.0-or-later */
/* idcard-photo.c: the WLT decoder plug-in loader. */
#include "idcard-photo.h"

#include <dlfcn.h>
#include <gio/gio.h>
#include <json-glib/json-glib.h>

struct _AnyiIdcardPhotoDecoder {
  void *library;
  const AnyiWltPlugin *plugin;
  GMutex lock; /* the ABI promises one call at a time */
};

static gboolean
check_plugin(const AnyiWltPlugin *plugin, const char *path, GError **error)
{
  if (plugin == NULL) {
    g_set_error(error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "%s exports no %s symbol", path,
                ANYI_WLT_PLUGIN_SYMBOL);
    return FALSE;
  }
  if (plugin->abi != ANYI_WLT_PLUGIN_ABI || plugin->decode == NULL) {
    g_set_error(error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                "%s implements WLT plug-in ABI %u, the kiosk needs %u with a decode function", path,
                plugin->abi, ANYI_WLT_PLUGIN_ABI);
    return FALSE;
  }
  return TRUE;
}

AnyiIdcardPhotoDecoder *
anyi_idcard_photo_decoder_load(const char *path, GError **error)
{
  void *library = dlopen(path, RTLD_NOW | RTLD_LOCAL);
  if (library == NULL) {
    g_set_error(error, G_IO_ERROR, G_IO_ERROR_FAILED, "cannot load the WLT decoder: %s", dlerror());
    return NULL;
  }
  const AnyiWltPlugin *plugin = dlsym(library, ANYI_WLT_PLUGIN_SYMBOL);
  if (!check_plugin(plugin, path, error)) {
    dlclose(library);
    return NULL;
  }
  AnyiIdcardPhotoDecoder *decoder = g_new0(AnyiIdcardPhotoDecoder, 1);
  decoder->library = library;
  decoder->plugin = plugin;
  g_mutex_init(&decoder->lock);
  g_message("idcard: photo decoder %s loaded from %s", plugin->name ? plugin->name : "(unnamed)",
            path);
  return decoder;
}

static char *
configured_path(const char *device_table_path, GError **error)
{
  g_autoptr(JsonParser) parser = json_parser_new();
  if (!json_parser_load_from_file(parser, device_table_path, error))
    return NULL;
  JsonNode *root = json_parser_get_root(parser);
  if (!JSON_NODE_HOLDS_OBJECT(root))
    return NULL;
  const char *name =
      json_object_get_string_member_with_default(json_node_get_object(root), "photo_decoder", NULL);
  if (name == NULL || *name == '\0')
    return NULL;
  if (g_path_is_absolute(name))
    return g_strdup(name);
  g_autofree char *folder = g_path_get_dirname(device_table_path);
  return g_build_filename(folder, name, NULL);
}

AnyiIdcardPhotoDecoder *
anyi_idcard_photo_decoder_load_configured(const char *device_table_path, GError **error)
{
  g_autofree char *path = configured_path(device_table_path, error);
  return path ? anyi_idcard_photo_decoder_load(path, error) : NULL;
}

void
anyi_idcard_photo_decoder_free(AnyiIdcardPhotoDecoder *decoder)
{
  if (decoder == NULL)
    return;
  dlclose(decoder->library);
  g_mutex_clear(&decoder->lock);
  g_free(decoder);
}

const char *
anyi_idcard_photo_decoder_get_name(AnyiIdcardPhotoDecoder *decoder)
{
  return decoder->plugin->name;
}

GBytes *
anyi_idcard_photo_decode(AnyiIdcardPhotoDecoder *decoder, GBytes *wlt, GError **error)
{
  gsize len = 0;
  const guint8 *bytes = g_bytes_get_data(wlt, &len);
  if (len != ANYI_WLT_INPUT_LEN) {
    g_set_error(error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                "a card photo is %d bytes of WLT, this one is %zu", ANYI_WLT_INPUT_LEN, len);
    return NULL;
  }
  guint8 *rgb = g_malloc0(ANYI_WLT_RGB_LEN);
  g_mutex_lock(&decoder->lock);
  int rc = decoder->plugin->decode(bytes, len, rgb, ANYI_WLT_RGB_LEN);
  g_mutex_unlock(&decoder->lock);
  if (rc != 0) {
    g_free(rgb);
    g_set_error(error, G_IO_ERROR, G_IO_ERROR_FAILED, "the WLT decoder %s failed with code %d",
                decoder->plugin->name ? decoder->plugin->name : "(unnamed)", rc);
    return NULL;
  }
  return g_bytes_new_take(rgb, ANYI_WLT_RGB_LEN);
}
