package dev.chatstore.tck;

import dev.chatstore.ChatStore;
import dev.chatstore.keyspace.Area;
import dev.chatstore.kv.Direction;
import dev.chatstore.kv.KeyRange;
import dev.chatstore.kv.KvFeature;
import dev.chatstore.kv.KvStore;
import dev.chatstore.kv.ScanPage;
import dev.chatstore.kv.StoreOptions;
import dev.chatstore.kv.WriteBatch;
import dev.chatstore.memory.MemoryKvStore;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * A tenant's area view is itself a complete {@link KvStore}: the whole contract holds through
 * it, on a store where neighbouring tenants ("t\0", "t\0\0", "s", "u") and the tenant's other
 * areas hold keys at the edges of its range (empty keys, 0x00 and 0xFF keys), which it must
 * never see, count or delete.
 */
class TenantAreaKvConformanceTest extends KvStoreConformanceSuite {
  private static final List<String> NEIGHBOURS = List.of("t\0", "t\0\0", "s", "u", "t\u00ff");

  @Override
  protected KvStore open(Path dir, StoreOptions options) {
    ChatStore store = ChatStore.on(new MemoryKvStore(options));
    for (String id : NEIGHBOURS) {
      fillEdges(store.tenant(id).area(Area.APP));
    }
    fillEdges(store.tenant("t").area(Area.ENGINE));
    fillEdges(store.tenant("t").area(Area.DEVICE));
    return new OwningView(store.tenant("t").area(Area.APP), store);
  }

  private static void fillEdges(KvStore area) {
    area.write(WriteBatch.builder().put(new byte[0], new byte[] {1})
        .put(new byte[] {0}, new byte[] {2}).put(new byte[] {(byte) 0xFF}, new byte[] {3})
        .put(new byte[] {(byte) 0xFF, (byte) 0xFF}, new byte[] {4}).build());
  }

  @Override
  protected Set<KvFeature> expectedFeatures() {
    return EnumSet.of(KvFeature.TTL, KvFeature.RANGE_DELETE, KvFeature.REVERSE_SCAN);
  }

  /** The area view, closing the store it belongs to when closed (the kit closes its stores). */
  record OwningView(KvStore view, ChatStore owner) implements KvStore {
    @Override
    public String name() {
      return view.name();
    }

    @Override
    public Set<KvFeature> features() {
      return view.features();
    }

    @Override
    public int maxKeyBytes() {
      return view.maxKeyBytes();
    }

    @Override
    public int maxValueBytes() {
      return view.maxValueBytes();
    }

    @Override
    public byte[] get(byte[] key) {
      return view.get(key);
    }

    @Override
    public List<byte[]> getAll(List<byte[]> keys) {
      return view.getAll(keys);
    }

    @Override
    public ScanPage scan(KeyRange range, Direction direction, int limit) {
      return view.scan(range, direction, limit);
    }

    @Override
    public ScanPage scanWithExpiry(KeyRange range, Direction direction, int limit) {
      return view.scanWithExpiry(range, direction, limit);
    }

    @Override
    public long count(KeyRange range) {
      return view.count(range);
    }

    @Override
    public boolean write(WriteBatch batch) {
      return view.write(batch);
    }

    @Override
    public CompletableFuture<Boolean> writeAsync(WriteBatch batch) {
      return view.writeAsync(batch);
    }

    @Override
    public long sweepExpired() {
      return view.sweepExpired();
    }

    @Override
    public void close() {
      owner.close();
    }
  }
}
