#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# run-fuzz.sh FUZZER CORPUS-DIR SEED-DIR SECONDS
# Runs the libFuzzer target for a short time; new inputs go to CORPUS-DIR
# (in the build tree), SEED-DIR is only read. Skips (77) when no fuzzer
# could be built.
if [ ! -x "$1" ]; then
  echo "SKIP: no libFuzzer target: clang with -fsanitize=fuzzer is not available"
  exit 77
fi
mkdir -p "$2"
# libFuzzer exits 77 on a crash or leak by default: that is the skip code.
exec "$1" -error_exitcode=1 -max_total_time="$4" -timeout=5 -rss_limit_mb=1024 -print_final_stats=1 "$2" "$3"
