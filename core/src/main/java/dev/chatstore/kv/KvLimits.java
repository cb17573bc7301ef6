package dev.chatstore.kv;

/**
 * The size limits of chatstore's stores, the same on every backend so that data can move
 * between backends. A view may offer less: a tenant's area view has keys shorter by the length
 * of its prefix, and a store whose expiry is emulated has values shorter by the 9 bytes of the
 * expiry envelope; {@link KvStore#maxKeyBytes()} and {@link KvStore#maxValueBytes()} tell. A write or read that breaks one throws an
 * {@link IllegalArgumentException} naming the size and the limit, and changes nothing.
 *
 * <ul>
 *   <li>a key is at most {@value #MAX_KEY_BYTES} bytes (small enough for a PostgreSQL B-tree
 *       index entry); the empty key is a valid key, the smallest of all;</li>
 *   <li>a value is at most {@value #MAX_VALUE_BYTES} bytes (4 MiB); the empty value is a value,
 *       never the same as absent;</li>
 *   <li>a write batch holds at most {@value #MAX_BATCH_OPS} operations and at most
 *       {@value #MAX_BATCH_BYTES} bytes of keys and values (64 MiB);</li>
 *   <li>a multi-get asks for at most {@value #MAX_MULTI_GET_KEYS} keys;</li>
 *   <li>a scan page holds at most {@value #MAX_SCAN_LIMIT} entries.</li>
 * </ul>
 */
public final class KvLimits {
  /** Largest key, in bytes. */
  public static final int MAX_KEY_BYTES = 2048;
  /** Largest value, in bytes. */
  public static final int MAX_VALUE_BYTES = 4 * 1024 * 1024;
  /** Most operations in one write batch. */
  public static final int MAX_BATCH_OPS = 100_000;
  /** Most bytes of keys and values in one write batch. */
  public static final long MAX_BATCH_BYTES = 64L * 1024 * 1024;
  /** Most keys in one multi-get. */
  public static final int MAX_MULTI_GET_KEYS = 10_000;
  /** Largest scan page. */
  public static final int MAX_SCAN_LIMIT = 100_000;

  private KvLimits() {}

  /** Checks a key's size against {@link #MAX_KEY_BYTES}; throws naming the size and the limit. */
  public static byte[] checkKey(byte[] key) {
    return checkKey(key, MAX_KEY_BYTES);
  }

  /** Checks a key's size against {@code limit}; throws naming the size and the limit. */
  public static byte[] checkKey(byte[] key, int limit) {
    if (key == null) {
      throw new IllegalArgumentException("key must not be null");
    }
    if (key.length > limit) {
      throw new IllegalArgumentException("key of " + key.length + " bytes exceeds the limit of "
          + limit + " bytes");
    }
    return key;
  }

  /** Checks a value's size against {@link #MAX_VALUE_BYTES}; throws naming size and limit. */
  public static byte[] checkValue(byte[] value) {
    return checkValue(value, MAX_VALUE_BYTES);
  }

  /** Checks a value's size against {@code limit}; throws naming the size and the limit. */
  public static byte[] checkValue(byte[] value, int limit) {
    if (value == null) {
      throw new IllegalArgumentException("value must not be null (use a delete to remove a key)");
    }
    if (value.length > limit) {
      throw new IllegalArgumentException("value of " + value.length
          + " bytes exceeds the limit of " + limit + " bytes");
    }
    return value;
  }

  /** Checks a scan limit. */
  public static int checkScanLimit(int limit) {
    if (limit < 1 || limit > MAX_SCAN_LIMIT) {
      throw new IllegalArgumentException("scan limit " + limit + " is outside 1.."
          + MAX_SCAN_LIMIT);
    }
    return limit;
  }
}
