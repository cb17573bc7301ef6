package dev.chatstore.chat;

import java.nio.ByteBuffer;

/**
 * A hybrid logical clock stamp: 48 bits of physical time in epoch milliseconds and 16 logical
 * bits that order events within one millisecond.
 *
 * <p>{@link #packed()} puts the physical part in the upper 48 bits and the logical part in the
 * lower 16, and {@link #toBytes()} writes that as 8 big-endian bytes, so comparing two stamps,
 * comparing their packed values as unsigned longs and comparing their bytes as unsigned bytes
 * all give the same order: physical time first, the logical counter breaking ties.
 *
 * @param physicalMs epoch milliseconds, {@code 0..2^48-1}
 * @param logical the logical counter, {@code 0..65535}
 */
public record HlcTimestamp(long physicalMs, int logical) implements Comparable<HlcTimestamp> {
  /** The largest physical part, {@code 2^48 - 1} milliseconds (about the year 10889). */
  public static final long MAX_PHYSICAL_MS = (1L << 48) - 1;
  /** The largest logical part. */
  public static final int MAX_LOGICAL = 0xFFFF;
  /** The smallest stamp, before every other. */
  public static final HlcTimestamp ZERO = new HlcTimestamp(0, 0);
  /** The bytes of {@link #toBytes()}. */
  public static final int BYTES = 8;

  /**
   * @throws IllegalArgumentException when a part is outside its range, naming it
   */
  public HlcTimestamp {
    if (physicalMs < 0 || physicalMs > MAX_PHYSICAL_MS) {
      throw new IllegalArgumentException("HLC physical time " + physicalMs
          + " ms is outside 0.." + MAX_PHYSICAL_MS);
    }
    if (logical < 0 || logical > MAX_LOGICAL) {
      throw new IllegalArgumentException("HLC logical counter " + logical + " is outside 0.."
          + MAX_LOGICAL);
    }
  }

  /** The stamp of {@code packed} ({@link #packed()}); every 64-bit value is one. */
  public static HlcTimestamp fromPacked(long packed) {
    return new HlcTimestamp(packed >>> 16, (int) (packed & 0xFFFF));
  }

  /**
   * The stamp whose {@link #toBytes()} is {@code bytes}.
   *
   * @throws IllegalArgumentException when {@code bytes} is not 8 bytes long
   */
  public static HlcTimestamp fromBytes(byte[] bytes) {
    if (bytes == null || bytes.length != BYTES) {
      throw new IllegalArgumentException("an HLC stamp is " + BYTES + " bytes, got "
          + (bytes == null ? "null" : bytes.length + " bytes"));
    }
    return fromPacked(ByteBuffer.wrap(bytes).getLong());
  }

  /** The stamp read from 8 big-endian bytes of {@code bytes} at {@code offset}. */
  static HlcTimestamp read(byte[] bytes, int offset) {
    return fromPacked(ByteBuffer.wrap(bytes, offset, BYTES).getLong());
  }

  /** Physical part in the upper 48 bits, logical in the lower 16; compare as unsigned. */
  public long packed() {
    return physicalMs << 16 | logical;
  }

  /** {@link #packed()} as 8 big-endian bytes: byte order is time order. */
  public byte[] toBytes() {
    return ByteBuffer.allocate(BYTES).putLong(packed()).array();
  }

  /** The next stamp after this one: the logical counter plus one, or the next millisecond. */
  HlcTimestamp successor() {
    if (logical < MAX_LOGICAL) {
      return new HlcTimestamp(physicalMs, logical + 1);
    }
    return new HlcTimestamp(physicalMs + 1, 0);
  }

  /** Whether this stamp is after {@code other}. */
  public boolean isAfter(HlcTimestamp other) {
    return compareTo(other) > 0;
  }

  /** The later of two stamps ({@code a} when equal); a null argument counts as before all. */
  public static HlcTimestamp max(HlcTimestamp a, HlcTimestamp b) {
    if (a == null) {
      return b;
    }
    if (b == null) {
      return a;
    }
    return b.compareTo(a) > 0 ? b : a;
  }

  @Override
  public int compareTo(HlcTimestamp o) {
    return Long.compareUnsigned(packed(), o.packed());
  }

  @Override
  public String toString() {
    return physicalMs + "." + logical;
  }
}
