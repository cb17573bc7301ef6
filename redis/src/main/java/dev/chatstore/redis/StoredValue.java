package dev.chatstore.redis;

import dev.chatstore.kv.Bytes;
import dev.chatstore.kv.KvEntry;
import dev.chatstore.kv.StoreException;
import java.util.Arrays;

/**
 * The bytes of a value as stored in Redis: a one-byte header, then for an expiring entry its
 * expiry instant, then the value itself.
 *
 * <pre>
 *   0x00 VALUE                       no expiry
 *   0x01 EXPIRY(8, big-endian) VALUE expires at EXPIRY (epoch milliseconds, signed)
 * </pre>
 * The Lua scripts read the same header to skip expired entries ({@code live()} in
 * {@link Scripts}). Stateless; not instantiable.
 */
final class StoredValue {
  /** Header of a value without expiry. */
  static final byte PERMANENT = 0;
  /** Header of a value followed by its expiry instant. */
  static final byte EXPIRING = 1;
  /** Bytes before the value of an expiring entry. */
  static final int EXPIRING_HEADER = 9;

  private StoredValue() {}

  /** The stored form of {@code value} without expiry. */
  static byte[] permanent(byte[] value) {
    byte[] out = new byte[value.length + 1];
    out[0] = PERMANENT;
    System.arraycopy(value, 0, out, 1, value.length);
    return out;
  }

  /** The stored form of {@code value} expiring at {@code expiresAtMillis}. */
  static byte[] expiring(byte[] value, long expiresAtMillis) {
    byte[] out = new byte[value.length + EXPIRING_HEADER];
    out[0] = EXPIRING;
    for (int i = 0; i < 8; i++) {
      out[1 + i] = (byte) (expiresAtMillis >>> (56 - 8 * i));
    }
    System.arraycopy(value, 0, out, EXPIRING_HEADER, value.length);
    return out;
  }

  /**
   * The value of stored bytes when live at {@code nowMillis}, else null.
   *
   * @param stored the bytes read from Redis, or null when the key is missing
   * @param nowMillis the store clock's now
   * @param store the store's name, for the error message
   * @param key the key, for the error message
   * @throws StoreException of kind {@link StoreException.Kind#SERIALIZATION} when the header is
   *     unknown (the key was written by something else than chatstore)
   */
  static byte[] live(byte[] stored, long nowMillis, String store, byte[] key) {
    if (stored == null) {
      return null;
    }
    if (stored.length >= 1 && stored[0] == PERMANENT) {
      return Arrays.copyOfRange(stored, 1, stored.length);
    }
    if (stored.length >= EXPIRING_HEADER && stored[0] == EXPIRING) {
      return expiry(stored) > nowMillis
          ? Arrays.copyOfRange(stored, EXPIRING_HEADER, stored.length) : null;
    }
    throw new StoreException(StoreException.Kind.SERIALIZATION, store + ": the value of "
        + Bytes.show(key) + " holds " + stored.length
        + " bytes that are not a chatstore value (header byte "
        + (stored.length == 0 ? "missing" : String.format("0x%02x", stored[0] & 0xFF))
        + "; expected 0x00 or 0x01 followed by an 8-byte expiry)");
  }

  /**
   * The entry of {@code key} stored as {@code stored} when live at {@code nowMillis}, else null;
   * with its expiry when {@code withExpiry}. Errors as {@link #live}.
   */
  static KvEntry entry(byte[] key, byte[] stored, long nowMillis, String store,
      boolean withExpiry) {
    byte[] value = live(stored, nowMillis, store, key);
    if (value == null) {
      return null;
    }
    return withExpiry && stored[0] == EXPIRING ? KvEntry.of(key, value, expiry(stored))
        : new KvEntry(key, value);
  }

  /** The expiry instant of the stored form of an expiring entry. */
  private static long expiry(byte[] stored) {
    long exp = 0;
    for (int i = 1; i < EXPIRING_HEADER; i++) {
      exp = (exp << 8) | (stored[i] & 0xFF);
    }
    return exp;
  }
}
