/* SPDX-License-Identifier: GPL-3.0-or-later */
/* idcard-test-fixture.c: shared set-up of the end-to-end tests. */
#include "idcard-test-fixture.h"

#define FIRST_DEVNUM 2
#define WAIT_STEP_MS 20
#define FAST_POLL_MS 100

static void
on_card_read(AnyiIdcardMonitor *monitor, AnyiIdCard *card, IdcardFixture *f)
{
  g_ptr_array_add(f->cards, anyi_id_card_copy(card));
}

static void
on_card_removed(AnyiIdcardMonitor *monitor, IdcardFixture *f)
{
  f->removed++;
}

static void
on_read_failed(AnyiIdcardMonitor *monitor, GError *error, IdcardFixture *f)
{
  g_test_message("read-failed: %s", error->message);
  g_ptr_array_add(f->errors, g_error_copy(error));
}

static void
on_state(AnyiIdcardMonitor *monitor, GParamSpec *pspec, IdcardFixture *f)
{
  AnyiIdcardReaderState state = anyi_idcard_monitor_get_state(monitor);
  g_array_append_val(f->states, state);
}

/* The driver logs reader faults as warnings for the technician; these
 * tests provoke them on purpose, so only criticals stay fatal. */
void
idcard_fixture_allow_driver_warnings(void)
{
  g_log_set_always_fatal(G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL);
}

void
idcard_fixture_setup(IdcardFixture *f, AnyiIdcardEmuTransport transport)
{
  idcard_fixture_setup_busy(f, transport, 0);
}

/* As idcard_fixture_setup, with claiming the reader failing with
 * claim_errno (0: not at all) from the start. */
void
idcard_fixture_setup_busy(IdcardFixture *f, AnyiIdcardEmuTransport transport, int claim_errno)
{
  idcard_fixture_setup_emulator(f, transport);
  anyi_usb_emulator_fail_claim(ANYI_USB_EMULATOR(f->emulator), claim_errno);
  idcard_fixture_create_monitor(f);
}

/* The testbed and a plugged emulated reader, without a monitor yet. */
void
idcard_fixture_setup_emulator(IdcardFixture *f, AnyiIdcardEmuTransport transport)
{
  g_autoptr(GError) error = NULL;
  f->cards = g_ptr_array_new_with_free_func((GDestroyNotify)anyi_id_card_free);
  f->errors = g_ptr_array_new_with_free_func((GDestroyNotify)g_error_free);
  f->states = g_array_new(FALSE, FALSE, sizeof(AnyiIdcardReaderState));
  f->testbed = umockdev_testbed_new();
  f->emulator = anyi_idcard_emulator_new(transport);
  f->devnum = FIRST_DEVNUM;
  g_autoptr(GBytes) descriptors = anyi_idcard_emulator_descriptors(f->emulator);
  g_assert_true(anyi_usb_emulator_plug(ANYI_USB_EMULATOR(f->emulator), f->testbed, 1, f->devnum,
                                       descriptors, &error));
  g_assert_no_error(error);
}

void
idcard_fixture_create_monitor(IdcardFixture *f)
{
  g_autoptr(GError) error = NULL;
  f->monitor = anyi_idcard_monitor_new(NULL, &error);
  g_assert_no_error(error);
  anyi_idcard_monitor_set_poll_interval(f->monitor, FAST_POLL_MS);
  g_signal_connect(f->monitor, "card-read", G_CALLBACK(on_card_read), f);
  g_signal_connect(f->monitor, "card-removed", G_CALLBACK(on_card_removed), f);
  g_signal_connect(f->monitor, "read-failed", G_CALLBACK(on_read_failed), f);
  g_signal_connect(f->monitor, "notify::state", G_CALLBACK(on_state), f);
}

/* The monitor (and its libusb context) must go before the testbed. */
void
idcard_fixture_teardown(IdcardFixture *f)
{
  g_clear_object(&f->monitor);
  while (g_main_context_iteration(NULL, FALSE))
    ;
  g_clear_object(&f->emulator);
  g_clear_object(&f->testbed);
  g_ptr_array_unref(f->cards);
  g_ptr_array_unref(f->errors);
  g_array_unref(f->states);
}

/* Unplugged first by the caller; plugs the reader back with the next
 * device number, as the kernel would. */
void
idcard_fixture_replug(IdcardFixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) descriptors = anyi_idcard_emulator_descriptors(f->emulator);
  f->devnum++;
  g_assert_true(anyi_usb_emulator_plug(ANYI_USB_EMULATOR(f->emulator), f->testbed, 1, f->devnum,
                                       descriptors, &error));
  g_assert_no_error(error);
}

static gboolean
wake(gpointer data)
{
  return G_SOURCE_CONTINUE;
}

gboolean
idcard_fixture_wait(gboolean (*done)(IdcardFixture *f), IdcardFixture *f, guint ms)
{
  gint64 deadline = g_get_monotonic_time() + ms * G_TIME_SPAN_MILLISECOND;
  guint tick = g_timeout_add(WAIT_STEP_MS, wake, NULL);
  while (!done(f) && g_get_monotonic_time() < deadline)
    g_main_context_iteration(NULL, TRUE);
  g_source_remove(tick);
  return done(f);
}

gboolean
idcard_fixture_has_state(IdcardFixture *f, AnyiIdcardReaderState state)
{
  for (guint i = 0; i < f->states->len; i++)
    if (g_array_index(f->states, AnyiIdcardReaderState, i) == state)
      return TRUE;
  return FALSE;
}

static AnyiIdcardReaderState wanted_state;
static guint wanted_count;

static gboolean
state_reached(IdcardFixture *f)
{
  return anyi_idcard_monitor_get_state(f->monitor) == wanted_state;
}

void
idcard_fixture_wait_state(IdcardFixture *f, AnyiIdcardReaderState state)
{
  wanted_state = state;
  if (!idcard_fixture_wait(state_reached, f, 8000))
    g_error("state %d not reached; it is %d", state, anyi_idcard_monitor_get_state(f->monitor));
}

static gboolean
cards_reached(IdcardFixture *f)
{
  return f->cards->len >= wanted_count;
}

static gboolean
errors_reached(IdcardFixture *f)
{
  return f->errors->len >= wanted_count;
}

static gboolean
removed_reached(IdcardFixture *f)
{
  return f->removed >= wanted_count;
}

void
idcard_fixture_wait_cards(IdcardFixture *f, guint n)
{
  wanted_count = n;
  if (!idcard_fixture_wait(cards_reached, f, 8000))
    g_error("%u cards read, %u expected", f->cards->len, n);
}

void
idcard_fixture_wait_errors(IdcardFixture *f, guint n)
{
  wanted_count = n;
  if (!idcard_fixture_wait(errors_reached, f, 15000))
    g_error("%u read failures, %u expected", f->errors->len, n);
}

void
idcard_fixture_wait_removed(IdcardFixture *f, guint n)
{
  wanted_count = n;
  if (!idcard_fixture_wait(removed_reached, f, 8000))
    g_error("%u removals, %u expected", f->removed, n);
}
