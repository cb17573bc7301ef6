package dev.chatstore.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.chatstore.kv.Direction;
import dev.chatstore.kv.KeyRange;
import dev.chatstore.kv.KvEntry;
import dev.chatstore.kv.KvFeature;
import dev.chatstore.kv.KvStore;
import dev.chatstore.kv.ScanPage;
import dev.chatstore.kv.UnsupportedFeatureException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionService;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.function.Executable;

/** Helpers shared by the contract interfaces: keys, rendering, snapshots, refusals, threads. */
final class Tck {
  /** How long a concurrent test may hang before it is reported as stuck (not a speed limit). */
  static final long STUCK_SECONDS = 60;

  private Tck() {}

  // ---------------------------------------------------------------- bytes

  /** The UTF-8 bytes of {@code s}. */
  static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** The bytes whose unsigned values are {@code unsigned} (0..255). */
  static byte[] u(int... unsigned) {
    byte[] out = new byte[unsigned.length];
    for (int i = 0; i < unsigned.length; i++) {
      if (unsigned[i] < 0 || unsigned[i] > 255) {
        throw new IllegalArgumentException("not an unsigned byte: " + unsigned[i]);
      }
      out[i] = (byte) unsigned[i];
    }
    return out;
  }

  /** The fixed-width key {@code k0042} (keys of one width sort like their numbers). */
  static byte[] key(int i) {
    return b(String.format("k%04d", i));
  }

  /** Eight big-endian bytes holding {@code v}. */
  static byte[] num(long v) {
    return ByteBuffer.allocate(Long.BYTES).putLong(v).array();
  }

  /** The number {@link #num(long)} wrote. */
  static long num(byte[] bytes) {
    if (bytes == null || bytes.length != Long.BYTES) {
      throw new AssertionError("expected an 8-byte number, got " + show(bytes));
    }
    return ByteBuffer.wrap(bytes).getLong();
  }

  /** {@code size} random bytes from {@code seed}. */
  static byte[] random(int size, long seed) {
    byte[] out = new byte[size];
    new Random(seed).nextBytes(out);
    return out;
  }

  /** A readable rendering: {@code "abc"} for printable ASCII, else hex; long arrays cut. */
  static String show(byte[] bytes) {
    if (bytes == null) {
      return "null";
    }
    if (bytes.length > 64) {
      return "(" + bytes.length + " bytes) 0x" + HexFormat.of().formatHex(bytes, 0, 16) + "...";
    }
    boolean printable = bytes.length > 0;
    for (byte x : bytes) {
      printable &= x >= 0x20 && x <= 0x7E && x != '"';
    }
    return printable
        ? '"' + new String(bytes, StandardCharsets.US_ASCII) + '"'
        : bytes.length == 0 ? "{}" : "0x" + HexFormat.of().formatHex(bytes);
  }

  /** {@code [a, b)} with readable keys. */
  static String show(KeyRange range) {
    return "[" + show(range.start()) + ", " + (range.end() == null ? "end" : show(range.end()))
        + ")";
  }

  /** Readable renderings of many arrays, nulls kept. */
  static List<String> shown(List<byte[]> arrays) {
    List<String> out = new ArrayList<>(arrays.size());
    for (byte[] a : arrays) {
      out.add(show(a));
    }
    return out;
  }

  /** The keys of {@code entries}, readable, in their order. */
  static List<String> keysOf(List<KvEntry> entries) {
    List<String> out = new ArrayList<>(entries.size());
    for (KvEntry e : entries) {
      out.add(show(e.key()));
    }
    return out;
  }

  /** The entries of {@code entries} as readable {@code key=value} strings. */
  static List<String> render(List<KvEntry> entries) {
    List<String> out = new ArrayList<>(entries.size());
    for (KvEntry e : entries) {
      out.add(show(e.key()) + "=" + show(e.value()));
    }
    return out;
  }

  // ---------------------------------------------------------------- snapshots and refusals

  /** Every live entry of the store, ascending, readable. */
  static List<String> contents(KvStore store) {
    return render(store.scanAll(KeyRange.all()));
  }

  /**
   * Runs {@code call}, which must be refused with an {@link UnsupportedFeatureException} naming
   * {@code feature}, and checks that the store holds exactly what it held before.
   */
  static UnsupportedFeatureException assertRefusedWithout(KvFeature feature, KvStore store,
      String call, Executable action) {
    List<String> before = contents(store);
    UnsupportedFeatureException e = assertThrows(UnsupportedFeatureException.class, action,
        () -> "without " + feature + ", " + call + " should throw UnsupportedFeatureException"
            + " at the call");
    assertEquals(feature, e.feature(),
        () -> call + " was refused for the wrong feature: " + e.getMessage());
    assertTrue(e.getMessage() != null && e.getMessage().contains(feature.name()),
        () -> "the refusal of " + call + " should name the missing feature " + feature
            + ", but says: " + e.getMessage());
    assertEquals(before, contents(store),
        () -> call + " was refused for lack of " + feature + ", and should have changed nothing");
    return e;
  }

  /**
   * Runs {@code call}, which must be refused with an {@link IllegalArgumentException} whose
   * message mentions every one of {@code mentions}, and checks that nothing changed.
   */
  static IllegalArgumentException assertRefusedAsInvalid(KvStore store, String call,
      Executable action, String... mentions) {
    List<String> before = contents(store);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, action,
        () -> call + " should be refused with IllegalArgumentException");
    for (String m : mentions) {
      assertTrue(e.getMessage() != null && e.getMessage().contains(m),
          () -> "the refusal of " + call + " should mention " + m + ", but says: "
              + e.getMessage());
    }
    assertEquals(before, contents(store),
        () -> call + " was refused, and should have changed nothing");
    return e;
  }

  // ---------------------------------------------------------------- paging

  /**
   * Pages through {@code range} by following continuations, checking each page on the way: at
   * most {@code limit} entries, every entry inside the range asked, and only a non-empty page
   * may have a continuation. Fails after {@code maxPages} pages (a continuation that never ends).
   */
  static List<KvEntry> pageThrough(KvStore store, KeyRange range, Direction direction, int limit,
      int maxPages, String what) {
    List<KvEntry> all = new ArrayList<>();
    KeyRange rest = range;
    int pages = 0;
    while (rest != null) {
      KeyRange asked = rest;
      ScanPage page = store.scan(asked, direction, limit);
      List<KvEntry> entries = page.entries();
      assertTrue(entries.size() <= limit, () -> what + ": a scan with limit " + limit
          + " should return at most " + limit + " entries, got " + entries.size());
      for (KvEntry e : entries) {
        assertTrue(asked.contains(e.key()), () -> what + ": a scan of " + show(asked)
            + " returned " + show(e.key()) + ", which lies outside it");
      }
      if (page.hasMore()) {
        assertTrue(!entries.isEmpty(), () -> what + ": a page with no entries should be the"
            + " last one, but its continuation is " + show(page.rest()));
      }
      all.addAll(entries);
      rest = page.rest();
      if (++pages >= maxPages && rest != null) {
        fail(what + ": paging with limit " + limit + " did not end after " + maxPages
            + " pages; last continuation " + show(rest));
      }
    }
    return all;
  }

  // ---------------------------------------------------------------- threads

  /**
   * Runs {@code tasks} on their own platform threads, all released at once, and returns their
   * results in order; rethrows the first failure. A task stuck for {@link #STUCK_SECONDS} fails
   * the test (a hang guard, never a speed check).
   */
  static <T> List<T> runConcurrently(List<Callable<T>> tasks) {
    AtomicInteger names = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(tasks.size(), r -> {
      Thread t = new Thread(r, "chatstore-tck-" + names.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    CompletionService<T> done = new ExecutorCompletionService<>(pool);
    CountDownLatch go = new CountDownLatch(1);
    try {
      List<Future<T>> futures = new ArrayList<>();
      for (Callable<T> task : tasks) {
        futures.add(done.submit(() -> {
          go.await();
          return task.call();
        }));
      }
      go.countDown();
      // In completion order, so that the first failure is reported at once.
      for (int i = 0; i < tasks.size(); i++) {
        Future<T> next;
        try {
          next = done.poll(STUCK_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new AssertionError("interrupted while waiting for concurrent tasks", e);
        }
        if (next == null) {
          fail((tasks.size() - i) + " of " + tasks.size() + " concurrent tasks did not finish"
              + " within " + STUCK_SECONDS + " s (stuck or deadlocked?)");
        }
        await(next, "a concurrent task");
      }
      List<T> results = new ArrayList<>();
      for (Future<T> f : futures) {
        results.add(await(f, "a concurrent task"));
      }
      return results;
    } finally {
      pool.shutdownNow();
    }
  }

  /** The value of {@code future}, failing the test if it fails or hangs. */
  static <T> T await(Future<T> future, String what) {
    try {
      return future.get(STUCK_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while waiting for " + what, e);
    } catch (TimeoutException e) {
      throw new AssertionError(what + " did not finish within " + STUCK_SECONDS
          + " s (stuck or deadlocked?)", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof Error err) {
        throw err;
      }
      if (cause instanceof RuntimeException re) {
        throw re;
      }
      return fail(what + " failed", cause);
    }
  }
}
