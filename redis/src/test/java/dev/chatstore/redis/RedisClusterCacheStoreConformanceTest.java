package dev.chatstore.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatstore.cache.CacheStore;
import dev.chatstore.tck.cache.CacheStoreConformanceSuite;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.ScanArgs;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The cache contract on the local three-master Redis Cluster. The key prefix has no hash tag, so
 * a namespace's entries spread over the masters and clear and count scan all of them.
 */
class RedisClusterCacheStoreConformanceTest extends CacheStoreConformanceSuite {
  @RegisterExtension
  static final RedisTarget REDIS = RedisTarget.cluster();

  private String prefix;

  @Override
  protected CacheStore open() {
    prefix = REDIS.namespace() + "-cache";
    return RedisCacheStore.open(REDIS.uri(), prefix);
  }

  @Override
  protected void close(CacheStore store) {
    super.close(store);
    List<byte[]> left = new ArrayList<>();
    ScanArgs args = ScanArgs.Builder.matches(RedisCacheStore.glob(prefix) + ":*").limit(1000);
    KeyScanCursor<byte[]> c = REDIS.raw().scan(args);
    left.addAll(c.getKeys());
    while (!c.isFinished()) {
      c = REDIS.raw().scan(c, args);
      left.addAll(c.getKeys());
    }
    for (byte[] k : left) {
      REDIS.raw().unlink(k);
    }
    assertThat(left).as("keys the test left under " + prefix).isEmpty();
  }
}
