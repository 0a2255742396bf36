/* SPDX-License-Identifier: GPL-3.0-or-later */
/* anyi-print-job.h: one document sent to a CUPS queue and followed to its end.
 *
 * The caller records the job before it is sent and its outcome after, so a
 * crash neither prints twice nor loses a receipt:
 *
 *   job = anyi_print_job_new(queue, "receipt AY-...-0042 #17", pdf, "application/pdf");
 *   store: INSERT (id 17, state "new")           -- before anything is sent
 *   anyi_print_job_run_async(job, ...)             -- notify::state as it moves
 *   store: UPDATE state, cups id, message          -- on notify and at the end
 *
 * After a crash, a job recorded with a CUPS id is followed again with
 * anyi_print_job_resume(); one recorded as "new" or "sending" without an id
 * is looked up by its title with anyi_print_job_find(). A job CUPS calls
 * "completed" is PRINTED only if nothing says the printer lost it: CUPS marks
 * a job completed, with cups-ipp-missing-job-history, when the printer
 * restarted and forgot it; that is UNCERTAIN.
 *
 * With anyi_print_job_set_direct(), the job goes straight to the printer
 * behind the queue and is followed there; its id is then the printer's, and
 * anyi_print_job_dup_printer_uri() says so: store both, and after a crash use
 * anyi_print_job_resume_direct() / anyi_print_job_find_direct(). A printer
 * that no longer knows the job is treated as cupsd's missing history. */
#pragma once

#include <gio/gio.h>

#include "anyi-print-error.h"

G_BEGIN_DECLS

typedef enum {
  ANYI_PRINT_JOB_NEW,       /* created, nothing sent: record it now */
  ANYI_PRINT_JOB_SENDING,   /* the document is on its way to cupsd */
  ANYI_PRINT_JOB_QUEUED,    /* cupsd holds it (pending) */
  ANYI_PRINT_JOB_PRINTING,  /* processing */
  ANYI_PRINT_JOB_WAITING,   /* stopped or held: paper out, cover open...; see reasons */
  ANYI_PRINT_JOB_PRINTED,   /* completed and nothing says otherwise (final) */
  ANYI_PRINT_JOB_UNCERTAIN, /* may or may not be on paper: tell staff (final) */
  ANYI_PRINT_JOB_FAILED,    /* not printed: refused, aborted, canceled (final) */
} AnyiPrintJobState;

/* Stable names for the store: "new", "sending", "queued", "printing",
 * "waiting", "printed", "uncertain", "failed". */
const char *anyi_print_job_state_to_string(AnyiPrintJobState state);
gboolean anyi_print_job_state_is_final(AnyiPrintJobState state);

#define ANYI_TYPE_PRINT_JOB (anyi_print_job_get_type())
G_DECLARE_FINAL_TYPE(AnyiPrintJob, anyi_print_job, ANYI, PRINT_JOB, GObject)

/* A job for @document (@format: "application/pdf" or "image/pwg-raster") on
 * the CUPS queue @queue of the cupsd libcups is pointed at (CUPS_SERVER).
 * @title becomes the job-name: put the store's key in it so that
 * anyi_print_job_find() can recognise it after a crash. */
AnyiPrintJob *anyi_print_job_new(const char *queue, const char *title, GBytes *document,
                                 const char *format);

/* A job already in cupsd (its id from the store), to follow again. */
AnyiPrintJob *anyi_print_job_resume(const char *queue, const char *title, int cups_job_id);

/* A job a printer itself holds (sent straight to it, see
 * anyi_print_job_set_direct()), to follow again after a crash. */
AnyiPrintJob *anyi_print_job_resume_direct(const char *queue, const char *title,
                                           const char *printer_uri, int job_id);

/* Whether to send the job straight to the printer's own IPP service (the
 * queue's ipp:// or ipps:// device-uri) and follow it there: about 0.15 s to
 * "completed" instead of 1.3 s through cupsd, whose backend polls the
 * printer once a second. cupsd stays the path whenever the queue's device is
 * not IPP, the queue is stopped, or the printer does not answer or refuses
 * (busy): nothing is lost, it is only slower. Default FALSE. */
void anyi_print_job_set_direct(AnyiPrintJob *self, gboolean direct);

/* Seconds from sending until the job must have ended (default 60). A job still
 * waiting then (paper out...) is canceled, so it cannot come out later for
 * the next citizen: FAILED if the cancel worked, else UNCERTAIN. */
void anyi_print_job_set_timeout(AnyiPrintJob *self, guint seconds);

/* Sends the job (unless resumed) and follows it to a final state. Blocks for
 * up to the timeout: call it from a worker thread only. Returns TRUE when
 * PRINTED; otherwise FALSE with ANYI_PRINT_ERROR_JOB_FAILED /
 * _JOB_UNCERTAIN / _UNREACHABLE / _NO_QUEUE / _REFUSED and the state set.
 * notify::state is emitted in the calling thread. Cancelling @cancellable
 * cancels the CUPS job. */
gboolean anyi_print_job_run(AnyiPrintJob *self, GCancellable *cancellable, GError **error);

/* The same in a worker thread; notify::state and @callback are emitted in
 * the thread-default main context of the caller (the GTK main loop). */
void anyi_print_job_run_async(AnyiPrintJob *self, GCancellable *cancellable,
                              GAsyncReadyCallback callback, gpointer user_data);
gboolean anyi_print_job_run_finish(AnyiPrintJob *self, GAsyncResult *result, GError **error);

const char *anyi_print_job_get_queue(AnyiPrintJob *self);
const char *anyi_print_job_get_title(AnyiPrintJob *self);
AnyiPrintJobState anyi_print_job_get_state(AnyiPrintJob *self);
/* The job id, 0 until accepted: cupsd's, or the printer's own for a job
 * sent straight to it (see anyi_print_job_dup_printer_uri()). */
int anyi_print_job_get_cups_id(AnyiPrintJob *self);
/* The printer the job is being or was sent to straight, or NULL when it goes
 * through cupsd. Set (and notified) before any data moves: store it with the
 * id, so recovery asks the right server. Newly allocated. */
char *anyi_print_job_dup_printer_uri(AnyiPrintJob *self);
/* Why the job is where it is, for the store and staff: the job's and the
 * printer's state reasons ("media-empty-error, media-needed") and a sentence.
 * Returns a newly allocated string. */
char *anyi_print_job_dup_message(AnyiPrintJob *self);

/* Finds the newest cupsd job on @queue whose job-name is @title; its id, or
 * 0 when cupsd has none (then it was never received: safe to send again),
 * -1 with @error set when cupsd cannot tell.
 * Blocking, for a worker thread. */
int anyi_print_job_find(const char *queue, const char *title, GError **error);
/* The same on a printer a job was sent to straight. */
int anyi_print_job_find_direct(const char *printer_uri, const char *title, GError **error);

G_END_DECLS
