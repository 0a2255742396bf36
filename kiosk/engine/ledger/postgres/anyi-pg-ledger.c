/* SPDX-License-Identifier: GPL-3.0-or-later */
/* anyi-pg-ledger.c: connecting, migrating, roles, and the idempotent push. */
#include "anyi-pg-ledger-private.h"

#include "ledger/anyi-ledger.h"

#include <json-glib/json-glib.h>

/* clang-format off */
G_DEFINE_QUARK(anyi-pg-ledger-error-quark, anyi_pg_ledger_error)
/* clang-format on */

/* A lost connection is an outage, worth another try; anything else the
 * server refused. */
static gboolean
fail_result(PGconn *conn, PGresult *res, const char *what, GError **error)
{
  const char *message = res ? PQresultErrorMessage(res) : PQerrorMessage(conn);
  int code =
      PQstatus(conn) == CONNECTION_OK ? ANYI_PG_LEDGER_ERROR_SERVER : ANYI_PG_LEDGER_ERROR_CONNECT;
  g_autofree char *line = g_strchomp(g_strdup(message && *message ? message : "no answer"));

  g_set_error(error, ANYI_PG_LEDGER_ERROR, code, "%s: %s", what, line);
  PQclear(res);
  return FALSE;
}

static gboolean
exec_params(PGconn *conn, const char *what, const char *sql, int n, const char *const *values,
            const int *lengths, const int *formats, GError **error)
{
  PGresult *res = PQexecParams(conn, sql, n, NULL, values, lengths, formats, 0);
  ExecStatusType status = PQresultStatus(res);

  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK)
    return fail_result(conn, res, what, error);
  PQclear(res);
  return TRUE;
}

/* PQexec, not PQexecParams: a migration is several statements. */
static gboolean
exec_plain(PGconn *conn, const char *what, const char *sql, GError **error)
{
  PGresult *res = PQexec(conn, sql);
  ExecStatusType status = PQresultStatus(res);

  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK)
    return fail_result(conn, res, what, error);
  PQclear(res);
  return TRUE;
}

static void
rollback(PGconn *conn)
{
  if (PQtransactionStatus(conn) != PQTRANS_IDLE)
    PQclear(PQexec(conn, "ROLLBACK"));
}

PGconn *
anyi_pg_ledger_connect(const char *conninfo, GError **error)
{
  PGconn *conn;

  g_return_val_if_fail(conninfo != NULL, NULL);
  conn = PQconnectdb(conninfo);
  if (PQstatus(conn) != CONNECTION_OK) {
    g_autofree char *line = g_strchomp(g_strdup(PQerrorMessage(conn)));
    g_set_error(error, ANYI_PG_LEDGER_ERROR, ANYI_PG_LEDGER_ERROR_CONNECT,
                "cannot reach the ledger's server: %s", line);
    PQfinish(conn);
    return NULL;
  }
  PQclear(PQexec(conn, "SET client_min_messages = warning"));
  return conn;
}

int
anyi_pg_ledger_schema_version(PGconn *conn, GError **error)
{
  PGresult *res = PQexec(conn, "SELECT coalesce(max(version), 0) FROM ledger_schema");
  int version;

  if (PQresultStatus(res) != PGRES_TUPLES_OK) {
    /* undefined_table: a server nothing was migrated on */
    const char *state = PQresultErrorField(res, PG_DIAG_SQLSTATE);
    if (g_strcmp0(state, "42P01") == 0) {
      PQclear(res);
      return 0;
    }
    fail_result(conn, res, "read the ledger's schema version", error);
    return -1;
  }
  version = atoi(PQgetvalue(res, 0, 0));
  PQclear(res);
  return version;
}

static gboolean
apply_migration(PGconn *conn, int version, GError **error)
{
  g_autofree char *number = g_strdup_printf("%d", version);
  const char *values[] = {number};
  g_autofree char *what = g_strdup_printf("migration %d", version);

  if (!exec_plain(conn, what, "BEGIN", error))
    return FALSE;
  if (exec_plain(conn, what, "SELECT pg_advisory_xact_lock(7306)", error) &&
      exec_plain(conn, what,
                 "CREATE TABLE IF NOT EXISTS ledger_schema (version integer PRIMARY KEY, "
                 "applied_at timestamptz NOT NULL DEFAULT now())",
                 error)) {
    /* Under the lock: another client may have applied it meanwhile. */
    PGresult *res = PQexecParams(conn, "SELECT 1 FROM ledger_schema WHERE version = $1", 1, NULL,
                                 values, NULL, NULL, 0);
    gboolean done = PQresultStatus(res) == PGRES_TUPLES_OK && PQntuples(res) == 1;

    PQclear(res);
    if (done)
      return exec_plain(conn, what, "COMMIT", error);
    if (exec_plain(conn, what, anyi_pg_ledger_migration_sql(version), error) &&
        exec_params(conn, what, "INSERT INTO ledger_schema (version) VALUES ($1)", 1, values, NULL,
                    NULL, error) &&
        exec_plain(conn, what, "COMMIT", error))
      return TRUE;
  }
  rollback(conn);
  return FALSE;
}

gboolean
anyi_pg_ledger_migrate(PGconn *conn, int *from, int *to, GError **error)
{
  int version = anyi_pg_ledger_schema_version(conn, error);

  if (version < 0)
    return FALSE;
  if (from)
    *from = version;
  if (version > anyi_pg_ledger_latest_version()) {
    g_set_error(error, ANYI_PG_LEDGER_ERROR, ANYI_PG_LEDGER_ERROR_INVALID,
                "the server's ledger schema is version %d, newer than this program's %d: "
                "upgrade the program",
                version, anyi_pg_ledger_latest_version());
    return FALSE;
  }
  while (version < anyi_pg_ledger_latest_version()) {
    if (!apply_migration(conn, version + 1, error))
      return FALSE;
    version++;
  }
  if (to)
    *to = version;
  return TRUE;
}

static gboolean
valid_role_name(const char *role)
{
  if (!role || !*role || strlen(role) > 63)
    return FALSE;
  for (const char *c = role; *c; c++)
    if (!g_ascii_isalnum(*c) && *c != '_')
      return FALSE;
  return TRUE;
}

static gboolean
ensure_role(PGconn *conn, const char *role, const char *group, GError **error)
{
  g_autofree char *sql = NULL;
  char *quoted;

  if (!valid_role_name(role)) {
    g_set_error(error, ANYI_PG_LEDGER_ERROR, ANYI_PG_LEDGER_ERROR_INVALID,
                "role name \"%s\": use letters, digits and _ (at most 63)", role ? role : "");
    return FALSE;
  }
  quoted = PQescapeIdentifier(conn, role, strlen(role));
  sql = g_strdup_printf("DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '%s') "
                        "THEN CREATE ROLE %s LOGIN; END IF; END $$; GRANT %s TO %s",
                        role, quoted, group, quoted);
  PQfreemem(quoted);
  return exec_plain(conn, "create the role", sql, error);
}

gboolean
anyi_pg_ledger_add_kiosk(PGconn *conn, const char *kiosk_id, const char *role, GError **error)
{
  const char *values[] = {kiosk_id, role};

  if (!kiosk_id || !*kiosk_id) {
    g_set_error_literal(error, ANYI_PG_LEDGER_ERROR, ANYI_PG_LEDGER_ERROR_INVALID,
                        "a kiosk needs an id");
    return FALSE;
  }
  if (!exec_plain(conn, "add a kiosk", "BEGIN", error))
    return FALSE;
  if (ensure_role(conn, role, "anyi_kiosk", error) &&
      exec_params(conn, "add a kiosk",
                  "INSERT INTO ledger_kiosks (kiosk_id, role) VALUES ($1, $2) ON CONFLICT "
                  "(kiosk_id) DO UPDATE SET role = EXCLUDED.role",
                  2, values, NULL, NULL, error) &&
      exec_plain(conn, "add a kiosk", "COMMIT", error))
    return TRUE;
  rollback(conn);
  return FALSE;
}

gboolean
anyi_pg_ledger_add_staff(PGconn *conn, const char *kind, const char *role, GError **error)
{
  const char *group = g_strcmp0(kind, "window") == 0       ? "anyi_window"
                      : g_strcmp0(kind, "supervisor") == 0 ? "anyi_supervisor"
                                                           : NULL;

  if (!group) {
    g_set_error(error, ANYI_PG_LEDGER_ERROR, ANYI_PG_LEDGER_ERROR_INVALID,
                "unknown staff kind \"%s\" (window or supervisor)", kind ? kind : "");
    return FALSE;
  }
  return ensure_role(conn, role, group, error);
}

/* ---- the push ---- */

#define UPSERT_CASE_SQL                                                                            \
  "INSERT INTO cases AS c (kiosk_id, number, service_id, state, card, answers, form, missing, "    \
  "commitment, data, payment_amount_fen, payment_order_id, payment_state, handoff_reason, "        \
  "handoff_window, handoff_detail, printed, kiosk_created_at, kiosk_updated_at, last_seq) "        \
  "SELECT $1, p->>'number', p->>'service', p->>'state', d->'card', d->'answers', d->'form', "      \
  "d->'missing', d->'commitment', d, coalesce((p->'payment'->>'amount_fen')::bigint, "             \
  "(d->'payment'->>'amount_fen')::bigint), coalesce(p->'payment'->>'order_id', "                   \
  "d->'payment'->>'order_id'), coalesce(p->'payment'->>'state', d->'payment'->>'state'), "         \
  "p->'handoff'->>'reason', p->'handoff'->>'window', p->'handoff'->'summary', "                    \
  "coalesce(p->'printed', '[]'), to_timestamp((p->>'created_at')::bigint), "                       \
  "to_timestamp((p->>'at')::bigint), $2::bigint "                                                  \
  "FROM (SELECT $3::jsonb AS p, coalesce($3::jsonb->'data', '{}') AS d) AS s "                     \
  "ON CONFLICT (kiosk_id, number) DO UPDATE SET service_id = EXCLUDED.service_id, "                \
  "state = EXCLUDED.state, card = EXCLUDED.card, answers = EXCLUDED.answers, "                     \
  "form = EXCLUDED.form, missing = EXCLUDED.missing, commitment = EXCLUDED.commitment, "           \
  "data = EXCLUDED.data, payment_amount_fen = EXCLUDED.payment_amount_fen, "                       \
  "payment_order_id = EXCLUDED.payment_order_id, payment_state = EXCLUDED.payment_state, "         \
  "handoff_reason = coalesce(EXCLUDED.handoff_reason, c.handoff_reason), "                         \
  "handoff_window = coalesce(EXCLUDED.handoff_window, c.handoff_window), "                         \
  "handoff_detail = coalesce(EXCLUDED.handoff_detail, c.handoff_detail), "                         \
  "printed = EXCLUDED.printed, kiosk_updated_at = EXCLUDED.kiosk_updated_at, "                     \
  "last_seq = EXCLUDED.last_seq WHERE c.last_seq < EXCLUDED.last_seq"

#define INSERT_EVENT_SQL                                                                           \
  "INSERT INTO case_events (kiosk_id, case_number, seq, kind, event, state_from, state_to, "       \
  "detail, at) SELECT $1, $2, $3::bigint, $4, p->>'event', p->>'from', p->>'to', p->>'detail', "   \
  "to_timestamp((p->>'at')::bigint) FROM (SELECT $5::jsonb AS p) AS s ON CONFLICT DO NOTHING"

#define INSERT_FILE_SQL                                                                            \
  "INSERT INTO case_files (kiosk_id, case_number, name, kind, sha256, size, data) VALUES ($1, "    \
  "$2, $3, $4, $5, $6::integer, $7) ON CONFLICT DO NOTHING"

typedef struct {
  char *name; /* "photo", "photo-best" or "scan:MATERIAL" */
  const char *kind;
  char *path;
} CaseFile;

static void
case_file_clear(CaseFile *file)
{
  g_free(file->name);
  g_free(file->path);
}

static void
add_file(GArray *files, const char *name, const char *kind, JsonNode *ref)
{
  CaseFile file = {0};

  if (!ref || !JSON_NODE_HOLDS_VALUE(ref) || json_node_get_value_type(ref) != G_TYPE_STRING)
    return;
  file.name = g_strdup(name);
  file.kind = kind;
  file.path = g_strdup(json_node_get_string(ref));
  g_array_append_val(files, file);
}

/* The photo and scan references of a case's data ("photo", "photo_best",
 * "documents": {material: ref}); a reference is a file on the kiosk. */
static GArray *
files_of(JsonObject *data)
{
  GArray *files = g_array_new(FALSE, TRUE, sizeof(CaseFile));

  g_array_set_clear_func(files, (GDestroyNotify)case_file_clear);
  if (!data)
    return files;
  add_file(files, "photo", "photo", json_object_get_member(data, "photo"));
  add_file(files, "photo-best", "photo-best", json_object_get_member(data, "photo_best"));
  if (json_object_has_member(data, "documents") &&
      JSON_NODE_HOLDS_OBJECT(json_object_get_member(data, "documents"))) {
    JsonObject *docs = json_object_get_object_member(data, "documents");
    g_autoptr(GList) ids = json_object_get_members(docs);
    for (GList *l = ids; l; l = l->next) {
      g_autofree char *name = g_strdup_printf("scan:%s", (const char *)l->data);
      add_file(files, name, "scan", json_object_get_member(docs, l->data));
    }
  }
  return files;
}

/* The file's bytes, refused above the cap before anything is read whole. */
static GBytes *
read_capped(const char *path, GError **error)
{
  g_autoptr(GMappedFile) mapped = g_mapped_file_new(path, FALSE, error);

  if (!mapped)
    return NULL;
  if (g_mapped_file_get_length(mapped) == 0 ||
      g_mapped_file_get_length(mapped) > ANYI_PG_LEDGER_MAX_FILE_SIZE) {
    g_set_error(error, ANYI_PG_LEDGER_ERROR, ANYI_PG_LEDGER_ERROR_INVALID,
                "%s: %zu bytes, outside 1 byte to %d MiB", path, g_mapped_file_get_length(mapped),
                ANYI_PG_LEDGER_MAX_FILE_SIZE >> 20);
    return NULL;
  }
  return g_bytes_new(g_mapped_file_get_contents(mapped), g_mapped_file_get_length(mapped));
}

static gboolean
file_on_server(PGconn *conn, const char *kiosk_id, const char *number, const char *name,
               gboolean *present, GError **error)
{
  const char *values[] = {kiosk_id, number, name};
  PGresult *res = PQexecParams(conn,
                               "SELECT 1 FROM case_files WHERE kiosk_id = $1 AND case_number = $2 "
                               "AND name = $3",
                               3, NULL, values, NULL, NULL, 0);

  if (PQresultStatus(res) != PGRES_TUPLES_OK)
    return fail_result(conn, res, "look for a case file", error);
  *present = PQntuples(res) > 0;
  PQclear(res);
  return TRUE;
}

static gboolean
push_file(PGconn *conn, const char *kiosk_id, const char *number, const CaseFile *file,
          GError **error)
{
  g_autoptr(GError) local = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *sha256 = NULL;
  g_autofree char *size = NULL;
  gboolean present = FALSE;
  gsize length;
  const char *data;

  if (!file_on_server(conn, kiosk_id, number, file->name, &present, error))
    return FALSE;
  if (present)
    return TRUE;
  bytes = read_capped(file->path, &local);
  if (!bytes) {
    /* Never blocks the case: the window sees it without that file, and
     * the technician reads why. */
    g_warning("ledger: case %s: %s not sent: %s", number, file->name, local->message);
    return TRUE;
  }
  data = g_bytes_get_data(bytes, &length);
  sha256 = g_compute_checksum_for_bytes(G_CHECKSUM_SHA256, bytes);
  size = g_strdup_printf("%zu", length);
  {
    const char *values[] = {kiosk_id, number, file->name, file->kind, sha256, size, data};
    const int lengths[] = {0, 0, 0, 0, 0, 0, (int)length};
    const int formats[] = {0, 0, 0, 0, 0, 0, 1};
    return exec_params(conn, "store a case file", INSERT_FILE_SQL, 7, values, lengths, formats,
                       error);
  }
}

static gboolean
push_files(PGconn *conn, const char *kiosk_id, const AnyiOutboxEntry *entry, GError **error)
{
  g_autoptr(JsonNode) root = json_from_string(entry->payload_json, NULL);
  JsonObject *data = NULL;
  g_autoptr(GArray) files = NULL;

  if (root && JSON_NODE_HOLDS_OBJECT(root) &&
      JSON_NODE_HOLDS_OBJECT(json_object_get_member(json_node_get_object(root), "data")))
    data = json_object_get_object_member(json_node_get_object(root), "data");
  files = files_of(data);
  for (guint i = 0; i < files->len; i++)
    if (!push_file(conn, kiosk_id, entry->case_number, &g_array_index(files, CaseFile, i), error))
      return FALSE;
  return TRUE;
}

gboolean
anyi_pg_ledger_push(PGconn *conn, const char *kiosk_id, const AnyiOutboxEntry *entry,
                    GError **error)
{
  g_autofree char *seq = g_strdup_printf("%" G_GINT64_FORMAT, entry->seq);
  const char *case_values[] = {kiosk_id, seq, entry->payload_json};
  const char *event_values[] = {kiosk_id, entry->case_number, seq, entry->kind,
                                entry->payload_json};

  if (!exec_plain(conn, "push", "BEGIN", error))
    return FALSE;
  if (exec_params(conn, "upsert the case", UPSERT_CASE_SQL, 3, case_values, NULL, NULL, error) &&
      exec_params(conn, "insert the event", INSERT_EVENT_SQL, 5, event_values, NULL, NULL, error) &&
      push_files(conn, kiosk_id, entry, error) && exec_plain(conn, "push", "COMMIT", error))
    return TRUE;
  rollback(conn);
  return FALSE;
}

/* ---- the window's outcomes, back to the kiosk ---- */

/* One outcome of the server's row @i, unless the kiosk has it already. */
static gboolean
apply_outcome(AnyiStore *store, PGresult *res, int i, gboolean *changed, GError **error)
{
  const char *number = PQgetvalue(res, i, 0);
  const char *status = PQgetvalue(res, i, 1);
  const char *owner = PQgetisnull(res, i, 2) ? "window" : PQgetvalue(res, i, 2);
  const char *reason = PQgetisnull(res, i, 3) ? NULL : PQgetvalue(res, i, 3);
  const char *note = PQgetisnull(res, i, 4) ? NULL : PQgetvalue(res, i, 4);
  gboolean waiting = g_str_equal(status, "waiting-material");
  const char *outcome =
      waiting ? anyi_ledger_outcome_to_string(ANYI_LEDGER_OUTCOME_WAITING_FOR_MATERIAL) : status;
  g_autoptr(AnyiStoredCase) stored = anyi_store_case_find(store, number, error);
  g_autoptr(AnyiWindowHandoff) handoff = NULL;

  if (!stored)
    return FALSE;
  handoff = anyi_store_window_handoff(store, stored->id, error);
  if (!handoff)
    return FALSE;
  if (g_strcmp0(handoff->outcome, outcome) == 0 && g_strcmp0(handoff->citizen_note, note) == 0 &&
      g_strcmp0(handoff->outcome_reason, reason) == 0)
    return TRUE;
  *changed = TRUE;
  return anyi_store_window_outcome(store, stored->id, owner, outcome, reason, note, !waiting,
                                   error);
}

gboolean
anyi_pg_ledger_pull_outcomes(PGconn *conn, const char *kiosk_id, AnyiStore *store, char **since,
                             guint *applied, GError **error)
{
  const char *values[] = {kiosk_id, *since};
  PGresult *res = PQexecParams(
      conn,
      "SELECT number, window_status, window_owner, window_outcome_reason, window_citizen_note, "
      "window_outcome_at FROM cases WHERE kiosk_id = $1 AND window_outcome_at >= "
      "coalesce($2::timestamptz, '-infinity') AND window_status <> 'claimed' ORDER BY "
      "window_outcome_at",
      2, NULL, values, NULL, NULL, 0);

  *applied = 0;
  if (PQresultStatus(res) != PGRES_TUPLES_OK)
    return fail_result(conn, res, "read the window's outcomes", error);
  for (int i = 0; i < PQntuples(res); i++) {
    g_autoptr(GError) local = NULL;
    gboolean changed = FALSE;
    /* A case the kiosk no longer has (purged) or whose outcome it cannot
     * take is logged and passed over: it must not stop the others. */
    if (!apply_outcome(store, res, i, &changed, &local))
      g_message("ledger: the window's outcome for case %s stays on the server: %s",
                PQgetvalue(res, i, 0), local->message);
    else if (changed)
      ++*applied;
    g_free(*since);
    *since = g_strdup(PQgetvalue(res, i, 5));
  }
  PQclear(res);
  return TRUE;
}
