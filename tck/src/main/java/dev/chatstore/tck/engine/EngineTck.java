package dev.chatstore.tck.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.chatstore.engine.Engine;
import dev.chatstore.engine.EngineKeys;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.function.Executable;

/** Helpers shared by the engine contracts: entries, snapshots, refusals, threads. */
final class EngineTck {
  /** How long concurrent tasks may take before they are reported as stuck (not a speed check). */
  static final long STUCK_SECONDS = 60;

  private EngineTck() {}

  /** A batch entry; {@code value} may be null (a cascade delete). */
  static Map.Entry<String, String> entry(String key, String value) {
    return new AbstractMap.SimpleEntry<>(key, value);
  }

  /** Every key of {@code engine} with its value, newest first (at most the list maximum). */
  static Map<String, String> snapshot(Engine engine) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String k : engine.list("", 0, EngineKeys.MAX_LIST_LIMIT)) {
      out.put(k, engine.get(k));
    }
    return out;
  }

  /** {@code s} printable: control characters escaped, long strings cut. */
  static String show(String s) {
    if (s == null) {
      return "null";
    }
    StringBuilder sb = new StringBuilder("\"");
    for (int i = 0; i < Math.min(s.length(), 60); i++) {
      char c = s.charAt(i);
      sb.append(Character.isISOControl(c) || Character.isSurrogate(c)
          ? String.format("\\u%04X", (int) c) : String.valueOf(c));
    }
    sb.append('"');
    return s.length() > 60 ? sb + "...(" + s.length() + " chars)" : sb.toString();
  }

  /**
   * Runs {@code call}, which must be refused with an {@link IllegalArgumentException}, and checks
   * that the engine holds what it held before. When {@code mention} is not null the message must
   * contain it.
   */
  static IllegalArgumentException assertRefused(Engine engine, String call, String mention,
      Executable action) {
    Map<String, String> before = snapshot(engine);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, action,
        () -> call + " should be refused with IllegalArgumentException");
    if (mention != null) {
      assertTrue(e.getMessage() != null && e.getMessage().contains(mention),
          () -> "the refusal of " + call + " should name " + mention + ", but says: "
              + e.getMessage());
    }
    assertEquals(before, snapshot(engine), () -> call + " was refused and should have changed"
        + " nothing");
    return e;
  }

  /**
   * Runs {@code tasks} on their own platform threads, released at once, and returns their
   * results in order; rethrows the first failure. A task stuck for {@value #STUCK_SECONDS} s fails
   * the test.
   */
  static <T> List<T> runConcurrently(List<Callable<T>> tasks) {
    AtomicInteger names = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(tasks.size(), r -> {
      Thread t = new Thread(r, "chatstore-engine-tck-" + names.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    CountDownLatch go = new CountDownLatch(1);
    try {
      List<Future<T>> futures = new ArrayList<>();
      for (Callable<T> task : tasks) {
        futures.add(pool.submit(() -> {
          go.await();
          return task.call();
        }));
      }
      go.countDown();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(STUCK_SECONDS);
      List<T> out = new ArrayList<>();
      for (Future<T> f : futures) {
        try {
          out.add(f.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
        } catch (TimeoutException e) {
          fail("concurrent tasks did not finish within " + STUCK_SECONDS
              + " s (stuck or deadlocked?)");
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new AssertionError("interrupted while waiting for concurrent tasks", e);
        } catch (ExecutionException e) {
          if (e.getCause() instanceof Error err) {
            throw err;
          }
          if (e.getCause() instanceof RuntimeException re) {
            throw re;
          }
          fail("a concurrent task failed", e.getCause());
        }
      }
      return out;
    } finally {
      pool.shutdownNow();
    }
  }
}
