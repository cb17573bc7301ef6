package dev.chatstore.tck;

import dev.chatstore.ChatStore;
import dev.chatstore.crypto.EncryptionConfig;
import dev.chatstore.crypto.KeyProvider;
import dev.chatstore.keyspace.Area;
import dev.chatstore.kv.KvFeature;
import dev.chatstore.kv.KvStore;
import dev.chatstore.kv.StoreOptions;
import dev.chatstore.kv.WriteBatch;
import dev.chatstore.memory.MemoryKvStore;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * An encrypted area is still a complete {@link KvStore}: the whole contract (checks, expiry, range
 * deletes, scans, limits) holds through a tenant's {@link Area#CREDENTIALS} view of a store that
 * encrypts it, beside neighbouring tenants' encrypted and plain keys.
 */
class EncryptedAreaKvConformanceTest extends KvStoreConformanceSuite {
  static final KeyProvider KEYS = KeyProvider.of("k1", Map.of("k1", new byte[32]));

  @Override
  protected KvStore open(Path dir, StoreOptions options) {
    ChatStore store = ChatStore.on(new MemoryKvStore(options),
        EncryptionConfig.of(KEYS, Area.CREDENTIALS, Area.SIGNAL));
    for (String id : new String[] {"t\0", "s", "u"}) {
      store.tenant(id).area(Area.CREDENTIALS).write(WriteBatch.builder()
          .put(new byte[0], new byte[] {1}).put(new byte[] {(byte) 0xFF}, new byte[] {2}).build());
    }
    store.tenant("t").area(Area.APP).put(new byte[0], new byte[] {3});
    return new TenantAreaKvConformanceTest.OwningView(store.tenant("t").area(Area.CREDENTIALS),
        store);
  }

  @Override
  protected Set<KvFeature> expectedFeatures() {
    return EnumSet.of(KvFeature.TTL, KvFeature.RANGE_DELETE, KvFeature.REVERSE_SCAN);
  }
}
