#!/usr/bin/env python3
"""Benchmark of the exports issue, each figure next to its reference run in this same script:

  1. the auditor CSV of one app with 1,000,000 executions (`apptrail export --app`) against `sqlite3 -csv`
     running the same audit query on the same warehouse; peak memory;
  2. a 1,000,000-row per-app sheet (`apptrail report` of a report with that sheet) against Python's XlsxWriter in
     constant_memory writing the same rows (python_xlsx.py); peak memory;
  3. the weekly report in all three formats, xlsx, csv and html (`apptrail report weekly --format all`), of a
     week with 100,000+ executions in a 1,000,000-execution warehouse.

The warehouses are imported from `kestra-sim dump` (2.0 light executions): one with a single app, one with 8.

Usage: bench/exports/bench.py [--app-executions 1000000] [--big 1000000] [--skip-build] [--keep] [--only 1,2,3]
                              [--bin DIR]

--bin DIR (or the environment variable APPTRAIL_BENCH_BIN) is the folder holding the apptrail and kestra-sim
binaries, by default .build/release; with another folder the binaries are used as they are, not rebuilt (build
them with `swift build -c release --scratch-path X`, then give X/release). --only runs only the parts listed
(parts 1 and 2 share their warehouse; part 3 has its own).
"""
import argparse
import csv
import os
import shutil
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "bench"))
import benchlib  # noqa: E402
DEFAULT_RELEASE = os.path.join(ROOT, ".build", "release")
RELEASE = os.environ.get("APPTRAIL_BENCH_BIN") or DEFAULT_RELEASE  # --bin overrides it
NOW = "2026-11-25T12:00:00Z"
ENV = dict(os.environ, APPTRAIL_NOW=NOW, APPTRAIL_QUERIES=os.path.join(ROOT, "queries"), APPTRAIL_REPORTS=os.path.join(ROOT, "reports"))


def timed(cmd, stdout=subprocess.DEVNULL):
    """Runs cmd with the benchmark's environment; returns (seconds, peak RSS in MB)."""
    seconds, rss, _, _ = benchlib.timed(cmd, env=ENV, stdout=stdout)
    return seconds, rss


def warehouse(path, executions, apps, weeks, work):
    """Imports `executions` simulated executions of `apps` apps over `weeks` weeks into a new warehouse."""
    ndjson = os.path.join(work, "dump.ndjson")
    with open(ndjson, "wb") as f:
        subprocess.run([os.path.join(RELEASE, "kestra-sim"), "dump", "--seed", "5", "--executions", str(executions), "--apps", str(apps),
                        "--weeks", str(weeks), "--api-version", "2", "--now", NOW], stdout=f, check=True)
    seconds, _ = timed([os.path.join(RELEASE, "apptrail"), "import", ndjson, "--quiet", "--db", path])
    os.remove(ndjson)
    return seconds


def sql(db, query):
    return subprocess.run(["sqlite3", db, query], capture_output=True, check=True).stdout.decode().strip()


def parts(text):
    chosen = {int(p) for p in text.replace(",", " ").split()}
    if not chosen or not chosen <= {1, 2, 3}:
        raise argparse.ArgumentTypeError("parts are 1, 2 and 3, e.g. --only 3 or --only 1,2")
    return chosen


def main():
    global RELEASE
    ap = argparse.ArgumentParser()
    ap.add_argument("--app-executions", type=int, default=1_000_000)
    ap.add_argument("--big", type=int, default=1_000_000)
    ap.add_argument("--skip-build", action="store_true")
    ap.add_argument("--keep", action="store_true")
    ap.add_argument("--only", type=parts, default={1, 2, 3}, help="the parts to run, e.g. 3 or 1,2 (default: all)")
    ap.add_argument("--bin", default=RELEASE, help="the folder of the apptrail and kestra-sim binaries "
                    "(env APPTRAIL_BENCH_BIN; default .build/release)")
    args = ap.parse_args()
    RELEASE = os.path.abspath(args.bin)
    if not args.skip_build:
        if RELEASE == DEFAULT_RELEASE:
            for product in ("apptrail", "kestra-sim"):
                subprocess.run(["swift", "build", "-c", "release", "--product", product], cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
        else:
            print("binaries of %s used as they are (only .build/release is rebuilt)" % RELEASE)
    for product in ("apptrail", "kestra-sim"):
        if not os.access(os.path.join(RELEASE, product), os.X_OK):
            sys.exit("no %s binary in %s" % (product, RELEASE))
    apptrail = os.path.join(RELEASE, "apptrail")
    work = tempfile.mkdtemp(prefix="apptrail-exports-")
    print("apptrail exports benchmark, %s" % time.strftime("%Y-%m-%d"))
    if args.only & {1, 2}:
        one_app(args, apptrail, work)
    if 3 in args.only:
        weekly(args, apptrail, work)
    if args.keep:
        print("work folder kept: %s" % work)
    else:
        shutil.rmtree(work, ignore_errors=True)


def one_app(args, apptrail, work):
    """Parts 1 and 2, on a warehouse of one app."""
    # 1. One app: about a sixth of simulated executions carry no app label (or are tests), so ask for enough to
    # land the target in the app, and stay under Excel's 1,048,575 data rows.
    one = os.path.join(work, "one.db")
    warehouse(one, int(args.app_executions / 0.80), 1, 52, work)
    app, rows = sql(one, "SELECT app_id, count(*) FROM app_executions GROUP BY app_id ORDER BY 2 DESC LIMIT 1").split("|")
    rows = int(rows)
    if 1 in args.only:
        audit_sql = "\n".join(l for l in open(os.path.join(ROOT, "queries", "audit.sql"), encoding="utf-8").read().splitlines() if not l.startswith("-- "))
        start, end = "0001-01-01T00:00:00.000000Z", "9999-12-31T23:59:59.999999Z"
        out = os.path.join(work, "export")
        s_app, rss_app = timed([apptrail, "export", "--app", app, "--out", out, "--quiet", "--db", one])
        ours = os.path.join(out, app + ".csv")
        theirs = os.path.join(work, "sqlite3.csv")
        with open(theirs, "wb") as f:
            s_ref, rss_ref = timed(["sqlite3", "-csv", "-header", one, ".param set :app '%s'" % app, ".param set :from '%s'" % start,
                                    ".param set :to '%s'" % end, audit_sql], stdout=f)
        # The same rows in the same order (sqlite3 prints numbers its own way and neutralises nothing).
        with open(ours, newline="", encoding="utf-8") as a, open(theirs, newline="", encoding="utf-8") as b:
            ids_a = [r[0] for r in csv.reader(a)]
            ids_b = [r[0] for r in csv.reader(b)]
        if ids_a != ids_b or len(ids_a) != rows + 1:
            sys.exit("the CSVs differ: %d and %d records for %d executions" % (len(ids_a), len(ids_b), rows))
        print("1. auditor CSV of %d executions of one app: apptrail export %.2f s (%.0f MB, %.0f MB peak RSS; target < 64 MB), "
              "sqlite3 -csv %.2f s (%.0f MB peak RSS): ratio %.2fx (target >= 1x)"
              % (rows, s_app, os.path.getsize(ours) / 1e6, rss_app, s_ref, rss_ref, s_ref / s_app))
    if 2 not in args.only:
        return

    # 2. The same rows as one workbook sheet.
    sheet_report = os.path.join(work, "app-sheet.yaml")
    with open(sheet_report, "w") as f:
        f.write("name: appsheet\nperiod: week\nsheets:\n  - sheet: Apps\n    query: apps\nper_app:\n  query: audit\n  sheet: \"{app}\"\n")
    xlsx_out = os.path.join(work, "xlsx")
    s_x, rss_x = timed([apptrail, "report", sheet_report, "--from", "2000-01-01", "--to", "2100-01-01", "--format", "xlsx",
                        "--out", xlsx_out, "--quiet", "--db", one])
    py_out = os.path.join(work, "python.xlsx")
    s_py, rss_py = timed([sys.executable, os.path.join(ROOT, "bench", "exports", "python_xlsx.py"), one, app,
                          "2000-01-01T00:00:00.000000Z", "2100-01-01T00:00:00.000000Z", py_out, os.path.join(ROOT, "queries", "audit.sql")])
    ours_xlsx = os.path.join(xlsx_out, "appsheet-2000-01-01_2100-01-01.xlsx")
    tail = subprocess.run([sys.executable, os.path.join(ROOT, "scripts", "read_xlsx.py"), ours_xlsx, "--tail", "1"],
                          capture_output=True, check=True).stdout.decode()
    # A per-app sheet holds a title line (the app and the period), the header and the rows.
    if '"row_count": %d' % (rows + 2) not in tail:
        sys.exit("the workbook does not hold %d rows (title, header, %d executions): %s" % (rows + 2, rows, tail[:500]))
    print("2. a %d-row per-app sheet: apptrail %.1f s (%.0f MB, %.0f MB peak RSS; target < 100 MB), Python XlsxWriter constant_memory "
          "%.1f s (%.0f MB, %.0f MB peak RSS): ratio %.1fx (target >= 4x)"
          % (rows, s_x, os.path.getsize(ours_xlsx) / 1e6, rss_x, s_py, os.path.getsize(py_out) / 1e6, rss_py, s_py / s_x))


def weekly(args, apptrail, work):
    """Part 3: the weekly report of a busy week in a 1,000,000-execution warehouse."""
    big = os.path.join(work, "big.db")
    warehouse(big, args.big, 8, 8, work)
    week = "2026-W47"
    total = int(sql(big, "SELECT count(*) FROM executions"))
    in_week = int(sql(big, "SELECT count(*) FROM app_executions WHERE submitted_at >= '2026-11-16T00:00:00.000000Z' AND submitted_at < '2026-11-23T00:00:00.000000Z'"))
    report_out = os.path.join(work, "weekly")
    s_w, rss_w = timed([apptrail, "report", "weekly", "--week", week, "--format", "all", "--out", report_out, "--quiet", "--db", big])
    outputs = [os.path.join(report_out, "weekly-%s%s" % (week, ext)) for ext in (".xlsx", "", ".html")]
    missing = [o for o in outputs if not os.path.exists(o)]
    if missing:
        sys.exit("the weekly report wrote no %s" % ", ".join(missing))
    if not os.listdir(outputs[1]):
        sys.exit("the weekly report's CSV folder %s is empty" % outputs[1])
    print("3. weekly report (xlsx + csv + html) of %s, %d executions in a warehouse of %d: %.2f s (target < 5 s), %.0f MB peak RSS, "
          "workbook %.0f MB, HTML page %.1f MB"
          % (week, in_week, total, s_w, rss_w, os.path.getsize(outputs[0]) / 1e6, os.path.getsize(outputs[2]) / 1e6))
    if args.keep:
        print("warehouse of part 3: %s" % big)


if __name__ == "__main__":
    main()
