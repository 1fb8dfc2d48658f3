-- name: approvals
-- description: Decisions per app and approver for executions submitted in [:from, :to), with decision-time percentiles; decided_by is empty when unknown; ordered by app id then approver.
-- param: from instant the period's start (inclusive)
-- param: to   instant the period's end (exclusive)
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
),
decided AS (
    SELECT app_id, coalesce(decided_by, '') AS decided_by, decision, decision_s
    FROM app_executions
    WHERE submitted_at >= (SELECT from_at FROM bounds)
      AND submitted_at < (SELECT to_at FROM bounds)
      AND decision IN ('approved', 'rejected')
),
places AS (
    -- Percentiles are Excel's PERCENTILE.INC (docs/metrics.md): of n values in ascending order x[0] .. x[n-1],
    -- h = (n - 1) * p and k = floor(h); the value is x[k] + (h - k) * (x[k+1] - x[k]), or x[k] when it is the last.
    -- Here n and k for p = 0.5 and 0.9, per app and approver.
    SELECT app_id, decided_by,
           count(*) FILTER (WHERE decision = 'approved') AS approved,
           count(*) FILTER (WHERE decision = 'rejected') AS rejected,
           count(decision_s) AS n,
           CAST((count(decision_s) - 1) * 0.5 AS INTEGER) AS k50, CAST((count(decision_s) - 1) * 0.9 AS INTEGER) AS k90
    FROM decided
    GROUP BY app_id, decided_by
),
ranked AS (
    -- Each time to decision with i, its place from 0 in ascending order among its app's and approver's.
    SELECT app_id, decided_by, decision_s AS v,
           row_number() OVER (PARTITION BY app_id, decided_by ORDER BY decision_s) - 1 AS i
    FROM decided
    WHERE decision_s IS NOT NULL
),
picked AS (
    -- Only the values at k and k + 1 are kept; CROSS JOIN reads the ranked values once, looking their places up.
    SELECT p.app_id, p.decided_by,
           max(CASE WHEN r.i = p.k50 THEN r.v END) AS lo50, max(CASE WHEN r.i = p.k50 + 1 THEN r.v END) AS hi50,
           max(CASE WHEN r.i = p.k90 THEN r.v END) AS lo90, max(CASE WHEN r.i = p.k90 + 1 THEN r.v END) AS hi90
    FROM ranked r CROSS JOIN places p ON p.app_id = r.app_id AND p.decided_by = r.decided_by
    WHERE r.i IN (p.k50, p.k50 + 1, p.k90, p.k90 + 1)
    GROUP BY p.app_id, p.decided_by
)
SELECT p.app_id,
       p.decided_by,
       p.approved,
       p.rejected,
       x.lo50 + ((p.n - 1) * 0.5 - p.k50) * (coalesce(x.hi50, x.lo50) - x.lo50) AS decision_p50_s,
       x.lo90 + ((p.n - 1) * 0.9 - p.k90) * (coalesce(x.hi90, x.lo90) - x.lo90) AS decision_p90_s
FROM places p
LEFT JOIN picked x ON x.app_id = p.app_id AND x.decided_by = p.decided_by
ORDER BY p.app_id, p.decided_by
