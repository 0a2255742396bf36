/* SPDX-License-Identifier: GPL-3.0-or-later */
/* anyi-case-end.h: what is left of a case on paper and on disk, the same
 * whoever ends it (the kiosk, anyictl, start-up recovery).
 *
 * A final case's documents are printed in order. One that cannot print is
 * kept as a PDF for the window and written to the audit log for staff, and
 * the outcome says what the citizen is told. Photos and scans of a case are
 * kept beside its documents, readable by the kiosk's user only, until the
 * retention purge. */
#pragma once

#include "cases/anyi-case-print.h"
#include "cases/anyi-case-runner.h"

G_BEGIN_DECLS

typedef enum {
  ANYI_CASE_PRINT_NOTHING,        /* the case had nothing to print */
  ANYI_CASE_PRINT_ALL_PRINTED,    /* the citizen takes everything from the printers */
  ANYI_CASE_PRINT_SOME_MISSED,    /* kept as PDFs; the receipt, if any, printed */
  ANYI_CASE_PRINT_RECEIPT_MISSED, /* the citizen takes the case number from the screen */
} AnyiCasePrintOutcome;

/* NULL when the printer of @role can print now, else what is wrong with it
 * (newly allocated), so its documents are kept without a wait. */
typedef char *(*AnyiPrinterProblemFunc)(AnyiPrinterRole role, gpointer user_data);

/* Prints @documents (AnyiCaseDocument, held until @callback) of @kase one
 * after the other, skipping a printer @problem_of says is faulty (may be
 * NULL: none known). Every document that does not come out is kept
 * (anyi_case_print_keep) or recorded by its failed job, and audited as
 * "document-not-printed". @cancellable stops before the next document; the
 * one printing finishes. @store, @settings and @kase must stay until
 * @callback runs or @cancellable is cancelled. */
void anyi_case_print_documents_async(AnyiStore *store, const AnyiSettings *settings, AnyiCase *kase,
                                     GPtrArray *documents, AnyiPrinterProblemFunc problem_of,
                                     gpointer problem_data, GCancellable *cancellable,
                                     GAsyncReadyCallback callback, gpointer user_data);
/* FALSE only when cancelled; otherwise the outcome. */
gboolean anyi_case_print_documents_finish(GAsyncResult *result, AnyiCasePrintOutcome *outcome,
                                          GError **error);

/* Keeps a photo or scan of @kase as documents_dir/NUMBER-@what.jpg (mode
 * 0600, the folder 0700) and returns its path; NULL (logged) when it could
 * not be written. */
char *anyi_case_keep_capture(const AnyiSettings *settings, AnyiCase *kase, const char *what,
                             GBytes *jpeg, GError **error);

G_END_DECLS
