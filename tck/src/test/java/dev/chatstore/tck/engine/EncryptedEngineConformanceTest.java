package dev.chatstore.tck.engine;

import dev.chatstore.ChatStore;
import dev.chatstore.crypto.EncryptionConfig;
import dev.chatstore.crypto.KeyProvider;
import dev.chatstore.engine.KvEngine;
import dev.chatstore.keyspace.Area;
import dev.chatstore.kv.StoreOptions;
import dev.chatstore.memory.MemoryKvStore;
import java.nio.file.Path;
import java.time.Clock;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The whole engine contract on {@link KvEngine} in an encrypted {@link Area#ENGINE} area: every
 * document, index entry and creation version is sealed, and the engine cannot tell.
 */
class EncryptedEngineConformanceTest extends EngineConformanceSuite {

  @Override
  protected EngineHost open(Path dir, Clock clock) {
    KeyProvider keys = KeyProvider.of("engine-1", Map.of("engine-1", new byte[32]));
    ChatStore store = ChatStore.on(new MemoryKvStore(StoreOptions.defaults().withClock(clock)),
        EncryptionConfig.of(keys, Area.ENGINE));
    return EngineHost.of(session -> KvEngine.of(store, session, clock), store);
  }

  @Override
  protected Set<EngineCapability> capabilities() {
    return EnumSet.of(EngineCapability.TTL, EngineCapability.NESTED_VALUES);
  }
}
