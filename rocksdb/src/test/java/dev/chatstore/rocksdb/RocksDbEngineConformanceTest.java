package dev.chatstore.rocksdb;

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

/** The whole engine contract on {@link KvEngine} over {@link RocksDbKvStore}; reopen opens the same directory. */
class RocksDbEngineConformanceTest extends EngineConformanceSuite {

  @Override
  protected EngineHost open(Path dir, Clock clock) {
    ChatStore store = ChatStore.on(RocksDbKvStore.open(dir.resolve("db"), RocksDbOptions.defaults(),
        StoreOptions.defaults().withClock(clock)));
    return EngineHost.of(session -> KvEngine.of(store, session, clock), store);
  }

  @Override
  protected Set<EngineCapability> capabilities() {
    return EnumSet.allOf(EngineCapability.class);
  }
}
