package dev.chatstore.kv;

import java.time.Instant;
import java.util.Arrays;

/**
 * One operation of a {@link WriteBatch}. Sizes are checked when the batch is written, so that a
 * batch with one bad operation is refused whole.
 */
public sealed interface WriteOp {

  /** The bytes of keys and values this operation carries, for the batch size limit. */
  long weight();

  /**
   * Sets {@code key} to {@code value}, optionally until {@code expiresAt} (exclusive: from that
   * instant on the entry is invisible).
   *
   * @param key the key
   * @param value the value (empty allowed)
   * @param expiresAt the expiry instant, or {@code null} for none
   */
  record Put(byte[] key, byte[] value, Instant expiresAt) implements WriteOp {
    public Put {
      if (key == null || value == null) {
        throw new IllegalArgumentException("put needs a key and a value; got key "
            + Bytes.show(key) + " and value " + Bytes.show(value));
      }
    }

    /**
     * The expiry as epoch milliseconds, or {@link Long#MAX_VALUE} when there is none. Instants
     * beyond the millisecond range saturate: {@link Instant#MAX} is "never", {@link Instant#MIN}
     * "already expired".
     */
    public long expiresAtMillis() {
      if (expiresAt == null) {
        return Long.MAX_VALUE;
      }
      try {
        return expiresAt.toEpochMilli();
      } catch (ArithmeticException e) {
        return expiresAt.isAfter(Instant.EPOCH) ? Long.MAX_VALUE : Long.MIN_VALUE;
      }
    }

    @Override
    public long weight() {
      return (long) key.length + value.length;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Put p && Arrays.equals(key, p.key) && Arrays.equals(value, p.value)
          && java.util.Objects.equals(expiresAt, p.expiresAt);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(key);
    }

    @Override
    public String toString() {
      return "put " + Bytes.show(key) + "=" + Bytes.show(value)
          + (expiresAt == null ? "" : " until " + expiresAt);
    }
  }

  /** Removes {@code key}; removing an absent key is fine. */
  record Delete(byte[] key) implements WriteOp {
    public Delete {
      if (key == null) {
        throw new IllegalArgumentException("delete needs a key");
      }
    }

    @Override
    public long weight() {
      return key.length;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Delete d && Arrays.equals(key, d.key);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(key);
    }

    @Override
    public String toString() {
      return "delete " + Bytes.show(key);
    }
  }

  /** Removes every key in {@code range}; needs {@link KvFeature#RANGE_DELETE}. */
  record DeleteRange(KeyRange range) implements WriteOp {
    public DeleteRange {
      if (range == null) {
        throw new IllegalArgumentException("range delete needs a range");
      }
    }

    @Override
    public long weight() {
      return (long) range.start().length + (range.end() == null ? 0 : range.end().length);
    }

    @Override
    public String toString() {
      return "delete range " + range;
    }
  }

  /**
   * A precondition: the batch applies only if {@code key} currently holds {@code expected}
   * ({@code null} meaning the key must be absent or expired). Checks are evaluated atomically
   * with the batch, against the state that includes every batch committed before it.
   */
  record Check(byte[] key, byte[] expected) implements WriteOp {
    public Check {
      if (key == null) {
        throw new IllegalArgumentException("check needs a key");
      }
    }

    /** Whether {@code current} (null when absent) satisfies the check. */
    public boolean matches(byte[] current) {
      return expected == null ? current == null : Arrays.equals(expected, current);
    }

    @Override
    public long weight() {
      return (long) key.length + (expected == null ? 0 : expected.length);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Check c && Arrays.equals(key, c.key) && Arrays.equals(expected, c.expected);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(key);
    }

    @Override
    public String toString() {
      return "check " + Bytes.show(key) + (expected == null ? " is absent" : "=" + Bytes.show(expected));
    }
  }
}
