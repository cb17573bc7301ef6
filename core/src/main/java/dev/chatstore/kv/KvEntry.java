package dev.chatstore.kv;

import java.util.Arrays;

/**
 * One key and its value, as a scan returns them. The arrays belong to the caller.
 *
 * @param key the key
 * @param value the value; empty is a value, never absence
 */
public record KvEntry(byte[] key, byte[] value) {
  public KvEntry {
    if (key == null || value == null) {
      throw new IllegalArgumentException("key and value must not be null");
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof KvEntry e && Arrays.equals(key, e.key) && Arrays.equals(value, e.value);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(key) + Arrays.hashCode(value);
  }

  @Override
  public String toString() {
    return Bytes.show(key) + "=" + Bytes.show(value);
  }
}
