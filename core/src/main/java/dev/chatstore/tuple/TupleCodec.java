package dev.chatstore.tuple;

import dev.chatstore.kv.Bytes;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.UUID;

/**
 * The binary encoding of {@link Tuple}s: an order-preserving, canonical codec in the style of
 * FoundationDB's tuple layer. Not instantiable; stateless and therefore thread-safe.
 *
 * <h2>Encoding</h2>
 *
 * <p>A tuple is the concatenation of its encoded elements. Each element starts with a type code:
 *
 * <table>
 *   <caption>Type codes</caption>
 *   <tr><th>Code</th><th>Type</th><th>Body</th></tr>
 *   <tr><td>{@code 0x00}</td><td>null</td><td>none; inside a nested tuple written
 *       {@code 0x00 0xFF} so that it differs from the nested terminator</td></tr>
 *   <tr><td>{@code 0x01}</td><td>byte string</td><td>the bytes, each {@code 0x00} escaped as
 *       {@code 0x00 0xFF}, then a {@code 0x00} terminator</td></tr>
 *   <tr><td>{@code 0x02}</td><td>string</td><td>the UTF-8 bytes, escaped and terminated like a
 *       byte string</td></tr>
 *   <tr><td>{@code 0x05}</td><td>nested tuple</td><td>the encoded elements, then a {@code 0x00}
 *       terminator</td></tr>
 *   <tr><td>{@code 0x0C..0x1C}</td><td>integer</td><td>{@code 0x14} is zero; a positive
 *       {@code n} is {@code 0x14 + len} then the {@code len} big-endian bytes of {@code n}; a
 *       negative {@code n} is {@code 0x14 - len} then the low {@code len} bytes of
 *       {@code n - 1} (the one's complement of {@code |n|}); {@code len} (1..8) is the fewest
 *       bytes that hold {@code |n|}</td></tr>
 *   <tr><td>{@code 0x26}</td><td>false</td><td>none</td></tr>
 *   <tr><td>{@code 0x27}</td><td>true</td><td>none</td></tr>
 *   <tr><td>{@code 0x30}</td><td>UUID</td><td>16 bytes: most then least significant bits,
 *       big-endian</td></tr>
 * </table>
 *
 * <h2>Sort order</h2>
 *
 * <p>Comparing two packings as unsigned bytes gives the same result as {@link
 * Tuple#compareTo(Tuple)} on the tuples: element by element, and a tuple sorts before its
 * extensions. Elements of different types order by type: null &lt; bytes &lt; string &lt;
 * nested tuple &lt; integer &lt; false &lt; true &lt; UUID. Within a type: bytes are unsigned
 * lexicographic; strings are in Unicode code point order (the order of their UTF-8 bytes, which
 * differs from {@link String#compareTo} for supplementary characters); integers are in signed
 * order; UUIDs are in the unsigned order of their 16 bytes, which differs from {@link
 * UUID#compareTo}, a signed comparison of the two halves. No type code is {@code 0xFF}, so
 * {@code pack + 0xFF} is greater than every extension of a packing.
 *
 * <h2>Canonical decoding</h2>
 *
 * <p>Every tuple has exactly one packing, and decoding is strict: a byte array is accepted only
 * when it is the packing of some tuple, so {@code unpack(b).pack()} equals {@code b} whenever
 * {@code unpack(b)} returns. Anything else (unknown type code, missing terminator, truncated
 * body, non-minimal or out-of-range integer, invalid UTF-8, nesting deeper than {@link
 * #MAX_DEPTH}) is an {@link IllegalArgumentException} naming the offset in the input array and
 * what was expected there.
 */
final class TupleCodec {
  /** Type code of null; also the terminator of byte strings, strings and nested tuples. */
  static final int NULL = 0x00;
  /** Type code of a byte string. */
  static final int BYTES = 0x01;
  /** Type code of a UTF-8 string. */
  static final int STRING = 0x02;
  /** Type code of a nested tuple. */
  static final int NESTED = 0x05;
  /** Type code of the most negative integers (8 bytes of magnitude). */
  static final int NEG_INT_8 = 0x0C;
  /** Type code of integer zero; other integers are {@code INT_ZERO +/- byteLength}. */
  static final int INT_ZERO = 0x14;
  /** Type code of the largest positive integers (8 bytes). */
  static final int POS_INT_8 = 0x1C;
  /** Type code of {@code false}. */
  static final int FALSE = 0x26;
  /** Type code of {@code true}. */
  static final int TRUE = 0x27;
  /** Type code of a UUID. */
  static final int UUID_CODE = 0x30;
  /** Terminator of byte strings, strings and nested tuples. */
  static final int TERMINATOR = 0x00;
  /** Follows a {@code 0x00} that is data (escaped zero byte or nested null), not a terminator. */
  static final int ESCAPE = 0xFF;
  /** Number of UUID body bytes. */
  static final int UUID_BYTES = 16;
  /**
   * The deepest nesting allowed: a tuple without nested tuples has depth 1, a tuple holding such
   * a tuple depth 2, and so on. The limit bounds the recursion of encoding, decoding and
   * comparison.
   */
  static final int MAX_DEPTH = 100;

  private static final String EXPECTED_CODES = "expected a type code: 0x00 (null), 0x01 (bytes),"
      + " 0x02 (string), 0x05 (nested tuple), 0x0C..0x1C (integer), 0x26 (false), 0x27 (true)"
      + " or 0x30 (UUID)";

  private TupleCodec() {}

  // ---------------------------------------------------------------------------------- encoding

  private static final byte[] NO_PREFIX = {};

  /** The packing of {@code elements}, which are already normalized and validated. */
  static byte[] pack(Object[] elements) {
    return pack(NO_PREFIX, elements);
  }

  /**
   * {@code prefix} followed by the packing of {@code elements} (already normalized and
   * validated), written into one buffer rather than packed and then concatenated.
   */
  static byte[] pack(byte[] prefix, Object[] elements) {
    Out out = new Out(prefix.length + 16 + 8 * elements.length);
    out.put(prefix);
    for (Object e : elements) {
      encode(out, e, false);
    }
    return out.toArray();
  }

  /**
   * {@code prefix} followed by the packing of the one-integer tuple {@code (n)}: the same bytes
   * as {@code pack(prefix, {n})}, in one array of the exact length.
   */
  static byte[] packLong(byte[] prefix, long n) {
    int len = longLength(n);
    byte[] out = Arrays.copyOf(prefix, prefix.length + 1 + len);
    putLong(out, prefix.length, n, len);
    return out;
  }

  /** Writes integer {@code n} of {@code len} body bytes ({@link #longLength}) at {@code p}. */
  private static void putLong(byte[] out, int p, long n, int len) {
    out[p] = (byte) (n >= 0 ? INT_ZERO + len : INT_ZERO - len);
    long body = n >= 0 ? n : n - 1;
    for (int at = p + len; at > p; at--) {
      out[at] = (byte) body;
      body >>>= 8;
    }
  }

  /**
   * {@code prefix} followed by the packing of a tuple of byte strings {@code parts}: the same
   * bytes as {@code pack(prefix, parts)}, in one array of the exact length.
   */
  static byte[] packBytes(byte[] prefix, byte[][] parts) {
    return packBytes(prefix, parts, 0);
  }

  /**
   * {@code prefix} followed by the packing of the tuple {@code (parts..., n)}: the same bytes as
   * {@code pack(prefix, {parts..., n})}, in one array of the exact length.
   */
  static byte[] packBytesLong(byte[] prefix, byte[][] parts, long n) {
    int len = longLength(n);
    byte[] out = packBytes(prefix, parts, 1 + len);
    putLong(out, out.length - 1 - len, n, len);
    return out;
  }

  /** {@link #packBytes(byte[], byte[][])} with {@code extra} bytes left at the end. */
  private static byte[] packBytes(byte[] prefix, byte[][] parts, int extra) {
    int len = prefix.length + extra;
    int nuls = 0;
    for (byte[] b : parts) {
      len += b.length + 2;
      nuls += nuls(b);
    }
    byte[] out = Arrays.copyOf(prefix, len + nuls);
    int at = prefix.length;
    for (byte[] b : parts) {
      out[at++] = BYTES;
      if (nuls == 0) { // nothing to escape: the usual case of ids
        System.arraycopy(b, 0, out, at, b.length);
        at += b.length;
      } else {
        // copy the runs between NULs whole, each NUL followed by its escape
        int from = 0;
        for (int i = 0; i < b.length; i++) {
          if (b[i] == 0) {
            System.arraycopy(b, from, out, at, i + 1 - from);
            at += i + 1 - from;
            out[at++] = (byte) ESCAPE;
            from = i + 1;
          }
        }
        System.arraycopy(b, from, out, at, b.length - from);
        at += b.length - from;
      }
      out[at++] = TERMINATOR;
    }
    return out;
  }

  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long ONES = 0x0101_0101_0101_0101L;
  private static final long HIGHS = 0x8080_8080_8080_8080L;

  /**
   * The number of zero bytes in {@code b}: eight bytes at a time, counting byte by byte only in
   * a word that holds a zero byte (rare in ids: one 8-byte word in 32 has one).
   */
  static int nuls(byte[] b) {
    int n = 0;
    int i = 0;
    for (int end = b.length - 7; i < end; i += 8) {
      long w = (long) LONGS.get(b, i);
      if (((w - ONES) & ~w & HIGHS) != 0) { // some byte of w is zero
        for (int j = i; j < i + 8; j++) {
          n += b[j] == 0 ? 1 : 0;
        }
      }
    }
    for (; i < b.length; i++) {
      n += b[i] == 0 ? 1 : 0;
    }
    return n;
  }

  /**
   * {@code prefix} followed by the packing of the one-string tuple {@code (s)} when {@code s} is
   * ASCII without NUL (its UTF-8 is its chars, nothing to escape), in one array of the exact
   * length; null for any other string, which takes the general path.
   */
  static byte[] packAsciiString(byte[] prefix, String s) {
    int p = prefix.length;
    int n = s.length();
    byte[] out = Arrays.copyOf(prefix, p + n + 2);
    out[p] = STRING;
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c == 0 || c >= 0x80) {
        return null;
      }
      out[p + 1 + i] = (byte) c;
    }
    return out; // the last byte is already the terminator, 0x00
  }

  /** The number of body bytes of integer {@code n}: the fewest that hold {@code |n|}, 0 for 0. */
  private static int longLength(long n) {
    // -Long.MIN_VALUE wraps to Long.MIN_VALUE, which read as unsigned is 2^63: 8 bytes.
    long magnitude = n > 0 ? n : -n;
    return (Long.SIZE - Long.numberOfLeadingZeros(magnitude) + 7) / 8;
  }

  private static void encode(Out out, Object v, boolean nested) {
    if (v == null) {
      out.put(NULL);
      if (nested) {
        out.put(ESCAPE);
      }
    } else if (v instanceof byte[] b) {
      out.put(BYTES);
      for (byte x : b) {
        out.put(x);
        if (x == 0) {
          out.put(ESCAPE);
        }
      }
      out.put(TERMINATOR);
    } else if (v instanceof String s) {
      out.put(STRING);
      encodeUtf8(out, s);
      out.put(TERMINATOR);
    } else if (v instanceof Tuple t) {
      out.put(NESTED);
      for (Object e : t.elements()) {
        encode(out, e, true);
      }
      out.put(TERMINATOR);
    } else if (v instanceof Long n) {
      encodeLong(out, n);
    } else if (v instanceof Boolean b) {
      out.put(b ? TRUE : FALSE);
    } else if (v instanceof UUID u) {
      out.put(UUID_CODE);
      out.putLong(u.getMostSignificantBits());
      out.putLong(u.getLeastSignificantBits());
    } else {
      throw new AssertionError("unnormalized tuple element " + v.getClass().getName());
    }
  }

  private static void encodeLong(Out out, long n) {
    if (n == 0) {
      out.put(INT_ZERO);
      return;
    }
    int len = longLength(n);
    long body = n > 0 ? n : n - 1;
    out.put(n > 0 ? INT_ZERO + len : INT_ZERO - len);
    for (int i = len - 1; i >= 0; i--) {
      out.put((byte) (body >>> (8 * i)));
    }
  }

  /** Writes {@code s} as UTF-8 with every 0x00 escaped; {@code s} has no unpaired surrogate. */
  private static void encodeUtf8(Out out, String s) {
    int n = s.length();
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c == 0) {
        out.put(0);
        out.put(ESCAPE);
      } else if (c < 0x80) {
        out.put(c);
      } else if (c < 0x800) {
        out.put(0xC0 | (c >>> 6));
        out.put(0x80 | (c & 0x3F));
      } else if (Character.isHighSurrogate(c)) {
        int cp = Character.toCodePoint(c, s.charAt(++i));
        out.put(0xF0 | (cp >>> 18));
        out.put(0x80 | ((cp >>> 12) & 0x3F));
        out.put(0x80 | ((cp >>> 6) & 0x3F));
        out.put(0x80 | (cp & 0x3F));
      } else {
        out.put(0xE0 | (c >>> 12));
        out.put(0x80 | ((c >>> 6) & 0x3F));
        out.put(0x80 | (c & 0x3F));
      }
    }
  }

  /** The index of the first unpaired surrogate in {@code s}, or -1 when it is well-formed. */
  static int unpairedSurrogateIndex(String s) {
    int n = s.length();
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c)) {
        if (i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
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

  // ---------------------------------------------------------------------------------- decoding

  /**
   * Decodes {@code bytes[offset, offset + length)}; the bounds are already checked. Offsets in
   * error messages are indexes into {@code bytes}.
   */
  static Tuple unpack(byte[] bytes, int offset, int length) {
    In in = new In(bytes, offset, offset + length);
    ArrayList<Object> items = new ArrayList<>();
    while (in.pos < in.end) {
      items.add(decodeElement(in, 1));
    }
    return Tuple.trusted(items.toArray());
  }

  /** Decodes the element at {@code in.pos}, inside a tuple of nesting depth {@code depth}. */
  private static Object decodeElement(In in, int depth) {
    int start = in.pos;
    int code = in.b[in.pos++] & 0xFF;
    switch (code) {
      case NULL:
        return null; // top level only: a nested tuple reads its 0x00 bytes itself
      case BYTES:
        return readEscaped(in, start, "byte string");
      case STRING:
        return decodeString(in, start);
      case NESTED:
        return decodeNested(in, start, depth + 1);
      case FALSE:
        return Boolean.FALSE;
      case TRUE:
        return Boolean.TRUE;
      case UUID_CODE:
        return decodeUuid(in, start);
      default:
        if (code >= NEG_INT_8 && code <= POS_INT_8) {
          return decodeLong(in, start, code);
        }
        if (code == ESCAPE) {
          throw malformed(in, start, "unexpected byte 0xFF, which is valid only right after 0x00"
              + " inside a byte string, a string or a nested tuple; " + EXPECTED_CODES);
        }
        throw malformed(in, start,
            String.format("unknown type code 0x%02X; %s", code, EXPECTED_CODES));
    }
  }

  private static Tuple decodeNested(In in, int start, int depth) {
    if (depth > MAX_DEPTH) {
      throw malformed(in, start, "nested tuple would have nesting depth " + depth
          + "; expected at most " + MAX_DEPTH);
    }
    ArrayList<Object> items = new ArrayList<>();
    while (true) {
      if (in.pos >= in.end) {
        throw malformed(in, in.pos, "input ends; expected the 0x00 terminator of the nested"
            + " tuple that starts at offset " + start);
      }
      if (in.b[in.pos] == 0) {
        if (in.pos + 1 < in.end && in.b[in.pos + 1] == (byte) ESCAPE) {
          items.add(null);
          in.pos += 2;
        } else {
          in.pos++;
          return Tuple.trusted(items.toArray());
        }
      } else {
        items.add(decodeElement(in, depth));
      }
    }
  }

  /** Reads an escaped, terminated body starting at {@code in.pos}; returns it unescaped. */
  private static byte[] readEscaped(In in, int start, String what) {
    byte[] b = in.b;
    int i = in.pos;
    int count = 0;
    while (true) {
      if (i >= in.end) {
        throw malformed(in, i, "input ends; expected the 0x00 terminator of the " + what
            + " that starts at offset " + start);
      }
      if (b[i] == 0) {
        if (i + 1 < in.end && b[i + 1] == (byte) ESCAPE) {
          i += 2;
        } else {
          break;
        }
      } else {
        i++;
      }
      count++;
    }
    byte[] out = new byte[count];
    int j = 0;
    for (int k = in.pos; k < i; k++) {
      out[j++] = b[k];
      if (b[k] == 0) {
        k++; // skip the escape
      }
    }
    in.pos = i + 1;
    return out;
  }

  private static String decodeString(In in, int start) {
    int contentStart = in.pos;
    byte[] utf8 = readEscaped(in, start, "string");
    CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer src = ByteBuffer.wrap(utf8);
    CharBuffer dst = CharBuffer.allocate(utf8.length); // UTF-8 never yields more chars than bytes
    CoderResult result = decoder.decode(src, dst, true);
    if (result.isUnderflow()) {
      result = decoder.flush(dst);
    }
    if (!result.isUnderflow()) {
      int bad = offsetOfUnescaped(in.b, contentStart, src.position());
      throw malformed(in, bad, "invalid UTF-8 in the string that starts at offset " + start
          + " (" + result + "); expected well-formed UTF-8 in shortest form");
    }
    dst.flip();
    return dst.toString();
  }

  /** The input offset of the {@code index}-th unescaped byte of a body at {@code from}. */
  private static int offsetOfUnescaped(byte[] b, int from, int index) {
    int i = from;
    for (int k = 0; k < index; k++) {
      i += b[i] == 0 ? 2 : 1;
    }
    return i;
  }

  private static long decodeLong(In in, int start, int code) {
    if (code == INT_ZERO) {
      return 0L;
    }
    boolean positive = code > INT_ZERO;
    int len = positive ? code - INT_ZERO : INT_ZERO - code;
    int remaining = in.end - in.pos;
    if (remaining < len) {
      throw malformed(in, start, String.format("truncated integer: type code 0x%02X expects %d"
          + " bytes, only %d remain", code, len, remaining));
    }
    int first = in.b[in.pos] & 0xFF;
    long body = 0;
    for (int i = 0; i < len; i++) {
      body = (body << 8) | (in.b[in.pos + i] & 0xFF);
    }
    long value;
    if (positive) {
      if (first == 0) {
        throw malformed(in, start, String.format("non-minimal integer: type code 0x%02X with a"
            + " leading 0x00 byte; expected the shortest encoding", code));
      }
      if (len == 8 && first >= 0x80) {
        throw malformed(in, start, "integer exceeds Long.MAX_VALUE; expected a value that fits"
            + " a signed 64-bit long");
      }
      value = body;
    } else {
      if (first == 0xFF) {
        throw malformed(in, start, String.format("non-minimal integer: type code 0x%02X with a"
            + " leading 0xFF byte; expected the shortest encoding", code));
      }
      long mask = len == 8 ? -1L : (1L << (8 * len)) - 1;
      long magnitude = ~body & mask;
      if (len == 8 && Long.compareUnsigned(magnitude, Long.MIN_VALUE) > 0) {
        throw malformed(in, start, "integer is below Long.MIN_VALUE; expected a value that fits"
            + " a signed 64-bit long");
      }
      value = -magnitude;
    }
    in.pos += len;
    return value;
  }

  private static UUID decodeUuid(In in, int start) {
    int remaining = in.end - in.pos;
    if (remaining < UUID_BYTES) {
      throw malformed(in, start, "truncated UUID: expected " + UUID_BYTES
          + " bytes after the type code, only " + remaining + " remain");
    }
    long msb = 0;
    long lsb = 0;
    for (int i = 0; i < 8; i++) {
      msb = (msb << 8) | (in.b[in.pos + i] & 0xFF);
      lsb = (lsb << 8) | (in.b[in.pos + 8 + i] & 0xFF);
    }
    in.pos += UUID_BYTES;
    return new UUID(msb, lsb);
  }

  private static IllegalArgumentException malformed(In in, int offset, String what) {
    byte[] shown = Arrays.copyOfRange(in.b, in.start, in.end);
    return new IllegalArgumentException("malformed tuple at offset " + offset + ": " + what
        + " (input " + Bytes.show(shown) + (in.start == 0 ? "" : " from offset " + in.start)
        + ")");
  }

  /** A read position in a window of an array. Confined to one decode call. */
  private static final class In {
    final byte[] b;
    final int start;
    final int end;
    int pos;

    In(byte[] b, int start, int end) {
      this.b = b;
      this.start = start;
      this.end = end;
      this.pos = start;
    }
  }

  /** A growable output buffer. Confined to one encode call. */
  private static final class Out {
    private byte[] buf;
    private int size;

    Out(int capacity) {
      buf = new byte[capacity];
    }

    void put(int b) {
      if (size == buf.length) {
        buf = Arrays.copyOf(buf, buf.length * 2);
      }
      buf[size++] = (byte) b;
    }

    void put(byte[] bytes) {
      if (buf.length - size < bytes.length) {
        buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + bytes.length));
      }
      System.arraycopy(bytes, 0, buf, size, bytes.length);
      size += bytes.length;
    }

    void putLong(long v) {
      for (int i = 7; i >= 0; i--) {
        put((int) (v >>> (8 * i)));
      }
    }

    byte[] toArray() {
      return size == buf.length ? buf : Arrays.copyOf(buf, size);
    }
  }
}
