package dev.chatstore.engine;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The text form of a chat's message index, {@code chat/{jid}/messages}: one {@code "TS ID"} line
 * per message, each ended by {@code '\n'}, newest first ({@link MessageRef#NEWEST_FIRST}).
 *
 * <p>Reading is lenient about layout and strict about content: blank lines, {@code "\r\n"} line
 * ends, surrounding spaces and a missing final line break are accepted; a line that is not a
 * non-negative integer, whitespace, and a valid id ({@link MessageRef#checkId}) is an
 * {@link IllegalArgumentException} naming the line. Stateless.
 */
final class IndexText {
  private IndexText() {}

  /**
   * The entries of {@code text} in canonical order: sorted newest first, one per id (when an id
   * occurs on several lines, the first line wins, which in a newest-first text is the newest).
   *
   * @param where the document's key, for messages
   * @throws IllegalArgumentException naming the key and the line that is malformed
   */
  static List<MessageRef> parse(String where, String text) {
    List<MessageRef> out = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    int lineNo = 0;
    int start = 0;
    int n = text.length();
    while (start < n) {
      int end = text.indexOf('\n', start);
      if (end < 0) {
        end = n;
      }
      lineNo++;
      String line = text.substring(start, end).strip();
      start = end + 1;
      if (line.isEmpty()) {
        continue;
      }
      MessageRef ref = parseLine(where, lineNo, line);
      if (seen.add(ref.id())) {
        out.add(ref);
      }
    }
    out.sort(MessageRef.NEWEST_FIRST);
    return out;
  }

  private static MessageRef parseLine(String where, int lineNo, String line) {
    int sp = 0;
    while (sp < line.length() && !Character.isWhitespace(line.charAt(sp))) {
      sp++;
    }
    if (sp == line.length()) {
      throw malformed(where, lineNo, line, "expected \"TS ID\": a timestamp, a space and an id");
    }
    String ts = line.substring(0, sp);
    String id = line.substring(sp).strip();
    long timestamp;
    try {
      timestamp = Long.parseLong(ts);
    } catch (NumberFormatException e) {
      throw malformed(where, lineNo, line, "the timestamp " + EngineKeys.quote(ts)
          + " is not an integer");
    }
    try {
      return new MessageRef(timestamp, id);
    } catch (IllegalArgumentException e) {
      throw malformed(where, lineNo, line, e.getMessage());
    }
  }

  private static IllegalArgumentException malformed(String where, int lineNo, String line,
      String why) {
    return new IllegalArgumentException("message index " + EngineKeys.quote(where) + " line "
        + lineNo + " " + EngineKeys.quote(line) + " is malformed: " + why);
  }

  /** The canonical text of {@code newestFirst}: one {@code "TS ID\n"} line per entry. */
  static String render(List<MessageRef> newestFirst) {
    StringBuilder sb = new StringBuilder(newestFirst.size() * 48);
    for (MessageRef r : newestFirst) {
      sb.append(r.timestamp()).append(' ').append(r.id()).append('\n');
    }
    return sb.toString();
  }
}
