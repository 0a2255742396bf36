/* SPDX-License-Identifier: GPL-3.0-or-later */
/* print-test-util.h: checks on printed documents with poppler-utils and zbar. */
#pragma once

#include "print/anyi-print-job.h"
#include <json-glib/json-glib.h>

/* Exits 77 (skip) naming the first of @tools (NULL-terminated) not in PATH. */
void ptu_require_tools(const char *first, ...) G_GNUC_NULL_TERMINATED;

/* Runs @argv and returns its stdout; fails the test if it does not exit 0. */
char *ptu_run(const char *const *argv);

/* tests/fixtures/printing/data/NAME.json */
JsonObject *ptu_load_data(const char *name);
/* print-templates/@name rendered with its sample data, as a PDF and as the
 * 203 dpi one-bit PWG raster a receipt printer receives. */
GBytes *ptu_render_sample_pdf(const char *name);
GBytes *ptu_render_sample_raster(const char *name);

/* A fresh temporary directory for one test, removed by ptu_cleanup(). */
char *ptu_tmpdir(void);
void ptu_cleanup(const char *dir);

/* The page count and first page size (mm) that pdfinfo reports. */
void ptu_pdf_info(const char *pdf, int *pages, double *width_mm, double *height_mm);

/* Asserts pdffonts lists fonts, all embedded, among them Noto Sans/Serif CJK SC. */
void ptu_assert_fonts_embedded(const char *pdf);

/* pdftotext -layout output, for substring checks. */
char *ptu_pdf_text(const char *pdf);

/* Decodes the QR codes on page @page of @pdf (rendered at 150 dpi) and returns
 * zbarimg's data lines; NULL when none is found. */
char *ptu_pdf_qr(const char *pdf, int page);

/* zbarimg on an image file. */
char *ptu_image_qr(const char *png);

/* Skips (77) unless run under tests/fixtures/printing/with-printers. */
void ptu_require_printers(void);

/* The documents a test printer received (ANYI_TEST_<ROLE>_SPOOL), oldest
 * first, leaving out printer-ctl's probes and the job command's outputs. */
GPtrArray *ptu_spool_documents(const char *spool_env);

/* Decodes page 1 of a PWG raster file into a PNG; returns the page count and
 * the first page's size in pixels and its resolution. */
void ptu_pwg_to_png(const char *pwg, const char *png, int *pages, int *width, int *height,
                    int *dpi);

/* Runs printer-ctl ROLE ACTION (the fixture's fault injector). */
void ptu_printer_ctl(const char *role, const char *action);
void ptu_printer_ctl_with(const char *role, const char *action, const char *arg);

/* The job-state a test printer itself (ANYI_TEST_<ROLE>_URI) gives its job
 * @job_id; 0 when it does not know the job. */
int ptu_device_job_state(const char *uri_env, int job_id);

/* Compares page 1 of @pdf, at 40 dpi in gray, with
 * tests/fixtures/printing/reference/NAME.png: loosely, as fonts may differ
 * slightly between machines (at most 3% of pixels may differ clearly). With
 * ANYI_UPDATE_REFERENCES=1 in the environment, writes the reference instead. */
void ptu_compare_with_reference(const char *pdf, const char *name);

/* A print job run in a worker thread, as the kiosk runs it, while the test
 * acts on the printer. ptu_finish_job() joins the thread; the caller reads
 * printed and error, then g_free()s it. */
typedef struct {
  AnyiPrintJob *job;
  GThread *thread;
  GCancellable *cancellable; /* NULL: runs to its end */
  gboolean printed;
  GError *error;
} PtuRunningJob;
PtuRunningJob *ptu_start_job(AnyiPrintJob *job, GCancellable *cancellable);
void ptu_finish_job(PtuRunningJob *running);
/* Waits (at most 20 s, polling) until @job is in @state with @message_part
 * (if not NULL) in its message; fails the test otherwise. */
void ptu_wait_for_job_state(AnyiPrintJob *job, AnyiPrintJobState state, const char *message_part);
