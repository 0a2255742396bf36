/* SPDX-License-Identifier: GPL-3.0-or-later */
/* anyi-case-print.h: a case's documents on paper, recorded so none is lost.
 *
 * The document is rendered and kept as a PDF under the documents folder, the
 * job is written to the store before anything reaches CUPS, every state it
 * passes is written as it happens, and the outcome last. After a crash the
 * store says which jobs never settled (anyi_store_print_jobs_unsettled). */
#pragma once

#include "cases/anyi-case.h"
#include "print/printer-status.h"
#include "settings/anyi-settings.h"

#include <gio/gio.h>

G_BEGIN_DECLS

/* Prints @template_name (a file in print-templates/) filled with @data on
 * the printer of @role. @kase may be NULL for documents of no case (a test
 * page). Call from the main loop; @callback runs there. */
void anyi_case_print_async(AnyiStore *store, const AnyiSettings *settings, AnyiCase *kase,
                           const char *template_name, AnyiPrinterRole role, JsonObject *data,
                           GCancellable *cancellable, GAsyncReadyCallback callback,
                           gpointer user_data);
/* For a printer known to be out: renders the PDF and records the job as
 * "not-printed" (@why), without sending it, so the window can print it and
 * the citizen is not kept waiting. */
gboolean anyi_case_print_keep(AnyiStore *store, const AnyiSettings *settings, AnyiCase *kase,
                              const char *template_name, AnyiPrinterRole role, JsonObject *data,
                              const char *why, GError **error);
/* TRUE when the document is on paper; otherwise FALSE and why. */
gboolean anyi_case_print_finish(GAsyncResult *result, GError **error);

/* After a crash or power cut, settles every job the store left "new" or in
 * flight. A job CUPS still holds is followed to its end (and cancelled if
 * it still waits, so it cannot come out for the next citizen); a job CUPS
 * never received is marked "not-printed" and not sent now, for the same
 * reason: its PDF is kept and the window can print it. Each unprinted or
 * uncertain job is written to the audit log for staff. CUPS is asked on a
 * worker thread; @callback runs in the caller's main context. */
void anyi_case_print_recover_async(AnyiStore *store, const AnyiSettings *settings,
                                   GCancellable *cancellable, GAsyncReadyCallback callback,
                                   gpointer user_data);
/* The number of jobs settled, or -1 with @error. */
int anyi_case_print_recover_finish(GAsyncResult *result, GError **error);

/* The CUPS queue that serves @role. */
const char *anyi_case_print_queue_for_role(const AnyiSettings *settings, AnyiPrinterRole role);

G_END_DECLS
