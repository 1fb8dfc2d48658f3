#!/usr/bin/env python3
"""What the plain-SQL queries cost, choice by choice, on one warehouse: each bundled period query in the stock
sqlite3 shell, the percentile work alone (the window rankings summary.sql makes), and, when given, a reference
apptrail build with the queries it had (for example the one whose SQL called the C aggregate `percentile_inc`).
Every figure is a median of --rounds runs, the variants alternating; the rankings are printed as a ratio to the
same sorts without them, and each apptrail query as a ratio to the reference build's.

Usage: bench/analysis/choices.py --db WAREHOUSE [--rounds 5] [--reference-bin DIR --reference-db WAREHOUSE --reference-queries DIR]
"""
import argparse
import os
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
WEEK = ("2026-11-16", "2026-11-23", "2026-11-23")

RANKINGS = """
WITH period AS (
    SELECT app_id, duration_s, decision_s FROM app_executions
    WHERE submitted_at >= '2026-11-16T00:00:00.000000Z' AND submitted_at < '2026-11-23T00:00:00.000000Z'
)
SELECT (SELECT sum(i) FROM (SELECT row_number() OVER (PARTITION BY app_id ORDER BY duration_s) AS i FROM period WHERE duration_s IS NOT NULL)),
       (SELECT sum(i) FROM (SELECT row_number() OVER (PARTITION BY app_id ORDER BY decision_s) AS i FROM period WHERE decision_s IS NOT NULL)),
       (SELECT sum(i) FROM (SELECT row_number() OVER (ORDER BY duration_s) AS i FROM period WHERE duration_s IS NOT NULL)),
       (SELECT sum(i) FROM (SELECT row_number() OVER (ORDER BY decision_s) AS i FROM period WHERE decision_s IS NOT NULL));
"""
SORTS = RANKINGS.replace("row_number() OVER (PARTITION BY app_id ORDER BY duration_s) AS i FROM period WHERE duration_s IS NOT NULL",
                         "1 AS i FROM period WHERE duration_s IS NOT NULL ORDER BY app_id, duration_s") \
    .replace("row_number() OVER (PARTITION BY app_id ORDER BY decision_s) AS i FROM period WHERE decision_s IS NOT NULL",
             "1 AS i FROM period WHERE decision_s IS NOT NULL ORDER BY app_id, decision_s") \
    .replace("row_number() OVER (ORDER BY duration_s) AS i FROM period WHERE duration_s IS NOT NULL",
             "1 AS i FROM period WHERE duration_s IS NOT NULL ORDER BY duration_s") \
    .replace("row_number() OVER (ORDER BY decision_s) AS i FROM period WHERE decision_s IS NOT NULL",
             "1 AS i FROM period WHERE decision_s IS NOT NULL ORDER BY decision_s")


def timed(cmd, stdin=None, env=None):
    t0 = time.perf_counter()
    p = subprocess.run(cmd, input=stdin, capture_output=True, env=env)
    if p.returncode != 0 or p.stderr:
        sys.exit("failed: %s\n%s" % (" ".join(cmd), p.stderr.decode()[-1000:]))
    return time.perf_counter() - t0


def shell(db, name, queries=os.path.join(ROOT, "queries")):
    params = "".join(".parameter set :%s \"'%s'\"\n" % kv for kv in zip(("from", "to", "as_of"), WEEK))
    return ["sqlite3", "-readonly", db], (params + ".output /dev/null\n.read %s\n" % os.path.join(queries, name + ".sql")).encode()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--db", required=True)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--bin", default=os.path.join(ROOT, ".build", "release"))
    ap.add_argument("--reference-bin")
    ap.add_argument("--reference-db")
    ap.add_argument("--reference-queries")
    args = ap.parse_args()
    now = dict(os.environ, APPTRAIL_NOW="2026-11-25T12:00:00Z")
    variants = []
    for name in ("summary", "headline", "approvals", "daily"):
        cmd, stdin = shell(args.db, name)
        variants.append(("sqlite3 shell: %s.sql" % name, cmd, stdin, None))
    variants.append(("sqlite3 shell: summary's four rankings alone", ["sqlite3", "-readonly", args.db], RANKINGS.encode(), None))
    variants.append(("sqlite3 shell: the same four sorts without row_number()", ["sqlite3", "-readonly", args.db], SORTS.encode(), None))
    for name in ("summary", "headline", "approvals"):
        variants.append(("apptrail query %s" % name, [os.path.join(args.bin, "apptrail"), "query", name, "--week", "2026-W47",
                                                      "--format", "csv", "--db", args.db], None, now))
        if args.reference_bin:
            env = dict(now, APPTRAIL_QUERIES=os.path.abspath(args.reference_queries))
            variants.append(("reference apptrail query %s" % name, [os.path.join(args.reference_bin, "apptrail"), "query", name, "--week",
                                                                    "2026-W47", "--format", "csv", "--db", args.reference_db], None, env))
    times = {v[0]: [] for v in variants}
    for _ in range(args.rounds):
        for label, cmd, stdin, env in variants:
            times[label].append(timed(cmd, stdin, env))
    print("plain-SQL choices, %s, medians of %d rounds, warehouse %s" % (time.strftime("%Y-%m-%d"), args.rounds, args.db))
    med = {label: statistics.median(t) for label, t in times.items()}
    for label, _, _, _ in variants:
        ratio = ""
        if label == "sqlite3 shell: summary's four rankings alone":
            ratio = "  (%.1fx the sorts alone)" % (med[label] / med["sqlite3 shell: the same four sorts without row_number()"])
        if label.startswith("apptrail query") and "reference " + label in med:
            ratio = "  (%.1fx the reference)" % (med[label] / med["reference " + label])
        print("  %-58s %7.3f s%s" % (label, med[label], ratio))


if __name__ == "__main__":
    main()
