-- name: audit
-- description: The auditor's rows of app :app for executions submitted in [:from, :to), ordered by submitted_at then execution id, with the columns of the per-app CSV export.
-- param: app  text    the app id
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
)
SELECT id AS execution_id, app_id, tenant, namespace, flow_id, flow_revision, state,
       substr(submitted_at, 1, 23) || 'Z' AS submitted_at,
       CASE WHEN ended_at IS NULL THEN NULL ELSE substr(ended_at, 1, 23) || 'Z' END AS ended_at,
       duration_s, paused_s, decision,
       CASE WHEN decided_at IS NULL THEN NULL ELSE substr(decided_at, 1, 23) || 'Z' END AS decided_at,
       decision_s, decided_by, submitted_by, inputs_json, labels_json,
       state_history
FROM app_executions e
WHERE app_id = :app AND submitted_at >= (SELECT from_at FROM bounds)
  AND submitted_at < (SELECT to_at FROM bounds)
ORDER BY submitted_at, id
