#!/usr/bin/env python3
"""Reference sync for the benchmark: requests + orjson + sqlite3, the same reads and upserts as apptrail.

Crawls every execution of a Kestra (simulator) server by start date, keeps those with an app label,
computes the same per-execution facts (docs/metrics.md) and upserts them by id into an `executions` table of the
same columns, one transaction per page. Prints a JSON line with the count and the seconds it took.
"""
import json
import sqlite3
import sys
import time

import orjson
import requests

TERMINAL = {"SUCCESS", "WARNING", "FAILED", "KILLED", "CANCELLED", "RETRIED", "SKIPPED", "RESUBMITTED"}
APPROVE = {"RUNNING", "SUCCESS", "WARNING"}
REJECT = {"KILLING", "KILLED", "CANCELLED", "FAILED"}
LABEL_KEYS = ["system.app", "system_app"]

COLUMNS = ["id", "tenant", "namespace", "flow_id", "flow_revision", "app_id", "app_label_key", "kind", "state",
           "is_terminal", "submitted_at", "ended_at", "duration_s", "paused_s", "decision", "decided_at", "decision_s",
           "first_paused_at", "last_paused_at", "decided_by", "submitted_by", "inputs_json", "labels_json",
           "state_history_json", "first_seen_at", "updated_at"]


def micros(ts):
    """ISO instant with 0-9 fraction digits and Z -> integer microseconds (truncated)."""
    date, _, rest = ts.partition("T")
    y, m, d = int(date[0:4]), int(date[5:7]), int(date[8:10])
    rest = rest.rstrip("Z")
    hms, _, frac = rest.partition(".")
    hh, mm, ss = int(hms[0:2]), int(hms[3:5]), int(hms[6:8])
    frac = (frac + "000000")[:6]
    # days from civil
    yy = y - (m <= 2)
    era = (yy if yy >= 0 else yy - 399) // 400
    yoe = yy - era * 400
    doy = (153 * ((m + 9) % 12) + 2) // 5 + d - 1
    doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
    days = era * 146097 + doe - 719468
    return ((days * 86400 + hh * 3600 + mm * 60 + ss) * 1_000_000) + int(frac)


def iso(us):
    t = time.gmtime(us // 1_000_000)
    return "%04d-%02d-%02dT%02d:%02d:%02d.%06dZ" % (t.tm_year, t.tm_mon, t.tm_mday, t.tm_hour, t.tm_min, t.tm_sec, us % 1_000_000)


def row_of(e, tenant, now):
    labels = e.get("labels") or []
    if isinstance(labels, dict):
        pairs = list(labels.items())
    else:
        pairs = [(l.get("key"), l.get("value")) for l in labels]
    label_map = {}
    for k, v in pairs:
        label_map[k] = v
    app = key = None
    for k in LABEL_KEYS:
        for lk, lv in pairs:
            if lk == k:
                app, key = lv, k
                break
        if app is not None:
            break
    if app is None:
        return None
    state = e["state"]
    hist = [(h["state"], micros(h["date"])) for h in state.get("histories") or []]
    current = state["current"]
    submitted = hist[0][1] if hist else micros(state["startDate"])
    terminal = current in TERMINAL
    ended = hist[-1][1] if terminal and hist else None
    paused = 0
    first_p = last_p = None
    for i, (s, t) in enumerate(hist):
        if s == "PAUSED":
            if first_p is None:
                first_p = i
            last_p = i
            if i + 1 < len(hist):
                paused += hist[i + 1][1] - t
    decision = decided_at = decision_s = None
    if last_p is not None:
        decision = "pending"
        for s, _ in hist[last_p + 1:]:
            if s in APPROVE:
                decision = "approved"
                break
            if s in REJECT:
                decision = "rejected"
                break
        if decision != "pending":
            decided_at = hist[last_p + 1][1]
            decision_s = (decided_at - hist[first_p][1]) / 1e6
    decided_by = None
    if decision in ("approved", "rejected"):
        for tr in e.get("taskRunList") or []:
            out = tr.get("outputs") or {}
            if "onResume" in out or "resumed" in out or any(h.get("state") == "PAUSED" for h in (tr.get("state") or {}).get("histories") or []):
                resumed = out.get("resumed") or {}
                decided_by = resumed.get("by") if isinstance(resumed, dict) else None
    inputs = e.get("inputs") or {}
    return (
        e["id"], e.get("tenantId") or tenant, e["namespace"], e["flowId"], e.get("flowRevision"), app, key,
        e.get("kind") or "NORMAL", current, 1 if terminal else 0, iso(submitted), iso(ended) if ended is not None else None,
        (ended - submitted) / 1e6 if ended is not None else None, paused / 1e6, decision,
        iso(decided_at) if decided_at is not None else None, decision_s,
        iso(hist[first_p][1]) if first_p is not None else None, iso(hist[last_p][1]) if last_p is not None else None,
        decided_by, label_map.get("system.username"),
        orjson.dumps(inputs, option=orjson.OPT_SORT_KEYS).decode(),
        orjson.dumps(dict(sorted(label_map.items())), option=orjson.OPT_SORT_KEYS).decode(),
        orjson.dumps([{"date": iso(t), "state": s} for s, t in hist]).decode(),
        now, now,
    )


def main():
    server, db, tenant = sys.argv[1], sys.argv[2], (sys.argv[3] if len(sys.argv) > 3 else "main")
    size = 1000
    con = sqlite3.connect(db)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA synchronous=NORMAL")
    con.execute("CREATE TABLE IF NOT EXISTS executions (%s, PRIMARY KEY(id))" % ", ".join(COLUMNS))
    placeholders = ",".join("?" * len(COLUMNS))
    updates = ",".join("%s=excluded.%s" % (c, c) for c in COLUMNS[1:] if c != "first_seen_at")
    sql = "INSERT INTO executions VALUES (%s) ON CONFLICT(id) DO UPDATE SET %s" % (placeholders, updates)
    session = requests.Session()
    now = iso(int(time.time() * 1e6))
    start = time.perf_counter()
    lower, page, count, requests_made = None, 1, 0, 0
    while True:
        params = [("sort", "state.startDate:asc"), ("sort", "id:asc"), ("page", page), ("size", size)]
        if lower:
            params.insert(0, ("filters[startDate][GREATER_THAN_OR_EQUAL_TO]", lower))
        r = session.get("%s/api/v1/%s/executions/search" % (server, tenant), params=params)
        requests_made += 1
        r.raise_for_status()
        results = orjson.loads(r.content)["results"]
        rows = [x for x in (row_of(e, tenant, now) for e in results) if x is not None]
        with con:
            con.executemany(sql, rows)
        count += len(results)
        if len(results) < size:
            break
        last = results[-1]["state"]
        last_start = (last.get("histories") or [{}])[0].get("date") or last.get("startDate")
        last_iso = iso(micros(last_start))
        if lower is None or last_iso > lower:
            lower, page = last_iso, 1
        else:
            page += 1
    seconds = time.perf_counter() - start
    stored = con.execute("SELECT count(*) FROM executions").fetchone()[0]
    print(json.dumps({"executions_read": count, "stored": stored, "requests": requests_made, "seconds": seconds}))


if __name__ == "__main__":
    main()
