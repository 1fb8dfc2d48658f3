-- name: apps
-- description: Every known app (definitions from the Apps API or app files, and apps known only from labels) with its expiration status as of :as_of, ordered by app id.
-- param: as_of instant the instant statuses are evaluated at
-- Plain SQL, as the sqlite3 shell and Datasette run it too (docs/queries.md). The expiration rule of docs/metrics.md
-- ("Expiration of an app"), which summary.sql and headline.sql apply too and `apptrail status` reads from here; the
-- view app_expirations holds each app's expiry instants.
WITH bounds AS (
    -- The instant parameters in the warehouse's text form (6 fraction digits and Z), in which text order is
    -- time order: '2026-11-16', '2026-11-16T00:00:00Z' and '2026-11-16T01:00:00+01:00' are the same instant.
    SELECT CASE WHEN substr(:as_of, 20, 1) = '.' THEN
               strftime('%Y-%m-%dT%H:%M:%S.', substr(:as_of, 1, 19) || ltrim(substr(:as_of, 21), '0123456789'))
               || substr(substr(:as_of, 21, length(:as_of) - 20 - length(ltrim(substr(:as_of, 21), '0123456789'))) || '000000', 1, 6) || 'Z'
           ELSE strftime('%Y-%m-%dT%H:%M:%S.000000Z', :as_of) END AS as_of_at
),
known AS (
    SELECT app_id FROM apps
    UNION
    SELECT app_id FROM app_executions
),
counts AS (
    SELECT app_id, count(*) FILTER (WHERE submitted_at < bounds.as_of_at) AS submissions_before
    FROM app_executions, bounds
    GROUP BY app_id
),
evaluated AS (
    SELECT k.app_id, a.name, a.namespace, a.flow_id, a.type, coalesce(a.disabled, 0) AS disabled, a.expiration_type,
           x.expires_at,
           coalesce(c.submissions_before, 0) AS submissions_total,
           x.submission_limit - coalesce(c.submissions_before, 0) AS submissions_remaining,
           CASE
               WHEN x.disabled = 1 THEN 'DISABLED'
               WHEN x.expiration_type = 'TTL' AND x.expires_at IS NULL THEN 'UNKNOWN'
               WHEN bounds.as_of_at < x.starts_at THEN 'NOT_STARTED'
               WHEN bounds.as_of_at >= x.expires_at OR x.submission_limit - coalesce(c.submissions_before, 0) <= 0 THEN 'EXPIRED'
               WHEN bounds.as_of_at >= x.expiring_soon_from
                    OR (x.submission_limit - coalesce(c.submissions_before, 0)) * 10 <= x.submission_limit THEN 'EXPIRING_SOON'
               ELSE 'ACTIVE'
           END AS expiration_status
    FROM known k, bounds
    LEFT JOIN apps a ON a.app_id = k.app_id
    LEFT JOIN app_expirations x ON x.app_id = k.app_id
    LEFT JOIN counts c ON c.app_id = k.app_id
)
SELECT app_id, name, namespace, flow_id, type,
       CASE disabled WHEN 1 THEN 'true' ELSE 'false' END AS disabled,
       expiration_type,
       CASE WHEN expires_at IS NULL THEN NULL ELSE substr(expires_at, 1, 23) || 'Z' END AS expires_at,
       submissions_total, submissions_remaining, expiration_status
FROM evaluated
ORDER BY app_id
