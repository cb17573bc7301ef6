package dev.chatstore.kv;

import java.util.Arrays;

/**
 * A half-open range of keys {@code [start, end)} in unsigned byte order. {@code end == null}
 * means "to the end of the keyspace". {@code start == end} is the empty range; a start after
 * the end is an {@link IllegalArgumentException}.
 *
 * @param start the first key in the range (inclusive); the empty key is the smallest key
 * @param end the first key after the range (exclusive), or {@code null} for no upper bound
 */
public record KeyRange(byte[] start, byte[] end) {
  private static final KeyRange ALL = new KeyRange(Bytes.empty(), null);

  public KeyRange {
    if (start == null) {
      throw new IllegalArgumentException("range start must not be null (use the empty key)");
    }
    if (end != null && Bytes.compare(start, end) > 0) {
      throw new IllegalArgumentException("range start " + Bytes.show(start)
          + " is after its end " + Bytes.show(end) + "; expected start <= end");
    }
  }

  /** Every key. */
  public static KeyRange all() {
    return ALL;
  }

  /** {@code [start, end)}; {@code end} may be null for no upper bound. */
  public static KeyRange of(byte[] start, byte[] end) {
    return new KeyRange(start, end);
  }

  /** Every key that starts with {@code prefix}. */
  public static KeyRange prefix(byte[] prefix) {
    return new KeyRange(prefix, Bytes.prefixEnd(prefix));
  }

  /** Whether {@code key} lies in this range. */
  public boolean contains(byte[] key) {
    return Bytes.compare(key, start) >= 0 && (end == null || Bytes.compare(key, end) < 0);
  }

  /** Whether the range holds no key at all. */
  public boolean isEmpty() {
    return end != null && Arrays.equals(start, end);
  }

  /** The intersection of this range and {@code other} (possibly empty). */
  public KeyRange intersect(KeyRange other) {
    byte[] s = Bytes.compare(start, other.start) >= 0 ? start : other.start;
    byte[] e;
    if (end == null) {
      e = other.end;
    } else if (other.end == null) {
      e = end;
    } else {
      e = Bytes.compare(end, other.end) <= 0 ? end : other.end;
    }
    if (e != null && Bytes.compare(s, e) > 0) {
      e = s;
    }
    return new KeyRange(s, e);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof KeyRange r && Arrays.equals(start, r.start) && Arrays.equals(end, r.end);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(start) + Arrays.hashCode(end);
  }

  @Override
  public String toString() {
    return "[" + Bytes.show(start) + ", " + (end == null ? "end" : Bytes.show(end)) + ")";
  }
}
