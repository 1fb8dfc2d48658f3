-- name: summary
-- description: Per app with a submission in [:from, :to) or the period of equal length before it: submissions, outcomes, decisions, approval rate, duration and decision percentiles, change against the previous period and expiration status as of :as_of; then a TOTAL row over all apps.
-- param: from  instant the period's start (inclusive)
-- param: to    instant the period's end (exclusive)
-- param: as_of instant the instant expirations are evaluated at (the period's end, or now when earlier)
WITH figures AS (
    -- Grouped straight off the (app_id, submitted_at, ...) index: no temporary B-tree, no table rows read.
    SELECT app_id,
           count(*) AS submissions,
           count(*) FILTER (WHERE state IN ('SUCCESS', 'WARNING')) AS succeeded,
           count(*) FILTER (WHERE state = 'FAILED') AS failed,
           count(*) FILTER (WHERE state IN ('KILLED', 'CANCELLED')) AS cancelled,
           count(*) FILTER (WHERE is_terminal = 0) AS in_progress,
           count(*) FILTER (WHERE decision = 'approved') AS approved,
           count(*) FILTER (WHERE decision = 'rejected') AS rejected,
           count(*) FILTER (WHERE decision = 'pending') AS pending,
           percentile_inc(duration_s, 0.5) AS duration_p50_s,
           percentile_inc(duration_s, 0.9) AS duration_p90_s,
           max(duration_s) AS duration_max_s,
           percentile_inc(decision_s, 0.5) AS decision_p50_s,
           percentile_inc(decision_s, 0.9) AS decision_p90_s
    FROM app_executions WHERE submitted_at >= :from AND submitted_at < :to
    GROUP BY app_id
),
prev AS (
    -- The previous period has the same length, in whole seconds.
    SELECT app_id, count(*) AS n FROM app_executions
    WHERE submitted_at >= strftime('%Y-%m-%dT%H:%M:%S.000000Z', 2 * unixepoch(:from) - unixepoch(:to), 'unixepoch')
      AND submitted_at < :from
    GROUP BY app_id
),
listed AS (
    SELECT app_id FROM figures UNION SELECT app_id FROM prev
),
per_app AS (
    SELECT l.app_id, coalesce(f.submissions, 0) AS submissions, coalesce(f.succeeded, 0) AS succeeded,
           coalesce(f.failed, 0) AS failed, coalesce(f.cancelled, 0) AS cancelled, coalesce(f.in_progress, 0) AS in_progress,
           coalesce(f.approved, 0) AS approved, coalesce(f.rejected, 0) AS rejected, coalesce(f.pending, 0) AS pending,
           f.duration_p50_s, f.duration_p90_s, f.duration_max_s, f.decision_p50_s, f.decision_p90_s,
           coalesce(p.n, 0) AS submissions_prev,
           a.disabled, a.created_at, a.expiration_type, a.expiration_ttl, a.expiration_date, a.expiration_limit,
           a.expiration_start, a.expiration_end,
           -- Only a LIMIT needs the count of submissions before as_of, and only a TTL without a creation
           -- date the first submission: the costly lookups run for those apps alone.
           CASE WHEN a.expiration_type = 'LIMIT' THEN
               (SELECT count(*) FROM app_executions x WHERE x.app_id = l.app_id AND x.submitted_at < :as_of) END AS before,
           CASE WHEN a.expiration_type = 'TTL' AND a.created_at IS NULL THEN
               (SELECT min(submitted_at) FROM app_executions x WHERE x.app_id = l.app_id) END AS first
    FROM listed l
    LEFT JOIN figures f ON f.app_id = l.app_id
    LEFT JOIN prev p ON p.app_id = l.app_id
    LEFT JOIN apps a ON a.app_id = l.app_id
),
rows AS (
    SELECT 0 AS sort_key, app_id, submissions, succeeded, failed, cancelled, in_progress, approved, rejected, pending,
           duration_p50_s, duration_p90_s, duration_max_s, decision_p50_s, decision_p90_s, submissions_prev,
           expiration('status', disabled, created_at, expiration_type, expiration_ttl, expiration_date, expiration_limit,
                      expiration_start, expiration_end, :as_of, coalesce(before, 0), first) AS expiration_status,
           expiration('expires_at', disabled, created_at, expiration_type, expiration_ttl, expiration_date, expiration_limit,
                      expiration_start, expiration_end, :as_of, coalesce(before, 0), first) AS expires_at,
           expiration('remaining', disabled, created_at, expiration_type, expiration_ttl, expiration_date, expiration_limit,
                      expiration_start, expiration_end, :as_of, coalesce(before, 0), first) AS submissions_remaining
    FROM per_app
    UNION ALL
    -- TOTAL: the counts add up over apps; the percentiles need every execution of the period; no expiration.
    SELECT 1, 'TOTAL', t.submissions, t.succeeded, t.failed, t.cancelled, t.in_progress, t.approved, t.rejected, t.pending,
           d.duration_p50_s, d.duration_p90_s, d.duration_max_s, d.decision_p50_s, d.decision_p90_s, t.submissions_prev,
           NULL, NULL, NULL
    FROM (SELECT coalesce(sum(submissions), 0) AS submissions, coalesce(sum(succeeded), 0) AS succeeded,
                 coalesce(sum(failed), 0) AS failed, coalesce(sum(cancelled), 0) AS cancelled,
                 coalesce(sum(in_progress), 0) AS in_progress, coalesce(sum(approved), 0) AS approved,
                 coalesce(sum(rejected), 0) AS rejected, coalesce(sum(pending), 0) AS pending,
                 coalesce(sum(submissions_prev), 0) AS submissions_prev
          FROM per_app) t,
         (SELECT percentile_inc(duration_s, 0.5) AS duration_p50_s, percentile_inc(duration_s, 0.9) AS duration_p90_s,
                 max(duration_s) AS duration_max_s,
                 percentile_inc(decision_s, 0.5) AS decision_p50_s, percentile_inc(decision_s, 0.9) AS decision_p90_s
          FROM app_executions WHERE submitted_at >= :from AND submitted_at < :to) d
)
SELECT app_id, submissions, succeeded, failed, cancelled, in_progress, approved, rejected, pending,
       CASE WHEN approved + rejected > 0 THEN approved * 1.0 / (approved + rejected) END AS approval_rate,
       duration_p50_s, duration_p90_s, duration_max_s, decision_p50_s, decision_p90_s, submissions_prev,
       CASE WHEN submissions_prev > 0 THEN (submissions - submissions_prev) * 1.0 / submissions_prev END AS change_rate,
       expiration_status,
       CASE WHEN expires_at IS NULL THEN NULL ELSE substr(expires_at, 1, 23) || 'Z' END AS expires_at,
       submissions_remaining
FROM rows
ORDER BY sort_key, app_id
