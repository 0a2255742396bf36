/* SPDX-License-Identifier: GPL-3.0-or-later */
/* idcard-error.h: why a card read did not give a card, in the four ways
 * the kiosk must react differently. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define ANYI_IDCARD_ERROR (anyi_idcard_error_quark())
GQuark anyi_idcard_error_quark(void);

/* The message is a precise sentence for the technician's log; the kiosk
 * chooses the citizen's sentence from the code. */
typedef enum {
  ANYI_IDCARD_ERROR_RETRY,        /* the citizen can fix it: take the card away, place it again */
  ANYI_IDCARD_ERROR_UNREADABLE,   /* this card cannot be read here: send the citizen to a window */
  ANYI_IDCARD_ERROR_READER_FAULT, /* the reader is at fault: a technician must look */
  ANYI_IDCARD_ERROR_NO_READER,    /* no reader is connected, or it was unplugged */
  ANYI_IDCARD_ERROR_NO_CARD,      /* a synchronous read found no card in time */
} AnyiIdcardError;

G_END_DECLS
