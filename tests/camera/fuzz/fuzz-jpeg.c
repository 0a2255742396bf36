/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libFuzzer target: JPEG decoding of a camera frame or a file: whatever
 * the header claims, nothing above the ceilings is allocated, a damaged
 * picture is an error, and a camera frame must have the agreed size.
 * Seeds in tests/camera/fuzz/jpeg. */
#include "camera/anyi-frame.h"

#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  g_autoptr(AnyiFrame) any = anyi_frame_new_from_jpeg(data, size, NULL);
  if (any)
    g_assert((guint64)any->width * (guint64)any->height <= ANYI_FRAME_MAX_PIXELS);
  g_autoptr(AnyiFrame) sized = anyi_frame_new_from_jpeg_sized(data, size, 64, 48, NULL);
  if (sized)
    g_assert(sized->width == 64 && sized->height == 48);
  return 0;
}
