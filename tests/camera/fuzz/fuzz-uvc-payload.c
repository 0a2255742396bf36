/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libFuzzer target: UVC payload headers on arbitrary bytes: whatever the
 * header claims, the data it points at stays inside the payload. Seeds in
 * tests/camera/fuzz/payload. */
#include "camera/anyi-uvc-proto.h"

#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  AnyiUvcPayload p;
  if (anyi_uvc_payload_parse(data, size, &p)) {
    g_assert(p.header_len >= 2 && p.header_len <= size);
    g_assert(p.data == data + p.header_len && p.data_len == size - p.header_len);
    volatile guint8 sum = 0;
    for (gsize i = 0; i < p.data_len; i++)
      sum ^= p.data[i]; /* ASan: every byte it points at is ours */
  }
  return 0;
}
