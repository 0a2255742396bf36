/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-window-walk.c: a case stopped short at the kiosk reaches the window
 * and back.
 *
 * `anyictl case run` plays a renewal on a kiosk without a fingerprint
 * reader (the household register left for later, 容缺, the fee paid), which
 * hands it to the window with a slip. The window opens it from the slip's
 * QR payload as a barcode scanner types it, and finds everything the
 * citizen gave: nothing is asked again. The window records its outcome
 * with a note for the citizen, and the kiosk's own progress query (the
 * kiosk core's runner configuration) shows both. */
#include "cases/anyi-case-runner.h"
#include "kiosk/anyi-kiosk.h"
#include "ledger/anyi-ledger-sqlite.h"
#include "temp-store.h"

#define ID_NUMBER "11010519491231002X"
#define CARD                                                                                       \
  "\"card\": {\"type\": \"resident\", \"name\": \"张三\", \"sex\": \"1\", \"birth\": "           \
  "\"19491231\", \"id_number\": \"" ID_NUMBER "\", \"address\": \"北京市东城区\", "          \
  "\"valid_to\": \"20300101\"}"

static const char renewal[] =
    "{\"service\": \"idcard-renewal\", \"today\": \"2026-11-30\","
    " \"kiosk\": {\"letter\": \"A\", \"window\": \"5\", \"has_fingerprint_reader\": false,"
    " \"kiosk_id\": \"KIOSK-A1\"}, " CARD ","
    " \"form\": {\"mobile\": \"13800138000\", \"collection\": \"window\", \"waiver\": \"none\"},"
    " \"missing\": [\"household-register\"], \"commit_to_missing\": true,"
    " \"payment\": {\"outcome\": \"paid\"}}";

/* `anyictl case run` on @db_path; its JSON output. */
static JsonObject *
run_case(TempStore *temp, const char *script)
{
  g_autofree char *script_path = g_build_filename(temp->dir, "script.json", NULL);
  const char *argv[] = {g_getenv("ANYICTL"),
                        "case",
                        "run",
                        script_path,
                        "--db",
                        temp->db_path,
                        "--catalogue",
                        g_getenv("ANYI_TEST_SERVICES_DIR"),
                        NULL};
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new();
  int status;

  g_assert_nonnull(argv[0]);
  g_assert_true(g_file_set_contents(script_path, script, -1, NULL));
  g_assert_true(g_spawn_sync(NULL, (char **)argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL,
                             &out, NULL, &status, &error));
  g_assert_no_error(error);
  g_assert_true(g_spawn_check_wait_status(status, NULL));
  g_assert_true(json_parser_load_from_data(parser, out, -1, &error));
  return json_object_ref(json_node_get_object(json_parser_get_root(parser)));
}

/* What the slip's QR code holds (print-templates/handoff-slip.json: the
 * case number). */
static char *
slip_payload(JsonObject *run)
{
  JsonArray *documents = json_object_get_array_member(run, "documents");

  for (guint i = 0; i < json_array_get_length(documents); i++) {
    JsonObject *document = json_array_get_object_element(documents, i);
    if (g_str_equal(json_object_get_string_member(document, "template"), "handoff-slip"))
      return g_strdup(json_object_get_string_member(json_object_get_object_member(document, "data"),
                                                    "case_number"));
  }
  g_assert_not_reached();
}

static gboolean
printed(const AnyiLedgerCase *kase, const char *template_name)
{
  for (guint i = 0; i < kase->printed->len; i++)
    if (g_str_has_prefix(kase->printed->pdata[i], template_name))
      return TRUE;
  return FALSE;
}

static void
assert_nothing_asked_again(const AnyiLedgerCase *kase)
{
  AnyiLedgerCommitment *commitment;

  g_assert_cmpstr(json_object_get_string_member(kase->card, "name"), ==, "张三");
  g_assert_cmpstr(anyi_ledger_case_id_number(kase), ==, ID_NUMBER);
  g_assert_cmpstr(json_object_get_string_member(kase->card, "address"), ==, "北京市东城区");
  g_assert_true(json_object_get_boolean_member(kase->answers, "expiring"));
  g_assert_cmpstr(json_object_get_string_member(kase->form, "mobile"), ==, "13800138000");
  g_assert_cmpstr(json_object_get_string_member(kase->form, "collection"), ==, "window");
  g_assert_cmpint(kase->amount_fen, ==, 2000);
  g_assert_cmpstr(kase->payment_state, ==, "paid");
  g_assert_nonnull(kase->order_id);
  g_assert_cmpstr(kase->reason, ==, "window-finishes");
  g_assert_cmpuint(kase->commitments->len, ==, 1);
  commitment = kase->commitments->pdata[0];
  g_assert_cmpstr(commitment->material_id, ==, "household-register");
  g_assert_nonnull(commitment->deadline);
  g_assert_cmpstr(commitment->committed_on, ==, "2026-11-30");
  g_assert_true(printed(kase, "handoff-slip"));
  g_assert_true(printed(kase, "one-time-notice"));
  g_assert_true(printed(kase, "receipt"));
  /* the photo the renewal took is listed for the window (the script's
   * stand-in has no file: the window is told so, in words) */
  g_assert_cmpuint(kase->images->len, ==, 1);
  g_assert_cmpstr(((AnyiLedgerImage *)kase->images->pdata[0])->what, ==, "photo");
}

/* The kiosk's progress query, configured as the kiosk configures it. */
static JsonObject *
kiosk_progress_answer(AnyiKiosk *kiosk)
{
  AnyiCaseRunnerConfig config;
  AnyiCaseCard card = {.type = ANYI_CARD_RESIDENT,
                       .name = "张三",
                       .sex = "1",
                       .birth = "19491231",
                       .id_number = ID_NUMBER,
                       .address = "北京市东城区",
                       .valid_to = "20300101"};
  g_autoptr(GError) error = NULL;
  g_autoptr(AnyiCaseRunner) runner = NULL;
  JsonObject *answer;

  anyi_kiosk_get_runner_config(kiosk, &config);
  runner = anyi_case_runner_new(anyi_kiosk_get_store(kiosk), anyi_kiosk_get_catalogue(kiosk), NULL,
                                &config);
  g_assert_true(anyi_case_runner_start(runner, "idcard-progress-query", &error));
  g_assert_true(anyi_case_runner_card_read(runner, &card, &error));
  g_assert_no_error(error);
  answer = anyi_case_runner_get_answer(runner);
  g_assert_nonnull(answer);
  {
    /* a copy: the case wipes its own answer, references included, when the
     * runner goes */
    g_autoptr(JsonNode) node = json_node_init_object(json_node_alloc(), answer);
    g_autofree char *text = json_to_string(node, FALSE);
    g_autoptr(JsonNode) copy = json_from_string(text, NULL);

    return json_object_ref(json_node_get_object(copy));
  }
}

static gboolean
lines_have(JsonObject *answer, const char *text)
{
  JsonArray *lines = json_object_get_array_member(answer, "lines");

  for (guint i = 0; i < json_array_get_length(lines); i++)
    if (strstr(json_array_get_string_element(lines, i), text))
      return TRUE;
  return FALSE;
}

static void
test_walk(void)
{
  TempStore temp = {0};
  g_autoptr(JsonObject) run = NULL;
  g_autofree char *payload = NULL, *scanned = NULL, *number = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(AnyiKiosk) kiosk = NULL;
  g_autoptr(AnyiLedger) ledger = NULL;
  g_autoptr(AnyiLedgerCase) kase = NULL;
  g_autoptr(JsonObject) before = NULL, after = NULL;
  JsonObject *window;

  temp_store_prepare(&temp);
  run = run_case(&temp, renewal);
  g_assert_cmpstr(json_object_get_string_member(run, "state"), ==, "handed-off");
  payload = slip_payload(run);
  {
    AnyiKioskPlaces places = {.db_path = temp.db_path,
                              .catalogue_dir = g_getenv("ANYI_TEST_SERVICES_DIR")};
    kiosk = anyi_kiosk_open_at(&places, &error);
    g_assert_no_error(error);
  }
  ledger = anyi_ledger_sqlite_new(anyi_kiosk_get_store(kiosk), "KIOSK-A1");

  /* the scanner types the payload and Enter */
  scanned = g_strconcat(payload, "\n", NULL);
  number = anyi_ledger_find(ledger, scanned, &error);
  g_assert_no_error(error);
  g_assert_cmpstr(number, ==, json_object_get_string_member(run, "case"));
  kase = anyi_ledger_get_case(ledger, number, &error);
  g_assert_no_error(error);
  assert_nothing_asked_again(kase);

  before = kiosk_progress_answer(kiosk);
  g_assert_false(json_object_has_member(before, "window"));
  g_assert_true(anyi_ledger_claim(ledger, number, "wang", &error));
  g_assert_true(anyi_ledger_record_outcome(ledger, number, "wang", ANYI_LEDGER_OUTCOME_FINISHED,
                                           NULL, "指纹已采集，新证12月20日后到5号窗口领取",
                                           &error));
  g_assert_no_error(error);
  after = kiosk_progress_answer(kiosk);
  window = json_object_get_object_member(after, "window");
  g_assert_nonnull(window);
  g_assert_cmpstr(json_object_get_string_member(window, "case_number"), ==, number);
  g_assert_cmpstr(json_object_get_string_member(window, "outcome"), ==, "finished");
  g_assert_cmpstr(json_object_get_string_member(window, "note"), ==,
                  "指纹已采集，新证12月20日后到5号窗口领取");
  g_assert_true(lines_have(after, "已办结"));
  g_assert_true(lines_have(after, "指纹已采集，新证12月20日后到5号窗口领取"));

  g_clear_object(&ledger);
  g_clear_object(&kiosk);
  temp_store_clear(&temp);
}

/* The region picked for an address at the kiosk reaches the window with
 * its GB/T 2260 code; a code that is not six digits, or for a field left
 * empty, does not. */
static void
test_region_code(void)
{
  static const char by_post[] =
      "{\"service\": \"idcard-renewal\", \"today\": \"2026-11-30\","
      " \"kiosk\": {\"letter\": \"A\", \"window\": \"5\", \"has_fingerprint_reader\": false,"
      " \"kiosk_id\": \"KIOSK-A1\"}, " CARD ","
      " \"form\": {\"mobile\": \"13800138000\", \"collection\": \"post\","
      " \"postal-address\": \"四川省成都市武侯区科华北路1号\", \"waiver\": \"none\","
      " \"region-codes\": {\"postal-address\": \"510107\", \"mobile\": \"51010\","
      " \"waiver\": \"510104\"}},"
      " \"missing\": [\"household-register\"], \"commit_to_missing\": true,"
      " \"payment\": {\"outcome\": \"paid\"}}";
  TempStore temp = {0};
  g_autoptr(JsonObject) run = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(AnyiKiosk) kiosk = NULL;
  g_autoptr(AnyiLedger) ledger = NULL;
  g_autoptr(AnyiLedgerCase) kase = NULL;
  AnyiKioskPlaces places = {0};

  temp_store_prepare(&temp);
  run = run_case(&temp, by_post);
  places.db_path = temp.db_path;
  places.catalogue_dir = g_getenv("ANYI_TEST_SERVICES_DIR");
  kiosk = anyi_kiosk_open_at(&places, &error);
  g_assert_no_error(error);
  ledger = anyi_ledger_sqlite_new(anyi_kiosk_get_store(kiosk), "KIOSK-A1");
  kase = anyi_ledger_get_case(ledger, json_object_get_string_member(run, "case"), &error);
  g_assert_no_error(error);
  g_assert_cmpstr(json_object_get_string_member(kase->form, "postal-address"), ==,
                  "四川省成都市武侯区科华北路1号");
  g_assert_nonnull(kase->region_codes);
  g_assert_cmpstr(json_object_get_string_member(kase->region_codes, "postal-address"), ==,
                  "510107");
  /* five digits, and a code for a field that is no address: left out */
  g_assert_false(json_object_has_member(kase->region_codes, "mobile"));
  g_assert_false(json_object_has_member(kase->region_codes, "waiver"));
  g_assert_cmpuint(json_object_get_size(kase->region_codes), ==, 1);
  g_clear_pointer(&kase, anyi_ledger_case_free);
  g_clear_object(&ledger);
  g_clear_object(&kiosk);
  temp_store_clear(&temp);
}

int
main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/window/walk/kiosk-handoff-to-window-and-back", test_walk);
  g_test_add_func("/window/walk/region-code", test_region_code);
  return g_test_run();
}
