/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libFuzzer target: UVC negotiation on arbitrary bytes: the Video
 * Streaming descriptors, the mode choice, the probe block a camera answers
 * and its bounds, and isochronous alternate settings. Built with clang
 * -fsanitize=fuzzer,address,undefined (tests/camera/meson.build); seeds in
 * tests/camera/fuzz/negotiation. */
#include "camera/anyi-uvc-proto.h"

#include <stdint.h>

static void
fuzz_probe(const guint8 *data, gsize size, const GArray *modes)
{
  AnyiUvcProbe granted;
  anyi_uvc_probe_unpack(data, size, &granted);
  for (guint i = 0; i < modes->len && i < 16; i++) {
    gsize frame = 0, payload = 0;
    const AnyiUvcMode *mode = &g_array_index(modes, AnyiUvcMode, i);
    if (anyi_uvc_probe_check(&granted, mode, &frame, &payload, NULL)) {
      g_assert(frame <= ANYI_UVC_MAX_FRAME_BYTES && frame <= anyi_uvc_mode_frame_bound(mode));
      g_assert(payload <= ANYI_UVC_MAX_PAYLOAD_BYTES);
    }
  }
}

static void
fuzz_alts(const guint8 *data, gsize size)
{
  g_autoptr(GArray) alts = g_array_new(FALSE, TRUE, sizeof(AnyiUvcAltSetting));
  for (gsize at = 0; at + 4 <= size && alts->len < 32; at += 4) {
    AnyiUvcSpeed speed = (AnyiUvcSpeed)(data[at + 3] % 3);
    AnyiUvcAltSetting a = {.alt = (guint8)(alts->len + 1),
                           .max_packet = (guint16)(data[at] | data[at + 1] << 8)};
    a.bandwidth =
        anyi_uvc_iso_bandwidth(a.max_packet, speed, data[at + 2] & 0x0F, data[at + 2] >> 4);
    g_array_append_val(alts, a);
  }
  guint32 payload = size >= 4 ? (guint32)(data[0] | data[1] << 8 | data[2] << 16) : 0;
  const AnyiUvcAltSetting *chosen = anyi_uvc_pick_alt(alts, payload);
  g_assert(!chosen || payload == 0 || chosen->bandwidth >= payload);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  g_autoptr(GArray) modes = anyi_uvc_parse_streaming(data, size, NULL);
  if (modes) {
    AnyiUvcMode mode;
    for (guint i = 0; i < modes->len; i++) {
      const AnyiUvcMode *m = &g_array_index(modes, AnyiUvcMode, i);
      g_assert(m->width <= ANYI_UVC_MAX_SIDE && m->height <= ANYI_UVC_MAX_SIDE);
      g_assert(m->max_frame_size <= anyi_uvc_mode_frame_bound(m));
    }
    (void)anyi_uvc_pick_mode(modes, 1920, 1080, &mode);
    (void)anyi_uvc_pick_mode_for_role(modes, TRUE, ANYI_UVC_MAX_SIDE, ANYI_UVC_MAX_SIDE, &mode);
    (void)anyi_uvc_pick_mode_for_role(modes, FALSE, 1920, 1080, &mode);
    if (size >= ANYI_UVC_PROBE_LEN_10)
      fuzz_probe(data + size - ANYI_UVC_PROBE_LEN_10, ANYI_UVC_PROBE_LEN_10, modes);
  }
  fuzz_alts(data, size);
  return 0;
}
