-- name: approvals
-- description: Decisions per app and approver for executions submitted in [:from, :to), with decision-time percentiles; decided_by is empty when unknown; ordered by app id then approver.
-- param: from instant the period's start (inclusive)
-- param: to   instant the period's end (exclusive)
SELECT app_id,
       coalesce(decided_by, '') AS decided_by,
       count(*) FILTER (WHERE decision = 'approved') AS approved,
       count(*) FILTER (WHERE decision = 'rejected') AS rejected,
       percentile_inc(decision_s, 0.5) AS decision_p50_s,
       percentile_inc(decision_s, 0.9) AS decision_p90_s
FROM app_executions
WHERE submitted_at >= :from AND submitted_at < :to AND decision IN ('approved', 'rejected')
GROUP BY app_id, coalesce(decided_by, '')
ORDER BY app_id, coalesce(decided_by, '')
