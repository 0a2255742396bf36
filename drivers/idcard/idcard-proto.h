/* SPDX-License-Identifier: GPL-3.0-or-later */
/* idcard-proto.h: the SAM_V frame protocol of GA 467 ID card readers.
 *
 * Pure encoding and decoding, no I/O: the transports feed it bytes, the
 * tests and the fuzzer feed it anything. Requests and answers share one
 * frame shape: preamble AA AA AA 96 69, a big-endian LEN counting every
 * byte after itself, a body (CMD PARA DATA or SW1 SW2 SW3 DATA) and an XOR
 * of LEN..body. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define ANYI_IDCARD_PREAMBLE_LEN 5
#define ANYI_IDCARD_HEADER_LEN   7 /* preamble + LEN */
/* The longest legal answer is text + photo + fingerprint: 3 SW + 6 lengths
 * + 256 + 1024 + 1024 + CHK = 2314 bytes; anything much longer is garbage. */
#define ANYI_IDCARD_MAX_LEN    4096
#define ANYI_IDCARD_TEXT_LEN   256
#define ANYI_IDCARD_PHOTO_LEN  1024
#define ANYI_IDCARD_FINGER_LEN 1024

extern const guint8 anyi_idcard_preamble[ANYI_IDCARD_PREAMBLE_LEN];

/* Commands as CMD << 8 | PARA. */
typedef enum {
  ANYI_IDCARD_CMD_RESET_SAM = 0x10FF,
  ANYI_IDCARD_CMD_SAM_STATUS = 0x11FF,
  ANYI_IDCARD_CMD_SAM_ID = 0x12FF,
  ANYI_IDCARD_CMD_FIND_CARD = 0x2001,
  ANYI_IDCARD_CMD_SELECT_CARD = 0x2002,
  ANYI_IDCARD_CMD_READ_TEXT_PHOTO = 0x3001,
  ANYI_IDCARD_CMD_READ_APPENDED = 0x3003,
  ANYI_IDCARD_CMD_READ_WITH_FINGER = 0x3010,
} AnyiIdcardCommand;

/* SW3 values the reader answers with (GA 467 table). */
enum {
  ANYI_IDCARD_SW3_SUCCESS = 0x90,
  ANYI_IDCARD_SW3_NO_SUCH_ITEM = 0x91,
  ANYI_IDCARD_SW3_CARD_FOUND = 0x9F,
  ANYI_IDCARD_SW3_SAM_SELFTEST = 0x60,
  ANYI_IDCARD_SW3_NO_CARD = 0x80,
  ANYI_IDCARD_SW3_SELECT_FAILED = 0x81,
};

/* What a SW3 value means for the kiosk: only four things matter. */
typedef enum {
  ANYI_IDCARD_OUTCOME_SUCCESS,
  ANYI_IDCARD_OUTCOME_CITIZEN_RETRY,   /* no card, card moved, try again */
  ANYI_IDCARD_OUTCOME_CARD_UNREADABLE, /* this card cannot be read here: send to a window */
  ANYI_IDCARD_OUTCOME_READER_FAULT,    /* a technician must look at the reader */
} AnyiIdcardOutcome;

#define ANYI_IDCARD_PROTO_ERROR (anyi_idcard_proto_error_quark())
GQuark anyi_idcard_proto_error_quark(void);

typedef enum {
  ANYI_IDCARD_PROTO_ERROR_PREAMBLE,  /* no AA AA AA 96 69 where a frame must start */
  ANYI_IDCARD_PROTO_ERROR_LENGTH,    /* LEN too small, too large, or not the bytes present */
  ANYI_IDCARD_PROTO_ERROR_CHECKSUM,  /* XOR does not match */
  ANYI_IDCARD_PROTO_ERROR_PAYLOAD,   /* the read answer's inner lengths do not add up */
  ANYI_IDCARD_PROTO_ERROR_CARD_TYPE, /* the text block names no known card type */
  ANYI_IDCARD_PROTO_ERROR_TEXT,      /* the text block is not valid UCS-2 */
} AnyiIdcardProtoError;

/* One decoded frame; body points into the scanned buffer. */
typedef struct {
  const guint8 *body; /* CMD PARA DATA (request) or SW1 SW2 SW3 DATA (answer) */
  gsize body_len;
  gsize frame_len; /* preamble to CHK inclusive */
} AnyiIdcardFrame;

typedef enum {
  ANYI_IDCARD_SCAN_FRAME,     /* *frame holds a valid frame */
  ANYI_IDCARD_SCAN_NEED_MORE, /* no whole frame yet */
  ANYI_IDCARD_SCAN_MALFORMED, /* a bad frame was skipped; error says why */
} AnyiIdcardScan;

GBytes *anyi_idcard_proto_encode_request(AnyiIdcardCommand command, const guint8 *data,
                                         gsize data_len);
GBytes *anyi_idcard_proto_encode_answer(guint8 sw3, const guint8 *data, gsize data_len);
guint8 anyi_idcard_proto_xor(const guint8 *bytes, gsize len);

AnyiIdcardScan anyi_idcard_proto_scan(const guint8 *buf, gsize len, AnyiIdcardFrame *frame,
                                      gsize *consumed, GError **error);
gboolean anyi_idcard_proto_decode_exact(const guint8 *buf, gsize len, AnyiIdcardFrame *frame,
                                        GError **error);

/* The parts of a "read text + photo (+ fingerprint)" answer's data. */
typedef struct {
  const guint8 *text;
  const guint8 *photo;
  const guint8 *fingerprint; /* NULL for the 30 01 answer */
  gsize text_len;
  gsize photo_len;
  gsize fingerprint_len;
} AnyiIdcardReadData;

gboolean anyi_idcard_proto_split_read_data(const guint8 *data, gsize len, AnyiIdcardReadData *out,
                                           GError **error);

static inline guint8
anyi_idcard_frame_sw3(const AnyiIdcardFrame *frame)
{
  return frame->body[2];
}

AnyiIdcardOutcome anyi_idcard_sw3_outcome(guint8 sw3);
const char *anyi_idcard_sw3_describe(guint8 sw3);
const char *anyi_idcard_command_name(AnyiIdcardCommand command);

G_END_DECLS
