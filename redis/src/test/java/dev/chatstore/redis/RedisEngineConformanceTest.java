package dev.chatstore.redis;

import dev.chatstore.ChatStore;
import dev.chatstore.engine.KvEngine;
import dev.chatstore.kv.StoreOptions;
import dev.chatstore.tck.engine.EngineCapability;
import dev.chatstore.tck.engine.EngineConformanceSuite;
import dev.chatstore.tck.engine.EngineHost;
import java.nio.file.Path;
import java.time.Clock;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The whole engine contract on {@link KvEngine} over {@link RedisKvStore} on the shared test
 * server, each test under its own key prefix (a reopen within the test finds the same one).
 */
class RedisEngineConformanceTest extends EngineConformanceSuite {
  @RegisterExtension
  static final RedisTarget REDIS = RedisTarget.standalone();

  @Override
  protected EngineHost open(Path dir, Clock clock) {
    ChatStore store = ChatStore.on(RedisKvStore.open(REDIS.uri(),
        StoreOptions.defaults().withClock(clock)));
    return EngineHost.of(session -> KvEngine.of(store, session, clock), store);
  }

  @Override
  protected Set<EngineCapability> capabilities() {
    return EnumSet.allOf(EngineCapability.class);
  }
}
