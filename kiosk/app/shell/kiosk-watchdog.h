/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kiosk-watchdog.h: tells systemd the screen is alive, from the main loop. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Under a unit with WatchdogSec= (WATCHDOG_USEC in the environment), sends
 * READY=1 and then WATCHDOG=1 at half the interval, from the default main
 * context: a main loop that stops turning stops them, and systemd restarts
 * the kiosk. Without NOTIFY_SOCKET it does nothing. */
void kiosk_watchdog_start(void);

G_END_DECLS
