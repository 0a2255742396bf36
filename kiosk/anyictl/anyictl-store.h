/* SPDX-License-Identifier: GPL-3.0-or-later */
/* anyictl-store.h: the kiosk's database as the kiosk itself finds it.
 *
 * Every anyictl command that works on the kiosk's data reads the same
 * settings as the kiosk (anyi_settings_load: kiosk.conf's [store] path,
 * then $ANYI_DB) and opens a database that is already there; only
 * `anyictl db init` makes one. */
#pragma once

#include "settings/anyi-settings.h"
#include "store/anyi-store.h"

/* The kiosk's settings, or NULL after saying why on stderr as @command. */
AnyiSettings *anyictl_load_settings(const char *command);
/* The kiosk's existing database (its path from @settings), or NULL after
 * saying why on stderr as @command. */
AnyiStore *anyictl_open_store(const char *command, AnyiSettings *settings);
