/* SPDX-License-Identifier: GPL-3.0-or-later */
/* After a crash, every print job the store left unsettled is settled once:
 * what CUPS has is followed to its end, what it never got is not printed
 * now (the citizen is gone) and is shown to staff. Runs under with-printers. */
#include "cases/anyi-case-print.h"
#include "print/anyi-print-job.h"
#include "print/anyi-print-template.h"
#include "print-test-util.h"
#include "temp-store.h"

#include <cups/cups.h>

typedef struct {
  TempStore temp;
  AnyiStore *store; /* temp.store */
  AnyiSettings *settings;
  AnyiCase *kase;
} Fixture;

static void
set_up(Fixture *f, gconstpointer data)
{
  f->store = temp_store_open(&f->temp);
  f->settings = anyi_settings_load(NULL);
  g_assert_nonnull(f->settings);
  /* Job names hold the case number, unique in one store; the printers
   * outlive each test's store, so each test has its own kiosk letter. */
  f->kase =
      anyi_case_start(f->store, "idcard-progress-query", data ? GPOINTER_TO_INT(data) : 'A', NULL);
}

static void
tear_down(Fixture *f, gconstpointer data)
{
  anyi_case_free(f->kase);
  anyi_settings_free(f->settings);
  temp_store_clear(&f->temp);
}

static gint64
record_job(Fixture *f, const char *state, int cups_id)
{
  gint64 id = 0;

  g_assert_true(anyi_store_print_job_add(f->store, anyi_case_get_id(f->kase), "a4", "test-page",
                                         NULL, &id, NULL));
  g_assert_true(anyi_store_print_job_update(f->store, id, state, cups_id, NULL, NULL));
  return id;
}

/* What the kiosk would have sent before it died: the job's name carries the
 * store's id, as anyi-case-print.c names it. */
static int send_as_kiosk_via(Fixture *f, gint64 job_id, gboolean direct, char **printer_uri);

static int
send_as_kiosk(Fixture *f, gint64 job_id)
{
  return send_as_kiosk_via(f, job_id, FALSE, NULL);
}

/* @direct: straight to the printer, as with [printing] direct = true. */
static int
send_as_kiosk_via(Fixture *f, gint64 job_id, gboolean direct, char **printer_uri)
{
  g_autoptr(AnyiPrintTemplate) tpl = anyi_print_template_load_named("test-page", NULL);
  g_autoptr(JsonParser) parser = json_parser_new();
  JsonObject *data = NULL;
  g_autoptr(GBytes) pdf = NULL;
  g_autofree char *title = g_strdup_printf("anyi-job-%" G_GINT64_FORMAT " %s test-page", job_id,
                                           anyi_case_get_number(f->kase));
  g_autoptr(AnyiPrintJob) job = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true(json_parser_load_from_file(parser, PRINT_DATA_DIR "/test-page.json", &error));
  data = json_node_get_object(json_parser_get_root(parser));
  pdf = anyi_print_template_render_pdf_bytes(tpl, data, &error);
  g_assert_no_error(error);
  job = anyi_print_job_new(f->settings->a4_queue, title, pdf, "application/pdf");
  anyi_print_job_set_direct(job, direct);
  g_assert_true(anyi_print_job_run(job, NULL, &error));
  if (printer_uri)
    *printer_uri = anyi_print_job_dup_printer_uri(job);
  return anyi_print_job_get_cups_id(job);
}

static void
on_recovered(GObject *source, GAsyncResult *result, gpointer user_data)
{
  int *settled = user_data;
  g_autoptr(GError) error = NULL;

  *settled = anyi_case_print_recover_finish(result, &error);
  g_assert_no_error(error);
}

static int
recover(Fixture *f)
{
  int settled = -2;

  anyi_case_print_recover_async(f->store, f->settings, NULL, on_recovered, &settled);
  while (settled == -2)
    g_main_context_iteration(NULL, TRUE);
  return settled;
}

static char *
state_of(Fixture *f, gint64 job_id)
{
  g_autoptr(AnyiStoredPrintJob) job = anyi_store_print_job_get(f->store, job_id, NULL);
  return g_strdup(job->state);
}

static void
test_job_cups_never_got_is_not_printed_now(Fixture *f, gconstpointer data)
{
  gint64 id = record_job(f, "pending", 0);
  g_autofree char *state = NULL;
  g_autoptr(GPtrArray) audit = NULL;

  g_assert_cmpint(recover(f), ==, 1);
  state = state_of(f, id);
  g_assert_cmpstr(state, ==, "not-printed");
  audit = anyi_store_audit_list(f->store, 0, 10, NULL);
  g_assert_cmpuint(audit->len, ==, 1);
  g_assert_cmpstr(((AnyiAuditEntry *)audit->pdata[0])->action, ==, "print-job-not-printed");
  /* settled once: a second start has nothing left to do */
  g_assert_cmpint(recover(f), ==, 0);
}

static void
test_job_sent_before_the_crash_is_found_by_name(Fixture *f, gconstpointer data)
{
  gint64 id = record_job(f, "sending", 0);
  int cups_id = send_as_kiosk(f, id);
  g_autofree char *state = NULL;
  g_autoptr(AnyiStoredPrintJob) job = NULL;

  g_assert_cmpint(recover(f), ==, 1);
  state = state_of(f, id);
  g_assert_cmpstr(state, ==, "printed");
  job = anyi_store_print_job_get(f->store, id, NULL);
  g_assert_cmpint(job->cups_job_id, ==, cups_id);
}

static void
test_job_recorded_with_its_id_is_followed(Fixture *f, gconstpointer data)
{
  gint64 id = record_job(f, "queued", 0);
  int cups_id = send_as_kiosk(f, id);
  g_autofree char *state = NULL;

  g_assert_true(anyi_store_print_job_update(f->store, id, "queued", cups_id, NULL, NULL));
  g_assert_cmpint(recover(f), ==, 1);
  state = state_of(f, id);
  g_assert_cmpstr(state, ==, "printed");
}

/* A job sent straight to the printer: its id is the printer's, and recovery
 * asks the printer about it, not cupsd. The printer's id is made to differ
 * from any cupsd job. */
static void
test_direct_job_recorded_with_its_id_is_followed_at_the_printer(Fixture *f, gconstpointer data)
{
  gint64 id = record_job(f, "queued", 0);
  g_autofree char *printer_uri = NULL;
  g_autofree char *state = NULL;
  g_autoptr(AnyiStoredPrintJob) job = NULL;
  int printer_id = 0;

  for (int i = 0; i < 3; i++) {
    g_free(printer_uri);
    printer_id = send_as_kiosk_via(f, id, TRUE, &printer_uri);
  }
  g_assert_cmpstr(printer_uri, ==, g_getenv("ANYI_TEST_A4_URI"));
  g_assert_true(anyi_store_print_job_update(f->store, id, "queued", printer_id, NULL, NULL));
  g_assert_true(anyi_store_print_job_set_printer(f->store, id, printer_uri, NULL));
  g_assert_cmpint(recover(f), ==, 1);
  state = state_of(f, id);
  g_assert_cmpstr(state, ==, "printed");
  job = anyi_store_print_job_get(f->store, id, NULL);
  g_assert_cmpstr(job->printer_uri, ==, printer_uri);
  g_assert_cmpint(job->cups_job_id, ==, printer_id);
}

/* The kiosk died while sending straight to the printer (the store knows the
 * printer, not yet the id): the printer is asked for the job by its name. */
static void
test_direct_job_sent_before_the_crash_is_found_at_the_printer(Fixture *f, gconstpointer data)
{
  gint64 id = record_job(f, "sending", 0);
  g_autofree char *printer_uri = NULL;
  int printer_id = send_as_kiosk_via(f, id, TRUE, &printer_uri);
  g_autofree char *state = NULL;
  g_autoptr(AnyiStoredPrintJob) job = NULL;

  g_assert_nonnull(printer_uri);
  g_assert_true(anyi_store_print_job_set_printer(f->store, id, printer_uri, NULL));
  g_assert_cmpint(recover(f), ==, 1);
  state = state_of(f, id);
  g_assert_cmpstr(state, ==, "printed");
  job = anyi_store_print_job_get(f->store, id, NULL);
  g_assert_cmpint(job->cups_job_id, ==, printer_id);
}

/* The store names the printer, but the job went through cupsd after all
 * (the crash came between the fallback and its record). cupsd's backend
 * passed it on under the same name, so the printer has it: the record then
 * names the printer and the printer's id, which agree with each other. */
static void
test_direct_attempt_that_fell_back_is_settled(Fixture *f, gconstpointer data)
{
  gint64 id = record_job(f, "sending", 0);
  g_autofree char *state = NULL;
  g_autoptr(AnyiStoredPrintJob) job = NULL;

  send_as_kiosk(f, id);
  g_assert_true(anyi_store_print_job_set_printer(f->store, id, g_getenv("ANYI_TEST_A4_URI"), NULL));
  g_assert_cmpint(recover(f), ==, 1);
  state = state_of(f, id);
  g_assert_cmpstr(state, ==, "printed");
  job = anyi_store_print_job_get(f->store, id, NULL);
  g_assert_cmpstr(job->printer_uri, ==, g_getenv("ANYI_TEST_A4_URI"));
  g_assert_cmpint(ptu_device_job_state("ANYI_TEST_A4_URI", job->cups_job_id), ==,
                  IPP_JSTATE_COMPLETED);
}

int
main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  if (!g_getenv("CUPS_SERVER")) {
    g_print("SKIP: needs the printers of tests/fixtures/printing/with-printers\n");
    return 77;
  }
  g_test_add("/print/recovery/never-reached-cups", Fixture, NULL, set_up,
             test_job_cups_never_got_is_not_printed_now, tear_down);
  g_test_add("/print/recovery/found-by-name", Fixture, NULL, set_up,
             test_job_sent_before_the_crash_is_found_by_name, tear_down);
  g_test_add("/print/recovery/followed-by-id", Fixture, NULL, set_up,
             test_job_recorded_with_its_id_is_followed, tear_down);
  g_test_add("/print/recovery/direct-followed-by-id", Fixture, GINT_TO_POINTER('B'), set_up,
             test_direct_job_recorded_with_its_id_is_followed_at_the_printer, tear_down);
  g_test_add("/print/recovery/direct-found-by-name", Fixture, GINT_TO_POINTER('C'), set_up,
             test_direct_job_sent_before_the_crash_is_found_at_the_printer, tear_down);
  g_test_add("/print/recovery/direct-fell-back", Fixture, GINT_TO_POINTER('D'), set_up,
             test_direct_attempt_that_fell_back_is_settled, tear_down);
  return g_test_run();
}
