-- name: weekly_trend
-- description: Submissions, approval rate and p90 durations per app and ISO week (Monday start) over the :weeks complete weeks before the week holding :as_of.
-- param: as_of instant an instant in the week after the last one shown
-- param: weeks integer how many weeks
-- Plain SQL, as the sqlite3 shell and Datasette run it too (docs/queries.md).
WITH RECURSIVE bounds AS (
    SELECT date(:as_of, 'weekday 0', '-6 days') AS this_monday
),
weeks(n, week_start) AS (
    SELECT 1, date(this_monday, '-7 days') FROM bounds
    UNION ALL
    SELECT n + 1, date(week_start, '-7 days') FROM weeks WHERE n < CAST(:weeks AS INTEGER)
),
shown AS (
    SELECT app_id, date(substr(submitted_at, 1, 10), 'weekday 0', '-6 days') AS week_start, decision, duration_s, decision_s
    FROM app_executions, bounds
    WHERE submitted_at >= (SELECT min(week_start) FROM weeks) AND submitted_at < this_monday
),
listed AS (
    SELECT DISTINCT app_id FROM shown
),
per_week AS (
    -- p90s are Excel's PERCENTILE.INC at p = 0.9 (docs/metrics.md): of n values in ascending order x[0] .. x[n-1],
    -- h = (n - 1) * p and k = floor(h); the value is x[k] + (h - k) * (x[k+1] - x[k]), or x[k] when it is the last.
    -- Here n and k per week and app, for run times and times to decision.
    SELECT week_start, app_id, count(*) AS submissions,
           total(decision = 'approved') AS approved, total(decision = 'rejected') AS rejected,
           count(duration_s) AS duration_n, CAST((count(duration_s) - 1) * 0.9 AS INTEGER) AS duration_k,
           count(decision_s) AS decision_n, CAST((count(decision_s) - 1) * 0.9 AS INTEGER) AS decision_k
    FROM shown
    GROUP BY 1, 2
),
ranked AS (
    -- Each value with i, its place from 0 in ascending order among its week's and app's.
    SELECT week_start, app_id, 'duration' AS measure, duration_s AS v,
           row_number() OVER (PARTITION BY week_start, app_id ORDER BY duration_s) - 1 AS i
    FROM shown WHERE duration_s IS NOT NULL
    UNION ALL
    SELECT week_start, app_id, 'decision', decision_s,
           row_number() OVER (PARTITION BY week_start, app_id ORDER BY decision_s) - 1
    FROM shown WHERE decision_s IS NOT NULL
),
picked AS (
    -- Only the values at k and k + 1 are kept; CROSS JOIN reads the ranked values once, looking their places up.
    SELECT p.week_start, p.app_id,
           max(CASE WHEN r.measure = 'duration' AND r.i = p.duration_k THEN r.v END) AS duration_lo,
           max(CASE WHEN r.measure = 'duration' AND r.i = p.duration_k + 1 THEN r.v END) AS duration_hi,
           max(CASE WHEN r.measure = 'decision' AND r.i = p.decision_k THEN r.v END) AS decision_lo,
           max(CASE WHEN r.measure = 'decision' AND r.i = p.decision_k + 1 THEN r.v END) AS decision_hi
    FROM ranked r CROSS JOIN per_week p ON p.week_start = r.week_start AND p.app_id = r.app_id
    WHERE r.i IN (CASE r.measure WHEN 'duration' THEN p.duration_k ELSE p.decision_k END,
                  CASE r.measure WHEN 'duration' THEN p.duration_k ELSE p.decision_k END + 1)
    GROUP BY p.week_start, p.app_id
)
SELECT w.week_start, l.app_id, coalesce(p.submissions, 0) AS submissions,
       CASE WHEN p.approved + p.rejected > 0 THEN p.approved / (p.approved + p.rejected) END AS approval_rate,
       x.duration_lo + ((p.duration_n - 1) * 0.9 - p.duration_k) * (coalesce(x.duration_hi, x.duration_lo) - x.duration_lo)
           AS duration_p90_s,
       x.decision_lo + ((p.decision_n - 1) * 0.9 - p.decision_k) * (coalesce(x.decision_hi, x.decision_lo) - x.decision_lo)
           AS decision_p90_s
FROM weeks w CROSS JOIN listed l
LEFT JOIN per_week p ON p.week_start = w.week_start AND p.app_id = l.app_id
LEFT JOIN picked x ON x.week_start = w.week_start AND x.app_id = l.app_id
ORDER BY w.week_start, l.app_id
