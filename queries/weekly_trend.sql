-- name: weekly_trend
-- description: Submissions, approval rate and p90 durations per app and ISO week (Monday start) over the :weeks complete weeks before the week holding :as_of.
-- param: as_of instant an instant in the week after the last one shown
-- param: weeks integer how many weeks
WITH RECURSIVE bounds AS (
    SELECT date(:as_of, 'weekday 0', '-6 days') AS this_monday
),
weeks(n, week_start) AS (
    SELECT 1, date(this_monday, '-7 days') FROM bounds
    UNION ALL
    SELECT n + 1, date(week_start, '-7 days') FROM weeks WHERE n < :weeks
),
listed AS (
    SELECT DISTINCT app_id FROM app_executions, bounds
    WHERE submitted_at >= (SELECT min(week_start) FROM weeks) AND submitted_at < this_monday
),
per_week AS (
    SELECT date(substr(submitted_at, 1, 10), 'weekday 0', '-6 days') AS week_start, app_id, count(*) AS submissions,
           total(decision = 'approved') AS approved, total(decision = 'rejected') AS rejected,
           percentile_inc(duration_s, 0.9) AS duration_p90_s, percentile_inc(decision_s, 0.9) AS decision_p90_s
    FROM app_executions, bounds
    WHERE submitted_at >= (SELECT min(week_start) FROM weeks) AND submitted_at < this_monday
    GROUP BY 1, 2
)
SELECT w.week_start, l.app_id, coalesce(p.submissions, 0) AS submissions,
       CASE WHEN p.approved + p.rejected > 0 THEN p.approved / (p.approved + p.rejected) END AS approval_rate,
       p.duration_p90_s, p.decision_p90_s
FROM weeks w CROSS JOIN listed l
LEFT JOIN per_week p ON p.week_start = w.week_start AND p.app_id = l.app_id
ORDER BY w.week_start, l.app_id
