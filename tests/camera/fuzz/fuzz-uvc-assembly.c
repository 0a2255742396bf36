/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libFuzzer target: frame assembly from a stream of payloads, as bulk
 * transfers or isochronous packets bring them, lost ones included. The
 * input: 2 bytes of frame bound (at most 64 KB here), then records of one
 * length byte (0xFF: a lost payload) and that many payload bytes. A frame
 * handed out never exceeds the bound. Seeds in tests/camera/fuzz/assembly. */
#include "camera/anyi-uvc-proto.h"

#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  if (size < 2)
    return 0;
  gsize bound = (gsize)(data[0] | data[1] << 8);
  g_autoptr(AnyiUvcAssembler) a = anyi_uvc_assembler_new(bound);
  for (gsize at = 2; at < size;) {
    guint8 len = data[at++];
    if (len == 0xFF) {
      anyi_uvc_assembler_lose(a);
      continue;
    }
    gsize n = MIN((gsize)len, size - at);
    g_autoptr(GBytes) frame = anyi_uvc_assembler_push(a, data + at, n);
    if (frame)
      g_assert(g_bytes_get_size(frame) > 0 && g_bytes_get_size(frame) <= bound);
    at += n;
  }
  return 0;
}
