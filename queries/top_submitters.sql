-- name: top_submitters
-- description: Who submitted the most executions in [:from, :to), per app, with their approval outcomes; submitters without a system.username label count as empty.
-- param: from  instant the period's start (inclusive)
-- param: to    instant the period's end (exclusive)
-- param: limit integer the most rows per app
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
    WHERE submitted_at >= :from AND submitted_at < :to
    GROUP BY app_id, coalesce(submitted_by, '')
)
WHERE rank <= :limit
ORDER BY app_id, submissions DESC, submitted_by
