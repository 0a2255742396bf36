/* engine-test-util.c: see engine-test-util.h. */
#include "engine-test-util.h"

#include <glib/gstdio.h>

void
engine_db_prepare(EngineDb *db)
{
  g_autoptr(GError) error = NULL;

  db->dir = g_dir_make_tmp("anyi-engine-XXXXXX", &error);
  g_assert_no_error(error);
  db->db_path = g_build_filename(db->dir, "kiosk.db", NULL);
  db->ledger_path = g_build_filename(db->dir, "ledger", NULL);
}

void
engine_db_open(EngineDb *db)
{
  g_autoptr(GError) error = NULL;

  engine_db_prepare(db);
  db->store = anyi_store_open(db->db_path, &error);
  g_assert_no_error(error);
}

void
engine_db_close(EngineDb *db)
{
  const char *suffixes[] = {"", "-wal", "-shm"};

  g_clear_pointer(&db->store, anyi_store_close);
  for (guint i = 0; i < G_N_ELEMENTS(suffixes); i++) {
    g_autofree char *path = g_strconcat(db->db_path, suffixes[i], NULL);
    g_unlink(path);
  }
  g_unlink(db->ledger_path);
  g_rmdir(db->dir);
  g_clear_pointer(&db->dir, g_free);
  g_clear_pointer(&db->db_path, g_free);
  g_clear_pointer(&db->ledger_path, g_free);
}

AnyiStoredCase *
engine_db_only_case(AnyiStore *store)
{
  g_autoptr(GPtrArray) cases = anyi_store_cases_recent(store, 10, NULL);

  g_assert_nonnull(cases);
  g_assert_cmpuint(cases->len, ==, 1);
  return g_steal_pointer(&cases->pdata[0]);
}

static void
check_handoff(AnyiStore *store, gint64 case_id, const EngineScenario *scenario)
{
  g_autoptr(AnyiStoredHandoff) handoff = anyi_store_handoff_for_case(store, case_id, NULL);
  g_autoptr(GPtrArray) open = anyi_store_handoffs_open(store, NULL);

  if (!scenario->expect_reason) {
    g_assert_null(handoff);
    g_assert_cmpuint(open->len, ==, 0);
    return;
  }
  g_assert_nonnull(handoff);
  g_assert_cmpstr(handoff->reason, ==, scenario->expect_reason);
  g_assert_cmpuint(open->len, ==, 1);
}

static void
check_payment(AnyiStore *store, AnyiPaymentEmulated *ledger, gint64 case_id,
              const EngineScenario *scenario)
{
  g_autoptr(AnyiStoredPayment) payment = anyi_store_payment_for_case(store, case_id, NULL);

  if (scenario->expect_paid_fen < 0) {
    g_assert_true(payment == NULL || g_strcmp0(payment->state, "paid") != 0);
    if (ledger)
      g_assert_cmpint(anyi_payment_emulated_get_total_fen(ledger), ==, 0);
    return;
  }
  g_assert_nonnull(payment);
  g_assert_cmpstr(payment->state, ==, "paid");
  g_assert_cmpint(payment->amount_fen, ==, scenario->expect_paid_fen);
  if (ledger) {
    g_assert_cmpuint(anyi_payment_emulated_get_charges(ledger, payment->idempotency_key), ==, 1);
    g_assert_cmpint(anyi_payment_emulated_get_total_fen(ledger), ==, scenario->expect_paid_fen);
  }
}

void
engine_check_outcome(AnyiStore *store, AnyiPaymentEmulated *ledger, const EngineScenario *scenario)
{
  g_autoptr(AnyiStoredCase) stored = engine_db_only_case(store);

  g_assert_cmpstr(stored->state, ==, scenario->expect_state);
  check_handoff(store, stored->id, scenario);
  check_payment(store, ledger, stored->id, scenario);
}
