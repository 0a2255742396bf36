/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Every error domain is named what its header says. clang-format once split
 * G_DEFINE_QUARK names into "anyi - case -runner - error - quark"; a
 * reformat like that fails here instead of changing the domain in logs. */
#include "cases/anyi-case-runner.h"
#include "cases/anyi-case-script.h"
#include "cases/anyi-case.h"
#include "catalogue/catalogue.h"
#include "hall/anyi-hall.h"
#include "ledger/postgres/anyi-pg-ledger.h"
#include "payment/anyi-payment.h"
#include "print/anyi-print-error.h"
#include "speech/anyi-speech.h"
#include "staff/anyi-staff.h"
#include "store/anyi-store.h"
#include "idcard/idcard-error.h"
#include "idcard/idcard-proto.h"

typedef struct {
  const char *name;
  GQuark (*quark)(void);
} ErrorDomain;

/* Every G_DEFINE_QUARK in kiosk/ and drivers/; a new error domain goes here too. */
static const ErrorDomain domains[] = {
    {"anyi-case-error-quark", anyi_case_error_quark},
    {"anyi-case-runner-error-quark", anyi_case_runner_error_quark},
    {"anyi-case-script-error-quark", anyi_case_script_error_quark},
    {"anyi-catalogue-error-quark", anyi_catalogue_error_quark},
    {"anyi-hall-error-quark", anyi_hall_error_quark},
    {"anyi-pg-ledger-error-quark", anyi_pg_ledger_error_quark},
    {"anyi-payment-error-quark", anyi_payment_error_quark},
    {"anyi-print-error-quark", anyi_print_error_quark},
    {"anyi-speech-error-quark", anyi_speech_error_quark},
    {"anyi-staff-error-quark", anyi_staff_error_quark},
    {"anyi-store-error-quark", anyi_store_error_quark},
    {"anyi-idcard-error-quark", anyi_idcard_error_quark},
    {"anyi-idcard-proto-error-quark", anyi_idcard_proto_error_quark},
};

static void
test_domain_is_named(gconstpointer data)
{
  const ErrorDomain *domain = data;

  g_assert_cmpstr(g_quark_to_string(domain->quark()), ==, domain->name);
}

int
main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  /* one report per misnamed domain, not only the first */
  g_test_set_nonfatal_assertions();
  for (gsize i = 0; i < G_N_ELEMENTS(domains); i++) {
    g_autofree char *path = g_strconcat("/error-domains/", domains[i].name, NULL);
    g_test_add_data_func(path, &domains[i], test_domain_is_named);
  }
  return g_test_run();
}
