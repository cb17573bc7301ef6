package dev.chatstore.tck.stress;

import dev.chatstore.kv.KvStore;
import dev.chatstore.kv.StoreException;
import dev.chatstore.kv.WriteBatch;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.LongPredicate;

/**
 * Writers and readers that keep working on stores while a test stops and starts their server:
 * one thread per store given (for example one per tenant, so that a Redis Cluster spreads them
 * over its masters), each writing new keys by single puts, batches of three and
 * {@code writeAsync}, and reading back the last key it saw acknowledged. It records every
 * acknowledged write; a call that fails with a {@link StoreException} of kind
 * {@link StoreException.Kind#CONNECTION} is counted and the thread goes on (that write may or may
 * not have been applied); any other failure, or a read that returns something other than what
 * was acknowledged, is recorded as a violation. After the outage, {@link #missing} names every
 * acknowledged write the stores lack.
 */
public final class FaultLoad implements AutoCloseable {
  private final List<KvStore> stores;
  private final String prefix;
  private final AtomicBoolean stop = new AtomicBoolean();
  private final AtomicLongArray acks;
  private final AtomicLongArray failures;
  private final List<Map<String, String>> acked = new ArrayList<>();
  private final ConcurrentLinkedQueue<String> violations = new ConcurrentLinkedQueue<>();
  private final List<Thread> threads = new ArrayList<>();

  private FaultLoad(List<KvStore> stores, String prefix) {
    this.stores = List.copyOf(stores);
    this.prefix = prefix;
    this.acks = new AtomicLongArray(stores.size());
    this.failures = new AtomicLongArray(stores.size());
    for (int i = 0; i < stores.size(); i++) {
      acked.add(new LinkedHashMap<>());
    }
  }

  /**
   * Starts one thread per store, writing keys under {@code prefix}.
   *
   * @throws IllegalArgumentException when no store is given or the prefix is empty
   */
  public static FaultLoad start(List<KvStore> stores, String prefix) {
    if (stores == null || stores.isEmpty() || prefix == null || prefix.isEmpty()) {
      throw new IllegalArgumentException("at least one store and a non-empty prefix are needed");
    }
    FaultLoad load = new FaultLoad(stores, prefix);
    for (int i = 0; i < stores.size(); i++) {
      int t = i;
      load.threads.add(Thread.ofPlatform().name("fault-load-" + i).start(() -> load.run(t)));
    }
    return load;
  }

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private void run(int t) {
    KvStore store = stores.get(t);
    Map<String, String> mine = acked.get(t);
    String lastKey = null;
    for (long n = 0; !stop.get(); n++) {
      String key = prefix + t + "/" + n;
      String value = key + "=" + Long.toHexString(key.hashCode() * 31L + n);
      try {
        switch ((int) (n % 3)) {
          case 0 -> store.put(b(key), b(value));
          case 1 -> store.write(WriteBatch.builder().put(b(key), b(value))
              .put(b(key + "/x"), b(value)).put(b(key + "/y"), b(value)).build());
          default -> store.writeAsync(WriteBatch.builder().put(b(key), b(value)).build())
              .get(120, TimeUnit.SECONDS);
        }
        synchronized (mine) {
          mine.put(key, value);
          if (n % 3 == 1) {
            mine.put(key + "/x", value);
            mine.put(key + "/y", value);
          }
        }
        acks.incrementAndGet(t);
        lastKey = key;
        if (n % 4 == 0) {
          byte[] read = store.get(b(lastKey));
          String expected;
          synchronized (mine) {
            expected = mine.get(lastKey);
          }
          if (read == null || !Arrays.equals(read, b(expected))) {
            violations.add("thread " + t + " read " + lastKey + " as "
                + (read == null ? "absent" : new String(read, StandardCharsets.UTF_8))
                + " right after its write was acknowledged");
          }
        }
      } catch (StoreException e) {
        failed(t, e);
      } catch (ExecutionException e) {
        if (e.getCause() instanceof StoreException se) {
          failed(t, se);
        } else {
          violations.add("thread " + t + ": writeAsync failed with " + e.getCause());
          return;
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (Exception | Error e) {
        violations.add("thread " + t + ": " + e);
        return;
      }
    }
  }

  private void failed(int t, StoreException e) {
    if (e.kind() != StoreException.Kind.CONNECTION) {
      violations.add("thread " + t + " got a " + e + " while the server was away; expected kind"
          + " CONNECTION");
    }
    failures.incrementAndGet(t);
    try {
      Thread.sleep(20);
    } catch (InterruptedException ie) {
      Thread.currentThread().interrupt();
    }
  }

  /** The acknowledged writes of each thread so far. */
  public long[] acks() {
    long[] out = new long[acks.length()];
    for (int i = 0; i < out.length; i++) {
      out[i] = acks.get(i);
    }
    return out;
  }

  /** The calls of each thread that failed with kind CONNECTION so far. */
  public long[] failures() {
    long[] out = new long[failures.length()];
    for (int i = 0; i < out.length; i++) {
      out[i] = failures.get(i);
    }
    return out;
  }

  /**
   * Waits until {@code done} holds for the total of {@code counts} (the acks or the failures),
   * at most {@code timeout}.
   *
   * @return whether it held in time
   */
  public boolean await(boolean ofFailures, LongPredicate done, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      long total = Arrays.stream(ofFailures ? failures() : acks()).sum();
      if (done.test(total)) {
        return true;
      }
      Thread.sleep(20);
    }
    return false;
  }

  /**
   * Waits until every thread has at least {@code more} acknowledged writes beyond
   * {@code before}, at most {@code timeout}.
   *
   * @return whether they all had in time
   */
  public boolean awaitEveryThread(long[] before, long more, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      boolean all = true;
      for (int i = 0; i < before.length; i++) {
        all &= acks.get(i) >= before[i] + more;
      }
      if (all) {
        return true;
      }
      Thread.sleep(20);
    }
    return false;
  }

  /** What went wrong other than connection failures (wrong kinds, wrong reads), in order. */
  public List<String> violations() {
    return List.copyOf(violations);
  }

  /**
   * The acknowledged writes the stores lack or hold with another value, read once the threads
   * have stopped ({@link #close()} first).
   */
  public List<String> missing() {
    List<String> out = new ArrayList<>();
    for (int t = 0; t < stores.size(); t++) {
      for (Map.Entry<String, String> e : acked.get(t).entrySet()) {
        byte[] v = stores.get(t).get(b(e.getKey()));
        if (v == null || !Arrays.equals(v, b(e.getValue()))) {
          out.add(e.getKey() + (v == null ? " is missing" : " holds another value"));
        }
      }
    }
    return out;
  }

  /**
   * Fails when a thread saw a failure other than CONNECTION or a wrong read, or when an
   * acknowledged write is missing; call after {@link #close()}, once the server is back.
   *
   * @throws AssertionError naming what went wrong
   */
  public void checkNothingLost() {
    List<String> wrong = violations();
    if (!wrong.isEmpty()) {
      throw new AssertionError("failures other than CONNECTION, or wrong reads: " + wrong);
    }
    List<String> lost = missing();
    if (!lost.isEmpty()) {
      throw new AssertionError(lost.size() + " of " + ackedKeys() + " acknowledged writes are"
          + " missing after the outage: " + lost.subList(0, Math.min(20, lost.size())));
    }
  }

  /** The number of acknowledged keys in all. */
  public int ackedKeys() {
    int n = 0;
    for (Map<String, String> m : acked) {
      synchronized (m) {
        n += m.size();
      }
    }
    return n;
  }

  /** Stops the threads and waits for them (each finishes the call it is in). */
  @Override
  public void close() throws InterruptedException {
    stop.set(true);
    for (Thread t : threads) {
      t.join(TimeUnit.MINUTES.toMillis(3));
    }
  }
}
