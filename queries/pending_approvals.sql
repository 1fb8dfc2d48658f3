-- name: pending_approvals
-- description: Executions waiting for an approval decision for longer than :hours as of :as_of, oldest first: the approvers' to-do list.
-- param: as_of instant the instant ages are measured at (e.g. 2026-11-25T12:00:00Z)
-- param: hours number  the minimum wait in hours (0 lists every pending execution)
-- Plain SQL, as the sqlite3 shell and Datasette run it too (docs/queries.md).
WITH bounds AS (
    -- The instant parameters in the warehouse's text form (6 fraction digits and Z), in which text order is
    -- time order: '2026-11-16', '2026-11-16T00:00:00Z' and '2026-11-16T01:00:00+01:00' are the same instant.
    SELECT CASE WHEN substr(:as_of, 20, 1) = '.' THEN
               strftime('%Y-%m-%dT%H:%M:%S.', substr(:as_of, 1, 19) || ltrim(substr(:as_of, 21), '0123456789'))
               || substr(substr(:as_of, 21, length(:as_of) - 20 - length(ltrim(substr(:as_of, 21), '0123456789'))) || '000000', 1, 6) || 'Z'
           ELSE strftime('%Y-%m-%dT%H:%M:%S.000000Z', :as_of) END AS as_of_at
),
waiting AS (
    -- Each pending execution's wait in whole microseconds (julianday keeps milliseconds only).
    SELECT e.*, (unixepoch(substr(b.as_of_at, 1, 19)) - unixepoch(substr(e.last_paused_at, 1, 19))) * 1000000
                + CAST(substr(b.as_of_at, 21, 6) AS INTEGER) - CAST(substr(e.last_paused_at, 21, 6) AS INTEGER) AS waited_us
    FROM app_executions e, bounds b
    WHERE e.decision = 'pending' AND e.purged_at IS NULL
)
SELECT app_id,
       id AS execution_id,
       submitted_at,
       last_paused_at AS waiting_since,
       -- To the millisecond, half up.
       (waited_us + 500) / 1000 / 1000.0 AS pending_age_s,
       submitted_by,
       namespace,
       flow_id
FROM waiting
WHERE waited_us >= CAST(:hours AS REAL) * 3600000000
ORDER BY last_paused_at, id
