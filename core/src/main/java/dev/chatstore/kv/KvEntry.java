package dev.chatstore.kv;

import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;

/**
 * One key and its value, as a scan returns them, and its expiry when the scan was asked for it
 * ({@link KvStore#scanWithExpiry}). The arrays belong to the caller.
 *
 * @param key the key
 * @param value the value; empty is a value, never absence
 * @param expiresAtMillis the expiry instant in epoch milliseconds, or {@link #NO_EXPIRY} when
 *     the entry has none or the scan did not report it ({@link KvStore#scan} never does)
 */
public record KvEntry(byte[] key, byte[] value, long expiresAtMillis) {
  /** The {@link #expiresAtMillis()} of an entry without a (reported) expiry. */
  public static final long NO_EXPIRY = 0;

  /**
   * @throws IllegalArgumentException when key or value is null, or the expiry is negative
   */
  public KvEntry {
    if (key == null || value == null) {
      throw new IllegalArgumentException("key and value must not be null");
    }
    if (expiresAtMillis < 0) {
      throw new IllegalArgumentException("expiresAtMillis " + expiresAtMillis + " of "
          + Bytes.show(key) + " must be " + NO_EXPIRY + " (none) or positive epoch milliseconds");
    }
  }

  /** An entry without a (reported) expiry. */
  public KvEntry(byte[] key, byte[] value) {
    this(key, value, NO_EXPIRY);
  }

  /**
   * The entry for a stored expiry that may be absent ({@code null}, or {@link Long#MAX_VALUE} as
   * {@link WriteOp.Put#expiresAtMillis()} gives for "never").
   */
  public static KvEntry of(byte[] key, byte[] value, Long expiresAtMillis) {
    return new KvEntry(key, value, expiresAtMillis == null || expiresAtMillis == Long.MAX_VALUE
        ? NO_EXPIRY : expiresAtMillis);
  }

  /** The expiry instant, or empty when the entry has none (or it was not reported). */
  public Optional<Instant> expiresAt() {
    return expiresAtMillis == NO_EXPIRY ? Optional.empty()
        : Optional.of(Instant.ofEpochMilli(expiresAtMillis));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof KvEntry e && Arrays.equals(key, e.key) && Arrays.equals(value, e.value)
        && expiresAtMillis == e.expiresAtMillis;
  }

  @Override
  public int hashCode() {
    return 31 * (31 * Arrays.hashCode(key) + Arrays.hashCode(value))
        + Long.hashCode(expiresAtMillis);
  }

  @Override
  public String toString() {
    return Bytes.show(key) + "=" + Bytes.show(value)
        + (expiresAtMillis == NO_EXPIRY ? "" : " until " + Instant.ofEpochMilli(expiresAtMillis));
  }
}
