// SPDX-License-Identifier: AGPL-3.0-only
package dev.chatstore.libsignal;

import dev.chatstore.kv.StoreException;

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
}
