package dev.chatstore.sqlite;

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

/**
 * The whole engine contract on {@link KvEngine} over the embedded default, {@link SqliteKvStore}
 * with default settings: one session per tenant of a {@link ChatStore} kept in
 * {@code dir/chatstore.db}; reopening opens the same file.
 */
class SqliteEngineConformanceTest extends EngineConformanceSuite {

  @Override
  protected EngineHost open(Path dir, Clock clock) {
    ChatStore store = ChatStore.on(SqliteKvStore.open(dir, SqliteOptions.defaults(),
        StoreOptions.defaults().withClock(clock)));
    return EngineHost.of(session -> KvEngine.of(store, session, clock), store);
  }

  @Override
  protected Set<EngineCapability> capabilities() {
    return EnumSet.allOf(EngineCapability.class);
  }
}
