-- name: summary
-- description: Per app with a submission in [:from, :to) or the period of equal length before it: submissions, outcomes, decisions, approval rate, duration and decision percentiles, change against the previous period and expiration status as of :as_of; then a TOTAL row over all apps.
-- param: from   the period's start (ISO-8601, inclusive)
-- param: to     the period's end (ISO-8601, exclusive)
-- param: as_of  the instant expirations are evaluated at (the period's end, or now when earlier)
WITH bounds AS (
    -- The previous period has the same length, in whole seconds.
    SELECT strftime('%Y-%m-%dT%H:%M:%S.000000Z', 2 * unixepoch(:from) - unixepoch(:to), 'unixepoch') AS prev_from
),
cur AS MATERIALIZED (
    SELECT app_id, state, is_terminal, duration_s, decision, decision_s
    FROM app_executions WHERE submitted_at >= :from AND submitted_at < :to
),
prev AS (
    SELECT app_id, count(*) AS n FROM app_executions, bounds
    WHERE submitted_at >= bounds.prev_from AND submitted_at < :from GROUP BY app_id
),
figures AS (
    SELECT app_id,
           count(*) AS submissions,
           total(state IN ('SUCCESS', 'WARNING')) AS succeeded,
           total(state = 'FAILED') AS failed,
           total(state IN ('KILLED', 'CANCELLED')) AS cancelled,
           total(is_terminal = 0) AS in_progress,
           total(decision = 'approved') AS approved,
           total(decision = 'rejected') AS rejected,
           total(decision = 'pending') AS pending,
           percentile_inc(duration_s, 0.5) AS duration_p50_s,
           percentile_inc(duration_s, 0.9) AS duration_p90_s,
           max(duration_s) AS duration_max_s,
           percentile_inc(decision_s, 0.5) AS decision_p50_s,
           percentile_inc(decision_s, 0.9) AS decision_p90_s
    FROM cur GROUP BY app_id
),
listed AS (
    SELECT app_id FROM figures UNION SELECT app_id FROM prev
),
per_app AS (
    SELECT 0 AS sort_key, l.app_id, coalesce(f.submissions, 0) AS submissions, coalesce(f.succeeded, 0) AS succeeded,
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
    SELECT sort_key, app_id, submissions, succeeded, failed, cancelled, in_progress, approved, rejected, pending,
           duration_p50_s, duration_p90_s, duration_max_s, decision_p50_s, decision_p90_s, submissions_prev,
           expiration('status', disabled, created_at, expiration_type, expiration_ttl, expiration_date, expiration_limit,
                      expiration_start, expiration_end, :as_of, coalesce(before, 0), first) AS expiration_status,
           expiration('expires_at', disabled, created_at, expiration_type, expiration_ttl, expiration_date, expiration_limit,
                      expiration_start, expiration_end, :as_of, coalesce(before, 0), first) AS expires_at,
           expiration('remaining', disabled, created_at, expiration_type, expiration_ttl, expiration_date, expiration_limit,
                      expiration_start, expiration_end, :as_of, coalesce(before, 0), first) AS submissions_remaining
    FROM per_app
    UNION ALL
    -- TOTAL: percentiles over all executions of the period, no expiration.
    SELECT 1, 'TOTAL', count(*), total(state IN ('SUCCESS', 'WARNING')), total(state = 'FAILED'),
           total(state IN ('KILLED', 'CANCELLED')), total(is_terminal = 0), total(decision = 'approved'),
           total(decision = 'rejected'), total(decision = 'pending'),
           percentile_inc(duration_s, 0.5), percentile_inc(duration_s, 0.9), max(duration_s),
           percentile_inc(decision_s, 0.5), percentile_inc(decision_s, 0.9),
           (SELECT coalesce(sum(n), 0) FROM prev), NULL, NULL, NULL
    FROM cur
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
