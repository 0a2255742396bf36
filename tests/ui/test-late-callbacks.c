/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-late-callbacks.c: an answer that comes back after its citizen has
 * gone never acts on the next citizen's case. In the real kiosk process,
 * with the emulated card reader and the printers of with-printers:
 *
 *   print    citizen A wants the progress query's receipt; the receipt
 *            printer holds the job (printer-ctl hold), the idle timeout ends
 *            A's session while the kiosk waits for it.
 *   check    cupsd stops answering (SIGSTOP) as A's answer is shown: the
 *            result page's check of the receipt printer and the one made
 *            when A presses 打印回执 hang; the idle timeout ends A's
 *            session.
 *
 * Then citizen B starts 户籍证明开具 with the card and reaches its first
 * question; only then A's wait ends (the printer released, cupsd resumed).
 * B's case must stay where it was: same page, same case, same state, no
 * handoff; A's case stays as the engine ended it.
 *
 * One scenario a run: test-late-callbacks print|check (under with-display,
 * anyi-devsim and with-printers). */
#include "devsim-client.h"
#include "kiosk-ui-test.h"
#include "print-test-util.h"
#include "kiosk-window.h"
#include "temp-store.h"

#include <signal.h>
#include <string.h>

static TempStore data_home;
static KioskApplication *kiosk;
static GPid stopped_cupsd;

static KioskWindow *
window(void)
{
  return ui_test_window(kiosk);
}

static GtkWidget *
root(void)
{
  return GTK_WIDGET(window());
}

static gboolean
on_page(gpointer page)
{
  return g_strcmp0(kiosk_window_get_page(window()), page) == 0;
}

static void
expect_page(const char *page, double seconds)
{
  if (!ui_test_wait(on_page, (gpointer)page, seconds))
    g_error("page '%s' after %.0f s, expected '%s'", kiosk_window_get_page(window()), seconds,
            page);
}

static AnyiStore *
store(void)
{
  return anyi_kiosk_get_store(kiosk_application_get_kiosk(kiosk));
}

static AnyiStoredCase *
newest_case(void)
{
  g_autoptr(GPtrArray) recent = anyi_store_cases_recent(store(), 1, NULL);

  g_assert_nonnull(recent);
  g_assert_cmpuint(recent->len, ==, 1);
  return g_ptr_array_steal_index(recent, 0);
}

static AnyiStoredCase *
case_by_id(gint64 id)
{
  g_autoptr(GPtrArray) recent = anyi_store_cases_recent(store(), 10, NULL);

  for (guint i = 0; recent && i < recent->len; i++) {
    AnyiStoredCase *kase = recent->pdata[i];
    if (kase->id == id)
      return g_ptr_array_steal_index(recent, i);
  }
  g_error("case %" G_GINT64_FORMAT " is not in the store", id);
}

/* The state of the case's receipt job, as the store has it; NULL before
 * there is one. */
static char *
receipt_job_state(gint64 case_id)
{
  g_autoptr(GPtrArray) jobs = anyi_store_print_jobs_for_case(store(), case_id, NULL);

  for (guint i = 0; jobs && i < jobs->len; i++) {
    AnyiStoredPrintJob *job = jobs->pdata[i];
    if (g_str_equal(job->template_name, "receipt"))
      return g_strdup(job->state);
  }
  return NULL;
}

typedef struct {
  gint64 case_id;
  const char *state;
} JobWait;

static gboolean
receipt_job_in(gpointer data)
{
  JobWait *wait = data;
  g_autofree char *state = receipt_job_state(wait->case_id);

  return g_strcmp0(state, wait->state) == 0;
}

static void
expect_receipt_job(gint64 case_id, const char *state, double seconds)
{
  JobWait wait = {case_id, state};

  if (!ui_test_wait(receipt_job_in, &wait, seconds)) {
    g_autofree char *now = receipt_job_state(case_id);
    g_error("the receipt job of case %" G_GINT64_FORMAT " is '%s', expected '%s'", case_id,
            now ? now : "(none)", state);
  }
}

static void stop_cupsd(void);

/* Citizen A: a progress query up to the answer on screen; with @cupsd_stops,
 * cupsd stops answering just before it, when the result page asks about
 * the receipt printer. */
static AnyiStoredCase *
citizen_a_sees_the_answer(gboolean cupsd_stops)
{
  ui_test_click(root(), "点这里开始办理");
  expect_page("menu", 5);
  ui_test_click(root(), "身份证办理进度查询");
  expect_page("card", 10);
  ui_test_devsim("idcard place resident");
  if (cupsd_stops) {
    ui_test_expect_text(root(), "这是您本人的证件吗", 15);
    stop_cupsd();
  }
  ui_test_click_within(root(), "是本人，继续", 15);
  expect_page("result", 10);
  ui_test_devsim("idcard remove");
  return newest_case();
}

/* A asks for the receipt and does nothing more: after @idle_s the idle
 * prompt, a second later the session's end. */
static void
citizen_a_walks_away(int idle_s)
{
  kiosk_window_set_idle_times(window(), idle_s, 1);
  /* the press re-arms the idle timer with the short times */
  ui_test_click(root(), "打印回执");
}

static void
idle_timeout_ends_it(void)
{
  ui_test_expect_text(root(), "您还需要更多时间吗", 30);
  expect_page("attract", 30);
  kiosk_window_set_idle_times(window(), 600, 60);
}

/* Citizen B: 户籍证明开具 with the card, up to its first question. */
static AnyiStoredCase *
citizen_b_reaches_a_question(void)
{
  ui_test_click(root(), "点这里开始办理");
  expect_page("menu", 5);
  ui_test_click(root(), "户籍证明开具");
  expect_page("card", 10);
  ui_test_devsim("idcard place resident");
  ui_test_click_within(root(), "是本人，继续", 15);
  expect_page("question", 10);
  ui_test_devsim("idcard remove");
  return newest_case();
}

/* B's case is where B left it: same page, same case and state in the
 * store, no handoff or printing shown. */
static void
citizen_b_is_untouched(const AnyiStoredCase *before)
{
  g_autoptr(AnyiStoredCase) now = newest_case();

  g_assert_cmpstr(kiosk_window_get_page(window()), ==, "question");
  g_assert_cmpint(now->id, ==, before->id);
  g_assert_cmpstr(now->state, ==, before->state);
  g_assert_false(ui_test_shows_text(root(), "继续办理"));
  g_assert_false(ui_test_shows_text(root(), "正在打印"));
  g_assert_false(ui_test_shows_text(root(), "办理完成"));
  /* and B goes on as usual */
  ui_test_go_home(root());
  expect_page("attract", 5);
  g_autoptr(AnyiStoredCase) left = case_by_id(before->id);
  g_assert_cmpstr(left->state, ==, "abandoned");
}

/* The receipt printer holds A's receipt; the idle timeout comes during the
 * wait; B reaches a question; the printer lets the receipt out. */
static void
test_print(void)
{
  g_autoptr(AnyiStoredCase) a = NULL;
  g_autoptr(AnyiStoredCase) a_printing = NULL;
  g_autoptr(AnyiStoredCase) a_after = NULL;
  g_autoptr(AnyiStoredCase) b = NULL;

  a = citizen_a_sees_the_answer(FALSE);
  ptu_printer_ctl("receipt", "hold");
  /* time for the receipt to reach the printer before the timeout */
  citizen_a_walks_away(10);
  expect_page("finish", 20);
  ui_test_expect_text(root(), "正在打印", 5);
  expect_receipt_job(a->id, "printing", 20);
  g_assert_cmpstr(kiosk_window_get_page(window()), ==, "finish");
  a_printing = case_by_id(a->id);
  /* the answer was seen and the receipt asked for: A's case is done */
  g_assert_cmpstr(a_printing->state, ==, "submitted");
  idle_timeout_ends_it();
  b = citizen_b_reaches_a_question();
  g_assert_cmpint(b->id, !=, a->id);
  ptu_printer_ctl("receipt", "release");
  /* the receipt comes out; the print's callback has run by then */
  expect_receipt_job(a->id, "printed", 30);
  ui_test_spin(1);
  a_after = case_by_id(a->id);
  g_assert_cmpstr(a_after->state, ==, "submitted");
  citizen_b_is_untouched(b);
}

static GPid
cupsd_pid(void)
{
  g_autofree char *path =
      g_build_filename(g_getenv("ANYI_TEST_PRINTERS_DIR"), "cupsd", "pid", NULL);
  g_autofree char *text = NULL;

  g_assert_true(g_file_get_contents(path, &text, NULL, NULL));
  return (GPid)g_ascii_strtoll(text, NULL, 10);
}

static void
stop_cupsd(void)
{
  stopped_cupsd = cupsd_pid();
  g_assert_cmpint(kill(stopped_cupsd, SIGSTOP), ==, 0);
}

static void
resume_cupsd(void)
{
  if (stopped_cupsd > 0)
    kill(stopped_cupsd, SIGCONT);
  stopped_cupsd = 0;
}

static void
on_test_check(GObject *source, GAsyncResult *result, gpointer data)
{
  g_autofree char *problem = anyi_kiosk_check_printer_finish(ANYI_KIOSK(source), result, NULL);

  *(gboolean *)data = TRUE;
}

static gboolean
is_true(gpointer flag)
{
  return *(gboolean *)flag;
}

/* A check of our own, asked after the kiosk's, answers: cupsd has taken the
 * kiosk's hanging one first, and its answer is on the main loop; a little
 * more of the loop delivers it. */
static void
cupsd_answers_again(void)
{
  gboolean answered = FALSE;

  anyi_kiosk_check_printer_async(kiosk_application_get_kiosk(kiosk), ANYI_PRINTER_ROLE_RECEIPT,
                                 NULL, on_test_check, &answered);
  if (!ui_test_wait(is_true, &answered, 60))
    g_error("cupsd does not answer after SIGCONT");
  ui_test_spin(1);
}

/* cupsd stops answering as A's answer is shown: the result page's check of
 * the receipt printer, then the one made when A asks for the receipt, hang;
 * the idle timeout comes; B reaches a question; cupsd
 * answers again. */
static void
test_check(void)
{
  g_autoptr(AnyiStoredCase) a = NULL;
  g_autoptr(AnyiStoredCase) a_after = NULL;
  g_autoptr(AnyiStoredCase) b = NULL;

  a = citizen_a_sees_the_answer(TRUE);
  citizen_a_walks_away(2);
  /* still on the answer: the printer has not answered */
  g_assert_cmpstr(kiosk_window_get_page(window()), ==, "result");
  idle_timeout_ends_it();
  /* collected a card, no receipt wanted yet: to the window */
  a_after = case_by_id(a->id);
  g_assert_cmpstr(a_after->state, ==, "handed-off");
  b = citizen_b_reaches_a_question();
  resume_cupsd();
  cupsd_answers_again();
  g_autoptr(AnyiStoredCase) a_later = case_by_id(a->id);
  g_assert_cmpstr(a_later->state, ==, "handed-off");
  g_assert_null(receipt_job_state(a->id));
  citizen_b_is_untouched(b);
}

/* The kiosk warns of the receipt that came late, of the case handed off
 * by the timeout and of the printer that did not answer: expected, written
 * out, not fatal. */
static GLogWriterOutput
expected_warnings(GLogLevelFlags level, const GLogField *fields, gsize n_fields, gpointer data)
{
  static const char *const expected[] = {"print", "printer", "case ", "cups"};

  for (gsize i = 0; i < n_fields && (level & G_LOG_LEVEL_WARNING); i++) {
    if (!g_str_equal(fields[i].key, "MESSAGE"))
      continue;
    for (guint j = 0; j < G_N_ELEMENTS(expected); j++)
      if (strstr(fields[i].value, expected[j]))
        return g_log_writer_standard_streams(level, fields, n_fields, data);
  }
  return g_log_writer_default(level, fields, n_fields, data);
}

int
main(int argc, char **argv)
{
  const char *scenario = argc > 1 ? argv[1] : "";

  if (!g_getenv("DISPLAY") || !g_getenv("ANYI_DEVSIM_CONTROL") ||
      !g_getenv("ANYI_TEST_PRINTERS_DIR")) {
    g_print("SKIP: needs a display, emulated devices and printers (see tests/ui/meson.build)\n");
    return 77;
  }
  g_log_set_writer_func(expected_warnings, NULL, NULL);
  temp_store_prepare_data_home(&data_home);
  g_setenv("ANYI_IDLE_TIMEOUT", "600", TRUE);
  g_setenv("ANYI_IDLE_GRACE", "60", TRUE);
  kiosk_application_init_locale();
  gtk_test_init(&argc, &argv, NULL);
  kiosk = ui_test_start_kiosk();
  if (g_str_equal(scenario, "print"))
    test_print();
  else if (g_str_equal(scenario, "check"))
    test_check();
  else
    g_error("unknown scenario '%s'", scenario);
  resume_cupsd();
  ui_test_stop_kiosk(kiosk);
  temp_store_clear(&data_home);
  g_print("ok: a late answer (%s) left the next citizen's case alone\n", scenario);
  return 0;
}
