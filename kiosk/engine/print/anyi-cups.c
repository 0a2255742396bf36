/* SPDX-License-Identifier: GPL-3.0-or-later */
/* anyi-cups.c: small libcups helpers shared by jobs and printer status. */
#include "anyi-cups-private.h"

#include <string.h>

http_t *
anyi_cups_connect(int timeout_ms, GError **error)
{
  http_t *http =
      httpConnect2(cupsServer(), ippPort(), NULL, AF_UNSPEC, cupsEncryption(), 1, timeout_ms, NULL);
  if (http == NULL) {
    g_set_error(error, ANYI_PRINT_ERROR, ANYI_PRINT_ERROR_UNREACHABLE,
                "cupsd at %s:%d does not answer: %s", cupsServer(), ippPort(),
                cupsLastErrorString());
    return NULL;
  }
  httpSetTimeout(http, 5.0, NULL, NULL);
  return http;
}

char *
anyi_cups_queue_uri(const char *queue)
{
  char uri[HTTP_MAX_URI];
  httpAssembleURIf(HTTP_URI_CODING_ALL, uri, sizeof uri, "ipp", NULL, "localhost", ippPort(),
                   "/printers/%s", queue);
  return g_strdup(uri);
}

char *
anyi_cups_queue_resource(const char *queue)
{
  return g_strdup_printf("/printers/%s", queue);
}

char *
anyi_cups_queue_device_uri(http_t *cupsd, const char *queue, GError **error)
{
  static const char *const wanted[] = {"device-uri", "printer-state", "printer-is-accepting-jobs"};
  g_autofree char *uri = anyi_cups_queue_uri(queue);
  g_autofree char *what = g_strdup_printf("queue '%s'", queue);
  ipp_t *request = anyi_cups_new_request(IPP_OP_GET_PRINTER_ATTRIBUTES, "printer-uri", uri);
  ippAddStrings(request, IPP_TAG_OPERATION, IPP_TAG_KEYWORD, "requested-attributes",
                G_N_ELEMENTS(wanted), NULL, wanted);
  g_autoptr(ipp_t) response = anyi_cups_do(cupsd, request, "/", what, error);
  if (response == NULL)
    return NULL;
  const char *device = ippGetString(ippFindAttribute(response, "device-uri", IPP_TAG_URI), 0, NULL);
  ipp_pstate_t state = ippGetInteger(ippFindAttribute(response, "printer-state", IPP_TAG_ENUM), 0);
  gboolean accepting =
      ippGetBoolean(ippFindAttribute(response, "printer-is-accepting-jobs", IPP_TAG_BOOLEAN), 0);
  if (state == IPP_PSTATE_STOPPED || !accepting) {
    g_set_error(error, ANYI_PRINT_ERROR, ANYI_PRINT_ERROR_REFUSED,
                "%s is stopped or not accepting jobs", what);
    return NULL;
  }
  char scheme[32], user[256], host[256], resource[HTTP_MAX_URI];
  int port = 0;
  if (device == NULL ||
      httpSeparateURI(HTTP_URI_CODING_ALL, device, scheme, sizeof scheme, user, sizeof user, host,
                      sizeof host, &port, resource, sizeof resource) < HTTP_URI_STATUS_OK ||
      (strcmp(scheme, "ipp") != 0 && strcmp(scheme, "ipps") != 0)) {
    g_set_error(error, ANYI_PRINT_ERROR, ANYI_PRINT_ERROR_NO_QUEUE,
                "%s does not print to an IPP printer", what);
    return NULL;
  }
  char *query = strchr(resource, '?');
  if (query != NULL)
    *query = '\0';
  char direct[HTTP_MAX_URI];
  httpAssembleURI(HTTP_URI_CODING_ALL, direct, sizeof direct, scheme, NULL, host, port, resource);
  return g_strdup(direct);
}

http_t *
anyi_cups_connect_uri(const char *uri, int timeout_ms, char *resource, GError **error)
{
  char scheme[32], user[256], host[256];
  int port = 0;
  if (httpSeparateURI(HTTP_URI_CODING_ALL, uri, scheme, sizeof scheme, user, sizeof user, host,
                      sizeof host, &port, resource, HTTP_MAX_URI) < HTTP_URI_STATUS_OK) {
    g_set_error(error, ANYI_PRINT_ERROR, ANYI_PRINT_ERROR_NO_QUEUE, "bad printer URI '%s'", uri);
    return NULL;
  }
  http_encryption_t tls =
      strcmp(scheme, "ipps") == 0 ? HTTP_ENCRYPTION_ALWAYS : HTTP_ENCRYPTION_IF_REQUESTED;
  http_t *http = httpConnect2(host, port, NULL, AF_UNSPEC, tls, 1, timeout_ms, NULL);
  if (http == NULL) {
    g_set_error(error, ANYI_PRINT_ERROR, ANYI_PRINT_ERROR_UNREACHABLE,
                "the printer at %s does not answer: %s", uri, cupsLastErrorString());
    return NULL;
  }
  httpSetTimeout(http, 5.0, NULL, NULL);
  return http;
}

ipp_t *
anyi_cups_new_request(ipp_op_t op, const char *uri_name, const char *uri)
{
  ipp_t *request = ippNewRequest(op);
  ippAddString(request, IPP_TAG_OPERATION, IPP_TAG_URI, uri_name, NULL, uri);
  ippAddString(request, IPP_TAG_OPERATION, IPP_TAG_NAME, "requesting-user-name", NULL, cupsUser());
  return request;
}

ipp_t *
anyi_cups_do(http_t *http, ipp_t *request, const char *resource, const char *what, GError **error)
{
  ipp_op_t op = ippGetOperation(request);
  ipp_t *response = cupsDoRequest(http, request, resource);
  ipp_status_t status = response ? ippGetStatusCode(response) : cupsLastError();
  if (response != NULL && status < IPP_STATUS_REDIRECTION_OTHER_SITE)
    return response;
  int code = response == NULL && (status == IPP_STATUS_ERROR_SERVICE_UNAVAILABLE ||
                                  status == IPP_STATUS_ERROR_INTERNAL)
                 ? ANYI_PRINT_ERROR_UNREACHABLE
             : status == IPP_STATUS_ERROR_NOT_FOUND ? ANYI_PRINT_ERROR_NO_QUEUE
                                                    : ANYI_PRINT_ERROR_REFUSED;
  g_set_error(error, ANYI_PRINT_ERROR, code, "%s on %s: %s (%s)", ippOpString(op), what,
              cupsLastErrorString(), ippErrorString(status));
  ippDelete(response);
  return NULL;
}

char *
anyi_cups_join(ipp_attribute_t *attr)
{
  g_autoptr(GString) out = g_string_new(NULL);
  for (int i = 0; attr != NULL && i < ippGetCount(attr); i++) {
    const char *value = ippGetString(attr, i, NULL);
    if (value == NULL)
      continue;
    if (out->len > 0)
      g_string_append(out, ", ");
    g_string_append(out, value);
  }
  return g_string_free(g_steal_pointer(&out), FALSE);
}

gboolean
anyi_cups_has_prefix(ipp_attribute_t *attr, const char *prefix)
{
  for (int i = 0; attr != NULL && i < ippGetCount(attr); i++) {
    const char *value = ippGetString(attr, i, NULL);
    if (value != NULL && g_str_has_prefix(value, prefix))
      return TRUE;
  }
  return FALSE;
}
