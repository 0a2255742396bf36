#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Crash trials with the real GTK kiosk: a citizen's whole paid renewal,
printing included, walked through AT-SPI (citizen_walk.py), with the kiosk
process ended at a commit point (ANYI_CRASH_AT=N: _exit right after the
N-th durable point, as kill -9 would leave it), then the kiosk started again
as the hall's systemd would, and the store, the payment platform's ledger
and the printers' spools checked for anything lost or duplicated (the
checks of tests/engine/crash-trials.py, which does the same with anyictl in
thousands of trials).

Run under tests/fixtures/ui/with-display, tests/fixtures/printing/with-printers
and anyi-devsim (kiosk-crash-trials does). One uncrashed walk first lists the
commit points (ANYI_CRASH_TRACE); each trial then ends the kiosk at one.

Usage: kiosk_crash_trials.py [--trials N | --every] [--seed S] -- KIOSK
Exit 0 when nothing was lost or duplicated, 1 otherwise, 77 without AT-SPI
or the printers.
"""
import argparse
import importlib.util
import os
import random
import shutil
import sqlite3
import sys
import tempfile
import time

import citizen_walk
from citizen_walk import Kiosk, WalkFailed

HERE = os.path.dirname(os.path.abspath(__file__))
CRASH_EXIT = 86
TAKE_YOUR_CARD = "请取走您的身份证"
UNSETTLED = ("owed", "pending", "submitting", "queued", "processing", "held", "waiting")


def engine_trials():
    """tests/engine/crash-trials.py, for its checks (its name has a dash)."""
    path = os.path.join(HERE, "..", "engine", "crash-trials.py")
    spec = importlib.util.spec_from_file_location("crash_trials", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class Trial:
    """One kiosk data folder: what check() of crash-trials.py reads."""

    def __init__(self, workdir):
        self.dir = tempfile.mkdtemp(prefix="kiosk-trial-", dir=workdir)
        self.data = os.path.join(self.dir, "data")
        self.db = os.path.join(self.data, "anyi-kiosk", "kiosk.db")
        self.ledger = os.path.join(self.data, "anyi-kiosk", "emulated-payments.ini")

    def environ(self, crash_at=None, trace=None):
        os.environ["XDG_DATA_HOME"] = self.data
        os.environ.pop("ANYI_CRASH_AT", None)
        os.environ.pop("ANYI_CRASH_TRACE", None)
        if crash_at:
            os.environ["ANYI_CRASH_AT"] = str(crash_at)
        if trace:
            os.environ["ANYI_CRASH_TRACE"] = trace

    def clear(self):
        shutil.rmtree(self.dir, ignore_errors=True)


class Walked:
    """How a walk ended: the kiosk's exit status (0: walked to the end, -1:
    never came up, -2: the walk failed with the kiosk running), whether the
    kiosk came up at all (a commit point may lie in its start-up, before any
    citizen could start a case), whether the citizen's card was left on the
    reader, and why the walk failed, if it did."""

    def __init__(self, status, came_up, card_left=False, failure=None):
        self.status = status
        self.came_up = came_up
        self.card_left = card_left
        self.failure = failure


def let_printing_settle(kiosk, db, seconds=30):
    """The walk ends at the attract screen while the papers are still
    printing: their commits (how many depends on the states CUPS reports)
    are points too, so wait for them, or for the kiosk to end at one."""
    deadline = time.monotonic() + seconds
    while kiosk.process.poll() is None and time.monotonic() < deadline:
        if jobs_settled(db):
            return
        time.sleep(0.5)


def walk(argv, devsim, db):
    try:
        kiosk = Kiosk(argv, devsim)
    except WalkFailed as failure:
        status = getattr(failure, "returncode", None)
        return Walked(-1 if status is None else status, False, failure=str(failure))
    try:
        kiosk.device("idcard remove")
        citizen_walk.scenario_renewal(kiosk)
        let_printing_settle(kiosk, db)
        status = kiosk.process.poll()
        kiosk.close()
        return Walked(0 if status is None else status, True, kiosk.card_on_reader)
    except Exception as failure:  # WalkFailed, or AT-SPI losing the kiosk mid-call
        try:
            kiosk.process.wait(5)
        except Exception:
            pass
        status = kiosk.process.poll()
        if status is None:
            print(f"# the walk failed with the kiosk still running: {failure}", flush=True)
            kiosk.close()
            return Walked(-2, True, kiosk.card_on_reader, str(failure))
        return Walked(status, True, kiosk.card_on_reader, str(failure))


def show_screen(kiosk):
    """What the screen shows, as a screen reader sees it: why a wait failed."""
    try:
        for node in citizen_walk.descendants(kiosk.app, only_shown=True):
            print(f"#   {node.get_role_name()}: {node.get_name()!r}", flush=True)
    except Exception as gone:  # the tree itself may be gone
        print(f"#   (no accessibility tree: {gone})", flush=True)


def jobs_settled(db):
    try:
        con = sqlite3.connect(db, timeout=5)
        left = con.execute("SELECT count(*) FROM print_jobs WHERE state IN (%s)" %
                           ",".join("?" * len(UNSETTLED)), UNSETTLED).fetchone()[0]
        con.close()
        return left == 0
    except sqlite3.Error:
        return False


def restart(argv, devsim, trial, card_left):
    """The kiosk started again: its start-up ends the open case and settles
    the print jobs; then the citizen's attract screen must be back. A card
    the citizen left on the reader is not read for the next one: the
    attract screen asks for it to be taken, and stops asking once it is."""
    trial.environ()
    try:
        kiosk = Kiosk(argv, devsim)
    except WalkFailed as failure:
        return f"the kiosk did not start again: {failure}"
    try:
        if card_left:
            kiosk.expect_text("点这里开始办理", seconds=30)
            kiosk.expect_text(TAKE_YOUR_CARD)
        kiosk.device("idcard remove")
        kiosk.expect_text("点这里开始办理", seconds=30)
        if card_left:
            kiosk._wait(lambda: not any(TAKE_YOUR_CARD in t for t in kiosk.visible_texts()),
                        10, f"'{TAKE_YOUR_CARD}' to go once the card is taken")
        deadline = time.monotonic() + 60
        while not jobs_settled(trial.db) and time.monotonic() < deadline:
            time.sleep(0.5)
        return None
    except WalkFailed as failure:
        show_screen(kiosk)
        return f"after the restart: {failure}"
    finally:
        kiosk.close()


def count_cases(db):
    if not os.path.exists(db):
        return 0
    con = sqlite3.connect(db, timeout=5)
    try:
        return con.execute("SELECT count(*) FROM cases").fetchone()[0]
    finally:
        con.close()


def list_points(argv, devsim, workdir):
    trial = Trial(workdir)
    trace = os.path.join(workdir, "points.txt")
    # past the end: the commit hook is on, nothing ends the process
    trial.environ(crash_at=1 << 40, trace=trace)
    walked = walk(argv, devsim, trial.db)
    trial.clear()
    if walked.status != 0:
        sys.exit(f"kiosk-crash-trials: the uncrashed walk failed ({walked.status}): "
                 f"{walked.failure}")
    with open(trace, encoding="utf-8") as f:
        points = [line.rstrip("\n").split(" ", 1) for line in f if line.strip()]
    os.unlink(trace)
    return points


def crash_once(n, argv, devsim, workdir, checks):
    """One walk ended at point n; returns the trial (its data folder) and how
    the walk ended."""
    trial = Trial(workdir)
    checks.clear_spools()
    trial.environ(crash_at=n)
    return trial, walk(argv, devsim, trial.db)


def run_trial(i, n, what, argv, devsim, workdir, checks):
    """A trial at point n: the walk, once more if it failed before the point
    (a machine too loaded to answer in time is not the kiosk losing
    anything), the restart and the checks. Returns the counts it adds."""
    outcome = {}
    trial, walked = crash_once(n, argv, devsim, workdir, checks)
    if walked.status != CRASH_EXIT:
        print(f"# trial {i}: the walk ended before point {n} (the kiosk exited "
              f"{walked.status}: {walked.failure}); walking it once more", flush=True)
        # the failed walk's kiosk is started again, as the hall's would be
        failed = restart(argv, devsim, trial, walked.card_left)
        if failed:
            print(f"not ok trial {i} at point {n}: {failed}")
            outcome["restart-failed"] = 1
        trial.clear()
        trial, walked = crash_once(n, argv, devsim, workdir, checks)
    if walked.status != CRASH_EXIT:
        print(f"not ok trial {i} at point {n} ({what}): not reached: the kiosk exited "
              f"{walked.status}: {walked.failure}")
        outcome["not-reached"] = 1
        trial.clear()
        return outcome
    outcome["reached"] = 1
    failed = restart(argv, devsim, trial, walked.card_left)
    if failed:
        outcome["restart-failed"] = outcome.get("restart-failed", 0) + 1
        print(f"not ok trial {i} at point {n}: {failed}")
    problems = []
    if not walked.came_up:
        # ended in its start-up: no citizen had begun, so no case is
        # owed; one found would have come from nowhere
        if count_cases(trial.db) > 0:
            problems.append(("duplicated", "a case no citizen started"))
    elif os.path.exists(trial.db):
        checks.check(trial, problems)
    else:
        problems.append(("lost", "the kiosk's database"))
    for kind, what_lost in problems:
        outcome[kind] = outcome.get(kind, 0) + 1
        print(f"not ok trial {i} at point {n} ({what}): {kind}: {what_lost}")
    trial.clear()
    return outcome


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--trials", type=int, default=3)
    parser.add_argument("--every", action="store_true", help="one trial at every point")
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument("--at", type=int, action="append", default=[],
                        help="a trial at this point (repeatable)")
    parser.add_argument("--devsim", default=os.environ.get("ANYI_DEVSIM_CONTROL"))
    parser.add_argument("kiosk", nargs=argparse.REMAINDER)
    args = parser.parse_args()
    argv = [a for a in args.kiosk if a != "--"]
    if not os.environ.get("ANYI_RECEIPT_QUEUE") or not os.environ.get("CUPS_SERVER"):
        print("kiosk-crash-trials: SKIP: run under tests/fixtures/printing/with-printers")
        return 77
    checks = engine_trials()
    workdir = tempfile.mkdtemp(prefix="anyi-kiosk-crash-")
    points = list_points(argv, args.devsim, workdir)
    print(f"# the kiosk's renewal passes {len(points)} commit points:", flush=True)
    for n, what in points:
        print(f"#   {n} {what}")
    seed = args.seed if args.seed is not None else random.randrange(1 << 30)
    rng = random.Random(seed)
    if args.every:
        chosen = list(range(1, len(points) + 1))
    elif args.at:
        chosen = [n for n in args.at if 1 <= n <= len(points)]
    else:
        chosen = [rng.randint(1, len(points)) for _ in range(args.trials)]
    counts = {"trials": 0, "reached": 0, "lost": 0, "duplicated": 0, "restart-failed": 0,
              "not-reached": 0}
    for i, n in enumerate(chosen):
        counts["trials"] += 1
        outcome = run_trial(i, n, points[n - 1][1], argv, args.devsim, workdir, checks)
        for kind, count in outcome.items():
            counts[kind] += count
        print(f"# trial {i}: point {n} ({points[n - 1][1]}): "
              f"{'ok' if outcome.get('reached') and len(outcome) == 1 else 'FAILED'}",
              flush=True)
    shutil.rmtree(workdir, ignore_errors=True)
    print(f"# seed {seed}")
    print("# trials %d reached %d lost %d duplicated %d restart-failed %d not-reached %d" % (
        counts["trials"], counts["reached"], counts["lost"], counts["duplicated"],
        counts["restart-failed"], counts["not-reached"]))
    # a point not reached was not tested: a failure too, but not a loss
    bad = counts["lost"] + counts["duplicated"] + counts["restart-failed"]
    bad += counts["not-reached"]
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
