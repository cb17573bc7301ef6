package dev.chatstore.signal;

import java.util.Arrays;

/**
 * An app-state sync key (specification 001): the key material, its fingerprint and when it was
 * received. Arrays are copied in and out.
 *
 * @param keyData the key material
 * @param fingerprint the key's fingerprint (may be empty)
 * @param timestamp when the key was received (unix time, as the protocol gives it)
 */
public record AppStateSyncKey(byte[] keyData, byte[] fingerprint, long timestamp) {
  public AppStateSyncKey {
    keyData = Checks.notNull(keyData, "keyData").clone();
    fingerprint = Checks.notNull(fingerprint, "fingerprint").clone();
  }

  @Override
  public byte[] keyData() {
    return keyData.clone();
  }

  @Override
  public byte[] fingerprint() {
    return fingerprint.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof AppStateSyncKey k && Arrays.equals(keyData, k.keyData)
        && Arrays.equals(fingerprint, k.fingerprint) && timestamp == k.timestamp;
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(keyData) * 31 + Long.hashCode(timestamp);
  }

  @Override
  public String toString() {
    return "AppStateSyncKey[" + keyData.length + " bytes, fingerprint " + fingerprint.length
        + " bytes, timestamp " + timestamp + "]";
  }
}
