import AppTrailModel
import Foundation
import GRDB

extension Warehouse {
    /// The `STATE@timestamp|...` trail of an execution's JSON history, in SQL: what ingest computes in Swift.
    static let stateHistoryTrailSQL = """
        (SELECT group_concat(json_extract(h.value, '$.state') || '@' || substr(json_extract(h.value, '$.date'), 1, 23) || 'Z', '|')
         FROM (SELECT value FROM json_each(executions.state_history_json) ORDER BY CAST(key AS INTEGER)) h)
        """

    /// The schema's history. A landed migration is never edited: change the schema with a new one.
    /// Runs `body` (opening a connection that writes, and migrating) with the warehouse file locked, so that
    /// two processes opening a new or an older warehouse at once (the first sync, and `status` from cron a
    /// moment later) never both run a migration or switch the journal together: the second waits, then finds
    /// nothing left to do. The lock is `flock`, which SQLite's own (`fcntl`) locks ignore; a file that cannot
    /// be opened for it is migrated without it.
    static func whileMigrating<T>(_ path: String, _ body: () throws -> T) rethrows -> T {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        if fd >= 0 { _ = flock(fd, LOCK_EX) }
        defer {
            if fd >= 0 {
                _ = flock(fd, LOCK_UN)
                close(fd)
            }
        }
        return try body()
    }

    static let migrator: DatabaseMigrator = {
        var m = DatabaseMigrator()

        m.registerMigration("createExecutions") { db in
            try db.execute(
                sql: """
                    CREATE TABLE executions (
                        id TEXT NOT NULL PRIMARY KEY,
                        tenant TEXT NOT NULL,
                        namespace TEXT NOT NULL,
                        flow_id TEXT NOT NULL,
                        flow_revision INTEGER,
                        app_id TEXT NOT NULL,
                        app_label_key TEXT NOT NULL,
                        kind TEXT NOT NULL,
                        state TEXT NOT NULL,
                        is_terminal INTEGER NOT NULL,
                        submitted_at TEXT NOT NULL,
                        ended_at TEXT,
                        duration_s REAL,
                        paused_s REAL NOT NULL,
                        decision TEXT CHECK (decision IN ('approved', 'rejected', 'pending')),
                        decided_at TEXT,
                        decision_s REAL,
                        first_paused_at TEXT,
                        last_paused_at TEXT,
                        decided_by TEXT,
                        submitted_by TEXT,
                        inputs_json TEXT NOT NULL,
                        labels_json TEXT NOT NULL,
                        state_history_json TEXT NOT NULL,
                        first_seen_at TEXT NOT NULL,
                        updated_at TEXT NOT NULL,
                        purged_at TEXT
                    );
                    CREATE INDEX executions_app_submitted ON executions(app_id, submitted_at);
                    CREATE INDEX executions_submitted ON executions(submitted_at);
                    -- Sync re-reads what may still change; the partial index keeps that lookup small.
                    CREATE INDEX executions_open ON executions(app_id) WHERE is_terminal = 0 AND purged_at IS NULL;
                    """)
        }

        m.registerMigration("createExecutionViews") { db in
            // History, labels and inputs live as JSON in the execution row (one row write per execution
            // keeps ingest fast); these views give them back as tables.
            try db.execute(
                sql: """
                    CREATE VIEW execution_states AS
                        SELECT e.id AS execution_id, CAST(h.key AS INTEGER) AS seq,
                               json_extract(h.value, '$.state') AS state, json_extract(h.value, '$.date') AS at
                        FROM executions e, json_each(e.state_history_json) h;
                    CREATE VIEW execution_labels AS
                        SELECT e.id AS execution_id, l.key AS key, l.value AS value
                        FROM executions e, json_each(e.labels_json) l;
                    CREATE VIEW execution_inputs AS
                        SELECT e.id AS execution_id, i.key AS name, i.type AS type,
                               CASE WHEN i.type IN ('object', 'array') THEN i.value ELSE json_quote(i.value) END AS value_json
                        FROM executions e, json_each(e.inputs_json) i;
                    CREATE VIEW app_executions AS
                        SELECT * FROM executions WHERE kind NOT IN ('TEST', 'PLAYGROUND');
                    """)
        }

        m.registerMigration("createApps") { db in
            try db.execute(
                sql: """
                    CREATE TABLE apps (
                        app_id TEXT NOT NULL PRIMARY KEY,
                        name TEXT,
                        type TEXT,
                        namespace TEXT,
                        flow_id TEXT,
                        disabled INTEGER NOT NULL DEFAULT 0,
                        created_at TEXT,
                        tags_json TEXT NOT NULL DEFAULT '[]',
                        expiration_type TEXT CHECK (expiration_type IN ('TTL', 'DATE', 'LIMIT', 'WINDOW')),
                        expiration_ttl TEXT,
                        expiration_date TEXT,
                        expiration_limit INTEGER,
                        expiration_start TEXT,
                        expiration_end TEXT,
                        source TEXT NOT NULL CHECK (source IN ('api', 'yaml')),
                        updated_at TEXT NOT NULL
                    );
                    """)
        }

        m.registerMigration("createSyncRuns") { db in
            try db.execute(
                sql: """
                    CREATE TABLE sync_runs (
                        id INTEGER PRIMARY KEY,
                        command TEXT NOT NULL,
                        mode TEXT NOT NULL,
                        started_at TEXT NOT NULL,
                        ended_at TEXT,
                        outcome TEXT NOT NULL CHECK (outcome IN ('running', 'succeeded', 'failed', 'interrupted')),
                        server TEXT,
                        tenant TEXT,
                        api_version TEXT,
                        requests INTEGER NOT NULL DEFAULT 0,
                        pages INTEGER NOT NULL DEFAULT 0,
                        executions_inserted INTEGER NOT NULL DEFAULT 0,
                        executions_updated INTEGER NOT NULL DEFAULT 0,
                        executions_unchanged INTEGER NOT NULL DEFAULT 0,
                        executions_skipped INTEGER NOT NULL DEFAULT 0,
                        executions_purged INTEGER NOT NULL DEFAULT 0,
                        error TEXT,
                        exit_code INTEGER,
                        apptrail_version TEXT NOT NULL
                    );
                    CREATE TABLE sync_cursors (
                        scope TEXT NOT NULL PRIMARY KEY,
                        watermark TEXT NOT NULL,
                        updated_at TEXT NOT NULL,
                        sync_run_id INTEGER REFERENCES sync_runs(id)
                    );
                    """)
        }
        m.registerMigration("coverOpenExecutionsIndex") { db in
            // Each sync lists the open executions; a covering index answers without touching the table,
            // whose rows are scattered over a large file.
            try db.execute(
                sql: """
                    DROP INDEX executions_open;
                    CREATE INDEX executions_open ON executions(submitted_at, id, app_id, app_label_key, state)
                        WHERE is_terminal = 0 AND purged_at IS NULL;
                    """)
        }
        m.registerMigration("widenAppSubmittedIndexToCoverPeriodAnalyses") { db in
            // Every analysis reads a period per app: with these columns in the index, it never touches the
            // table's wide rows (inputs, labels, history), and its rows come grouped by app already.
            try db.execute(
                sql: """
                    CREATE INDEX executions_app_period ON executions(
                        app_id, submitted_at, kind, state, is_terminal, duration_s, decision, decision_s, decided_by);
                    DROP INDEX executions_app_submitted;
                    """)
        }

        m.registerMigration("createWarehouseVersion") { db in
            // Bumped by every write transaction, so that readers on several connections can tell whether they
            // all saw the same commit (this SQLite has no sqlite3_snapshot API).
            try db.execute(
                sql: """
                    CREATE TABLE warehouse_version (version INTEGER NOT NULL);
                    INSERT INTO warehouse_version VALUES (0);
                    """)
        }

        m.registerMigration("addStateHistoryTrail") { db in
            // The auditors' `STATE@timestamp|...` column, kept at ingest: built per row from the JSON history
            // with json_each, it was two thirds of a million-row export's time. Existing rows get it here once.
            try db.execute(
                sql: """
                    ALTER TABLE executions ADD COLUMN state_history TEXT;
                    UPDATE executions SET state_history = \(stateHistoryTrailSQL);
                    """)
        }

        m.registerMigration("countStaleCopiesInSyncRuns") { db in
            // Copies older than the stored one are ignored, not unchanged: a run says how many it met.
            try db.execute(sql: "ALTER TABLE sync_runs ADD COLUMN executions_stale INTEGER NOT NULL DEFAULT 0")
        }

        m.registerMigration("indexDecisionsForTheApproversBacklog") { db in
            // The backlog at an instant (queries/backlog.sql, the report's Pending sheet and headline) reads the
            // executions that paused for an approval, by their decision's date: without this index, every row.
            // Partial on the pause, not on `decision`: statistics of an index on `decision` would lead the planner
            // of the period analyses (approvals) away from their covering index.
            try db.execute(
                sql: """
                    CREATE INDEX executions_decided ON executions(decided_at, last_paused_at) WHERE last_paused_at IS NOT NULL
                    """)
        }

        m.registerMigration("createDemoFiles") { db in
            // `apptrail demo` lists here the files it wrote, relative to its folder: a warehouse with a list is a
            // demo's, and a later demo in the same folder replaces the files listed and refuses to touch any other.
            try db.execute(sql: "CREATE TABLE demo_files (path TEXT NOT NULL PRIMARY KEY)")
        }

        m.registerMigration("addAppExpirationsView") { db in
            // An app's expiry, in SQL that the `sqlite3` shell and Datasette run as apptrail does (docs/metrics.md,
            // "Expiration of an app"). SQLite cannot read an ISO-8601 duration, so the TTL's length is kept in seconds
            // beside its text, set when the app is stored; existing rows get it here once.
            try db.execute(sql: "ALTER TABLE apps ADD COLUMN expiration_ttl_s REAL")
            let ttls = try Row.fetchAll(
                db, sql: "SELECT app_id, expiration_ttl FROM apps WHERE expiration_ttl IS NOT NULL")
            for row in ttls {
                let text: String = row["expiration_ttl"]
                try db.execute(
                    sql: "UPDATE apps SET expiration_ttl_s = ? WHERE app_id = ?",
                    arguments: [ISODuration.seconds(text), row["app_id"] as String])
            }
            // Each defined app's expiry as instants that do not depend on the day it is read, so that a query tells
            // an app's status as of any instant with plain comparisons. Instants keep the warehouse's text form
            // (6 fraction digits and Z), in which text order is time order; the TTL's sum is made in whole
            // microseconds, since SQLite's date functions keep only milliseconds.
            try db.execute(
                sql: """
                    CREATE VIEW app_expirations AS
                    WITH based AS (
                        -- A TTL runs from the app's creation or, when the server did not say, from its first submission
                        -- (test runs left out); without either, or with a TTL that could not be read, it is unknown.
                        SELECT a.*, CASE WHEN a.expiration_type = 'TTL' THEN
                                   coalesce(a.created_at, (SELECT min(e.submitted_at) FROM app_executions e WHERE e.app_id = a.app_id))
                               END AS ttl_base
                        FROM apps a
                    ),
                    summed AS (
                        SELECT *, unixepoch(substr(ttl_base, 1, 19)) * 1000000 + CAST(substr(ttl_base, 21, 6) AS INTEGER)
                                  + CAST(round(expiration_ttl_s * 1000000) AS INTEGER) AS ttl_end_us
                        FROM based
                    ),
                    ends AS (
                        SELECT *, CASE expiration_type
                                      WHEN 'DATE' THEN expiration_date
                                      WHEN 'WINDOW' THEN expiration_end
                                      WHEN 'TTL' THEN strftime('%Y-%m-%dT%H:%M:%S', ttl_end_us / 1000000, 'unixepoch')
                                                      || '.' || printf('%06d', ttl_end_us % 1000000) || 'Z'
                                  END AS expires_at
                        FROM summed
                    )
                    SELECT app_id, disabled, expiration_type,
                           CASE expiration_type WHEN 'WINDOW' THEN expiration_start END AS starts_at,
                           expires_at,
                           -- EXPIRING_SOON from 7 days before the expiry on. Whole days move the date and time only, so the
                           -- fraction stays as written.
                           strftime('%Y-%m-%dT%H:%M:%S', substr(expires_at, 1, 19), '-7 days') || substr(expires_at, 20)
                               AS expiring_soon_from,
                           CASE expiration_type WHEN 'LIMIT' THEN expiration_limit END AS submission_limit,
                           ttl_base
                    FROM ends
                    """)
        }

        return m
    }()
}
