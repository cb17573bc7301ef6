package dev.chatstore.jobs;

import dev.chatstore.kv.Bytes;
import dev.chatstore.kv.KeyRange;
import dev.chatstore.tuple.Tuple;
import java.util.Arrays;

/**
 * How a job lays out its keys in its store: {@code pack((category)) ++ pack(key)}, which is
 * the packing of the tuple {@code (category, key elements...)}. So keys of one category are
 * contiguous and sort in tuple order, and a category's keys never mix with another's (the
 * category string is terminated).
 */
final class JobKeys {
  /** Above every type code of the tuple encoding: the end of a tuple's extensions. */
  private static final byte[] EXTENSIONS_END = {(byte) 0xFF};

  private JobKeys() {}

  static void check(String category, Tuple key) {
    if (category == null) {
      throw new IllegalArgumentException("category must not be null (the empty string is a"
          + " category)");
    }
    if (key == null) {
      throw new IllegalArgumentException("key must not be null (Tuple.empty() is a key)");
    }
  }

  static byte[] category(String category) {
    if (category == null) {
      throw new IllegalArgumentException("category must not be null (the empty string is a"
          + " category)");
    }
    return Tuple.of(category).pack();
  }

  static byte[] key(String category, Tuple key) {
    check(category, key);
    return Bytes.concat(category(category), key.pack());
  }

  /** The key of a stored entry of {@code category} whose packed category is {@code prefix}. */
  static Tuple decode(byte[] prefix, byte[] stored) {
    return Tuple.unpack(stored, prefix.length, stored.length - prefix.length);
  }

  /** Every key equal to {@code prefix} or extending it, within {@code category}. */
  static KeyRange prefix(String category, Tuple prefix) {
    if (prefix == null) {
      throw new IllegalArgumentException("prefix must not be null (Tuple.empty() takes the"
          + " whole category)");
    }
    byte[] p = key(category, prefix);
    return KeyRange.of(p, Bytes.concat(p, EXTENSIONS_END));
  }

  static KeyRange range(String category, TupleRange range) {
    if (range == null) {
      throw new IllegalArgumentException("range must not be null (TupleRange.all() is every"
          + " key)");
    }
    byte[] c = category(category);
    byte[] start = range.start() == null ? c : Bytes.concat(c, range.start().pack());
    byte[] end = range.end() == null ? Bytes.concat(c, EXTENSIONS_END)
        : Bytes.concat(c, range.end().pack());
    return KeyRange.of(start, Arrays.compareUnsigned(start, end) > 0 ? start : end);
  }
}
