#!/usr/bin/env python3
"""Reference for the analyses benchmark: the weekly summary, daily and approvals tables computed with pandas
from the same warehouse file, by docs/metrics.md's definitions. Prints them as JSON (lists of row dicts)."""
import json
import sqlite3
import sys
from datetime import datetime, timedelta, timezone

import numpy as np
import pandas as pd


def pct(s, p):
    s = s.dropna()
    return None if s.empty else float(np.percentile(s.to_numpy(dtype=float), p * 100))


def main():
    db, start, end, as_of = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
    f = datetime.fromisoformat(start.replace("Z", "+00:00"))
    t = datetime.fromisoformat(end.replace("Z", "+00:00"))
    # The warehouse's instants have 6 fraction digits: compare in that form.
    stamp = "%Y-%m-%dT%H:%M:%S.000000Z"
    prev = (f - (t - f)).strftime(stamp)
    start, end = f.strftime(stamp), t.strftime(stamp)
    con = sqlite3.connect(db)
    df = pd.read_sql_query(
        "SELECT app_id, state, is_terminal, submitted_at, duration_s, decision, decision_s, decided_by FROM executions "
        "WHERE kind NOT IN ('TEST', 'PLAYGROUND') AND submitted_at >= ? AND submitted_at < ?", con, params=(prev, end))
    cur = df[df.submitted_at >= start]
    prv = df[df.submitted_at < start]
    apps = sorted(set(cur.app_id) | set(prv.app_id))
    prev_counts = prv.groupby("app_id").size()

    def figures(g):
        approved = int((g.decision == "approved").sum())
        rejected = int((g.decision == "rejected").sum())
        return {
            "submissions": int(len(g)),
            "succeeded": int(g.state.isin(["SUCCESS", "WARNING"]).sum()),
            "failed": int((g.state == "FAILED").sum()),
            "cancelled": int(g.state.isin(["KILLED", "CANCELLED"]).sum()),
            "in_progress": int((g.is_terminal == 0).sum()),
            "approved": approved, "rejected": rejected, "pending": int((g.decision == "pending").sum()),
            "approval_rate": approved / (approved + rejected) if approved + rejected else None,
            "duration_p50_s": pct(g.duration_s, 0.5), "duration_p90_s": pct(g.duration_s, 0.9),
            "duration_max_s": None if g.duration_s.dropna().empty else float(g.duration_s.max()),
            "decision_p50_s": pct(g.decision_s, 0.5), "decision_p90_s": pct(g.decision_s, 0.9),
        }

    summary = []
    for app in apps:
        row = {"app_id": app, **figures(cur[cur.app_id == app])}
        row["submissions_prev"] = int(prev_counts.get(app, 0))
        summary.append(row)
    total = {"app_id": "TOTAL", **figures(cur)}
    total["submissions_prev"] = int(len(prv))
    summary.append(total)

    days = pd.date_range(f, t - timedelta(days=1), freq="D").strftime("%Y-%m-%d")
    cur_days = cur.assign(day=cur.submitted_at.str[:10])
    grouped = cur_days.groupby(["day", "app_id"]).agg(
        submissions=("app_id", "size"), approved=("decision", lambda d: int((d == "approved").sum())),
        rejected=("decision", lambda d: int((d == "rejected").sum())))
    daily = []
    for day in days:
        for app in apps:
            if (day, app) in grouped.index:
                g = grouped.loc[(day, app)]
                daily.append({"date": day, "app_id": app, "submissions": int(g.submissions), "approved": int(g.approved), "rejected": int(g.rejected)})
            else:
                daily.append({"date": day, "app_id": app, "submissions": 0, "approved": 0, "rejected": 0})

    decided = cur[cur.decision.isin(["approved", "rejected"])].assign(by=lambda x: x.decided_by.fillna(""))
    approvals = []
    for (app, by), g in sorted(decided.groupby(["app_id", "by"]), key=lambda kv: (kv[0][0].encode(), kv[0][1].encode())):
        approvals.append({"app_id": app, "decided_by": by, "approved": int((g.decision == "approved").sum()),
                          "rejected": int((g.decision == "rejected").sum()),
                          "decision_p50_s": pct(g.decision_s, 0.5), "decision_p90_s": pct(g.decision_s, 0.9)})
    print(json.dumps({"summary": summary, "daily": daily, "approvals": approvals}))


if __name__ == "__main__":
    main()
