package dev.chatstore.jobs;

import dev.chatstore.ChatStore;
import dev.chatstore.keyspace.Area;
import dev.chatstore.kv.Direction;
import dev.chatstore.kv.KeyRange;
import dev.chatstore.kv.KvEntry;
import dev.chatstore.kv.KvStore;
import dev.chatstore.kv.ScanPage;
import dev.chatstore.kv.StoreException;
import dev.chatstore.kv.WriteBatch;
import dev.chatstore.tuple.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An open {@link Job}: the job's area of its own store, the store's writer (group commit,
 * bounded queue) for writes, and a small pool of the job's own reader threads for reads.
 *
 * <p>Ordering: {@code lastWrite} completes once every write issued so far has committed (the
 * store commits in queue order, so the latest write completing implies the earlier ones did);
 * reads start after it. {@code handedOff} completes once every write issued so far is in the
 * store's queue; it is pending only behind a {@link #deleteAcked}, and writes issued meanwhile
 * are queued, in order, when it completes.
 */
final class OpenJob implements Job {
  private static final Logger LOG = LoggerFactory.getLogger(OpenJob.class);
  /** Reader threads per job; they end after 30 s without work. */
  static final int READ_THREADS = 4;
  private static final int PAGE = 1000;
  private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

  private final String id;
  private final ChatStore owner;
  private final KvStore store;
  private final ThreadPoolExecutor readers;
  private final Gate gate = new Gate();
  private final ReentrantLock order = new ReentrantLock();
  private final Set<CompletableFuture<?>> inFlight = ConcurrentHashMap.newKeySet();
  /** Guarded by {@code order}. */
  private CompletableFuture<?> handedOff = DONE;
  /** Written under {@code order}; read without it by reads. */
  private volatile CompletableFuture<?> lastWrite = DONE;

  OpenJob(String id, ChatStore owner) {
    this.id = id;
    this.owner = owner;
    this.store = owner.tenant(id).area(Area.JOBS);
    this.readers = new ThreadPoolExecutor(READ_THREADS, READ_THREADS, 30, TimeUnit.SECONDS,
        new LinkedBlockingQueue<>(),
        Thread.ofPlatform().daemon().name("chatstore-job " + id + " reader-", 0).factory());
    this.readers.allowCoreThreadTimeOut(true);
  }

  @Override
  public String id() {
    return id;
  }

  // ---- writes ----

  @Override
  public CompletableFuture<Void> persistPut(String category, Tuple key, byte[] payload) {
    return write(() -> {
      if (payload == null) {
        throw new IllegalArgumentException("payload must not be null (use an empty array, or"
            + " persistDelete to remove the key)");
      }
      return WriteBatch.builder().put(JobKeys.key(category, key), payload).build();
    });
  }

  @Override
  public CompletableFuture<Void> persistDelete(String category, Tuple key) {
    return write(() -> WriteBatch.builder().delete(JobKeys.key(category, key)).build());
  }

  @Override
  public CompletableFuture<Void> persist(List<TxOp> ops) {
    return write(() -> {
      if (ops == null) {
        throw new IllegalArgumentException("ops must not be null (an empty list writes nothing)");
      }
      WriteBatch.Builder b = WriteBatch.builder();
      for (int i = 0; i < ops.size(); i++) {
        switch (ops.get(i)) {
          case TxOp.Put p -> b.put(JobKeys.key(p.category(), p.key()), p.payloadUnsafe());
          case TxOp.Delete d -> b.delete(JobKeys.key(d.category(), d.key()));
          case null -> throw new IllegalArgumentException("op " + i + " of " + ops.size()
              + " is null; expected TxOp.put or TxOp.delete");
        }
      }
      return b.build();
    });
  }

  private CompletableFuture<Void> write(Callable<WriteBatch> build) {
    WriteBatch batch;
    try {
      batch = build.call();
      batch.validate(store.features(), store.name(), store.maxKeyBytes(), store.maxValueBytes());
    } catch (Exception e) {
      return logged(CompletableFuture.failedFuture(e));
    }
    return gate.enter(() -> logged(CompletableFuture.failedFuture(closedError())), () -> {
      CompletableFuture<Void> out = new CompletableFuture<>();
      order.lock();
      try {
        if (handedOff.isDone()) {
          hand(batch, out); // waits here when the store's write queue is full
        } else {
          handedOff = handedOff.handle((r, e) -> hand(batch, out));
        }
        lastWrite = out;
        track(out);
      } finally {
        order.unlock();
      }
      return logged(out);
    });
  }

  /** Queues {@code batch} in the store; {@code out} completes when it has committed. */
  private Void hand(WriteBatch batch, CompletableFuture<Void> out) {
    try {
      store.writeAsync(batch).whenComplete((r, e) -> {
        if (e == null) {
          out.complete(null);
        } else {
          out.completeExceptionally(cause(e));
        }
      });
    } catch (RuntimeException e) {
      out.completeExceptionally(e);
    }
    return null;
  }

  private <T> CompletableFuture<T> logged(CompletableFuture<T> write) {
    write.whenComplete((r, e) -> {
      if (e != null) {
        LOG.warn("job '{}': a write failed and was not applied: {}", id, cause(e).toString());
      }
    });
    return write;
  }

  // ---- reads ----

  @Override
  public CompletableFuture<Optional<byte[]>> get(String category, Tuple key) {
    return read(() -> {
      byte[] k = JobKeys.key(category, key);
      return () -> Optional.ofNullable(store.get(k));
    });
  }

  @Override
  public CompletableFuture<Boolean> exists(String category, Tuple key) {
    return read(() -> {
      byte[] k = JobKeys.key(category, key);
      return () -> store.get(k) != null;
    });
  }

  @Override
  public CompletableFuture<List<Row>> scan(String category, TupleRange range,
      Direction direction, int limit) {
    return scanRows(category, () -> JobKeys.range(category, range), direction, limit);
  }

  @Override
  public CompletableFuture<List<Row>> scanPrefix(String category, Tuple prefix,
      Direction direction, int limit) {
    return scanRows(category, () -> JobKeys.prefix(category, prefix), direction, limit);
  }

  private CompletableFuture<List<Row>> scanRows(String category, Supplier<KeyRange> range,
      Direction direction, int limit) {
    return read(() -> {
      KeyRange r = range.get();
      byte[] c = JobKeys.category(category);
      checkScan(direction, limit);
      return () -> scanNow(r, c, direction, limit);
    });
  }

  @Override
  public CompletableFuture<Long> count(String category, TupleRange range) {
    return read(() -> {
      KeyRange r = JobKeys.range(category, range);
      return () -> store.count(r);
    });
  }

  private static void checkScan(Direction direction, int limit) {
    if (direction == null) {
      throw new IllegalArgumentException("direction must not be null; expected ASCENDING or"
          + " DESCENDING");
    }
    if (limit < 1) {
      throw new IllegalArgumentException("scan limit " + limit + " is invalid; expected at"
          + " least 1");
    }
  }

  private List<Row> scanNow(KeyRange range, byte[] category, Direction direction, int limit) {
    List<Row> rows = new ArrayList<>();
    KeyRange rest = range;
    while (rest != null && rows.size() < limit) {
      ScanPage page = store.scan(rest, direction, Math.min(PAGE, limit - rows.size()));
      for (KvEntry e : page.entries()) {
        rows.add(new Row(JobKeys.decode(category, e.key()), e.value()));
      }
      rest = page.rest();
    }
    return rows;
  }

  /**
   * Runs the read that {@code plan} prepares (checking its arguments in the caller's thread)
   * on a reader thread, once every write issued before it has committed.
   */
  private <T> CompletableFuture<T> read(Callable<Callable<T>> plan) {
    Callable<T> op;
    try {
      op = plan.call();
    } catch (Exception e) {
      return CompletableFuture.failedFuture(e);
    }
    return gate.enter(() -> CompletableFuture.failedFuture(closedError()), () -> {
      CompletableFuture<T> out = new CompletableFuture<>();
      lastWrite.handleAsync((r, e) -> run(op, out), readers);
      track(out);
      return out;
    });
  }

  // ---- acknowledged delete ----

  @Override
  public CompletableFuture<Boolean> deleteAcked(String category, Tuple key) {
    byte[] k;
    try {
      k = JobKeys.key(category, key);
    } catch (RuntimeException e) {
      return logged(CompletableFuture.failedFuture(e));
    }
    return gate.enter(() -> logged(CompletableFuture.failedFuture(closedError())), () -> {
      CompletableFuture<Boolean> out = new CompletableFuture<>();
      order.lock();
      try {
        lastWrite.handleAsync((r, e) -> run(() -> deleteNow(k), out), readers);
        handedOff = out.handle((r, e) -> null); // later writes queue after this delete
        lastWrite = out;
        track(out);
      } finally {
        order.unlock();
      }
      return logged(out);
    });
  }

  /** Deletes {@code k} when present, conditionally on the value read, so the answer is exact. */
  private boolean deleteNow(byte[] k) {
    while (true) {
      byte[] v = store.get(k);
      if (v == null) {
        return false;
      }
      if (store.write(WriteBatch.builder().check(k, v).delete(k).build())) {
        return true;
      }
    }
  }

  // ---- lifecycle ----

  /**
   * Refuses new calls, waits until every call made before has completed (queued writes
   * committed, reads answered), then closes the store and the reader threads. Idempotent.
   */
  void close() {
    if (!gate.close()) {
      return;
    }
    for (CompletableFuture<?> f : inFlight) {
      try {
        f.join();
      } catch (RuntimeException e) {
        // its caller sees the failure through the future
      }
    }
    readers.shutdown();
    try {
      owner.close();
    } finally {
      boolean interrupted = false;
      while (!readers.isTerminated()) {
        try {
          readers.awaitTermination(1, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void track(CompletableFuture<?> f) {
    inFlight.add(f);
    f.whenComplete((r, e) -> inFlight.remove(f));
  }

  private StoreException closedError() {
    return new StoreException(StoreException.Kind.CLOSED, "job '" + id + "' is closed");
  }

  private static <T> Void run(Callable<T> op, CompletableFuture<T> out) {
    try {
      out.complete(op.call());
    } catch (Throwable e) {
      out.completeExceptionally(e);
    }
    return null;
  }

  /** The failure itself, without the wrappers of dependent futures. */
  static Throwable cause(Throwable e) {
    Throwable c = e;
    while ((c instanceof CompletionException || c instanceof ExecutionException)
        && c.getCause() != null) {
      c = c.getCause();
    }
    return c;
  }

  @Override
  public String toString() {
    return "job '" + id + "' on " + owner.uri();
  }
}
