/* SPDX-License-Identifier: GPL-3.0-or-later */
/* anyi-cups-private.h: small libcups helpers shared by jobs and printer status. */
#pragma once

#include <cups/cups.h>
#include <glib.h>

#include "anyi-print-error.h"

G_BEGIN_DECLS

/* Connects to the cupsd libcups is configured for (CUPS_SERVER), giving up
 * after @timeout_ms; requests on it time out after a few seconds too. */
http_t *anyi_cups_connect(int timeout_ms, GError **error);

/* ipp://localhost:PORT/printers/QUEUE and /printers/QUEUE */
char *anyi_cups_queue_uri(const char *queue);
char *anyi_cups_queue_resource(const char *queue);

/* The printer's own IPP service behind cupsd queue @queue, for sending a job
 * straight to it: the queue's device-uri when it is ipp:// or ipps:// (URI
 * options such as ?waitjob=false dropped), and only while the queue is
 * enabled and accepting jobs, so staff who stop a queue stop both paths.
 * NULL with @error (ANYI_PRINT_ERROR_*) saying why otherwise. */
char *anyi_cups_queue_device_uri(http_t *cupsd, const char *queue, GError **error);

/* Connects to the IPP service at @uri (ipp:// or ipps://) within
 * @timeout_ms; @resource (HTTP_MAX_URI bytes) receives the URI's path. */
http_t *anyi_cups_connect_uri(const char *uri, int timeout_ms, char *resource, GError **error);

/* Adds the attributes every request needs (printer-uri or job-uri given). */
ipp_t *anyi_cups_new_request(ipp_op_t op, const char *uri_name, const char *uri);

/* cupsDoRequest with the answer mapped to ANYI_PRINT_ERROR: _UNREACHABLE when
 * cupsd did not answer, _NO_QUEUE for not-found, else _REFUSED. Consumes
 * @request. @what names the object for the message ("queue 'receipt'"). */
ipp_t *anyi_cups_do(http_t *http, ipp_t *request, const char *resource, const char *what,
                    GError **error);

/* Every value of a keyword/text attribute, joined with ", "; "" for NULL. */
char *anyi_cups_join(ipp_attribute_t *attr);

/* Whether any value of @attr starts with @prefix. */
gboolean anyi_cups_has_prefix(ipp_attribute_t *attr, const char *prefix);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(ipp_t, ippDelete)
G_DEFINE_AUTOPTR_CLEANUP_FUNC(http_t, httpClose)

G_END_DECLS
