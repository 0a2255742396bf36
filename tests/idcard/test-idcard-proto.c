/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The SAM_V codec: framing, resynchronisation, malformed input, SW3 table. */
#include "idcard/idcard-proto.h"

#include <string.h>

static void
assert_bytes(GBytes *bytes, const guint8 *want, gsize want_len)
{
  gsize len = 0;
  const guint8 *data = g_bytes_get_data(bytes, &len);
  g_assert_cmpmem(data, len, want, want_len);
}

static void
test_encode_find_card(void)
{
  static const guint8 want[] = {0xAA, 0xAA, 0xAA, 0x96, 0x69, 0x00, 0x03, 0x20, 0x01, 0x22};
  g_autoptr(GBytes) frame = anyi_idcard_proto_encode_request(ANYI_IDCARD_CMD_FIND_CARD, NULL, 0);
  assert_bytes(frame, want, sizeof want);
}

static void
test_encode_sam_status_answer(void)
{
  static const guint8 want[] = {0xAA, 0xAA, 0xAA, 0x96, 0x69, 0x00, 0x04, 0x00, 0x00, 0x90, 0x94};
  g_autoptr(GBytes) frame = anyi_idcard_proto_encode_answer(0x90, NULL, 0);
  assert_bytes(frame, want, sizeof want);
}

static GByteArray *
stream_of(const guint8 *noise, gsize noise_len, GBytes *frame)
{
  GByteArray *stream = g_byte_array_new();
  g_byte_array_append(stream, noise, noise_len);
  g_byte_array_append(stream, g_bytes_get_data(frame, NULL), g_bytes_get_size(frame));
  return stream;
}

static void
test_scan_skips_noise_before_preamble(void)
{
  static const guint8 noise[] = {0x00, 0xAA, 0xAA, 0x13, 0xAA, 0x96};
  static const guint8 data[] = {1, 2, 3, 4};
  g_autoptr(GBytes) frame = anyi_idcard_proto_encode_answer(0x9F, data, sizeof data);
  g_autoptr(GByteArray) stream = stream_of(noise, sizeof noise, frame);
  AnyiIdcardFrame decoded;
  gsize consumed = 0;
  g_assert_cmpint(anyi_idcard_proto_scan(stream->data, stream->len, &decoded, &consumed, NULL), ==,
                  ANYI_IDCARD_SCAN_FRAME);
  g_assert_cmpuint(consumed, ==, stream->len);
  g_assert_cmpuint(decoded.body_len, ==, 3 + sizeof data);
  g_assert_cmpuint(anyi_idcard_frame_sw3(&decoded), ==, 0x9F);
  g_assert_cmpmem(decoded.body + 3, sizeof data, data, sizeof data);
}

static void
test_scan_needs_more_until_whole(void)
{
  g_autoptr(GBytes) frame = anyi_idcard_proto_encode_answer(0x90, NULL, 0);
  gsize len = 0;
  const guint8 *bytes = g_bytes_get_data(frame, &len);
  for (gsize cut = 0; cut < len; cut++) {
    AnyiIdcardFrame decoded;
    gsize consumed = 99;
    g_assert_cmpint(anyi_idcard_proto_scan(bytes, cut, &decoded, &consumed, NULL), ==,
                    ANYI_IDCARD_SCAN_NEED_MORE);
    /* nothing of a possible frame start may be dropped */
    g_assert_cmpuint(consumed, ==, 0);
  }
}

static void
test_scan_drops_noise_without_preamble(void)
{
  static const guint8 noise[] = {1, 2, 3, 4, 5, 6, 0xAA, 0xAA};
  AnyiIdcardFrame decoded;
  gsize consumed = 0;
  g_assert_cmpint(anyi_idcard_proto_scan(noise, sizeof noise, &decoded, &consumed, NULL), ==,
                  ANYI_IDCARD_SCAN_NEED_MORE);
  g_assert_cmpuint(consumed, ==, 6); /* keeps AA AA: a preamble may follow */
}

static void
test_scan_bad_checksum_then_resync(void)
{
  g_autoptr(GBytes) bad = anyi_idcard_proto_encode_answer(0x90, NULL, 0);
  g_autoptr(GBytes) good = anyi_idcard_proto_encode_answer(0x9F, NULL, 0);
  g_autoptr(GByteArray) stream = stream_of(NULL, 0, bad);
  stream->data[stream->len - 1] ^= 0xFF;
  g_byte_array_append(stream, g_bytes_get_data(good, NULL), g_bytes_get_size(good));

  g_autoptr(GError) error = NULL;
  AnyiIdcardFrame decoded;
  gsize consumed = 0;
  g_assert_cmpint(anyi_idcard_proto_scan(stream->data, stream->len, &decoded, &consumed, &error),
                  ==, ANYI_IDCARD_SCAN_MALFORMED);
  g_assert_error(error, ANYI_IDCARD_PROTO_ERROR, ANYI_IDCARD_PROTO_ERROR_CHECKSUM);
  g_assert_cmpuint(consumed, ==, 1);
  g_byte_array_remove_range(stream, 0, consumed);
  g_assert_cmpint(anyi_idcard_proto_scan(stream->data, stream->len, &decoded, &consumed, NULL), ==,
                  ANYI_IDCARD_SCAN_FRAME);
  g_assert_cmpuint(anyi_idcard_frame_sw3(&decoded), ==, 0x9F);
}

static void
assert_scan_length_error(guint8 len_hi, guint8 len_lo)
{
  const guint8 frame[] = {0xAA, 0xAA, 0xAA, 0x96, 0x69, len_hi, len_lo, 0, 0, 0};
  g_autoptr(GError) error = NULL;
  AnyiIdcardFrame decoded;
  gsize consumed = 0;
  g_assert_cmpint(anyi_idcard_proto_scan(frame, sizeof frame, &decoded, &consumed, &error), ==,
                  ANYI_IDCARD_SCAN_MALFORMED);
  g_assert_error(error, ANYI_IDCARD_PROTO_ERROR, ANYI_IDCARD_PROTO_ERROR_LENGTH);
}

static void
test_scan_short_and_oversized_length(void)
{
  assert_scan_length_error(0x00, 0x00);
  assert_scan_length_error(0x00, 0x02);
  assert_scan_length_error(0x10, 0x01);
  assert_scan_length_error(0xFF, 0xFF);
}

static void
test_decode_exact_errors(void)
{
  g_autoptr(GBytes) frame = anyi_idcard_proto_encode_answer(0x90, NULL, 0);
  gsize len = 0;
  const guint8 *bytes = g_bytes_get_data(frame, &len);
  AnyiIdcardFrame decoded;
  g_autoptr(GError) preamble = NULL, truncated = NULL, longer = NULL, header = NULL;

  g_assert_true(anyi_idcard_proto_decode_exact(bytes, len, &decoded, NULL));
  g_assert_false(anyi_idcard_proto_decode_exact(bytes + 1, len - 1, &decoded, &preamble));
  g_assert_error(preamble, ANYI_IDCARD_PROTO_ERROR, ANYI_IDCARD_PROTO_ERROR_PREAMBLE);
  g_assert_false(anyi_idcard_proto_decode_exact(bytes, len - 1, &decoded, &truncated));
  g_assert_error(truncated, ANYI_IDCARD_PROTO_ERROR, ANYI_IDCARD_PROTO_ERROR_LENGTH);
  g_assert_false(anyi_idcard_proto_decode_exact(bytes, 6, &decoded, &header));
  g_assert_error(header, ANYI_IDCARD_PROTO_ERROR, ANYI_IDCARD_PROTO_ERROR_LENGTH);

  g_autoptr(GByteArray) extra = stream_of(NULL, 0, frame);
  g_byte_array_append(extra, (const guint8 *)"x", 1);
  g_assert_false(anyi_idcard_proto_decode_exact(extra->data, extra->len, &decoded, &longer));
  g_assert_error(longer, ANYI_IDCARD_PROTO_ERROR, ANYI_IDCARD_PROTO_ERROR_LENGTH);
}

static GByteArray *
read_data(gsize text, gsize photo, gssize finger)
{
  GByteArray *data = g_byte_array_new();
  guint8 lengths[6] = {text >> 8, text & 0xFF, photo >> 8, photo & 0xFF};
  if (finger >= 0) {
    lengths[4] = finger >> 8;
    lengths[5] = finger & 0xFF;
  }
  g_byte_array_append(data, lengths, finger >= 0 ? 6 : 4);
  g_byte_array_set_size(data, data->len + text + photo + MAX(finger, 0));
  return data;
}

static void
test_split_read_data(void)
{
  AnyiIdcardReadData parts;
  g_autoptr(GByteArray) plain = read_data(256, 1024, -1);
  g_assert_cmpuint(plain->len + 3 + 1, ==, 0x0508); /* the whole answer's LEN */
  g_assert_true(anyi_idcard_proto_split_read_data(plain->data, plain->len, &parts, NULL));
  g_assert_cmpuint(parts.photo_len, ==, 1024);
  g_assert_null(parts.fingerprint);

  g_autoptr(GByteArray) finger = read_data(256, 1024, 1024);
  g_assert_true(anyi_idcard_proto_split_read_data(finger->data, finger->len, &parts, NULL));
  g_assert_cmpuint(parts.fingerprint_len, ==, 1024);
  g_assert_true(parts.fingerprint == finger->data + 6 + 256 + 1024);

  g_autoptr(GError) sum = NULL, text = NULL;
  g_assert_false(anyi_idcard_proto_split_read_data(plain->data, plain->len - 1, &parts, &sum));
  g_assert_error(sum, ANYI_IDCARD_PROTO_ERROR, ANYI_IDCARD_PROTO_ERROR_PAYLOAD);
  g_autoptr(GByteArray) odd = read_data(200, 1024, -1);
  g_assert_false(anyi_idcard_proto_split_read_data(odd->data, odd->len, &parts, &text));
  g_assert_error(text, ANYI_IDCARD_PROTO_ERROR, ANYI_IDCARD_PROTO_ERROR_PAYLOAD);
}

static void
test_every_sw3(void)
{
  static const struct {
    guint8 sw3;
    AnyiIdcardOutcome outcome;
  } table[] = {
      {0x90, ANYI_IDCARD_OUTCOME_SUCCESS},         {0x91, ANYI_IDCARD_OUTCOME_SUCCESS},
      {0x9F, ANYI_IDCARD_OUTCOME_SUCCESS},         {0x10, ANYI_IDCARD_OUTCOME_READER_FAULT},
      {0x11, ANYI_IDCARD_OUTCOME_READER_FAULT},    {0x21, ANYI_IDCARD_OUTCOME_READER_FAULT},
      {0x23, ANYI_IDCARD_OUTCOME_READER_FAULT},    {0x24, ANYI_IDCARD_OUTCOME_READER_FAULT},
      {0x31, ANYI_IDCARD_OUTCOME_CARD_UNREADABLE}, {0x32, ANYI_IDCARD_OUTCOME_CARD_UNREADABLE},
      {0x33, ANYI_IDCARD_OUTCOME_CARD_UNREADABLE}, {0x37, ANYI_IDCARD_OUTCOME_CARD_UNREADABLE},
      {0x3F, ANYI_IDCARD_OUTCOME_CARD_UNREADABLE}, {0x40, ANYI_IDCARD_OUTCOME_CARD_UNREADABLE},
      {0x41, ANYI_IDCARD_OUTCOME_CITIZEN_RETRY},   {0x47, ANYI_IDCARD_OUTCOME_CITIZEN_RETRY},
      {0x60, ANYI_IDCARD_OUTCOME_READER_FAULT},    {0x66, ANYI_IDCARD_OUTCOME_READER_FAULT},
      {0x80, ANYI_IDCARD_OUTCOME_CITIZEN_RETRY},   {0x81, ANYI_IDCARD_OUTCOME_CITIZEN_RETRY},
      {0x55, ANYI_IDCARD_OUTCOME_READER_FAULT},    {0x00, ANYI_IDCARD_OUTCOME_READER_FAULT},
  };
  for (gsize i = 0; i < G_N_ELEMENTS(table); i++) {
    g_test_message("SW3 %02X", table[i].sw3);
    g_assert_cmpint(anyi_idcard_sw3_outcome(table[i].sw3), ==, table[i].outcome);
    g_assert_cmpuint(strlen(anyi_idcard_sw3_describe(table[i].sw3)), >, 5);
  }
  g_assert_cmpstr(anyi_idcard_sw3_describe(0x55), !=, anyi_idcard_sw3_describe(0x90));
}

int
main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/idcard/proto/encode-find-card", test_encode_find_card);
  g_test_add_func("/idcard/proto/encode-sam-status-answer", test_encode_sam_status_answer);
  g_test_add_func("/idcard/proto/scan-skips-noise", test_scan_skips_noise_before_preamble);
  g_test_add_func("/idcard/proto/scan-needs-more", test_scan_needs_more_until_whole);
  g_test_add_func("/idcard/proto/scan-drops-noise", test_scan_drops_noise_without_preamble);
  g_test_add_func("/idcard/proto/scan-bad-checksum-resync", test_scan_bad_checksum_then_resync);
  g_test_add_func("/idcard/proto/scan-length-errors", test_scan_short_and_oversized_length);
  g_test_add_func("/idcard/proto/decode-exact-errors", test_decode_exact_errors);
  g_test_add_func("/idcard/proto/split-read-data", test_split_read_data);
  g_test_add_func("/idcard/proto/every-sw3", test_every_sw3);
  return g_test_run();
}
