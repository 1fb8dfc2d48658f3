-- name: summary
-- description: Per app with a submission in [:from, :to) or the period of equal length before it: submissions, outcomes, decisions, approval rate, duration and decision percentiles, change against the previous period and expiration status as of :as_of; then a TOTAL row over all apps.
-- param: from  instant the period's start (inclusive)
-- param: to    instant the period's end (exclusive)
-- param: as_of instant the instant expirations are evaluated at (the period's end, or now when earlier)
-- Plain SQL, as the sqlite3 shell and Datasette run it too (docs/queries.md).
WITH bounds AS (
    -- The instant parameters in the warehouse's text form (6 fraction digits and Z), in which text order is
    -- time order: '2026-11-16', '2026-11-16T00:00:00Z' and '2026-11-16T01:00:00+01:00' are the same instant.
    SELECT CASE WHEN substr(:from, 20, 1) = '.' THEN
               strftime('%Y-%m-%dT%H:%M:%S.', substr(:from, 1, 19) || ltrim(substr(:from, 21), '0123456789'))
               || substr(substr(:from, 21, length(:from) - 20 - length(ltrim(substr(:from, 21), '0123456789'))) || '000000', 1, 6) || 'Z'
           ELSE strftime('%Y-%m-%dT%H:%M:%S.000000Z', :from) END AS from_at,
           CASE WHEN substr(:to, 20, 1) = '.' THEN
               strftime('%Y-%m-%dT%H:%M:%S.', substr(:to, 1, 19) || ltrim(substr(:to, 21), '0123456789'))
               || substr(substr(:to, 21, length(:to) - 20 - length(ltrim(substr(:to, 21), '0123456789'))) || '000000', 1, 6) || 'Z'
           ELSE strftime('%Y-%m-%dT%H:%M:%S.000000Z', :to) END AS to_at,
           CASE WHEN substr(:as_of, 20, 1) = '.' THEN
               strftime('%Y-%m-%dT%H:%M:%S.', substr(:as_of, 1, 19) || ltrim(substr(:as_of, 21), '0123456789'))
               || substr(substr(:as_of, 21, length(:as_of) - 20 - length(ltrim(substr(:as_of, 21), '0123456789'))) || '000000', 1, 6) || 'Z'
           ELSE strftime('%Y-%m-%dT%H:%M:%S.000000Z', :as_of) END AS as_of_at
),
previous AS (
    -- The period of equal length before [from, to), to the microsecond: it starts at 2 * from - to.
    SELECT strftime('%Y-%m-%dT%H:%M:%S', us / 1000000, 'unixepoch') || '.' || printf('%06d', us % 1000000) || 'Z' AS from_at
    FROM (SELECT 2 * (unixepoch(substr(from_at, 1, 19)) * 1000000 + CAST(substr(from_at, 21, 6) AS INTEGER))
                 - (unixepoch(substr(to_at, 1, 19)) * 1000000 + CAST(substr(to_at, 21, 6) AS INTEGER)) AS us
          FROM bounds)
),
period AS (
    -- Read off the (app_id, submitted_at, ...) index: no table rows.
    SELECT app_id, state, is_terminal, decision, duration_s, decision_s
    FROM app_executions
    WHERE submitted_at >= (SELECT from_at FROM bounds)
      AND submitted_at < (SELECT to_at FROM bounds)
),
figures AS (
    SELECT app_id,
           count(*) AS submissions,
           count(*) FILTER (WHERE state IN ('SUCCESS', 'WARNING')) AS succeeded,
           count(*) FILTER (WHERE state = 'FAILED') AS failed,
           count(*) FILTER (WHERE state IN ('KILLED', 'CANCELLED')) AS cancelled,
           count(*) FILTER (WHERE is_terminal = 0) AS in_progress,
           count(*) FILTER (WHERE decision = 'approved') AS approved,
           count(*) FILTER (WHERE decision = 'rejected') AS rejected,
           count(*) FILTER (WHERE decision = 'pending') AS pending,
           max(duration_s) AS duration_max_s,
           count(duration_s) AS durations,
           count(decision_s) AS decisions
    FROM period
    GROUP BY app_id
),
places AS (
    -- Percentiles are Excel's PERCENTILE.INC (docs/metrics.md): of n values in ascending order x[0] .. x[n-1],
    -- h = (n - 1) * p and k = floor(h); the value is x[k] + (h - k) * (x[k+1] - x[k]), or x[k] when it is the last.
    -- Here n and k for p = 0.5 and 0.9, per app and for every app together (app_id NULL, for the TOTAL row).
    SELECT app_id, measure, n, CAST((n - 1) * 0.5 AS INTEGER) AS k50, CAST((n - 1) * 0.9 AS INTEGER) AS k90
    FROM (SELECT app_id, 'duration' AS measure, durations AS n FROM figures
          UNION ALL SELECT app_id, 'decision', decisions FROM figures
          UNION ALL SELECT NULL, 'duration', sum(durations) FROM figures
          UNION ALL SELECT NULL, 'decision', sum(decisions) FROM figures)
),
ranked AS (
    -- Each run time and time to decision with i, its place from 0 in ascending order, among its app's and among all.
    SELECT app_id, 'duration' AS measure, duration_s AS v, row_number() OVER (PARTITION BY app_id ORDER BY duration_s) - 1 AS i
    FROM period WHERE duration_s IS NOT NULL
    UNION ALL SELECT app_id, 'decision', decision_s, row_number() OVER (PARTITION BY app_id ORDER BY decision_s) - 1
    FROM period WHERE decision_s IS NOT NULL
    UNION ALL SELECT NULL, 'duration', duration_s, row_number() OVER (ORDER BY duration_s) - 1
    FROM period WHERE duration_s IS NOT NULL
    UNION ALL SELECT NULL, 'decision', decision_s, row_number() OVER (ORDER BY decision_s) - 1
    FROM period WHERE decision_s IS NOT NULL
),
percentiles AS (
    -- Only the values at k and k + 1 are kept; CROSS JOIN reads the ranked values once, looking their places up.
    SELECT app_id, measure,
           lo50 + ((n - 1) * 0.5 - k50) * (coalesce(hi50, lo50) - lo50) AS p50,
           lo90 + ((n - 1) * 0.9 - k90) * (coalesce(hi90, lo90) - lo90) AS p90
    FROM (SELECT p.app_id, p.measure, p.n, p.k50, p.k90,
                 max(CASE WHEN r.i = p.k50 THEN r.v END) AS lo50, max(CASE WHEN r.i = p.k50 + 1 THEN r.v END) AS hi50,
                 max(CASE WHEN r.i = p.k90 THEN r.v END) AS lo90, max(CASE WHEN r.i = p.k90 + 1 THEN r.v END) AS hi90
          FROM ranked r CROSS JOIN places p ON p.app_id IS r.app_id AND p.measure = r.measure
          WHERE r.i IN (p.k50, p.k50 + 1, p.k90, p.k90 + 1)
          GROUP BY p.app_id, p.measure)
),
spread AS (
    SELECT app_id,
           max(CASE WHEN measure = 'duration' THEN p50 END) AS duration_p50_s,
           max(CASE WHEN measure = 'duration' THEN p90 END) AS duration_p90_s,
           max(CASE WHEN measure = 'decision' THEN p50 END) AS decision_p50_s,
           max(CASE WHEN measure = 'decision' THEN p90 END) AS decision_p90_s
    FROM percentiles
    GROUP BY app_id
),
prev AS (
    SELECT app_id, count(*) AS n FROM app_executions
    WHERE submitted_at >= (SELECT from_at FROM previous)
      AND submitted_at < (SELECT from_at FROM bounds)
    GROUP BY app_id
),
listed AS (
    SELECT app_id FROM figures UNION SELECT app_id FROM prev
),
per_app AS (
    SELECT l.app_id, coalesce(f.submissions, 0) AS submissions, coalesce(f.succeeded, 0) AS succeeded,
           coalesce(f.failed, 0) AS failed, coalesce(f.cancelled, 0) AS cancelled, coalesce(f.in_progress, 0) AS in_progress,
           coalesce(f.approved, 0) AS approved, coalesce(f.rejected, 0) AS rejected, coalesce(f.pending, 0) AS pending,
           s.duration_p50_s, s.duration_p90_s, f.duration_max_s, s.decision_p50_s, s.decision_p90_s,
           coalesce(p.n, 0) AS submissions_prev,
           x.disabled, x.expiration_type, x.starts_at, x.expires_at, x.expiring_soon_from, x.submission_limit,
           -- Only a submission limit needs the count of submissions before as_of: it runs for those apps alone.
           CASE WHEN x.submission_limit IS NOT NULL THEN
               (SELECT count(*) FROM app_executions e
                WHERE e.app_id = l.app_id AND e.submitted_at < (SELECT as_of_at FROM bounds)) END AS before
    FROM listed l
    LEFT JOIN figures f ON f.app_id = l.app_id
    LEFT JOIN spread s ON s.app_id = l.app_id
    LEFT JOIN prev p ON p.app_id = l.app_id
    LEFT JOIN app_expirations x ON x.app_id = l.app_id
),
rows AS (
    SELECT 0 AS sort_key, app_id, submissions, succeeded, failed, cancelled, in_progress, approved, rejected, pending,
           duration_p50_s, duration_p90_s, duration_max_s, decision_p50_s, decision_p90_s, submissions_prev,
           -- The expiration rule of apps.sql (docs/metrics.md, "Expiration of an app").
           CASE
               WHEN disabled = 1 THEN 'DISABLED'
               WHEN expiration_type = 'TTL' AND expires_at IS NULL THEN 'UNKNOWN'
               WHEN (SELECT as_of_at FROM bounds) < starts_at THEN 'NOT_STARTED'
               WHEN (SELECT as_of_at FROM bounds) >= expires_at OR submission_limit - before <= 0 THEN 'EXPIRED'
               WHEN (SELECT as_of_at FROM bounds) >= expiring_soon_from
                    OR (submission_limit - before) * 10 <= submission_limit THEN 'EXPIRING_SOON'
               ELSE 'ACTIVE'
           END AS expiration_status,
           expires_at,
           submission_limit - before AS submissions_remaining
    FROM per_app
    UNION ALL
    -- TOTAL: the counts add up over apps; the percentiles are those of every execution of the period; no expiration.
    SELECT 1, 'TOTAL', t.submissions, t.succeeded, t.failed, t.cancelled, t.in_progress, t.approved, t.rejected, t.pending,
           s.duration_p50_s, s.duration_p90_s, (SELECT max(duration_s) FROM period), s.decision_p50_s, s.decision_p90_s,
           t.submissions_prev, NULL, NULL, NULL
    FROM (SELECT coalesce(sum(submissions), 0) AS submissions, coalesce(sum(succeeded), 0) AS succeeded,
                 coalesce(sum(failed), 0) AS failed, coalesce(sum(cancelled), 0) AS cancelled,
                 coalesce(sum(in_progress), 0) AS in_progress, coalesce(sum(approved), 0) AS approved,
                 coalesce(sum(rejected), 0) AS rejected, coalesce(sum(pending), 0) AS pending,
                 coalesce(sum(submissions_prev), 0) AS submissions_prev
          FROM per_app) t
    LEFT JOIN spread s ON s.app_id IS NULL
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
