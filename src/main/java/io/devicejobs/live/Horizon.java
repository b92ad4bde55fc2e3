package io.devicejobs.live;

/**
 * One reading of job_event_horizon(): the highest seq handed out so far; the transaction id the reading took
 * right after (0 when nothing new was handed out, and it took none); and the oldest transaction id still running
 * apart from the reading itself.
 */
public record Horizon(long lastSeq, long readingXid, long oldestRunningXid) {}
