/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libFuzzer target: frame decoding and card parsing on arbitrary bytes.
 * Built with clang -fsanitize=fuzzer,address,undefined (see meson.build);
 * the seed corpus is tests/idcard/data. */
#include "idcard/idcard-card.h"
#include "idcard/idcard-proto.h"

#include <stdint.h>

static void
fuzz_stream(const guint8 *data, gsize size)
{
  gsize at = 0;
  while (at < size) {
    AnyiIdcardFrame frame;
    gsize consumed = 0;
    g_autoptr(GError) error = NULL;
    AnyiIdcardScan scan = anyi_idcard_proto_scan(data + at, size - at, &frame, &consumed, &error);
    if (scan == ANYI_IDCARD_SCAN_FRAME && frame.body_len >= 3)
      (void)anyi_idcard_sw3_outcome(anyi_idcard_frame_sw3(&frame));
    if (consumed == 0)
      break;
    at += consumed;
  }
}

static void
fuzz_card(const guint8 *text, gsize len)
{
  g_autoptr(AnyiIdCard) card = anyi_id_card_parse(text, len, NULL);
  if (card == NULL)
    return;
  g_autoptr(GDate) today = g_date_new_dmy(30, 11, 2026);
  g_autofree char *masked = anyi_id_card_to_json_at(card, FALSE, today);
  g_autofree char *full = anyi_id_card_to_json_at(card, TRUE, today);
  g_autoptr(AnyiIdCard) copy = anyi_id_card_copy(card);
}

static void
fuzz_frame(const guint8 *data, gsize size)
{
  AnyiIdcardFrame frame;
  AnyiIdcardReadData parts;
  if (!anyi_idcard_proto_decode_exact(data, size, &frame, NULL) || frame.body_len < 3)
    return;
  if (anyi_idcard_proto_split_read_data(frame.body + 3, frame.body_len - 3, &parts, NULL))
    fuzz_card(parts.text, parts.text_len);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  fuzz_stream(data, size);
  fuzz_frame(data, size);
  if (size >= 256)
    fuzz_card(data, 256);
  return 0;
}
