package dev.chatstore.jobs;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The rules for job ids. A job's id names its folder under the root, so an id is a plain file
 * name on every operating system: 1 to {@value #MAX_LENGTH} ASCII letters, digits, {@code .},
 * {@code _} and {@code -}, starting with a letter or digit (so never {@code .}, {@code ..}, a
 * hidden name or an option-like name), and not a device name Windows reserves ({@code CON},
 * {@code NUL}, {@code COM1}, ... with or without an extension). Ids are case-sensitive; on a
 * case-insensitive file system, ids that differ only in case name the same folder, so use one
 * spelling per job.
 */
final class JobIds {
  /** Longest job id, in chars. */
  static final int MAX_LENGTH = 128;

  private static final Pattern ALLOWED = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
  private static final Set<String> WINDOWS_DEVICES = Set.of("con", "prn", "aux", "nul",
      "com1", "com2", "com3", "com4", "com5", "com6", "com7", "com8", "com9",
      "lpt1", "lpt2", "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9");
  private static final String EXPECTED = "expected 1 to " + MAX_LENGTH + " ASCII letters, digits,"
      + " '.', '_' or '-', starting with a letter or digit";

  private JobIds() {}

  /**
   * Returns {@code id} when it is a valid job id.
   *
   * @throws IllegalArgumentException naming the id and what is expected
   */
  static String check(String id) {
    if (id == null) {
      throw new IllegalArgumentException("job id must not be null; " + EXPECTED);
    }
    if (id.isEmpty() || id.length() > MAX_LENGTH) {
      throw new IllegalArgumentException("job id of " + id.length() + " chars is invalid; "
          + EXPECTED);
    }
    if (!ALLOWED.matcher(id).matches()) {
      throw new IllegalArgumentException("job id '" + printable(id) + "' is invalid (it could"
          + " name a path outside its folder or an unportable file name); " + EXPECTED);
    }
    int dot = id.indexOf('.');
    String base = (dot < 0 ? id : id.substring(0, dot)).toLowerCase(Locale.ROOT);
    if (WINDOWS_DEVICES.contains(base)) {
      throw new IllegalArgumentException("job id '" + id + "' is a device name reserved by"
          + " Windows; choose another id");
    }
    return id;
  }

  private static String printable(String id) {
    StringBuilder sb = new StringBuilder();
    id.codePoints().limit(MAX_LENGTH + 1L).forEach(c -> {
      if (c < 0x20 || c == 0x7F) {
        sb.append(String.format("\\u%04X", c));
      } else {
        sb.appendCodePoint(c);
      }
    });
    return sb.toString();
  }
}
