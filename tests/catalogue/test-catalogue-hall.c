/* The hall's own catalogue (assets/services) loads with no problem, and
 * what the lead's first pages and the leaflet printer rely on is there. */
#include "catalogue/catalogue.h"

#include <string.h>

static AnyiCatalogue *
load_hall(void)
{
  const char *dir = g_getenv("ANYI_TEST_SERVICES_DIR");
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GError) error = NULL;
  g_assert_nonnull(dir);
  AnyiCatalogue *catalogue = anyi_catalogue_load_full(dir, &problems, &error);
  g_assert_no_error(error);
  g_assert_cmpuint(problems->len, ==, 0);
  return catalogue;
}

static void
test_loads_without_problems(void)
{
  g_autoptr(AnyiCatalogue) catalogue = load_hall();
  g_assert_cmpuint(anyi_catalogue_get_n_services(catalogue), >, 0);
}

static void
test_progress_query(void)
{
  g_autoptr(AnyiCatalogue) catalogue = load_hall();
  const AnyiService *s = anyi_catalogue_lookup(catalogue, "idcard-progress-query");

  g_assert_nonnull(s);
  g_assert_cmpint(s->completion, ==, ANYI_COMPLETION_KIOSK);
  g_assert_cmpuint(s->n_steps, ==, 2);
  g_assert_cmpint(s->steps[0].type, ==, ANYI_STEP_READ_CARD);
  g_assert_cmpint(s->steps[1].type, ==, ANYI_STEP_RESULT);
  g_assert_true(s->steps[1].prints & ANYI_PRINT_RECEIPT);
  g_assert_cmpint(anyi_catalogue_service_fee(s, NULL), ==, 0);
}

static int
display_key_compare(const AnyiService *a, const AnyiService *b)
{
  if (a->category->order != b->category->order)
    return a->category->order - b->category->order;
  if (a->order != b->order)
    return a->order - b->order;
  return strcmp(a->id, b->id);
}

static void
test_display_order(void)
{
  g_autoptr(AnyiCatalogue) catalogue = load_hall();
  guint n = anyi_catalogue_get_n_services(catalogue);
  for (guint i = 1; i < n; i++)
    g_assert_cmpint(display_key_compare(anyi_catalogue_get_service(catalogue, i - 1),
                                        anyi_catalogue_get_service(catalogue, i)),
                    <, 0);
  for (guint i = 1; i < anyi_catalogue_get_n_categories(catalogue); i++)
    g_assert_cmpint(anyi_catalogue_get_category(catalogue, i - 1)->order, <=,
                    anyi_catalogue_get_category(catalogue, i)->order);
}

static void
test_every_service_to_json(void)
{
  g_autoptr(AnyiCatalogue) catalogue = load_hall();
  for (guint i = 0; i < anyi_catalogue_get_n_services(catalogue); i++) {
    const AnyiService *s = anyi_catalogue_get_service(catalogue, i);
    g_autoptr(JsonNode) node = anyi_catalogue_service_to_json(s);
    JsonObject *o = json_node_get_object(node);
    g_assert_cmpstr(json_object_get_string_member(o, "id"), ==, s->id);
    g_assert_cmpuint(json_array_get_length(json_object_get_array_member(o, "materials")), ==,
                     s->n_materials);
    g_assert_cmpuint(json_array_get_length(json_object_get_array_member(o, "steps")), ==,
                     s->n_steps);
    JsonObject *fee = json_object_get_object_member(o, "fee");
    g_assert_cmpint(json_object_get_int_member(fee, "amount_fen"), ==, s->fee.amount_fen);
    g_assert_true(json_object_has_member(o, "guidance"));
    g_assert_true(json_object_has_member(o, "online_link"));
    g_assert_true(json_object_has_member(o, "collection"));
    g_assert_true(json_object_has_member(o, "time_limit"));
  }
}

int
main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/catalogue/hall/loads-without-problems", test_loads_without_problems);
  g_test_add_func("/catalogue/hall/progress-query", test_progress_query);
  g_test_add_func("/catalogue/hall/display-order", test_display_order);
  g_test_add_func("/catalogue/hall/every-service-to-json", test_every_service_to_json);
  return g_test_run();
}
