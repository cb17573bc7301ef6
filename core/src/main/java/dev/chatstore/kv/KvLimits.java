package dev.chatstore.kv;

/**
 * The size limits every {@link KvStore} enforces, the same on every backend so that data can
 * move between backends. A write or read that breaks one throws an
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

  /** Checks a key's size; throws naming the size and the limit. */
  public static byte[] checkKey(byte[] key) {
    if (key == null) {
      throw new IllegalArgumentException("key must not be null");
    }
    if (key.length > MAX_KEY_BYTES) {
      throw new IllegalArgumentException("key of " + key.length + " bytes exceeds the limit of "
          + MAX_KEY_BYTES + " bytes");
    }
    return key;
  }

  /** Checks a value's size; throws naming the size and the limit. */
  public static byte[] checkValue(byte[] value) {
    if (value == null) {
      throw new IllegalArgumentException("value must not be null (use a delete to remove a key)");
    }
    if (value.length > MAX_VALUE_BYTES) {
      throw new IllegalArgumentException("value of " + value.length
          + " bytes exceeds the limit of " + MAX_VALUE_BYTES + " bytes");
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
