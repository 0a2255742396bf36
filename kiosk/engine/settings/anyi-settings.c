/* SPDX-License-Identifier: GPL-3.0-or-later */
/* anyi-settings.c: defaults, a hall's overrides, then the environment. */
#include "anyi-settings.h"

#include <anyi-config.h>
#include <stdlib.h>
#include <string.h>

const char *
anyi_assets_dir(void)
{
  const char *env = g_getenv("ANYI_ASSETS_DIR");
  return env && *env ? env : ANYI_ASSETS_DIR_DEFAULT;
}

const char *
anyi_templates_dir(void)
{
  const char *env = g_getenv("ANYI_TEMPLATES_DIR");
  return env && *env ? env : ANYI_TEMPLATES_DIR_DEFAULT;
}

char *
anyi_asset_path(const char *relative)
{
  if (g_path_is_absolute(relative))
    return g_strdup(relative);
  return g_build_filename(anyi_assets_dir(), relative, NULL);
}

static gboolean
merge_file(GKeyFile *into, const char *path, GError **error)
{
  g_autoptr(GKeyFile) file = g_key_file_new();
  g_auto(GStrv) groups = NULL;

  if (!g_key_file_load_from_file(file, path, G_KEY_FILE_NONE, error)) {
    g_prefix_error(error, "%s: ", path);
    return FALSE;
  }
  groups = g_key_file_get_groups(file, NULL);
  for (int g = 0; groups[g]; g++) {
    g_auto(GStrv) keys = g_key_file_get_keys(file, groups[g], NULL, NULL);
    for (int k = 0; keys && keys[k]; k++) {
      g_autofree char *value = g_key_file_get_value(file, groups[g], keys[k], NULL);
      if (!g_key_file_has_key(into, groups[g], keys[k], NULL)) {
        g_set_error(error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_KEY_NOT_FOUND,
                    "%s: [%s] %s is not a setting of this kiosk", path, groups[g], keys[k]);
        return FALSE;
      }
      g_key_file_set_value(into, groups[g], keys[k], value);
    }
  }
  return TRUE;
}

static char *
get_string(GKeyFile *file, const char *group, const char *key, const char *env)
{
  const char *override = env ? g_getenv(env) : NULL;

  if (override && *override)
    return g_strdup(override);
  return g_key_file_get_string(file, group, key, NULL);
}

static gboolean
get_int(GKeyFile *file, const char *group, const char *key, int min, int max, int *out,
        GError **error)
{
  g_autoptr(GError) local = NULL;
  int value = g_key_file_get_integer(file, group, key, &local);

  if (local || value < min || value > max) {
    g_set_error(error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE,
                "[%s] %s must be a whole number from %d to %d", group, key, min, max);
    return FALSE;
  }
  *out = value;
  return TRUE;
}

static gboolean
get_boolean(GKeyFile *file, const char *group, const char *key, gboolean *out, GError **error)
{
  g_autoptr(GError) local = NULL;

  *out = g_key_file_get_boolean(file, group, key, &local);
  if (local)
    g_set_error(error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE,
                "[%s] %s must be true or false", group, key);
  return local == NULL;
}

static char *
data_path(const char *configured, const char *name)
{
  if (configured && *configured)
    return g_strdup(configured);
  return g_build_filename(g_get_user_data_dir(), "anyi-kiosk", name, NULL);
}

static gboolean
fill(AnyiSettings *s, GKeyFile *file, GError **error)
{
  g_autofree char *letter = get_string(file, "kiosk", "letter", NULL);
  g_autofree char *db = get_string(file, "store", "path", "ANYI_DB");
  g_autofree char *docs = get_string(file, "store", "documents", "ANYI_DOCUMENTS_DIR");
  g_autofree char *log = get_string(file, "store", "log", "ANYI_LOG_FILE");
  g_autofree char *table = get_string(file, "devices", "idcard-table", "ANYI_IDCARD_TABLE");

  if (!letter || strlen(letter) != 1 || !g_ascii_isupper(letter[0])) {
    g_set_error(error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE,
                "[kiosk] letter must be one capital letter A-Z");
    return FALSE;
  }
  s->kiosk_letter = letter[0];
  s->kiosk_id = get_string(file, "kiosk", "id", "ANYI_KIOSK_ID");
  s->hall_name = get_string(file, "kiosk", "hall", NULL);
  s->hotline = get_string(file, "kiosk", "hotline", NULL);
  s->language = get_string(file, "kiosk", "language", "ANYI_LANGUAGE");
  s->receipt_queue = get_string(file, "printing", "receipt-queue", "ANYI_RECEIPT_QUEUE");
  s->a4_queue = get_string(file, "printing", "a4-queue", "ANYI_A4_QUEUE");
  s->handoff_window = get_string(file, "handoff", "window", NULL);
  s->db_path = data_path(db, "kiosk.db");
  s->ledger_connection = get_string(file, "ledger", "connection", "ANYI_LEDGER_CONNECTION");
  s->documents_dir = data_path(docs, "documents");
  s->log_path = data_path(log, "kiosk.log");
  s->idcard_table = anyi_asset_path(table);
  return get_int(file, "session", "idle-timeout", 15, 600, &s->idle_timeout_s, error) &&
         get_int(file, "session", "idle-grace", 5, 120, &s->idle_grace_s, error) &&
         get_int(file, "retention", "days", 1, 365, &s->retention_days, error) &&
         get_int(file, "retention", "audit-days", 180, 3650, &s->audit_days, error) &&
         get_int(file, "store", "log-max-kb", 16, 1024 * 1024, &s->log_max_kb, error) &&
         get_int(file, "store", "log-keep", 0, 100, &s->log_keep, error) &&
         get_boolean(file, "devices", "fingerprint-reader", &s->has_fingerprint_reader, error) &&
         get_int(file, "devices", "out-of-service-after", 1, 3600, &s->out_of_service_after_s,
                 error) &&
         get_boolean(file, "printing", "direct", &s->print_direct, error);
}

static gboolean
apply_env_ints(AnyiSettings *s, GError **error)
{
  /* Tests shorten the idle timer without writing a config file. */
  const char *idle = g_getenv("ANYI_IDLE_TIMEOUT");
  const char *grace = g_getenv("ANYI_IDLE_GRACE");

  if (idle)
    s->idle_timeout_s = MAX(1, atoi(idle));
  if (grace)
    s->idle_grace_s = MAX(1, atoi(grace));
  return TRUE;
}

AnyiSettings *
anyi_settings_load(GError **error)
{
  g_autoptr(GKeyFile) file = g_key_file_new();
  g_autofree char *defaults = anyi_asset_path("config/kiosk.conf");
  const char *hall = g_getenv("ANYI_CONFIG");
  g_autoptr(AnyiSettings) settings = g_new0(AnyiSettings, 1);

  if (!g_key_file_load_from_file(file, defaults, G_KEY_FILE_NONE, error)) {
    g_prefix_error(error, "%s: ", defaults);
    return NULL;
  }
  if (!hall && g_file_test("/etc/anyi-kiosk/kiosk.conf", G_FILE_TEST_EXISTS))
    hall = "/etc/anyi-kiosk/kiosk.conf";
  if (hall && !merge_file(file, hall, error))
    return NULL;
  if (!fill(settings, file, error) || !apply_env_ints(settings, error)) {
    g_prefix_error(error, "%s: ", hall ? hall : defaults);
    return NULL;
  }
  return g_steal_pointer(&settings);
}

void
anyi_settings_free(AnyiSettings *s)
{
  if (!s)
    return;
  g_free(s->kiosk_id);
  g_free(s->hall_name);
  g_free(s->hotline);
  g_free(s->language);
  g_free(s->receipt_queue);
  g_free(s->a4_queue);
  g_free(s->handoff_window);
  g_free(s->db_path);
  g_free(s->ledger_connection);
  g_free(s->idcard_table);
  g_free(s->documents_dir);
  g_free(s->log_path);
  g_free(s);
}
