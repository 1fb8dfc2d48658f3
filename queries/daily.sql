-- name: daily
-- description: Submissions, approvals and rejections per day of [:from, :to) and per app with a submission in the period or the one before it, zero rows included, ordered by date then app id; decisions count on the submission day.
-- param: from instant the period's start (inclusive; a day boundary)
-- param: to   instant the period's end (exclusive)
-- Plain SQL, as the sqlite3 shell and Datasette run it too (docs/queries.md).
WITH RECURSIVE bounds AS (
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
previous AS (
    -- The period of equal length before [from, to), to the microsecond: it starts at 2 * from - to.
    SELECT strftime('%Y-%m-%dT%H:%M:%S', us / 1000000, 'unixepoch') || '.' || printf('%06d', us % 1000000) || 'Z' AS from_at
    FROM (SELECT 2 * (unixepoch(substr(from_at, 1, 19)) * 1000000 + CAST(substr(from_at, 21, 6) AS INTEGER))
                 - (unixepoch(substr(to_at, 1, 19)) * 1000000 + CAST(substr(to_at, 21, 6) AS INTEGER)) AS us
          FROM bounds)
),
days(day) AS (
    SELECT date(:from)
    UNION ALL
    SELECT date(day, '+1 day') FROM days WHERE date(day, '+1 day') < date(:to)
),
listed AS (
    -- Bounds as scalar subqueries, not joined: the planner then jumps from app to app instead of reading both weeks.
    SELECT DISTINCT app_id FROM app_executions
    WHERE submitted_at >= (SELECT from_at FROM previous)
      AND submitted_at < (SELECT to_at FROM bounds)
),
counts AS (
    -- App first: the rows come off the (app_id, submitted_at, ...) index already in that order.
    SELECT app_id, substr(submitted_at, 1, 10) AS day, count(*) AS submissions,
           count(*) FILTER (WHERE decision = 'approved') AS approved,
           count(*) FILTER (WHERE decision = 'rejected') AS rejected
    FROM app_executions
    WHERE submitted_at >= (SELECT from_at FROM bounds) AND submitted_at < (SELECT to_at FROM bounds)
    GROUP BY 1, 2
)
SELECT d.day AS date, l.app_id, coalesce(c.submissions, 0) AS submissions,
       coalesce(c.approved, 0) AS approved, coalesce(c.rejected, 0) AS rejected
FROM days d CROSS JOIN listed l
LEFT JOIN counts c ON c.day = d.day AND c.app_id = l.app_id
ORDER BY d.day, l.app_id
