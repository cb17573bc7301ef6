package dev.chatstore.redis;

import dev.chatstore.cache.CacheStore;
import dev.chatstore.tck.cache.CacheStoreConformanceSuite;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The cache contract on the local Redis server, each test under its own key prefix
 * {@code {namespace}:cache}, which the test target removes and checks afterwards. Expiry is
 * Redis's own, so time passes for real.
 */
class RedisCacheStoreConformanceTest extends CacheStoreConformanceSuite {
  @RegisterExtension
  static final RedisTarget REDIS = RedisTarget.standalone();

  @Override
  protected CacheStore open() {
    return RedisCacheStore.open(REDIS.uri(), "{" + REDIS.namespace() + "}:cache");
  }
}
