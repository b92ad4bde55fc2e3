package io.devicejobs.fuzz;

import java.util.Map;
import java.util.TreeMap;

/** The audited changes the server answered with 2xx, by operationId: each must have left one audit row. */
final class AuditTally {
  private final Map<String, Long> changes = new TreeMap<>();

  void answered(ContractOperation operation, int status) {
    if (operation.audited() && status >= 200 && status < 300) {
      changes.merge(operation.id(), 1L, Long::sum);
    }
  }

  void answered(String operationId, int status) {
    if (status >= 200 && status < 300) {
      changes.merge(operationId, 1L, Long::sum);
    }
  }

  Map<String, Long> changes() {
    return changes;
  }
}
