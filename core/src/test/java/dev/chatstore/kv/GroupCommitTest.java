package dev.chatstore.kv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The writer of {@link AbstractKvStore}: grouping, per-caller atomicity and order, failure
 * isolation, the bounded queue and close. Runs on a small test backend whose commit can be held
 * and made to fail, to observe the writer from outside.
 */
class GroupCommitTest {
  private static final byte[] POISON = "poison".getBytes(StandardCharsets.UTF_8);

  /** A backend on a TreeMap that records each group and fails groups holding POISON. */
  static final class RecordingStore extends AbstractKvStore {
    final TreeMap<byte[], byte[]> map = new TreeMap<>(Bytes.ORDER);
    final List<Integer> groupSizes = new CopyOnWriteArrayList<>();
    final AtomicInteger commits = new AtomicInteger();
    volatile CountDownLatch hold;
    volatile CountDownLatch entered = new CountDownLatch(1);
    final List<String> commitThreads = new CopyOnWriteArrayList<>();
    private final boolean callerCommits;

    RecordingStore(StoreOptions options) {
      this(options, false);
    }

    RecordingStore(StoreOptions options, boolean callerCommits) {
      super("recording", Set.of(KvFeature.RANGE_DELETE, KvFeature.TTL), options);
      this.callerCommits = callerCommits;
      start();
    }

    @Override
    protected boolean commitsOnCallerThread() {
      return callerCommits;
    }

    @Override
    protected synchronized byte[] readOne(byte[] key, long now) {
      return map.get(key);
    }

    @Override
    protected synchronized List<byte[]> readMany(List<byte[]> keys, long now) {
      List<byte[]> out = new ArrayList<>();
      keys.forEach(k -> out.add(map.get(k)));
      return out;
    }

    @Override
    protected synchronized List<KvEntry> readRange(KeyRange r, Direction d, int limit, long now,
        boolean withExpiry) {
      List<KvEntry> out = new ArrayList<>();
      var view = r.end() == null ? map.tailMap(r.start(), true) : map.subMap(r.start(), r.end());
      for (var e : view.entrySet()) {
        if (out.size() == limit) {
          break;
        }
        out.add(new KvEntry(e.getKey(), e.getValue()));
      }
      return out;
    }

    @Override
    protected synchronized long countRange(KeyRange r, long now) {
      return readRange(r, Direction.ASCENDING, Integer.MAX_VALUE, now, false).size();
    }

    @Override
    protected void commit(List<WriteBatch> batches, boolean[] applied, long now) throws Exception {
      commitThreads.add(Thread.currentThread().getName());
      entered.countDown();
      CountDownLatch h = hold;
      if (h != null) {
        h.await(10, TimeUnit.SECONDS);
      }
      groupSizes.add(batches.size());
      commits.incrementAndGet();
      synchronized (this) {
        TreeMap<byte[], byte[]> next = new TreeMap<>(map);
        for (int i = 0; i < batches.size(); i++) {
          for (WriteOp op : batches.get(i).ops()) {
            switch (op) {
              case WriteOp.Put p -> {
                if (Arrays.equals(p.key(), POISON)) {
                  throw new java.io.IOException("disk says no to " + Bytes.show(p.key()));
                }
                next.put(p.key(), p.value());
              }
              case WriteOp.Delete del -> next.remove(del.key());
              case WriteOp.DeleteRange dr -> next.subMap(dr.range().start(), dr.range().end()).clear();
              case WriteOp.Check c -> { }
            }
          }
          applied[i] = true;
        }
        map.clear();
        map.putAll(next);
      }
    }

    final AtomicInteger sweeps = new AtomicInteger();

    @Override
    protected long removeExpired(long now, int max) {
      sweeps.incrementAndGet();
      return 0;
    }

    @Override
    protected void closeResources() {
    }
  }

  private RecordingStore store;

  @AfterEach
  void close() {
    if (store != null) {
      store.hold = null;
      store.close();
    }
  }

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static WriteBatch put(String k, String v) {
    return WriteBatch.builder().put(b(k), b(v)).build();
  }

  /** Holds the writer inside a commit so that the next writes queue up behind it. */
  private void holdWriter() throws InterruptedException {
    store.hold = new CountDownLatch(1);
    store.entered = new CountDownLatch(1);
    store.writeAsync(put("first", "1"));
    assertThat(store.entered.await(5, TimeUnit.SECONDS)).as("writer entered commit").isTrue();
  }

  @Test
  void batchesQueuedDuringACommit_areCommittedTogetherInOneGroup() throws Exception {
    store = new RecordingStore(StoreOptions.defaults());
    holdWriter();
    List<CompletableFuture<Boolean>> futures = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      futures.add(store.writeAsync(put("k" + i, "v" + i)));
    }
    store.hold.countDown();
    store.hold = null;
    CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
    assertThat(store.groupSizes).as("the 50 queued batches should go in one group commit")
        .contains(50);
    for (int i = 0; i < 50; i++) {
      assertThat(store.get(b("k" + i))).isEqualTo(b("v" + i));
    }
  }

  @Test
  void failingBatch_failsOnlyItsOwnCaller_notItsNeighboursInTheGroup() throws Exception {
    store = new RecordingStore(StoreOptions.defaults());
    holdWriter();
    CompletableFuture<Boolean> before = store.writeAsync(put("a", "1"));
    CompletableFuture<Boolean> bad = store.writeAsync(
        WriteBatch.builder().put(b("b"), b("2")).put(POISON, b("x")).build());
    CompletableFuture<Boolean> after = store.writeAsync(put("c", "3"));
    store.hold.countDown();
    store.hold = null;
    assertThat(before.get(10, TimeUnit.SECONDS)).isTrue();
    assertThat(after.get(10, TimeUnit.SECONDS)).isTrue();
    assertThatThrownBy(() -> bad.get(10, TimeUnit.SECONDS))
        .hasCauseInstanceOf(StoreException.class)
        .hasMessageContaining("disk says no");
    assertThat(store.get(b("a"))).isEqualTo(b("1"));
    assertThat(store.get(b("c"))).isEqualTo(b("3"));
    assertThat(store.get(b("b"))).as("the failed batch must be applied not at all").isNull();
  }

  @Test
  void blockingWriteOfAFailingBatch_throwsStoreExceptionOfKindDatabase() {
    store = new RecordingStore(StoreOptions.defaults());
    assertThatThrownBy(() -> store.write(WriteBatch.builder().put(POISON, b("x")).build()))
        .isInstanceOfSatisfying(StoreException.class,
            e -> assertThat(e.kind()).isEqualTo(StoreException.Kind.DATABASE))
        .hasMessageContaining("recording");
  }

  @Test
  void eachCallersOrder_isKeptAcrossGroups() throws Exception {
    store = new RecordingStore(StoreOptions.defaults());
    int threads = 8;
    int writes = 300;
    inThreads(threads, id -> {
      List<CompletableFuture<Boolean>> fs = new ArrayList<>();
      for (int i = 0; i < writes; i++) {
        fs.add(store.writeAsync(put("t" + id, Integer.toString(i))));
      }
      fs.forEach(CompletableFuture::join);
    });
    for (int t = 0; t < threads; t++) {
      assertThat(new String(store.get(b("t" + t)), StandardCharsets.UTF_8))
          .as("the last write of thread %d must win: writes of one caller apply in order", t)
          .isEqualTo(Integer.toString(writes - 1));
    }
  }

  @Test
  void fullQueue_makesTheProducerWait_untilTheWriterMakesRoom() throws Exception {
    store = new RecordingStore(StoreOptions.defaults().withWriteQueueCapacity(4));
    holdWriter();
    for (int i = 0; i < 4; i++) {
      store.writeAsync(put("q" + i, "v"));
    }
    CountDownLatch submitted = new CountDownLatch(1);
    Thread producer = Thread.ofPlatform().start(() -> {
      store.writeAsync(put("overflow", "v"));
      submitted.countDown();
    });
    assertThat(submitted.await(300, TimeUnit.MILLISECONDS))
        .as("a producer facing a full queue should wait").isFalse();
    store.hold.countDown();
    store.hold = null;
    assertThat(submitted.await(10, TimeUnit.SECONDS)).as("room was made").isTrue();
    producer.join();
  }

  @Test
  void close_waitsForQueuedWrites_andLaterCallsFailAsClosed() throws Exception {
    store = new RecordingStore(StoreOptions.defaults());
    holdWriter();
    List<CompletableFuture<Boolean>> fs = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      fs.add(store.writeAsync(put("c" + i, "v")));
    }
    Thread releaser = Thread.ofPlatform().start(() -> {
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      store.hold.countDown();
    });
    store.close();
    releaser.join();
    for (CompletableFuture<Boolean> f : fs) {
      assertThat(f).as("a write queued before close completes normally").isCompletedWithValue(true);
    }
    assertThat(store.map).hasSize(21);
    assertThatThrownBy(() -> store.write(put("late", "v")))
        .isInstanceOfSatisfying(StoreException.class,
            e -> assertThat(e.kind()).isEqualTo(StoreException.Kind.CLOSED))
        .hasMessageContaining("closed");
  }

  @Test
  void invalidBatch_isRefusedBeforeQueueing_andReachesNoCommit() {
    store = new RecordingStore(StoreOptions.defaults());
    int before = store.commits.get();
    assertThatThrownBy(() -> store.writeAsync(WriteBatch.builder().put(b("ok"), b("v"))
        .put(new byte[KvLimits.MAX_KEY_BYTES + 1], b("v")).build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("operation 1")
        .hasMessageContaining(Integer.toString(KvLimits.MAX_KEY_BYTES + 1))
        .hasMessageContaining(Integer.toString(KvLimits.MAX_KEY_BYTES));
    assertThat(store.commits.get()).isEqualTo(before);
    assertThat(store.get(b("ok"))).isNull();
  }

  @Test
  void callbacksOfAsyncWrites_doNotRunOnTheWriterThread_soABlockingWriteThereCannotDeadlock()
      throws Exception {
    store = new RecordingStore(StoreOptions.defaults());
    CompletableFuture<Boolean> chained = store.writeAsync(put("x", "1"))
        .thenApply(r -> store.write(put("y", "2")));
    assertThat(chained.get(10, TimeUnit.SECONDS)).isTrue();
    assertThat(store.get(b("y"))).isEqualTo(b("2"));
  }

  @Test
  void backgroundSweep_runsOnTime_evenWhileWritesKeepTheWriterBusy() throws Exception {
    store = new RecordingStore(StoreOptions.defaults()
        .withSweepInterval(java.time.Duration.ofMillis(50)));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    int i = 0;
    // keep the queue busy with back-to-back writes until at least two sweeps have run
    while (store.sweeps.get() < 2 && System.nanoTime() < deadline) {
      store.write(put("busy" + (i++ % 100), "v"));
    }
    assertThat(store.sweeps.get()).as("sweeps run under a steady write load").isGreaterThanOrEqualTo(2);
  }

  /** Runs {@code body} for ids 0 to {@code threads - 1}, each on its own thread, and waits. */
  private static void inThreads(int threads, IntConsumer body) throws InterruptedException {
    List<Thread> ts = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int id = t;
      ts.add(Thread.ofPlatform().start(() -> body.accept(id)));
    }
    for (Thread t : ts) {
      t.join();
    }
  }

  // ---- commits on the caller's thread ----

  @Test
  void blockingWriteOnAnIdleStore_commitsOnTheCallersThread_onlyWhereTheBackendAllowsIt() {
    store = new RecordingStore(StoreOptions.defaults(), true);
    store.write(put("a", "1"));
    assertThat(store.commitThreads).containsExactly(Thread.currentThread().getName());
    assertThat(store.get(b("a"))).isEqualTo(b("1"));
    store.close();

    store = new RecordingStore(StoreOptions.defaults());
    store.write(put("a", "1"));
    assertThat(store.commitThreads).singleElement().asString().startsWith("chatstore-writer");
  }

  @Test
  void blockingWriteBehindQueuedBatches_queuesToo_andIsCommittedAfterThem() throws Exception {
    store = new RecordingStore(StoreOptions.defaults(), true);
    holdWriter();
    CompletableFuture<Boolean> queued = store.writeAsync(put("k", "queued"));
    CompletableFuture<Boolean> blocking = CompletableFuture.supplyAsync(
        () -> store.write(put("k", "blocking")));
    Thread.sleep(100);
    assertThat(blocking).as("a blocking write waits while batches are queued").isNotDone();
    store.hold.countDown();
    store.hold = null;
    assertThat(queued.get(10, TimeUnit.SECONDS)).isTrue();
    assertThat(blocking.get(10, TimeUnit.SECONDS)).isTrue();
    assertThat(store.get(b("k"))).isEqualTo(b("blocking"));
    assertThat(store.commitThreads).allMatch(n -> n.startsWith("chatstore-writer"));
  }

  @Test
  void asyncThenBlockingWritesOfOneCaller_applyInOrder_whoeverCommitsThem() throws Exception {
    store = new RecordingStore(StoreOptions.defaults(), true);
    int threads = 4;
    int rounds = 2000;
    inThreads(threads, id -> {
      for (int i = 0; i < rounds; i++) {
        store.writeAsync(put("t" + id + "/" + i, "async"));
        store.write(put("t" + id + "/" + i, "blocking"));
      }
    });
    for (int t = 0; t < threads; t++) {
      for (int i = 0; i < rounds; i++) {
        assertThat(new String(store.get(b("t" + t + "/" + i)), StandardCharsets.UTF_8))
            .as("thread %d, round %d: the blocking write came after the async one", t, i)
            .isEqualTo("blocking");
      }
    }
  }

  @Test
  void close_waitsForACommitRunningOnACallersThread() throws Exception {
    store = new RecordingStore(StoreOptions.defaults(), true);
    store.hold = new CountDownLatch(1);
    CompletableFuture<Boolean> write = CompletableFuture.supplyAsync(
        () -> store.write(put("inflight", "v")));
    assertThat(store.entered.await(5, TimeUnit.SECONDS)).as("the caller entered commit").isTrue();
    CompletableFuture<Void> closing = CompletableFuture.runAsync(store::close);
    Thread.sleep(200);
    assertThat(closing).as("close waits for the commit in flight").isNotDone();
    store.hold.countDown();
    closing.get(10, TimeUnit.SECONDS);
    assertThat(write.get(10, TimeUnit.SECONDS)).isTrue();
    assertThat(store.map).containsKey(b("inflight"));
    assertThatThrownBy(() -> store.write(put("late", "v")))
        .isInstanceOfSatisfying(StoreException.class,
            e -> assertThat(e.kind()).isEqualTo(StoreException.Kind.CLOSED));
  }

  @Test
  void failingBatchCommittedOnTheCallersThread_throwsAndAppliesNothing() {
    store = new RecordingStore(StoreOptions.defaults(), true);
    assertThatThrownBy(() -> store.write(
        WriteBatch.builder().put(b("b"), b("2")).put(POISON, b("x")).build()))
        .isInstanceOfSatisfying(StoreException.class,
            e -> assertThat(e.kind()).isEqualTo(StoreException.Kind.DATABASE))
        .hasMessageContaining("disk says no");
    assertThat(store.get(b("b"))).isNull();
    store.write(put("c", "3"));
    assertThat(store.get(b("c"))).isEqualTo(b("3"));
    assertThat(store.commitThreads).containsOnly(Thread.currentThread().getName());
  }
}
