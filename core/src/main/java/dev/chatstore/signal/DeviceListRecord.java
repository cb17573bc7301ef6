package dev.chatstore.signal;

import java.util.List;

/**
 * The known devices of one user (specification 001), as the last device-list query returned them.
 *
 * @param user the user part of the JID (not empty)
 * @param devices the known devices (copied, unmodifiable)
 * @param timestamp when the list was last updated (unix seconds)
 * @param phash the participant hash from the query, or {@code null}
 * @param rawId the ADV key-index-list raw id, or {@code null}; when it changes the user's identity
 *     changed (see {@link ProtocolStore#updateDeviceList})
 */
public record DeviceListRecord(String user, List<DeviceInfo> devices, long timestamp,
    String phash, Integer rawId) {
  public DeviceListRecord {
    Checks.notEmpty(user, "user");
    devices = List.copyOf(Checks.notNull(devices, "devices"));
    if (rawId != null) {
      Checks.id(rawId, "rawId");
    }
  }
}
