package dev.chatstore.rocksdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.chatstore.kv.Bytes;
import dev.chatstore.kv.Direction;
import dev.chatstore.kv.KeyRange;
import dev.chatstore.kv.KvEntry;
import dev.chatstore.kv.StoreException;
import dev.chatstore.kv.WriteBatch;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Queue;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Many threads on one RocksDB store: 16 writers and 16 readers at once see every batch whole,
 * counters never go backwards, check-and-set increments are exact; and reads racing close end
 * as CLOSED, never in a native crash. Every test does a bounded amount of work; nothing asserts
 * a speed. The randomness is seeded; the seed is logged and named in every failure.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class RocksDbConcurrencyTest {
  private static final Logger LOG = LoggerFactory.getLogger(RocksDbConcurrencyTest.class);
  private static final int WRITERS = 16;
  private static final int READERS = 16;
  private static final int ROUNDS = 100;
  private static final int GROUP = 8;
  private static final long STUCK_SECONDS = 90;

  @TempDir
  Path dir;

  private final long seed = Long.getLong("chatstore.test.seed",
      ThreadLocalRandom.current().nextLong());

  // ---------------------------------------------------------------- keys and values

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] num(long v) {
    return ByteBuffer.allocate(Long.BYTES).putLong(v).array();
  }

  private static long num(byte[] bytes) {
    return bytes == null ? -1 : ByteBuffer.wrap(bytes).getLong();
  }

  private static byte[] groupPrefix(int writer) {
    return b(String.format("g/%02d/", writer));
  }

  private static byte[] groupKey(int writer, int j) {
    return b(String.format("g/%02d/%02d", writer, j));
  }

  private static byte[] counter(int writer) {
    return b(String.format("c/%02d", writer));
  }

  private static final byte[] SHARED = b("shared");

  /** The batch of round {@code r}: the writer's group and counter, all set to {@code r}. */
  private static WriteBatch round(int writer, int r) {
    WriteBatch.Builder batch = WriteBatch.builder();
    if (r % 10 == 9) {
      batch.deleteRange(KeyRange.prefix(groupPrefix(writer))); // then rewritten, atomically
    }
    for (int j = 0; j < GROUP; j++) {
      batch.put(groupKey(writer, j), num(r));
    }
    return batch.put(counter(writer), num(r)).build();
  }

  // ---------------------------------------------------------------- threads

  private interface Body {
    void run() throws Exception;
  }

  private static Thread thread(String name, Queue<Throwable> errors, CountDownLatch go,
      Body body) {
    Thread t = new Thread(() -> {
      try {
        go.await();
        body.run();
      } catch (Throwable e) {
        errors.add(new AssertionError(name + " failed: " + e, e));
      }
    }, name);
    t.setDaemon(true);
    t.start();
    return t;
  }

  private void joinAll(List<Thread> threads) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(STUCK_SECONDS);
    for (Thread t : threads) {
      t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
      if (t.isAlive()) {
        StringBuilder stack = new StringBuilder();
        for (StackTraceElement e : t.getStackTrace()) {
          stack.append("\n  at ").append(e);
        }
        fail(t.getName() + " is stuck after " + STUCK_SECONDS + " s (seed=" + seed + "):"
            + stack);
      }
    }
  }

  private void assertNoErrors(Queue<Throwable> errors) {
    StringBuilder all = new StringBuilder();
    for (Throwable e : errors) {
      StringWriter sw = new StringWriter();
      e.printStackTrace(new PrintWriter(sw));
      all.append(sw).append('\n');
    }
    assertThat(errors).as("errors of the worker threads (seed=%d):%n%s", seed, all).isEmpty();
  }

  // ---------------------------------------------------------------- 16 writers, 16 readers

  @Test
  void sixteenWritersAndSixteenReaders_batchesWhole_countersMonotonic_countsExact()
      throws Exception {
    LOG.info("seed={} (replay with -Dchatstore.test.seed={})", seed, seed);
    Queue<Throwable> errors = new ConcurrentLinkedQueue<>();
    AtomicBoolean writersDone = new AtomicBoolean();
    AtomicLong reads = new AtomicLong();
    CountDownLatch go = new CountDownLatch(1);
    try (RocksDbKvStore store = RocksDbKvStore.open(dir.resolve("db"))) {
      store.put(SHARED, num(0));
      List<Thread> writers = new ArrayList<>();
      for (int w = 0; w < WRITERS; w++) {
        int me = w;
        writers.add(thread("writer-" + w, errors, go, () -> {
          for (int r = 0; r < ROUNDS; r++) {
            if (r % 2 == 0) {
              assertThat(store.write(round(me, r))).isTrue();
            } else {
              assertThat(store.writeAsync(round(me, r)).join()).isTrue();
            }
            increment(store);
          }
        }));
      }
      List<Thread> readers = new ArrayList<>();
      for (int rd = 0; rd < READERS; rd++) {
        SplittableRandom rnd = new SplittableRandom(seed + rd);
        readers.add(thread("reader-" + rd, errors, go, () -> {
          long[] lastSeen = new long[WRITERS];
          Arrays.fill(lastSeen, -1);
          long lastShared = 0;
          long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(STUCK_SECONDS / 2);
          while (!writersDone.get() && System.nanoTime() < deadline) {
            int w = rnd.nextInt(WRITERS);
            long seen = switch (rnd.nextInt(4)) {
              case 0 -> readViaGetAll(store, w);
              case 1 -> readViaScan(store, w, Direction.ASCENDING);
              case 2 -> readViaScan(store, w, Direction.DESCENDING);
              default -> readViaCount(store, w, lastSeen[w]);
            };
            assertThat(seen).as("writer %d's round never goes backwards (seed=%d)", w, seed)
                .isGreaterThanOrEqualTo(lastSeen[w]);
            lastSeen[w] = seen;
            long shared = num(store.get(SHARED));
            assertThat(shared).as("the shared counter never goes backwards (seed=%d)", seed)
                .isGreaterThanOrEqualTo(lastShared);
            lastShared = shared;
            reads.incrementAndGet();
          }
        }));
      }
      go.countDown();
      joinAll(writers);
      writersDone.set(true);
      joinAll(readers);
      assertNoErrors(errors);

      assertThat(num(store.get(SHARED))).as("check-and-set increments are exact (seed=%d)", seed)
          .isEqualTo((long) WRITERS * ROUNDS);
      for (int w = 0; w < WRITERS; w++) {
        assertThat(num(store.get(counter(w)))).isEqualTo(ROUNDS - 1);
        assertThat(readViaGetAll(store, w)).isEqualTo(ROUNDS - 1);
      }
      assertThat(store.count(KeyRange.all())).as("final count (seed=%d)", seed)
          .isEqualTo((long) WRITERS * (GROUP + 1) + 1);
      assertThat(store.count(KeyRange.prefix(b("g/")))).isEqualTo((long) WRITERS * GROUP);
      assertThat(reads.get()).as("the readers ran").isPositive();
      LOG.info("seed={}: {} reads during {} writes", seed, reads.get(), WRITERS * ROUNDS);
    }
  }

  private static void increment(RocksDbKvStore store) {
    for (int attempt = 0; attempt < 1_000_000; attempt++) {
      byte[] cur = store.get(SHARED);
      if (store.write(WriteBatch.builder().check(SHARED, cur).put(SHARED, num(num(cur) + 1))
          .build())) {
        return;
      }
    }
    throw new AssertionError("check-and-set of the shared counter never succeeded");
  }

  /** The round writer {@code w}'s group and counter hold, checking that they agree. */
  private long readViaGetAll(RocksDbKvStore store, int w) {
    List<byte[]> keys = new ArrayList<>();
    for (int j = 0; j < GROUP; j++) {
      keys.add(groupKey(w, j));
    }
    keys.add(counter(w));
    List<byte[]> values = store.getAll(keys);
    long first = num(values.get(0));
    for (int i = 1; i < values.size(); i++) {
      if (num(values.get(i)) != first) {
        fail("getAll saw half a batch of writer " + w + ": " + rounds(values) + " (seed=" + seed
            + ")");
      }
    }
    return first;
  }

  private long readViaScan(RocksDbKvStore store, int w, Direction direction) {
    List<KvEntry> entries = store.scan(KeyRange.prefix(groupPrefix(w)), direction, GROUP + 5)
        .entries();
    if (entries.isEmpty()) {
      return -1;
    }
    List<byte[]> values = new ArrayList<>();
    for (int i = 0; i < entries.size(); i++) {
      values.add(entries.get(i).value());
      if (i > 0) {
        int c = Bytes.compare(entries.get(i - 1).key(), entries.get(i).key());
        assertThat(direction == Direction.ASCENDING ? c < 0 : c > 0)
            .as("%s scan order (seed=%d)", direction, seed).isTrue();
      }
    }
    if (entries.size() != GROUP || values.stream().anyMatch(v -> num(v) != num(values.get(0)))) {
      fail(direction + " scan saw half a batch of writer " + w + ": " + rounds(values)
          + " (seed=" + seed + ")");
    }
    return num(values.get(0));
  }

  private long readViaCount(RocksDbKvStore store, int w, long lastSeen) {
    long n = store.count(KeyRange.prefix(groupPrefix(w)));
    if (n != 0 && n != GROUP) {
      fail("count saw half a batch of writer " + w + ": " + n + " of " + GROUP + " (seed="
          + seed + ")");
    }
    if (n == 0 && lastSeen >= 0) {
      fail("count of writer " + w + "'s group fell to 0 after round " + lastSeen
          + " was seen: a range delete and its rewrite were not atomic (seed=" + seed + ")");
    }
    return lastSeen; // a count says nothing newer; the order check still holds
  }

  private static List<Long> rounds(List<byte[]> values) {
    List<Long> out = new ArrayList<>();
    for (byte[] v : values) {
      out.add(num(v));
    }
    return out;
  }

  // ---------------------------------------------------------------- reads racing close

  @Test
  void readsRacingClose_endAsClosed_neverCrash() throws Exception {
    LOG.info("seed={} (replay with -Dchatstore.test.seed={})", seed, seed);
    Path db = dir.resolve("db");
    for (int attempt = 0; attempt < 3; attempt++) {
      RocksDbKvStore store = RocksDbKvStore.open(db);
      WriteBatch.Builder load = WriteBatch.builder();
      for (int i = 0; i < 2000; i++) {
        load.put(b(String.format("k%05d", i)), new byte[100]);
      }
      store.write(load.build());
      Queue<Throwable> errors = new ConcurrentLinkedQueue<>();
      AtomicLong reads = new AtomicLong();
      AtomicLong closedErrors = new AtomicLong();
      CountDownLatch go = new CountDownLatch(1);
      List<Thread> readers = new ArrayList<>();
      for (int rd = 0; rd < 8; rd++) {
        SplittableRandom rnd = new SplittableRandom(seed + 31L * attempt + rd);
        readers.add(thread("reader-" + rd, errors, go, () -> {
          long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(STUCK_SECONDS / 2);
          while (System.nanoTime() < deadline) {
            byte[] k = b(String.format("k%05d", rnd.nextInt(2000)));
            try {
              switch (rnd.nextInt(5)) {
                case 0 -> store.get(k);
                case 1 -> store.getAll(List.of(k, k, b("absent")));
                case 2 -> store.scan(KeyRange.of(k, null), Direction.ASCENDING, 100);
                case 3 -> store.scan(KeyRange.of(Bytes.empty(), k), Direction.DESCENDING, 100);
                default -> store.count(KeyRange.of(k, null));
              }
              reads.incrementAndGet();
            } catch (StoreException e) {
              assertThat(e.kind()).as("a read racing close fails only as CLOSED: %s", e)
                  .isEqualTo(StoreException.Kind.CLOSED);
              assertThat(e.getMessage()).contains("closed");
              closedErrors.incrementAndGet();
              return;
            }
          }
          fail("reads kept succeeding for " + STUCK_SECONDS / 2 + " s after close");
        }));
      }
      go.countDown();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(STUCK_SECONDS / 2);
      while (reads.get() < 2000 && System.nanoTime() < deadline) {
        Thread.sleep(1);
      }
      store.close();
      joinAll(readers);
      assertNoErrors(errors);
      assertThat(closedErrors.get()).as("every reader ended with CLOSED").isEqualTo(8);
    }
    try (RocksDbKvStore store = RocksDbKvStore.open(db)) {
      assertThat(store.count(KeyRange.all())).as("the data is intact after the races")
          .isEqualTo(2000);
    }
  }
}
