package dev.chatstore.cli;

import dev.chatstore.keyspace.Area;
import dev.chatstore.keyspace.Keyspace;
import dev.chatstore.tuple.Subspace;
import dev.chatstore.tuple.Tuple;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * How a store key is written on the command line, and shown by {@code inspect}.
 *
 * <pre>
 * KEY   := TENANT "/" AREA ( "/" PART )*     a key of a tenant's area, as a tuple
 *        | "0x" HEX                            any key, as its raw bytes
 * AREA  := an area name (chat, signal, app_state or app-state, ..., any case) or its tag (7)
 * PART  := "s:" TEXT     a string            s:42 is the string "42"
 *        | "i:" DIGITS   an integer          i:-5
 *        | "x:" HEX      bytes               x:00ff
 *        | "u:" UUID     a UUID
 *        | "b:" true|false  a boolean
 *        | "n:"          null
 *        | TEXT          an integer when it is one (-?[0-9]+ within 64 bits), else a string
 * </pre>
 *
 * In TENANT and TEXT, {@code %XX} is the byte XX of the UTF-8 text: write {@code /} as
 * {@code %2F} and {@code %} as {@code %25}. For example {@code alice:phone/signal/pre-key/1} is
 * the key {@code ("pre-key", 1)} of area SIGNAL of tenant {@code alice:phone}, and
 * {@code alice:phone/chat/msg/120363000000000001@g.us/1763600000000/3EB00} a chat message key.
 * {@link #format} writes every key so that {@link #parse} reads it back to the same bytes; keys
 * outside tenant data, or whose rest is not a tuple, are written in hex.
 */
final class KeyText {
  private static final Pattern INTEGER = Pattern.compile("-?[0-9]{1,19}");
  private static final HexFormat HEX = HexFormat.of();

  private KeyText() {}

  /**
   * The key bytes {@code text} names.
   *
   * @throws IllegalArgumentException naming the text and what was expected
   */
  static byte[] parse(String text) {
    if (text == null || text.isEmpty()) {
      throw new IllegalArgumentException("KEY must not be empty; expected TENANT/AREA/PART..."
          + " or 0xHEX");
    }
    if (text.startsWith("0x")) {
      return hex(text.substring(2), text);
    }
    String[] segments = text.split("/", -1);
    if (segments.length < 2) {
      throw new IllegalArgumentException("KEY '" + text + "' has no area; expected"
          + " TENANT/AREA/PART... (such as alice/signal/pre-key/1) or 0xHEX");
    }
    String tenant = unescape(segments[0], text);
    Area area = area(segments[1], text);
    List<Object> parts = new ArrayList<>();
    parts.add(Keyspace.TENANTS_TAG);
    parts.add(tenant);
    parts.add(area.tag());
    for (int i = 2; i < segments.length; i++) {
      parts.add(part(segments[i], text));
    }
    return Tuple.fromList(parts).pack();
  }

  /** The area named {@code name} (a name in any case, with - or _, or a tag number). */
  static Area area(String name, String context) {
    String n = name.toUpperCase(Locale.ROOT).replace('-', '_');
    try {
      if (INTEGER.matcher(n).matches()) {
        return Area.ofTag(Long.parseLong(n));
      }
      return Area.valueOf(n);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("unknown area '" + name + "' in KEY '" + context
          + "'; expected one of " + List.of(Area.values()).toString().toLowerCase(Locale.ROOT)
          + " or a tag number", e);
    }
  }

  private static Object part(String segment, String context) {
    if (segment.length() >= 2 && segment.charAt(1) == ':') {
      String body = segment.substring(2);
      switch (segment.charAt(0)) {
        case 's' -> {
          return unescape(body, context);
        }
        case 'i' -> {
          try {
            return Long.parseLong(body);
          } catch (NumberFormatException e) {
            throw new IllegalArgumentException("part '" + segment + "' of KEY '" + context
                + "' is not a 64-bit integer", e);
          }
        }
        case 'x' -> {
          return hex(body, context);
        }
        case 'u' -> {
          try {
            return UUID.fromString(body);
          } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("part '" + segment + "' of KEY '" + context
                + "' is not a UUID", e);
          }
        }
        case 'b' -> {
          if (body.equals("true") || body.equals("false")) {
            return Boolean.valueOf(body);
          }
          throw new IllegalArgumentException("part '" + segment + "' of KEY '" + context
              + "' is not b:true or b:false");
        }
        case 'n' -> {
          if (body.isEmpty()) {
            return null;
          }
          throw new IllegalArgumentException("part '" + segment + "' of KEY '" + context
              + "': null is written n: alone");
        }
        default -> {
          // a plain string that happens to hold a colon second
        }
      }
    }
    String s = unescape(segment, context);
    if (INTEGER.matcher(s).matches()) {
      try {
        return Long.parseLong(s);
      } catch (NumberFormatException e) {
        return s; // beyond 64 bits: a string
      }
    }
    return s;
  }

  /** {@code key} in the syntax of {@link #parse}; hex when it is no tuple of tenant data. */
  static String format(byte[] key) {
    Tuple t;
    try {
      t = Tuple.unpack(key);
    } catch (IllegalArgumentException e) {
      return "0x" + HEX.formatHex(key);
    }
    if (t.size() < 3 || !Long.valueOf(Keyspace.TENANTS_TAG).equals(t.get(0))
        || !(t.get(1) instanceof String tenant) || !(t.get(2) instanceof Long tag)
        || tenant.isEmpty()) {
      return "0x" + HEX.formatHex(key);
    }
    Area area;
    try {
      area = Area.ofTag(tag);
    } catch (IllegalArgumentException e) {
      return "0x" + HEX.formatHex(key);
    }
    StringBuilder sb = new StringBuilder();
    sb.append(tenant.startsWith("0x") ? "%30" + escape(tenant.substring(1)) : escape(tenant));
    sb.append('/').append(area.name().toLowerCase(Locale.ROOT));
    for (int i = 3; i < t.size(); i++) {
      sb.append('/').append(formatPart(t.get(i)));
    }
    return sb.toString();
  }

  /** A readable name of the area key {@code relative} of a tenant (the parts after the area). */
  static String formatRelative(String tenant, Area area, byte[] relative) {
    Subspace s = Subspace.of(Keyspace.TENANTS_TAG, tenant, area.tag());
    return format(dev.chatstore.kv.Bytes.concat(s.prefix(), relative));
  }

  private static String formatPart(Object e) {
    return switch (e) {
      case null -> "n:";
      case Long l -> String.valueOf(l);
      case String s -> INTEGER.matcher(s).matches() || s.isEmpty() || hasPrefix(s)
          ? "s:" + escape(s) : escape(s);
      case byte[] b -> "x:" + HEX.formatHex(b);
      case UUID u -> "u:" + u;
      case Boolean b -> "b:" + b;
      default -> throw new IllegalArgumentException("a nested tuple " + e
          + " cannot be written as a KEY part; the key is shown in hex");
    };
  }

  private static boolean hasPrefix(String s) {
    return s.length() >= 2 && s.charAt(1) == ':' && "sixubn".indexOf(s.charAt(0)) >= 0;
  }

  private static String escape(String s) {
    StringBuilder out = new StringBuilder();
    s.codePoints().forEach(cp -> {
      if (cp == '/' || cp == '%' || cp < 0x20 || cp == 0x7F) {
        out.append('%').append(String.format(Locale.ROOT, "%02X", cp));
      } else {
        out.appendCodePoint(cp);
      }
    });
    return out.toString();
  }

  private static String unescape(String s, String context) {
    if (s.indexOf('%') < 0) {
      return s;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] in = s.getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < in.length; i++) {
      if (in[i] != '%') {
        out.write(in[i]);
        continue;
      }
      if (i + 2 >= in.length || !HexFormat.isHexDigit(in[i + 1])
          || !HexFormat.isHexDigit(in[i + 2])) {
        throw new IllegalArgumentException("bad escape at byte " + i + " of '" + s
            + "' in KEY '" + context + "'; expected %XX with two hex digits");
      }
      out.write(HexFormat.fromHexDigit(in[i + 1]) * 16 + HexFormat.fromHexDigit(in[i + 2]));
      i += 2;
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  private static byte[] hex(String digits, String context) {
    try {
      return HEX.parseHex(digits);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("'" + digits + "' in KEY '" + context
          + "' is not an even number of hex digits", e);
    }
  }
}
