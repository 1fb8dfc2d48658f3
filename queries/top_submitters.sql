-- name: top_submitters
-- description: Who submitted the most executions in [:from, :to), per app, with their approval outcomes; submitters without a system.username label count as empty.
-- param: from  instant the period's start (inclusive)
-- param: to    instant the period's end (exclusive)
-- param: limit integer the most rows per app
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
           ELSE strftime('%Y-%m-%dT%H:%M:%S.000000Z', :to) END AS to_at
)
SELECT app_id, submitted_by, submissions, approved, rejected, pending
FROM (
    SELECT app_id,
           coalesce(submitted_by, '') AS submitted_by,
           count(*) AS submissions,
           sum(decision = 'approved') AS approved,
           sum(decision = 'rejected') AS rejected,
           sum(decision = 'pending') AS pending,
           row_number() OVER (PARTITION BY app_id ORDER BY count(*) DESC, coalesce(submitted_by, '')) AS rank
    FROM app_executions
    WHERE submitted_at >= (SELECT from_at FROM bounds)
      AND submitted_at < (SELECT to_at FROM bounds)
    GROUP BY app_id, coalesce(submitted_by, '')
)
WHERE rank <= CAST(:limit AS INTEGER)
ORDER BY app_id, submissions DESC, submitted_by
