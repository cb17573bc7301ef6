package dev.chatstore.kv;

import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;

/** Byte-array helpers for keys: unsigned order, successors, readable rendering. */
public final class Bytes {
  /** Compares keys as unsigned bytes, a shorter prefix first: the order of every store. */
  public static final Comparator<byte[]> ORDER = Arrays::compareUnsigned;

  private static final byte[] EMPTY = new byte[0];
  private static final int SHOWN = 64;

  private Bytes() {}

  /** The empty byte array. */
  public static byte[] empty() {
    return EMPTY;
  }

  /** Unsigned comparison of two keys. */
  public static int compare(byte[] a, byte[] b) {
    return Arrays.compareUnsigned(a, b);
  }

  /** The smallest key greater than {@code key}: {@code key} followed by a zero byte. */
  public static byte[] successor(byte[] key) {
    return Arrays.copyOf(key, key.length + 1);
  }

  /**
   * The smallest key greater than every key that starts with {@code prefix}, or {@code null}
   * when there is none (the prefix is empty or all 0xFF bytes).
   */
  public static byte[] prefixEnd(byte[] prefix) {
    int i = prefix.length - 1;
    while (i >= 0 && prefix[i] == (byte) 0xFF) {
      i--;
    }
    if (i < 0) {
      return null;
    }
    byte[] end = Arrays.copyOf(prefix, i + 1);
    end[i]++;
    return end;
  }

  /** Whether {@code key} starts with {@code prefix}. */
  public static boolean startsWith(byte[] key, byte[] prefix) {
    return key.length >= prefix.length
        && Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length);
  }

  /** Concatenation of two arrays. */
  public static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  /** Hex rendering for error messages, cut after 64 bytes. */
  public static String show(byte[] bytes) {
    if (bytes == null) {
      return "null";
    }
    if (bytes.length <= SHOWN) {
      return "0x" + HexFormat.of().formatHex(bytes);
    }
    return "0x" + HexFormat.of().formatHex(bytes, 0, SHOWN) + "...(" + bytes.length + " bytes)";
  }
}
