#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""check-bench-lines COMMAND [ARGS...]: runs a bench program (briefly, as
its environment asks) and fails when one of its stdout lines is not a
figure run-bench can read: 'BENCH<TAB>name<TAB>value<TAB>unit<TAB>target',
the rule of bench_table.run_program. Exits 77 when the program skips."""
import subprocess
import sys


def main():
    out = subprocess.run(sys.argv[1:], capture_output=True, text=True, timeout=600)
    if out.returncode == 77:
        print(out.stderr, end="")
        return 77
    if out.returncode != 0:
        print(out.stdout + out.stderr, end="")
        print(f"check-bench-lines: {sys.argv[1:]} exited {out.returncode}")
        return 1
    lines = [line for line in out.stdout.splitlines() if line.strip()]
    bad = [line for line in lines
           if not line.startswith("BENCH")
           or len(line[len("BENCH"):].strip().split("\t")) != 4]
    for line in lines:
        print(("NOT IN THE TABLE: " if line in bad else "ok: ") + line)
    if not lines:
        print("check-bench-lines: no figures at all")
    return 1 if bad or not lines else 0


if __name__ == "__main__":
    sys.exit(main())
