package dev.chatstore.tck;

import dev.chatstore.kv.KvFeature;
import dev.chatstore.kv.KvStore;
import dev.chatstore.kv.StoreOptions;
import dev.chatstore.memory.MemoryKvStore;
import java.nio.file.Path;
import java.util.Set;

/**
 * The memory backend declaring no optional feature, so that the {@link WhenAbsent} tests run:
 * descending scans, range deletes and expiring puts must be refused, changing nothing.
 */
class MemoryWithoutFeaturesKvConformanceTest extends KvStoreConformanceSuite {

  @Override
  protected KvStore open(Path dir, StoreOptions options) {
    return new MemoryKvStore(options, Set.of());
  }

  @Override
  protected Set<KvFeature> expectedFeatures() {
    return Set.of();
  }
}
