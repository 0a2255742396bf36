/* SPDX-License-Identifier: GPL-3.0-or-later */
/* anyi-ledger-pg.c: the ledger on the hall's server (anyi-ledger-pg.h).
 * Every statement is parameterised; the server's rights decide the rest. */
#include "anyi-ledger-pg.h"

#include "anyi-pg-calls.h"
#include "anyi-pg-ledger.h"
#include "anyi-pg-reconnect-private.h"
#include "anyi-pg-staff.h"
#include "usb/anyi-secure.h"

#include <glib-unix.h>
#include <libpq-fe.h>

/* The first schema version with the window's tables. */
#define WINDOW_SCHEMA_VERSION 2
#define NOTIFY_CHANNEL        "anyi_ledger_cases"
#define RELISTEN_SECONDS      3

struct _AnyiLedgerPg {
  GObject parent_instance;
  char *conninfo;
  PGconn *conn;
  /* the live queue: a connection that only listens */
  PGconn *listener;
  guint listener_source;
  guint relisten_source;
  GSourceFunc changed;
  gpointer changed_data;
  /* the console's way: a lost server is connected again on a worker */
  gboolean background;
  GCancellable *reconnecting; /* while offline */
};

enum { PROP_ONLINE = 1, N_PROPS };
static GParamSpec *props[N_PROPS];

static void anyi_ledger_pg_iface_init(AnyiLedgerInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE(AnyiLedgerPg, anyi_ledger_pg, G_TYPE_OBJECT,
                              G_IMPLEMENT_INTERFACE(ANYI_TYPE_LEDGER, anyi_ledger_pg_iface_init))

static const char *const hard_services = "{cannot-get-done}";
static const char *const hard_reasons = "{recovery-failed}";

/* The server's window_status in the console's words. */
#define STATUS_SQL                                                                                 \
  "CASE c.window_status WHEN 'waiting' THEN 'open' WHEN 'claimed' THEN 'taken' "                   \
  "WHEN 'waiting-material' THEN 'taken' ELSE 'closed' END"
#define OPEN_SQL "c.window_status IN ('waiting', 'claimed', 'waiting-material')"
#define EPOCH(x) "extract(epoch FROM " x ")::bigint"

G_DEFINE_AUTOPTR_CLEANUP_FUNC(PGresult, PQclear)

/* ---- talking to the server ---- */

static gboolean
fail(GError **error, AnyiLedgerError code, PGconn *conn, PGresult *res, const char *what)
{
  const char *message = res ? PQresultErrorMessage(res) : PQerrorMessage(conn);
  g_autofree char *line = g_strchomp(g_strdup(message && *message ? message : "no answer"));

  g_set_error(error, ANYI_LEDGER_ERROR, code, "%s: %s", what, line);
  PQclear(res);
  return FALSE;
}

static void go_offline(AnyiLedgerPg *self);

static gboolean
offline(GError **error)
{
  g_set_error_literal(error, ANYI_LEDGER_ERROR, ANYI_LEDGER_ERROR_OFFLINE,
                      "the ledger's server is away; connecting again");
  return FALSE;
}

/* The connection, opened again when the server went away meanwhile: here,
 * or (in the background) by the worker of go_offline(). */
static PGconn *
connection(AnyiLedgerPg *self, GError **error)
{
  if (self->reconnecting) {
    offline(error);
    return NULL;
  }
  if (PQstatus(self->conn) != CONNECTION_OK && self->background) {
    go_offline(self);
    offline(error);
    return NULL;
  }
  if (PQstatus(self->conn) != CONNECTION_OK) {
    PQreset(self->conn);
    if (PQstatus(self->conn) != CONNECTION_OK) {
      fail(error, ANYI_LEDGER_ERROR_FAILED, self->conn, NULL, "the ledger's server");
      return NULL;
    }
  }
  return self->conn;
}

/* Runs @sql with text parameters; the result, or NULL with FAILED. */
static PGresult *
run(AnyiLedgerPg *self, const char *what, const char *sql, int n, const char *const *values,
    GError **error)
{
  PGconn *conn = connection(self, error);
  PGresult *res;
  ExecStatusType status;

  if (!conn)
    return NULL;
  res = PQexecParams(conn, sql, n, NULL, values, NULL, NULL, 0);
  status = PQresultStatus(res);
  if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK) {
    gboolean lost = self->background && PQstatus(conn) != CONNECTION_OK;
    fail(error, lost ? ANYI_LEDGER_ERROR_OFFLINE : ANYI_LEDGER_ERROR_FAILED, conn, res, what);
    if (lost)
      go_offline(self);
    return NULL;
  }
  return res;
}

static gboolean
run_done(AnyiLedgerPg *self, const char *what, const char *sql, int n, const char *const *values,
         GError **error)
{
  PGresult *res = run(self, what, sql, n, values, error);

  PQclear(res);
  return res != NULL;
}

static void
roll_back(AnyiLedgerPg *self)
{
  if (PQtransactionStatus(self->conn) != PQTRANS_IDLE)
    PQclear(PQexec(self->conn, "ROLLBACK"));
}

/* Ends the transaction: committed when @done, rolled back otherwise. */
static gboolean
finish(AnyiLedgerPg *self, gboolean done, GError **error)
{
  if (done && run_done(self, "commit", "COMMIT", 0, NULL, error))
    return TRUE;
  roll_back(self);
  return FALSE;
}

static char *
text_at(PGresult *res, int row, int column)
{
  return PQgetisnull(res, row, column) ? NULL : g_strdup(PQgetvalue(res, row, column));
}

static gint64
int_at(PGresult *res, int row, int column)
{
  return PQgetisnull(res, row, column) ? 0
                                       : g_ascii_strtoll(PQgetvalue(res, row, column), NULL, 10);
}

static JsonNode *
json_at(PGresult *res, int row, int column)
{
  return PQgetisnull(res, row, column) ? NULL
                                       : json_from_string(PQgetvalue(res, row, column), NULL);
}

static JsonObject *
object_at(PGresult *res, int row, int column)
{
  g_autoptr(JsonNode) node = json_at(res, row, column);

  return node && JSON_NODE_HOLDS_OBJECT(node) ? json_object_ref(json_node_get_object(node)) : NULL;
}

/* The kiosk whose case @number is (the newest of that number); NULL with
 * NOT_FOUND. */
static char *
kiosk_of(AnyiLedgerPg *self, const char *number, GError **error)
{
  const char *values[] = {number};
  PGresult *res =
      run(self, "find the case",
          "SELECT kiosk_id FROM cases WHERE number = $1 ORDER BY ledger_id DESC LIMIT 1", 1, values,
          error);
  char *kiosk_id;

  if (!res)
    return NULL;
  if (PQntuples(res) == 0) {
    g_set_error(error, ANYI_LEDGER_ERROR, ANYI_LEDGER_ERROR_NOT_FOUND, "no case %s", number);
    PQclear(res);
    return NULL;
  }
  kiosk_id = text_at(res, 0, 0);
  PQclear(res);
  return kiosk_id;
}

/* ---- the queue and the 台账 ---- */

#define LISTING_SELECT                                                                             \
  "SELECT c.ledger_id, c.number, c.service_id, c.handoff_reason, " STATUS_SQL ", c.window_owner, " \
  "c.kiosk_id, " EPOCH(                                                                            \
      "coalesce(c.handoff_at, c.received_at)") ", "                                                \
                                               "(SELECT " EPOCH(                                   \
                                                   "max(a.at)") " FROM window_actions AS a WHERE " \
                                                                "a.kiosk_id = c.kiosk_id AND "     \
                                                                "a.case_number = c.number), "      \
                                                                "(SELECT count(*) FROM "           \
                                                                "case_events AS e WHERE "          \
                                                                "e.kiosk_id = c.kiosk_id AND "     \
                                                                "e.case_number = "                 \
                                                                "c.number) + (SELECT count(*) "    \
                                                                "FROM window_actions AS a WHERE "  \
                                                                "a.kiosk_id = c.kiosk_id AND "     \
                                                                "a.case_number = c.number) FROM "  \
                                                                "cases AS c WHERE "                \
                                                                "c.handoff_reason IS NOT NULL "    \
                                                                "AND " OPEN_SQL " "

static GPtrArray *
listings_of(PGresult *res, gint64 overdue_before)
{
  GPtrArray *listings =
      g_ptr_array_new_full(PQntuples(res), (GDestroyNotify)anyi_ledger_listing_free);

  for (int i = 0; i < PQntuples(res); i++) {
    AnyiLedgerListing *listing = g_new0(AnyiLedgerListing, 1);
    listing->position = int_at(res, i, 0);
    listing->case_number = text_at(res, i, 1);
    listing->service_id = text_at(res, i, 2);
    listing->reason = text_at(res, i, 3);
    listing->status = text_at(res, i, 4);
    listing->owner = text_at(res, i, 5);
    listing->kiosk_id = text_at(res, i, 6);
    listing->handed_off_at = int_at(res, i, 7);
    listing->last_action_at = int_at(res, i, 8);
    listing->history_length = (guint)CLAMP(int_at(res, i, 9), 0, G_MAXUINT);
    listing->overdue = overdue_before > 0 && listing->handed_off_at < overdue_before;
    g_ptr_array_add(listings, listing);
  }
  PQclear(res);
  return listings;
}

static GPtrArray *
pg_list_waiting(AnyiLedger *ledger, gint64 after, guint limit, GError **error)
{
  g_autofree char *from = g_strdup_printf("%" G_GINT64_FORMAT, after);
  g_autofree char *count = g_strdup_printf("%u", MIN(limit, 1000));
  const char *values[] = {from, count};
  PGresult *res = run(ANYI_LEDGER_PG(ledger), "list the window's queue",
                      LISTING_SELECT "AND c.ledger_id > $1::bigint ORDER BY c.ledger_id LIMIT "
                                     "$2::integer",
                      2, values, error);

  return res ? listings_of(res, 0) : NULL;
}

static GPtrArray *
pg_hard_cases(AnyiLedger *ledger, gint64 wait_limit_seconds, GError **error)
{
  gint64 waited_since = anyi_ledger_now(ledger) - MAX(wait_limit_seconds, 0);
  g_autofree char *since = g_strdup_printf("%" G_GINT64_FORMAT, waited_since);
  const char *values[] = {hard_services, hard_reasons, since};
  PGresult *res =
      run(ANYI_LEDGER_PG(ledger), "list the hard cases",
          LISTING_SELECT "AND (c.service_id = ANY ($1::text[]) OR c.handoff_reason = ANY "
                         "($2::text[]) OR c.handoff_at < to_timestamp($3::bigint)) ORDER BY "
                         "c.ledger_id",
          3, values, error);

  return res ? listings_of(res, waited_since) : NULL;
}

/* ---- finding a case ---- */

/* What a barcode scanner or a keyboard typed, without spaces, upper case. */
static char *
normalise_query(const char *query)
{
  GString *out = g_string_new(NULL);

  for (const char *p = query; p && *p; p++)
    if (!g_ascii_isspace(*p))
      g_string_append_c(out, g_ascii_toupper(*p));
  return g_string_free(out, FALSE);
}

static gboolean
looks_like_id_number(const char *text)
{
  size_t length = strlen(text);

  if (length != 18 && length != 15)
    return FALSE;
  for (size_t i = 0; i < length; i++)
    if (!g_ascii_isdigit(text[i]) && !(i == 17 && text[i] == 'X'))
      return FALSE;
  return TRUE;
}

static char *
pg_find(AnyiLedger *ledger, const char *query, GError **error)
{
  char *wanted = normalise_query(query);
  gboolean by_id_number = looks_like_id_number(wanted);
  const char *values[] = {wanted};
  PGresult *res = NULL;
  char *number = NULL;

  if (!*wanted)
    g_set_error_literal(error, ANYI_LEDGER_ERROR, ANYI_LEDGER_ERROR_NOT_FOUND,
                        "nothing was typed or scanned");
  else if (by_id_number)
    res = run(ANYI_LEDGER_PG(ledger), "find a case by ID number",
              "SELECT number FROM cases WHERE card->>'id_number' = $1 AND (handoff_reason IS NOT "
              "NULL OR data->'notice'->>'deadline' IS NOT NULL) ORDER BY ledger_id DESC LIMIT 1",
              1, values, error);
  else
    res = run(ANYI_LEDGER_PG(ledger), "find a case",
              "SELECT number FROM cases WHERE number = $1 ORDER BY ledger_id DESC LIMIT 1", 1,
              values, error);
  if (res && PQntuples(res) == 1)
    number = text_at(res, 0, 0);
  else if (res)
    g_set_error(error, ANYI_LEDGER_ERROR, ANYI_LEDGER_ERROR_NOT_FOUND, "%s",
                by_id_number ? "no case at the window for this ID number" : "no such case");
  PQclear(res);
  if (by_id_number)
    anyi_secure_free_string(wanted);
  else
    g_free(wanted);
  return number;
}

/* ---- a case's content ---- */

static JsonObject *
member_object(JsonObject *data, const char *name)
{
  JsonNode *node = data ? json_object_get_member(data, name) : NULL;

  return node && JSON_NODE_HOLDS_OBJECT(node) ? json_node_get_object(node) : NULL;
}

static const char *
member_string(JsonObject *object, const char *name)
{
  JsonNode *node = object ? json_object_get_member(object, name) : NULL;

  return node && JSON_NODE_HOLDS_VALUE(node) && json_node_get_value_type(node) == G_TYPE_STRING
             ? json_node_get_string(node)
             : NULL;
}

/* One file as the server holds it, checked as any hostile bytes are: its
 * size was bounded before it was fetched; its digest and its first bytes
 * must be a JPEG's that the kiosk sent. */
static GBytes *
checked_image(PGresult *res, int row, char **problem)
{
  const char *sha256 = PQgetvalue(res, row, 1);
  gint64 size = g_ascii_strtoll(PQgetvalue(res, row, 2), NULL, 10);
  size_t length = 0;
  unsigned char *bytes;
  g_autofree char *digest = NULL;
  GBytes *jpeg;

  if (PQgetisnull(res, row, 3) || size < 4 || size > ANYI_LEDGER_PG_MAX_IMAGE_BYTES) {
    *problem = g_strdup("图片文件大小异常 The picture's file has an impossible size");
    return NULL;
  }
  bytes = PQunescapeBytea((const unsigned char *)PQgetvalue(res, row, 3), &length);
  if (!bytes || (gint64)length != size) {
    PQfreemem(bytes);
    *problem = g_strdup("图片文件已损坏 The picture's file is damaged");
    return NULL;
  }
  jpeg = g_bytes_new(bytes, length);
  PQfreemem(bytes);
  digest = g_compute_checksum_for_bytes(G_CHECKSUM_SHA256, jpeg);
  if (g_strcmp0(digest, sha256) != 0 || ((const guint8 *)g_bytes_get_data(jpeg, NULL))[0] != 0xFF ||
      ((const guint8 *)g_bytes_get_data(jpeg, NULL))[1] != 0xD8) {
    g_bytes_unref(jpeg);
    *problem = g_strdup("图片文件已损坏 The picture's file is damaged");
    return NULL;
  }
  return jpeg;
}

static void
add_image(GPtrArray *images, PGresult *files, const char *what, const char *name)
{
  AnyiLedgerImage *image = g_new0(AnyiLedgerImage, 1);

  image->what = g_strdup(what);
  for (int i = 0; files && i < PQntuples(files) && !image->jpeg && !image->problem; i++)
    if (g_str_equal(PQgetvalue(files, i, 0), name))
      image->jpeg = checked_image(files, i, &image->problem);
  if (!image->jpeg && !image->problem)
    image->problem = g_strdup("自助机没有送来这张图片 The kiosk did not send this picture");
  g_ptr_array_add(images, image);
}

/* The pictures the case's data names, as the SQLite back-end lists them:
 * the accepted photo (or the best try), then each scan. */
static GPtrArray *
images_of(AnyiLedgerPg *self, const char *kiosk_id, const char *number, JsonObject *data)
{
  GPtrArray *images = g_ptr_array_new_with_free_func((GDestroyNotify)anyi_ledger_image_free);
  JsonObject *documents = member_object(data, "documents");
  g_autofree char *cap = g_strdup_printf("%d", ANYI_LEDGER_PG_MAX_IMAGE_BYTES);
  const char *values[] = {kiosk_id, number, cap};
  PGresult *files =
      run(self, "read the case's pictures",
          "SELECT name, sha256, octet_length(data), CASE WHEN octet_length(data) <= $3::integer "
          "THEN data END FROM case_files WHERE kiosk_id = $1 AND case_number = $2",
          3, values, NULL);

  if (member_string(data, "photo"))
    add_image(images, files, "photo", "photo");
  else if (member_string(data, "photo_best"))
    add_image(images, files, "photo-best", "photo-best");
  if (documents) {
    g_autoptr(GList) names = json_object_get_members(documents);
    for (GList *l = names; l; l = l->next) {
      g_autofree char *name = g_strdup_printf("scan:%s", (const char *)l->data);
      if (member_string(documents, l->data))
        add_image(images, files, l->data, name);
    }
  }
  PQclear(files);
  return images;
}

/* When each material of @kiosk_id's case @number came in. */
static PGresult *
received_of(AnyiLedgerPg *self, const char *kiosk_id, const char *number)
{
  const char *values[] = {kiosk_id, number};

  return run(self, "read the materials received",
             "SELECT material_id, " EPOCH("at") ", by FROM window_received WHERE kiosk_id = $1 AND "
                                                "case_number = $2",
             2, values, NULL);
}

static void
add_commitments(JsonObject *data, const char *number, PGresult *received, gboolean with_received,
                GPtrArray *out)
{
  JsonObject *notice = member_object(data, "notice");
  JsonNode *node = notice ? json_object_get_member(notice, "materials") : NULL;
  JsonArray *materials = node && JSON_NODE_HOLDS_ARRAY(node) ? json_node_get_array(node) : NULL;

  for (guint i = 0; materials && i < json_array_get_length(materials); i++) {
    JsonNode *item = json_array_get_element(materials, i);
    JsonObject *material = JSON_NODE_HOLDS_OBJECT(item) ? json_node_get_object(item) : NULL;
    AnyiLedgerCommitment *commitment;

    if (!member_string(material, "id"))
      continue;
    commitment = g_new0(AnyiLedgerCommitment, 1);
    commitment->case_number = g_strdup(number);
    commitment->material_id = g_strdup(member_string(material, "id"));
    commitment->name = g_strdup(member_string(material, "name"));
    commitment->committed_on = g_strdup(member_string(member_object(data, "commitment"), "date"));
    commitment->deadline = g_strdup(member_string(notice, "deadline"));
    for (int r = 0; received && r < PQntuples(received); r++)
      if (g_str_equal(PQgetvalue(received, r, 0), commitment->material_id)) {
        commitment->received_at = int_at(received, r, 1);
        commitment->received_by = text_at(received, r, 2);
      }
    if (commitment->received_at > 0 && !with_received)
      anyi_ledger_commitment_free(commitment);
    else
      g_ptr_array_add(out, commitment);
  }
}

static GPtrArray *
printed_of(PGresult *res, int column)
{
  g_autoptr(JsonNode) node = json_at(res, 0, column);
  JsonArray *jobs = node && JSON_NODE_HOLDS_ARRAY(node) ? json_node_get_array(node) : NULL;
  GPtrArray *printed = g_ptr_array_new_with_free_func(g_free);

  for (guint i = 0; jobs && i < json_array_get_length(jobs); i++) {
    JsonNode *item = json_array_get_element(jobs, i);
    JsonObject *job = JSON_NODE_HOLDS_OBJECT(item) ? json_node_get_object(item) : NULL;
    if (job)
      g_ptr_array_add(printed,
                      g_strdup_printf("%s (%s): %s", member_string(job, "template"),
                                      member_string(job, "role"), member_string(job, "state")));
  }
  return printed;
}

static JsonArray *
documents_of(JsonObject *data)
{
  JsonNode *node = json_object_get_member(data, "print");

  if (node && JSON_NODE_HOLDS_ARRAY(node))
    return json_array_ref(json_node_get_array(node));
  return json_array_new();
}

static GPtrArray *
history_of(AnyiLedgerPg *self, const char *kiosk_id, const char *number)
{
  const char *values[] = {kiosk_id, number};
  PGresult *res = run(
      self, "read a case's history",
      "SELECT " EPOCH(
          "at") ", actor, what, detail FROM ("
                " SELECT at, 'kiosk' AS actor, coalesce(event, kind) AS what, detail, 0 AS side, "
                "seq AS id"
                " FROM case_events WHERE kiosk_id = $1 AND case_number = $2 UNION ALL"
                " SELECT at, actor, kind, detail, 1, id FROM window_actions WHERE kiosk_id = $1 AND"
                " case_number = $2) AS h ORDER BY h.at, side, id",
      2, values, NULL);
  GPtrArray *history = g_ptr_array_new_with_free_func((GDestroyNotify)anyi_ledger_event_free);

  for (int i = 0; res && i < PQntuples(res); i++) {
    AnyiLedgerEvent *event = g_new0(AnyiLedgerEvent, 1);
    event->at = int_at(res, i, 0);
    event->actor = text_at(res, i, 1);
    event->what = text_at(res, i, 2);
    event->detail = text_at(res, i, 3);
    g_ptr_array_add(history, event);
  }
  PQclear(res);
  return history;
}

static AnyiLedgerOutcome
outcome_of_status(const char *window_status)
{
  AnyiLedgerOutcome outcome = ANYI_LEDGER_OUTCOME_NONE;

  if (g_strcmp0(window_status, "waiting-material") == 0)
    return ANYI_LEDGER_OUTCOME_WAITING_FOR_MATERIAL;
  if (!anyi_ledger_outcome_from_string(window_status, &outcome))
    return ANYI_LEDGER_OUTCOME_NONE;
  return outcome;
}

static AnyiLedgerCase *
case_from_row(AnyiLedgerPg *self, PGresult *res)
{
  AnyiLedgerCase *kase = g_new0(AnyiLedgerCase, 1);
  g_autoptr(JsonObject) data = object_at(res, 0, 10);
  g_autoptr(JsonObject) summary = object_at(res, 0, 7);
  g_autoptr(PGresult) received = NULL;

  if (!data)
    data = json_object_new();
  kase->kiosk_id = text_at(res, 0, 0);
  kase->case_number = text_at(res, 0, 1);
  kase->service_id = text_at(res, 0, 2);
  kase->kiosk_state = text_at(res, 0, 3);
  kase->created_at = int_at(res, 0, 4);
  kase->handed_off_at = int_at(res, 0, 5);
  kase->reason = text_at(res, 0, 6);
  kase->reason_detail = g_strdup(member_string(summary, "detail"));
  kase->card = object_at(res, 0, 8);
  kase->answers = object_at(res, 0, 9);
  kase->form = member_object(data, "form") ? json_object_ref(member_object(data, "form")) : NULL;
  kase->region_codes = member_object(data, "region-codes")
                           ? json_object_ref(member_object(data, "region-codes"))
                           : NULL;
  kase->amount_fen = int_at(res, 0, 11);
  kase->order_id = text_at(res, 0, 12);
  kase->payment_state = text_at(res, 0, 13);
  kase->printed = printed_of(res, 14);
  kase->status = text_at(res, 0, 15);
  kase->owner = text_at(res, 0, 16);
  kase->outcome = outcome_of_status(PQgetvalue(res, 0, 17));
  kase->outcome_reason = text_at(res, 0, 18);
  kase->citizen_note = text_at(res, 0, 19);
  kase->documents = documents_of(data);
  kase->images = images_of(self, kase->kiosk_id, kase->case_number, data);
  kase->commitments = g_ptr_array_new_with_free_func((GDestroyNotify)anyi_ledger_commitment_free);
  received = received_of(self, kase->kiosk_id, kase->case_number);
  add_commitments(data, kase->case_number, received, TRUE, kase->commitments);
  kase->history = history_of(self, kase->kiosk_id, kase->case_number);
  return kase;
}

static AnyiLedgerCase *
pg_get_case(AnyiLedger *ledger, const char *case_number, GError **error)
{
  AnyiLedgerPg *self = ANYI_LEDGER_PG(ledger);
  g_autofree char *kiosk_id = kiosk_of(self, case_number, error);
  const char *values[] = {kiosk_id, case_number};
  g_autoptr(PGresult) res = NULL;

  if (!kiosk_id)
    return NULL;
  res = run(
      self, "read a case",
      "SELECT c.kiosk_id, c.number, c.service_id, c.state, " EPOCH("c.kiosk_created_at") ", " EPOCH(
          "c.handoff_at") ", c.handoff_reason, c.handoff_detail, c.card, c.answers, "
                          "c.data, c.payment_amount_fen, c.payment_order_id, c.payment_state, "
                          "c.printed, " STATUS_SQL
                          ", c.window_owner, c.window_status, c.window_outcome_reason, "
                          "c.window_citizen_note FROM cases AS c WHERE c.kiosk_id = $1 AND "
                          "c.number = $2",
      2, values, error);
  if (!res)
    return NULL;
  if (PQntuples(res) != 1) {
    g_set_error(error, ANYI_LEDGER_ERROR, ANYI_LEDGER_ERROR_NOT_FOUND, "no case %s", case_number);
    return NULL;
  }
  return case_from_row(self, res);
}

/* ---- what the window does ---- */

static gboolean
add_action(AnyiLedgerPg *self, const char *kiosk_id, const char *number, const char *staff,
           const char *kind, const char *detail, GError **error)
{
  const char *values[] = {kiosk_id, number, staff, kind, detail};

  return run_done(self, "record a window action",
                  "INSERT INTO window_actions (kiosk_id, case_number, actor, kind, detail) VALUES "
                  "($1, $2, $3, $4, $5)",
                  5, values, error);
}

/* Runs an UPDATE ... RETURNING that must change the case's one row;
 * CONFLICT when it changed none (closed, or another window's). */
static gboolean
change_case(AnyiLedgerPg *self, const char *what, const char *sql, int n, const char *const *values,
            GError **error)
{
  PGresult *res = run(self, what, sql, n, values, error);
  gboolean changed = res && PQntuples(res) == 1;

  if (res && !changed)
    g_set_error(error, ANYI_LEDGER_ERROR, ANYI_LEDGER_ERROR_CONFLICT,
                "case %s is closed or held by another window", values[1]);
  PQclear(res);
  return changed;
}

static gboolean
pg_claim(AnyiLedger *ledger, const char *case_number, const char *staff, GError **error)
{
  AnyiLedgerPg *self = ANYI_LEDGER_PG(ledger);
  g_autofree char *kiosk_id = kiosk_of(self, case_number, error);
  const char *values[] = {kiosk_id, case_number, staff};
  gboolean done;

  if (!kiosk_id || !run_done(self, "claim", "BEGIN", 0, NULL, error))
    return FALSE;
  done = change_case(self, "claim a case",
                     "UPDATE cases AS c SET window_status = CASE WHEN window_status = 'waiting' "
                     "THEN 'claimed' ELSE window_status END, window_owner = $3, "
                     "window_updated_at = now() WHERE kiosk_id = $1 AND number = $2 AND " OPEN_SQL
                     " AND (window_owner IS NULL OR window_owner = $3) RETURNING 1",
                     3, values, error) &&
         add_action(self, kiosk_id, case_number, staff, "claim", NULL, error);
  return finish(self, done, error);
}

static gboolean
pg_add_note(AnyiLedger *ledger, const char *case_number, const char *staff, const char *text,
            GError **error)
{
  AnyiLedgerPg *self = ANYI_LEDGER_PG(ledger);
  g_autofree char *kiosk_id = kiosk_of(self, case_number, error);

  return kiosk_id && add_action(self, kiosk_id, case_number, staff, "note", text, error);
}

static const char *
window_status_of(AnyiLedgerOutcome outcome)
{
  return outcome == ANYI_LEDGER_OUTCOME_WAITING_FOR_MATERIAL
             ? "waiting-material"
             : anyi_ledger_outcome_to_string(outcome);
}

static gboolean
pg_record_outcome(AnyiLedger *ledger, const char *case_number, const char *staff,
                  AnyiLedgerOutcome outcome, const char *reason, const char *citizen_note,
                  GError **error)
{
  AnyiLedgerPg *self = ANYI_LEDGER_PG(ledger);
  g_autofree char *kiosk_id = kiosk_of(self, case_number, error);
  g_autofree char *detail = g_strjoin(": ", anyi_ledger_outcome_to_string(outcome), reason, NULL);
  const char *values[] = {kiosk_id, case_number, staff, window_status_of(outcome),
                          reason,   citizen_note};
  gboolean done;

  if (!kiosk_id || !run_done(self, "record an outcome", "BEGIN", 0, NULL, error))
    return FALSE;
  done = change_case(self, "record an outcome",
                     "UPDATE cases AS c SET window_status = $4, window_owner = $3, "
                     "window_outcome_reason = $5, window_citizen_note = $6, "
                     "window_outcome_at = now(), window_updated_at = now() WHERE kiosk_id = $1 "
                     "AND number = $2 AND " OPEN_SQL
                     " AND (window_owner IS NULL OR window_owner = $3) RETURNING 1",
                     6, values, error) &&
         add_action(self, kiosk_id, case_number, staff, "outcome", detail, error);
  return finish(self, done, error);
}

static gboolean
pg_material_received(AnyiLedger *ledger, const char *case_number, const char *material_id,
                     const char *staff, GError **error)
{
  AnyiLedgerPg *self = ANYI_LEDGER_PG(ledger);
  g_autoptr(AnyiLedgerCase) kase = pg_get_case(ledger, case_number, error);
  const char *values[] = {NULL, case_number, material_id, staff};
  gboolean promised = FALSE, done;
  PGresult *res;

  if (!kase)
    return FALSE;
  for (guint i = 0; i < kase->commitments->len; i++)
    promised |= g_strcmp0(((AnyiLedgerCommitment *)kase->commitments->pdata[i])->material_id,
                          material_id) == 0;
  if (!promised) {
    g_set_error(error, ANYI_LEDGER_ERROR, ANYI_LEDGER_ERROR_NOT_FOUND,
                "case %s owes no material %s", case_number, material_id);
    return FALSE;
  }
  values[0] = kase->kiosk_id;
  if (!run_done(self, "mark a material received", "BEGIN", 0, NULL, error))
    return FALSE;
  res = run(self, "mark a material received",
            "INSERT INTO window_received (kiosk_id, case_number, material_id, by) VALUES ($1, $2, "
            "$3, $4) ON CONFLICT DO NOTHING RETURNING 1",
            4, values, error);
  done = res != NULL;
  /* received twice: the first time stands, and the history says it once */
  if (done && PQntuples(res) == 1)
    done = add_action(self, kase->kiosk_id, case_number, staff, "received", material_id, error);
  PQclear(res);
  return finish(self, done, error);
}

static gboolean
pg_audit_reveal(AnyiLedger *ledger, const char *case_number, const char *staff, GError **error)
{
  AnyiLedgerPg *self = ANYI_LEDGER_PG(ledger);
  g_autofree char *kiosk_id = kiosk_of(self, case_number, error);
  const char *values[] = {staff, kiosk_id, case_number};

  return kiosk_id && run_done(self, "audit a reveal",
                              "INSERT INTO window_audit (staff, action, kiosk_id, case_number) "
                              "VALUES ($1, 'window-reveal-id-number', $2, $3)",
                              3, values, error);
}

/* ---- follow-up, figures, the citizen's answer ---- */

static int
by_deadline(gconstpointer a, gconstpointer b)
{
  const AnyiLedgerCommitment *first = *(AnyiLedgerCommitment *const *)a;
  const AnyiLedgerCommitment *second = *(AnyiLedgerCommitment *const *)b;
  int order = g_strcmp0(first->deadline, second->deadline);

  return order ? order : g_strcmp0(first->case_number, second->case_number);
}

static GPtrArray *
pg_commitments(AnyiLedger *ledger, gboolean with_received, GError **error)
{
  AnyiLedgerPg *self = ANYI_LEDGER_PG(ledger);
  g_autoptr(PGresult) cases =
      run(self, "list the 容缺 cases",
          "SELECT kiosk_id, number, data FROM cases WHERE data->'notice'->>'deadline' IS NOT NULL "
          "ORDER BY data->'notice'->>'deadline', number",
          0, NULL, error);
  GPtrArray *out;

  if (!cases)
    return NULL;
  out = g_ptr_array_new_with_free_func((GDestroyNotify)anyi_ledger_commitment_free);
  for (int i = 0; i < PQntuples(cases); i++) {
    g_autoptr(JsonObject) data = object_at(cases, i, 2);
    g_autoptr(PGresult) received =
        received_of(self, PQgetvalue(cases, i, 0), PQgetvalue(cases, i, 1));
    add_commitments(data, PQgetvalue(cases, i, 1), received, with_received, out);
  }
  g_ptr_array_sort(out, by_deadline);
  return out;
}

/* The day's cases: the kiosk's end is its handoff, or its last change for
 * a case it finished itself (submitted, or accepted with 容缺). */
#define DAY_CASES_SQL                                                                              \
  "WITH d AS (SELECT service_id, handoff_reason, handoff_reason IS NULL AND state IN "             \
  "('submitted', 'accepted-with-missing-materials') AS finished, "                                 \
  "extract(epoch FROM coalesce(handoff_at, kiosk_updated_at) - kiosk_created_at) AS took, "        \
  "extract(epoch FROM window_outcome_at - handoff_at) AS waited FROM cases WHERE "                 \
  "kiosk_created_at >= to_timestamp($1::bigint) AND kiosk_created_at < to_timestamp($2::bigint)) "

static gint64
median_at(PGresult *res, int column)
{
  return PQgetisnull(res, 0, column) ? -1
                                     : (gint64)g_ascii_strtod(PQgetvalue(res, 0, column), NULL);
}

static gboolean
fill_stats(AnyiLedgerPg *self, AnyiLedgerStats *stats, const char *const *range, GError **error)
{
  g_autoptr(PGresult) services =
      run(self, "count the day's services",
          DAY_CASES_SQL "SELECT service_id, count(*), count(*) FILTER (WHERE finished), count(*) "
                        "FILTER (WHERE handoff_reason IS NOT NULL) FROM d GROUP BY 1 ORDER BY 1",
          2, range, error);
  g_autoptr(PGresult) reasons =
      services ? run(self, "count the day's reasons",
                     DAY_CASES_SQL "SELECT handoff_reason, count(*) FROM d WHERE handoff_reason IS "
                                   "NOT NULL GROUP BY 1 ORDER BY 2 DESC, 1",
                     2, range, error)
               : NULL;
  g_autoptr(PGresult) medians =
      reasons ? run(self, "the day's medians",
                    DAY_CASES_SQL "SELECT trunc(percentile_cont(0.5) WITHIN GROUP (ORDER BY "
                                  "greatest(took, 0)) FILTER (WHERE finished OR handoff_reason IS "
                                  "NOT NULL)), trunc(percentile_cont(0.5) WITHIN GROUP (ORDER BY "
                                  "waited)) FROM d",
                    2, range, error)
              : NULL;

  if (!medians)
    return FALSE;
  for (int i = 0; i < PQntuples(services); i++) {
    AnyiLedgerServiceCount *count = g_new0(AnyiLedgerServiceCount, 1);
    count->service_id = text_at(services, i, 0);
    count->cases = (guint)int_at(services, i, 1);
    count->finished_at_kiosk = (guint)int_at(services, i, 2);
    count->handed_off = (guint)int_at(services, i, 3);
    stats->cases += count->cases;
    stats->finished_at_kiosk += count->finished_at_kiosk;
    stats->handed_off += count->handed_off;
    g_ptr_array_add(stats->services, count);
  }
  for (int i = 0; i < PQntuples(reasons); i++) {
    AnyiLedgerReasonCount *count = g_new0(AnyiLedgerReasonCount, 1);
    count->reason = text_at(reasons, i, 0);
    count->count = (guint)int_at(reasons, i, 1);
    g_ptr_array_add(stats->reasons, count);
  }
  stats->median_seconds = median_at(medians, 0);
  stats->median_window_seconds = median_at(medians, 1);
  return TRUE;
}

static AnyiLedgerStats *
pg_day_stats(AnyiLedger *ledger, const GDate *day, GError **error)
{
  g_autoptr(GDateTime) start = g_date_time_new_local(g_date_get_year(day), g_date_get_month(day),
                                                     g_date_get_day(day), 0, 0, 0);
  g_autoptr(GDateTime) end = g_date_time_add_days(start, 1);
  g_autofree char *name = g_date_time_format(start, "%Y-%m-%d");
  g_autofree char *from = g_strdup_printf("%" G_GINT64_FORMAT, g_date_time_to_unix(start));
  g_autofree char *to = g_strdup_printf("%" G_GINT64_FORMAT, g_date_time_to_unix(end));
  const char *range[] = {from, to};
  AnyiLedgerStats *stats = anyi_ledger_stats_new(name);

  if (!fill_stats(ANYI_LEDGER_PG(ledger), stats, range, error))
    g_clear_pointer(&stats, anyi_ledger_stats_free);
  return stats;
}

static AnyiLedgerAnswer *
pg_answer_for_citizen(AnyiLedger *ledger, const char *id_number, GError **error)
{
  const char *values[] = {id_number};
  g_autoptr(PGresult) res =
      run(ANYI_LEDGER_PG(ledger), "read the window's outcome",
          "SELECT number, window_status, window_citizen_note, " EPOCH(
              "window_outcome_at") ", window_outcome_reason, handoff_window"
                                   " FROM cases WHERE card->>'id_number' = $1 AND "
                                   "window_outcome_at IS NOT NULL ORDER BY "
                                   "window_outcome_at DESC, ledger_id DESC LIMIT 1",
          1, values, error);
  AnyiLedgerAnswer *answer;

  if (!res)
    return NULL;
  if (PQntuples(res) != 1) {
    g_set_error_literal(error, ANYI_LEDGER_ERROR, ANYI_LEDGER_ERROR_NOT_FOUND,
                        "the window has decided no case of this ID number");
    return NULL;
  }
  answer = g_new0(AnyiLedgerAnswer, 1);
  answer->case_number = text_at(res, 0, 0);
  answer->outcome = outcome_of_status(PQgetvalue(res, 0, 1));
  answer->citizen_note = text_at(res, 0, 2);
  answer->at = int_at(res, 0, 3);
  answer->reason = text_at(res, 0, 4);
  answer->window = text_at(res, 0, 5);
  return answer;
}

static gint64
pg_now(AnyiLedger *ledger)
{
  (void)ledger;
  return g_get_real_time() / G_USEC_PER_SEC;
}

/* ---- the live queue ---- */

static gboolean relisten(gpointer data);

static void
drop_listener(AnyiLedgerPg *self)
{
  g_clear_handle_id(&self->listener_source, g_source_remove);
  g_clear_pointer(&self->listener, PQfinish);
}

static void
schedule_relisten(AnyiLedgerPg *self)
{
  drop_listener(self);
  if (!self->relisten_source)
    self->relisten_source = g_timeout_add_seconds(RELISTEN_SECONDS, relisten, self);
}

static gboolean
on_notified(int fd, GIOCondition condition, gpointer data)
{
  AnyiLedgerPg *self = data;
  gboolean any = FALSE;
  PGnotify *notify;

  (void)fd;
  if ((condition & (G_IO_HUP | G_IO_ERR)) || !PQconsumeInput(self->listener)) {
    g_message("ledger: lost the server's notifications (%s); listening again in %d s",
              g_strchomp(PQerrorMessage(self->listener)), RELISTEN_SECONDS);
    self->listener_source = 0; /* removed by returning FALSE */
    if (self->background)
      go_offline(self);
    else
      schedule_relisten(self);
    return G_SOURCE_REMOVE;
  }
  while ((notify = PQnotifies(self->listener))) {
    any = TRUE;
    PQfreemem(notify);
  }
  if (any)
    self->changed(self->changed_data);
  return G_SOURCE_CONTINUE;
}

static gboolean
start_listening(AnyiLedgerPg *self, GError **error)
{
  g_autoptr(GError) local = NULL;
  PGresult *res;

  self->listener = anyi_pg_ledger_connect(self->conninfo, &local);
  if (!self->listener) {
    g_set_error_literal(error, ANYI_LEDGER_ERROR, ANYI_LEDGER_ERROR_FAILED, local->message);
    return FALSE;
  }
  res = PQexec(self->listener, "LISTEN " NOTIFY_CHANNEL);
  if (PQresultStatus(res) != PGRES_COMMAND_OK) {
    fail(error, ANYI_LEDGER_ERROR_FAILED, self->listener, res, "listen for new cases");
    g_clear_pointer(&self->listener, PQfinish);
    return FALSE;
  }
  PQclear(res);
  self->listener_source =
      g_unix_fd_add(PQsocket(self->listener), G_IO_IN | G_IO_HUP | G_IO_ERR, on_notified, self);
  return TRUE;
}

static gboolean
relisten(gpointer data)
{
  AnyiLedgerPg *self = data;

  if (!start_listening(self, NULL))
    return G_SOURCE_CONTINUE;
  self->relisten_source = 0;
  /* whatever changed while nobody listened */
  self->changed(self->changed_data);
  return G_SOURCE_REMOVE;
}

gboolean
anyi_ledger_pg_watch(AnyiLedgerPg *self, GSourceFunc changed, gpointer data, GError **error)
{
  g_return_val_if_fail(ANYI_IS_LEDGER_PG(self), FALSE);
  g_return_val_if_fail(changed != NULL, FALSE);
  anyi_ledger_pg_unwatch(self);
  self->changed = changed;
  self->changed_data = data;
  return start_listening(self, error);
}

void
anyi_ledger_pg_unwatch(AnyiLedgerPg *self)
{
  g_return_if_fail(ANYI_IS_LEDGER_PG(self));
  g_clear_handle_id(&self->relisten_source, g_source_remove);
  drop_listener(self);
  self->changed = NULL;
}

/* ---- connecting again off the main thread ---- */

static void
on_reconnected(GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr(GError) error = NULL;
  PGconn *conn = NULL, *listener = NULL;
  AnyiLedgerPg *self;

  (void)source;
  /* cancelled: the ledger may be gone, do not touch it */
  if (!anyi_pg_reconnect_finish(result, &conn, &listener, &error))
    return;
  self = data;
  g_clear_object(&self->reconnecting);
  g_clear_pointer(&self->conn, PQfinish);
  self->conn = conn;
  if (listener && !self->changed)
    PQfinish(listener); /* the watch ended meanwhile */
  else if (listener) {
    self->listener = listener;
    self->listener_source =
        g_unix_fd_add(PQsocket(listener), G_IO_IN | G_IO_HUP | G_IO_ERR, on_notified, self);
  }
  g_object_notify_by_pspec(G_OBJECT(self), props[PROP_ONLINE]);
  /* whatever changed while the server was away */
  if (self->changed)
    self->changed(self->changed_data);
}

static void
go_offline(AnyiLedgerPg *self)
{
  if (self->reconnecting)
    return;
  g_message("ledger: lost the server; connecting again in the background");
  g_clear_handle_id(&self->relisten_source, g_source_remove);
  drop_listener(self);
  self->reconnecting = g_cancellable_new();
  anyi_pg_reconnect_async(self->conninfo, self->changed ? NOTIFY_CHANNEL : NULL, self->reconnecting,
                          on_reconnected, self);
  g_object_notify_by_pspec(G_OBJECT(self), props[PROP_ONLINE]);
}

void
anyi_ledger_pg_set_background_reconnect(AnyiLedgerPg *self, gboolean background)
{
  g_return_if_fail(ANYI_IS_LEDGER_PG(self));
  self->background = background;
}

gboolean
anyi_ledger_pg_is_online(AnyiLedgerPg *self)
{
  g_return_val_if_fail(ANYI_IS_LEDGER_PG(self), FALSE);
  return self->reconnecting == NULL;
}

/* ---- staff ---- */

static gboolean
pg_sign_in(AnyiLedger *ledger, const char *login, const char *pin, char **role, char **display_name,
           GError **error)
{
  AnyiLedgerPg *self = ANYI_LEDGER_PG(ledger);
  PGconn *conn = connection(self, error);
  g_autoptr(GError) local = NULL;

  if (!conn)
    return FALSE;
  if (anyi_pg_ledger_sign_in(conn, login, pin, role, display_name, &local))
    return TRUE;
  if (self->background && PQstatus(conn) != CONNECTION_OK) {
    go_offline(self);
    return offline(error);
  }
  g_propagate_error(error, g_steal_pointer(&local));
  return FALSE;
}

/* @local from the server's sign-in steps, or OFFLINE when the connection went */
static gboolean
sign_in_failed(AnyiLedgerPg *self, PGconn *conn, GError *local, GError **error)
{
  if (self->background && PQstatus(conn) != CONNECTION_OK) {
    go_offline(self);
    return offline(error);
  }
  g_propagate_error(error, local);
  return FALSE;
}

static void
check_pin_in_thread(GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  anyi_pg_sign_in_check(data);
  g_task_return_boolean(task, TRUE);
}

/* The server is asked here and in _finish, on the caller's thread (the
 * connection is not shared); only the hash runs on the worker. */
static void
pg_sign_in_async(AnyiLedger *ledger, const char *login, const char *pin, GCancellable *cancellable,
                 GAsyncReadyCallback callback, gpointer user_data)
{
  AnyiLedgerPg *self = ANYI_LEDGER_PG(ledger);
  g_autoptr(GTask) task = g_task_new(ledger, cancellable, callback, user_data);
  g_autoptr(GError) error = NULL;
  PGconn *conn = connection(self, &error);
  AnyiPgSignIn *sign_in = NULL;

  g_task_set_source_tag(task, pg_sign_in_async);
  if (conn) {
    GError *local = NULL;
    if (!(sign_in = anyi_pg_ledger_sign_in_begin(conn, login, pin, &local)))
      sign_in_failed(self, conn, local, &error);
  }
  if (!sign_in) {
    g_task_return_error(task, g_steal_pointer(&error));
    return;
  }
  g_task_set_task_data(task, sign_in, (GDestroyNotify)anyi_pg_sign_in_free);
  g_task_set_check_cancellable(task, FALSE);
  g_task_run_in_thread(task, check_pin_in_thread);
}

static gboolean
pg_sign_in_finish(AnyiLedger *ledger, GAsyncResult *result, char **role, char **display_name,
                  GError **error)
{
  AnyiLedgerPg *self = ANYI_LEDGER_PG(ledger);
  GTask *task = G_TASK(result);
  PGconn *conn;
  GError *local = NULL;

  g_return_val_if_fail(g_task_get_source_tag(task) == pg_sign_in_async, FALSE);
  if (!g_task_propagate_boolean(task, error) || !(conn = connection(self, error)))
    return FALSE;
  if (anyi_pg_ledger_sign_in_end(conn, g_task_get_task_data(task), role, display_name, &local))
    return TRUE;
  return sign_in_failed(self, conn, local, error);
}

/* ---- staff calls (anyi-pg-calls.c) ---- */

/* @local in the ledger's terms: OFFLINE when the connection is gone. */
static void
ledger_error(AnyiLedgerPg *self, PGconn *conn, GError *local, AnyiLedgerError code, GError **error)
{
  if (self->background && PQstatus(conn) != CONNECTION_OK) {
    go_offline(self);
    code = ANYI_LEDGER_ERROR_OFFLINE;
  }
  g_set_error_literal(error, ANYI_LEDGER_ERROR, code, local->message);
}

static GPtrArray *
pg_open_calls(AnyiLedger *ledger, GError **error)
{
  AnyiLedgerPg *self = ANYI_LEDGER_PG(ledger);
  PGconn *conn = connection(self, error);
  g_autoptr(GError) local = NULL;
  GPtrArray *calls;

  if (!conn)
    return NULL;
  calls = anyi_pg_ledger_open_calls(conn, &local);
  if (!calls)
    ledger_error(self, conn, local, ANYI_LEDGER_ERROR_FAILED, error);
  return calls;
}

static gboolean
pg_answer_call(AnyiLedger *ledger, const char *kiosk_id, gint64 call_id, const char *staff,
               GError **error)
{
  AnyiLedgerPg *self = ANYI_LEDGER_PG(ledger);
  PGconn *conn = connection(self, error);
  g_autoptr(GError) local = NULL;

  if (!conn)
    return FALSE;
  if (anyi_pg_ledger_answer_call(conn, kiosk_id, call_id, staff, &local))
    return TRUE;
  ledger_error(self, conn, local,
               g_error_matches(local, ANYI_PG_LEDGER_ERROR, ANYI_PG_LEDGER_ERROR_INVALID)
                   ? ANYI_LEDGER_ERROR_CONFLICT
                   : ANYI_LEDGER_ERROR_FAILED,
               error);
  return FALSE;
}

/* ---- the object ---- */

static void
anyi_ledger_pg_finalize(GObject *object)
{
  AnyiLedgerPg *self = ANYI_LEDGER_PG(object);

  anyi_ledger_pg_unwatch(self);
  /* the worker may still be trying: it frees what it finds */
  g_cancellable_cancel(self->reconnecting);
  g_clear_object(&self->reconnecting);
  g_clear_pointer(&self->conn, PQfinish);
  anyi_secure_free_string(self->conninfo);
  G_OBJECT_CLASS(anyi_ledger_pg_parent_class)->finalize(object);
}

static void
anyi_ledger_pg_get_property(GObject *object, guint id, GValue *value, GParamSpec *pspec)
{
  if (id == PROP_ONLINE)
    g_value_set_boolean(value, anyi_ledger_pg_is_online(ANYI_LEDGER_PG(object)));
  else
    G_OBJECT_WARN_INVALID_PROPERTY_ID(object, id, pspec);
}

static void
anyi_ledger_pg_class_init(AnyiLedgerPgClass *klass)
{
  G_OBJECT_CLASS(klass)->finalize = anyi_ledger_pg_finalize;
  G_OBJECT_CLASS(klass)->get_property = anyi_ledger_pg_get_property;
  props[PROP_ONLINE] =
      g_param_spec_boolean("online", NULL, NULL, TRUE, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties(G_OBJECT_CLASS(klass), N_PROPS, props);
}

static void
anyi_ledger_pg_init(AnyiLedgerPg *self)
{
  (void)self;
}

static void
anyi_ledger_pg_iface_init(AnyiLedgerInterface *iface)
{
  iface->list_waiting = pg_list_waiting;
  iface->find = pg_find;
  iface->get_case = pg_get_case;
  iface->claim = pg_claim;
  iface->add_note = pg_add_note;
  iface->record_outcome = pg_record_outcome;
  iface->material_received = pg_material_received;
  iface->audit_reveal = pg_audit_reveal;
  iface->hard_cases = pg_hard_cases;
  iface->commitments = pg_commitments;
  iface->day_stats = pg_day_stats;
  iface->answer_for_citizen = pg_answer_for_citizen;
  iface->now = pg_now;
  iface->sign_in = pg_sign_in;
  iface->sign_in_async = pg_sign_in_async;
  iface->sign_in_finish = pg_sign_in_finish;
  iface->open_calls = pg_open_calls;
  iface->answer_call = pg_answer_call;
}

AnyiLedger *
anyi_ledger_pg_new(const char *conninfo, GError **error)
{
  g_autoptr(GError) local = NULL;
  PGconn *conn;
  int version;
  AnyiLedgerPg *self;

  g_return_val_if_fail(conninfo != NULL, NULL);
  conn = anyi_pg_ledger_connect(conninfo, &local);
  if (!conn) {
    g_set_error_literal(error, ANYI_LEDGER_ERROR, ANYI_LEDGER_ERROR_FAILED, local->message);
    return NULL;
  }
  version = anyi_pg_ledger_schema_version(conn, &local);
  if (version < WINDOW_SCHEMA_VERSION) {
    g_set_error(error, ANYI_LEDGER_ERROR, ANYI_LEDGER_ERROR_FAILED,
                "the ledger's server has schema version %d, the window needs %d or later: run "
                "`anyictl ledger migrate` (%s)",
                MAX(version, 0), WINDOW_SCHEMA_VERSION, local ? local->message : "");
    PQfinish(conn);
    return NULL;
  }
  self = g_object_new(ANYI_TYPE_LEDGER_PG, NULL);
  self->conninfo = g_strdup(conninfo);
  self->conn = conn;
  return ANYI_LEDGER(self);
}
