/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A stand-in WLT decoder for the plug-in tests: it does NOT decode WLT (no
 * open decoder exists); it paints each pixel from the input bytes so the
 * test can check that data went through the ABI both ways. Built twice:
 * as a valid plug-in, and with WLT_STAND_IN_ABI set to a wrong version. */
#include "idcard/anyi-wlt-plugin.h"

#ifndef WLT_STAND_IN_ABI
#define WLT_STAND_IN_ABI ANYI_WLT_PLUGIN_ABI
#endif

static int
stand_in_decode(const unsigned char *wlt, size_t wlt_len, unsigned char *rgb, size_t rgb_len)
{
  if (wlt_len != ANYI_WLT_INPUT_LEN || rgb_len != ANYI_WLT_RGB_LEN)
    return 7;
  if (wlt[0] == 0xFF) /* what a damaged photo looks like to this stand-in */
    return 42;
  for (size_t i = 0; i < rgb_len; i++)
    rgb[i] = wlt[i % wlt_len];
  return 0;
}

const AnyiWltPlugin anyi_wlt_plugin = {WLT_STAND_IN_ABI, "test stand-in 1.0", stand_in_decode};
