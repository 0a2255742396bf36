/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Every kind of broken catalogue is refused, and the problem names the
 * file, the JSON path and what is wrong, so a technician can fix it. */
#include "catalogue/catalogue.h"

#include <string.h>

typedef struct {
  const char *dir;
  const char *file;
  const char *path;
  const char *message; /* a part of the sentence */
} BadCase;

static const BadCase bad_cases[] = {
    {"missing-field", "sample-renewal.json", "$.fee", "required field is missing"},
    {"unknown-field", "sample-renewal.json", "$.materials[0].kiosk_captrue", "unknown field"},
    {"wrong-type", "sample-renewal.json", "$.order", "expected an integer, found a string"},
    {"unknown-step-type", "sample-renewal.json", "$.steps[0].type", "unknown value 'scan-card'"},
    {"unknown-material", "sample-renewal.json", "$.steps[3].material", "no material 'passport'"},
    {"essential-may-be-missing", "sample-renewal.json", "$.materials[1].may_be_missing",
     "essential material can never be missing"},
    {"duplicate-ids", "b-renewal.json", "$.id",
     "duplicate id 'sample-renewal', also used by a-renewal.json"},
    {"bad-syntax", "sample-renewal.json", "$", "not valid JSON"},
    {"duplicate-material-ids", "sample-renewal.json", "$.materials[2].id",
     "duplicate id 'household-register'"},
    {"unknown-category", "sample-renewal.json", "$.category", "no category 'passports'"},
    {"empty-category", "categories.json", "$.categories[1]",
     "no service is in the category 'passports'"},
    {"awaiting-path", "sample-renewal.json", "$.awaiting_confirmation[0].path",
     "'$.fee.amount' names no value"},
    {"window-only-material", "sample-renewal.json", "$.materials[0]",
     "only a window can take, so completion must be start-at-kiosk"},
    {"result-not-last", "sample-renewal.json", "$.steps", "exactly one result step"},
    {"text-missing-language", "sample-renewal.json", "$.names.en", "required field is missing"},
    {"bad-validity", "sample-renewal.json", "$.card_validity",
     "band 1 starts at age 18, expected 16"},
    {"bad-waiver-choice", "sample-renewal.json", "$.fee.waivers", "must be a choice of \"none\""},
    {"unasked-question", "sample-renewal.json", "$.eligibility[0]", "is never asked"},
    {"blank-reason", "sample-renewal.json", "$.eligibility[0].handoff_reason",
     "needs a reason in plain words"},
    {"no-categories", "categories.json", "$", "the file is missing"},
    {"odd-files", "array.json", "$", "expected an object, found an array"},
    {"odd-files", "empty.json", "$", "the file is empty"},
    {"odd-files", "not-utf8.json", "$", "not valid JSON"},
    /* a word of the office in a prompt: refused with the plain words to say */
    {"jargon", "sample-renewal.json", "$.steps[3].prompt.zh",
     "“高拍仪” is a word of the office that a citizen may not know: say “下方的拍摄台”"},
};

static char *
data_dir(const char *name)
{
  return g_test_build_filename(G_TEST_DIST, "data", name, NULL);
}

static gboolean
has_problem(GPtrArray *problems, const BadCase *bad)
{
  for (guint i = 0; i < problems->len; i++) {
    const AnyiCatalogueProblem *p = g_ptr_array_index(problems, i);
    if (g_str_equal(p->file, bad->file) && g_str_equal(p->path, bad->path) &&
        strstr(p->message, bad->message))
      return TRUE;
  }
  return FALSE;
}

static void
test_bad_case(gconstpointer data)
{
  const BadCase *bad = data;
  g_autofree char *dir = data_dir(bad->dir);
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(AnyiCatalogue) catalogue = anyi_catalogue_load_full(dir, &problems, &error);

  g_assert_null(catalogue);
  g_assert_error(error, ANYI_CATALOGUE_ERROR, ANYI_CATALOGUE_ERROR_INVALID);
  g_assert_nonnull(problems);
  if (!has_problem(problems, bad))
    g_error("%s: expected \"%s: %s: ...%s...\", got:\n%s", bad->dir, bad->file, bad->path,
            bad->message, error->message);
  /* The aggregated message carries the same problem on its own line. */
  g_autofree char *line = g_strdup_printf("\n%s: %s: ", bad->file, bad->path);
  g_assert_nonnull(strstr(error->message, line));
  g_auto(GStrv) lines = g_strsplit(error->message, "\n", -1);
  g_assert_cmpuint(g_strv_length(lines) - 1, ==, problems->len);
}

/* One file with a wrong shape nearly everywhere: every problem is listed,
 * none hides another, and nothing crashes on the way. */
static const BadCase wrong_shapes[] = {
    {"wrong-shapes", "sample-renewal.json", "$.names", "expected an object, found a string"},
    {"wrong-shapes", "sample-renewal.json", "$.flags", "expected an array, found a string"},
    {"wrong-shapes", "sample-renewal.json", "$.eligibility[0]", "expected an object, found null"},
    {"wrong-shapes", "sample-renewal.json", "$.materials[0]", "found an integer"},
    {"wrong-shapes", "sample-renewal.json", "$.materials[3].id", "is not an id"},
    {"wrong-shapes", "sample-renewal.json", "$.materials[3].names.fr", "unknown field 'fr'"},
    {"wrong-shapes", "sample-renewal.json", "$.materials[3].may_be_missing",
     "expected true or false"},
    {"wrong-shapes", "sample-renewal.json", "$.steps[0].fields[0].max_length",
     "required field is missing"},
    {"wrong-shapes", "sample-renewal.json", "$.steps[1].material", "required field is missing"},
    {"wrong-shapes", "sample-renewal.json", "$.steps[2].questions[1]", "not the id of a question"},
    {"wrong-shapes", "sample-renewal.json", "$.steps[3].prints[0]", "unknown value 'fax'"},
    {"wrong-shapes", "sample-renewal.json", "$.steps[3].prints[2]", "listed twice"},
    {"wrong-shapes", "sample-renewal.json", "$.fee.amount_fen", "found a fractional number"},
    {"wrong-shapes", "sample-renewal.json", "$.time_limit", "found an array"},
    {"wrong-shapes", "sample-renewal.json", "$.legal_basis", "at least one entry"},
    {"wrong-shapes", "sample-renewal.json", "$.card_validity[0]", "either years or"},
    {"wrong-shapes", "sample-renewal.json", "$.online_link", "https://"},
    {"wrong-shapes", "sample-renewal.json", "$.awaiting_confirmation[0]", "found a string"},
};

static void
test_wrong_shapes(void)
{
  g_autofree char *dir = data_dir("wrong-shapes");
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(AnyiCatalogue) catalogue = anyi_catalogue_load_full(dir, &problems, NULL);

  g_assert_null(catalogue);
  for (gsize i = 0; i < G_N_ELEMENTS(wrong_shapes); i++)
    if (!has_problem(problems, &wrong_shapes[i]))
      g_error("no problem \"%s: ...%s...\"", wrong_shapes[i].path, wrong_shapes[i].message);
}

static void
test_good_fixture_loads(void)
{
  g_autofree char *dir = data_dir("good");
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(AnyiCatalogue) catalogue = anyi_catalogue_load_full(dir, &problems, &error);

  g_assert_no_error(error);
  g_assert_nonnull(catalogue);
  g_assert_cmpuint(problems->len, ==, 0);
  g_assert_nonnull(anyi_catalogue_lookup(catalogue, "sample-renewal"));
}

static void
test_unreadable_folder(void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AnyiCatalogue) catalogue = anyi_catalogue_load("/nonexistent/services", &error);
  g_assert_null(catalogue);
  g_assert_error(error, ANYI_CATALOGUE_ERROR, ANYI_CATALOGUE_ERROR_IO);
}

/* Problems in several files all come out in one run, grouped by file. */
static void
test_problems_aggregate_across_files(void)
{
  g_autofree char *dir = data_dir("duplicate-ids");
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(AnyiCatalogue) catalogue = anyi_catalogue_load_full(dir, &problems, NULL);
  g_assert_null(catalogue);
  g_assert_cmpuint(problems->len, ==, 1);
}

int
main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  for (gsize i = 0; i < G_N_ELEMENTS(bad_cases); i++) {
    g_autofree char *name =
        g_strdup_printf("/catalogue/invalid/%s/%s", bad_cases[i].dir, bad_cases[i].file);
    g_test_add_data_func(name, &bad_cases[i], test_bad_case);
  }
  g_test_add_func("/catalogue/invalid/wrong-shapes", test_wrong_shapes);
  g_test_add_func("/catalogue/invalid/good-fixture-loads", test_good_fixture_loads);
  g_test_add_func("/catalogue/invalid/unreadable-folder", test_unreadable_folder);
  g_test_add_func("/catalogue/invalid/one-problem-per-line", test_problems_aggregate_across_files);
  return g_test_run();
}
