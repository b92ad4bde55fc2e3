-- Execution retention (EXECUTION_RETENTION_DAYS): finished jobs older than the window are deleted with their
-- executions. A rerun of a purged job keeps its own copy of everything; only its link to the original goes.
ALTER TABLE job_executions
    DROP CONSTRAINT job_executions_rerun_of_fkey,
    ADD CONSTRAINT job_executions_rerun_of_fkey
        FOREIGN KEY (rerun_of) REFERENCES job_executions (job_id) ON DELETE SET NULL;
-- The SET NULL above looks reruns up by the job they reran.
CREATE INDEX job_executions_rerun_of_idx ON job_executions (rerun_of) WHERE rerun_of IS NOT NULL;
