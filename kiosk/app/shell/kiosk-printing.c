/* kiosk-printing.c: the app's side of printing: the engine does the work. */
#include "kiosk-printing.h"
#include "cases/anyi-case-print.h"

#include <glib/gi18n-lib.h>

void
kiosk_print_async(KioskApplication *app, AnyiCase *kase, const char *template_name,
                  const char *role, JsonObject *data, GAsyncReadyCallback callback,
                  gpointer user_data)
{
  AnyiPrinterRole printer_role = ANYI_PRINTER_ROLE_A4;

  anyi_printer_role_from_string(role, &printer_role);
  anyi_case_print_async(kiosk_application_get_store(app), kiosk_application_get_settings(app), kase,
                        template_name, printer_role, data, NULL, callback, user_data);
}

gboolean
kiosk_print_finish(GAsyncResult *result, GError **error)
{
  return anyi_case_print_finish(result, error);
}

char *
kiosk_printer_problem(KioskApplication *app, const char *role)
{
  AnyiPrinterWatch *watch = kiosk_application_get_printer_watch(app, role);
  const AnyiPrinterStatus *status = watch ? anyi_printer_watch_get_status(watch) : NULL;
  AnyiPrinterRole printer_role =
      g_str_equal(role, "receipt") ? ANYI_PRINTER_ROLE_RECEIPT : ANYI_PRINTER_ROLE_A4;
  const AnyiPrinterFault *fault;

  /* No answer yet is not a fault: the job itself finds out and fails fast. */
  if (!status || anyi_printer_status_usable(status, printer_role))
    return NULL;
  fault = anyi_printer_status_worst_fault(status, printer_role);
  return g_strdup(fault ? fault->code : "unusable");
}
