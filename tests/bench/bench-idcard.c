/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-idcard: the kiosk's own time from the last byte of a read answer
 * to a parsed card, and from a card placed to the "card-read" signal with
 * the emulated reader at a real reader's pace; also the CPU the monitor
 * uses at rest. Runs itself under umockdev-wrapper.
 * Prints lines: BENCH <name>\t<value>\t<unit>\t<target> */
#include "idcard-emulator.h"
#include "idcard/idcard-card.h"
#include "idcard/idcard-monitor.h"
#include "idcard/idcard-proto.h"

#include <stdio.h>
#include <string.h>
#include <sys/resource.h>

#define PARSE_ROUNDS  5000
#define SIGNAL_ROUNDS 10
#define PLACE_ROUNDS  8
#define REST_SECONDS  3

static void
bench(const char *name, double value, const char *unit, const char *target)
{
  printf("BENCH %s\t%.3f\t%s\t%s\n", name, value, unit, target);
  fflush(stdout);
}

static GBytes *
sample_answer(AnyiTestCardKind kind)
{
  AnyiTestCardSpec spec = anyi_test_card_spec(kind);
  guint8 data[4 + 256 + 1024] = {0x01, 0x00, 0x04, 0x00};
  anyi_test_card_build_text(&spec, data + 4);
  anyi_test_card_fill_photo(data + 4 + 256, 1024, 0x5A);
  return anyi_idcard_proto_encode_answer(0x90, data, sizeof data);
}

/* What the kiosk does with a complete answer: find the frame, check it,
 * split it, parse the text block, keep the photo. */
static void
bench_parse(void)
{
  g_autoptr(GBytes) answer = sample_answer(ANYI_TEST_CARD_RESIDENT);
  gsize len = 0;
  const guint8 *bytes = g_bytes_get_data(answer, &len);
  gint64 start = g_get_monotonic_time();
  for (int i = 0; i < PARSE_ROUNDS; i++) {
    AnyiIdcardFrame frame;
    AnyiIdcardReadData parts;
    gsize consumed = 0;
    g_assert(anyi_idcard_proto_scan(bytes, len, &frame, &consumed, NULL) == ANYI_IDCARD_SCAN_FRAME);
    g_assert(anyi_idcard_proto_split_read_data(frame.body + 3, frame.body_len - 3, &parts, NULL));
    g_autoptr(AnyiIdCard) card = anyi_id_card_parse(parts.text, parts.text_len, NULL);
    card->photo = g_bytes_new(parts.photo, parts.photo_len);
  }
  bench("idcard_answer_to_parsed_card", (g_get_monotonic_time() - start) / 1000.0 / PARSE_ROUNDS,
        "ms", "<5");
}

typedef struct {
  UMockdevTestbed *testbed;
  AnyiIdcardEmulator *emulator;
  AnyiIdcardMonitor *monitor;
  gint64 read_at;
  guint reads;
} Rig;

static void
on_card_read(AnyiIdcardMonitor *monitor, AnyiIdCard *card, Rig *rig)
{
  rig->read_at = g_get_monotonic_time();
  rig->reads++;
}

static void
rig_setup(Rig *rig)
{
  g_autoptr(GError) error = NULL;
  rig->testbed = umockdev_testbed_new();
  rig->emulator = anyi_idcard_emulator_new(ANYI_IDCARD_EMU_BULK);
  g_autoptr(GBytes) descriptors = anyi_idcard_emulator_descriptors(rig->emulator);
  if (!anyi_usb_emulator_plug(ANYI_USB_EMULATOR(rig->emulator), rig->testbed, 1, 2, descriptors,
                              &error) ||
      (rig->monitor = anyi_idcard_monitor_new(NULL, &error)) == NULL)
    g_error("%s", error->message);
  g_signal_connect(rig->monitor, "card-read", G_CALLBACK(on_card_read), rig);
}

static void
rig_teardown(Rig *rig)
{
  g_clear_object(&rig->monitor);
  g_clear_object(&rig->emulator);
  g_clear_object(&rig->testbed);
}

static gboolean
wake(gpointer data)
{
  return G_SOURCE_CONTINUE;
}

static void
wait_reads(Rig *rig, guint reads)
{
  gint64 deadline = g_get_monotonic_time() + 5 * G_TIME_SPAN_SECOND;
  guint tick = g_timeout_add(1, wake, NULL);
  while (rig->reads < reads && g_get_monotonic_time() < deadline)
    g_main_context_iteration(NULL, TRUE);
  g_source_remove(tick);
  if (rig->reads < reads)
    g_error("no card-read within 5 s");
}

static void
cycle_card(Rig *rig, AnyiTestCardKind kind)
{
  anyi_idcard_emulator_remove_card(rig->emulator);
  g_usleep(150 * 1000); /* let a poll see the card gone */
  anyi_idcard_emulator_place_sample(rig->emulator, kind);
}

/* Through the whole driver: libusb, transport, codec, parser and the
 * hop to the main context. A permit card, so no appended-address
 * exchange comes between the read answer and the signal. */
static void
bench_answer_to_signal(Rig *rig)
{
  double total = 0, worst = 0;
  anyi_idcard_monitor_set_poll_interval(rig->monitor, 50);
  anyi_idcard_monitor_start(rig->monitor);
  for (guint i = 1; i <= SIGNAL_ROUNDS; i++) {
    cycle_card(rig, ANYI_TEST_CARD_PERMIT);
    wait_reads(rig, i);
    double ms = (rig->read_at - anyi_idcard_emulator_last_read_answer_time(rig->emulator)) / 1000.0;
    total += ms;
    worst = MAX(worst, ms);
  }
  anyi_idcard_monitor_stop(rig->monitor);
  bench("idcard_answer_to_signal_mean", total / SIGNAL_ROUNDS, "ms", "<5");
  bench("idcard_answer_to_signal_max", worst, "ms", "<5");
}

/* A citizen places a card at a random moment of the poll cycle. */
static void
bench_placed_to_signal(Rig *rig)
{
  double total = 0, worst = 0;
  anyi_idcard_emulator_set_real_pace(rig->emulator);
  anyi_idcard_monitor_set_poll_interval(rig->monitor, ANYI_IDCARD_MONITOR_POLL_INTERVAL_MS);
  anyi_idcard_monitor_start(rig->monitor);
  for (guint i = 0; i < PLACE_ROUNDS; i++) {
    anyi_idcard_emulator_remove_card(rig->emulator);
    g_usleep((ANYI_IDCARD_MONITOR_POLL_INTERVAL_MS + g_random_int_range(0, 1000)) * 1000);
    guint before = rig->reads;
    gint64 placed = g_get_monotonic_time();
    anyi_idcard_emulator_place_sample(rig->emulator, ANYI_TEST_CARD_RESIDENT);
    wait_reads(rig, before + 1);
    double ms = (rig->read_at - placed) / 1000.0;
    total += ms;
    worst = MAX(worst, ms);
  }
  anyi_idcard_monitor_stop(rig->monitor);
  bench("idcard_placed_to_signal_mean", total / PLACE_ROUNDS, "ms", "<1000");
  bench("idcard_placed_to_signal_max", worst, "ms", "<1000");
}

static double
cpu_seconds(void)
{
  struct rusage usage;
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_utime.tv_sec + usage.ru_stime.tv_sec +
         (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

static double
cpu_percent_over(guint seconds)
{
  double before = cpu_seconds();
  g_usleep(seconds * G_USEC_PER_SEC);
  return (cpu_seconds() - before) / seconds * 100;
}

/* Reader present, card page not shown: the worker must sleep. While
 * polling, each find-card exchange costs a little; under umockdev a
 * waiting transfer busy-polls (an artefact of the emulation), so the
 * polling figure is an upper bound of what hardware costs. */
static void
bench_cpu(Rig *rig)
{
  anyi_idcard_emulator_remove_card(rig->emulator);
  anyi_idcard_emulator_set_pace(rig->emulator, 0, 0);
  anyi_idcard_monitor_stop(rig->monitor);
  g_usleep(300 * 1000);
  bench("idcard_monitor_rest_cpu", cpu_percent_over(REST_SECONDS), "%", "<1");
  anyi_idcard_monitor_start(rig->monitor);
  g_usleep(300 * 1000);
  bench("idcard_monitor_polling_cpu_emulated", cpu_percent_over(REST_SECONDS), "%", "<5");
  anyi_idcard_monitor_stop(rig->monitor);
}

int
main(int argc, char **argv)
{
  anyi_usb_emulation_ensure(argc, argv);
  g_log_set_always_fatal(G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL);
  bench_parse();
  Rig rig = {0};
  rig_setup(&rig);
  bench_answer_to_signal(&rig);
  bench_placed_to_signal(&rig);
  bench_cpu(&rig);
  rig_teardown(&rig);
  return 0;
}
