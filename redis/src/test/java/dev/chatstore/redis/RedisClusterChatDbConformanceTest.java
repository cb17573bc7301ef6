package dev.chatstore.redis;

import dev.chatstore.ChatStore;
import dev.chatstore.kv.StoreOptions;
import dev.chatstore.tck.chat.ChatDbConformanceSuite;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The whole chat database contract on {@link RedisKvStore} against a real local Redis Cluster of
 * three masters: each tenant lives in one hash slot, so its atomic writes stay atomic.
 */
class RedisClusterChatDbConformanceTest extends ChatDbConformanceSuite {
  @RegisterExtension
  static final RedisTarget CLUSTER = RedisTarget.cluster();

  @Override
  protected ChatStore open(Path dir, Clock clock) {
    return ChatStore.on(RedisKvStore.open(CLUSTER.uri(), StoreOptions.defaults().withClock(clock)));
  }
}
