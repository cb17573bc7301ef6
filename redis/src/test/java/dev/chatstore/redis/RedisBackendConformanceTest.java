package dev.chatstore.redis;

import dev.chatstore.ChatStore;
import dev.chatstore.kv.StoreOptions;
import dev.chatstore.tck.signal.BackendConformanceSuite;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The stores of specification 001 on {@link RedisKvStore} on the shared test server, each test
 * under its own key prefix (a reopen within the test finds the same one).
 */
class RedisBackendConformanceTest extends BackendConformanceSuite {
  @RegisterExtension
  static final RedisTarget REDIS = RedisTarget.standalone();

  @Override
  protected ChatStore open(Path dir) {
    return ChatStore.on(RedisKvStore.open(REDIS.uri(), StoreOptions.defaults()));
  }

  @Override
  public boolean persistent() {
    return true;
  }
}
