package dev.chatstore.tck;

import dev.chatstore.kv.KvFeature;
import dev.chatstore.kv.KvStore;
import dev.chatstore.kv.StoreOptions;
import dev.chatstore.memory.MemoryKvStore;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Set;

/** The memory backend with every feature it has: all but {@link KvFeature#PERSISTENT}. */
class MemoryKvConformanceTest extends KvStoreConformanceSuite {

  @Override
  protected KvStore open(Path dir, StoreOptions options) {
    return new MemoryKvStore(options);
  }

  @Override
  protected Set<KvFeature> expectedFeatures() {
    return EnumSet.of(KvFeature.TTL, KvFeature.RANGE_DELETE, KvFeature.REVERSE_SCAN);
  }
}
