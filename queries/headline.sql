-- name: headline
-- description: The headline figures of a report for [:from, :to), each beside its value for the period of equal length before: submissions, approval rate, median time to decision, the approvals pending at :as_of (and at :from), and the apps expired or expiring within 14 days of :as_of (a disabled app is not counted).
-- param: from  instant the period's start (inclusive)
-- param: to    instant the period's end (exclusive)
-- param: as_of instant the instant the backlog and expirations are taken at (the period's end, or now when earlier)
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
both_periods AS (
    SELECT CASE WHEN submitted_at >= bounds.from_at THEN 'current' ELSE 'previous' END AS period, decision, decision_s
    FROM app_executions, bounds
    WHERE submitted_at >= (SELECT from_at FROM previous) AND submitted_at < bounds.to_at
),
counted AS (
    -- The median time to decision is Excel's PERCENTILE.INC at p = 0.5 (docs/metrics.md): of n values in ascending
    -- order x[0] .. x[n-1], h = (n - 1) * p and k = floor(h); the value is x[k] + (h - k) * (x[k+1] - x[k]), or x[k]
    -- when it is the last. Here n and k, per period.
    SELECT period, count(*) AS submissions,
           count(*) FILTER (WHERE decision = 'approved') AS approved,
           count(*) FILTER (WHERE decision = 'rejected') AS rejected,
           count(decision_s) AS n, CAST((count(decision_s) - 1) * 0.5 AS INTEGER) AS k50
    FROM both_periods
    GROUP BY period
),
ranked AS (
    -- Each time to decision with i, its place from 0 in ascending order among its period's.
    SELECT period, decision_s AS v, row_number() OVER (PARTITION BY period ORDER BY decision_s) - 1 AS i
    FROM both_periods
    WHERE decision_s IS NOT NULL
),
medians AS (
    SELECT c.period, lo + ((c.n - 1) * 0.5 - c.k50) * (coalesce(hi, lo) - lo) AS decision_p50_s
    FROM counted c,
         (SELECT c2.period, max(CASE WHEN r.i = c2.k50 THEN r.v END) AS lo, max(CASE WHEN r.i = c2.k50 + 1 THEN r.v END) AS hi
          FROM ranked r CROSS JOIN counted c2 ON c2.period = r.period
          WHERE r.i IN (c2.k50, c2.k50 + 1)
          GROUP BY c2.period) x
    WHERE x.period = c.period
),
waiting AS (
    -- The backlog rule of backlog.sql, at :as_of and at :from.
    SELECT count(*) FILTER (WHERE (decided_at IS NULL OR decided_at > bounds.as_of_at) AND last_paused_at <= bounds.as_of_at
                              AND (purged_at IS NULL OR purged_at > bounds.as_of_at)) AS pending,
           count(*) FILTER (WHERE (decided_at IS NULL OR decided_at > bounds.from_at) AND last_paused_at <= bounds.from_at
                              AND (purged_at IS NULL OR purged_at > bounds.from_at)) AS pending_prev
    FROM app_executions, bounds
    WHERE decision IS NOT NULL AND (decided_at IS NULL OR decided_at > bounds.from_at) AND last_paused_at <= bounds.as_of_at
),
expirations AS (
    -- The expiration rule of apps.sql (docs/metrics.md, "Expiration of an app"), for the apps with a definition
    -- (an app known only from labels has no expiration); only a submission limit counts submissions.
    SELECT CASE
               WHEN x.disabled = 1 THEN 'DISABLED'
               WHEN x.expiration_type = 'TTL' AND x.expires_at IS NULL THEN 'UNKNOWN'
               WHEN bounds.as_of_at < x.starts_at THEN 'NOT_STARTED'
               WHEN bounds.as_of_at >= x.expires_at OR x.submission_limit - c.before <= 0 THEN 'EXPIRED'
               WHEN bounds.as_of_at >= x.expiring_soon_from
                    OR (x.submission_limit - c.before) * 10 <= x.submission_limit THEN 'EXPIRING_SOON'
               ELSE 'ACTIVE'
           END AS status,
           x.expires_at
    FROM app_expirations x, bounds,
         (SELECT a.app_id, CASE WHEN a.submission_limit IS NOT NULL THEN
                     (SELECT count(*) FROM app_executions e, bounds WHERE e.app_id = a.app_id AND e.submitted_at < bounds.as_of_at)
                 END AS before
          FROM app_expirations a) c
    WHERE c.app_id = x.app_id
)
SELECT coalesce(cur.submissions, 0) AS submissions,
       coalesce(prev.submissions, 0) AS submissions_prev,
       CASE WHEN cur.approved + cur.rejected > 0 THEN cur.approved * 1.0 / (cur.approved + cur.rejected) END AS approval_rate,
       CASE WHEN prev.approved + prev.rejected > 0 THEN prev.approved * 1.0 / (prev.approved + prev.rejected) END AS approval_rate_prev,
       (SELECT decision_p50_s FROM medians WHERE period = 'current') AS decision_p50_s,
       (SELECT decision_p50_s FROM medians WHERE period = 'previous') AS decision_p50_prev_s,
       waiting.pending,
       waiting.pending_prev,
       (SELECT count(*) FROM expirations, bounds
        WHERE status IN ('EXPIRED', 'EXPIRING_SOON')
           OR (status = 'ACTIVE' AND expires_at < strftime('%Y-%m-%dT%H:%M:%S', substr(bounds.as_of_at, 1, 19), '+14 days')
                                           || substr(bounds.as_of_at, 20))) AS apps_expiring
FROM waiting
LEFT JOIN counted cur ON cur.period = 'current'
LEFT JOIN counted prev ON prev.period = 'previous'
