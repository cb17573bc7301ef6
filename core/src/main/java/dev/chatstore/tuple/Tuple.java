package dev.chatstore.tuple;

import dev.chatstore.kv.KeyRange;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * An immutable list of elements that packs into an order-preserving byte key, in the style of
 * FoundationDB's tuple layer.
 *
 * <p>Elements are {@code null}, {@code byte[]}, {@link String}, integers ({@link Long}; {@link
 * Integer}, {@link Short} and {@link Byte} are accepted and stored as {@code Long}), {@link
 * Boolean}, {@link UUID} and nested {@code Tuple}s, nested at most 100 deep. Strings must be
 * well-formed UTF-16 (no unpaired surrogate) and may contain any character, NUL included. Byte
 * arrays are copied in and out, so a tuple never shares a mutable array with its callers.
 *
 * <p>The order of {@link #compareTo} is defined on the values: element by element, a tuple
 * before its extensions; elements of different types by type (null &lt; bytes &lt; string &lt;
 * tuple &lt; integer &lt; false &lt; true &lt; UUID); bytes unsigned lexicographically; strings
 * by Unicode code point (not {@link String#compareTo}, which compares UTF-16 units); integers
 * signed; UUIDs as their 16 big-endian bytes, unsigned (not {@link UUID#compareTo}, which is
 * signed). {@link #pack()} preserves this order: {@code a.compareTo(b)} and the unsigned
 * comparison of {@code a.pack()} and {@code b.pack()} always have the same sign.
 *
 * <p>Tuples are immutable and thread-safe. Methods throw {@link NullPointerException} for null
 * arguments except element values, where {@code null} is a legal element.
 */
public final class Tuple implements Comparable<Tuple> {
  private static final Tuple EMPTY = new Tuple(new Object[0]);
  private static final int SHOWN_IN_ERRORS = 200;
  private static final String ACCEPTED = "null, byte[], String, Long, Integer, Short, Byte,"
      + " Boolean, UUID or Tuple";

  /** Normalized elements; byte arrays are owned by this tuple and never leave it. */
  private final Object[] elements;
  private final int depth;
  /** Cached hash code; 0 means not yet computed. Racy but benign: every thread computes alike. */
  private int hash;

  private Tuple(Object[] elements) {
    this.elements = elements;
    int d = 1;
    for (Object e : elements) {
      if (e instanceof Tuple t) {
        d = Math.max(d, t.depth + 1);
      }
    }
    if (d > TupleCodec.MAX_DEPTH) {
      throw new IllegalArgumentException("tuple nesting depth " + d + " exceeds the maximum of "
          + TupleCodec.MAX_DEPTH);
    }
    this.depth = d;
  }

  /** Wraps already normalized elements (from the decoder) without copying them. */
  static Tuple trusted(Object[] elements) {
    return elements.length == 0 ? EMPTY : new Tuple(elements);
  }

  /** The normalized elements, not copied: for the codec only, which never modifies them. */
  Object[] elements() {
    return elements;
  }

  /** The tuple with no elements. */
  public static Tuple empty() {
    return EMPTY;
  }

  /**
   * A tuple of the given elements, in order. Pass {@code Tuple.of((Object) null)} for a tuple
   * holding one null.
   *
   * @throws IllegalArgumentException if an element has an unsupported type, is a string with
   *     an unpaired surrogate, or nests tuples deeper than 100
   * @throws NullPointerException if {@code items} itself is null
   */
  public static Tuple of(Object... items) {
    Objects.requireNonNull(items,
        "items array is null; use Tuple.of((Object) null) for a tuple holding one null");
    if (items.length == 0) {
      return EMPTY;
    }
    Object[] normalized = new Object[items.length];
    for (int i = 0; i < items.length; i++) {
      normalized[i] = normalize(items[i], i);
    }
    return new Tuple(normalized);
  }

  /**
   * A tuple of the elements of {@code items}, in order; the list may hold nulls.
   *
   * @throws IllegalArgumentException as for {@link #of(Object...)}
   * @throws NullPointerException if {@code items} is null
   */
  public static Tuple fromList(List<?> items) {
    return of(items.toArray());
  }

  private static Object normalize(Object v, int index) {
    if (v == null || v instanceof Long || v instanceof Boolean || v instanceof UUID
        || v instanceof Tuple) {
      return v;
    }
    if (v instanceof String s) {
      int bad = TupleCodec.unpairedSurrogateIndex(s);
      if (bad >= 0) {
        throw new IllegalArgumentException(String.format("string element %d has an unpaired"
            + " surrogate U+%04X at char index %d; it cannot be encoded as UTF-8",
            index, (int) s.charAt(bad), bad));
      }
      return s;
    }
    if (v instanceof Integer || v instanceof Short || v instanceof Byte) {
      return ((Number) v).longValue();
    }
    if (v instanceof byte[] b) {
      return b.clone();
    }
    throw new IllegalArgumentException("element " + index + " has unsupported type "
        + v.getClass().getName() + "; expected " + ACCEPTED);
  }

  /** The number of elements. */
  public int size() {
    return elements.length;
  }

  /** Whether this tuple has no elements. */
  public boolean isEmpty() {
    return elements.length == 0;
  }

  /**
   * The element at {@code index}: null, a {@code byte[]} (a fresh copy), {@code String}, {@code
   * Long}, {@code Boolean}, {@code UUID} or {@code Tuple}.
   *
   * @throws IndexOutOfBoundsException if {@code index} is not in {@code [0, size())}
   */
  public Object get(int index) {
    Object v = element(index);
    return v instanceof byte[] b ? b.clone() : v;
  }

  /**
   * Whether the element at {@code index} is null.
   *
   * @throws IndexOutOfBoundsException if {@code index} is not in {@code [0, size())}
   */
  public boolean isNull(int index) {
    return element(index) == null;
  }

  /**
   * The string at {@code index}.
   *
   * @throws IllegalArgumentException if that element is not a string (null included)
   * @throws IndexOutOfBoundsException if {@code index} is not in {@code [0, size())}
   */
  public String getString(int index) {
    return typed(index, String.class, "a string");
  }

  /**
   * The integer at {@code index}.
   *
   * @throws IllegalArgumentException if that element is not an integer (null included)
   * @throws IndexOutOfBoundsException if {@code index} is not in {@code [0, size())}
   */
  public long getLong(int index) {
    return typed(index, Long.class, "an integer");
  }

  /**
   * A copy of the byte string at {@code index}.
   *
   * @throws IllegalArgumentException if that element is not a byte string (null included)
   * @throws IndexOutOfBoundsException if {@code index} is not in {@code [0, size())}
   */
  public byte[] getBytes(int index) {
    return typed(index, byte[].class, "a byte string").clone();
  }

  /**
   * The boolean at {@code index}.
   *
   * @throws IllegalArgumentException if that element is not a boolean (null included)
   * @throws IndexOutOfBoundsException if {@code index} is not in {@code [0, size())}
   */
  public boolean getBoolean(int index) {
    return typed(index, Boolean.class, "a boolean");
  }

  /**
   * The UUID at {@code index}.
   *
   * @throws IllegalArgumentException if that element is not a UUID (null included)
   * @throws IndexOutOfBoundsException if {@code index} is not in {@code [0, size())}
   */
  public UUID getUuid(int index) {
    return typed(index, UUID.class, "a UUID");
  }

  /**
   * The nested tuple at {@code index}.
   *
   * @throws IllegalArgumentException if that element is not a tuple (null included)
   * @throws IndexOutOfBoundsException if {@code index} is not in {@code [0, size())}
   */
  public Tuple getTuple(int index) {
    return typed(index, Tuple.class, "a tuple");
  }

  private Object element(int index) {
    if (index < 0 || index >= elements.length) {
      throw new IndexOutOfBoundsException("index " + index + " is out of bounds for tuple "
          + shortString() + " of size " + elements.length);
    }
    return elements[index];
  }

  private <T> T typed(int index, Class<T> type, String expected) {
    Object v = element(index);
    if (!type.isInstance(v)) {
      throw new IllegalArgumentException("element " + index + " of tuple " + shortString()
          + " is " + typeName(v) + ", not " + expected);
    }
    return type.cast(v);
  }

  private static String typeName(Object v) {
    if (v == null) {
      return "null";
    } else if (v instanceof byte[]) {
      return "a byte string";
    } else if (v instanceof String) {
      return "a string";
    } else if (v instanceof Long) {
      return "an integer";
    } else if (v instanceof Boolean) {
      return "a boolean";
    } else if (v instanceof UUID) {
      return "a UUID";
    } else {
      return "a tuple";
    }
  }

  /**
   * A new tuple with {@code item} appended; this tuple is unchanged.
   *
   * @throws IllegalArgumentException as for {@link #of(Object...)}
   */
  public Tuple add(Object item) {
    Object[] out = Arrays.copyOf(elements, elements.length + 1);
    out[elements.length] = normalize(item, elements.length);
    return new Tuple(out);
  }

  /**
   * A new tuple with the elements of {@code other} appended; this tuple is unchanged.
   *
   * @throws IllegalArgumentException if the result would nest deeper than 100
   */
  public Tuple addAll(Tuple other) {
    if (other.elements.length == 0) {
      return this;
    }
    if (elements.length == 0) {
      return other;
    }
    Object[] out = Arrays.copyOf(elements, elements.length + other.elements.length);
    System.arraycopy(other.elements, 0, out, elements.length, other.elements.length);
    return new Tuple(out);
  }

  /**
   * The elements as an unmodifiable list, with {@code byte[]} elements copied (as by {@link
   * #get(int)}); the list may contain nulls.
   */
  public List<Object> items() {
    List<Object> out = new ArrayList<>(elements.length);
    for (Object e : elements) {
      out.add(e instanceof byte[] b ? b.clone() : e);
    }
    return Collections.unmodifiableList(out);
  }

  /** The order-preserving binary encoding of this tuple (a fresh array). */
  public byte[] pack() {
    return TupleCodec.pack(elements);
  }

  /**
   * The tuple whose packing is {@code packed}.
   *
   * @throws IllegalArgumentException if {@code packed} is not the packing of any tuple; the
   *     message names the offset and what was expected there
   * @throws NullPointerException if {@code packed} is null
   */
  public static Tuple unpack(byte[] packed) {
    return TupleCodec.unpack(packed, 0, packed.length);
  }

  /**
   * The tuple whose packing is {@code packed[offset, offset + length)}. Offsets in error
   * messages are indexes into {@code packed}.
   *
   * @throws IllegalArgumentException if the window is outside {@code packed}, or if it is not
   *     the packing of any tuple
   * @throws NullPointerException if {@code packed} is null
   */
  public static Tuple unpack(byte[] packed, int offset, int length) {
    if (offset < 0 || length < 0 || offset > packed.length - length) {
      throw new IllegalArgumentException("window offset " + offset + ", length " + length
          + " is outside an array of length " + packed.length);
    }
    return TupleCodec.unpack(packed, offset, length);
  }

  /**
   * The range of keys that are strict extensions of this tuple's packing: {@code [pack + 0x00,
   * pack + 0xFF)}. It holds the packing of every tuple that starts with this one's elements and
   * has at least one more, and not the packing of this tuple itself.
   */
  public KeyRange range() {
    byte[] p = pack();
    byte[] start = Arrays.copyOf(p, p.length + 1);
    byte[] end = Arrays.copyOf(p, p.length + 1);
    end[p.length] = (byte) TupleCodec.ESCAPE;
    return KeyRange.of(start, end);
  }

  /**
   * Compares by the tuple order described on this class, which agrees with the unsigned order
   * of the packings. Consistent with {@link #equals}.
   *
   * @throws NullPointerException if {@code other} is null
   */
  @Override
  public int compareTo(Tuple other) {
    Object[] a = elements;
    Object[] b = other.elements;
    int n = Math.min(a.length, b.length);
    for (int i = 0; i < n; i++) {
      int c = compareElements(a[i], b[i]);
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(a.length, b.length);
  }

  private static int compareElements(Object a, Object b) {
    int ra = rank(a);
    int rb = rank(b);
    if (ra != rb) {
      return Integer.compare(ra, rb);
    }
    return switch (a) {
      case null -> 0;
      case byte[] x -> Arrays.compareUnsigned(x, (byte[]) b);
      case String x -> compareCodePoints(x, (String) b);
      case Tuple x -> x.compareTo((Tuple) b);
      case Long x -> Long.compare(x, (Long) b);
      case Boolean x -> Boolean.compare(x, (Boolean) b);
      case UUID x -> {
        UUID y = (UUID) b;
        int c = Long.compareUnsigned(x.getMostSignificantBits(), y.getMostSignificantBits());
        yield c != 0 ? c
            : Long.compareUnsigned(x.getLeastSignificantBits(), y.getLeastSignificantBits());
      }
      default -> throw new AssertionError("unnormalized tuple element " + a.getClass());
    };
  }

  /** Type rank in the tuple order: null, bytes, string, tuple, integer, boolean, UUID. */
  private static int rank(Object v) {
    if (v == null) {
      return 0;
    } else if (v instanceof byte[]) {
      return 1;
    } else if (v instanceof String) {
      return 2;
    } else if (v instanceof Tuple) {
      return 3;
    } else if (v instanceof Long) {
      return 4;
    } else if (v instanceof Boolean) {
      return 5;
    } else {
      return 6;
    }
  }

  /** Compares well-formed strings by Unicode code point, i.e. in UTF-8 byte order. */
  private static int compareCodePoints(String a, String b) {
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
    return Boolean.compare(i < a.length(), j < b.length());
  }

  /** Whether {@code o} is a tuple with equal elements; byte arrays compare by content. */
  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof Tuple t) || t.elements.length != elements.length) {
      return false;
    }
    for (int i = 0; i < elements.length; i++) {
      Object a = elements[i];
      Object b = t.elements[i];
      boolean same = a instanceof byte[] x
          ? b instanceof byte[] y && Arrays.equals(x, y)
          : Objects.equals(a, b);
      if (!same) {
        return false;
      }
    }
    return true;
  }

  /** A hash code consistent with {@link #equals}; byte arrays hash by content. */
  @Override
  public int hashCode() {
    int h = hash;
    if (h == 0) {
      h = 1;
      for (Object e : elements) {
        h = 31 * h + (e instanceof byte[] b ? Arrays.hashCode(b) : Objects.hashCode(e));
      }
      hash = h;
    }
    return h;
  }

  /**
   * A readable rendering such as {@code ("alice", 42, b"00ff", null, true,
   * UUID(00000000-0000-0000-0000-000000000000), ("nested"))}; strings are quoted with {@code \"},
   * {@code \\} and control or unassigned characters escaped as {@code \}{@code uXXXX}.
   */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    appendTo(sb);
    return sb.toString();
  }

  private String shortString() {
    String s = toString();
    return s.length() <= SHOWN_IN_ERRORS ? s : s.substring(0, SHOWN_IN_ERRORS) + "...";
  }

  private void appendTo(StringBuilder sb) {
    sb.append('(');
    for (int i = 0; i < elements.length; i++) {
      if (i > 0) {
        sb.append(", ");
      }
      Object e = elements[i];
      if (e instanceof byte[] b) {
        sb.append("b\"").append(HexFormat.of().formatHex(b)).append('"');
      } else if (e instanceof String s) {
        appendQuoted(sb, s);
      } else if (e instanceof UUID u) {
        sb.append("UUID(").append(u).append(')');
      } else if (e instanceof Tuple t) {
        t.appendTo(sb);
      } else {
        sb.append(e);
      }
    }
    sb.append(')');
  }

  private static void appendQuoted(StringBuilder sb, String s) {
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\\') {
        sb.append('\\').append(c);
      } else if (Character.isISOControl(c) || !Character.isDefined(c)) {
        sb.append(String.format("\\u%04x", (int) c));
      } else {
        sb.append(c);
      }
    }
    sb.append('"');
  }
}
