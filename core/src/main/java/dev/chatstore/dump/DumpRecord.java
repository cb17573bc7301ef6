package dev.chatstore.dump;

import dev.chatstore.kv.Bytes;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;

/**
 * One entry of a dump: a full store key, its value, and its expiry instant or {@code null}.
 * The arrays are not copied; treat them as immutable.
 *
 * @param key the full store key (tenant prefix included)
 * @param value the value; empty is a value
 * @param expiresAt when the entry expires (millisecond precision), or {@code null} for never
 */
public record DumpRecord(byte[] key, byte[] value, Instant expiresAt) {
  public DumpRecord {
    if (key == null || value == null) {
      throw new IllegalArgumentException("dump record key and value must not be null");
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DumpRecord r && Arrays.equals(key, r.key) && Arrays.equals(value, r.value)
        && Objects.equals(expiresAt, r.expiresAt);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * Arrays.hashCode(key) + Arrays.hashCode(value)) + Objects.hashCode(expiresAt);
  }

  @Override
  public String toString() {
    return Bytes.show(key) + "=" + Bytes.show(value) + (expiresAt == null ? "" : " until "
        + expiresAt);
  }
}
