-- name: audit
-- description: The auditor's rows of app :app for executions submitted in [:from, :to), ordered by submitted_at then execution id, with the columns of the per-app CSV export.
-- param: app  text    the app id
-- param: from instant the period's start (inclusive)
-- param: to   instant the period's end (exclusive)
SELECT id AS execution_id, app_id, tenant, namespace, flow_id, flow_revision, state,
       substr(submitted_at, 1, 23) || 'Z' AS submitted_at,
       CASE WHEN ended_at IS NULL THEN NULL ELSE substr(ended_at, 1, 23) || 'Z' END AS ended_at,
       duration_s, paused_s, decision,
       CASE WHEN decided_at IS NULL THEN NULL ELSE substr(decided_at, 1, 23) || 'Z' END AS decided_at,
       decision_s, decided_by, submitted_by, inputs_json, labels_json,
       state_history
FROM app_executions e
WHERE app_id = :app AND submitted_at >= :from AND submitted_at < :to
ORDER BY submitted_at, id
