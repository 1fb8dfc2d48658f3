-- name: apps
-- description: Every known app (definitions from the Apps API or app files, and apps known only from labels) with its expiration status as of :as_of, ordered by app id.
-- param: as_of instant the instant statuses are evaluated at
WITH known AS (
    SELECT app_id FROM apps
    UNION
    SELECT app_id FROM app_executions
),
counts AS (
    SELECT app_id,
           sum(submitted_at < :as_of) AS submissions_before,
           min(submitted_at) AS first_submission
    FROM app_executions
    GROUP BY app_id
),
evaluated AS (
    SELECT k.app_id, a.name, a.namespace, a.flow_id, a.type, coalesce(a.disabled, 0) AS disabled, a.expiration_type,
           coalesce(c.submissions_before, 0) AS submissions_total,
           expiration('expires_at', a.disabled, a.created_at, a.expiration_type, a.expiration_ttl, a.expiration_date,
                      a.expiration_limit, a.expiration_start, a.expiration_end, :as_of, coalesce(c.submissions_before, 0),
                      c.first_submission) AS expires_at,
           expiration('remaining', a.disabled, a.created_at, a.expiration_type, a.expiration_ttl, a.expiration_date,
                      a.expiration_limit, a.expiration_start, a.expiration_end, :as_of, coalesce(c.submissions_before, 0),
                      c.first_submission) AS submissions_remaining,
           expiration('status', a.disabled, a.created_at, a.expiration_type, a.expiration_ttl, a.expiration_date,
                      a.expiration_limit, a.expiration_start, a.expiration_end, :as_of, coalesce(c.submissions_before, 0),
                      c.first_submission) AS expiration_status
    FROM known k
    LEFT JOIN apps a ON a.app_id = k.app_id
    LEFT JOIN counts c ON c.app_id = k.app_id
)
SELECT app_id, name, namespace, flow_id, type,
       CASE disabled WHEN 1 THEN 'true' ELSE 'false' END AS disabled,
       expiration_type,
       CASE WHEN expires_at IS NULL THEN NULL ELSE substr(expires_at, 1, 23) || 'Z' END AS expires_at,
       submissions_total, submissions_remaining, expiration_status
FROM evaluated
ORDER BY app_id
