/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-metrics-kiosk.c: the real kiosk process's metrics file ([metrics]
 * textfile, here through ANYI_METRICS_TEXTFILE), with the ID card reader
 * emulated: the file appears once the kiosk starts, shows each device, and
 * follows the reader being pulled and plugged back, without waiting for
 * the slow timer (the interval is left at its 30 s; the waits below are
 * shorter). */
#include "kiosk-ui-test.h"
#include "prom-text.h"
#include "temp-store.h"

#include <string.h>

static TempStore data_home;
static char *prom_path;

typedef struct {
  const char *series;
} Wanted;

static gboolean
file_has(gpointer data)
{
  const Wanted *wanted = data;
  g_autofree char *text = NULL;
  g_autoptr(GHashTable) samples = NULL;
  g_autoptr(GError) error = NULL;

  if (!g_file_get_contents(prom_path, &text, NULL, NULL))
    return FALSE;
  /* written atomically: whatever is read parses */
  samples = prom_text_parse(text, &error);
  g_assert_no_error(error);
  return g_hash_table_contains(samples, wanted->series);
}

static void
expect_series(const char *series)
{
  Wanted wanted = {series};

  if (!ui_test_wait(file_has, &wanted, 20))
    g_error("the kiosk's metrics never showed %s", series);
}

static void
test_devices_followed(void)
{
  expect_series("anyi_kiosk_device_state{device=\"camera-face\",state=\"stopped\"}");
  expect_series("anyi_kiosk_device_state{device=\"reader\",state=\"polling\"}");
  ui_test_devsim("idcard unplug");
  expect_series("anyi_kiosk_device_state{device=\"reader\",state=\"none\"}");
  ui_test_devsim("idcard plug");
  expect_series("anyi_kiosk_device_state{device=\"reader\",state=\"polling\"}");
}

int
main(int argc, char **argv)
{
  KioskApplication *kiosk;
  int status;

  if (!g_getenv("DISPLAY") || !g_getenv("ANYI_DEVSIM_CONTROL")) {
    g_print("SKIP: needs a display and emulated devices (see tests/metrics/meson.build)\n");
    return 77;
  }
  temp_store_prepare_data_home(&data_home);
  prom_path = g_build_filename(data_home.dir, "anyi-kiosk.prom", NULL);
  g_setenv("ANYI_METRICS_TEXTFILE", prom_path, TRUE);
  kiosk_application_init_locale();
  gtk_test_init(&argc, &argv, NULL);
  g_test_add_func("/metrics-kiosk/devices-followed", test_devices_followed);
  kiosk = ui_test_start_kiosk();
  status = g_test_run();
  ui_test_stop_kiosk(kiosk);
  g_free(prom_path);
  temp_store_clear(&data_home);
  return status;
}
