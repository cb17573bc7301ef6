package dev.chatstore.jobs;

import dev.chatstore.kv.Direction;
import dev.chatstore.tuple.Tuple;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link Job} named by its id and looked up at each call: when the job is not open, the call
 * fails with {@code StoreException} of kind {@code NOT_FOUND} (writes are also logged).
 */
final class JobById implements Job {
  private static final Logger LOG = LoggerFactory.getLogger(JobById.class);

  private final Persistency persistency;
  private final String id;

  JobById(Persistency persistency, String id) {
    this.persistency = persistency;
    this.id = id;
  }

  @Override
  public String id() {
    return id;
  }

  private <T> CompletableFuture<T> call(Function<Job, CompletableFuture<T>> op) {
    try {
      return op.apply(persistency.job(id));
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  private <T> CompletableFuture<T> write(Function<Job, CompletableFuture<T>> op) {
    try {
      return op.apply(persistency.job(id));
    } catch (RuntimeException e) {
      LOG.warn("write to job '{}' dropped: {}", id, e.toString());
      return CompletableFuture.failedFuture(e);
    }
  }

  @Override
  public CompletableFuture<Void> persistPut(String category, Tuple key, byte[] payload) {
    return write(j -> j.persistPut(category, key, payload));
  }

  @Override
  public CompletableFuture<Void> persistDelete(String category, Tuple key) {
    return write(j -> j.persistDelete(category, key));
  }

  @Override
  public CompletableFuture<Void> persist(List<TxOp> ops) {
    return write(j -> j.persist(ops));
  }

  @Override
  public CompletableFuture<Optional<byte[]>> get(String category, Tuple key) {
    return call(j -> j.get(category, key));
  }

  @Override
  public CompletableFuture<Boolean> exists(String category, Tuple key) {
    return call(j -> j.exists(category, key));
  }

  @Override
  public CompletableFuture<List<Row>> scan(String category, TupleRange range,
      Direction direction, int limit) {
    return call(j -> j.scan(category, range, direction, limit));
  }

  @Override
  public CompletableFuture<List<Row>> scanPrefix(String category, Tuple prefix,
      Direction direction, int limit) {
    return call(j -> j.scanPrefix(category, prefix, direction, limit));
  }

  @Override
  public CompletableFuture<Long> count(String category, TupleRange range) {
    return call(j -> j.count(category, range));
  }

  @Override
  public CompletableFuture<Boolean> deleteAcked(String category, Tuple key) {
    return write(j -> j.deleteAcked(category, key));
  }

  @Override
  public String toString() {
    return "job '" + id + "' (looked up by id)";
  }
}
