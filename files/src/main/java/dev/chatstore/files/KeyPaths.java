package dev.chatstore.files;

import dev.chatstore.engine.EngineKeys;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The rules that turn an {@link dev.chatstore.engine.Engine} key into the file names of the
 * original FileEngine's layout, and file names back into keys.
 *
 * <p>A key {@code chat/123@s.whatsapp.net/index} is the file
 * {@code chat/123_at_s.whatsapp.net/index} under the session folder: the key is split at
 * {@code /} and every {@code @} is written as {@code _at_}. The mapping back replaces every
 * {@code _at_} (left to right) with {@code @}, as the original does; a key whose file name
 * would read back as another key is refused (see {@link #fileNames(String)}).
 *
 * <p>Stateless and thread-safe.
 */
final class KeyPaths {
  /** Largest key, in UTF-8 bytes of the key as given: every engine's limit. */
  static final int MAX_KEY_BYTES = EngineKeys.MAX_KEY_BYTES;
  /** Largest file or folder name, in UTF-8 bytes (ext4, XFS, APFS, NTFS all allow 255). */
  static final int MAX_NAME_BYTES = 255;
  /** How the layout writes {@code @} in file names. */
  static final String AT = "_at_";
  /** Whether this JVM runs on Windows, whose file names forbid more characters. */
  static final boolean WINDOWS = File.separatorChar == '\\';

  /** Temporary files: {@code .{name}.tmp-{16 hex digits}}, in the folder of their target. */
  private static final Pattern TEMP = Pattern.compile("\\..*\\.tmp-[0-9a-f]{16}", Pattern.DOTALL);
  private static final String TEMP_MARK = ".tmp-";
  private static final int TEMP_SUFFIX_BYTES = 1 + TEMP_MARK.length() + 16;
  private static final String WINDOWS_FORBIDDEN = "<>:\"|?*";
  private static final Set<String> WINDOWS_DEVICES = Set.of("CON", "PRN", "AUX", "NUL",
      "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9",
      "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9");

  private KeyPaths() {}

  /**
   * The file names (folders, then the file) that hold {@code key}, after checking that the
   * key is one the layout can hold.
   *
   * @throws IllegalArgumentException naming the key and the rule it breaks, when the key breaks
   *     a rule of every engine ({@link EngineKeys#checkKey}: null, empty, over
   *     {@value #MAX_KEY_BYTES} UTF-8 bytes, an empty, {@code .} or {@code ..} segment, a control
   *     character, an unpaired surrogate), or contains {@code \}, or has a segment whose file name is over
   *     {@value #MAX_NAME_BYTES} UTF-8 bytes or has the form of a temporary file; contains
   *     {@code _at_} or {@code _at@} (its file name would read back as another key); or, on
   *     Windows, uses a character or a device name that Windows file names cannot hold
   */
  static List<String> fileNames(String key) {
    EngineKeys.checkKey(key);
    checkBackslash(key);
    List<String> names = new ArrayList<>();
    int start = 0;
    while (true) {
      int slash = key.indexOf('/', start);
      String segment = slash < 0 ? key.substring(start) : key.substring(start, slash);
      names.add(fileName(key, segment));
      if (slash < 0) {
        return names;
      }
      start = slash + 1;
    }
  }

  /** The file name of one segment of {@code key}, checked. */
  private static String fileName(String key, String segment) {
    String name = segment.replace("@", AT);
    String readBack = name.replace(AT, "@");
    if (!readBack.equals(segment)) {
      throw new IllegalArgumentException("key " + show(key) + " cannot be held by the file layout:"
          + " its segment "
          + show(segment) + " becomes the file name " + show(name) + ", which reads back as "
          + show(readBack) + " (the layout writes '@' as '" + AT + "', so keys must not contain '"
          + AT + "' or '_at@')");
    }
    int bytes = name.getBytes(StandardCharsets.UTF_8).length;
    if (bytes > MAX_NAME_BYTES) {
      throw new IllegalArgumentException("key " + show(key) + " has the segment " + show(segment)
          + " whose file name is " + bytes + " bytes in UTF-8 ('@' written as '" + AT
          + "'); the limit is " + MAX_NAME_BYTES + " bytes per name");
    }
    if (isTempName(name)) {
      throw new IllegalArgumentException("key " + show(key) + " has the segment " + show(segment)
          + ", which has the form of a temporary file name ('.{name}.tmp-{16 hex digits}')"
          + " that the engine deletes when it opens the folder");
    }
    if (WINDOWS) {
      checkWindowsName(key, segment);
    }
    return name;
  }

  private static void checkBackslash(String key) {
    int i = key.indexOf('\\');
    if (i >= 0) {
      throw new IllegalArgumentException("key " + show(key) + " contains '\\' at index " + i
          + ", a path separator on Windows, refused everywhere so that a session folder can move"
          + " between systems; use '/' to nest keys");
    }
  }

  private static void checkWindowsName(String key, String segment) {
    for (int i = 0; i < segment.length(); i++) {
      if (WINDOWS_FORBIDDEN.indexOf(segment.charAt(i)) >= 0) {
        throw new IllegalArgumentException("key " + show(key) + " contains '" + segment.charAt(i)
            + "', which Windows file names cannot hold (" + WINDOWS_FORBIDDEN + ")");
      }
    }
    char last = segment.charAt(segment.length() - 1);
    if (last == '.' || last == ' ') {
      throw new IllegalArgumentException("key " + show(key) + " has the segment " + show(segment)
          + " ending in '" + last + "', which Windows drops from file names");
    }
    int dot = segment.indexOf('.');
    String stem = (dot < 0 ? segment : segment.substring(0, dot)).trim().toUpperCase(Locale.ROOT);
    if (WINDOWS_DEVICES.contains(stem)) {
      throw new IllegalArgumentException("key " + show(key) + " has the segment " + show(segment)
          + ", a reserved device name on Windows");
    }
  }

  /**
   * The key held by the file at {@code names} (relative to the session folder), or {@code null}
   * when those names are not the file names of any key (a file the engine did not write).
   */
  static String keyOf(List<String> names) {
    StringBuilder key = new StringBuilder();
    for (String name : names) {
      if (!key.isEmpty()) {
        key.append('/');
      }
      key.append(name.replace(AT, "@"));
    }
    String candidate = key.toString();
    try {
      return fileNames(candidate).equals(names) ? candidate : null;
    } catch (IllegalArgumentException notAKey) {
      return null;
    }
  }

  /** Whether {@code name} is the name of a temporary file ({@code .{name}.tmp-{16 hex}}). */
  static boolean isTempName(String name) {
    return name.startsWith(".") && name.contains(TEMP_MARK) && TEMP.matcher(name).matches();
  }

  /**
   * A fresh temporary file name for the file {@code name}: {@code .{name}.tmp-{random}}, with
   * {@code name} shortened when the whole would exceed {@value #MAX_NAME_BYTES} bytes.
   */
  static String tempName(String name, long random) {
    String stem = name;
    while (stem.getBytes(StandardCharsets.UTF_8).length + TEMP_SUFFIX_BYTES > MAX_NAME_BYTES) {
      int cut = stem.length() - 1;
      if (Character.isLowSurrogate(stem.charAt(cut)) && cut > 0) {
        cut--;
      }
      stem = stem.substring(0, cut);
    }
    return "." + stem + TEMP_MARK + HexFormat.of().toHexDigits(random);
  }

  /**
   * Checks a session name: one folder name, verbatim (the original does not map {@code @} in
   * it), at most 200 UTF-8 bytes so that the engine's {@code .{session}.chatstore} folder fits,
   * and not itself of that form.
   */
  static String checkSession(String session) {
    if (session == null) {
      throw new IllegalArgumentException("session must not be null");
    }
    if (session.isEmpty() || session.equals(".") || session.equals("..")
        || session.indexOf('/') >= 0 || session.indexOf('\\') >= 0) {
      throw new IllegalArgumentException("session " + show(session) + " must be one folder name:"
          + " not empty, not '.' or '..', without '/' or '\\'");
    }
    if (session.startsWith(".") && session.endsWith(".chatstore")) {
      throw new IllegalArgumentException("session " + show(session) + " has the form"
          + " '.{session}.chatstore' of the folder where the engine keeps a session's own files");
    }
    for (int i = 0; i < session.length(); i++) {
      if (Character.isISOControl(session.charAt(i))) {
        throw new IllegalArgumentException("session " + show(session)
            + " contains a control character at index " + i);
      }
    }
    int bytes = session.getBytes(StandardCharsets.UTF_8).length;
    if (bytes > 200) {
      throw new IllegalArgumentException("session " + show(session) + " is " + bytes
          + " bytes in UTF-8; the limit is 200 bytes");
    }
    return session;
  }

  /** {@code s} quoted, with control characters escaped, cut when very long. */
  static String show(String s) {
    StringBuilder out = new StringBuilder("\"");
    int shown = Math.min(s.length(), 120);
    for (int i = 0; i < shown; i++) {
      char c = s.charAt(i);
      if (Character.isISOControl(c) || Character.isSurrogate(c)
          && !(Character.isHighSurrogate(c) && i + 1 < s.length()
              && Character.isLowSurrogate(s.charAt(i + 1)))
          && !(Character.isLowSurrogate(c) && i > 0 && Character.isHighSurrogate(s.charAt(i - 1)))) {
        out.append(String.format("\\u%04X", (int) c));
      } else {
        out.append(c);
      }
    }
    if (shown < s.length()) {
      out.append("...(").append(s.length()).append(" chars)");
    }
    return out.append('"').toString();
  }

  /**
   * The error for storing {@code key} where {@code other} is its parent holding a value, or a
   * key under it: a file cannot also be a folder.
   */
  static IllegalArgumentException conflict(String key, String other) {
    boolean otherIsParent = key.startsWith(other + "/");
    return new IllegalArgumentException("cannot store the key " + show(key) + ": "
        + (otherIsParent
            ? "the key " + show(other) + " holds a value, and a value cannot also be a"
                + " parent of keys (a file is not a folder); delete " + show(other)
                + " first"
            : "the key " + show(other) + " is under it, and a parent of keys cannot also"
                + " hold a value (a folder is not a file); delete " + show(key + "/")
                + "... first"));
  }
}
