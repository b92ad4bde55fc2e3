-- Live job events (docs/websocket.md): every change of a device execution (claim, report, timeout, cancel,
-- removal) and every change of a job's counts is recorded here by triggers, in the transaction that makes the
-- change, whatever statement makes it. Every server instance reads them in seq order and pushes them to its
-- WebSocket subscribers; clients resume after the last seq they saw.

-- CACHE 1 (the default) matters: job_event_horizon() relies on last_value being the highest seq handed out to
-- any transaction so far, never a block reserved by one session for later.
CREATE SEQUENCE job_event_seq AS bigint CACHE 1;

CREATE TABLE job_events (
    seq              bigint      PRIMARY KEY,
    job_id           uuid        NOT NULL,
    -- NULL for a progress event (the job's counts changed); otherwise the device whose execution changed.
    device_uuid      uuid,
    status           text,
    previous_status  text,
    execution_number integer,
    version_number   integer,
    -- When the event was recorded, moments before its commit: the start of the notification lag.
    occurred_at      timestamptz NOT NULL DEFAULT clock_timestamp(),
    CHECK ((device_uuid IS NULL) = (status IS NULL))
);
-- Replays after a reconnect: one device's, one job's; and "is there a later progress event of this job".
CREATE INDEX job_events_device_idx ON job_events (device_uuid, seq) WHERE device_uuid IS NOT NULL;
CREATE INDEX job_events_job_idx ON job_events (job_id, seq);
CREATE INDEX job_events_progress_idx ON job_events (job_id, seq) WHERE device_uuid IS NULL;

-- Everything up to purged_through was deleted by the retention sweep: a replay from before it is refused.
CREATE TABLE job_event_retention (
    singleton      boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    purged_through bigint  NOT NULL DEFAULT 0
);
INSERT INTO job_event_retention DEFAULT VALUES;

-- Wakes every instance's listener at commit (the payload is live/EventHint's). NOTIFY makes the commits of
-- notifying transactions take turns on one lock, so only one transaction at a time notifies: one that finds
-- the lock taken skips. Its hint is not lost: the holder has not finished yet, so the holder's hint arrives
-- after this transaction's events were numbered, and a listener that sees numbered events that are not final
-- yet reads again until they are (live/EventFeed). The constant payload also makes PostgreSQL fold repeated
-- notifications of one transaction into one.
CREATE FUNCTION hint_job_events() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    IF pg_try_advisory_xact_lock(1684303, 1) THEN
        PERFORM pg_notify('devicejobs', '{"t":"ev"}');
    END IF;
END $$;

-- New executions: one progress event per job (a fan-out of 100,000 executions records one event, not 100,000).
CREATE FUNCTION record_execution_inserts() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO job_events (seq, job_id)
    SELECT nextval('job_event_seq'), j.job_id FROM (SELECT DISTINCT job_id FROM inserted_rows ORDER BY job_id) AS j;
    IF FOUND THEN
        PERFORM hint_job_events();
    END IF;
    RETURN NULL;
END $$;

-- Changed executions: one status event per row whose status or version moved (heartbeats included), then one
-- progress event per job whose counts moved, numbered job by job.
CREATE FUNCTION record_execution_updates() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    WITH changed AS (
        SELECT n.job_id, n.device_uuid, n.status, o.status AS previous_status, n.execution_number, n.version_number
        FROM new_rows n
        JOIN old_rows o ON o.job_id = n.job_id AND o.device_uuid = n.device_uuid
        WHERE n.status <> o.status OR n.version_number <> o.version_number
    ), recorded AS (
        SELECT * FROM changed
        UNION ALL
        SELECT DISTINCT job_id, NULL::uuid, NULL::text, NULL::text, NULL::integer, NULL::integer
        FROM changed WHERE status <> previous_status
    )
    INSERT INTO job_events (seq, job_id, device_uuid, status, previous_status, execution_number, version_number)
    SELECT nextval('job_event_seq'), r.*
    FROM (SELECT * FROM recorded ORDER BY job_id, device_uuid NULLS LAST) AS r;
    IF FOUND THEN
        PERFORM hint_job_events();
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER device_job_status_events_inserts
    AFTER INSERT ON device_job_status
    REFERENCING NEW TABLE AS inserted_rows
    FOR EACH STATEMENT EXECUTE FUNCTION record_execution_inserts();

CREATE TRIGGER device_job_status_events_updates
    AFTER UPDATE ON device_job_status
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION record_execution_updates();

-- A canceled job's status becomes CANCELED even when no execution was left to cancel.
CREATE FUNCTION record_job_cancel() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO job_events (seq, job_id) VALUES (nextval('job_event_seq'), NEW.job_id);
    PERFORM hint_job_events();
    RETURN NULL;
END $$;

CREATE TRIGGER job_executions_events_cancel
    AFTER UPDATE OF canceled_at ON job_executions
    FOR EACH ROW WHEN (OLD.canceled_at IS NULL AND NEW.canceled_at IS NOT NULL)
    EXECUTE FUNCTION record_job_cancel();

-- What a listener needs to decide which events are final (live/EventWatermark). When seqs beyond p_known were
-- handed out, the reading takes a transaction id of its own AFTER reading last_seq: every seq up to last_seq
-- belongs to a transaction that had its id before (ids are assigned at a transaction's first write, before its
-- triggers number events), so once no transaction older than reading_xid is running, every event up to last_seq
-- has committed or rolled back for good. oldest_running_xid says that for this and earlier readings: the
-- oldest transaction id still running, other than this reading's own (or, with none, the snapshot's xmax, below
-- which every id has completed). A snapshot's xmax is not the next id to be assigned: a running transaction newer
-- than every completed one is not in its list, which is why the reading needs an id of its own. VOLATILE: each
-- statement takes a fresh snapshot (READ COMMITTED). The txid_* functions work on PostgreSQL 12 too.
CREATE FUNCTION job_event_horizon(p_known bigint, OUT last_seq bigint, OUT reading_xid bigint,
                                  OUT oldest_running_xid bigint)
    LANGUAGE plpgsql VOLATILE AS $$
BEGIN
    SELECT CASE WHEN is_called THEN last_value ELSE 0 END INTO last_seq FROM job_event_seq;
    IF last_seq > p_known THEN
        reading_xid := txid_current();
    END IF;
    SELECT COALESCE((SELECT min(x) FROM txid_snapshot_xip(s) AS x WHERE x IS DISTINCT FROM reading_xid),
                    txid_snapshot_xmax(s))
    INTO oldest_running_xid FROM txid_current_snapshot() AS s;
END $$;

-- Short-lived, single-use tickets that let a browser open the WebSocket (it cannot send an Authorization
-- header there). Stored as SHA-256 like every secret, so that every instance can redeem them exactly once.
CREATE TABLE live_tickets (
    ticket_hash text        PRIMARY KEY CHECK (ticket_hash ~ '^[0-9a-f]{64}$'),
    key_id      uuid        NOT NULL REFERENCES api_keys (id) ON DELETE CASCADE,
    expires_at  timestamptz NOT NULL
);
CREATE INDEX live_tickets_expiry_idx ON live_tickets (expires_at);
