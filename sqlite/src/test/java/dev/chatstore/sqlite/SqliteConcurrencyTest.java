package dev.chatstore.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.chatstore.kv.Direction;
import dev.chatstore.kv.KeyRange;
import dev.chatstore.kv.KvEntry;
import dev.chatstore.kv.KvStore;
import dev.chatstore.kv.StoreException;
import dev.chatstore.kv.StoreOptions;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Many threads on one store, and two stores on one file: no SQLITE_BUSY ever reaches a caller,
 * batches are seen whole, counters never go backwards, conditional increments are exact, and
 * operations racing a close end as CLOSED instead of hanging. Every test does a bounded amount of
 * work; nothing asserts a speed.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class SqliteConcurrencyTest {
  private static final int WRITERS = 16;
  private static final int READERS = 16;
  private static final int ROUNDS = 60;
  private static final int SHARED = 4;
  private static final int BATCH = 10;

  @TempDir
  Path dir;

  // ---------------------------------------------------------------- helpers

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] num(long v) {
    return ByteBuffer.allocate(Long.BYTES).putLong(v).array();
  }

  private static long num(byte[] bytes) {
    return bytes == null ? 0 : ByteBuffer.wrap(bytes).getLong();
  }

  private static byte[] own(int writer) {
    return b(String.format("c/%02d", writer));
  }

  private static byte[] shared(int i) {
    return b("s/" + i);
  }

  private static byte[] batchPrefix(int writer) {
    return b(String.format("b/%02d/", writer));
  }

  private static byte[] batchKey(int writer, int round, int j) {
    return b(String.format("b/%02d/%04d/%d", writer, round, j));
  }

  /** Adds 1 to the counter at {@code key} with check-and-set, retrying; returns the attempts. */
  private static int increment(KvStore store, byte[] key) {
    for (int attempt = 1; ; attempt++) {
      byte[] cur = store.get(key);
      long next = num(cur) + 1;
      if (store.write(WriteBatch.builder().check(key, cur).put(key, num(next)).build())) {
        return attempt;
      }
      if (attempt > 100_000) {
        throw new AssertionError("check-and-set of " + new String(key, StandardCharsets.UTF_8)
            + " never succeeded");
      }
    }
  }

  /** Runs {@code body}, recording anything it throws. */
  private static Thread thread(String name, Queue<Throwable> errors, CountDownLatch start,
      ThrowingRunnable body) {
    Thread t = new Thread(() -> {
      try {
        start.await();
        body.run();
      } catch (Throwable e) {
        errors.add(new AssertionError(name + " failed: " + e, e));
      }
    }, name);
    t.setDaemon(true);
    return t;
  }

  private interface ThrowingRunnable {
    void run() throws Exception;
  }

  private static void joinAll(List<Thread> threads, long seconds) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    for (Thread t : threads) {
      t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
      if (t.isAlive()) {
        StringBuilder stack = new StringBuilder();
        for (StackTraceElement e : t.getStackTrace()) {
          stack.append("\n  at ").append(e);
        }
        fail(t.getName() + " is stuck after " + seconds + " s:" + stack);
      }
    }
  }

  private static void assertNoErrors(Queue<Throwable> errors) {
    StringBuilder all = new StringBuilder();
    for (Throwable e : errors) {
      StringWriter sw = new StringWriter();
      e.printStackTrace(new PrintWriter(sw));
      all.append(sw).append('\n');
    }
    String text = all.toString();
    assertThat(text).as("no SQLITE_BUSY may reach a caller").doesNotContain("SQLITE_BUSY")
        .doesNotContain("database is locked").doesNotContain("locked");
    assertThat(errors).as("errors of the worker threads:\n%s", text).isEmpty();
  }

  /** Checks that {@code entries} (keys b/WW/RRRR/J) hold whole batches, in scan order. */
  private static void assertWholeBatches(List<KvEntry> entries, Direction direction) {
    for (int i = 0; i < entries.size(); i++) {
      if (i > 0) {
        int c = Arrays.compareUnsigned(entries.get(i - 1).key(), entries.get(i).key());
        assertThat(direction == Direction.ASCENDING ? c < 0 : c > 0)
            .as("scan order at %d", i).isTrue();
      }
    }
    assertThat(entries.size() % BATCH).as("a scan page of whole batches: %s", entries).isZero();
    for (int i = 0; i < entries.size(); i += BATCH) {
      String round = new String(entries.get(i).key(), StandardCharsets.UTF_8).substring(0, 10);
      for (int j = 0; j < BATCH; j++) {
        assertThat(new String(entries.get(i + j).key(), StandardCharsets.UTF_8))
            .as("batch %s is seen whole", round).startsWith(round);
        assertThat(entries.get(i + j).value()).isEqualTo(entries.get(i).value());
      }
    }
  }

  // ---------------------------------------------------------------- one store, 32 threads

  @Test
  void sixteenWritersAndSixteenReaders_noBusyErrors_invariantsHold() throws Exception {
    Queue<Throwable> errors = new ConcurrentLinkedQueue<>();
    AtomicBoolean writersDone = new AtomicBoolean();
    AtomicLong sharedIncrements = new AtomicLong();
    AtomicLong readRounds = new AtomicLong();
    CountDownLatch start = new CountDownLatch(1);
    try (SqliteKvStore store = SqliteKvStore.open(dir)) {
      List<Thread> writers = new ArrayList<>();
      for (int w = 0; w < WRITERS; w++) {
        int me = w;
        writers.add(thread("writer-" + w, errors, start, () -> {
          for (int r = 0; r < ROUNDS; r++) {
            byte[] single = b(String.format("w/%02d/%04d", me, r));
            if (r % 2 == 0) {
              store.put(single, num(r));
            } else {
              store.writeAsync(WriteBatch.builder().put(single, num(r)).build()).join();
            }
            WriteBatch.Builder batch = WriteBatch.builder();
            for (int j = 0; j < BATCH; j++) {
              batch.put(batchKey(me, r, j), num(r));
            }
            store.write(batch.build());
            assertThat(increment(store, own(me))).as("own counter: no contention").isEqualTo(1);
            increment(store, shared(r % SHARED));
            sharedIncrements.incrementAndGet();
            if (r % 8 == 7) {
              // whole old batches go at once: readers must never see part of one
              store.write(WriteBatch.builder().deleteRange(batchKey(me, 0, 0),
                  batchKey(me, r - 4, 0)).delete(b(String.format("w/%02d/%04d", me, r - 7)))
                  .build());
            }
          }
        }));
      }
      List<Thread> readers = new ArrayList<>();
      for (int rd = 0; rd < READERS; rd++) {
        readers.add(thread("reader-" + rd, errors, start, () -> {
          long[] lastOwn = new long[WRITERS];
          long[] lastShared = new long[SHARED];
          ThreadLocalRandom rnd = ThreadLocalRandom.current();
          List<byte[]> counterKeys = new ArrayList<>();
          for (int w = 0; w < WRITERS; w++) {
            counterKeys.add(own(w));
          }
          for (int s = 0; s < SHARED; s++) {
            counterKeys.add(shared(s));
          }
          int rounds = 0;
          while (!writersDone.get() || rounds < 20) {
            rounds++;
            int w = rnd.nextInt(WRITERS);
            long v = num(store.get(own(w)));
            assertThat(v).as("own counter %d never goes back", w).isGreaterThanOrEqualTo(lastOwn[w]);
            lastOwn[w] = v;

            List<byte[]> all = store.getAll(counterKeys);
            for (int i = 0; i < WRITERS; i++) {
              long c = num(all.get(i));
              assertThat(c).isGreaterThanOrEqualTo(lastOwn[i]).isLessThanOrEqualTo(ROUNDS);
              lastOwn[i] = c;
            }
            for (int s = 0; s < SHARED; s++) {
              long c = num(all.get(WRITERS + s));
              assertThat(c).isGreaterThanOrEqualTo(lastShared[s]);
              lastShared[s] = c;
            }

            KeyRange prefix = KeyRange.prefix(batchPrefix(w));
            assertWholeBatches(store.scan(prefix, Direction.ASCENDING, 10 * BATCH).entries(),
                Direction.ASCENDING);
            assertWholeBatches(store.scan(prefix, Direction.DESCENDING, 5 * BATCH).entries(),
                Direction.DESCENDING);
            assertThat(store.count(prefix) % BATCH).as("count of whole batches").isZero();
            int recent = rnd.nextInt(ROUNDS);
            assertThat(store.count(KeyRange.prefix(b(String.format("b/%02d/%04d/", w, recent)))))
                .isIn(0L, (long) BATCH);
            assertThat(store.count(KeyRange.of(b("w/"), b("w0")))).isNotNegative();
            Thread.sleep(1); // readers share two cores with the writer; leave it some time
          }
          readRounds.addAndGet(rounds);
        }));
      }
      writers.forEach(Thread::start);
      readers.forEach(Thread::start);
      start.countDown();
      joinAll(writers, 150);
      writersDone.set(true);
      joinAll(readers, 30);
      assertNoErrors(errors);

      int lastRangeDelete = (ROUNDS / 8) * 8 - 1; // the last round r with r % 8 == 7
      long batchesLeft = ROUNDS - (lastRangeDelete - 4);
      for (int w = 0; w < WRITERS; w++) {
        assertThat(num(store.get(own(w)))).as("own counter %d", w).isEqualTo(ROUNDS);
        assertThat(store.count(KeyRange.prefix(batchPrefix(w)))).isEqualTo(batchesLeft * BATCH);
      }
      long sharedSum = 0;
      for (int s = 0; s < SHARED; s++) {
        sharedSum += num(store.get(shared(s)));
      }
      assertThat(sharedSum).isEqualTo(sharedIncrements.get()).isEqualTo((long) WRITERS * ROUNDS);
      assertThat(readRounds.get()).isGreaterThanOrEqualTo(20L * READERS);
    }
    try (SqliteKvStore store = SqliteKvStore.open(dir)) {
      assertThat(num(store.get(own(0)))).isEqualTo(ROUNDS);
    }
  }

  // ---------------------------------------------------------------- two stores, one file

  @Test
  void twoStoresOnOneFile_bothWrite_noBusyErrors_checksAreExactAcrossThem() throws Exception {
    Path file = dir.resolve("shared.db");
    Queue<Throwable> errors = new ConcurrentLinkedQueue<>();
    // Both open the fresh file at the same moment: one creates the schema, the other waits.
    SqliteKvStore[] stores = new SqliteKvStore[2];
    CountDownLatch opening = new CountDownLatch(1);
    List<Thread> openers = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      int me = i;
      openers.add(thread("opener-" + i, errors, opening,
          () -> stores[me] = SqliteKvStore.open(file)));
    }
    openers.forEach(Thread::start);
    opening.countDown();
    joinAll(openers, 60);
    assertNoErrors(errors);
    int perStore = 4;
    int rounds = 40;
    AtomicBoolean writersDone = new AtomicBoolean();
    try (SqliteKvStore a = stores[0]; SqliteKvStore bStore = stores[1]) {
      CountDownLatch start = new CountDownLatch(1);
      List<Thread> writers = new ArrayList<>();
      List<Thread> readers = new ArrayList<>();
      for (int s = 0; s < 2; s++) {
        SqliteKvStore store = stores[s];
        for (int w = 0; w < perStore; w++) {
          int me = s * perStore + w;
          writers.add(thread("store" + s + "-writer-" + w, errors, start, () -> {
            for (int r = 0; r < rounds; r++) {
              store.put(b(String.format("w/%02d/%04d", me, r)), num(r));
              WriteBatch.Builder batch = WriteBatch.builder();
              for (int j = 0; j < BATCH; j++) {
                batch.put(batchKey(me, r, j), num(r));
              }
              store.write(batch.build());
              increment(store, shared(r % 2)); // contended across the two stores
              increment(store, own(me));
            }
          }));
        }
        for (int rd = 0; rd < 2; rd++) {
          readers.add(thread("store" + s + "-reader-" + rd, errors, start, () -> {
            long[] last = new long[2];
            int n = 0;
            while (!writersDone.get() || n < 10) {
              n++;
              List<byte[]> counters = store.getAll(List.of(shared(0), shared(1)));
              for (int i = 0; i < 2; i++) {
                long c = num(counters.get(i));
                assertThat(c).isGreaterThanOrEqualTo(last[i]);
                last[i] = c;
              }
              int w = ThreadLocalRandom.current().nextInt(2 * perStore);
              assertWholeBatches(store.scan(KeyRange.prefix(batchPrefix(w)), Direction.ASCENDING,
                  3 * BATCH).entries(), Direction.ASCENDING);
            }
          }));
        }
      }
      writers.forEach(Thread::start);
      readers.forEach(Thread::start);
      start.countDown();
      joinAll(writers, 150);
      writersDone.set(true);
      joinAll(readers, 30);
      assertNoErrors(errors);
      long total = num(a.get(shared(0))) + num(a.get(shared(1)));
      assertThat(total).isEqualTo(2L * perStore * rounds);
      assertThat(num(bStore.get(shared(0)))).isEqualTo(num(a.get(shared(0))));
      for (int me = 0; me < 2 * perStore; me++) {
        assertThat(num(a.get(own(me)))).isEqualTo(rounds);
        assertThat(bStore.count(KeyRange.prefix(batchPrefix(me)))).isEqualTo((long) rounds * BATCH);
      }
    }
    try (SqliteKvStore store = SqliteKvStore.open(file)) {
      assertThat(num(store.get(shared(0))) + num(store.get(shared(1))))
          .isEqualTo(2L * perStore * rounds);
    }
  }

  @Test
  void secondStoreOpeningAndClosingRepeatedly_doesNotDisturbTheFirst() throws Exception {
    Path file = dir.resolve("busy.db");
    Queue<Throwable> errors = new ConcurrentLinkedQueue<>();
    AtomicBoolean done = new AtomicBoolean();
    CountDownLatch start = new CountDownLatch(1);
    try (SqliteKvStore main = SqliteKvStore.open(file)) {
      List<Thread> workers = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        int me = t;
        workers.add(thread("worker-" + t, errors, start, () -> {
          long last = 0;
          for (int i = 0; !done.get() || i < 20; i++) {
            main.put(b(String.format("m/%d/%05d", me, i)), num(i));
            increment(main, own(me));
            long seen = num(main.get(own(me)));
            assertThat(seen).isGreaterThan(last);
            last = seen;
            main.scan(KeyRange.prefix(b("m/")), Direction.DESCENDING, 50);
          }
        }));
      }
      Thread visitor = thread("visitor", errors, start, () -> {
        try {
          for (int i = 0; i < 15; i++) {
            // each close checkpoints the WAL (TRUNCATE) while the main store works on
            try (SqliteKvStore other = SqliteKvStore.open(file)) {
              increment(other, shared(0));
              other.count(KeyRange.all());
              other.put(b("visitor/" + i), num(i));
            }
          }
        } finally {
          done.set(true);
        }
      });
      workers.forEach(Thread::start);
      visitor.start();
      start.countDown();
      joinAll(List.of(visitor), 120);
      joinAll(workers, 60);
      assertNoErrors(errors);
      assertThat(num(main.get(shared(0)))).isEqualTo(15);
      assertThat(main.count(KeyRange.prefix(b("visitor/")))).isEqualTo(15);
    }
  }

  // ---------------------------------------------------------------- close races

  @Test
  void operationsRacingClose_endAsClosed_neverHang() throws Exception {
    for (int iteration = 0; iteration < 4; iteration++) {
      Path where = dir.resolve("race-" + iteration);
      SqliteOptions oneReader = SqliteOptions.defaults().withReaders(1 + iteration % 2);
      SqliteKvStore store = SqliteKvStore.open(where, oneReader, StoreOptions.defaults());
      for (int i = 0; i < 50; i++) {
        store.put(b("k" + i), num(i));
      }
      Queue<Throwable> unexpected = new ConcurrentLinkedQueue<>();
      AtomicLong closedSeen = new AtomicLong();
      AtomicLong successes = new AtomicLong();
      CountDownLatch start = new CountDownLatch(1);
      List<Thread> threads = new ArrayList<>();
      for (int t = 0; t < 12; t++) {
        int kind = t % 6;
        threads.add(thread("racer-" + t, unexpected, start, () -> {
          while (true) {
            try {
              switch (kind) {
                case 0 -> store.get(b("k1"));
                case 1 -> store.getAll(List.of(b("k1"), b("k2"), b("k3")));
                case 2 -> store.scan(KeyRange.all(), Direction.DESCENDING, 20);
                case 3 -> store.count(KeyRange.all());
                case 4 -> store.put(b("k" + ThreadLocalRandom.current().nextInt(50)), num(1));
                default -> store.writeAsync(WriteBatch.builder().put(b("a"), num(2)).build())
                    .join();
              }
              successes.incrementAndGet();
            } catch (StoreException e) {
              assertThat(e.kind()).as("%s", e).isEqualTo(StoreException.Kind.CLOSED);
              closedSeen.incrementAndGet();
              return;
            } catch (java.util.concurrent.CompletionException e) {
              assertThat(e.getCause()).isInstanceOfSatisfying(StoreException.class,
                  se -> assertThat(se.kind()).isEqualTo(StoreException.Kind.CLOSED));
              closedSeen.incrementAndGet();
              return;
            }
          }
        }));
      }
      threads.forEach(Thread::start);
      start.countDown();
      Thread.sleep(150);
      store.close();
      joinAll(threads, 30);
      assertNoErrors(unexpected);
      assertThat(closedSeen.get()).isEqualTo(12);
      assertThat(successes.get()).isPositive();
      store.close(); // twice is harmless
    }
  }

  @Test
  void closeWaitsForQueuedWrites_theyAreDurable() throws Exception {
    List<CompletableFuture<Boolean>> futures = new ArrayList<>();
    try (SqliteKvStore store = SqliteKvStore.open(dir)) {
      for (int i = 0; i < 2_000; i++) {
        futures.add(store.writeAsync(WriteBatch.builder().put(b(String.format("q%05d", i)),
            num(i)).build()));
      }
    }
    for (CompletableFuture<Boolean> f : futures) {
      assertThat(f.get(30, TimeUnit.SECONDS)).isTrue();
    }
    try (SqliteKvStore store = SqliteKvStore.open(dir)) {
      assertThat(store.count(KeyRange.prefix(b("q")))).isEqualTo(2_000);
      assertThat(num(store.get(b("q01999")))).isEqualTo(1999);
    }
  }
}
