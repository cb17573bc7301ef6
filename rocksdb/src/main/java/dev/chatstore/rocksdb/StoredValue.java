package dev.chatstore.rocksdb;

import dev.chatstore.kv.Bytes;
import dev.chatstore.kv.KvLimits;
import dev.chatstore.kv.StoreException;
import java.util.Arrays;

/**
 * The byte layouts of {@link RocksDbKvStore}: a value as stored in the data column family (a
 * header that carries the expiry, then the caller's bytes), and a key of the expiry index. Pure
 * functions; thread-safe.
 *
 * <h2>Stored value</h2>
 * <pre>
 *   0x00 value...                      no expiry      (1 byte of header)
 *   0x01 expiresAt:int64 BE value...   with expiry    (9 bytes of header; epoch milliseconds)
 * </pre>
 * An entry is live at {@code now} when it has no expiry or {@code now < expiresAt}. The format
 * byte leaves room for later layouts; an unknown one is a {@link StoreException.Kind#SERIALIZATION}
 * error.
 *
 * <h2>Expiry index key</h2>
 * <pre>
 *   (expiresAt XOR 0x8000000000000000):uint64 BE  key...
 * </pre>
 * The sign bit is flipped so that unsigned byte order is numeric order, negative instants first:
 * every index entry expired at {@code now} sorts before {@link #indexEnd(long) indexEnd(now)}.
 */
final class StoredValue {
  /** Format byte of a value without expiry. */
  static final byte PLAIN = 0x00;
  /** Format byte of a value with an 8-byte expiry instant. */
  static final byte EXPIRING = 0x01;
  /** Header length of a {@link #PLAIN} value. */
  static final int PLAIN_HEADER = 1;
  /** Header length of an {@link #EXPIRING} value: the longest header. */
  static final int EXPIRING_HEADER = 1 + Long.BYTES;
  /** The expiry of an entry that never expires, as {@code WriteOp.Put#expiresAtMillis()} says. */
  static final long NEVER = Long.MAX_VALUE;
  /**
   * A key greater than every key a store accepts ({@link KvLimits#MAX_KEY_BYTES} + 1 bytes of
   * 0xFF): the end of a range delete with no upper bound.
   */
  static final byte[] KEYSPACE_END = keyspaceEnd();
  /** The empty value of an expiry index entry. */
  static final byte[] EMPTY = new byte[0];

  private StoredValue() {}

  private static byte[] keyspaceEnd() {
    byte[] end = new byte[KvLimits.MAX_KEY_BYTES + 1];
    Arrays.fill(end, (byte) 0xFF);
    return end;
  }

  /**
   * The stored form of {@code value} expiring at {@code expiresAtMillis}.
   *
   * @param value the caller's bytes
   * @param expiresAtMillis epoch milliseconds, or {@link #NEVER}
   * @return a new array: header and value
   */
  static byte[] encode(byte[] value, long expiresAtMillis) {
    if (expiresAtMillis == NEVER) {
      byte[] out = new byte[PLAIN_HEADER + value.length];
      System.arraycopy(value, 0, out, PLAIN_HEADER, value.length);
      return out; // out[0] is PLAIN
    }
    byte[] out = new byte[EXPIRING_HEADER + value.length];
    out[0] = EXPIRING;
    putLong(out, 1, expiresAtMillis);
    System.arraycopy(value, 0, out, EXPIRING_HEADER, value.length);
    return out;
  }

  /**
   * The caller's bytes of a stored value when it is live at {@code nowMillis}, else null.
   *
   * @param key the key, for the error message
   * @param stored the stored value, or null when absent
   * @param nowMillis the store clock's time
   * @return a new array, or null when absent or expired
   * @throws StoreException of kind SERIALIZATION when the header is unknown
   */
  static byte[] decode(byte[] key, byte[] stored, long nowMillis) {
    if (stored == null) {
      return null;
    }
    int header = headerLength(key, stored, stored.length);
    if (header == EXPIRING_HEADER && getLong(stored, 1) <= nowMillis) {
      return null;
    }
    return Arrays.copyOfRange(stored, header, stored.length);
  }

  /** What the header of a stored value says at some instant. */
  enum Liveness {
    /** Visible. */
    LIVE,
    /** Expired: invisible to reads. */
    EXPIRED,
    /** Not a chatstore value. */
    MALFORMED
  }

  /**
   * Whether a stored value is live at {@code nowMillis}, from its first bytes only.
   *
   * @param head at least the header of the value (as many bytes as {@code storedLength} allows,
   *     up to {@link #EXPIRING_HEADER})
   * @param storedLength the full length of the stored value
   * @param nowMillis the store clock's time
   * @return live, expired, or malformed ({@link #malformed} gives the error)
   */
  static Liveness liveness(byte[] head, int storedLength, long nowMillis) {
    if (storedLength >= PLAIN_HEADER && head[0] == PLAIN) {
      return Liveness.LIVE;
    }
    if (storedLength >= EXPIRING_HEADER && head[0] == EXPIRING) {
      return getLong(head, 1) > nowMillis ? Liveness.LIVE : Liveness.EXPIRED;
    }
    return Liveness.MALFORMED;
  }

  /**
   * The expiry of a stored value, {@link #NEVER} when it has none.
   *
   * @param key the key, for the error message
   * @param stored the stored value
   * @return epoch milliseconds or {@link #NEVER}
   */
  static long expiresAt(byte[] key, byte[] stored) {
    return headerLength(key, stored, stored.length) == PLAIN_HEADER ? NEVER : getLong(stored, 1);
  }

  private static int headerLength(byte[] key, byte[] head, int storedLength) {
    if (storedLength >= PLAIN_HEADER && head[0] == PLAIN) {
      return PLAIN_HEADER;
    }
    if (storedLength >= EXPIRING_HEADER && head[0] == EXPIRING) {
      return EXPIRING_HEADER;
    }
    throw malformed(key, head, storedLength);
  }

  /**
   * The error for a stored value that is not in this layout.
   *
   * @param key the key
   * @param head the first bytes of the value
   * @param storedLength the full length of the value
   * @return a {@link StoreException} of kind SERIALIZATION naming the key and the format byte
   */
  static StoreException malformed(byte[] key, byte[] head, int storedLength) {
    return new StoreException(StoreException.Kind.SERIALIZATION, "the stored value of key "
        + Bytes.show(key) + " (" + storedLength + " bytes, starting "
        + (storedLength == 0 ? "with nothing" : String.format("0x%02x", head[0] & 0xFF))
        + ") is not a chatstore value; expected format byte 0x00 (1-byte header) or 0x01"
        + " (9-byte header with the expiry)");
  }

  // ---- expiry index ----

  /**
   * The expiry index key of {@code key} expiring at {@code expiresAtMillis}.
   *
   * @param expiresAtMillis epoch milliseconds (not {@link #NEVER})
   * @param key the data key
   * @return a new array: 8 bytes of ordered expiry, then the key
   */
  static byte[] indexKey(long expiresAtMillis, byte[] key) {
    byte[] out = new byte[Long.BYTES + key.length];
    putLong(out, 0, expiresAtMillis ^ Long.MIN_VALUE);
    System.arraycopy(key, 0, out, Long.BYTES, key.length);
    return out;
  }

  /**
   * The expiry instant of an index key.
   *
   * @param indexKey a key of the expiry index
   * @return epoch milliseconds
   */
  static long indexExpiry(byte[] indexKey) {
    checkIndexKey(indexKey);
    return getLong(indexKey, 0) ^ Long.MIN_VALUE;
  }

  /**
   * The data key an index key points to.
   *
   * @param indexKey a key of the expiry index
   * @return a new array
   */
  static byte[] indexedKey(byte[] indexKey) {
    checkIndexKey(indexKey);
    return Arrays.copyOfRange(indexKey, Long.BYTES, indexKey.length);
  }

  /**
   * The first index key of entries live at {@code nowMillis}: every entry expired at
   * {@code nowMillis} sorts before it.
   *
   * @param nowMillis the store clock's time
   * @return 8 bytes, or null when nothing can be live after {@code nowMillis}
   */
  static byte[] indexEnd(long nowMillis) {
    if (nowMillis == Long.MAX_VALUE) {
      return null;
    }
    byte[] out = new byte[Long.BYTES];
    putLong(out, 0, (nowMillis + 1) ^ Long.MIN_VALUE);
    return out;
  }

  private static void checkIndexKey(byte[] indexKey) {
    if (indexKey.length < Long.BYTES) {
      throw new StoreException(StoreException.Kind.SERIALIZATION, "expiry index key "
          + Bytes.show(indexKey) + " has " + indexKey.length + " bytes; expected at least "
          + Long.BYTES);
    }
  }

  private static void putLong(byte[] out, int at, long v) {
    for (int i = Long.BYTES - 1; i >= 0; i--) {
      out[at + i] = (byte) v;
      v >>>= 8;
    }
  }

  private static long getLong(byte[] in, int at) {
    long v = 0;
    for (int i = 0; i < Long.BYTES; i++) {
      v = (v << 8) | (in[at + i] & 0xFF);
    }
    return v;
  }
}
