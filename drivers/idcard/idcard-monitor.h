/* SPDX-License-Identifier: GPL-3.0-or-later */
/* idcard-monitor.h: watches for an ID card reader and a card on it, on a
 * worker thread, and tells the application in its own main context.
 *
 * Signals and notifications are emitted in the GMainContext that was the
 * thread-default when anyi_idcard_monitor_new() was called.
 *   "card-read"    (AnyiIdCard *card)  a card was placed and read
 *   "card-removed" ()                  the card that was read was taken away
 *   "read-failed"  (GError *error)     ANYI_IDCARD_ERROR_RETRY / _UNREADABLE /
 *                                      _READER_FAULT; message for the technician
 *   notify::state, notify::reader-name, notify::card-left
 * A reader unplugged and plugged back is found again by itself. */
#pragma once

#include "idcard-card.h"
#include "idcard-error.h"

#include <glib-object.h>

G_BEGIN_DECLS

typedef enum {
  ANYI_IDCARD_READER_STATE_NONE,    /* no reader connected */
  ANYI_IDCARD_READER_STATE_IDLE,    /* reader present, not looking for a card */
  ANYI_IDCARD_READER_STATE_POLLING, /* looking for a card (every
                                       ANYI_IDCARD_MONITOR_POLL_INTERVAL_MS) */
  ANYI_IDCARD_READER_STATE_READING, /* a card is being read */
  ANYI_IDCARD_READER_STATE_FAULT,   /* the reader is present but at fault */
} AnyiIdcardReaderState;

#define ANYI_TYPE_IDCARD_READER_STATE (anyi_idcard_reader_state_get_type())
GType anyi_idcard_reader_state_get_type(void) G_GNUC_CONST;

#define ANYI_TYPE_IDCARD_MONITOR (anyi_idcard_monitor_get_type())
G_DECLARE_FINAL_TYPE(AnyiIdcardMonitor, anyi_idcard_monitor, ANYI, IDCARD_MONITOR, GObject)

/* The default poll interval. Public code polls about once a second, but
 * a real reader takes 0.3-0.8 s to read a card, so a card placed would be
 * on screen after 1.1 s on average; at 300 ms it is under a second, and a
 * find-card exchange (10 bytes out, 11 back) costs the reader nothing. */
#define ANYI_IDCARD_MONITOR_POLL_INTERVAL_MS 300

AnyiIdcardMonitor *anyi_idcard_monitor_new(const char *device_table_path, GError **error);
void anyi_idcard_monitor_start(AnyiIdcardMonitor *self);
void anyi_idcard_monitor_stop(AnyiIdcardMonitor *self);
AnyiIdcardReaderState anyi_idcard_monitor_get_state(AnyiIdcardMonitor *self);

/* A citizen's session has ended (stops looking for a card, as _stop()). A
 * card on the reader now is that citizen's: it is never read for anyone
 * until it has been lifted and placed again, and "card-left" is TRUE while
 * it stays there, so the kiosk can ask for it to be taken. Within a session
 * the card page shown again reads the card on the reader again. */
void anyi_idcard_monitor_end_session(AnyiIdcardMonitor *self);
gboolean anyi_idcard_monitor_get_card_left(AnyiIdcardMonitor *self);
const char *anyi_idcard_monitor_get_reader_name(AnyiIdcardMonitor *self);
void anyi_idcard_monitor_set_fingerprint(AnyiIdcardMonitor *self, gboolean fingerprint);
void anyi_idcard_monitor_set_poll_interval(AnyiIdcardMonitor *self, guint interval_ms);

G_END_DECLS
