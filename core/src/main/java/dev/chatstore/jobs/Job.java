package dev.chatstore.jobs;

import dev.chatstore.kv.Direction;
import dev.chatstore.tuple.Tuple;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * One tenant of a {@link Persistency}: a store of its own and a writer of its own, so that a
 * job never waits for another. Data is organised in <em>categories</em> (strings), each an
 * ordered map from {@link Tuple} keys to byte payloads.
 *
 * <h2>Keys and order</h2>
 * Keys are tuples of the project's codec ({@code Persistency.key("chat", 42L, uuid)}); within
 * a category they are stored and scanned in tuple order ({@link Tuple#compareTo}): element by
 * element, a key before its extensions, strings by code point whatever their lengths
 * ({@code "aa" < "b"}), integers signed (negatives first), byte strings unsigned. Empty strings,
 * empty byte strings, the empty tuple and empty payloads are stored and read back exactly. Keys
 * in a format of one's own (CBOR, protobuf, ...) go in as one byte-string element,
 * {@code key(bytes)}, and then sort as unsigned bytes. A key
 * with its category packs to at most {@link dev.chatstore.kv.KvLimits#MAX_KEY_BYTES} bytes less
 * a few bytes of job prefix; a payload is at most
 * {@link dev.chatstore.kv.KvLimits#MAX_VALUE_BYTES}.
 *
 * <h2>Writes</h2>
 * {@link #persistPut}, {@link #persistDelete} and {@link #persist} are fire-and-forget: they
 * queue the write and return at once (waiting only when the job's bounded write queue is full),
 * with a future that completes when the write has <em>committed</em>, durably by the backend's
 * standard, or fails with its error. A batch is atomic. Writes of a job apply in the order they
 * were issued; writes that queue up during a commit are committed together. A failed write is
 * also logged, for callers that never look at the future.
 *
 * <h2>Reads</h2>
 * Reads run on the job's own reader threads and see every write of this job whose call
 * returned before the read was called (a read waits for those writes to commit).
 * {@link #deleteAcked} is a write and a read in one: it is ordered after the writes issued
 * before it and before those issued after it.
 *
 * <h2>Errors</h2>
 * Methods never throw: every failure completes the returned future exceptionally with
 * <ul>
 *   <li>{@link IllegalArgumentException} (the spec's <em>invalid argument</em>): a null category,
 *       key, payload, range or direction, a limit below 1, or a key or payload over its limit;
 *       nothing was written;</li>
 *   <li>{@link dev.chatstore.kv.StoreException} of kind {@code NOT_FOUND} (<em>job not
 *       found</em>): through {@link Persistency#byId}, the job is not open;</li>
 *   <li>{@code StoreException} of kind {@code CLOSED} (<em>closed</em>): the job or its
 *       {@code Persistency} was closed before the call;</li>
 *   <li>another {@code StoreException} kind when the backend fails.</li>
 * </ul>
 * The failure is the future's direct cause ({@code join()} wraps it in a
 * {@link java.util.concurrent.CompletionException}). All methods are thread-safe.
 */
public interface Job {

  /** The job id. */
  String id();

  /** Sets {@code key} of {@code category} to {@code payload}; completes when committed. */
  CompletableFuture<Void> persistPut(String category, Tuple key, byte[] payload);

  /** Removes {@code key} of {@code category} (absent is fine); completes when committed. */
  CompletableFuture<Void> persistDelete(String category, Tuple key);

  /**
   * Applies {@code ops} atomically, in order (a later op on the same key wins): all of them or,
   * when the batch fails, none. Completes when committed. An empty list completes at once.
   */
  CompletableFuture<Void> persist(List<TxOp> ops);

  /** Like {@link #persist(List)} for the given operations. */
  default CompletableFuture<Void> persist(TxOp... ops) {
    return ops == null ? persist((List<TxOp>) null) : persist(java.util.Arrays.asList(ops));
  }

  /** The payload of {@code key} of {@code category}, or empty when absent. */
  CompletableFuture<Optional<byte[]>> get(String category, Tuple key);

  /** Whether {@code key} of {@code category} is present. */
  CompletableFuture<Boolean> exists(String category, Tuple key);

  /**
   * Up to {@code limit} rows of {@code range} of {@code category}, in {@code direction}
   * (ascending: smallest key first). Read page by page: a write committing during a long scan
   * may or may not be seen by its later pages.
   */
  CompletableFuture<List<Row>> scan(String category, TupleRange range, Direction direction,
      int limit);

  /** Every row of {@code range} of {@code category}, in {@code direction}. */
  default CompletableFuture<List<Row>> scan(String category, TupleRange range,
      Direction direction) {
    return scan(category, range, direction, Integer.MAX_VALUE);
  }

  /**
   * Up to {@code limit} rows of {@code category} whose key equals {@code prefix} or extends it
   * (element-wise: the prefix {@code ("a")} takes {@code ("a")} and {@code ("a", 1)}, not
   * {@code ("ab")}), in {@code direction}.
   */
  CompletableFuture<List<Row>> scanPrefix(String category, Tuple prefix, Direction direction,
      int limit);

  /** Every row of {@code category} under {@code prefix}, in {@code direction}. */
  default CompletableFuture<List<Row>> scanPrefix(String category, Tuple prefix,
      Direction direction) {
    return scanPrefix(category, prefix, direction, Integer.MAX_VALUE);
  }

  /** The number of keys of {@code range} of {@code category}. */
  CompletableFuture<Long> count(String category, TupleRange range);

  /**
   * Removes {@code key} of {@code category} and tells whether it was there: {@code true} only
   * when this call removed an existing key. Atomic: of concurrent calls for one key, exactly
   * one gets {@code true}.
   */
  CompletableFuture<Boolean> deleteAcked(String category, Tuple key);
}
