/* SPDX-License-Identifier: GPL-3.0-or-later */
/* idcard-proto.c: SAM_V frame codec and the SW3 table (GA 467). */
#include "idcard-proto.h"

#include <string.h>

const guint8 anyi_idcard_preamble[ANYI_IDCARD_PREAMBLE_LEN] = {0xAA, 0xAA, 0xAA, 0x96, 0x69};

/* LEN counts at least two body bytes and the CHK. */
#define MIN_LEN 3

/* clang-format off */
G_DEFINE_QUARK(anyi-idcard-proto-error-quark, anyi_idcard_proto_error)
/* clang-format on */

guint8
anyi_idcard_proto_xor(const guint8 *bytes, gsize len)
{
  guint8 x = 0;
  for (gsize i = 0; i < len; i++)
    x ^= bytes[i];
  return x;
}

static GBytes *
encode_frame(const guint8 head[], gsize head_len, const guint8 *data, gsize data_len)
{
  gsize len = head_len + data_len + 1;
  g_return_val_if_fail(len <= ANYI_IDCARD_MAX_LEN, NULL);
  GByteArray *frame = g_byte_array_sized_new(ANYI_IDCARD_HEADER_LEN + len);
  guint8 len_be[2] = {len >> 8, len & 0xFF};
  g_byte_array_append(frame, anyi_idcard_preamble, ANYI_IDCARD_PREAMBLE_LEN);
  g_byte_array_append(frame, len_be, 2);
  g_byte_array_append(frame, head, head_len);
  if (data_len > 0)
    g_byte_array_append(frame, data, data_len);
  guint8 chk = anyi_idcard_proto_xor(frame->data + ANYI_IDCARD_PREAMBLE_LEN,
                                     frame->len - ANYI_IDCARD_PREAMBLE_LEN);
  g_byte_array_append(frame, &chk, 1);
  return g_byte_array_free_to_bytes(frame);
}

GBytes *
anyi_idcard_proto_encode_request(AnyiIdcardCommand command, const guint8 *data, gsize data_len)
{
  const guint8 head[2] = {command >> 8, command & 0xFF};
  return encode_frame(head, sizeof head, data, data_len);
}

GBytes *
anyi_idcard_proto_encode_answer(guint8 sw3, const guint8 *data, gsize data_len)
{
  const guint8 head[3] = {0x00, 0x00, sw3};
  return encode_frame(head, sizeof head, data, data_len);
}

static gssize
find_preamble(const guint8 *buf, gsize len)
{
  for (gsize i = 0; i + ANYI_IDCARD_PREAMBLE_LEN <= len; i++)
    if (memcmp(buf + i, anyi_idcard_preamble, ANYI_IDCARD_PREAMBLE_LEN) == 0)
      return i;
  return -1;
}

/* Bytes at the end of buf that could be the start of a preamble cut short. */
static gsize
partial_preamble_tail(const guint8 *buf, gsize len)
{
  for (gsize keep = MIN(len, ANYI_IDCARD_PREAMBLE_LEN - 1); keep > 0; keep--)
    if (memcmp(buf + len - keep, anyi_idcard_preamble, keep) == 0)
      return keep;
  return 0;
}

/* Checks the frame whose preamble starts at buf[0]; needs the whole frame. */
static AnyiIdcardScan
check_frame_at(const guint8 *buf, gsize avail, AnyiIdcardFrame *frame, GError **error)
{
  if (avail < ANYI_IDCARD_HEADER_LEN)
    return ANYI_IDCARD_SCAN_NEED_MORE;
  gsize len = (gsize)buf[5] << 8 | buf[6];
  if (len < MIN_LEN || len > ANYI_IDCARD_MAX_LEN) {
    g_set_error(error, ANYI_IDCARD_PROTO_ERROR, ANYI_IDCARD_PROTO_ERROR_LENGTH,
                "frame length field %zu is outside %d..%d", len, MIN_LEN, ANYI_IDCARD_MAX_LEN);
    return ANYI_IDCARD_SCAN_MALFORMED;
  }
  if (avail < ANYI_IDCARD_HEADER_LEN + len)
    return ANYI_IDCARD_SCAN_NEED_MORE;
  guint8 want = anyi_idcard_proto_xor(buf + ANYI_IDCARD_PREAMBLE_LEN, len + 1);
  guint8 got = buf[ANYI_IDCARD_HEADER_LEN + len - 1];
  if (want != got) {
    g_set_error(error, ANYI_IDCARD_PROTO_ERROR, ANYI_IDCARD_PROTO_ERROR_CHECKSUM,
                "frame checksum is %02X, the bytes give %02X", got, want);
    return ANYI_IDCARD_SCAN_MALFORMED;
  }
  frame->body = buf + ANYI_IDCARD_HEADER_LEN;
  frame->body_len = len - 1;
  frame->frame_len = ANYI_IDCARD_HEADER_LEN + len;
  return ANYI_IDCARD_SCAN_FRAME;
}

/* Finds the first valid frame in a byte stream. *consumed says how many
 * bytes the caller may drop: noise before a preamble, a whole frame, or a
 * bad frame's first byte so the next scan resynchronises after it. */
AnyiIdcardScan
anyi_idcard_proto_scan(const guint8 *buf, gsize len, AnyiIdcardFrame *frame, gsize *consumed,
                       GError **error)
{
  g_return_val_if_fail(frame != NULL && consumed != NULL, ANYI_IDCARD_SCAN_NEED_MORE);
  gssize start = find_preamble(buf, len);
  if (start < 0) {
    *consumed = len - partial_preamble_tail(buf, len);
    return ANYI_IDCARD_SCAN_NEED_MORE;
  }
  AnyiIdcardScan scan = check_frame_at(buf + start, len - start, frame, error);
  switch (scan) {
  case ANYI_IDCARD_SCAN_FRAME:
    *consumed = start + frame->frame_len;
    break;
  case ANYI_IDCARD_SCAN_MALFORMED:
    *consumed = start + 1;
    break;
  case ANYI_IDCARD_SCAN_NEED_MORE:
    *consumed = start;
    break;
  }
  return scan;
}

/* Decodes a buffer that must hold exactly one frame and nothing else. */
gboolean
anyi_idcard_proto_decode_exact(const guint8 *buf, gsize len, AnyiIdcardFrame *frame, GError **error)
{
  if (len < ANYI_IDCARD_PREAMBLE_LEN || memcmp(buf, anyi_idcard_preamble, 5) != 0) {
    g_set_error(error, ANYI_IDCARD_PROTO_ERROR, ANYI_IDCARD_PROTO_ERROR_PREAMBLE,
                "the data does not start with the preamble AA AA AA 96 69");
    return FALSE;
  }
  if (len < ANYI_IDCARD_HEADER_LEN) {
    g_set_error(error, ANYI_IDCARD_PROTO_ERROR, ANYI_IDCARD_PROTO_ERROR_LENGTH,
                "%zu bytes end inside the frame header", len);
    return FALSE;
  }
  gsize declared = (gsize)buf[5] << 8 | buf[6];
  if (declared + ANYI_IDCARD_HEADER_LEN != len) {
    g_set_error(error, ANYI_IDCARD_PROTO_ERROR, ANYI_IDCARD_PROTO_ERROR_LENGTH,
                "length field says %zu bytes follow, %zu do", declared,
                len - ANYI_IDCARD_HEADER_LEN);
    return FALSE;
  }
  return check_frame_at(buf, len, frame, error) == ANYI_IDCARD_SCAN_FRAME;
}

static gsize
be16(const guint8 *p)
{
  return (gsize)p[0] << 8 | p[1];
}

/* The read answer's data is 2 or 3 big-endian lengths followed by the
 * blocks; which one is known only by whether the sums add up. */
gboolean
anyi_idcard_proto_split_read_data(const guint8 *data, gsize len, AnyiIdcardReadData *out,
                                  GError **error)
{
  memset(out, 0, sizeof *out);
  if (len >= 4) {
    gsize text = be16(data), photo = be16(data + 2);
    if (4 + text + photo == len) {
      *out = (AnyiIdcardReadData){data + 4, data + 4 + text, NULL, text, photo, 0};
      goto check_text;
    }
  }
  if (len >= 6) {
    gsize text = be16(data), photo = be16(data + 2), finger = be16(data + 4);
    if (6 + text + photo + finger == len) {
      *out = (AnyiIdcardReadData){data + 6, data + 6 + text, data + 6 + text + photo,
                                  text,     photo,           finger};
      goto check_text;
    }
  }
  g_set_error(error, ANYI_IDCARD_PROTO_ERROR, ANYI_IDCARD_PROTO_ERROR_PAYLOAD,
              "the read answer's block lengths do not add up to its %zu data bytes", len);
  return FALSE;

check_text:
  if (out->text_len != ANYI_IDCARD_TEXT_LEN) {
    g_set_error(error, ANYI_IDCARD_PROTO_ERROR, ANYI_IDCARD_PROTO_ERROR_PAYLOAD,
                "the text block is %zu bytes, not %d", out->text_len, ANYI_IDCARD_TEXT_LEN);
    return FALSE;
  }
  return TRUE;
}

typedef struct {
  guint8 sw3;
  AnyiIdcardOutcome outcome;
  const char *meaning;
} Sw3Entry;

/* 91 counts as success: the answer is meaningful, the item is absent. */
static const Sw3Entry sw3_table[] = {
    {0x90, ANYI_IDCARD_OUTCOME_SUCCESS, "success"},
    {0x91, ANYI_IDCARD_OUTCOME_SUCCESS, "the card holds no such item"},
    {0x9F, ANYI_IDCARD_OUTCOME_SUCCESS, "card found"},
    {0x10, ANYI_IDCARD_OUTCOME_READER_FAULT, "the reader saw a checksum error in the host's frame"},
    {0x11, ANYI_IDCARD_OUTCOME_READER_FAULT, "the reader saw a length error in the host's frame"},
    {0x21, ANYI_IDCARD_OUTCOME_READER_FAULT, "the reader rejected the command"},
    {0x23, ANYI_IDCARD_OUTCOME_READER_FAULT, "the reader refused the operation as not permitted"},
    {0x24, ANYI_IDCARD_OUTCOME_READER_FAULT, "the reader reported an unrecognised error"},
    {0x31, ANYI_IDCARD_OUTCOME_CARD_UNREADABLE, "the card failed to authenticate the SAM"},
    {0x32, ANYI_IDCARD_OUTCOME_CARD_UNREADABLE, "the SAM failed to authenticate the card"},
    {0x33, ANYI_IDCARD_OUTCOME_CARD_UNREADABLE, "the card's information failed verification"},
    {0x37, ANYI_IDCARD_OUTCOME_CARD_UNREADABLE, "the card's fingerprint data failed verification"},
    {0x3F, ANYI_IDCARD_OUTCOME_CARD_UNREADABLE, "the card's information has a length error"},
    {0x40, ANYI_IDCARD_OUTCOME_CARD_UNREADABLE, "the SAM does not recognise the card type"},
    {0x41, ANYI_IDCARD_OUTCOME_CITIZEN_RETRY, "reading the card failed (card moved?)"},
    {0x47, ANYI_IDCARD_OUTCOME_CITIZEN_RETRY, "the random number exchange with the card failed"},
    {0x60, ANYI_IDCARD_OUTCOME_READER_FAULT, "the SAM self-test failed and it accepts no command"},
    {0x66, ANYI_IDCARD_OUTCOME_READER_FAULT, "the SAM is not authorised"},
    {0x80, ANYI_IDCARD_OUTCOME_CITIZEN_RETRY, "no card on the reader"},
    {0x81, ANYI_IDCARD_OUTCOME_CITIZEN_RETRY, "selecting the card failed (card moved?)"},
};

static const Sw3Entry *
sw3_lookup(guint8 sw3)
{
  for (gsize i = 0; i < G_N_ELEMENTS(sw3_table); i++)
    if (sw3_table[i].sw3 == sw3)
      return &sw3_table[i];
  return NULL;
}

/* An SW3 outside the standard's table means firmware we do not
 * understand: a technician's matter. */
AnyiIdcardOutcome
anyi_idcard_sw3_outcome(guint8 sw3)
{
  const Sw3Entry *entry = sw3_lookup(sw3);
  return entry ? entry->outcome : ANYI_IDCARD_OUTCOME_READER_FAULT;
}

const char *
anyi_idcard_sw3_describe(guint8 sw3)
{
  const Sw3Entry *entry = sw3_lookup(sw3);
  return entry ? entry->meaning : "the reader answered with a status code outside GA 467";
}

const char *
anyi_idcard_command_name(AnyiIdcardCommand command)
{
  switch (command) {
  case ANYI_IDCARD_CMD_RESET_SAM:
    return "reset SAM (10 FF)";
  case ANYI_IDCARD_CMD_SAM_STATUS:
    return "SAM status (11 FF)";
  case ANYI_IDCARD_CMD_SAM_ID:
    return "read SAM ID (12 FF)";
  case ANYI_IDCARD_CMD_FIND_CARD:
    return "find card (20 01)";
  case ANYI_IDCARD_CMD_SELECT_CARD:
    return "select card (20 02)";
  case ANYI_IDCARD_CMD_READ_TEXT_PHOTO:
    return "read text + photo (30 01)";
  case ANYI_IDCARD_CMD_READ_APPENDED:
    return "read appended address (30 03)";
  case ANYI_IDCARD_CMD_READ_WITH_FINGER:
    return "read text + photo + fingerprint (30 10)";
  }
  return "unknown command";
}
