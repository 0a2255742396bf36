/* SPDX-License-Identifier: GPL-3.0-or-later */
/* idcard-reader.h: one SAM_V reader, spoken to in commands (synchronous;
 * call it from a worker thread or a command-line tool, never a UI thread). */
#pragma once

#include "idcard-card.h"
#include "idcard-devices.h"
#include "idcard-error.h"

#include <libusb.h>

G_BEGIN_DECLS

typedef struct _AnyiIdcardReader AnyiIdcardReader;

typedef struct {
  gboolean fingerprint; /* read with 30 10 (text + photo + fingerprint) */
} AnyiIdcardReadOptions;

/* How long the kiosk waits for one answer. Public code uses 1-2 s; a read
 * of text + photo takes a real reader up to about 0.8 s. */
#define ANYI_IDCARD_ANSWER_TIMEOUT_MS 1500
/* Malformed answers and silences tolerated per command before the reader
 * is declared at fault. */
#define ANYI_IDCARD_COMMAND_ATTEMPTS 3

AnyiIdcardReader *anyi_idcard_reader_open(libusb_device *device, const AnyiIdcardReaderModel *model,
                                          GError **error);
void anyi_idcard_reader_free(AnyiIdcardReader *reader);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(AnyiIdcardReader, anyi_idcard_reader_free)

const AnyiIdcardReaderModel *anyi_idcard_reader_get_model(AnyiIdcardReader *reader);
gboolean anyi_idcard_reader_sam_status(AnyiIdcardReader *reader, GError **error);

typedef enum {
  ANYI_IDCARD_PROBE_READY,        /* the SAM answers: a working reader */
  ANYI_IDCARD_PROBE_FAULT,        /* a reader, but at fault (error says why) */
  ANYI_IDCARD_PROBE_NOT_A_READER, /* a serial bridge with something silent behind it */
} AnyiIdcardProbe;

/* Asks the SAM for its status. A CH340/PL2303/CP210x VID:PID says only
 * that a serial bridge is attached (a QR scanner may be behind it): one
 * that never answers is not taken for a broken ID reader. */
AnyiIdcardProbe anyi_idcard_reader_probe(AnyiIdcardReader *reader, GError **error);
char *anyi_idcard_reader_sam_id(AnyiIdcardReader *reader, GError **error);
gboolean anyi_idcard_reader_find_card(AnyiIdcardReader *reader, gboolean *present, GError **error);
AnyiIdCard *anyi_idcard_reader_read_card(AnyiIdcardReader *reader,
                                         const AnyiIdcardReadOptions *options, GError **error);

/* A reader attached to the machine, for `anyictl idcard list`. */
typedef struct {
  char *name;
  const char *transport;
  guint8 bus;
  guint8 address;
  guint16 vid;
  guint16 pid;
  gboolean sam_ok;
  char *sam_id;  /* NULL if it could not be read */
  char *problem; /* why the reader could not be asked, or NULL */
} AnyiIdcardReaderInfo;

void anyi_idcard_reader_info_free(AnyiIdcardReaderInfo *info);
GPtrArray *anyi_idcard_list_readers(const char *device_table_path, GError **error);

/* Opens the first reader in the table, waits up to wait_ms for a card and
 * reads it. For tools; the kiosk uses AnyiIdcardMonitor. */
AnyiIdCard *anyi_idcard_read_once(const char *device_table_path, guint wait_ms,
                                  const AnyiIdcardReadOptions *options, GError **error);

/* Finds the first device in the table on a libusb context that is not
 * in skip (libusb_device pointers; may be NULL). Returns a new ref. */
libusb_device *anyi_idcard_find_reader_device(libusb_context *usb, GPtrArray *table,
                                              GPtrArray *skip, const AnyiIdcardReaderModel **model);

G_END_DECLS
