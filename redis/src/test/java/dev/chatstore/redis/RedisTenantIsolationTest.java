package dev.chatstore.redis;

import dev.chatstore.kv.KvStore;
import dev.chatstore.kv.StoreOptions;
import dev.chatstore.tck.TenantIsolationSuite;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Tenant isolation with adversarial ids on {@link RedisKvStore}, against the local Redis server,
 * each test in its own key prefix.
 */
class RedisTenantIsolationTest extends TenantIsolationSuite {
  @RegisterExtension
  static final RedisTarget REDIS = RedisTarget.standalone();

  @Override
  protected KvStore open(Path dir, StoreOptions options) {
    return RedisKvStore.open(REDIS.uri(), options);
  }
}
