package dev.chatstore.kv;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The base class of chatstore's backends: it checks every argument against the contract of
 * {@link KvStore}, runs the single writer with group commit, sweeps expired entries, and handles
 * close; a backend supplies only the storage primitives (the {@code protected abstract}
 * methods).
 *
 * <h2>Group commit</h2>
 * One writer thread per store takes write batches from a bounded queue. While one commit runs,
 * new batches queue up; the writer then commits all of them (up to
 * {@link StoreOptions#maxGroupOps()} operations) in one backend transaction through
 * {@link #commit}, in arrival order. Each caller's batch stays atomic and each caller's order is
 * kept, because batches are applied one after another inside the transaction. When the group's
 * transaction fails, the writer commits its batches one by one, so a failing batch fails only
 * its own caller. A full queue makes producers wait.
 *
 * <h2>Committing on the caller's thread</h2>
 * A backend that declares {@link #commitsOnCallerThread()} lets a blocking {@link #write} find
 * the store idle — nothing queued, nothing being committed — and commit its batch on the
 * caller's own thread, under the same lock the writer thread commits under. A lone writer then
 * pays no hand-off: no wake-up of the writer thread and none of itself when its batch is
 * durable, which on a virtual machine costs tens of microseconds each. As soon as batches wait
 * (several threads writing), every caller queues and the writer commits them in groups as
 * above. A caller's order is kept: while any batch of it is queued or being committed, the store
 * is not idle.
 *
 * <h2>For backend authors</h2>
 * Call {@link #start()} at the end of the subclass constructor. The read primitives may be
 * called from any thread; {@link #commit} and {@link #removeExpired} one at a time, under one
 * lock, so a backend needs no write locking of its own: from the writer thread, or from a
 * caller's thread when the backend declares {@link #commitsOnCallerThread()}.
 */
public abstract class AbstractKvStore implements KvStore {
  private static final Logger LOG = LoggerFactory.getLogger(AbstractKvStore.class);
  private static final int SWEEP_CHUNK = 10_000;
  /** Most queued tasks the writer takes at once. */
  private static final int DRAIN_MAX = 4096;

  private final String name;
  private final Set<KvFeature> features;
  private final StoreOptions options;
  private final BlockingQueue<Task> queue;
  private final ReentrantReadWriteLock closeLock = new ReentrantReadWriteLock();
  /** Held around every commit and sweep, on whichever thread runs it. */
  private final ReentrantLock commitLock = new ReentrantLock();
  /** Tasks queued and not yet finished by the writer thread. */
  private final AtomicInteger pending = new AtomicInteger();
  /** {@link #commitsOnCallerThread()}, asked once the subclass is constructed. */
  private volatile boolean callerCommits;
  private final Set<CompletableFuture<Boolean>> handedOut = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;
  private volatile boolean started;
  private Thread writer;

  /**
   * @param name the store's name for messages ({@link #name()})
   * @param features what the backend does natively
   * @param options clock, queue and group sizes
   */
  protected AbstractKvStore(String name, Set<KvFeature> features, StoreOptions options) {
    this.name = name;
    this.features = Set.copyOf(features);
    this.options = options;
    this.queue = new ArrayBlockingQueue<>(options.writeQueueCapacity());
  }

  // ---- what a backend supplies ----

  /** The live value of {@code key} at {@code nowMillis}, or null. Any thread. */
  protected abstract byte[] readOne(byte[] key, long nowMillis);

  /** The live values of {@code keys} at {@code nowMillis}, from one consistent state. */
  protected abstract List<byte[]> readMany(List<byte[]> keys, long nowMillis);

  /**
   * Up to {@code limit} live entries of {@code range} in {@code direction}; with
   * {@code withExpiry}, each carrying its expiry instant ({@link KvEntry#expiresAtMillis()}),
   * else none ({@link KvEntry#NO_EXPIRY}).
   */
  protected abstract List<KvEntry> readRange(KeyRange range, Direction direction, int limit,
      long nowMillis, boolean withExpiry);

  /** The number of live entries of {@code range}. */
  protected abstract long countRange(KeyRange range, long nowMillis);

  /**
   * Applies {@code batches} in order in ONE transaction: for each batch, evaluate its checks
   * against the state including the batches before it; when all pass, apply its operations and
   * set {@code applied[i] = true}, else leave it out. Either the whole transaction commits
   * durably, or it throws and nothing of it is applied. Writer thread only.
   */
  protected abstract void commit(List<WriteBatch> batches, boolean[] applied, long nowMillis)
      throws Exception;

  /** Physically removes up to {@code max} entries expired at {@code nowMillis}. Writer thread. */
  protected abstract long removeExpired(long nowMillis, int max) throws Exception;

  /** Releases the backend's resources; called once, after the writer has stopped. */
  protected abstract void closeResources();

  /**
   * Whether a blocking write that finds the store idle may run {@link #commit} on the caller's
   * thread (see the class documentation). Say yes only when a commit does not depend on the
   * thread it runs on and an interrupt of that thread cannot break it off halfway (an embedded
   * library, not a network client). Called once, by {@link #start()}.
   *
   * @return false here: every commit runs on the writer thread
   */
  protected boolean commitsOnCallerThread() {
    return false;
  }

  // ---- lifecycle ----

  /** Starts the writer thread; call at the end of the subclass constructor. */
  protected final void start() {
    if (started) {
      throw new IllegalStateException(name + " is already started");
    }
    started = true;
    callerCommits = commitsOnCallerThread();
    writer = Thread.ofPlatform().daemon().name("chatstore-writer " + name).start(this::runWriter);
  }

  /** The options the store runs with. */
  protected final StoreOptions options() {
    return options;
  }

  /** The current time of the store's clock, in epoch milliseconds. */
  protected final long now() {
    return options.clock().millis();
  }

  @Override
  public final String name() {
    return name;
  }

  @Override
  public final Set<KvFeature> features() {
    return features;
  }

  @Override
  public String toString() {
    return name;
  }

  // ---- reads ----

  @Override
  public final byte[] get(byte[] key) {
    KvLimits.checkKey(key);
    checkOpen();
    try {
      return readOne(key, now());
    } catch (RuntimeException e) {
      throw failure("get " + Bytes.show(key), e);
    }
  }

  @Override
  public final List<byte[]> getAll(List<byte[]> keys) {
    if (keys == null) {
      throw new IllegalArgumentException("keys must not be null");
    }
    if (keys.size() > KvLimits.MAX_MULTI_GET_KEYS) {
      throw new IllegalArgumentException("multi-get of " + keys.size()
          + " keys exceeds the limit of " + KvLimits.MAX_MULTI_GET_KEYS + " keys");
    }
    for (byte[] k : keys) {
      KvLimits.checkKey(k);
    }
    checkOpen();
    if (keys.isEmpty()) {
      return List.of();
    }
    try {
      return readMany(keys, now());
    } catch (RuntimeException e) {
      throw failure("multi-get of " + keys.size() + " keys", e);
    }
  }

  @Override
  public final ScanPage scan(KeyRange range, Direction direction, int limit) {
    return scan(range, direction, limit, false);
  }

  @Override
  public final ScanPage scanWithExpiry(KeyRange range, Direction direction, int limit) {
    return scan(range, direction, limit, true);
  }

  private ScanPage scan(KeyRange range, Direction direction, int limit, boolean withExpiry) {
    checkRange(range);
    if (direction == null) {
      throw new IllegalArgumentException("direction must not be null");
    }
    KvLimits.checkScanLimit(limit);
    if (direction == Direction.DESCENDING && !features.contains(KvFeature.REVERSE_SCAN)) {
      throw new UnsupportedFeatureException(KvFeature.REVERSE_SCAN, name);
    }
    checkOpen();
    if (range.isEmpty()) {
      return new ScanPage(List.of(), null);
    }
    try {
      return ScanPage.of(range, direction, limit,
          readRange(range, direction, limit, now(), withExpiry));
    } catch (RuntimeException e) {
      throw failure("scan of " + range, e);
    }
  }

  @Override
  public final long count(KeyRange range) {
    checkRange(range);
    checkOpen();
    if (range.isEmpty()) {
      return 0;
    }
    try {
      return countRange(range, now());
    } catch (RuntimeException e) {
      throw failure("count of " + range, e);
    }
  }

  // ---- writes ----

  @Override
  public final boolean write(WriteBatch batch) {
    if (!admit(batch)) {
      return true;
    }
    if (callerCommits && pending.get() == 0) {
      Boolean done = commitIfIdle(batch);
      if (done != null) {
        return done;
      }
    }
    Task.Write task = new Task.Write(batch, new CompletableFuture<>());
    enqueue(task);
    try {
      return task.result.join();
    } catch (CompletionException e) {
      throw unwrap(e);
    }
  }

  @Override
  public final CompletableFuture<Boolean> writeAsync(WriteBatch batch) {
    if (!admit(batch)) {
      return CompletableFuture.completedFuture(true);
    }
    Task.Write task = new Task.Write(batch, new CompletableFuture<>());
    enqueue(task);
    // Callers' callbacks must not run on the writer thread: a blocking write there would wait
    // for itself. They run in the common pool once the batch is durable. close() waits for
    // these futures too, so that every write queued before close is complete when it returns.
    CompletableFuture<Boolean> out = task.result.thenApplyAsync(r -> r, ForkJoinPool.commonPool());
    handedOut.add(out);
    out.whenComplete((r, e) -> handedOut.remove(out));
    return out;
  }

  @Override
  public final long sweepExpired() {
    if (!features.contains(KvFeature.TTL)) {
      checkOpen();
      return 0;
    }
    Task.Sweep task = new Task.Sweep(new CompletableFuture<>());
    enqueue(task);
    try {
      return task.result.join();
    } catch (CompletionException e) {
      throw unwrap(e);
    }
  }

  /**
   * Commits {@code batch} on this thread when the store is idle; null when it is not (the batch
   * is then queued as usual). Holding the close lock's read side keeps {@link #close()} waiting
   * until the commit is done.
   */
  private Boolean commitIfIdle(WriteBatch batch) {
    if (!closeLock.readLock().tryLock()) {
      return null; // close() is under way: enqueue reports it
    }
    try {
      checkOpen();
      if (!commitLock.tryLock()) {
        return null;
      }
      try {
        if (pending.get() != 0) {
          return null; // a batch was queued meanwhile: it goes first
        }
        boolean[] applied = new boolean[1];
        try {
          commit(List.of(batch), applied, now());
        } catch (Throwable e) {
          throw failure("write", e);
        }
        return applied[0];
      } finally {
        commitLock.unlock();
      }
    } finally {
      closeLock.readLock().unlock();
    }
  }

  /** Checks {@code batch} and the store; false when the batch is empty (nothing to write). */
  private boolean admit(WriteBatch batch) {
    if (batch == null) {
      throw new IllegalArgumentException("batch must not be null");
    }
    batch.validate(features, name);
    checkOpen();
    return !batch.isEmpty();
  }

  private void enqueue(Task task) {
    closeLock.readLock().lock();
    try {
      checkOpen();
      pending.incrementAndGet();
      try {
        queue.put(task);
      } catch (InterruptedException e) {
        pending.decrementAndGet();
        throw e;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreException(StoreException.Kind.DATABASE, name
          + ": interrupted while waiting for room in the write queue; nothing was written", e);
    } finally {
      closeLock.readLock().unlock();
    }
  }

  // ---- close ----

  @Override
  public final void close() {
    closeLock.writeLock().lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
    } finally {
      closeLock.writeLock().unlock();
    }
    boolean interrupted = false;
    if (started) {
      pending.incrementAndGet(); // the writer counts STOP off like every task
      while (true) {
        try {
          queue.put(Task.STOP);
          break;
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
      while (writer.isAlive()) {
        try {
          writer.join();
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
    }
    for (CompletableFuture<Boolean> f : handedOut) {
      try {
        f.join();
      } catch (RuntimeException e) {
        // its caller sees the failure through the future
      }
    }
    try {
      closeResources();
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Whether {@link #close()} has been called. */
  protected final boolean isClosed() {
    return closed;
  }

  /** Throws the CLOSED error when the store is closed. */
  protected final void checkOpen() {
    if (closed) {
      throw new StoreException(StoreException.Kind.CLOSED, name + " is closed");
    }
  }

  // ---- the writer ----

  private void runWriter() {
    long sweepEvery = options.sweepInterval().toMillis();
    long nextSweep = System.currentTimeMillis() + sweepEvery;
    List<Task.Write> group = new ArrayList<>();
    List<Task> tasks = new ArrayList<>();
    boolean stop = false;
    while (!stop) {
      // The sweep is due on time whether the writer is idle or busy.
      if (System.currentTimeMillis() >= nextSweep) {
        if (features.contains(KvFeature.TTL)) {
          commitLock.lock();
          try {
            backgroundSweep();
          } finally {
            commitLock.unlock();
          }
        }
        nextSweep = System.currentTimeMillis() + sweepEvery;
      }
      Task first;
      try {
        first = queue.poll(Math.max(1, nextSweep - System.currentTimeMillis()),
            TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        continue; // the writer stops only through the STOP task, after draining the queue
      }
      if (first == null) {
        continue;
      }
      // Everything queued meanwhile is taken in one go (one lock acquisition, not one per
      // batch), then committed in order, in groups of at most maxGroupOps operations.
      tasks.add(first);
      queue.drainTo(tasks, DRAIN_MAX);
      commitLock.lock();
      try {
        stop = runTasks(tasks, group);
      } finally {
        commitLock.unlock();
      }
      // counted down only now, so that no caller commits on its own thread before these
      pending.addAndGet(-tasks.size());
      tasks.clear();
    }
  }

  /** Commits and sweeps as {@code tasks} say, in order; true when the last one is STOP. */
  private boolean runTasks(List<Task> tasks, List<Task.Write> group) {
    boolean stop = false;
    int ops = 0;
    for (Task next : tasks) {
      switch (next) {
        case Task.Write w -> {
          group.add(w);
          ops += w.batch.size();
          if (ops >= options.maxGroupOps()) {
            commitGroup(group);
            ops = 0;
          }
        }
        case Task.Sweep sweep -> {
          commitGroup(group);
          ops = 0;
          runSweep(sweep);
        }
        case Task.Stop st -> stop = true; // always the last task: close() admits none after it
      }
    }
    commitGroup(group);
    return stop;
  }

  private void commitGroup(List<Task.Write> group) {
    if (group.isEmpty()) {
      return;
    }
    List<WriteBatch> batches = new ArrayList<>(group.size());
    for (Task.Write w : group) {
      batches.add(w.batch);
    }
    boolean[] applied = new boolean[group.size()];
    try {
      commit(batches, applied, now());
      for (int i = 0; i < group.size(); i++) {
        group.get(i).result.complete(applied[i]);
      }
    } catch (Throwable groupFailure) {
      if (group.size() == 1) {
        group.get(0).result.completeExceptionally(failure("write", groupFailure));
      } else {
        LOG.debug("{}: group commit of {} batches failed, committing them one by one", name,
            group.size(), groupFailure);
        for (Task.Write w : group) {
          boolean[] one = new boolean[1];
          try {
            commit(List.of(w.batch), one, now());
            w.result.complete(one[0]);
          } catch (Throwable e) {
            w.result.completeExceptionally(failure("write", e));
          }
        }
      }
    }
    group.clear();
  }

  private void runSweep(Task.Sweep s) {
    try {
      long total = 0;
      long n;
      do {
        n = removeExpired(now(), SWEEP_CHUNK);
        total += n;
      } while (n >= SWEEP_CHUNK);
      s.result.complete(total);
    } catch (Throwable e) {
      s.result.completeExceptionally(failure("sweep of expired entries", e));
    }
  }

  private void backgroundSweep() {
    try {
      long n = removeExpired(now(), SWEEP_CHUNK);
      if (n > 0) {
        LOG.debug("{}: swept {} expired entries", name, n);
      }
    } catch (Throwable e) {
      LOG.warn("{}: background sweep of expired entries failed; will retry", name, e);
    }
  }

  // ---- errors ----

  private RuntimeException failure(String what, Throwable e) {
    if (e instanceof StoreException
        || e instanceof IllegalArgumentException || e instanceof UnsupportedOperationException) {
      return (RuntimeException) e;
    }
    if (closed) {
      return new StoreException(StoreException.Kind.CLOSED, name + " was closed during " + what, e);
    }
    return new StoreException(StoreException.Kind.DATABASE, name + ": " + what + " failed: " + e,
        e);
  }

  private static RuntimeException unwrap(CompletionException e) {
    Throwable cause = e.getCause();
    if (cause instanceof RuntimeException re) {
      return re;
    }
    if (cause instanceof Error err) {
      throw err;
    }
    return e;
  }

  private static void checkRange(KeyRange range) {
    if (range == null) {
      throw new IllegalArgumentException("range must not be null");
    }
    KvLimits.checkKey(range.start());
    if (range.end() != null) {
      KvLimits.checkKey(range.end());
    }
  }

  /** Work for the writer thread. */
  private sealed interface Task {
    Task STOP = new Stop();

    record Write(WriteBatch batch, CompletableFuture<Boolean> result) implements Task {}

    record Sweep(CompletableFuture<Long> result) implements Task {}

    record Stop() implements Task {}
  }
}
