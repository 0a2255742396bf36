/* SPDX-License-Identifier: GPL-3.0-or-later */
/* idcard-devices.h: which USB devices are ID card readers, and how to
 * talk to each: a VID:PID table loaded from assets/devices/idcard-readers.json
 * so a hall can add a reader model without rebuilding. */
#pragma once

#include "usb/usb-serial.h"

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
  ANYI_IDCARD_TRANSPORT_BULK,   /* vendor bulk, split endpoints 02/06 out, 81/85 in */
  ANYI_IDCARD_TRANSPORT_HID,    /* 64-byte interrupt reports */
  ANYI_IDCARD_TRANSPORT_SERIAL, /* a USB-serial bridge */
} AnyiIdcardTransportKind;

typedef struct {
  guint16 vid;
  guint16 pid;
  AnyiIdcardTransportKind transport;
  AnyiUsbSerialBridge bridge; /* serial only */
  guint baud;                 /* serial only */
  char *name;
} AnyiIdcardReaderModel;

#define ANYI_IDCARD_DEFAULT_BAUD 115200

/* The table's file name under the assets directory. */
#define ANYI_IDCARD_DEVICE_TABLE "devices/idcard-readers.json"

GPtrArray *anyi_idcard_device_table_load(const char *path, GError **error);
char *anyi_idcard_device_table_default_path(void);
const AnyiIdcardReaderModel *anyi_idcard_device_table_match(GPtrArray *table, guint16 vid,
                                                            guint16 pid);
const char *anyi_idcard_transport_describe(const AnyiIdcardReaderModel *model);

G_END_DECLS
