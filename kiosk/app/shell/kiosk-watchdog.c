/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kiosk-watchdog.c: sd_notify READY=1 and WATCHDOG=1 from the GTK main loop. */
#include "kiosk-watchdog.h"

#include <glib-unix.h>
#include <signal.h>
#include <systemd/sd-daemon.h>

/* Longer than any unit would set (systemd's own limit is far above): an
 * interval from the environment is bounded before it becomes a timer. */
#define WATCHDOG_MAX_USEC (G_GUINT64_CONSTANT(3600) * G_USEC_PER_SEC)

static gboolean
send_watchdog(gpointer data)
{
  sd_notify(0, "WATCHDOG=1");
  return G_SOURCE_CONTINUE;
}

/* The watchdog interval in microseconds, or 0 when there is none. The
 * WATCHDOG_PID check of sd_watchdog_enabled() is left out on purpose: under
 * the unit the main process is cage, and the kiosk is its child. */
static guint64
watchdog_usec(void)
{
  const char *value = g_getenv("WATCHDOG_USEC");
  guint64 usec = 0;

  if (!value || !g_ascii_string_to_unsigned(value, 10, 1, WATCHDOG_MAX_USEC, &usec, NULL))
    return 0;
  return usec;
}

/* Test hook (tests/install/test-watchdog): with ANYI_TEST_WATCHDOG_FREEZE set,
 * SIGUSR2 freezes the main loop for good, as a hung screen would. It says so
 * first, so the test knows which notifications came before the freeze. */
static gboolean
freeze_main_loop(gpointer data)
{
  sd_notify(0, "STATUS=main loop frozen (test)");
  for (;;)
    g_usleep(G_USEC_PER_SEC);
  return G_SOURCE_REMOVE;
}

void
kiosk_watchdog_start(void)
{
  guint64 usec = watchdog_usec();

  if (!g_getenv("NOTIFY_SOCKET"))
    return;
  if (g_getenv("ANYI_TEST_WATCHDOG_FREEZE"))
    g_unix_signal_add(SIGUSR2, freeze_main_loop, NULL);
  sd_notify(0, "READY=1");
  if (usec == 0)
    return;
  send_watchdog(NULL);
  g_timeout_add(MAX(usec / 2 / 1000, 1), send_watchdog, NULL);
  g_info("watchdog: WATCHDOG=1 every %" G_GUINT64_FORMAT " ms", usec / 2 / 1000);
}
