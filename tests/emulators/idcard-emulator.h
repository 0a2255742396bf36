/* SPDX-License-Identifier: GPL-3.0-or-later */
/* idcard-emulator.h: an emulated SAM_V ID card reader on any of the
 * transports the driver supports, scriptable from tests and anyi-devsim.
 *
 * The reader model answers every GA 467 command as a real module does
 * (find 9F/80, select 90/81, read text + photo, the fingerprint variant,
 * the appended address 90/91, SAM status, SAM ID, SAM reset), with an
 * optional real-reader pace. Faults are injected for the next answers:
 * a damaged preamble, a wrong checksum, a frame cut short, a length field
 * far too large, silence, an endpoint stall, or any SW3 code; a SAM whose
 * self-test failed answers 60 to everything until it is reset. */
#pragma once

#include "idcard-cards.h"
#include "usb-emulator.h"

G_BEGIN_DECLS

typedef enum {
  ANYI_IDCARD_EMU_BULK,
  ANYI_IDCARD_EMU_HID,
  ANYI_IDCARD_EMU_CH340,
  ANYI_IDCARD_EMU_PL2303,
  ANYI_IDCARD_EMU_CP210X,
} AnyiIdcardEmuTransport;

typedef enum {
  ANYI_IDCARD_FAULT_NONE,
  ANYI_IDCARD_FAULT_CORRUPT,   /* the preamble is damaged: the answer cannot be found */
  ANYI_IDCARD_FAULT_CHECKSUM,  /* the CHK byte is wrong */
  ANYI_IDCARD_FAULT_SHORT,     /* the answer stops after 20 bytes */
  ANYI_IDCARD_FAULT_OVERSIZED, /* the length field says 0xFFFF */
  ANYI_IDCARD_FAULT_SILENCE,   /* no answer at all */
  ANYI_IDCARD_FAULT_STALL,     /* the IN endpoint stalls */
  ANYI_IDCARD_FAULT_SW3,       /* the answer carries the given SW3 and no data */
} AnyiIdcardFault;

#define ANYI_TYPE_IDCARD_EMULATOR (anyi_idcard_emulator_get_type())
G_DECLARE_FINAL_TYPE(AnyiIdcardEmulator, anyi_idcard_emulator, ANYI, IDCARD_EMULATOR,
                     AnyiUsbEmulator)

AnyiIdcardEmulator *anyi_idcard_emulator_new(AnyiIdcardEmuTransport transport);
gboolean anyi_idcard_emu_transport_from_string(const char *name, AnyiIdcardEmuTransport *transport);
GBytes *anyi_idcard_emulator_descriptors(AnyiIdcardEmulator *self);

void anyi_idcard_emulator_place_card(AnyiIdcardEmulator *self, const guint8 text[256],
                                     gboolean with_fingerprint, const char *appended_address);
void anyi_idcard_emulator_place_sample(AnyiIdcardEmulator *self, AnyiTestCardKind kind);
void anyi_idcard_emulator_remove_card(AnyiIdcardEmulator *self);

/* The next `count` answers to `command` (0: any command) get the fault;
 * count 0 means every answer until cleared with ANYI_IDCARD_FAULT_NONE. */
void anyi_idcard_emulator_inject(AnyiIdcardEmulator *self, AnyiIdcardFault fault, guint8 sw3,
                                 guint command, guint count);
void anyi_idcard_emulator_fail_sam(AnyiIdcardEmulator *self);
/* Time taken to answer a read command, and any other command (ms). */
void anyi_idcard_emulator_set_pace(AnyiIdcardEmulator *self, guint read_ms, guint command_ms);
/* A real reader's pace: a read takes 0.3-0.8 s (at random each time),
 * other commands 20 ms. */
#define ANYI_IDCARD_EMU_REAL_READ_MIN_MS 300
#define ANYI_IDCARD_EMU_REAL_READ_MAX_MS 800
#define ANYI_IDCARD_EMU_REAL_COMMAND_MS  20
void anyi_idcard_emulator_set_real_pace(AnyiIdcardEmulator *self);
guint anyi_idcard_emulator_count(AnyiIdcardEmulator *self, guint command);
/* Monotonic time (µs) at which the last answer to a read was queued to
 * be sent complete, for the benchmark. */
gint64 anyi_idcard_emulator_last_read_answer_time(AnyiIdcardEmulator *self);
/* The serial line as the host set it (0 before it did). */
guint anyi_idcard_emulator_line_baud(AnyiIdcardEmulator *self);

G_END_DECLS
