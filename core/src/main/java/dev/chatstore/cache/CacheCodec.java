package dev.chatstore.cache;

import java.nio.charset.StandardCharsets;
import java.util.function.Function;

/**
 * How a {@link TypedCache} over a {@link CacheStore} turns its keys into strings and its values
 * into bytes and back. {@link #decode} may throw on bytes it cannot read (a value written by an
 * older version, a corrupt entry): the cache then treats the entry as a miss.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public interface CacheCodec<K, V> {

  /** The string key of {@code key}; distinct keys must give distinct strings. */
  String key(K key);

  /** The bytes of {@code value}. */
  byte[] encode(V value);

  /** The value of {@code bytes}; throws any exception when they are not a valid encoding. */
  V decode(byte[] bytes);

  /** A codec of the three functions. */
  static <K, V> CacheCodec<K, V> of(Function<? super K, String> key,
      Function<? super V, byte[]> encode, Function<byte[], ? extends V> decode) {
    if (key == null || encode == null || decode == null) {
      throw new IllegalArgumentException("key, encode and decode must not be null");
    }
    return new CacheCodec<>() {
      @Override
      public String key(K k) {
        return key.apply(k);
      }

      @Override
      public byte[] encode(V value) {
        return encode.apply(value);
      }

      @Override
      public V decode(byte[] bytes) {
        return decode.apply(bytes);
      }
    };
  }

  /** String keys as they are, byte values as they are (copied). */
  static CacheCodec<String, byte[]> bytes() {
    return of(k -> k, byte[]::clone, byte[]::clone);
  }

  /** String keys as they are, string values as UTF-8. */
  static CacheCodec<String, String> utf8() {
    return of(k -> k, v -> v.getBytes(StandardCharsets.UTF_8),
        b -> new String(b, StandardCharsets.UTF_8));
  }
}
