/* SPDX-License-Identifier: GPL-3.0-or-later */
/* printer-status.c: a CUPS queue's printer folded into a small model for people. */
#include "printer-status.h"
#include "anyi-cups-private.h"

#include <stdlib.h>
#include <string.h>

typedef struct {
  const char *prefix; /* IPP keyword, matched by prefix */
  const char *code;
  AnyiRecovery recovery;
  gboolean blocking;
  const char *zh;
  const char *en;
} FaultSpec;

#define PAPER_OUT_ZH "打印纸已用完：请装入新纸（收据打印机换新纸卷）。"
#define PAPER_OUT_EN "Out of paper: load paper (a new roll for the receipt printer)."
#define COVER_ZH     "打印机机盖或纸仓门打开：请关好。"
#define COVER_EN     "The printer's cover or a door is open: close it."
#define TONER_OUT_ZH "碳粉（墨）已用完：请更换硒鼓或墨盒。"
#define TONER_OUT_EN "Toner out: replace the cartridge."
#define TONER_LOW_ZH "碳粉（墨）不足：请备好新硒鼓。"
#define TONER_LOW_EN "Toner low: have a new cartridge ready."
#define OFFLINE_ZH   "打印机离线：请检查电源和数据线；仍离线请联系技术人员。"
#define OFFLINE_EN                                                                                 \
  "Printer offline: check its power and cable; call a technician if it stays offline."

static const FaultSpec fault_specs[] = {
    {"media-jam", "paper-jammed", ANYI_RECOVERY_CLEAR, TRUE,
     "打印机卡纸：请打开机盖取出卡住的纸，再关好机盖。",
     "Paper jam: open the cover, take out the jammed paper and close the cover."},
    {"media-empty", "paper-out", ANYI_RECOVERY_CLEAR, TRUE, PAPER_OUT_ZH, PAPER_OUT_EN},
    {"media-needed", "paper-out", ANYI_RECOVERY_CLEAR, TRUE, PAPER_OUT_ZH, PAPER_OUT_EN},
    {"media-low", "paper-low", ANYI_RECOVERY_CLEAR, FALSE, "打印纸即将用完：请尽快补纸。",
     "Paper low: refill soon."},
    {"cover-open", "cover-open", ANYI_RECOVERY_CLEAR, TRUE, COVER_ZH, COVER_EN},
    {"door-open", "cover-open", ANYI_RECOVERY_CLEAR, TRUE, COVER_ZH, COVER_EN},
    {"interlock-open", "cover-open", ANYI_RECOVERY_CLEAR, TRUE, COVER_ZH, COVER_EN},
    {"toner-empty", "toner-out", ANYI_RECOVERY_CLEAR, TRUE, TONER_OUT_ZH, TONER_OUT_EN},
    {"marker-supply-empty", "toner-out", ANYI_RECOVERY_CLEAR, TRUE, TONER_OUT_ZH, TONER_OUT_EN},
    {"toner-low", "toner-low", ANYI_RECOVERY_CLEAR, FALSE, TONER_LOW_ZH, TONER_LOW_EN},
    {"marker-supply-low", "toner-low", ANYI_RECOVERY_CLEAR, FALSE, TONER_LOW_ZH, TONER_LOW_EN},
    {"offline", "offline", ANYI_RECOVERY_MAINTENANCE, TRUE, OFFLINE_ZH, OFFLINE_EN},
    {"shutdown", "offline", ANYI_RECOVERY_MAINTENANCE, TRUE, OFFLINE_ZH, OFFLINE_EN},
    {"timed-out", "offline", ANYI_RECOVERY_MAINTENANCE, TRUE, OFFLINE_ZH, OFFLINE_EN},
};

static void
fault_free(AnyiPrinterFault *fault)
{
  g_free(fault->code);
  g_free(fault->reason);
  g_free(fault->text_zh);
  g_free(fault->text_en);
  g_free(fault);
}

static void
marker_free(AnyiPrinterMarker *marker)
{
  g_free(marker->name);
  g_free(marker->type);
  g_free(marker);
}

static AnyiPrinterStatus *
status_new(const char *queue)
{
  AnyiPrinterStatus *status = g_new0(AnyiPrinterStatus, 1);
  status->queue = g_strdup(queue);
  status->device_reachable = TRUE;
  status->reasons = g_strdup("");
  status->state_message = g_strdup("");
  status->faults = g_ptr_array_new_with_free_func((GDestroyNotify)fault_free);
  status->markers = g_ptr_array_new_with_free_func((GDestroyNotify)marker_free);
  return status;
}

void
anyi_printer_status_free(AnyiPrinterStatus *status)
{
  if (status == NULL)
    return;
  g_free(status->queue);
  g_free(status->reasons);
  g_free(status->state_message);
  g_ptr_array_unref(status->faults);
  g_ptr_array_unref(status->markers);
  g_free(status);
}

AnyiPrinterStatus *
anyi_printer_status_copy(const AnyiPrinterStatus *status)
{
  AnyiPrinterStatus *copy = g_memdup2(status, sizeof *status);
  copy->queue = g_strdup(status->queue);
  copy->reasons = g_strdup(status->reasons);
  copy->state_message = g_strdup(status->state_message);
  GPtrArray *faults = copy->faults = g_ptr_array_new_with_free_func((GDestroyNotify)fault_free);
  GPtrArray *markers = copy->markers = g_ptr_array_new_with_free_func((GDestroyNotify)marker_free);
  for (guint i = 0; i < status->faults->len; i++) {
    const AnyiPrinterFault *f = g_ptr_array_index(status->faults, i);
    AnyiPrinterFault *c = g_memdup2(f, sizeof *f);
    c->code = g_strdup(f->code);
    c->reason = g_strdup(f->reason);
    c->text_zh = g_strdup(f->text_zh);
    c->text_en = g_strdup(f->text_en);
    g_ptr_array_add(faults, c);
  }
  for (guint i = 0; i < status->markers->len; i++) {
    const AnyiPrinterMarker *m = g_ptr_array_index(status->markers, i);
    AnyiPrinterMarker *c = g_memdup2(m, sizeof *m);
    c->name = g_strdup(m->name);
    c->type = g_strdup(m->type);
    g_ptr_array_add(markers, c);
  }
  return copy;
}

G_DEFINE_BOXED_TYPE(AnyiPrinterStatus, anyi_printer_status, anyi_printer_status_copy,
                    anyi_printer_status_free)

static AnyiSeverity
severity_of(const char *reason)
{
  if (g_str_has_suffix(reason, "-report"))
    return ANYI_SEVERITY_REPORT;
  if (g_str_has_suffix(reason, "-warning"))
    return ANYI_SEVERITY_WARNING;
  return ANYI_SEVERITY_ERROR; /* RFC 8011: no suffix means error */
}

static char *
strip_suffix(const char *reason)
{
  static const char *const suffixes[] = {"-report", "-warning", "-error"};
  for (gsize i = 0; i < G_N_ELEMENTS(suffixes); i++)
    if (g_str_has_suffix(reason, suffixes[i]))
      return g_strndup(reason, strlen(reason) - strlen(suffixes[i]));
  return g_strdup(reason);
}

static gboolean
has_fault(const AnyiPrinterStatus *status, const char *code)
{
  for (guint i = 0; i < status->faults->len; i++)
    if (g_str_equal(((AnyiPrinterFault *)g_ptr_array_index(status->faults, i))->code, code))
      return TRUE;
  return FALSE;
}

static void
add_fault(AnyiPrinterStatus *status, const char *code, const char *reason, AnyiSeverity severity,
          AnyiRecovery recovery, gboolean blocking, const char *zh, const char *en)
{
  if (has_fault(status, code))
    return;
  AnyiPrinterFault *fault = g_new0(AnyiPrinterFault, 1);
  fault->code = g_strdup(code);
  fault->reason = g_strdup(reason);
  fault->severity = severity;
  fault->recovery = recovery;
  fault->blocking = blocking;
  fault->text_zh = g_strdup(zh);
  fault->text_en = g_strdup(en);
  g_ptr_array_add(status->faults, fault);
}

static void
apply_fault_to_model(AnyiPrinterStatus *status, const char *code)
{
  if (g_str_equal(code, "paper-jammed"))
    status->paper = ANYI_PAPER_JAMMED;
  else if (g_str_equal(code, "paper-out") && status->paper != ANYI_PAPER_JAMMED)
    status->paper = ANYI_PAPER_OUT;
  else if (g_str_equal(code, "paper-low") && status->paper == ANYI_PAPER_OK)
    status->paper = ANYI_PAPER_LOW;
  else if (g_str_equal(code, "toner-out"))
    status->toner = ANYI_TONER_OUT;
  else if (g_str_equal(code, "toner-low") && status->toner == ANYI_TONER_OK)
    status->toner = ANYI_TONER_LOW;
  else if (g_str_equal(code, "cover-open"))
    status->cover_open = TRUE;
  else if (g_str_equal(code, "offline"))
    status->offline = TRUE;
}

/* Reasons CUPS adds about itself, not about the printer. */
static gboolean
is_ignored(const char *keyword)
{
  return g_str_equal(keyword, "none") || g_str_equal(keyword, "paused") ||
         g_str_has_prefix(keyword, "cups-") || g_str_has_prefix(keyword, "com.apple.") ||
         g_str_equal(keyword, "connecting-to-device") || g_str_equal(keyword, "other");
}

static void
add_reason(AnyiPrinterStatus *status, const char *reason)
{
  g_autofree char *keyword = strip_suffix(reason);
  AnyiSeverity severity = severity_of(reason);
  for (gsize i = 0; i < G_N_ELEMENTS(fault_specs); i++) {
    const FaultSpec *spec = &fault_specs[i];
    if (!g_str_has_prefix(keyword, spec->prefix))
      continue;
    add_fault(status, spec->code, keyword, severity, spec->recovery, spec->blocking, spec->zh,
              spec->en);
    apply_fault_to_model(status, spec->code);
    return;
  }
  if (is_ignored(keyword) || severity != ANYI_SEVERITY_ERROR)
    return;
  g_autofree char *zh = g_strdup_printf("打印机报告故障（%s）：请联系技术人员。", keyword);
  g_autofree char *en =
      g_strdup_printf("The printer reports a fault (%s): call a technician.", keyword);
  g_autofree char *code = g_strdup_printf("printer-%s", keyword);
  add_fault(status, code, keyword, severity, ANYI_RECOVERY_MAINTENANCE, FALSE, zh, en);
}

static int
compare_faults(gconstpointer a, gconstpointer b)
{
  const AnyiPrinterFault *fa = *(AnyiPrinterFault *const *)a;
  const AnyiPrinterFault *fb = *(AnyiPrinterFault *const *)b;
  if (fa->blocking != fb->blocking)
    return fa->blocking ? -1 : 1;
  return (int)fb->severity - (int)fa->severity;
}

static int
compare_reasons(gconstpointer a, gconstpointer b)
{
  return (int)severity_of(*(const char *const *)b) - (int)severity_of(*(const char *const *)a);
}

/* The queue-level verdicts that no state reason carries. */
static void
add_queue_faults(AnyiPrinterStatus *status)
{
  if (!status->cupsd_reachable) {
    add_fault(status, "cupsd-unreachable", "", ANYI_SEVERITY_ERROR, ANYI_RECOVERY_MAINTENANCE, TRUE,
              "打印服务（cupsd）无响应：请技术人员检查。",
              "The print service (cupsd) does not answer: call a technician.");
    return;
  }
  if (!status->queue_found) {
    g_autofree char *zh = g_strdup_printf("找不到打印队列 %s：请技术人员检查配置。", status->queue);
    g_autofree char *en = g_strdup_printf(
        "No print queue '%s': a technician must check the configuration.", status->queue);
    add_fault(status, "queue-missing", "", ANYI_SEVERITY_ERROR, ANYI_RECOVERY_MAINTENANCE, TRUE, zh,
              en);
    return;
  }
  if (!status->device_reachable) {
    add_fault(status, "offline", "", ANYI_SEVERITY_ERROR, ANYI_RECOVERY_MAINTENANCE, TRUE,
              OFFLINE_ZH, OFFLINE_EN);
    status->offline = TRUE;
  }
  if (status->state == IPP_PSTATE_STOPPED)
    add_fault(status, "queue-stopped", "paused", ANYI_SEVERITY_ERROR, ANYI_RECOVERY_MAINTENANCE,
              TRUE, "打印队列已停止：请技术人员排除故障后恢复（cupsenable）。",
              "The print queue is stopped: a technician must fix it and resume it "
              "(cupsenable).");
  if (!status->accepting)
    add_fault(status, "queue-rejecting", "", ANYI_SEVERITY_ERROR, ANYI_RECOVERY_MAINTENANCE, TRUE,
              "打印队列拒绝新任务：请技术人员恢复（cupsaccept）。",
              "The print queue rejects jobs: a technician must resume it (cupsaccept).");
}

static void
set_reasons(AnyiPrinterStatus *status, const char *const *reasons)
{
  g_autoptr(GPtrArray) sorted = g_ptr_array_new();
  for (gsize i = 0; reasons != NULL && reasons[i] != NULL; i++)
    if (!g_str_equal(reasons[i], "none"))
      g_ptr_array_add(sorted, (gpointer)reasons[i]);
  g_ptr_array_sort(sorted, compare_reasons);
  g_ptr_array_add(sorted, NULL);
  g_free(status->reasons);
  status->reasons = g_strjoinv(", ", (char **)sorted->pdata);
  for (gsize i = 0; reasons != NULL && reasons[i] != NULL; i++)
    add_reason(status, reasons[i]);
}

static void
finish_model(AnyiPrinterStatus *status, const char *const *reasons)
{
  set_reasons(status, reasons);
  add_queue_faults(status);
  g_ptr_array_sort(status->faults, compare_faults);
}

AnyiPrinterStatus *
anyi_printer_status_new_from_reasons(const char *queue, int state, gboolean accepting,
                                     const char *const *reasons)
{
  AnyiPrinterStatus *status = status_new(queue);
  status->cupsd_reachable = status->queue_found = TRUE;
  status->state = state;
  status->accepting = accepting;
  finish_model(status, reasons);
  return status;
}

static gboolean
is_toner_fault(const AnyiPrinterFault *fault)
{
  return g_str_has_prefix(fault->code, "toner-");
}

gboolean
anyi_printer_status_usable(const AnyiPrinterStatus *status, AnyiPrinterRole role)
{
  g_return_val_if_fail(status != NULL, FALSE);
  for (guint i = 0; i < status->faults->len; i++) {
    const AnyiPrinterFault *fault = g_ptr_array_index(status->faults, i);
    if (fault->blocking && !(role == ANYI_PRINTER_ROLE_RECEIPT && is_toner_fault(fault)))
      return FALSE;
  }
  return TRUE;
}

const AnyiPrinterFault *
anyi_printer_status_worst_fault(const AnyiPrinterStatus *status, AnyiPrinterRole role)
{
  g_return_val_if_fail(status != NULL, NULL);
  for (guint i = 0; i < status->faults->len; i++) {
    const AnyiPrinterFault *fault = g_ptr_array_index(status->faults, i);
    if (!(role == ANYI_PRINTER_ROLE_RECEIPT && is_toner_fault(fault)))
      return fault;
  }
  return NULL;
}

gboolean
anyi_printer_status_same(const AnyiPrinterStatus *a, const AnyiPrinterStatus *b)
{
  if (a == NULL || b == NULL)
    return a == b;
  if (a->faults->len != b->faults->len)
    return FALSE;
  for (guint i = 0; i < a->faults->len; i++)
    if (!g_str_equal(((AnyiPrinterFault *)g_ptr_array_index(a->faults, i))->code,
                     ((AnyiPrinterFault *)g_ptr_array_index(b->faults, i))->code))
      return FALSE;
  return TRUE;
}

const char *
anyi_printer_role_to_string(AnyiPrinterRole role)
{
  static const char *const names[] = {"receipt", "a4"};

  G_STATIC_ASSERT(G_N_ELEMENTS(names) == ANYI_PRINTER_NUM_ROLES);
  g_return_val_if_fail(role < ANYI_PRINTER_NUM_ROLES, NULL);
  return names[role];
}

gboolean
anyi_printer_role_from_string(const char *name, AnyiPrinterRole *role)
{
  for (AnyiPrinterRole r = 0; r < ANYI_PRINTER_NUM_ROLES; r++)
    if (g_strcmp0(anyi_printer_role_to_string(r), name) == 0) {
      *role = r;
      return TRUE;
    }
  return FALSE;
}

const char *
anyi_paper_state_to_string(AnyiPaperState paper)
{
  static const char *const names[] = {"ok", "low", "out", "jammed"};
  return paper <= ANYI_PAPER_JAMMED ? names[paper] : "unknown";
}

const char *
anyi_toner_state_to_string(AnyiTonerState toner)
{
  static const char *const names[] = {"ok", "low", "out"};
  return toner <= ANYI_TONER_OUT ? names[toner] : "unknown";
}

const char *
anyi_recovery_to_string(AnyiRecovery recovery)
{
  static const char *const names[] = {"reset", "clear", "maintenance"};
  return recovery <= ANYI_RECOVERY_MAINTENANCE ? names[recovery] : "unknown";
}

static const char *const printer_attributes[] = {"printer-state",
                                                 "printer-state-reasons",
                                                 "printer-state-message",
                                                 "printer-is-accepting-jobs",
                                                 "device-uri",
                                                 "marker-names",
                                                 "marker-levels",
                                                 "marker-types",
                                                 "printer-supply",
                                                 "printer-supply-description"};

static ipp_t *
get_printer_attributes(http_t *http, const char *uri, const char *resource, const char *what,
                       GError **error)
{
  ipp_t *request = anyi_cups_new_request(IPP_OP_GET_PRINTER_ATTRIBUTES, "printer-uri", uri);
  ippAddStrings(request, IPP_TAG_OPERATION, IPP_TAG_KEYWORD, "requested-attributes",
                G_N_ELEMENTS(printer_attributes), NULL, printer_attributes);
  return anyi_cups_do(http, request, resource, what, error);
}

static char *
supply_field(const char *supply, const char *key)
{
  g_auto(GStrv) fields = g_strsplit(supply, ";", -1);
  for (int i = 0; fields[i] != NULL; i++)
    if (g_str_has_prefix(fields[i], key) && fields[i][strlen(key)] == '=')
      return g_strdup(fields[i] + strlen(key) + 1);
  return NULL;
}

/* IPP printers report printer-supply (PWG 5100.13); cupsd turns it into
 * marker-* while it has a job. */
static void
read_supplies(AnyiPrinterStatus *status, ipp_t *attrs)
{
  ipp_attribute_t *supplies = ippFindAttribute(attrs, "printer-supply", IPP_TAG_STRING);
  ipp_attribute_t *names = ippFindAttribute(attrs, "printer-supply-description", IPP_TAG_TEXT);
  for (int i = 0; supplies != NULL && i < ippGetCount(supplies); i++) {
    int length = 0;
    const char *value = ippGetOctetString(supplies, i, &length);
    g_autofree char *supply = g_strndup(value, length);
    g_autofree char *type = supply_field(supply, "type");
    g_autofree char *level = supply_field(supply, "level");
    if (type == NULL || g_str_has_prefix(type, "waste"))
      continue;
    AnyiPrinterMarker *marker = g_new0(AnyiPrinterMarker, 1);
    marker->name = g_strdup(names && i < ippGetCount(names) ? ippGetString(names, i, NULL) : type);
    marker->level = level ? atoi(level) : -1;
    marker->type = g_steal_pointer(&type);
    g_ptr_array_add(status->markers, marker);
  }
}

static void
read_markers(AnyiPrinterStatus *status, ipp_t *attrs)
{
  ipp_attribute_t *names = ippFindAttribute(attrs, "marker-names", IPP_TAG_ZERO);
  ipp_attribute_t *levels = ippFindAttribute(attrs, "marker-levels", IPP_TAG_INTEGER);
  ipp_attribute_t *types = ippFindAttribute(attrs, "marker-types", IPP_TAG_ZERO);
  g_ptr_array_set_size(status->markers, 0);
  if (names == NULL) {
    read_supplies(status, attrs);
    return;
  }
  for (int i = 0; i < ippGetCount(names); i++) {
    AnyiPrinterMarker *marker = g_new0(AnyiPrinterMarker, 1);
    marker->name = g_strdup(ippGetString(names, i, NULL));
    marker->level = levels && i < ippGetCount(levels) ? ippGetInteger(levels, i) : -1;
    marker->type = g_strdup(types && i < ippGetCount(types) ? ippGetString(types, i, NULL) : "");
    g_ptr_array_add(status->markers, marker);
  }
}

static char **
reasons_of(ipp_t *attrs)
{
  ipp_attribute_t *attr = ippFindAttribute(attrs, "printer-state-reasons", IPP_TAG_KEYWORD);
  GStrvBuilder *builder = g_strv_builder_new();
  for (int i = 0; attr != NULL && i < ippGetCount(attr); i++)
    g_strv_builder_add(builder, ippGetString(attr, i, NULL));
  char **reasons = g_strv_builder_end(builder);
  g_strv_builder_unref(builder);
  return reasons;
}

/* Asks the printer behind an ipp:// queue for its own state. NULL when the
 * device is not IPP (nothing to ask) or did not answer (device_reachable). */
static ipp_t *
query_device(AnyiPrinterStatus *status, const char *device_uri)
{
  char scheme[32], userpass[256], host[256], resource[1024];
  int port = 0;
  if (device_uri == NULL ||
      httpSeparateURI(HTTP_URI_CODING_ALL, device_uri, scheme, sizeof scheme, userpass,
                      sizeof userpass, host, sizeof host, &port, resource,
                      sizeof resource) < HTTP_URI_STATUS_OK ||
      (strcmp(scheme, "ipp") != 0 && strcmp(scheme, "ipps") != 0))
    return NULL;
  status->device_checked = TRUE;
  http_encryption_t encryption =
      strcmp(scheme, "ipps") == 0 ? HTTP_ENCRYPTION_ALWAYS : HTTP_ENCRYPTION_IF_REQUESTED;
  g_autoptr(http_t) http = httpConnect2(host, port, NULL, AF_UNSPEC, encryption, 1, 1500, NULL);
  g_autoptr(GError) error = NULL;
  ipp_t *attrs = NULL;
  if (http != NULL) {
    httpSetTimeout(http, 2.0, NULL, NULL);
    attrs = get_printer_attributes(http, device_uri, resource, "the printer", &error);
  }
  if (attrs == NULL) {
    g_debug("printer behind queue '%s' does not answer: %s", status->queue,
            error ? error->message : cupsLastErrorString());
    status->device_reachable = FALSE;
  }
  return attrs;
}

static void
read_queue(AnyiPrinterStatus *status, ipp_t *queue_attrs)
{
  status->state = ippGetInteger(ippFindAttribute(queue_attrs, "printer-state", IPP_TAG_ENUM), 0);
  status->accepting =
      ippGetBoolean(ippFindAttribute(queue_attrs, "printer-is-accepting-jobs", IPP_TAG_BOOLEAN), 0);
  g_free(status->state_message);
  status->state_message = g_strdup(
      ippGetString(ippFindAttribute(queue_attrs, "printer-state-message", IPP_TAG_TEXT), 0, NULL));
  if (status->state_message == NULL)
    status->state_message = g_strdup("");
}

AnyiPrinterStatus *
anyi_printer_status_query(const char *queue)
{
  g_return_val_if_fail(queue != NULL, NULL);
  AnyiPrinterStatus *status = status_new(queue);
  g_autoptr(GError) error = NULL;
  g_autoptr(http_t) http = anyi_cups_connect(2000, &error);
  g_autofree char *uri = anyi_cups_queue_uri(queue);
  g_autofree char *resource = anyi_cups_queue_resource(queue);
  g_autofree char *what = g_strdup_printf("queue '%s'", queue);
  g_autoptr(ipp_t) queue_attrs =
      http ? get_printer_attributes(http, uri, resource, what, &error) : NULL;
  status->cupsd_reachable = queue_attrs != NULL ||
                            !g_error_matches(error, ANYI_PRINT_ERROR, ANYI_PRINT_ERROR_UNREACHABLE);
  status->queue_found = queue_attrs != NULL;
  if (queue_attrs == NULL) {
    g_debug("printer status of '%s': %s", queue, error->message);
    finish_model(status, NULL);
    return status;
  }
  read_queue(status, queue_attrs);
  const char *device_uri =
      ippGetString(ippFindAttribute(queue_attrs, "device-uri", IPP_TAG_URI), 0, NULL);
  g_autoptr(ipp_t) device_attrs = query_device(status, device_uri);
  /* the device knows its hardware now; the queue only as of its last job */
  ipp_t *hardware = device_attrs ? device_attrs : queue_attrs;
  read_markers(status, hardware);
  g_auto(GStrv) reasons = reasons_of(hardware);
  finish_model(status, (const char *const *)reasons);
  return status;
}
