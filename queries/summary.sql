-- name: summary
-- description: Per app with a submission in [:from, :to) or the period of equal length before it: submissions, outcomes, decisions, approval rate, duration and decision percentiles, change against the previous period and expiration status as of :as_of; then a TOTAL row over all apps.
-- param: from   the period's start (ISO-8601, inclusive)
-- param: to     the period's end (ISO-8601, exclusive)
-- param: as_of  the instant expirations are evaluated at (the period's end, or now when earlier)
WITH bounds AS (
    -- The previous period has the same length, in whole seconds.
    SELECT :from AS p_from, :to AS p_to,
           strftime('%Y-%m-%dT%H:%M:%S.000000Z', 2 * unixepoch(:from) - unixepoch(:to), 'unixepoch') AS prev_from
),
cur AS (
    SELECT e.* FROM app_executions e, bounds b WHERE e.submitted_at >= b.p_from AND e.submitted_at < b.p_to
),
prev AS (
    SELECT app_id, count(*) AS n FROM app_executions e, bounds b
    WHERE e.submitted_at >= b.prev_from AND e.submitted_at < b.p_from GROUP BY app_id
),
listed AS (
    SELECT app_id FROM cur UNION SELECT app_id FROM prev
),
life AS (
    SELECT app_id, sum(submitted_at < :as_of) AS before, min(submitted_at) AS first FROM app_executions GROUP BY app_id
),
per_app AS (
    SELECT 0 AS sort_key, l.app_id,
           count(c.id) AS submissions,
           total(c.state IN ('SUCCESS', 'WARNING')) AS succeeded,
           total(c.state = 'FAILED') AS failed,
           total(c.state IN ('KILLED', 'CANCELLED')) AS cancelled,
           total(c.is_terminal = 0) AS in_progress,
           total(c.decision = 'approved') AS approved,
           total(c.decision = 'rejected') AS rejected,
           total(c.decision = 'pending') AS pending,
           percentile_inc(c.duration_s, 0.5) AS duration_p50_s,
           percentile_inc(c.duration_s, 0.9) AS duration_p90_s,
           max(c.duration_s) AS duration_max_s,
           percentile_inc(c.decision_s, 0.5) AS decision_p50_s,
           percentile_inc(c.decision_s, 0.9) AS decision_p90_s,
           coalesce(p.n, 0) AS submissions_prev,
           expiration('status', a.disabled, a.created_at, a.expiration_type, a.expiration_ttl, a.expiration_date,
                      a.expiration_limit, a.expiration_start, a.expiration_end, :as_of, coalesce(lf.before, 0), lf.first)
               AS expiration_status,
           expiration('expires_at', a.disabled, a.created_at, a.expiration_type, a.expiration_ttl, a.expiration_date,
                      a.expiration_limit, a.expiration_start, a.expiration_end, :as_of, coalesce(lf.before, 0), lf.first)
               AS expires_at,
           expiration('remaining', a.disabled, a.created_at, a.expiration_type, a.expiration_ttl, a.expiration_date,
                      a.expiration_limit, a.expiration_start, a.expiration_end, :as_of, coalesce(lf.before, 0), lf.first)
               AS submissions_remaining
    FROM listed l
    LEFT JOIN cur c ON c.app_id = l.app_id
    LEFT JOIN prev p ON p.app_id = l.app_id
    LEFT JOIN apps a ON a.app_id = l.app_id
    LEFT JOIN life lf ON lf.app_id = l.app_id
    GROUP BY l.app_id
),
total_row AS (
    SELECT 1 AS sort_key, 'TOTAL' AS app_id,
           (SELECT count(*) FROM cur) AS submissions,
           (SELECT total(state IN ('SUCCESS', 'WARNING')) FROM cur) AS succeeded,
           (SELECT total(state = 'FAILED') FROM cur) AS failed,
           (SELECT total(state IN ('KILLED', 'CANCELLED')) FROM cur) AS cancelled,
           (SELECT total(is_terminal = 0) FROM cur) AS in_progress,
           (SELECT total(decision = 'approved') FROM cur) AS approved,
           (SELECT total(decision = 'rejected') FROM cur) AS rejected,
           (SELECT total(decision = 'pending') FROM cur) AS pending,
           (SELECT percentile_inc(duration_s, 0.5) FROM cur) AS duration_p50_s,
           (SELECT percentile_inc(duration_s, 0.9) FROM cur) AS duration_p90_s,
           (SELECT max(duration_s) FROM cur) AS duration_max_s,
           (SELECT percentile_inc(decision_s, 0.5) FROM cur) AS decision_p50_s,
           (SELECT percentile_inc(decision_s, 0.9) FROM cur) AS decision_p90_s,
           (SELECT coalesce(sum(n), 0) FROM prev) AS submissions_prev,
           NULL AS expiration_status, NULL AS expires_at, NULL AS submissions_remaining
),
rows AS (
    SELECT * FROM per_app UNION ALL SELECT * FROM total_row
)
SELECT app_id, submissions,
       CAST(succeeded AS INTEGER) AS succeeded, CAST(failed AS INTEGER) AS failed,
       CAST(cancelled AS INTEGER) AS cancelled, CAST(in_progress AS INTEGER) AS in_progress,
       CAST(approved AS INTEGER) AS approved, CAST(rejected AS INTEGER) AS rejected, CAST(pending AS INTEGER) AS pending,
       CASE WHEN approved + rejected > 0 THEN approved / (approved + rejected) END AS approval_rate,
       duration_p50_s, duration_p90_s, duration_max_s, decision_p50_s, decision_p90_s, submissions_prev,
       CASE WHEN submissions_prev > 0 THEN (submissions - submissions_prev) * 1.0 / submissions_prev END AS change_rate,
       expiration_status,
       CASE WHEN expires_at IS NULL THEN NULL ELSE substr(expires_at, 1, 23) || 'Z' END AS expires_at,
       submissions_remaining
FROM rows
ORDER BY sort_key, app_id
