/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-engine: the case engine's overhead, every service's happy path
 * played headless on a real SQLite file (durable commits, as on the kiosk)
 * with the emulated payment platform. Prints BENCH lines: name, value,
 * unit, target. */
#include "cases/anyi-case-script.h"
#include "payment/anyi-payment-emulated.h"
#include "temp-store.h"

#include <stdio.h>

#define ROUNDS 5

typedef struct {
  guint cases;
  guint events;
  gint64 usec;
} Totals;

static char *
happy_script(const AnyiService *service)
{
  static const char *const values[] = {[ANYI_FIELD_MOBILE] = "13812345678",
                                       [ANYI_FIELD_CHINESE_NAME] = "李四",
                                       [ANYI_FIELD_DATE] = "2026-11-01",
                                       [ANYI_FIELD_TEXT] = "成都",
                                       [ANYI_FIELD_ID_NUMBER] = "11010519491231002X"};
  g_autoptr(JsonBuilder) b = json_builder_new();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object(b);
  json_builder_set_member_name(b, "service");
  json_builder_add_string_value(b, service->id);
  json_builder_set_member_name(b, "today");
  json_builder_add_string_value(b, "2026-11-30");
  json_builder_set_member_name(b, "card");
  json_builder_begin_object(b);
  json_builder_set_member_name(b, "type");
  json_builder_add_string_value(b, service->card_types & ANYI_CARD_RESIDENT ? "resident"
                                                                            : "hk_mo_tw_permit");
  json_builder_set_member_name(b, "birth");
  json_builder_add_string_value(b, service->min_age > 30 ? "19500101" : "19900101");
  json_builder_end_object(b);
  json_builder_set_member_name(b, "form");
  json_builder_begin_object(b);
  for (guint s = 0; s < service->n_steps; s++)
    for (guint i = 0; i < service->steps[s].n_fields; i++) {
      const AnyiFormField *field = &service->steps[s].fields[i];
      json_builder_set_member_name(b, field->id);
      if (field->validator == ANYI_FIELD_CHOICE)
        json_builder_add_string_value(b, g_str_equal(field->id, "waiver") ? "none"
                                                                          : field->choices[0].id);
      else if (field->validator == ANYI_FIELD_DATE && field->date_range == ANYI_DATE_FUTURE)
        json_builder_add_string_value(b, "2026-12-07");
      else
        json_builder_add_string_value(b, values[field->validator]);
    }
  json_builder_end_object(b);
  json_builder_end_object(b);
  root = json_builder_get_root(b);
  return json_to_string(root, FALSE);
}

static void
play_once(AnyiStore *store, AnyiCatalogue *catalogue, AnyiPaymentProvider *payment,
          const char *json, Totals *totals)
{
  g_autoptr(AnyiCaseScript) script = anyi_case_script_new_from_data(json, NULL);
  g_autoptr(AnyiCaseRunner) runner = NULL;
  g_autoptr(GPtrArray) events = NULL;
  AnyiCaseRunnerConfig config;
  GDate today;
  gint64 start;

  anyi_case_script_get_config(script, &config);
  anyi_case_script_get_today(script, &today);
  start = g_get_monotonic_time();
  runner = anyi_case_runner_new(store, catalogue, payment, &config);
  anyi_case_runner_set_today(runner, &today);
  g_assert_true(anyi_case_runner_start(runner, anyi_case_script_get_service(script), NULL));
  g_assert_true(anyi_case_script_play(script, runner, NULL, NULL));
  totals->usec += g_get_monotonic_time() - start;
  g_assert_true(anyi_case_state_is_final(anyi_case_runner_get_state(runner)));
  events = anyi_store_case_events(store, anyi_case_get_id(anyi_case_runner_get_case(runner)), NULL);
  totals->events += events->len;
  totals->cases++;
}

int
main(void)
{
  g_autofree char *services = anyi_catalogue_default_dir();
  g_autoptr(AnyiCatalogue) catalogue = anyi_catalogue_load(services, NULL);
  TempStore temp = {0};
  AnyiStore *store = temp_store_open(&temp);
  g_autoptr(AnyiPaymentEmulated) payment = anyi_payment_emulated_new(NULL, NULL);
  Totals totals = {0};

  g_assert_nonnull(catalogue);
  for (int round = 0; round < ROUNDS; round++)
    for (guint i = 0; i < anyi_catalogue_get_n_services(catalogue); i++) {
      g_autofree char *json = happy_script(anyi_catalogue_get_service(catalogue, i));
      play_once(store, catalogue, ANYI_PAYMENT_PROVIDER(payment), json, &totals);
    }
  printf("BENCH\tengine step (persisted event, durable commit)\t%.0f\tus\t<= 20000\n",
         (double)totals.usec / totals.events);
  printf("BENCH\tengine whole case (happy path, mean of %u cases over %u services)\t%.0f\tus\t<= "
         "250000\n",
         totals.cases, anyi_catalogue_get_n_services(catalogue),
         (double)totals.usec / totals.cases);
  temp_store_clear(&temp);
  return 0;
}
