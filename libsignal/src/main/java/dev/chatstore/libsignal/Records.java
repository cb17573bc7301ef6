// SPDX-License-Identifier: AGPL-3.0-only
package dev.chatstore.libsignal;

import dev.chatstore.kv.StoreException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.signal.libsignal.protocol.InvalidKeyIdException;

/** Decoding of stored bytes into libsignal records, with one error for every failure. */
final class Records {
  private Records() {}

  /** Parses bytes into a libsignal object; may throw any of libsignal's checked exceptions. */
  @FunctionalInterface
  interface Decoder<T> {
    T decode(byte[] bytes) throws Exception;
  }

  /**
   * {@code decoder} applied to {@code bytes}.
   *
   * @throws StoreException of kind {@code SERIALIZATION} naming {@code what} when the bytes are
   *     not a valid record: a damaged record is an error, never an empty or a new one
   */
  static <T> T decode(String what, byte[] bytes, Decoder<T> decoder) {
    try {
      return decoder.decode(bytes);
    } catch (Exception e) {
      throw new StoreException(
          StoreException.Kind.SERIALIZATION,
          what + " holds " + bytes.length + " bytes that libsignal cannot decode: " + e.getMessage(),
          e);
    }
  }

  /**
   * Key {@code id} of the given kind (for example "signed pre-key"), decoded.
   *
   * @throws InvalidKeyIdException naming the kind and id when {@code stored} is empty
   */
  static <T> T requireKey(String kind, int id, Optional<byte[]> stored, Decoder<T> decoder)
      throws InvalidKeyIdException {
    if (stored.isEmpty()) {
      throw new InvalidKeyIdException("no " + kind + " with id " + id + " is stored");
    }
    return decode(kind + " " + id, stored.get(), decoder);
  }

  /** Every stored key of the given kind, decoded, in the order given. */
  static <T> List<T> decodeAll(
      String kind, List<Map.Entry<Integer, byte[]>> stored, Decoder<T> decoder) {
    return stored.stream().map(e -> decode(kind + " " + e.getKey(), e.getValue(), decoder)).toList();
  }
}
