package dev.chatstore.tuple;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

/** Edge values, random tuples and seeds shared by the tuple tests. */
final class TupleTestSupport {
  private TupleTestSupport() {}

  /** The seed of a random test: {@code -Dchatstore.seed=N} to replay, else a fresh one. */
  static long seed() {
    Long fixed = Long.getLong("chatstore.seed");
    return fixed != null ? fixed : System.nanoTime();
  }

  /** Text for assertion messages that tells how to replay a failing random test. */
  static String replay(long seed) {
    return "seed=" + seed + " (replay with -Dchatstore.seed=" + seed + ")";
  }

  /**
   * Runs {@code body} on a fresh thread and rethrows what it throws. Loops that expect many
   * exceptions run faster there: filling in a stack trace costs time per frame, and the test
   * framework's stack is deep.
   */
  static void onShallowStack(Runnable body) {
    Throwable[] failure = new Throwable[1];
    Thread thread = new Thread(() -> {
      try {
        body.run();
      } catch (Throwable e) {
        failure[0] = e;
      }
    }, "tuple-test");
    thread.start();
    try {
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
    if (failure[0] instanceof Error e) {
      throw e;
    } else if (failure[0] instanceof RuntimeException e) {
      throw e;
    } else if (failure[0] != null) {
      throw new AssertionError(failure[0]);
    }
  }

  static byte[] bytes(int... values) {
    byte[] out = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = (byte) values[i];
    }
    return out;
  }

  static byte[] hex(String hex) {
    return HexFormat.of().parseHex(hex.replace(" ", ""));
  }

  static String hex(byte[] bytes) {
    return HexFormat.of().formatHex(bytes);
  }

  /** Integers at every byte-length boundary and the usual suspects, without duplicates. */
  static List<Long> edgeLongs() {
    Set<Long> out = new LinkedHashSet<>(List.of(0L, 1L, -1L, 2L, -2L, 255L, -255L, 256L, -256L,
        257L, -257L, 65535L, -65535L, 65536L, -65536L,
        (long) Integer.MIN_VALUE, (long) Integer.MAX_VALUE,
        Long.MIN_VALUE, Long.MAX_VALUE, Long.MIN_VALUE + 1, Long.MAX_VALUE - 1));
    for (int k = 1; k < 8; k++) {
      long boundary = 1L << (8 * k);
      out.add(boundary - 1);
      out.add(boundary);
      out.add(-(boundary - 1));
      out.add(-boundary);
    }
    return new ArrayList<>(out);
  }

  /** Edge values of every element type, null and nested tuples included. */
  static List<Object> edgeValues() {
    List<Object> v = new ArrayList<>();
    v.add(null);
    v.add(bytes());
    v.add(bytes(0));
    v.add(bytes(0, 0));
    v.add(bytes(0, 0xFF));
    v.add(bytes(0, 1));
    v.add(bytes(0xFF));
    v.add(bytes(0xFF, 0));
    v.add(bytes(0xFF, 0xFF));
    v.add(bytes(1));
    v.add(bytes(1, 0));
    v.add(bytes(1, 0, 0));
    v.add(bytes(1, 0xFF));
    v.add(bytes(0x7F));
    v.add(bytes(0x80));
    for (String s : List.of("", "\0", "\0\0", "\0\uFFFF", "\u0001", "a", "a\0", "a\0b", "a\0\0",
        "a\u0001", "aa", "ab", "b", "\u007F", "\u0080", "\u00E9", "\u07FF", "\u0800",
        "\uD7FF", "\uE000", "\uFFFD", "\uFFFF", "\uD834\uDD1E", "\uDBFF\uDFFF", "a\uFFFF",
        "a\uD834\uDD1E", "\uD834\uDD1E\0", "\"quoted\\")) {
      v.add(s);
    }
    v.addAll(edgeLongs());
    v.add(false);
    v.add(true);
    long[] halves = {0, 1, -1, Long.MIN_VALUE, Long.MAX_VALUE};
    for (long msb : halves) {
      for (long lsb : new long[] {0, -1, Long.MIN_VALUE}) {
        v.add(new UUID(msb, lsb));
      }
    }
    v.add(Tuple.empty());
    v.add(Tuple.of((Object) null));
    v.add(Tuple.of(null, null));
    v.add(Tuple.of(null, 1));
    v.add(Tuple.of(Tuple.empty()));
    v.add(Tuple.of(Tuple.of((Object) null)));
    v.add(Tuple.of(Tuple.empty(), null));
    v.add(Tuple.of(bytes()));
    v.add(Tuple.of(bytes(0)));
    v.add(Tuple.of(bytes(0), null));
    v.add(Tuple.of(""));
    v.add(Tuple.of("a"));
    v.add(Tuple.of("a", null));
    v.add(Tuple.of("a\0"));
    v.add(Tuple.of(Tuple.of("a")));
    v.add(Tuple.of(1, "x"));
    v.add(Tuple.of(-1));
    v.add(Tuple.of(Long.MIN_VALUE));
    v.add(Tuple.of(false));
    v.add(Tuple.of(true, Tuple.of(new UUID(0, 0))));
    return v;
  }

  /** A few values, one per kind, for the other element of two-element tuples. */
  static List<Object> representativeValues() {
    return Arrays.asList(new Object[] {null, bytes(), bytes(0), "", "\0", "a", Tuple.empty(),
        Tuple.of((Object) null), -1L, 0L, 1L, Long.MIN_VALUE, false, true, new UUID(-1, 0)});
  }

  /** Random tuples biased towards edge values, shared prefixes and small domains. */
  static final class Gen {
    private static final List<Object> EDGES = edgeValues();
    private final Random random;

    Gen(long seed) {
      random = new Random(seed);
    }

    Random random() {
      return random;
    }

    /** A random tuple whose nested tuples go at most {@code depth} levels deeper. */
    Tuple tuple(int depth) {
      int n = random.nextInt(5);
      Object[] items = new Object[n];
      for (int i = 0; i < n; i++) {
        items[i] = value(depth);
      }
      return Tuple.of(items);
    }

    /** A random tuple related to {@code t}: same prefix, then a change, a cut or a tail. */
    Tuple near(Tuple t, int depth) {
      List<Object> items = new ArrayList<>(t.items());
      switch (random.nextInt(4)) {
        case 0 -> {
          if (!items.isEmpty()) {
            items.set(random.nextInt(items.size()), value(depth));
          }
        }
        case 1 -> {
          if (!items.isEmpty()) {
            items.subList(random.nextInt(items.size()), items.size()).clear();
          }
        }
        case 2 -> items.add(value(depth));
        default -> {
          if (!items.isEmpty()) {
            int i = random.nextInt(items.size());
            Object old = items.get(i);
            items.set(i, old instanceof Tuple nested && depth > 0 ? near(nested, depth - 1)
                : tweak(old));
          }
        }
      }
      return Tuple.fromList(items);
    }

    /** A value of the same type as {@code v}, often close to it. */
    private Object tweak(Object v) {
      if (v instanceof Long n) {
        return n + random.nextInt(5) - 2;
      } else if (v instanceof String s) {
        return s + string();
      } else if (v instanceof byte[] b) {
        byte[] out = b.clone();
        if (out.length > 0) {
          out[random.nextInt(out.length)] += (byte) (random.nextInt(3) - 1);
        }
        return out;
      }
      return value(0);
    }

    Object value(int depth) {
      return switch (random.nextInt(depth > 0 ? 10 : 9)) {
        case 0 -> null;
        case 1 -> byteString();
        case 2, 3 -> string();
        case 4 -> integer();
        case 5 -> random.nextBoolean();
        case 6 -> uuid();
        case 7, 8 -> {
          Object e = EDGES.get(random.nextInt(EDGES.size()));
          yield e instanceof byte[] b ? b.clone() : e;
        }
        default -> tuple(depth - 1);
      };
    }

    private int length() {
      int n = 0;
      while (n < 8 && random.nextInt(3) != 0) {
        n++;
      }
      return n;
    }

    byte[] byteString() {
      byte[] out = new byte[length()];
      for (int i = 0; i < out.length; i++) {
        out[i] = switch (random.nextInt(6)) {
          case 0 -> 0;
          case 1 -> (byte) 0xFF;
          case 2 -> 1;
          case 3 -> (byte) 0xFE;
          default -> (byte) random.nextInt(256);
        };
      }
      return out;
    }

    String string() {
      StringBuilder sb = new StringBuilder();
      int n = length();
      for (int i = 0; i < n; i++) {
        int cp = switch (random.nextInt(9)) {
          case 0 -> 0;
          case 1, 2 -> 'a' + random.nextInt(3);
          case 3 -> random.nextInt(0x80);
          case 4 -> 0x80 + random.nextInt(0x800 - 0x80);
          case 5 -> 0x800 + random.nextInt(0xD800 - 0x800);
          case 6 -> 0xE000 + random.nextInt(0x1900); // private use area and after
          case 7 -> 0xFFF0 + random.nextInt(0x10); // specials, U+FFFF included
          default -> 0x10000 + random.nextInt(0x10FFFF - 0x10000 + 1); // supplementary
        };
        sb.appendCodePoint(cp);
      }
      return sb.toString();
    }

    long integer() {
      return switch (random.nextInt(5)) {
        case 0 -> random.nextInt(7) - 3;
        case 1 -> {
          long boundary = 1L << (8 * (1 + random.nextInt(7)));
          long near = boundary + random.nextInt(3) - 1;
          yield random.nextBoolean() ? near : -near;
        }
        case 2 -> random.nextBoolean() ? Long.MIN_VALUE + random.nextInt(2)
            : Long.MAX_VALUE - random.nextInt(2);
        case 3 -> random.nextLong() >> random.nextInt(64);
        default -> random.nextLong();
      };
    }

    UUID uuid() {
      long[] halves = {0, -1, Long.MIN_VALUE, Long.MAX_VALUE, 1};
      long msb = random.nextBoolean() ? halves[random.nextInt(halves.length)] : random.nextLong();
      long lsb = random.nextBoolean() ? halves[random.nextInt(halves.length)] : random.nextLong();
      return new UUID(msb, lsb);
    }
  }
}
