/* SPDX-License-Identifier: GPL-3.0-or-later */
/* catalogue-rules.c: what a case engine asks of a service: fees, ages,
 * card validity, lookups by id. */
#include "catalogue.h"

const AnyiMaterial *
anyi_catalogue_service_material(const AnyiService *service, const char *id)
{
  g_return_val_if_fail(service != NULL && id != NULL, NULL);
  for (guint i = 0; i < service->n_materials; i++)
    if (g_strcmp0(service->materials[i].id, id) == 0)
      return &service->materials[i];
  return NULL;
}

const AnyiQuestion *
anyi_catalogue_service_question(const AnyiService *service, const char *id)
{
  g_return_val_if_fail(service != NULL && id != NULL, NULL);
  for (guint i = 0; i < service->n_questions; i++)
    if (g_strcmp0(service->questions[i].id, id) == 0)
      return &service->questions[i];
  return NULL;
}

const AnyiWaiver *
anyi_catalogue_service_waiver(const AnyiService *service, const char *id)
{
  g_return_val_if_fail(service != NULL && id != NULL, NULL);
  for (guint i = 0; i < service->fee.n_waivers; i++)
    if (g_strcmp0(service->fee.waivers[i].id, id) == 0)
      return &service->fee.waivers[i];
  return NULL;
}

char *
anyi_yuan_text(gint64 fen)
{
  return g_strdup_printf("%" G_GINT64_FORMAT ".%02d", fen / 100, (int)(fen % 100));
}

gint64
anyi_catalogue_service_fee(const AnyiService *service, const char *waiver_id)
{
  g_return_val_if_fail(service != NULL, -1);
  if (!waiver_id)
    return service->fee.amount_fen;
  const AnyiWaiver *waiver = anyi_catalogue_service_waiver(service, waiver_id);
  if (!waiver)
    return -1;
  switch (waiver->effect) {
  case ANYI_WAIVER_WAIVE:
    return 0;
  case ANYI_WAIVER_HALVE:
    /* Rounded down: an odd fen is the citizen's, never the hall's. */
    return service->fee.amount_fen / 2;
  }
  g_return_val_if_reached(-1);
}

int
anyi_age_in_years(const GDate *birth, const GDate *today)
{
  g_return_val_if_fail(birth != NULL && today != NULL, -1);
  if (!g_date_valid(birth) || !g_date_valid(today) || g_date_compare(birth, today) > 0)
    return -1;
  int years = g_date_get_year(today) - g_date_get_year(birth);
  GDateMonth today_month = g_date_get_month(today), birth_month = g_date_get_month(birth);
  /* Comparing month and day (not building this year's birthday) keeps a
   * 29 February birthday unreached on 28 February of a common year. */
  if (today_month < birth_month ||
      (today_month == birth_month && g_date_get_day(today) < g_date_get_day(birth)))
    years--;
  return years;
}

AnyiAgeCheck
anyi_catalogue_service_check_age(const AnyiService *service, const GDate *birth, const GDate *today)
{
  g_return_val_if_fail(service != NULL, ANYI_AGE_NOT_BORN);
  int age = anyi_age_in_years(birth, today);
  if (age < 0)
    return ANYI_AGE_NOT_BORN;
  if ((guint)age < service->min_age)
    return ANYI_AGE_TOO_YOUNG;
  if ((guint)age > service->max_age)
    return ANYI_AGE_TOO_OLD;
  return ANYI_AGE_OK;
}

gboolean
anyi_catalogue_service_accepts_card(const AnyiService *service, AnyiCardTypes card)
{
  g_return_val_if_fail(service != NULL, FALSE);
  return card != 0 && (service->card_types & card) == card;
}

const AnyiValidityBand *
anyi_catalogue_service_validity(const AnyiService *service, const GDate *birth, const GDate *today)
{
  g_return_val_if_fail(service != NULL, NULL);
  int age = anyi_age_in_years(birth, today);
  if (age < 0)
    return NULL;
  for (guint i = 0; i < service->n_validity; i++)
    if ((guint)age >= service->validity[i].min_age && (guint)age <= service->validity[i].max_age)
      return &service->validity[i];
  return NULL;
}

gboolean
anyi_catalogue_service_allows_missing(const AnyiService *service)
{
  g_return_val_if_fail(service != NULL, FALSE);
  for (guint i = 0; i < service->n_materials; i++)
    if (service->materials[i].may_be_missing)
      return TRUE;
  return FALSE;
}

static gboolean
is_unclaimed_waiver_proof(const AnyiService *service, const AnyiMaterial *material,
                          const char *claimed_waiver)
{
  gboolean is_proof = FALSE;
  for (guint i = 0; i < service->fee.n_waivers; i++) {
    const AnyiWaiver *waiver = &service->fee.waivers[i];
    if (waiver->proof != material)
      continue;
    if (claimed_waiver && g_str_equal(waiver->id, claimed_waiver))
      return FALSE;
    is_proof = TRUE;
  }
  return is_proof;
}

AnyiMaterialsVerdict
anyi_catalogue_service_judge_missing(const AnyiService *service, const char *const *missing_ids,
                                     const char *claimed_waiver, const AnyiMaterial **blocking)
{
  g_return_val_if_fail(service != NULL, ANYI_MATERIALS_HANDOFF);
  AnyiMaterialsVerdict verdict = ANYI_MATERIALS_COMPLETE;

  if (blocking)
    *blocking = NULL;
  for (const char *const *id = missing_ids; id && *id; id++) {
    const AnyiMaterial *material = anyi_catalogue_service_material(service, *id);
    g_return_val_if_fail(material != NULL, ANYI_MATERIALS_HANDOFF);
    if (is_unclaimed_waiver_proof(service, material, claimed_waiver))
      continue;
    if (!material->may_be_missing) {
      if (blocking)
        *blocking = material;
      return ANYI_MATERIALS_HANDOFF;
    }
    verdict = ANYI_MATERIALS_ACCEPT_MISSING;
  }
  return verdict;
}

static gboolean
is_weekday(const GDate *date, gpointer user_data)
{
  GDateWeekday day = g_date_get_weekday(date);
  return day != G_DATE_SATURDAY && day != G_DATE_SUNDAY;
}

void
anyi_catalogue_service_deadline(const AnyiService *service, const GDate *accepted,
                                AnyiWorkingDayFunc is_working_day, gpointer user_data,
                                GDate *deadline)
{
  g_return_if_fail(service != NULL && g_date_valid(accepted) && deadline != NULL);
  *deadline = *accepted;
  if (service->time_limit.kind == ANYI_DAYS_CALENDAR) {
    g_date_add_days(deadline, service->time_limit.days);
    return;
  }
  if (!is_working_day)
    is_working_day = is_weekday;
  for (guint counted = 0; counted < service->time_limit.days;) {
    g_date_add_days(deadline, 1);
    counted += is_working_day(deadline, user_data) ? 1 : 0;
  }
}
