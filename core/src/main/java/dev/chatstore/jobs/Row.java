package dev.chatstore.jobs;

import dev.chatstore.tuple.Tuple;
import java.util.Arrays;

/**
 * One stored entry of a job's category, as a scan returns it.
 *
 * @param key the key within its category
 * @param payload the payload, exactly as written (empty is a payload); the array belongs to the
 *     caller
 */
public record Row(Tuple key, byte[] payload) {
  /** @throws IllegalArgumentException when a component is null */
  public Row {
    if (key == null || payload == null) {
      throw new IllegalArgumentException("key and payload must not be null");
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Row r && r.key.equals(key) && Arrays.equals(r.payload, payload);
  }

  @Override
  public int hashCode() {
    return key.hashCode() * 31 + Arrays.hashCode(payload);
  }

  @Override
  public String toString() {
    return key + "=" + payload.length + " bytes";
  }
}
