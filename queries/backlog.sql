-- name: backlog
-- description: The approvers' backlog at :as_of: every execution then waiting for an approval decision (its last pause begun by :as_of, its decision not yet made), the longest wait first.
-- param: as_of instant the instant the backlog is taken at (the period's end, or now when earlier)
-- Plain SQL, as the sqlite3 shell and Datasette run it too (docs/queries.md).
-- An execution counts while its last pause is open: one decided after :as_of counts (it was waiting then), one
-- purged from the server by :as_of does not. A multi-stage approval between two pauses at :as_of is left out.
WITH bounds AS (
    -- The instant parameters in the warehouse's text form (6 fraction digits and Z), in which text order is
    -- time order: '2026-11-16', '2026-11-16T00:00:00Z' and '2026-11-16T01:00:00+01:00' are the same instant.
    SELECT CASE WHEN substr(:as_of, 20, 1) = '.' THEN
               strftime('%Y-%m-%dT%H:%M:%S.', substr(:as_of, 1, 19) || ltrim(substr(:as_of, 21), '0123456789'))
               || substr(substr(:as_of, 21, length(:as_of) - 20 - length(ltrim(substr(:as_of, 21), '0123456789'))) || '000000', 1, 6) || 'Z'
           ELSE strftime('%Y-%m-%dT%H:%M:%S.000000Z', :as_of) END AS as_of_at
)
SELECT app_id,
       id AS execution_id,
       substr(submitted_at, 1, 23) || 'Z' AS submitted_at,
       substr(last_paused_at, 1, 23) || 'Z' AS waiting_since,
       -- The wait in whole microseconds (julianday keeps milliseconds only), then to the millisecond, half up.
       ((unixepoch(substr(bounds.as_of_at, 1, 19)) - unixepoch(substr(last_paused_at, 1, 19))) * 1000000
        + CAST(substr(bounds.as_of_at, 21, 6) AS INTEGER) - CAST(substr(last_paused_at, 21, 6) AS INTEGER) + 500) / 1000 / 1000.0 AS waiting_s,
       submitted_by
FROM app_executions, bounds
WHERE decision IS NOT NULL
  AND (decided_at IS NULL OR decided_at > bounds.as_of_at)
  AND last_paused_at <= bounds.as_of_at
  AND (purged_at IS NULL OR purged_at > bounds.as_of_at)
ORDER BY last_paused_at, id
