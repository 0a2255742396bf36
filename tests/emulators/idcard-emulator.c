/* SPDX-License-Identifier: GPL-3.0-or-later */
/* idcard-emulator.c: a SAM_V reader model behind bulk, HID or a serial
 * bridge (see the header). */
#include "idcard-emulator.h"

#include "idcard/idcard-devices.h"
#include "idcard/idcard-proto.h"
#include "idcard/idcard-transport.h"
#include "usb/usb-serial.h"

#include <string.h>

#define SAMPLE_PHOTO_SEED  0x5A
#define SAMPLE_FINGER_SEED 0xC3
#define STREAM_PACKET      64
#define SHORT_ANSWER_BYTES 20
#define APPENDED_LEN       70

struct _AnyiIdcardEmulator {
  AnyiUsbEmulator parent_instance;
  AnyiIdcardEmuTransport transport;
  GByteArray *rx; /* request bytes not yet a whole frame */
  /* the card on the reader */
  gboolean card_present;
  guint8 text[ANYI_IDCARD_TEXT_LEN];
  guint8 photo[ANYI_IDCARD_PHOTO_LEN];
  gboolean with_fingerprint;
  char *appended_address;
  /* scripted behaviour */
  AnyiIdcardFault fault;
  guint8 fault_sw3;
  guint fault_command;
  guint fault_count;
  gboolean sam_failed;
  guint read_ms;     /* a read's answer comes after read_ms.. */
  guint read_ms_max; /* ..up to this, at random */
  guint command_ms;
  GHashTable *counts; /* command -> times received */
  gint64 last_read_answer;
  /* serial line */
  guint line_baud;
  gboolean line_8n1;
  gboolean line_enabled;
};

G_DEFINE_FINAL_TYPE(AnyiIdcardEmulator, anyi_idcard_emulator, ANYI_TYPE_USB_EMULATOR)

static const char *const transport_names[] = {
    [ANYI_IDCARD_EMU_BULK] = "bulk",     [ANYI_IDCARD_EMU_HID] = "hid",
    [ANYI_IDCARD_EMU_CH340] = "ch340",   [ANYI_IDCARD_EMU_PL2303] = "pl2303",
    [ANYI_IDCARD_EMU_CP210X] = "cp210x",
};

gboolean
anyi_idcard_emu_transport_from_string(const char *name, AnyiIdcardEmuTransport *transport)
{
  for (gsize i = 0; i < G_N_ELEMENTS(transport_names); i++)
    if (g_strcmp0(name, transport_names[i]) == 0) {
      *transport = i;
      return TRUE;
    }
  return FALSE;
}

/* Where each transport's answers go. */
static guint8
answer_endpoint(AnyiIdcardEmulator *self)
{
  switch (self->transport) {
  case ANYI_IDCARD_EMU_BULK:
    return ANYI_IDCARD_BULK_EP_HEADER_IN;
  case ANYI_IDCARD_EMU_HID:
    return 0x81;
  case ANYI_IDCARD_EMU_CH340:
    return 0x82;
  case ANYI_IDCARD_EMU_PL2303:
    return 0x83;
  case ANYI_IDCARD_EMU_CP210X:
    return 0x81;
  }
  return 0x81;
}

GBytes *
anyi_idcard_emulator_descriptors(AnyiIdcardEmulator *self)
{
  static const AnyiUsbEndpoint bulk[] = {
      {0x02, 2, 64}, {0x06, 2, 64}, {0x81, 2, 64}, {0x85, 2, 64}};
  static const AnyiUsbEndpoint hid[] = {{0x81, 3, 64}, {0x02, 3, 64}};
  static const AnyiUsbEndpoint ch340[] = {{0x82, 2, 32}, {0x02, 2, 32}, {0x81, 3, 8}};
  static const AnyiUsbEndpoint pl2303[] = {{0x81, 3, 10}, {0x02, 2, 64}, {0x83, 2, 64}};
  static const AnyiUsbEndpoint cp210x[] = {{0x81, 2, 64}, {0x01, 2, 64}};
  switch (self->transport) {
  case ANYI_IDCARD_EMU_BULK:
    return anyi_usb_descriptors_new(0x0400, 0xC35A, 0xFF, 0, 0, bulk, G_N_ELEMENTS(bulk));
  case ANYI_IDCARD_EMU_HID:
    return anyi_usb_descriptors_new(0x2B8B, 0x2721, 0x03, 0, 0, hid, G_N_ELEMENTS(hid));
  case ANYI_IDCARD_EMU_CH340:
    return anyi_usb_descriptors_new(0x1A86, 0x7523, 0xFF, 1, 2, ch340, G_N_ELEMENTS(ch340));
  case ANYI_IDCARD_EMU_PL2303:
    return anyi_usb_descriptors_new(0x067B, 0x2303, 0xFF, 0, 0, pl2303, G_N_ELEMENTS(pl2303));
  case ANYI_IDCARD_EMU_CP210X:
    return anyi_usb_descriptors_new(0x10C4, 0xEA60, 0xFF, 0, 0, cp210x, G_N_ELEMENTS(cp210x));
  }
  g_return_val_if_reached(NULL);
}

static gboolean
is_serial(AnyiIdcardEmulator *self)
{
  return self->transport >= ANYI_IDCARD_EMU_CH340;
}

/* Splits an answer into what the transport's IN endpoints deliver. */
static void
queue_answer_bytes(AnyiIdcardEmulator *self, const guint8 *bytes, gsize len, gint64 when)
{
  AnyiUsbEmulator *usb = ANYI_USB_EMULATOR(self);
  if (self->transport == ANYI_IDCARD_EMU_BULK) {
    gsize head = MIN(len, ANYI_IDCARD_HEADER_LEN);
    g_autoptr(GBytes) header = g_bytes_new(bytes, head);
    anyi_usb_emulator_queue_in(usb, ANYI_IDCARD_BULK_EP_HEADER_IN, header, when);
    if (len > head) {
      g_autoptr(GBytes) body = g_bytes_new(bytes + head, len - head);
      anyi_usb_emulator_queue_in(usb, ANYI_IDCARD_BULK_EP_BODY_IN, body, when);
    }
    return;
  }
  gsize step = self->transport == ANYI_IDCARD_EMU_HID ? ANYI_IDCARD_HID_PAYLOAD_LEN : STREAM_PACKET;
  for (gsize at = 0; at < len; at += step) {
    gsize n = MIN(step, len - at);
    g_autoptr(GBytes) packet = NULL;
    if (self->transport == ANYI_IDCARD_EMU_HID) {
      guint8 report[ANYI_IDCARD_HID_REPORT_LEN] = {n};
      memcpy(report + 1, bytes + at, n);
      packet = g_bytes_new(report, sizeof report);
    } else {
      packet = g_bytes_new(bytes + at, n);
    }
    anyi_usb_emulator_queue_in(usb, answer_endpoint(self), packet, when);
  }
}

/* Takes the scripted fault for this answer, counting it down. */
static AnyiIdcardFault
take_fault(AnyiIdcardEmulator *self, guint command)
{
  if (self->fault == ANYI_IDCARD_FAULT_NONE ||
      (self->fault_command != 0 && self->fault_command != command))
    return ANYI_IDCARD_FAULT_NONE;
  AnyiIdcardFault fault = self->fault;
  if (self->fault_count > 0 && --self->fault_count == 0)
    self->fault = ANYI_IDCARD_FAULT_NONE;
  return fault;
}

/* Damages a well-formed answer as the scripted fault says. */
static GByteArray *
apply_fault(AnyiIdcardFault fault, GBytes *answer)
{
  gsize len = 0;
  const guint8 *bytes = g_bytes_get_data(answer, &len);
  GByteArray *out = g_byte_array_new();
  g_byte_array_append(out, bytes, len);
  switch (fault) {
  case ANYI_IDCARD_FAULT_CORRUPT:
    out->data[3] = 0x00;
    break;
  case ANYI_IDCARD_FAULT_CHECKSUM:
    out->data[out->len - 1] ^= 0x5A;
    break;
  case ANYI_IDCARD_FAULT_SHORT:
    g_byte_array_set_size(out, MIN(out->len, SHORT_ANSWER_BYTES));
    break;
  case ANYI_IDCARD_FAULT_OVERSIZED:
    out->data[5] = 0xFF;
    out->data[6] = 0xFF;
    break;
  default:
    break;
  }
  return out;
}

static void
send_answer(AnyiIdcardEmulator *self, guint command, GBytes *answer)
{
  gboolean read =
      command == ANYI_IDCARD_CMD_READ_TEXT_PHOTO || command == ANYI_IDCARD_CMD_READ_WITH_FINGER;
  guint delay_ms =
      read ? (guint)g_random_int_range(self->read_ms, self->read_ms_max + 1) : self->command_ms;
  gint64 when = g_get_monotonic_time() + delay_ms * G_TIME_SPAN_MILLISECOND;
  AnyiIdcardFault fault = take_fault(self, command);
  if (fault == ANYI_IDCARD_FAULT_SILENCE)
    return;
  if (fault == ANYI_IDCARD_FAULT_STALL) {
    anyi_usb_emulator_stall_in(ANYI_USB_EMULATOR(self), answer_endpoint(self));
    return;
  }
  g_autoptr(GBytes) replaced = fault == ANYI_IDCARD_FAULT_SW3
                                   ? anyi_idcard_proto_encode_answer(self->fault_sw3, NULL, 0)
                                   : NULL;
  g_autoptr(GByteArray) bytes = apply_fault(fault, replaced ? replaced : answer);
  if (read)
    self->last_read_answer = when;
  queue_answer_bytes(self, bytes->data, bytes->len, when);
}

static void
put_be16(guint8 *p, guint value)
{
  p[0] = value >> 8;
  p[1] = value & 0xFF;
}

static GBytes *
read_answer(AnyiIdcardEmulator *self, gboolean fingerprint)
{
  guint8 data[6 + ANYI_IDCARD_TEXT_LEN + ANYI_IDCARD_PHOTO_LEN + ANYI_IDCARD_FINGER_LEN];
  gsize head = fingerprint ? 6 : 4;
  gsize finger = fingerprint && self->with_fingerprint ? ANYI_IDCARD_FINGER_LEN : 0;
  put_be16(data, ANYI_IDCARD_TEXT_LEN);
  put_be16(data + 2, ANYI_IDCARD_PHOTO_LEN);
  if (fingerprint)
    put_be16(data + 4, finger);
  memcpy(data + head, self->text, ANYI_IDCARD_TEXT_LEN);
  memcpy(data + head + ANYI_IDCARD_TEXT_LEN, self->photo, ANYI_IDCARD_PHOTO_LEN);
  anyi_test_card_fill_photo(data + head + ANYI_IDCARD_TEXT_LEN + ANYI_IDCARD_PHOTO_LEN, finger,
                            SAMPLE_FINGER_SEED);
  return anyi_idcard_proto_encode_answer(
      ANYI_IDCARD_SW3_SUCCESS, data, head + ANYI_IDCARD_TEXT_LEN + ANYI_IDCARD_PHOTO_LEN + finger);
}

static GBytes *
appended_answer(AnyiIdcardEmulator *self)
{
  if (self->appended_address == NULL)
    return anyi_idcard_proto_encode_answer(ANYI_IDCARD_SW3_NO_SUCH_ITEM, NULL, 0);
  guint8 field[APPENDED_LEN];
  for (gsize i = 0; i < APPENDED_LEN; i += 2) {
    field[i] = ' ';
    field[i + 1] = 0;
  }
  glong units = 0;
  g_autofree gunichar2 *utf16 = g_utf8_to_utf16(self->appended_address, -1, NULL, &units, NULL);
  for (glong i = 0; i < units && i < APPENDED_LEN / 2; i++) {
    field[2 * i] = utf16[i] & 0xFF;
    field[2 * i + 1] = utf16[i] >> 8;
  }
  return anyi_idcard_proto_encode_answer(ANYI_IDCARD_SW3_SUCCESS, field, sizeof field);
}

static GBytes *
model_answer(AnyiIdcardEmulator *self, guint command)
{
  static const guint8 card_serial[8] = {0x12, 0x34, 0x56, 0x78, 0, 0, 0, 0};
  static const guint8 sam_id[16] = {0x05, 0x00, 0x01, 0x02, 0x20, 0x26, 0x11, 0x30,
                                    0x00, 0x00, 0x12, 0x34, 0x56, 0x78, 0x9A, 0xBC};
  static const guint8 find_data[4] = {0};
  if (command == ANYI_IDCARD_CMD_RESET_SAM) {
    self->sam_failed = FALSE;
    return anyi_idcard_proto_encode_answer(ANYI_IDCARD_SW3_SUCCESS, NULL, 0);
  }
  if (self->sam_failed)
    return anyi_idcard_proto_encode_answer(ANYI_IDCARD_SW3_SAM_SELFTEST, NULL, 0);
  switch (command) {
  case ANYI_IDCARD_CMD_SAM_STATUS:
    return anyi_idcard_proto_encode_answer(ANYI_IDCARD_SW3_SUCCESS, NULL, 0);
  case ANYI_IDCARD_CMD_SAM_ID:
    return anyi_idcard_proto_encode_answer(ANYI_IDCARD_SW3_SUCCESS, sam_id, sizeof sam_id);
  case ANYI_IDCARD_CMD_FIND_CARD:
    return self->card_present
               ? anyi_idcard_proto_encode_answer(ANYI_IDCARD_SW3_CARD_FOUND, find_data, 4)
               : anyi_idcard_proto_encode_answer(ANYI_IDCARD_SW3_NO_CARD, NULL, 0);
  case ANYI_IDCARD_CMD_SELECT_CARD:
    return self->card_present
               ? anyi_idcard_proto_encode_answer(ANYI_IDCARD_SW3_SUCCESS, card_serial, 8)
               : anyi_idcard_proto_encode_answer(ANYI_IDCARD_SW3_SELECT_FAILED, NULL, 0);
  case ANYI_IDCARD_CMD_READ_TEXT_PHOTO:
  case ANYI_IDCARD_CMD_READ_WITH_FINGER:
    if (!self->card_present)
      return anyi_idcard_proto_encode_answer(0x41, NULL, 0);
    return read_answer(self, command == ANYI_IDCARD_CMD_READ_WITH_FINGER);
  case ANYI_IDCARD_CMD_READ_APPENDED:
    return appended_answer(self);
  default:
    return anyi_idcard_proto_encode_answer(0x21, NULL, 0);
  }
}

static void
count_command(AnyiIdcardEmulator *self, guint command)
{
  gpointer key = GUINT_TO_POINTER(command);
  guint n = GPOINTER_TO_UINT(g_hash_table_lookup(self->counts, key));
  g_hash_table_insert(self->counts, key, GUINT_TO_POINTER(n + 1));
}

/* Answers every whole request frame in rx; a request with a wrong
 * checksum gets SW3 10, as the module does. */
static void
process_requests(AnyiIdcardEmulator *self)
{
  for (;;) {
    AnyiIdcardFrame frame;
    gsize consumed = 0;
    g_autoptr(GError) error = NULL;
    AnyiIdcardScan scan =
        anyi_idcard_proto_scan(self->rx->data, self->rx->len, &frame, &consumed, &error);
    if (scan == ANYI_IDCARD_SCAN_NEED_MORE) {
      g_byte_array_remove_range(self->rx, 0, consumed);
      return;
    }
    if (scan == ANYI_IDCARD_SCAN_MALFORMED) {
      g_byte_array_set_size(self->rx, 0);
      g_autoptr(GBytes) answer = anyi_idcard_proto_encode_answer(
          g_error_matches(error, ANYI_IDCARD_PROTO_ERROR, ANYI_IDCARD_PROTO_ERROR_CHECKSUM) ? 0x10
                                                                                            : 0x11,
          NULL, 0);
      send_answer(self, 0, answer);
      return;
    }
    guint command = frame.body[0] << 8 | frame.body[1];
    g_byte_array_remove_range(self->rx, 0, consumed);
    count_command(self, command);
    g_autoptr(GBytes) answer = model_answer(self, command);
    send_answer(self, command, answer);
  }
}

/* A UART copes with a few per cent of clock error (the CH340's 115200 is
 * really 115384), not with a wrong speed. */
static gboolean
line_ready(AnyiIdcardEmulator *self)
{
  guint want = ANYI_IDCARD_DEFAULT_BAUD;
  guint error = self->line_baud > want ? self->line_baud - want : want - self->line_baud;
  return error * 100 <= want * 2 && self->line_8n1 && self->line_enabled;
}

static void
anyi_idcard_emulator_data_out(AnyiUsbEmulator *usb, guint8 endpoint, const guint8 *data, gsize len)
{
  AnyiIdcardEmulator *self = ANYI_IDCARD_EMULATOR(usb);
  if (self->transport == ANYI_IDCARD_EMU_HID) {
    if (len == ANYI_IDCARD_HID_REPORT_LEN && data[0] <= ANYI_IDCARD_HID_PAYLOAD_LEN)
      g_byte_array_append(self->rx, data + 1, data[0]);
  } else if (is_serial(self) && !line_ready(self)) {
    return; /* bytes at the wrong speed are noise the reader ignores */
  } else {
    g_byte_array_append(self->rx, data, len);
  }
  process_requests(self);
}

static gboolean
ch340_control(AnyiIdcardEmulator *self, const AnyiUsbSetup *setup, guint8 *data, gsize *len)
{
  switch (setup->bRequest) {
  case ANYI_CH340_REQ_SERIAL_INIT:
  case ANYI_CH340_REQ_MODEM_CTRL:
    self->line_enabled = TRUE;
    return TRUE;
  case ANYI_CH340_REQ_WRITE_REG:
    if (setup->wValue == ANYI_CH340_REG_BAUD)
      self->line_baud = anyi_usb_serial_ch340_baud_from_value(setup->wIndex);
    else if (setup->wValue == ANYI_CH340_REG_LCR)
      self->line_8n1 = setup->wIndex == ANYI_CH340_LCR_8N1;
    return TRUE;
  default:
    return FALSE;
  }
}

static gboolean
pl2303_control(AnyiIdcardEmulator *self, const AnyiUsbSetup *setup, guint8 *data, gsize *len)
{
  switch (setup->bRequest) {
  case ANYI_PL2303_REQ_VENDOR_WRITE:
  case ANYI_PL2303_REQ_SET_CONTROL:
    self->line_enabled = TRUE;
    return TRUE;
  case ANYI_PL2303_REQ_SET_LINE:
    if (setup->wLength != 7)
      return FALSE;
    self->line_baud = data[0] | data[1] << 8 | data[2] << 16 | (guint)data[3] << 24;
    self->line_8n1 = data[4] == 0 && data[5] == 0 && data[6] == 8;
    return TRUE;
  default:
    return FALSE;
  }
}

static gboolean
cp210x_control(AnyiIdcardEmulator *self, const AnyiUsbSetup *setup, guint8 *data, gsize *len)
{
  switch (setup->bRequest) {
  case ANYI_CP210X_REQ_IFC_ENABLE:
    self->line_enabled = setup->wValue == 1;
    return TRUE;
  case ANYI_CP210X_REQ_SET_BAUDRATE:
    if (setup->wLength != 4)
      return FALSE;
    self->line_baud = data[0] | data[1] << 8 | data[2] << 16 | (guint)data[3] << 24;
    return TRUE;
  case ANYI_CP210X_REQ_SET_LINE_CTL:
    self->line_8n1 = setup->wValue == ANYI_CP210X_LINE_8N1;
    return TRUE;
  case ANYI_CP210X_REQ_SET_MHS:
    return TRUE;
  default:
    return FALSE;
  }
}

/* Only host-to-device requests exist in these bridges' setup paths;
 * anything else stalls, as an unknown request does on hardware. */
static gboolean
anyi_idcard_emulator_control(AnyiUsbEmulator *usb, const AnyiUsbSetup *setup, guint8 *data,
                             gsize *len)
{
  AnyiIdcardEmulator *self = ANYI_IDCARD_EMULATOR(usb);
  if (setup->bmRequestType & 0x80)
    return FALSE;
  switch (self->transport) {
  case ANYI_IDCARD_EMU_CH340:
    return ch340_control(self, setup, data, len);
  case ANYI_IDCARD_EMU_PL2303:
    return pl2303_control(self, setup, data, len);
  case ANYI_IDCARD_EMU_CP210X:
    return cp210x_control(self, setup, data, len);
  default:
    return FALSE;
  }
}

static void
anyi_idcard_emulator_finalize(GObject *object)
{
  AnyiIdcardEmulator *self = ANYI_IDCARD_EMULATOR(object);
  g_byte_array_unref(self->rx);
  g_hash_table_unref(self->counts);
  g_free(self->appended_address);
  G_OBJECT_CLASS(anyi_idcard_emulator_parent_class)->finalize(object);
}

static void
anyi_idcard_emulator_class_init(AnyiIdcardEmulatorClass *klass)
{
  AnyiUsbEmulatorClass *usb_class = ANYI_USB_EMULATOR_CLASS(klass);
  G_OBJECT_CLASS(klass)->finalize = anyi_idcard_emulator_finalize;
  usb_class->control = anyi_idcard_emulator_control;
  usb_class->data_out = anyi_idcard_emulator_data_out;
}

static void
anyi_idcard_emulator_init(AnyiIdcardEmulator *self)
{
  self->rx = g_byte_array_new();
  self->counts = g_hash_table_new(g_direct_hash, g_direct_equal);
}

AnyiIdcardEmulator *
anyi_idcard_emulator_new(AnyiIdcardEmuTransport transport)
{
  AnyiIdcardEmulator *self = g_object_new(ANYI_TYPE_IDCARD_EMULATOR, NULL);
  self->transport = transport;
  return self;
}

#define LOCKED(self, statements)                                                                   \
  G_STMT_START                                                                                     \
  {                                                                                                \
    anyi_usb_emulator_lock(ANYI_USB_EMULATOR(self));                                               \
    statements;                                                                                    \
    anyi_usb_emulator_unlock(ANYI_USB_EMULATOR(self));                                             \
  }                                                                                                \
  G_STMT_END

void
anyi_idcard_emulator_place_card(AnyiIdcardEmulator *self, const guint8 text[256],
                                gboolean with_fingerprint, const char *appended_address)
{
  LOCKED(self, {
    memcpy(self->text, text, ANYI_IDCARD_TEXT_LEN);
    anyi_test_card_fill_photo(self->photo, sizeof self->photo, SAMPLE_PHOTO_SEED);
    self->with_fingerprint = with_fingerprint;
    g_free(self->appended_address);
    self->appended_address = g_strdup(appended_address);
    self->card_present = TRUE;
  });
}

void
anyi_idcard_emulator_place_sample(AnyiIdcardEmulator *self, AnyiTestCardKind kind)
{
  AnyiTestCardSpec spec = anyi_test_card_spec(kind);
  guint8 text[ANYI_IDCARD_TEXT_LEN];
  anyi_test_card_build_text(&spec, text);
  anyi_idcard_emulator_place_card(self, text, TRUE, NULL);
}

void
anyi_idcard_emulator_remove_card(AnyiIdcardEmulator *self)
{
  LOCKED(self, self->card_present = FALSE);
}

void
anyi_idcard_emulator_inject(AnyiIdcardEmulator *self, AnyiIdcardFault fault, guint8 sw3,
                            guint command, guint count)
{
  LOCKED(self, {
    self->fault = fault;
    self->fault_sw3 = sw3;
    self->fault_command = command;
    self->fault_count = count;
  });
}

void
anyi_idcard_emulator_fail_sam(AnyiIdcardEmulator *self)
{
  LOCKED(self, self->sam_failed = TRUE);
}

void
anyi_idcard_emulator_set_pace(AnyiIdcardEmulator *self, guint read_ms, guint command_ms)
{
  LOCKED(self, {
    self->read_ms = self->read_ms_max = read_ms;
    self->command_ms = command_ms;
  });
}

void
anyi_idcard_emulator_set_real_pace(AnyiIdcardEmulator *self)
{
  LOCKED(self, {
    self->read_ms = ANYI_IDCARD_EMU_REAL_READ_MIN_MS;
    self->read_ms_max = ANYI_IDCARD_EMU_REAL_READ_MAX_MS;
    self->command_ms = ANYI_IDCARD_EMU_REAL_COMMAND_MS;
  });
}

guint
anyi_idcard_emulator_count(AnyiIdcardEmulator *self, guint command)
{
  guint n = 0;
  LOCKED(self, n = GPOINTER_TO_UINT(g_hash_table_lookup(self->counts, GUINT_TO_POINTER(command))));
  return n;
}

gint64
anyi_idcard_emulator_last_read_answer_time(AnyiIdcardEmulator *self)
{
  gint64 when = 0;
  LOCKED(self, when = self->last_read_answer);
  return when;
}

guint
anyi_idcard_emulator_line_baud(AnyiIdcardEmulator *self)
{
  guint baud = 0;
  LOCKED(self, baud = self->line_baud);
  return baud;
}
