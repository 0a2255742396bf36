/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Every emulator fault, through the real libusb path: malformed answers
 * are asked again, persistent ones become a reader fault, every SW3 code
 * ends in the right one of the four outcomes, a failed SAM self-test is
 * reset, and the monitor reports and recovers. */
#include "idcard-test-fixture.h"
#include "idcard/idcard-proto.h"
#include "idcard/idcard-reader.h"

#include <errno.h>
#include <libusb.h>

/* A reader opened directly, without the monitor's polling in between. */
typedef struct {
  UMockdevTestbed *testbed;
  AnyiIdcardEmulator *emulator;
  libusb_context *usb;
  GPtrArray *table;
  AnyiIdcardReader *reader;
} Direct;

static void
direct_open(Direct *d, AnyiIdcardEmuTransport transport)
{
  g_autoptr(GError) error = NULL;
  d->testbed = umockdev_testbed_new();
  d->emulator = anyi_idcard_emulator_new(transport);
  g_autoptr(GBytes) descriptors = anyi_idcard_emulator_descriptors(d->emulator);
  g_assert_true(anyi_usb_emulator_plug(ANYI_USB_EMULATOR(d->emulator), d->testbed, 1, 2,
                                       descriptors, &error));
  g_autofree char *path = anyi_idcard_device_table_default_path();
  d->table = anyi_idcard_device_table_load(path, &error);
  g_assert_no_error(error);
  g_assert_cmpint(libusb_init(&d->usb), ==, 0);
  const AnyiIdcardReaderModel *model = NULL;
  libusb_device *device = anyi_idcard_find_reader_device(d->usb, d->table, NULL, &model);
  g_assert_nonnull(device);
  d->reader = anyi_idcard_reader_open(device, model, &error);
  g_assert_no_error(error);
  libusb_unref_device(device);
  anyi_idcard_emulator_place_sample(d->emulator, ANYI_TEST_CARD_RESIDENT);
}

static void
direct_close(Direct *d)
{
  anyi_idcard_reader_free(d->reader);
  libusb_exit(d->usb);
  g_ptr_array_unref(d->table);
  g_object_unref(d->emulator);
  g_object_unref(d->testbed);
}

static const char *const transport_names[] = {"bulk", "hid", "ch340", "pl2303", "cp210x"};

static const struct {
  const char *name;
  AnyiIdcardFault fault;
} faults[] = {
    {"corrupt", ANYI_IDCARD_FAULT_CORRUPT}, {"checksum", ANYI_IDCARD_FAULT_CHECKSUM},
    {"short", ANYI_IDCARD_FAULT_SHORT},     {"oversized", ANYI_IDCARD_FAULT_OVERSIZED},
    {"silence", ANYI_IDCARD_FAULT_SILENCE}, {"stall", ANYI_IDCARD_FAULT_STALL},
};

typedef struct {
  AnyiIdcardEmuTransport transport;
  AnyiIdcardFault fault;
} FaultCase;

/* One damaged answer to the read: the reader asks again and gets the card. */
static void
test_fault_once(gconstpointer data)
{
  const FaultCase *c = data;
  Direct d = {0};
  direct_open(&d, c->transport);
  anyi_idcard_emulator_inject(d.emulator, c->fault, 0, ANYI_IDCARD_CMD_READ_TEXT_PHOTO, 1);
  g_autoptr(GError) error = NULL;
  g_autoptr(AnyiIdCard) card = anyi_idcard_reader_read_card(d.reader, NULL, &error);
  g_assert_no_error(error);
  g_assert_cmpstr(card->name, ==, "张伟");
  g_assert_cmpuint(anyi_idcard_emulator_count(d.emulator, ANYI_IDCARD_CMD_READ_TEXT_PHOTO), ==, 2);
  direct_close(&d);
}

/* Damaged every time: after the bounded attempts, the reader is at fault
 * and the message says what was wrong. */
static void
test_fault_persistent(gconstpointer data)
{
  const FaultCase *c = data;
  Direct d = {0};
  direct_open(&d, c->transport);
  anyi_idcard_emulator_inject(d.emulator, c->fault, 0, ANYI_IDCARD_CMD_READ_TEXT_PHOTO, 0);
  g_autoptr(GError) error = NULL;
  g_assert_null(anyi_idcard_reader_read_card(d.reader, NULL, &error));
  g_assert_error(error, ANYI_IDCARD_ERROR, ANYI_IDCARD_ERROR_READER_FAULT);
  g_test_message("%s", error->message);
  g_assert_nonnull(strstr(error->message, "read text + photo (30 01)"));
  g_assert_cmpuint(anyi_idcard_emulator_count(d.emulator, ANYI_IDCARD_CMD_READ_TEXT_PHOTO), ==,
                   ANYI_IDCARD_COMMAND_ATTEMPTS);
  direct_close(&d);
}

static AnyiIdcardError
expected_error(guint8 sw3)
{
  switch (anyi_idcard_sw3_outcome(sw3)) {
  case ANYI_IDCARD_OUTCOME_CITIZEN_RETRY:
    return ANYI_IDCARD_ERROR_RETRY;
  case ANYI_IDCARD_OUTCOME_CARD_UNREADABLE:
    return ANYI_IDCARD_ERROR_UNREADABLE;
  default:
    return ANYI_IDCARD_ERROR_READER_FAULT;
  }
}

/* Every SW3 of the standard's table (and one outside it) as the answer to
 * the read; 60 is the SAM's, tested below. */
static void
test_every_sw3_on_read(void)
{
  static const guint8 codes[] = {0x91, 0x9F, 0x10, 0x11, 0x21, 0x23, 0x24, 0x31, 0x32, 0x33,
                                 0x37, 0x3F, 0x40, 0x41, 0x47, 0x66, 0x80, 0x81, 0x55};
  Direct d = {0};
  direct_open(&d, ANYI_IDCARD_EMU_BULK);
  for (gsize i = 0; i < G_N_ELEMENTS(codes); i++) {
    g_autoptr(GError) error = NULL;
    anyi_idcard_emulator_inject(d.emulator, ANYI_IDCARD_FAULT_SW3, codes[i],
                                ANYI_IDCARD_CMD_READ_TEXT_PHOTO, 0);
    g_assert_null(anyi_idcard_reader_read_card(d.reader, NULL, &error));
    g_test_message("SW3 %02X: %s", codes[i], error->message);
    g_assert_error(error, ANYI_IDCARD_ERROR, (int)expected_error(codes[i]));
    g_autofree char *code = g_strdup_printf("SW3 %02X", codes[i]);
    g_assert_nonnull(strstr(error->message, code));
  }
  anyi_idcard_emulator_inject(d.emulator, ANYI_IDCARD_FAULT_NONE, 0, 0, 0);
  g_autoptr(AnyiIdCard) card = anyi_idcard_reader_read_card(d.reader, NULL, NULL);
  g_assert_nonnull(card);
  direct_close(&d);
}

/* A card moved during the read (41 once) is read again without bothering
 * the citizen; a card moved every time is the citizen's to fix. */
static void
test_card_moved(void)
{
  Direct d = {0};
  direct_open(&d, ANYI_IDCARD_EMU_BULK);
  anyi_idcard_emulator_inject(d.emulator, ANYI_IDCARD_FAULT_SW3, 0x41,
                              ANYI_IDCARD_CMD_READ_TEXT_PHOTO, 1);
  g_autoptr(AnyiIdCard) card = anyi_idcard_reader_read_card(d.reader, NULL, NULL);
  g_assert_nonnull(card);
  g_assert_cmpuint(anyi_idcard_emulator_count(d.emulator, ANYI_IDCARD_CMD_SELECT_CARD), ==, 2);
  direct_close(&d);
}

static void
test_sam_selftest_reset(void)
{
  Direct d = {0};
  direct_open(&d, ANYI_IDCARD_EMU_HID);
  anyi_idcard_emulator_fail_sam(d.emulator);
  gboolean present = FALSE;
  g_autoptr(GError) error = NULL;
  g_assert_true(anyi_idcard_reader_find_card(d.reader, &present, &error));
  g_assert_no_error(error);
  g_assert_true(present);
  g_assert_cmpuint(anyi_idcard_emulator_count(d.emulator, ANYI_IDCARD_CMD_RESET_SAM), ==, 1);
  direct_close(&d);
}

static void
test_sam_selftest_persistent(void)
{
  Direct d = {0};
  direct_open(&d, ANYI_IDCARD_EMU_BULK);
  anyi_idcard_emulator_inject(d.emulator, ANYI_IDCARD_FAULT_SW3, 0x60, ANYI_IDCARD_CMD_FIND_CARD,
                              0);
  gboolean present = FALSE;
  g_autoptr(GError) error = NULL;
  g_assert_false(anyi_idcard_reader_find_card(d.reader, &present, &error));
  g_assert_error(error, ANYI_IDCARD_ERROR, ANYI_IDCARD_ERROR_READER_FAULT);
  g_assert_nonnull(strstr(error->message, "self-test"));
  g_assert_cmpuint(anyi_idcard_emulator_count(d.emulator, ANYI_IDCARD_CMD_RESET_SAM), ==, 1);
  direct_close(&d);
}

/* The monitor: a silent reader is a fault (one report), and it recovers
 * by itself when the reader answers again. */
static void
test_monitor_fault_and_recovery(void)
{
  IdcardFixture f = {0};
  idcard_fixture_setup(&f, ANYI_IDCARD_EMU_BULK);
  anyi_idcard_monitor_start(f.monitor);
  idcard_fixture_wait_state(&f, ANYI_IDCARD_READER_STATE_POLLING);
  anyi_idcard_emulator_inject(f.emulator, ANYI_IDCARD_FAULT_SILENCE, 0, 0, 0);
  idcard_fixture_wait_state(&f, ANYI_IDCARD_READER_STATE_FAULT);
  idcard_fixture_wait_errors(&f, 1);
  g_assert_error((GError *)g_ptr_array_index(f.errors, 0), ANYI_IDCARD_ERROR,
                 ANYI_IDCARD_ERROR_READER_FAULT);
  anyi_idcard_emulator_inject(f.emulator, ANYI_IDCARD_FAULT_NONE, 0, 0, 0);
  idcard_fixture_wait_state(&f, ANYI_IDCARD_READER_STATE_POLLING);
  g_assert_cmpuint(f.errors->len, ==, 1);
  anyi_idcard_emulator_place_sample(f.emulator, ANYI_TEST_CARD_RESIDENT);
  idcard_fixture_wait_cards(&f, 1);
  idcard_fixture_teardown(&f);
}

/* An unreadable card is reported once and not read again until it is
 * taken away; the next card reads. */
static void
test_monitor_unreadable_card(void)
{
  IdcardFixture f = {0};
  idcard_fixture_setup(&f, ANYI_IDCARD_EMU_CP210X);
  anyi_idcard_emulator_inject(f.emulator, ANYI_IDCARD_FAULT_SW3, 0x31,
                              ANYI_IDCARD_CMD_READ_TEXT_PHOTO, 0);
  anyi_idcard_monitor_start(f.monitor);
  anyi_idcard_emulator_place_sample(f.emulator, ANYI_TEST_CARD_PERMIT);
  idcard_fixture_wait_errors(&f, 1);
  g_assert_error((GError *)g_ptr_array_index(f.errors, 0), ANYI_IDCARD_ERROR,
                 ANYI_IDCARD_ERROR_UNREADABLE);
  g_usleep(400 * 1000);
  g_assert_cmpuint(anyi_idcard_emulator_count(f.emulator, ANYI_IDCARD_CMD_READ_TEXT_PHOTO), ==, 1);
  anyi_idcard_emulator_inject(f.emulator, ANYI_IDCARD_FAULT_NONE, 0, 0, 0);
  anyi_idcard_emulator_remove_card(f.emulator);
  idcard_fixture_wait_removed(&f, 1);
  anyi_idcard_emulator_place_sample(f.emulator, ANYI_TEST_CARD_PERMIT);
  idcard_fixture_wait_cards(&f, 1);
  g_assert_cmpuint(f.errors->len, ==, 1);
  idcard_fixture_teardown(&f);
}

static void
test_monitor_retry_error(void)
{
  IdcardFixture f = {0};
  idcard_fixture_setup(&f, ANYI_IDCARD_EMU_HID);
  anyi_idcard_emulator_inject(f.emulator, ANYI_IDCARD_FAULT_SW3, 0x41,
                              ANYI_IDCARD_CMD_READ_TEXT_PHOTO, 0);
  anyi_idcard_monitor_start(f.monitor);
  anyi_idcard_emulator_place_sample(f.emulator, ANYI_TEST_CARD_RESIDENT);
  idcard_fixture_wait_errors(&f, 1);
  g_assert_error((GError *)g_ptr_array_index(f.errors, 0), ANYI_IDCARD_ERROR,
                 ANYI_IDCARD_ERROR_RETRY);
  idcard_fixture_teardown(&f);
}

/* A reader another program holds: a fault reported once, and the reader
 * is taken up by itself once it is free. */
static void
test_monitor_reader_busy(void)
{
  IdcardFixture f = {0};
  idcard_fixture_setup_busy(&f, ANYI_IDCARD_EMU_BULK, EBUSY);
  idcard_fixture_wait_state(&f, ANYI_IDCARD_READER_STATE_FAULT);
  idcard_fixture_wait_errors(&f, 1);
  GError *error = g_ptr_array_index(f.errors, 0);
  g_assert_error(error, ANYI_IDCARD_ERROR, ANYI_IDCARD_ERROR_READER_FAULT);
  g_assert_nonnull(strstr(error->message, "claiming interface 0"));
  g_usleep(1200 * 1000);
  anyi_usb_emulator_fail_claim(ANYI_USB_EMULATOR(f.emulator), 0);
  idcard_fixture_wait_state(&f, ANYI_IDCARD_READER_STATE_IDLE);
  g_assert_cmpuint(f.errors->len, ==, 1);
  idcard_fixture_teardown(&f);
}

static void
add_fault_cases(void)
{
  static const AnyiIdcardEmuTransport transports[] = {ANYI_IDCARD_EMU_BULK, ANYI_IDCARD_EMU_HID,
                                                      ANYI_IDCARD_EMU_CH340};
  for (gsize t = 0; t < G_N_ELEMENTS(transports); t++)
    for (gsize i = 0; i < G_N_ELEMENTS(faults); i++) {
      FaultCase *c = g_new0(FaultCase, 1); /* lives as long as the test program */
      c->transport = transports[t];
      c->fault = faults[i].fault;
      g_autofree char *once = g_strdup_printf("/idcard/faults/%s/%s-once",
                                              transport_names[transports[t]], faults[i].name);
      g_test_add_data_func(once, c, test_fault_once);
      /* silence and short answers each cost the full timeout per attempt */
      if (transports[t] != ANYI_IDCARD_EMU_BULK &&
          (c->fault == ANYI_IDCARD_FAULT_SILENCE || c->fault == ANYI_IDCARD_FAULT_SHORT))
        continue;
      g_autofree char *always = g_strdup_printf("/idcard/faults/%s/%s-always",
                                                transport_names[transports[t]], faults[i].name);
      g_test_add_data_func(always, c, test_fault_persistent);
    }
}

int
main(int argc, char **argv)
{
  g_autofree char *why = NULL;
  if (!anyi_usb_emulation_available(&why)) {
    g_print("SKIP: %s\n", why);
    return 77;
  }
  g_test_init(&argc, &argv, NULL);
  idcard_fixture_allow_driver_warnings();
  add_fault_cases();
  g_test_add_func("/idcard/faults/every-sw3-on-read", test_every_sw3_on_read);
  g_test_add_func("/idcard/faults/card-moved", test_card_moved);
  g_test_add_func("/idcard/faults/sam-selftest-reset", test_sam_selftest_reset);
  g_test_add_func("/idcard/faults/sam-selftest-persistent", test_sam_selftest_persistent);
  g_test_add_func("/idcard/faults/monitor-fault-and-recovery", test_monitor_fault_and_recovery);
  g_test_add_func("/idcard/faults/monitor-unreadable-card", test_monitor_unreadable_card);
  g_test_add_func("/idcard/faults/monitor-retry-error", test_monitor_retry_error);
  g_test_add_func("/idcard/faults/monitor-reader-busy", test_monitor_reader_busy);
  return g_test_run();
}
