-- name: pending_approvals
-- description: Executions waiting for an approval decision for longer than :hours as of :as_of, oldest first: the approvers' to-do list.
-- param: as_of instant the instant ages are measured at (e.g. 2026-11-25T12:00:00Z)
-- param: hours number  the minimum wait in hours (0 lists every pending execution)
-- Plain SQL, as the sqlite3 shell and Datasette run it too (docs/queries.md).
SELECT app_id,
       id AS execution_id,
       submitted_at,
       last_paused_at AS waiting_since,
       round((julianday(:as_of) - julianday(last_paused_at)) * 86400, 3) AS pending_age_s,
       submitted_by,
       namespace,
       flow_id
FROM app_executions
WHERE decision = 'pending'
  AND purged_at IS NULL
  AND julianday(last_paused_at) <= julianday(:as_of) - CAST(:hours AS REAL) / 24.0
ORDER BY last_paused_at, id
