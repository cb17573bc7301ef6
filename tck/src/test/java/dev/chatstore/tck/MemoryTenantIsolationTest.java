package dev.chatstore.tck;

import dev.chatstore.kv.KvStore;
import dev.chatstore.kv.StoreOptions;
import dev.chatstore.memory.MemoryKvStore;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Nested;

/**
 * Tenant isolation with adversarial ids on the memory backend, and again on a memory store with
 * no native feature (expiry, range deletes and reverse scans emulated by the keyspace layer).
 */
class MemoryTenantIsolationTest extends TenantIsolationSuite {
  @Override
  protected KvStore open(Path dir, StoreOptions options) {
    return new MemoryKvStore(options);
  }

  /** The same on a store whose features are all emulated. */
  @Nested
  class WithoutNativeFeatures extends TenantIsolationSuite {
    @Override
    protected KvStore open(Path dir, StoreOptions options) {
      return new MemoryKvStore(options, Set.of());
    }
  }
}
