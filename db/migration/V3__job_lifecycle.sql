-- Job lifecycle: execution, claims, reports, timeouts, cancel, exact counts.

-- Per-placeholder rules of a template: {"NAME": {"pattern", "enum", "description", "default"}}.
ALTER TABLE job_templates
    ADD COLUMN parameter_rules jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(parameter_rules) = 'object');

-- A job's status is derived from its counts (see aggregate_job_status); only cancellation is stored.
ALTER TABLE job_executions
    ADD COLUMN canceled_at   timestamptz,
    ADD COLUMN cancel_reason text CHECK (length(cancel_reason) <= 1000);

ALTER TABLE device_job_status
    -- Spreads a job's counter updates over 16 rows, so thousands of devices reporting on one fleet-wide job
    -- do not queue on one row lock.
    ADD COLUMN shard smallint GENERATED ALWAYS AS ((get_byte(uuid_send(device_uuid), 15) & 15)::smallint) STORED,
    -- The last accepted device report as sent, so a device that lost the answer can recognise it in a 409.
    ADD COLUMN last_report jsonb;

-- Exact per-job counts by execution status, in 16 shards per job; a job's counts are the sums over its shards.
CREATE TABLE job_counters (
    job_id           uuid     NOT NULL REFERENCES job_executions (job_id) ON DELETE CASCADE,
    shard            smallint NOT NULL CHECK (shard BETWEEN 0 AND 15),
    queued           bigint   NOT NULL DEFAULT 0,
    in_progress      bigint   NOT NULL DEFAULT 0,
    succeeded        bigint   NOT NULL DEFAULT 0,
    failed           bigint   NOT NULL DEFAULT 0,
    timed_out        bigint   NOT NULL DEFAULT 0,
    rejected         bigint   NOT NULL DEFAULT 0,
    canceled         bigint   NOT NULL DEFAULT 0,
    removed          bigint   NOT NULL DEFAULT 0,
    first_started_at timestamptz,
    last_finished_at timestamptz,
    PRIMARY KEY (job_id, shard)
);

-- Counters follow every change of device_job_status, whatever statement makes it. The triggers are
-- statement-level: a fan-out of 100,000 executions or a cancel of all of them costs one aggregate per
-- (job, shard), not one update per row.
CREATE FUNCTION count_execution_inserts() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO job_counters AS c (job_id, shard, queued, in_progress, succeeded, failed, timed_out, rejected,
                                   canceled, removed, first_started_at, last_finished_at)
    SELECT n.job_id, n.shard,
           count(*) FILTER (WHERE n.status = 'QUEUED'),
           count(*) FILTER (WHERE n.status = 'IN_PROGRESS'),
           count(*) FILTER (WHERE n.status = 'SUCCEEDED'),
           count(*) FILTER (WHERE n.status = 'FAILED'),
           count(*) FILTER (WHERE n.status = 'TIMED_OUT'),
           count(*) FILTER (WHERE n.status = 'REJECTED'),
           count(*) FILTER (WHERE n.status = 'CANCELED'),
           count(*) FILTER (WHERE n.status = 'REMOVED'),
           min(n.started_at), max(n.finished_at)
    FROM inserted_rows n
    GROUP BY n.job_id, n.shard
    -- Every transaction changes counters in one statement, in this order: no two can deadlock on them.
    ORDER BY n.job_id, n.shard
    ON CONFLICT (job_id, shard) DO UPDATE SET
        queued           = c.queued      + EXCLUDED.queued,
        in_progress      = c.in_progress + EXCLUDED.in_progress,
        succeeded        = c.succeeded   + EXCLUDED.succeeded,
        failed           = c.failed      + EXCLUDED.failed,
        timed_out        = c.timed_out   + EXCLUDED.timed_out,
        rejected         = c.rejected    + EXCLUDED.rejected,
        canceled         = c.canceled    + EXCLUDED.canceled,
        removed          = c.removed     + EXCLUDED.removed,
        first_started_at = LEAST(c.first_started_at, EXCLUDED.first_started_at),
        last_finished_at = GREATEST(c.last_finished_at, EXCLUDED.last_finished_at);
    RETURN NULL;
END $$;

-- Only rows whose status changed move counts: heartbeats (IN_PROGRESS to IN_PROGRESS) touch no counter.
CREATE FUNCTION count_execution_updates() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO job_counters AS c (job_id, shard, queued, in_progress, succeeded, failed, timed_out, rejected,
                                   canceled, removed, first_started_at, last_finished_at)
    SELECT ch.job_id, ch.shard,
           COALESCE(sum(ch.delta) FILTER (WHERE ch.status = 'QUEUED'), 0),
           COALESCE(sum(ch.delta) FILTER (WHERE ch.status = 'IN_PROGRESS'), 0),
           COALESCE(sum(ch.delta) FILTER (WHERE ch.status = 'SUCCEEDED'), 0),
           COALESCE(sum(ch.delta) FILTER (WHERE ch.status = 'FAILED'), 0),
           COALESCE(sum(ch.delta) FILTER (WHERE ch.status = 'TIMED_OUT'), 0),
           COALESCE(sum(ch.delta) FILTER (WHERE ch.status = 'REJECTED'), 0),
           COALESCE(sum(ch.delta) FILTER (WHERE ch.status = 'CANCELED'), 0),
           COALESCE(sum(ch.delta) FILTER (WHERE ch.status = 'REMOVED'), 0),
           min(ch.started_at), max(ch.finished_at)
    FROM (
        SELECT n.job_id, n.shard, x.status, x.delta, n.started_at, n.finished_at
        FROM new_rows n
        JOIN old_rows o ON o.job_id = n.job_id AND o.device_uuid = n.device_uuid
        CROSS JOIN LATERAL (VALUES (n.status, 1), (o.status, -1)) AS x (status, delta)
        WHERE n.status <> o.status
    ) ch
    GROUP BY ch.job_id, ch.shard
    ORDER BY ch.job_id, ch.shard
    ON CONFLICT (job_id, shard) DO UPDATE SET
        queued           = c.queued      + EXCLUDED.queued,
        in_progress      = c.in_progress + EXCLUDED.in_progress,
        succeeded        = c.succeeded   + EXCLUDED.succeeded,
        failed           = c.failed      + EXCLUDED.failed,
        timed_out        = c.timed_out   + EXCLUDED.timed_out,
        rejected         = c.rejected    + EXCLUDED.rejected,
        canceled         = c.canceled    + EXCLUDED.canceled,
        removed          = c.removed     + EXCLUDED.removed,
        first_started_at = LEAST(c.first_started_at, EXCLUDED.first_started_at),
        last_finished_at = GREATEST(c.last_finished_at, EXCLUDED.last_finished_at);
    RETURN NULL;
END $$;

CREATE TRIGGER device_job_status_count_inserts
    AFTER INSERT ON device_job_status
    REFERENCING NEW TABLE AS inserted_rows
    FOR EACH STATEMENT EXECUTE FUNCTION count_execution_inserts();

CREATE TRIGGER device_job_status_count_updates
    AFTER UPDATE ON device_job_status
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION count_execution_updates();

-- Execution rows are only ever deleted with their job, whose counters go with it (ON DELETE CASCADE).

-- The aggregate status of a job from its counts, in this order: canceled; terminal once nothing is queued or in
-- progress (SUCCEEDED when every execution that was not removed succeeded); QUEUED until a device has started;
-- otherwise IN_PROGRESS. JobCounts.aggregate is the same rule in Java; a test checks that they agree.
CREATE FUNCTION aggregate_job_status(is_canceled boolean, queued bigint, in_progress bigint, succeeded bigint,
                                     failed bigint, timed_out bigint, rejected bigint, canceled bigint,
                                     removed bigint)
    RETURNS text LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE
        WHEN is_canceled THEN 'CANCELED'
        WHEN queued + in_progress + succeeded + failed + timed_out + rejected + canceled + removed > 0
             AND queued + in_progress = 0 THEN
            CASE WHEN succeeded > 0
                      AND succeeded = queued + in_progress + succeeded + failed + timed_out + rejected + canceled
                 THEN 'SUCCEEDED' ELSE 'FAILED' END
        WHEN in_progress + succeeded + failed + timed_out + rejected + canceled = 0 THEN 'QUEUED'
        ELSE 'IN_PROGRESS'
    END
$$;

-- Retried executes with the same Idempotency-Key answer the first response.
CREATE TABLE idempotency_keys (
    scope        text        NOT NULL,
    key          text        NOT NULL CHECK (length(key) BETWEEN 1 AND 200),
    request_hash text        NOT NULL,
    status_code  integer     NOT NULL,
    response     jsonb       NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (scope, key)
);
CREATE INDEX idempotency_keys_created_idx ON idempotency_keys (created_at);

-- Device polls, claimed in batches: for each device, its IN_PROGRESS execution again if it has one, otherwise
-- the highest-priority, oldest QUEUED execution of a job that is not canceled, moved to IN_PROGRESS. Concurrent
-- polls are gathered into one call, so a burst of claims costs one commit instead of one each.
CREATE FUNCTION claim_executions(p_devices uuid[])
    RETURNS TABLE (device_uuid uuid, outcome text, job_id uuid, job_name text, job_document jsonb,
                   timeout_seconds integer, execution_number integer, version_number integer, created_at timestamptz,
                   deadline_at timestamptz, seconds_remaining integer)
    LANGUAGE plpgsql AS $$
BEGIN
    -- Polls of one device take turns (so a device never gets two executions in progress), and every call takes
    -- its devices' locks in one global order (so two calls never deadlock). The statement below starts after
    -- the locks, so it sees what an earlier holder committed.
    PERFORM pg_advisory_xact_lock(1684300, k.key)
    FROM (SELECT DISTINCT hashtext(d::text) AS key FROM unnest(p_devices) AS d ORDER BY 1) AS k;

    RETURN QUERY
    WITH requested AS (
        SELECT DISTINCT d AS device FROM unnest(p_devices) AS d
    ), known AS (
        SELECT r.device FROM requested r JOIN devices dv ON dv.uuid = r.device AND dv.deleted_at IS NULL
    ), running AS (
        -- Looked up by device (the one-in-progress index), never by scanning every execution in progress.
        SELECT s.device_uuid, s.job_id, s.execution_number, s.version_number, s.deadline_at
        FROM device_job_status s
        WHERE s.device_uuid = ANY(p_devices) AND s.status = 'IN_PROGRESS'
    ), picked AS (
        -- SKIP LOCKED: a row another transaction is cancelling or removing is not waited for.
        SELECT k.device, p.job_id
        FROM known k
        CROSS JOIN LATERAL (
            SELECT q.job_id FROM device_job_status q JOIN job_executions jj ON jj.job_id = q.job_id
            WHERE q.device_uuid = k.device AND q.status = 'QUEUED' AND jj.canceled_at IS NULL
            ORDER BY q.priority DESC, q.queued_at, q.job_id
            LIMIT 1
            FOR UPDATE OF q SKIP LOCKED
        ) AS p
        WHERE NOT EXISTS (SELECT 1 FROM running r WHERE r.device_uuid = k.device)
    ), claimed AS (
        UPDATE device_job_status s
        SET status = 'IN_PROGRESS', started_at = now(), last_report_at = NULL,
            deadline_at = now() + make_interval(secs => j.timeout_seconds),
            version_number = s.version_number + 1
        FROM picked p, job_executions j
        WHERE s.device_uuid = p.device AND s.job_id = p.job_id AND j.job_id = p.job_id
        RETURNING s.device_uuid, s.job_id, s.execution_number, s.version_number, s.deadline_at
    ), answered AS (
        SELECT r.device_uuid, 'current'::text AS outcome, r.job_id, r.execution_number, r.version_number, r.deadline_at
        FROM running r
        UNION ALL
        SELECT c.device_uuid, 'claimed', c.job_id, c.execution_number, c.version_number, c.deadline_at FROM claimed c
    )
    SELECT q.device,
           CASE WHEN k.device IS NULL THEN 'unknown' ELSE COALESCE(a.outcome, 'none') END,
           a.job_id, j.job_name, j.job_document, j.timeout_seconds, a.execution_number, a.version_number,
           j.created_at, a.deadline_at,
           -- Relative, so that a device with a wrong clock still keeps the server's deadline.
           GREATEST(0, ceil(extract(epoch FROM a.deadline_at - now())))::integer
    FROM requested q
    LEFT JOIN known k ON k.device = q.device
    LEFT JOIN answered a ON a.device_uuid = q.device
    LEFT JOIN job_executions j ON j.job_id = a.job_id;
END $$;

-- Status, start and completion of a job are derived from its counters (job_summaries); these stored copies
-- would only drift.
ALTER TABLE job_executions DROP COLUMN status, DROP COLUMN started_at, DROP COLUMN completed_at;

-- Jobs with their exact counts and derived status.
CREATE VIEW job_summaries AS
SELECT j.job_id, j.job_name, j.description, j.template_id, j.template_name, j.job_document, j.parameters,
       j.target_type, j.target_devices, j.target_groups, j.timeout_seconds, j.priority, j.total_devices,
       j.rerun_of, j.created_by, j.created_at, j.updated_at, j.canceled_at, j.cancel_reason,
       c.queued, c.in_progress, c.succeeded, c.failed, c.timed_out, c.rejected, c.canceled, c.removed,
       c.first_started_at AS started_at,
       CASE WHEN c.queued + c.in_progress = 0 THEN COALESCE(j.canceled_at, c.last_finished_at) END AS completed_at,
       aggregate_job_status(j.canceled_at IS NOT NULL, c.queued, c.in_progress, c.succeeded, c.failed, c.timed_out,
                            c.rejected, c.canceled, c.removed) AS status
FROM job_executions j
CROSS JOIN LATERAL (
    SELECT COALESCE(sum(k.queued), 0)::bigint AS queued, COALESCE(sum(k.in_progress), 0)::bigint AS in_progress,
           COALESCE(sum(k.succeeded), 0)::bigint AS succeeded, COALESCE(sum(k.failed), 0)::bigint AS failed,
           COALESCE(sum(k.timed_out), 0)::bigint AS timed_out, COALESCE(sum(k.rejected), 0)::bigint AS rejected,
           COALESCE(sum(k.canceled), 0)::bigint AS canceled, COALESCE(sum(k.removed), 0)::bigint AS removed,
           min(k.first_started_at) AS first_started_at, max(k.last_finished_at) AS last_finished_at
    FROM job_counters k WHERE k.job_id = j.job_id
) c;
