package io.devicejobs.jobs;

import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Which devices a job runs on, as a SQL condition over {@code devices d} that the database resolves in one
 * set-based statement (never a loop over devices). Only active, non-deleted devices are ever targeted.
 */
public sealed interface Targets {
  String ELIGIBLE = "d.deleted_at IS NULL AND d.is_active";

  /** A condition with {@code ?} placeholders (see {@link io.devicejobs.db.Where}) and its values. */
  String condition();

  Object[] values();

  String type();

  /** Named devices. */
  record Devices(List<UUID> uuids) implements Targets {
    public String condition() {
      return ELIGIBLE + " AND d.uuid = ANY(?)";
    }

    public Object[] values() {
      return new Object[] {uuids.toArray(new UUID[0])};
    }

    public String type() {
      return "device";
    }
  }

  /** Every active member of any of the groups. */
  record Groups(List<String> names) implements Targets {
    public String condition() {
      return ELIGIBLE
          + " AND EXISTS (SELECT 1 FROM device_group_members m JOIN device_groups g ON g.id = m.group_id"
          + " WHERE m.device_uuid = d.uuid AND g.name = ANY(?))";
    }

    public Object[] values() {
      return new Object[] {names.toArray(new String[0])};
    }

    public String type() {
      return "group";
    }
  }

  /** The whole fleet. */
  record All() implements Targets {
    public String condition() {
      return ELIGIBLE;
    }

    public Object[] values() {
      return new Object[0];
    }

    public String type() {
      return "all";
    }
  }

  /** The devices of an earlier job whose execution ended in one of the statuses (a rerun). */
  record EarlierJob(UUID jobId, Set<String> statuses, List<UUID> only) implements Targets {
    public String condition() {
      return ELIGIBLE
          + " AND d.uuid IN (SELECT s.device_uuid FROM device_job_status s WHERE s.job_id = ?"
          + " AND s.status = ANY(?)"
          + (only == null ? "" : " AND s.device_uuid = ANY(?)")
          + ")";
    }

    public Object[] values() {
      Object[] statusArray = statuses.toArray(new String[0]);
      return only == null
          ? new Object[] {jobId, statusArray}
          : new Object[] {jobId, statusArray, only.toArray(new UUID[0])};
    }

    public String type() {
      return "device";
    }
  }
}
