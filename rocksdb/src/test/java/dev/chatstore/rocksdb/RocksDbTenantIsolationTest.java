package dev.chatstore.rocksdb;

import dev.chatstore.kv.KvStore;
import dev.chatstore.kv.StoreOptions;
import dev.chatstore.tck.TenantIsolationSuite;
import java.nio.file.Path;

/** Tenant isolation with adversarial ids on {@link RocksDbKvStore}. */
class RocksDbTenantIsolationTest extends TenantIsolationSuite {
  @Override
  protected KvStore open(Path dir, StoreOptions options) {
    return RocksDbKvStore.open(dir.resolve("db"), RocksDbOptions.defaults(), options);
  }
}
