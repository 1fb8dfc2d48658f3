-- name: headline
-- description: The headline figures of a report for [:from, :to), each beside its value for the period of equal length before: submissions, approval rate, median time to decision, the approvals pending at :as_of (and at :from), and the apps expired or expiring within 14 days of :as_of (a disabled app is not counted).
-- param: from  instant the period's start (inclusive)
-- param: to    instant the period's end (exclusive)
-- param: as_of instant the instant the backlog and expirations are taken at (the period's end, or now when earlier)
WITH bounds AS (
    -- The previous period has the same length, in whole seconds (as in summary).
    SELECT strftime('%Y-%m-%dT%H:%M:%S.000000Z', 2 * unixepoch(:from) - unixepoch(:to), 'unixepoch') AS prev_from
),
current_period AS (
    SELECT count(*) AS submissions,
           count(*) FILTER (WHERE decision = 'approved') AS approved,
           count(*) FILTER (WHERE decision = 'rejected') AS rejected,
           percentile_inc(decision_s, 0.5) AS decision_p50_s
    FROM app_executions WHERE submitted_at >= :from AND submitted_at < :to
),
previous_period AS (
    SELECT count(*) AS submissions,
           count(*) FILTER (WHERE decision = 'approved') AS approved,
           count(*) FILTER (WHERE decision = 'rejected') AS rejected,
           percentile_inc(decision_s, 0.5) AS decision_p50_s
    FROM app_executions, bounds WHERE submitted_at >= bounds.prev_from AND submitted_at < :from
),
waiting AS (
    -- The backlog rule of backlog.sql, at :as_of and at :from.
    SELECT count(*) FILTER (WHERE (decided_at IS NULL OR decided_at > :as_of) AND last_paused_at <= :as_of
                              AND (purged_at IS NULL OR purged_at > :as_of)) AS pending,
           count(*) FILTER (WHERE (decided_at IS NULL OR decided_at > :from) AND last_paused_at <= :from
                              AND (purged_at IS NULL OR purged_at > :from)) AS pending_prev
    FROM app_executions
    WHERE decision IS NOT NULL AND (decided_at IS NULL OR decided_at > :from) AND last_paused_at <= :as_of
),
expirations AS (
    -- The expiration rule of apps.sql, for the apps with a definition (an app known only from labels has no
    -- expiration); like summary.sql, only a LIMIT counts submissions and only a TTL without a creation date
    -- looks up the first one.
    SELECT expiration('status', a.disabled, a.created_at, a.expiration_type, a.expiration_ttl, a.expiration_date,
                      a.expiration_limit, a.expiration_start, a.expiration_end, :as_of, coalesce(x.before, 0), x.first) AS status,
           expiration('expires_at', a.disabled, a.created_at, a.expiration_type, a.expiration_ttl, a.expiration_date,
                      a.expiration_limit, a.expiration_start, a.expiration_end, :as_of, coalesce(x.before, 0), x.first) AS expires_at
    FROM apps a,
         (SELECT CASE WHEN a2.expiration_type = 'LIMIT' THEN
                     (SELECT count(*) FROM app_executions e WHERE e.app_id = a2.app_id AND e.submitted_at < :as_of) END AS before,
                 CASE WHEN a2.expiration_type = 'TTL' AND a2.created_at IS NULL THEN
                     (SELECT min(submitted_at) FROM app_executions e WHERE e.app_id = a2.app_id) END AS first,
                 a2.app_id
          FROM apps a2) x
    WHERE x.app_id = a.app_id
)
SELECT cur.submissions,
       prev.submissions AS submissions_prev,
       CASE WHEN cur.approved + cur.rejected > 0 THEN cur.approved * 1.0 / (cur.approved + cur.rejected) END AS approval_rate,
       CASE WHEN prev.approved + prev.rejected > 0 THEN prev.approved * 1.0 / (prev.approved + prev.rejected) END AS approval_rate_prev,
       cur.decision_p50_s,
       prev.decision_p50_s AS decision_p50_prev_s,
       waiting.pending,
       waiting.pending_prev,
       (SELECT count(*) FROM expirations
        WHERE status IN ('EXPIRED', 'EXPIRING_SOON')
           OR (status = 'ACTIVE' AND julianday(expires_at) < julianday(:as_of) + 14)) AS apps_expiring
FROM current_period cur, previous_period prev, waiting
