package dev.chatstore.postgres;

import dev.chatstore.ChatStore;
import dev.chatstore.engine.KvEngine;
import dev.chatstore.kv.StoreOptions;
import dev.chatstore.tck.engine.EngineCapability;
import dev.chatstore.tck.engine.EngineConformanceSuite;
import dev.chatstore.tck.engine.EngineHost;
import java.nio.file.Path;
import java.time.Clock;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The whole engine contract on {@link KvEngine} over {@link PostgresKvStore} against the shared
 * test server: each test its own table (a reopen finds the same one), dropped afterwards.
 */
class PostgresEngineConformanceTest extends EngineConformanceSuite {
  @RegisterExtension
  static final PostgresTestServer PG = new PostgresTestServer();

  private final Map<Path, String> tables = new HashMap<>();

  @Override
  protected EngineHost open(Path dir, Clock clock) {
    String table = tables.computeIfAbsent(dir, d -> PG.newTable("engine"));
    ChatStore store = ChatStore.on(PostgresKvStore.open(PostgresTestServer.uri(table),
        StoreOptions.defaults().withClock(clock)));
    return EngineHost.of(session -> KvEngine.of(store, session, clock), store);
  }

  @Override
  protected Set<EngineCapability> capabilities() {
    return EnumSet.allOf(EngineCapability.class);
  }
}
