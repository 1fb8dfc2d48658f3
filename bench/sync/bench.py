#!/usr/bin/env python3
"""Benchmark of the foundation issue: sync, import, incremental sync and peak memory.

Runs everything in this one script against `kestra-sim` processes on loopback, and prints each figure next
to its reference run in the same script (the Python sync of python_sync.py), as ratios:

  1. sync of N executions (1.x, with task runs) into an empty warehouse: apptrail vs requests+orjson+sqlite3;
  2. `apptrail import` of the same executions from NDJSON: executions/s;
  3. incremental sync finding ~50 new executions in a warehouse of M executions: seconds and request count
     (expected: the search pages plus the re-reads of executions still open, plus the /configs probe), on an
     open-source server (the discovery scan alone) and on an Enterprise one whose Apps API lists 6 of the 8
     apps (the scan, the Apps API and a scope per app and label key);
  4. peak RSS of each apptrail run.

Usage: bench/sync/bench.py [--executions 100000] [--big 1000000] [--skip-build]
"""
import argparse
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "bench"))
from benchlib import timed  # noqa: E402
RELEASE = os.path.join(ROOT, ".build", "release")
NOW = "2026-11-25T12:00:00Z"


def build():
    for product in ("apptrail", "kestra-sim"):
        subprocess.run(["swift", "build", "-c", "release", "--product", product], cwd=ROOT, check=True,
                       stdout=subprocess.DEVNULL)


class Simulator:
    def __init__(self, executions, seed=1, edition="oss", unlisted=0):
        self.p = subprocess.Popen([os.path.join(RELEASE, "kestra-sim"), "serve", "--port", "0", "--seed", str(seed),
                                   "--executions", str(executions), "--apps", "8", "--edition", edition, "--api-version", "1",
                                   "--unlisted-apps", str(unlisted), "--tenant", "main", "--now", NOW], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        line = self.p.stdout.readline().decode()
        self.url = line[line.index("http://"):].strip()

    def admin(self, method, path):
        req = urllib.request.Request(self.url + path, method=method)
        with urllib.request.urlopen(req) as r:
            return r.read()

    def stop(self):
        self.p.terminate()
        self.p.wait()


def count(db, sql="SELECT count(*) FROM executions"):
    con = sqlite3.connect(db)
    try:
        return con.execute(sql).fetchone()
    finally:
        con.close()


def incremental(apptrail, work, env, executions, edition, unlisted):
    """A first sync of a big server, ~50 new executions, and the timed incremental sync that finds them."""
    sim = Simulator(executions, seed=2, edition=edition, unlisted=unlisted)
    try:
        bdb = os.path.join(work, "big-%s.db" % edition)
        s_big, rss_big, _, _ = timed([apptrail, "sync", "--server", sim.url, "--db", bdb, "--quiet"], env=env)
        open_before = count(bdb, "SELECT count(*) FROM executions WHERE is_terminal = 0")[0]
        advance = json.loads(sim.admin("POST", "/_sim/advance?seconds=150"))
        sim.admin("DELETE", "/_sim/requests")
        env2 = dict(env, APPTRAIL_NOW=advance.get("to", NOW))
        s_inc, rss_inc, _, _ = timed([apptrail, "sync", "--server", sim.url, "--db", bdb, "--quiet"], env=env2)
        run = count(bdb, "SELECT requests, pages, executions_inserted, executions_updated, "
                         "(SELECT count(*) FROM executions) FROM sync_runs ORDER BY id DESC LIMIT 1")
        stored_apps = count(bdb, "SELECT count(DISTINCT app_id) FROM executions")[0]
        served = json.loads(sim.admin("GET", "/_sim/requests"))["requests"]
        searches = sum(1 for r in served if "/executions/search" in r["target"])
        gets = sum(1 for r in served if "/executions/" in r["target"] and "/search" not in r["target"])
        apps = sum(1 for r in served if "/apps" in r["target"])
        for suffix in ("", "-wal", "-shm", ".lock"):
            if os.path.exists(bdb + suffix):
                os.remove(bdb + suffix)
        return (s_inc, rss_inc, run, open_before, len(advance.get("arrived", [])), searches, gets, apps, len(served), s_big,
                rss_big, stored_apps)
    finally:
        sim.stop()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--executions", type=int, default=100_000)
    ap.add_argument("--big", type=int, default=1_000_000)
    ap.add_argument("--skip-build", action="store_true")
    ap.add_argument("--keep", action="store_true", help="keep the work folder (warehouses, NDJSON)")
    args = ap.parse_args()
    if not args.skip_build:
        build()
    apptrail = os.path.join(RELEASE, "apptrail")
    work = tempfile.mkdtemp(prefix="apptrail-bench-")
    env = dict(os.environ, APPTRAIL_NOW=NOW)
    results = {}

    # 1. Full sync, apptrail vs the Python reference, from the same simulator.
    sim = Simulator(args.executions)
    try:
        db = os.path.join(work, "sync.db")
        s_app, rss_sync, _, _ = timed([apptrail, "sync", "--server", sim.url, "--db", db, "--quiet"], env=env)
        stored = count(db)[0]
        pydb = os.path.join(work, "python.db")
        s_py, _, out, _ = timed([sys.executable, os.path.join(ROOT, "bench", "sync", "python_sync.py"), sim.url, pydb])
        py = json.loads(out)
        if py["stored"] != stored:
            sys.exit("the Python reference stored %d executions, apptrail %d" % (py["stored"], stored))
        results["sync"] = (s_app, s_py, rss_sync, stored)
    finally:
        sim.stop()

    # 2. Import of the same executions from NDJSON.
    ndjson = os.path.join(work, "executions.ndjson")
    with open(ndjson, "wb") as f:
        subprocess.run([os.path.join(RELEASE, "kestra-sim"), "dump", "--seed", "1", "--executions", str(args.executions),
                        "--edition", "oss", "--api-version", "1", "--now", NOW], stdout=f, check=True)
    idb = os.path.join(work, "import.db")
    s_imp, rss_imp, _, _ = timed([apptrail, "import", ndjson, "--db", idb, "--quiet"], env=env)
    results["import"] = (s_imp, rss_imp, count(idb)[0])

    # 3. Incremental sync of ~50 new executions into a big warehouse, open source and Enterprise.
    for edition, unlisted in (("oss", 0), ("ee", 2)):
        results["incremental-" + edition] = incremental(apptrail, work, env, args.big, edition, unlisted)

    s_app, s_py, rss_sync, stored = results["sync"]
    n = args.executions
    print("apptrail foundation benchmark (%d executions; big warehouse %d), %s" % (n, args.big, time.strftime("%Y-%m-%d")))
    print("1. sync into an empty warehouse: apptrail %.2f s (%.0f executions/s read), Python requests+orjson+sqlite3 %.2f s"
          " (%.0f/s): ratio %.2fx (target >= 2x); %d app executions stored by both" % (s_app, n / s_app, s_py, n / s_py, s_py / s_app, stored))
    s_imp, rss_imp, imported = results["import"]
    print("2. import of %d executions from NDJSON: %.2f s = %.0f executions/s (target >= 25,000/s); %d stored" % (n, s_imp, n / s_imp, imported))
    rss_big = rss_inc = 0
    for label, edition in (("3a", "oss"), ("3b", "ee")):
        s_inc, rss, run, open_before, arrived, searches, gets, apps, served, s_big, rss_first, stored_apps = results["incremental-" + edition]
        rss_big, rss_inc = max(rss_big, rss_first), max(rss_inc, rss)
        requests, pages, inserted, updated, total = run
        print("%s. incremental sync in a %d-execution warehouse, %s (%d app executions of %d apps; first sync %.1f s): %.3f s (target < 1 s);"
              " %d arrived on the server, %d inserted, %d updated; requests %d = 1 probe + %d Apps API + %d search pages + %d re-reads"
              " of %d open executions (server saw %d searches, %d GETs, %d in all)"
              % (label, args.big, "Enterprise, the Apps API listing 6 of 8 apps" if edition == "ee" else "open source",
                 total, stored_apps, s_big, s_inc, arrived, inserted, updated, requests, apps, pages,
                 requests - 1 - apps - pages, open_before, searches, gets, served))
    print("4. peak RSS: sync %.0f MB, import %.0f MB, big sync %.0f MB, incremental %.0f MB (target < 150 MB)"
          % (rss_sync, rss_imp, rss_big, rss_inc))
    if args.keep:
        print("work folder kept: %s" % work)
    else:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
