/* SPDX-License-Identifier: GPL-3.0-or-later */
/* anyi-print-job.c: one document sent to a CUPS queue and followed to its end. */
#include "anyi-print-job.h"
#include "anyi-cups-private.h"

#include <string.h>

#define DEFAULT_TIMEOUT_S 60
#define FIRST_POLL_US     (15 * 1000)
#define MAX_POLL_US       (250 * 1000)

struct _AnyiPrintJob {
  GObject parent_instance;
  GMutex lock; /* guards what the worker writes and the caller reads */
  char *queue;
  char *title;
  char *format;
  GBytes *document; /* NULL for a resumed job */
  guint timeout_s;
  AnyiPrintJobState state;
  int cups_id;
  gboolean direct;   /* may go straight to the printer (anyi_print_job_set_direct) */
  char *printer_uri; /* the printer it went to straight; NULL: through cupsd */
  char *message;
  GMainContext *notify_context; /* where notify::state goes; NULL: the calling thread */
};

G_DEFINE_TYPE(AnyiPrintJob, anyi_print_job, G_TYPE_OBJECT)

enum { PROP_0, PROP_STATE, N_PROPS };
static GParamSpec *properties[N_PROPS];

static const char *const state_names[] = {"new",     "sending", "queued",    "printing",
                                          "waiting", "printed", "uncertain", "failed"};

const char *
anyi_print_job_state_to_string(AnyiPrintJobState state)
{
  g_return_val_if_fail(state <= ANYI_PRINT_JOB_FAILED, "unknown");
  return state_names[state];
}

gboolean
anyi_print_job_state_is_final(AnyiPrintJobState state)
{
  return state >= ANYI_PRINT_JOB_PRINTED;
}

static void
anyi_print_job_get_property(GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  AnyiPrintJob *self = ANYI_PRINT_JOB(object);
  switch (prop_id) {
  case PROP_STATE:
    g_value_set_int(value, anyi_print_job_get_state(self));
    break;
  default:
    G_OBJECT_WARN_INVALID_PROPERTY_ID(object, prop_id, pspec);
  }
}

static void
anyi_print_job_finalize(GObject *object)
{
  AnyiPrintJob *self = ANYI_PRINT_JOB(object);
  g_mutex_clear(&self->lock);
  g_free(self->queue);
  g_free(self->title);
  g_free(self->format);
  g_free(self->message);
  g_free(self->printer_uri);
  g_clear_pointer(&self->document, g_bytes_unref);
  g_clear_pointer(&self->notify_context, g_main_context_unref);
  G_OBJECT_CLASS(anyi_print_job_parent_class)->finalize(object);
}

static void
anyi_print_job_class_init(AnyiPrintJobClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS(klass);
  object_class->get_property = anyi_print_job_get_property;
  object_class->finalize = anyi_print_job_finalize;
  /* an int rather than an enum type: no generated enum types in the engine */
  properties[PROP_STATE] =
      g_param_spec_int("state", NULL, NULL, ANYI_PRINT_JOB_NEW, ANYI_PRINT_JOB_FAILED,
                       ANYI_PRINT_JOB_NEW, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties(object_class, N_PROPS, properties);
}

static void
anyi_print_job_init(AnyiPrintJob *self)
{
  g_mutex_init(&self->lock);
  self->timeout_s = DEFAULT_TIMEOUT_S;
  self->message = g_strdup("");
}

AnyiPrintJob *
anyi_print_job_new(const char *queue, const char *title, GBytes *document, const char *format)
{
  g_return_val_if_fail(queue != NULL && title != NULL, NULL);
  g_return_val_if_fail(document != NULL && format != NULL, NULL);
  AnyiPrintJob *self = g_object_new(ANYI_TYPE_PRINT_JOB, NULL);
  self->queue = g_strdup(queue);
  self->title = g_strdup(title);
  self->format = g_strdup(format);
  self->document = g_bytes_ref(document);
  return self;
}

AnyiPrintJob *
anyi_print_job_resume(const char *queue, const char *title, int cups_job_id)
{
  g_return_val_if_fail(queue != NULL && title != NULL && cups_job_id > 0, NULL);
  AnyiPrintJob *self = g_object_new(ANYI_TYPE_PRINT_JOB, NULL);
  self->queue = g_strdup(queue);
  self->title = g_strdup(title);
  self->cups_id = cups_job_id;
  self->state = ANYI_PRINT_JOB_QUEUED;
  return self;
}

AnyiPrintJob *
anyi_print_job_resume_direct(const char *queue, const char *title, const char *printer_uri,
                             int job_id)
{
  g_return_val_if_fail(printer_uri != NULL, NULL);
  AnyiPrintJob *self = anyi_print_job_resume(queue, title, job_id);
  if (self != NULL)
    self->printer_uri = g_strdup(printer_uri);
  return self;
}

void
anyi_print_job_set_direct(AnyiPrintJob *self, gboolean direct)
{
  g_return_if_fail(ANYI_IS_PRINT_JOB(self));
  self->direct = direct;
}

char *
anyi_print_job_dup_printer_uri(AnyiPrintJob *self)
{
  g_return_val_if_fail(ANYI_IS_PRINT_JOB(self), NULL);
  g_mutex_lock(&self->lock);
  char *uri = g_strdup(self->printer_uri);
  g_mutex_unlock(&self->lock);
  return uri;
}

static void
set_printer_uri(AnyiPrintJob *self, const char *uri)
{
  g_mutex_lock(&self->lock);
  g_free(self->printer_uri);
  self->printer_uri = g_strdup(uri);
  g_mutex_unlock(&self->lock);
}

void
anyi_print_job_set_timeout(AnyiPrintJob *self, guint seconds)
{
  g_return_if_fail(ANYI_IS_PRINT_JOB(self) && seconds > 0);
  self->timeout_s = seconds;
}

const char *
anyi_print_job_get_queue(AnyiPrintJob *self)
{
  g_return_val_if_fail(ANYI_IS_PRINT_JOB(self), NULL);
  return self->queue;
}

const char *
anyi_print_job_get_title(AnyiPrintJob *self)
{
  g_return_val_if_fail(ANYI_IS_PRINT_JOB(self), NULL);
  return self->title;
}

AnyiPrintJobState
anyi_print_job_get_state(AnyiPrintJob *self)
{
  g_return_val_if_fail(ANYI_IS_PRINT_JOB(self), ANYI_PRINT_JOB_FAILED);
  g_mutex_lock(&self->lock);
  AnyiPrintJobState state = self->state;
  g_mutex_unlock(&self->lock);
  return state;
}

int
anyi_print_job_get_cups_id(AnyiPrintJob *self)
{
  g_return_val_if_fail(ANYI_IS_PRINT_JOB(self), 0);
  g_mutex_lock(&self->lock);
  int id = self->cups_id;
  g_mutex_unlock(&self->lock);
  return id;
}

char *
anyi_print_job_dup_message(AnyiPrintJob *self)
{
  g_return_val_if_fail(ANYI_IS_PRINT_JOB(self), NULL);
  g_mutex_lock(&self->lock);
  char *message = g_strdup(self->message);
  g_mutex_unlock(&self->lock);
  return message;
}

static gboolean
emit_state_notify(gpointer data)
{
  g_object_notify_by_pspec(G_OBJECT(data), properties[PROP_STATE]);
  return G_SOURCE_REMOVE;
}

static void
set_state(AnyiPrintJob *self, AnyiPrintJobState state, const char *message)
{
  g_mutex_lock(&self->lock);
  gboolean changed = self->state != state || g_strcmp0(self->message, message) != 0;
  self->state = state;
  if (message != NULL && g_strcmp0(self->message, message) != 0) {
    g_free(self->message);
    self->message = g_strdup(message);
  }
  g_mutex_unlock(&self->lock);
  if (!changed)
    return;
  g_debug("print job '%s' (cups %d on %s): %s %s", self->title, self->cups_id, self->queue,
          state_names[state], message ? message : "");
  if (self->notify_context == NULL || g_main_context_is_owner(self->notify_context)) {
    emit_state_notify(self);
  } else {
    /* Not g_main_context_invoke(): from CUPS's thread it would emit right
     * here whenever it can acquire the context between two iterations of
     * its owner's loop, and the handlers would run on the wrong thread. */
    GSource *source = g_idle_source_new();
    g_source_set_priority(source, G_PRIORITY_DEFAULT);
    g_source_set_callback(source, emit_state_notify, g_object_ref(self), g_object_unref);
    g_source_attach(source, self->notify_context);
    g_source_unref(source);
  }
}

/* Ends the job in @state with an error that carries @message. */
static gboolean
finish(AnyiPrintJob *self, AnyiPrintJobState state, int code, const char *message, GError **error)
{
  set_state(self, state, message);
  if (state == ANYI_PRINT_JOB_PRINTED)
    return TRUE;
  g_set_error(error, ANYI_PRINT_ERROR, code, "print job '%s' on %s: %s", self->title, self->queue,
              message);
  return FALSE;
}

static gboolean give_up(AnyiPrintJob *self, const char *why, GError **error);

/* Create-Job first, so the job has its cupsd id before any data moves. */
static gboolean
send_document(AnyiPrintJob *self, http_t *http, GError **error)
{
  g_autofree char *uri = anyi_cups_queue_uri(self->queue);
  g_autofree char *resource = anyi_cups_queue_resource(self->queue);
  g_autofree char *what = g_strdup_printf("queue '%s'", self->queue);
  ipp_t *request = anyi_cups_new_request(IPP_OP_CREATE_JOB, "printer-uri", uri);
  ippAddString(request, IPP_TAG_OPERATION, IPP_TAG_NAME, "job-name", NULL, self->title);
  g_autoptr(ipp_t) response = anyi_cups_do(http, request, resource, what, error);
  if (response == NULL)
    return FALSE;
  int id = ippGetInteger(ippFindAttribute(response, "job-id", IPP_TAG_INTEGER), 0);
  if (id <= 0) {
    g_set_error(error, ANYI_PRINT_ERROR, ANYI_PRINT_ERROR_REFUSED, "cupsd gave no job id");
    return FALSE;
  }
  g_mutex_lock(&self->lock);
  self->cups_id = id;
  g_mutex_unlock(&self->lock);
  g_autofree char *created = g_strdup_printf("cupsd job %d created", id);
  set_state(self, ANYI_PRINT_JOB_SENDING, created); /* the caller can store the id now */
  gsize size = 0;
  const char *data = g_bytes_get_data(self->document, &size);
  http_status_t status = cupsStartDocument(http, self->queue, id, self->title, self->format, 1);
  for (gsize sent = 0; status == HTTP_STATUS_CONTINUE && sent < size;) {
    gsize chunk = MIN(size - sent, 65536);
    status = cupsWriteRequestData(http, data + sent, chunk);
    sent += chunk;
  }
  if (status == HTTP_STATUS_CONTINUE &&
      cupsFinishDocument(http, self->queue) < IPP_STATUS_REDIRECTION_OTHER_SITE)
    return TRUE;
  g_set_error(error, ANYI_PRINT_ERROR, ANYI_PRINT_ERROR_JOB_UNCERTAIN,
              "sending the document of job %d failed: %s", id, cupsLastErrorString());
  return FALSE;
}

static int find_on(http_t *http, const char *printer_uri, const char *resource, const char *title,
                   GError **error);

typedef enum {
  DIRECT_SENT,      /* the printer holds the job: follow it there */
  DIRECT_NOT_TAKEN, /* nothing reached the printer: send through cupsd */
  DIRECT_UNKNOWN,   /* the printer may hold it and cannot tell: do not send again */
} DirectOutcome;

/* Print-Job straight to the printer's own IPP service: no cupsd spooling
 * and no backend that polls the printer once a second. The printer's URI is
 * announced (notify::state) before any data moves, so that a crash leaves
 * the store knowing where to look for the job. */
static DirectOutcome
send_direct(AnyiPrintJob *self, const char *printer_uri, GError **error)
{
  char resource[HTTP_MAX_URI];
  g_autoptr(http_t) http = anyi_cups_connect_uri(printer_uri, 1000, resource, error);
  if (http == NULL)
    return DIRECT_NOT_TAKEN;
  set_printer_uri(self, printer_uri);
  g_autofree char *sending = g_strdup_printf("sending straight to the printer %s", printer_uri);
  set_state(self, ANYI_PRINT_JOB_SENDING, sending);
  ipp_t *request = ippNewRequest(IPP_OP_PRINT_JOB);
  ippAddString(request, IPP_TAG_OPERATION, IPP_TAG_URI, "printer-uri", NULL, printer_uri);
  ippAddString(request, IPP_TAG_OPERATION, IPP_TAG_NAME, "requesting-user-name", NULL, cupsUser());
  ippAddString(request, IPP_TAG_OPERATION, IPP_TAG_NAME, "job-name", NULL, self->title);
  ippAddString(request, IPP_TAG_OPERATION, IPP_TAG_MIMETYPE, "document-format", NULL, self->format);
  gsize size = 0;
  const char *data = g_bytes_get_data(self->document, &size);
  /* the HTTP length covers the IPP request before the document: a length of
   * the document alone cut its last bytes off (a PDF lost its trailer) */
  http_status_t status = cupsSendRequest(http, request, resource, ippLength(request) + size);
  for (gsize sent = 0; status == HTTP_STATUS_CONTINUE && sent < size;) {
    gsize chunk = MIN(size - sent, 65536);
    status = cupsWriteRequestData(http, data + sent, chunk);
    sent += chunk;
  }
  g_autoptr(ipp_t) response = cupsGetResponse(http, resource);
  ippDelete(request);
  int id = ippGetInteger(ippFindAttribute(response, "job-id", IPP_TAG_INTEGER), 0);
  if (response != NULL && ippGetStatusCode(response) < IPP_STATUS_REDIRECTION_OTHER_SITE &&
      id > 0) {
    g_mutex_lock(&self->lock);
    self->cups_id = id;
    g_mutex_unlock(&self->lock);
    g_autofree char *created = g_strdup_printf("printer %s job %d", printer_uri, id);
    set_state(self, ANYI_PRINT_JOB_QUEUED, created);
    return DIRECT_SENT;
  }
  g_set_error(error, ANYI_PRINT_ERROR, ANYI_PRINT_ERROR_REFUSED, "the printer %s: %s (%s)",
              printer_uri, cupsLastErrorString(), ippErrorString(cupsLastError()));
  if (response != NULL)
    return DIRECT_NOT_TAKEN; /* it answered, with a refusal (busy...): nothing was created */
  /* The connection broke mid-request: the printer may have the job. */
  g_clear_error(error);
  g_clear_pointer(&http, httpClose);
  http = anyi_cups_connect_uri(printer_uri, 1000, resource, error);
  id = http ? find_on(http, printer_uri, resource, self->title, error) : -1;
  if (id == 0)
    return DIRECT_NOT_TAKEN;
  if (id < 0)
    return DIRECT_UNKNOWN;
  g_mutex_lock(&self->lock);
  self->cups_id = id;
  g_mutex_unlock(&self->lock);
  return DIRECT_SENT;
}

/* TRUE when the job went straight to the printer; FALSE when it should go
 * through cupsd (the queue's device is not IPP, the printer does not answer
 * or refuses) or, with @error set, when it must not be sent again. */
static gboolean
try_direct(AnyiPrintJob *self, GError **error)
{
  g_autoptr(GError) why = NULL;
  g_autoptr(http_t) cupsd = anyi_cups_connect(3000, &why);
  g_autofree char *printer_uri =
      cupsd ? anyi_cups_queue_device_uri(cupsd, self->queue, &why) : NULL;
  g_clear_pointer(&cupsd, httpClose);
  DirectOutcome outcome = printer_uri ? send_direct(self, printer_uri, &why) : DIRECT_NOT_TAKEN;
  if (outcome == DIRECT_SENT)
    return TRUE;
  if (outcome == DIRECT_UNKNOWN) {
    g_autofree char *message = g_strdup_printf("the printer %s may or may not have the job: %s",
                                               printer_uri, why ? why->message : "no answer");
    finish(self, ANYI_PRINT_JOB_UNCERTAIN, ANYI_PRINT_ERROR_JOB_UNCERTAIN, message, error);
    return FALSE;
  }
  g_message("print job '%s': through cupsd, not straight to the printer: %s", self->title,
            why ? why->message : "no printer URI");
  set_printer_uri(self, NULL);
  return FALSE;
}

static gboolean
submit(AnyiPrintJob *self, GError **error)
{
  set_state(self, ANYI_PRINT_JOB_SENDING, "");
  if (self->direct) {
    g_autoptr(GError) direct_error = NULL;
    if (try_direct(self, &direct_error))
      return TRUE;
    if (direct_error != NULL) {
      g_propagate_error(error, g_steal_pointer(&direct_error));
      return FALSE;
    }
    set_state(self, ANYI_PRINT_JOB_SENDING, "sending through cupsd");
  }
  g_autoptr(GError) local_error = NULL;
  g_autoptr(http_t) http = anyi_cups_connect(3000, &local_error);
  if (http != NULL && send_document(self, http, &local_error))
    return TRUE;
  /* A job cupsd created but did not get whole must not print later. */
  if (anyi_print_job_get_cups_id(self) > 0)
    return give_up(self, local_error->message, error);
  set_state(self, ANYI_PRINT_JOB_FAILED, local_error->message);
  g_propagate_prefixed_error(error, g_steal_pointer(&local_error),
                             "print job '%s' on %s: ", self->title, self->queue);
  return FALSE;
}

typedef struct {
  ipp_jstate_t state;
  char *job_reasons;
  char *printer_reasons;
  char *printer_message;
  gboolean missing_history;
} JobSnapshot;

static void
job_snapshot_clear(JobSnapshot *snapshot)
{
  g_free(snapshot->job_reasons);
  g_free(snapshot->printer_reasons);
  g_free(snapshot->printer_message);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC(JobSnapshot, job_snapshot_clear)

static char *
job_uri(AnyiPrintJob *self)
{
  char uri[HTTP_MAX_URI];
  httpAssembleURIf(HTTP_URI_CODING_ALL, uri, sizeof uri, "ipp", NULL, "localhost", ippPort(),
                   "/jobs/%d", self->cups_id);
  return g_strdup(uri);
}

/* Get-Job-Attributes on the printer, then its state reasons: a printer has
 * no job-printer-state-reasons as cupsd has. A printer that no longer knows
 * the job restarted and forgot it, as cupsd's cups-ipp-missing-job-history. */
static gboolean
query_direct_job(AnyiPrintJob *self, http_t *http, const char *printer_uri, const char *resource,
                 JobSnapshot *out, GError **error)
{
  static const char *const job_wanted[] = {"job-state", "job-state-reasons"};
  static const char *const printer_wanted[] = {"printer-state-reasons", "printer-state-message"};
  ipp_t *request = ippNewRequest(IPP_OP_GET_JOB_ATTRIBUTES);
  ippAddString(request, IPP_TAG_OPERATION, IPP_TAG_URI, "printer-uri", NULL, printer_uri);
  ippAddInteger(request, IPP_TAG_OPERATION, IPP_TAG_INTEGER, "job-id", self->cups_id);
  ippAddString(request, IPP_TAG_OPERATION, IPP_TAG_NAME, "requesting-user-name", NULL, cupsUser());
  ippAddStrings(request, IPP_TAG_OPERATION, IPP_TAG_KEYWORD, "requested-attributes",
                G_N_ELEMENTS(job_wanted), NULL, job_wanted);
  g_autofree char *what = g_strdup_printf("job %d on %s", self->cups_id, printer_uri);
  g_autoptr(GError) job_error = NULL;
  g_autoptr(ipp_t) job = anyi_cups_do(http, request, resource, what, &job_error);
  if (job == NULL && g_error_matches(job_error, ANYI_PRINT_ERROR, ANYI_PRINT_ERROR_NO_QUEUE)) {
    out->state = IPP_JSTATE_COMPLETED;
    out->missing_history = TRUE;
    out->job_reasons = g_strdup("unknown to the printer");
    out->printer_reasons = g_strdup("");
    return TRUE;
  }
  if (job == NULL) {
    g_propagate_error(error, g_steal_pointer(&job_error));
    return FALSE;
  }
  out->state = ippGetInteger(ippFindAttribute(job, "job-state", IPP_TAG_ENUM), 0);
  out->job_reasons = anyi_cups_join(ippFindAttribute(job, "job-state-reasons", IPP_TAG_KEYWORD));
  if (out->state >= IPP_JSTATE_CANCELED) {
    out->printer_reasons = g_strdup("");
    return TRUE; /* final: what the printer is doing now is no longer this job's */
  }
  request = anyi_cups_new_request(IPP_OP_GET_PRINTER_ATTRIBUTES, "printer-uri", printer_uri);
  ippAddStrings(request, IPP_TAG_OPERATION, IPP_TAG_KEYWORD, "requested-attributes",
                G_N_ELEMENTS(printer_wanted), NULL, printer_wanted);
  g_autoptr(ipp_t) printer = anyi_cups_do(http, request, resource, what, error);
  if (printer == NULL)
    return FALSE;
  out->printer_reasons =
      anyi_cups_join(ippFindAttribute(printer, "printer-state-reasons", IPP_TAG_KEYWORD));
  out->printer_message = g_strdup(
      ippGetString(ippFindAttribute(printer, "printer-state-message", IPP_TAG_TEXT), 0, NULL));
  return TRUE;
}

static gboolean
query_job(AnyiPrintJob *self, http_t *http, const char *resource, JobSnapshot *out, GError **error)
{
  g_autofree char *printer_uri = anyi_print_job_dup_printer_uri(self);
  if (printer_uri != NULL)
    return query_direct_job(self, http, printer_uri, resource, out, error);

  static const char *const wanted[] = {"job-state", "job-state-reasons",
                                       "job-printer-state-reasons", "job-printer-state-message"};
  g_autofree char *uri = job_uri(self);
  ipp_t *request = anyi_cups_new_request(IPP_OP_GET_JOB_ATTRIBUTES, "job-uri", uri);
  ippAddStrings(request, IPP_TAG_OPERATION, IPP_TAG_KEYWORD, "requested-attributes",
                G_N_ELEMENTS(wanted), NULL, wanted);
  g_autofree char *what = g_strdup_printf("job %d", self->cups_id);
  g_autoptr(ipp_t) response = anyi_cups_do(http, request, "/", what, error);
  if (response == NULL)
    return FALSE;
  ipp_attribute_t *job_reasons = ippFindAttribute(response, "job-state-reasons", IPP_TAG_KEYWORD);
  ipp_attribute_t *printer_reasons =
      ippFindAttribute(response, "job-printer-state-reasons", IPP_TAG_KEYWORD);
  out->state = ippGetInteger(ippFindAttribute(response, "job-state", IPP_TAG_ENUM), 0);
  out->job_reasons = anyi_cups_join(job_reasons);
  out->printer_reasons = anyi_cups_join(printer_reasons);
  out->printer_message = g_strdup(
      ippGetString(ippFindAttribute(response, "job-printer-state-message", IPP_TAG_TEXT), 0, NULL));
  out->missing_history = anyi_cups_has_prefix(printer_reasons, "cups-ipp-missing-job-history") ||
                         anyi_cups_has_prefix(job_reasons, "cups-ipp-missing-job-history");
  return TRUE;
}

/* The printer-side faults that leave a job waiting for a person. */
static gboolean
printer_needs_attention(const char *reasons)
{
  static const char *const faults[] = {"media-empty", "media-needed",       "media-jam",
                                       "cover-open",  "door-open",          "offline",
                                       "toner-empty", "marker-supply-empty"};
  for (gsize i = 0; i < G_N_ELEMENTS(faults); i++)
    if (strstr(reasons, faults[i]) != NULL)
      return TRUE;
  return FALSE;
}

static char *
snapshot_message(const JobSnapshot *snapshot)
{
  return g_strdup_printf("job: %s; printer: %s%s%s", snapshot->job_reasons,
                         *snapshot->printer_reasons ? snapshot->printer_reasons : "none",
                         snapshot->printer_message && *snapshot->printer_message ? "; " : "",
                         snapshot->printer_message ? snapshot->printer_message : "");
}

static AnyiPrintJobState
classify(const JobSnapshot *snapshot)
{
  switch (snapshot->state) {
  case IPP_JSTATE_PENDING:
    return ANYI_PRINT_JOB_QUEUED;
  case IPP_JSTATE_PROCESSING:
    return printer_needs_attention(snapshot->printer_reasons) ? ANYI_PRINT_JOB_WAITING
                                                              : ANYI_PRINT_JOB_PRINTING;
  case IPP_JSTATE_HELD:
  case IPP_JSTATE_STOPPED:
    return ANYI_PRINT_JOB_WAITING;
  case IPP_JSTATE_CANCELED:
  case IPP_JSTATE_ABORTED:
    return ANYI_PRINT_JOB_FAILED;
  case IPP_JSTATE_COMPLETED:
    /* completed is not proof of paper: see cups-ipp-missing-job-history */
    return snapshot->missing_history || strstr(snapshot->job_reasons, "completed-with-errors")
               ? ANYI_PRINT_JOB_UNCERTAIN
               : ANYI_PRINT_JOB_PRINTED;
  }
  return ANYI_PRINT_JOB_QUEUED;
}

/* Connects to where the job is: the printer for a direct job, else cupsd. */
static http_t *
connect_holder(AnyiPrintJob *self, int timeout_ms, char *resource, GError **error)
{
  g_autofree char *printer_uri = anyi_print_job_dup_printer_uri(self);
  if (printer_uri != NULL)
    return anyi_cups_connect_uri(printer_uri, timeout_ms, resource, error);
  g_strlcpy(resource, "/", HTTP_MAX_URI);
  return anyi_cups_connect(timeout_ms, error);
}

static gboolean
cancel_job(AnyiPrintJob *self, GError **error)
{
  char resource[HTTP_MAX_URI];
  g_autoptr(http_t) http = connect_holder(self, 2000, resource, error);
  if (http == NULL)
    return FALSE;
  g_autofree char *printer_uri = anyi_print_job_dup_printer_uri(self);
  g_autofree char *what = g_strdup_printf("job %d", self->cups_id);
  ipp_t *request = NULL;
  if (printer_uri != NULL) {
    request = ippNewRequest(IPP_OP_CANCEL_JOB);
    ippAddString(request, IPP_TAG_OPERATION, IPP_TAG_URI, "printer-uri", NULL, printer_uri);
    ippAddInteger(request, IPP_TAG_OPERATION, IPP_TAG_INTEGER, "job-id", self->cups_id);
    ippAddString(request, IPP_TAG_OPERATION, IPP_TAG_NAME, "requesting-user-name", NULL,
                 cupsUser());
  } else {
    g_autofree char *uri = job_uri(self);
    request = anyi_cups_new_request(IPP_OP_CANCEL_JOB, "job-uri", uri);
    g_strlcpy(resource, "/jobs", sizeof resource);
  }
  g_autoptr(ipp_t) response = anyi_cups_do(http, request, resource, what, error);
  return response != NULL;
}

/* Cancels a job the kiosk gives up on, so it cannot print later. */
static gboolean
give_up(AnyiPrintJob *self, const char *why, GError **error)
{
  g_autoptr(GError) cancel_error = NULL;
  g_autofree char *last = anyi_print_job_dup_message(self);
  if (cancel_job(self, &cancel_error)) {
    g_autofree char *message = g_strdup_printf("canceled: %s (%s)", why, last);
    return finish(self, ANYI_PRINT_JOB_FAILED, ANYI_PRINT_ERROR_JOB_FAILED, message, error);
  }
  g_autofree char *message =
      g_strdup_printf("%s, and canceling failed: %s (%s)", why, cancel_error->message, last);
  return finish(self, ANYI_PRINT_JOB_UNCERTAIN, ANYI_PRINT_ERROR_JOB_UNCERTAIN, message, error);
}

static gboolean
follow(AnyiPrintJob *self, gint64 deadline, GCancellable *cancellable, GError **error)
{
  g_autoptr(http_t) http = NULL;
  char resource[HTTP_MAX_URI] = "/";
  gulong interval = FIRST_POLL_US;
  for (;;) {
    if (g_cancellable_is_cancelled(cancellable))
      return give_up(self, "the kiosk canceled it", error);
    g_autoptr(GError) query_error = NULL;
    g_auto(JobSnapshot) snapshot = {0};
    if (http == NULL)
      http = connect_holder(self, 2000, resource, &query_error);
    if (http != NULL && query_job(self, http, resource, &snapshot, &query_error)) {
      g_autofree char *message = snapshot_message(&snapshot);
      AnyiPrintJobState state = classify(&snapshot);
      if (state == ANYI_PRINT_JOB_UNCERTAIN)
        return finish(self, state, ANYI_PRINT_ERROR_JOB_UNCERTAIN, message, error);
      if (state == ANYI_PRINT_JOB_FAILED)
        return finish(self, state, ANYI_PRINT_ERROR_JOB_FAILED, message, error);
      if (state == ANYI_PRINT_JOB_PRINTED)
        return finish(self, state, 0, message, error);
      set_state(self, state, message);
    } else {
      g_clear_pointer(&http, httpClose);
      g_autofree char *message = g_strdup_printf("cannot follow the job: %s", query_error->message);
      set_state(self, anyi_print_job_get_state(self), message);
    }
    if (g_get_monotonic_time() >= deadline) {
      g_autofree char *why = g_strdup_printf("not printed within %u s", self->timeout_s);
      return give_up(self, why, error);
    }
    g_usleep(interval);
    interval = MIN(interval * 3 / 2, MAX_POLL_US);
  }
}

gboolean
anyi_print_job_run(AnyiPrintJob *self, GCancellable *cancellable, GError **error)
{
  g_return_val_if_fail(ANYI_IS_PRINT_JOB(self), FALSE);
  g_return_val_if_fail(!anyi_print_job_state_is_final(anyi_print_job_get_state(self)), FALSE);
  gint64 deadline = g_get_monotonic_time() + (gint64)self->timeout_s * G_USEC_PER_SEC;
  if (anyi_print_job_get_cups_id(self) == 0 && !submit(self, error))
    return FALSE;
  return follow(self, deadline, cancellable, error);
}

static void
run_in_thread(GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  GError *error = NULL;
  if (anyi_print_job_run(source, cancellable, &error))
    g_task_return_boolean(task, TRUE);
  else
    g_task_return_error(task, error);
}

void
anyi_print_job_run_async(AnyiPrintJob *self, GCancellable *cancellable,
                         GAsyncReadyCallback callback, gpointer user_data)
{
  g_return_if_fail(ANYI_IS_PRINT_JOB(self));
  g_clear_pointer(&self->notify_context, g_main_context_unref);
  self->notify_context = g_main_context_ref_thread_default();
  g_autoptr(GTask) task = g_task_new(self, cancellable, callback, user_data);
  g_task_set_source_tag(task, anyi_print_job_run_async);
  /* the job cancels itself in CUPS when cancelled, and reports that */
  g_task_set_return_on_cancel(task, FALSE);
  g_task_set_check_cancellable(task, FALSE);
  g_task_run_in_thread(task, run_in_thread);
}

gboolean
anyi_print_job_run_finish(AnyiPrintJob *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail(g_task_is_valid(result, self), FALSE);
  return g_task_propagate_boolean(G_TASK(result), error);
}

int
anyi_print_job_find(const char *queue, const char *title, GError **error)
{
  g_return_val_if_fail(queue != NULL && title != NULL, -1);
  g_autoptr(http_t) http = anyi_cups_connect(3000, error);
  if (http == NULL)
    return -1;
  g_autofree char *uri = anyi_cups_queue_uri(queue);
  return find_on(http, uri, "/", title, error);
}

int
anyi_print_job_find_direct(const char *printer_uri, const char *title, GError **error)
{
  g_return_val_if_fail(printer_uri != NULL && title != NULL, -1);
  char resource[HTTP_MAX_URI];
  g_autoptr(http_t) http = anyi_cups_connect_uri(printer_uri, 3000, resource, error);
  if (http == NULL)
    return -1;
  return find_on(http, printer_uri, resource, title, error);
}

/* Get-Jobs on @printer_uri (a cupsd queue or a printer): the newest job
 * named @title, 0 for none, -1 with @error when the server cannot tell. */
static int
find_on(http_t *http, const char *printer_uri, const char *resource, const char *title,
        GError **error)
{
  static const char *const wanted[] = {"job-id", "job-name"};
  ipp_t *request = anyi_cups_new_request(IPP_OP_GET_JOBS, "printer-uri", printer_uri);
  ippAddString(request, IPP_TAG_OPERATION, IPP_TAG_KEYWORD, "which-jobs", NULL, "all");
  ippAddStrings(request, IPP_TAG_OPERATION, IPP_TAG_KEYWORD, "requested-attributes",
                G_N_ELEMENTS(wanted), NULL, wanted);
  g_autofree char *what = g_strdup_printf("jobs of %s", printer_uri);
  g_autoptr(ipp_t) response = anyi_cups_do(http, request, resource, what, error);
  if (response == NULL)
    return -1;
  /* one attribute group per job, its attributes in any order */
  int found = 0, id = 0;
  gboolean same_name = FALSE;
  for (ipp_attribute_t *attr = ippFirstAttribute(response);; attr = ippNextAttribute(response)) {
    const char *name = attr ? ippGetName(attr) : NULL;
    if (name == NULL) {
      if (same_name)
        found = MAX(found, id);
      id = 0;
      same_name = FALSE;
      if (attr == NULL)
        break;
    } else if (g_str_equal(name, "job-id")) {
      id = ippGetInteger(attr, 0);
    } else if (g_str_equal(name, "job-name")) {
      same_name = g_strcmp0(ippGetString(attr, 0, NULL), title) == 0;
    }
  }
  return found;
}
