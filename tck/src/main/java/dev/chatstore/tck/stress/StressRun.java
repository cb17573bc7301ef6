package dev.chatstore.tck.stress;

import dev.chatstore.kv.Direction;
import dev.chatstore.kv.KeyRange;
import dev.chatstore.kv.KvEntry;
import dev.chatstore.kv.KvStore;
import dev.chatstore.kv.WriteBatch;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The threads of {@link StressContract}: writers of counters and pairs, a churn writer with a
 * model, and readers that check the invariants while the writers run. Each thread returns
 * {@code "FAIL "} and what it saw, or a one-line summary.
 */
final class StressRun {
  /** The system property with the seconds each stress run lasts. */
  static final String SECONDS_PROPERTY = "chatstore.stress.seconds";
  /** Seconds per run unless {@value #SECONDS_PROPERTY} says otherwise. */
  static final int DEFAULT_SECONDS = 2;
  /** Writer threads, each the only writer of its counter. */
  static final int WRITERS = 4;
  /** Pairs of keys written together. */
  static final int PAIRS = 16;
  /** Keys of the churn region. */
  static final int CHURN_KEYS = 64;
  /** Batches an async writer keeps in flight. */
  static final int ASYNC_WINDOW = 8;

  private final KvStore store;
  private final long seed;
  private final boolean rangeDelete;
  private final boolean reverseScan;
  private final long deadline;
  private final AtomicLongArray lastCounter = new AtomicLongArray(WRITERS);
  private final AtomicLong operations = new AtomicLong();
  private final Map<String, String> churnModel = new TreeMap<>();

  StressRun(KvStore store, long seed, boolean rangeDelete, boolean reverseScan) {
    this.store = store;
    this.seed = seed;
    this.rangeDelete = rangeDelete;
    this.reverseScan = reverseScan;
    this.deadline = System.nanoTime()
        + TimeUnit.SECONDS.toNanos(Integer.getInteger(SECONDS_PROPERTY, DEFAULT_SECONDS));
    for (int w = 0; w < WRITERS; w++) {
      lastCounter.set(w, -1);
    }
  }

  static byte[] b(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  static byte[] num(long v) {
    return ByteBuffer.allocate(Long.BYTES).putLong(v).array();
  }

  static long num(byte[] v) {
    if (v.length != Long.BYTES) {
      throw new IllegalStateException("a counter holds " + v.length + " bytes, expected 8");
    }
    return ByteBuffer.wrap(v).getLong();
  }

  static byte[] counterKey(int writer) {
    return b("ctr/" + writer);
  }

  private static byte[] pairKey(int pair, char side) {
    return b(String.format("pair/%02d/%c", pair, side));
  }

  private boolean running() {
    return System.nanoTime() < deadline;
  }

  long lastCounter(int writer) {
    return lastCounter.get(writer);
  }

  long operations() {
    return operations.get();
  }

  Map<String, String> churnModel() {
    return churnModel;
  }

  /** Writes counter {@code w} upwards, alone or with a pair put, delete or range delete. */
  String writer(int w) throws Exception {
    Random r = new Random(seed + w);
    boolean async = w % 2 == 1;
    ArrayDeque<CompletableFuture<Boolean>> inFlight = new ArrayDeque<>();
    long c = 0;
    for (; running(); c++) {
      WriteBatch.Builder batch = WriteBatch.builder().put(counterKey(w), num(c));
      if (r.nextInt(10) < 6) {
        int pair = r.nextInt(PAIRS);
        int how = r.nextInt(10);
        if (how == 0) {
          batch.delete(pairKey(pair, 'a')).delete(pairKey(pair, 'b'));
        } else if (how == 1 && rangeDelete) {
          batch.deleteRange(KeyRange.prefix(b(String.format("pair/%02d/", pair))));
        } else {
          byte[] v = b(w + ":" + c);
          batch.put(pairKey(pair, 'a'), v).put(pairKey(pair, 'b'), v);
        }
      }
      if (async) {
        inFlight.add(store.writeAsync(batch.build()));
        if (inFlight.size() >= ASYNC_WINDOW) {
          inFlight.poll().get(60, TimeUnit.SECONDS);
        }
      } else {
        store.write(batch.build());
      }
      lastCounter.set(w, c);
      operations.incrementAndGet();
    }
    for (CompletableFuture<Boolean> f : inFlight) {
      f.get(60, TimeUnit.SECONDS);
    }
    return "writer " + w + (async ? " (writeAsync)" : "") + ": " + c + " batches";
  }

  /** Puts, deletes and range-deletes the churn region, keeping a model of it. */
  String churn() {
    Random r = new Random(seed ^ 0x5DEECE66DL);
    long n = 0;
    for (; running(); n++) {
      WriteBatch.Builder batch = WriteBatch.builder();
      int ops = 1 + r.nextInt(4);
      for (int i = 0; i < ops; i++) {
        int k = r.nextInt(CHURN_KEYS);
        String key = String.format("churn/%03d", k);
        int how = r.nextInt(10);
        if (how < 6) {
          String v = "v" + n + "." + i;
          batch.put(b(key), b(v));
          churnModel.put(key, v);
        } else if (how < 8 || !rangeDelete) {
          batch.delete(b(key));
          churnModel.remove(key);
        } else {
          String to = String.format("churn/%03d", k + 1 + r.nextInt(8));
          batch.deleteRange(KeyRange.of(b(key), b(to)));
          churnModel.keySet().removeIf(x -> x.compareTo(key) >= 0 && x.compareTo(to) < 0);
        }
      }
      store.write(batch.build());
      operations.incrementAndGet();
    }
    return "churn: " + n + " batches";
  }

  /** Reads counters and pairs by get and getAll. */
  String pointReader() {
    long[] seen = initialSeen();
    List<byte[]> keys = new ArrayList<>();
    for (int w = 0; w < WRITERS; w++) {
      keys.add(counterKey(w));
    }
    for (int p = 0; p < PAIRS; p++) {
      keys.add(pairKey(p, 'a'));
      keys.add(pairKey(p, 'b'));
    }
    long reads = 0;
    for (; running(); reads++) {
      List<byte[]> values = store.getAll(keys);
      for (int w = 0; w < WRITERS; w++) {
        String back = advance(seen, w, values.get(w), "getAll");
        if (back != null) {
          return back;
        }
      }
      for (int p = 0; p < PAIRS; p++) {
        byte[] a = values.get(WRITERS + 2 * p);
        byte[] bb = values.get(WRITERS + 2 * p + 1);
        if (!Arrays.equals(a, bb)) {
          return "FAIL getAll saw half of pair " + p + ": a=" + show(a) + " b=" + show(bb);
        }
      }
      int w = (int) (reads % WRITERS);
      String back = advance(seen, w, store.get(counterKey(w)), "get");
      if (back != null) {
        return back;
      }
      operations.incrementAndGet();
    }
    return "point reader: " + reads + " rounds";
  }

  /** Scans counters and all pairs in one page each, ascending and (when supported) descending. */
  String scanReader() {
    long[] seen = initialSeen();
    long scans = 0;
    for (; running(); scans++) {
      for (KvEntry e : store.scan(KeyRange.prefix(b("ctr/")), Direction.ASCENDING, 100)
          .entries()) {
        int w = Integer.parseInt(new String(e.key(), StandardCharsets.US_ASCII).substring(4));
        String back = advance(seen, w, e.value(), "scan");
        if (back != null) {
          return back;
        }
      }
      Direction d = reverseScan && scans % 2 == 1 ? Direction.DESCENDING : Direction.ASCENDING;
      String torn = checkPairs(store.scan(KeyRange.prefix(b("pair/")), d, 2 * PAIRS + 1)
          .entries());
      if (torn != null) {
        return "FAIL a " + d + " scan page " + torn;
      }
      operations.incrementAndGet();
    }
    return "scan reader: " + scans + " rounds";
  }

  /** Counts: the pairs always even, the counters never fewer. */
  String countReader() {
    long counters = 0;
    long counts = 0;
    for (; running(); counts++) {
      long pairs = store.count(KeyRange.prefix(b("pair/")));
      if (pairs % 2 != 0) {
        return "FAIL count of the pairs is odd (" + pairs + "): it saw half a batch";
      }
      long c = store.count(KeyRange.prefix(b("ctr/")));
      if (c < counters) {
        return "FAIL count of the counters went from " + counters + " down to " + c
            + ", though counters are never deleted";
      }
      counters = c;
      operations.incrementAndGet();
    }
    return "count reader: " + counts + " rounds";
  }

  /** Why the entries of a consistent read of pairs show half a pair, or null. */
  String checkPairs(List<KvEntry> entries) {
    Map<String, byte[]> a = new TreeMap<>();
    Map<String, byte[]> bs = new TreeMap<>();
    for (KvEntry e : entries) {
      String k = new String(e.key(), StandardCharsets.US_ASCII);
      String pair = k.substring(0, k.length() - 2);
      (k.endsWith("/a") ? a : bs).put(pair, e.value());
    }
    for (String pair : a.keySet()) {
      if (!Arrays.equals(a.get(pair), bs.get(pair))) {
        return "saw half of " + pair + ": a=" + show(a.get(pair)) + " b=" + show(bs.get(pair));
      }
    }
    for (String pair : bs.keySet()) {
      if (!a.containsKey(pair)) {
        return "saw half of " + pair + ": a absent, b=" + show(bs.get(pair));
      }
    }
    return null;
  }

  private static long[] initialSeen() {
    long[] seen = new long[WRITERS];
    Arrays.fill(seen, -1);
    return seen;
  }

  private static String advance(long[] seen, int w, byte[] value, String how) {
    if (value == null) {
      return seen[w] < 0 ? null : "FAIL " + how + " found counter " + w + " absent after it had"
          + " seen " + seen[w];
    }
    long v = num(value);
    if (v < seen[w]) {
      return "FAIL " + how + " saw counter " + w + " go back from " + seen[w] + " to " + v;
    }
    seen[w] = v;
    return null;
  }

  private static String show(byte[] v) {
    return v == null ? "absent" : new String(v, StandardCharsets.US_ASCII);
  }

  /** Runs every task on its own thread and returns their outcomes, failing on an exception. */
  static List<String> runAll(List<Callable<String>> tasks) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(tasks.size());
    try {
      List<Future<String>> futures = new ArrayList<>();
      for (Callable<String> t : tasks) {
        futures.add(pool.submit(t));
      }
      long wait = Integer.getInteger(SECONDS_PROPERTY, DEFAULT_SECONDS) + 120L;
      List<String> out = new ArrayList<>();
      for (Future<String> f : futures) {
        try {
          out.add(f.get(wait, TimeUnit.SECONDS));
        } catch (ExecutionException e) {
          throw new AssertionError("a stress thread failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
          throw new AssertionError("a stress thread was stuck for " + wait + " s");
        }
      }
      return out;
    } finally {
      pool.shutdownNow();
    }
  }
}
