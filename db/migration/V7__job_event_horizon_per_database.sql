-- job_event_horizon() looked at every running transaction of the PostgreSQL server: a long transaction in
-- another database of a shared server (a batch job, a migration, a session left "idle in transaction") held every
-- live event back until it ended. Only transactions of this database can number job events, so only they count.
--
-- Likewise only client backends: job events are numbered by the triggers of the statements clients run, never by
-- autovacuum (whose ANALYZE holds a transaction id for a moment) or other background workers.
--
-- And last_seq is read with pg_sequence_last_value (see below).
--
-- The reasoning of V5 is unchanged: the reading takes an id of its own after reading last_seq; once no transaction
-- of this database older than that id is running, every event up to last_seq is final. Running transactions come
-- from pg_stat_activity.backend_xid (the proc array, read once per transaction, here after the reading's id was
-- assigned). Those are 32-bit ids: each is widened to 64 bits by its signed 32-bit distance from the snapshot's
-- xmax, which is within 2^31 of every running id, below or above (wraparound protection guarantees it; ids
-- assigned after the last completed one are above xmax).
CREATE OR REPLACE FUNCTION job_event_horizon(p_known bigint, OUT last_seq bigint, OUT reading_xid bigint,
                                             OUT oldest_running_xid bigint)
    LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    next_xid bigint;
    next_low bigint;
BEGIN
    -- Not "SELECT last_value FROM job_event_seq": nextval writes the value it logs ahead (up to 32 more) into the
    -- sequence's tuple for a moment, and a plain read can see it, claiming seqs not handed out yet (seen: 137808,
    -- then 137778, and the events in between were skipped). pg_sequence_last_value reads under the buffer lock.
    last_seq := COALESCE(pg_sequence_last_value('job_event_seq'), 0);
    IF last_seq > p_known THEN
        reading_xid := txid_current();
    END IF;
    next_xid := txid_snapshot_xmax(txid_current_snapshot());
    next_low := next_xid % 4294967296;
    -- (d + 2^31 + 2^32) % 2^32 - 2^31: the distance d = x - next_low as a signed 32-bit number.
    SELECT min(next_xid + (x - next_low + 6442450944) % 4294967296 - 2147483648)
    INTO oldest_running_xid
    FROM (SELECT a.backend_xid::text::bigint AS x
          FROM pg_stat_activity a
          WHERE a.datname = current_database() AND a.backend_type = 'client backend'
            AND a.backend_xid IS NOT NULL AND a.pid <> pg_backend_pid()) running;
    oldest_running_xid := COALESCE(oldest_running_xid, next_xid);
END $$;
