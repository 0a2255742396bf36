/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The case state machine: legal moves only, persisted before applied. */
#include "cases/anyi-case.h"
#include "temp-store.h"

typedef struct {
  TempStore temp;
  AnyiStore *store; /* temp.store */
} Fixture;

static void
set_up(Fixture *f, gconstpointer data)
{
  f->store = temp_store_open(&f->temp);
}

static void
tear_down(Fixture *f, gconstpointer data)
{
  temp_store_clear(&f->temp);
}

static void
test_happy_path_is_persisted(Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AnyiCase) kase = anyi_case_start(f->store, "idcard-progress-query", 'A', &error);
  g_autoptr(AnyiCase) reloaded = NULL;

  g_assert_no_error(error);
  json_object_set_string_member(anyi_case_get_data(kase), "card_type", "resident");
  g_assert_true(anyi_case_advance(kase, ANYI_CASE_COLLECTING, "card-read", NULL, &error));
  g_assert_true(anyi_case_advance(kase, ANYI_CASE_REVIEWING, "result-shown", NULL, &error));
  reloaded = anyi_case_resume(f->store, anyi_case_get_id(kase), &error);
  g_assert_cmpint(anyi_case_get_state(reloaded), ==, ANYI_CASE_REVIEWING);
  g_assert_cmpstr(json_object_get_string_member(anyi_case_get_data(reloaded), "card_type"), ==,
                  "resident");
  g_assert_true(anyi_case_advance(kase, ANYI_CASE_SUBMITTED, "receipt-printed", NULL, &error));
  g_assert_true(anyi_case_state_is_final(anyi_case_get_state(kase)));
}

static void
test_illegal_moves_are_refused(Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AnyiCase) kase = anyi_case_start(f->store, "svc", 'A', NULL);

  g_assert_false(anyi_case_advance(kase, ANYI_CASE_SUBMITTED, "skip", NULL, &error));
  g_assert_error(error, ANYI_CASE_ERROR, ANYI_CASE_ERROR_ILLEGAL_TRANSITION);
  g_assert_cmpint(anyi_case_get_state(kase), ==, ANYI_CASE_STARTED);
}

static void
test_hand_off_keeps_everything_collected(Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AnyiCase) kase = anyi_case_start(f->store, "svc", 'A', NULL);
  g_autoptr(AnyiStoredHandoff) handoff = NULL;
  g_autoptr(JsonNode) summary = NULL;

  json_object_set_string_member(anyi_case_get_data(kase), "phone", "13800138000");
  g_assert_true(anyi_case_advance(kase, ANYI_CASE_COLLECTING, "card-read", NULL, &error));
  g_assert_true(anyi_case_hand_off(kase, ANYI_HANDOFF_DEVICE_FAILURE,
                                   "receipt printer: media-empty", "3", &error));
  handoff = anyi_store_handoff_for_case(f->store, anyi_case_get_id(kase), &error);
  g_assert_cmpstr(handoff->reason, ==, "device-failure");
  summary = json_from_string(handoff->summary_json, &error);
  g_assert_cmpstr(
      json_object_get_string_member(
          json_object_get_object_member(json_node_get_object(summary), "collected"), "phone"),
      ==, "13800138000");
  g_assert_false(anyi_case_hand_off(kase, ANYI_HANDOFF_TIMEOUT, NULL, "3", &error));
}

static void
test_reason_names_round_trip(void)
{
  for (int r = 0; r < ANYI_HANDOFF_NUM_REASONS; r++) {
    g_assert_nonnull(anyi_handoff_reason_to_string(r));
    g_assert_cmpstr(anyi_handoff_reason_describe(r), !=, "");
  }
  for (int s = 0; s < ANYI_CASE_NUM_STATES; s++) {
    AnyiCaseState back;
    g_assert_true(anyi_case_state_from_string(anyi_case_state_to_string(s), &back));
    g_assert_cmpint(back, ==, s);
  }
}

int
main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add("/case/happy-path", Fixture, NULL, set_up, test_happy_path_is_persisted, tear_down);
  g_test_add("/case/illegal", Fixture, NULL, set_up, test_illegal_moves_are_refused, tear_down);
  g_test_add("/case/hand-off", Fixture, NULL, set_up, test_hand_off_keeps_everything_collected,
             tear_down);
  g_test_add_func("/case/names", test_reason_names_round_trip);
  return g_test_run();
}
