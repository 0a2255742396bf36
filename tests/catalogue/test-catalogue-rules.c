/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Fees with waivers, age eligibility and card validity, on a small fixture
 * whose numbers the test states (never on the hall's catalogue, whose fees
 * a hall may change). */
#include "catalogue/catalogue.h"

static AnyiCatalogue *
load_fixture(void)
{
  g_autofree char *dir = g_test_build_filename(G_TEST_DIST, "data", "good", NULL);
  g_autoptr(GError) error = NULL;
  AnyiCatalogue *catalogue = anyi_catalogue_load(dir, &error);
  g_assert_no_error(error);
  return catalogue;
}

static GDate *
date(int year, int month, int day)
{
  return g_date_new_dmy(day, month, year);
}

static void
test_fee_and_waivers(void)
{
  g_autoptr(AnyiCatalogue) catalogue = load_fixture();
  const AnyiService *s = anyi_catalogue_lookup(catalogue, "sample-renewal");

  g_assert_cmpint(anyi_catalogue_service_fee(s, NULL), ==, 2000);
  g_assert_cmpint(anyi_catalogue_service_fee(s, "dibao"), ==, 0);
  g_assert_cmpint(anyi_catalogue_service_fee(s, "no-such-waiver"), ==, -1);
  const AnyiWaiver *dibao = anyi_catalogue_service_waiver(s, "dibao");
  g_assert_nonnull(dibao);
  g_assert_cmpstr(dibao->proof->id, ==, "dibao-certificate");
}

/* Halving rounds down, in the citizen's favour, on a catalogue built here. */
static void
test_halving_rounds_down(void)
{
  g_autoptr(AnyiCatalogue) catalogue = load_fixture();
  AnyiService copy = *anyi_catalogue_lookup(catalogue, "sample-renewal");
  AnyiWaiver half = copy.fee.waivers[0];
  half.id = "hardship";
  half.effect = ANYI_WAIVER_HALVE;
  copy.fee.waivers = &half;
  copy.fee.amount_fen = 4001;

  g_assert_cmpint(anyi_catalogue_service_fee(&copy, "hardship"), ==, 2000);
  copy.fee.amount_fen = 4000;
  g_assert_cmpint(anyi_catalogue_service_fee(&copy, "hardship"), ==, 2000);
}

static void
test_age_in_years(void)
{
  g_autoptr(GDate) birth = date(2010, 6, 15);
  g_autoptr(GDate) day_before = date(2026, 6, 14);
  g_autoptr(GDate) birthday = date(2026, 6, 15);
  g_autoptr(GDate) earlier = date(2009, 1, 1);

  g_assert_cmpint(anyi_age_in_years(birth, day_before), ==, 15);
  g_assert_cmpint(anyi_age_in_years(birth, birthday), ==, 16);
  g_assert_cmpint(anyi_age_in_years(birth, earlier), ==, -1);
  g_assert_cmpint(anyi_age_in_years(birth, birth), ==, 0);
}

static void
test_leap_day_birthday(void)
{
  g_autoptr(GDate) birth = date(2008, 2, 29);
  g_autoptr(GDate) feb28 = date(2025, 2, 28);
  g_autoptr(GDate) mar1 = date(2025, 3, 1);
  g_autoptr(GDate) leap = date(2024, 2, 29);

  g_assert_cmpint(anyi_age_in_years(birth, feb28), ==, 16);
  g_assert_cmpint(anyi_age_in_years(birth, mar1), ==, 17);
  g_assert_cmpint(anyi_age_in_years(birth, leap), ==, 16);
}

static void
test_service_age_limits(void)
{
  g_autoptr(AnyiCatalogue) catalogue = load_fixture();
  const AnyiService *s = anyi_catalogue_lookup(catalogue, "sample-renewal");
  g_autoptr(GDate) today = date(2026, 11, 30);
  g_autoptr(GDate) fifteen = date(2011, 1, 1);
  g_autoptr(GDate) sixteen_today = date(2010, 11, 30);
  g_autoptr(GDate) sixty = date(1966, 11, 30);
  g_autoptr(GDate) sixty_one = date(1965, 11, 30);
  g_autoptr(GDate) future = date(2027, 1, 1);

  g_assert_cmpint(s->min_age, ==, 16);
  g_assert_cmpint(s->max_age, ==, 60);
  g_assert_cmpint(anyi_catalogue_service_check_age(s, fifteen, today), ==, ANYI_AGE_TOO_YOUNG);
  g_assert_cmpint(anyi_catalogue_service_check_age(s, sixteen_today, today), ==, ANYI_AGE_OK);
  g_assert_cmpint(anyi_catalogue_service_check_age(s, sixty, today), ==, ANYI_AGE_OK);
  g_assert_cmpint(anyi_catalogue_service_check_age(s, sixty_one, today), ==, ANYI_AGE_TOO_OLD);
  g_assert_cmpint(anyi_catalogue_service_check_age(s, future, today), ==, ANYI_AGE_NOT_BORN);
}

static void
test_card_types(void)
{
  g_autoptr(AnyiCatalogue) catalogue = load_fixture();
  const AnyiService *s = anyi_catalogue_lookup(catalogue, "sample-renewal");
  g_assert_true(anyi_catalogue_service_accepts_card(s, ANYI_CARD_RESIDENT));
  g_assert_false(anyi_catalogue_service_accepts_card(s, ANYI_CARD_HK_MO_TW_PERMIT));
  g_assert_false(anyi_catalogue_service_accepts_card(s, ANYI_CARD_FOREIGN_PERMANENT));
}

static void
test_validity_bands(void)
{
  g_autoptr(AnyiCatalogue) catalogue = load_fixture();
  const AnyiService *s = anyi_catalogue_lookup(catalogue, "sample-renewal");
  g_autoptr(GDate) today = date(2026, 11, 30);
  g_autoptr(GDate) child = date(2015, 5, 5);
  g_autoptr(GDate) adult = date(1990, 5, 5);

  const AnyiValidityBand *band = anyi_catalogue_service_validity(s, child, today);
  g_assert_nonnull(band);
  g_assert_cmpuint(band->years, ==, 5);
  g_assert_false(band->long_term);
  band = anyi_catalogue_service_validity(s, adult, today);
  g_assert_nonnull(band);
  g_assert_true(band->long_term);
}

static void
test_missing_materials(void)
{
  g_autoptr(AnyiCatalogue) catalogue = load_fixture();
  const AnyiService *s = anyi_catalogue_lookup(catalogue, "sample-renewal");
  g_assert_true(anyi_catalogue_service_allows_missing(s));
  const AnyiMaterial *m = anyi_catalogue_service_material(s, "household-register");
  g_assert_nonnull(m);
  g_assert_true(m->may_be_missing);
  g_assert_cmpint(m->kind, ==, ANYI_MATERIAL_SECONDARY);
  g_assert_null(anyi_catalogue_service_material(s, "passport"));
}

static void
test_judge_missing(void)
{
  g_autoptr(AnyiCatalogue) catalogue = load_fixture();
  const AnyiService *s = anyi_catalogue_lookup(catalogue, "sample-renewal");
  const AnyiMaterial *blocking = NULL;
  const char *none[] = {NULL};
  const char *register_only[] = {"household-register", NULL};
  const char *card[] = {"household-register", "id-card", NULL};
  const char *proof[] = {"dibao-certificate", NULL};

  g_assert_cmpint(anyi_catalogue_service_judge_missing(s, none, NULL, &blocking), ==,
                  ANYI_MATERIALS_COMPLETE);
  g_assert_cmpint(anyi_catalogue_service_judge_missing(s, NULL, NULL, NULL), ==,
                  ANYI_MATERIALS_COMPLETE);
  g_assert_cmpint(anyi_catalogue_service_judge_missing(s, register_only, NULL, &blocking), ==,
                  ANYI_MATERIALS_ACCEPT_MISSING);
  g_assert_null(blocking);
  g_assert_cmpint(anyi_catalogue_service_judge_missing(s, card, NULL, &blocking), ==,
                  ANYI_MATERIALS_HANDOFF);
  g_assert_cmpstr(blocking->id, ==, "id-card");
  /* A waiver's proof matters only when that waiver is claimed. */
  g_assert_cmpint(anyi_catalogue_service_judge_missing(s, proof, NULL, &blocking), ==,
                  ANYI_MATERIALS_COMPLETE);
  g_assert_cmpint(anyi_catalogue_service_judge_missing(s, proof, "dibao", &blocking), ==,
                  ANYI_MATERIALS_HANDOFF);
  g_assert_cmpstr(blocking->id, ==, "dibao-certificate");
}

static gboolean
national_day_week_off(const GDate *date, gpointer user_data)
{
  /* 1-7 October off; Sunday 28 September worked in their place. */
  int *calls = user_data;
  (*calls)++;
  if (g_date_get_month(date) == G_DATE_OCTOBER && g_date_get_day(date) <= 7)
    return FALSE;
  if (g_date_get_month(date) == G_DATE_SEPTEMBER && g_date_get_day(date) == 28)
    return TRUE;
  GDateWeekday day = g_date_get_weekday(date);
  return day != G_DATE_SATURDAY && day != G_DATE_SUNDAY;
}

static void
test_deadline(void)
{
  g_autoptr(AnyiCatalogue) catalogue = load_fixture();
  AnyiService s = *anyi_catalogue_lookup(catalogue, "sample-renewal");
  g_autoptr(GDate) friday = g_date_new_dmy(27, G_DATE_NOVEMBER, 2026);
  g_autoptr(GDate) before_holiday = g_date_new_dmy(26, G_DATE_SEPTEMBER, 2025);
  GDate deadline;
  int calls = 0;

  anyi_catalogue_service_deadline(&s, friday, NULL, NULL, &deadline);
  g_assert_cmpint(g_date_get_julian(&deadline) - g_date_get_julian(friday), ==, 45);

  s.time_limit.kind = ANYI_DAYS_WORKING;
  s.time_limit.days = 3;
  anyi_catalogue_service_deadline(&s, friday, NULL, NULL, &deadline);
  g_assert_cmpint(g_date_get_day(&deadline), ==, 2); /* Wednesday 2 December */
  g_assert_cmpint(g_date_get_month(&deadline), ==, G_DATE_DECEMBER);

  /* Friday 26 September 2025: Sunday 28th, Monday 29th, Tuesday 30th. */
  anyi_catalogue_service_deadline(&s, before_holiday, national_day_week_off, &calls, &deadline);
  g_assert_cmpint(g_date_get_day(&deadline), ==, 30);
  g_assert_cmpint(g_date_get_month(&deadline), ==, G_DATE_SEPTEMBER);
  g_assert_cmpint(calls, ==, 4);

  s.time_limit.days = 0;
  anyi_catalogue_service_deadline(&s, friday, NULL, NULL, &deadline);
  g_assert_cmpint(g_date_compare(&deadline, friday), ==, 0);
}

int
main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/catalogue/rules/fee-and-waivers", test_fee_and_waivers);
  g_test_add_func("/catalogue/rules/halving-rounds-down", test_halving_rounds_down);
  g_test_add_func("/catalogue/rules/age-in-years", test_age_in_years);
  g_test_add_func("/catalogue/rules/leap-day-birthday", test_leap_day_birthday);
  g_test_add_func("/catalogue/rules/service-age-limits", test_service_age_limits);
  g_test_add_func("/catalogue/rules/card-types", test_card_types);
  g_test_add_func("/catalogue/rules/validity-bands", test_validity_bands);
  g_test_add_func("/catalogue/rules/missing-materials", test_missing_materials);
  g_test_add_func("/catalogue/rules/judge-missing", test_judge_missing);
  g_test_add_func("/catalogue/rules/deadline", test_deadline);
  return g_test_run();
}
