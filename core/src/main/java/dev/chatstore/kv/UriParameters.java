package dev.chatstore.kv;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The parts of store URIs that every backend reads the same way: the {@code name=value}
 * parameters after {@code ?}, their numbers and booleans, percent-decoding, and the location of
 * the file-based schemes ({@code sqlite:}, {@code rocksdb:}).
 *
 * <p>Every error is an {@link IllegalArgumentException} whose message names the parameter, the
 * value and what is expected; the backend's parser prefixes it with the URI.
 */
public final class UriParameters {
  private UriParameters() {}

  /**
   * Splits a query ({@code a=1&b=2}, without the {@code ?}) into its parameters, in order.
   * An empty part (as in a trailing {@code &}) is ignored.
   *
   * @param query the text after {@code ?}, possibly empty
   * @param known the parameter names the backend takes (case-sensitive)
   * @param decode applied to each value (for example {@link #percentDecode}), or the identity
   * @return the parameters by name
   * @throws IllegalArgumentException for a part without {@code =}, an unknown name (listing the
   *     known ones) or a name given twice
   */
  public static Map<String, String> parse(String query, Collection<String> known,
      UnaryOperator<String> decode) {
    Map<String, String> params = new LinkedHashMap<>();
    if (query.isEmpty()) {
      return params;
    }
    for (String part : query.split("&", -1)) {
      if (part.isEmpty()) {
        continue;
      }
      int eq = part.indexOf('=');
      if (eq < 0) {
        throw new IllegalArgumentException("parameter '" + part
            + "' has no value; expected name=value");
      }
      String name = part.substring(0, eq);
      if (!known.contains(name)) {
        throw new IllegalArgumentException("unknown parameter '" + name
            + "'; known parameters are " + String.join(", ", known));
      }
      if (params.containsKey(name)) {
        throw new IllegalArgumentException("parameter '" + name + "' is given more than once");
      }
      params.put(name, decode.apply(part.substring(eq + 1)));
    }
    return params;
  }

  /** The message for a parameter whose value is not what is expected. */
  public static String badValue(String param, String value, String expected) {
    return "parameter '" + param + "' has the invalid value '" + value + "'; expected "
        + expected;
  }

  /**
   * Reads an integer parameter in {@code [min, max]} (surrounding blanks ignored).
   *
   * @throws IllegalArgumentException naming the parameter, the value and {@code expected}
   */
  public static int intValue(String name, String value, int min, int max, String expected) {
    int n;
    try {
      n = Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(badValue(name, value, expected), e);
    }
    if (n < min || n > max) {
      throw new IllegalArgumentException(badValue(name, value, expected));
    }
    return n;
  }

  /**
   * Reads a boolean parameter: {@code true} or {@code false}, in any case.
   *
   * @throws IllegalArgumentException naming the parameter, the value and {@code expected}
   */
  public static boolean booleanValue(String name, String value, String expected) {
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default -> throw new IllegalArgumentException(badValue(name, value, expected));
    };
  }

  /**
   * Percent-decodes {@code text} as UTF-8 ({@code +} stays a plus sign).
   *
   * @param what what the text is, for messages ("password", "parameter 'table'")
   * @throws IllegalArgumentException for a malformed escape (with its index) or bytes that are
   *     not UTF-8
   */
  public static String percentDecode(String text, String what) {
    if (text.indexOf('%') < 0) {
      return text;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c != '%') {
        out.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
        continue;
      }
      int hi = i + 2 < text.length() ? Character.digit(text.charAt(i + 1), 16) : -1;
      int lo = i + 2 < text.length() ? Character.digit(text.charAt(i + 2), 16) : -1;
      if (hi < 0 || lo < 0) {
        throw new IllegalArgumentException(what + " holds a malformed percent escape at index "
            + i + "; expected % followed by two hex digits");
      }
      out.write(hi * 16 + lo);
      i += 2;
    }
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(out.toByteArray())).toString();
    } catch (CharacterCodingException e) {
      throw new IllegalArgumentException(what + " is not valid UTF-8 after percent-decoding", e);
    }
  }

  /**
   * The location and query of a file-based URI {@code scheme:PATH[?query]}, where
   * {@code scheme://rel/path} and {@code scheme:///abs/path} are accepted too. The path is taken
   * literally (no percent-decoding).
   *
   * @param uri the whole URI
   * @param scheme the scheme without the colon, matched without regard to case
   * @param syntax the one-line grammar, quoted in messages
   * @throws IllegalArgumentException when the URI has another scheme, an empty or invalid path
   */
  public static PathUri parsePathUri(String uri, String scheme, String syntax) {
    if (uri == null) {
      throw new IllegalArgumentException(scheme + " URI must not be null; expected " + syntax);
    }
    String prefix = scheme + ":";
    if (!uri.regionMatches(true, 0, prefix, 0, prefix.length())) {
      throw new IllegalArgumentException("'" + uri + "' is not a " + scheme + " URI; expected "
          + syntax);
    }
    String rest = uri.substring(prefix.length());
    int q = rest.indexOf('?');
    String pathText = q < 0 ? rest : rest.substring(0, q);
    String query = q < 0 ? "" : rest.substring(q + 1);
    if (pathText.startsWith("//")) {
      pathText = pathText.substring(2); // scheme://rel/path and scheme:///abs/path
      if (File.separatorChar == '\\' && pathText.matches("/[A-Za-z]:.*")) {
        pathText = pathText.substring(1); // scheme:///C:/data on Windows
      }
    }
    if (pathText.isEmpty()) {
      throw new IllegalArgumentException(scheme + " URI '" + uri
          + "' is invalid: path must not be empty; expected " + syntax);
    }
    try {
      return new PathUri(Path.of(pathText), query);
    } catch (InvalidPathException e) {
      throw new IllegalArgumentException(scheme + " URI '" + uri + "' is invalid: path '"
          + pathText + "' is not a valid path: " + e.getReason(), e);
    }
  }

  /**
   * Splits {@code host[:port]} or {@code [ipv6][:port]} at the colon before the port (the last
   * one, outside brackets). The host is returned without brackets and may be empty; the port
   * text is null when there is none. Checking both is the caller's part.
   *
   * @throws IllegalArgumentException for a {@code [} without {@code ]}, or text after the
   *     {@code ]} that is not {@code :port}
   */
  public static HostPort hostPort(String text) {
    if (!text.startsWith("[")) {
      int colon = text.lastIndexOf(':');
      return colon < 0 ? new HostPort(text, null, false)
          : new HostPort(text.substring(0, colon), text.substring(colon + 1), false);
    }
    int close = text.indexOf(']');
    if (close < 0) {
      throw new IllegalArgumentException("IPv6 host '" + text + "' has no closing ']'");
    }
    String after = text.substring(close + 1);
    if (!after.isEmpty() && !after.startsWith(":")) {
      throw new IllegalArgumentException("unexpected '" + after + "' after the IPv6 host;"
          + " expected :port");
    }
    return new HostPort(text.substring(1, close), after.isEmpty() ? null : after.substring(1),
        true);
  }

  /**
   * A host and its port as written.
   *
   * @param host the host, without brackets
   * @param port the port text, null when none was written
   * @param bracketed whether the host was written in brackets (an IPv6 address)
   */
  public record HostPort(String host, String port, boolean bracketed) {}

  /**
   * The two parts of a file-based URI.
   *
   * @param path the path as written
   * @param query the text after {@code ?}, empty when there is none
   */
  public record PathUri(Path path, String query) {}
}
