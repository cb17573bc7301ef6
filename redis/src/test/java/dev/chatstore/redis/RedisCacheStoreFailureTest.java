package dev.chatstore.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chatstore.cache.CacheCodec;
import dev.chatstore.cache.TypedCache;
import dev.chatstore.kv.StoreException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Redis cache whose server is not there: the store reports CONNECTION errors, and a
 * TypedCache over it is a miss, never an exception; once a server is back, the same objects
 * work again. Only servers this test starts itself are stopped.
 */
class RedisCacheStoreFailureTest {
  private static final String QUICK = "?timeoutMs=300&connectTimeoutMs=100&prefix=cst-cachefail";
  /** Time enough for a first connection on a busy machine; the outage is detected anyway. */
  private static final String PATIENT = "?timeoutMs=3000&connectTimeoutMs=2000"
      + "&prefix=cst-cachefail";

  @Test
  @Timeout(60)
  void aClosedPort_makesTheStoreFail_andTheTypedCacheMiss() throws Exception {
    int port = RedisProcess.freePort(); // nothing listens there
    try (RedisCacheStore store = RedisCacheStore.open("redis://127.0.0.1:" + port + QUICK)) {
      assertThat(store.prefix()).isEqualTo("cst-cachefail:cache");
      TypedCache<String, String> cache = TypedCache.fromStore(store, "group",
          Duration.ofMinutes(1), CacheCodec.utf8());
      cache.insert("g", "meta");
      assertThat(cache.get("g")).isEmpty();
      cache.invalidate("g");
      cache.clear();
      assertThat(cache.entryCount()).isZero();
      assertThatThrownBy(() -> store.get("group", "g")).isInstanceOf(StoreException.class)
          .satisfies(e -> assertThat(((StoreException) e).kind())
              .isEqualTo(StoreException.Kind.CONNECTION));
    }
  }

  @Test
  @Timeout(120)
  void aServerThatGoesAway_isAMiss_andTheSameCacheWorksOnceItIsBack(@TempDir Path dir)
      throws Exception {
    if (!RedisProcess.binariesAvailable()) {
      RedisTarget.missing("redis-server is not on the PATH, so this test cannot start its own");
    }
    int port = RedisProcess.freePort();
    Process server = RedisProcess.start(dir, port, "--save", "", "--appendonly", "no");
    try (RedisCacheStore store = RedisCacheStore.open("redis://127.0.0.1:" + port + PATIENT)) {
      RedisProcess.awaitPong(port, server);
      TypedCache<String, String> cache = TypedCache.fromStore(store, "group", null,
          CacheCodec.utf8());
      cache.insert("g", "meta");
      assertThat(cache.get("g")).contains("meta");

      RedisProcess.stop(server);
      assertThat(cache.get("g")).as("a cache whose server is gone is a miss").isEmpty();
      cache.insert("g2", "lost"); // skipped, no exception
      assertThatThrownBy(() -> store.get("group", "g")).isInstanceOf(StoreException.class);

      server = RedisProcess.start(dir, port, "--save", "", "--appendonly", "no");
      RedisProcess.awaitPong(port, server);
      Optional<String> again = Optional.empty();
      long guard = System.nanoTime() + 30_000_000_000L; // reconnection guard, not a speed bound
      while (again.isEmpty() && System.nanoTime() < guard) {
        cache.insert("g", "meta again");
        again = cache.get("g");
        if (again.isEmpty()) {
          Thread.sleep(50);
        }
      }
      assertThat(again).as("the same cache works once the server is back").contains("meta again");
    } finally {
      RedisProcess.stop(server);
    }
  }
}
