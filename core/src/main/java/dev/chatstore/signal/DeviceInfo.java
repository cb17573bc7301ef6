package dev.chatstore.signal;

/**
 * One known device of a user (specification 001).
 *
 * @param deviceId 0 for the primary device, 1 and up for companions
 * @param keyIndex the device's key index when known, else {@code null}
 */
public record DeviceInfo(int deviceId, Integer keyIndex) {
  public DeviceInfo {
    Checks.id(deviceId, "deviceId");
    if (keyIndex != null) {
      Checks.id(keyIndex, "keyIndex");
    }
  }
}
