package dev.chatstore.postgres;

import dev.chatstore.ChatStore;
import dev.chatstore.kv.StoreOptions;
import dev.chatstore.tck.signal.BackendConformanceSuite;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The stores of specification 001 on {@link PostgresKvStore} against the shared test server:
 * each test its own table (a reopen finds the same one), dropped afterwards.
 */
class PostgresBackendConformanceTest extends BackendConformanceSuite {
  @RegisterExtension
  static final PostgresTestServer PG = new PostgresTestServer();

  private final Map<Path, String> tables = new HashMap<>();

  @Override
  protected ChatStore open(Path dir) {
    String table = tables.computeIfAbsent(dir, d -> PG.newTable("signal"));
    return ChatStore.on(PostgresKvStore.open(PostgresTestServer.uri(table),
        StoreOptions.defaults()));
  }

  @Override
  public boolean persistent() {
    return true;
  }
}
