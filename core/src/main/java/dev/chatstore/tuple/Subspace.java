package dev.chatstore.tuple;

import dev.chatstore.kv.Bytes;
import dev.chatstore.kv.KeyRange;
import java.util.Arrays;

/**
 * A key prefix, usually the packing of a tuple, under which keys are the prefix followed by the
 * packing of a tuple (like FoundationDB's {@code Subspace}).
 *
 * <p>Subspaces made from different tuples of the same shape never share a key: strings and byte
 * strings are terminated in the packing, so {@code ("a")} packs to {@code 02 61 00}, which is not
 * a prefix of {@code ("ab")}, {@code 02 61 62 00}. A packing can still be a byte prefix of
 * another when the longer id continues with NUL ({@code ("a\0")} packs to {@code 02 61 00 FF 00}),
 * but then the next byte is {@code 0xFF}, which no tuple packing starts with: such keys are
 * outside {@link #range()}, {@link #contains} rejects them and {@link #unpack} throws for them.
 *
 * <p>Subspaces are immutable and thread-safe; prefixes are copied in and out. Methods throw
 * {@link NullPointerException} for null arguments, except tuple element values where {@code
 * null} is a legal element.
 */
public final class Subspace {
  private static final byte[] FF = {(byte) TupleCodec.ESCAPE};

  private final byte[] prefix;

  /**
   * The subspace whose prefix is the packing of {@code prefix}.
   *
   * @throws NullPointerException if {@code prefix} is null
   */
  public Subspace(Tuple prefix) {
    this.prefix = prefix.pack();
  }

  private Subspace(byte[] ownedPrefix) {
    this.prefix = ownedPrefix;
  }

  /**
   * The subspace whose prefix is the packing of {@code Tuple.of(items)}.
   *
   * @throws IllegalArgumentException as for {@link Tuple#of(Object...)}
   */
  public static Subspace of(Object... items) {
    return new Subspace(Tuple.of(items));
  }

  /**
   * The subspace with a raw byte prefix (copied), which need not be a tuple packing.
   *
   * @throws NullPointerException if {@code rawPrefix} is null
   */
  public static Subspace fromBytes(byte[] rawPrefix) {
    return new Subspace(rawPrefix.clone());
  }

  /** A copy of this subspace's prefix. */
  public byte[] prefix() {
    return prefix.clone();
  }

  /** The key for {@code tuple} in this subspace: the prefix followed by {@code tuple.pack()}. */
  public byte[] pack(Tuple tuple) {
    return TupleCodec.pack(prefix, tuple.elements());
  }

  /**
   * The key for the one-integer tuple {@code (n)} in this subspace: the same bytes as {@code
   * pack(Tuple.of(n))}, built in one array without the intermediate tuple, for the many keys
   * that are a prefix and an id. (Named apart from {@link #pack(Object...)} so that a boxed
   * {@code null} still packs as the tuple {@code (null)} there.)
   */
  public byte[] packLong(long n) {
    return TupleCodec.packLong(prefix, n);
  }

  /**
   * The key for the tuple of byte strings {@code parts} in this subspace: the same bytes as
   * {@code pack((Object[]) parts)}, built in one array of the exact length, for keys made of
   * fixed-length ids.
   *
   * @throws IllegalArgumentException when {@code parts} or one of them is null
   */
  public byte[] packBytes(byte[]... parts) {
    if (parts == null) {
      throw new IllegalArgumentException("parts must not be null");
    }
    for (int i = 0; i < parts.length; i++) {
      if (parts[i] == null) {
        throw new IllegalArgumentException("part " + i + " is null; expected a byte string");
      }
    }
    return TupleCodec.packBytes(prefix, parts);
  }

  /**
   * The key for the tuple of the byte strings {@code parts} followed by the integer {@code n} in
   * this subspace: the same bytes as {@code pack(parts..., n)}, built in one array of the exact
   * length, for keys made of fixed-length ids and a number.
   *
   * @throws IllegalArgumentException when {@code parts} or one of them is null
   */
  public byte[] packBytesLong(byte[][] parts, long n) {
    if (parts == null) {
      throw new IllegalArgumentException("parts must not be null");
    }
    for (int i = 0; i < parts.length; i++) {
      if (parts[i] == null) {
        throw new IllegalArgumentException("part " + i + " is null; expected a byte string");
      }
    }
    return TupleCodec.packBytesLong(prefix, parts, n);
  }

  /**
   * The key for the one-string tuple {@code (s)} in this subspace: the same bytes as {@code
   * pack(Tuple.of(s))}, built in one array when {@code s} is ASCII.
   *
   * @throws IllegalArgumentException when {@code s} is null, or as for {@link
   *     Tuple#of(Object...)} (a string with an unpaired surrogate)
   */
  public byte[] packString(String s) {
    if (s == null) {
      throw new IllegalArgumentException("the string must not be null");
    }
    byte[] fast = TupleCodec.packAsciiString(prefix, s);
    return fast != null ? fast : pack(Tuple.of(s));
  }

  /**
   * The key for {@code Tuple.of(items)} in this subspace. A single {@code Tuple} argument
   * resolves to {@link #pack(Tuple)}; cast it to {@code Object} to nest it instead.
   *
   * @throws IllegalArgumentException as for {@link Tuple#of(Object...)}
   */
  public byte[] pack(Object... items) {
    return pack(Tuple.of(items));
  }

  /**
   * The tuple that {@code key} holds after this subspace's prefix; the key equal to the prefix
   * holds the empty tuple.
   *
   * @throws IllegalArgumentException if {@code key} is not {@linkplain #contains contained} in
   *     this subspace (the message shows the key and the prefix in hex), or if the rest is not a
   *     tuple packing (offsets in the message are indexes into {@code key})
   */
  public Tuple unpack(byte[] key) {
    if (!contains(key)) {
      throw new IllegalArgumentException("key " + Bytes.show(key)
          + " is outside the subspace with prefix " + Bytes.show(prefix)
          + "; expected a key starting with that prefix");
    }
    return Tuple.unpack(key, prefix.length, key.length - prefix.length);
  }

  /**
   * The integer {@code n} of a key made by {@link #packLong packLong(n)}: the inverse of that
   * method, without building a {@link Tuple}.
   *
   * @throws IllegalArgumentException if {@code key} is outside this subspace, or its rest is not
   *     the packing of exactly one integer
   */
  public long unpackLong(byte[] key) {
    int p = prefix.length;
    if (key != null && key.length > p && contains(key)) {
      int len = (key[p] & 0xFF) - TupleCodec.INT_ZERO;
      // the common case, a non-negative integer in its minimal form; anything else is left to
      // the full decoder, which also names what is wrong
      if (len >= 0 && len <= 8 && key.length == p + 1 + len && (len == 0 || key[p + 1] != 0)) {
        long n = 0;
        for (int i = p + 1; i < key.length; i++) {
          n = (n << 8) | (key[i] & 0xFF);
        }
        if (n >= 0) {
          return n;
        }
      }
    }
    Tuple t = unpack(key);
    if (t.size() != 1 || !(t.get(0) instanceof Long n)) {
      throw new IllegalArgumentException("key " + Bytes.show(key) + " holds " + t
          + " in the subspace with prefix " + Bytes.show(prefix)
          + "; expected the packing of exactly one integer");
    }
    return n;
  }

  /**
   * Whether {@code key} belongs to this subspace: it starts with the prefix, and the byte after
   * the prefix, if any, is not {@code 0xFF}. Equivalent to {@code range().contains(key)}.
   *
   * <p>The {@code 0xFF} exclusion is what keeps sibling subspaces apart: the prefix of {@code
   * Subspace.of("a")} is a byte prefix of every key of {@code Subspace.of("a\0")}, but there it
   * is followed by {@code 0xFF} (the escape of the NUL), and no tuple packing starts with {@code
   * 0xFF}.
   */
  public boolean contains(byte[] key) {
    return Bytes.startsWith(key, prefix)
        && (key.length == prefix.length || key[prefix.length] != (byte) TupleCodec.ESCAPE);
  }

  /**
   * The range of every key of this subspace, the prefix itself included: {@code [prefix,
   * prefix + 0xFF)}. An end of {@code prefix + 0xFF} is enough because every key of the
   * subspace is the prefix followed by a tuple packing, and a non-empty packing starts with a
   * type code, none of which is {@code 0xFF}. Raw keys that continue the prefix with {@code
   * 0xFF} are not tuple keys: they fall outside the range and {@link #contains} rejects them.
   */
  public KeyRange range() {
    return KeyRange.of(prefix.clone(), Bytes.concat(prefix, FF));
  }

  /**
   * The range of the keys of this subspace whose tuple strictly extends {@code tuple}: {@code
   * [prefix + pack + 0x00, prefix + pack + 0xFF)}, as {@link Tuple#range()} inside the prefix.
   */
  public KeyRange range(Tuple tuple) {
    byte[] base = pack(tuple);
    byte[] start = Arrays.copyOf(base, base.length + 1);
    return KeyRange.of(start, Bytes.concat(base, FF));
  }

  /** The child subspace whose prefix is {@code pack(tuple)}. */
  public Subspace subspace(Tuple tuple) {
    return new Subspace(pack(tuple));
  }

  /**
   * The child subspace whose prefix is {@code pack(items)}.
   *
   * @throws IllegalArgumentException as for {@link Tuple#of(Object...)}
   */
  public Subspace subspace(Object... items) {
    return subspace(Tuple.of(items));
  }

  /** Whether {@code o} is a subspace with the same prefix bytes. */
  @Override
  public boolean equals(Object o) {
    return o instanceof Subspace s && Arrays.equals(prefix, s.prefix);
  }

  /** A hash of the prefix bytes. */
  @Override
  public int hashCode() {
    return Arrays.hashCode(prefix);
  }

  /**
   * A rendering such as {@code Subspace(("tenant", 7) = 0x0274656e616e74001507)}; the tuple
   * is shown when the prefix is a tuple packing.
   */
  @Override
  public String toString() {
    String tuple;
    try {
      tuple = Tuple.unpack(prefix) + " = ";
    } catch (IllegalArgumentException notATuple) {
      tuple = "raw ";
    }
    return "Subspace(" + tuple + Bytes.show(prefix) + ")";
  }
}
