/* SPDX-License-Identifier: GPL-3.0-or-later */
/* anyi-wlt-plugin.h: the C ABI of a WLT photo decoder plug-in.
 *
 * The 1024-byte photo on a Chinese ID card is WLT, a wavelet format only
 * the licensed vendor library decodes. The kiosk keeps the bytes opaque; a
 * hall that holds a licence installs a small shared library implementing
 * this header (a wrapper around the vendor's decoder) and names it in
 * assets/devices/idcard-readers.json as "photo_decoder". Without one, the
 * kiosk shows a neutral silhouette.
 *
 * The library exports one symbol, ANYI_WLT_PLUGIN_SYMBOL, of type
 * AnyiWltPlugin. This header uses only C types so it can be built with
 * the vendor's own toolchain. */
#pragma once

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#define ANYI_WLT_PLUGIN_ABI    1
#define ANYI_WLT_PLUGIN_SYMBOL "anyi_wlt_plugin"
#define ANYI_WLT_INPUT_LEN     1024
#define ANYI_WLT_WIDTH         102
#define ANYI_WLT_HEIGHT        126
#define ANYI_WLT_RGB_LEN       (ANYI_WLT_WIDTH * ANYI_WLT_HEIGHT * 3)

typedef struct {
  unsigned int abi; /* ANYI_WLT_PLUGIN_ABI */
  const char *name; /* vendor, product and version, for the technician's log */
  /* Decodes wlt (ANYI_WLT_INPUT_LEN bytes) into rgb (ANYI_WLT_RGB_LEN
   * bytes: rows top to bottom, pixels R G B). Returns 0 on success or the
   * vendor's nonzero error code. Called from one thread at a time. */
  int (*decode)(const unsigned char *wlt, size_t wlt_len, unsigned char *rgb, size_t rgb_len);
} AnyiWltPlugin;

#ifdef __cplusplus
}
#endif
