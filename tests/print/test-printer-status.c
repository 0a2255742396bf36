/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The IPP reasons a printer reports fold into the model the kiosk acts on. */
#include "print/printer-status.h"

static AnyiPrinterStatus *
status_of(int state, const char *reasons)
{
  g_auto(GStrv) list = g_strsplit(reasons, " ", -1);
  return anyi_printer_status_new_from_reasons("q", state, TRUE, (const char *const *)list);
}

static void
test_paper(void)
{
  g_autoptr(AnyiPrinterStatus) low = status_of(3, "media-low-report");
  g_assert_cmpint(low->paper, ==, ANYI_PAPER_LOW);
  g_assert_true(anyi_printer_status_usable(low, ANYI_PRINTER_ROLE_RECEIPT));
  g_assert_cmpstr(anyi_printer_status_worst_fault(low, ANYI_PRINTER_ROLE_RECEIPT)->code, ==,
                  "paper-low");

  /* the suffix changes with activity; the keyword decides */
  const char *empties[] = {"media-empty-report", "media-empty-warning", "media-empty-error",
                           "media-empty", "media-needed-warning"};
  for (gsize i = 0; i < G_N_ELEMENTS(empties); i++) {
    g_autoptr(AnyiPrinterStatus) out = status_of(3, empties[i]);
    g_assert_cmpint(out->paper, ==, ANYI_PAPER_OUT);
    g_assert_false(anyi_printer_status_usable(out, ANYI_PRINTER_ROLE_RECEIPT));
    const AnyiPrinterFault *fault = anyi_printer_status_worst_fault(out, ANYI_PRINTER_ROLE_A4);
    g_assert_cmpint(fault->recovery, ==, ANYI_RECOVERY_CLEAR);
    g_assert_nonnull(g_strstr_len(fault->text_zh, -1, "纸"));
  }

  g_autoptr(AnyiPrinterStatus) jam = status_of(5, "media-low-warning media-jam-error");
  g_assert_cmpint(jam->paper, ==, ANYI_PAPER_JAMMED);
  g_assert_cmpstr(anyi_printer_status_worst_fault(jam, ANYI_PRINTER_ROLE_A4)->code, ==,
                  "paper-jammed");
  g_assert_cmpstr(jam->reasons, ==, "media-jam-error, media-low-warning");
}

static void
test_toner_matters_only_for_a4(void)
{
  g_autoptr(AnyiPrinterStatus) out = status_of(3, "toner-empty-warning");
  g_assert_cmpint(out->toner, ==, ANYI_TONER_OUT);
  g_assert_true(anyi_printer_status_usable(out, ANYI_PRINTER_ROLE_RECEIPT));
  g_assert_null(anyi_printer_status_worst_fault(out, ANYI_PRINTER_ROLE_RECEIPT));
  g_assert_false(anyi_printer_status_usable(out, ANYI_PRINTER_ROLE_A4));

  g_autoptr(AnyiPrinterStatus) low = status_of(3, "marker-supply-low-report");
  g_assert_cmpint(low->toner, ==, ANYI_TONER_LOW);
  g_assert_true(anyi_printer_status_usable(low, ANYI_PRINTER_ROLE_A4));
}

static void
test_cover_offline_and_stopped(void)
{
  g_autoptr(AnyiPrinterStatus) cover = status_of(3, "cover-open-report");
  g_assert_true(cover->cover_open);
  g_assert_false(anyi_printer_status_usable(cover, ANYI_PRINTER_ROLE_RECEIPT));

  g_autoptr(AnyiPrinterStatus) offline = status_of(3, "offline-report");
  g_assert_true(offline->offline);
  g_assert_cmpint(anyi_printer_status_worst_fault(offline, ANYI_PRINTER_ROLE_A4)->recovery, ==,
                  ANYI_RECOVERY_MAINTENANCE);

  g_autoptr(AnyiPrinterStatus) stopped = status_of(5, "paused");
  g_assert_false(anyi_printer_status_usable(stopped, ANYI_PRINTER_ROLE_A4));
  g_assert_cmpstr(anyi_printer_status_worst_fault(stopped, ANYI_PRINTER_ROLE_A4)->code, ==,
                  "queue-stopped");
}

static void
test_unknown_and_cups_reasons(void)
{
  g_autoptr(AnyiPrinterStatus) idle = status_of(3, "none");
  g_assert_cmpuint(idle->faults->len, ==, 0);
  g_assert_true(anyi_printer_status_usable(idle, ANYI_PRINTER_ROLE_A4));

  g_autoptr(AnyiPrinterStatus) cups = status_of(3, "cups-ipp-missing-job-history other-report");
  g_assert_cmpuint(cups->faults->len, ==, 0);

  g_autoptr(AnyiPrinterStatus) odd = status_of(3, "fuser-over-temp-error media-low-report");
  g_assert_cmpuint(odd->faults->len, ==, 2);
  g_assert_true(anyi_printer_status_usable(odd, ANYI_PRINTER_ROLE_A4));
  /* errors before reports */
  g_assert_cmpstr(anyi_printer_status_worst_fault(odd, ANYI_PRINTER_ROLE_A4)->code, ==,
                  "printer-fuser-over-temp");
}

static void
test_same_and_copy(void)
{
  g_autoptr(AnyiPrinterStatus) a = status_of(3, "media-low-report");
  g_autoptr(AnyiPrinterStatus) b = status_of(4, "media-low-warning");
  g_autoptr(AnyiPrinterStatus) c = status_of(3, "media-empty-report");
  g_assert_true(anyi_printer_status_same(a, b));
  g_assert_false(anyi_printer_status_same(a, c));
  g_autoptr(AnyiPrinterStatus) copy = anyi_printer_status_copy(c);
  g_assert_true(anyi_printer_status_same(copy, c));
  g_assert_cmpstr(copy->reasons, ==, c->reasons);
}

int
main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/print/status/paper", test_paper);
  g_test_add_func("/print/status/toner-matters-only-for-a4", test_toner_matters_only_for_a4);
  g_test_add_func("/print/status/cover-offline-and-stopped", test_cover_offline_and_stopped);
  g_test_add_func("/print/status/unknown-and-cups-reasons", test_unknown_and_cups_reasons);
  g_test_add_func("/print/status/same-and-copy", test_same_and_copy);
  return g_test_run();
}
