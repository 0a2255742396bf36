/* SPDX-License-Identifier: GPL-3.0-or-later */
/* anyi-ledger-sqlite.c: the ledger over the kiosk's own store. */
#include "anyi-ledger-sqlite.h"

#include "staff/anyi-staff.h"
#include "usb/anyi-secure.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <sys/stat.h>
#include <unistd.h>

struct _AnyiLedgerSqlite {
  GObject parent_instance;
  AnyiStore *store;
  char *kiosk_id;
};

static void anyi_ledger_sqlite_iface_init(AnyiLedgerInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE(AnyiLedgerSqlite, anyi_ledger_sqlite, G_TYPE_OBJECT,
                              G_IMPLEMENT_INTERFACE(ANYI_TYPE_LEDGER,
                                                    anyi_ledger_sqlite_iface_init))

/* Services and handoff reasons that make a case hard (台账) at once: 办不成事
 * reports, and cases the kiosk could not resume after a restart. */
static const char *const hard_services[] = {"cannot-get-done", NULL};
static const char *const hard_reasons[] = {"recovery-failed", NULL};

/* The store's errors in the ledger's words: the console needs to know a
 * missing case or a taken one from a failing back-end, nothing more. */
static gboolean
fail_from_store(GError *store_error, GError **error)
{
  AnyiLedgerError code = ANYI_LEDGER_ERROR_FAILED;

  if (g_error_matches(store_error, ANYI_STORE_ERROR, ANYI_STORE_ERROR_NOT_FOUND))
    code = ANYI_LEDGER_ERROR_NOT_FOUND;
  else if (g_error_matches(store_error, ANYI_STORE_ERROR, ANYI_STORE_ERROR_CONFLICT))
    code = ANYI_LEDGER_ERROR_CONFLICT;
  g_set_error_literal(error, ANYI_LEDGER_ERROR, code, store_error->message);
  g_error_free(store_error);
  return FALSE;
}

static AnyiStoredCase *
case_by_number(AnyiLedgerSqlite *self, const char *number, GError **error)
{
  GError *store_error = NULL;
  AnyiStoredCase *stored = anyi_store_case_find(self->store, number, &store_error);

  if (!stored)
    fail_from_store(store_error, error);
  return stored;
}

/* ---- the queue and the 台账 ---- */

static AnyiLedgerListing *
listing_from_row(AnyiLedgerSqlite *self, AnyiWindowRow *row, gint64 overdue_before)
{
  AnyiLedgerListing *listing = g_new0(AnyiLedgerListing, 1);

  listing->position = row->handoff_id;
  listing->case_number = g_steal_pointer(&row->case_number);
  listing->service_id = g_steal_pointer(&row->service_id);
  listing->reason = g_steal_pointer(&row->reason);
  listing->status = g_steal_pointer(&row->status);
  listing->owner = g_steal_pointer(&row->owner);
  listing->kiosk_id = g_strdup(self->kiosk_id);
  listing->handed_off_at = row->handed_off_at;
  listing->last_action_at = row->last_action_at;
  listing->history_length = (guint)CLAMP(row->history_length, 0, G_MAXUINT);
  listing->overdue = overdue_before > 0 && row->handed_off_at < overdue_before;
  return listing;
}

static GPtrArray *
listings_from_rows(AnyiLedgerSqlite *self, GPtrArray *rows, gint64 overdue_before)
{
  GPtrArray *listings = g_ptr_array_new_full(rows->len, (GDestroyNotify)anyi_ledger_listing_free);

  for (guint i = 0; i < rows->len; i++)
    g_ptr_array_add(listings, listing_from_row(self, g_ptr_array_index(rows, i), overdue_before));
  g_ptr_array_unref(rows);
  return listings;
}

static GPtrArray *
sqlite_list_waiting(AnyiLedger *ledger, gint64 after, guint limit, GError **error)
{
  AnyiLedgerSqlite *self = ANYI_LEDGER_SQLITE(ledger);
  GError *store_error = NULL;
  GPtrArray *rows =
      anyi_store_window_queue(self->store, after, (int)MIN(limit, 1000), &store_error);

  if (!rows)
    return fail_from_store(store_error, error), NULL;
  return listings_from_rows(self, rows, 0);
}

static GPtrArray *
sqlite_hard_cases(AnyiLedger *ledger, gint64 wait_limit_seconds, GError **error)
{
  AnyiLedgerSqlite *self = ANYI_LEDGER_SQLITE(ledger);
  gint64 waited_since = anyi_store_now(self->store) - MAX(wait_limit_seconds, 0);
  GError *store_error = NULL;
  GPtrArray *rows =
      anyi_store_window_hard(self->store, hard_services, hard_reasons, waited_since, &store_error);

  if (!rows)
    return fail_from_store(store_error, error), NULL;
  return listings_from_rows(self, rows, waited_since);
}

/* ---- finding a case ---- */

/* What a barcode scanner or a keyboard typed, without spaces, upper case
 * (a scanner may send the case number in lower case with Caps Lock on). */
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
sqlite_find(AnyiLedger *ledger, const char *query, GError **error)
{
  AnyiLedgerSqlite *self = ANYI_LEDGER_SQLITE(ledger);
  g_autofree char *wanted = normalise_query(query);
  g_autoptr(AnyiStoredCase) stored = NULL;
  GError *store_error = NULL;
  gint64 case_id;

  if (looks_like_id_number(wanted)) {
    case_id = anyi_store_window_find_by_id_number(self->store, wanted, &store_error);
    anyi_secure_free_string(g_steal_pointer(&wanted));
    if (case_id < 0)
      return fail_from_store(store_error, error), NULL;
    if (case_id == 0) {
      g_set_error_literal(error, ANYI_LEDGER_ERROR, ANYI_LEDGER_ERROR_NOT_FOUND,
                          "no case at the window for this ID number");
      return NULL;
    }
    stored = anyi_store_case_get(self->store, case_id, &store_error);
  } else {
    stored = *wanted ? anyi_store_case_find(self->store, wanted, &store_error) : NULL;
    if (!*wanted)
      g_set_error_literal(&store_error, ANYI_STORE_ERROR, ANYI_STORE_ERROR_NOT_FOUND,
                          "nothing was typed or scanned");
  }
  if (!stored)
    return fail_from_store(store_error, error), NULL;
  return g_strdup(stored->number);
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

/* A copy of an object member, or NULL. */
static JsonObject *
dup_object(JsonObject *data, const char *name)
{
  JsonObject *object = member_object(data, name);

  return object ? json_object_ref(object) : NULL;
}

/* All of a regular file of a plausible size, or NULL with @problem. */
static guint8 *
read_bounded(int fd, gsize *size, char **problem)
{
  struct stat info;
  g_autofree guint8 *buffer = NULL;
  gsize done = 0;

  if (fstat(fd, &info) != 0 || !S_ISREG(info.st_mode) || info.st_size < 4 ||
      info.st_size > ANYI_LEDGER_MAX_IMAGE_BYTES) {
    *problem = g_strdup("图片文件大小异常 The picture's file has an impossible size");
    return NULL;
  }
  buffer = g_malloc(info.st_size);
  while (done < (gsize)info.st_size) {
    ssize_t got = read(fd, buffer + done, info.st_size - done);
    if (got < 0 && errno == EINTR)
      continue;
    if (got <= 0)
      break;
    done += got;
  }
  if (done != (gsize)info.st_size) {
    *problem = g_strdup("图片文件已损坏 The picture's file is damaged");
    return NULL;
  }
  *size = done;
  return g_steal_pointer(&buffer);
}

/* Reads a kept capture, as hostile as any file: a regular file, not a
 * link, bounded in size, and a JPEG. */
static GBytes *
read_capture(const char *path, char **problem)
{
  g_autofree guint8 *buffer = NULL;
  gsize size;
  int fd;

  if (!path || !g_path_is_absolute(path)) {
    *problem = g_strdup("没有保存这张图片 The kiosk kept no file for this picture");
    return NULL;
  }
  fd = g_open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC, 0);
  if (fd < 0) {
    *problem = g_strdup("图片已按保存期限删除或无法读取 The picture is gone (retention) or "
                        "unreadable");
    return NULL;
  }
  buffer = read_bounded(fd, &size, problem);
  close(fd);
  if (!buffer)
    return NULL;
  if (buffer[0] != 0xFF || buffer[1] != 0xD8) {
    *problem = g_strdup("图片文件已损坏 The picture's file is damaged");
    return NULL;
  }
  return g_bytes_new_take(g_steal_pointer(&buffer), size);
}

static void
add_image(GPtrArray *images, const char *what, const char *path)
{
  AnyiLedgerImage *image = g_new0(AnyiLedgerImage, 1);

  image->what = g_strdup(what);
  image->jpeg = read_capture(path, &image->problem);
  g_ptr_array_add(images, image);
}

static GPtrArray *
images_of(JsonObject *data)
{
  GPtrArray *images = g_ptr_array_new_with_free_func((GDestroyNotify)anyi_ledger_image_free);
  JsonObject *documents = member_object(data, "documents");

  if (member_string(data, "photo"))
    add_image(images, "photo", member_string(data, "photo"));
  else if (member_string(data, "photo_best"))
    add_image(images, "photo-best", member_string(data, "photo_best"));
  if (documents) {
    g_autoptr(GList) names = json_object_get_members(documents);
    for (GList *l = names; l; l = l->next)
      if (member_string(documents, l->data))
        add_image(images, l->data, member_string(documents, l->data));
  }
  return images;
}

static AnyiLedgerCommitment *
commitment_new(AnyiLedgerSqlite *self, const AnyiStoredCase *stored, JsonObject *data,
               JsonObject *material)
{
  AnyiLedgerCommitment *commitment = g_new0(AnyiLedgerCommitment, 1);
  JsonObject *notice = member_object(data, "notice");

  commitment->case_number = g_strdup(stored->number);
  commitment->material_id = g_strdup(member_string(material, "id"));
  commitment->name = g_strdup(member_string(material, "name"));
  commitment->committed_on = g_strdup(member_string(member_object(data, "commitment"), "date"));
  commitment->deadline = g_strdup(member_string(notice, "deadline"));
  anyi_store_window_received_at(self->store, stored->id, commitment->material_id,
                                &commitment->received_at, &commitment->received_by, NULL);
  return commitment;
}

/* The materials of the case's one-time notice (容缺), each with whether it
 * came in. */
static void
add_commitments(AnyiLedgerSqlite *self, const AnyiStoredCase *stored, JsonObject *data,
                gboolean with_received, GPtrArray *out)
{
  JsonObject *notice = member_object(data, "notice");
  JsonNode *node = notice ? json_object_get_member(notice, "materials") : NULL;
  JsonArray *materials = node && JSON_NODE_HOLDS_ARRAY(node) ? json_node_get_array(node) : NULL;

  for (guint i = 0; materials && i < json_array_get_length(materials); i++) {
    JsonNode *item = json_array_get_element(materials, i);
    AnyiLedgerCommitment *commitment;
    if (!JSON_NODE_HOLDS_OBJECT(item) || !member_string(json_node_get_object(item), "id"))
      continue;
    commitment = commitment_new(self, stored, data, json_node_get_object(item));
    if (commitment->received_at > 0 && !with_received)
      anyi_ledger_commitment_free(commitment);
    else
      g_ptr_array_add(out, commitment);
  }
}

static JsonObject *
parse_data(const char *json)
{
  g_autoptr(JsonParser) parser = json_parser_new();
  JsonNode *root;

  if (!json || !json_parser_load_from_data(parser, json, -1, NULL))
    return json_object_new();
  root = json_parser_get_root(parser);
  return root && JSON_NODE_HOLDS_OBJECT(root) ? json_object_ref(json_node_get_object(root))
                                              : json_object_new();
}

/* The documents as the kiosk made them, so the window prints the same. */
static JsonArray *
documents_of(JsonObject *data)
{
  JsonNode *node = json_object_get_member(data, "print");

  if (node && JSON_NODE_HOLDS_ARRAY(node))
    return json_array_ref(json_node_get_array(node));
  return json_array_new();
}

static GPtrArray *
printed_of(AnyiLedgerSqlite *self, gint64 case_id)
{
  g_autoptr(GPtrArray) jobs = anyi_store_print_jobs_for_case(self->store, case_id, NULL);
  GPtrArray *printed = g_ptr_array_new_with_free_func(g_free);

  for (guint i = 0; jobs && i < jobs->len; i++) {
    const AnyiStoredPrintJob *job = g_ptr_array_index(jobs, i);
    g_ptr_array_add(printed,
                    g_strdup_printf("%s (%s): %s", job->template_name, job->role, job->state));
  }
  return printed;
}

static GPtrArray *
history_of(AnyiLedgerSqlite *self, gint64 case_id)
{
  g_autoptr(GPtrArray) rows = anyi_store_window_history(self->store, case_id, NULL);
  GPtrArray *history = g_ptr_array_new_with_free_func((GDestroyNotify)anyi_ledger_event_free);

  for (guint i = 0; rows && i < rows->len; i++) {
    AnyiWindowEvent *row = g_ptr_array_index(rows, i);
    AnyiLedgerEvent *event = g_new0(AnyiLedgerEvent, 1);
    event->at = row->at;
    event->actor = g_steal_pointer(&row->actor);
    event->what = g_steal_pointer(&row->what);
    event->detail = g_steal_pointer(&row->detail);
    g_ptr_array_add(history, event);
  }
  return history;
}

static void
fill_payment(AnyiLedgerSqlite *self, AnyiLedgerCase *kase, gint64 case_id)
{
  g_autoptr(AnyiStoredPayment) payment = anyi_store_payment_for_case(self->store, case_id, NULL);

  if (!payment)
    return;
  kase->amount_fen = payment->amount_fen;
  kase->order_id = g_strdup(payment->order_id);
  kase->payment_state = g_strdup(payment->state);
}

static void
fill_handoff(AnyiLedgerSqlite *self, AnyiLedgerCase *kase, gint64 case_id)
{
  g_autoptr(AnyiWindowHandoff) handoff = anyi_store_window_handoff(self->store, case_id, NULL);
  g_autoptr(JsonObject) summary = NULL;

  if (!handoff) {
    kase->status = g_strdup(ANYI_LEDGER_STATUS_WAITING);
    return;
  }
  summary = parse_data(handoff->summary_json);
  kase->handed_off_at = handoff->created_at;
  kase->reason = g_steal_pointer(&handoff->reason);
  kase->reason_detail = g_strdup(member_string(summary, "detail"));
  kase->status = g_steal_pointer(&handoff->status);
  kase->owner = g_steal_pointer(&handoff->owner);
  if (handoff->outcome)
    anyi_ledger_outcome_from_string(handoff->outcome, &kase->outcome);
  kase->outcome_reason = g_steal_pointer(&handoff->outcome_reason);
  kase->citizen_note = g_steal_pointer(&handoff->citizen_note);
}

static AnyiLedgerCase *
sqlite_get_case(AnyiLedger *ledger, const char *case_number, GError **error)
{
  AnyiLedgerSqlite *self = ANYI_LEDGER_SQLITE(ledger);
  g_autoptr(AnyiStoredCase) stored = case_by_number(self, case_number, error);
  g_autoptr(JsonObject) data = NULL;
  AnyiLedgerCase *kase;

  if (!stored)
    return NULL;
  data = parse_data(stored->data_json);
  kase = g_new0(AnyiLedgerCase, 1);
  kase->case_number = g_strdup(stored->number);
  kase->service_id = g_strdup(stored->service_id);
  kase->kiosk_id = g_strdup(self->kiosk_id);
  kase->kiosk_state = g_strdup(stored->state);
  kase->created_at = stored->created_at;
  kase->card = dup_object(data, "card");
  kase->answers = dup_object(data, "answers");
  kase->form = dup_object(data, "form");
  kase->region_codes = dup_object(data, "region-codes");
  kase->images = images_of(data);
  kase->commitments = g_ptr_array_new_with_free_func((GDestroyNotify)anyi_ledger_commitment_free);
  add_commitments(self, stored, data, TRUE, kase->commitments);
  kase->printed = printed_of(self, stored->id);
  kase->documents = documents_of(data);
  kase->history = history_of(self, stored->id);
  fill_payment(self, kase, stored->id);
  fill_handoff(self, kase, stored->id);
  return kase;
}

/* ---- what the window does ---- */

static gboolean
sqlite_claim(AnyiLedger *ledger, const char *case_number, const char *staff, GError **error)
{
  AnyiLedgerSqlite *self = ANYI_LEDGER_SQLITE(ledger);
  g_autoptr(AnyiStoredCase) stored = case_by_number(self, case_number, error);
  GError *store_error = NULL;

  if (!stored)
    return FALSE;
  if (!anyi_store_window_claim(self->store, stored->id, staff, &store_error))
    return fail_from_store(store_error, error);
  return TRUE;
}

static gboolean
sqlite_add_note(AnyiLedger *ledger, const char *case_number, const char *staff, const char *text,
                GError **error)
{
  AnyiLedgerSqlite *self = ANYI_LEDGER_SQLITE(ledger);
  g_autoptr(AnyiStoredCase) stored = case_by_number(self, case_number, error);
  GError *store_error = NULL;

  if (!stored)
    return FALSE;
  if (!anyi_store_window_note(self->store, stored->id, staff, text, &store_error))
    return fail_from_store(store_error, error);
  return TRUE;
}

static gboolean
sqlite_record_outcome(AnyiLedger *ledger, const char *case_number, const char *staff,
                      AnyiLedgerOutcome outcome, const char *reason, const char *citizen_note,
                      GError **error)
{
  AnyiLedgerSqlite *self = ANYI_LEDGER_SQLITE(ledger);
  g_autoptr(AnyiStoredCase) stored = case_by_number(self, case_number, error);
  GError *store_error = NULL;

  if (!stored)
    return FALSE;
  if (!anyi_store_window_outcome(self->store, stored->id, staff,
                                 anyi_ledger_outcome_to_string(outcome), reason, citizen_note,
                                 outcome != ANYI_LEDGER_OUTCOME_WAITING_FOR_MATERIAL, &store_error))
    return fail_from_store(store_error, error);
  return TRUE;
}

static gboolean
sqlite_material_received(AnyiLedger *ledger, const char *case_number, const char *material_id,
                         const char *staff, GError **error)
{
  AnyiLedgerSqlite *self = ANYI_LEDGER_SQLITE(ledger);
  g_autoptr(AnyiStoredCase) stored = case_by_number(self, case_number, error);
  g_autoptr(GPtrArray) owed = NULL;
  g_autoptr(JsonObject) data = NULL;
  GError *store_error = NULL;
  gboolean promised = FALSE;

  if (!stored)
    return FALSE;
  data = parse_data(stored->data_json);
  owed = g_ptr_array_new_with_free_func((GDestroyNotify)anyi_ledger_commitment_free);
  add_commitments(self, stored, data, TRUE, owed);
  for (guint i = 0; i < owed->len; i++)
    promised |= g_strcmp0(((AnyiLedgerCommitment *)owed->pdata[i])->material_id, material_id) == 0;
  if (!promised) {
    g_set_error(error, ANYI_LEDGER_ERROR, ANYI_LEDGER_ERROR_NOT_FOUND,
                "case %s owes no material %s", stored->number, material_id);
    return FALSE;
  }
  if (!anyi_store_window_received(self->store, stored->id, material_id, staff, &store_error))
    return fail_from_store(store_error, error);
  return TRUE;
}

static gboolean
sqlite_audit_reveal(AnyiLedger *ledger, const char *case_number, const char *staff, GError **error)
{
  AnyiLedgerSqlite *self = ANYI_LEDGER_SQLITE(ledger);
  GError *store_error = NULL;

  if (!anyi_store_audit_add(self->store, staff, "window-reveal-id-number", case_number, NULL,
                            &store_error))
    return fail_from_store(store_error, error);
  return TRUE;
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
sqlite_commitments(AnyiLedger *ledger, gboolean with_received, GError **error)
{
  AnyiLedgerSqlite *self = ANYI_LEDGER_SQLITE(ledger);
  GError *store_error = NULL;
  g_autoptr(GPtrArray) cases = anyi_store_window_cases_with_notice(self->store, &store_error);
  GPtrArray *out;

  if (!cases)
    return fail_from_store(store_error, error), NULL;
  out = g_ptr_array_new_with_free_func((GDestroyNotify)anyi_ledger_commitment_free);
  for (guint i = 0; i < cases->len; i++) {
    AnyiStoredCase *stored = g_ptr_array_index(cases, i);
    g_autoptr(JsonObject) data = parse_data(stored->data_json);
    add_commitments(self, stored, data, with_received, out);
  }
  g_ptr_array_sort(out, by_deadline);
  return out;
}

static int
compare_int64(gconstpointer a, gconstpointer b)
{
  gint64 first = *(const gint64 *)a, second = *(const gint64 *)b;

  return first < second ? -1 : first > second;
}

static gint64
median(GArray *values)
{
  guint n = values->len;

  if (n == 0)
    return -1;
  g_array_sort(values, compare_int64);
  if (n % 2)
    return g_array_index(values, gint64, n / 2);
  return (g_array_index(values, gint64, n / 2 - 1) + g_array_index(values, gint64, n / 2)) / 2;
}

static gpointer
count_for(GPtrArray *counts, GHashTable *index, const char *name, gsize size)
{
  gpointer count = g_hash_table_lookup(index, name);

  if (!count) {
    count = g_malloc0(size);
    *(char **)count = g_strdup(name); /* both count records start with their name */
    g_ptr_array_add(counts, count);
    g_hash_table_insert(index, *(char **)count, count);
  }
  return count;
}

static int
by_service(gconstpointer a, gconstpointer b)
{
  return g_strcmp0((*(AnyiLedgerServiceCount *const *)a)->service_id,
                   (*(AnyiLedgerServiceCount *const *)b)->service_id);
}

static int
by_frequency(gconstpointer a, gconstpointer b)
{
  const AnyiLedgerReasonCount *first = *(AnyiLedgerReasonCount *const *)a;
  const AnyiLedgerReasonCount *second = *(AnyiLedgerReasonCount *const *)b;

  if (first->count != second->count)
    return first->count > second->count ? -1 : 1;
  return g_strcmp0(first->reason, second->reason);
}

static void
count_case(AnyiLedgerStats *stats, GHashTable *services, GHashTable *reasons,
           const AnyiWindowDayCase *day_case, GArray *kiosk_times, GArray *window_times)
{
  AnyiLedgerServiceCount *service =
      count_for(stats->services, services, day_case->service_id, sizeof *service);
  gboolean handed_off = day_case->reason != NULL;
  gboolean finished = g_strcmp0(day_case->state, "submitted") == 0 ||
                      g_strcmp0(day_case->state, "accepted-with-missing-materials") == 0;
  gint64 ended = handed_off ? day_case->handed_off_at : day_case->updated_at;

  service->cases++;
  stats->cases++;
  if (handed_off) {
    AnyiLedgerReasonCount *reason =
        count_for(stats->reasons, reasons, day_case->reason, sizeof *reason);
    reason->count++;
    service->handed_off++;
    stats->handed_off++;
    if (day_case->outcome_at > 0) {
      gint64 waited = day_case->outcome_at - day_case->handed_off_at;
      g_array_append_val(window_times, waited);
    }
  } else if (finished) {
    service->finished_at_kiosk++;
    stats->finished_at_kiosk++;
  }
  if (handed_off || finished) {
    gint64 took = MAX(ended - day_case->created_at, 0);
    g_array_append_val(kiosk_times, took);
  }
}

static AnyiLedgerStats *
sqlite_day_stats(AnyiLedger *ledger, const GDate *day, GError **error)
{
  AnyiLedgerSqlite *self = ANYI_LEDGER_SQLITE(ledger);
  g_autoptr(GDateTime) start = g_date_time_new_local(g_date_get_year(day), g_date_get_month(day),
                                                     g_date_get_day(day), 0, 0, 0);
  g_autoptr(GDateTime) end = g_date_time_add_days(start, 1);
  g_autofree char *name = g_date_time_format(start, "%Y-%m-%d");
  GError *store_error = NULL;
  g_autoptr(GPtrArray) cases = anyi_store_window_day_cases(self->store, g_date_time_to_unix(start),
                                                           g_date_time_to_unix(end), &store_error);
  g_autoptr(GHashTable) services = g_hash_table_new(g_str_hash, g_str_equal);
  g_autoptr(GHashTable) reasons = g_hash_table_new(g_str_hash, g_str_equal);
  g_autoptr(GArray) kiosk_times = g_array_new(FALSE, FALSE, sizeof(gint64));
  g_autoptr(GArray) window_times = g_array_new(FALSE, FALSE, sizeof(gint64));
  AnyiLedgerStats *stats;

  if (!cases)
    return fail_from_store(store_error, error), NULL;
  stats = anyi_ledger_stats_new(name);
  for (guint i = 0; i < cases->len; i++)
    count_case(stats, services, reasons, g_ptr_array_index(cases, i), kiosk_times, window_times);
  g_ptr_array_sort(stats->services, by_service);
  g_ptr_array_sort(stats->reasons, by_frequency);
  stats->median_seconds = median(kiosk_times);
  stats->median_window_seconds = median(window_times);
  return stats;
}

static AnyiLedgerAnswer *
sqlite_answer_for_citizen(AnyiLedger *ledger, const char *id_number, GError **error)
{
  AnyiLedgerSqlite *self = ANYI_LEDGER_SQLITE(ledger);
  GError *store_error = NULL;
  g_autoptr(AnyiWindowHandoff) handoff =
      anyi_store_window_latest_outcome(self->store, id_number, &store_error);
  g_autoptr(AnyiStoredCase) stored = NULL;
  AnyiLedgerAnswer *answer;

  if (!handoff)
    return fail_from_store(store_error, error), NULL;
  stored = anyi_store_case_get(self->store, handoff->case_id, &store_error);
  if (!stored)
    return fail_from_store(store_error, error), NULL;
  answer = g_new0(AnyiLedgerAnswer, 1);
  answer->case_number = g_strdup(stored->number);
  anyi_ledger_outcome_from_string(handoff->outcome, &answer->outcome);
  answer->citizen_note = g_steal_pointer(&handoff->citizen_note);
  answer->reason = g_steal_pointer(&handoff->outcome_reason);
  answer->window = g_steal_pointer(&handoff->window);
  answer->at = handoff->outcome_at;
  return answer;
}

static gint64
sqlite_now(AnyiLedger *ledger)
{
  return anyi_store_now(ANYI_LEDGER_SQLITE(ledger)->store);
}

/* ---- the object ---- */

static void
anyi_ledger_sqlite_finalize(GObject *object)
{
  AnyiLedgerSqlite *self = ANYI_LEDGER_SQLITE(object);

  g_free(self->kiosk_id);
  G_OBJECT_CLASS(anyi_ledger_sqlite_parent_class)->finalize(object);
}

static void
anyi_ledger_sqlite_class_init(AnyiLedgerSqliteClass *klass)
{
  G_OBJECT_CLASS(klass)->finalize = anyi_ledger_sqlite_finalize;
}

static void
anyi_ledger_sqlite_init(AnyiLedgerSqlite *self)
{
  (void)self;
}

static gboolean
sqlite_sign_in(AnyiLedger *ledger, const char *login, const char *pin, char **role,
               char **display_name, GError **error)
{
  return anyi_staff_sign_in(ANYI_LEDGER_SQLITE(ledger)->store, login, pin, role, display_name,
                            error);
}

/* The store is asked on the caller's thread; only the hash runs on a worker. */
static void
sqlite_sign_in_async(AnyiLedger *ledger, const char *login, const char *pin,
                     GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data)
{
  anyi_staff_sign_in_async(ANYI_LEDGER_SQLITE(ledger)->store, login, pin, cancellable, callback,
                           user_data);
}

static gboolean
sqlite_sign_in_finish(AnyiLedger *ledger, GAsyncResult *result, char **role, char **display_name,
                      GError **error)
{
  return anyi_staff_sign_in_finish(result, role, display_name, error);
}

static GPtrArray *
sqlite_open_calls(AnyiLedger *ledger, GError **error)
{
  return anyi_store_staff_calls_open(ANYI_LEDGER_SQLITE(ledger)->store, error);
}

/* The kiosk's store holds its own calls only: @kiosk_id is its own. */
static gboolean
sqlite_answer_call(AnyiLedger *ledger, const char *kiosk_id, gint64 call_id, const char *staff,
                   GError **error)
{
  g_autoptr(GError) local = NULL;

  (void)kiosk_id;
  if (anyi_store_staff_call_close(ANYI_LEDGER_SQLITE(ledger)->store, call_id, "answered", staff,
                                  &local))
    return TRUE;
  g_set_error_literal(error, ANYI_LEDGER_ERROR,
                      g_error_matches(local, ANYI_STORE_ERROR, ANYI_STORE_ERROR_CONFLICT)
                          ? ANYI_LEDGER_ERROR_CONFLICT
                          : ANYI_LEDGER_ERROR_FAILED,
                      local->message);
  return FALSE;
}

static void
anyi_ledger_sqlite_iface_init(AnyiLedgerInterface *iface)
{
  iface->list_waiting = sqlite_list_waiting;
  iface->find = sqlite_find;
  iface->get_case = sqlite_get_case;
  iface->claim = sqlite_claim;
  iface->add_note = sqlite_add_note;
  iface->record_outcome = sqlite_record_outcome;
  iface->material_received = sqlite_material_received;
  iface->audit_reveal = sqlite_audit_reveal;
  iface->hard_cases = sqlite_hard_cases;
  iface->commitments = sqlite_commitments;
  iface->day_stats = sqlite_day_stats;
  iface->answer_for_citizen = sqlite_answer_for_citizen;
  iface->now = sqlite_now;
  iface->sign_in = sqlite_sign_in;
  iface->sign_in_async = sqlite_sign_in_async;
  iface->sign_in_finish = sqlite_sign_in_finish;
  iface->open_calls = sqlite_open_calls;
  iface->answer_call = sqlite_answer_call;
}

AnyiLedger *
anyi_ledger_sqlite_new(AnyiStore *store, const char *kiosk_id)
{
  AnyiLedgerSqlite *self = g_object_new(ANYI_TYPE_LEDGER_SQLITE, NULL);

  self->store = store;
  self->kiosk_id = g_strdup(kiosk_id ? kiosk_id : "");
  return ANYI_LEDGER(self);
}
