#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Runs every benchmark and prints one table: figure, value, unit, target.

Each bench program prints lines 'BENCH<TAB>name<TAB>value<TAB>unit<TAB>target'.
The kiosk's cold start is measured here: time from spawning it under Xvfb
(GSK_RENDERER=cairo) to its log line of the first painted frame, and its peak
resident memory (VmHWM) at that moment. The yardstick is a browser kiosk:
Chromium needs about 0.9 s and 400 MiB to show an attract screen here; the
target is a quarter of both.
"""
import glob
import os
import subprocess
import sys
import tempfile
import time

BUILD = os.environ.get("ANYI_BUILD_DIR", "build")
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def bench_programs():
    for path in sorted(glob.glob(os.path.join(BUILD, "tests", "bench", "bench-*"))):
        if os.access(path, os.X_OK) and not path.endswith((".p", ".py")) and os.path.isfile(path):
            yield path


def run_program(path):
    rows = []
    try:
        out = subprocess.run([path], capture_output=True, text=True, timeout=300)
    except subprocess.TimeoutExpired:
        return [(os.path.basename(path), "timeout", "", "")]
    for line in out.stdout.splitlines():
        if not line.startswith("BENCH"):
            continue
        parts = line[len("BENCH"):].strip().split("\t")
        if len(parts) == 4:
            rows.append(tuple(parts))
    if out.returncode not in (0, 77):
        rows.append((os.path.basename(path), f"failed ({out.returncode})", "", ""))
    return rows


def vm_hwm_kib(pid):
    with open(f"/proc/{pid}/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return 0


def cold_start(runs=5):
    """Spawns the kiosk on a private X server and waits for its first frame."""
    xvfb = subprocess.Popen(["Xvfb", ":97", "-screen", "0", "1920x1080x24", "-nolisten", "tcp", "-noreset"],
                            stderr=subprocess.DEVNULL)
    time.sleep(1.0)
    times, peaks = [], []
    try:
        for _ in range(runs):
            with tempfile.TemporaryDirectory() as data:
                env = dict(os.environ, DISPLAY=":97", GSK_RENDERER="cairo", G_MESSAGES_DEBUG="anyi",
                           XDG_DATA_HOME=data, GTK_A11Y="none")
                start = time.monotonic()
                kiosk = subprocess.Popen([os.path.join(BUILD, "kiosk", "app", "anyi-kiosk")],
                                         env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                         text=True)
                for line in kiosk.stdout:
                    if "first frame" in line:
                        times.append(time.monotonic() - start)
                        peaks.append(vm_hwm_kib(kiosk.pid) / 1024)
                        break
                kiosk.terminate()
                kiosk.wait(10)
    finally:
        xvfb.terminate()
    if not times:
        return [("kiosk cold start to first frame", "no frame", "", "<= 0.225 s")]
    times.sort()
    peaks.sort()
    return [
        ("kiosk cold start to first frame (median of %d)" % runs, "%.3f" % times[len(times) // 2],
         "s", "<= 0.225 (Chromium 0.9)"),
        ("kiosk peak RSS at first frame (median)", "%.0f" % peaks[len(peaks) // 2], "MiB",
         "<= 100 (Chromium 400)"),
    ]


def main():
    rows = cold_start()
    for program in bench_programs():
        rows += run_program(program)
    width = max(len(r[0]) for r in rows)
    print(f"{'figure':<{width}}  {'value':>10}  {'unit':<10}  target")
    for name, value, unit, target in rows:
        print(f"{name:<{width}}  {value:>10}  {unit:<10}  {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
