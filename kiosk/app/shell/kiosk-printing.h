/* kiosk-printing.h: printing a case's document without freezing the screen. */
#pragma once

#include "cases/anyi-case.h"
#include "kiosk-application.h"

G_BEGIN_DECLS

/* Renders @template_name with @data and records the job (on this thread),
 * then submits it and follows it to its end on a worker thread. */
void kiosk_print_async(KioskApplication *app, AnyiCase *kase, const char *template_name,
                       const char *role, JsonObject *data, GAsyncReadyCallback callback,
                       gpointer user_data);
gboolean kiosk_print_finish(GAsyncResult *result, GError **error);

/* NULL when the printer of @role ("receipt", "a4") can print now, else a
 * sentence for the citizen saying what is wrong. */
char *kiosk_printer_problem(KioskApplication *app, const char *role);

G_END_DECLS
