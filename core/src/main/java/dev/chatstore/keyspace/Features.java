package dev.chatstore.keyspace;

import dev.chatstore.kv.KvFeature;
import dev.chatstore.kv.KvStore;
import dev.chatstore.kv.StoreOptions;
import java.util.EnumSet;
import java.util.Set;

/**
 * Fills the gaps in a backend's {@link KvFeature features}, once for every backend, so that
 * domain stores can rely on expiry, range deletes and reverse scans everywhere.
 *
 * <ul>
 *   <li>{@link KvFeature#TTL}: each value is stored in a small envelope (one flag byte, and the
 *       expiry instant when there is one); reads drop expired entries; a background sweeper
 *       deletes them with a check that they were not overwritten meanwhile. Counting then reads
 *       the range.</li>
 *   <li>{@link KvFeature#RANGE_DELETE}: the range is read and turned into point deletes inside
 *       the same atomic batch, while other writes through this store wait. The expanded batch
 *       must stay within {@link dev.chatstore.kv.KvLimits#MAX_BATCH_OPS}.</li>
 *   <li>{@link KvFeature#REVERSE_SCAN}: the range is read forward, keeping the last
 *       {@code limit} entries; the cost grows with the size of the range.</li>
 * </ul>
 * {@link KvFeature#PERSISTENT} cannot be emulated. All access to a filled store must go through
 * the filled view (the TTL envelope changes the stored bytes).
 */
public final class Features {
  /** The features {@link #fill} guarantees. */
  public static final Set<KvFeature> FILLABLE =
      Set.copyOf(EnumSet.of(KvFeature.TTL, KvFeature.RANGE_DELETE, KvFeature.REVERSE_SCAN));

  private Features() {}

  /** {@code store} itself when it has every fillable feature, else a view that emulates them. */
  public static KvStore fill(KvStore store) {
    return fill(store, StoreOptions.defaults());
  }

  /**
   * Like {@link #fill(KvStore)}, with the clock and sweep interval of {@code options} for
   * emulated expiry.
   */
  public static KvStore fill(KvStore store, StoreOptions options) {
    if (store.features().containsAll(FILLABLE)) {
      return store;
    }
    return new FilledKvStore(store, options);
  }
}
