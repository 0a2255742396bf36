/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-engine-typing.c: issue 13 item 8, counted from the engine's own
 * scenarios. A scenario "ends at the window only because a field needs
 * typing" when it is finished at the kiosk (no handoff) and passes a form
 * with a required free-text field (text or a name):
 *   before the kiosk's input widget, nothing could be typed there, so every
 *   such scenario stopped at "这一项必须填写。" and went to a window;
 *   now it still does so only if a value it types holds a character the
 *   widget cannot produce (Han characters come from pinyin or handwriting,
 *   digits and X from the number keys, · from its own key).
 * The figures are printed (g_test_message) for the note. */
#include "engine-scenarios.h"

static gboolean
widget_can_type(const char *value)
{
  for (const char *p = value; *p; p = g_utf8_next_char(p)) {
    gunichar c = g_utf8_get_char(p);
    if (!(g_unichar_get_script(c) == G_UNICODE_SCRIPT_HAN || g_ascii_isdigit(c) || c == 'X' ||
          c == 0x00B7))
      return FALSE;
  }
  return TRUE;
}

static gboolean
is_free_text(const AnyiFormField *field)
{
  return field->required &&
         (field->validator == ANYI_FIELD_TEXT || field->validator == ANYI_FIELD_CHINESE_NAME);
}

/* Counts, for SERVICE, scenarios blocked by typing before and now. */
static void
count_service(const AnyiService *service, guint *before, guint *after)
{
  g_autoptr(GPtrArray) scenarios = engine_scenarios_for_service(service);

  *before = *after = 0;
  for (guint n = 0; n < scenarios->len; n++) {
    const EngineScenario *scenario = g_ptr_array_index(scenarios, n);
    g_autoptr(JsonParser) parser = json_parser_new();
    JsonObject *form;
    gboolean needs_typing = FALSE, untypeable = FALSE;

    if (scenario->expect_reason || scenario->expect_stopped)
      continue;
    g_assert_true(json_parser_load_from_data(parser, scenario->script, -1, NULL));
    form =
        json_object_get_object_member(json_node_get_object(json_parser_get_root(parser)), "form");
    for (guint s = 0; form && s < service->n_steps; s++)
      for (guint i = 0; i < service->steps[s].n_fields; i++) {
        const AnyiFormField *field = &service->steps[s].fields[i];
        const char *value = json_object_get_string_member_with_default(form, field->id, "");
        if (!is_free_text(field))
          continue;
        needs_typing = TRUE;
        untypeable |= !widget_can_type(value);
      }
    *before += needs_typing;
    *after += needs_typing && untypeable;
  }
}

static void
test_typing_count(void)
{
  g_autoptr(AnyiCatalogue) catalogue = engine_test_catalogue();
  guint total_before = 0, total_after = 0, services = 0;

  for (guint i = 0; i < anyi_catalogue_get_n_services(catalogue); i++) {
    const AnyiService *service = anyi_catalogue_get_service(catalogue, i);
    guint before, after;

    count_service(service, &before, &after);
    if (before == 0)
      continue;
    services++;
    g_test_message("typing: %s: %u scenarios ended at the window before, %u now", service->id,
                   before, after);
    total_before += before;
    total_after += after;
  }
  g_test_message("typing: %u services, %u scenarios before, %u now", services, total_before,
                 total_after);
  g_assert_cmpuint(services, >=, 16); /* the table */
  g_assert_cmpuint(total_after, ==, 0);
}

int
main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/engine/typing/count", test_typing_count);
  return g_test_run();
}
