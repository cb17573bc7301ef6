package dev.chatstore.testing;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import java.util.function.Consumer;

/**
 * Seeded random testing for hostile input: the seed of every run is printed when it fails, and
 * {@code -Dchatstore.seed=N} replays it; {@code -Dchatstore.fuzz.iterations=N} scales the runs.
 */
public final class Fuzz {
  private static final byte[] INTERESTING = {0x00, 0x01, 0x02, 0x05, 0x0C, 0x14, 0x15, 0x1C,
      0x26, 0x27, 0x30, (byte) 0xFF, (byte) 0xFE, (byte) 0x80, 0x7F, (byte) 0xC3, (byte) 0xED,
      (byte) 0xF0, (byte) 0xF4, (byte) 0xC5, (byte) 0xE1, '/', '.'};

  private Fuzz() {}

  /** The seed: {@code -Dchatstore.seed=N}, else a fresh one. */
  public static long seed() {
    Long fixed = Long.getLong("chatstore.seed");
    return fixed != null ? fixed : System.nanoTime();
  }

  /** {@code base} scaled by {@code -Dchatstore.fuzz.iterations} (which replaces it). */
  public static int iterations(int base) {
    return Integer.getInteger("chatstore.fuzz.iterations", base);
  }

  /**
   * Runs {@code body} with a random of a fresh seed, on a thread with a shallow stack (exceptions
   * are cheap there); any failure is rethrown as an {@link AssertionError} naming {@code what}
   * and the seed.
   */
  public static void run(String what, Consumer<Random> body) {
    long seed = seed();
    Throwable[] failure = new Throwable[1];
    Thread t = new Thread(() -> {
      try {
        body.accept(new Random(seed));
      } catch (Throwable e) {
        failure[0] = e;
      }
    }, "fuzz " + what);
    t.start();
    try {
      t.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
    if (failure[0] != null) {
      throw new AssertionError(what + " failed with seed=" + seed + " (replay with -Dchatstore.seed="
          + seed + "): " + failure[0], failure[0]);
    }
  }

  /** A byte that is often one with a meaning to some decoder. */
  public static byte interesting(Random r) {
    return r.nextBoolean() ? INTERESTING[r.nextInt(INTERESTING.length)] : (byte) r.nextInt(256);
  }

  /** Random bytes, 0 to {@code max} of them, biased to interesting bytes. */
  public static byte[] randomBytes(Random r, int max) {
    byte[] out = new byte[r.nextInt(max + 1)];
    for (int i = 0; i < out.length; i++) {
      out[i] = interesting(r);
    }
    return out;
  }

  /** {@code in} with one to three random mutations: flips, replacements, cuts, inserts, copies. */
  public static byte[] mutate(Random r, byte[] in) {
    byte[] b = in.clone();
    int n = 1 + r.nextInt(3);
    for (int m = 0; m < n; m++) {
      switch (r.nextInt(6)) {
        case 0 -> {
          if (b.length > 0) {
            b[r.nextInt(b.length)] ^= (byte) (1 << r.nextInt(8));
          }
        }
        case 1 -> {
          if (b.length > 0) {
            b[r.nextInt(b.length)] = interesting(r);
          }
        }
        case 2 -> b = Arrays.copyOf(b, b.length == 0 ? 0 : r.nextInt(b.length));
        case 3 -> {
          int at = r.nextInt(b.length + 1);
          byte[] out = new byte[b.length + 1];
          System.arraycopy(b, 0, out, 0, at);
          out[at] = interesting(r);
          System.arraycopy(b, at, out, at + 1, b.length - at);
          b = out;
        }
        case 4 -> {
          if (b.length > 0) {
            int at = r.nextInt(b.length);
            byte[] out = new byte[b.length - 1];
            System.arraycopy(b, 0, out, 0, at);
            System.arraycopy(b, at + 1, out, at, b.length - at - 1);
            b = out;
          }
        }
        default -> {
          if (b.length > 1) {
            int from = r.nextInt(b.length);
            int len = 1 + r.nextInt(Math.min(8, b.length - from));
            int at = r.nextInt(b.length + 1);
            byte[] out = new byte[b.length + len];
            System.arraycopy(b, 0, out, 0, at);
            System.arraycopy(b, from, out, at, len);
            System.arraycopy(b, at, out, at + len, b.length - at);
            b = out;
          }
        }
      }
    }
    return b;
  }

  /** The bytes the current thread has allocated so far (HotSpot), or -1 when unknown. */
  public static long allocatedBytes() {
    if (ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean t
        && t.isThreadAllocatedMemorySupported() && t.isThreadAllocatedMemoryEnabled()) {
      return t.getCurrentThreadAllocatedBytes();
    }
    return -1;
  }

  /** Hex of {@code b}, cut after 256 bytes, for failure messages. */
  public static String hex(byte[] b) {
    return b.length <= 256 ? HexFormat.of().formatHex(b)
        : HexFormat.of().formatHex(b, 0, 256) + "...(" + b.length + " bytes)";
  }
}
