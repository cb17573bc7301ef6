package dev.chatstore.kv;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * An ordered map from byte keys to byte values, keys compared as unsigned bytes: the SPI every
 * chatstore backend implements and every domain store is written against.
 *
 * <h2>Contract</h2>
 * <ul>
 *   <li><b>Order.</b> Keys compare as unsigned bytes, a proper prefix before its extensions
 *       ({@link Bytes#ORDER}).</li>
 *   <li><b>Values.</b> A value is any byte array up to {@link KvLimits#MAX_VALUE_BYTES};
 *       the empty value is returned as an empty array, never as absent ({@code null}).</li>
 *   <li><b>Atomic writes.</b> {@link #write} applies a whole {@link WriteBatch} or nothing, and
 *       readers see all of its operations at once. Writes of one thread apply in call order.
 *       A blocking write returns when the batch is durable by the backend's configured
 *       standard; the future of {@link #writeAsync} completes at the same moment.</li>
 *   <li><b>Expiry.</b> A put may carry an expiry instant (feature {@link KvFeature#TTL}).
 *       From that instant on, by the store's clock, the entry is invisible to every read
 *       (get, scan, count, checks); it is removed physically in the background.
 *       {@link #scanWithExpiry} reports the expiry instant of each live entry.</li>
 *   <li><b>Features.</b> {@link #features()} says what the backend does natively. A call that
 *       needs a missing feature throws {@link UnsupportedFeatureException} and changes
 *       nothing.</li>
 *   <li><b>Limits.</b> {@link KvLimits}, {@link #maxKeyBytes()}, {@link #maxValueBytes()}; a violation is an {@link IllegalArgumentException}
 *       naming the size and the limit, and changes nothing.</li>
 *   <li><b>Threads.</b> Every method is thread-safe. Calls block; they suit virtual threads.</li>
 *   <li><b>Close.</b> {@link #close()} waits for writes in flight; any later call throws
 *       {@link StoreException} of kind {@link StoreException.Kind#CLOSED}. Closing twice is
 *       harmless.</li>
 * </ul>
 * Failures of the backend itself are {@link StoreException}s.
 */
public interface KvStore extends AutoCloseable {

  /** A short name of the store for messages, such as {@code sqlite:/data/chatstore.db}. */
  String name();

  /** What the store does natively. */
  Set<KvFeature> features();

  /** The longest key this store accepts: {@link KvLimits#MAX_KEY_BYTES}, less for views. */
  default int maxKeyBytes() {
    return KvLimits.MAX_KEY_BYTES;
  }

  /** The largest value this store accepts: {@link KvLimits#MAX_VALUE_BYTES}, less for views. */
  default int maxValueBytes() {
    return KvLimits.MAX_VALUE_BYTES;
  }

  /** The value of {@code key}, or {@code null} when it is absent or expired. */
  byte[] get(byte[] key);

  /**
   * The values of many keys, read in one call from one consistent state: element {@code i} of
   * the result is the value of {@code keys.get(i)}, or {@code null} when absent. Duplicate keys
   * are allowed.
   */
  List<byte[]> getAll(List<byte[]> keys);

  /**
   * Up to {@code limit} entries of {@code range}, in {@code direction}, and the continuation
   * ({@link ScanPage#rest()}) from which to ask for the next page. Each page is read from one
   * consistent state; nothing is held between pages.
   *
   * @throws UnsupportedFeatureException for {@link Direction#DESCENDING} without
   *     {@link KvFeature#REVERSE_SCAN}
   */
  ScanPage scan(KeyRange range, Direction direction, int limit);

  /**
   * Like {@link #scan}, and each entry also carries its expiry instant
   * ({@link KvEntry#expiresAtMillis()}, to the millisecond; {@link KvEntry#NO_EXPIRY} for an
   * entry without one): what a copy of the store (export, migration) needs to keep expiring
   * entries expiring. Plain scans do not report expiry, because some backends need extra work
   * per entry to find it.
   *
   * <p>The default serves a store without {@link KvFeature#TTL}, where no entry can expire, by
   * a plain scan; a store with it must override this method, else the default refuses rather
   * than report expiring entries as permanent.
   *
   * @throws UnsupportedFeatureException for {@link Direction#DESCENDING} without
   *     {@link KvFeature#REVERSE_SCAN}
   * @throws UnsupportedOperationException when the store has {@link KvFeature#TTL} but cannot
   *     report expiry instants
   */
  default ScanPage scanWithExpiry(KeyRange range, Direction direction, int limit) {
    if (features().contains(KvFeature.TTL)) {
      throw new UnsupportedOperationException(name() + " has expiring entries but cannot report"
          + " their expiry instants (it does not implement scanWithExpiry)");
    }
    return scan(range, direction, limit);
  }

  /** The number of live entries in {@code range}. */
  long count(KeyRange range);

  /**
   * Applies {@code batch} atomically and returns when it is durable.
   *
   * @return {@code true} when applied; {@code false} when a {@link WriteOp.Check} failed and
   *     nothing was applied (always {@code true} for a batch without checks)
   * @throws IllegalArgumentException when an operation breaks a limit (nothing applied)
   * @throws UnsupportedFeatureException when an operation needs a missing feature
   */
  boolean write(WriteBatch batch);

  /**
   * Queues {@code batch} and returns a future that completes, with the same result as
   * {@link #write}, when the batch is durable, or completes exceptionally with its error.
   * Validation errors are thrown at once. When the write queue is full, this call waits for
   * room: a producer faster than the disk slows down instead of growing memory.
   */
  CompletableFuture<Boolean> writeAsync(WriteBatch batch);

  /**
   * Removes expired entries physically now and returns how many it removed. A background
   * sweeper calls this periodically; expired entries are invisible to reads either way. A store
   * without {@link KvFeature#TTL} returns 0.
   */
  long sweepExpired();

  /** Waits for writes in flight, then releases every resource. */
  @Override
  void close();

  /** Sets one key. */
  default void put(byte[] key, byte[] value) {
    write(WriteBatch.builder().put(key, value).build());
  }

  /** Removes one key (absent is fine). */
  default void delete(byte[] key) {
    write(WriteBatch.builder().delete(key).build());
  }

  /**
   * Every entry of {@code range}, read lazily page by page ({@code pageSize} entries each).
   * Pages are separate reads: a write between two pages may or may not be seen.
   */
  default Stream<KvEntry> stream(KeyRange range, Direction direction, int pageSize) {
    return pages(range, direction, pageSize, false);
  }

  /**
   * Like {@link #stream}, read with {@link #scanWithExpiry}: each entry carries its expiry.
   */
  default Stream<KvEntry> streamWithExpiry(KeyRange range, Direction direction, int pageSize) {
    return pages(range, direction, pageSize, true);
  }

  private Stream<KvEntry> pages(KeyRange range, Direction direction, int pageSize,
      boolean withExpiry) {
    KvLimits.checkScanLimit(pageSize);
    Iterator<KvEntry> it = new Iterator<>() {
      private KeyRange rest = range;
      private Iterator<KvEntry> page = List.<KvEntry>of().iterator();

      @Override
      public boolean hasNext() {
        while (!page.hasNext() && rest != null) {
          ScanPage p = withExpiry ? scanWithExpiry(rest, direction, pageSize)
              : scan(rest, direction, pageSize);
          page = p.entries().iterator();
          rest = p.rest();
        }
        return page.hasNext();
      }

      @Override
      public KvEntry next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        return page.next();
      }
    };
    return StreamSupport.stream(
        Spliterators.spliteratorUnknownSize(it, Spliterator.ORDERED | Spliterator.NONNULL), false);
  }

  /** Every entry of {@code range} in ascending order, collected into a list. */
  default List<KvEntry> scanAll(KeyRange range) {
    List<KvEntry> out = new ArrayList<>();
    stream(range, Direction.ASCENDING, 1000).forEach(out::add);
    return out;
  }
}
