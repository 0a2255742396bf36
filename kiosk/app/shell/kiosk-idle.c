/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kiosk-idle.c */
#include "kiosk-idle.h"

struct _KioskIdle {
  KioskIdleHandlers handlers;
  gpointer data;
  int timeout_s;
  int grace_s;
  int seconds_left;
  guint timeout_id;
  guint countdown_id;
  gboolean armed;
};

KioskIdle *
kiosk_idle_new(const KioskIdleHandlers *handlers, gpointer data)
{
  KioskIdle *idle = g_new0(KioskIdle, 1);

  idle->handlers = *handlers;
  idle->data = data;
  idle->timeout_s = 90;
  idle->grace_s = 30;
  return idle;
}

static void
stop_timers(KioskIdle *idle)
{
  g_clear_handle_id(&idle->timeout_id, g_source_remove);
  g_clear_handle_id(&idle->countdown_id, g_source_remove);
}

void
kiosk_idle_free(KioskIdle *idle)
{
  if (!idle)
    return;
  stop_timers(idle);
  g_free(idle);
}

void
kiosk_idle_set_times(KioskIdle *idle, int timeout_s, int grace_s)
{
  idle->timeout_s = timeout_s;
  idle->grace_s = grace_s;
}

static gboolean
on_countdown_tick(gpointer user_data)
{
  KioskIdle *idle = user_data;

  if (--idle->seconds_left > 0) {
    idle->handlers.ask(idle->data, idle->seconds_left);
    return G_SOURCE_CONTINUE;
  }
  idle->countdown_id = 0;
  idle->armed = FALSE;
  idle->handlers.expire(idle->data);
  return G_SOURCE_REMOVE;
}

static gboolean
on_timeout(gpointer user_data)
{
  KioskIdle *idle = user_data;

  idle->timeout_id = 0;
  idle->seconds_left = idle->grace_s;
  idle->handlers.ask(idle->data, idle->seconds_left);
  idle->countdown_id = g_timeout_add_seconds(1, on_countdown_tick, idle);
  return G_SOURCE_REMOVE;
}

void
kiosk_idle_arm(KioskIdle *idle)
{
  gboolean was_asking = kiosk_idle_is_asking(idle);

  stop_timers(idle);
  idle->armed = TRUE;
  idle->timeout_id = g_timeout_add_seconds(idle->timeout_s, on_timeout, idle);
  if (was_asking)
    idle->handlers.dismiss(idle->data);
}

void
kiosk_idle_disarm(KioskIdle *idle)
{
  gboolean was_asking = kiosk_idle_is_asking(idle);

  stop_timers(idle);
  idle->armed = FALSE;
  if (was_asking)
    idle->handlers.dismiss(idle->data);
}

void
kiosk_idle_activity(KioskIdle *idle)
{
  if (idle->armed)
    kiosk_idle_arm(idle);
}

gboolean
kiosk_idle_is_asking(KioskIdle *idle)
{
  return idle->countdown_id != 0;
}
