package io.devicejobs.devices;

import java.util.List;

/** Device fields of a registration or a partial update: null means "not given". */
public record DeviceFields(
    String deviceName,
    boolean deviceTypeGiven,
    String deviceType,
    Boolean isActive,
    List<String> groups) {

  public boolean isEmpty() {
    return deviceName == null && !deviceTypeGiven && isActive == null && groups == null;
  }
}
