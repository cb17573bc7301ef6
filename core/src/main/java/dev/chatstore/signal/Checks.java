package dev.chatstore.signal;

/** Argument checks shared by the stores: each names the bad value and what was expected. */
final class Checks {
  private Checks() {}

  static String notEmpty(String s, String what) {
    if (s == null || s.isEmpty()) {
      throw new IllegalArgumentException(what + " must not be " + (s == null ? "null" : "empty")
          + "; expected a non-empty string");
    }
    return s;
  }

  static byte[] notNull(byte[] b, String what) {
    if (b == null) {
      throw new IllegalArgumentException(what + " must not be null");
    }
    return b;
  }

  static byte[] notEmpty(byte[] b, String what) {
    if (notNull(b, what).length == 0) {
      throw new IllegalArgumentException(what + " must not be empty");
    }
    return b;
  }

  static <T> T notNull(T o, String what) {
    if (o == null) {
      throw new IllegalArgumentException(what + " must not be null");
    }
    return o;
  }

  /**
   * {@link #notNull(Object, String)} for an element of a batch, named by {@code what} and then
   * {@code whose}: the message is built only when the check fails, not once per element.
   */
  static <T> T notNull(T o, String what, String whose) {
    if (o == null) {
      throw new IllegalArgumentException(what + " " + whose + " must not be null");
    }
    return o;
  }

  /** {@link #notNull(Object, String, String)} for an element named by a number. */
  static <T> T notNull(T o, String what, long whose) {
    if (o == null) {
      throw new IllegalArgumentException(what + " " + whose + " must not be null");
    }
    return o;
  }

  static int id(int id, String what) {
    if (id < 0) {
      throw new IllegalArgumentException(what + " " + id + " is negative; expected 0 to 2^31-1");
    }
    return id;
  }
}
