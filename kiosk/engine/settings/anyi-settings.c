/* SPDX-License-Identifier: GPL-3.0-or-later */
/* anyi-settings.c: defaults, a hall's overrides, then the environment. */
#include "anyi-settings.h"

#include <anyi-config.h>
#include <anyi-paths.h>
#include <stdlib.h>
#include <string.h>

const char *
anyi_assets_dir(void)
{
  return anyi_paths_assets_dir();
}

const char *
anyi_templates_dir(void)
{
  return anyi_paths_templates_dir();
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

/* The whole numbers and the switches of kiosk.conf, with their bounds: read
 * by the kiosk and checked by `anyictl config check` alike. */
typedef struct {
  const char *group, *key;
  int min, max;
  glong offset; /* in AnyiSettings */
} NumberSetting;

static const NumberSetting number_settings[] = {
    {"session", "idle-timeout", 15, 600, G_STRUCT_OFFSET(AnyiSettings, idle_timeout_s)},
    {"session", "idle-grace", 5, 120, G_STRUCT_OFFSET(AnyiSettings, idle_grace_s)},
    {"session", "staff-call-wait", 60, 3600, G_STRUCT_OFFSET(AnyiSettings, staff_call_wait_s)},
    {"retention", "days", 1, 365, G_STRUCT_OFFSET(AnyiSettings, retention_days)},
    {"retention", "audit-days", 180, 3650, G_STRUCT_OFFSET(AnyiSettings, audit_days)},
    {"store", "log-max-kb", 16, 1024 * 1024, G_STRUCT_OFFSET(AnyiSettings, log_max_kb)},
    {"store", "log-keep", 0, 100, G_STRUCT_OFFSET(AnyiSettings, log_keep)},
    {"devices", "out-of-service-after", 1, 3600,
     G_STRUCT_OFFSET(AnyiSettings, out_of_service_after_s)},
    {"metrics", "interval", 5, 3600, G_STRUCT_OFFSET(AnyiSettings, metrics_interval_s)},
};

typedef struct {
  const char *group, *key;
  glong offset;
} SwitchSetting;

static const SwitchSetting switch_settings[] = {
    {"devices", "fingerprint-reader", G_STRUCT_OFFSET(AnyiSettings, has_fingerprint_reader)},
    {"printing", "direct", G_STRUCT_OFFSET(AnyiSettings, print_direct)},
};

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
  g_autofree char *letter = get_string(file, "kiosk", "letter", "ANYI_KIOSK_LETTER");
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
  s->metrics_textfile = get_string(file, "metrics", "textfile", "ANYI_METRICS_TEXTFILE");
  if (s->metrics_textfile && !*s->metrics_textfile)
    g_clear_pointer(&s->metrics_textfile, g_free);
  for (gsize i = 0; i < G_N_ELEMENTS(number_settings); i++) {
    const NumberSetting *n = &number_settings[i];

    if (!get_int(file, n->group, n->key, n->min, n->max, &G_STRUCT_MEMBER(int, s, n->offset),
                 error))
      return FALSE;
  }
  for (gsize i = 0; i < G_N_ELEMENTS(switch_settings); i++) {
    const SwitchSetting *b = &switch_settings[i];

    if (!get_boolean(file, b->group, b->key, &G_STRUCT_MEMBER(gboolean, s, b->offset), error))
      return FALSE;
  }
  return TRUE;
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
  if (g_getenv("ANYI_STAFF_CALL_WAIT"))
    s->staff_call_wait_s = MAX(1, atoi(g_getenv("ANYI_STAFF_CALL_WAIT")));
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
  g_free(s->metrics_textfile);
  g_free(s);
}

/* ---- checking a hall's file (`anyictl config check`) ---- */

#define MAX_CONFIG_BYTES (1024 * 1024) /* a hall's file is a few kB */

void
anyi_settings_problem_free(AnyiSettingsProblem *problem)
{
  if (!problem)
    return;
  g_free(problem->message);
  g_free(problem);
}

static void add_problem(GPtrArray *problems, int line, const char *format, ...) G_GNUC_PRINTF(3, 4);

static void
add_problem(GPtrArray *problems, int line, const char *format, ...)
{
  AnyiSettingsProblem *problem = g_new0(AnyiSettingsProblem, 1);
  va_list args;

  va_start(args, format);
  problem->line = line;
  problem->message = g_strdup_vprintf(format, args);
  va_end(args);
  g_ptr_array_add(problems, problem);
}

static gboolean
check_path(const char *group, const char *key, const char *value, GError **error)
{
  g_autofree char *path = NULL;
  g_autofree char *folder = NULL;

  if (!*value)
    return TRUE;
  if (g_str_equal(group, "devices") && g_str_equal(key, "idcard-table")) {
    path = anyi_asset_path(value);
    if (!g_file_test(path, G_FILE_TEST_IS_REGULAR)) {
      g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_NOENT, "[%s] %s: no file %s", group, key, path);
      return FALSE;
    }
  }
  if (g_str_equal(group, "metrics") && g_str_equal(key, "textfile")) {
    folder = g_path_get_dirname(value);
    if (!g_path_is_absolute(value) || !g_file_test(folder, G_FILE_TEST_IS_DIR)) {
      g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_NOENT,
                  "[%s] %s must be a file in an existing folder (absolute path): %s", group, key,
                  value);
      return FALSE;
    }
  }
  return TRUE;
}

/* The same rules as fill(), on one key alone. */
static gboolean
check_value(const char *group, const char *key, const char *value, GError **error)
{
  g_autoptr(GKeyFile) one = g_key_file_new();
  int number;
  gboolean on;

  g_key_file_set_value(one, group, key, value);
  for (gsize i = 0; i < G_N_ELEMENTS(number_settings); i++)
    if (g_str_equal(number_settings[i].group, group) && g_str_equal(number_settings[i].key, key))
      return get_int(one, group, key, number_settings[i].min, number_settings[i].max, &number,
                     error);
  for (gsize i = 0; i < G_N_ELEMENTS(switch_settings); i++)
    if (g_str_equal(switch_settings[i].group, group) && g_str_equal(switch_settings[i].key, key))
      return get_boolean(one, group, key, &on, error);
  if (g_str_equal(group, "kiosk") && g_str_equal(key, "letter") &&
      (strlen(value) != 1 || !g_ascii_isupper(value[0]))) {
    g_set_error(error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE,
                "[kiosk] letter must be one capital letter A-Z");
    return FALSE;
  }
  if (g_str_equal(group, "kiosk") && g_str_equal(key, "language") && !g_str_equal(value, "zh_CN") &&
      !g_str_equal(value, "en")) {
    g_set_error(error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE,
                "[kiosk] language must be zh_CN or en");
    return FALSE;
  }
  return check_path(group, key, value, error);
}

typedef struct {
  GKeyFile *defaults;
  GPtrArray *problems;
  GHashTable *seen; /* "group\nkey" -> first line */
  char *group;      /* NULL before the first group, or in an unknown one */
  gboolean in_unknown_group;
} Checker;

static void
check_group_line(Checker *c, const char *line, int n)
{
  g_autofree char *name = g_strndup(line + 1, strlen(line) - 2);

  g_clear_pointer(&c->group, g_free);
  c->in_unknown_group = !g_key_file_has_group(c->defaults, name);
  if (c->in_unknown_group)
    add_problem(c->problems, n, "[%s] is not a group of kiosk.conf", name);
  else
    c->group = g_steal_pointer(&name);
}

static void
check_key_line(Checker *c, const char *line, int n)
{
  const char *equals = strchr(line, '=');
  g_autofree char *key = g_strstrip(g_strndup(line, (gsize)(equals - line)));
  g_autofree char *value = g_strstrip(g_strdup(equals + 1));
  g_autoptr(GError) error = NULL;
  char *seen_key;
  gpointer first;

  if (c->in_unknown_group)
    return; /* said once, at the group */
  if (!c->group) {
    add_problem(c->problems, n, "%s is set before any [group]", key);
    return;
  }
  if (!g_key_file_has_key(c->defaults, c->group, key, NULL)) {
    add_problem(c->problems, n, "[%s] %s is not a setting of this kiosk", c->group, key);
    return;
  }
  seen_key = g_strconcat(c->group, "\n", key, NULL);
  if (g_hash_table_lookup_extended(c->seen, seen_key, NULL, &first)) {
    add_problem(c->problems, n, "[%s] %s is set twice (first on line %d)", c->group, key,
                GPOINTER_TO_INT(first));
    g_free(seen_key);
    return;
  }
  g_hash_table_insert(c->seen, seen_key, GINT_TO_POINTER(n));
  if (!check_value(c->group, key, value, &error))
    add_problem(c->problems, n, "%s", error->message);
}

static void
check_line(Checker *c, char *line, int n)
{
  g_strstrip(line);
  if (!*line || *line == '#')
    return;
  if (*line == '[' && g_str_has_suffix(line, "]"))
    check_group_line(c, line, n);
  else if (strchr(line, '=') && *line != '=')
    check_key_line(c, line, n);
  else
    add_problem(c->problems, n, "not a [group], a key=value or a # comment: %s", line);
}

GPtrArray *
anyi_settings_check_file(const char *path, GError **error)
{
  g_autofree char *defaults_path = anyi_asset_path("config/kiosk.conf");
  g_autoptr(GKeyFile) defaults = g_key_file_new();
  g_autofree char *text = NULL;
  gsize length = 0;
  g_auto(GStrv) lines = NULL;
  Checker c = {0};

  if (!g_key_file_load_from_file(defaults, defaults_path, G_KEY_FILE_NONE, error)) {
    g_prefix_error(error, "%s: ", defaults_path);
    return NULL;
  }
  if (!g_file_get_contents(path, &text, &length, error))
    return NULL;
  c.defaults = defaults;
  c.problems = g_ptr_array_new_with_free_func((GDestroyNotify)anyi_settings_problem_free);
  if (length > MAX_CONFIG_BYTES || !g_utf8_validate(text, (gssize)length, NULL)) {
    add_problem(c.problems, 0, "not a kiosk.conf: over 1 MiB, or not UTF-8 text");
    return c.problems;
  }
  c.seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
  lines = g_strsplit(text, "\n", -1);
  for (int i = 0; lines[i]; i++)
    check_line(&c, lines[i], i + 1);
  g_hash_table_unref(c.seen);
  g_free(c.group);
  return c.problems;
}
