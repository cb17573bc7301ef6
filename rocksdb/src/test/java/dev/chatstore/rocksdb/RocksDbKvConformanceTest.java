package dev.chatstore.rocksdb;

import dev.chatstore.kv.KvFeature;
import dev.chatstore.kv.KvStore;
import dev.chatstore.kv.StoreOptions;
import dev.chatstore.tck.KvStoreConformanceSuite;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Set;

/**
 * The whole {@link KvStore} contract on {@link RocksDbKvStore} with default RocksDB settings
 * (no fsync per commit, ZSTD, 10-bit Bloom filters): the database lives in {@code dir/db} and
 * reopening opens the same directory.
 */
class RocksDbKvConformanceTest extends KvStoreConformanceSuite {

  @Override
  protected KvStore open(Path dir, StoreOptions options) {
    return RocksDbKvStore.open(dir.resolve("db"), RocksDbOptions.defaults(), options);
  }

  @Override
  protected Set<KvFeature> expectedFeatures() {
    return EnumSet.allOf(KvFeature.class);
  }
}
