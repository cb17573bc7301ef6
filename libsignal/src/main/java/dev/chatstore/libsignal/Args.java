// SPDX-License-Identifier: AGPL-3.0-only
package dev.chatstore.libsignal;

/** Argument checks with the project's error: an {@link IllegalArgumentException} naming it. */
final class Args {
  private Args() {}

  /** {@code value}, or an {@link IllegalArgumentException} saying {@code what} is null. */
  static <T> T notNull(T value, String what) {
    if (value == null) {
      throw new IllegalArgumentException(what + " must not be null");
    }
    return value;
  }
}
