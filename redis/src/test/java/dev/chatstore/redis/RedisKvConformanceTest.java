package dev.chatstore.redis;

import dev.chatstore.kv.KvFeature;
import dev.chatstore.kv.KvStore;
import dev.chatstore.kv.StoreOptions;
import dev.chatstore.tck.KvStoreConformanceSuite;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The whole {@link KvStore} contract on {@link RedisKvStore} against the local Redis server
 * ({@code CHATSTORE_TEST_REDIS_URL}, default {@code redis://127.0.0.1:6379}), each test in its
 * own key prefix, removed afterwards. The kit's manual clock differs from the server's, so this
 * runs the store's own expiry (invisible by the store clock, swept by the store).
 */
class RedisKvConformanceTest extends KvStoreConformanceSuite {
  @RegisterExtension
  static final RedisTarget REDIS = RedisTarget.standalone();

  @Override
  protected KvStore open(Path dir, StoreOptions options) {
    return RedisKvStore.open(REDIS.uri(), options);
  }

  @Override
  protected Set<KvFeature> expectedFeatures() {
    return EnumSet.allOf(KvFeature.class);
  }
}
