package dev.chatstore.tck;

import dev.chatstore.keyspace.Features;
import dev.chatstore.kv.KvFeature;
import dev.chatstore.kv.KvStore;
import dev.chatstore.kv.StoreOptions;
import dev.chatstore.memory.MemoryKvStore;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Set;

/**
 * The keyspace layer's emulation of missing features: a memory store declaring none, filled by
 * {@link Features#fill}, must pass the whole contract with expiry, range deletes and reverse
 * scans, exactly as a backend that has them natively.
 */
class FilledMemoryKvConformanceTest extends KvStoreConformanceSuite {

  @Override
  protected KvStore open(Path dir, StoreOptions options) {
    return Features.fill(new MemoryKvStore(options, Set.of()), options);
  }

  @Override
  protected Set<KvFeature> expectedFeatures() {
    return EnumSet.of(KvFeature.TTL, KvFeature.RANGE_DELETE, KvFeature.REVERSE_SCAN);
  }
}
