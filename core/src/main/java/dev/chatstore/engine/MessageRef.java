package dev.chatstore.engine;

import java.util.Comparator;

/**
 * One line of a chat's message index: a message's timestamp and id, as the specification's
 * {@code chat/{jid}/messages} document holds them ({@code "TS ID"}).
 *
 * <p>Indexes are ordered {@link #NEWEST_FIRST}: by timestamp, newest first, and among equal
 * timestamps by id, greatest first (ids compared by Unicode code point, which is the order of
 * their UTF-8 bytes).
 *
 * @param timestamp the message's timestamp, usually epoch milliseconds; at least 0
 * @param id the message id: one key segment ({@link EngineKeys#segment}) of at most
 *     {@value Messages#MAX_ID_BYTES} bytes of UTF-8, without whitespace (it is written after a
 *     space in the index text)
 */
public record MessageRef(long timestamp, String id) {
  /** Newest first: timestamp descending, then id descending by code point. */
  public static final Comparator<MessageRef> NEWEST_FIRST = (a, b) -> {
    int c = Long.compare(b.timestamp, a.timestamp);
    return c != 0 ? c : compareCodePoints(b.id, a.id);
  };

  /**
   * Checks the timestamp and id.
   *
   * @throws IllegalArgumentException naming the bad timestamp or id and what was expected
   */
  public MessageRef {
    if (timestamp < 0) {
      throw new IllegalArgumentException("message timestamp " + timestamp
          + " is negative; expected epoch milliseconds, at least 0");
    }
    checkId(id);
  }

  /**
   * Checks a message id: a key segment without whitespace, at most
   * {@value Messages#MAX_ID_BYTES} bytes of UTF-8.
   *
   * @throws IllegalArgumentException naming the id and the rule it breaks
   */
  public static String checkId(String id) {
    EngineKeys.segment(id, "message id");
    for (int i = 0; i < id.length(); i++) {
      if (Character.isWhitespace(id.charAt(i)) || Character.isSpaceChar(id.charAt(i))) {
        throw new IllegalArgumentException("message id " + EngineKeys.quote(id)
            + " holds whitespace at index " + i + "; expected an id without spaces");
      }
    }
    int n = EngineKeys.utf8Length(id);
    if (n > Messages.MAX_ID_BYTES) {
      throw new IllegalArgumentException("message id " + EngineKeys.quote(id) + " is " + n
          + " bytes of UTF-8, more than the limit of " + Messages.MAX_ID_BYTES);
    }
    return id;
  }

  /** This entry as a line of the index text, without the line break: {@code "TS ID"}. */
  public String line() {
    return timestamp + " " + id;
  }

  /** Compares by Unicode code point (the order of UTF-8 bytes), not by UTF-16 unit. */
  static int compareCodePoints(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      int ca = a.codePointAt(i);
      int cb = b.codePointAt(j);
      if (ca != cb) {
        return Integer.compare(ca, cb);
      }
      i += Character.charCount(ca);
      j += Character.charCount(cb);
    }
    return Integer.compare(a.length() - i, b.length() - j);
  }
}
