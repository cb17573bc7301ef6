package dev.chatstore.redis;

import dev.chatstore.ChatStore;
import dev.chatstore.kv.StoreOptions;
import dev.chatstore.tck.chat.ChatDbConformanceSuite;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The whole chat database contract on {@link RedisKvStore} on the shared standalone test
 * server, each test under its own key prefix.
 */
class RedisChatDbConformanceTest extends ChatDbConformanceSuite {
  @RegisterExtension
  static final RedisTarget REDIS = RedisTarget.standalone();

  @Override
  protected ChatStore open(Path dir, Clock clock) {
    return ChatStore.on(RedisKvStore.open(REDIS.uri(), StoreOptions.defaults().withClock(clock)));
  }
}
