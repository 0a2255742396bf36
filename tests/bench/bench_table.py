#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Runs every benchmark and prints one table: figure, value, unit, target.

Each bench program prints lines 'BENCH<TAB>name<TAB>value<TAB>unit<TAB>target'.
Measured here, in the same run: the kiosk's cold start (spawn to its log
line of the first painted frame under Xvfb, with its own renderer choice
and forced onto GL) and the yardstick, Debian's Chromium rendering an
equivalent attract page (tests/bench/attract.html) to a PNG; the peak PSS
of each whole process tree; their ratios (target 0.2 or less). Then the
kiosk at rest with every device emulated: CPU and wakeups over 60 s.
"""
import glob
import os
import subprocess
import sys
import tempfile
import shutil
import threading
import time

BUILD = os.environ.get("ANYI_BUILD_DIR", "build")
KIOSK = os.path.join(BUILD, "kiosk", "app", "anyi-kiosk")
CHROMIUM = shutil.which("chromium")
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def bench_programs():
    for path in sorted(glob.glob(os.path.join(BUILD, "tests", "bench", "bench-*"))):
        if os.access(path, os.X_OK) and not path.endswith((".p", ".py")) and os.path.isfile(path):
            yield path


def run_program(path):
    rows = []
    # a whole day's sessions (bench-day) takes most of an hour
    timeout = 4 * 3600 if path.endswith("bench-day") else 300
    command = [path]
    # the hall ledger's figures need a server: the tests' private one
    if os.path.basename(path).startswith("bench-ledger"):
        command = [os.path.join(ROOT, "tests", "fixtures", "postgres", "with-postgres"), path]
    try:
        out = subprocess.run(command, capture_output=True, text=True, timeout=timeout)
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


def descendants(root):
    """root and every process below it, from /proc's parent links."""
    children = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as stat:
                ppid = int(stat.read().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(ppid, []).append(int(entry))
    tree, todo = [], [root]
    while todo:
        pid = todo.pop()
        tree.append(pid)
        todo += children.get(pid, [])
    return tree


def tree_pss_kib(root):
    """Proportional set size summed over the process tree: shared libraries
    count once across the tree, as the machine pays for them."""
    total = 0
    for pid in descendants(root):
        try:
            with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as rollup:
                for line in rollup:
                    if line.startswith("Pss:"):
                        total += int(line.split()[1])
                        break
        except OSError:
            pass  # gone meanwhile
    return total


class PeakSampler(threading.Thread):
    """Samples a process tree's PSS every 20 ms until stopped; keeps the peak."""

    def __init__(self, pid):
        super().__init__(daemon=True)
        self.pid, self.peak_kib, self.stopped = pid, 0, threading.Event()

    def run(self):
        while not self.stopped.is_set():
            self.peak_kib = max(self.peak_kib, tree_pss_kib(self.pid))
            self.stopped.wait(0.02)

    def stop(self):
        self.stopped.set()
        self.join()
        self.peak_kib = max(self.peak_kib, tree_pss_kib(self.pid))
        return self.peak_kib / 1024


def median(values):
    values = sorted(values)
    return values[len(values) // 2] if values else float("nan")


def start_xvfb(number):
    xvfb = subprocess.Popen(["Xvfb", f":{number}", "-screen", "0", "1920x1080x24", "-nolisten", "tcp",
                             "-noreset"], stderr=subprocess.DEVNULL)
    for _ in range(100):
        if os.path.exists(f"/tmp/.X11-unix/X{number}"):
            break
        time.sleep(0.05)
    return xvfb


def kiosk_env(display, data, renderer=None):
    env = dict(os.environ, DISPLAY=display, G_MESSAGES_DEBUG="anyi", XDG_DATA_HOME=data,
               GTK_A11Y="none", ANYI_SPEECH_OUTPUT="none")
    for name in ("GSK_RENDERER", "GDK_DEBUG", "WAYLAND_DISPLAY"):
        env.pop(name, None)
    if renderer:
        env["GSK_RENDERER"] = renderer
    return env


def kiosk_first_frame(display, renderer):
    """Seconds from spawn to the kiosk's first painted frame, and the peak
    PSS of its process tree until then (MiB)."""
    with tempfile.TemporaryDirectory() as data:
        start = time.monotonic()
        kiosk = subprocess.Popen([KIOSK], env=kiosk_env(display, data, renderer),
                                 stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        sampler = PeakSampler(kiosk.pid)
        sampler.start()
        elapsed = cpu = None
        for line in kiosk.stdout:
            if "first frame" in line:
                elapsed = time.monotonic() - start
                cpu = process_ticks(kiosk.pid) / os.sysconf("SC_CLK_TCK")
                break
        peak = sampler.stop()
        kiosk.terminate()
        kiosk.wait(10)
    return elapsed, peak, cpu


def chromium_first_frame():
    """Seconds from spawn to the attract page written as a 1920x1080 PNG by
    headless Chromium, and the peak PSS of its process tree (MiB)."""
    with tempfile.TemporaryDirectory() as work:
        png = os.path.join(work, "attract.png")
        start = time.monotonic()
        browser = subprocess.Popen(
            [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
             f"--user-data-dir={work}/profile", "--window-size=1920,1080", f"--screenshot={png}",
             "file://" + os.path.join(ROOT, "tests", "bench", "attract.html")],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        sampler = PeakSampler(browser.pid)
        sampler.start()
        elapsed = None
        while browser.poll() is None and elapsed is None:
            if os.path.exists(png) and os.path.getsize(png) > 0:
                elapsed = time.monotonic() - start
            time.sleep(0.005)
        if elapsed is None and os.path.exists(png):
            elapsed = time.monotonic() - start
        peak = sampler.stop()
        # its helpers are reaped by the browser: their CPU is in its rusage
        _, status, usage = os.wait4(browser.pid, 0)
        browser.returncode = os.waitstatus_to_exitcode(status)
    return elapsed, peak, usage.ru_utime + usage.ru_stime


def cold_start(runs=5):
    """Medians of @runs starts each: the kiosk with its own renderer choice,
    the kiosk forced onto GL (llvmpipe here), and Chromium, interleaved so
    that the machine's load falls on all three alike."""
    xvfb = start_xvfb(97)
    figures = {"default": ([], [], []), "gl": ([], [], []), "chromium": ([], [], [])}
    try:
        for _ in range(runs):
            for name, run in (("default", lambda: kiosk_first_frame(":97", None)),
                              ("gl", lambda: kiosk_first_frame(":97", "gl")),
                              ("chromium", chromium_first_frame if CHROMIUM else None)):
                if run is None:
                    continue
                elapsed, peak, cpu = run()
                if elapsed is not None:
                    figures[name][0].append(elapsed)
                    figures[name][1].append(peak)
                    figures[name][2].append(cpu)
    finally:
        xvfb.terminate()
        xvfb.wait()
    med = {name: (median(t), median(p), median(c)) for name, (t, p, c) in figures.items()}
    rows = [
        (f"kiosk first frame, own choice (cairo here), median of {runs}", "%.3f" % med["default"][0],
         "s", "-"),
        ("kiosk peak PSS of the tree to first frame, own choice", "%.0f" % med["default"][1], "MiB", "-"),
        ("kiosk CPU time to first frame, own choice", "%.2f" % med["default"][2], "s", "-"),
        ("kiosk first frame, GSK_RENDERER=gl (llvmpipe)", "%.3f" % med["gl"][0], "s", "-"),
        ("kiosk peak PSS of the tree to first frame, gl", "%.0f" % med["gl"][1], "MiB", "-"),
    ]
    if not figures["chromium"][0]:
        return rows + [("Chromium", "not measured", "", "install Debian's chromium")]
    rows += [
        ("Chromium attract page to PNG, median of %d" % runs, "%.3f" % med["chromium"][0], "s", "-"),
        ("Chromium peak PSS of the tree", "%.0f" % med["chromium"][1], "MiB", "-"),
        ("Chromium CPU time of the tree", "%.2f" % med["chromium"][2], "s", "-"),
        ("ratio kiosk/Chromium, first frame (own choice)",
         "%.2f" % (med["default"][0] / med["chromium"][0]), "", "<= 0.2"),
        ("ratio kiosk/Chromium, peak PSS (own choice)",
         "%.2f" % (med["default"][1] / med["chromium"][1]), "", "<= 0.2"),
        ("ratio kiosk/Chromium, CPU time (own choice; load-independent)",
         "%.2f" % (med["default"][2] / med["chromium"][2]), "", "(info)"),
        ("ratio kiosk/Chromium, first frame (gl)", "%.2f" % (med["gl"][0] / med["chromium"][0]), "",
         "(info)"),
        ("ratio kiosk/Chromium, peak PSS (gl)", "%.2f" % (med["gl"][1] / med["chromium"][1]), "",
         "(info)"),
    ]
    return rows


def process_ticks(pid):
    with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])  # utime + stime, all threads


def context_switches(pid, thread_name=None):
    """Voluntary and involuntary switches of every thread (or of the threads
    named @thread_name): each is a wakeup."""
    total = 0
    for task in os.listdir(f"/proc/{pid}/task"):
        try:
            with open(f"/proc/{pid}/task/{task}/comm", encoding="utf-8") as comm:
                if thread_name and comm.read().strip() != thread_name:
                    continue
            with open(f"/proc/{pid}/task/{task}/status", encoding="ascii") as status:
                for line in status:
                    if "ctxt_switches" in line:
                        total += int(line.split()[1])
        except OSError:
            pass
    return total


def find_kiosk(root):
    for pid in descendants(root):
        try:
            if os.path.realpath(f"/proc/{pid}/exe") == os.path.realpath(KIOSK):
                return pid
        except OSError:
            pass
    return None


def idle(seconds=60):
    """The kiosk at rest on the attract screen with every device emulated
    (ID reader, both cameras under anyi-devsim; the printers of
    with-printers): CPU share and wakeups per second over @seconds."""
    devsim = os.path.join(BUILD, "tests", "emulators", "anyi-devsim")
    if not os.access(devsim, os.X_OK):
        return [("kiosk idle", "not measured", "", "needs anyi-devsim (umockdev)")]
    xvfb = start_xvfb(98)
    try:
        with tempfile.TemporaryDirectory() as data:
            sim = subprocess.Popen([devsim, "--card", "none", "--", KIOSK], env=kiosk_env(":98", data),
                                   stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
            for line in sim.stdout:
                if "first frame" in line:
                    break
            threading.Thread(target=lambda: sim.stdout.read(), daemon=True).start()
            time.sleep(5)  # devices found, printers asked once
            pid = find_kiosk(sim.pid)
            ticks, switches, start = process_ticks(pid), context_switches(pid), time.monotonic()
            reader = context_switches(pid, "anyi-idcard")
            time.sleep(seconds)
            ticks = process_ticks(pid) - ticks
            switches = context_switches(pid) - switches
            reader = context_switches(pid, "anyi-idcard") - reader
            elapsed = time.monotonic() - start
            sim.terminate()
            sim.wait(20)
    finally:
        xvfb.terminate()
        xvfb.wait()
    cpu = 100.0 * ticks / os.sysconf("SC_CLK_TCK") / elapsed
    return [
        (f"kiosk at rest, CPU over {seconds} s (all devices emulated)", "%.2f" % cpu, "% core", "<= 0.5"),
        ("kiosk at rest, wakeups (all threads)", "%.1f" % (switches / elapsed), "/s", "<= 5"),
        # umockdev carries each USB ioctl to the emulator over a socket and
        # the reader's thread sleeps until it answers: a card poll (four
        # transfers, a wakeup each on a real usbfs) costs it tens of wakeups
        ("kiosk at rest, wakeups of the card reader's thread (emulated ioctls)",
         "%.1f" % (reader / elapsed), "/s", "(info)"),
        ("kiosk at rest, wakeups of every other thread", "%.1f" % ((switches - reader) / elapsed),
         "/s", "(info)"),
    ]


def main():
    rows = cold_start() + idle()
    for program in bench_programs():
        rows += run_program(program)
    rows += run_program(os.path.join(ROOT, "tests", "bench", "bench-walk"))
    width = max(len(r[0]) for r in rows)
    print(f"{'figure':<{width}}  {'value':>10}  {'unit':<10}  target")
    for name, value, unit, target in rows:
        print(f"{name:<{width}}  {value:>10}  {unit:<10}  {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
