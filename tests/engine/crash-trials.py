#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Crash trials: a whole paid renewal, printing included, killed at random
commit points, then the kiosk restarted; counts what was lost or duplicated.

Run under tests/fixtures/printing/with-printers (a private cupsd with the
receipt and A4 printers). Each trial:
  1. `anyictl case run SCRIPT --print` with ANYI_CRASH_AT=N: the process ends
     with _exit (the same as kill -9: no cleanup runs) right after the N-th
     durable point: every store commit, every write of the payment platform's
     ledger, every print-job record as CUPS takes the job and reports on it;
  2. the kiosk's restart: `anyictl case recover` (ends the open case as the
     kiosk's start-up does, then settles the print jobs through CUPS);
  3. the checks below.

The process is anyictl, not the GTK kiosk: the same engine (runner, store,
payment, printing and start-up recovery through AnyiKiosk), without a
display. N is drawn uniformly from 1 .. the points of an uncrashed run
(counted first), so every commit point of the renewal is reached.

What counts:
  reached     the trial's process was ended at its point (exit 86)
  lost        a case not final after the restart; a handoff or a charge the
              store does not know; a paper the case owes with no print job,
              or a job still unsettled after the restart; money taken with no
              paper naming it
  duplicated  more than one case, handoff, charge or refund; two jobs for
              one owed paper; a paper printed twice (two CUPS jobs with one
              title in the printers' spools)

Usage: crash-trials.py [--trials N] [--seed S] [--anyictl PATH]
                       [--services DIR] [--scenario renewal|abandon]
Exit 0 when nothing was lost or duplicated; 1 otherwise; 77 without the
printers fixture.
"""
import argparse
import configparser
import json
import os
import random
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile

CRASH_EXIT = 86


def renewal_script(abandon):
    script = {
        "service": "idcard-renewal",
        "today": "2026-11-30",
        "kiosk": {"letter": "T", "window": "3", "has_fingerprint_reader": True},
        "card": {
            "type": "resident", "name": "张三", "sex": "1", "birth": "19961030",
            "id_number": "51010419961030123X", "address": "四川省成都市锦江区",
            "valid_to": "20270101",
        },
        "form": {"mobile": "13812345678", "collection": "window", "waiver": "none"},
        "missing": ["household-register"],
        "commit_to_missing": True,
        "payment": {"outcome": "paid"},
    }
    if abandon:
        # paid, then 返回首页 on the confirm page: refunded, refund slip
        del script["missing"]
        script["interrupt"] = {"event": "abandon", "step": 8}
    return script


class Trial:
    def __init__(self, args, workdir, script_path):
        self.args = args
        self.dir = tempfile.mkdtemp(prefix="trial-", dir=workdir)
        self.db = os.path.join(self.dir, "kiosk.db")
        self.ledger = os.path.join(self.dir, "ledger.ini")
        self.script = script_path
        self.env = dict(os.environ)
        self.env["XDG_DATA_HOME"] = os.path.join(self.dir, "data")
        self.env.pop("ANYI_CRASH_AT", None)

    def run(self, argv, crash_at=0):
        env = dict(self.env)
        if crash_at:
            env["ANYI_CRASH_AT"] = str(crash_at)
        done = subprocess.run(argv, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              timeout=300)
        return done.returncode, done.stdout.decode(), done.stderr.decode()

    def play(self, crash_at):
        return self.run([self.args.anyictl, "case", "run", self.script, "--print", "--db", self.db,
                         "--ledger", self.ledger, "--catalogue", self.args.services], crash_at)

    def restart(self):
        return self.run([self.args.anyictl, "case", "recover", "--db", self.db, "--ledger",
                         self.ledger, "--catalogue", self.args.services])

    def clear(self):
        shutil.rmtree(self.dir, ignore_errors=True)


SPOOLS = ("ANYI_TEST_RECEIPT_SPOOL", "ANYI_TEST_A4_SPOOL")
SPOOL_NAME = re.compile(r"^(\d+)-anyi-job-(\d+)_")


def spool_jobs():
    """{store job id: set of printer job numbers} of what the printers got;
    ippeveprinter names its files "JOB-TITLE.ext", several per job."""
    jobs = {}
    for var in SPOOLS:
        spool = os.environ.get(var)
        if not spool or not os.path.isdir(spool):
            continue
        for name in os.listdir(spool):
            m = SPOOL_NAME.match(name)
            if m:
                jobs.setdefault((var, int(m.group(2))), set()).add(int(m.group(1)))
    return jobs


def clear_spools():
    for var in SPOOLS:
        spool = os.environ.get(var)
        if spool and os.path.isdir(spool):
            for name in os.listdir(spool):
                try:
                    os.remove(os.path.join(spool, name))
                except OSError:
                    pass


def check(trial, problems):
    """Appends ("lost"|"duplicated", what) pairs."""
    con = sqlite3.connect(trial.db)
    cases = con.execute("SELECT id, number, state, data FROM cases").fetchall()
    if len(cases) == 0:
        problems.append(("lost", "case"))
        return
    if len(cases) > 1:
        problems.append(("duplicated", "case"))
    case_id, number, state, data = cases[0]
    if state not in ("submitted", "accepted-with-missing-materials", "handed-off", "abandoned"):
        problems.append(("lost", "case left %s" % state))
    handoffs = con.execute("SELECT count(*) FROM handoffs WHERE case_id = ?", (case_id,)).fetchone()[0]
    if handoffs > 1:
        problems.append(("duplicated", "handoff"))
    if state == "handed-off" and handoffs == 0:
        problems.append(("lost", "handoff"))
    # money: the platform's ledger against the store
    ledger = configparser.ConfigParser(interpolation=None)
    if os.path.exists(trial.ledger):
        ledger.read(trial.ledger, encoding="utf-8")
    payment = con.execute("SELECT idempotency_key, state, amount_fen, order_id FROM payments "
                          "WHERE case_id = ?", (case_id,)).fetchone()
    for key in ledger.sections():
        charges = ledger.getint(key, "charges", fallback=0)
        refunds = ledger.getint(key, "refunds", fallback=0)
        if charges > 1 or refunds > 1:
            problems.append(("duplicated", "charge or refund"))
        if payment is None or payment[0] != key:
            if charges:
                problems.append(("lost", "a charge the store does not know"))
            continue
        store_state = payment[1]
        if charges and refunds == 0 and store_state != "paid":
            problems.append(("lost", "paid on the platform, %s in the store" % store_state))
        if refunds and store_state not in ("refunded", "paid"):
            problems.append(("lost", "refund not known"))
    # papers: each owed document has one job, settled after the restart
    owed = []
    try:
        owed = [d["template"] for d in json.loads(data or "{}").get("print", [])]
    except (ValueError, AttributeError):
        problems.append(("lost", "case data unreadable"))
    jobs = con.execute("SELECT id, template, state FROM print_jobs WHERE case_id = ?",
                       (case_id,)).fetchall()
    final = state in ("submitted", "accepted-with-missing-materials", "handed-off", "abandoned")
    for template in set(owed):
        have = [j for j in jobs if j[1] == template]
        want = owed.count(template)
        if final and len(have) < want:
            problems.append(("lost", "print job %s" % template))
        if len(have) > want:
            problems.append(("duplicated", "print job %s" % template))
    for job_id, template, job_state in jobs:
        if job_state in ("owed", "pending", "submitting", "queued", "processing", "held", "waiting"):
            problems.append(("lost", "print job %s left %s" % (template, job_state)))
    for (printer, job_id), numbers in spool_jobs().items():
        if len(numbers) > 1:
            problems.append(("duplicated", "job %d printed %d times on %s" % (
                job_id, len(numbers), printer)))
    if payment and payment[1] in ("paid", "refunded") and final:
        text = data or ""
        if payment[3] not in text:
            problems.append(("lost", "money taken, no paper names order %s" % payment[3]))
    con.close()


def count_points(args, workdir, script_path):
    """The commit points of an uncrashed run (the first N that is not hit)."""
    lo, n = 1, 1
    # grow, then bisect: a run passes point N untouched iff N > points
    while True:
        trial = Trial(args, workdir, script_path)
        status, _, err = trial.play(n)
        trial.clear()
        if status == 0:
            break
        if status != CRASH_EXIT:
            sys.exit("crash-trials: the run failed at point %d: %s" % (n, err[-2000:]))
        lo, n = n, n * 2
    hi = n
    while hi - lo > 1:
        mid = (lo + hi) // 2
        trial = Trial(args, workdir, script_path)
        status, _, _ = trial.play(mid)
        trial.clear()
        if status == 0:
            hi = mid
        else:
            lo = mid
    return lo


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--trials", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument("--anyictl", default=os.environ.get("ANYICTL"))
    parser.add_argument("--services", default=os.environ.get("ANYI_TEST_SERVICES_DIR"))
    parser.add_argument("--scenario", choices=["renewal", "abandon", "both"], default="both")
    args = parser.parse_args()
    if not os.environ.get("ANYI_RECEIPT_QUEUE") or not os.environ.get("CUPS_SERVER"):
        print("crash-trials: SKIP: run under tests/fixtures/printing/with-printers")
        return 77
    if not args.anyictl or not args.services:
        print("crash-trials: SKIP: ANYICTL and ANYI_TEST_SERVICES_DIR are not set")
        return 77
    seed = args.seed if args.seed is not None else random.randrange(1 << 30)
    rng = random.Random(seed)
    workdir = tempfile.mkdtemp(prefix="anyi-crash-trials-")
    scenarios = ["renewal", "abandon"] if args.scenario == "both" else [args.scenario]
    scripts, points = {}, {}
    for name in scenarios:
        scripts[name] = os.path.join(workdir, name + ".json")
        with open(scripts[name], "w", encoding="utf-8") as f:
            json.dump(renewal_script(name == "abandon"), f, ensure_ascii=False)
        points[name] = count_points(args, workdir, scripts[name])
        print("# %s: %d commit points in an uncrashed run" % (name, points[name]))
    counts = {"trials": 0, "reached": 0, "lost": 0, "duplicated": 0, "restart-failed": 0}
    seen = {}
    for i in range(args.trials):
        name = scenarios[i % len(scenarios)]
        n = rng.randint(1, points[name])
        trial = Trial(args, workdir, scripts[name])
        clear_spools()
        status, _, err = trial.play(n)
        counts["trials"] += 1
        if status == CRASH_EXIT:
            counts["reached"] += 1
        elif status != 0:
            print("not ok trial %d (%s at %d): run exited %d: %s" % (i, name, n, status, err[-500:]))
        status, _, err = trial.restart()
        if status != 0:
            counts["restart-failed"] += 1
            print("not ok trial %d (%s at %d): restart exited %d: %s" % (i, name, n, status,
                                                                       err[-500:]))
        problems = []
        check(trial, problems)
        for kind, what in problems:
            counts[kind] += 1
            key = (kind, what)
            if key not in seen:
                seen[key] = (name, n)
                print("# trial %d (%s, point %d): %s: %s" % (i, name, n, kind, what))
        trial.clear()
        if counts["trials"] % 25 == 0:
            print("# after %d trials: reached %d lost %d duplicated %d restart-failed %d" % (
                counts["trials"], counts["reached"], counts["lost"], counts["duplicated"],
                counts["restart-failed"]), flush=True)
    shutil.rmtree(workdir, ignore_errors=True)
    print("# seed %d" % seed)
    print("# trials %d reached %d lost %d duplicated %d restart-failed %d" % (
        counts["trials"], counts["reached"], counts["lost"], counts["duplicated"],
        counts["restart-failed"]))
    bad = counts["lost"] + counts["duplicated"] + counts["restart-failed"]
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
