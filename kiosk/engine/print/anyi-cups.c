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
