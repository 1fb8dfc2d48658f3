#!/usr/bin/env python3
"""Benchmark of the analyses issue: the weekly summary, daily and approvals analyses of `queries/` over a
1,000,000-execution warehouse, run with `apptrail report` (and `apptrail query`, and the stock `sqlite3` shell),
against pandas_reference.py computing the same three tables from the same file in this same script; checks that
the results agree to the millisecond.

Usage: bench/analysis/bench.py [--executions 1000000] [--db PATH (reuse a warehouse)] [--rounds 7] [--skip-build]
       [--bin DIR (binaries built elsewhere, e.g. .build-bench/release)]
"""
import argparse
import csv
from decimal import ROUND_HALF_UP, Decimal
import io
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
RELEASE = os.path.join(ROOT, ".build", "release")
NOW = "2026-11-25T12:00:00Z"
WEEK = ("2026-11-16T00:00:00Z", "2026-11-23T00:00:00Z", "2026-11-23T00:00:00Z", "2026-W47")


def run(cmd, **kw):
    p = subprocess.run(cmd, capture_output=True, **kw)
    if p.returncode != 0:
        sys.exit("failed (%d): %s\n%s" % (p.returncode, " ".join(cmd), p.stderr.decode()[-2000:]))
    return p.stdout


def build_warehouse(db, executions):
    sim = subprocess.Popen([os.path.join(RELEASE, "kestra-sim"), "serve", "--port", "0", "--seed", "3", "--executions",
                            str(executions), "--apps", "8", "--edition", "oss", "--now", NOW],
                           stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    try:
        line = sim.stdout.readline().decode()
        url = line[line.index("http://"):].strip()
        run([os.path.join(RELEASE, "apptrail"), "sync", "--quiet", "--server", url, "--db", db], env=dict(os.environ, APPTRAIL_NOW=NOW))
    finally:
        sim.terminate()
        sim.wait()


def number(v):
    return None if v in ("", None) else float(v)


def compare(name, ours, theirs, keys):
    if len(ours) != len(theirs):
        sys.exit("%s: %d rows from apptrail, %d from pandas" % (name, len(ours), len(theirs)))
    for a, b in zip(ours, theirs):
        for k in keys:
            x, y = a[k], b[k]
            if isinstance(y, str):
                if x != y:
                    sys.exit("%s %s: %r != %r" % (name, k, x, y))
            else:
                # Both sides as docs/exports.md prints them: seconds to the millisecond, rates to 4 places, rounded
                # half away from zero.
                x = number(x)
                places = 3 if k.endswith("_s") else (4 if k.endswith("rate") else 0)
                if y is not None:
                    y = float(Decimal(repr(y)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP))
                if (x is None) != (y is None) or (x is not None and abs(x - y) > 1e-9):
                    sys.exit("%s %s %s: apptrail %r, pandas %r" % (name, a.get("app_id"), k, x, y))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--executions", type=int, default=1_000_000)
    ap.add_argument("--db")
    ap.add_argument("--skip-build", action="store_true")
    ap.add_argument("--rounds", type=int, default=7)
    ap.add_argument("--bin", help="the folder of release binaries to time (default .build/release, built first)")
    args = ap.parse_args()
    global RELEASE
    if args.bin:
        RELEASE = os.path.abspath(args.bin)
        args.skip_build = True
    if not args.skip_build:
        for product in ("apptrail", "kestra-sim"):
            run(["swift", "build", "-c", "release", "--product", product], cwd=ROOT)
    work = tempfile.mkdtemp(prefix="apptrail-analysis-")
    db = args.db or os.path.join(work, "apptrail.db")
    if not args.db:
        build_warehouse(db, args.executions)
    apptrail = os.path.join(RELEASE, "apptrail")
    start, end, as_of, week = WEEK
    env = dict(os.environ, APPTRAIL_NOW=NOW, APPTRAIL_QUERIES=os.path.join(ROOT, "queries"))

    # Each side runs --rounds times, alternating, and the medians are compared: one run of 0.2 s swings by
    # a fifth on this 2-core machine.
    report_out = os.path.join(work, "report")
    s_app, s_query, s_pd, s_shell = [], [], [], []
    for _ in range(args.rounds):
        # The three analyses as a manager gets them: one `apptrail report` of those three sheets, CSV only.
        t0 = time.perf_counter()
        run([apptrail, "report", os.path.join(ROOT, "bench", "analysis", "analyses.yaml"), "--week", week, "--format", "csv",
             "--out", report_out, "--quiet", "--db", db], env=env)
        s_app.append(time.perf_counter() - t0)
        outputs = {}
        for name in ("summary", "daily", "approvals"):
            with open(os.path.join(report_out, "analyses-" + week, name + ".csv"), newline="") as f:
                outputs[name] = list(csv.DictReader(f))

        # The same three, one `apptrail query` process each: what a script calling the queries one by one gets.
        t0 = time.perf_counter()
        for name in ("summary", "daily", "approvals"):
            queried = list(csv.DictReader(io.StringIO(run([apptrail, "query", name, "--week", week, "--format", "csv", "--db", db], env=env).decode())))
            if queried != outputs[name]:
                sys.exit("%s: apptrail query and apptrail report disagree" % name)
        s_query.append(time.perf_counter() - t0)

        t0 = time.perf_counter()
        ref = json.loads(run([sys.executable, os.path.join(ROOT, "bench", "analysis", "pandas_reference.py"), db, start, end, as_of]))
        s_pd.append(time.perf_counter() - t0)

        # The same three as an auditor runs them: the stock sqlite3 shell, the files of queries/ read as they are.
        t0 = time.perf_counter()
        for name in ("summary", "daily", "approvals"):
            script = "".join(".parameter set :%s \"'%s'\"\n" % (k, v) for k, v in (("from", start), ("to", end), ("as_of", as_of)))
            script += ".mode csv\n.headers on\n.read %s\n" % os.path.join(ROOT, "queries", name + ".sql")
            shelled = list(csv.DictReader(io.StringIO(run(["sqlite3", "-readonly", db], input=script.encode()).decode())))
            if len(shelled) != len(outputs[name]):
                sys.exit("%s: the sqlite3 shell gives %d rows, apptrail %d" % (name, len(shelled), len(outputs[name])))
        s_shell.append(time.perf_counter() - t0)

    figures = ["submissions", "succeeded", "failed", "cancelled", "in_progress", "approved", "rejected", "pending", "approval_rate",
               "duration_p50_s", "duration_p90_s", "duration_max_s", "decision_p50_s", "decision_p90_s", "submissions_prev"]
    compare("summary", outputs["summary"], ref["summary"], ["app_id"] + figures)
    compare("daily", outputs["daily"], ref["daily"], ["date", "app_id", "submissions", "approved", "rejected"])
    compare("approvals", outputs["approvals"], ref["approvals"], ["app_id", "decided_by", "approved", "rejected", "decision_p50_s", "decision_p90_s"])
    total = int(run(["sqlite3", db, "SELECT count(*) FROM executions"]).decode().strip())
    week_rows = int(outputs["summary"][-1]["submissions"])
    print("apptrail analyses benchmark, %s: warehouse of %d app executions, week %s with %d submissions" % (time.strftime("%Y-%m-%d"), total, week, week_rows))
    m_app, m_query, m_pd = statistics.median(s_app), statistics.median(s_query), statistics.median(s_pd)
    print("summary + daily + approvals, medians of %d rounds: apptrail report %.3f s (%.3f-%.3f; target < 2 s), pandas %.3f s "
          "(%.3f-%.3f): ratio %.1fx (target >= 5x); all %d + %d + %d rows equal to the millisecond"
          % (args.rounds, m_app, min(s_app), max(s_app), m_pd, min(s_pd), max(s_pd), m_pd / m_app,
             len(outputs["summary"]), len(outputs["daily"]), len(outputs["approvals"])))
    print("the same as three `apptrail query` processes: %.3f s, ratio %.1fx" % (m_query, m_pd / m_query))
    m_shell = statistics.median(s_shell)
    print("the same three .sql files in the stock sqlite3 shell: %.3f s, ratio %.1fx" % (m_shell, m_pd / m_shell))
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
