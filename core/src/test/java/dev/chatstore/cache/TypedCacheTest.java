package dev.chatstore.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.chatstore.kv.StoreException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** TypedCache over Caffeine and over failing stores; the bounds of CaffeineCacheStore. */
class TypedCacheTest {

  /** A store whose backend is down: every call fails, as a remote cache's would. */
  private static final class DownStore implements CacheStore {
    final AtomicInteger calls = new AtomicInteger();

    private StoreException down() {
      calls.incrementAndGet();
      return new StoreException(StoreException.Kind.CONNECTION, "cache backend is down");
    }

    @Override
    public Optional<byte[]> get(String namespace, String key) {
      throw down();
    }

    @Override
    public void set(String namespace, String key, byte[] value, Duration ttl) {
      throw down();
    }

    @Override
    public void delete(String namespace, String key) {
      throw down();
    }

    @Override
    public void clear(String namespace) {
      throw down();
    }

    @Override
    public long entryCount(String namespace) {
      throw down();
    }
  }

  @Test
  void aFailingStore_isAMiss_neverAnException() {
    DownStore down = new DownStore();
    TypedCache<String, String> cache = TypedCache.fromStore(down, CacheStores.GROUP,
        Duration.ofMinutes(5), CacheCodec.utf8());
    cache.insert("g1", "meta");
    assertThat(cache.get("g1")).isEmpty();
    cache.invalidate("g1");
    cache.clear();
    cache.invalidateAll();
    assertThat(cache.entryCount()).isZero();
    assertThat(down.calls).hasValue(6);
    assertThatThrownBy(() -> cache.insert(null, "v")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> cache.insert("k", null)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void fromCaffeine_usesTheCacheDirectly() {
    Cache<String, Object> caffeine = Caffeine.newBuilder().maximumSize(100).build();
    TypedCache<String, Object> cache = TypedCache.fromCaffeine(caffeine);
    Object value = new Object();
    cache.insert("k", value);
    assertThat(cache.get("k")).containsSame(value);
    assertThat(caffeine.getIfPresent("k")).isSameAs(value);
    cache.runPendingTasks();
    assertThat(cache.entryCount()).isEqualTo(1);
    cache.invalidate("k");
    assertThat(cache.get("k")).isEmpty();
    cache.insert("a", value);
    cache.invalidateAll();
    assertThat(caffeine.asMap()).isEmpty();
  }

  @Test
  void fromStore_refusesBadSettings() {
    CaffeineCacheStore store = CaffeineCacheStore.create();
    assertThatThrownBy(() -> TypedCache.fromStore(store, "a:b", null, CacheCodec.utf8()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'a:b'");
    assertThatThrownBy(() -> TypedCache.fromStore(store, "a", Duration.ZERO, CacheCodec.utf8()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("TTL");
    assertThatThrownBy(() -> TypedCache.fromStore(null, "a", null, CacheCodec.utf8()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> TypedCache.fromCaffeine(null))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void caffeineStore_staysWithinItsByteBound() {
    long bound = 100_000;
    CaffeineCacheStore store = CaffeineCacheStore.create(bound);
    for (int i = 0; i < 1000; i++) {
      store.set("a", "k" + i, new byte[1000], null);
    }
    store.cleanUp();
    long perEntry = CaffeineCacheStore.ENTRY_OVERHEAD + 1000 + 2 * ("a".length() + 5);
    assertThat(store.entryCount("a")).isPositive().isLessThanOrEqualTo(bound / (perEntry - 8));
    assertThatThrownBy(() -> CaffeineCacheStore.create(0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxBytes 0");
  }

  @Test
  void caffeineStore_copiesValuesInAndOut() {
    CaffeineCacheStore store = CaffeineCacheStore.create();
    byte[] v = {1, 2, 3};
    store.set("a", "k", v, null);
    v[0] = 9;
    byte[] out = store.get("a", "k").orElseThrow();
    assertThat(out).containsExactly(1, 2, 3);
    out[1] = 9;
    assertThat(store.get("a", "k").orElseThrow()).containsExactly(1, 2, 3);
  }

  @Test
  void cacheStores_routeEveryCacheOrEachOne() {
    CaffeineCacheStore shared = CaffeineCacheStore.create();
    CacheStores all = CacheStores.all(shared);
    assertThat(all.group()).isSameAs(shared);
    assertThat(all.deviceRegistry()).isSameAs(shared);
    assertThat(all.lidPn()).isSameAs(shared);
    CacheStores one = CacheStores.none().withLidPn(shared);
    assertThat(one.groupStore()).isEmpty();
    assertThat(one.lidPnStore()).containsSame(shared);
    assertThatThrownBy(() -> CacheStores.all(null)).isInstanceOf(IllegalArgumentException.class);
  }
}
