/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Probes whether clang can link a libFuzzer target here (meson.build). */
#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  return 0;
}
