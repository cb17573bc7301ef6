package dev.chatstore.engine;

import dev.chatstore.kv.StoreException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The key layout of the specification's engine, as constants and builders, and the rules every
 * {@link Engine} key obeys.
 *
 * <pre>
 * session/creds                               authentication credentials
 * session/{type}/{id}                         Signal protocol keys, for example
 *   ├─ session/app-state-sync-key/{id}
 *   ├─ session/app-state-sync-version/{name}
 *   ├─ session/sender-key/{jid}
 *   ├─ session/sender-key-memory/{jid}
 *   ├─ session/pre-key/{id}
 *   └─ session/session/{jid}
 * lid/{lid}                                   reverse index LID -&gt; JID
 * contact/{jid}/index                         contact data (JSON)
 * chat/{jid}/index                            chat data (JSON)
 * chat/{jid}/messages                         message index: "TS ID" lines, newest first
 * chat/{cid}/message/{id}/index               message metadata (JSON)
 * chat/{cid}/message/{id}/content             media (base64)
 * chat/{cid}/message/{id}/raw                 the raw message (JSON)
 * </pre>
 *
 * <h2>Key rules</h2>
 * A key is a non-empty {@code /}-separated path of non-empty segments, at most
 * {@value #MAX_KEY_BYTES} bytes of UTF-8. A segment is never {@code .} or {@code ..}; no
 * character of a key is a control character ({@link Character#isISOControl}: U+0000 to U+001F
 * and U+007F to U+009F) or an unpaired surrogate. Everything else is allowed: non-ASCII, spaces,
 * {@code @}, and characters that are wildcards elsewhere ({@code * ? [ ] % _}), which an engine
 * always treats literally.
 *
 * <p>A builder's argument is one segment: it must be valid as a segment, so it may not contain
 * {@code /}. Builders throw {@link IllegalArgumentException} naming the bad argument. This class
 * is stateless and thread-safe.
 */
public final class EngineKeys {
  /** The most bytes of UTF-8 in a key. */
  public static final int MAX_KEY_BYTES = 512;
  /** The most bytes of UTF-8 in a value, for every engine of chatstore (4,000,000). */
  public static final int MAX_VALUE_BYTES = 4_000_000;
  /** The largest {@code limit} of {@link Engine#list(String, int, int)}. */
  public static final int MAX_LIST_LIMIT = 10_000;
  /** The separator of segments. */
  public static final char SEPARATOR = '/';

  /** Namespace of credentials and connection state. */
  public static final String SESSION = "session";
  /** Namespace of contacts. */
  public static final String CONTACT = "contact";
  /** Namespace of chats and their messages. */
  public static final String CHAT = "chat";
  /** Namespace of the LID reverse index. */
  public static final String LID = "lid";

  /** Last segment of a contact's or a chat's data, and of a message's metadata. */
  public static final String INDEX = "index";
  /** Last segment of a chat's message index. */
  public static final String MESSAGES = "messages";
  /** Segment between a chat and its messages' ids. */
  public static final String MESSAGE = "message";
  /** Last segment of a message's media. */
  public static final String CONTENT = "content";
  /** Last segment of a message's raw form. */
  public static final String RAW = "raw";

  /** Session key type of app-state sync keys. */
  public static final String APP_STATE_SYNC_KEY = "app-state-sync-key";
  /** Session key type of app-state sync versions. */
  public static final String APP_STATE_SYNC_VERSION = "app-state-sync-version";
  /** Session key type of sender keys. */
  public static final String SENDER_KEY = "sender-key";
  /** Session key type of sender-key memory. */
  public static final String SENDER_KEY_MEMORY = "sender-key-memory";
  /** Session key type of pre-keys. */
  public static final String PRE_KEY = "pre-key";
  /** Session key type of Signal sessions. */
  public static final String SESSION_RECORD = "session";

  private static final String CREDS = SESSION + "/creds";

  private EngineKeys() {}

  // ---- builders ----

  /** {@code session/creds}. */
  public static String sessionCreds() {
    return CREDS;
  }

  /** {@code session/{type}/{id}}, such as {@code session/pre-key/12}. */
  public static String sessionKey(String type, String id) {
    return SESSION + '/' + segment(type, "session key type") + '/' + segment(id, "session key id");
  }

  /** {@code lid/{lid}}. */
  public static String lid(String lid) {
    return LID + '/' + segment(lid, "lid");
  }

  /** {@code contact/{jid}}: everything of one contact (the prefix a cascade delete takes). */
  public static String contact(String jid) {
    return CONTACT + '/' + segment(jid, "contact jid");
  }

  /** {@code contact/{jid}/index}. */
  public static String contactIndex(String jid) {
    return contact(jid) + '/' + INDEX;
  }

  /** {@code chat/{jid}}: everything of one chat (the prefix a cascade delete takes). */
  public static String chat(String jid) {
    return CHAT + '/' + segment(jid, "chat jid");
  }

  /** {@code chat/{jid}/index}. */
  public static String chatIndex(String jid) {
    return chat(jid) + '/' + INDEX;
  }

  /** {@code chat/{jid}/messages}: the chat's message index. */
  public static String chatMessages(String jid) {
    return chat(jid) + '/' + MESSAGES;
  }

  /** {@code chat/{cid}/message/{id}}: everything of one message. */
  public static String message(String cid, String id) {
    return chat(cid) + '/' + MESSAGE + '/' + segment(id, "message id");
  }

  /** {@code chat/{cid}/message/{id}/index}. */
  public static String messageIndex(String cid, String id) {
    return message(cid, id) + '/' + INDEX;
  }

  /** {@code chat/{cid}/message/{id}/content}. */
  public static String messageContent(String cid, String id) {
    return message(cid, id) + '/' + CONTENT;
  }

  /** {@code chat/{cid}/message/{id}/raw}. */
  public static String messageRaw(String cid, String id) {
    return message(cid, id) + '/' + RAW;
  }

  /**
   * The chat jid when {@code key} is a message index key {@code chat/{jid}/messages}, else
   * empty. Does not validate the key beyond its shape.
   */
  public static Optional<String> chatOfMessagesKey(String key) {
    if (key == null || !key.startsWith(CHAT + '/') || !key.endsWith('/' + MESSAGES)) {
      return Optional.empty();
    }
    int start = CHAT.length() + 1;
    int end = key.length() - MESSAGES.length() - 1;
    if (end <= start) {
      return Optional.empty();
    }
    String jid = key.substring(start, end);
    return jid.indexOf(SEPARATOR) >= 0 ? Optional.empty() : Optional.of(jid);
  }

  // ---- rules ----

  /**
   * Checks {@code key} against the key rules and returns it.
   *
   * @throws IllegalArgumentException naming the key and the rule it breaks
   */
  public static String checkKey(String key) {
    if (key == null) {
      throw new IllegalArgumentException("key must not be null");
    }
    String problem = keyProblem(key);
    if (problem != null) {
      throw new IllegalArgumentException("invalid engine key " + quote(key) + ": " + problem);
    }
    return key;
  }

  /** Whether {@code key} obeys the key rules. */
  public static boolean isValidKey(String key) {
    return key != null && keyProblem(key) == null;
  }

  /**
   * Checks that {@code value} can be one segment of a key (no {@code /}, not empty, not
   * {@code .} or {@code ..}, no control character or unpaired surrogate) and returns it.
   *
   * @param what what the value is, for the message ("chat jid")
   * @throws IllegalArgumentException naming {@code what}, the value and the rule it breaks
   */
  public static String segment(String value, String what) {
    if (value == null) {
      throw new IllegalArgumentException(what + " must not be null");
    }
    String problem = value.indexOf(SEPARATOR) >= 0 ? "contains '/', which separates segments"
        : segmentProblem(value, 0, value.length());
    if (problem != null) {
      throw new IllegalArgumentException(what + " " + quote(value)
          + " cannot be a key segment: " + problem);
    }
    return value;
  }

  /**
   * Checks {@code value} against the value rules ({@value #MAX_VALUE_BYTES} bytes of UTF-8 at
   * most, well-formed) and returns its UTF-8 bytes.
   *
   * @param key the key it is stored under, for the message
   * @param maxBytes the limit to apply (at most {@value #MAX_VALUE_BYTES})
   * @throws IllegalArgumentException naming the key and the problem
   */
  public static byte[] valueBytes(String key, String value, int maxBytes) {
    if (value == null) {
      throw new IllegalArgumentException("value of " + quote(key) + " must not be null here");
    }
    int bad = unpairedSurrogate(value, 0, value.length());
    if (bad >= 0) {
      throw new IllegalArgumentException(String.format("value of %s has an unpaired surrogate"
          + " U+%04X at index %d; expected well-formed text", quote(key),
          (int) value.charAt(bad), bad));
    }
    if (value.length() * 3L > maxBytes) { // only then can the encoding exceed the limit
      int n = utf8Length(value);
      if (n > maxBytes) {
        throw new IllegalArgumentException("value of " + quote(key) + " is " + n
            + " bytes of UTF-8, more than the limit of " + maxBytes + " bytes");
      }
    }
    return value.getBytes(StandardCharsets.UTF_8);
  }

  /**
   * The text of the value of {@code key} stored as the UTF-8 bytes {@code utf8[offset, offset +
   * length)}: the inverse of {@link #valueBytes}, for engines reading what they stored.
   *
   * @throws StoreException of kind {@code SERIALIZATION} naming the key when the bytes are not
   *     valid UTF-8 (a damaged record), rather than a text with replacement characters
   */
  public static String valueText(String key, byte[] utf8, int offset, int length) {
    String s = new String(utf8, offset, length, StandardCharsets.UTF_8);
    if (s.indexOf('\uFFFD') >= 0) { // a replacement, or a U+FFFD of the text itself
      try {
        StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(utf8, offset, length));
      } catch (java.nio.charset.CharacterCodingException e) {
        throw new StoreException(StoreException.Kind.SERIALIZATION, "the stored value of "
            + quote(key) + " is damaged: its " + length + " bytes are not valid UTF-8 (" + e
            + ")");
      }
    }
    return s;
  }

  /** The number of UTF-8 bytes of {@code s} (well-formed). */
  static int utf8Length(String s) {
    int n = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        n += 1;
      } else if (c < 0x800) {
        n += 2;
      } else if (Character.isHighSurrogate(c)) {
        n += 4;
        i++;
      } else {
        n += 3;
      }
    }
    return n;
  }

  private static String keyProblem(String key) {
    return plainValidKey(key) ? null : fullKeyProblem(key);
  }

  /**
   * Whether {@code key} is a valid key of printable ASCII, in one pass: the common key, checked on
   * every read and write. False says nothing; {@link #fullKeyProblem} then decides.
   */
  static boolean plainValidKey(String key) {
    int n = key.length();
    if (n == 0 || n > MAX_KEY_BYTES) {
      return false;
    }
    int start = 0;
    for (int i = 0; i < n; i++) {
      char c = key.charAt(i);
      if (c == SEPARATOR) {
        if (!plainSegment(key, start, i)) {
          return false;
        }
        start = i + 1;
      } else if (c < 0x20 || c > 0x7E) {
        return false; // control, non-ASCII: the full check
      }
    }
    return plainSegment(key, start, n);
  }

  /** Whether a segment of printable ASCII is valid: not empty, {@code .} or {@code ..}. */
  private static boolean plainSegment(String key, int from, int to) {
    return switch (to - from) {
      case 0 -> false;
      case 1 -> key.charAt(from) != '.';
      case 2 -> key.charAt(from) != '.' || key.charAt(from + 1) != '.';
      default -> true;
    };
  }

  /** What is wrong with {@code key} (not null), or null when it is a valid key. */
  static String fullKeyProblem(String key) {
    if (key.isEmpty()) {
      return "a key must not be empty";
    }
    int start = 0;
    for (int i = 0; i <= key.length(); i++) {
      if (i == key.length() || key.charAt(i) == SEPARATOR) {
        if (i == start) {
          return i == 0 ? "it starts with '/'; expected a path such as chat/{jid}/index"
              : i == key.length() ? "it ends with '/'; expected a path such as chat/{jid}/index"
              : "it has an empty segment ('//') at index " + (i - 1);
        }
        String p = segmentProblem(key, start, i);
        if (p != null) {
          return p;
        }
        start = i + 1;
      }
    }
    int n = utf8Length(key);
    if (n > MAX_KEY_BYTES) {
      return "it is " + n + " bytes of UTF-8, more than the limit of " + MAX_KEY_BYTES + " bytes";
    }
    return null;
  }

  private static String segmentProblem(String s, int from, int to) {
    if (to == from) {
      return "a segment must not be empty";
    }
    if (to - from <= 2 && (s.startsWith(".", from) && (to - from == 1
        || s.charAt(from + 1) == '.'))) {
      return "'" + s.substring(from, to) + "' segments are not allowed";
    }
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (Character.isISOControl(c)) {
        return String.format("it holds the control character U+%04X at index %d", (int) c, i);
      }
    }
    int bad = unpairedSurrogate(s, from, to);
    if (bad >= 0) {
      return String.format("it holds an unpaired surrogate U+%04X at index %d",
          (int) s.charAt(bad), bad);
    }
    return null;
  }

  /** The index of the first unpaired surrogate of {@code s[from, to)}, or -1. */
  static int unpairedSurrogate(String s, int from, int to) {
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c)) {
        if (i + 1 < to && Character.isLowSurrogate(s.charAt(i + 1))) {
          i++;
        } else {
          return i;
        }
      } else if (Character.isLowSurrogate(c)) {
        return i;
      }
    }
    return -1;
  }

  /** {@code s} quoted for a message, control characters escaped, long strings cut. */
  static String quote(String s) {
    StringBuilder sb = new StringBuilder("\"");
    int shown = Math.min(s.length(), 120);
    for (int i = 0; i < shown; i++) {
      char c = s.charAt(i);
      if (Character.isISOControl(c) || Character.isSurrogate(c) || c == '"' || c == '\\') {
        sb.append(c == '"' ? "\\\"" : c == '\\' ? "\\\\" : String.format("\\u%04X", (int) c));
      } else {
        sb.append(c);
      }
    }
    sb.append('"');
    if (shown < s.length()) {
      sb.append("...(").append(s.length()).append(" chars)");
    }
    return sb.toString();
  }
}
