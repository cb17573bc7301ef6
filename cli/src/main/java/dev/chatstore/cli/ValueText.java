package dev.chatstore.cli;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;
import dev.chatstore.tuple.Tuple;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Locale;

/**
 * How {@code inspect} shows a stored value, trying in order:
 * <ol>
 *   <li>empty: {@code (empty)};</li>
 *   <li>a JSON object or array (documents, JSON records): pretty-printed JSON;</li>
 *   <li>a CBOR map (records of the chat database): shown as JSON, byte strings in base64;</li>
 *   <li>a tuple packing (counters, versions, lists of ids): the tuple;</li>
 *   <li>a short binary header (at most 32 bytes, such as the Engine's record kind and stamp)
 *       followed by a JSON object or array: the header in hex, then the JSON;</li>
 *   <li>printable UTF-8 text: the text, quoted as JSON;</li>
 *   <li>anything else: a hex dump, 16 bytes a line with offsets, cut after {@code maxBytes}.</li>
 * </ol>
 */
final class ValueText {
  static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final ObjectMapper CBOR = new CBORMapper();
  private static final int MAX_HEADER = 32;

  private ValueText() {}

  /** What the value is ({@code json}, {@code tuple}, {@code header+json}, {@code text}, {@code bytes}, {@code empty}) and its rendering. */
  record Shown(String kind, String text) {}

  static Shown show(byte[] value, int maxBytes) {
    if (value.length == 0) {
      return new Shown("empty", "(empty)");
    }
    JsonNode whole = json(value, 0);
    if (whole != null) {
      return new Shown("json", pretty(whole));
    }
    JsonNode cbor = cbor(value);
    if (cbor != null) {
      return new Shown("cbor", pretty(cbor));
    }
    try {
      Tuple t = Tuple.unpack(value);
      return new Shown("tuple", t.toString());
    } catch (IllegalArgumentException notATuple) {
      // next
    }
    for (int i = 1; i <= Math.min(MAX_HEADER, value.length - 1); i++) {
      if (value[i] == '{' || value[i] == '[') {
        JsonNode tail = json(value, i);
        if (tail != null) {
          return new Shown("header+json", "header 0x" + HexFormat.of().formatHex(value, 0, i)
              + System.lineSeparator() + pretty(tail));
        }
      }
    }
    String text = printable(value);
    if (text != null) {
      try {
        return new Shown("text", JSON.writeValueAsString(text));
      } catch (JsonProcessingException e) {
        throw new IllegalStateException(e);
      }
    }
    return new Shown("bytes", hexDump(value, maxBytes));
  }

  /** A CBOR map (the chat database's records), read whole; null when it is none. */
  private static JsonNode cbor(byte[] value) {
    int major = value[0] & 0xE0;
    if (major != 0xA0) {
      return null;
    }
    try (JsonParser p = CBOR.createParser(value)) {
      JsonNode n = CBOR.readTree(p);
      boolean whole = p.nextToken() == null
          && p.currentLocation().getByteOffset() == value.length;
      return n != null && n.isObject() && whole ? n : null;
    } catch (java.io.IOException | RuntimeException e) {
      return null;
    }
  }

  private static JsonNode json(byte[] value, int offset) {
    byte first = value[offset];
    if (first != '{' && first != '[') {
      return null;
    }
    try {
      JsonNode n = JSON.readTree(value, offset, value.length - offset);
      return n != null && n.isContainerNode() ? n : null;
    } catch (java.io.IOException e) {
      return null;
    }
  }

  private static String pretty(JsonNode n) {
    try {
      return JSON.writeValueAsString(n);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The value as text when it is valid UTF-8 without control characters (tabs and new lines aside). */
  private static String printable(byte[] value) {
    String s;
    try {
      s = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(value))
          .toString();
    } catch (CharacterCodingException e) {
      return null;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isISOControl(c) && c != '\n' && c != '\t' && c != '\r') {
        return null;
      }
    }
    return s;
  }

  /** Offsets, 16 bytes in hex and their ASCII, a line each; cut after {@code maxBytes}. */
  static String hexDump(byte[] value, int maxBytes) {
    StringBuilder sb = new StringBuilder();
    int shown = Math.min(value.length, maxBytes);
    for (int off = 0; off < shown; off += 16) {
      int end = Math.min(shown, off + 16);
      sb.append(String.format(Locale.ROOT, "%08x  ", off));
      for (int i = off; i < off + 16; i++) {
        sb.append(i < end ? String.format(Locale.ROOT, "%02x ", value[i] & 0xFF) : "   ");
      }
      sb.append(' ');
      for (int i = off; i < end; i++) {
        int c = value[i] & 0xFF;
        sb.append(c >= 0x20 && c < 0x7F ? (char) c : '.');
      }
      sb.append(System.lineSeparator());
    }
    if (shown < value.length) {
      sb.append(String.format(Locale.ROOT, "... %,d more bytes", value.length - shown))
          .append(System.lineSeparator());
    }
    return sb.toString().stripTrailing();
  }
}
