-- name: backlog
-- description: The approvers' backlog at :as_of: every execution then waiting for an approval decision (its last pause begun by :as_of, its decision not yet made), the longest wait first.
-- param: as_of instant the instant the backlog is taken at (the period's end, or now when earlier)
-- An execution counts while its last pause is open: one decided after :as_of counts (it was waiting then), one
-- purged from the server by :as_of does not. A multi-stage approval between two pauses at :as_of is left out.
SELECT app_id,
       id AS execution_id,
       substr(submitted_at, 1, 23) || 'Z' AS submitted_at,
       substr(last_paused_at, 1, 23) || 'Z' AS waiting_since,
       round((julianday(:as_of) - julianday(last_paused_at)) * 86400, 3) AS waiting_s,
       submitted_by
FROM app_executions
WHERE decision IS NOT NULL
  AND (decided_at IS NULL OR decided_at > :as_of)
  AND last_paused_at <= :as_of
  AND (purged_at IS NULL OR purged_at > :as_of)
ORDER BY last_paused_at, id
